"""Seal the events recorded before the chain existed, oldest first, and give each the
service of its inspection; then record the chain's head."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.db import migrations
from django.utils import timezone


def _canonical(event: Any) -> bytes:
    # Frozen copy of yjinspect_web.audit.chain.canonical as it was when this ran.
    at = event.at if not timezone.is_naive(event.at) else timezone.make_aware(event.at, UTC)
    data = {
        "sequence": event.sequence,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
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


def seal(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("workspace", "AuditEvent")
    head_model = apps.get_model("audit", "ChainHead")
    previous, sequence = "", 0
    events = event_model.objects.filter(sequence=None).select_related("inspection")
    for event in events.order_by("at", "id").iterator(2000):
        sequence += 1
        event.sequence = sequence
        event.previous_hash = previous
        if event.service_id is None and event.inspection_id is not None:
            event.service_id = event.inspection.service_id
        event.hash = hashlib.sha256(_canonical(event)).hexdigest()
        event.save(update_fields=["sequence", "previous_hash", "service", "hash"])
        previous = event.hash
    head_model.objects.update_or_create(pk=1, defaults={"sequence": sequence, "hash": previous})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_chain_head"),
        ("workspace", "0006_audit_chain_and_scope"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
