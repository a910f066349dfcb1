"""The report in the workspace: its narrative, recorded published inspections, downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect_web import reporting
from yjinspect_web.demo import demo_inspection, load_demo
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import (
    AuditEvent,
    Inspection,
    ReportNarrative,
    Service,
    User,
)

from .conftest import client_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _narrative_form(**changes: str) -> dict[str, str]:
    data = {
        "version": "0",
        "acknowledgements": "Led by an inspector; thanks to all.",
        "background": "Northtown is a town of 90,000 people.",
        "foreword": "The service has improved.",
        "foreword_by": "A Chief Inspector",
        "summary": "Overall the work is good.",
        "domain-2-strengths": "Assessment is thorough\n\nPlans are clear",
        "rec-0-audience": "The youth justice service",
        "rec-0-text": "Plan for contingencies.",
        "rec-1-audience": "",
        "rec-1-text": "",
    }
    return data | changes


def test_lead_writes_the_narrative_and_it_is_audited(
    inspection: Inspection, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/report/narrative"
    lead = client_for(people["lead"])
    assert lead.get(url).status_code == 200
    assert lead.post(url, _narrative_form()).status_code == 302
    narrative = reporting.narrative_of(inspection)
    assert narrative.foreword == "The service has improved."
    assert narrative.acknowledgements == "Led by an inspector; thanks to all."
    assert narrative.background == "Northtown is a town of 90,000 people."
    assert narrative.domains["2"].strengths == ["Assessment is thorough", "Plans are clear"]
    assert [r.text for r in narrative.recommendations] == ["Plan for contingencies."]
    assert AuditEvent.objects.filter(action="report", field="foreword").exists()
    # a save from a stale page is refused, and the text typed is still on the page
    page = lead.post(url, _narrative_form(foreword="Stale words")).content.decode()
    assert "Someone else saved the narrative" in page and "Stale words" in page
    assert reporting.narrative_of(inspection).foreword == "The service has improved."


def test_the_narrative_keeps_only_words(inspection: Inspection, people: dict[str, User]) -> None:
    """No figure is typed into the narrative (issue 15): a posted list of facts is not kept, and
    the page sends the writer to the service's profile instead."""
    url = f"/inspections/{inspection.pk}/report/narrative"
    lead = client_for(people["lead"])
    page = lead.get(url).content.decode()
    assert 'name="facts"' not in page
    assert f"/services/{inspection.service_id}/profiles" in page
    form = _narrative_form() | {"facts": "227 | First-time entrant rate per 100,000"}
    assert lead.post(url, form).status_code == 302
    assert ReportNarrative.objects.get().facts == []
    html = lead.get(f"/inspections/{inspection.pk}/report.html").content.decode()
    assert "First-time entrant" not in html and "Contextual facts" not in html


def test_only_the_lead_writes_the_narrative(
    inspection: Inspection, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/report/narrative"
    for role in ("inspector", "partner", "admin"):
        assert client_for(people[role]).post(url, _narrative_form()).status_code == 403
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert not ReportNarrative.objects.exists()


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (EXAMPLES / name).read_bytes(), "application/json")


def test_a_published_inspection_is_recorded_from_its_summary(
    service: Service, people: dict[str, User]
) -> None:
    data = {"service": service.pk, "title": "Northtown 2018", "fieldwork_start": "2018-03-05"}
    lead = client_for(people["admin"])  # administrators record published inspections
    lead.post("/inspections/published/new", data | {"summary": _upload("blackpool-2018.json")})
    recorded = Inspection.objects.get(title="Northtown 2018")
    assert (recorded.kind, recorded.ratings_locked) == ("published", True)
    result = services.inspection_result(recorded)
    assert (result.score, result.overall_rating) == (3, "Inadequate")
    bad = SimpleUploadedFile("bad.json", b'{"framework": "iyjs-2018", "standards": {"9.9": {}}}')
    page = lead.post("/inspections/published/new", data | {"summary": bad}).content.decode()
    assert "no standard" in page
    assert Inspection.objects.count() == 1
    for role in ("lead", "inspector", "manager", "board"):
        response = client_for(people[role]).post("/inspections/published/new", data)
        assert response.status_code == 403


def test_previous_inspection_is_the_latest_earlier_settled_one(
    inspection: Inspection, people: dict[str, User]
) -> None:
    def make(title: str, year: int, **fields: object) -> Inspection:
        return Inspection.objects.create(
            service=inspection.service,
            framework_id="iyjs-2018",
            title=title,
            fieldwork_start=dt.date(year, 1, 1),
            **fields,
        )

    assert reporting.previous_inspection(inspection) is None
    make("open earlier", 2024)
    make("self-assessment", 2025, kind="self_assessment", ratings_locked=True)
    make("later", 2027, ratings_locked=True)
    settled = make("settled", 2023, ratings_locked=True)
    assert reporting.previous_inspection(inspection) == settled


def test_demo_report_downloads(db: None) -> None:
    load_demo()
    inspection = demo_inspection()
    lead = inspection.team.get(role="lead").user
    client = client_for(lead)
    html = client.get(f"/inspections/{inspection.pk}/report.html")
    assert html.status_code == 200
    # it opens in the browser; the download link saves it
    disposition = html["Content-Disposition"]
    assert disposition.startswith("inline;") and "draft" in disposition
    saved = client.get(f"/inspections/{inspection.pk}/report.html?download=1")
    assert saved["Content-Disposition"].startswith("attachment;")
    assert saved.content == html.content
    detail = client.get(f"/inspections/{inspection.pk}").content.decode()
    assert f'href="/inspections/{inspection.pk}/report.html"' in detail
    assert f'href="/inspections/{inspection.pk}/report.html?download=1" download' in detail
    page = html.content.decode()
    assert "25/36" in page and "2018 results" in page
    # the title from the service's place and the kind of inspection, as 004's cover
    assert "<title>Draft: An inspection of youth offending services in Blackpool</title>" in page
    assert '<span class="title-place">Blackpool</span>' in page
    assert "HM Inspectorate of Probation, " in page
    assert "reconstruction" not in page and f"inspection {inspection.pk}" not in page
    assert "Acknowledgements" in page and 'id="background"' in page
    assert "Planning" in page and "55%" in page
    pdf = client.get(f"/inspections/{inspection.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    outsider = User.objects.get(username="outsider")
    assert client_for(outsider).get(f"/inspections/{inspection.pk}/report.pdf").status_code == 404
