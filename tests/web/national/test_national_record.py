"""The national record follows each inspection: published ones recorded and not withdrawn,
inspections whose ratings are locked; never self-assessments."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from yjinspect.inputs import evidence_from_summary, parse_summary
from yjinspect.rating import rate_inspection
from yjinspect_web.national.models import PublishedRating
from yjinspect_web.national.record import rows_for_result
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, Service, StandardJudgement, User

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _published(service: Service, summary: dict[str, object], **extra: object) -> Inspection:
    return Inspection.objects.create(
        service=service,
        framework_id=str(summary["framework"]),
        kind=Inspection.Kind.PUBLISHED,
        title="Published",
        fieldwork_start=dt.date(2021, 5, 17),
        published_summary=summary,
        ratings_locked=True,
        **extra,
    )


def _ratings(inspection: Inspection) -> dict[str, tuple[str, int | None, bool]]:
    return {
        row.standard_id: (row.rating, row.points, row.as_published)
        for row in PublishedRating.objects.filter(inspection=inspection)
    }


def test_a_recorded_published_inspection_enters_the_record_until_withdrawn(
    service: Service,
) -> None:
    summary = json.loads((EXAMPLES / "blackpool-2018.json").read_text())
    inspection = _published(service, summary | {"published": "2018-08-01"})
    rows = _ratings(inspection)
    assert rows["overall"][0] == "Inadequate" and rows["1.3"] == ("Requires improvement", 1, False)
    assert len(rows) == 13  # twelve standards and the overall rating
    row = PublishedRating.objects.get(inspection=inspection, standard_id="overall")
    assert (row.year, row.published_on, row.service_id) == (2018, dt.date(2018, 8, 1), service.pk)
    inspection.withdrawn_at = timezone.now()
    inspection.save(update_fields=["withdrawn_at"])
    assert not PublishedRating.objects.filter(inspection=inspection).exists()


def test_an_overall_only_inspection_gives_one_row_as_published(service: Service) -> None:
    summary = {"framework": "iyjs-2021", "overall": {"score": 16, "rating": "Requires improvement"}}
    inspection = _published(service, summary)
    assert _ratings(inspection) == {"overall": ("Requires improvement", 16, True)}
    row = PublishedRating.objects.get(inspection=inspection)
    assert row.year == 2021  # from the start of fieldwork, no publication date given


def test_locking_enters_the_ratings_and_reopening_takes_them_out(
    inspection: Inspection, people: dict[str, User]
) -> None:
    StandardJudgement.objects.create(
        inspection=inspection,
        standard_id="1.1",
        rating="Good",
        framework_id="iyjs-2018",
        updated_by=people["lead"],
    )
    assert not PublishedRating.objects.exists()
    services.lock_ratings(inspection, people["lead"])
    assert _ratings(inspection) == {"1.1": ("Good", 2, False)}  # no overall: not all rated
    services.reopen_ratings(inspection, people["lead"], "a figure to check")
    assert not PublishedRating.objects.exists()


def test_a_self_assessment_never_enters_the_record(service: Service) -> None:
    Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        kind=Inspection.Kind.SELF_ASSESSMENT,
        title="Self-assessment",
        fieldwork_start=dt.date(2022, 1, 1),
        ratings_locked=True,
    )
    assert not PublishedRating.objects.exists()


def test_rows_for_result_marks_synthetic_rows_and_takes_the_year_of_publication(
    service: Service,
) -> None:
    summary = json.loads((EXAMPLES / "blackpool-2021.json").read_text())
    inspection = _published(service, summary)
    result = rate_inspection(evidence_from_summary(parse_summary(summary)))
    rows = rows_for_result(inspection, result, published_on=dt.date(2022, 3, 1), synthetic=True)
    overall = next(row for row in rows if row.standard_id == "overall")
    assert (overall.rating, overall.points, overall.year, overall.synthetic) == (
        "Good",
        25,
        2021,
        True,
    )
    assert overall.pk is None  # unsaved: the caller saves them (in bulk)
