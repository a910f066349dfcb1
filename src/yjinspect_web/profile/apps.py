from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "yjinspect_web.profile"
    label = "profile"
    verbose_name = "Service profiles and surveys"
