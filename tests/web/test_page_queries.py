"""A page's database queries do not grow with the inspection: the dashboard, a case, the
inspection page and the list make as many queries for an inspection of 12 cases with every
question answered (and sub-sample decisions, and cases in every review state) as for one of 2
cases, and as many for 12 inspections as for one. An N+1 (a query per case, answer,
inspection or permission check) fails here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yjinspect.cases import asked_question_ids
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    Service,
    SubSampleDecision,
    TeamMember,
    User,
)

from .conftest import client_for, court_case_of

STATES = [Case.State.IN_PROGRESS, Case.State.SUBMITTED, Case.State.QUALITY_ASSURED]
MOST_QUERIES = 25  # any page, for any size of inspection


def _fill(inspection: Inspection, cases: int, lead: User) -> list[Case]:
    made = []
    for number in range(1, cases + 1):
        case = court_case_of(
            inspection,
            f"C{number:02d}",
            rosh=("low", "high")[number % 2],
            state=STATES[number % len(STATES)],
        )
        if number % 3 == 0:
            SubSampleDecision.objects.create(
                case=case,
                sub_sample_id="others_safety_work",
                included=True,
                reason="seen",
                decided_by=lead,
            )
        asked = asked_question_ids(inspection.framework, case.profile)
        Answer.objects.bulk_create(
            Answer(
                case=case,
                question_id=question,
                value=("yes", "no")[i % 2],
                evidence="Seen in the case record.",
                framework_id="iyjs-2018",
                updated_by=lead,
            )
            for i, question in enumerate(sorted(asked))
        )
        made.append(case)
    return made


def _queries(user: User, path: str) -> int:
    client = client_for(user)
    assert client.get(path).status_code == 200  # warm: sessions, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _second_inspection(inspection: Inspection, people: dict[str, User]) -> Inspection:
    other = Inspection.objects.create(
        service=inspection.service,
        framework_id="iyjs-2018",
        title="Bigger inspection",
        fieldwork_start=dt.date(2026, 6, 1),
    )
    for key, role in (("lead", "lead"), ("inspector", "inspector"), ("partner", "partner")):
        TeamMember.objects.create(inspection=other, user=people[key], role=role)
    return other


PAGES: dict[str, Callable[[Inspection, Case], str]] = {
    "dashboard": lambda i, c: f"/inspections/{i.pk}/dashboard",
    "case": lambda i, c: f"/inspections/{i.pk}/cases/{c.pk}",
    "inspection": lambda i, c: f"/inspections/{i.pk}",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["lead", "inspector", "partner", "admin"])
def test_a_page_makes_as_many_queries_for_a_big_inspection_as_for_a_small_one(
    inspection: Inspection, people: dict[str, User], page: str, who: str
) -> None:
    small_cases = _fill(inspection, 2, people["lead"])
    big = _second_inspection(inspection, people)
    big_cases = _fill(big, 12, people["lead"])
    path = PAGES[page]
    small = _queries(people[who], path(inspection, small_cases[0]))
    large = _queries(people[who], path(big, big_cases[0]))
    assert large == small, f"{page}: {small} queries for 2 cases, {large} for 12"
    assert large <= MOST_QUERIES


@pytest.mark.parametrize("who", ["lead", "inspector", "admin", "manager"])
def test_the_list_makes_as_many_queries_for_twelve_inspections_as_for_one(
    inspection: Inspection, people: dict[str, User], who: str
) -> None:
    one = _queries(people[who], "/inspections")
    for number in range(11):
        extra = _second_inspection(inspection, people)
        extra.title = f"Inspection {number}"
        extra.kind = (Inspection.Kind.INSPECTION, Inspection.Kind.SELF_ASSESSMENT)[number % 2]
        extra.service = Service.objects.get_or_create(name=f"Service {number % 3}")[0]
        extra.save()
    assert _queries(people[who], "/inspections") == one <= MOST_QUERIES
