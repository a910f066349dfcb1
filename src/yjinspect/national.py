"""The national record of published inspections: rules shared by every service's timeline
and the national aggregates.

An inspection's *year* is the Inspectorate's reporting year, April to March, as its annual
reports of youth inspections count them; it is named by its first calendar year (2024 means
April 2024 to March 2025). The date that decides it is the report's publication date when it
is known, else the start of fieldwork (see :func:`inspection_year`).

A published inspection may be known only by its overall score and rating (a scrape of the
published reports): :func:`published_overall` checks them by the scoring rules of 004
(footnote 2: each standard scores 3, 2, 1 or 0, the score is their sum, 0-36 for twelve
standards, banded 0-6 Inadequate, 7-18 Requires improvement, 19-30 Good, 31-36 Outstanding) and
002 (footnotes 3-6, the same rules over its own standards).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from yjinspect.errors import InputError
from yjinspect.framework import Framework, load_framework
from yjinspect.limits import DEFAULT_LIMITS, Limits, csv_rows
from yjinspect.rating import PublishedOverall

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


def rating_named(framework: Framework, text: str | None) -> str:
    """The framework's rating of that name, whatever its capitals ("Requires Improvement" as
    printed in some reports is "Requires improvement"); missing or unknown ones refused."""
    words = " ".join((text or "").split())
    if not words:
        raise InputError("no overall rating")
    for level in framework.rating_scale:
        if level.name.casefold() == words.casefold():
            return level.name
    shown = words if len(words) <= 60 else words[:57] + "..."
    allowed = ", ".join(level.name for level in framework.rating_scale)
    raise InputError(f"the overall rating {shown!r} is not a rating ({allowed})")


def score_from_percent(framework: Framework, percent: str) -> int:
    """The whole score a published percentage of the maximum stands for (``score_%`` of the
    scrape: 44.44 is 16/36). Refused when no whole score gives that percentage as printed, to
    its decimal places (4.17% is 1.5/36)."""
    max_score = framework.max_score
    if max_score is None:
        raise InputError(f"{framework.name} has no score")
    try:
        value = Decimal(percent.strip())
    except InvalidOperation:
        raise InputError(f"the score {percent.strip()!r} is not a percentage") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise InputError(f"the score {percent.strip()}% is outside 0-100")
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    exact = value * max_score / 100
    score = int(exact.to_integral_value())
    printed = (Decimal(score) * 100 / max_score).quantize(Decimal(1).scaleb(-places))
    if printed != value:
        raise InputError(
            f"the score {value}% is {exact.quantize(Decimal('0.01'))}/{max_score}, "
            f"not a whole number of {max_score}ths"
        )
    return score


def published_overall(
    framework: Framework,
    rating: str | None,
    *,
    score: int | None = None,
    percent: str | None = None,
) -> PublishedOverall:
    """An overall score (whole, or as a percentage of the maximum) and rating as published,
    checked: the score a whole number within the framework's range, the rating one of its
    ratings, and the rating the band of the score (004 footnote 2; 002 footnotes 3-6)."""
    if (score is None) == (percent is None):
        raise InputError("give the overall score, or its percentage of the maximum, once")
    max_score = framework.max_score
    if max_score is None:
        raise InputError(f"{framework.name} has no score and no overall rating")
    if percent is not None:
        score = score_from_percent(framework, percent)
    assert score is not None
    if not 0 <= score <= max_score:
        raise InputError(f"the score {score} is outside 0-{max_score}")
    named = rating_named(framework, rating)
    band = next(b for b in framework.overall_bands if b.min_score <= score <= b.max_score)
    if band.rating != named:
        raise InputError(
            f"the overall rating {named} disagrees with the score: {score}/{max_score} is "
            f"{band.rating} ({band.min_score}-{band.max_score})"
        )
    return PublishedOverall(score=score, rating=named)


# -- the published record (a scrape of the published reports' overall results) -------------

RECORD_COLUMNS = (
    "la_name",
    "la_ref",
    "score_%",
    "overall_rating",
    "publication_date",
    "report_url",
)
# The published record does not say which standards an inspection used. 004 (Blackpool,
# fieldwork May-June 2021, published that summer) was on the 2018 standards; inspections
# published from October 2021 are taken as on the 2021 standards. Both score 0-36 in the same
# bands, so the checks are the same either way.
STANDARDS_2021_FROM = date(2021, 10, 1)


def framework_for_publication(day: date) -> str:
    """The framework an inspection published on that day is taken to have used."""
    return "iyjs-2021" if day >= STANDARDS_2021_FROM else "iyjs-2018"


@dataclass(frozen=True, slots=True)
class PublishedRecordRow:
    """One published inspection of the record, checked."""

    row: int  # the row's number in the file, the header being row 1
    la_name: str
    la_ref: str
    framework_id: str
    score: int
    max_score: int
    rating: str
    published_on: date
    url: str


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A row that cannot stand as printed, and why."""

    row: int
    la_name: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "la_name": self.la_name, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class PublishedRecord:
    rows: tuple[PublishedRecordRow, ...]
    refused: tuple[RefusedRow, ...]


def publication_date(text: str) -> date:
    """A publication date as the record prints it: day/month/year (two or four digits), or
    ISO 8601 (2025-02-18)."""
    value = text.strip()
    if not value:
        raise InputError("no publication date")
    try:
        if "/" in value:
            day, month, year = (int(part) for part in value.split("/"))
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"the publication date {value!r} is not a date (day/month/year)") from None


def _checked_row(
    number: int, values: dict[str, str], framework_id: str | None
) -> PublishedRecordRow:
    if not values["la_ref"]:
        raise InputError("no Inspectorate reference for the service")
    if not values["la_name"]:
        raise InputError("no service name")
    published_on = publication_date(values["publication_date"])
    framework = load_framework(framework_id or framework_for_publication(published_on))
    if not values["score_%"]:
        raise InputError("no score")
    overall = published_overall(framework, values["overall_rating"], percent=values["score_%"])
    url = values["report_url"]
    if url and not url.lower().startswith(("https://", "http://")):
        raise InputError(f"the report address {url[:60]!r} is not a web address")
    return PublishedRecordRow(
        row=number,
        la_name=values["la_name"],
        la_ref=values["la_ref"].lower(),  # a slug of the report's address
        framework_id=framework.id,
        score=overall.score,
        max_score=framework.max_score or 0,
        rating=overall.rating,
        published_on=published_on,
        url=url,
    )


def read_published_record(
    text: str, name: str, limits: Limits = DEFAULT_LIMITS, framework_id: str | None = None
) -> PublishedRecord:
    """Every row of the published record checked (a whole number of 36ths, a known rating in
    the band of the score, a date, a service reference): the rows that stand, and the rows
    refused with the reason. Other columns (the unreliable per-standard ones) are ignored. A
    file without the columns, or past ``limits``, is refused whole."""
    if framework_id is not None:
        load_framework(framework_id)  # an unknown framework is the command's error, not a row's
    table = csv_rows(text, name, limits)
    if not table:
        raise InputError(f"{name} is empty")
    header = [column.strip().lstrip("\ufeff") for column in table[0]]
    missing = [column for column in RECORD_COLUMNS if column not in header]
    if missing:
        raise InputError(f"{name}: missing column(s) {', '.join(missing)}")
    where = {column: header.index(column) for column in RECORD_COLUMNS}
    rows: list[PublishedRecordRow] = []
    refused: list[RefusedRow] = []
    seen: dict[tuple[str, date], int] = {}
    for number, cells in enumerate(table[1:], start=2):
        values = {c: (cells[i] if i < len(cells) else "").strip() for c, i in where.items()}
        if not any(cells):
            continue
        try:
            checked = _checked_row(number, values, framework_id)
            first = seen.setdefault((checked.la_ref, checked.published_on), number)
            if first != number:
                raise InputError(f"the same inspection as row {first}")
        except InputError as exc:
            refused.append(RefusedRow(number, values["la_name"], str(exc)))
            continue
        rows.append(checked)
    return PublishedRecord(rows=tuple(rows), refused=tuple(refused))
