"""The workspace's reports: the core's ReportData for an inspection, from what is stored.

``yjinspect report inspection:ID`` and the report downloads both call
:func:`report_data`; rendering is the core's (:mod:`yjinspect.report.render`).
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Q
from django.utils import timezone

from yjinspect.cases import in_sub_sample_by_default, sub_samples_for_case
from yjinspect.errors import InputError
from yjinspect.rating import InspectionResult
from yjinspect.report.data import (
    INSPECTORATE,
    CaseCounts,
    Narrative,
    PreviousInspection,
    ReportData,
    report_title,
)
from yjinspect_web.improvement import recommendations
from yjinspect_web.moderation import services as moderation
from yjinspect_web.profile import profiles, surveys
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection, User

MAX_PREVIOUS_TRIED = 10  # earlier inspections tried, newest first, for the comparison


def previous_inspection(inspection: Inspection, viewer: User | None = None) -> Inspection | None:
    """The inspection a report compares with (see :func:`previous_result`)."""
    found = previous_result(inspection, viewer)
    return found[0] if found is not None else None


def previous_result(
    inspection: Inspection, viewer: User | None = None
) -> tuple[Inspection, InspectionResult] | None:
    """The latest earlier inspection of the same service whose ratings are settled (locked,
    or a recorded published inspection not withdrawn), with its ratings. Self-assessments are
    not inspections. With a ``viewer``, only an inspection they may see, or a published one:
    a report never carries figures its reader could not open. One that cannot be rated (a
    malformed summary, an unknown framework) is passed over, never breaking the report."""
    candidates = (
        Inspection.objects.filter(
            service=inspection.service, fieldwork_start__lt=inspection.fieldwork_start
        )
        .filter(Q(ratings_locked=True) | Q(kind=Inspection.Kind.PUBLISHED))
        .exclude(kind=Inspection.Kind.SELF_ASSESSMENT)
        .filter(withdrawn_at=None)
    )
    if viewer is not None:
        seen = permissions.visible_inspections(viewer).values("pk")
        candidates = candidates.filter(Q(kind=Inspection.Kind.PUBLISHED) | Q(pk__in=seen))
    for candidate in candidates.order_by("-fieldwork_start", "-pk")[:MAX_PREVIOUS_TRIED]:
        try:
            return candidate, services.inspection_result(candidate)
        except (InputError, ValueError, TypeError, LookupError, AttributeError):
            continue  # a summary or framework that cannot be rated
    return None


def case_counts(inspection: Inspection) -> CaseCounts:
    """Cases per case type, and per sub-sample the cases in it (by their details or the
    inspector's decision), for the methodology annexe."""
    retained = getattr(inspection, "retained_figures", None) if inspection.ratings_locked else None
    if retained is not None:  # its case details went by retention: the counts stored then
        return retained.counts()  # type: ignore[no-any-return]
    framework = inspection.framework
    by_type: Counter[str] = Counter()
    by_sub_sample: Counter[str] = Counter()
    for case in inspection.cases.active().prefetch_related("sub_sample_decisions"):
        by_type[case.case_type] += 1
        overrides = services.sub_sample_overrides(case)
        for sub_sample in sub_samples_for_case(framework, case.case_type):
            decided = overrides.get(sub_sample.id)
            inside = decided[0] if decided else in_sub_sample_by_default(sub_sample, case.profile)
            by_sub_sample[sub_sample.id] += inside
    return CaseCounts(dict(by_type), dict(by_sub_sample))


def narrative_of(inspection: Inspection) -> Narrative:
    """The report's words; its recommendations are the improvement app's records. Its figures
    (the contextual facts, caseload, staffing) come from the service's profile, never typed."""
    written = recommendations.written(inspection)
    record = getattr(inspection, "narrative", None)
    if record is None:
        return Narrative(recommendations=written)
    narrative = Narrative.model_validate(record.content)
    return narrative.model_copy(update={"recommendations": written})


def report_data(inspection: Inspection, viewer: User | None = None) -> ReportData:
    """The report's data; ``viewer`` is who will read it (None: the command line)."""
    narrative = narrative_of(inspection)
    previous = previous_result(inspection, viewer)
    result = services.inspection_result(inspection)
    place = inspection.service.local_authority.strip() or inspection.service.name
    locked = inspection.locked_at if inspection.ratings_locked else None
    return ReportData(
        moderation=moderation.results(inspection),
        moderated_cases=moderation.submitted_count(inspection),
        result=result,
        title=report_title(result.framework, inspection.kind, place),
        service=inspection.service.name,
        place=place,
        publisher=(
            inspection.service.name
            if inspection.kind == Inspection.Kind.SELF_ASSESSMENT
            else INSPECTORATE
        ),
        issued=timezone.localdate(locked) if locked else None,
        fieldwork_start=inspection.fieldwork_start,
        fieldwork_end=inspection.fieldwork_end,
        kind=inspection.kind,
        locked=inspection.ratings_locked,
        narrative=narrative,
        previous=(
            PreviousInspection(f"{previous[0].fieldwork_start.year} results", previous[1])
            if previous is not None
            else None
        ),
        case_counts=case_counts(inspection) if inspection.kind != "published" else None,
        profile=profiles.report_profile(inspection),
        surveys=surveys.results(inspection, previous[0] if previous is not None else None),
        generated_on=timezone.localdate(),
        source="the yjinspect workspace",
    )


def report_data_for_inspection(inspection_id: int) -> ReportData:
    """For the command line (``yjinspect report inspection:ID``): no access check, as with
    any command run by someone who holds the database."""
    inspection = Inspection.objects.filter(pk=inspection_id).select_related("service").first()
    if inspection is None:
        raise InputError(f"no inspection {inspection_id} in the workspace")
    return report_data(inspection)
