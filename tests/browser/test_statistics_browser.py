"""The statistics' pages in the browser: intervals on the dashboard and panel, moderation (the
lead's page, the second marker's blind form and its error summary) and a service's trend.
axe-core finds no serious or critical violation on any of them, and the console stays clean."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from yjinspect_web.moderation.models import SecondMarking
from yjinspect_web.workspace.models import Role, User

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"  # the browser conftest's, which sign_in types


def _second_marker() -> User:
    return User.objects.create_user(
        username="moderator", password=PASSWORD, role=Role.INSPECTOR, first_name="Mona",
        last_name="Moderator",
    )  # fmt: skip


def test_lead_pages_show_intervals_and_moderation(workspace: Workspace, axe_tab: Tab) -> None:
    workspace.flag_planning()
    _second_marker()
    axe_tab.sign_in("lead")
    page = axe_tab.page
    page.goto(workspace.at("/dashboard"))
    expect(page.get_by_role("columnheader", name="95% interval").first).to_be_visible()
    axe_tab.assert_accessible()
    page.goto(workspace.at("/panel"))
    expect(page.get_by_text("In order of how fragile each rating is")).to_be_visible()
    expect(page.get_by_text("How close to another rating").first).to_be_visible()
    axe_tab.assert_accessible()
    page.goto(workspace.at("/moderation"))
    axe_tab.assert_accessible()
    page.get_by_label("C01").check()
    page.get_by_label("Second marker").select_option(label="Mona Moderator")
    page.get_by_role("button", name="Choose for a second marking").click()
    expect(page.get_by_text("1 case chosen for Mona Moderator")).to_be_visible()
    axe_tab.assert_accessible()
    axe_tab.assert_clean_console()


def test_second_marker_answers_blind(workspace: Workspace, axe_tab: Tab) -> None:
    marking = SecondMarking.objects.create(
        case=workspace.case, marker=_second_marker(), chosen_by=workspace.lead
    )
    axe_tab.sign_in("moderator")
    page = axe_tab.page
    page.goto(f"{workspace.url}/inspections")
    page.get_by_role("link", name="cases to mark a second time").click()
    axe_tab.assert_accessible()
    page.get_by_role("link", name="Case C01").click()
    axe_tab.assert_accessible()
    axe_tab.assert_clean_console()
    page.get_by_role("button", name="Submit the second marking").click()  # nothing answered: 400
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_tab.assert_accessible()
    assert not SecondMarking.objects.get(pk=marking.pk).submitted


def test_trend_page(workspace: Workspace, axe_tab: Tab) -> None:
    workspace.flag_planning()
    axe_tab.sign_in("lead")
    page = axe_tab.page
    page.goto(workspace.at(""))
    page.get_by_role("link", name="Trends for Northtown YJS").click()
    expect(page.get_by_role("heading", name="Trends over time")).to_be_visible()
    axe_tab.assert_accessible()
    axe_tab.assert_clean_console()
