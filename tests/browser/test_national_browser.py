"""The national view in the browser: an analyst imports the published record (the four slips
listed), opens the services and a service's timeline; an administrator records a published
inspection from its ratings table (a score that disagrees refused naming the field). Every page
and form on the way, errors shown, passes axe-core (no serious or critical violation)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from yjinspect_web.workspace.models import Role, User

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"  # the browser conftest's, which sign_in types
RECORD = Path(__file__).parents[2] / "examples" / "published-ratings-2021-2025.csv"
TABLE = {  # 004's ratings table (Blackpool 2021: 25/36, Good)
    "1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good",
    "2.1": "Good", "2.2": "Requires improvement", "2.3": "Good", "2.4": "Outstanding",
    "3.1": "Outstanding", "3.2": "Good", "3.3": "Good", "3.4": "Outstanding",
}  # fmt: skip


def test_an_analyst_imports_the_record_and_reads_a_timeline(
    workspace: Workspace, axe_tab: Tab, tmp_path: Path
) -> None:
    User.objects.create_user(username="analyst", password=PASSWORD, role=Role.ANALYST)
    tab = axe_tab
    tab.sign_in("analyst")
    tab.page.get_by_role("navigation", name="Workspace").get_by_role(
        "link", name="National view"
    ).click()
    tab.assert_accessible()
    tab.page.get_by_role("link", name="Import the published record").click()
    tab.assert_accessible()
    tab.page.get_by_role("button", name="Import").click()
    expect(tab.page.get_by_text("There is a problem")).to_be_visible()
    tab.assert_accessible()
    tab.page.get_by_label("The published record (CSV)").set_input_files(str(RECORD))
    tab.page.get_by_role("button", name="Import").click()
    expect(tab.page.get_by_role("heading", name="79 imported")).to_be_visible()
    refused = tab.page.get_by_role("table", name="Rows refused (not imported)")
    for name in ("Ceredigion", "West Sussex", "Portsmouth", "Bridgend"):
        expect(refused).to_contain_text(name)
    tab.assert_accessible()
    tab.page.get_by_role("link", name="Services and their published ratings").click()
    tab.page.get_by_role("link", name="Newcastle", exact=True).click()
    expect(tab.page.get_by_role("table", name="Overall ratings")).to_contain_text(
        "April 2024 to March 2025"
    )
    tab.assert_accessible()
    tab.assert_clean_console()


def test_an_administrator_records_a_ratings_table(workspace: Workspace, axe_tab: Tab) -> None:
    User.objects.create_user(username="admin", password=PASSWORD, role=Role.ADMINISTRATOR)
    tab = axe_tab
    tab.sign_in("admin")
    tab.page.get_by_role("navigation", name="Workspace").get_by_role(
        "link", name="National view"
    ).click()
    tab.page.get_by_role(
        "link", name="Record a published inspection from its ratings table"
    ).click()
    tab.assert_accessible()
    tab.page.get_by_label("Framework the inspection used").select_option("iyjs-2018")
    tab.page.get_by_role("button", name="Continue").click()
    tab.assert_accessible()
    page = tab.page
    page.get_by_label("Service", exact=True).select_option(label="Northtown YJS")
    page.get_by_label("Title", exact=True).fill("Northtown 2021")
    page.get_by_label("Publication date").fill("2021-08-26")
    page.get_by_label("Start of fieldwork").fill("2021-05-17")
    for standard_id, rating in TABLE.items():
        page.locator(f"#id_standard_{standard_id.replace('.', '_')}").select_option(rating)
    page.get_by_label("Overall rating").select_option("Good")
    page.get_by_label("Score (out of 36)").fill("24")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "the published score 24/36 disagrees with the standards' ratings given beside it, "
        "which sum to 25/36"
    )
    tab.assert_accessible()
    page.get_by_label("Score (out of 36)").fill("25")
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("heading", name="Ratings over time")).to_be_visible()
    expect(page.get_by_text("As published; figures not held").first).to_be_visible()
    tab.assert_accessible()
    tab.assert_clean_console()
