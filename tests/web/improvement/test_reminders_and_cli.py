"""``yjinspect remind`` (console email, idempotent per day, recorded) and ``yjinspect plan``
(the service's current plan as CSV, XLSX or PDF)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core import mail

from cli_runner import run
from yjinspect import cli
from yjinspect_web.improvement.models import Plan, Reminder
from yjinspect_web.improvement.reminders import remind
from yjinspect_web.workspace.models import User

from .conftest import days


@pytest.fixture(autouse=True)
def no_migrate(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test database is set up already."""
    monkeypatch.setattr(cli, "_setup_workspace", lambda: None)


@pytest.fixture
def due_plan(plan: Plan, partner_lead: User, people: dict[str, User]) -> Plan:
    partner_lead.email = "lead@example.org"
    partner_lead.save()
    people["manager"].email = "manager@example.org"
    people["manager"].save()
    overdue = plan.actions.get(reference="R1")
    overdue.lead, overdue.due_date, overdue.status = partner_lead, days(-2), "on_track"
    overdue.save()
    soon = plan.actions.get(reference="R2")
    soon.lead, soon.due_date = partner_lead, days(5)
    soon.save()
    later = plan.actions.get(reference="R3")
    later.due_date = days(60)
    later.save()
    return plan


def test_leads_and_managers_are_reminded_once_a_day(due_plan: Plan) -> None:
    today = days(0)
    result = remind(today, 14)
    assert len(result.sent) == 2 and result.already == 0
    lead_mail, digest = mail.outbox
    assert lead_mail.to == ["lead@example.org"]
    assert lead_mail.subject == "2 actions of yours due or overdue"
    assert "R1" in lead_mail.body and "overdue by 2 days" in lead_mail.body
    assert "R2" in lead_mail.body and "R3" not in lead_mail.body
    assert (
        digest.to == ["manager@example.org"] and "1 overdue, 1 due within 14 days" in digest.subject
    )
    again = remind(today, 14)
    assert not again.sent and again.already == 2 and len(mail.outbox) == 2
    reminder = Reminder.objects.get(kind="lead")
    assert sorted(a.reference for a in reminder.actions.all()) == ["R1", "R2"]
    # the next day, the reminders go again
    assert len(remind(days(1), 14).sent) == 2


def test_no_address_no_email(due_plan: Plan, partner_lead: User) -> None:
    partner_lead.email = ""
    partner_lead.save()
    result = remind(days(0), 14)
    assert result.no_address == ["Pat Health"] and len(mail.outbox) == 1


def test_remind_command(due_plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "remind", "--days", "7", "--today", days(0).isoformat())
    assert status == 0
    assert "Pat Health" in out and "Their actions" in out and "2 sent; 0 already sent today." in out
    status, out, _ = run(capsys, "remind", "--days", "7", "--today", days(0).isoformat())
    assert "0 sent; 2 already sent today." in out
    status, _, err = run(capsys, "remind", "--today", "tomorrow")
    assert status == 2 and err.startswith("yjinspect: error: --today 'tomorrow' is not a date")


def test_plan_command(due_plan: Plan, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = [tmp_path / "plan.csv", tmp_path / "plan.xlsx", tmp_path / "plan.pdf"]
    status, out, err = run(capsys, "plan", "northtown yjs", "--csv", str(files[0]),
                           "--xlsx", str(files[1]), "--pdf", str(files[2]))  # fmt: skip
    assert status == 0, err
    assert "Wrote" in out and "3 actions" in out
    rows = list(csv.reader(io.StringIO(files[0].read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Reference", "Recommendation", "Area for improvement", "Action", "Lead",
                       "Agency", "Due date", "Status", "RAG", "Latest update"]  # fmt: skip
    assert rows[1][0] == "R1" and rows[1][4] == "Pat Health" and rows[1][8] == "Red"
    sheet = openpyxl.load_workbook(files[1]).active
    assert sheet is not None and sheet["H2"].value == "On track"
    assert files[2].read_bytes().startswith(b"%PDF")


def test_plan_command_errors(plan: Plan, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "plan", "Nowhere", "--csv", "/tmp/x.csv")
    assert status == 2 and "no service named 'Nowhere'" in err
    status, _, err = run(capsys, "plan", "Northtown YJS")
    assert status == 2 and "name at least one of --csv FILE" in err
    status, _, err = run(capsys, "plan", "Southtown YJS", "--csv", "/tmp/x.csv")
    assert status == 2 and "Southtown YJS has no improvement plan" in err
