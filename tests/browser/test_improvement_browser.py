"""The improvement loop played through in the browser (issue 12's "done when"): the lead
locks an inspection with its recommendation, the manager makes the plan from it and assigns a
partner lead, the lead posts an update, the action goes overdue and turns red, a reminder is
sent (console email), and the board pack shows it with the inspection's figure beside the
self-assessment's. axe-core finds no serious or critical violation on any page on the way."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from yjinspect_web.improvement.models import Action, Plan
from yjinspect_web.improvement.reminders import remind
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Case, Inspection, PartnerAgency, Role, TeamMember, User

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"  # the browser conftest's, which sign_in types


def make_case(inspection: Inspection, reference: str, inspector: User) -> Case:
    return Case.objects.create(
        inspection=inspection, reference=reference, case_type="court",
        disposal="referral_order", gender="male", ethnicity="white", rosh="medium",
        safety_wellbeing="low", assigned_inspector=inspector,
    )  # fmt: skip


def _people(workspace: Workspace) -> dict[str, User]:
    service = workspace.inspection.service
    return {
        "manager": User.objects.create_user(
            username="manager", password=PASSWORD, role=Role.SERVICE_MANAGER, service=service,
            first_name="Mo", last_name="Manager", email="manager@example.org",
        ),
        "partner_lead": User.objects.create_user(
            username="health-lead", password=PASSWORD, role=Role.PARTNER_LEAD, service=service,
            partner_agency=PartnerAgency.HEALTH, first_name="Hana", last_name="Health",
            email="health@example.org",
        ),
        "board": User.objects.create_user(
            username="board", password=PASSWORD, role=Role.BOARD_VIEWER, service=service,
            first_name="Bo", last_name="Board",
        ),
    }  # fmt: skip


def _self_assessment(workspace: Workspace, manager: User) -> None:
    """The service's later self-assessment: 2.2.1 yes in all 3 cases (100%)."""
    assessment = Inspection.objects.create(
        service=workspace.inspection.service, framework_id="iyjs-2018",
        kind=Inspection.Kind.SELF_ASSESSMENT, title="Self-assessment 2027",
        fieldwork_start=dt.date(2027, 3, 1),
    )  # fmt: skip
    TeamMember.objects.create(inspection=assessment, user=manager, role="service_auditor")
    for reference in ("S01", "S02", "S03"):
        case = make_case(assessment, reference, manager)
        assert services.save_answer(case, "2.2.1", "yes", "", 0, manager).saved


def _axe(tab: Tab, path: str) -> None:
    tab.page.goto(f"{tab.url}{path}")
    tab.assert_accessible()


def test_the_improvement_loop(workspace: Workspace, axe_tab: Tab) -> None:
    tab = axe_tab
    people = _people(workspace)
    workspace.flag_planning()  # 2.2.1: yes in 2 of 3 cases (67%)
    Case.objects.filter(inspection=workspace.inspection).update(state="quality_assured")
    _self_assessment(workspace, people["manager"])

    # the lead writes a recommendation, concerning 2.2.1, and locks the ratings
    tab.sign_in("lead")
    tab.page.goto(workspace.at("/report/narrative"))
    tab.page.get_by_label("Who it is for").first.fill("The youth justice service")
    tab.page.locator("#rec-0-text").fill("Make planning focus on the child's desistance.")
    tab.page.locator("#rec-0-concerns").fill("2.2.1")
    tab.page.get_by_role("button", name="Save the narrative").click()
    expect(tab.page.get_by_text("The report's narrative is saved.")).to_be_visible()
    tab.page.goto(workspace.at("/panel"))
    tab.page.get_by_role("button", name="Lock the ratings").click()
    expect(tab.page.get_by_text("Ratings locked.")).to_be_visible()
    tab.page.context.clear_cookies()

    # the manager makes the plan from its recommendations and assigns the partner lead
    tab.sign_in("manager")
    tab.page.goto(f"{tab.url}/improvement/")
    tab.assert_accessible()
    tab.page.get_by_label("Inspection or self-assessment").select_option(
        label="Northtown inspection 2026"
    )
    tab.page.get_by_role("button", name="Make the plan").click()
    expect(tab.page.get_by_text("made with 1 proposed action.")).to_be_visible()
    tab.assert_accessible()
    plan = Plan.objects.get()
    action = Action.objects.get()
    tab.page.get_by_role("link", name="R1", exact=True).click()
    tab.page.get_by_role("link", name="Change the action").click()
    tab.assert_accessible()
    tab.page.get_by_label("Lead (optional)").select_option(
        label="Hana Health (Partner action lead)"
    )
    tab.page.get_by_label("Lead agency").select_option(label="Health")
    due = timezone.localdate() + dt.timedelta(days=10)
    tab.page.get_by_label("Due date").fill(due.isoformat())
    tab.page.get_by_label("What will be done").fill("Planning workshops with every case manager.")
    tab.page.get_by_role("button", name="Save the action").click()
    expect(tab.page.get_by_text("Action R1 saved.")).to_be_visible()
    tab.page.context.clear_cookies()

    # the partner lead sees their action and posts an update
    tab.sign_in("health-lead")
    tab.page.goto(f"{tab.url}/improvement/")
    tab.page.get_by_role("link", name=plan.title).click()
    tab.page.get_by_role("link", name="R1", exact=True).click()
    tab.page.get_by_label("Progress").fill("Two workshops held.")
    tab.page.get_by_label("Status after this update").select_option(label="On track")
    tab.page.get_by_role("button", name="Post the update").click()
    expect(tab.page.get_by_text("Update on R1 posted.")).to_be_visible()
    tab.assert_accessible()
    tab.page.context.clear_cookies()

    # time passes: the action goes overdue and turns red; the daily reminder goes out
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    result = remind(timezone.localdate(), 14)
    assert len(result.sent) == 2
    assert (
        mail.outbox[0].to == ["health@example.org"] and "overdue by 2 days" in mail.outbox[0].body
    )

    tab.sign_in("manager")
    tab.page.goto(f"{tab.url}/improvement/plans/{plan.pk}")
    expect(tab.page.get_by_text("Overdue: due")).to_be_visible()
    expect(tab.page.locator(".govuk-tag--red").first).to_have_text(re.compile("Red|Overdue"))
    tab.page.get_by_role("link", name="R1", exact=True).click()
    expect(tab.page.get_by_text("Reminders sent")).to_be_visible()
    tab.page.goto(f"{tab.url}/improvement/plans/{plan.pk}/board")
    tab.page.get_by_role("link", name="Record a board meeting").click()
    tab.page.get_by_label("Date of the meeting").fill(timezone.localdate().isoformat())
    tab.page.get_by_label("Attendance by agency").fill("Police: Chief Inspector\nHealth: Nurse")
    tab.page.get_by_label("Decisions").fill("Chase R1.")
    tab.page.get_by_role("button", name="Record the meeting").click()
    tab.assert_accessible()
    tab.page.context.clear_cookies()

    # the board reads the pack: the overdue action and the inspection vs self-assessment figure
    tab.sign_in("board")
    tab.page.goto(f"{tab.url}/improvement/plans/{plan.pk}/board")
    tab.assert_accessible()
    tab.page.get_by_role("link", name=re.compile(r"Board pack of .* \(HTML\)")).click()
    expect(tab.page.get_by_role("heading", name="Overdue and at-risk actions")).to_be_visible()
    overdue = tab.page.get_by_role("table", name="Overdue actions")
    expect(overdue).to_contain_text("R1")
    expect(overdue).to_contain_text("Red")
    expect(overdue).to_contain_text("Two workshops held.")
    figures = tab.page.get_by_role("table", name="% yes for each linked key question or prompt")
    expect(figures).to_contain_text("67%")
    expect(figures).to_contain_text("100%")
    expect(tab.page.get_by_role("img", name=re.compile("% yes"))).to_be_visible()
    tab.assert_accessible()
    for path in (
        f"/improvement/plans/{plan.pk}",
        f"/improvement/plans/{plan.pk}/history",
        f"/improvement/actions/{action.pk}",
        f"/improvement/plans/{plan.pk}/scrutiny.html",
    ):
        _axe(tab, path)  # fmt: skip
    tab.assert_clean_console()


def test_the_demo_plan_fits_a_phone(axe_tab: Tab, transactional_db: None) -> None:
    """At 390 px the plan's wide tables stack: no sideways scrolling, still accessible."""
    from yjinspect_web.demo import load_demo

    load_demo(PASSWORD)
    tab = axe_tab
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.sign_in("manager")
    plan = Plan.objects.get()
    base = f"/improvement/plans/{plan.pk}"
    for path in (base, f"{base}/history", f"{base}/board",
                 f"/improvement/actions/{plan.actions.get(reference='R2').pk}"):  # fmt: skip
        tab.page.goto(f"{tab.url}{path}")
        width = int(tab.page.evaluate("document.documentElement.scrollWidth"))
        assert width <= 390, f"{path} is {width} px wide"
        tab.assert_accessible()
