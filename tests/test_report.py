"""The report (HTML and PDF) in 004's structure, its charts, and ``yjinspect report``."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run
from yjinspect.framework import load_framework
from yjinspect.inputs import (
    evidence_from_cases,
    evidence_from_summary,
    parse_summary,
    read_case_answers,
    read_summary,
)
from yjinspect.profile_files import read_profile
from yjinspect.rating import InspectionResult, rate_inspection
from yjinspect.report.charts import change_chart, key_question_chart
from yjinspect.report.data import (
    CaseCounts,
    DomainNarrative,
    Narrative,
    PreviousInspection,
    Recommendation,
    ReportData,
    read_narrative,
    report_title,
)
from yjinspect.report.render import (
    DRAFT_NOTICE,
    previous_heading,
    recommendation_groups,
    render_html,
    render_pdf,
    write_html,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
JUDGED_2021 = {"1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good"}
CSV_JUDGEMENTS = [
    "--judgement",
    "1.1=Good",
    "--judgement",
    "1.2=Good",
    "--judgement",
    "1.3=Requires improvement",
    "--judgement",
    "1.4=Good",
]


def rate_example(name: str) -> InspectionResult:
    return rate_inspection(evidence_from_summary(read_summary(EXAMPLES / name)))


def rate_cases(panels: dict[str, str] | None = None) -> InspectionResult:
    answers = read_case_answers(EXAMPLES / "blackpool-2021-cases.csv")
    evidence = evidence_from_cases("iyjs-2018", answers, JUDGED_2021, panels, "Blackpool")
    return rate_inspection(evidence)


def blackpool(**changes: Any) -> ReportData:
    data = ReportData(
        result=rate_example("blackpool-2021.json"),
        title="An inspection of youth offending services in Blackpool",
        service="Blackpool",
        fieldwork_start=date(2021, 5, 17),
        fieldwork_end=date(2021, 6, 11),
    )
    return replace(data, **changes)


def with_2018(**changes: Any) -> ReportData:
    previous = PreviousInspection("2018", rate_example("blackpool-2018.json"))
    return blackpool(**({"previous": previous} | changes))


class _Tables(HTMLParser):
    """Every table's rows as lists of cell texts, by caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.tables[self.caption] = self._rows

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def row(table: list[list[str]], first: str) -> list[str]:
    return next(r for r in table if r and r[0] == first)


def words(text: str) -> str:
    return " ".join(text.split())


# -- HTML ----------------------------------------------------------------------------------


def test_ratings_table_has_the_score_the_overall_rating_and_every_standard() -> None:
    html = render_html(blackpool())
    ratings = tables(html)["Ratings: Blackpool"]
    assert row(ratings, "Score") == ["Score", "25/36"]
    assert row(ratings, "Overall rating") == ["Overall rating", "Good"]
    result = rate_example("blackpool-2021.json")
    for standard in result.standards:
        assert row(ratings, f"{standard.id} {standard.name}")[1] == standard.rating
    assert row(ratings, "2.2 Planning")[1] == "Requires improvement"
    assert ["2. Court disposals"] in ratings


def test_document_is_standalone_and_structured() -> None:
    html = render_html(blackpool())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB"' in html
    assert "<script" not in html and "<link" not in html  # styles inline, nothing fetched
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), "skipped level"
    assert html.count("<caption>") == html.count("<table")
    assert "<th>" not in html  # every header cell has a scope
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []


def test_key_question_table_bolds_the_driving_figure() -> None:
    html = render_html(blackpool())
    planning = tables(html)["2.2 Planning: key questions"]
    assert planning[0] == ["Key question", "% yes", "Band", "Cases (yes of relevant)"]
    lowest = row(planning, "Does planning focus sufficiently on keeping other people safe?")
    assert lowest == [lowest[0], "55%", "Requires improvement (lowest)", "6 of 11"]
    table = html[html.index("2.2 Planning: key questions") :]
    table = table[: table.index("</table>")]
    assert re.findall(r"<strong>(\d+%)</strong>", table) == ["55%"]
    assert "driven by the lowest score" in html


def test_tied_lowest_figures_are_all_bold_as_in_004() -> None:
    html = render_html(with_2018())
    reviewing = html[html.index("2.4 Reviewing: key questions") :]
    reviewing = reviewing[: reviewing.index("</table>")]
    # 004, 2.4: every 100% is bold, and 2018's two 38% figures
    assert re.findall(r"<strong>(\d+%)</strong>", reviewing) == [
        "100%",
        "38%",
        "100%",
        "100%",
        "38%",
    ]


def test_previous_inspection_column_beside_the_figures() -> None:
    html = render_html(with_2018())
    planning = tables(html)["2.2 Planning: key questions"]
    assert planning[0][:3] == ["Key question", "% yes", "2018 results"]
    child = row(planning, "Does planning focus sufficiently on keeping the child safe?")
    assert child[1:3] == ["82%", "30%"]
    assert "Does planning focus sufficiently on keeping the child safe?" in html
    assert "previous" not in previous_heading("2018")
    # the workspace labels its previous inspection "2018 results": not "2018 results results"
    previous = PreviousInspection("2018 results", rate_example("blackpool-2018.json"))
    labelled = render_html(blackpool(previous=previous))
    assert "2018 results results" not in labelled and "2018 results" in labelled


def test_no_previous_column_without_a_previous_inspection() -> None:
    html = render_html(blackpool())
    assert "results</th>" not in html
    assert 'id="change-chart' not in html


def test_panel_rationale_is_shown() -> None:
    panels = {"2.2": "Good: 2.2.3 rests on 11 cases and one more yes gives 64%"}
    html = render_html(blackpool(result=rate_cases(panels)))
    section = html[html.index('id="standard-2-2"') :]
    section = words(section[: section.index("</section>")])
    assert "Ratings panel decision" in section
    assert "would be rated Requires improvement" in section
    assert "2.2.3 rests on 11 cases and one more yes gives 64%" in section
    assert row(tables(html)["Ratings: Blackpool"], "2.2 Planning")[1] == "Good (ratings panel)"
    assert row(tables(html)["Ratings: Blackpool"], "Score") == ["Score", "26/36"]


def test_prompt_annexe_from_the_case_file() -> None:
    result = rate_cases()
    html = render_html(blackpool(result=result))
    assert "Annexe 2: Inspection data" in html
    prompts = tables(html)["2.1 Assessment: prompts"]
    assert prompts[0] == ["Prompt", "% yes", "Cases (yes of relevant)"]
    first = next(r for r in prompts if r[0].startswith("2.1.1a"))
    assert first[1:] == ["85%", "11 of 13"]  # 004 Annexe 2: 85%
    count = sum(len(kq.prompts) for s in result.standards for kq in s.key_questions)
    assert html.count('class="prompt-id"') == count


def test_no_prompt_annexe_without_prompt_figures() -> None:
    html = render_html(blackpool())
    assert "Annexe 2" not in html and "Annexe 1: Methodology" in html


def test_methodology_annexe_is_generated_from_framework_and_inspection() -> None:
    counts = CaseCounts({"court": 13, "out_of_court": 10}, {"others_safety_work": 18})
    html = render_html(blackpool(case_counts=counts))
    found = tables(html)
    bands = found["Key question bands and the standard's rating"]
    assert bands[1:] == [
        ["Minority: <50%", "Inadequate"],
        ["Too few: 50-64%", "Requires improvement"],
        ["Reasonable majority: 65-79%", "Good"],
        ["Large majority: 80%+", "Outstanding"],
    ]
    overall = found["Overall rating from the total score (0-36)"]
    assert overall[1:] == [
        ["0-6", "Inadequate"],
        ["7-18", "Requires improvement"],
        ["19-30", "Good"],
        ["31-36", "Outstanding"],
    ]
    assert found["Scores of the standards' ratings"][1] == ["0", "Inadequate"]
    sample = found["Cases inspected"]
    assert sample[1:] == [
        ["Court disposals", "Court disposal", "13"],
        ["Out-of-court disposals", "Out-of-court disposal", "10"],
    ]
    sub_samples = found["Sub-samples"]
    others = row(sub_samples, "Meaningful work expected to keep other people safe")
    assert "2.2.3 (11 cases)" in others[2] and others[3] == "18"
    assert row(sub_samples, "Youth conditional cautions")[2] == "3.4.2 (3 cases)"
    text = words(html)
    assert "within 5 percentage points of a band boundary (50, 65 and 80%)" in text
    assert "sub-sample of 5 cases or fewer" in text
    assert "Each of the 12 scored standards" in text and "the 0-36 scale" in text
    assert "lowest banding at the key question level" in text


def test_sample_sizes_fall_back_to_the_largest_relevant_count() -> None:
    sample = tables(render_html(blackpool()))["Cases inspected"]
    assert sample[1:] == [
        ["Court disposals", "Court disposal", "13"],
        ["Out-of-court disposals", "Out-of-court disposal", "10"],
    ]


def test_draft_banner_until_the_ratings_are_locked() -> None:
    draft = render_html(blackpool())
    assert DRAFT_NOTICE in draft and 'class="draft-banner"' in draft
    assert "<title>Draft: " in draft
    assert "@top-center" in draft and "data:image/svg+xml;base64," in draft  # every PDF page
    locked = render_html(blackpool(locked=True))
    assert DRAFT_NOTICE not in locked and 'class="draft-banner"' not in locked
    assert "data:image/svg+xml" not in locked and "@top-center" not in locked


def test_narrative_is_escaped_and_grouped() -> None:
    narrative = Narrative(
        foreword='Better <script>alert("x")</script> & fairer.\n\nSecond paragraph.',
        foreword_by="A <b>Chief</b> Inspector",
        summary="Summary <img src=x onerror=alert(1)>",
        domains={"2": DomainNarrative(strengths=["Plans <i>are</i> clear"])},
        recommendations=[
            Recommendation(text="do one", audience="Blackpool Youth Justice Service"),
            Recommendation(text="review oversight", audience="The Youth Justice Board"),
            Recommendation(text="do two", audience="Blackpool Youth Justice Service"),
        ],
    )
    html = render_html(blackpool(narrative=narrative))
    assert "<script" not in html and "<img" not in html and "<b>Chief" not in html
    assert "Better &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; fairer." in html
    assert "<p>Second paragraph.</p>" in html
    assert "<li>Plans &lt;i&gt;are&lt;/i&gt; clear</li>" in html
    groups = recommendation_groups(narrative.recommendations)
    assert [(g.audience, g.start, g.items) for g in groups] == [
        ("Blackpool Youth Justice Service", 1, ("do one", "do two")),
        ("The Youth Justice Board", 3, ("review oversight",)),
    ]
    assert '<ol start="3">' in html and "The Youth Justice Board should:" in html


def test_without_narrative_only_generated_content() -> None:
    html = render_html(blackpool())
    for absent in ("Foreword", "Recommendations", "Strengths", "Contextual facts"):
        assert f">{absent}<" not in html
    for placeholder in ("lorem", "TBC", "TODO", "placeholder"):
        assert placeholder.lower() not in html.lower()
    assert (
        "Executive summary" in html and "Overall, Blackpool is rated <strong>Good</strong>" in html
    )


def test_the_example_narrative_reads_and_renders() -> None:
    narrative = read_narrative(EXAMPLES / "blackpool-2021-narrative.yaml")
    assert len(narrative.recommendations) == 7
    audiences = Counter(r.audience for r in narrative.recommendations)
    assert audiences == {"The Blackpool Youth Justice Service": 6, "The Youth Justice Board": 1}
    assert set(narrative.domains) == {"1", "2", "3"}
    html = render_html(blackpool(narrative=narrative))
    assert "Justin Russell" in html and "Blackpool Families Rock" in html
    assert "The Blackpool Youth Justice Service should:" in html
    assert "This report makes 7 recommendations" in html


def test_2025_framework_says_the_banding_is_provisional() -> None:
    result = rate_example("blackpool-2025.json")
    data = ReportData(
        result=result, title="2025", service="Blackpool", fieldwork_start=date(2025, 6, 2)
    )
    html = render_html(data)
    ratings = tables(html)["Ratings: Blackpool"]
    assert row(ratings, "Fieldwork") == ["Fieldwork", "started 2 June 2025"]  # 002's ratings table
    assert row(ratings, "Score") == ["Score", "6/12"]
    assert row(ratings, "Overall rating") == [
        "Overall rating",
        "Requires improvement (provisional banding)",
    ]
    assert "Provisional banding." in html and "not in the source documents" in html
    assert "Overall rating from the total score (0-12)" in html
    assert "The fieldwork started on 2 June 2025." in html
    assert "V1 Work with victims: key questions" not in html  # no V1.1 figure: no table
    summary = parse_summary(
        {
            "framework": "iyjwcv-2025",
            "standards": {
                "V1": {"rating": "Requires improvement", "key_questions": {"V1.1": {"percent": 56}}}
            },
        }
    )
    informed = render_html(replace(data, result=rate_inspection(evidence_from_summary(summary))))
    victims = tables(informed)["V1 Work with victims: key questions"]
    assert victims[1][1:3] == ["56%", "Requires improvement"]  # no "(lowest)": judged
    assert "These case figures inform the judgement" in informed


def test_framework_without_a_score() -> None:
    summary = parse_summary(
        {"framework": "fji-2012", "service": "Blackpool", "standards": {"1": {"rating": "Good"}}}
    )
    result = rate_inspection(evidence_from_summary(summary))
    html = render_html(ReportData(result=result, title="2012", service="Blackpool"))
    assert "gives no score and no overall rating" in html
    assert ">Score<" not in html and "Annexe 2" not in html


def test_unrated_key_questions_render_without_figures() -> None:
    summary = parse_summary(
        {
            "framework": "iyjs-2018",
            "standards": {"2.4": {"key_questions": {"2.4.1": {"yes": 2, "relevant": 3}}}},
        }
    )
    result = rate_inspection(evidence_from_summary(summary))
    html = render_html(ReportData(result=result, title="Partial", service=""))
    reviewing = tables(html)["2.4 Reviewing: key questions"]
    assert (
        row(reviewing, "Does reviewing focus sufficiently on keeping the child safe?")[1]
        == "\u2013"
    )  # en dash
    assert row(tables(html)["Ratings: Partial"], "Overall rating")[1] == "Not rated"
    assert 'id="kq-chart-3-1' not in html  # no figure, no chart


def test_write_html_writes_index_html(tmp_path: Path) -> None:
    path = write_html(blackpool(), tmp_path / "report")
    assert path == tmp_path / "report" / "index.html"
    assert "25/36" in path.read_text(encoding="utf-8")


# -- charts --------------------------------------------------------------------------------


def test_key_question_chart_is_svg_with_text_and_a_text_alternative() -> None:
    result = rate_example("blackpool-2021.json")
    previous = {"2.2.1": 54, "2.2.2": 30, "2.2.3": 39}
    svg, text = key_question_chart(result.framework, result.standard("2.2"), previous, "2018")
    assert text == (
        "2.2 Planning: 2.2.1 75% (Good; 2018: 54%; 95% interval 46.8% to 91.1%), "
        "2.2.2 82% (Outstanding; 2018: 30%; 95% interval 52.3% to 94.9%), "
        "2.2.3 55% (Requires improvement, lowest; 2018: 39%; 95% interval 28.0% to 78.7%); "
        "band boundaries at 50, 65 and 80%."
    )
    assert svg.startswith("<svg") and "<?xml" not in svg and "DOCTYPE" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="kq-chart-2-2-title kq-chart-2-2-desc"' in svg
    assert f'<desc id="kq-chart-2-2-desc">{text}</desc>' in svg
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert {"55% lowest", "Requires", "improvement", "Outstanding", "50%", "80%"} <= {
        t.strip() for part in texts for t in part.split("\n")
    } | set(texts)
    assert "font-family" in svg and "DejaVu Sans" in svg
    assert re.findall(r'\bid="([^"]+)"', svg) == [
        i for i in re.findall(r'\bid="([^"]+)"', svg) if i.startswith("kq-chart-2-2-")
    ]
    again = key_question_chart(result.framework, result.standard("2.2"), previous, "2018")
    assert again.svg == svg  # deterministic


def test_every_percentage_is_in_the_text_alternative() -> None:
    result = rate_cases()
    for standard in result.standards:
        if not standard.key_questions:
            continue
        _, text = key_question_chart(result.framework, standard)
        for kq in standard.key_questions:
            assert f"{kq.id} {kq.percent}% ({kq.band}" in text


def test_change_chart_compares_ratings_and_scores() -> None:
    current, previous = rate_example("blackpool-2021.json"), rate_example("blackpool-2018.json")
    chart = change_chart(current, previous, "2021", "2018 results")
    assert chart is not None
    assert "2.4 Reviewing: Inadequate in 2018, Outstanding in 2021 (up 3 points)" in chart.text
    assert "1.3 Partnerships and services: Requires improvement in 2018, Requires " in chart.text
    assert "Score 3/36 in 2018, 25/36 in 2021." in chart.text
    assert "<text" in chart.svg and 'role="img"' in chart.svg
    other = rate_example("blackpool-2025.json")
    assert change_chart(other, previous, "2025", "2018") is None  # other standards


# -- PDF -----------------------------------------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        reason = "pdftotext is missing: install poppler-utils (scripts/test does it as root)"
        if _in_ci():
            pytest.fail(f"{reason}; CI must check the PDF's text")
        pytest.skip(reason)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return words(done.stdout)


PROFILE_2021 = EXAMPLES / "profile-blackpool-2021.yaml"


@pytest.fixture(scope="module")
def blackpool_pdf() -> bytes:
    narrative = read_narrative(EXAMPLES / "blackpool-2021-narrative.yaml")
    return render_pdf(
        with_2018(
            result=rate_cases(),
            narrative=narrative,
            place="Blackpool",
            issued=date(2021, 9, 7),
            profile=read_profile(PROFILE_2021),
        )
    )


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[tuple[float, str]]:
    """Each page's fill (how far down its body text reaches, 0 to 1 of the space between the
    margins) and its body text, from pdftotext's word boxes."""
    pdf_text(pdf, tmp_path)  # skips (or fails in CI) without pdftotext
    done = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    pages = []
    for page in done.stdout.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
        # the body: below the running header (DRAFT notice), above the page number
        body = [(float(top), float(bottom), word) for top, bottom, word in boxes]
        body = [box for box in body if 48 < box[0] < height - 50]
        top, bottom = 18 / 25.4 * 72, height - 20 / 25.4 * 72  # the page's margins
        lowest = max((box[1] for box in body), default=top)
        text = " ".join(word for _, _, word in body)  # pdftotext's reading order
        pages.append(((lowest - top) / (bottom - top), text))
    return pages


def test_pdf_cover_acknowledgements_and_contents_as_004(
    blackpool_pdf: bytes, tmp_path: Path
) -> None:
    pages = pdf_pages(blackpool_pdf, tmp_path)
    cover, acknowledgements, contents = (words(text) for _, text in pages[:3])
    assert cover.startswith(f"{DRAFT_NOTICE}. The ratings can still change")
    assert (
        "published report. An inspection of youth offending services in Blackpool "
        "HM Inspectorate of Probation, September 2021 Framework: "
    ) in cover
    assert acknowledgements.startswith("Acknowledgements This inspection was led by")
    assert contents.startswith("Contents Foreword")
    for standard in rate_cases().standards:  # every standard, with its page number
        entry = f"{re.escape(standard.id)}\\. {re.escape(standard.name)}"
        assert re.search(rf"{entry}[ .]+\d+", contents), standard.id
    assert "Background" in contents and "Contextual facts" in contents


def test_no_pdf_page_is_left_half_empty(blackpool_pdf: bytes, tmp_path: Path) -> None:
    """After the front matter (cover, acknowledgements, contents: a page each, as 004's),
    every page but the last is at least half full: a table or chart that does not fit moves
    on without leaving half a page behind, and chapters follow on."""
    pages = pdf_pages(blackpool_pdf, tmp_path)
    body = pages[3:-1]
    assert words(body[0][1]).startswith("Foreword")
    short = [(number, round(fill, 2)) for number, (fill, _) in enumerate(body, 4) if fill < 0.5]
    assert short == []


def test_report_title_from_the_kind_of_inspection_and_the_place() -> None:
    assert (
        report_title(load_framework("iyjs-2018"), "inspection", "Blackpool")
        == "An inspection of youth offending services in Blackpool"
    )
    assert (
        report_title(load_framework("iyjwcv-2025"), "inspection", "Blackpool")
        == "An inspection of youth justice work with children and victims in Blackpool"
    )
    assert (
        report_title(load_framework("iyjs-2021"), "self_assessment", "Northtown")
        == "A self-assessment of youth justice services in Northtown"
    )
    assert report_title(load_framework("iyjs-2021"), "inspection", "") == (
        "An inspection of youth justice services"
    )


def test_cover_contents_background_and_acknowledgements_in_html() -> None:
    narrative = Narrative(
        acknowledgements="Led by an inspector.\n\nThanks to <everyone>.",
        background="Youth offending teams work with children.",
    )
    html = render_html(blackpool(narrative=narrative, place="Blackpool", issued=date(2021, 9, 7)))
    assert '<span class="title-place">Blackpool</span></h1>' in html
    assert '<p class="cover-line">HM Inspectorate of Probation, September 2021</p>' in html
    assert "<p>Thanks to &lt;everyone&gt;.</p>" in html
    assert '<section id="background"' in html
    assert html.index('id="acknowledgements"') < html.index('id="contents-heading"')
    contents = html[html.index('<nav class="contents"') : html.index("</nav>")]
    anchors = re.findall(r'href="#([^"]+)">([^<]+)</a>', contents)
    names = [name for _, name in anchors]
    assert names[:4] == ["Ratings", "Executive summary", "Background", "1. Organisational delivery"]
    for standard in rate_example("blackpool-2021.json").standards:
        assert f"{standard.id}. {standard.name}" in names
    for anchor, _ in anchors:
        assert f'id="{anchor}"' in html
    # no place: the whole title on the cover, who issued it with the month generated
    plain = render_html(blackpool(generated_on=date(2026, 11, 25)))
    assert "<h1>An inspection of youth offending services in Blackpool</h1>" in plain
    assert "HM Inspectorate of Probation, November 2026" in plain


def test_pdf_renders_with_the_expected_tables(blackpool_pdf: bytes, tmp_path: Path) -> None:
    assert blackpool_pdf.startswith(b"%PDF")
    text = pdf_text(blackpool_pdf, tmp_path)
    for expected in (
        "Score 25/36",
        "Overall rating Good",
        "1.3 Partnerships and services Requires improvement",
        "2.4 Reviewing Outstanding",
        "Does planning focus sufficiently on keeping other people safe? 55% 39%",
        "Key question % yes 2018 results Band",
        "Lowest banding (key question level) Rating (standard)",
        "19-30 Good",
        "Annexe 2: Inspection data",
        "The Youth Justice Board should:",
        DRAFT_NOTICE,
    ):
        assert expected in text, expected
    assert "DRAFT" not in text.replace(DRAFT_NOTICE, "")  # the watermark is outlines, not text


def test_locked_pdf_has_no_draft_marking(tmp_path: Path) -> None:
    text = pdf_text(render_pdf(blackpool(locked=True)), tmp_path)
    assert "DRAFT" not in text and "Score 25/36" in text


# -- the command line ----------------------------------------------------------------------


def test_cli_writes_the_html_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(
        capsys,
        "report",
        str(EXAMPLES / "blackpool-2021-cases.csv"),
        "--framework",
        "iyjs-2018",
        *CSV_JUDGEMENTS,
        "--service",
        "Blackpool",
        "--html",
        str(tmp_path / "html"),
        "--previous",
        str(EXAMPLES / "blackpool-2018.json"),
        "--previous-label",
        "2018",
        "--narrative",
        str(EXAMPLES / "blackpool-2021-narrative.yaml"),
    )
    assert status == 0, err
    index = tmp_path / "html" / "index.html"
    assert f"HTML report: {index}" in out and "Draft" in out
    html = index.read_text(encoding="utf-8")
    assert "25/36" in html and "2018 results" in html and "Justin Russell" in html
    assert DRAFT_NOTICE in html
    cases = tables(html)["Cases inspected"]  # counted from the case file
    assert cases[1:] == [
        ["Court disposals", "Court disposal", "13"],
        ["Out-of-court disposals", "Out-of-court disposal", "10"],
    ]
    assert row(tables(html)["Sub-samples"], "Youth conditional cautions")[3] == "3"


def test_cli_locked_summary_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    summary = str(EXAMPLES / "blackpool-2021.json")
    status, out, _ = run(capsys, "report", summary, "--html", str(tmp_path), "--locked")
    assert status == 0 and "Draft" not in out
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert DRAFT_NOTICE not in html
    assert (
        '<h1><span class="title-lead">An inspection of youth offending services in</span> '
        '<span class="title-place">Blackpool</span></h1>'
    ) in html
    assert "HM Inspectorate of Probation, September 2021" in html  # the summary's published
    assert "17 May 2021" in html  # the summary's fieldwork start


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["examples/blackpool-2021.json"], "give --html DIR, --pdf FILE or both"),
        (
            ["examples/blackpool-2021.json", "--html", "OUT", "--narrative", "missing.yaml"],
            "missing.yaml: No such file or directory",
        ),
        (
            ["examples/blackpool-2021.json", "--html", "OUT", "--previous-label", "2018"],
            "--previous-label goes with --previous FILE",
        ),
        (
            ["examples/blackpool-2021.json", "--html", "OUT", "--previous", "x.csv"],
            "--previous takes an inspection summary",
        ),
        (["examples/blackpool-2021-cases.csv", "--html", "OUT"], "needs --framework"),
        (["inspection:abc", "--html", "OUT"], "write inspection:ID"),
        (["inspection:1", "--html", "OUT", "--locked"], "go with a file SOURCE"),
    ],
)
def test_cli_bad_input_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    args = [str(tmp_path / "OUT") if a == "OUT" else a for a in args]
    args = [str(tmp_path / a) if a == "missing.yaml" else a for a in args]
    status, out, err = run(capsys, "report", *args)
    assert status == 2
    assert err.startswith("yjinspect: error: ") and message in err
    assert err.count("\n") == 1 and out == ""
    assert not (tmp_path / "OUT").exists()


def test_cli_unreadable_narrative(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "narrative.yaml"
    bad.write_text("foreword: [unclosed\n", encoding="utf-8")
    summary = str(EXAMPLES / "blackpool-2021.json")
    status, _, err = run(
        capsys, "report", summary, "--pdf", str(tmp_path / "r.pdf"), "--narrative", str(bad)
    )
    assert status == 2 and "narrative.yaml is not valid YAML (line 2)" in err
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("forword: typo\n", encoding="utf-8")
    status, _, err = run(
        capsys, "report", summary, "--html", str(tmp_path), "--narrative", str(wrong)
    )
    assert status == 2 and "wrong.yaml: forword" in err
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "index.html").exists()


@pytest.mark.parametrize(
    ("published", "cover"),
    [
        ("2021-09-07", "HM Inspectorate of Probation, September 2021"),
        ("2021-09", "HM Inspectorate of Probation, September 2021"),
        ("September 2021", "HM Inspectorate of Probation, "),  # free text: the month generated
    ],
)
def test_cli_cover_month_from_the_summary_s_published(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, published: str, cover: str
) -> None:
    summary = tmp_path / "summary.json"
    data = (EXAMPLES / "blackpool-2021.json").read_text(encoding="utf-8")
    summary.write_text(data.replace('"2021-09-07"', f'"{published}"'), encoding="utf-8")
    status, _, err = run(capsys, "report", str(summary), "--html", str(tmp_path / "out"))
    assert status == 0, err
    assert cover in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
