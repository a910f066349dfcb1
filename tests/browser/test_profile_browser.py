"""Surveys and the service's profile in the browser: the lead enters a staff survey through
the forms (a printed share that disagrees is refused with both figures), the manager adds a
profile and a figure (the same refusal), and every page and form on the way, with its errors
shown, passes axe-core (no serious or critical violation)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from yjinspect import surveys as core
from yjinspect.profile_files import read_profile
from yjinspect_web.profile import profiles, surveys
from yjinspect_web.profile.models import ServiceProfile
from yjinspect_web.workspace.models import Inspection, Role, User

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"  # the browser conftest's, which sign_in types
EXAMPLE = Path(__file__).parents[2] / "examples" / "profile-blackpool-2021.yaml"
TEXT = "How would you rate the supervision you receive?"


def _earlier_survey(workspace: Workspace) -> None:
    """A locked earlier inspection the lead led, with the 2023 staff survey to compare with."""
    earlier = Inspection.objects.create(
        service=workspace.inspection.service, framework_id="iyjs-2018", title="Northtown 2023",
        fieldwork_start=dt.date(2023, 5, 1), ratings_locked=True,
    )  # fmt: skip
    earlier.team.create(user=workspace.lead, role="lead")
    counts = (("Very good", 2), ("Quite good", 5), ("Poor", 3), ("Very poor", 2))
    options = tuple(core.OptionCount(label, n) for label, n in counts)
    groups = (core.Group("Poor or very poor", ("Poor", "Very poor")),)
    question = core.SurveyQuestion("supervision", TEXT, options, groups)
    surveys.store(earlier, None, core.Survey("staff", (question,), took_part=12), "test")


def test_the_lead_enters_a_staff_survey(workspace: Workspace, axe_tab: Tab) -> None:
    tab = axe_tab
    _earlier_survey(workspace)
    tab.sign_in("lead")
    tab.page.goto(workspace.at("/surveys"))
    tab.assert_accessible()
    tab.page.get_by_role("link", name="Add a survey").click()
    tab.page.get_by_label("Survey", exact=True).select_option("staff")
    tab.page.get_by_label("People who took part").fill("many")
    tab.page.get_by_role("button", name="Add the survey").click()
    expect(tab.page.get_by_text("There is a problem")).to_be_visible()
    tab.assert_accessible()
    tab.page.get_by_label("People who took part").fill("13")
    tab.page.get_by_role("button", name="Add the survey").click()
    tab.page.get_by_role("link", name="Add a question to the staff survey").click()
    tab.assert_accessible()
    tab.page.get_by_label("Question reference").fill("supervision")
    tab.page.get_by_label("Question", exact=True).fill(TEXT)
    tab.page.get_by_label("Response options and counts").fill(
        "Very good | 8\nQuite good | 5\nPoor | 0 | 10\nVery poor | 0"
    )
    tab.page.get_by_label("Headlines").fill("Poor or very poor | Poor, Very poor")
    tab.page.get_by_role("button", name="Add the question").click()
    expect(tab.page.locator(".govuk-error-summary")).to_contain_text(
        "Poor: 10% typed, but 0 of 13 is 0%"
    )
    tab.assert_accessible()
    tab.page.get_by_label("Response options and counts").fill(
        "Very good | 8\nQuite good | 5\nPoor | 0\nVery poor | 0"
    )
    tab.page.get_by_role("button", name="Add the question").click()
    table = tab.page.get_by_role("table", name=TEXT, exact=False)
    expect(table).to_contain_text("0 of 13")
    expect(table).to_contain_text("5 of 12")
    expect(table).to_contain_text("down 42 points")
    tab.assert_accessible()
    tab.page.get_by_role("link", name="Import survey results from a file").click()
    tab.page.get_by_role("button", name="Import the results").click()
    expect(tab.page.locator(".govuk-error-summary")).to_contain_text("Select the survey results")
    tab.assert_accessible()
    tab.page.get_by_label("Survey results file").set_input_files(
        files=[{"name": "r.csv", "mimeType": "text/csv", "buffer": b"survey,question\nx,y\n"}]
    )
    tab.page.get_by_role("button", name="Import the results").click()
    expect(tab.page.locator(".govuk-error-summary")).to_contain_text("nothing has changed")
    tab.assert_accessible()


def test_the_manager_keeps_the_profile(workspace: Workspace, axe_tab: Tab) -> None:
    tab = axe_tab
    service = workspace.inspection.service
    User.objects.create_user(username="manager", password=PASSWORD,
                             role=Role.SERVICE_MANAGER, service=service)  # fmt: skip
    tab.sign_in("manager")
    tab.page.goto(f"{tab.url}/services/{service.pk}/profiles")
    tab.assert_accessible()
    tab.page.get_by_role("link", name="Add a profile").click()
    tab.page.get_by_role("button", name="Add the profile").click()
    expect(tab.page.locator(".govuk-error-summary")).to_contain_text("Enter the period")
    tab.assert_accessible()
    tab.page.get_by_label("Period").fill("2026")
    tab.page.get_by_role("button", name="Add the profile").click()
    tab.page.get_by_role("link", name="Add a figure", exact=True).click()
    tab.page.get_by_label("Section").select_option("characteristics")
    tab.page.get_by_label("Measure").fill(
        "Percentage of current caseload with mental health issues"
    )
    tab.page.get_by_label("Count").fill("18")
    tab.page.get_by_label("Out of").fill("36")
    tab.page.get_by_label("Printed percent").fill("55")
    tab.page.get_by_role("button", name="Save the figure").click()
    expect(tab.page.locator(".govuk-error-summary")).to_contain_text(
        "55% printed, but 18 of 36 is 50%"
    )
    tab.assert_accessible()
    tab.page.get_by_label("Printed percent").fill("50")
    tab.page.get_by_role("button", name="Save the figure").click()
    expect(tab.page.get_by_text("18 (50%)")).to_be_visible()
    tab.assert_accessible()

    record = ServiceProfile.objects.get()
    profile = read_profile(EXAMPLE)
    profiles.store(service, None, profile, "test", record=record)
    tab.page.goto(f"{tab.url}/services/{service.pk}/profiles/{record.pk}")
    expect(tab.page.get_by_text("First-time entrant rate per 100,000").first).to_be_visible()
    tab.assert_accessible()
    for link, button, box in (
        ("Enter the key staffing data", "Save the staffing data", "Staff by role"),
        ("Enter the caseload by group", "Save the caseload", "Children by group"),
        ("Enter the area's population", "Save the area", "Children aged 10 to 17 by group"),
        ("Add a figure for the area", "Save the figure", "Comparators"),
    ):
        tab.page.get_by_role("link", name=link).click()
        tab.assert_accessible()
        tab.page.get_by_label(box).fill("nothing | to | see")
        tab.page.get_by_role("button", name=button).click()
        expect(tab.page.locator(".govuk-error-summary")).to_contain_text("line 1")
        tab.assert_accessible()
        tab.page.go_back()
        tab.page.go_back()
    tab.page.goto(f"{tab.url}/services/{service.pk}/profiles/import")
    tab.page.get_by_role("button", name="Import the profile").click()
    tab.assert_accessible()
