"""How sure a figure is: intervals and band probabilities against scipy and statsmodels, their
properties, and the fewest changed answers that change a rating against a brute-force search."""

from __future__ import annotations

import itertools
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import beta, norm
from statsmodels.stats.proportion import proportion_confint

from cli_runner import run
from yjinspect.framework import load_framework
from yjinspect.rating import (
    NOT_RATED,
    Counts,
    KeyQuestionEvidence,
    StandardEvidence,
    rate_standard,
    rule_rating,
)
from yjinspect.statistics import (
    band_probabilities,
    exact_band_probabilities,
    round_to_sum,
    wilson_interval,
)

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = load_framework("iyjs-2018")
RANK = {"Inadequate": 0, "Requires improvement": 1, "Good": 2, "Outstanding": 3}


@st.composite
def yes_relevant(draw: st.DrawFn, max_relevant: int = 400) -> tuple[int, int]:
    relevant = draw(st.integers(1, max_relevant))
    return draw(st.integers(0, relevant)), relevant


# -- the Wilson interval -------------------------------------------------------------------


def test_a_known_interval() -> None:
    interval = wilson_interval(6, 11)
    assert interval is not None
    assert (interval.level, interval.low, interval.high) == (0.95, 28.0, 78.7)
    assert interval.to_dict() == {"level": 0.95, "low": 28.0, "high": 78.7}
    assert interval.words == "28.0% to 78.7%"


def test_no_relevant_case_has_no_interval() -> None:
    assert wilson_interval(0, 0) is None
    assert band_probabilities(FRAMEWORK, 0, 0) is None


@settings(deadline=None)
@given(yes_relevant())
def test_wilson_matches_statsmodels_and_the_formula(figures: tuple[int, int]) -> None:
    yes, relevant = figures
    interval = wilson_interval(yes, relevant)
    assert interval is not None
    low, high = proportion_confint(yes, relevant, alpha=0.05, method="wilson")
    assert (interval.low, interval.high) == (round(low * 100, 1), round(high * 100, 1))
    # the score interval written out with scipy's normal quantile
    z = norm.ppf(0.975)
    p = yes / relevant
    centre = (p + z * z / (2 * relevant)) / (1 + z * z / relevant)
    half = (
        z * math.sqrt(p * (1 - p) / relevant + z * z / (4 * relevant**2)) / (1 + z * z / relevant)
    )
    assert abs(interval.low - (centre - half) * 100) <= 0.05 + 1e-9
    assert abs(interval.high - (centre + half) * 100) <= 0.05 + 1e-9
    assert 0 <= interval.low <= 100 * p <= interval.high <= 100


@settings(deadline=None)
@given(yes_relevant())
def test_more_yes_never_lowers_the_interval(figures: tuple[int, int]) -> None:
    yes, relevant = figures
    if yes == relevant:
        return
    before, after = wilson_interval(yes, relevant), wilson_interval(yes + 1, relevant)
    assert before is not None and after is not None
    assert after.low >= before.low
    assert after.high >= before.high


@settings(deadline=None)
@given(st.integers(1, 200), st.integers(1, 200))
def test_more_cases_at_the_same_proportion_narrow_the_interval(yes: int, factor: int) -> None:
    relevant = 2 * yes
    small, large = (
        wilson_interval(yes, relevant),
        wilson_interval(yes * (factor + 1), relevant * (factor + 1)),
    )
    assert small is not None and large is not None
    assert large.high - large.low <= small.high - small.low


# -- band probabilities --------------------------------------------------------------------


@settings(deadline=None)
@given(yes_relevant())
def test_band_probabilities_match_scipy_and_sum_to_one(figures: tuple[int, int]) -> None:
    yes, relevant = figures
    found = band_probabilities(FRAMEWORK, yes, relevant)
    assert found is not None
    assert list(found) == ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    assert sum(Decimal(str(p)) for p in found.values()) == 1
    posterior = beta(yes + 0.5, relevant - yes + 0.5)
    cdf = [0.0, posterior.cdf(0.5), posterior.cdf(0.65), posterior.cdf(0.8), 1.0]
    for index, rating in enumerate(found):
        exact = cdf[index + 1] - cdf[index]
        assert abs(found[rating] - exact) <= 0.001 + 1e-9
        assert found[rating] == round(found[rating], 3)
        assert 0 <= found[rating] <= 1


@settings(deadline=None)
@given(yes_relevant(60))
def test_more_yes_never_lowers_the_chance_of_a_band_or_better(figures: tuple[int, int]) -> None:
    yes, relevant = figures
    if yes == relevant:
        return
    before = exact_band_probabilities(FRAMEWORK, yes, relevant)
    after = exact_band_probabilities(FRAMEWORK, yes + 1, relevant)
    ratings = list(before)
    for start in range(len(ratings)):
        at_least_before = sum(before[r] for r in ratings[start:])
        at_least_after = sum(after[r] for r in ratings[start:])
        assert at_least_after >= at_least_before - 1e-12


@settings(deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=6))
def test_rounding_to_a_sum_of_one(values: list[float]) -> None:
    if sum(values) == 0:
        return
    named = {f"band {i}": v for i, v in enumerate(values)}
    rounded = round_to_sum(named)
    assert sum(Decimal(str(p)) for p in rounded.values()) == 1
    total = sum(values)
    for key, value in named.items():
        assert abs(rounded[key] - value / total) < 0.001 + 1e-9


def test_rounding_gives_the_missing_thousandth_to_the_largest_remainder() -> None:
    assert round_to_sum({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}) == {
        "a": 0.334,
        "b": 0.333,
        "c": 0.333,
    }
    assert round_to_sum({"a": 0.1004, "b": 0.2006, "c": 0.699}) == {
        "a": 0.1,
        "b": 0.201,
        "c": 0.699,
    }


# -- flips: the fewest changed answers that change a rule rating -----------------------------

STANDARD = FRAMEWORK.standard("2.2")  # three key questions


def _evidence(figures: list[tuple[int, int]]) -> StandardEvidence:
    ids = [kq.id for kq in STANDARD.key_questions]
    return StandardEvidence(
        key_questions={
            kq_id: KeyQuestionEvidence(counts=Counts(yes, relevant))
            for kq_id, (yes, relevant) in zip(ids, figures, strict=False)
        }
    )


def _brute_force(figures: list[tuple[int, int]], direction: int) -> int | None:
    """Every combination of changed answers; the fewest that move the rule rating."""
    base = rate_standard(FRAMEWORK, STANDARD, _evidence(figures))
    if base.rule_rating == NOT_RATED:
        return None
    current = RANK[base.rule_rating or ""]
    ranges = [
        range(yes + 1) if direction < 0 else range(yes, relevant + 1) for yes, relevant in figures
    ]
    fewest: int | None = None
    for combination in itertools.product(*ranges):
        changed = [(new, relevant) for new, (_, relevant) in zip(combination, figures, strict=True)]
        result = rate_standard(FRAMEWORK, STANDARD, _evidence(changed))
        moved = RANK[rule_rating(FRAMEWORK, result.key_questions)] - current
        if moved * direction > 0:
            changes = sum(
                abs(new - yes) for new, (yes, _) in zip(combination, figures, strict=True)
            )
            fewest = changes if fewest is None else min(fewest, changes)
    return fewest


@settings(max_examples=60, deadline=None)
@given(st.lists(yes_relevant(7), min_size=1, max_size=3))
def test_flips_agree_with_a_brute_force_search(figures: list[tuple[int, int]]) -> None:
    result = rate_standard(FRAMEWORK, STANDARD, _evidence(figures))
    assert result.flips_down == _brute_force(figures, -1)
    assert result.flips_up == _brute_force(figures, +1)
    if result.rule_rating == "Inadequate":
        assert result.flips_down is None
    if result.rule_rating == "Outstanding":
        assert result.flips_up is None


def test_flips_in_words() -> None:
    # 2.2.3 at 6/11 = 55% (Requires improvement): one more no is 5/11 = 45% (Inadequate);
    # 2.2.3 needs 8/11 = 73% and 2.2.1 at 9/12 = 75% is already Good: 2 more yes.
    result = rate_standard(FRAMEWORK, STANDARD, _evidence([(9, 12), (9, 11), (6, 11)]))
    assert result.rule_rating == "Requires improvement"
    assert (result.flips_down, result.flips_up) == (1, 2)


def test_flips_are_null_when_a_key_question_has_a_published_percent_only() -> None:
    evidence = StandardEvidence(
        key_questions={
            "2.2.1": KeyQuestionEvidence(counts=Counts(9, 12)),
            "2.2.2": KeyQuestionEvidence(published_percent=70),
        }
    )
    result = rate_standard(FRAMEWORK, STANDARD, evidence)
    assert result.rule_rating == "Good"
    assert (result.flips_down, result.flips_up) == (None, None)


def test_flips_are_null_for_a_standard_not_rated_or_judged() -> None:
    assert rate_standard(FRAMEWORK, STANDARD, StandardEvidence()).flips_down is None
    judged = rate_standard(FRAMEWORK, FRAMEWORK.standard("1.1"), StandardEvidence(judgement="Good"))
    assert (judged.flips_down, judged.flips_up) == (None, None)


# -- rate --json ---------------------------------------------------------------------------


@pytest.mark.parametrize("published_only", [False, True])
def test_rate_json_carries_the_statistics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], published_only: bool
) -> None:
    figures = {"percent": 55} if published_only else {"yes": 6, "relevant": 11}
    summary = {
        "framework": "iyjs-2018",
        "standards": {"2.2": {"key_questions": {"2.2.3": figures}}},
    }
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary), encoding="utf-8")
    status, out, err = run(capsys, "rate", str(path), "--json")
    assert status == 0, err
    standard = next(s for s in json.loads(out)["standards"] if s["id"] == "2.2")
    kq = next(k for k in standard["key_questions"] if k["id"] == "2.2.3")
    if published_only:
        assert kq["confidence"] is None and kq["band_probabilities"] is None
        assert standard["flips_down"] is None and standard["flips_up"] is None
    else:
        assert kq["confidence"] == {"level": 0.95, "low": 28.0, "high": 78.7}
        assert kq["band_probabilities"] == {
            "Inadequate": 0.382,
            "Requires improvement": 0.388,
            "Good": 0.205,
            "Outstanding": 0.025,
        }
        assert (standard["flips_down"], standard["flips_up"]) == (1, 2)


def test_prompts_carry_the_statistics_too(capsys: pytest.CaptureFixture[str]) -> None:
    cases = ROOT / "examples" / "blackpool-2021-cases.csv"
    status, out, err = run(capsys, "rate", str(cases), "--framework", "iyjs-2018", "--json")
    assert status == 0, err
    prompts = [
        p for s in json.loads(out)["standards"] for k in s["key_questions"] for p in k["prompts"]
    ]
    assert prompts
    for prompt in prompts:
        assert prompt["confidence"]["level"] == 0.95
        assert sum(Decimal(str(v)) for v in prompt["band_probabilities"].values()) == 1


def test_rate_prints_the_interval_and_how_close(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rate", str(ROOT / "examples" / "blackpool-2021.json"))
    assert status == 0
    assert "95% interval" in out and "28.0% to 78.7%" in out
    assert (
        "How close to another rating: 1 case from the next band down (Inadequate); 2 cases "
        "from the next band up (Good)." in " ".join(out.split())
    )
