"""What a report is made from. Everything numeric comes from the core's rating result; people
write only the narrative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from yjinspect.errors import InputError
from yjinspect.framework import Framework
from yjinspect.limits import DEFAULT_LIMITS, Limits, load_structured, read_text
from yjinspect.moderation import ModerationResult
from yjinspect.profile import Profile
from yjinspect.rating import InspectionResult
from yjinspect.surveys import SurveyResults


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Recommendation(_Strict):
    """A recommendation and who it is for: the YJS, its board, or another body (named)."""

    text: str
    audience: str = "The youth justice service"
    concerns: list[str] = []
    """The standards, key questions and prompts it concerns, by id (e.g. ``2.2.3e``)."""

    @field_validator("concerns", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        """An unquoted ``1.1`` in YAML is a number; ids are text."""
        if isinstance(value, list):
            return [str(v) if isinstance(v, int | float) else v for v in value]
        return value


class StandardNarrative(_Strict):
    """What the inspectors found for one standard."""

    summary: str = ""
    strengths: list[str] = []
    areas_for_improvement: list[str] = []


class DomainNarrative(_Strict):
    summary: str = ""
    strengths: list[str] = []
    areas_for_improvement: list[str] = []


class Narrative(_Strict):
    """The words of a report, entered per inspection. Headings, tables and figures are
    generated; nothing numeric is typed here."""

    acknowledgements: str = ""
    foreword: str = ""
    foreword_by: str = ""
    summary: str = ""
    background: str = ""
    domains: dict[str, DomainNarrative] = {}
    standards: dict[str, StandardNarrative] = {}
    recommendations: list[Recommendation] = []


def read_narrative(path: Path, limits: Limits = DEFAULT_LIMITS) -> Narrative:
    """A narrative file (YAML or JSON), bounded by ``limits`` before it is parsed."""
    data = load_structured(read_text(path, limits), path.name, limits=limits)
    try:
        return Narrative.model_validate(_string_keys(data or {}))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = " > ".join(str(p) for p in error["loc"])
        raise InputError(f"{path.name}: {where}: {error['msg']}") from exc


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


@dataclass(frozen=True)
class CaseCounts:
    """The sample the methodology annexe describes: cases per case type and, per sub-sample,
    how many cases were in it (004, Annexe 1)."""

    by_case_type: dict[str, int] = field(default_factory=dict)
    by_sub_sample: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PreviousInspection:
    """The previous inspection of the same service, shown beside this one."""

    label: str
    result: InspectionResult


INSPECTORATE = "HM Inspectorate of Probation"
"""Who publishes an inspection's report (004's and 002's covers)."""


def report_title(framework: Framework, kind: str, place: str) -> str:
    """The title as the Inspectorate's covers give it, from the kind of inspection, the
    framework's subject and the place: 'An inspection of youth offending services in
    Blackpool' (004), 'An inspection of youth justice work with children and victims in
    Blackpool' (002); a self-assessment is 'A self-assessment of ...'."""
    subject = framework.report_subject or framework.name
    lead = "A self-assessment" if kind == "self_assessment" else "An inspection"
    title = f"{lead} of {subject}"
    return f"{title} in {place}" if place.strip() else title


@dataclass(frozen=True)
class ReportData:
    """Everything a report needs. ``locked`` False means a draft (watermarked). ``place`` is
    where the service works (its local authority), shown large on the cover as 004 does;
    ``publisher`` and ``issued`` make the cover's last line ('HM Inspectorate of Probation,
    September 2021')."""

    result: InspectionResult
    title: str
    service: str
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    kind: str = "inspection"
    locked: bool = False
    narrative: Narrative = field(default_factory=Narrative)
    previous: PreviousInspection | None = None
    case_counts: CaseCounts | None = None
    generated_on: date | None = None
    source: str = ""
    place: str = ""
    publisher: str = INSPECTORATE
    issued: date | None = None
    moderation: ModerationResult | None = None
    """Double marking (``yjinspect.moderation``): how far a blind second marking of some cases
    agreed with the team's; shown in the methodology annexe."""
    moderated_cases: int = 0
    profile: Profile | None = None
    """The service's profile (``yjinspect.profile``): when given, the contextual facts page and
    the staffing and caseload characteristics tables are generated from it (004's layout)."""
    surveys: tuple[SurveyResults, ...] = ()
    """The inspection's surveys (``yjinspect.surveys``), each beside the last inspection's."""
