"""A service's occasions (inspections, self-assessments, published inspections) for the core's
trends (:mod:`yjinspect.trends`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from yjinspect.errors import InputError
from yjinspect.trends import Occasion, Trend, trend
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, Service


def label(inspection: Inspection) -> str:
    """'2021 inspection', '2022 self-assessment', '2018 inspection (published)'."""
    year = inspection.fieldwork_start.year
    kind = {
        Inspection.Kind.INSPECTION: "inspection",
        Inspection.Kind.SELF_ASSESSMENT: "self-assessment",
        Inspection.Kind.PUBLISHED: "inspection (published)",
    }.get(Inspection.Kind(inspection.kind), "inspection")
    return f"{year} {kind}"


def occasions(inspections: Iterable[Inspection]) -> list[Occasion]:
    """Each rated occasion; one whose recorded figures cannot be read is left out."""
    found = []
    for inspection in inspections:
        try:
            result = services.inspection_result(inspection)
        except (InputError, ValueError, TypeError, LookupError, AttributeError):
            continue  # a malformed summary or unknown framework never breaks the trend
        found.append(
            Occasion(
                id=inspection.pk,
                label=label(inspection),
                kind=inspection.kind,
                start=inspection.fieldwork_start,
                result=result,
                locked=inspection.ratings_locked or inspection.kind == Inspection.Kind.PUBLISHED,
            )
        )
    return found


def service_trend(service: Service, inspections: QuerySet[Inspection]) -> Trend:
    chosen = (
        inspections.filter(service=service)
        .select_related("service")
        .order_by("fieldwork_start", "id")
    )
    return trend(service.name, occasions(chosen))


def trend_for_service_name(name: str) -> Trend:
    """For the command line (``yjinspect trend SERVICE``): every occasion of the service, as
    with any command run by someone who holds the database."""
    service = Service.objects.filter(name__iexact=name.strip()).first()
    if service is None:
        known = ", ".join(Service.objects.order_by("name").values_list("name", flat=True))
        raise InputError(
            f"no service named {name!r} in the workspace"
            + (f" (services: {known})" if known else "")
        )
    return service_trend(service, Inspection.objects.all())
