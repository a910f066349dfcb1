"""URLs of a person's own account and the second step of signing in."""

from django.urls import path

from yjinspect_web.accounts import views

urlpatterns = [
    path("sign-in/two-factor", views.two_factor_verify, name="two_factor_verify"),
    path("account", views.account, name="account"),
    path("account/password", views.password_change, name="password_change"),
    path("account/two-factor/set-up", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/recovery-codes", views.recovery_codes, name="recovery_codes"),
    path("account/two-factor/remove", views.two_factor_remove, name="two_factor_remove"),
]
