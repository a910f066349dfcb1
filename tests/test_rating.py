"""The rating rules of 004 Annexe 1, one rule at a time, plus properties that must always hold."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjinspect.errors import InputError
from yjinspect.framework import load_framework
from yjinspect.rating import (
    NEAR_BOUNDARY,
    NOT_RATED,
    ONE_CASE_CHANGES_RATING,
    SMALL_SAMPLE,
    Counts,
    InspectionEvidence,
    KeyQuestionEvidence,
    PanelDecision,
    StandardEvidence,
    band_for,
    overall_band,
    percent_yes,
    rate_inspection,
    rate_standard,
)

FRAMEWORK = load_framework("iyjs-2018")
PLANNING = FRAMEWORK.standard("2.2")
RANK = {"Inadequate": 0, "Requires improvement": 1, "Good": 2, "Outstanding": 3}


def counts(yes: int, relevant: int) -> KeyQuestionEvidence:
    return KeyQuestionEvidence(counts=Counts(yes, relevant))


def planning(*figures: tuple[int, int], panel: PanelDecision | None = None) -> StandardEvidence:
    kq_ids = ("2.2.1", "2.2.2", "2.2.3")
    return StandardEvidence(
        key_questions={i: counts(y, r) for i, (y, r) in zip(kq_ids, figures, strict=False)},
        panel=panel,
    )


# -- percent and bands ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "relevant", "percent"),
    [(129, 200, 65), (1, 8, 13), (6, 11, 55), (10, 13, 77), (2, 3, 67), (1, 3, 33), (0, 5, 0)],
)
def test_percent_rounds_half_up(yes: int, relevant: int, percent: int) -> None:
    assert percent_yes(yes, relevant) == percent


@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_percent_matches_spreadsheet_round(pair: tuple[int, int]) -> None:
    yes, relevant = pair
    expected = (Decimal(100 * yes) / Decimal(relevant)).quantize(Decimal(1), ROUND_HALF_UP)
    assert percent_yes(yes, relevant) == int(expected)


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (0, "Inadequate"),
        (49, "Inadequate"),
        (50, "Requires improvement"),
        (64, "Requires improvement"),
        (65, "Good"),
        (79, "Good"),
        (80, "Outstanding"),
        (100, "Outstanding"),
    ],
)
def test_band_edges(percent: int, band: str) -> None:
    assert band_for(FRAMEWORK, percent) == band


def test_band_applies_to_the_rounded_figure() -> None:
    # 64.5% rounds to 65, which is Good, not Requires improvement
    result = rate_standard(FRAMEWORK, PLANNING, planning((129, 200), (200, 200), (200, 200)))
    assert result.key_questions[0].percent == 65
    assert result.rating == "Good"


# -- standard rule rating ------------------------------------------------------------------


def test_standard_takes_band_of_lowest_key_question() -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((9, 12), (9, 11), (6, 11)))
    assert result.rule_rating == result.rating == "Requires improvement"
    assert result.driving_key_question == "2.2.3"
    assert result.score == 1
    assert "2.2.3 (6/11 = 55%)" in result.explanation


def test_driving_question_tie_goes_to_first_in_framework_order() -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((8, 10), (4, 5), (8, 10)))
    assert result.driving_key_question == "2.2.1"


def test_key_question_without_relevant_case_is_not_rated_and_does_not_count() -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((10, 10), (0, 0), (9, 10)))
    assert result.key_questions[1].band is None
    assert result.key_questions[1].figures == "no relevant case"
    assert result.rating == "Outstanding"
    assert result.driving_key_question == "2.2.3"


def test_standard_with_no_rated_key_question_is_not_rated() -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((0, 0), (0, 0)))
    assert result.rating == NOT_RATED
    assert result.score is None
    assert result.driving_key_question is None
    assert result.discretion_flags == ()
    assert rate_standard(FRAMEWORK, PLANNING, None).rating == NOT_RATED


def test_published_percent_rates_without_counts() -> None:
    evidence = StandardEvidence(key_questions={"2.2.1": KeyQuestionEvidence(published_percent=54)})
    result = rate_standard(FRAMEWORK, PLANNING, evidence)
    assert result.rating == "Requires improvement"
    assert result.key_questions[0].yes is None
    assert result.key_questions[0].figures == "54% (published)"


# -- discretion flags ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "flagged"),
    [
        (44, False),
        (45, True),
        (55, True),
        (56, False),
        (59, False),
        (60, True),
        (70, True),
        (71, False),
        (74, False),
        (75, True),
        (85, True),
        (86, False),
        (100, False),
    ],
)
def test_near_boundary_is_within_five_points_inclusive(percent: int, flagged: bool) -> None:
    evidence = StandardEvidence(
        key_questions={"2.2.1": KeyQuestionEvidence(published_percent=percent)}
    )
    result = rate_standard(FRAMEWORK, PLANNING, evidence)
    assert (NEAR_BOUNDARY in result.flag_names) is flagged


def test_near_boundary_looks_only_at_the_driving_percentage() -> None:
    # 2.2.1 at 81% is near 80 but does not drive; 2.2.3 at 30% drives and is far from any edge
    result = rate_standard(FRAMEWORK, PLANNING, planning((81, 100), (100, 100), (30, 100)))
    assert NEAR_BOUNDARY not in result.flag_names


def test_one_case_changes_rating_on_any_key_question() -> None:
    # Lowest is 2.2.3 at 6/11; one fewer yes makes 45% Inadequate
    result = rate_standard(FRAMEWORK, PLANNING, planning((9, 12), (9, 11), (6, 11)))
    assert ONE_CASE_CHANGES_RATING in result.flag_names
    # a key question that does not drive can tip it too: 2.2.2 at 2/3 = 67% -> 1/3 = 33%,
    # while the driving 2.2.1 at 650/1000 = 65% stays Good with one case fewer (649/1000)
    result = rate_standard(FRAMEWORK, PLANNING, planning((650, 1000), (2, 3), (90, 100)))
    assert (result.rating, result.driving_key_question) == ("Good", "2.2.1")
    reason = {f.name: f.reason for f in result.discretion_flags}[ONE_CASE_CHANGES_RATING]
    assert "2.2.2" in reason


def test_one_case_flag_needs_counts() -> None:
    evidence = StandardEvidence(key_questions={"2.2.1": KeyQuestionEvidence(published_percent=65)})
    result = rate_standard(FRAMEWORK, PLANNING, evidence)
    assert ONE_CASE_CHANGES_RATING not in result.flag_names


def test_no_one_case_flag_when_one_case_changes_nothing() -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((90, 100), (90, 100), (90, 100)))
    assert result.discretion_flags == ()


@pytest.mark.parametrize(("relevant", "flagged"), [(1, True), (5, True), (6, False)])
def test_small_sample_is_one_to_five_relevant_cases(relevant: int, flagged: bool) -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((40, 40), (relevant, relevant)))
    assert (SMALL_SAMPLE in result.flag_names) is flagged


def test_small_sample_ignores_key_questions_without_relevant_cases() -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning((40, 40), (0, 0)))
    assert SMALL_SAMPLE not in result.flag_names


def _independent_one_case(figures: list[tuple[int, int]]) -> bool:
    """A brute-force restatement of the rule, sharing nothing with the implementation."""

    def rating(values: list[tuple[int, int]]) -> int | None:
        percents = [
            int((Decimal(100 * y) / Decimal(r)).quantize(Decimal(1), ROUND_HALF_UP))
            for y, r in values
            if r
        ]
        if not percents:
            return None
        low = min(percents)
        return 3 if low >= 80 else 2 if low >= 65 else 1 if low >= 50 else 0

    base = rating(figures)
    for index, (yes, relevant) in enumerate(figures):
        for delta in (-1, 1):
            if relevant and 0 <= yes + delta <= relevant:
                changed = list(figures)
                changed[index] = (yes + delta, relevant)
                if rating(changed) != base:
                    return True
    return False


kq_figures = st.integers(0, 30).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@given(st.lists(kq_figures, min_size=1, max_size=3))
def test_flags_agree_with_their_definitions(figures: list[tuple[int, int]]) -> None:
    result = rate_standard(FRAMEWORK, PLANNING, planning(*figures))
    names = result.flag_names
    rated = [r for r in result.key_questions if r.percent is not None]
    if not rated:
        assert names == ()
        return
    driving = min(rated, key=lambda r: r.percent or 0)
    near = any(abs((driving.percent or 0) - b) <= 5 for b in (50, 65, 80))
    assert (NEAR_BOUNDARY in names) is near
    assert (SMALL_SAMPLE in names) is any(1 <= r <= 5 for _, r in figures)
    assert (ONE_CASE_CHANGES_RATING in names) is _independent_one_case(figures)


@given(st.lists(kq_figures, min_size=1, max_size=3), st.data())
def test_more_yes_never_lowers_a_rating(
    figures: list[tuple[int, int]], data: st.DataObject
) -> None:
    before = rate_standard(FRAMEWORK, PLANNING, planning(*figures))
    index = data.draw(st.integers(0, len(figures) - 1))
    yes, relevant = figures[index]
    if yes == relevant:
        return
    improved = list(figures)
    improved[index] = (yes + 1, relevant)
    after = rate_standard(FRAMEWORK, PLANNING, planning(*improved))
    if before.rating == NOT_RATED:
        assert after.rating == NOT_RATED
    else:
        assert RANK[after.rating] >= RANK[before.rating]


# -- panel ---------------------------------------------------------------------------------


def test_panel_rating_replaces_rule_rating_and_both_are_kept() -> None:
    decision = PanelDecision("Good", "Two of the five cases were borderline; see minutes.")
    result = rate_standard(FRAMEWORK, PLANNING, planning((9, 12), (9, 11), (6, 11), panel=decision))
    assert result.rating == "Good"
    assert result.rule_rating == "Requires improvement"
    assert result.score == 2
    assert "ratings panel rated it Good" in result.explanation


def test_panel_rating_needs_rationale() -> None:
    with pytest.raises(InputError, match="rationale"):
        PanelDecision("Good", "   ")


def test_panel_cannot_rate_a_judged_standard() -> None:
    evidence = StandardEvidence(judgement="Good", panel=PanelDecision("Outstanding", "why"))
    with pytest.raises(InputError, match="panel rating applies only"):
        rate_standard(FRAMEWORK, FRAMEWORK.standard("1.1"), evidence)


def test_panel_needs_a_rule_rating_to_replace() -> None:
    evidence = StandardEvidence(panel=PanelDecision("Good", "why"))
    with pytest.raises(InputError, match="no rule rating"):
        rate_standard(FRAMEWORK, PLANNING, evidence)


def test_panel_rating_must_be_on_the_scale() -> None:
    decision = PanelDecision("Excellent", "why")
    with pytest.raises(InputError, match="unknown rating 'Excellent'"):
        rate_standard(FRAMEWORK, PLANNING, planning((9, 12), panel=decision))


# -- judged standards and the overall rating -----------------------------------------------


def test_judged_standard_takes_the_rating_given() -> None:
    result = rate_standard(FRAMEWORK, FRAMEWORK.standard("1.3"), StandardEvidence("Good"))
    assert (result.rating, result.rule_rating, result.score) == ("Good", None, 2)


def _all_good(framework_id: str) -> dict[str, StandardEvidence]:
    framework = load_framework(framework_id)
    evidence: dict[str, StandardEvidence] = {}
    for standard in framework.standards:
        if standard.is_case_based:
            evidence[standard.id] = StandardEvidence(
                key_questions={kq.id: counts(7, 10) for kq in standard.key_questions}
            )
        else:
            evidence[standard.id] = StandardEvidence(judgement="Good")
    return evidence


def test_overall_score_sums_scored_standards_and_bands_it() -> None:
    result = rate_inspection(InspectionEvidence(FRAMEWORK, _all_good("iyjs-2018")))
    assert (result.score, result.max_score, result.overall_rating) == (24, 36, "Good")
    assert not result.overall_provisional


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, "Inadequate"),
        (6, "Inadequate"),
        (7, "Requires improvement"),
        (18, "Requires improvement"),
        (19, "Good"),
        (30, "Good"),
        (31, "Outstanding"),
        (36, "Outstanding"),
    ],
)
def test_overall_bands_0_to_36(score: int, rating: str) -> None:
    assert overall_band(FRAMEWORK, score) == rating


def test_missing_scored_standard_makes_overall_not_rated_and_says_which() -> None:
    evidence = _all_good("iyjs-2018")
    del evidence["1.4"]
    del evidence["3.2"]
    result = rate_inspection(InspectionEvidence(FRAMEWORK, evidence))
    assert result.overall_rating == NOT_RATED
    assert result.score is None
    assert result.missing_standards == ("1.4", "3.2")
    assert "1.4, 3.2" in result.explanation


def test_unscored_resettlement_is_rated_but_not_counted_and_may_be_unrated() -> None:
    framework = load_framework("iyjs-2021")
    evidence = _all_good("iyjs-2021")
    evidence["4.1"] = StandardEvidence(judgement="Outstanding")
    result = rate_inspection(InspectionEvidence(framework, evidence))
    assert result.standard("4.1").rating == "Outstanding"
    assert result.standard("4.1").score is None
    assert (result.score, result.max_score) == (24, 36)
    del evidence["4.1"]
    result = rate_inspection(InspectionEvidence(framework, evidence))
    assert result.overall_rating == "Good"
    assert "no resettlement cases" in result.standard("4.1").explanation


def test_2025_banding_is_provisional_and_says_why() -> None:
    framework = load_framework("iyjwcv-2025")
    result = rate_inspection(InspectionEvidence(framework, _all_good("iyjwcv-2025")))
    assert (result.score, result.max_score, result.overall_rating) == (8, 12, "Good")
    assert result.overall_provisional
    data = result.to_dict()
    assert data["overall_rating"] == "Good"
    assert data["overall_rating_provisional"] is True
    assert "not in the source documents" in data["overall_rating_basis"]


def test_v1_is_judged_and_reports_its_case_work_figures() -> None:
    framework = load_framework("iyjwcv-2025")
    evidence = StandardEvidence(
        judgement="Requires improvement", key_questions={"V1.1": counts(5, 9)}
    )
    result = rate_standard(framework, framework.standard("V1"), evidence)
    assert result.rating == "Requires improvement"
    assert result.key_questions[0].percent == 56
    assert "V1.1 5/9 = 56%" in result.explanation


def test_unscored_framework_has_no_overall_rating() -> None:
    framework = load_framework("fji-2012")
    evidence = {"1": StandardEvidence("Unsatisfactory"), "4": StandardEvidence("Good")}
    result = rate_inspection(InspectionEvidence(framework, evidence))
    assert result.overall_rating is None
    assert result.score is None
    assert result.standard("4").rating == "Good"
    assert result.standard("4").score is None


def test_unknown_standard_in_evidence_is_refused() -> None:
    with pytest.raises(InputError, match=r"no standard '9\.9'"):
        rate_inspection(InspectionEvidence(FRAMEWORK, {"9.9": StandardEvidence()}))


# -- evidence checks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Counts(-1, 3), "negative"),
        (lambda: Counts(1, -3), "negative"),
        (lambda: Counts(4, 3), "exceeds relevant"),
        (lambda: KeyQuestionEvidence(), "give counts"),
        (lambda: KeyQuestionEvidence(published_percent=101), "outside 0-100"),
        (lambda: KeyQuestionEvidence(published_percent=-1), "outside 0-100"),
        (lambda: KeyQuestionEvidence(Counts(6, 11), 58), "contradicts 6/11"),
    ],
)
def test_evidence_refuses_contradictions(build: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        build()  # type: ignore[operator]
