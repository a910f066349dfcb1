"""A service's profile for a period: the contextual facts, caseload, staffing and caseload
characteristics an inspection report prints beside its ratings (004, "Contextual facts",
"Key staffing data" under standard 1.2 and "Caseload characteristics" under standard 1.3).

004 prints these as figures: "227 First-time entrant rate per 100,000 in Blackpool" (footnote 6:
"First-time entrants, January to December 2019. Youth Justice Board."), "27 (93%) Total current
caseload on community sentences" (of the 29 court disposals, footnote 10: "Data supplied by the
YJS, reflecting the caseload at the time of the inspection announcement"), "Average caseload per
case manager (FTE) 5". Here every such figure is a :class:`Figure`: the count and denominator it
comes from and the rate or share computed from them (never typed), with the figure as printed
kept only to be compared. A printed figure that disagrees with its counts is a
:class:`Disagreement` naming both; :func:`refuse_disagreements` turns any into an error.

Shares are whole percents rounded half up, as key question percentages are
(:func:`yjinspect.rating.percent_yes`); a figure printed with decimals (12.36 sickness days) is
compared at its own number of decimal places, rounded half up. Where a source publishes only the
rate (the Youth Justice Board's first-time entrant rates for the region and England and Wales,
the Ministry of Justice's reoffending rates) the figure is the published one, named as such.

:func:`disproportionality` gives, for each group of a caseload breakdown (ethnicity, gender,
age), its relative rate index against the area's population aged 10-17, with the numbers
behind it, suppressing numbers below five. 002 ("Equity, diversity and inclusion") reports a
service's disproportionality and children's characteristics in this way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from yjinspect.errors import InputError
from yjinspect.rating import percent_yes

SMALL_NUMBER = 5
"""Counts below this are suppressed in disproportionality tables (shown as "fewer than 5")."""

PERCENT = 100
PER_100000 = 100_000
MAX_FIGURE = 10**12
"""The largest count, denominator or figure a profile holds (no youth justice figure comes
near it): larger ones are refused, so no file can ask for arithmetic on enormous numbers."""
MAX_PLACES = 6

Number = int | Decimal


# -- arithmetic ----------------------------------------------------------------------------


def rounded_half_up(value: Fraction, places: int = 0) -> Decimal:
    """``value`` rounded half up to ``places`` decimal places, exactly (64.5 -> 65)."""
    scale = 10**places
    whole = math.floor(value * scale + Fraction(1, 2))
    return Decimal(whole).scaleb(-places) if places else Decimal(whole)


def rate(count: Number, denominator: Number, per: int = PERCENT, places: int = 0) -> Decimal:
    """``count`` per ``per`` of ``denominator``, rounded half up to ``places`` decimals.

    A whole percent of whole numbers is :func:`yjinspect.rating.percent_yes`, the rounding
    the ratings use (004, Annexe 1); anything else the same rule at other scales.
    """
    if denominator <= 0:
        raise ValueError("a rate needs a denominator above zero")
    if count < 0:
        raise ValueError("a count cannot be negative")
    if (
        per == PERCENT
        and places == 0
        and isinstance(count, int)
        and isinstance(denominator, int)
        and count <= denominator
    ):
        return Decimal(percent_yes(count, denominator))
    return rounded_half_up(Fraction(count) * per / Fraction(denominator), places)


def too_large(label: str, *values: Number | None) -> None:
    """Refuse a figure beyond :data:`MAX_FIGURE` or with more than :data:`MAX_PLACES` decimals."""
    for value in values:
        if value is None:
            continue
        if value > MAX_FIGURE:
            raise InputError(f"{label}: {value} is larger than {MAX_FIGURE:,}, the largest figure")
        if isinstance(value, Decimal) and places_of(value) > MAX_PLACES:
            raise InputError(f"{label}: {value} has more than {MAX_PLACES} decimal places")


def places_of(value: Decimal) -> int:
    """The decimal places a figure is written with (12.36 -> 2, 93 -> 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Number) -> str:
    """A figure as people read it: thousands grouped, decimals as given (12,494; 13.28)."""
    if isinstance(value, int):
        return f"{value:,}"
    places = places_of(value)
    return f"{value:,.{places}f}"


# -- sources -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where figures come from, as 004's footnotes name it: "First-time entrants, January to
    December 2019. Youth Justice Board." (title, period, publisher, optionally when published)."""

    title: str
    period: str = ""
    publisher: str = ""
    published: str = ""

    def footnote(self) -> str:
        first = ", ".join(part for part in (self.title, self.period) if part)
        parts = [first, self.publisher, self.published]
        return " ".join(f"{part.rstrip('.')}." for part in parts if part)

    def as_dict(self) -> dict[str, str]:
        return {
            "title": self.title,
            "period": self.period,
            "publisher": self.publisher,
            "published": self.published,
        }


# -- a figure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Disagreement:
    """A printed figure that is not what its counts give: both figures, and the counts."""

    where: str
    printed: Decimal
    computed: Decimal
    because: str
    text: str = ""
    unit: str = ""

    def __str__(self) -> str:
        if self.text:
            return self.text
        return (
            f"{self.where}: printed {self.printed}{self.unit}, but {self.because} is "
            f"{self.computed}{self.unit}"
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "where": self.where,
            "printed": str(self.printed),
            "computed": str(self.computed),
            "because": self.because,
            "message": str(self),
        }


def _total_disagreement(
    title: str, total: int, origin: str, counted: int, counts: str
) -> Disagreement:
    """A total (printed, or another group's count) that the groups' counts do not add up to."""
    stated = f"{total:,} ({origin})" if origin else f"{total:,}"
    return Disagreement(
        f"{title}: total",
        Decimal(total),
        Decimal(counted),
        f"the counts {counts}",
        f"{title}: the total is {stated}, but the counts {counts} add up to {counted:,}",
    )


@dataclass(frozen=True)
class Figure:
    """One figure of a profile: a share (per 100), a rate (per 100,000) or an average (per 1)
    of ``count`` over ``denominator``, computed; or, when the source publishes no counts, the
    figure as ``printed`` by its source. ``places`` is how many decimals it is shown with (by
    default those of the printed figure; else none for shares and rates, two for averages)."""

    label: str
    count: Number | None = None
    denominator: Number | None = None
    per: int = PERCENT
    printed: Decimal | None = None
    places: int | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise InputError("a figure needs a label")
        if (self.count is None) != (self.denominator is None):
            raise InputError(f"{self.label}: give both the count and its denominator, or neither")
        if self.count is None and self.printed is None:
            raise InputError(f"{self.label}: give a count and denominator, or the printed figure")
        if self.count is not None and self.count < 0:
            raise InputError(f"{self.label}: the count cannot be negative ({self.count})")
        if self.denominator is not None and self.denominator <= 0:
            raise InputError(
                f"{self.label}: the denominator must be above zero ({self.denominator})"
            )
        if self.per <= 0:
            raise InputError(f"{self.label}: 'per' must be above zero ({self.per})")
        if self.places is not None and not 0 <= self.places <= MAX_PLACES:
            raise InputError(f"{self.label}: decimal places must be 0 to {MAX_PLACES}")
        too_large(self.label, self.count, self.denominator, self.per, self.printed)

    @property
    def has_counts(self) -> bool:
        return self.count is not None and self.denominator is not None

    @property
    def decimals(self) -> int:
        if self.places is not None:
            return self.places
        if self.printed is not None:
            return places_of(self.printed)
        return 0 if self.per >= PERCENT else 2

    @property
    def computed(self) -> Decimal | None:
        """The figure from its counts (None when there are none)."""
        if self.count is None or self.denominator is None:
            return None
        return rate(self.count, self.denominator, self.per, self.decimals)

    @property
    def value(self) -> Decimal:
        """The figure shown: computed from the counts, else as its source printed it."""
        computed = self.computed
        if computed is not None:
            return computed
        assert self.printed is not None  # __post_init__: counts or a printed figure
        return self.printed

    @property
    def is_share(self) -> bool:
        return self.per == PERCENT

    def shown(self) -> str:
        """As 004 prints it: "93%", "227", "12.36"."""
        text = format_number(self.value)
        return f"{text}%" if self.is_share else text

    def shown_with_count(self) -> str:
        """A share beside its count where there is one, as 004 prints caseload: "27 (93%)"."""
        if self.is_share and self.count is not None:
            return f"{format_number(self.count)} ({self.shown()})"
        return self.shown()

    def rule(self) -> str:
        """The counts and rule that give the figure, in words."""
        if self.count is None or self.denominator is None:
            where = f" ({self.source.footnote()})" if self.source else ""
            return f"as printed by its source{where}; no counts given"
        count, denominator = format_number(self.count), format_number(self.denominator)
        places = self.decimals
        rounding = (
            "rounded half up to a whole number"
            if places == 0
            else f"rounded half up to {places} decimal place{'s' if places > 1 else ''}"
        )
        if self.is_share:
            return f"{count} of {denominator}, as a percentage {rounding}"
        if self.per == 1 and self.denominator == 1:
            return f"{count}, the sum of its parts"
        if self.per == 1:
            return f"{count} divided by {denominator}, {rounding}"
        return f"{count} per {self.per:,} of {denominator}, {rounding}"

    def disagreement(self, where: str = "") -> Disagreement | None:
        """The printed figure against the computed one, at the printed figure's precision."""
        computed = self.computed
        if computed is None or self.printed is None:
            return None
        at_printed = rate(self.count or 0, self.denominator or 1, self.per, places_of(self.printed))
        if at_printed == self.printed:
            return None
        count, denominator = format_number(self.count or 0), format_number(self.denominator or 1)
        because = (
            f"{count} of {denominator}"
            if self.is_share
            else f"{count} per {self.per:,} of {denominator}"
            if self.per != 1
            else f"{count} divided by {denominator}"
        )
        unit = "%" if self.is_share else ""
        return Disagreement(where or self.label, self.printed, at_printed, because, unit=unit)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "count": _json_number(self.count),
            "denominator": _json_number(self.denominator),
            "per": self.per,
            "printed": _json_number(self.printed),
            "places": self.places,
            "source": self.source.as_dict() if self.source else None,
        }

    def explained(self) -> dict[str, Any]:
        """The figure with what it comes to and the rule that gives it (for --json output)."""
        return {
            **self.as_dict(),
            "value": str(self.value),
            "shown": self.shown(),
            "rule": self.rule(),
        }


def _json_number(value: Number | None) -> int | str | None:
    """Whole numbers as JSON numbers; decimals as text so 13.28 stays 13.28."""
    if value is None or isinstance(value, int):
        return value
    return str(value)


# -- breakdowns (caseload by age, gender, ethnicity, disposal) -----------------------------


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: its count (or only the printed share, when the source gives
    no count) and the comparator's share printed beside it (004's "National average")."""

    key: str
    label: str
    count: int | None = None
    printed: Decimal | None = None
    comparator: Decimal | None = None

    def __post_init__(self) -> None:
        if not self.key.strip() or not self.label.strip():
            raise InputError("a group needs a key and a label")
        if self.count is not None and self.count < 0:
            raise InputError(f"{self.label}: the count cannot be negative ({self.count})")
        too_large(self.label, self.count, self.printed, self.comparator)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "count": self.count,
            "printed": _json_number(self.printed),
            "comparator": _json_number(self.comparator),
        }


@dataclass(frozen=True)
class Breakdown:
    """Counts by category (``dimension``: age, gender, ethnicity, disposal...), e.g. 004's
    "Of the 29 court disposals": 27 on community sentences, 2 in custody, 0 on licence.

    ``total`` is what the groups are shares of; if not given it is the sum of the counts.
    ``of`` names a group of another breakdown this one divides ("type.court"): its total must
    then be that group's count.
    """

    dimension: str
    title: str
    groups: tuple[Group, ...]
    total: int | None = None
    of: str = ""
    comparator_name: str = ""
    source: Source | None = None

    def __post_init__(self) -> None:
        keys = [group.key for group in self.groups]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise InputError(f"{self.title}: the group {repeated[0]!r} is listed twice")
        if self.total is not None and self.total < 0:
            raise InputError(f"{self.title}: the total cannot be negative")
        too_large(self.title, self.total)
        shares_of = self.denominator
        for group in self.groups:
            if (group.count is None or not shares_of) and group.printed is None:
                raise InputError(
                    f"{self.title}: {group.label} needs a count (with a total above zero) or "
                    "its printed share"
                )

    @property
    def counted(self) -> bool:
        """Every group has a count."""
        return bool(self.groups) and all(group.count is not None for group in self.groups)

    @property
    def sum(self) -> int:
        return sum(group.count or 0 for group in self.groups)

    @property
    def denominator(self) -> int | None:
        if self.total is not None:
            return self.total
        return self.sum if self.counted else None

    def group(self, key: str) -> Group | None:
        return next((group for group in self.groups if group.key == key), None)

    def figures(self) -> tuple[Figure, ...]:
        """Each group as a share of the denominator (or as printed without counts)."""
        denominator = self.denominator
        figures = []
        for group in self.groups:
            if group.count is not None and denominator:
                figures.append(Figure(group.label, group.count, denominator, printed=group.printed))
            else:
                figures.append(Figure(group.label, printed=group.printed))
        return tuple(figures)

    def comparator_figures(self) -> tuple[Figure | None, ...]:
        return tuple(
            Figure(group.label, printed=group.comparator) if group.comparator is not None else None
            for group in self.groups
        )

    def disagreements(
        self, expected_total: int | None = None, origin: str = ""
    ) -> list[Disagreement]:
        """Each printed share against its count; the counts' sum against the total (its own,
        or ``expected_total``: what ``origin`` says the groups add up to)."""
        found: list[Disagreement] = []
        denominator = self.denominator
        if denominator:
            for group in self.groups:
                if group.count is not None and group.printed is not None:
                    figure = Figure(group.label, group.count, denominator, printed=group.printed)
                    problem = figure.disagreement(f"{self.title}: {group.label}")
                    if problem:
                        found.append(problem)
        counts = " + ".join(f"{group.count or 0:,}" for group in self.groups)
        if self.counted and self.total is not None and self.sum != self.total:
            found.append(_total_disagreement(self.title, self.total, "", self.sum, counts))
        elif self.counted and expected_total is not None and self.sum != expected_total:
            origin = origin or (f"the count of {self.of}" if self.of else "the caseload's total")
            found.append(_total_disagreement(self.title, expected_total, origin, self.sum, counts))
        if self.total is not None and expected_total is not None and self.total != expected_total:
            origin = origin or (f"the count of {self.of}" if self.of else "the caseload's total")
            found.append(
                Disagreement(
                    f"{self.title}: total",
                    Decimal(self.total),
                    Decimal(expected_total),
                    origin,
                    f"{self.title}: the total is {self.total:,}, but {origin} is "
                    f"{expected_total:,}",
                )
            )
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "title": self.title,
            "total": self.total,
            "of": self.of,
            "comparator_name": self.comparator_name,
            "source": self.source.as_dict() if self.source else None,
            "groups": [group.as_dict() for group in self.groups],
        }


# -- the area ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFigure:
    """A figure for the area beside its comparators, as 004 prints "First-time entrant rate per
    100,000" for Blackpool, the North West and England and Wales (227, 201, 207)."""

    key: str
    label: str
    area: Figure
    comparators: tuple[tuple[str, Figure], ...] = ()
    source: Source | None = None

    def disagreements(self, area_name: str) -> list[Disagreement]:
        found = []
        for name, figure in ((area_name, self.area), *self.comparators):
            problem = figure.disagreement(f"{self.label} in {name}")
            if problem:
                found.append(problem)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "area": self.area.as_dict(),
            "comparators": [
                {"name": name, **figure.as_dict()} for name, figure in self.comparators
            ],
            "source": self.source.as_dict() if self.source else None,
        }


@dataclass(frozen=True)
class Area:
    """The area the service covers: its population (004, "Population information": total
    population and youth population aged 10-17, with their source), the youth population by
    group where known (for :func:`disproportionality`), and figures such as first-time
    entrants and reoffending with their comparators."""

    name: str
    population: int | None = None
    population_10_17: int | None = None
    population_source: Source | None = None
    population_groups: tuple[Breakdown, ...] = ()
    figures: tuple[AreaFigure, ...] = ()

    def __post_init__(self) -> None:
        for value in (self.population, self.population_10_17):
            if value is not None and value < 0:
                raise InputError(f"{self.name}: a population cannot be negative")
        too_large(self.name, self.population, self.population_10_17)

    def figure(self, key: str) -> AreaFigure | None:
        return next((figure for figure in self.figures if figure.key == key), None)

    def population_by(self, dimension: str) -> Breakdown | None:
        return next((b for b in self.population_groups if b.dimension == dimension), None)

    def disagreements(self) -> list[Disagreement]:
        found = [problem for figure in self.figures for problem in figure.disagreements(self.name)]
        for breakdown in self.population_groups:
            expected = self.population_10_17 if breakdown.total is None else None
            found += breakdown.disagreements(expected, f"{self.name}'s population aged 10-17")
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "population": self.population,
            "population_10_17": self.population_10_17,
            "population_source": (
                self.population_source.as_dict() if self.population_source else None
            ),
            "population_groups": [b.as_dict() for b in self.population_groups],
            "figures": [figure.as_dict() for figure in self.figures],
        }


# -- the caseload --------------------------------------------------------------------------


@dataclass(frozen=True)
class Caseload:
    """The caseload at a date (004: "at the time of the inspection announcement"): its total
    and its counts by category. A breakdown with no total of its own and no ``of`` divides the
    whole caseload, so its counts must add up to ``total``."""

    at: date | None
    total: int | None
    breakdowns: tuple[Breakdown, ...] = ()
    source: Source | None = None

    def __post_init__(self) -> None:
        if self.total is not None and self.total < 0:
            raise InputError("the caseload's total cannot be negative")
        too_large("the caseload", self.total)
        dimensions = [b.dimension for b in self.breakdowns]
        repeated = sorted({d for d in dimensions if dimensions.count(d) > 1})
        if repeated:
            raise InputError(f"the caseload has two breakdowns by {repeated[0]!r}")

    def breakdown(self, dimension: str) -> Breakdown | None:
        return next((b for b in self.breakdowns if b.dimension == dimension), None)

    def count_of(self, reference: str) -> int | None:
        """The count a reference names: "type.court" is the court group of the type breakdown."""
        dimension, _, key = reference.partition(".")
        breakdown = self.breakdown(dimension)
        group = breakdown.group(key) if breakdown else None
        return group.count if group else None

    def expected_total(self, breakdown: Breakdown) -> int | None:
        if breakdown.of:
            return self.count_of(breakdown.of)
        if breakdown.total is None and breakdown.source is None:
            return self.total
        return None

    def problems(self) -> list[str]:
        """References to groups that are not there."""
        return [
            f"{b.title}: 'of' names {b.of!r}, which is no group of the caseload"
            for b in self.breakdowns
            if b.of and self.count_of(b.of) is None
        ]

    def disagreements(self) -> list[Disagreement]:
        return [
            problem
            for breakdown in self.breakdowns
            for problem in breakdown.disagreements(self.expected_total(breakdown))
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat() if self.at else None,
            "total": self.total,
            "source": self.source.as_dict() if self.source else None,
            "breakdowns": [b.as_dict() for b in self.breakdowns],
        }


# -- staffing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """Staff in one role: full-time equivalent and, where known, the people (headcount).
    ``case_manager`` marks the roles that hold cases (004: "qualified case managers", "other
    case managers"), whose FTE the caseload per case manager and the vacancy rate divide by."""

    label: str
    fte: Decimal
    headcount: int | None = None
    case_manager: bool = False

    def __post_init__(self) -> None:
        if self.fte < 0 or (self.headcount is not None and self.headcount < 0):
            raise InputError(f"{self.label}: staff figures cannot be negative")
        too_large(self.label, self.fte, self.headcount)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "fte": str(self.fte),
            "headcount": self.headcount,
            "case_manager": self.case_manager,
        }


STAFFING_FIGURES: Mapping[str, str] = {
    "total_fte": "Total staff headcount (full-time equivalent, FTE)",
    "vacancy_rate": (
        "Vacancy rate: case managers only (total unfilled case manager posts as percentage of "
        "total case manager headcount)"
    ),
    "caseload_per_case_manager": "Average caseload per case manager (FTE)",
    "sickness_days": "Average annual sickness days (all staff)",
    "attrition": "Staff attrition (percentage of all staff leaving in 12-month period)",
}
"""004's "Key staffing data", code to the words it prints."""


@dataclass(frozen=True)
class Staffing:
    """004's "Key staffing data" (standard 1.2): FTE by role; unfilled case manager posts
    (``vacancies``, FTE); ``leavers`` in the last 12 months; ``sickness_days`` in the year, all
    staff. The vacancy rate, caseload per case manager, average sickness days and attrition are
    computed; ``printed`` holds 004's figures where a source prints them, to be compared, or
    stands alone where the counts behind them are not given (an average of sickness days
    without the total)."""

    roles: tuple[Role, ...] = ()
    vacancies: Decimal | None = None
    leavers: int | None = None
    headcount: int | None = None
    sickness_days: Decimal | None = None
    printed: Mapping[str, Decimal] = field(default_factory=dict)
    source: Source | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.printed) - set(STAFFING_FIGURES))
        if unknown:
            raise InputError(
                f"staffing: {unknown[0]!r} is not a staffing figure (they are "
                f"{', '.join(STAFFING_FIGURES)})"
            )
        for value in (self.vacancies, self.leavers, self.headcount, self.sickness_days):
            if value is not None and value < 0:
                raise InputError("staffing figures cannot be negative")
        too_large("staffing", self.vacancies, self.leavers, self.headcount, self.sickness_days)
        too_large("staffing", *self.printed.values())

    @property
    def total_fte(self) -> Decimal:
        return sum((role.fte for role in self.roles), Decimal(0))

    @property
    def case_manager_fte(self) -> Decimal:
        return sum((role.fte for role in self.roles if role.case_manager), Decimal(0))

    @property
    def people(self) -> int | None:
        """Headcount of all staff: as given, else the roles' headcounts when all are known."""
        if self.headcount is not None:
            return self.headcount
        counts = [role.headcount for role in self.roles]
        if counts and all(count is not None for count in counts):
            return sum(count or 0 for count in counts)
        return None

    def figures(self, caseload: int | None) -> tuple[tuple[str, Figure], ...]:
        """004's staffing table: each figure with its counts, or as printed without them."""
        printed = self.printed
        all_staff: Number | None = self.people
        if all_staff is None and self.total_fte > 0:
            all_staff = self.total_fte
        case_managers = self.case_manager_fte if self.case_manager_fte > 0 else None
        candidates: list[tuple[str, Number | None, Number | None, int]] = [
            ("total_fte", None, None, 1),
            ("vacancy_rate", self.vacancies, case_managers, PERCENT),
            ("caseload_per_case_manager", caseload, case_managers, 1),
            ("sickness_days", self.sickness_days, all_staff, 1),
            ("attrition", self.leavers, all_staff, PERCENT),
        ]
        figures = []
        for key, count, denominator, per in candidates:
            label = STAFFING_FIGURES[key]
            if key == "total_fte":
                if self.roles:
                    figures.append(
                        (
                            key,
                            Figure(
                                label,
                                self.total_fte,
                                1,
                                per=1,
                                printed=printed.get(key),
                                places=max(2, places_of(self.total_fte)),
                            ),
                        )
                    )
                elif key in printed:
                    figures.append((key, Figure(label, printed=printed[key])))
                continue
            places = 0 if key in ("vacancy_rate", "caseload_per_case_manager", "attrition") else 2
            if count is not None and denominator is not None:
                figure = Figure(
                    label,
                    count,
                    denominator,
                    per=per,
                    printed=printed.get(key),
                    places=None if key in printed else places,
                )
            elif key in printed:
                figure = Figure(label, printed=printed[key], per=per)
            else:
                continue
            figures.append((key, figure))
        return tuple(figures)

    def disagreements(self, caseload: int | None) -> list[Disagreement]:
        found = []
        for _key, figure in self.figures(caseload):
            problem = figure.disagreement()
            if problem:
                found.append(problem)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "roles": [role.as_dict() for role in self.roles],
            "vacancies": _json_number(self.vacancies),
            "leavers": self.leavers,
            "headcount": self.headcount,
            "sickness_days": _json_number(self.sickness_days),
            "printed": {key: str(value) for key, value in self.printed.items()},
            "source": self.source.as_dict() if self.source else None,
        }


# -- the profile ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A service's profile for a period: 004's "Contextual facts" (the area, the caseload,
    education and care status), "Key staffing data" and "Caseload characteristics"."""

    service: str
    period: str
    area: Area | None = None
    caseload: Caseload | None = None
    education_and_care: tuple[Figure, ...] = ()
    education_and_care_source: Source | None = None
    staffing: Staffing | None = None
    characteristics: tuple[Figure, ...] = ()
    characteristics_source: Source | None = None

    def staffing_figures(self) -> tuple[tuple[str, Figure], ...]:
        if self.staffing is None:
            return ()
        return self.staffing.figures(self.caseload.total if self.caseload else None)

    def disagreements(self) -> list[Disagreement]:
        """Every printed figure that is not what its counts give, and every total that does not
        add up, in the order of the report."""
        found: list[Disagreement] = []
        if self.area:
            found += self.area.disagreements()
        if self.caseload:
            found += self.caseload.disagreements()
        for figure in self.education_and_care:
            found += [p for p in [figure.disagreement()] if p]
        if self.staffing:
            found += self.staffing.disagreements(self.caseload.total if self.caseload else None)
        for figure in self.characteristics:
            found += [p for p in [figure.disagreement()] if p]
        return found

    def figures(self) -> list[tuple[str, Figure]]:
        """Every figure with the section it belongs to, as a check lists them (each with the
        source of its section when it names none of its own)."""
        listed: list[tuple[str, Figure]] = []
        if self.area:
            for item in self.area.figures:
                for name, figure in ((self.area.name, item.area), *item.comparators):
                    shown = _relabel(figure, f"{item.label} in {name}", item.source)
                    listed.append(("Youth justice information", shown))
        if self.caseload:
            for breakdown in self.caseload.breakdowns:
                source = breakdown.source or self.caseload.source
                for figure in breakdown.figures():
                    listed.append((breakdown.title, _relabel(figure, figure.label, source)))
        sections: list[tuple[str, Sequence[Figure], Source | None]] = [
            (
                "Education and child protection status",
                self.education_and_care,
                self.education_and_care_source,
            ),
            (
                "Key staffing data",
                [f for _k, f in self.staffing_figures()],
                self.staffing.source if self.staffing else None,
            ),
            ("Caseload characteristics", self.characteristics, self.characteristics_source),
        ]
        for title, figures, source in sections:
            listed += [(title, _relabel(figure, figure.label, source)) for figure in figures]
        return listed

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "period": self.period,
            "area": self.area.as_dict() if self.area else None,
            "caseload": self.caseload.as_dict() if self.caseload else None,
            "education_and_care": [f.as_dict() for f in self.education_and_care],
            "education_and_care_source": _source_dict(self.education_and_care_source),
            "staffing": self.staffing.as_dict() if self.staffing else None,
            "characteristics": [f.as_dict() for f in self.characteristics],
            "characteristics_source": _source_dict(self.characteristics_source),
        }


def _source_dict(source: Source | None) -> dict[str, str] | None:
    return source.as_dict() if source else None


def _relabel(figure: Figure, label: str, source: Source | None = None) -> Figure:
    return Figure(
        label,
        figure.count,
        figure.denominator,
        figure.per,
        figure.printed,
        figure.places,
        figure.source or source,
    )


class ProfileDisagrees(InputError):
    """A profile with printed figures that disagree with their counts: all of them in
    ``disagreements``; the message names the count and the first, with both figures."""

    def __init__(self, disagreements: Sequence[Disagreement], source: str = "the profile") -> None:
        self.disagreements = tuple(disagreements)
        count = len(self.disagreements)
        first = self.disagreements[0]
        if count == 1:
            message = f"{source} has a figure that disagrees with its count: {first}"
        else:
            message = (
                f"{source} has {count} figures that disagree with their counts; first: {first}"
            )
        super().__init__(message)


def refuse_disagreements(profile: Profile, source: str = "the profile") -> Profile:
    """The profile, if every printed figure agrees with its counts; else
    :class:`ProfileDisagrees` naming each with both figures."""
    found = profile.disagreements()
    if found:
        raise ProfileDisagrees(found, source)
    return profile


# -- disproportionality --------------------------------------------------------------------


@dataclass(frozen=True)
class RelativeRate:
    """One group's relative rate index: its caseload per 1,000 of its population aged 10-17,
    divided by the reference group's. Counts below :data:`SMALL_NUMBER` are suppressed, and so
    is any index resting on one."""

    dimension: str
    key: str
    label: str
    caseload: int
    population: int
    reference: str
    rate_per_1000: Decimal | None
    index: Decimal | None
    reference_label: str = ""
    reference_rate: Decimal | None = None

    @property
    def suppressed(self) -> bool:
        return self.index is None

    @property
    def caseload_shown(self) -> str:
        return "fewer than 5" if self.caseload < SMALL_NUMBER else format_number(self.caseload)

    @property
    def population_shown(self) -> str:
        return "fewer than 5" if self.population < SMALL_NUMBER else format_number(self.population)

    def explanation(self) -> str:
        if self.index is None:
            return "not calculated: fewer than 5 children behind it"
        if self.key == self.reference:
            return "the reference group (index 1.00)"
        return (
            f"{self.caseload:,} of {self.population:,} children is {self.rate_per_1000} per "
            f"1,000, against {self.reference_rate} per 1,000 for "
            f"{self.reference_label or 'the reference group'}"
        )

    def as_dict(self) -> dict[str, Any]:
        """Suppressed counts are left out of files too."""
        return {
            "dimension": self.dimension,
            "key": self.key,
            "label": self.label,
            "caseload": None if self.caseload < SMALL_NUMBER else self.caseload,
            "population": None if self.population < SMALL_NUMBER else self.population,
            "reference": self.reference,
            "rate_per_1000": None if self.rate_per_1000 is None else str(self.rate_per_1000),
            "index": None if self.index is None else str(self.index),
            "reference_rate_per_1000": (
                None if self.reference_rate is None else str(self.reference_rate)
            ),
            "suppressed": self.suppressed,
        }


def relative_rate_index(
    caseload: int, population: int, reference_caseload: int, reference_population: int
) -> Decimal | None:
    """(caseload / population) / (reference caseload / reference population), two decimals
    rounded half up; None when any of the four is below :data:`SMALL_NUMBER`."""
    if min(caseload, population, reference_caseload, reference_population) < SMALL_NUMBER:
        return None
    return rounded_half_up(
        Fraction(caseload, population) / Fraction(reference_caseload, reference_population), 2
    )


def disproportionality(
    caseload: Breakdown, population: Breakdown, reference: str | None = None
) -> tuple[RelativeRate, ...]:
    """Each group's relative rate index: the caseload's counts by a dimension (ethnicity,
    gender, age) against the area's population aged 10-17 by the same groups. The reference
    group is ``reference`` if given, else the group with the largest population (White in most
    areas of England and Wales). Groups without counts on both sides are left out."""
    pairs = []
    for group in caseload.groups:
        in_population = population.group(group.key)
        if group.count is None or in_population is None or in_population.count is None:
            continue
        pairs.append((group, in_population.count))
    if not pairs:
        return ()
    if reference is None:
        reference = max(pairs, key=lambda pair: pair[1])[0].key
    base = next((pair for pair in pairs if pair[0].key == reference), None)
    if base is None:
        raise InputError(f"the reference group {reference!r} has no counts on both sides")
    base_count, base_population = base[0].count or 0, base[1]
    base_rate = (
        rate(base_count, base_population, 1000, 2)
        if min(base_count, base_population) >= SMALL_NUMBER
        else None
    )
    rows = []
    for group, group_population in pairs:
        count = group.count or 0
        small = min(count, group_population) < SMALL_NUMBER
        rows.append(
            RelativeRate(
                dimension=caseload.dimension,
                key=group.key,
                label=group.label,
                caseload=count,
                population=group_population,
                reference=reference,
                rate_per_1000=None
                if small or group_population == 0
                else rate(count, group_population, 1000, 2),
                index=relative_rate_index(count, group_population, base_count, base_population),
                reference_label=base[0].label,
                reference_rate=base_rate,
            )
        )
    return tuple(rows)


def profile_disproportionality(profile: Profile) -> tuple[RelativeRate, ...]:
    """The index for every dimension the caseload and the area's population both break down."""
    if profile.caseload is None or profile.area is None:
        return ()
    rows: list[RelativeRate] = []
    for population in profile.area.population_groups:
        breakdown = profile.caseload.breakdown(population.dimension)
        if breakdown is not None:
            rows += disproportionality(breakdown, population)
    return tuple(rows)
