"""The service's profile (yjinspect.profile): figures computed from counts, printed figures
compared with them, totals that add up, staffing figures and the relative rate index."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjinspect.errors import InputError
from yjinspect.profile import (
    Area,
    AreaFigure,
    Breakdown,
    Caseload,
    Figure,
    Group,
    Profile,
    ProfileDisagrees,
    Role,
    Source,
    Staffing,
    disproportionality,
    format_number,
    profile_disproportionality,
    rate,
    refuse_disagreements,
    relative_rate_index,
    rounded_half_up,
)
from yjinspect.rating import percent_yes

# -- arithmetic ----------------------------------------------------------------------------


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_whole_percent_is_the_ratings_rounding(pair: tuple[int, int]) -> None:
    count, denominator = pair
    assert rate(count, denominator) == percent_yes(count, denominator)


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 3))
def test_rounding_is_half_up_and_exact(count: int, denominator: int, places: int) -> None:
    exact = Fraction(count * 100_000, denominator)
    shown = rate(count, denominator, 100_000, places)
    step = Fraction(1, 10**places)
    assert exact - step / 2 < Fraction(shown) <= exact + step / 2  # halves go up


def test_halves_round_up() -> None:
    assert rate(129, 200) == 65  # 64.5
    assert rate(1, 8, places=1) == Decimal("12.5")
    assert rate(1, 16, places=1) == Decimal("6.3")  # 6.25
    assert rounded_half_up(Fraction(5, 2)) == 3
    assert rate(28, 12_334, 100_000) == 227  # 227.01


def test_a_rate_needs_a_denominator() -> None:
    with pytest.raises(ValueError):
        rate(1, 0)


def test_numbers_read_as_printed() -> None:
    assert format_number(12494) == "12,494"
    assert format_number(Decimal("13.28")) == "13.28"
    assert format_number(Decimal("12.30")) == "12.30"


# -- a figure ------------------------------------------------------------------------------


def test_a_share_is_computed_from_its_count() -> None:
    figure = Figure("Total current caseload on community sentences", 27, 29)
    assert figure.value == 93
    assert figure.shown() == "93%"
    assert figure.shown_with_count() == "27 (93%)"
    assert figure.rule() == "27 of 29, as a percentage rounded half up to a whole number"
    assert figure.disagreement() is None


def test_a_printed_share_that_disagrees_names_both_figures() -> None:
    figure = Figure("Caseload on community sentences", 27, 29, printed=Decimal(94))
    problem = figure.disagreement()
    assert problem is not None
    assert (problem.printed, problem.computed) == (94, 93)
    assert str(problem) == "Caseload on community sentences: printed 94%, but 27 of 29 is 93%"


def test_a_printed_figure_is_compared_at_its_own_precision() -> None:
    assert Figure("x", 27, 29, printed=Decimal("93.1")).disagreement() is None
    problem = Figure("x", 27, 29, printed=Decimal("93.2")).disagreement()
    assert problem is not None and problem.computed == Decimal("93.1")
    sickness = Figure("Sickness", Decimal("309"), 25, per=1, printed=Decimal("12.36"))
    assert sickness.disagreement() is None and sickness.shown() == "12.36"


def test_a_rate_per_100000() -> None:
    figure = Figure("First-time entrants", 28, 12_334, per=100_000, printed=Decimal(227))
    assert figure.shown() == "227" and figure.disagreement() is None
    assert figure.rule() == "28 per 100,000 of 12,334, rounded half up to a whole number"


def test_a_figure_published_without_counts_stands_as_printed() -> None:
    source = Source("First-time entrants", "January to December 2019", "Youth Justice Board")
    figure = Figure("North West", per=100_000, printed=Decimal(201), source=source)
    assert figure.value == 201 and figure.computed is None and figure.disagreement() is None
    assert "Youth Justice Board" in figure.rule() and "no counts" in figure.rule()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"count": 3}, "both the count and its denominator"),
        ({}, "give a count and denominator, or the printed figure"),
        ({"count": -1, "denominator": 5}, "cannot be negative"),
        ({"count": 1, "denominator": 0}, "above zero"),
        ({"count": 1, "denominator": 2, "per": 0}, "'per' must be above zero"),
    ],
)
def test_a_figure_that_cannot_be_is_refused(kwargs: dict[str, int], words: str) -> None:
    with pytest.raises(InputError, match=words):
        Figure("Caseload", **kwargs)  # type: ignore[arg-type]


def test_a_source_reads_as_004s_footnotes() -> None:
    assert (
        Source("First-time entrants", "January to December 2019", "Youth Justice Board").footnote()
        == "First-time entrants, January to December 2019. Youth Justice Board."
    )
    assert (
        Source(
            "UK population estimates", "mid-2019", "Office for National Statistics", "June 2020"
        ).footnote()
        == "UK population estimates, mid-2019. Office for National Statistics. June 2020."
    )
    assert Source("Data supplied by YJS").footnote() == "Data supplied by YJS."


# -- breakdowns and the caseload -----------------------------------------------------------


def _court() -> Breakdown:
    return Breakdown(
        "court",
        "Of the 29 court disposals",
        (
            Group("community", "Community sentences", 27, Decimal(93)),
            Group("custody", "Custody", 2, Decimal(7)),
            Group("licence", "Licence", 0, Decimal(0)),
        ),
        of="type.court",
    )


def _type(court: int = 29) -> Breakdown:
    return Breakdown(
        "type",
        "Total current caseload",
        (Group("court", "Court disposals", court), Group("out_of_court", "Out-of-court", 6)),
    )


def test_a_breakdowns_shares_are_of_the_sum_of_its_counts() -> None:
    court = _court()
    assert court.denominator == 29
    assert [f.shown_with_count() for f in court.figures()] == ["27 (93%)", "2 (7%)", "0 (0%)"]
    assert court.disagreements() == []


def test_counts_that_do_not_add_up_to_the_total_are_a_disagreement() -> None:
    caseload = Caseload(None, 35, (_type(court=28), _court()))
    found = caseload.disagreements()
    assert [str(d) for d in found] == [
        "Total current caseload: the total is 35 (the caseload's total), but the counts 28 + 6 "
        "add up to 34",
        "Of the 29 court disposals: the total is 28 (the count of type.court), but the counts "
        "27 + 2 + 0 add up to 29",
    ]


def test_a_group_without_count_or_printed_share_is_refused() -> None:
    with pytest.raises(InputError, match="needs a count"):
        Breakdown("age", "Age", (Group("10-14", "10-14"),))
    with pytest.raises(InputError, match="listed twice"):
        Breakdown("age", "Age", (Group("a", "A", 1), Group("a", "B", 2)))


def test_a_printed_total_that_is_not_the_sum() -> None:
    breakdown = Breakdown("x", "Offences", (Group("a", "A", 5), Group("b", "B", 7)), total=13)
    assert [str(d) for d in breakdown.disagreements()] == [
        "Offences: the total is 13, but the counts 5 + 7 add up to 12"
    ]


def test_an_of_that_names_no_group_is_a_problem() -> None:
    broken = Breakdown("court", "Court", (Group("a", "A", 1),), of="type.nothing")
    assert Caseload(None, 1, (broken,)).problems() == [
        "Court: 'of' names 'type.nothing', which is no group of the caseload"
    ]


# -- staffing ------------------------------------------------------------------------------


def test_staffing_figures_are_computed_from_fte_and_counts() -> None:
    staffing = Staffing(
        roles=(
            Role("Qualified case managers", Decimal("6.51"), 7, case_manager=True),
            Role("Other case managers", Decimal("2"), 2, case_manager=True),
            Role("Other staff", Decimal("4.77"), 6),
        ),
        vacancies=Decimal("1"),
        leavers=3,
        sickness_days=Decimal("185.4"),
    )
    figures = dict(staffing.figures(35))
    assert figures["total_fte"].shown() == "13.28"
    assert figures["vacancy_rate"].rule().startswith("1 of 8.51")
    assert figures["vacancy_rate"].shown() == "12%"  # 11.75
    assert figures["caseload_per_case_manager"].shown() == "4"  # 4.11
    assert figures["sickness_days"].shown() == "12.36"  # 185.4 days over 15 people
    assert figures["attrition"].shown() == "20%"  # 3 of 15 people


def test_a_printed_staffing_figure_is_checked() -> None:
    staffing = Staffing(
        roles=(Role("Case managers", Decimal("7"), case_manager=True),),
        printed={"caseload_per_case_manager": Decimal(6)},
    )
    (problem,) = staffing.disagreements(35)
    assert (problem.printed, problem.computed) == (6, 5)
    with pytest.raises(InputError, match="not a staffing figure"):
        Staffing(printed={"morale": Decimal(1)})


def test_a_printed_average_without_its_counts_stands() -> None:
    staffing = Staffing(printed={"sickness_days": Decimal("12.36")})
    assert [(k, f.shown()) for k, f in staffing.figures(None)] == [("sickness_days", "12.36")]


# -- the profile ---------------------------------------------------------------------------


def _profile(printed: int = 93) -> Profile:
    court = Breakdown(
        "court",
        "Of the 29 court disposals",
        (Group("community", "Community sentences", 27, Decimal(printed)), Group("c", "C", 2)),
    )
    area = Area(
        "Blackpool",
        figures=(
            AreaFigure(
                "first_time_entrants",
                "First-time entrant rate per 100,000",
                Figure("Blackpool", per=100_000, printed=Decimal(227)),
                (("England and Wales", Figure("E&W", per=100_000, printed=Decimal(207))),),
            ),
        ),
    )
    return Profile("Blackpool", "2021", area, Caseload(None, 29, (court,)))


def test_a_profile_that_agrees_passes() -> None:
    profile = _profile()
    assert refuse_disagreements(profile) is profile
    labels = [figure.label for _section, figure in profile.figures()]
    assert labels[:2] == [
        "First-time entrant rate per 100,000 in Blackpool",
        "First-time entrant rate per 100,000 in England and Wales",
    ]


def test_a_profile_whose_share_disagrees_is_refused_with_both_figures() -> None:
    with pytest.raises(ProfileDisagrees) as raised:
        refuse_disagreements(_profile(printed=92), "blackpool.yaml")
    assert str(raised.value) == (
        "blackpool.yaml has a figure that disagrees with its count: Of the 29 court disposals: "
        "Community sentences: printed 92%, but 27 of 29 is 93%"
    )


# -- disproportionality --------------------------------------------------------------------


def _ethnicity(counts: dict[str, int]) -> Breakdown:
    return Breakdown(
        "ethnicity", "Ethnicity", tuple(Group(k, k.title(), v) for k, v in counts.items())
    )


def test_the_relative_rate_index_with_the_numbers_behind_it() -> None:
    caseload = _ethnicity({"white": 30, "black": 6, "asian": 2})
    population = _ethnicity({"white": 10_000, "black": 500, "asian": 800})
    rows = {row.key: row for row in disproportionality(caseload, population)}
    assert rows["white"].reference == "white" and rows["white"].index == Decimal("1.00")
    assert rows["white"].rate_per_1000 == Decimal("3.00")
    assert rows["black"].rate_per_1000 == Decimal("12.00")
    assert rows["black"].index == Decimal("4.00")  # 12 per 1,000 against 3 per 1,000
    assert rows["asian"].index is None and rows["asian"].caseload_shown == "fewer than 5"
    assert rows["asian"].as_dict()["caseload"] is None
    assert rows["black"].as_dict()["caseload"] == 6
    assert rows["black"].explanation() == (
        "6 of 500 children is 12.00 per 1,000, against 3.00 per 1,000 for White"
    )
    assert rows["white"].explanation() == "the reference group (index 1.00)"
    assert rows["asian"].explanation() == "not calculated: fewer than 5 children behind it"


def test_the_reference_can_be_named() -> None:
    caseload = _ethnicity({"white": 30, "black": 6})
    population = _ethnicity({"white": 10_000, "black": 500})
    rows = {row.key: row for row in disproportionality(caseload, population, "black")}
    assert rows["white"].index == Decimal("0.25")
    with pytest.raises(InputError, match="reference group"):
        disproportionality(caseload, population, "mixed")


@given(st.integers(0, 200), st.integers(1, 5000), st.integers(0, 200), st.integers(1, 5000))
def test_an_index_rests_on_no_small_number(c: int, p: int, rc: int, rp: int) -> None:
    index = relative_rate_index(c, p, rc, rp)
    if min(c, p, rc, rp) < 5:
        assert index is None
    else:
        assert index is not None
        assert abs(Fraction(index) - Fraction(c * rp, p * rc)) <= Fraction(1, 200)


def test_a_profiles_disproportionality_pairs_dimensions() -> None:
    caseload = Caseload(None, 36, (_ethnicity({"white": 30, "black": 6}),))
    area = Area("Town", population_groups=(_ethnicity({"white": 10_000, "black": 500}),))
    rows = profile_disproportionality(Profile("Town", "2024", area, caseload))
    assert [(row.key, str(row.index)) for row in rows] == [("white", "1.00"), ("black", "4.00")]
    assert profile_disproportionality(Profile("Town", "2024")) == ()


def test_the_areas_population_groups_add_up_to_its_children_aged_10_to_17() -> None:
    groups = _ethnicity({"white": 10_000, "black": 500})
    assert Area("Town", population_10_17=10_500, population_groups=(groups,)).disagreements() == []
    (problem,) = Area("Town", population_10_17=11_000, population_groups=(groups,)).disagreements()
    assert str(problem) == (
        "Ethnicity: the total is 11,000 (Town's population aged 10-17), but the counts 10,000 + "
        "500 add up to 10,500"
    )
    own_total = replace(groups, total=10_500)
    assert (
        Area("Town", population_10_17=11_000, population_groups=(own_total,)).disagreements() == []
    )


def test_figures_beyond_the_largest_are_refused() -> None:
    with pytest.raises(InputError, match="larger than 1,000,000,000,000"):
        Figure("Caseload", 10**13, 10**13)
    with pytest.raises(InputError, match="more than 6 decimal places"):
        Figure("Caseload", printed=Decimal("1.0000001"))
    with pytest.raises(InputError, match="larger than"):
        Caseload(None, 10**13)
