"""Retention: case details and answers of settled inspections are not kept for ever.

``yjinspect retention --older-than YEARS`` finds the inspections (and self-assessments) whose
ratings are locked and whose fieldwork ended (or, without an end, started) more than YEARS
years ago. For each, first its figures are stored (:class:`RetainedFigures`: the key question
and prompt counts, judged ratings, panel ratings and rationales, and the case counts of the
methodology), checked to rate exactly as before; then every record about its cases' work is
removed (answers and their evidence, sub-sample decisions, review comments, second markings:
whatever the database deletes with a case) and each case's details are blanked (disposal,
gender, ethnicity, the two risk classifications, the reason for a withdrawal), and its
sampling populations are deleted. The cases' references (which identify no one) stay, as the
history refers to them. One event in the inspection's history records what went. A dry run
lists the same and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from yjinspect.errors import InputError
from yjinspect_web.reporting import case_counts
from yjinspect_web.safety.models import RetainedFigures
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import AuditEvent, Case, Inspection

BLANKED = ("disposal", "gender", "ethnicity", "rosh", "safety_wellbeing")


@dataclass(frozen=True)
class Due:
    """An inspection whose case details are due to go, and what would go."""

    inspection: Inspection
    ended: dt.date
    cases: int
    removed: dict[str, int]


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _case_relations() -> list[Any]:
    """Everything the database deletes with a case (answers, decisions, comments, second
    markings): the relations to Case that cascade, but never the history."""
    return [
        relation
        for relation in Case._meta.related_objects
        if relation.on_delete is models.CASCADE and relation.related_model is not AuditEvent
    ]


def _removable(inspection: Inspection) -> dict[str, int]:
    cases = Case.objects.filter(inspection=inspection)
    found = {}
    for relation in _case_relations():
        model = relation.related_model
        count = model.objects.filter(**{f"{relation.field.name}__in": cases}).count()
        if count:
            found[str(model._meta.verbose_name_plural)] = count
    populations = inspection.samplings.count()
    if populations:
        found["sampling populations"] = populations
    return found


def due(older_than_years: int, today: dt.date | None = None) -> list[Due]:
    """The settled inspections past the period whose case details have not yet gone."""
    if older_than_years < 1:
        raise InputError("--older-than is a whole number of years, at least 1")
    cutoff = years_before(today or timezone.localdate(), older_than_years)
    found = (
        Inspection.objects.filter(ratings_locked=True)
        .exclude(kind=Inspection.Kind.PUBLISHED)
        .filter(retained_figures__isnull=True)
        .filter(
            Q(fieldwork_end__lt=cutoff) | Q(fieldwork_end__isnull=True, fieldwork_start__lt=cutoff)
        )
        .select_related("service")
        .order_by("fieldwork_start", "pk")
    )
    return [
        Due(
            inspection,
            inspection.fieldwork_end or inspection.fieldwork_start,
            inspection.cases.count(),
            _removable(inspection),
        )
        for inspection in found
    ]


def _standard_figures(standard: dict[str, Any], prompts: dict[str, list[int]]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if standard["rated_by"] == "judgement":
        if standard["rating"] and standard["rating"] != "Not rated":
            figures["rating"] = standard["rating"]
    else:
        counted = {
            kq["id"]: {"yes": kq["yes"], "relevant": kq["relevant"]}
            for kq in standard["key_questions"]
            if kq["relevant"] is not None
        }
        if counted:
            figures["key_questions"] = counted
        for kq in standard["key_questions"]:
            for prompt in kq.get("prompts", []):
                if prompt["relevant"] is not None:
                    prompts[prompt["id"]] = [prompt["yes"], prompt["relevant"]]
    if standard["panel_rating"]:
        figures["panel_rating"] = standard["panel_rating"]
        figures["panel_rationale"] = standard["panel_rationale"]
    return figures


def _figures(inspection: Inspection) -> dict[str, Any]:
    """The inspection's figures as a summary ``yjinspect rate`` reads, with its prompts."""
    result = services.inspection_result(inspection).to_dict()
    standards: dict[str, Any] = {}
    prompts: dict[str, list[int]] = {}
    for standard in result["standards"]:
        if figures := _standard_figures(standard, prompts):
            standards[standard["id"]] = figures
    summary = {"framework": inspection.framework_id, "standards": standards}
    if result.get("service"):
        summary["service"] = result["service"]
    return {"summary": summary, "prompts": prompts, "before": result}


def remove(item: Due, older_than_years: int) -> RetainedFigures:
    """Store the inspection's figures, check they rate as before, then remove its case
    details; all in one transaction, recorded in its history."""
    inspection = item.inspection
    with transaction.atomic():
        figures = _figures(inspection)
        counts = case_counts(inspection)
        retained = RetainedFigures(
            inspection=inspection,
            summary=figures["summary"],
            prompts=figures["prompts"],
            case_counts={
                "case_types": counts.by_case_type,
                "sub_samples": counts.by_sub_sample,
            },
            removed=item.removed,
            older_than_years=older_than_years,
        )
        if retained.result().to_dict() != figures["before"]:
            raise InputError(
                f"inspection {inspection.pk} ({inspection.title}): its stored figures would "
                "not rate as it does now, so nothing was removed"
            )
        retained.save()
        cases = Case.objects.filter(inspection=inspection)
        for relation in _case_relations():
            relation.related_model.objects.filter(**{f"{relation.field.name}__in": cases}).delete()
        cases.update(**{name: "" for name in BLANKED}, withdrawn_reason="")
        inspection.samplings.all().delete()
        services.audit(
            inspection,
            None,  # the command line: no person signed in
            "retention",
            "case details",
            old=f"{item.cases} cases' details; " + listed(item.removed),
            new="removed; ratings, figures and report kept",
            note=f"retention period {older_than_years} years; fieldwork ended {item.ended}",
        )
    return retained


def listed(removed: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in removed.items()) or "nothing else"


def run(
    older_than_years: int, dry_run: bool, each: Callable[[Due], None] | None = None
) -> list[Due]:
    """The inspections due (a dry run stops there), each removed in turn."""
    found = due(older_than_years)
    if dry_run:
        return found
    for item in found:
        remove(item, older_than_years)
        if each is not None:
            each(item)
    return found
