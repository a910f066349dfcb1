"""The report's contextual facts, staffing and caseload characteristics generated from a
service's profile (yjinspect.report.profile_view), in 004's layout with sources as notes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cli_runner import run
from published_2021_profile import (
    CASELOAD_INFORMATION_2021,
    CHARACTERISTICS_2021,
    FACTS_2021,
    FOOTNOTES_2021,
    OFFENCE_TYPES_2021,
    STAFFING_2021,
)
from yjinspect.inputs import evidence_from_summary, read_summary
from yjinspect.profile import Area, Breakdown, Caseload, Figure, Group, Profile
from yjinspect.profile_files import read_profile
from yjinspect.rating import rate_inspection
from yjinspect.report.data import ReportData
from yjinspect.report.render import render_html

EXAMPLES = Path(__file__).parent.parent / "examples"
PROFILE = EXAMPLES / "profile-blackpool-2021.yaml"


def _report(name: str = "blackpool-2021.json", **changes: object) -> ReportData:
    result = rate_inspection(evidence_from_summary(read_summary(EXAMPLES / name)))
    data = ReportData(
        result=result,
        title="An inspection of youth offending services in Blackpool",
        service="Blackpool",
        fieldwork_start=date(2021, 5, 17),
        profile=read_profile(PROFILE),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


class _Text(HTMLParser):
    """The text of each section by id, tables' rows as their cells joined by tabs."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self._stack: list[str] = []
        self._line: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self._stack.append(dict(attrs).get("id") or "")
        elif tag in ("sup", "style"):
            self._skip += 1
        elif tag in ("td", "th") and self._line:
            self._line.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("sup", "style"):
            self._skip -= 1
        elif tag in ("tr", "p", "h2", "h3", "h4", "caption", "li"):
            line = "".join(self._line).strip()
            if line and self._stack:
                for section in self._stack:
                    self.sections.setdefault(section, []).append(" ".join(line.split(" ")))
            self._line = []
        if tag == "section" and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._line.append(re.sub(r"\s+", " ", data))


def _sections(html: str) -> dict[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return parser.sections


def test_the_contextual_facts_page_reproduces_004() -> None:
    facts = _sections(render_html(_report()))["contextual-facts"]
    printed = [line for line in facts if "\t" in line]
    for line in FACTS_2021:
        assert line in printed, line
    assert facts.index("Youth justice information") < facts.index("Population information")
    assert facts.index("Caseload information") < facts.index("Additional caseload data")
    for dimension, rows in CASELOAD_INFORMATION_2021.items():
        groups = "\t".join(group for group, _ours, _national in rows)
        ours = "\t".join(figure for _group, figure, _national in rows)
        national = "\t".join(figure for _group, _ours, figure in rows)
        assert any(line.endswith(f"\t{groups}") for line in facts), dimension
        assert f"Blackpool YJS\t{ours}" in facts and f"National average\t{national}" in facts
    for label, percent in OFFENCE_TYPES_2021:
        assert f"{label}\t{percent}" in facts
    assert "Offence types\t%" in facts


def test_sources_are_numbered_notes_in_004s_order() -> None:
    html = render_html(_report())
    notes = re.findall(r'<p id="source-(\d+)" class="note"><sup>\d+</sup> ([^<]+)</p>', html)
    texts = [text.replace("&#39;", "'") for _number, text in notes]
    assert texts == FOOTNOTES_2021
    assert [int(number) for number, _text in notes] == list(range(1, 9))
    assert '<a href="#source-1" aria-label="source 1">1</a>' in html


def test_staffing_and_characteristics_sit_in_their_standards() -> None:
    sections = _sections(render_html(_report()))
    staff = sections["standard-1-2"]
    for line in STAFFING_2021:
        assert line in staff
    assert staff.index("Key staffing data") < staff.index(STAFFING_2021[0])
    services = sections["standard-1-3"]
    for line in CHARACTERISTICS_2021:
        assert line in services
    assert "Key staffing data" not in sections["contextual-facts"]


def test_the_contents_list_the_facts_and_no_code_word_shows() -> None:
    html = render_html(_report())
    assert '<a href="#contextual-facts">Contextual facts</a>' in html
    facts = "\n".join(_sections(html)["contextual-facts"])
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", facts)


def test_a_framework_without_a_staff_standard_keeps_the_tables_in_the_facts() -> None:
    sections = _sections(render_html(_report("blackpool-2025.json")))
    facts = sections["contextual-facts"]
    assert "Key staffing data" in facts and STAFFING_2021[2] in facts
    assert CHARACTERISTICS_2021[0] in facts


def test_without_a_profile_there_is_no_contextual_facts_chapter() -> None:
    """Figures are never typed into a report: without a profile the chapter is left out."""
    html = render_html(_report(profile=None))
    assert "contextual-facts" not in html and "source-1" not in html


def test_the_caseload_date_and_a_computed_share() -> None:
    profile = Profile(
        "Town YJS",
        "2024",
        caseload=Caseload(date(2024, 3, 4), 20),
        characteristics=(
            Figure("Percentage of current caseload with mental health issues", 9, 20),
        ),
    )
    facts = _sections(render_html(_report(profile=profile)))
    assert "The caseload on 4 March 2024." in facts["contextual-facts"]
    assert "Percentage of current caseload with mental health issues\t45%" in facts["standard-1-3"]
    assert Decimal(45) == profile.characteristics[0].value


def test_the_report_command_takes_a_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _out, err = run(
        capsys, "report", str(EXAMPLES / "blackpool-2021.json"), "--html", str(tmp_path / "r"),
        "--profile", str(PROFILE),
    )  # fmt: skip
    assert status == 0, err
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Total current caseload on community sentences" in html and "27 (93%)" in html


def test_the_report_command_refuses_a_profile_that_disagrees(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(
        PROFILE.read_text(encoding="utf-8").replace(
            "count: 27, printed: 93", "count: 27, printed: 94"
        )
    )
    status, _out, err = run(
        capsys, "report", str(EXAMPLES / "blackpool-2021.json"), "--html", str(tmp_path / "r"),
        "--profile", str(wrong),
    )  # fmt: skip
    assert status == 2 and not (tmp_path / "r").exists()
    assert err == (
        "yjinspect: error: wrong.yaml has a figure that disagrees with its count: Of the 29 "
        "court disposals: Total current caseload on community sentences: printed 94%, but 27 "
        "of 29 is 93%\n"
    )


def test_the_pdf_prints_the_profile_with_no_page_half_empty(tmp_path: Path) -> None:
    """The demo report's PDF with 004's profile: its figures as 004 prints them, and every
    page but the last at least half full (as the report's own test asks of it)."""
    from test_report import pdf_pages, rate_cases, with_2018
    from yjinspect.report.data import read_narrative
    from yjinspect.report.render import render_pdf

    pdf = render_pdf(
        with_2018(
            result=rate_cases(),
            narrative=read_narrative(EXAMPLES / "blackpool-2021-narrative.yaml"),
            place="Blackpool",
            issued=date(2021, 9, 7),
            profile=read_profile(PROFILE),
        )
    )
    pages = pdf_pages(pdf, tmp_path)  # skips without pdftotext, as the report's tests do
    text = " ".join(" ".join(page.split()) for _fill, page in pages)
    assert "27 (93%) Total current caseload on community sentences" in text
    assert "Average caseload per case manager (FTE) 5" in text
    assert "Blackpool YJS 91% 6% 3%" in text
    short = [(n, round(fill, 2)) for n, (fill, _) in enumerate(pages[3:-1], 4) if fill < 0.5]
    assert short == []


def test_the_relative_rate_index_is_shown_with_small_numbers_suppressed() -> None:
    def ethnicity(counts: dict[str, int]) -> Breakdown:
        return Breakdown(
            "ethnicity", "Ethnicity", tuple(Group(k, k.title(), v) for k, v in counts.items())
        )

    profile = Profile(
        "Town YJS",
        "2024",
        area=Area(
            "Town",
            population_10_17=11_300,
            population_groups=(ethnicity({"white": 10_000, "black": 500, "asian": 800}),),
        ),
        caseload=Caseload(None, 38, (ethnicity({"white": 30, "black": 6, "asian": 2}),)),
    )
    facts = _sections(render_html(_report(profile=profile)))["contextual-facts"]
    assert "Disproportionality" in facts
    assert "White (ethnicity)\t30\t10,000\t3.00\t1.00 (reference group)" in facts
    assert "Black (ethnicity)\t6\t500\t12.00\t4.00" in facts
    assert "Asian (ethnicity)\tfewer than 5\t800\t-\tnot calculated (fewer than 5)" in facts
