"""Events recorded before the chain existed are sealed by the data migration, oldest first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from yjinspect_web.audit.chain import verify

BEFORE = [("audit", None), ("workspace", "0005_panel_decision_figures")]
AFTER = [("workspace", "0006_audit_chain_and_scope"), ("audit", "0002_seal_existing_events")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_sealed_in_order() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state([BEFORE[1]]).apps
    service = apps.get_model("workspace", "Service").objects.create(name="Old YJS")
    user = apps.get_model("workspace", "User").objects.create(username="old-lead")
    inspection = apps.get_model("workspace", "Inspection").objects.create(
        service=service, framework_id="iyjs-2018", title="Old", fieldwork_start=dt.date(2020, 1, 1)
    )
    event_model = apps.get_model("workspace", "AuditEvent")
    for number in range(3):
        event_model.objects.create(
            inspection=inspection, user=user, action="answer", subject=f"2.1.{number}"
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from yjinspect_web.workspace.models import AuditEvent

    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.subject for e in events] == ["2.1.0", "2.1.1", "2.1.2"]
    assert [e.sequence for e in events] == [1, 2, 3]
    assert all(e.service_id == service.pk for e in events)
    assert verify().intact
