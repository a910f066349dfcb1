"""Fixtures for the workspace: a service, an inspection with its team, cases, and a person of
every role. Synthetic: no real person or child."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjinspect_web.accounts import twofactor
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import (
    Case,
    Inspection,
    PartnerAgency,
    Role,
    Service,
    TeamMember,
    User,
)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests of other things need not pay for it each time.
    test_security.py checks that the real setting hashes with Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def verify_second_factor(client: Client, user: User) -> None:
    """Mark the client's session as past the second factor, as the code page does after a
    right code (enrolling an authenticator for the person if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or twofactor.enrol(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Client.force_login`` skips the sign-in form, so it skips the second factor too: for
    a person who must use one (administrators, lead inspectors) or has one, the session is
    verified as well. Tests of two-factor sign-in itself go through the forms."""
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        if isinstance(user, User) and (
            permissions.must_use_two_factor(user) or twofactor.has_two_factor(user)
        ):
            verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def service(db: None) -> Service:
    return Service.objects.create(name="Northtown YJS", local_authority="Northtown")


@pytest.fixture
def other_service(db: None) -> Service:
    return Service.objects.create(name="Southtown YJS", local_authority="Southtown")


def make_user(username: str, role: str, **extra: object) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


@pytest.fixture
def people(service: Service, other_service: Service) -> dict[str, User]:
    """One person of each role, named by what they are."""
    return {
        "admin": make_user("admin", Role.ADMINISTRATOR),
        "lead": make_user("lead", Role.LEAD_INSPECTOR),
        "inspector": make_user("inspector", Role.INSPECTOR),
        "outsider": make_user("outsider", Role.INSPECTOR),
        "partner": make_user(
            "partner", Role.PARTNER_INSPECTOR, partner_agency=PartnerAgency.POLICE
        ),
        "manager": make_user("manager", Role.SERVICE_MANAGER, service=service),
        "board": make_user("board", Role.BOARD_VIEWER, service=service),
        "other_manager": make_user("other_manager", Role.SERVICE_MANAGER, service=other_service),
        "analyst": make_user("analyst", Role.ANALYST),
    }


@pytest.fixture
def inspection(service: Service, people: dict[str, User]) -> Inspection:
    inspection = Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        title="Northtown inspection 2026",
        fieldwork_start=dt.date(2026, 5, 4),
    )
    for key, role in (("lead", "lead"), ("inspector", "inspector"), ("partner", "partner")):
        TeamMember.objects.create(inspection=inspection, user=people[key], role=role)
    return inspection


def court_case_of(inspection: Inspection, reference: str, **details: object) -> Case:
    """A court case (a male, white, on a referral order unless ``details`` say otherwise)."""
    fields: dict[str, object] = {
        "case_type": "court",
        "disposal": "referral_order",
        "gender": "male",
        "ethnicity": "white",
        "rosh": "medium",
        "safety_wellbeing": "low",
    }
    return Case.objects.create(inspection=inspection, reference=reference, **(fields | details))


@pytest.fixture
def court_case(inspection: Inspection, people: dict[str, User]) -> Case:
    return court_case_of(inspection, "C01", assigned_inspector=people["inspector"])


@pytest.fixture
def partner_case(inspection: Inspection, people: dict[str, User]) -> Case:
    return court_case_of(
        inspection,
        "C02",
        disposal="youth_rehabilitation_order",
        gender="female",
        ethnicity="mixed",
        rosh="high",
        safety_wellbeing="high",
        assigned_inspector=people["partner"],
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
