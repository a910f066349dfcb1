"""A profile's figures put in, replaced and taken out as forms and files of printed figures do
(yjinspect.profile_edits): each row to the section it names, nothing else changed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from yjinspect.errors import InputError
from yjinspect.profile import (
    Area,
    AreaFigure,
    Breakdown,
    Caseload,
    Figure,
    Group,
    Profile,
    Source,
)
from yjinspect.profile_edits import (
    section_of,
    with_area_figure,
    with_area_population,
    with_caseload_breakdown,
    with_figure,
    with_printed_figures,
    without_figure,
)
from yjinspect.profile_files import PrintedFigure


def _profile() -> Profile:
    return Profile(
        service="Blackpool",
        period="2021",
        characteristics=(Figure("Mental health issues", 16, 32),),
    )


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Caseload characteristics", "characteristics"),
        ("  caseload   CHARACTERISTICS ", "characteristics"),
        ("Education and child protection status", "education_and_care"),
        ("education_and_care", "education_and_care"),
        ("Staffing", None),
    ],
)
def test_sections_are_named_as_files_and_reports_name_them(text: str, section: str | None) -> None:
    assert section_of(text) == section


def test_a_figure_of_the_same_label_is_replaced_in_its_place() -> None:
    profile = with_figure(_profile(), "characteristics", Figure("Substance misuse", 23, 32))
    profile = with_figure(profile, "characteristics", Figure("Mental health issues", 17, 32))
    assert [(f.label, f.count) for f in profile.characteristics] == [
        ("Mental health issues", 17),
        ("Substance misuse", 23),
    ]
    renamed = with_figure(
        profile, "characteristics", Figure("Mental health", 18, 32), replacing="Substance misuse"
    )
    assert [f.label for f in renamed.characteristics] == ["Mental health issues", "Mental health"]
    assert without_figure(renamed, "characteristics", "Mental health").characteristics == (
        renamed.characteristics[0],
    )


def test_each_printed_row_goes_to_the_section_it_names() -> None:
    rows = [
        PrintedFigure(2, "Education and care", Figure("Looked after", 4, 35)),
        PrintedFigure(3, "Caseload characteristics", Figure("Substance misuse", 23, 32)),
    ]
    profile = with_printed_figures(_profile(), rows)
    assert [f.label for f in profile.education_and_care] == ["Looked after"]
    assert [f.label for f in profile.characteristics] == [
        "Mental health issues",
        "Substance misuse",
    ]


def test_a_row_naming_no_section_a_file_adds_to_is_refused_by_its_row() -> None:
    rows = [PrintedFigure(7, "Staffing", Figure("Vacancies", 1, 10))]
    with pytest.raises(InputError, match="row 7: the section must be one of"):
        with_printed_figures(_profile(), rows)
    with pytest.raises(InputError, match="no section"):
        with_figure(_profile(), "staffing", Figure("Vacancies", 1, 10))


def _by(dimension: str, count: int) -> Breakdown:
    return Breakdown(dimension, dimension.title(), (Group("a", "A", count),))


def test_a_caseload_breakdown_replaces_the_one_by_its_dimension_and_keeps_the_others() -> None:
    source = Source("Case management system")
    caseload = Caseload(date(2021, 3, 31), 35, (_by("gender", 35), _by("age", 35)), source)
    profile = dataclasses.replace(_profile(), caseload=caseload)
    changed = with_caseload_breakdown(profile, date(2021, 4, 1), 36, _by("gender", 36), None)
    assert changed.caseload == Caseload(
        date(2021, 4, 1), 36, (_by("age", 35), _by("gender", 36)), source
    )
    first = with_caseload_breakdown(_profile(), None, 4, _by("age", 4), None)
    assert first.caseload == Caseload(None, 4, (_by("age", 4),), None)


def test_the_area_population_keeps_the_area_figures_and_other_groups() -> None:
    figure = AreaFigure("fte", "First-time entrants", Figure("FTE", 227, 100_000))
    area = Area("Blackpool", 1, 2, None, (_by("ethnicity", 5), _by("gender", 5)), (figure,))
    profile = dataclasses.replace(_profile(), area=area)
    source = Source("Census", "2021")
    changed = with_area_population(profile, "  Blackpool \n council ", 139_000, 12_000, source,
                                   _by("ethnicity", 6))  # fmt: skip
    assert changed.area == Area("Blackpool council", 139_000, 12_000, source,
                                (_by("gender", 5), _by("ethnicity", 6)), (figure,))  # fmt: skip
    kept = with_area_population(profile, "Blackpool", None, None, None, None)
    assert kept.area is not None and kept.area.population_groups == area.population_groups


def test_an_area_figure_replaces_the_one_of_its_measure_in_its_place() -> None:
    first, second = (AreaFigure(k, k.upper(), Figure(k, 1, 10)) for k in ("fte", "reoffending"))
    new = with_area_figure(_profile(), first, "Blackpool")
    assert new.area == Area("Blackpool", figures=(first,))
    both = with_area_figure(new, second, "ignored")
    again = AreaFigure("fte", "FTE again", Figure("fte", 2, 10))
    assert with_area_figure(both, again, "ignored").area == Area(
        "Blackpool", figures=(again, second)
    )
