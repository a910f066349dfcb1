"""Audit events in plain English, for the history pages and the CSV export: the codes stay in
the database; people read words."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from yjinspect.errors import InputError
from yjinspect_web.workspace.models import Answer, AuditEvent, Case

ACTIONS = {
    "answer": "Answer",
    "assign": "Case allocation",
    "change": "Changed",
    "create": "Created",
    "delete": "Deleted",
    "demo": "Demo loaded",
    "download": "Downloaded",
    "evidence": "Evidence of a judged standard",
    "judgement": "Rating of a judged standard",
    "lock": "Ratings locked",
    "moderation": "Moderation",
    "panel": "Panel rating",
    "published": "Published inspection",
    "reopen": "Ratings reopened",
    "report": "Report narrative",
    "review": "Review state",
    "sampling": "Sampling",
    "sign_in": "Sign-in",
    "sub_sample": "Sub-sample decision",
    "survey": "Survey results",
    "profile": "Service profile",
    "team": "Team",
    "withdraw": "Case withdrawn",
}
FIELDS = {"value": "answer", "state": "review state", "lockout": "lockout"}
VALUES = {
    "value": dict(Answer.Value.choices),
    "agreed answer": dict(Answer.Value.choices),
    "state": dict(Case.State.choices),
}


def words(code: str) -> str:
    """A code as words: 'sub_sample' -> 'Sub sample' (for codes not listed above)."""
    return code.replace("_", " ").strip().capitalize()


def action_label(code: str) -> str:
    return ACTIONS.get(code, words(code))


def value_label(field: str, value: str) -> str:
    return str(VALUES.get(field, {}).get(value, value))


@dataclass(frozen=True)
class EventRow:
    """One event as people read it (and as the CSV export writes it)."""

    sequence: str
    when: str
    who: str
    service: str
    inspection: str
    case: str
    person: str
    what: str
    item: str
    field: str
    old: str
    new: str
    note: str
    hash: str


CSV_HEADINGS = (
    "Number in the chain",
    "When (UK time)",
    "Who",
    "Service",
    "Inspection",
    "Case",
    "Person",
    "What",
    "Item",
    "Field",
    "From",
    "To",
    "Note",
    "Hash",
)


def _item(event: AuditEvent) -> str:
    """What changed: a sub-sample by its name, not the framework's id for it."""
    if event.action == "sub_sample" and event.inspection is not None:
        try:
            return event.inspection.framework.sub_sample(event.subject).name
        except (InputError, LookupError, ValueError):
            return words(event.subject)
    return event.subject


def row(event: AuditEvent) -> EventRow:
    """Needs ``user``, ``case``, ``inspection``, ``service`` and ``person`` selected."""
    when = timezone.localtime(event.at).strftime("%-d %b %Y %H:%M:%S")
    return EventRow(
        sequence=str(event.sequence or ""),
        when=when,
        who=event.user.display_name if event.user else "Command line",
        service=event.service.name if event.service else "",
        inspection=event.inspection.title if event.inspection else "",
        case=event.case.reference if event.case else "",
        person=event.person.display_name if event.person else "",
        what=action_label(event.action),
        item=_item(event),
        field=FIELDS.get(event.field, event.field.replace("_", " ")),
        old=value_label(event.field, event.old),
        new=value_label(event.field, event.new),
        note=event.note,
        hash=event.hash,
    )


def with_related(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    return events.select_related("user", "case", "inspection", "service", "person")
