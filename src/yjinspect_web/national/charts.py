"""The national dashboard's chart: ratings as shares of inspections, one stacked bar per year
or standard, drawn as the report's charts are (:mod:`yjinspect.report.charts`: matplotlib SVG
with real text, labelled by its own title and a text alternative stating every figure)."""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from yjinspect.report import charts as report_charts
from yjinspect.report.charts import Chart, chart_id, inline_svg
from yjinspect_web.national.aggregates import RatingRow

# Best rating first; each colour at least 3:1 against white, and every share over 6% is also
# written on its segment, so colour is never the only cue (the legend names each).
RATING_COLOURS = {
    "Outstanding": "#003078",
    "Good": "#1d70b8",
    "Requires improvement": "#b58840",
    "Inadequate": "#942514",
    "Unsatisfactory": "#942514",
}
OTHER_COLOURS = ("#505a5f", "#6f72af", "#28a197")
LABEL_FROM = 6.0  # % of a bar wide enough to hold its figure
LEGEND_IN = 0.3  # inches above the plot for the legend, across the whole figure


def _colour(rating: str, index: int) -> str:
    return RATING_COLOURS.get(rating, OTHER_COLOURS[index % len(OTHER_COLOURS)])


def chart_text(title: str, rows: list[RatingRow], ratings: list[str]) -> str:
    """Every bar in words: 'April 2024 to March 2025 (iyjs-2021 ...): 30 inspections; Good 17
    (57%), ...'."""
    parts = []
    for row in rows:
        shares = ", ".join(
            f"{rating} {row.counts[rating]} ({row.share(rating):.0f}%)"
            for rating in ratings
            if row.counts.get(rating)
        )
        noun = "inspection" if row.total == 1 else "inspections"
        parts.append(f"{row.label}: {row.total} {noun}; {shares}")
    return f"{title}. " + "; ".join(parts) + "." if parts else f"{title}: no inspections."


def ratings_chart(prefix: str, title: str, rows: list[RatingRow], ratings: list[str]) -> Chart:
    """Horizontal bars, one per row, each split into its ratings' shares (0-100%)."""
    text = chart_text(title, rows, ratings)
    height = 0.9 + LEGEND_IN + 0.34 * max(1, len(rows))
    with report_charts._DRAWING, matplotlib.rc_context(report_charts.RC):
        figure = Figure(figsize=(report_charts.WIDTH_IN, height))
        axes = figure.add_subplot()
        labels = [row.label for row in rows]
        for index, rating in enumerate(ratings):
            lefts = [sum(row.share(r) for r in ratings[:index]) for row in rows]
            widths = [row.share(rating) for row in rows]
            axes.barh(
                range(len(rows)), widths, left=lefts, color=_colour(rating, index), height=0.7
            )
            for y, (left, width) in enumerate(zip(lefts, widths, strict=True)):
                if width >= LABEL_FROM:
                    axes.text(
                        left + width / 2,
                        y,
                        f"{width:.0f}%",
                        ha="center",
                        va="center",
                        color="#ffffff",
                        fontsize=8,
                    )
        axes.set_yticks(range(len(rows)), labels)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("Share of inspections (%)")
        figure.legend(
            handles=[Patch(facecolor=_colour(r, i), label=r) for i, r in enumerate(ratings)],
            loc="upper center",
            ncol=len(ratings),
            frameon=False,
            fontsize=8,
            columnspacing=1.2,
            handlelength=1.0,
        )
        figure.tight_layout(rect=(0, 0, 1, 1 - LEGEND_IN / height))
        svg = report_charts._svg_of(figure)
    return Chart(inline_svg(svg, chart_id("national", prefix), title, text), text)
