"""The audit trail is append-only and tamper-evident: each event is sealed to the one before
it, and `yjinspect audit verify` names the first event changed or removed behind the
application's back (issue 9, "History is never lost")."""

from __future__ import annotations

import hashlib
import itertools
import threading

import pytest
from django.db import connection, connections
from django.db.models import ProtectedError

from cli_runner import run
from yjinspect_web.audit.chain import canonical, verify
from yjinspect_web.audit.models import ChainHead
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import (
    AuditEvent,
    AuditTrailIsAppendOnly,
    Case,
    Inspection,
    User,
)


def _record(inspection: Inspection, user: User, count: int) -> list[AuditEvent]:
    for number in range(count):
        services.audit(inspection, user, "answer", f"2.1.{number}", field="value", new="yes")
    return list(AuditEvent.objects.order_by("sequence"))


def _raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_event_is_sealed_to_the_one_before(
    inspection: Inspection, people: dict[str, User]
) -> None:
    events = _record(inspection, people["lead"], 5)
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    last = events[-1]
    assert last.hash == hashlib.sha256(canonical(last)).hexdigest()
    head = ChainHead.objects.get(pk=1)
    assert (head.sequence, head.hash) == (last.sequence, last.hash)
    assert last.service_id == inspection.service_id  # every event names its service
    result = verify()
    assert result.intact and result.events == len(events)


def test_an_event_changed_by_raw_sql_is_detected_and_named(
    inspection: Inspection, people: dict[str, User]
) -> None:
    events = _record(inspection, people["lead"], 6)
    target = events[-3]
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET new = %s WHERE id = %s", "no", target.pk)
    result = verify()
    assert not result.intact and result.broken is not None
    assert result.broken.event == target
    assert "was changed after it was recorded" in result.broken.describe()
    assert f"event {target.pk} " in result.broken.describe()
    assert result.events == len(events) - 3  # the ones before it hold


def test_a_removed_event_is_detected_at_the_one_after_it(
    inspection: Inspection, people: dict[str, User]
) -> None:
    events = _record(inspection, people["lead"], 6)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", events[2].pk)
    result = verify()
    assert result.broken is not None and result.broken.event == events[3]
    assert f"event number {events[2].sequence} before it is missing" in result.broken.reason


def test_removing_the_latest_events_is_detected(
    inspection: Inspection, people: dict[str, User]
) -> None:
    events = _record(inspection, people["lead"], 4)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", events[-1].pk)
    result = verify()
    assert result.broken is not None and result.broken.event is None
    assert "latest events are missing" in result.broken.reason


def test_events_cannot_be_changed_or_deleted_and_protect_what_they_name(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    services.audit(inspection, people["lead"], "answer", "2.1.1", case=court_case, new="yes")
    event = AuditEvent.objects.get(case=court_case)
    event.new = "no"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(new="no")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(ProtectedError):  # an inspection with history cannot be deleted
        inspection.delete()
    with pytest.raises(ProtectedError):
        court_case.delete()
    assert verify().intact


def test_audit_verify_command(
    capsys: pytest.CaptureFixture[str], inspection: Inspection, people: dict[str, User]
) -> None:
    events = _record(inspection, people["lead"], 3)
    status, out, _ = run(capsys, "audit", "verify")
    assert status == 0, out
    assert "The audit trail is intact" in out and events[-1].hash in out
    status, out, _ = run(capsys, "audit", "verify", "--expect", events[-1].hash)
    assert status == 0
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET note = %s WHERE id = %s", "x", events[1].pk)
    status, out, _ = run(capsys, "audit", "verify")
    assert status == 1
    assert "BROKEN" in out and f"event {events[1].pk} " in " ".join(out.split())
    status, _, err = run(capsys, "audit", "verify", "--expect", "nothex")
    assert status == 2 and err.startswith("yjinspect: error: --expect")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_place_in_the_chain(
    inspection: Inspection, people: dict[str, User]
) -> None:
    """Eight threads recording at once: every event gets its own number and the chain holds.
    On PostgreSQL the chain's head row is locked (SELECT ... FOR UPDATE); SQLite runs every
    transaction IMMEDIATE."""
    if connection.vendor != "postgresql":
        pytest.skip("threads need a server database (run with scripts/postgres)")
    before = AuditEvent.objects.count()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(10):
                services.audit(inspection, people["lead"], "answer", "2.1.1", new="yes")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert AuditEvent.objects.count() == before + 80
    assert verify().intact
