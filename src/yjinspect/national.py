"""The national record of published inspections: rules shared by every service's timeline
and the national aggregates.

An inspection's *year* is the Inspectorate's reporting year, April to March, as its annual
reports of youth inspections count them; it is named by its first calendar year (2024 means
April 2024 to March 2025). The date that decides it is the report's publication date when it
is known, else the start of fieldwork (see :func:`inspection_year`).
"""

from __future__ import annotations

from datetime import date

YEAR_STARTS_IN_MONTH = 4  # April: the Inspectorate's annual reports run April to March


def inspection_year(day: date) -> int:
    """The April-March year a date falls in, named by its first calendar year.

    >>> inspection_year(date(2025, 2, 18)), inspection_year(date(2025, 4, 1))
    (2024, 2025)
    """
    return day.year if day.month >= YEAR_STARTS_IN_MONTH else day.year - 1


def year_label(year: int) -> str:
    """How a year is shown to people: "April 2024 to March 2025"."""
    return f"April {year} to March {year + 1}"
