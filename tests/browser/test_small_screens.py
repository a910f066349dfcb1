"""A phone's screen (390 px wide): the demo's pages fit it, with no sideways scrolling of the
page (a wide table may scroll inside its own box)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from yjinspect_web.demo import demo_inspection, load_demo

if TYPE_CHECKING:  # the fixtures' types; the browser conftest is not an importable package
    from conftest import Tab

PASSWORD = "correct-horse-battery-staple"  # the browser tests' sign-in password
PHONE_WIDTH = 390


def _on_a_phone(tab: Tab) -> Tab:
    load_demo(PASSWORD)
    tab.page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    tab.sign_in("lead")
    return tab


def _overflow(tab: Tab) -> int:
    """How far the page reaches beyond the screen's width, in pixels."""
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    return int(width) - PHONE_WIDTH


@pytest.mark.browser
def test_the_dashboard_fits_a_phone(axe_tab: Tab, transactional_db: None) -> None:
    phone = _on_a_phone(axe_tab)
    phone.page.goto(f"{phone.url}/inspections/{demo_inspection().pk}/dashboard")
    phone.screenshot("dashboard-390")
    assert _overflow(phone) <= 0
    phone.assert_accessible()


@pytest.mark.browser
def test_the_inspection_and_case_pages_fit_a_phone(axe_tab: Tab, transactional_db: None) -> None:
    phone = _on_a_phone(axe_tab)
    inspection = demo_inspection()
    case = inspection.cases.get(reference="C01")
    for path in (f"/inspections/{inspection.pk}", f"/inspections/{inspection.pk}/cases/{case.pk}"):
        phone.page.goto(f"{phone.url}{path}")
        phone.screenshot(f"phone-{path.strip('/').replace('/', '-')}")
        assert _overflow(phone) <= 0, path


@pytest.mark.browser
def test_the_surveys_and_the_profile_fit_a_phone(axe_tab: Tab, transactional_db: None) -> None:
    from yjinspect_web.profile.models import ServiceProfile

    phone = _on_a_phone(axe_tab)
    inspection = demo_inspection()
    record = ServiceProfile.objects.get(inspection=inspection)
    for path in (f"/inspections/{inspection.pk}/surveys",
                 f"/services/{record.service_id}/profiles/{record.pk}"):  # fmt: skip
        phone.page.goto(f"{phone.url}{path}")
        phone.screenshot(f"phone-{path.strip('/').replace('/', '-')}")
        assert _overflow(phone) <= 0, path
        phone.assert_accessible()
