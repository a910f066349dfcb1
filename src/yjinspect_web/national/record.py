"""Writing the national record: the ratings of every inspection that has entered it.

An inspection enters the national record when its ratings are settled: a published inspection
recorded in the workspace (from its ratings table, a summary file, or an import of the published
record) while it is not withdrawn, and an inspection whose ratings are locked. Self-assessments
never do. :func:`sync_inspection` keeps an inspection's rows as its state says, and runs on
every save of an inspection (``apps.NationalConfig.ready``); :func:`rows_for_result` turns the
core's rating result into rows, for anything that makes them in bulk (generated data).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from yjinspect.errors import InputError
from yjinspect.national import inspection_year
from yjinspect.rating import NOT_RATED, InspectionResult
from yjinspect_web.national.models import OVERALL, PublishedRating
from yjinspect_web.workspace.models import Inspection

# the fields whose change can move an inspection into, out of or within the national record
RECORD_FIELDS = frozenset(
    {"kind", "ratings_locked", "withdrawn_at", "published_summary", "fieldwork_start"}
)


def rows_for_result(
    inspection: Inspection,
    result: InspectionResult,
    *,
    published_on: dt.date | None = None,
    synthetic: bool = False,
) -> list[PublishedRating]:
    """One unsaved row per rated standard (scored or not) and one for the overall rating, if
    it has one. The year is the April-March year of ``published_on`` when known, else of the
    start of fieldwork (:func:`yjinspect.national.inspection_year`)."""
    year = inspection_year(published_on or inspection.fieldwork_start)
    common: dict[str, Any] = {
        "inspection": inspection,
        "service_id": inspection.service_id,
        "year": year,
        "published_on": published_on,
        "framework_id": result.framework.id,
        "synthetic": synthetic,
    }
    rows = [
        PublishedRating(
            standard_id=standard.id,
            rating=standard.rating,
            points=standard.score,
            as_published=standard.as_published,
            **common,
        )
        for standard in result.standards
        if standard.is_rated
    ]
    if result.overall_rating not in (None, NOT_RATED):
        rows.append(
            PublishedRating(
                standard_id=OVERALL,
                rating=str(result.overall_rating),
                points=result.score,
                as_published=result.overall_as_published,
                **common,
            )
        )
    return rows


def published_date(inspection: Inspection) -> dt.date | None:
    """A recorded published inspection's publication date, from its summary's ``published``
    (ISO 8601), when it gives one."""
    text = str((inspection.published_summary or {}).get("published") or "")
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def belongs(inspection: Inspection) -> bool:
    """Whether the inspection is in the national record now."""
    if inspection.kind == Inspection.Kind.PUBLISHED:
        return inspection.withdrawn_at is None
    return inspection.kind == Inspection.Kind.INSPECTION and inspection.ratings_locked


@transaction.atomic
def sync_inspection(inspection: Inspection) -> int:
    """Make the inspection's rows in the national record what its state says: its ratings
    when it belongs there, none otherwise (the rows are derived, so they are replaced). A
    recorded summary that can no longer be rated leaves no rows. Returns the rows written."""
    from yjinspect_web.workspace import services  # the workspace's result, one rule in one place

    PublishedRating.objects.filter(inspection=inspection).delete()
    if not belongs(inspection):
        return 0
    try:
        result = services.inspection_result(inspection)
    except (InputError, ValueError, LookupError):
        return 0
    rows = rows_for_result(inspection, result, published_on=published_date(inspection))
    PublishedRating.objects.bulk_create(rows)
    return len(rows)


def on_inspection_saved(
    sender: type[Inspection], instance: Inspection, created: bool, **kwargs: Any
) -> None:
    """post_save: keep the national record in step when a save touches what decides it."""
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (update_fields is not None and not RECORD_FIELDS & set(update_fields)):
        return
    sync_inspection(instance)
