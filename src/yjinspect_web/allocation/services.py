"""Allocation and queues: who works on which case, and what each person has to do next.

The lead gives each case to an inspector or partner inspector on the team (one case, or many
at once), and every change of hands is recorded in the inspection's history. Each person's
queue lists their cases, returned ones first with the lead's comment; the lead's lists the
cases submitted and awaiting quality assurance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Case, Inspection, ReviewComment, TeamMember, User
from yjinspect_web.workspace.services import (
    ActionRefused,
    CaseProgress,
    audit,
    case_state_words,
    progress_of_cases,
    returned_comment,
)

ASSIGNABLE_ROLES = (
    TeamMember.TeamRole.LEAD,
    TeamMember.TeamRole.INSPECTOR,
    TeamMember.TeamRole.PARTNER,
    TeamMember.TeamRole.SERVICE_AUDITOR,
)
NOT_ASSIGNED = "Not assigned"
RETURNED = "returned"
"""A filter value beside the review states: in progress again after the lead returned it."""


def assignable_members(inspection: Inspection) -> QuerySet[TeamMember]:
    """The team members a case may be given to: everyone on the team who assesses cases."""
    return (
        inspection.team.filter(role__in=ASSIGNABLE_ROLES)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def _name(user: User | None) -> str:
    return user.display_name if user is not None else NOT_ASSIGNED


@transaction.atomic
def assign_cases(
    inspection: Inspection, cases: Iterable[Case], assignee: User | None, user: User
) -> int:
    """Give the cases to ``assignee`` (None takes them back); returns how many changed hands.

    Refused, changing nothing, for someone not on the team as an assessor, or a case that is
    locked. Each change is audited on its case.
    """
    if inspection.ratings_locked:
        raise ActionRefused("The ratings are locked: reopen them to change who has a case.")
    if assignee is not None and not assignable_members(inspection).filter(user=assignee).exists():
        raise ActionRefused(f"{assignee.display_name} is not on this inspection's team.")
    chosen = list(cases)
    if not chosen:
        raise ActionRefused("Choose at least one case.")
    changed = 0
    for case in chosen:
        if case.inspection_id != inspection.pk:
            raise ActionRefused(f"Case {case.reference} is not one of this inspection's cases.")
        if case.state in (Case.State.LOCKED, Case.State.WITHDRAWN):
            raise ActionRefused(f"Case {case.reference} is {case.get_state_display().lower()}.")
        if case.assigned_inspector_id == (assignee.pk if assignee else None):
            continue
        audit(inspection, user, "assign", case.reference, case=case, field="inspector",
              old=_name(case.assigned_inspector), new=_name(assignee))  # fmt: skip
        case.assigned_inspector = assignee
        case.save(update_fields=["assigned_inspector"])
        changed += 1
    return changed


# -- queues ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """A case as a list shows it: its progress, and the lead's comment if it was returned."""

    case: Case
    progress: CaseProgress
    returned: ReviewComment | None

    @property
    def state_label(self) -> str:
        return case_state_words(self.case)


def _rows(cases: QuerySet[Case]) -> list[CaseRow]:
    """The cases with their progress (counted by the database, one query per inspection)."""
    chosen = list(
        cases.select_related(
            "inspection", "inspection__service", "assigned_inspector"
        ).prefetch_related("sub_sample_decisions", "review_comments__author")
    )
    by_inspection: dict[int, list[Case]] = {}
    for case in chosen:
        by_inspection.setdefault(case.inspection_id, []).append(case)
    progress: dict[int, CaseProgress] = {}
    for group in by_inspection.values():
        progress |= progress_of_cases(group[0].inspection, group)
    return [CaseRow(case, progress[case.pk], returned_comment(case)) for case in chosen]


QUEUE_ORDER = {
    Case.State.IN_PROGRESS: 1,
    Case.State.SUBMITTED: 2,
    Case.State.QUALITY_ASSURED: 3,
}


def my_cases(user: User) -> list[CaseRow]:
    """The cases assigned to this person and not locked: returned ones first, then those in
    progress, submitted and quality-assured."""
    cases = Case.objects.filter(
        assigned_inspector=user,
        inspection__in=permissions.visible_inspections(user),
        state__in=list(QUEUE_ORDER),
    )
    rows = _rows(cases)
    rows.sort(
        key=lambda r: (
            0 if r.returned else QUEUE_ORDER[Case.State(r.case.state)],
            r.case.inspection.title,
            r.case.reference,
        )
    )
    return rows


def awaiting_quality_assurance(user: User) -> list[CaseRow]:
    """The submitted cases of the inspections this person leads."""
    led = Inspection.objects.filter(team__user=user, team__role=TeamMember.TeamRole.LEAD)
    cases = Case.objects.filter(inspection__in=led, state=Case.State.SUBMITTED)
    return sorted(_rows(cases), key=lambda r: (r.case.inspection.title, r.case.reference))


# -- the case list --------------------------------------------------------------------------


PROGRESS_FILTERS = {
    "not_started": "Not started",
    "started": "Started, not finished",
    "complete": "Every key question answered",
}
SORTS = {
    "reference": "Case reference",
    "state": "State",
    "assignee": "Inspector",
    "case_type": "Case type",
    "progress": "Progress (least answered first)",
}


@dataclass(frozen=True)
class CaseFilters:
    """What the case list shows: each filter empty for all; unknown values are ignored."""

    state: str = ""
    assignee: str = ""
    """A team member's user id, "none" for cases not assigned, or empty."""
    case_type: str = ""
    standard: str = ""
    progress: str = ""
    sort: str = "reference"

    @classmethod
    def from_query(cls, query: dict[str, str], inspection: Inspection) -> CaseFilters:
        framework = inspection.framework
        states = {*Case.State.values, RETURNED}
        members = {str(m.user_id) for m in assignable_members(inspection)} | {"none"}
        standards = {s.id for s in framework.standards if s.key_questions}

        def pick(name: str, allowed: set[str] | dict[str, str], default: str = "") -> str:
            value = query.get(name, "")
            return value if value in allowed else default

        return cls(
            state=pick("state", states),
            assignee=pick("assignee", members),
            case_type=pick("case_type", {c.id for c in framework.case_types}),
            standard=pick("standard", standards),
            progress=pick("progress", PROGRESS_FILTERS),
            sort=pick("sort", SORTS, "reference"),
        )

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def _answered(row: CaseRow, standard: str) -> tuple[int, int]:
    if standard:
        found = row.progress.by_standard.get(standard)
        return (found.answered, found.asked) if found else (0, 0)
    return row.progress.key_questions_answered, row.progress.key_questions_asked


def filtered_cases(inspection: Inspection, filters: CaseFilters) -> list[CaseRow]:
    """The inspection's cases that pass the filters, sorted as asked (withdrawn cases only
    when that state is chosen)."""
    cases = inspection.cases.all()
    if not filters.state:  # withdrawn cases are listed only when asked for
        cases = cases.exclude(state=Case.State.WITHDRAWN)
    if filters.state and filters.state != RETURNED:
        cases = cases.filter(state=filters.state)
    elif filters.state == RETURNED:
        cases = cases.filter(state=Case.State.IN_PROGRESS)
    if filters.assignee == "none":
        cases = cases.filter(assigned_inspector__isnull=True)
    elif filters.assignee:
        cases = cases.filter(assigned_inspector_id=int(filters.assignee))
    if filters.case_type:
        cases = cases.filter(case_type=filters.case_type)
    rows = _rows(cases)
    if filters.state == RETURNED:
        rows = [r for r in rows if r.returned]
    if filters.standard:
        rows = [r for r in rows if filters.standard in r.progress.by_standard]
    if filters.progress:
        rows = [
            r for r in rows if _progress_class(*_answered(r, filters.standard)) == filters.progress
        ]
    return sorted(rows, key=_sort_key(filters))


def _progress_class(answered: int, asked: int) -> str:
    if answered == 0 and asked > 0:
        return "not_started"
    return "complete" if answered == asked else "started"


def _sort_key(filters: CaseFilters) -> Callable[[CaseRow], tuple[Any, ...]]:
    def key(row: CaseRow) -> tuple[Any, ...]:
        case = row.case
        if filters.sort == "state":
            first: Any = row.state_label
        elif filters.sort == "assignee":
            first = (case.assigned_inspector is None, _name(case.assigned_inspector))
        elif filters.sort == "case_type":
            first = case.case_type
        elif filters.sort == "progress":
            answered, asked = _answered(row, filters.standard)
            first = answered / asked if asked else 1.0
        else:
            first = ""
        return (first, case.reference)

    return key
