"""A person's own account: the second step of signing in, setting up two-factor sign-in,
recovery codes, and changing their password."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from yjinspect_web.accounts import twofactor
from yjinspect_web.accounts.forms import CodeForm, OwnPasswordForm
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _next(request: HttpRequest) -> str:
    """Where to go on: the page asked for, when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(path: str, request: HttpRequest) -> str:
    return f"{path}?{urlencode({'next': _next(request)})}"


def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "page_title": "Your account",
            "person": user,
            "has_two_factor": twofactor.has_two_factor(user),
            "must_use_two_factor": permissions.must_use_two_factor(user),
            "recovery_codes_left": twofactor.recovery_codes_left(user),
        },
    )


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = _user(request)
    step = twofactor.needs_second_step(user)
    if step is None:
        return redirect(_next(request))
    if step == "enrol":
        return redirect(_with_next("/account/two-factor/set-up", request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(request, user, form.cleaned_data["code"])
        if device is not None:
            if isinstance(device, StaticDevice):
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code. {left} recovery codes are left: "
                    "make new ones in your account if you are running out.",
                )
            return redirect(_next(request))
        form.add_error(
            "code",
            "The code is not right, has been used, or too many tries were made: wait a "
            "moment, then enter the 6-digit code your app shows now, or a recovery code",
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"page_title": "Enter your sign-in code", "form": form, "next": _next(request)},
    )


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the secret), enter its code; the
    recovery codes are shown once, then."""
    user = _user(request)
    if twofactor.has_two_factor(user) and not twofactor.is_verified(user):
        # only a session that passed the second factor may replace it
        return redirect(_with_next("/sign-in/two-factor", request))
    device = twofactor.start_enrolment(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if twofactor.confirm_enrolment(request, user, device, form.cleaned_data["code"]):
            codes = twofactor.new_recovery_codes(user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {
                    "page_title": "Your recovery codes",
                    "codes": codes,
                    "next": _next(request),
                    "just_enrolled": True,
                },
            )
        form.add_error("code", "The code is not right: enter the 6-digit code your app shows now")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "page_title": "Set up two-factor sign-in",
            "form": form,
            "secret": twofactor.base32_secret(device),
            "qr_code": twofactor.qr_code_svg(device),
            "required": permissions.must_use_two_factor(user),
            "next": _next(request),
        },
    )


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    user = _user(request)
    if not twofactor.has_two_factor(user):
        raise PermissionDenied
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "page_title": "Your recovery codes",
            "codes": twofactor.new_recovery_codes(user),
            "next": "/account",
            "just_enrolled": False,
        },
    )


@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if permissions.must_use_two_factor(user):
        raise PermissionDenied
    twofactor.remove(user)
    messages.success(request, "Two-factor sign-in is off.")
    return redirect("account")


def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = OwnPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Your password has been changed.")
        return redirect("account")
    return render(
        request,
        "workspace/form_page.html",
        {
            "page_title": "Change your password",
            "form": form,
            "submit": "Change password",
            "breadcrumbs": [{"text": "Your account", "href": "/account"}],
        },
    )
