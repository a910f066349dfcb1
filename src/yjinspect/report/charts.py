"""The report's charts: SVG with real text, each with a text alternative stating every figure.

Two charts, both drawn with matplotlib's object-oriented API (no pyplot, so no figure is kept
in a global registry):

- :func:`key_question_chart`: a case-based standard's key questions, % yes as horizontal bars
  against the framework's bands (the regions labelled with their rating in text), the lowest
  (driving) key question emphasised, each figure's 95% interval drawn as a range across its
  bar (:mod:`yjinspect.statistics`), and the previous inspection's figure marked beside it;
- :func:`change_chart`: each standard's rating at the previous inspection and now, on the
  rating scale (0-3 where the framework is scored).

Each returns a :class:`Chart`, a ``(svg, text)`` pair: ``svg`` is inline-ready markup (no XML
prolog or doctype) whose ``<svg>`` has ``role="img"`` and is labelled by its own ``<title>`` and
``<desc>``; ``text`` is the text alternative. Output is deterministic: fixed hash salt, no date,
and every id prefixed so that several charts can share one HTML document.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from collections.abc import Mapping, Sequence
from functools import cache
from html import escape
from typing import Any, NamedTuple

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.typing import RcKeyType

from yjinspect.framework import Framework
from yjinspect.rating import InspectionResult, StandardResult

matplotlib.use("Agg")  # never a window: the report renders on servers and in tests

RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",  # text stays text: selectable, searchable, read by tools
    "svg.hashsalt": "yjinspect-report",  # stable clip-path ids
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans", "Helvetica"],
    "font.size": 9,
    "axes.edgecolor": "#505a5f",
    "axes.labelcolor": "#0b0c0c",
    "xtick.color": "#0b0c0c",
    "ytick.color": "#0b0c0c",
    "text.color": "#0b0c0c",
}

INK = "#0b0c0c"
GREY = "#505a5f"  # 7:1 on white
BAR = "#1d70b8"  # 5.2:1 on white; above 3:1 on every band tint
DRIVING = "#0b0c0c"
DRAFT_RED = "#942514"
PREVIOUS_FILL = "#ffffff"

# Light tints behind the band regions, lowest band first. Never the only cue: every region is
# named in text above the plot, and the boundaries are dashed lines with labelled ticks.
BAND_TINTS = ("#f4dcd9", "#fbe9d2", "#e3efe0", "#dbe8f3", "#ece9f4")

WIDTH_IN = 6.4

# rc_context changes matplotlib's global settings for its duration: one chart at a time, so
# that reports drawn in parallel (the workspace serves with threads) keep their own settings.
_DRAWING = threading.Lock()


class Chart(NamedTuple):
    """An inline SVG chart and its text alternative."""

    svg: str
    text: str


# -- words -----------------------------------------------------------------------------------


def join_words(items: Sequence[str]) -> str:
    """'50', '50 and 65', '50, 65 and 80'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _boundaries_text(framework: Framework) -> str:
    boundaries = [str(b) for b in framework.band_boundaries()]
    if not boundaries:
        return ""
    noun = "boundary" if len(boundaries) == 1 else "boundaries"
    return f"band {noun} at {join_words(boundaries)}%"


SHORT_LABEL_MAX = 9
"""Characters of a previous inspection's label that fit beside a chart's bars."""


def short_label(label: str) -> str:
    """A previous inspection's label for a legend: '2018 results' -> '2018'."""
    stripped = re.sub(r"\s+results$", "", label.strip(), flags=re.IGNORECASE)
    return stripped or label.strip()


def lowest_ids(standard: StandardResult) -> frozenset[str]:
    """The key questions at the driving (lowest) figure: all of them on a tie, as 004 prints
    every tied figure in bold. Empty for a judged standard."""
    driving = next(
        (k for k in standard.key_questions if k.id == standard.driving_key_question), None
    )
    if driving is None or driving.percent is None:
        return frozenset()
    return frozenset(k.id for k in standard.key_questions if k.percent == driving.percent)


# -- SVG for inlining ----------------------------------------------------------------------------


def _svg_of(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def inline_svg(svg: str, prefix: str, title: str, description: str) -> str:
    """Markup to inline in HTML: no prolog, doctype or metadata; ids prefixed; ``role="img"``
    labelled by a ``<title>`` and ``<desc>`` holding the text alternative."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    labels = f' role="img" aria-labelledby="{prefix}-title {prefix}-desc" focusable="false"'
    opening = re.match(r"<svg\b[^>]*>", svg)
    assert opening is not None  # matplotlib always writes one
    head = opening.group(0)[:-1] + labels + ">"
    accessible = (
        f'\n <title id="{prefix}-title">{escape(title)}</title>'
        f'\n <desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    return head + accessible + svg[opening.end() :].rstrip() + "\n"


def chart_id(prefix: str, identifier: str) -> str:
    """An id safe in HTML, CSS and SVG references: 'kq', '2.2' -> 'kq-2-2'."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9]+', '-', identifier).strip('-')}"


# -- the key question chart ----------------------------------------------------------------


def _band_regions(framework: Framework) -> list[tuple[int, int, str]]:
    """(from %, to %, rating) for each band, lowest first."""
    bands = sorted(framework.key_question_bands, key=lambda b: b.min_percent)
    edges = [b.min_percent for b in bands] + [100]
    return [(edges[i], edges[i + 1], band.rating) for i, band in enumerate(bands)]


def _band_name_lines(name: str, width: int) -> str:
    """Narrow regions get their name on two lines ('Requires\\nimprovement')."""
    return "\n".join(textwrap.wrap(name, 12)) if width < 25 else name


def _draw_bands(axes: Any, framework: Framework) -> None:
    for index, (low, high, rating) in enumerate(_band_regions(framework)):
        axes.axvspan(low, high, color=BAND_TINTS[index % len(BAND_TINTS)], zorder=0, lw=0)
        axes.text(
            (low + high) / 2,
            1.02,
            _band_name_lines(rating, high - low),
            transform=axes.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=7,
            color=INK,
        )
    for boundary in framework.band_boundaries():
        axes.axvline(boundary, color=GREY, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1)
    ticks = [0, *framework.band_boundaries(), 100]
    axes.set_xticks(ticks, [f"{t}%" for t in ticks])
    axes.set_xlim(0, 100)


def _kq_label(framework: Framework, kq_id: str) -> str:
    found = framework.find_key_question(kq_id)
    short = found[1].short_text if found else ""
    return "\n".join([kq_id, *textwrap.wrap(short, 22)]) if short else kq_id


def _kq_values(
    axes: Any, row: int, percent: int | None, previous: int | None, label: str, bold: bool
) -> None:
    """The figures to the right of the plot, as a column of text."""
    shown = "not rated" if percent is None else f"{percent}%"
    if bold and percent is not None:
        shown += " lowest"
    # the column beside the plot is narrow: a long label (no year given) becomes "previous"
    short = label if len(label) <= SHORT_LABEL_MAX else "previous"
    lines = [shown] + ([f"{short}: {previous}%"] if previous is not None else [])
    axes.text(
        1.02,
        row,
        "\n".join(lines),
        transform=axes.get_yaxis_transform(),
        ha="left",
        va="center",
        fontsize=8,
        fontweight="bold" if bold else "normal",
        color=INK,
    )


def _kq_text(
    framework: Framework,
    standard: StandardResult,
    previous: Mapping[str, int],
    label: str,
) -> str:
    parts = []
    lowest = lowest_ids(standard)
    for kq in standard.key_questions:
        if kq.percent is None:
            parts.append(
                f"{kq.id}: figures not held"
                if standard.as_published
                else f"{kq.id} not rated (no relevant case)"
            )
            continue
        notes = [kq.band or ""]
        if kq.id in lowest:
            notes[0] += ", lowest"
        if kq.id in previous:
            notes.append(f"{label}: {previous[kq.id]}%")
        interval = kq.confidence
        if interval is not None:
            notes.append(f"95% interval {interval.words}")
        parts.append(f"{kq.id} {kq.percent}% ({'; '.join(notes)})")
    boundaries = _boundaries_text(framework)
    text = f"{standard.id} {standard.name}: {', '.join(parts)}"
    return f"{text}; {boundaries}." if boundaries else f"{text}."


def _kq_legend(
    axes: Any, has_previous: bool, label: str, has_driving: bool, has_interval: bool = False
) -> None:
    """Under the percentage ticks, a fixed distance whatever the chart's height."""
    handles: list[Any] = [Patch(facecolor=BAR, label="% yes")]
    if has_driving:
        handles.append(Patch(facecolor=DRIVING, label="lowest: drives the rating"))
    if has_interval:
        handles.append(
            Line2D([], [], color=INK, linewidth=1.2, marker="|", markersize=7, label="95% interval")
        )
    if has_previous:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="D",
                markersize=6,
                markerfacecolor=PREVIOUS_FILL,
                markeredgecolor=INK,
                label=label,
            )
        )
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, -0.27 / axes.get_position().height / axes.figure.get_figheight()),
        ncol=len(handles),
        frameon=False,
        fontsize=8,
        handlelength=1.2,
    )


def _draw_interval(axes: Any, row: int, low: float, high: float) -> None:
    """A 95% interval as a range with end caps: an ink line on a white halo, so it shows on the
    blue bars, the black driving bar and the band tints alike."""
    for colour, width, size in (("#ffffff", 3.2, 9), (INK, 1.2, 7)):
        axes.plot(
            [low, high],
            [row, row],
            color=colour,
            linewidth=width,
            marker="|",
            markersize=size,
            markeredgewidth=width,
            solid_capstyle="butt",
            zorder=3,
        )


def key_question_chart(
    framework: Framework,
    standard: StandardResult,
    previous: Mapping[str, int] | None = None,
    previous_label: str = "",
) -> Chart:
    """A case-based standard's key questions: % yes against the bands; the driving bar in
    black and labelled 'lowest'; ``previous`` (key question id to %) as diamonds."""
    previous = dict(previous or {})
    label = short_label(previous_label) or "previous"
    rows = list(standard.key_questions)
    labels = [_kq_label(framework, kq.id) for kq in rows]
    lines = max(label.count("\n") + 1 for label in labels)
    pitch = max(0.5, 0.135 * lines + 0.1)  # inches per key question: room for its label
    height = 1.05 + pitch * len(rows)
    with _DRAWING, matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, height))
        axes = figure.add_axes((0.225, 0.55 / height, 0.62, 1 - 0.95 / height))
        _draw_bands(axes, framework)
        positions = list(range(len(rows)))[::-1]  # first key question at the top
        lowest = lowest_ids(standard)
        for row, kq in zip(positions, rows, strict=True):
            driving = kq.id in lowest
            if kq.percent is not None:
                colour = DRIVING if driving else BAR
                axes.barh(row, kq.percent, height=0.25 / pitch + 0.1, color=colour, zorder=2)
            interval = kq.confidence
            if interval is not None:
                _draw_interval(axes, row, interval.low, interval.high)
            if kq.id in previous:
                axes.plot(
                    previous[kq.id],
                    row,
                    marker="D",
                    markersize=6.5,
                    markerfacecolor=PREVIOUS_FILL,
                    markeredgecolor=INK,
                    markeredgewidth=1.2,
                    zorder=3,
                )
            _kq_values(axes, row, kq.percent, previous.get(kq.id), label, driving)
        axes.set_yticks(positions, labels, fontsize=8)
        axes.set_ylim(-0.6, len(rows) - 0.4)
        axes.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        has_driving = standard.driving_key_question is not None
        has_interval = any(kq.confidence is not None for kq in rows)
        _kq_legend(axes, bool(previous), label, has_driving, has_interval)
        svg = _svg_of(figure)
    title = f"{standard.id} {standard.name}: % yes for each key question against the bands"
    text = _kq_text(framework, standard, previous, label)
    return Chart(inline_svg(svg, chart_id("kq-chart", standard.id), title, text), text)


# -- the draft watermark -------------------------------------------------------------------


@cache
def draft_watermark(word: str = "DRAFT") -> str:
    """A page-sized SVG of ``word`` set diagonally in faint red, its letters drawn as outlines:
    a page background that copying text, search and screen readers pass over (the words
    "DRAFT: ratings not locked" are printed as text at the top of every page instead)."""
    with _DRAWING, matplotlib.rc_context({**RC, "svg.fonttype": "path"}):
        figure = Figure(figsize=(8.27, 11.69))  # A4
        figure.patch.set_alpha(0)
        figure.text(
            0.5,
            0.5,
            word,
            rotation=50,
            ha="center",
            va="center",
            fontsize=130,
            fontweight="bold",
            color=DRAFT_RED,
            alpha=0.1,
        )
        svg = _svg_of(figure)
    return svg[svg.index("<svg") :]


# -- the change chart ----------------------------------------------------------------------


class RatingChange(NamedTuple):
    standard_id: str
    name: str
    before: str
    after: str
    before_level: int
    after_level: int


def _levels(framework: Framework) -> dict[str, int]:
    """Each rating's position on the scale, worst 0; the score where the scale has one."""
    scale = framework.rating_scale
    return {
        level.name: level.score if level.score is not None else len(scale) - 1 - index
        for index, level in enumerate(scale)
    }


def same_standard(current: Framework, previous: Framework, standard_id: str) -> bool:
    """The same standard in both frameworks: the same id, name and statement."""
    now = current.standard(standard_id)
    then = next((s for s in previous.standards if s.id == standard_id), None)
    return then is not None and (then.name, then.statement) == (now.name, now.statement)


def rating_changes(current: InspectionResult, previous: InspectionResult) -> list[RatingChange]:
    """The standards rated in both inspections: the same standard (id, name and statement) on
    the same rating scale."""
    levels = _levels(current.framework)
    if _levels(previous.framework) != levels:
        return []
    before = {s.id: s for s in previous.standards}
    changes = []
    for now in current.standards:
        then = before.get(now.id)
        if then is None or not same_standard(current.framework, previous.framework, now.id):
            continue
        if now.rating not in levels or then.rating not in levels:
            continue
        changes.append(
            RatingChange(
                now.id, now.name, then.rating, now.rating, levels[then.rating], levels[now.rating]
            )
        )
    return changes


def _change_words(change: RatingChange, scored: bool) -> str:
    step = change.after_level - change.before_level
    unit = "point" if scored else "level"
    if step == 0:
        return "unchanged"
    direction = "up" if step > 0 else "down"
    return f"{direction} {abs(step)} {unit}{'' if abs(step) == 1 else 's'}"


def _change_text(
    changes: Sequence[RatingChange],
    current: InspectionResult,
    previous: InspectionResult,
    labels: tuple[str, str],
) -> str:
    then, now = labels
    scored = current.framework.is_scored
    parts = [
        f"{c.standard_id} {c.name}: {c.before} in {then}, {c.after} in {now} "
        f"({_change_words(c, scored)})"
        for c in changes
    ]
    text = f"Ratings in {then} and {now}: " + "; ".join(parts) + "."
    if None not in (current.score, previous.score) and current.max_score == previous.max_score:
        text += (
            f" Score {previous.score}/{previous.max_score} in {then}, "
            f"{current.score}/{current.max_score} in {now}."
        )
    return text


def _draw_change(axes: Any, row: int, change: RatingChange) -> None:
    before, after = change.before_level, change.after_level
    if before != after:
        axes.annotate(
            "",
            xy=(after, row),
            xytext=(before, row),
            arrowprops={"arrowstyle": "-|>", "color": GREY, "lw": 1.4, "shrinkA": 5, "shrinkB": 6},
            zorder=2,
        )
    axes.plot(before, row, "o", ms=8, mfc=PREVIOUS_FILL, mec=INK, mew=1.4, zorder=3)
    axes.plot(after, row, "o", ms=6 if before == after else 8, color=BAR, mec=INK, zorder=4)


def change_chart(
    current: InspectionResult,
    previous: InspectionResult,
    current_label: str,
    previous_label: str,
) -> Chart | None:
    """Each standard's rating then (hollow circle) and now (filled), an arrow between them;
    None when no standard can be compared."""
    changes = rating_changes(current, previous)
    if not changes:
        return None
    then = short_label(previous_label)
    labels = (then, current_label)
    levels = _levels(current.framework)
    height = 1.0 + 0.27 * len(changes)
    with _DRAWING, matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, height))
        axes = figure.add_axes((0.36, 0.62 / height, 0.6, 1 - 0.95 / height))
        positions = list(range(len(changes)))[::-1]
        for row, change in zip(positions, changes, strict=True):
            _draw_change(axes, row, change)
        names = [f"{c.standard_id} {textwrap.shorten(c.name, 34)}" for c in changes]
        axes.set_yticks(positions, names, fontsize=8)
        ticks = sorted(levels.items(), key=lambda item: item[1])
        axes.set_xticks(
            [v for _, v in ticks], ["\n".join(textwrap.wrap(n, 12)) for n, _ in ticks], fontsize=8
        )
        axes.set_xlim(min(levels.values()) - 0.35, max(levels.values()) + 0.35)
        axes.set_ylim(-0.7, len(changes) - 0.3)
        axes.grid(axis="x", color="#b1b4b6", linewidth=0.6)
        axes.tick_params(length=0)
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        handles = [
            Line2D([], [], ls="none", marker="o", ms=7, mfc=PREVIOUS_FILL, mec=INK, label=then),
            Line2D([], [], ls="none", marker="o", ms=7, color=BAR, mec=INK, label=current_label),
        ]
        axes.legend(
            handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False
        )
        svg = _svg_of(figure)
    title = f"Ratings in {then} and {current_label}, standard by standard"
    text = _change_text(changes, current, previous, labels)
    return Chart(inline_svg(svg, "change-chart", title, text), text)
