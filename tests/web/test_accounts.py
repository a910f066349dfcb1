"""People's own accounts: two-factor sign-in (required for administrators and lead inspectors,
available to everyone, with recovery codes), password rules everywhere, changing one's own
password, and the admin site for administrators. Synthetic people only."""

from __future__ import annotations

import html
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from yjinspect_web.accounts import twofactor
from yjinspect_web.workspace.models import Role, User

from .conftest import PASSWORD

CODE_PAGE = "/sign-in/two-factor"
SET_UP = "/account/two-factor/set-up"


def sign_in(client: Client, username: str, password: str = PASSWORD) -> str:
    """The password step; returns where it sends the person."""
    response = client.post("/sign-in", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def page_text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def wait_out_the_throttle() -> None:
    """After a wrong code, django-otp refuses any code for a second (doubling each time)."""
    time.sleep(1.1)


def shown_secret(page: str) -> str:
    match = re.search(r'<code class="yj-secret">([A-Z2-7]+)</code>', page)
    assert match, "the set-up page shows the secret"
    return match.group(1)


def test_a_lead_inspector_must_enrol_before_using_the_workspace(people: dict[str, User]) -> None:
    client = Client()
    assert sign_in(client, "lead").startswith(f"{SET_UP}?next=")
    for path in ("/inspections", "/account", "/admin/", "/account/password"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{SET_UP}?next="), path
    page = page_text(client.get(SET_UP))
    assert "Administrators and lead inspectors sign in with a password and a code" in page
    assert 'src="data:image/svg+xml' in page  # the QR code
    secret = shown_secret(page)
    assert shown_secret(page_text(client.get(SET_UP))) == secret  # a reload keeps it

    wrong = client.post(SET_UP, {"code": "12345"})
    assert wrong.status_code == 400
    assert 'href="#id_code"' in wrong.content.decode()  # the error summary names the field
    assert client.get("/inspections").status_code == 302
    wait_out_the_throttle()
    done = client.post(f"{SET_UP}?next=/inspections", {"code": twofactor.code_for(secret)})
    text = page_text(done)
    assert "Two-factor sign-in is on" in text
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only now" in text
    assert client.get("/inspections").status_code == 200
    assert "recovery codes" not in page_text(client.get("/account")).split("Two-factor")[0]


def test_an_enrolled_person_enters_a_code_after_the_password(people: dict[str, User]) -> None:
    secret = twofactor.base32_secret(twofactor.enrol(people["lead"]))
    client = Client()
    assert sign_in(client, "lead") == f"{CODE_PAGE}?next=%2F"
    assert client.get("/inspections")["Location"].startswith(CODE_PAGE)
    assert "Enter your sign-in code" in page_text(client.get(CODE_PAGE))
    refused = client.post(CODE_PAGE, {"code": "12345"})
    assert "The code is not right" in page_text(refused)
    assert client.get("/inspections").status_code == 302
    wait_out_the_throttle()
    code = twofactor.code_for(secret)
    response = client.post(CODE_PAGE, {"code": code, "next": "/inspections"})
    assert response["Location"] == "/inspections"
    assert client.get("/inspections").status_code == 200
    # the same code never signs in twice
    again = Client()
    sign_in(again, "lead")
    assert "The code is not right" in page_text(again.post(CODE_PAGE, {"code": code}))


def test_password_alone_cannot_replace_an_enrolled_authenticator(people: dict[str, User]) -> None:
    twofactor.enrol(people["lead"])
    client = Client()
    sign_in(client, "lead")
    response = client.get(SET_UP)
    assert response["Location"].startswith(CODE_PAGE)
    response = client.post(SET_UP, {"code": "123456"})
    assert response["Location"].startswith(CODE_PAGE)


def test_a_recovery_code_signs_in_once(people: dict[str, User]) -> None:
    twofactor.enrol(people["admin"])
    codes = twofactor.new_recovery_codes(people["admin"])
    client = Client()
    sign_in(client, "admin")
    response = client.post(CODE_PAGE, {"code": codes[0].upper(), "next": "/admin/"}, follow=True)
    assert response.status_code == 200
    assert "9 recovery codes are left" in page_text(response)
    assert twofactor.recovery_codes_left(people["admin"]) == 9
    other = Client()
    sign_in(other, "admin")
    assert "The code is not right" in page_text(other.post(CODE_PAGE, {"code": codes[0]}))


def test_new_recovery_codes_replace_the_old_ones(people: dict[str, User]) -> None:
    twofactor.enrol(people["lead"])
    old = twofactor.new_recovery_codes(people["lead"])
    client = Client()
    client.force_login(people["lead"])
    page = page_text(client.post("/account/two-factor/recovery-codes"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    other = Client()
    sign_in(other, "lead")
    assert "The code is not right" in page_text(other.post(CODE_PAGE, {"code": old[1]}))


def test_two_factor_is_optional_for_other_roles(people: dict[str, User]) -> None:
    client = Client()
    assert sign_in(client, "inspector") == "/"
    assert client.get("/inspections").status_code == 200
    account = page_text(client.get("/account"))
    assert "Set up two-factor sign-in" in account
    secret = shown_secret(page_text(client.get(SET_UP)))
    client.post(SET_UP, {"code": twofactor.code_for(secret)})
    assert twofactor.has_two_factor(people["inspector"])
    later = Client()
    assert sign_in(later, "inspector").startswith(CODE_PAGE)
    response = client.post("/account/two-factor/remove")
    assert response["Location"] == "/account"
    assert not twofactor.has_two_factor(people["inspector"])
    assert sign_in(Client(), "inspector") == "/"


def test_a_required_second_factor_cannot_be_turned_off(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["lead"])
    assert client.post("/account/two-factor/remove").status_code == 403
    assert twofactor.has_two_factor(people["lead"])
    assert "cannot be turned off" in page_text(client.get("/account"))


def test_only_a_page_of_this_site_is_a_next_step(people: dict[str, User]) -> None:
    secret = twofactor.base32_secret(twofactor.enrol(people["lead"]))
    client = Client()
    sign_in(client, "lead")
    response = client.post(
        CODE_PAGE, {"code": twofactor.code_for(secret), "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/"


def test_a_half_signed_in_person_can_sign_out(people: dict[str, User]) -> None:
    twofactor.enrol(people["lead"])
    client = Client()
    sign_in(client, "lead")
    assert client.post("/sign-out")["Location"] == "/sign-in"
    assert client.get(CODE_PAGE)["Location"].startswith("/sign-in")


# -- the admin site ------------------------------------------------------------------------


def test_the_admin_site_is_signed_into_like_the_workspace(people: dict[str, User]) -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response["Location"] == "/sign-in?next=/admin/"
    secret = twofactor.base32_secret(twofactor.enrol(people["admin"]))
    client = Client()
    client.post("/sign-in", {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert client.get("/admin/")["Location"].startswith(CODE_PAGE)
    client.post(CODE_PAGE, {"code": twofactor.code_for(secret)})
    assert client.get("/admin/").status_code == 200


def test_staff_status_follows_the_role(people: dict[str, User]) -> None:
    assert people["admin"].is_staff and people["admin"].is_superuser
    assert not any(people[p].is_staff for p in ("lead", "inspector", "manager", "board"))
    inspector = people["inspector"]
    inspector.role = Role.ADMINISTRATOR
    inspector.save(update_fields=["role"])
    inspector.refresh_from_db()
    assert inspector.is_staff and inspector.is_superuser
    people["admin"].role = Role.INSPECTOR
    people["admin"].save()
    people["admin"].refresh_from_db()
    assert not people["admin"].is_staff
    page = Client()
    page.force_login(inspector)
    form = page_text(page.get(f"/admin/workspace/user/{inspector.pk}/change/"))
    assert "Role in the workspace" in form
    assert 'name="is_superuser"' not in form and 'name="is_staff"' not in form


# -- passwords -----------------------------------------------------------------------------


def test_createsuperuser_refuses_a_weak_password(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(os.environ, "DJANGO_SUPERUSER_PASSWORD", "abc")
    with pytest.raises(CommandError, match="too short"):
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "")
    assert not User.objects.filter(username="root").exists()


def test_createsuperuser_makes_an_administrator(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(os.environ, "DJANGO_SUPERUSER_PASSWORD", "a-long-enough-passphrase")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "", verbosity=0)
    root = User.objects.get(username="root")
    assert root.role == Role.ADMINISTRATOR and root.is_staff


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("abc", "too short"),
        ("password1234", "too common"),
        ("831947261504", "entirely numeric"),
        ("inspector-carol", "too similar"),
    ],
)
def test_every_way_of_setting_a_password_applies_the_rules(
    password: str, rule: str, people: dict[str, User]
) -> None:
    inspector = people["inspector"]
    inspector.first_name = "Carol"
    with pytest.raises(ValidationError, match=rule):
        inspector.set_password(password)
    with pytest.raises(ValidationError, match=rule):
        User.objects.create_user("inspector", password=password, first_name="Carol")
    with pytest.raises(ValidationError, match=rule):
        validate_password(password, inspector)
    admin = Client()
    admin.force_login(people["admin"])
    response = admin.post(
        "/admin/workspace/user/add/",
        {
            "username": "inspector-carol",
            "usable_password": "true",
            "password1": password,
            "password2": password,
            "role": Role.INSPECTOR,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="inspector-carol").exists()


def test_a_weak_password_set_before_the_rules_still_signs_in(
    people: dict[str, User], settings: Any
) -> None:
    """A hash upgrade on sign-in re-hashes the same password without judging it again."""
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    User.objects.filter(pk=people["inspector"].pk).update(
        password=make_password("short", hasher="pbkdf2_sha256")
    )
    assert sign_in(Client(), "inspector", "short") == "/"
    assert User.objects.get(pk=people["inspector"].pk).password.startswith("md5$")  # upgraded


def test_a_person_changes_their_own_password(people: dict[str, User]) -> None:
    NEW = "a-new-long-phrase"
    client = Client()
    client.force_login(people["inspector"])
    page = page_text(client.get("/account/password"))
    assert "Change your password" in page and "at least 12 characters" in page
    empty = page_text(client.post("/account/password", {}))
    for message in ("Enter your current password", "Enter a new password"):
        assert message in empty
    assert 'href="#id_old_password"' in empty
    weak = client.post(
        "/account/password",
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert "too short" in page_text(weak)
    assert 'value="abc"' not in weak.content.decode()  # a password is never sent back
    wrong = client.post(
        "/account/password",
        {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW},
    )
    assert "incorrectly" in page_text(wrong)
    done = client.post(
        "/account/password",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert done["Location"] == "/account"
    assert client.get("/inspections").status_code == 200  # still signed in
    assert sign_in(Client(), "inspector", NEW) == "/"


def test_the_readme_way_of_making_a_code_gives_the_apps_code() -> None:
    """README: ``.venv/bin/python -c ...`` prints the code of a base32 secret."""
    import subprocess
    import sys

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    match = re.search(r"python -c '([^']+)' (\S+)", text)
    assert match, "the README shows how to make a code with Python"
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    before = twofactor.code_for(secret)
    out = subprocess.run(
        [sys.executable, "-c", match.group(1), secret], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out in (before, twofactor.code_for(secret))


def test_changes_to_a_second_factor_are_in_the_history(people: dict[str, User]) -> None:
    """Setting up, new recovery codes and switching off are recorded against the person, by
    whom, never with the secret (issue 9: every change made anywhere is recorded)."""
    from yjinspect_web.workspace.models import AuditEvent

    client = Client()
    assert sign_in(client, "inspector") == "/"
    secret = shown_secret(page_text(client.get(SET_UP)))
    client.post(SET_UP, {"code": twofactor.code_for(secret)})
    client.post("/account/two-factor/recovery-codes")
    client.post("/account/two-factor/remove")
    events = AuditEvent.objects.filter(person=people["inspector"], field="Two-factor sign-in")
    assert [e.new for e in events.order_by("id")] == [
        "Authenticator app set up",
        "10 new recovery codes (the earlier ones no longer work)",  # shown when set up
        "10 new recovery codes (the earlier ones no longer work)",  # asked for again
        "Switched off",
    ]
    assert {e.user for e in events} == {people["inspector"]}
    assert not any(secret in (e.new + e.old + e.note) for e in events)
