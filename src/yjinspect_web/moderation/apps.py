from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "yjinspect_web.moderation"
    label = "moderation"
    verbose_name = "Moderation (double marking)"
