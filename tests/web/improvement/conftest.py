"""Fixtures for the improvement loop: a locked inspection with recommendations, its plan,
and a partner action lead of the service. Synthetic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yjinspect_web.improvement import plans
from yjinspect_web.improvement.models import Plan, Recommendation
from yjinspect_web.workspace.models import Inspection, PartnerAgency, Role, Service, User

from ..conftest import make_user


@pytest.fixture
def partner_lead(service: Service) -> User:
    return make_user(
        "partner_lead",
        Role.PARTNER_LEAD,
        service=service,
        partner_agency=PartnerAgency.HEALTH,
        first_name="Pat",
        last_name="Health",
    )


@pytest.fixture
def other_partner_lead(service: Service) -> User:
    return make_user("other_lead", Role.PARTNER_LEAD, service=service)


@pytest.fixture
def locked(inspection: Inspection, people: dict[str, User]) -> Inspection:
    """The inspection, locked, with three recommendations."""
    for number, (text, audience, concerns) in enumerate(
        [
            ("Plan for contingencies.", "The youth justice service", ["2.2.3"]),
            ("Assess health needs.", "Health", ["2.1.1"]),
            ("Review oversight.", "The youth justice service's executive board", []),
        ],
        start=1,
    ):
        Recommendation.objects.create(
            inspection=inspection, number=number, text=text, audience=audience, concerns=concerns
        )
    inspection.ratings_locked = True
    inspection.locked_at = timezone.now()
    inspection.locked_by = people["lead"]
    inspection.save()
    return inspection


@pytest.fixture
def plan(locked: Inspection, people: dict[str, User]) -> Plan:
    return plans.plan_from_inspection(locked, people["manager"])


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)
