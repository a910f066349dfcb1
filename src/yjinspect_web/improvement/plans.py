"""Improvement plans: made from an inspection's recommendations, changed with every change
recorded, counted in the database, and read as rows for pages, exports and board packs. The
rules (status, RAG, overdue, counts) are the core's (:mod:`yjinspect.improvement`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db import models, transaction
from django.db.models import Count, Max, QuerySet

from yjinspect.improvement import (
    PLAN_NEXT,
    PLAN_STATES,
    STATUSES,
    Figure,
    RagResult,
    StatusCounts,
    figure_of,
    long_date,
    status_counts,
)
from yjinspect.rating import InspectionResult
from yjinspect_web.improvement.models import Action, ActionUpdate, Plan, PlanEvent, Recommendation
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, User

ACTION_FIELDS = (
    "reference", "area", "description", "lead", "lead_agency", "start_date", "due_date",
    "measure", "baseline", "target", "question_id", "status", "rag_override",
    "rag_override_reason",
)  # fmt: skip


def record(
    plan: Plan, user: User, what: str, *, action: Action | None = None, field: str = "",
    old: str = "", new: str = "",
) -> PlanEvent:  # fmt: skip
    """Add one event to the plan's history (append-only)."""
    return PlanEvent.objects.create(
        plan=plan, action=action, user=user, what=what, field=field, old=old, new=new
    )


def shown(action: Action, field: str) -> str:
    """A field's value as people read it (the words of a status, a person's name, a date)."""
    value = getattr(action, field)
    if field == "lead":
        return value.display_name if value is not None else ""
    if isinstance(value, date):
        return long_date(value)
    display = getattr(action, f"get_{field}_display", None)
    return str(display()) if callable(display) and value else str(value or "")


@transaction.atomic
def plan_from_inspection(inspection: Inspection, user: User, title: str = "") -> Plan:
    """A draft plan with one proposed action per recommendation of the inspection (reference
    R1, R2, ...; the recommendation as its area; no lead or dates yet)."""
    plan = Plan.objects.create(
        service=inspection.service,
        inspection=inspection,
        title=title or f"Improvement plan after {inspection.title}",
        created_by=user,
    )
    record(plan, user, "Plan made", new=f"from the recommendations of {inspection.title}")
    for recommendation in Recommendation.objects.filter(inspection=inspection):
        action = Action.objects.create(
            plan=plan,
            reference=f"R{recommendation.number}",
            area=recommendation.text[:300],
            description="To be agreed.",
            question_id=recommendation.concerns[0] if recommendation.concerns else "",
        )
        action.recommendations.add(recommendation)
        record(plan, user, "Action added", action=action, new=action.reference)
    return plan


def log_action_changes(action: Action, before: dict[str, str], user: User, what: str) -> None:
    """Record each field of an action that changed (old and new, in words)."""
    for field in ACTION_FIELDS:
        now = shown(action, field)
        if before.get(field, "") != now:
            record(action.plan, user, what, action=action, field=field_label(Action, field),
                   old=before.get(field, ""), new=now)  # fmt: skip


def field_label(model: type[models.Model], name: str) -> str:
    """A model field's name as people read it."""
    found = model._meta.get_field(name)
    return str(getattr(found, "verbose_name", name)).capitalize()


def last_change(action: Action) -> str:
    """The id of the action's last recorded change: the version a page was made from."""
    last = PlanEvent.objects.filter(action=action).order_by("-id").values_list("id", flat=True)
    return str(last.first() or 0)


def snapshot(action: Action) -> dict[str, str]:
    return {field: shown(action, field) for field in ACTION_FIELDS}


@transaction.atomic
def post_update(action: Action, user: User, update: ActionUpdate) -> None:
    """A progress update; the action takes the update's status."""
    update.action = action
    update.author = user
    update.save()
    record(action.plan, user, "Update posted", action=action, new=update.progress[:200])
    if action.status != update.status:
        record(action.plan, user, "Update posted", action=action, field="Status",
               old=STATUSES[action.status], new=STATUSES[update.status])  # fmt: skip
        action.status = update.status
        action.save(update_fields=["status"])


@transaction.atomic
def change_state(plan: Plan, user: User, state: str, on: date) -> None:
    """Move the plan on in its life, recording the date where the state has one."""
    if state not in PLAN_NEXT[plan.state]:
        raise ValueError(f"a plan that is {PLAN_STATES[plan.state].lower()} cannot become that")
    old = plan.state_label
    plan.state = state
    if state == "endorsed":
        plan.endorsed_on = on
    elif state == "submitted":
        plan.submitted_on = on
    elif state == "closed":
        plan.closed_on = on
    plan.save()
    record(plan, user, "Plan state", field="State", old=old,
           new=f"{plan.state_label} ({long_date(on)})")  # fmt: skip


def counts(plan: Plan) -> StatusCounts:
    """The plan's status counts, counted by the database (one GROUP BY)."""
    rows = plan.actions.values("status").annotate(n=Count("id")).order_by()
    return status_counts({row["status"]: row["n"] for row in rows})


@dataclass
class ActionRow:
    """An action as pages, exports and board packs show it."""

    action: Action
    rag: RagResult
    overdue: bool
    latest: ActionUpdate | None
    recommendation_numbers: list[int]

    @property
    def recommendations_text(self) -> str:
        return ", ".join(str(n) for n in self.recommendation_numbers)

    @property
    def latest_text(self) -> str:
        if self.latest is None:
            return ""
        return f"{long_date(self.latest.on)}: {self.latest.progress}"


def action_rows(actions: QuerySet[Action], today: date) -> list[ActionRow]:
    """Rows for these actions, with their RAG and their latest update dated ``today`` or
    before (as of a board meeting's date, the updates posted by then); three queries."""
    actions = actions.select_related("plan", "lead").prefetch_related("recommendations")
    listed = list(actions)
    latest_ids = (
        ActionUpdate.objects.filter(action__in=listed, on__lte=today)
        .values("action")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    latest = {u.action_id: u for u in ActionUpdate.objects.filter(id__in=list(latest_ids))}
    return [
        ActionRow(
            action,
            action.rag(today),
            action.overdue(today),
            latest.get(action.pk),
            sorted(r.number for r in action.recommendations.all()),
        )
        for action in listed
    ]


def latest_self_assessment(plan: Plan) -> Inspection | None:
    return (
        Inspection.objects.filter(service=plan.service, kind=Inspection.Kind.SELF_ASSESSMENT)
        .order_by("-fieldwork_start", "-id")
        .first()
    )


class Figures:
    """For a plan's linked key questions and prompts: the inspection's figure and the latest
    self-assessment's, each rated once per request."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    @cached_property
    def inspection(self) -> InspectionResult | None:
        source = self.plan.inspection
        return services.inspection_result(source) if source is not None else None

    @cached_property
    def self_assessment_source(self) -> Inspection | None:
        return latest_self_assessment(self.plan)

    @cached_property
    def self_assessment(self) -> InspectionResult | None:
        source = self.self_assessment_source
        return services.inspection_result(source) if source is not None else None

    def of(
        self, question_id: str, baseline: Inspection | None = None
    ) -> tuple[Figure | None, Figure | None]:
        """The baseline figure (``baseline``'s, else the plan's inspection's) and the latest
        self-assessment's."""
        if not question_id:
            return None, None
        source = (
            services.inspection_result(baseline)
            if baseline is not None and baseline.pk != self.plan.inspection_id
            else self.inspection
        )
        before = figure_of(source, question_id) if source else None
        latest = figure_of(self.self_assessment, question_id) if self.self_assessment else None
        return before, latest

    def linked(self, actions: Iterable[Action]) -> list[tuple[str, Figure | None, Figure | None]]:
        """Each linked key question or prompt once, in the order first linked."""
        seen: dict[str, None] = {}
        for action in actions:
            if action.question_id:
                seen.setdefault(action.question_id)
        return [(qid, *self.of(qid)) for qid in seen]


def next_reference(plan: Plan, prefix: str = "A") -> str:
    taken = set(plan.actions.values_list("reference", flat=True))
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def export_rows(rows: Sequence[ActionRow]) -> list[list[str]]:
    """The plan as a table for CSV, XLSX and PDF: words, never codes."""
    table = [list(EXPORT_HEADINGS)]
    for row in rows:
        action = row.action
        table.append([
            action.reference, row.recommendations_text, action.area, action.description,
            action.lead.display_name if action.lead else "", action.agency_label,
            long_date(action.due_date) if action.due_date else "", action.status_label,
            row.rag.label + (" (overridden)" if row.rag.overridden else ""), row.latest_text,
        ])  # fmt: skip
    return table


EXPORT_HEADINGS = (
    "Reference", "Recommendation", "Area for improvement", "Action", "Lead", "Agency",
    "Due date", "Status", "RAG", "Latest update",
)  # fmt: skip
