from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Bounds on what comes in (uploads, text), caching headers, backup and retention."""

    name = "yjinspect_web.safety"
    label = "safety"
