"""Recommendations as records: written on the narrative page (any number), with whom each is
for and what it concerns; printed by the report; fixed once the ratings are locked."""

from __future__ import annotations

from django.utils import timezone

from yjinspect.report.render import render_html
from yjinspect_web import reporting
from yjinspect_web.improvement.models import Recommendation
from yjinspect_web.workspace.models import AuditEvent, Inspection, User

from ..conftest import client_for


def _form(rows: list[tuple[str, str, str]], version: int = 0) -> dict[str, str]:
    data = {"version": str(version), "foreword": "Words."}
    for index, (audience, text, concerns) in enumerate(rows):
        data |= {
            f"rec-{index}-audience": audience,
            f"rec-{index}-text": text,
            f"rec-{index}-concerns": concerns,
        }
    return data


def test_any_number_of_recommendations_become_records(
    inspection: Inspection, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/report/narrative"
    rows = [("The youth justice service", f"Do thing {n}.", "2.2.3, 2.2.3e") for n in range(12)]
    rows.append(("Police", "Share intelligence promptly.", "1.3"))
    rows.append(("", "", ""))
    response = client_for(people["lead"]).post(url, _form(rows))
    assert response.status_code == 302
    records = list(Recommendation.objects.filter(inspection=inspection))
    assert len(records) == 13
    assert records[0].concerns == ["2.2.3", "2.2.3e"]
    assert (records[-1].audience, records[-1].audience_kind) == ("Police", "partner")
    assert records[0].audience_kind == "service"
    narrative = reporting.narrative_of(inspection)
    assert narrative.recommendations[12].text == "Share intelligence promptly."
    assert AuditEvent.objects.filter(field="recommendations").count() == 1
    html = render_html(reporting.report_data(inspection))
    assert "Share intelligence promptly." in html and "Do thing 11." in html
    # the page shows them again, with what each concerns, and blank rows to add more
    page = client_for(people["lead"]).get(url).content.decode()
    assert 'value="2.2.3, 2.2.3e"' in page and 'name="rec-15-text"' in page


def test_fewer_rows_remove_the_rest_while_unlocked(
    inspection: Inspection, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/report/narrative"
    lead = client_for(people["lead"])
    lead.post(url, _form([("The youth justice service", "One.", ""), ("Police", "Two.", "")]))
    lead.post(url, _form([("The youth justice service", "One, reworded.", "")], version=1))
    assert list(Recommendation.objects.values_list("number", "text")) == [(1, "One, reworded.")]


def test_an_unknown_id_is_named_and_nothing_saved(
    inspection: Inspection, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/report/narrative"
    response = client_for(people["lead"]).post(url, _form([("Police", "Text.", "2.2, 9.9.9")]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Recommendation 1, what it concerns: no standard, key question or prompt" in page
    assert "9.9.9" in page
    assert not Recommendation.objects.exists()


def test_recommendations_of_a_locked_inspection_are_fixed(
    inspection: Inspection, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/report/narrative"
    lead = client_for(people["lead"])
    lead.post(url, _form([("The youth justice service", "Keep this.", "2.1")]))
    inspection.ratings_locked = True
    inspection.locked_at = timezone.now()
    inspection.save()
    page = lead.get(url).content.decode()
    assert "the recommendations are fixed" in page and 'name="rec-0-text"' not in page
    response = lead.post(url, _form([("Police", "Replace it.", "")], version=1))
    assert response.status_code == 302
    assert list(Recommendation.objects.values_list("text", flat=True)) == ["Keep this."]
    assert reporting.narrative_of(inspection).foreword == "Words."
