"""Sampling in the workspace: import a population, keep it, show the core's plan, create the
cases, and replace a case that cannot be inspected with the best reserve. Every rule is the
core's (:mod:`yjinspect.sampling`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yjinspect.errors import InputError
from yjinspect.framework import load_framework
from yjinspect.sampling import (
    PopulationCase,
    SamplingPlan,
    parse_population,
    plan_for_framework,
    splits_court_and_out_of_court,
)
from yjinspect_web.safety.uploads import upload_bytes, upload_limits
from yjinspect_web.workspace.models import Case, Inspection, SamplingRecord, User
from yjinspect_web.workspace.services import ActionRefused, audit, withdraw_case


@dataclass(frozen=True)
class SamplingSettings:
    fieldwork_start: date
    windows: Mapping[str, tuple[int, int]]
    seed: int = 1
    confidence: float = 0.80
    margin: float = 0.05
    court_share: float = 0.6
    minimum: int | None = None
    maximum: int | None = None


def _stored(case: PopulationCase) -> dict[str, Any]:
    data = case.to_dict()
    data.pop("extra", None)  # other columns of the file are not kept
    return data


def _population(record: SamplingRecord) -> list[PopulationCase]:
    return [
        PopulationCase(
            case_ref=item["case_ref"],
            case_type=item["case_type"],
            disposal=item["disposal"],
            start_date=date.fromisoformat(item["start_date"]),
            gender=item["gender"],
            ethnicity=item["ethnicity"],
            rosh=item["rosh"],
            safety_wellbeing=item["safety_wellbeing"],
        )
        for item in record.population
    ]


def read_upload(
    upload: UploadedFile, name: str, mapping: Mapping[str, str], framework_id: str
) -> list[PopulationCase]:
    """Read an uploaded CSV or XLSX with the core, bounded by the upload limits before it is
    parsed; problems raise PopulationError (or InputError naming the limit)."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(f"{name}: upload a .csv or .xlsx file")
    limits = upload_limits()
    return parse_population(upload_bytes(upload, limits), name, mapping, framework_id, limits)


@transaction.atomic
def keep_population(
    inspection: Inspection,
    cases: list[PopulationCase],
    source_name: str,
    settings: SamplingSettings,
    user: User,
) -> SamplingRecord:
    """Store the population and settings; an unapplied earlier import is replaced."""
    record = SamplingRecord(
        inspection=inspection,
        source_name=source_name,
        fieldwork_start=settings.fieldwork_start,
        seed=settings.seed,
        confidence=settings.confidence,
        margin=settings.margin,
        court_share=settings.court_share,
        windows={k: list(v) for k, v in settings.windows.items()},
        minimum=settings.minimum,
        maximum=settings.maximum,
        population=[_stored(case) for case in cases],
        created_by=user,
    )
    sampling_plan(record)  # refuses impossible settings before anything is kept
    inspection.samplings.filter(applied_at__isnull=True).delete()
    record.save()
    audit(inspection, user, "sampling", "population", new=f"{len(cases)} cases",
          note=f"from {source_name}, seed {settings.seed}")  # fmt: skip
    return record


def sampling_plan(record: SamplingRecord) -> SamplingPlan:
    """The core's plan for the record, with its replacements replayed in order."""
    framework = record.inspection.framework
    if framework.sampling is not None and not splits_court_and_out_of_court(framework.sampling):
        # the framework's pools as it states them (002's 2025 method)
        result = plan_for_framework(
            _population(record),
            record.fieldwork_start,
            framework,
            seed=record.seed,
            confidence=record.confidence,
            margin=record.margin,
        )
    else:  # 004's two pools, with the settings the lead may change
        result = plan_for_framework(
            _population(record),
            record.fieldwork_start,
            load_framework("iyjs-2018") if framework.sampling is None else framework,
            seed=record.seed,
            confidence=record.confidence,
            margin=record.margin,
            court_share=record.court_share,
            windows={k: (int(v[0]), int(v[1])) for k, v in record.windows.items()},
            minimum=record.minimum,
            maximum=record.maximum,
        )
    for case_ref in record.replacements:
        result = result.replace(case_ref)
    return result


def _new_case(inspection: Inspection, case: PopulationCase) -> Case:
    return Case.objects.create(
        inspection=inspection,
        reference=case.case_ref,
        case_type=case.case_type,
        disposal=case.disposal,
        gender=case.gender,
        ethnicity=case.ethnicity,
        rosh=case.rosh,
        safety_wellbeing=case.safety_wellbeing,
    )


@transaction.atomic
def create_cases(record: SamplingRecord, user: User) -> int:
    """Create the sample's cases on the inspection; all of them or none."""
    inspection = record.inspection
    if record.applied_at is not None:
        raise ActionRefused("These cases were created already.")
    sample = sampling_plan(record).selection.sample
    taken = set(inspection.cases.values_list("reference", flat=True))
    clashes = sorted(c.case_ref for c in sample if c.case_ref in taken)
    if clashes:
        raise ActionRefused(f"The inspection already has cases {', '.join(clashes[:5])}.")
    for case in sample:
        _new_case(inspection, case)
    record.applied_at = timezone.now()
    record.save(update_fields=["applied_at"])
    audit(inspection, user, "sampling", "cases", new=f"{len(sample)} cases created",
          note=f"seed {record.seed}")  # fmt: skip
    return len(sample)


@transaction.atomic
def replace_with_reserve(record: SamplingRecord, case_ref: str, reason: str, user: User) -> str:
    """Replace a sampled case that cannot be inspected by the reserve that keeps the balance
    best; returns the reserve's reference. The replaced case is withdrawn, never deleted: it
    is kept with its history, and the reason is recorded."""
    if not reason.strip():
        raise ActionRefused("Say why the case cannot be inspected: it is recorded.")
    inspection = record.inspection
    case = inspection.cases.active().filter(reference=case_ref).first()
    if record.applied_at is None or case is None:
        raise ActionRefused(f"{case_ref} is not a sampled case of this inspection.")
    if case.answers.exclude(value="").exists():
        raise ActionRefused(f"{case_ref} has answers already: it cannot be replaced.")
    before = {c.case_ref for c in sampling_plan(record).selection.sample}
    record.replacements = [*record.replacements, case_ref]
    try:
        after = sampling_plan(record)
    except InputError as exc:  # no reserve of that case type is left
        raise ActionRefused(str(exc)) from exc
    added = [c for c in after.selection.sample if c.case_ref not in before]
    if len(added) != 1:
        raise ActionRefused(f"There is no reserve left to replace {case_ref}.")
    if inspection.cases.filter(reference=added[0].case_ref).exists():
        raise ActionRefused(f"The inspection already has a case {added[0].case_ref}.")
    withdraw_case(case, user, f"Replaced by reserve {added[0].case_ref}: {reason.strip()}")
    _new_case(inspection, added[0])
    record.save(update_fields=["replacements"])
    audit(inspection, user, "sampling", case_ref, field="case", old=case_ref,
          new=added[0].case_ref, note=reason.strip())  # fmt: skip
    return added[0].case_ref
