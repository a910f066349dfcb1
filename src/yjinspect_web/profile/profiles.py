"""A service's profile in the workspace: stored as the core's profile data (counts, printed
figures kept only to be compared, sources), read back through the core's reader, refused
whole when a printed figure disagrees with its counts, every change in the service's
history. The figures, rules and disproportionality are the core's (:mod:`yjinspect.profile`)."""

from __future__ import annotations

import contextlib
import dataclasses

from django.db import transaction
from django.utils import timezone

from yjinspect.errors import InputError
from yjinspect.framework import load_framework
from yjinspect.profile import (
    Caseload,
    Profile,
    Source,
    refuse_disagreements,
)
from yjinspect.profile_caseload import caseload_from_population
from yjinspect.profile_files import profile_from_dict
from yjinspect.words import framework_words
from yjinspect_web.profile.models import ServiceProfile
from yjinspect_web.workspace.models import AuditEvent, Inspection, SamplingRecord, Service, User


def to_core(record: ServiceProfile) -> Profile:
    """The stored profile as the core's (read by the core's own reader)."""
    return profile_from_dict(record.content, record.period)


def summary(profile: Profile | None) -> str:
    """A profile as history records it: each figure with its counts."""
    if profile is None:
        return ""
    parts = []
    for section, figure in profile.figures():
        counts = f" ({figure.count} of {figure.denominator})" if figure.has_counts else ""
        parts.append(f"{section}: {figure.label} {figure.shown()}{counts}")
    return "; ".join(parts)[:20_000]


@transaction.atomic
def store(
    service: Service,
    user: User | None,
    profile: Profile,
    what: str,
    *,
    record: ServiceProfile | None = None,
    inspection: Inspection | None = None,
    source_name: str = "",
) -> ServiceProfile:
    """Save ``profile`` as the service's profile for its period (replacing ``record``'s, or
    the one of that period) under the service's name, refused whole
    (:class:`yjinspect.profile.ProfileDisagrees`) when a printed figure disagrees with its
    counts or a total does not add up."""
    profile = dataclasses.replace(profile, service=service.name)  # the workspace's service
    refuse_disagreements(profile, f"the profile for {profile.period}")
    if record is None:
        record = ServiceProfile.objects.filter(service=service, period=profile.period).first()
    before = to_core(record) if record is not None and record.content else None
    clash = ServiceProfile.objects.filter(service=service, period=profile.period)
    if record is not None:
        clash = clash.exclude(pk=record.pk)
    if clash.exists():
        raise InputError(f"Period: {service.name} already has a profile for {profile.period}")
    if record is None:
        record = ServiceProfile(service=service)
    record.period = profile.period
    record.content = profile.as_dict()
    record.inspection = inspection if inspection is not None else record.inspection
    record.source_name = source_name or record.source_name
    record.updated_by = user
    record.save()
    AuditEvent.objects.create(
        service=service,
        user=user,
        action="profile",
        subject=f"Profile: {profile.period}"[:200],
        field=what[:60],
        old=summary(before),
        new=summary(profile),
    )
    return record


CHANGES_SHOWN = 20


def changes(record: ServiceProfile) -> list[AuditEvent]:
    """The latest changes to the profile (newest first), from the service's history."""
    events = AuditEvent.objects.filter(
        service_id=record.service_id, action="profile", subject=f"Profile: {record.period}"[:200]
    ).select_related("user")
    return list(events.order_by("-at", "-id")[:CHANGES_SHOWN])


def latest_sampling(inspection: Inspection | None) -> SamplingRecord | None:
    if inspection is None:
        return None
    return inspection.samplings.order_by("-created_at", "-id").first()


def caseload_from_sampling(record: SamplingRecord, framework_id: str) -> Caseload:
    """The caseload counted from the population the inspection imported for sampling."""
    words: dict[str, str] = {}
    with contextlib.suppress(InputError):  # an unknown framework: the codes' plain words
        words = framework_words(load_framework(framework_id))
    source = Source(
        f"Population export {record.source_name}, imported for sampling",
        period=f"at {record.created_at:%d %B %Y}".replace(" 0", " "),
        publisher="Data supplied by the YJS",
    )
    at = timezone.localdate(record.created_at)
    return caseload_from_population(record.population, at, source, words)


def report_profile(inspection: Inspection) -> Profile | None:
    """The profile shown in the inspection's report, if one is chosen for it."""
    record = ServiceProfile.objects.filter(inspection=inspection).first()
    if record is None:
        return None
    try:
        return to_core(record)
    except InputError:
        return None  # stored data the reader no longer takes: the report goes without
