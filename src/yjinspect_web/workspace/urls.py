"""URLs of the workspace, grouped by area."""

from django.urls import path

from yjinspect_web.workspace.views import auth

urlpatterns = [
    path("sign-in", auth.SignInView.as_view(), name="login"),
    path("sign-out", auth.sign_out, name="logout"),
]
