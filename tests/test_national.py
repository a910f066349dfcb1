"""The national record's core rules (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest

from yjinspect.national import inspection_year, year_label


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 2, 18), 2024),
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2021, 12, 31), 2021),
        (date(2021, 1, 1), 2020),
    ],
)
def test_the_year_runs_april_to_march_named_by_its_first_calendar_year(
    day: date, year: int
) -> None:
    assert inspection_year(day) == year


def test_a_year_is_shown_in_words() -> None:
    assert year_label(2024) == "April 2024 to March 2025"
