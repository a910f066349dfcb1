"""A profile's figures put in, replaced and taken out as forms and files of printed figures do
(yjinspect.profile_edits): each row to the section it names, nothing else changed."""

from __future__ import annotations

import pytest

from yjinspect.errors import InputError
from yjinspect.profile import Figure, Profile
from yjinspect.profile_edits import (
    section_of,
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
