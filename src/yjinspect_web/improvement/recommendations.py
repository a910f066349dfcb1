"""An inspection's recommendations as records: read for the report and the narrative page,
written from the narrative page (any number), fixed once the inspection's ratings are locked."""

from __future__ import annotations

from yjinspect.report.data import Recommendation as Written
from yjinspect_web.improvement.models import Recommendation
from yjinspect_web.workspace.models import Inspection


def written(inspection: Inspection) -> list[Written]:
    """The inspection's recommendations, in order, as the report reads them."""
    return [
        Written(text=r.text, audience=r.audience, concerns=list(r.concerns))
        for r in Recommendation.objects.filter(inspection=inspection).order_by("number")
    ]


def replace(inspection: Inspection, wanted: list[Written]) -> bool:
    """Make the records say ``wanted`` (in order); True if anything changed. Refused (False,
    nothing changed) once the inspection's ratings are locked: its recommendations are fixed."""
    if inspection.ratings_locked or written(inspection) == wanted:
        return False
    stored = {r.number: r for r in Recommendation.objects.filter(inspection=inspection)}
    for number, recommendation in enumerate(wanted, start=1):
        record = stored.pop(number, None) or Recommendation(inspection=inspection, number=number)
        record.text = recommendation.text
        record.audience = recommendation.audience
        record.concerns = list(recommendation.concerns)
        record.save()
    Recommendation.objects.filter(pk__in=[r.pk for r in stored.values()]).delete()
    return True
