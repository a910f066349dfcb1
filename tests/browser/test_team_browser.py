"""A whole team through a sampled inspection, in a real browser (issue 10's "done when"): the
lead draws the sample and assigns its cases to an inspector and a partner inspector; they
record answers with evidence and submit; the lead returns one, it is corrected; the panel
decides; a later change marks the decision for review; the lead confirms it, locks the ratings
and downloads the report. axe-core checks every page touched and finds no violation (of any
impact)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

from yjinspect_web.workspace.models import (
    Case,
    Inspection,
    PartnerAgency,
    Role,
    Service,
    TeamMember,
    User,
)

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"  # the browser tests' sign-in password
POPULATION = Path(__file__).resolve().parents[2] / "examples" / "population-synthetic.csv"
ANSWER_URL = re.compile(r"/cases/\d+/answer$")


class Team:
    """One browser page, signed in as each member of the team in turn; every page it opens
    is checked by axe-core."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.page: Page = tab.page
        self.checked: list[str] = []

    def as_(self, username: str) -> Page:
        self.page.context.clear_cookies()
        self.tab.sign_in(username)
        self.check()
        return self.page

    def check(self) -> None:
        """axe-core on the page as it is now: no violation of any impact."""
        results = self._axe()
        violations = results["violations"]
        assert not violations, f"{self.page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
            for v in violations
        )
        self.checked.append(self.page.url)

    def _axe(self) -> dict[str, Any]:
        self.page.add_script_tag(path=str(AXE))
        result: dict[str, Any] = self.page.evaluate("async () => await axe.run(document)")
        return result

    def click(self, role: str, name: str, **options: Any) -> None:
        self.page.get_by_role(role, name=name, **options).click()  # type: ignore[arg-type]
        self.page.wait_for_load_state()
        self.check()

    def assess_every_key_question(self, value: str, evidence: str) -> None:
        """On a case's page: answer every key question asked in every standard's tab, each
        with its evidence, waiting for each to be saved."""
        tabs = self.page.get_by_role("navigation", name="Standards of this case").get_by_role(
            "link"
        )
        names = [re.sub(r" \(.*", "", t) for t in tabs.all_inner_texts()]
        for name in names:
            self.page.get_by_role("navigation", name="Standards of this case").get_by_role(
                "link", name=name
            ).click()
            self.page.wait_for_load_state()
            for form in self.page.locator("form.yj-question").all():
                question_id = form.locator('input[name="question_id"]').input_value()
                answer(self.page, question_id, value, f"{evidence} ({question_id})")
            self.check()


AXE = Path(__file__).resolve().parents[2] / "src/yjinspect_web/static/build/axe.min.js"


def answer(page: Page, question_id: str, label: str, evidence: str | None = None) -> None:
    """Write the evidence, choose the answer and wait until the page says it is saved."""
    form = page.locator(f'form[id="q-{question_id}"]')
    if evidence is not None:
        # set without an input event, so the answer and its evidence save together
        form.locator("textarea").evaluate("(el, text) => { el.value = text; }", evidence)
    choice = form.get_by_label(label, exact=True)
    with page.expect_response(ANSWER_URL) as response:
        if choice.is_checked():  # only the evidence changes
            form.get_by_role("button", name=f"Save {question_id}").click()
        else:
            choice.check()
    assert response.value.ok, response.value.status
    expect(page.locator(f'form[id="q-{question_id}"]').get_by_role("status")).to_have_text("Saved")


@pytest.fixture
def team(live_server: Any, transactional_db: None) -> Inspection:
    """An inspection with no cases yet, and its team: a lead, an inspector and a police
    partner inspector. Synthetic people."""
    service = Service.objects.create(name="Northtown YJS", local_authority="Northtown")
    people = {
        "lead": dict(role=Role.LEAD_INSPECTOR, first_name="Lee", last_name="Lead"),
        "inspector": dict(role=Role.INSPECTOR, first_name="Ina", last_name="Inspector"),
        "partner": dict(
            role=Role.PARTNER_INSPECTOR,
            first_name="Pat",
            last_name="Partner",
            partner_agency=PartnerAgency.POLICE,
        ),
    }
    inspection = Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        title="Northtown inspection 2026",
        fieldwork_start=dt.date(2026, 6, 1),
    )
    for username, details in people.items():
        user = User.objects.create_user(username=username, password=PASSWORD, **details)
        TeamMember.objects.create(inspection=inspection, user=user, role=username)
    return inspection


def test_a_team_runs_a_sampled_inspection_from_sample_to_report(
    team: Inspection, axe_tab: Tab
) -> None:
    people = Team(axe_tab)
    base = f"{axe_tab.url}/inspections/{team.pk}"

    # -- the lead draws the sample (two cases: the maximum keeps the test short) -----------
    page = people.as_("lead")
    people.click("link", "Northtown inspection 2026")
    people.click("link", "Draw a sample from a population export")
    page.get_by_label("Population export (CSV or XLSX)").set_input_files(str(POPULATION))
    page.get_by_label("Fieldwork start").fill("2026-06-01")
    page.get_by_label("Maximum sample size").fill("2")
    people.click("button", "Import and plan the sample")
    people.click("button", "Create the 2 sampled cases")
    court, out_of_court = (
        team.cases.get(case_type="court"),
        team.cases.get(case_type="out_of_court"),
    )

    # -- and assigns them: both to the inspector at once, then one to the partner ---------
    page.goto(f"{base}/cases")
    people.check()
    page.get_by_label(f"Choose case {court.reference}").check()
    page.get_by_label(f"Choose case {out_of_court.reference}").check()
    page.get_by_label("Give the chosen cases to").select_option(label="Ina Inspector (inspector)")
    people.click("button", "Assign the chosen cases")
    expect(page.get_by_text("2 cases given to Ina Inspector.")).to_be_visible()
    people.click("link", out_of_court.reference, exact=True)
    page.get_by_label("Give this case to").select_option(label="Pat Partner (partner inspector)")
    people.click("button", "Assign", exact=True)
    expect(page.get_by_text("1 case given to Pat Partner.")).to_be_visible()

    # -- the inspector and the partner record answers with evidence, and submit ------------
    for username, case in (("inspector", court), ("partner", out_of_court)):
        page = people.as_(username)
        expect(page.get_by_role("table", name=re.compile("Your cases"))).to_contain_text(
            case.reference
        )
        people.click("link", case.reference, exact=True)
        people.click("button", "Submit case for quality assurance")
        expect(page.get_by_text("Before submitting, answer")).to_be_visible()
        people.assess_every_key_question("Yes", "Seen in the case record")
        people.click("button", "Submit case for quality assurance")
        case.refresh_from_db()
        assert case.state == Case.State.SUBMITTED

    # -- the lead quality-assures one and returns the other ---------------------------------
    page = people.as_("lead")
    awaiting = page.get_by_role("table", name=re.compile("Awaiting quality assurance"))
    expect(awaiting).to_contain_text("(2)")
    people.click("link", court.reference, exact=True)
    people.click("button", "Mark as quality-assured")
    people.click("link", "Your work")
    people.click("link", out_of_court.reference, exact=True)
    page.get_by_label(re.compile(r"^Comment \(needed to return the case")).fill(
        "3.1.1: say which risks to others the plan addresses."
    )
    people.click("button", "Return to the inspector")

    # -- the partner sees it first, with the comment, and corrects it ---------------------
    page = people.as_("partner")
    banner = page.get_by_role("region", name="Returned to you")
    expect(banner).to_contain_text("3.1.1: say which risks to others the plan addresses.")
    people.click("link", f"Case {out_of_court.reference}")
    expect(page.get_by_role("region", name="Returned for correction")).to_be_visible()
    page.goto(f"{base}/cases/{out_of_court.pk}?standard=3.1")
    answer(page, "3.1.1", "Yes", "The plan names the risks to the victim and to staff.")
    people.check()
    people.click("button", "Submit case for quality assurance")

    # -- the lead quality-assures it; the panel decides ------------------------------------
    page = people.as_("lead")
    people.click("link", out_of_court.reference, exact=True)
    people.click("button", "Mark as quality-assured")
    page.goto(f"{base}/dashboard")
    people.check()
    expect(page.get_by_text("2 quality-assured cases")).to_be_visible()
    page.goto(f"{base}/panel")
    people.check()
    page.get_by_label("Panel rating for 2.1").select_option("Good")
    page.get_by_label("Rationale for 2.1").fill("One case: the panel rates on what was read.")
    people.click("button", "Record panel rating for 2.1")

    # -- a later change: the lead corrects an answer; the decision is to be reviewed -------
    page.goto(f"{base}/cases/{court.pk}?standard=2.1")
    answer(page, "2.1.1", "No", "Reread: the analysis of desistance was missing.")
    people.check()
    page.reload()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()  # back to review
    people.click("button", "Mark as quality-assured")
    page.goto(f"{base}/panel")
    people.check()
    review = page.locator('section[id="review-2.1"]')
    expect(review).to_contain_text("1/1 (100%)")
    expect(review).to_contain_text("0/1 (0%)")
    people.click("button", "Lock the ratings")
    expect(page.get_by_text("confirm or change it first")).to_be_visible()
    team.refresh_from_db()
    assert not team.ratings_locked

    # -- the lead confirms, locks and downloads the report ---------------------------------
    people.click("button", "Confirm Good for 2.1 on the new figures")
    expect(page.locator('section[id="review-2.1"]')).to_have_count(0)
    people.click("button", "Lock the ratings")
    expect(page.get_by_text("Ratings locked.")).to_be_visible()
    team.refresh_from_db()
    assert team.ratings_locked
    page.goto(base)
    people.check()
    with page.expect_download(timeout=120_000) as download:  # the PDF takes a few seconds
        page.get_by_role("link", name="PDF", exact=True).click()
    saved = download.value.path()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(saved).read_bytes().startswith(b"%PDF")
    assert len(people.checked) >= 20
