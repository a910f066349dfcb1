"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from yjinspect_web.accounts import twofactor
from yjinspect_web.workspace.models import User


class SignInView(LoginView):
    """The password step; the second factor follows (accounts.middleware sends anyone who
    owes it to the code page, or to enrol when their role requires it)."""

    template_name = "workspace/sign_in.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        user = self.request.user
        step = twofactor.needs_second_step(user) if isinstance(user, User) else None
        if step is None:
            return url
        target = "two_factor_verify" if step == "verify" else "two_factor_setup"
        return f"{reverse(target)}?{urlencode({'next': url})}"


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")
