"""The report as one standalone, accessible HTML document, and as a PDF (WeasyPrint).

The structure is 004's (for the 2025 framework, 002's): foreword, ratings table, executive
summary, recommendations by who they are for, contextual facts, a chapter per domain with its
strengths and areas for improvement, a section per standard with its statement, rating, key
question table (% yes; the previous inspection beside it; the driving figure in bold), chart
and any panel rationale; Annexe 1, the methodology, generated from the framework and the
inspection; Annexe 2, the prompt-level results. Every figure comes from ``data.result``,
``data.previous`` and ``data.case_counts``; people's words come only from ``data.narrative``,
and are escaped (Jinja's autoescape). A report whose ratings are not locked is a draft: a
banner on screen, a diagonal watermark on every page of the PDF.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from yjinspect.framework import Domain, Framework, Standard
from yjinspect.rating import (
    NEAR_BOUNDARY_POINTS,
    SMALL_SAMPLE_MAX_CASES,
    InspectionResult,
    KeyQuestionResult,
    StandardResult,
)
from yjinspect.report.charts import (
    Chart,
    change_chart,
    chart_id,
    draft_watermark,
    join_words,
    key_question_chart,
    lowest_ids,
    rating_changes,
    short_label,
)
from yjinspect.report.data import (
    DomainNarrative,
    Recommendation,
    ReportData,
    StandardNarrative,
)
from yjinspect.report.profile_view import ProfileReport, profile_report
from yjinspect.report.survey_view import SurveysReport, surveys_report

TEMPLATES = Path(__file__).resolve().parent / "templates"
DRAFT_NOTICE = "DRAFT: ratings not locked"
NO_FIGURE = "\u2013"  # an en dash: no figure


# -- words and numbers ---------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    """Paragraphs of narrative text: blank lines separate them; single line breaks join."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def fieldwork_text(start: date | None, end: date | None) -> str:
    """'17 May to 11 June 2021'; with no end, 'started 2 June 2025' (002: 'Fieldwork started
    June 2025')."""
    if start is None:
        return ""
    if end is None:
        return f"started {long_date(start)}"
    if end == start:
        return long_date(start)
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def fieldwork_sentence(start: date | None, end: date | None) -> str:
    if start is None:
        return ""
    if end is None:
        return f"The fieldwork started on {long_date(start)}."
    return f"The fieldwork took place from {fieldwork_text(start, end)}."


def previous_heading(label: str) -> str:
    """The previous inspection's column: '2018' and '2018 results' both give '2018 results'."""
    label = label.strip() or "Previous inspection"
    return label if label.lower().endswith("results") else f"{label} results"


def _percent(value: int | None) -> str:
    return NO_FIGURE if value is None else f"{value}%"


def _cases(kq: KeyQuestionResult) -> str:
    if kq.yes is None or kq.relevant is None:
        return NO_FIGURE
    return f"{kq.yes} of {kq.relevant}"


# -- the view of a report ------------------------------------------------------------------


@dataclass(frozen=True)
class KeyQuestionRow:
    id: str
    text: str
    percent: str
    band: str
    cases: str
    driving: bool
    previous: str
    previous_driving: bool


@dataclass(frozen=True)
class StandardView:
    result: StandardResult
    standard: Standard
    anchor: str
    rows: tuple[KeyQuestionRow, ...]
    has_previous: bool
    chart: Markup | None
    chart_number: int
    narrative: StandardNarrative | None

    @property
    def case_based(self) -> bool:
        return self.standard.is_case_based


@dataclass(frozen=True)
class DomainView:
    domain: Domain
    anchor: str
    standards: tuple[StandardView, ...]
    narrative: DomainNarrative | None
    sample: str


@dataclass(frozen=True)
class RecommendationGroup:
    audience: str
    start: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class PromptRow:
    id: str
    text: str
    percent: str
    cases: str


@dataclass(frozen=True)
class PromptGroup:
    id: str
    text: str
    percent: str
    prompts: tuple[PromptRow, ...]


@dataclass(frozen=True)
class PromptTable:
    standard_id: str
    name: str
    groups: tuple[PromptGroup, ...]


@dataclass(frozen=True)
class SampleRow:
    domain: str
    case_type: str
    cases: str


@dataclass(frozen=True)
class SubSampleRow:
    name: str
    description: str
    key_questions: str
    cases: str


@dataclass(frozen=True)
class Methodology:
    sample: tuple[SampleRow, ...]
    sample_note: str
    sub_samples: tuple[SubSampleRow, ...]
    sub_sample_counts: bool
    bands: tuple[tuple[str, str], ...]
    judged: str
    discretion: str
    panels: tuple[str, ...]
    scale: tuple[tuple[str, str], ...]
    overall: tuple[tuple[str, str], ...]
    scoring: str
    provisional: str
    certainty: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportView:
    data: ReportData
    framework: Framework
    result: InspectionResult
    draft: bool
    fieldwork: str
    fieldwork_sentence: str
    current_label: str
    previous_heading: str
    domains: tuple[DomainView, ...]
    recommendations: tuple[RecommendationGroup, ...]
    recommendation_count: int
    change: Markup | None
    change_caption: str
    prompt_annex: tuple[tuple[Domain, tuple[PromptTable, ...]], ...]
    methodology: Methodology
    css: Markup
    contents: tuple[ContentsEntry, ...]
    cover: tuple[str, str]
    cover_line: str
    profile: ProfileReport | None = None
    surveys: SurveysReport | None = None


# -- previous inspection -------------------------------------------------------------------


def previous_figures(
    framework: Framework, previous: InspectionResult | None
) -> dict[str, tuple[int, bool]]:
    """The previous inspection's % yes (and whether it drove its standard) for each key
    question asked in the same words: the same question, so the figures compare."""
    if previous is None:
        return {}
    figures: dict[str, tuple[int, bool]] = {}
    for standard in previous.standards:
        lowest = lowest_ids(standard)
        for kq in standard.key_questions:
            found = framework.find_key_question(kq.id)
            if kq.percent is None or found is None or found[1].text != kq.text:
                continue
            figures[kq.id] = (kq.percent, kq.id in lowest)
    return figures


# -- standards and domains -----------------------------------------------------------------


def _rows(
    result: StandardResult, previous: dict[str, tuple[int, bool]], not_held: bool = False
) -> tuple[KeyQuestionRow, ...]:
    """``not_held``: the standard's rating and figures are not held (an overall rating as
    published without the standards')."""
    rows = []
    lowest = lowest_ids(result)
    for kq in result.key_questions:
        before = previous.get(kq.id)
        rows.append(
            KeyQuestionRow(
                id=kq.id,
                text=kq.text,
                percent=_percent(kq.percent),
                band=kq.band
                or (
                    "Figures not held (rated as published)"
                    if result.as_published
                    else "Figures not held"
                    if not_held
                    else "Not rated (no relevant case)"
                ),
                cases=_cases(kq),
                driving=kq.id in lowest,
                previous=_percent(before[0]) if before else NO_FIGURE,
                previous_driving=bool(before and before[1]),
            )
        )
    return tuple(rows)


def _chart(
    framework: Framework,
    result: StandardResult,
    previous: dict[str, tuple[int, bool]],
    label: str,
) -> Markup | None:
    """A case-based standard's chart; none without a figure to draw."""
    if result.rated_by != "key_questions" or not any(kq.is_rated for kq in result.key_questions):
        return None
    figures = {kq_id: value[0] for kq_id, value in previous.items()}
    chart: Chart = key_question_chart(framework, result, figures, label)
    return Markup(chart.svg)  # our own markup; every text in it is escaped


def _shows_table(standard: Standard, result: StandardResult) -> bool:
    """Every case-based standard's table; a judged standard's only when case figures inform
    it (V1.1 for V1)."""
    return standard.is_case_based or any(kq.is_rated for kq in result.key_questions)


def _standard_view(
    data: ReportData,
    standard: Standard,
    previous: dict[str, tuple[int, bool]],
    chart_number: int,
) -> StandardView:
    result = data.result.standard(standard.id)
    label = previous_heading(data.previous.label) if data.previous else ""
    chart = _chart(data.result.framework, result, previous, label)
    return StandardView(
        result=result,
        standard=standard,
        anchor=chart_id("standard", standard.id),
        rows=_rows(result, previous, data.result.overall_as_published and not result.is_rated)
        if _shows_table(standard, result)
        else (),
        has_previous=any(kq.id in previous for kq in result.key_questions),
        chart=chart,
        chart_number=chart_number if chart is not None else 0,
        narrative=data.narrative.standards.get(standard.id),
    )


def _largest_relevant(result: InspectionResult, domain: Domain) -> int | None:
    counts = [
        kq.relevant
        for standard in domain.standards
        for kq in result.standard(standard.id).key_questions
        if kq.relevant
    ]
    return max(counts) if counts else None


def _case_type_names(framework: Framework, domain: Domain) -> list[str]:
    names = {c.id: c.name.lower() for c in framework.case_types}
    return [names[c] for c in domain.case_types]


def _sample_sentence(data: ReportData, domain: Domain) -> str:
    """'We inspected 13 cases (court disposal).' from the case counts, or failing those the
    most cases any key question of the domain was asked of."""
    if not domain.case_types:
        return ""
    counts = data.case_counts.by_case_type if data.case_counts else {}
    kinds = join_words(_case_type_names(data.result.framework, domain))
    if any(c in counts for c in domain.case_types):
        total = sum(counts.get(c, 0) for c in domain.case_types)
        return f"We inspected {total} {'case' if total == 1 else 'cases'} ({kinds})."
    largest = _largest_relevant(data.result, domain)
    if largest is None:
        return ""
    return f"The key questions of this domain were asked of up to {largest} cases ({kinds})."


def _domains(data: ReportData) -> tuple[DomainView, ...]:
    framework = data.result.framework
    previous = previous_figures(framework, data.previous.result if data.previous else None)
    views = []
    number = 1 if data.previous and rating_changes(data.result, data.previous.result) else 0
    for domain in framework.domains:
        standards = []
        for standard in domain.standards:
            view = _standard_view(data, standard, previous, number + 1)
            number += view.chart is not None
            standards.append(view)
        views.append(
            DomainView(
                domain=domain,
                anchor=chart_id("domain", domain.id),
                standards=tuple(standards),
                narrative=data.narrative.domains.get(domain.id),
                sample=_sample_sentence(data, domain),
            )
        )
    return tuple(views)


# -- recommendations and prompts -----------------------------------------------------------


def recommendation_groups(
    recommendations: Sequence[Recommendation],
) -> tuple[RecommendationGroup, ...]:
    """Grouped by audience in order of first appearance, numbered on through the groups."""
    order: dict[str, list[str]] = {}
    for recommendation in recommendations:
        order.setdefault(recommendation.audience.strip(), []).append(recommendation.text)
    groups = []
    start = 1
    for audience, items in order.items():
        groups.append(RecommendationGroup(audience, start, tuple(items)))
        start += len(items)
    return tuple(groups)


def _prompt_groups(result: StandardResult) -> tuple[PromptGroup, ...]:
    return tuple(
        PromptGroup(
            id=kq.id,
            text=kq.text,
            percent=_percent(kq.percent),
            prompts=tuple(
                PromptRow(
                    p.id,
                    p.text,
                    _percent(p.percent),
                    f"{p.yes} of {p.relevant}" if p.relevant else NO_FIGURE,
                )
                for p in kq.prompts
            ),
        )
        for kq in result.key_questions
        if kq.prompts
    )


def prompt_annex(result: InspectionResult) -> tuple[tuple[Domain, tuple[PromptTable, ...]], ...]:
    """004 Annexe 2: prompt-level % yes, by domain and standard; empty without prompts."""
    annex = []
    for domain in result.framework.domains:
        tables = []
        for standard in domain.standards:
            groups = _prompt_groups(result.standard(standard.id))
            if groups:
                tables.append(PromptTable(standard.id, standard.name, groups))
        if tables:
            annex.append((domain, tuple(tables)))
    return tuple(annex)


# -- methodology (Annexe 1) ----------------------------------------------------------------


def _sample_rows(data: ReportData) -> tuple[tuple[SampleRow, ...], str]:
    framework = data.result.framework
    counts = data.case_counts.by_case_type if data.case_counts else {}
    rows = []
    derived = False
    for domain in framework.domains:
        if not domain.case_types:
            continue
        known = [c for c in domain.case_types if c in counts]
        if known:
            names = {c.id: c.name for c in framework.case_types}
            rows += [SampleRow(domain.name, names[c], str(counts[c])) for c in known]
            continue
        largest = _largest_relevant(data.result, domain)
        if largest is not None:
            kinds = ", ".join(_case_type_names(framework, domain))
            rows.append(SampleRow(domain.name, kinds.capitalize(), str(largest)))
            derived = True
    note = (
        "Where the cases of a case type were not counted, the figure is the largest number of "
        "cases any key question of the domain was asked of."
        if derived
        else ""
    )
    return tuple(rows), note


def _sub_sample_key_questions(result: InspectionResult, sub_sample_id: str) -> str:
    parts = []
    for standard, kq in result.framework.key_questions():
        if kq.sub_sample != sub_sample_id:
            continue
        outcome = next(k for k in result.standard(standard.id).key_questions if k.id == kq.id)
        parts.append(f"{kq.id} ({outcome.relevant} cases)" if outcome.relevant else kq.id)
    return ", ".join(parts)


def _sub_sample_rows(data: ReportData) -> tuple[SubSampleRow, ...]:
    counts = data.case_counts.by_sub_sample if data.case_counts else {}
    return tuple(
        SubSampleRow(
            name=s.name,
            description=s.description,
            key_questions=_sub_sample_key_questions(data.result, s.id),
            cases=str(counts[s.id]) if s.id in counts else NO_FIGURE,
        )
        for s in data.result.framework.sub_samples
    )


def _band_rows(framework: Framework) -> tuple[tuple[str, str], ...]:
    bands = sorted(framework.key_question_bands, key=lambda b: b.min_percent)
    if not bands:
        return ()
    edges = [b.min_percent for b in bands[1:]] + [None]
    rows = []
    for band, upper in zip(bands, edges, strict=True):
        span = f"{band.min_percent}%+" if upper is None else f"{band.min_percent}-{upper - 1}%"
        rows.append((band.label or span, band.rating))
    return tuple(rows)


def _discretion_text(framework: Framework) -> str:
    boundaries = join_words([str(b) for b in framework.band_boundaries()])
    return (
        "The ratings panel may exercise professional discretion where the lowest percentage "
        f"at the key question level is within {NEAR_BOUNDARY_POINTS} percentage points of a "
        f"band boundary ({boundaries}%); where a differing judgement in one case would change "
        f"the rating; or where the rating rests on a sample or sub-sample of "
        f"{SMALL_SAMPLE_MAX_CASES} cases or fewer. A panel's rating replaces the rule's only "
        "with a recorded rationale, and both are reported."
    )


def _judged_text(framework: Framework) -> str:
    judged = [s.id for s in framework.standards if not s.is_case_based]
    if not judged:
        return ""
    noun = "Standard" if len(judged) == 1 else "Standards"
    verb = "is" if len(judged) == 1 else "are"
    return (
        f"{noun} {join_words(judged)} {verb} rated by judgement: a single judgement by the "
        "inspectors, using all the relevant sources of evidence, including any case figures "
        "that inform it."
    )


def _scoring(framework: Framework) -> tuple[tuple[tuple[str, str], ...], ...]:
    scale = tuple(
        (str(level.score), level.name)
        for level in sorted(framework.rating_scale, key=lambda lv: lv.score or 0)
    )
    overall = tuple((f"{b.min_score}-{b.max_score}", b.rating) for b in framework.overall_bands)
    return scale, overall


def _scoring_text(framework: Framework) -> str:
    if not framework.is_scored:
        return f"{framework.name} gives no score and no overall rating."
    scored = framework.scored_standards
    unscored = [s.id for s in framework.standards if not s.scored]
    text = (
        f"Each of the {len(scored)} scored standards is scored on the scale below. Adding the "
        f"scores produces a total score from 0 to {framework.max_score} (the 0-"
        f"{framework.max_score} scale), banded to produce the overall rating. There are no "
        "weightings."
    )
    if unscored:
        text += f" Not scored: {join_words(unscored)}."
    return text


def certainty_text(result: InspectionResult) -> tuple[str, ...]:
    """How sure the figures are, in plain words (yjinspect.statistics); nothing when no key
    question has case counts."""
    counted = [
        (interval, kq)
        for s in result.standards
        for kq in s.key_questions
        if (interval := kq.confidence) is not None
    ]
    if not counted:
        return ()
    interval, widest = max(counted, key=lambda pair: pair[0].high - pair[0].low)
    return (
        "Each key question's % yes comes from a sample of cases, so another sample could have "
        "given a somewhat different figure. Beside each figure we give a range, the 95% "
        "interval: if the inspection were repeated many times with fresh samples, ranges "
        "worked out this way would hold the true figure for all the service's cases 95 times "
        "in 100. We use the Wilson method, which stays within 0% and 100% and works for small "
        "numbers of cases. The fewer the relevant cases, the wider the range: here the widest "
        f"is {widest.id}'s, {interval.words} ({widest.yes} of {widest.relevant} cases).",
        "For each standard rated from key questions we also say how many cases stand between "
        "its rating and the next band up or down: the fewest answers that, changed from yes to "
        "no (or no to yes), would lower (or raise) the rating by the rule. A standard one case "
        "from another band is fragile; the ratings panel looks at such standards first.",
    )


def _panel_lines(result: InspectionResult) -> tuple[str, ...]:
    return tuple(
        f"{s.id} {s.name}: the rule gave {s.rule_rating}; the panel rated it {s.panel.rating}."
        for s in result.standards
        if s.panel is not None
    )


def methodology(data: ReportData) -> Methodology:
    framework = data.result.framework
    sample, note = _sample_rows(data)
    scale, overall = _scoring(framework)
    by_sub_sample = data.case_counts.by_sub_sample if data.case_counts else {}
    return Methodology(
        sample=sample,
        sample_note=note,
        sub_samples=_sub_sample_rows(data),
        sub_sample_counts=bool(by_sub_sample),
        bands=_band_rows(framework),
        judged=_judged_text(framework),
        discretion=_discretion_text(framework) if framework.key_question_bands else "",
        panels=_panel_lines(data.result),
        scale=scale if framework.is_scored else (),
        overall=overall,
        scoring=_scoring_text(framework),
        provisional=(
            framework.overall_bands_basis.strip() if framework.overall_bands_provisional else ""
        ),
        certainty=certainty_text(data.result),
    )


# -- the document --------------------------------------------------------------------------


def _current_label(data: ReportData) -> str:
    return str(data.fieldwork_start.year) if data.fieldwork_start else "this inspection"


def _change(data: ReportData, current_label: str) -> Markup | None:
    if data.previous is None:
        return None
    chart = change_chart(data.result, data.previous.result, current_label, data.previous.label)
    return Markup(chart.svg) if chart else None  # our own escaped markup


def _change_caption(data: ReportData, current_label: str) -> str:
    if data.previous is None:
        return ""
    then = short_label(data.previous.label)
    return f"Each standard's rating in {then} (hollow circle) and {current_label} (filled circle)"


@dataclass(frozen=True)
class ContentsEntry:
    """A line of the contents: a chapter, with its standards under a domain (as 004's)."""

    anchor: str
    name: str
    children: tuple[tuple[str, str], ...] = ()


def _contents(
    data: ReportData,
    domains: Iterable[DomainView],
    annex: Sequence[Any],
    groups: Sequence[RecommendationGroup],
    surveys: SurveysReport | None = None,
) -> tuple[ContentsEntry, ...]:
    narrative = data.narrative
    entries = []
    if narrative.foreword.strip():
        entries.append(ContentsEntry("foreword", "Foreword"))
    entries += [ContentsEntry("ratings", "Ratings"), ContentsEntry("summary", "Executive summary")]
    if groups:
        entries.append(ContentsEntry("recommendations", "Recommendations"))
    if narrative.background.strip():
        entries.append(ContentsEntry("background", "Background"))
    if data.profile:
        entries.append(ContentsEntry("contextual-facts", "Contextual facts"))
    if surveys is not None and surveys.chapter:
        entries.append(ContentsEntry("surveys", "Surveys"))
    entries += [
        ContentsEntry(
            d.anchor,
            f"{d.domain.id}. {d.domain.name}",
            tuple((v.anchor, f"{v.standard.id}. {v.standard.name}") for v in d.standards),
        )
        for d in domains
    ]
    entries.append(ContentsEntry("methodology", "Annexe 1: Methodology"))
    if annex:
        entries.append(ContentsEntry("inspection-data", "Annexe 2: Inspection data"))
    return tuple(entries)


def cover_title(data: ReportData) -> tuple[str, str]:
    """The cover's two lines: 'An inspection of youth offending services in' and, large,
    'Blackpool' (004's cover), when the title ends with the place; else the whole title."""
    title, place = data.title.strip(), data.place.strip()
    if place and title.endswith(f" {place}"):
        return title.removesuffix(place).rstrip(), place
    return "", title


def cover_line(data: ReportData) -> str:
    """'HM Inspectorate of Probation, September 2021': who issues it and when."""
    issued = data.issued or data.generated_on
    when = f"{issued:%B %Y}" if issued else ""
    return ", ".join(part for part in (data.publisher.strip(), when) if part)


@cache
def _stylesheet() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


@cache
def _draft_page_style() -> str:
    """Print styles of a draft: the notice at the top of every page, and the watermark as
    every page's background (outlines, not text)."""
    image = base64.b64encode(draft_watermark().encode("utf-8")).decode("ascii")
    return (
        "@page {\n"
        f'  @top-center {{ content: "{DRAFT_NOTICE}"; font-family: Arial, "Liberation Sans", '
        "sans-serif; font-size: 9pt; font-weight: bold; color: #942514; }\n"
        f'  background: url("data:image/svg+xml;base64,{image}") center / contain no-repeat;\n'
        "}\n"
    )


def report_view(data: ReportData) -> ReportView:
    """Everything the template shows, worked out from the data."""
    current = _current_label(data)
    domains = _domains(data)
    groups = recommendation_groups(data.narrative.recommendations)
    annex = prompt_annex(data.result)
    surveys = surveys_report(data.surveys, data.result.framework, current)
    return ReportView(
        data=data,
        framework=data.result.framework,
        result=data.result,
        draft=not data.locked,
        fieldwork=fieldwork_text(data.fieldwork_start, data.fieldwork_end),
        fieldwork_sentence=fieldwork_sentence(data.fieldwork_start, data.fieldwork_end),
        current_label=current,
        previous_heading=previous_heading(data.previous.label) if data.previous else "",
        domains=domains,
        recommendations=groups,
        recommendation_count=len(data.narrative.recommendations),
        change=_change(data, current),
        change_caption=_change_caption(data, current),
        prompt_annex=annex,
        methodology=methodology(data),
        css=Markup(_stylesheet() + (_draft_page_style() if not data.locked else "")),
        contents=_contents(data, domains, annex, groups, surveys),
        cover=cover_title(data),
        cover_line=cover_line(data),
        profile=profile_report(data.profile, data.result.framework) if data.profile else None,
        surveys=surveys,
    )


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["paragraphs"] = paragraphs
    environment.filters["long_date"] = long_date
    environment.globals["DRAFT_NOTICE"] = DRAFT_NOTICE
    return environment


def render_html(data: ReportData) -> str:
    """The report as one standalone HTML document (styles inline, charts inline SVG)."""
    template = _environment().get_template("report.html.j2")
    return template.render(report=report_view(data))


def write_html(data: ReportData, directory: Path) -> Path:
    """Write ``index.html`` (standalone) into ``directory``, made if need be; its path."""
    html = render_html(data)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def html_to_pdf(html: str) -> bytes:
    """A rendered report as a PDF: WeasyPrint with the print styles, the charts kept as vector
    SVG, tagged for assistive technology."""
    from weasyprint import HTML  # lazily: WeasyPrint is slow to import

    pdf = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_tags=True)
    assert pdf is not None  # no target given, so the bytes are returned
    return bytes(pdf)


def render_pdf(data: ReportData) -> bytes:
    """The report as a PDF (see :func:`html_to_pdf`)."""
    return html_to_pdf(render_html(data))
