"""How sure a figure is: confidence intervals and band probabilities for a key question or prompt.

A key question's % yes is a proportion of a sample of cases (004, Annexe 1: the sample is drawn
"to achieve a confidence level of 80 per cent (with a margin of error of five)"). The figures
here say how far the true proportion over every eligible case could lie from the sample's:

- :func:`wilson_interval`: the Wilson score interval (no continuity correction) for yes out of
  relevant, computed by statsmodels' ``proportion_confint(method="wilson")``, in percent to one
  decimal;
- :func:`band_probabilities`: under a Jeffreys posterior Beta(yes + 0.5, relevant - yes + 0.5)
  (scipy's ``beta``), the probability that the true proportion lies in each band of the
  framework (edges at the band minima: 0.50, 0.65, 0.80), to three decimals summing to exactly 1.

scipy and statsmodels are imported when first needed (about a second), so commands that show no
statistics start quickly.

The fewest changed answers that would change a standard's rating (``flips_down``/``flips_up``)
are a rating rule and live in :mod:`yjinspect.rating`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from yjinspect.framework import Framework

CONFIDENCE_LEVEL = 0.95
"""The level of every interval shown (95%)."""

PROBABILITY_DECIMALS = 3
"""Band probabilities are given in thousandths."""

JEFFREYS_PRIOR = 0.5
"""Beta(0.5, 0.5), the Jeffreys prior for a proportion."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A confidence interval for % yes: ``low`` and ``high`` in percent, to one decimal."""

    level: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return {"level": self.level, "low": self.low, "high": self.high}

    @property
    def words(self) -> str:
        """'48.2% to 79.9%'."""
        return f"{self.low:.1f}% to {self.high:.1f}%"


def _check(yes: int, relevant: int) -> None:
    if relevant < 0 or not 0 <= yes <= relevant:
        raise ValueError("yes must lie between 0 and relevant")


@lru_cache(maxsize=8192)  # pure, and asked again for the same figures on every page
def wilson_interval(yes: int, relevant: int, level: float = CONFIDENCE_LEVEL) -> Interval | None:
    """The Wilson score interval for yes / relevant, in percent to one decimal; ``None`` with
    no relevant case. statsmodels' ``proportion_confint(yes, relevant, alpha=1 - level,
    method="wilson")``: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), p = yes/n."""
    from statsmodels.stats.proportion import proportion_confint

    _check(yes, relevant)
    if relevant == 0:
        return None
    low, high = proportion_confint(yes, relevant, alpha=1 - level, method="wilson")
    return Interval(level, round(float(low) * 100, 1), round(float(high) * 100, 1))


def band_edges(framework: Framework) -> list[tuple[str, float, float]]:
    """(rating, lower, upper) proportions for each key question band, lowest band first: the
    edges are the band minima (0.50, 0.65, 0.80), the last band ending at 1."""
    bands = sorted(framework.key_question_bands, key=lambda b: b.min_percent)
    uppers = [b.min_percent / 100 for b in bands[1:]] + [1.0]
    return [(b.rating, b.min_percent / 100, upper) for b, upper in zip(bands, uppers, strict=True)]


def exact_band_probabilities(framework: Framework, yes: int, relevant: int) -> dict[str, float]:
    """Unrounded P(lower <= true proportion < upper) for each band under the Jeffreys posterior
    Beta(yes + 0.5, relevant - yes + 0.5)."""
    from scipy.stats import beta

    _check(yes, relevant)
    posterior = beta(yes + JEFFREYS_PRIOR, relevant - yes + JEFFREYS_PRIOR)
    found: dict[str, float] = {}
    for rating, lower, upper in band_edges(framework):
        low_cdf = 0.0 if lower <= 0 else float(posterior.cdf(lower))
        high_cdf = 1.0 if upper >= 1 else float(posterior.cdf(upper))
        found[rating] = max(0.0, high_cdf - low_cdf)
    return found


def round_to_sum(
    values: dict[str, float], decimals: int = PROBABILITY_DECIMALS
) -> dict[str, float]:
    """Round probabilities to ``decimals`` so that they sum to exactly 1 (largest remainder).

    Each value in units of 10^-decimals is rounded down; the units still missing to make the
    whole (1000 for three decimals) go one each to the values with the largest remainders (ties
    to the earlier key, i.e. the lower band). Each result is within one unit of its exact value,
    and the decimal figures printed add up to exactly 1.
    """
    unit = 10**decimals
    total = sum(values.values())
    scaled = {key: (value / total if total > 0 else 0.0) * unit for key, value in values.items()}
    floors = {key: int(value) for key, value in scaled.items()}
    missing = unit - sum(floors.values())
    order = sorted(scaled, key=lambda key: -(scaled[key] - floors[key]))
    for key in order[:missing]:
        floors[key] += 1
    return {key: float(Decimal(count).scaleb(-decimals)) for key, count in floors.items()}


def band_probabilities(framework: Framework, yes: int, relevant: int) -> dict[str, float] | None:
    """For each band (by rating name, lowest band first), the probability that the true
    proportion lies in it, to three decimals summing to 1. ``None`` with no relevant case or
    when the framework has no key question bands."""
    _check(yes, relevant)
    if relevant == 0 or not framework.key_question_bands:
        return None
    return round_to_sum(exact_band_probabilities(framework, yes, relevant))


def most_likely_band(probabilities: dict[str, float]) -> str:
    """The band with the highest probability (ties: the lower band)."""
    return max(probabilities, key=lambda rating: probabilities[rating])


def _cases(count: int) -> str:
    return f"{count} case{'' if count == 1 else 's'}"


def distance_words(
    flips_down: int | None,
    flips_up: int | None,
    band_below: str | None,
    band_above: str | None,
) -> str:
    """How close a standard's rule rating is to another, in plain words: '1 case from the next
    band down (Inadequate); 2 cases from the next band up (Good)'. A "case" here is one case's
    answer on one key question changed (yes to no going down, no to yes going up). Empty when
    neither figure is known."""
    parts = []
    if flips_down is not None and band_below:
        parts.append(f"{_cases(flips_down)} from the next band down ({band_below})")
    if flips_up is not None and band_above:
        parts.append(f"{_cases(flips_up)} from the next band up ({band_above})")
    return "; ".join(parts)


def fragility(flips_down: int | None, flips_up: int | None) -> int | None:
    """The fewest changed answers that would change a rating either way (smaller is more
    fragile); ``None`` when neither is known."""
    known = [n for n in (flips_down, flips_up) if n is not None]
    return min(known) if known else None


PLANNING_PROPORTIONS = (50, 80)
"""The % yes at which a plan states its intervals: 50% (the widest) and 80% (Outstanding)."""


def expected_interval(size: int, percent: int, level: float = CONFIDENCE_LEVEL) -> Interval:
    """The 95% Wilson interval a key question answered in ``size`` cases would have if
    ``percent`` of them were yes (statsmodels, with the count ``size x percent / 100``, which
    need not be whole)."""
    from statsmodels.stats.proportion import proportion_confint

    if size <= 0 or not 0 <= percent <= 100:
        raise ValueError("a planned interval needs cases and a percent from 0 to 100")
    low, high = proportion_confint(size * percent / 100, size, alpha=1 - level, method="wilson")
    return Interval(level, round(float(low) * 100, 1), round(float(high) * 100, 1))


def planned_precision(size: int, what: str = "cases") -> str:
    """How wide the intervals will be at a sample size, before any case is marked: 'With 37
    cases, a key question asked of every one of them would have a 95% interval of 34.7% to
    65.3% (about ±15 points) at 50% yes, or 64.6% to 89.8% (about ±13 points) at 80% yes. ...'"""
    if size <= 0:
        return f"With no {what}, no key question can be rated."
    parts = []
    for percent in PLANNING_PROPORTIONS:
        interval = expected_interval(size, percent)
        half = round((interval.high - interval.low) / 2)
        parts.append(f"{interval.words} (about ±{half} points) at {percent}% yes")
    return (
        f"With {size} {what}, a key question asked of every one of them would have a 95% "
        f"interval of {parts[0]}, or {parts[1]}. Key questions asked of a sub-sample rest on "
        "fewer cases and have wider intervals."
    )
