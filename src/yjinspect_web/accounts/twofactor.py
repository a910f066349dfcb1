"""Two-factor sign-in with django-otp: an authenticator app (TOTP, RFC 6238: 6 digits every
30 seconds) and single-use recovery codes (django-otp's static tokens).

Who must use it is decided in :func:`yjinspect_web.workspace.permissions.must_use_two_factor`;
the rest of the workspace sees only ``request.user.is_verified()``.
"""

from __future__ import annotations

import base64
import secrets
import time
from functools import cache
from typing import Any

import segno
from django.db import connection, transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.models import Device
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjinspect_web import sql
from yjinspect_web.accounts import backends
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import User

AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"
RECOVERY_CODE_COUNT = 10
STEP = 30  # seconds: django-otp's TOTP default, what authenticator apps use


def has_two_factor(user: User) -> bool:
    """The person has enrolled a second factor (a confirmed authenticator app).

    Asked on every request of everyone signed in without a verified second factor, so in
    plain SQL written once per process (the ORM took longer writing the query each time than
    the database took answering it)."""
    if not user.is_authenticated:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_enrolled_sql(connection.vendor), [user.pk, True])
        return cursor.fetchone() is not None


@cache
def _enrolled_sql(vendor: str) -> str:
    """SELECT 1 FROM TOTPDevice WHERE user = %s AND confirmed = %s, for the database."""
    user, confirmed = sql.column(TOTPDevice, "user"), sql.column(TOTPDevice, "confirmed")
    return f"SELECT 1 FROM {sql.table(TOTPDevice)} WHERE {user} = %s AND {confirmed} = %s LIMIT 1"


def is_verified(user: Any) -> bool:
    """This session has passed the second factor (OTPMiddleware sets ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def needs_second_step(user: User) -> str | None:
    """What a signed-in session must do before using the workspace: "verify" (enter a code),
    "enrol" (set up an authenticator app: required for the role), or None."""
    if not user.is_authenticated or is_verified(user):
        return None
    # read with the person at the start of this request (accounts.backends), else asked now
    enrolled = getattr(user, backends.ENROLLED, None)  # request.user is a lazy proxy
    if enrolled if enrolled is not None else has_two_factor(user):
        return "verify"
    if permissions.must_use_two_factor(user):
        return "enrol"
    return None


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps and ``oathtool --totp -b`` take it."""
    return base64.b32encode(device.bin_key).decode("ascii")


def code_for(secret: str, *, at: float | None = None, step_offset: int = 0) -> str:
    """The 6-digit TOTP code of a base32 secret at a time (now by default), as an app shows."""
    key = base64.b32decode(secret.replace(" ", "").upper())
    counter = int((time.time() if at is None else at) // STEP) + step_offset
    return f"{hotp(key, counter):06d}"


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, an SVG data URI for an <img>."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def start_enrolment(user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the person to add to their app (reused until
    confirmed, so reloading the page keeps the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def enrol(user: User, secret: bytes | None = None) -> TOTPDevice:
    """Enrol an authenticator directly (the demo and tests), replacing any other; confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        key = (secret or secrets.token_bytes(20)).hex()
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, key=key, confirmed=True)
        _recorded(user, "Authenticator app set up")
        return device


def confirm_enrolment(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> bool:
    """The person typed the code their app shows: the authenticator is theirs from now on,
    replacing any earlier one, and this session is verified."""
    if not device.verify_token(clean_code(code)):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _recorded(user, "Authenticator app set up")
    otp_login(request, device)
    return True


def new_recovery_codes(user: User) -> list[str]:
    """Ten new single-use recovery codes, replacing any earlier ones (shown to the person
    once, when made)."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        _recorded(
            user, f"{RECOVERY_CODE_COUNT} new recovery codes (the earlier ones no longer work)"
        )
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def verify(request: HttpRequest, user: User, code: str) -> Device | None:
    """Check a code from the app or a recovery code (used up); on success the session is
    verified. django-otp slows down repeated failures on each device."""
    device = match_token(user, clean_code(code))
    if device is not None:
        otp_login(request, device)
    return device


def remove(user: User) -> None:
    """Switch two-factor sign-in off (only for people whose role does not require it)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _recorded(user, "Switched off")


def _recorded(user: User, what: str) -> None:
    """A change to someone's second factor, in the history of people (never the secret)."""
    from yjinspect_web.audit.tracking import record

    record(user, "change", field="Two-factor sign-in", new=what)
