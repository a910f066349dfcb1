"""Trends in the core: like with like, the two-proportion test (statsmodels), the verdicts."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportions_ztest

from yjinspect.framework import load_framework
from yjinspect.rating import (
    Counts,
    InspectionEvidence,
    KeyQuestionEvidence,
    StandardEvidence,
    rate_inspection,
)
from yjinspect.trends import Occasion, Point, change_between, trend, two_proportion_p

FRAMEWORK = load_framework("iyjs-2018")


def _occasion(number: int, year: int, figures: dict[str, KeyQuestionEvidence]) -> Occasion:
    evidence = InspectionEvidence(FRAMEWORK, {"2.2": StandardEvidence(key_questions=figures)})
    return Occasion(number, f"{year} inspection", "inspection", date(year, 5, 1),
                    rate_inspection(evidence))  # fmt: skip


def _counts(yes: int, relevant: int) -> KeyQuestionEvidence:
    return KeyQuestionEvidence(counts=Counts(yes, relevant))


@settings(deadline=None)
@given(st.integers(1, 80), st.integers(1, 80), st.data())
def test_the_test_is_statsmodels(n1: int, n2: int, data: st.DataObject) -> None:
    yes1, yes2 = data.draw(st.integers(0, n1)), data.draw(st.integers(0, n2))
    found = two_proportion_p(yes1, n1, yes2, n2)
    if (yes1 + yes2) in (0, n1 + n2):
        assert found is None
        return
    _, expected = proportions_ztest([yes2, yes1], [n2, n1])
    assert found is not None and abs(found - float(expected)) < 1e-12


def test_verdicts_in_words() -> None:
    first = _occasion(1, 2021, {"2.2.1": _counts(5, 20)})
    later = _occasion(2, 2024, {"2.2.1": _counts(17, 20)})
    small = _occasion(3, 2025, {"2.2.1": _counts(3, 4)})
    real = change_between(Point(first, 25, 5, 20), Point(later, 85, 17, 20))
    assert real is not None and real.significant is True
    assert real.words.startswith("up 60 points: a real improvement at 95% (two-proportion test")
    chance = change_between(Point(later, 85, 17, 20), Point(small, 75, 3, 4))
    assert chance is not None and chance.significant is False
    assert chance.words.startswith("down 10 points; this may be chance (two-proportion test, p =")


def test_like_with_like() -> None:
    first = _occasion(1, 2021, {"2.2.1": _counts(5, 20), "2.2.3": _counts(2, 4)})
    later = _occasion(2, 2024, {"2.2.1": _counts(17, 20)})
    newer = load_framework("iyjwcv-2025")
    framework_2025 = Occasion(3, "2026 inspection", "inspection", date(2026, 5, 1),
                              rate_inspection(InspectionEvidence(newer, {})))  # fmt: skip
    found = trend("Northtown", [later, first, framework_2025])
    assert [o.id for o in found.occasions] == [1, 2, 3]  # oldest first
    # 2025's "2.2 Planning" has another statement: a trend of its own
    twos = [s for s in found.standards if s.id == "2.2"]
    assert [[p.occasion.id for p in s.ratings] for s in twos] == [[3], [1, 2]]
    planning = twos[1]
    assert [p.rating for p in planning.ratings] == ["Inadequate", "Outstanding"]
    figures = {f.id: f for f in planning.key_questions}
    assert [p.percent for p in figures["2.2.1"].points] == [25, 85]
    assert [p.percent for p in figures["2.2.3"].points] == [50]  # only where it has a figure
    assert figures["2.2.1"].latest_change is not None
    data = found.to_dict()
    assert data["occasions"][0]["label"] == "2021 inspection"
    kq = next(
        s["key_questions"][0]
        for s in data["standards"]
        if [r["occasion"] for r in s["ratings"]] == [1, 2] and s["id"] == "2.2"
    )
    assert kq["points"][1]["change"]["significant"] is True
