"""The report with a service's profile in a real browser: axe-core finds no serious or critical
violation in the contextual facts, staffing and caseload characteristics tables, and a source
note's mark takes the reader to the note."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from yjinspect.inputs import evidence_from_summary, read_summary
from yjinspect.profile_files import read_profile
from yjinspect.rating import rate_inspection
from yjinspect.report.data import ReportData
from yjinspect.report.render import write_html

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
AXE = REPO / "src/yjinspect_web/static/build/axe.min.js"
SERIOUS = ("serious", "critical")


def _violations(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in results["violations"] if v.get("impact") in SERIOUS]


def test_profile_tables_pass_axe_core(browser: Browser, tmp_path: Path) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup to build the front-end assets")
    result = rate_inspection(evidence_from_summary(read_summary(EXAMPLES / "blackpool-2021.json")))
    data = ReportData(
        result=result,
        title="An inspection of youth offending services in Blackpool",
        service="Blackpool",
        locked=True,
    )
    index = write_html(
        replace(data, profile=read_profile(EXAMPLES / "profile-blackpool-2021.yaml")), tmp_path
    )
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(index.as_uri())
        facts = page.locator("#contextual-facts")
        expect(facts.get_by_role("heading", name="Additional caseload data")).to_be_visible()
        expect(facts.get_by_role("table", name="Caseload by age")).to_be_visible()
        expect(
            page.locator("#standard-1-2").get_by_role("table", name="Key staffing data")
        ).to_be_visible()
        facts.get_by_role("link", name="source 1").click()
        expect(page.locator("#source-1")).to_be_in_viewport()
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "async () => await axe.run(document.querySelectorAll("
            "'#contextual-facts, #standard-1-2, #standard-1-3'))"
        )
        violations = _violations(results)
        assert not violations, json.dumps(violations, indent=1)[:3000]
    finally:
        context.close()
