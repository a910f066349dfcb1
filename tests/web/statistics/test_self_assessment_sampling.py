"""A self-assessment draws its sample with the same method, and the plan says how wide the
intervals will be at that size before anyone marks a case."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect.statistics import expected_interval, planned_precision
from yjinspect_web.workspace.models import Inspection, User

from ..conftest import client_for

POPULATION = Path(__file__).resolve().parents[3] / "examples" / "population-synthetic.csv"


def test_a_self_assessment_samples_and_states_its_intervals(
    inspection: Inspection, people: dict[str, User]
) -> None:
    inspection.kind = Inspection.Kind.SELF_ASSESSMENT
    inspection.save()
    inspection.team.all().delete()
    inspection.team.create(user=people["manager"], role="lead")
    manager = client_for(people["manager"])
    form = {
        "population": SimpleUploadedFile(
            "population.csv", POPULATION.read_bytes(), content_type="text/csv"
        ),
        "fieldwork_start": "2026-06-01",
        "seed": "1",
        "confidence": "0.8",
        "margin": "0.05",
        "court_share": "0.6",
        "court_from": "6",
        "court_to": "9",
        "out_of_court_from": "2",
        "out_of_court_to": "5",
        "minimum": "",
        "maximum": "",
    }
    response = manager.post(f"/inspections/{inspection.pk}/sampling", form)
    assert response.status_code == 302
    page = manager.get(f"/inspections/{inspection.pk}/sampling").content.decode()
    assert "Sample size: 37" in page
    assert "How sure the figures will be" in page
    assert "With 22 court disposal cases" in page or "With 22 court" in page
    assert "30.7% to 69.3% (about ±19 points) at 50% yes" in page
    manager.post(f"/inspections/{inspection.pk}/sampling/{inspection.samplings.get().pk}/create")
    assert inspection.cases.count() == 37


def test_planned_intervals_are_statsmodels_wilson() -> None:
    interval = expected_interval(22, 50)
    assert (interval.low, interval.high) == (30.7, 69.3)
    assert "With 37 cases" in planned_precision(37)
    assert planned_precision(0) == "With no cases, no key question can be rated."
    # more cases, narrower
    assert expected_interval(80, 50).high < expected_interval(20, 50).high
