"""A signed-in session that still owes its second factor reaches only the second step."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from yjinspect_web.accounts import twofactor
from yjinspect_web.workspace.models import User

# what a half-signed-in person may open: the second step itself, and signing out
OPEN = {"two_factor_verify", "two_factor_setup", "logout"}


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a person who has enrolled must enter a code, and an
    administrator or lead inspector who has not must enrol, before any other page (the admin
    site included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and (step := twofactor.needs_second_step(user)):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in OPEN:
                target = "two_factor_verify" if step == "verify" else "two_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
