from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "yjinspect_web.national"
    label = "national"
    verbose_name = "National view"
