"""The workspace in a real browser: sign in, assess a case and watch the standard's rating
change as each answer saves, record a ratings panel decision, and check with axe-core that the
dashboard, the case form and the panel page have no serious or critical accessibility
violation and break no content security policy."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Locator, Page, expect

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import PanelDecision

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser

ANSWER_URL = re.compile(r"/cases/\d+/answer$")


def question(page: Page, question_id: str) -> Locator:
    """The form of one key question or prompt (ids hold dots, so matched as an attribute)."""
    return page.locator(f'form[id="q-{question_id}"]')


def answer(page: Page, question_id: str, label: str) -> None:
    """Choose an answer by its label and wait until the page says it is saved."""
    form = question(page, question_id)
    with page.expect_response(ANSWER_URL) as response:
        form.get_by_label(label, exact=True).check()
    assert response.value.ok, response.value.status
    expect(form.get_by_role("status")).to_have_text("Saved")


def test_inspector_assesses_a_case_and_sees_the_rating_change(
    workspace: Workspace, tab: Tab
) -> None:
    page = tab.page
    tab.sign_in("inspector")
    page.get_by_role("link", name="Northtown inspection 2026").click()
    page.get_by_role("link", name="C01", exact=True).click()
    page.get_by_role("link", name="2.2 Planning").click()
    expect(page).to_have_url(re.compile(r"\?standard=2\.2$"))
    live = page.locator("#live-rating")
    expect(live).to_contain_text("2.2 Planning")
    expect(live).to_contain_text("Not rated")

    answer(page, "2.2.1", "Yes")
    expect(live).to_contain_text("Outstanding")
    expect(live).to_contain_text("2.2.1: 1/1")

    answer(page, "2.2.3", "No")  # not the first radio of its group
    expect(live).to_contain_text("Inadequate")
    expect(page.locator("#case-progress")).to_contain_text("2 of 9 key questions")

    evidence = "The plan addresses education, training and employment."
    with page.expect_response(ANSWER_URL):
        question(page, "2.2.1").get_by_label("Evidence for 2.2.1").fill(evidence)
    expect(question(page, "2.2.1").get_by_role("status")).to_have_text("Saved")

    page.reload()
    expect(question(page, "2.2.1").get_by_label("Yes", exact=True)).to_be_checked()
    expect(question(page, "2.2.3").get_by_label("No", exact=True)).to_be_checked()
    expect(question(page, "2.2.1").get_by_label("Evidence for 2.2.1")).to_have_value(evidence)
    expect(live).to_contain_text("Inadequate")
    saved = {a.question_id: (a.value, a.evidence) for a in workspace.case.answers.all()}
    assert saved == {"2.2.1": ("yes", evidence), "2.2.3": ("no", "")}
    tab.assert_clean_console()


def test_lead_records_a_panel_rating(workspace: Workspace, tab: Tab) -> None:
    workspace.flag_planning()
    page = tab.page
    tab.sign_in("lead")
    page.goto(workspace.at("/panel"))
    section = page.locator('section[id="standard-2.2"]')
    expect(section.get_by_role("heading", level=3)).to_contain_text("2.2 Planning: Good")
    expect(section).to_contain_text("Near a band boundary")
    expect(section).not_to_contain_text("near_boundary")
    summary = page.get_by_role("table", name=re.compile("Standards needing a decision"))
    expect(summary).to_contain_text("2.2 Planning")

    page.get_by_label("Panel rating for 2.2").select_option("Requires improvement")
    page.get_by_label("Rationale for 2.2").fill(
        "One case decides the band; the plans read on fieldwork were weaker than 67% suggests."
    )
    page.get_by_role("button", name="Record panel rating for 2.2").click()

    expect(page.get_by_text("Panel rating for 2.2 recorded.")).to_be_visible()
    expect(section.locator(".govuk-inset-text")).to_contain_text(
        "Panel rating Requires improvement (rule Good at the time)"
    )
    decision = PanelDecision.objects.get(inspection=workspace.inspection, standard_id="2.2")
    assert (decision.rating, decision.rule_rating_at_decision) == ("Requires improvement", "Good")

    workspace.inspection.cases.update(state="quality_assured")  # the dashboard rates these
    page.goto(workspace.at("/dashboard"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="2.2 Planning"))
    expect(row).to_contain_text("Requires improvement")
    expect(row).to_contain_text("Panel (rule: Good)")
    tab.assert_clean_console()


# The pages axe-core checks: who looks at each, and where it is.
PAGES = {
    "dashboard": ("lead", "/dashboard"),
    "case": ("inspector", "/cases/{case}?standard=2.2"),
    "panel": ("lead", "/panel"),
    "sampling": ("lead", "/sampling"),
    "inspection": ("lead", ""),
    "judgements": ("lead", "/judgements"),
    "narrative": ("lead", "/report/narrative"),
    "history": ("inspector", "/history"),
}


def _imported_population(workspace: Workspace) -> None:
    """The synthetic population imported, so the sampling page shows a whole plan."""
    from datetime import date
    from pathlib import Path

    from yjinspect.sampling import read_population
    from yjinspect_web.workspace.sampling import SamplingSettings, keep_population

    example = Path(__file__).resolve().parents[2] / "examples" / "population-synthetic.csv"
    settings = SamplingSettings(date(2026, 6, 1), {"court": (6, 9), "out_of_court": (2, 5)})
    keep_population(
        workspace.inspection, read_population(example), example.name, settings, workspace.lead
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_keeps_to_its_security_policy(
    name: str, workspace: Workspace, tab: Tab, axe_tab: Tab
) -> None:
    workspace.flag_planning()
    services.record_panel_decision(
        workspace.inspection, "2.2", "Requires improvement", "A rationale.", workspace.lead
    )
    if name == "sampling":
        _imported_population(workspace)
    username, path = PAGES[name]
    url = workspace.at(path.format(case=workspace.case.pk))

    # As served: the content security policy enforced, nothing refused, nothing failing.
    tab.sign_in(username)
    tab.page.goto(url)
    if name == "case":  # a save swaps in the question, the live rating and the progress
        answer(tab.page, "2.2.1", "No")
    tab.screenshot(name)
    tab.assert_clean_console()

    # axe-core, injected into a context that bypasses the policy for that purpose only.
    axe_tab.sign_in(username)
    axe_tab.page.goto(url)
    if name == "case":
        answer(axe_tab.page, "2.2.1", "Yes")
    axe_tab.assert_accessible()


def test_a_wrong_password_is_refused_with_a_message(workspace: Workspace, tab: Tab) -> None:
    page = tab.page
    page.goto(workspace.at(""))
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Username").fill("inspector")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    tab.assert_clean_console()
