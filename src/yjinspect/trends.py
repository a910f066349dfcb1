"""Trends: a service's inspections and self-assessments over time, like with like.

Each figure (a standard's rating, a key question's or a prompt's % yes) is followed across every
rated occasion whose framework asks the same thing: a standard with the same id, name and
statement on the same rating scale (as the report's comparison decides,
:func:`yjinspect.report.charts.same_standard`), and within it a key question or prompt with the
same id and wording. Each % yes carries its 95% Wilson interval (:mod:`yjinspect.statistics`).

Each change from one occasion to the next gets a plain-words verdict from a two-sided
two-proportion z-test (statsmodels' ``proportions_ztest``, pooled) at the 5% level: "a real
improvement at 95%" when p < 0.05 and % yes rose, "a real decline at 95%" when it fell, and
otherwise "this may be chance". Where one side is a published percent without case counts,
the verdict asks instead whether that percent lies outside the other side's 95% interval.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yjinspect.framework import Framework
from yjinspect.rating import InspectionResult
from yjinspect.report.charts import same_standard
from yjinspect.statistics import Interval, wilson_interval

SIGNIFICANCE = 0.05
METHOD = (
    "Each change is tested with a two-sided two-proportion z-test (pooled) at the 5% level: "
    "p below 0.05 is a real change at 95%; otherwise the change may be chance. Where one "
    "figure is a published percent without case counts, the change is real at 95% when that "
    "percent lies outside the other figure's 95% interval (Wilson)."
)


@dataclass(frozen=True)
class Occasion:
    """One inspection or self-assessment of the service, rated."""

    id: int
    label: str
    kind: str
    start: date
    result: InspectionResult
    locked: bool = True

    @property
    def framework(self) -> Framework:
        return self.result.framework


@dataclass(frozen=True)
class Change:
    """From the previous point to this one."""

    points: int
    p_value: float | None
    significant: bool | None
    words: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": self.points,
            "p_value": self.p_value,
            "significant": self.significant,
            "words": self.words,
        }


@dataclass(frozen=True)
class Point:
    occasion: Occasion
    percent: int | None
    yes: int | None = None
    relevant: int | None = None
    rating: str | None = None
    change: Change | None = None
    as_published: bool = False  # the rating as published; figures not held

    @property
    def confidence(self) -> Interval | None:
        if self.yes is None or not self.relevant:
            return None
        return wilson_interval(self.yes, self.relevant)

    def to_dict(self) -> dict[str, Any]:
        interval = self.confidence
        return {
            "occasion": self.occasion.id,
            "percent": self.percent,
            "yes": self.yes,
            "relevant": self.relevant,
            "confidence": interval.to_dict() if interval else None,
            "change": self.change.to_dict() if self.change else None,
        }


@dataclass(frozen=True)
class FigureTrend:
    """A key question's or a prompt's % yes over time."""

    id: str
    text: str
    points: tuple[Point, ...]
    prompts: tuple[FigureTrend, ...] = ()

    @property
    def latest_change(self) -> Change | None:
        return self.points[-1].change if self.points else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "points": [p.to_dict() for p in self.points],
            "prompts": [p.to_dict() for p in self.prompts],
        }


@dataclass(frozen=True)
class StandardTrend:
    id: str
    name: str
    ratings: tuple[Point, ...]
    key_questions: tuple[FigureTrend, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "ratings": [
                {"occasion": p.occasion.id, "rating": p.rating, "as_published": p.as_published}
                for p in self.ratings
            ],
            "key_questions": [k.to_dict() for k in self.key_questions],
        }


@dataclass(frozen=True)
class Trend:
    service: str
    occasions: tuple[Occasion, ...]
    standards: tuple[StandardTrend, ...]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of ``yjinspect trend --json``."""
        return {
            "service": self.service,
            "method": METHOD,
            "occasions": [
                {
                    "id": o.id,
                    "label": o.label,
                    "kind": o.kind,
                    "framework": o.framework.id,
                    "fieldwork_start": o.start.isoformat(),
                    "locked": o.locked,
                    "overall_rating": o.result.overall_rating,
                    "score": o.result.score,
                    "max_score": o.result.max_score,
                }
                for o in self.occasions
            ],
            "standards": [s.to_dict() for s in self.standards],
        }


# -- the test and its words ------------------------------------------------------------------


def two_proportion_p(yes1: int, n1: int, yes2: int, n2: int) -> float | None:
    """The two-sided p-value of statsmodels' pooled two-proportion z-test; None when it is
    undefined (no variation: both 0% or both 100%)."""
    import numpy as np
    from statsmodels.stats.proportion import proportions_ztest

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        _, p_value = proportions_ztest([yes2, yes1], [n2, n1])
    value = float(p_value)
    return None if math.isnan(value) else value


def _points_words(points: int) -> str:
    if points == 0:
        return "no change"
    direction = "up" if points > 0 else "down"
    return f"{direction} {abs(points)} point{'' if abs(points) == 1 else 's'}"


@dataclass(frozen=True)
class Figure:
    """A % yes to compare: with its counts where known, and what to call it ('2021')."""

    percent: int | None
    yes: int | None
    relevant: int | None
    name: str

    @property
    def confidence(self) -> Interval | None:
        if self.yes is None or not self.relevant:
            return None
        return wilson_interval(self.yes, self.relevant)


def change_between(before: Point, after: Point) -> Change | None:
    """The change in % yes from one occasion to the next (:func:`figure_change`)."""

    def figure(point: Point) -> Figure:
        return Figure(point.percent, point.yes, point.relevant, str(point.occasion.start.year))

    return figure_change(figure(before), figure(after))


def figure_change(before: Figure, after: Figure) -> Change | None:
    """The change in % yes, tested where both have counts; where one is a published percent
    only, whether it lies outside the other's 95% interval. None without both percents."""
    if before.percent is None or after.percent is None:
        return None
    points = after.percent - before.percent
    moved = _points_words(points)
    if before.yes is None or after.yes is None or not before.relevant or not after.relevant:
        return _interval_change(before, after, points, moved)
    p_value = two_proportion_p(before.yes, before.relevant, after.yes, after.relevant)
    if p_value is None:
        return Change(points, None, None, f"{moved}; every case alike on both occasions")
    rounded = round(p_value, 3)
    if p_value < SIGNIFICANCE and points != 0:
        rose = after.yes / after.relevant > before.yes / before.relevant
        kind = "improvement" if rose else "decline"
        words = f"{moved}: a real {kind} at 95% (two-proportion test, p = {rounded:.3f})"
        return Change(points, rounded, True, words)
    words = f"{moved}; this may be chance (two-proportion test, p = {rounded:.3f})"
    return Change(points, rounded, False, words)


def _interval_change(before: Figure, after: Figure, points: int, moved: str) -> Change:
    """One side a published percent only: whether it lies outside the other's 95% interval."""
    with_counts, published = (after, before) if after.confidence else (before, after)
    interval = with_counts.confidence
    if interval is None or published.percent is None:
        return Change(points, None, None, f"{moved}; without case counts this cannot be tested, "
                      "so it may be chance")  # fmt: skip
    outside = not interval.low <= published.percent <= interval.high
    figure = f"the {published.name} figure, {published.percent}% (published)"
    other = f"the {with_counts.name} 95% interval, {interval.words}"
    if outside and points != 0:
        kind = "improvement" if points > 0 else "decline"
        words = f"{moved}: a real {kind} at 95% ({figure}, lies outside {other})"
        return Change(points, None, True, words)
    words = f"{moved}; this may be chance ({figure}, lies within {other})"
    return Change(points, None, False, words)


# -- like with like --------------------------------------------------------------------------


def _with_changes(points: list[Point]) -> tuple[Point, ...]:
    found: list[Point] = []
    for point in points:
        previous = next((p for p in reversed(found) if p.percent is not None), None)
        change = change_between(previous, point) if previous is not None else None
        found.append(Point(point.occasion, point.percent, point.yes, point.relevant,
                           point.rating, change))  # fmt: skip
    return tuple(found)


def _same_wording(a: Framework, b: Framework, question_id: str) -> bool:
    def text(framework: Framework) -> str | None:
        kq = framework.find_key_question(question_id)
        if kq is not None:
            return kq[1].text
        prompt = framework.find_prompt(question_id)
        return prompt[1].text if prompt is not None else None

    return text(a) is not None and text(a) == text(b)


def _kq_points(comparable: Sequence[Occasion], standard_id: str, kq_id: str) -> list[Point]:
    points = []
    for occasion in comparable:
        for k in occasion.result.standard(standard_id).key_questions:
            if k.id == kq_id and k.percent is not None:
                points.append(Point(occasion, k.percent, k.yes, k.relevant))
    return points


def _prompt_points(comparable: Sequence[Occasion], standard_id: str, prompt_id: str) -> list[Point]:
    points: list[Point] = []
    for occasion in comparable:
        for k in occasion.result.standard(standard_id).key_questions:
            points.extend(
                Point(occasion, p.percent, p.yes, p.relevant)
                for p in k.prompts
                if p.id == prompt_id and p.percent is not None
            )
    return points


def _figures(
    reference: Framework, comparable: Sequence[Occasion], standard_id: str
) -> tuple[FigureTrend, ...]:
    """The standard's key questions (and prompts) with a figure on some occasion, each over
    the occasions that word it the same."""
    found = []
    for kq in reference.standard(standard_id).key_questions:
        alike = [o for o in comparable if _same_wording(reference, o.framework, kq.id)]
        prompts = []
        for prompt in kq.prompts:
            same = [o for o in alike if _same_wording(reference, o.framework, prompt.id)]
            points = _prompt_points(same, standard_id, prompt.id)
            if points:
                prompts.append(FigureTrend(prompt.id, prompt.text, _with_changes(points)))
        points = _kq_points(alike, standard_id, kq.id)
        if points or prompts:
            found.append(FigureTrend(kq.id, kq.text, _with_changes(points), tuple(prompts)))
    return tuple(found)


def _scale(framework: Framework) -> tuple[str, ...]:
    return tuple(level.name for level in framework.rating_scale)


def trend(service: str, occasions: Sequence[Occasion]) -> Trend:
    """Every standard of every occasion, each followed across the occasions that rate the same
    standard (same id, name and statement, on the same rating scale), oldest first; its key
    questions and prompts followed where worded the same. Standards in the latest occasion's
    order, then any others."""
    ordered = sorted(occasions, key=lambda o: (o.start, o.id))
    standards: list[StandardTrend] = []
    seen: set[tuple[str, str, str]] = set()
    for reference in reversed(ordered):
        framework = reference.framework
        for standard in framework.standards:
            signature = (standard.id, standard.name, standard.statement)
            if signature in seen:
                continue
            seen.add(signature)
            comparable = [
                o
                for o in ordered
                if _scale(o.framework) == _scale(framework)
                and any(s.id == standard.id for s in o.framework.standards)
                and same_standard(framework, o.framework, standard.id)
            ]
            ratings = tuple(
                Point(
                    o,
                    None,
                    rating=o.result.standard(standard.id).rating,
                    as_published=o.result.standard(standard.id).as_published,
                )
                for o in comparable
            )
            figures = _figures(framework, comparable, standard.id)
            standards.append(StandardTrend(standard.id, standard.name, ratings, figures))
    return Trend(service, tuple(ordered), tuple(standards))
