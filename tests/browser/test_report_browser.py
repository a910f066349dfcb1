"""The HTML report in a real browser: axe-core finds no serious or critical violation in the
demo report (draft, with the previous inspection, a panel decision, the narrative and the
prompt annexe), and the charts are labelled images. Opened from a file, as a reader would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from yjinspect.inputs import (
    evidence_from_cases,
    evidence_from_summary,
    read_case_answers,
    read_summary,
)
from yjinspect.profile_files import read_profile
from yjinspect.rating import rate_inspection
from yjinspect.report.data import PreviousInspection, ReportData, read_narrative
from yjinspect.report.render import DRAFT_NOTICE, write_html

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
AXE = REPO / "src/yjinspect_web/static/build/axe.min.js"
SCREENS = Path("/tmp/yjinspect-screens")
SERIOUS = ("serious", "critical")


def demo_report() -> ReportData:
    judged = {"1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good"}
    panels = {"2.2": "Good: 2.2.3 rests on 11 cases; one more yes gives 64%, near the boundary"}
    answers = read_case_answers(EXAMPLES / "blackpool-2021-cases.csv")
    result = rate_inspection(evidence_from_cases("iyjs-2018", answers, judged, panels, "Blackpool"))
    previous = rate_inspection(
        evidence_from_summary(read_summary(EXAMPLES / "blackpool-2018.json"))
    )
    return ReportData(
        result=result,
        title="An inspection of youth offending services in Blackpool",
        service="Blackpool",
        narrative=read_narrative(EXAMPLES / "blackpool-2021-narrative.yaml"),
        previous=PreviousInspection("2018", previous),
        profile=read_profile(EXAMPLES / "profile-blackpool-2021.yaml"),
    )


@pytest.fixture
def report_page(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup to build the front-end assets")
    index = write_html(demo_report(), tmp_path)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(index.as_uri())
        yield page
    finally:
        context.close()


def describe(violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {json.dumps(n['target'])}: {n['html'][:160]}" for n in v["nodes"][:5]]
    return "\n".join(lines)


def test_report_passes_axe_core(report_page: Page) -> None:
    page = report_page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "An inspection of youth offending services in Blackpool"
    )
    expect(page.get_by_role("region", name="Draft notice")).to_contain_text(DRAFT_NOTICE)
    charts = page.get_by_role("img")
    expect(charts).to_have_count(1 + 8)  # the change since 2018, and each case-based standard
    expect(charts.first).to_be_visible()
    assert charts.nth(1).get_attribute("aria-labelledby") == "kq-chart-2-1-title kq-chart-2-1-desc"
    expect(page.locator("#kq-chart-2-1-desc")).to_contain_text(
        "2.1.3 77% (Good, lowest; 2018: 58%; 95% interval 49.7% to 91.8%)"
    )
    planning = page.get_by_role("table", name="2.2 Planning: key questions")
    expect(planning.get_by_role("rowheader").last).to_have_text(
        "Does planning focus sufficiently on keeping other people safe?"
    )
    expect(page.locator("#standard-2-2 .panel-decision")).to_contain_text("one more yes gives 64%")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    violations = [v for v in results["violations"] if v.get("impact") in SERIOUS]
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "report.png"), full_page=True)
    assert not violations, describe(violations)


def test_draft_banner_does_not_hide_what_a_link_jumps_to(report_page: Page) -> None:
    page = report_page
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Annexe 1").click()
    heading = page.get_by_role("heading", name="Annexe 1: Methodology")
    banner = page.get_by_role("region", name="Draft notice").bounding_box()
    box = heading.bounding_box()
    assert banner is not None and box is not None
    assert box["y"] >= banner["y"] + banner["height"], "the banner covers the heading"
