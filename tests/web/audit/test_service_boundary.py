"""Nothing crosses a service's boundary (issue 9): a report compares only with earlier
inspections its reader may see, or published ones; published inspections are recorded by
administrators, recorded in the service's history, and can be withdrawn (kept, never
deleted); a malformed or odd earlier inspection never breaks a report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect_web import reporting
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import (
    AuditEvent,
    Case,
    Inspection,
    Role,
    Service,
    User,
)

from ..conftest import client_for, make_user

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture
def settled(inspection: Inspection, court_case: Case, people: dict[str, User]) -> Inspection:
    """The Northtown 2026 inspection, answered and locked: its figures are its team's."""
    services.save_answer(court_case, "2.1.1", "yes", "", 0, people["lead"])
    inspection.ratings_locked = True
    inspection.save()
    return inspection


def _new_inspection(client: object, service: Service, year: int, **extra: str) -> Inspection:
    data = {
        "service": service.pk,
        "title": f"{service.name} {year}",
        "framework_id": "iyjs-2018",
        "kind": "inspection",
        "fieldwork_start": f"{year}-05-01",
    } | extra
    client.post("/inspections/new", data)  # type: ignore[attr-defined]
    return Inspection.objects.get(title=f"{service.name} {year}")


def test_a_lead_off_the_team_cannot_read_another_inspections_figures(
    settled: Inspection, service: Service, db: None
) -> None:
    stranger = make_user("stranger", Role.LEAD_INSPECTOR)
    client = client_for(stranger)
    assert client.get(f"/inspections/{settled.pk}").status_code == 404
    later = _new_inspection(client, service, 2027)
    page = client.get(f"/inspections/{later.pk}/report.html").content.decode()
    assert "2026 results" not in page
    assert reporting.previous_inspection(later, stranger) is None
    # its own team, who may see the 2026 inspection, do get the comparison
    lead = settled.team.get(role="lead").user
    later.team.create(user=lead, role="inspector")
    assert reporting.previous_inspection(later, lead) == settled
    assert (
        "2026 results"
        in client_for(lead).get(f"/inspections/{later.pk}/report.html").content.decode()
    )


def test_only_administrators_record_published_inspections_and_it_is_audited_on_the_service(
    inspection: Inspection, service: Service, people: dict[str, User]
) -> None:
    data = {
        "service": service.pk,
        "title": "Northtown 2018",
        "fieldwork_start": "2018-03-05",
        "summary": SimpleUploadedFile(
            "blackpool-2018.json", (EXAMPLES / "blackpool-2018.json").read_bytes()
        ),
    }
    assert client_for(people["lead"]).post("/inspections/published/new", data).status_code == 403
    assert not Inspection.objects.filter(title="Northtown 2018").exists()
    data["summary"].seek(0)  # type: ignore[attr-defined]
    response = client_for(people["admin"]).post("/inspections/published/new", data)
    assert response.status_code == 302
    recorded = Inspection.objects.get(title="Northtown 2018")
    event = AuditEvent.objects.get(action="published", inspection=recorded)
    assert event.service == service and event.user == people["admin"]
    # the later inspection of the service shows it in its history
    page = client_for(people["lead"]).get(f"/inspections/{inspection.pk}/history").content
    assert b"Published inspection: Northtown 2018" in page


def test_new_inspection_cannot_be_a_published_one(
    service: Service, people: dict[str, User]
) -> None:
    client = client_for(people["lead"])
    client.post("/inspections/new", {
        "service": service.pk, "title": "Fake 2020", "framework_id": "iyjs-2018",
        "kind": "published", "fieldwork_start": "2020-01-01",
    })  # fmt: skip
    assert not Inspection.objects.filter(title="Fake 2020").exists()


def test_a_published_inspection_is_withdrawn_not_deleted(
    inspection: Inspection, people: dict[str, User]
) -> None:
    recorded = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Made-up 2020",
        kind="published", fieldwork_start=dt.date(2020, 1, 1), ratings_locked=True,
        published_summary={"framework": "iyjs-2018", "standards": {}},
    )  # fmt: skip
    assert reporting.previous_inspection(inspection, people["lead"]) == recorded
    url = f"/inspections/{recorded.pk}/withdraw"
    assert client_for(people["lead"]).post(url, {"reason": "made up"}).status_code in (403, 404)
    admin = client_for(people["admin"])
    admin.post(url, {"reason": ""})
    recorded.refresh_from_db()
    assert recorded.withdrawn_at is None  # a reason is needed
    admin.post(url, {"reason": "Figures were made up; not the Inspectorate's"})
    recorded.refresh_from_db()
    assert recorded.withdrawn_at is not None and recorded.withdrawn_by == people["admin"]
    assert reporting.previous_inspection(inspection, people["lead"]) is None
    event = AuditEvent.objects.get(action="published", field="state", inspection=recorded)
    assert (event.old, event.new) == ("recorded", "withdrawn") and "made up" in event.note
    page = admin.get(f"/inspections/{recorded.pk}").content.decode()
    assert "withdrawn" in page.lower()


@pytest.mark.parametrize(
    "summary",
    [
        None,
        {},
        {"framework": "iyjs-2018", "standards": {"9.9": {"rating": "Good"}}},
        {"framework": "no-such-framework"},
        "not even a mapping",
    ],
)
def test_a_malformed_earlier_inspection_never_breaks_a_report(
    summary: object, inspection: Inspection, people: dict[str, User]
) -> None:
    Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2021", title="Odd 2020",
        kind="published", fieldwork_start=dt.date(2020, 1, 1), ratings_locked=True,
        published_summary=summary,
    )  # fmt: skip
    client = client_for(people["lead"])
    assert client.get(f"/inspections/{inspection.pk}/report.html").status_code == 200
    assert client.get(f"/inspections/{inspection.pk}/report.pdf").status_code == 200


def test_an_earlier_inspection_of_another_framework_does_not_break_a_report(
    inspection: Inspection, people: dict[str, User]
) -> None:
    Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2021", title="2021 framework",
        kind="published", fieldwork_start=dt.date(2023, 1, 1), ratings_locked=True,
        published_summary={"framework": "iyjs-2021", "standards": {
            "1.1": {"rating": "Good"}, "2.1": {"key_questions": {"2.1.1": [3, 4]}},
        }},
    )  # fmt: skip
    client = client_for(people["lead"])
    assert client.get(f"/inspections/{inspection.pk}/report.html").status_code == 200


def test_a_withdrawn_published_inspection_stays_out_of_the_trend(
    inspection: Inspection, people: dict[str, User]
) -> None:
    summary = json.loads((EXAMPLES / "blackpool-2018.json").read_text(encoding="utf-8"))
    for year, withdrawn in ((2019, True), (2020, False)):
        Inspection.objects.create(
            service=inspection.service, framework_id="iyjs-2018", title=f"Published {year}",
            kind="published", fieldwork_start=dt.date(year, 1, 1), ratings_locked=True,
            published_summary=summary,
            withdrawn_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) if withdrawn else None,
        )  # fmt: skip
    response = client_for(people["admin"]).get(f"/services/{inspection.service_id}/trend")
    page = response.content.decode()
    assert "2020 inspection (published)" in page
    assert "2019 inspection (published)" not in page
