"""Two-factor sign-in in a real browser: a lead inspector sets it up on first sign-in (QR code
and secret, a code from the app, recovery codes shown once), then signs in with a code; axe-core
finds no serious or critical violation on those pages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from yjinspect_web.accounts import twofactor

if TYPE_CHECKING:
    from conftest import Tab, Workspace

pytestmark = pytest.mark.browser


def test_a_lead_sets_up_two_factor_sign_in_then_signs_in_with_a_code(
    workspace: Workspace, axe_tab: Tab
) -> None:
    page = axe_tab.page
    page.goto(f"{axe_tab.url}/sign-in")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/account/two-factor/set-up"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    axe_tab.assert_accessible()
    secret = page.locator("code.yj-secret").inner_text()
    page.get_by_label("Code from your app").fill(twofactor.code_for(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    expect(page.locator(".yj-recovery-codes li")).to_have_count(10)
    axe_tab.assert_accessible()
    page.get_by_role("link", name="I have kept my codes: continue").click()
    page.wait_for_url(f"{axe_tab.url}/")

    page.get_by_role("button", name="Sign out lead").click()
    page.wait_for_url(re.compile(r"/sign-in"))
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/sign-in/two-factor"))
    axe_tab.assert_accessible()
    page.get_by_label("Enter your sign-in code").fill(twofactor.code_for(secret, step_offset=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{axe_tab.url}/")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_text("On: authenticator app, 10 recovery codes left")).to_be_visible()
    axe_tab.assert_accessible()
    axe_tab.assert_clean_console()
