"""The national record's table, the analyst role and the service's Inspectorate reference."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from yjinspect_web.national.models import PublishedRating
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Inspection, Role, Service, User

pytestmark = pytest.mark.django_db


def _inspection(service: Service) -> Inspection:
    return Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        kind=Inspection.Kind.PUBLISHED,
        title="Published",
        fieldwork_start=dt.date(2024, 5, 1),
    )


def test_one_rating_per_standard_of_an_inspection(service: Service) -> None:
    inspection = _inspection(service)
    row = {"inspection": inspection, "service": service, "framework_id": "iyjs-2018"}
    PublishedRating.objects.create(
        **row, standard_id="overall", rating="Good", points=25, year=2024
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedRating.objects.create(
            **row, standard_id="overall", rating="Inadequate", points=3, year=2024
        )


def test_two_services_cannot_share_an_inspectorate_reference(db: None) -> None:
    Service.objects.create(name="A", la_ref="ayjs")
    Service.objects.create(name="B")
    Service.objects.create(name="C")  # many without a reference
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.create(name="D", la_ref="ayjs")


def test_analysts_and_administrators_see_and_import_the_national_record(
    people: dict[str, User],
) -> None:
    analyst = people["analyst"]
    assert Role.ANALYST.label == "National analyst"
    for user in (analyst, people["admin"]):
        assert permissions.can_view_national(user)
        assert permissions.can_import_national(user)
    for name in ("lead", "inspector", "partner", "manager", "board"):
        assert not permissions.can_view_national(people[name])
        assert not permissions.can_import_national(people[name])
