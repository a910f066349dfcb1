"""Retention (issue 9): case details and answers of settled inspections past the period go,
their ratings, figures and report stay, a dry run changes nothing, and history records it."""

from __future__ import annotations

import datetime as dt

import pytest

from cli_runner import run
from yjinspect import cli_data
from yjinspect.report.render import render_html
from yjinspect_web.audit.chain import verify
from yjinspect_web.demo import demo_inspection, load_demo
from yjinspect_web.reporting import case_counts, report_data
from yjinspect_web.safety import retention
from yjinspect_web.safety.models import RetainedFigures
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Answer, AuditEvent, Case, Inspection, User

from ..conftest import client_for
from .snapshot import changed_tables, database_snapshot


@pytest.fixture(autouse=True)
def wide_console() -> None:
    cli_data.console.width = 200  # no wrapping, so phrases can be found whole


@pytest.fixture
def settled(db: None) -> Inspection:
    """The demo's Blackpool 2021, locked (its fieldwork ended in June 2021)."""
    load_demo()
    inspection = demo_inspection()
    lead = User.objects.get(username="lead")
    services.lock_ratings(inspection, lead)
    inspection.refresh_from_db()
    return inspection


def test_a_dry_run_lists_what_would_go_and_changes_nothing(
    settled: Inspection, capsys: pytest.CaptureFixture[str]
) -> None:
    before = database_snapshot()
    status, out, err = run(capsys, "retention", "--older-than", "3", "--dry-run")
    assert (status, err) == (0, "")
    assert "Would be removed" in out and "Blackpool 2021 (reconstruction)" in out
    assert "11 June 2021" in out and "answers" in out
    assert "Dry run: nothing was changed" in out
    assert changed_tables(before, database_snapshot()) == []
    status, out, _ = run(capsys, "retention", "--older-than", "9", "--dry-run")
    assert status == 0 and "nothing to remove" in out


def test_retention_removes_case_details_and_keeps_ratings_figures_and_report(
    settled: Inspection, capsys: pytest.CaptureFixture[str]
) -> None:
    result = services.inspection_result(settled).to_dict()
    counts = case_counts(settled)
    assert Answer.objects.filter(case__inspection=settled).exists()
    cases = settled.cases.count()
    status, out, err = run(capsys, "retention", "--older-than", "3")
    assert (status, err) == (0, "")
    assert "Removed" in out and "Blackpool 2021 (reconstruction)" in out
    settled = Inspection.objects.get(pk=settled.pk)
    # the case work is gone ...
    assert not Answer.objects.filter(case__inspection=settled).exists()
    assert not settled.samplings.exists()
    remaining = Case.objects.filter(inspection=settled)
    assert remaining.count() == cases  # the references stay: history refers to them
    assert set(remaining.values_list("gender", "ethnicity", "rosh", "disposal")) == {
        ("", "", "", "")
    }
    # ... the ratings, figures and report are as they were
    assert services.inspection_result(settled).to_dict() == result
    assert case_counts(settled) == counts
    html = render_html(report_data(settled))
    assert "25" in html and "Good" in html and "Annexe 2" in html  # prompt figures kept
    assert RetainedFigures.objects.get(inspection=settled).removed["answers"] > 0
    # recorded in the inspection's history, which stays intact
    event = AuditEvent.objects.get(inspection=settled, action="retention")
    assert event.user is None and "removed" in event.new and "answers" in event.old
    assert verify().broken is None
    # every page of it still opens
    lead = client_for(User.objects.get(username="lead"))
    case = remaining.first()
    assert case is not None
    for page in ("", "/dashboard", "/panel", "/judgements", "/history",
                 "/report.html", f"/cases/{case.pk}", "/workbook.xlsx"):  # fmt: skip
        response = lead.get(f"/inspections/{settled.pk}{page}")
        assert response.status_code == 200, page
    # a second run finds nothing more to remove
    status, out, _ = run(capsys, "retention", "--older-than", "3")
    assert status == 0 and "nothing to remove" in out


def test_unsettled_and_recent_inspections_are_kept(db: None) -> None:
    load_demo()
    inspection = demo_inspection()  # not locked
    assert retention.due(3) == []
    assert [d.inspection.pk for d in retention.due(3)] == []
    inspection.ratings_locked = True
    inspection.save()
    assert [d.inspection.pk for d in retention.due(3, dt.date(2024, 6, 11))] == []
    assert [d.inspection.pk for d in retention.due(3, dt.date(2024, 6, 12))] == [inspection.pk]


def test_retention_refuses_a_period_under_a_year(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "retention", "--older-than", "0")
    assert status == 2 and "at least 1" in err
