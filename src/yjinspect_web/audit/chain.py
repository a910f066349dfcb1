"""The tamper-evident chain of audit events.

Each event carries ``sequence`` (its place: 1, 2, 3, ...), ``previous_hash`` (the hash of
the event before it; empty for the first) and ``hash``: SHA-256 over :func:`canonical`, a
fixed JSON serialisation of the event's fields and the previous hash. Changing any recorded
field of any event, removing an event, or reordering events breaks the chain at that event,
and :func:`verify` names it.

Sealing happens inside the transaction that records the event, holding a lock on the
:class:`~yjinspect_web.audit.models.ChainHead` row: ``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite the workspace opens every transaction ``IMMEDIATE`` (settings), which
already lets one writer in at a time. So concurrent writers are sealed one after another
and never share a sequence number (which is also unique in the database).

What it does not do: someone who can write to the database AND recompute every later hash
can rewrite history undetected by the chain alone. Keep the latest hash that ``yjinspect
audit verify`` prints somewhere else (a ticket, a board paper): a rewritten chain will not
end in it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect_web.audit.models import ChainHead
from yjinspect_web.workspace.models import AuditEvent

#: The fields sealed into each event's hash, in the canonical serialisation's key names.
SEALED_FIELDS = (
    "sequence",
    "at",
    "inspection",
    "case",
    "service",
    "person",
    "user",
    "action",
    "subject",
    "field",
    "old",
    "new",
    "note",
    "previous_hash",
)


def _timestamp(value: datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(event: Any) -> bytes:
    """The bytes an event's hash is taken over: a JSON object with sorted keys, no spaces,
    UTF-8, the time in UTC to the microsecond, related records by their ids."""
    data = {
        "sequence": event.sequence,
        "at": _timestamp(event.at),
        "inspection": event.inspection_id,
        "case": event.case_id,
        "service": event.service_id,
        "person": event.person_id,
        "user": event.user_id,
        "action": event.action,
        "subject": event.subject,
        "field": event.field,
        "old": event.old,
        "new": event.new,
        "note": event.note,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(event: Any) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a database emptied by hand: start again after the last event kept
        last = AuditEvent.objects.exclude(sequence=None).order_by("-sequence").first()
        ChainHead.objects.get_or_create(
            pk=1,
            defaults={"sequence": last.sequence if last else 0, "hash": last.hash if last else ""},
        )
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def seal(event: AuditEvent, save: Callable[[], None]) -> None:
    """Give a new event its place, time and hash, and save it, all under the chain's lock."""
    if event.service_id is None and event.inspection is not None:
        event.service_id = event.inspection.service_id  # every event names its service
    with transaction.atomic():
        head = _locked_head()
        event.sequence = head.sequence + 1
        event.previous_hash = head.hash
        event.at = timezone.now()
        event.hash = digest(event)
        save()
        head.sequence = event.sequence
        head.hash = event.hash
        head.save(update_fields=["sequence", "hash"])


# -- verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """Where the chain breaks: the event (None when the latest events are missing) and why."""

    event: AuditEvent | None
    reason: str

    def describe(self) -> str:
        if self.event is None:
            return self.reason
        event = self.event
        when = _timestamp(event.at)[:19].replace("T", " ")
        place = f"number {event.sequence}" if event.sequence is not None else "without a number"
        return (
            f"event {event.pk} ({place} in the chain, recorded {when} UTC, "
            f"{event.action} {event.subject!r}) {self.reason}"
        )


@dataclass(frozen=True)
class Verification:
    events: int
    latest_hash: str
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def _events() -> Iterator[AuditEvent]:
    return AuditEvent.objects.exclude(sequence=None).order_by("sequence").iterator(2000)


def verify(progress: Callable[[int], None] | None = None) -> Verification:
    """Walk the chain from the first event; stop at the first one that does not hold."""
    unsealed = AuditEvent.objects.filter(sequence=None).order_by("id").first()
    if unsealed is not None:
        return Verification(0, "", Break(unsealed, "has no place in the chain (not sealed)"))
    expected_sequence, previous, count = 1, "", 0
    for event in _events():
        found = event.sequence or 0
        if found != expected_sequence:
            missing = f"{expected_sequence}" + (
                f" to {found - 1}" if found - 1 > expected_sequence else ""
            )
            reason = f"follows a gap: event number {missing} before it is missing"
            return Verification(count, previous, Break(event, reason))
        if event.previous_hash != previous:
            reason = "does not follow the event before it (its previous hash differs)"
            return Verification(count, previous, Break(event, reason))
        if event.hash != digest(event):
            reason = "was changed after it was recorded (its hash does not match its contents)"
            return Verification(count, previous, Break(event, reason))
        previous, expected_sequence, count = event.hash, expected_sequence + 1, count + 1
        if progress is not None:
            progress(1)
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence, head.hash) != (count, previous):
        reason = (
            f"The latest events are missing: the chain ends at number {count}, but number "
            f"{head.sequence} was recorded."
            if head.sequence > count
            else "The chain's head does not match its last event."
        )
        return Verification(count, previous, Break(None, reason))
    return Verification(count, previous, None)
