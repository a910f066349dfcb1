"""The national dashboard in the browser: an analyst reads a synthetic national history's
ratings by year and standard (charts with their text alternatives), key questions and case
data splits, changes the filters, meets a refused filter named, and downloads an export.
Every page on the way passes axe-core (no serious or critical violation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from yjinspect_web.national.generate import generate
from yjinspect_web.national.scale import Scale
from yjinspect_web.workspace.models import Role, User

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"  # the browser conftest's, which sign_in types


def test_an_analyst_reads_and_filters_the_dashboard(workspace: Workspace, axe_tab: Tab) -> None:
    generate(Scale(services=5, inspections=3, cases=8, seed=3))
    User.objects.create_user(username="analyst", password=PASSWORD, role=Role.ANALYST)
    tab = axe_tab
    page = tab.page
    tab.sign_in("analyst")
    page.get_by_role("navigation", name="Workspace").get_by_role(
        "link", name="National view"
    ).click()
    page.get_by_role("link", name="The national dashboard").click()
    expect(page.get_by_role("heading", name="Overall ratings by year")).to_be_visible()
    expect(
        page.get_by_role("img", name="Overall ratings by year, as shares of inspections")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Case data splits")).to_be_visible()
    tab.assert_accessible()
    page.get_by_label("Year (April to March)").select_option("all")
    page.get_by_label("Framework version").select_option("iyjs-2018")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_text(
            "Showing: every year; Inspection of youth offending services (2018 standards)"
        )
    ).to_be_visible()
    tab.assert_accessible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV of key questions and prompts").click()
    assert download.value.suggested_filename == (
        "national-key-questions-and-prompts-every-year-iyjs-2018-any-rating.csv"
    )
    page.goto(page.url.split("?")[0] + "?year=1999")
    expect(page.get_by_role("link", name="Choose a year from the list.")).to_be_visible()
    tab.assert_accessible()
    tab.assert_clean_console()
