"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live
server. Synthetic data only: no real person or child.

Without /usr/bin/chromium the tests are skipped, except under CI (the CI environment variable
set), where a missing browser fails them: CI installs it (scripts/test).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

from yjinspect_web.accounts import twofactor
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Case, Inspection, Role, Service, TeamMember, User

# Playwright's sync API runs an asyncio event loop in the main thread for as long as the
# session's browser is open, and Django refuses ORM calls from a thread with a running loop
# (SynchronousOnlyOperation). The tests' own ORM calls are plain synchronous code, so the
# check is switched off for this pytest process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in a container
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "src/yjinspect_web/static/build/axe.min.js"
SCREENS = Path("/tmp/yjinspect-screens")
PASSWORD = "correct-horse-battery-staple"
TIMEOUT_MS = 10_000


def totp_code(user: User) -> str:
    """The code the person's authenticator app shows now (enrolling one if they have none),
    never one already used (django-otp refuses a code's time step twice): when this step's
    code was used, the next step's (accepted within the tolerance of one step)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or twofactor.enrol(user)
    now = int(time.time() // twofactor.STEP)
    step = max(now, device.last_t + 1)
    while step > now + 1:  # two sign-ins in one step already: wait for the next
        time.sleep(1)
        now = int(time.time() // twofactor.STEP)
    return f"{hotp(device.bin_key, step):06d}"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} is missing: install Debian's chromium "
            "(apt-get install chromium; scripts/test does it as root)"
        )
        if in_ci():
            pytest.fail(f"{reason}; CI must run the browser tests")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def make_case(inspection: Inspection, reference: str, inspector: User) -> Case:
    """A court case (referral order) in the others' safety sub-sample, not the child's."""
    return Case.objects.create(
        inspection=inspection,
        reference=reference,
        case_type="court",
        disposal="referral_order",
        gender="male",
        ethnicity="white",
        rosh="medium",
        safety_wellbeing="low",
        assigned_inspector=inspector,
    )


@dataclass
class Workspace:
    """An inspection with a lead inspector, an inspector and one court case (C01)."""

    url: str
    inspection: Inspection
    case: Case
    lead: User
    inspector: User

    def at(self, path: str) -> str:
        return f"{self.url}/inspections/{self.inspection.pk}{path}"

    def flag_planning(self) -> None:
        """Three court cases with 2.2 answered: 2.2.1 yes in 2 of 3 (67%: Good, near the 65
        boundary, on a small sample), 2.2.3 yes in all 3. The rule rates 2.2 Good, flagged."""
        more = [make_case(self.inspection, ref, self.inspector) for ref in ("C02", "C03")]
        cases = [self.case, *more]
        for case, planning in zip(cases, ("yes", "yes", "no"), strict=True):
            for question_id, value in (("2.2.1", planning), ("2.2.3", "yes")):
                outcome = services.save_answer(case, question_id, value, "", 0, self.inspector)
                assert outcome.saved


# The live server is http://localhost:PORT. The settings' secure cookies (session, CSRF) stay
# on: Chromium keeps Secure cookies from http://localhost and 127.0.0.1, which it treats as
# secure contexts, so signing in over plain http works without overriding them.
@pytest.fixture
def workspace(live_server: Any, transactional_db: None) -> Workspace:
    service = Service.objects.create(name="Northtown YJS", local_authority="Northtown")
    lead = User.objects.create_user(
        username="lead", password=PASSWORD, role=Role.LEAD_INSPECTOR, first_name="Lee"
    )
    inspector = User.objects.create_user(
        username="inspector", password=PASSWORD, role=Role.INSPECTOR, first_name="Ina"
    )
    inspection = Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        title="Northtown inspection 2026",
        fieldwork_start=dt.date(2026, 5, 4),
    )
    TeamMember.objects.create(inspection=inspection, user=lead, role="lead")
    TeamMember.objects.create(inspection=inspection, user=inspector, role="inspector")
    case = make_case(inspection, "C01", inspector)
    return Workspace(live_server.url, inspection, case, lead, inspector)


SERIOUS = ("serious", "critical")


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """One readable block per violation: rule, impact, help, and the offending elements."""
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:200]}")
            if summary := node.get("failureSummary"):
                lines.extend(f"      {line}" for line in summary.splitlines())
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@dataclass
class Tab:
    """One page in its own browser context, with what it said on its console."""

    page: Page
    url: str
    console: list[str] = field(default_factory=list)
    refused_pages: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.page.on("console", self._record)
        self.page.on("response", self._record_refused)

    def _record_refused(self, response: Response) -> None:
        if response.status == 400 and response.request.resource_type == "document":
            self.refused_pages.add(response.url)

    def _refused_form(self, message: str) -> bool:
        """A form refused for its input is a 400 page, whose status the browser logs as an
        error; a 400 for anything else (a script, a style sheet, a fetch) stays an error."""
        return "status of 400" in message and any(
            message.endswith(f"({url})") for url in self.refused_pages
        )

    def _record(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        self.console.append(f"{message.type}: {message.text}" + (f" ({where})" if where else ""))

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the forms, as a person would: the password, then (for a person who
        must use or has two-factor sign-in, enrolled here if need be) the code their
        authenticator app would show."""
        user = User.objects.get(username=username)
        second_factor = permissions.must_use_two_factor(user) or twofactor.has_two_factor(user)
        if second_factor and not twofactor.has_two_factor(user):
            twofactor.enrol(user)
        self.page.goto(f"{self.url}/sign-in")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        if second_factor:
            self.page.wait_for_url(re.compile(r"/sign-in/two-factor"))
            self.page.get_by_label("Enter your sign-in code").fill(totp_code(user))
            self.page.get_by_role("button", name="Continue").click()
        self.page.wait_for_url(f"{self.url}/")

    def screenshot(self, name: str) -> None:
        """A full-page screenshot in /tmp/yjinspect-screens/ for a person to look at."""
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)

    def assert_clean_console(self) -> None:
        """No content security policy violation, and no error, on the console."""
        refused = [m for m in self.console if "Content Security Policy" in m]
        assert not refused, "\n".join(refused)
        errors = [m for m in self.console if m.startswith("error:") and not self._refused_form(m)]
        assert not errors, "\n".join(errors)

    def assert_accessible(self) -> None:
        """axe-core finds no serious or critical violation on the page as it is now."""
        self.page.add_script_tag(path=str(AXE))
        results = self.page.evaluate("async () => await axe.run(document)")
        violations = [v for v in results["violations"] if v.get("impact") in SERIOUS]
        assert not violations, describe_violations(self.page.url, violations)


def _tab(browser: Browser, url: str, **options: Any) -> Iterator[Tab]:
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield Tab(context.new_page(), url)
    finally:
        context.close()


@pytest.fixture
def tab(browser: Browser, live_server: Any) -> Iterator[Tab]:
    """A page in a fresh context, the content security policy enforced."""
    yield from _tab(browser, live_server.url)


@pytest.fixture
def axe_tab(browser: Browser, live_server: Any) -> Iterator[Tab]:
    """A page whose context bypasses the content security policy, only so that axe-core can be
    injected (the policy rightly refuses injected scripts). Never used to check the policy."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup to build the front-end assets")
    yield from _tab(browser, live_server.url, bypass_csp=True)
