"""Reading a service's profile from data (yjinspect.profile_files): all-or-nothing, every
problem with where it is; the example profile of Blackpool reproduces 004's printed figures."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from published_2021_profile import (
    CASELOAD_INFORMATION_2021,
    CHARACTERISTICS_2021,
    FACTS_2021,
    FOOTNOTES_2021,
    OFFENCE_TYPES_2021,
    STAFFING_2021,
)
from yjinspect.errors import FileProblems, InputError
from yjinspect.limits import LimitExceeded, Limits, load_structured
from yjinspect.profile import Figure, Profile
from yjinspect.profile_files import (
    ProfileProblems,
    check_content,
    check_profile_file,
    parse_printed_figures_file,
    parse_profile,
    profile_from_dict,
    read_profile,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "profile-blackpool-2021.yaml"
SEED_004 = Path("/work/shared/seeds/004_21b68fc81e759bcd.txt")


def blackpool() -> Profile:
    return profile_from_dict(load_structured(EXAMPLE.read_text("utf-8"), EXAMPLE.name))


def test_the_example_agrees_with_itself() -> None:
    assert blackpool().disagreements() == []


def test_a_profile_round_trips_through_its_data() -> None:
    profile = blackpool()
    assert profile_from_dict(profile.as_dict()) == profile


def _printed(profile: Profile) -> list[str]:
    """The profile's facts as 004 prints them: the figure, a tab, the words."""
    assert profile.area is not None and profile.caseload is not None
    lines = [f"{f.shown()}\t{f.label}" for _s, f in profile.figures()[:5]]
    lines.append(f"{profile.area.population:,}\tTotal population of {profile.area.name}")
    lines.append(
        f"{profile.area.population_10_17:,}\tTotal youth population (10\u201317 years) in "
        f"{profile.area.name}"
    )
    lines.append(f"{profile.caseload.total}\tTotal current caseload, of which:")
    for dimension in ("type", "court", "out_of_court"):
        breakdown = profile.caseload.breakdown(dimension)
        assert breakdown is not None
        lines += [f"{f.shown_with_count()}\t{f.label}" for f in breakdown.figures()]
    lines += [f"{f.shown()}\t{f.label}" for f in profile.education_and_care]
    return lines


def test_the_example_reproduces_004s_contextual_facts() -> None:
    assert _printed(blackpool()) == FACTS_2021


def test_the_example_reproduces_004s_caseload_information() -> None:
    caseload = blackpool().caseload
    assert caseload is not None
    for dimension, rows in CASELOAD_INFORMATION_2021.items():
        breakdown = caseload.breakdown(dimension)
        assert breakdown is not None and breakdown.comparator_name == "National average"
        shown = [
            (figure.label, figure.shown(), f"{comparator.shown()}" if comparator else "")
            for figure, comparator in zip(
                breakdown.figures(), breakdown.comparator_figures(), strict=True
            )
        ]
        assert shown == rows
    offences = caseload.breakdown("offence")
    assert offences is not None
    assert [(f.label, f.shown()) for f in offences.figures()] == OFFENCE_TYPES_2021


def test_the_example_reproduces_004s_staffing_and_characteristics() -> None:
    profile = blackpool()
    staffing = [f"{f.label}\t{f.shown()}" for _k, f in profile.staffing_figures()]
    assert staffing == STAFFING_2021
    figures = dict(profile.staffing_figures())
    assert figures["caseload_per_case_manager"].rule() == (
        "35 divided by 6.51, rounded half up to a whole number"
    )
    assert [f"{f.label}\t{f.shown()}" for f in profile.characteristics] == CHARACTERISTICS_2021


def test_the_examples_sources_are_004s_footnotes() -> None:
    profile = blackpool()
    footnotes = {f.source.footnote() for _s, f in profile.figures() if f.source}
    assert profile.area is not None and profile.area.population_source is not None
    footnotes.add(profile.area.population_source.footnote())
    assert footnotes == set(FOOTNOTES_2021)


@pytest.mark.skipif(not SEED_004.exists(), reason="the seed documents are not on this machine")
def test_the_transcription_is_004s_text() -> None:
    import re

    text = re.sub(r"\s*<sup>\d+</sup>|</?b>", "", SEED_004.read_text("utf-8"))
    for line in FACTS_2021 + STAFFING_2021 + CHARACTERISTICS_2021:
        assert line in text
    for label, percent in OFFENCE_TYPES_2021:
        assert f"{label}\t{percent}" in text
    for footnote in FOOTNOTES_2021:
        assert footnote in text


# -- problems ------------------------------------------------------------------------------


def _minimal(**extra: Any) -> dict[str, Any]:
    return {"service": "Blackpool", "period": "2021", **extra}


def test_every_problem_is_listed_with_where_it_is() -> None:
    data = _minimal(
        caseload={
            "total": "thirty",
            "breakdowns": [
                {"dimension": "court", "title": "Court", "groups": [{"label": "A", "count": -1}]},
                {"dimension": "age", "groups": []},
            ],
        },
        staffing={"roles": [{"label": "Case managers", "fte": "lots"}], "colour": "blue"},
        characteristics=[{"label": "Mental health", "count": 3}],
    )
    with pytest.raises(ProfileProblems) as raised:
        profile_from_dict(data, "blackpool.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "caseload.total: 'thirty' is not a whole number from 0 to 1,000,000,000,000",
        "caseload.breakdowns[1].groups[1].count: -1 is not a whole number from 0 to "
        "1,000,000,000,000",
        "caseload.breakdowns[2].title: is required",
        "caseload.breakdowns[2].groups: a breakdown needs at least one group",
        "characteristics[1]: Mental health: give both the count and its denominator, or neither",
        "staffing.colour: is not a field here (the fields are roles, vacancies, leavers, "
        "headcount, sickness_days, printed, source)",
        "staffing.roles[1].fte: 'lots' is not a number from 0 to 1,000,000,000,000 (at most 6 "
        "decimal places)",
    ]
    assert str(raised.value).startswith("blackpool.yaml has 7 problems; first: caseload.total")


def test_a_profile_needs_a_service_and_period() -> None:
    with pytest.raises(ProfileProblems, match="service: is required"):
        profile_from_dict({"period": "2021"})
    with pytest.raises(InputError, match="not a profile"):
        profile_from_dict(["a list"])


def test_printed_figures_may_be_written_as_printed() -> None:
    profile = profile_from_dict(
        _minimal(
            characteristics=[
                {"label": "Mental health", "count": 16, "denominator": 32, "printed": "50%"}
            ]
        )
    )
    assert profile.characteristics[0].disagreement() is None


# -- printed figures (CSV, XLSX) -----------------------------------------------------------

PRINTED = (
    "measure,count,denominator,percent,per\n"
    "Caseload on community sentences,27,29,93\n"
    "Caseload in custody,2,29,8\n"
    "First-time entrants,28,12334,227,100000\n"
    "Looked after children,,,13\n"
    "Average sickness days,309,25,12.36,1\n"
    "Caseload with youth caution,3,6,\n"
)


def test_printed_figures_are_checked_row_by_row() -> None:
    check = check_content("figures.csv", PRINTED.encode())
    assert check.kind == "printed figures"
    assert [(f.row, f.figure.shown()) for f in check.figures] == [
        (2, "93%"), (3, "7%"), (4, "227"), (5, "13%"), (6, "12.36"), (7, "50%"),
    ]  # fmt: skip
    assert [(d.row, str(d.disagreement)) for d in check.disagreements] == [
        (3, "Caseload in custody: printed 8%, but 2 of 29 is 7%")
    ]
    data = check.as_dict()
    assert data["disagreements"][0]["printed"] == "8" and data["disagreements"][0]["row"] == 3
    assert data["figures"][0]["rule"].startswith("27 of 29")


def test_the_five_column_form_without_per_and_a_percent_sign() -> None:
    text = "Measure,Count,Denominator,Percent\nCaseload on community sentences,27,29,93%\n"
    (item,) = parse_printed_figures_file("f.csv", text.encode())
    assert item.figure.per == 100 and item.figure.disagreement() is None


def test_every_bad_row_is_listed_with_its_row() -> None:
    text = (
        "measure,count,denominator,percent,per\n"
        ",1,2,50\n"
        "Custody,two,29,7\n"
        "Licence,1,,\n"
        "Rate,1,0,,\n"
        "Per,1,2,,a hundred\n"
        "Custody,2,29,7\n"
        "Custody,2,29,7\n"
    )
    with pytest.raises(FileProblems) as raised:
        parse_printed_figures_file("f.csv", text.encode())
    assert [str(p) for p in raised.value.problems] == [
        "row 2, column measure: is blank: name the figure",
        "row 3, column count: 'two' is not a number from 0 to 1,000,000,000,000 (at most 6 "
        "decimal places)",
        "row 4: give both the count and its denominator, or neither",
        "row 5: the denominator must be above zero (0)",
        "row 6, column per: 'a hundred' is not a whole number from 0 to 1,000,000,000,000",
        "row 8, column measure: 'Custody' is also on row 7",
    ]


def test_headings_must_be_the_columns() -> None:
    with pytest.raises(FileProblems) as raised:
        parse_printed_figures_file("f.csv", b"measure,count,precent\nA,1,2\n")
    assert [str(p) for p in raised.value.problems] == [
        "row 1, column precent: is not a column (the columns are measure, count, "
        "denominator, percent, per, section, source)",
        "row 1: no column denominator (the columns are measure, count, denominator, percent, "
        "then optionally per, section, source)",
        "row 1: no column percent (the columns are measure, count, denominator, percent, "
        "then optionally per, section, source)",
    ]
    with pytest.raises(InputError, match="no figures"):
        parse_printed_figures_file("f.csv", b"measure,count,denominator,percent\n")
    with pytest.raises(InputError, match="no headings"):
        parse_printed_figures_file("f.csv", b"")


def test_an_xlsx_of_printed_figures_reads_percent_cells_as_percentages(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["measure", "count", "denominator", "percent", "per"])
    sheet.append(["Caseload on community sentences", 27, 29, 0.93])
    sheet["D2"].number_format = "0%"
    sheet.append(["Average sickness days", 309, 25, 12.36, 1])
    sheet.append(["Custody", 2, 29, 8])
    path = tmp_path / "figures.xlsx"
    workbook.save(path)
    check = check_profile_file(path)
    assert [f.figure.printed for f in check.figures] == [
        Decimal("93"),
        Decimal("12.36"),
        Decimal("8"),
    ]
    assert [d.row for d in check.disagreements] == [4]


def test_files_are_bounded_before_they_are_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(PRINTED + "A,1,2,50\n" * 20)
    with pytest.raises(LimitExceeded, match="rows"):
        check_profile_file(path, Limits(max_rows=5))
    with pytest.raises(LimitExceeded, match="larger than"):
        check_profile_file(path, Limits(max_bytes=100))
    nested = tmp_path / "deep.json"
    nested.write_text('{"service": ' + "[" * 30 + "]" * 30 + "}")
    with pytest.raises(LimitExceeded, match="nested"):
        check_profile_file(nested)
    anchors = tmp_path / "a.yaml"
    anchors.write_text("service: &a Blackpool\nperiod: *a\n")
    with pytest.raises(LimitExceeded, match="anchors"):
        read_profile(anchors)


def test_what_is_not_a_profile_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        check_profile_file(tmp_path / "missing.csv")
    (tmp_path / "p.txt").write_text("x")
    with pytest.raises(InputError, match=r"\.yaml, \.yml or \.json file; printed figures"):
        check_profile_file(tmp_path / "p.txt")
    with pytest.raises(InputError, match=r"a profile is a \.yaml"):
        parse_profile("p.csv", b"")
    with pytest.raises(InputError, match="not valid YAML"):
        parse_profile("p.yaml", b"service: [")


def test_a_profile_file_is_checked_by_section() -> None:
    check = check_profile_file(EXAMPLE)
    assert check.kind == "profile" and check.agrees
    assert check.figures[0].section == "Youth justice information"
    assert check.as_dict()["disproportionality"] == []


_decimals = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
_figures = st.builds(
    lambda count, denominator, per, printed: Figure(
        "A figure", count, denominator if count is not None else None, per, printed
    ),
    st.one_of(st.none(), st.integers(0, 10_000), _decimals),
    st.one_of(st.integers(1, 10_000), _decimals.filter(lambda d: d > 0)),
    st.sampled_from([1, 100, 1000, 100_000]),
    _decimals,
)


@given(st.lists(_figures, max_size=4))
def test_any_profile_round_trips_through_json(figures: list[Figure]) -> None:
    profile = Profile("Town YJS", "2024", characteristics=tuple(figures))
    text = json.dumps(profile.as_dict())
    assert profile_from_dict(load_structured(text, "p.json")) == profile


@pytest.mark.parametrize("text", ["1e999999999", "10000000000001", "1.0000001", "NaN", "-3"])
def test_no_enormous_or_odd_number_is_read(text: str) -> None:
    with pytest.raises(FileProblems, match="is not a number from 0 to 1,000,000,000,000"):
        parse_printed_figures_file(
            "f.csv", f"measure,count,denominator,percent\nA,{text},5,\n".encode()
        )


def test_no_enormous_number_is_read_from_a_profile() -> None:
    data = _minimal(caseload={"total": 10**400}, characteristics=[{"label": "A", "printed": 1e300}])
    with pytest.raises(ProfileProblems) as raised:
        profile_from_dict(data)
    assert len(raised.value.problems) == 2
