"""A standard's key questions over time: % yes at each occasion with its 95% interval, against
the framework's bands; SVG with real text and a text alternative stating every figure."""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

from yjinspect.framework import Framework
from yjinspect.report.charts import (
    _DRAWING,
    BAND_TINTS,
    INK,
    RC,
    WIDTH_IN,
    Chart,
    _band_regions,
    _svg_of,
    chart_id,
    inline_svg,
)
from yjinspect.trends import StandardTrend

MARKERS = ("o", "s", "^", "D", "v", "P", "X")
LINES = ("#1d70b8", "#0b0c0c", "#d4351c", "#00703c", "#4c2c92", "#505a5f", "#f47738")


def _text(standard: StandardTrend) -> str:
    parts = []
    for figure in standard.key_questions:
        points = []
        for point in figure.points:
            interval = point.confidence
            extra = f" (95% interval {interval.words})" if interval else " (published)"
            points.append(f"{point.occasion.label} {point.percent}%{extra}")
        change = figure.latest_change
        verdict = f"; {change.words}" if change else ""
        parts.append(f"{figure.id}: {', '.join(points)}{verdict}")
    return f"{standard.id} {standard.name} over time. " + ". ".join(parts) + "."


def trend_chart(framework: Framework, standard: StandardTrend) -> Chart | None:
    """None when no key question has a figure on two occasions or more."""
    figures = [f for f in standard.key_questions if len(f.points) >= 2]
    if not figures:
        return None
    labels = [o.occasion.label for o in standard.ratings]
    position = {o.occasion.id: i for i, o in enumerate(standard.ratings)}
    with _DRAWING, matplotlib.rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, 3.4))
        axes = figure.add_axes((0.09, 0.22, 0.62, 0.7))
        for index, (low, high, rating) in enumerate(_band_regions(framework)):
            axes.axhspan(low, high, color=BAND_TINTS[index % len(BAND_TINTS)], zorder=0, lw=0)
            axes.text(1.01, (low + high) / 2, rating, transform=axes.get_yaxis_transform(),
                      va="center", ha="left", fontsize=7, color=INK)  # fmt: skip
        spread = 0.06
        for number, trend in enumerate(figures):
            offset = (number - (len(figures) - 1) / 2) * spread
            xs = [position[p.occasion.id] + offset for p in trend.points]
            ys = [float(p.percent or 0) for p in trend.points]
            colour = LINES[number % len(LINES)]
            axes.plot(xs, ys, color=colour, marker=MARKERS[number % len(MARKERS)], ms=5,
                      lw=1.3, label=trend.id, zorder=3)  # fmt: skip
            for x, point in zip(xs, trend.points, strict=True):
                interval = point.confidence
                if interval is not None:
                    axes.plot([x, x], [interval.low, interval.high], color=colour, lw=0.9,
                              marker="_", ms=6, zorder=2)  # fmt: skip
        axes.set_xticks(range(len(labels)), [label.replace(" ", "\n", 1) for label in labels],
                        fontsize=7)  # fmt: skip
        axes.set_xlim(-0.5, len(labels) - 0.5)
        axes.set_ylim(0, 100)
        axes.set_yticks([0, 25, 50, 65, 80, 100], ["0%", "25%", "50%", "65%", "80%", "100%"])
        axes.legend(loc="upper left", bbox_to_anchor=(1.2, 1.0), frameon=False, fontsize=7,
                    title="% yes (bars: 95% interval)", title_fontsize=7)  # fmt: skip
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        svg = _svg_of(figure)
    title = f"{standard.id} {standard.name}: % yes for each key question over time"
    text = _text(standard)
    return Chart(inline_svg(svg, chart_id("trend-chart", standard.id), title, text), text)
