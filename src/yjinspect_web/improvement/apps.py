from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "yjinspect_web.improvement"
    label = "improvement"
    verbose_name = "Improvement plans"
