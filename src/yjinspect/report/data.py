"""What a report is made from. Everything numeric comes from the core's rating result; people
write only the narrative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from yjinspect.errors import InputError
from yjinspect.rating import InspectionResult
from yjinspect.yamlio import load_yaml


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

    foreword: str = ""
    foreword_by: str = ""
    summary: str = ""
    domains: dict[str, DomainNarrative] = {}
    standards: dict[str, StandardNarrative] = {}
    recommendations: list[Recommendation] = []


def read_narrative(path: Path) -> Narrative:
    """A narrative file (YAML or JSON); one-line errors."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path.name} is not valid YAML or JSON") from exc
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


@dataclass(frozen=True)
class ReportData:
    """Everything a report needs. ``locked`` False means a draft (watermarked)."""

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
    contextual_facts: tuple[tuple[str, str], ...] = ()
    generated_on: date | None = None
    source: str = ""
