"""The improvement loop's documents, in the report's style (its stylesheet, standalone HTML,
WeasyPrint PDF, matplotlib SVG charts with text alternatives): the plan as a table, the board
pack for a meeting, and the one-page scrutiny summary (as 003 reports to the council's
scrutiny committee: recommendations, progress, budget).

Everything here is already worked out (words, not codes); the workspace fills these records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import matplotlib
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from yjinspect.report.charts import (
    _DRAWING,
    BAR,
    INK,
    RC,
    WIDTH_IN,
    Chart,
    _svg_of,
    inline_svg,
)
from yjinspect.report.render import TEMPLATES, _stylesheet, html_to_pdf, long_date, paragraphs

SELF_ASSESSMENT_FILL = "#ffffff"


@dataclass(frozen=True)
class PlanDocument:
    """A plan as one table (the rows as the CSV export has them, headings first)."""

    title: str
    service: str
    state: str
    rows: tuple[tuple[str, ...], ...]
    rules: tuple[str, ...] = ()
    generated_on: date | None = None


@dataclass(frozen=True)
class PackAction:
    reference: str
    area: str
    lead: str
    agency: str
    due: str
    status: str
    rag: str
    rag_reason: str
    latest: str


@dataclass(frozen=True)
class PackFigure:
    """A linked key question or prompt: the inspection's % yes beside the latest
    self-assessment's."""

    question_id: str
    text: str
    inspection: int | None
    self_assessment: int | None
    inspection_counts: str = ""
    self_assessment_counts: str = ""
    change: str = ""
    """The change in words, and whether it is more than chance (yjinspect.trends)."""


@dataclass(frozen=True)
class BoardPack:
    """A board meeting's pack."""

    service: str
    plan_title: str
    plan_state: str
    meeting_on: date
    previous_meeting_on: date | None
    counts: tuple[tuple[str, int], ...]
    rules: tuple[str, ...]
    overdue: tuple[PackAction, ...]
    at_risk: tuple[PackAction, ...]
    actions: tuple[PackAction, ...]
    changes: tuple[tuple[str, str, str], ...]
    figures: tuple[PackFigure, ...] = ()
    inspection_label: str = "Inspection"
    self_assessment_label: str = "Latest self-assessment"
    attendance: tuple[tuple[str, str], ...] = ()
    decisions: str = ""
    actions_arising: str = ""
    generated_on: date | None = None
    extra_charts: tuple[tuple[str, Chart], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ScrutinyRecommendation:
    number: int
    text: str
    audience: str
    actions: str


@dataclass(frozen=True)
class ScrutinySummary:
    """One page for the scrutiny committee (003): the recommendations, the progress on them,
    and the partnership budget."""

    service: str
    plan_title: str
    plan_state: str
    inspection: str
    recommendations: tuple[ScrutinyRecommendation, ...]
    counts: tuple[tuple[str, int], ...]
    overdue: int
    progress: tuple[str, ...]
    budget_year: str = ""
    budget_headings: tuple[str, ...] = ()
    budget_rows: tuple[tuple[str, tuple[str, ...]], ...] = ()
    budget_notes: tuple[str, ...] = ()
    generated_on: date | None = None


def figures_chart(figures: Sequence[PackFigure], before: str, after: str) -> Chart:
    """Each linked key question or prompt: the inspection's % yes (solid bar) and the latest
    self-assessment's (outlined bar), 0-100%, with every figure written beside its bar."""
    rows = list(figures)
    height = 1.0 + 0.55 * len(rows)
    with _DRAWING, matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, height))
        axes = figure.add_axes((0.14, 0.55 / height, 0.7, 1 - 0.9 / height))
        positions = list(range(len(rows)))[::-1]
        for row, item in zip(positions, rows, strict=True):
            for offset, value, solid in ((0.17, item.inspection, True),
                                         (-0.17, item.self_assessment, False)):  # fmt: skip
                if value is not None:
                    axes.barh(row + offset, value, height=0.3, zorder=2, linewidth=1,
                              color=BAR if solid else SELF_ASSESSMENT_FILL,
                              edgecolor=BAR if solid else INK,
                              hatch=None if solid else "///")  # fmt: skip
                axes.text((value or 0) + 1.5, row + offset, "no figure" if value is None else
                          f"{value}%", va="center", fontsize=8, color=INK)  # fmt: skip
        axes.set_yticks(positions, [item.question_id for item in rows], fontsize=8)
        axes.set_xlim(0, 110)
        axes.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=8)
        axes.set_ylim(-0.6, len(rows) - 0.4)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=BAR, edgecolor=BAR, label=before),
            Patch(facecolor=SELF_ASSESSMENT_FILL, edgecolor=INK, hatch="///", label=after),
        ]
        axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2,
                    frameon=False, fontsize=8)  # fmt: skip
        svg = _svg_of(figure)
    text = "; ".join(
        f"{item.question_id}: {before} {_pc(item.inspection)}, {after} {_pc(item.self_assessment)}"
        for item in rows
    )
    title = f"% yes: {before} beside {after}"
    return Chart(inline_svg(svg, "figures-chart", title, text + "."), text + ".")


def _pc(value: int | None) -> str:
    return "no figure" if value is None else f"{value}%"


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
    return environment


def _render(template: str, **context: Any) -> str:
    css = Markup(_stylesheet() + "\n" + (TEMPLATES / "pack.css").read_text(encoding="utf-8"))
    return _environment().get_template(template).render(css=css, **context)


def render_plan_html(document: PlanDocument) -> str:
    return _render("plan.html.j2", doc=document)


def render_plan_pdf(document: PlanDocument) -> bytes:
    return html_to_pdf(render_plan_html(document))


def render_board_pack_html(pack: BoardPack) -> str:
    chart = (
        figures_chart(pack.figures, pack.inspection_label, pack.self_assessment_label)
        if pack.figures
        else None
    )
    return _render("board_pack.html.j2", pack=pack, chart=chart)


def render_board_pack_pdf(pack: BoardPack) -> bytes:
    return html_to_pdf(render_board_pack_html(pack))


def render_scrutiny_html(summary: ScrutinySummary) -> str:
    return _render("scrutiny.html.j2", s=summary)


def render_scrutiny_pdf(summary: ScrutinySummary) -> bytes:
    return html_to_pdf(render_scrutiny_html(summary))
