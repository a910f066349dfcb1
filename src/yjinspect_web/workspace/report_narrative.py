"""Reading and saving a report's narrative from the narrative page's fields.

Lists (strengths, areas for improvement) are one item per line; recommendations are rows of
(who it is for, text, the ids it concerns), kept as records by the improvement app and fixed
once the ratings are locked. The narrative keeps only words: the contextual facts, caseload,
staffing and characteristics are the service's profile's, computed from counts (issue 15), so
no figure is typed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from yjinspect.framework import Framework
from yjinspect.improvement import parse_concerns
from yjinspect.report.data import (
    DomainNarrative,
    Narrative,
    Recommendation,
    StandardNarrative,
)
from yjinspect_web.improvement import recommendations as records
from yjinspect_web.workspace.models import Inspection, ReportNarrative, User
from yjinspect_web.workspace.services import audit

AUDIENCES = (
    "The youth justice service",
    "The youth justice service's executive board",
    "The Youth Justice Board",
)
BLANK_RECOMMENDATION_ROWS = 3


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class ParsedNarrative:
    narrative: Narrative
    problems: list[str] = field(default_factory=list)


def _recommendations(
    framework: Framework, data: Mapping[str, str], problems: list[str]
) -> list[Recommendation]:
    found = []
    index = 0
    while f"rec-{index}-text" in data:
        text = data.get(f"rec-{index}-text", "").strip()
        audience = data.get(f"rec-{index}-audience", "").strip()
        concerns, unknown = parse_concerns(framework, data.get(f"rec-{index}-concerns", ""))
        if unknown:
            problems.append(
                f"Recommendation {index + 1}, what it concerns: no standard, key question or "
                f"prompt of {framework.id} is numbered {', '.join(unknown)}."
            )
        if text:
            found.append(
                Recommendation(text=text, audience=audience or AUDIENCES[0], concerns=concerns)
            )
        elif audience and audience not in AUDIENCES:
            problems.append(f"Recommendation {index + 1} names who it is for but has no text.")
        index += 1
    return found


def parse(framework: Framework, data: Mapping[str, str]) -> ParsedNarrative:
    problems: list[str] = []
    narrative = Narrative(
        acknowledgements=data.get("acknowledgements", "").strip(),
        background=data.get("background", "").strip(),
        foreword=data.get("foreword", "").strip(),
        foreword_by=data.get("foreword_by", "").strip(),
        summary=data.get("summary", "").strip(),
        domains={
            d.id: DomainNarrative(
                summary=data.get(f"domain-{d.id}-summary", "").strip(),
                strengths=_lines(data.get(f"domain-{d.id}-strengths", "")),
                areas_for_improvement=_lines(data.get(f"domain-{d.id}-areas", "")),
            )
            for d in framework.domains
        },
        standards={
            s.id: StandardNarrative(
                summary=data.get(f"standard-{s.id}-summary", "").strip(),
                strengths=_lines(data.get(f"standard-{s.id}-strengths", "")),
                areas_for_improvement=_lines(data.get(f"standard-{s.id}-areas", "")),
            )
            for s in framework.standards
        },
        recommendations=_recommendations(framework, data, problems),
    )
    return ParsedNarrative(narrative, problems)


def fields_of(narrative: Narrative) -> dict[str, str]:
    """The page's field values for a stored narrative."""
    values = {
        "acknowledgements": narrative.acknowledgements,
        "background": narrative.background,
        "foreword": narrative.foreword,
        "foreword_by": narrative.foreword_by,
        "summary": narrative.summary,
    }
    for domain_id, part in narrative.domains.items():
        values[f"domain-{domain_id}-summary"] = part.summary
        values[f"domain-{domain_id}-strengths"] = "\n".join(part.strengths)
        values[f"domain-{domain_id}-areas"] = "\n".join(part.areas_for_improvement)
    for standard_id, section in narrative.standards.items():
        values[f"standard-{standard_id}-summary"] = section.summary
        values[f"standard-{standard_id}-strengths"] = "\n".join(section.strengths)
        values[f"standard-{standard_id}-areas"] = "\n".join(section.areas_for_improvement)
    rows = [*narrative.recommendations]
    for index in range(len(rows) + BLANK_RECOMMENDATION_ROWS):
        recommendation = rows[index] if index < len(rows) else None
        values[f"rec-{index}-text"] = recommendation.text if recommendation else ""
        values[f"rec-{index}-audience"] = recommendation.audience if recommendation else ""
        values[f"rec-{index}-concerns"] = ", ".join(
            recommendation.concerns if recommendation else []
        )
    return values


@transaction.atomic
def save(
    inspection: Inspection, parsed: ParsedNarrative, seen_version: int, user: User
) -> tuple[ReportNarrative, bool]:
    """Save unless someone saved since ``seen_version``; audit each part that changed. The
    recommendations are kept as records (unchanged once the ratings are locked)."""
    record, _ = ReportNarrative.objects.select_for_update().get_or_create(
        inspection=inspection,
        defaults={"framework_id": inspection.framework_id, "updated_by": user},
    )
    if record.version != seen_version:
        return record, False
    before = [r.model_dump() for r in records.written(inspection)]
    content = parsed.narrative.model_copy(update={"recommendations": []}).model_dump()
    changed = [key for key in content if record.content.get(key) != content[key]]
    if records.replace(inspection, parsed.narrative.recommendations):
        audit(inspection, user, "report", "narrative", field="recommendations", old=str(before),
              new=str([r.model_dump() for r in parsed.narrative.recommendations]))  # fmt: skip
        changed.append("recommendations")
    if changed:
        for part in (c for c in changed if c != "recommendations"):
            audit(inspection, user, "report", "narrative", field=part,
                  old=str(record.content.get(part, "")),
                  new=str(content.get(part, "")))  # fmt: skip
        record.content = content
        record.updated_by = user
        record.framework_id = inspection.framework_id
        record.version += 1
        record.save()
    return record, True
