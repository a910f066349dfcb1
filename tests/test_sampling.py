"""Sampling (004, Annexe 1): the population file, eligibility windows, the sample size, the
balanced selection with its reserves, the plan, and ``yjinspect sample``."""

from __future__ import annotations

import calendar
import json
import math
import random
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_runner import run
from yjinspect.cases import GENDERS
from yjinspect.errors import InputError
from yjinspect.framework import RISK_LEVELS
from yjinspect.sampling import (
    BALANCE_ATTRIBUTES,
    COLUMNS,
    EligibilityWindow,
    GroupSelection,
    PopulationCase,
    PopulationError,
    allocate_sizes,
    balance_report,
    eligible,
    largest_remainder,
    months_before,
    parse_mapping,
    plan,
    read_population,
    replace_case,
    sample_size,
    select,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "population-synthetic.csv"
README = (ROOT / "README.md").read_text(encoding="utf-8")
FIELDWORK = date(2026, 6, 1)
COURT = ("referral_order", "youth_rehabilitation_order", "custody", "other_court")
HEADER = ",".join(COLUMNS)
SLOW = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


def case(
    ref: str,
    start: date = date(2025, 10, 1),
    case_type: str = "court",
    disposal: str = "referral_order",
    gender: str = "male",
    rosh: str = "low",
    safety_wellbeing: str = "low",
) -> PopulationCase:
    return PopulationCase(
        ref, case_type, disposal, start, gender, "white", rosh, safety_wellbeing, ()
    )


def random_population(
    size: int, seed: int = 0, case_type: str = "court", prefix: str = "C"
) -> list[PopulationCase]:
    rng = random.Random(seed)
    disposals = COURT if case_type == "court" else ("community_resolution", "youth_caution")
    return [
        case(
            f"{prefix}{i:05}",
            case_type=case_type,
            disposal=rng.choices(disposals, [5, 4, 1, 2][: len(disposals)])[0],
            gender=rng.choices(GENDERS, [14, 5, 1, 1])[0],
            rosh=rng.choices(RISK_LEVELS, [4, 5, 3, 1])[0],
            safety_wellbeing=rng.choices(RISK_LEVELS, [3, 5, 4, 1])[0],
        )
        for i in range(size)
    ]


def total_deviation(group: GroupSelection, sample: list[PopulationCase]) -> int:
    return replace(group, sample=tuple(sample)).objective()[0]


# -- sample size ---------------------------------------------------------------------------


def z_by_bisection(confidence: float) -> float:
    """An independent inverse of the normal distribution: bisection on math.erf."""
    target = 1 - (1 - confidence) / 2
    low, high = 0.0, 10.0
    for _ in range(200):
        middle = (low + high) / 2
        if 0.5 * (1 + math.erf(middle / math.sqrt(2))) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def test_004_figures() -> None:
    calc = sample_size(46)
    assert round(calc.z, 4) == 1.2816
    assert round(calc.n0, 2) == 164.24
    assert round(calc.n_exact, 2) == 36.11
    assert calc.n == 37
    assert "1.2816^2 * 0.5 * 0.5 / 0.05^2 = 164.24" in calc.formula
    assert "164.24 / (1 + 163.24 / 46) = 36.11, rounded up to 37" in calc.formula
    assert sample_size(10**9).n == 165  # the unlimited population's 164.24, rounded up
    assert (sample_size(0).n, sample_size(1).n) == (0, 1)
    assert "N = 0" in sample_size(0).formula


@given(
    st.integers(0, 100_000),
    st.floats(0.5, 0.99),
    st.floats(0.01, 0.3),
    st.floats(0.05, 0.95),
)
def test_sample_size_is_the_formula(n: int, confidence: float, margin: float, p: float) -> None:
    calc = sample_size(n, confidence, margin, p)
    z = z_by_bisection(confidence)
    n0 = z * z * p * (1 - p) / margin**2
    exact = n * n0 / (n + n0 - 1) if n else 0.0
    assert calc.z == pytest.approx(z, rel=1e-9)
    assert calc.n_exact == pytest.approx(exact, rel=1e-9)
    if n and abs(exact - round(exact)) > 1e-6:
        assert calc.n == min(n, max(1, math.ceil(exact)))
    assert 0 <= calc.n <= n
    assert calc.n <= math.ceil(calc.n0 - 1e-9) or calc.n == 1  # the correction only lowers it
    assert (calc.n == 0) == (n == 0)


@given(st.integers(0, 5000), st.floats(0.6, 0.95), st.floats(0.02, 0.2))
def test_sample_size_grows_with_the_population(n: int, confidence: float, margin: float) -> None:
    assert sample_size(n, confidence, margin).n <= sample_size(n + 1, confidence, margin).n


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1,), "whole number"),
        ((10, 1.0), "confidence"),
        ((10, 0.8, 0.0), "margin"),
        ((10, 0.8, 0.05, 1.5), "proportion"),
    ],
)
def test_sample_size_refuses_nonsense(args: tuple[float, ...], message: str) -> None:
    with pytest.raises(InputError, match=message):
        sample_size(*args)  # type: ignore[arg-type]


def test_allocation_is_60_40_of_the_total() -> None:
    sizes = allocate_sizes({"court": 27, "out_of_court": 19})
    assert sizes.total == 37
    assert (sizes.size("court"), sizes.size("out_of_court")) == (22, 15)
    assert sizes.allocations[0].formula == "round(37 x 0.6) = 22"


def test_allocation_moves_a_shortfall_to_the_other_type() -> None:
    sizes = allocate_sizes({"court": 5, "out_of_court": 100})
    assert sizes.total == sample_size(105).n == 65
    assert (sizes.size("court"), sizes.size("out_of_court")) == (5, 60)
    assert "only 5 eligible" in sizes.allocations[0].formula
    sizes = allocate_sizes({"court": 100, "out_of_court": 3})
    assert (sizes.size("court"), sizes.size("out_of_court")) == (sizes.total - 3, 3)


def test_allocation_minimum_and_maximum() -> None:
    assert allocate_sizes({"court": 6, "out_of_court": 4}, minimum=20).total == 10
    raised = allocate_sizes({"court": 60, "out_of_court": 40}, minimum=90)
    assert raised.total == 90 and "minimum of 90" in raised.note
    assert allocate_sizes({"court": 600, "out_of_court": 400}, maximum=30).total == 30
    with pytest.raises(InputError, match="above maximum"):
        allocate_sizes({"court": 6}, minimum=5, maximum=4)
    with pytest.raises(InputError, match="court and out_of_court cases only"):
        allocate_sizes({"bail_remand": 6})


@given(st.integers(0, 400), st.integers(0, 400), st.floats(0, 1))
def test_allocation_adds_up(court: int, other: int, share: float) -> None:
    sizes = allocate_sizes({"court": court, "out_of_court": other}, court_share=share)
    assert sizes.total == sample_size(court + other).n
    assert sizes.size("court") + sizes.size("out_of_court") == sizes.total
    assert sizes.size("court") <= court and sizes.size("out_of_court") <= other
    ideal = math.floor(sizes.total * share + 0.5)
    if ideal <= court and sizes.total - ideal <= other:
        assert sizes.size("court") == ideal


# -- windows -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 8, 31), 6, date(2024, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 5, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 2, date(2025, 11, 15)),
        (date(2026, 6, 1), 0, date(2026, 6, 1)),
        (date(2024, 2, 29), 12, date(2023, 2, 28)),
        (date(2026, 12, 31), 12, date(2025, 12, 31)),
    ],
)
def test_months_before_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


@given(st.dates(date(1901, 1, 1), date(2999, 12, 31)), st.integers(0, 120))
def test_months_before_moves_whole_months(day: date, months: int) -> None:
    earlier = months_before(day, months)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == months
    last = calendar.monthrange(earlier.year, earlier.month)[1]
    assert earlier.day == min(day.day, last)


def _refs(cases: tuple[PopulationCase, ...]) -> set[str]:
    return {c.case_ref for c in cases}


def test_window_edges_are_included_and_the_next_day_is_not() -> None:
    population = [
        case("C1", date(2025, 9, 1)),
        case("C2", date(2025, 12, 1)),
        case("C3", date(2025, 8, 31)),
        case("C4", date(2025, 12, 2)),
        case("O1", date(2026, 1, 1), "out_of_court", "youth_caution"),
        case("O2", date(2026, 4, 1), "out_of_court", "youth_caution"),
        case("O3", date(2025, 12, 31), "out_of_court", "youth_caution"),
        case("O4", date(2026, 4, 2), "out_of_court", "youth_caution"),
    ]
    found = eligible(population, FIELDWORK)
    assert _refs(found.cases) == {"C1", "C2", "O1", "O2"}
    court, other = found.groups
    assert (court.earliest, court.latest) == (date(2025, 9, 1), date(2025, 12, 1))
    assert (other.earliest, other.latest) == (date(2026, 1, 1), date(2026, 4, 1))
    assert (court.population, court.eligible, other.population, other.eligible) == (4, 2, 4, 2)


def test_window_ends_clamp_to_the_month_end() -> None:
    fieldwork = date(2026, 8, 31)  # minus 6 months: 28 February; minus 9: 30 November
    population = [
        case("C1", date(2026, 2, 28)),
        case("C2", date(2026, 3, 1)),
        case("C3", date(2025, 11, 30)),
        case("C4", date(2025, 11, 29)),
    ]
    found = eligible(population, fieldwork)
    assert _refs(found.cases) == {"C1", "C3"}
    assert (found.groups[0].earliest, found.groups[0].latest) == (
        date(2025, 11, 30),
        date(2026, 2, 28),
    )


def test_windows_can_be_changed() -> None:
    population = [case("C1", date(2026, 5, 1)), case("C2", date(2025, 10, 1))]
    found = eligible(population, FIELDWORK, {"court": (0, 1)})
    assert _refs(found.cases) == {"C1"}
    assert eligible(population, FIELDWORK, {"court": EligibilityWindow(0, 12)}).count("court") == 2
    with pytest.raises(InputError, match="from <= to"):
        EligibilityWindow(5, 2)


# -- the population file -------------------------------------------------------------------


def test_the_example_population_reads() -> None:
    cases = read_population(EXAMPLE)
    assert len(cases) == 61
    assert all(re.fullmatch(r"P\d{3}", c.case_ref) for c in cases)
    assert dict(cases[0].extra).keys() == {"team", "order_length_months"}
    found = eligible(cases, FIELDWORK)
    assert (found.count("court"), found.count("out_of_court")) == (27, 19)
    assert len(cases) - len(found.cases) == 15  # some outside each window
    edges = {c.start_date for c in found.cases}
    assert {date(2025, 9, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 4, 1)} <= edges


def _write(tmp_path: Path, text: str, name: str = "population.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_values_compare_without_case_and_separators(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\ufeffCase_Ref,case type,Disposal,start_date,GENDER,ethnicity,rosh,safety_wellbeing\n"
        "P1,Out-of-court,Youth Conditional Caution,2026-02-01,Female,Not Recorded,Very High,"
        "very_high\n"
        "P2,COURT,Referral order,2025-10-01,not-recorded,white,low,medium\n",
    )
    first, second = read_population(path)
    assert (first.case_type, first.disposal, first.gender) == (
        "out_of_court",
        "youth_conditional_caution",
        "female",
    )
    assert (first.ethnicity, first.rosh, first.safety_wellbeing) == (
        "not recorded",
        "very high",
        "very high",
    )
    assert (second.case_type, second.disposal, second.gender) == (
        "court",
        "referral_order",
        "not recorded",
    )


MESSY = "\n".join(
    [
        HEADER + ",team",
        "P001,court,referral_order,2025-10-01,male,white,low,low,North",  # fine
        "P002,court,referral_order,2025-10-01,male,white,v high,low,North",  # row 3: rosh
        "P003,court,caution,01/10/2025,male,white,low,low,North",  # row 4: disposal and date
        "P001,out_of_court,youth_caution,2026-02-01,boy,white,low,,South",  # 5: dup, gender, empty
        ",,,,,,,,",  # blank: skipped
        "John Smith,court,custody,2025-02-30,male,white,high,high,",  # row 7: name, date
        "P006,out_of_court,custody,2026-02-01,female,purple,low,low,",  # row 8: disposal, ethnicity
        "P007,court",  # row 9: empty cells
    ]
)


def test_every_problem_is_listed_with_its_row(tmp_path: Path) -> None:
    path = _write(tmp_path, MESSY + "\n")
    with pytest.raises(PopulationError) as caught:
        read_population(path)
    error = caught.value
    found = {(p.row, p.column) for p in error.problems}
    assert {
        (3, "rosh"),
        (4, "disposal"),
        (4, "start_date"),
        (5, "case_ref"),
        (5, "gender"),
        (5, "safety_wellbeing"),
        (7, "case_ref"),
        (7, "start_date"),
        (8, "disposal"),
        (8, "ethnicity"),
        (9, "disposal"),
        (9, "safety_wellbeing"),
    } <= found
    assert not any(p.row in (1, 2, 6) for p in error.problems)
    assert len(error.problems) == len(found) == 16
    messages = {(p.row, p.column): p.message for p in error.problems}
    assert messages[(3, "rosh")] == "'v high' is not one of low, medium, high, very high"
    assert "P001 is on row 2 and row 5" in messages[(5, "case_ref")]
    assert "not a date written YYYY-MM-DD" in messages[(4, "start_date")]
    assert "not a real date" in messages[(7, "start_date")]
    assert "never a name" in messages[(7, "case_ref")]
    assert "(the out_of_court disposals)" in messages[(8, "disposal")]
    assert "community_resolution" in messages[(8, "disposal")]
    assert messages[(9, "rosh")] == "the cell is empty"
    assert str(error) == (
        "population.csv has 16 problems; first: row 3, column rosh: 'v high' is not one of "
        "low, medium, high, very high"
    )
    assert "\n" not in str(error)
    assert isinstance(error, InputError)


def test_missing_and_doubled_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "case_ref,case_type,rosh,rosh\nP1,court,low,low\n")
    with pytest.raises(PopulationError) as caught:
        read_population(path)
    problems = caught.value.problems
    missing = [p.column for p in problems if p.message.startswith("missing column")]
    assert missing == ["disposal", "start_date", "gender", "ethnicity", "safety_wellbeing"]
    assert any(p.message == "column 'rosh' appears twice" for p in problems)
    assert all(p.row == 1 for p in problems)
    assert str(caught.value).startswith("population.csv has 6 problems; first: row 1, column ")


def test_a_column_mapping_reads_an_export(tmp_path: Path) -> None:
    headings = ["Case ID", "Type", "Outcome", "Order start", "Sex", "Ethnicity", "RoSH", "SWB"]
    path = _write(
        tmp_path,
        ",".join([*headings, "Team"]) + "\nP9,court,custody,2025-10-03,male,asian,high,low,East\n",
    )
    mapping = dict(zip(COLUMNS, headings, strict=True))
    (only,) = read_population(path, mapping)
    assert (only.case_ref, only.start_date, only.disposal) == ("P9", date(2025, 10, 3), "custody")
    assert only.extra == (("Team", "East"),)
    with pytest.raises(PopulationError, match=r"missing column 'Case ID' \(for case_ref\)"):
        read_population(_write(tmp_path, HEADER + "\n", "plain.csv"), {"case_ref": "Case ID"})
    with pytest.raises(InputError, match="cannot map colour"):
        read_population(path, {"colour": "Case ID"})
    assert parse_mapping(["case_ref = Case ID", "start_date=Order start"]) == {
        "case_ref": "Case ID",
        "start_date": "Order start",
    }
    for bad, message in [("case_ref", "OURS=THEIRS"), ("colour=x", "not one of"), ("=x", "OURS")]:
        with pytest.raises(InputError, match=message):
            parse_mapping([bad])
    with pytest.raises(InputError, match="twice"):
        parse_mapping(["case_ref=a", "case_ref=b"])


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*COLUMNS, "order_length_months"])
    sheet.append(["P1", "court", "referral_order", datetime(2025, 10, 1), "male", "white", "low",
                  "medium", 6])  # fmt: skip
    sheet.append(["P2", "out_of_court", "youth_caution", "2026-02-01", "female", "black", "high",
                  "low", None])  # fmt: skip
    sheet.append([None] * 9)
    path = tmp_path / "population.xlsx"
    workbook.save(path)
    csv_path = _write(
        tmp_path,
        ",".join([*COLUMNS, "order_length_months"])
        + "\nP1,court,referral_order,2025-10-01,male,white,low,medium,6"
        + "\nP2,out_of_court,youth_caution,2026-02-01,female,black,high,low,\n",
    )
    assert read_population(path) == read_population(csv_path)
    sheet.append(["P3", "court", "custody", "yesterday", "male", "white", "low", "low", 1])
    workbook.save(path)
    with pytest.raises(PopulationError, match=r"population\.xlsx has 1 problem: row 5, column"):
        read_population(path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        read_population(tmp_path / "nowhere.csv")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_population(_write(tmp_path, "not a zip", "broken.xlsx"))
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        read_population(_write(tmp_path, "", "population.txt"))
    with pytest.raises(InputError, match="no headings"):
        read_population(_write(tmp_path, ""))
    with pytest.raises(InputError, match="has no cases"):
        read_population(_write(tmp_path, HEADER + "\n"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(InputError, match=r"binary\.csv is UTF-16 text: save it as UTF-8") as error:
        read_population(binary)
    assert str(tmp_path) not in str(error.value)  # the file's name, never a server path


# -- balanced selection --------------------------------------------------------------------


def test_largest_remainder() -> None:
    assert largest_remainder([21, 6], 22) == [17, 5]
    assert largest_remainder([1, 1, 1], 2) == [1, 1, 0]
    assert largest_remainder([0, 0], 0) == [0, 0]


@given(st.lists(st.integers(0, 50), min_size=1, max_size=6), st.data())
def test_largest_remainder_is_within_one_of_the_quota(
    counts: list[int], data: st.DataObject
) -> None:
    total = sum(counts)
    size = data.draw(st.integers(0, total))
    found = largest_remainder(counts, size)
    assert sum(found) == (size if total else 0)
    for count, share in zip(counts, found, strict=True):
        assert share <= count
        if total:
            assert abs(share - count * size / total) < 1


def test_same_seed_same_sample_whatever_the_order() -> None:
    population = random_population(300, seed=1)
    first = select(population, 60, seed=7)
    shuffled = list(population)
    random.Random(3).shuffle(shuffled)
    again = select(shuffled, 60, seed=7)
    assert first.sample == again.sample
    assert first.reserves == again.reserves
    samples = {tuple(c.case_ref for c in select(population, 60, seed=s).sample) for s in range(5)}
    assert len(samples) > 1


def test_sample_and_reserves_cover_the_population() -> None:
    population = random_population(80, seed=2)
    group = select(population, 25, seed=1).groups[0]
    assert len(group.sample) == 25
    assert len(group.reserves) == 55
    assert _refs(group.sample) | _refs(group.reserves) == {c.case_ref for c in population}
    assert not _refs(group.sample) & _refs(group.reserves)
    assert group.objective()[0] == 0  # a varied population: every target met


def test_selection_refuses_what_it_cannot_do() -> None:
    population = random_population(5)
    with pytest.raises(InputError, match="cannot sample 6 of 5 court cases"):
        select(population, 6, seed=1)
    mixed = population + random_population(3, case_type="out_of_court", prefix="O")
    with pytest.raises(InputError, match="a size for each case type"):
        select(mixed, 2, seed=1)
    with pytest.raises(InputError, match="C00001 is given more than once"):
        select([*population, population[1]], 2, seed=1)
    with pytest.raises(InputError, match="cannot balance on 'team'"):
        select(population, 2, seed=1, attributes=("team",))
    both = select(mixed, {"court": 3, "out_of_court": 2}, seed=1)
    assert [(g.case_type, len(g.sample)) for g in both.groups] == [
        ("court", 3),
        ("out_of_court", 2),
    ]


_CASE = st.tuples(
    st.sampled_from(GENDERS[:3]),
    st.sampled_from(COURT),
    st.sampled_from(RISK_LEVELS),
    st.sampled_from(RISK_LEVELS),
)


@st.composite
def populations(draw: st.DrawFn, max_size: int = 14) -> tuple[list[PopulationCase], int]:
    rows = draw(st.lists(_CASE, min_size=2, max_size=max_size))
    population = [
        case(f"C{i:03}", gender=g, disposal=d, rosh=r, safety_wellbeing=s)
        for i, (g, d, r, s) in enumerate(rows)
    ]
    return population, draw(st.integers(1, len(population) - 1))


@SLOW
@given(populations(), st.integers(0, 3))
def test_no_single_swap_improves_the_sample(
    drawn: tuple[list[PopulationCase], int], seed: int
) -> None:
    population, size = drawn
    group = select(population, size, seed).groups[0]
    achieved = group.objective()
    for out in group.sample:
        for into in group.reserves:
            swapped = [c for c in group.sample if c is not out] + [into]
            assert replace(group, sample=tuple(swapped)).objective() >= achieved


@st.composite
def rich_populations(draw: st.DrawFn) -> tuple[list[PopulationCase], int]:
    """Every combination of the categories present, each more often than the sample size."""
    genders = draw(st.lists(st.sampled_from(GENDERS), min_size=1, max_size=2, unique=True))
    disposals = draw(st.lists(st.sampled_from(COURT), min_size=1, max_size=2, unique=True))
    roshes = draw(st.lists(st.sampled_from(RISK_LEVELS), min_size=1, max_size=3, unique=True))
    wellbeing = draw(st.lists(st.sampled_from(RISK_LEVELS), min_size=1, max_size=2, unique=True))
    size = draw(st.integers(1, 6))
    population = []
    for g in genders:
        for d in disposals:
            for r in roshes:
                for s in wellbeing:
                    for _ in range(draw(st.integers(size + 1, size + 3))):
                        ref = f"C{len(population):03}"
                        population.append(
                            case(ref, gender=g, disposal=d, rosh=r, safety_wellbeing=s)
                        )
    return population, size


@SLOW
@given(rich_populations(), st.integers(0, 5))
def test_rich_populations_meet_every_target(
    drawn: tuple[list[PopulationCase], int], seed: int
) -> None:
    """The proven bound: each category's count is its target, within one case of share x size."""
    population, size = drawn
    group = select(population, size, seed).groups[0]
    assert group.objective()[0] == 0
    for attribute in BALANCE_ATTRIBUTES:
        for category, target in group.targets[attribute].items():
            count = sum(1 for c in group.sample if c.attribute(attribute) == category)
            share = sum(1 for c in population if c.attribute(attribute) == category)
            assert count == target
            assert abs(count - share * size / len(population)) < 1


@SLOW
@given(populations(max_size=30), st.integers(0, 1000))
def test_balanced_beats_a_random_draw_on_average(
    drawn: tuple[list[PopulationCase], int], seed: int
) -> None:
    population, size = drawn
    group = select(population, size, seed).groups[0]
    rng = random.Random(seed)
    draws = [total_deviation(group, rng.sample(population, size)) for _ in range(30)]
    assert group.objective()[0] <= sum(draws) / len(draws)
    assert group.objective()[0] <= max(draws)


def test_the_example_is_as_balanced_as_can_be() -> None:
    """On the example every target is met: no sample of the same sizes could be better."""
    found = plan(read_population(EXAMPLE), FIELDWORK)
    for group in found.selection.groups:
        assert group.objective()[0] == 0


# -- reserves ------------------------------------------------------------------------------


def test_replacing_a_case_keeps_the_sizes_and_the_best_balance() -> None:
    population = random_population(40, seed=4) + random_population(
        30, seed=5, case_type="out_of_court", prefix="O"
    )
    selection = select(population, {"court": 12, "out_of_court": 8}, seed=2)
    court = selection.group("court")
    removed = court.sample[3]
    changed = replace_case(selection, removed.case_ref)
    after = changed.group("court")
    assert len(after.sample) == 12 and len(changed.group("out_of_court").sample) == 8
    assert changed.group("out_of_court") == selection.group("out_of_court")
    assert removed not in after.sample and removed not in after.reserves
    (record,) = changed.replacements
    assert (record.case_type, record.removed) == ("court", removed.case_ref)
    added = next(c for c in court.reserves if c.case_ref == record.added)
    assert added in after.sample and added not in after.reserves
    assert len(after.reserves) == len(court.reserves) - 1
    kept = [c for c in court.sample if c is not removed]
    for other in court.reserves:
        alternative = replace(court, sample=(*kept, other)).objective()
        assert after.objective() <= alternative


def test_replacement_errors() -> None:
    population = random_population(4)
    selection = select(population, 2, seed=1)
    with pytest.raises(InputError, match="is a reserve"):
        replace_case(selection, selection.reserves[0].case_ref)
    with pytest.raises(InputError, match="C99999 is not in the sample"):
        replace_case(selection, "C99999")
    everything = select(population, 4, seed=1)
    with pytest.raises(InputError, match="no court reserve is left"):
        replace_case(everything, "C00001")


def test_reserves_in_order_keep_the_balance() -> None:
    """Sample plus the first reserves stays close to the population, however many are taken."""
    population = random_population(200, seed=6)
    group = select(population, 30, seed=3).groups[0]
    rng = random.Random(0)
    for taken in (5, 20, 60):
        ordered = balance_report(population, [*group.sample, *group.reserves[:taken]]).largest
        shuffled = list(group.reserves)
        rng.shuffle(shuffled)
        random_worst = [
            balance_report(population, [*group.sample, *rng.sample(shuffled, taken)]).largest
            for _ in range(20)
        ]
        assert ordered <= sum(random_worst) / len(random_worst)


# -- balance and the plan ------------------------------------------------------------------


def test_balance_report() -> None:
    population = [case("C1", gender="male"), case("C2", gender="male"), case("C3", gender="female")]
    report = balance_report(population, population[1:], ("gender",))
    male, female = report.rows
    assert (male.population, male.sample, female.population, female.sample) == (2, 1, 1, 1)
    assert male.deviation_points == pytest.approx(50 - 200 / 3)
    assert report.largest == pytest.approx(200 / 3 - 50)
    assert report.to_dict()["gender"]["female"] == {
        "population": 1,
        "population_share": 0.3333,
        "sample": 1,
        "sample_share": 0.5,
        "deviation_points": 16.67,
    }


def test_plan_of_the_example() -> None:
    found = plan(read_population(EXAMPLE), FIELDWORK, seed=1)
    data = found.to_dict()
    json.dumps(data)  # serialisable
    assert (data["population"], data["eligible"], data["sample_size"]) == (61, 46, 37)
    assert data["seed"] == 1 and data["fieldwork_start"] == "2026-06-01"
    assert data["windows"]["court"] == {
        "months_from": 6,
        "months_to": 9,
        "earliest": "2025-09-01",
        "latest": "2025-12-01",
        "population": 36,
        "eligible": 27,
    }
    calc = data["size_calculation"]
    assert calc["total"]["n"] == 37 and "rounded up to 37" in calc["total"]["formula"]
    assert (calc["court"]["size"], calc["out_of_court"]["size"]) == (22, 15)
    assert len(data["sample"]) == 37 and len(data["reserves"]) == 9
    assert len(data["case_types"]["court"]["sample"]) == 22
    entry = data["balance"]["rosh"]["very high"]
    assert {"population_share", "sample_share", "deviation_points"} <= set(entry)
    assert data["largest_deviation"] == max(data["largest_deviation_by_attribute"].values())
    assert data["sample_cases"][0]["extra"].keys() == {"team", "order_length_months"}
    replaced = found.replace(data["sample"][0]).to_dict()
    assert replaced["replacements"][0]["removed"] == data["sample"][0]
    assert len(replaced["sample"]) == 37


def _documented_fields(data: dict[str, object]) -> set[str]:
    fields = set(data)
    for key in ("windows", "case_types"):
        for value in data[key].values():  # type: ignore[attr-defined]
            fields |= set(value)
    calc = data["size_calculation"]
    fields |= set(calc["total"]) | set(calc["court"])  # type: ignore[index]
    fields |= set(data["sample_cases"][0])  # type: ignore[index]
    fields |= set(data["balance"]["gender"]["male"])  # type: ignore[index]
    return fields


def test_readme_documents_every_sample_json_field() -> None:
    found = plan(read_population(EXAMPLE), FIELDWORK)
    data = found.replace(found.selection.sample[0].case_ref).to_dict()
    documented = set(re.findall(r"`([a-z_0-9]+)`", README))
    fields = _documented_fields(data) | set(data["replacements"][0])
    assert not sorted(fields - documented)


# -- the command line ----------------------------------------------------------------------


def test_sample_prints_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "sample", str(EXAMPLE), "--fieldwork-start", "2026-06-01")
    assert (status, err) == (0, "")
    assert "seed 1" in out
    assert "2025-09-01 to 2025-12-01" in out and "2026-01-01 to 2026-04-01" in out
    assert "164.24 / (1 + 163.24 / 46) = 36.11, rounded up to 37" in out
    assert "round(37 x 0.6) = 22" in out
    assert "Court disposals: sample of 22 from 27" in out
    assert "Reserves, next first: " in out
    assert "Largest deviation:" in out and "Balance of the whole sample" in out


def test_sample_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sample", str(EXAMPLE), "--fieldwork-start", "2026-06-01", "--json", "--seed", "5"]
    status, out, _ = run(capsys, *args)
    assert status == 0
    data = json.loads(out)
    assert {"eligible", "sample_size", "sample", "reserves", "balance", "seed", "windows"} <= set(
        data
    )
    assert {"fieldwork_start", "size_calculation", "largest_deviation"} <= set(data)
    assert data["seed"] == 5
    # the framework's sampling rules (iyjs-2018: 004's) give the plan 004's rules give
    assert data.pop("rules") == "004, Annexe 1"
    assert [pool["id"] for pool in data.pop("pools")] == ["court", "out_of_court"]
    expected = plan(read_population(EXAMPLE), FIELDWORK, seed=5).to_dict()
    assert data == {k: v for k, v in expected.items() if k not in ("rules", "pools")}
    _, again, _ = run(capsys, *args)
    assert again == out


def test_sample_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("case_ref,", "Case ID,", 1)
    path = _write(tmp_path, text)
    status, out, _ = run(
        capsys,
        "sample",
        str(path),
        "--fieldwork-start",
        "2026-06-01",
        "--map",
        "case_ref=Case ID",
        "--confidence",
        "0.9",
        "--margin",
        "0.1",
        "--court-share",
        "0.5",
        "--json",
    )
    assert status == 0
    data = json.loads(out)
    assert data["size_calculation"]["total"]["n"] == sample_size(46, 0.9, 0.1).n
    assert data["court_share"] == 0.5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fieldwork-start", "1 June 2026"], "--fieldwork-start: '1 June 2026' is not a date"),
        (["--fieldwork-start", "2026-02-30"], "not a real date"),
        (["--fieldwork-start", "2026-06-01", "--confidence", "80"], "confidence 80.0 must be"),
        (["--fieldwork-start", "2026-06-01", "--court-share", "2"], "court share 2.0"),
        (["--fieldwork-start", "2026-06-01", "--map", "case_ref"], "is not OURS=THEIRS"),
        (["--fieldwork-start", "2026-06-01", "--framework", "nope"], "unknown framework"),
        ([], "Missing option '--fieldwork-start'"),
    ],
)
def test_sample_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, "sample", str(EXAMPLE), *args)
    assert (status, out) == (2, "")
    assert err.startswith("yjinspect: error: ") and err.count("\n") == 1
    assert message in err


def test_sample_bad_files_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(
        capsys, "sample", str(tmp_path / "nowhere.csv"), "--fieldwork-start", "2026-06-01"
    )
    assert status == 2 and err.count("\n") == 1 and "No such file" in err
    messy = _write(tmp_path, MESSY)
    status, out, err = run(capsys, "sample", str(messy), "--fieldwork-start", "2026-06-01")
    assert (status, out) == (2, "")
    assert err == (
        "yjinspect: error: population.csv has 16 problems; first: row 3, column rosh: "
        "'v high' is not one of low, medium, high, very high\n"
    )


def test_no_eligible_cases_is_an_empty_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, HEADER + "\nP1,court,custody,2020-01-01,male,white,low,low\n")
    status, out, _ = run(capsys, "sample", str(path), "--fieldwork-start", "2026-06-01", "--json")
    assert status == 0
    data = json.loads(out)
    assert (data["eligible"], data["sample_size"], data["sample"]) == (0, 0, [])
    status, out, _ = run(capsys, "sample", str(path), "--fieldwork-start", "2026-06-01")
    assert status == 0 and "no eligible cases (N = 0)" in out


def test_2000_cases_give_a_whole_sample_of_distinct_cases() -> None:
    """A large population samples to the allocated sizes, each case once (its speed is measured by
    benchmarks/bench_sampling.py, not by a timed test)."""
    population = random_population(1200, seed=8) + random_population(
        800, seed=9, case_type="out_of_court", prefix="O"
    )
    sizes = allocate_sizes({"court": 1200, "out_of_court": 800})
    targets = {a.case_type: a.size for a in sizes.allocations}
    result = select(population, targets, seed=1)
    chosen = [case.case_ref for case in result.sample]
    assert len(chosen) == len(set(chosen)) == sum(targets.values())
