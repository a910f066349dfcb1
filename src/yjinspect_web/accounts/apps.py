from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yjinspect_web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
