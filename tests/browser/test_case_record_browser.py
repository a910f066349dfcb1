"""A case's printable record in the browser: axe-core finds no serious or critical violation,
and it fits a phone's screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from yjinspect_web.demo import demo_inspection, load_demo

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab

PASSWORD = "correct-horse-battery-staple"  # the browser tests' sign-in password


@pytest.mark.browser
def test_the_case_record_is_accessible(axe_tab: Tab, transactional_db: None) -> None:
    load_demo(PASSWORD)
    axe_tab.sign_in("lead")
    inspection = demo_inspection()
    case = inspection.cases.get(reference="C01")
    axe_tab.page.goto(f"{axe_tab.url}/inspections/{inspection.pk}/cases/{case.pk}")
    axe_tab.page.get_by_role("link", name="open it in the browser").click()
    axe_tab.page.wait_for_url("**/record.html")
    assert axe_tab.page.get_by_role("heading", level=1).inner_text() == "Case C01"
    axe_tab.assert_accessible()
    axe_tab.page.set_viewport_size({"width": 390, "height": 844})
    assert axe_tab.page.evaluate("document.documentElement.scrollWidth") <= 390
