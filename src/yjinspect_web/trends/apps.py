from django.apps import AppConfig


class TrendsConfig(AppConfig):
    name = "yjinspect_web.trends"
    label = "trends"
    verbose_name = "Trends"
