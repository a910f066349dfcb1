"""Reading a service's profile (:mod:`yjinspect.profile`) from data and files.

The data is the shape :meth:`yjinspect.profile.Profile.as_dict` writes (a YAML or JSON file, or
what the web stores); :func:`profile_from_dict` reads it all-or-nothing, every problem listed
with where it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from yjinspect.errors import InputError
from yjinspect.profile import (
    PERCENT,
    STAFFING_FIGURES,
    Area,
    AreaFigure,
    Breakdown,
    Caseload,
    Figure,
    Group,
    Number,
    Profile,
    Role,
    Source,
    Staffing,
)

# -- reading a profile from data (YAML, JSON, stored) --------------------------------------


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with a structured profile: where (``caseload.breakdowns[2].total``) and
    what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ProfileProblems(InputError):
    """A profile that cannot be read: every problem in ``problems``; the message is one line
    with the count and the first."""

    def __init__(self, problems: Sequence[FieldProblem], source: str = "the profile") -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        if count == 1:
            message = f"{source} has 1 problem: {self.problems[0]}"
        else:
            message = f"{source} has {count} problems; first: {self.problems[0]}"
        super().__init__(message)


class _Reader:
    """Reads the nested data of a profile, collecting every problem with where it is."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(FieldProblem(where, message))

    def mapping(self, value: object, where: str, allowed: Sequence[str]) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problem(where, "should be a mapping of names to values")
            return {}
        for key in value:
            if str(key) not in allowed:
                self.problem(
                    _join(where, str(key)),
                    f"is not a field here (the fields are {', '.join(allowed)})",
                )
        return {str(k): v for k, v in value.items() if str(k) in allowed}

    def items(self, value: object, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, "should be a list")
            return []
        return value

    def text(self, data: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(_join(where, key), "is required")
            return ""
        if isinstance(value, bool | list | dict):
            self.problem(_join(where, key), "should be text")
            return ""
        return str(value).strip()

    def whole(self, data: Mapping[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        number = self._decimal(value)
        if number is None or number != number.to_integral_value() or number < 0:
            self.problem(_join(where, key), f"{value!r} is not a whole number of 0 or more")
            return None
        return int(number)

    def decimal(self, data: Mapping[str, Any], key: str, where: str) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        number = self._decimal(value)
        if number is None or number < 0:
            self.problem(_join(where, key), f"{value!r} is not a number of 0 or more")
            return None
        return number

    def number(self, data: Mapping[str, Any], key: str, where: str) -> Number | None:
        number = self.decimal(data, key, where)
        if number is None:
            return None
        return (
            int(number)
            if number == number.to_integral_value() and "." not in str(data.get(key))
            else number
        )

    @staticmethod
    def _decimal(value: object) -> Decimal | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(str(value)) if math.isfinite(value) else None
        if isinstance(value, str):
            return parse_figure(value)
        return None

    def source(self, value: object, where: str) -> Source | None:
        if value is None:
            return None
        if isinstance(value, str):
            return Source(value.strip()) if value.strip() else None
        data = self.mapping(value, where, ("title", "period", "publisher", "published"))
        title = self.text(data, "title", where, required=True)
        if not title:
            return None
        return Source(
            title,
            self.text(data, "period", where),
            self.text(data, "publisher", where),
            self.text(data, "published", where),
        )

    def build(self, since: int, where: str, make: Callable[[], Any]) -> Any:
        """Construct a value, turning the constructor's refusal into a problem here; nothing
        when its parts already had problems (counted from ``since``), so none is told twice."""
        if len(self.problems) > since:
            return None
        try:
            return make()
        except InputError as exc:
            self.problem(where, str(exc))
            return None


def parse_figure(text: str) -> Decimal | None:
    """A figure as printed: ``93``, ``93%``, ``12,494``, ``12.36``; None if it is none of these."""
    cleaned = text.strip().removesuffix("%").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


_FIGURE_FIELDS = ("label", "count", "denominator", "per", "printed", "places", "source")


def _figure(reader: _Reader, value: object, where: str, label: str = "") -> Figure | None:
    since = len(reader.problems)
    data = reader.mapping(value, where, _FIGURE_FIELDS)
    if not data and not isinstance(value, Mapping):
        return None
    name = reader.text(data, "label", where, required=not label) or label
    per = reader.whole(data, "per", where)
    places = reader.whole(data, "places", where)
    count = reader.number(data, "count", where)
    denominator = reader.number(data, "denominator", where)
    printed = reader.decimal(data, "printed", where)
    source = reader.source(data.get("source"), _join(where, "source"))
    if not name:
        return None
    figure: Figure | None = reader.build(
        since,
        where,
        lambda: Figure(name, count, denominator, per or PERCENT, printed, places, source),
    )
    return figure


def _group(reader: _Reader, value: object, where: str) -> Group | None:
    since = len(reader.problems)
    data = reader.mapping(value, where, ("key", "label", "count", "printed", "comparator"))
    label = reader.text(data, "label", where, required=True)
    key = reader.text(data, "key", where) or label.casefold()
    count = reader.whole(data, "count", where)
    printed = reader.decimal(data, "printed", where)
    comparator = reader.decimal(data, "comparator", where)
    if not label:
        return None
    group: Group | None = reader.build(
        since, where, lambda: Group(key, label, count, printed, comparator)
    )
    return group


_BREAKDOWN_FIELDS = ("dimension", "title", "total", "of", "comparator_name", "source", "groups")


def _breakdown(reader: _Reader, value: object, where: str) -> Breakdown | None:
    since = len(reader.problems)
    data = reader.mapping(value, where, _BREAKDOWN_FIELDS)
    title = reader.text(data, "title", where, required=True)
    dimension = reader.text(data, "dimension", where, required=True)
    total = reader.whole(data, "total", where)
    groups_where = _join(where, "groups")
    raw_groups = reader.items(data.get("groups"), groups_where)
    if not raw_groups:
        reader.problem(groups_where, "a breakdown needs at least one group")
    groups = [_group(reader, g, f"{groups_where}[{n}]") for n, g in enumerate(raw_groups, 1)]
    source = reader.source(data.get("source"), _join(where, "source"))
    if not title or not dimension or any(group is None for group in groups):
        return None
    breakdown: Breakdown | None = reader.build(
        since,
        where,
        lambda: Breakdown(
            dimension,
            title,
            tuple(g for g in groups if g is not None),
            total,
            reader.text(data, "of", where),
            reader.text(data, "comparator_name", where),
            source,
        ),
    )
    return breakdown


def _area(reader: _Reader, value: object, where: str) -> Area | None:
    since = len(reader.problems)
    data = reader.mapping(
        value,
        where,
        (
            "name",
            "population",
            "population_10_17",
            "population_source",
            "population_groups",
            "figures",
        ),
    )
    name = reader.text(data, "name", where, required=True)
    figures = []
    figures_where = _join(where, "figures")
    for number, item in enumerate(reader.items(data.get("figures"), figures_where), 1):
        here = f"{figures_where}[{number}]"
        fields = reader.mapping(item, here, ("key", "label", "area", "comparators", "source"))
        label = reader.text(fields, "label", here, required=True)
        key = reader.text(fields, "key", here) or label.casefold()
        area_figure = _figure(reader, fields.get("area"), _join(here, "area"), label)
        comparators = []
        comparators_where = _join(here, "comparators")
        for index, raw in enumerate(reader.items(fields.get("comparators"), comparators_where), 1):
            spot = f"{comparators_where}[{index}]"
            if not isinstance(raw, Mapping):
                reader.problem(spot, "should be a mapping of names to values")
                continue
            name_of = reader.text(raw, "name", spot, required=True)
            rest = {k: v for k, v in raw.items() if k != "name"}
            comparator = _figure(reader, rest, spot, label)
            if name_of and comparator:
                comparators.append((name_of, comparator))
        if area_figure is None and "area" not in fields:
            reader.problem(_join(here, "area"), "is required")
        source = reader.source(fields.get("source"), _join(here, "source"))
        if label and area_figure is not None:
            figures.append(AreaFigure(key, label, area_figure, tuple(comparators), source))
    groups_where = _join(where, "population_groups")
    groups = [
        _breakdown(reader, item, f"{groups_where}[{n}]")
        for n, item in enumerate(reader.items(data.get("population_groups"), groups_where), 1)
    ]
    population = reader.whole(data, "population", where)
    youth = reader.whole(data, "population_10_17", where)
    source = reader.source(data.get("population_source"), _join(where, "population_source"))
    if not name:
        return None
    area: Area | None = reader.build(
        since,
        where,
        lambda: Area(
            name,
            population,
            youth,
            source,
            tuple(g for g in groups if g is not None),
            tuple(figures),
        ),
    )
    return area


def _date(reader: _Reader, value: object, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        reader.problem(where, f"{value!r} is not a date (write it as 2021-05-04)")
        return None


def _caseload(reader: _Reader, value: object, where: str) -> Caseload | None:
    since = len(reader.problems)
    data = reader.mapping(value, where, ("at", "total", "source", "breakdowns"))
    at = _date(reader, data.get("at"), _join(where, "at"))
    total = reader.whole(data, "total", where)
    source = reader.source(data.get("source"), _join(where, "source"))
    breakdowns_where = _join(where, "breakdowns")
    breakdowns = [
        _breakdown(reader, item, f"{breakdowns_where}[{n}]")
        for n, item in enumerate(reader.items(data.get("breakdowns"), breakdowns_where), 1)
    ]
    caseload: Caseload | None = reader.build(
        since,
        where,
        lambda: Caseload(at, total, tuple(b for b in breakdowns if b is not None), source),
    )
    if caseload is not None:
        for message in caseload.problems():
            reader.problem(breakdowns_where, message)
    return caseload


def _staffing(reader: _Reader, value: object, where: str) -> Staffing | None:
    since = len(reader.problems)
    data = reader.mapping(
        value,
        where,
        ("roles", "vacancies", "leavers", "headcount", "sickness_days", "printed", "source"),
    )
    roles = []
    roles_where = _join(where, "roles")
    for number, item in enumerate(reader.items(data.get("roles"), roles_where), 1):
        here = f"{roles_where}[{number}]"
        fields = reader.mapping(item, here, ("label", "fte", "headcount", "case_manager"))
        label = reader.text(fields, "label", here, required=True)
        fte = reader.decimal(fields, "fte", here)
        if fte is None and "fte" not in fields:
            reader.problem(_join(here, "fte"), "is required")
        case_manager = fields.get("case_manager", False)
        if not isinstance(case_manager, bool):
            reader.problem(_join(here, "case_manager"), "should be true or false")
            case_manager = False
        headcount = reader.whole(fields, "headcount", here)
        if label and fte is not None:
            roles.append(Role(label, fte, headcount, case_manager))
    printed_where = _join(where, "printed")
    printed_data = reader.mapping(data.get("printed"), printed_where, tuple(STAFFING_FIGURES))
    printed = {
        key: figure
        for key in printed_data
        if (figure := reader.decimal(printed_data, key, printed_where)) is not None
    }
    staffing: Staffing | None = reader.build(
        since,
        where,
        lambda: Staffing(
            tuple(roles),
            reader.decimal(data, "vacancies", where),
            reader.whole(data, "leavers", where),
            reader.whole(data, "headcount", where),
            reader.decimal(data, "sickness_days", where),
            printed,
            reader.source(data.get("source"), _join(where, "source")),
        ),
    )
    return staffing


PROFILE_FIELDS = (
    "service",
    "period",
    "area",
    "caseload",
    "education_and_care",
    "education_and_care_source",
    "staffing",
    "characteristics",
    "characteristics_source",
)


def profile_from_dict(data: object, source: str = "the profile") -> Profile:
    """A profile from its data (a YAML or JSON file's, or stored): the shape :meth:`Profile.
    as_dict` writes. All-or-nothing: every problem is collected with where it is, and
    :class:`ProfileProblems` raised with all of them. Printed figures that disagree with their
    counts are not problems here (:meth:`Profile.disagreements` lists them;
    :func:`refuse_disagreements` refuses them)."""
    reader = _Reader()
    if not isinstance(data, Mapping):
        raise InputError(f"{source} is not a profile: it should be a mapping with a service")
    fields = reader.mapping(data, "", PROFILE_FIELDS)
    service = reader.text(fields, "service", "", required=True)
    period = reader.text(fields, "period", "", required=True)
    area = _area(reader, fields["area"], "area") if fields.get("area") is not None else None
    caseload = (
        _caseload(reader, fields["caseload"], "caseload")
        if fields.get("caseload") is not None
        else None
    )
    lists = {}
    for key in ("education_and_care", "characteristics"):
        items = reader.items(fields.get(key), key)
        lists[key] = [_figure(reader, item, f"{key}[{n}]") for n, item in enumerate(items, 1)]
    staffing = (
        _staffing(reader, fields["staffing"], "staffing")
        if fields.get("staffing") is not None
        else None
    )
    education_source = reader.source(
        fields.get("education_and_care_source"), "education_and_care_source"
    )
    characteristics_source = reader.source(
        fields.get("characteristics_source"), "characteristics_source"
    )
    if reader.problems:
        raise ProfileProblems(reader.problems, source)
    return Profile(
        service,
        period,
        area,
        caseload,
        tuple(f for f in lists["education_and_care"] if f is not None),
        education_source,
        staffing,
        tuple(f for f in lists["characteristics"] if f is not None),
        characteristics_source,
    )
