"""Security settings hold: Argon2, CSRF, a content security policy, secure cookies, throttling."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings
from django.test import Client

from yjinspect_web import settings as settings_module
from yjinspect_web.workspace.models import Inspection, User

from .conftest import PASSWORD, client_for, court_case_of


def test_passwords_are_hashed_with_argon2() -> None:
    # the module itself: tests elsewhere swap in a fast hasher
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("x" * 12, "saltsaltsalt").startswith("argon2$")


def test_csrf_is_enforced(inspection: Inspection, people: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["lead"])
    response = client.post(f"/inspections/{inspection.pk}/judgements/1.1", {"rating": "Good"})
    assert response.status_code == 403


def test_content_security_policy_with_nonce(
    inspection: Inspection, people: dict[str, User]
) -> None:
    response = client_for(people["lead"]).get(f"/inspections/{inspection.pk}")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_secure_and_http_only(people: dict[str, User]) -> None:
    client = Client()
    client.get("/sign-in")
    response = client.post("/sign-in", {"username": "lead", "password": PASSWORD})
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert django_settings.CSRF_COOKIE_SECURE


def test_repeated_failed_sign_ins_are_throttled(people: dict[str, User]) -> None:
    client = Client()
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/sign-in", {"username": "lead", "password": "wrong"})
        assert response.status_code == 400
        assert "Please enter a correct username and password" in response.content.decode()
    response = client.post("/sign-in", {"username": "lead", "password": "wrong"})
    assert response.status_code == 429
    # now even the right password waits: the pair is locked out
    response = client.post("/sign-in", {"username": "lead", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_sign_in_and_out(people: dict[str, User]) -> None:
    client = Client()
    response = client.post("/sign-in", {"username": "inspector", "password": PASSWORD})
    assert response["Location"] == "/"
    assert client.get("/inspections").status_code == 200
    assert client.post("/sign-out").status_code == 302
    assert client.get("/inspections").status_code == 302


def _token(html: str, after: str = "") -> str:
    start = html.index(after) if after else 0
    marker = 'name="csrfmiddlewaretoken" value="'
    token = html[html.index(marker, start) + len(marker) :].split('"')[0]
    assert token, "a form carries an empty CSRF token"
    return token


def test_real_forms_carry_working_csrf_tokens(
    inspection: Inspection, people: dict[str, User]
) -> None:
    """Sign in, save an answer and sign out as a browser would, with CSRF enforced."""
    case = court_case_of(inspection, "C09", rosh="high", safety_wellbeing="high")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/sign-in").content.decode()
    response = client.post(
        "/sign-in",
        {"username": "inspector", "password": PASSWORD, "csrfmiddlewaretoken": _token(page)},
    )
    assert response.status_code == 302
    page = client.get(f"/inspections/{inspection.pk}/cases/{case.pk}").content.decode()
    form = {"question_id": "2.1.1", "value": "yes", "version": "0", "standard": "2.1"}
    saved = client.post(
        f"/inspections/{inspection.pk}/cases/{case.pk}/answer",
        form | {"csrfmiddlewaretoken": _token(page, 'id="q-2.1.1"')},
    )
    assert saved.status_code == 302
    assert case.answers.get(question_id="2.1.1").value == "yes"
    signed_out = client.post("/sign-out", {"csrfmiddlewaretoken": _token(page, "/sign-out")})
    assert signed_out.status_code == 302
    assert client.get("/inspections").status_code == 302


def test_deployment_checklist_is_clean_when_served_over_https(tmp_path: Path) -> None:
    """Django's own deployment checks (secure cookies, HSTS, redirects, secret key...)."""
    env = {
        **os.environ,
        "YJINSPECT_HTTPS": "1",
        "YJINSPECT_DATA_DIR": str(tmp_path),
        "YJINSPECT_SECRET_KEY": secrets.token_urlsafe(50),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for this process only
    done = subprocess.run(
        [sys.executable, "-m", "yjinspect_web.manage", "check", "--deploy", "--fail-level",
         "WARNING"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
