"""The demo's improvement loop: Blackpool 2021's recommendations as a plan with 003's
actions, leads, dated updates, two board meetings and the 2021-22 budget."""

from __future__ import annotations

import pytest
from django.test import Client

from yjinspect_web.demo import DemoSummary, load_demo
from yjinspect_web.improvement.demo import PLAN_TITLE
from yjinspect_web.improvement.models import Budget, Plan


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return load_demo()


def _client(username: str) -> Client:
    from yjinspect_web.workspace.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_manager_and_the_board_see_the_plan(demo: DemoSummary) -> None:
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert plan.actions.count() == 7 and plan.meetings.count() == 2
    assert sorted(plan.actions.values_list("status", flat=True)) == sorted(
        ["on_track", "at_risk", "on_track", "not_started", "complete", "on_track", "on_track"]
    )
    for username in ("manager", "board"):
        page = _client(username).get(f"/improvement/plans/{plan.pk}").content.decode()
        assert "ACORN model" in page and "Knowsley, Wigan, Stockport and Salford" in page
    board_page = _client("board").get(f"/improvement/plans/{plan.pk}/board").content.decode()
    assert "printed 885.262, but its parts sum to 885,262" in board_page
    second = plan.meetings.get(held_on="2022-01-18")
    pack = _client("board").get(f"/improvement/plans/{plan.pk}/board/{second.pk}/pack.html")
    html = pack.content.decode()
    assert "Overdue actions" in html and "R5" in html  # due 14 January 2022, on track
    assert "the meeting of 16 November 2021" in html and "Speech and language" in html
    assert "Blackpool self-assessment 2022" in html
    scrutiny = _client("board").get(f"/improvement/plans/{plan.pk}/scrutiny.html").content
    assert b"1,160,023" in scrutiny
    # a partner action lead sees only the actions they lead
    page = _client("health-lead").get(f"/improvement/plans/{plan.pk}").content.decode()
    assert "R2" in page and "ACORN" not in page


def test_reloading_the_demo_replaces_its_plan_and_budget(demo: DemoSummary) -> None:
    load_demo()
    assert Plan.objects.filter(title=PLAN_TITLE).count() == 1
    assert Budget.objects.count() == 1
