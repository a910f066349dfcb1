"""Reading a service's profile (:mod:`yjinspect.profile`) from data and files.

Two kinds of file, each bounded by :mod:`yjinspect.limits` before it is parsed:

- a profile (YAML or JSON): the shape :meth:`yjinspect.profile.Profile.as_dict` writes (also what
  the web stores). :func:`profile_from_dict` reads it all-or-nothing, every problem listed with
  where it is (``caseload.breakdowns[2].total``).
- printed figures (CSV or XLSX): a row per figure as a report prints it, with the columns
  ``measure, count, denominator, percent`` and optionally ``per``, ``section`` and ``source``
  (e.g. ``Caseload on community sentences,27,29,93``, 004's "27 (93%)"). ``percent`` is the
  printed figure (blank: computed); a rate per 100,000 is written with its ``denominator`` and
  ``per`` 100000 (``per`` is 100 when blank). All-or-nothing, every problem with its row.

:func:`check_profile_file` reads either and lists every figure computed and every printed
figure that disagrees with its counts, with its row (printed figures) or its section (profile).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yjinspect.errors import FileProblems, InputError, RowProblem
from yjinspect.limits import (
    DEFAULT_LIMITS,
    Limits,
    decode_text,
    load_structured,
    read_bytes,
    table_rows,
)
from yjinspect.profile import (
    MAX_FIGURE,
    MAX_PLACES,
    PERCENT,
    STAFFING_FIGURES,
    Area,
    AreaFigure,
    Breakdown,
    Caseload,
    Disagreement,
    Figure,
    Group,
    Number,
    Profile,
    RelativeRate,
    Role,
    Source,
    Staffing,
    places_of,
    profile_disproportionality,
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


WHOLE = f"a whole number from 0 to {MAX_FIGURE:,}"
NUMBER = f"a number from 0 to {MAX_FIGURE:,} (at most {MAX_PLACES} decimal places)"


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
            self.problem(_join(where, key), f"{value!r} is not {WHOLE}")
            return None
        return int(number)

    def decimal(self, data: Mapping[str, Any], key: str, where: str) -> Decimal | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        number = self._decimal(value)
        if number is None or number < 0:
            self.problem(_join(where, key), f"{value!r} is not {NUMBER}")
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
        """A number of 0 to :data:`MAX_FIGURE` with at most :data:`MAX_PLACES` decimals."""
        if isinstance(value, bool):
            return None
        if isinstance(value, str):
            return parse_figure(value)
        if isinstance(value, int | Decimal):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(str(value)) if math.isfinite(value) else Decimal(-1)
        else:
            number = Decimal(-1)
        if number.is_finite() and 0 <= number <= MAX_FIGURE and places_of(number) <= MAX_PLACES:
            return number
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
    if not _FIGURE.match(cleaned):
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    return number if number <= MAX_FIGURE else None


_FIGURE = re.compile(rf"^\d{{1,13}}(?:\.\d{{1,{MAX_PLACES}}})?$")
"""Digits (commas grouping thousands removed), at most 13 before the point and 6 after."""


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


# -- printed figures (CSV, XLSX) -----------------------------------------------------------

PRINTED_COLUMNS = ("measure", "count", "denominator", "percent")
OPTIONAL_COLUMNS = ("per", "section", "source")
STRUCTURED = (".yaml", ".yml", ".json")
TABULAR = (".csv", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class PrintedFigure:
    """One row of a file of printed figures: the figure it describes and its row."""

    row: int
    section: str
    figure: Figure


@dataclass(frozen=True)
class CheckedFigure:
    """A figure as a check lists it: where it is (a row, or the profile's section)."""

    where: str
    row: int | None
    section: str
    figure: Figure

    def as_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "row": self.row,
            "section": self.section,
            **self.figure.explained(),
        }


@dataclass(frozen=True)
class CheckedDisagreement:
    """A printed figure that disagrees with its counts, and where it is."""

    where: str
    row: int | None
    disagreement: Disagreement

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "row": self.row, **self.disagreement.as_dict()}


@dataclass(frozen=True)
class ProfileCheck:
    """What :func:`check_profile_file` found: every figure, every disagreement."""

    source: str
    kind: str  # "profile" or "printed figures"
    figures: tuple[CheckedFigure, ...]
    disagreements: tuple[CheckedDisagreement, ...]
    disproportionality: tuple[RelativeRate, ...] = ()

    @property
    def agrees(self) -> bool:
        return not self.disagreements

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "agrees": self.agrees,
            "figures": [figure.as_dict() for figure in self.figures],
            "disagreements": [d.as_dict() for d in self.disagreements],
            "disproportionality": [row.as_dict() for row in self.disproportionality],
        }


def _heading_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().casefold())


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _printed_columns(headings: Sequence[str], source: str) -> dict[str, int]:
    found: dict[str, int] = {}
    problems = []
    for index, heading in enumerate(headings):
        key = _heading_key(heading)
        if not key:
            continue
        if key not in PRINTED_COLUMNS + OPTIONAL_COLUMNS:
            allowed = ", ".join(PRINTED_COLUMNS + OPTIONAL_COLUMNS)
            problems.append(
                RowProblem(1, heading.strip(), f"is not a column (the columns are {allowed})")
            )
        elif key in found:
            problems.append(RowProblem(1, heading.strip(), "is a column twice"))
        else:
            found[key] = index
    for name in PRINTED_COLUMNS:
        if name not in found:
            problems.append(
                RowProblem(
                    1,
                    "",
                    f"no column {name} (the columns are "
                    f"{', '.join(PRINTED_COLUMNS)}, then optionally "
                    f"{', '.join(OPTIONAL_COLUMNS)})",
                )
            )
    if problems:
        raise FileProblems(problems, source)
    return found


def _printed_number(
    text: str, row: int, column: str, problems: list[RowProblem], whole: bool = False
) -> Number | None:
    if not text:
        return None
    number = parse_figure(text)
    if number is None or (whole and number != number.to_integral_value()):
        problems.append(RowProblem(row, column, f"{text!r} is not {WHOLE if whole else NUMBER}"))
        return None
    if number == number.to_integral_value() and "." not in text:
        return int(number)
    return number


def parse_printed_figures(
    rows: Sequence[Sequence[str]], source: str = "the figures"
) -> tuple[PrintedFigure, ...]:
    """Printed figures from a table's rows (the first row the headings). All-or-nothing:
    every problem (a missing or unknown column, a figure that is not a number, a count
    without its denominator, a measure listed twice in a section) with its row, in
    :class:`yjinspect.errors.FileProblems`. Disagreements are not problems: the figures carry
    them."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(f"{source} has no headings (the first row names the columns)")
    headings = [cell.strip() for cell in rows[0]]
    columns = _printed_columns(headings, source)
    problems: list[RowProblem] = []
    figures: list[PrintedFigure] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        figure = _printed_row(number, cells, columns, headings, problems)
        if figure is None:
            continue
        key = (figure.section.casefold(), figure.figure.label.casefold())
        if key in seen:
            heading = headings[columns["measure"]]
            problems.append(
                RowProblem(number, heading, f"{figure.figure.label!r} is also on row {seen[key]}")
            )
            continue
        seen[key] = number
        figures.append(figure)
    if problems:
        raise FileProblems(problems, source)
    if not figures:
        raise InputError(f"{source} has no figures (a row per figure after the headings)")
    return tuple(figures)


def _printed_row(
    number: int,
    cells: Sequence[str],
    columns: Mapping[str, int],
    headings: Sequence[str],
    problems: list[RowProblem],
) -> PrintedFigure | None:
    def heading(name: str) -> str:
        return headings[columns[name]]

    before = len(problems)
    measure = _cell(cells, columns["measure"])
    if not measure:
        problems.append(RowProblem(number, heading("measure"), "is blank: name the figure"))
    count = _printed_number(_cell(cells, columns["count"]), number, heading("count"), problems)
    denominator = _printed_number(
        _cell(cells, columns["denominator"]), number, heading("denominator"), problems
    )
    printed = _printed_number(
        _cell(cells, columns["percent"]), number, heading("percent"), problems
    )
    per_text = _cell(cells, columns.get("per"))
    per = _printed_number(
        per_text, number, heading("per") if "per" in columns else "per", problems, whole=True
    )
    if len(problems) > before:
        return None
    try:
        figure = Figure(
            measure,
            count,
            denominator,
            int(per) if per else PERCENT,
            Decimal(printed) if printed is not None else None,
            source=Source(_cell(cells, columns.get("source")))
            if _cell(cells, columns.get("source"))
            else None,
        )
    except InputError as exc:
        problems.append(RowProblem(number, "", str(exc).removeprefix(f"{measure}: ")))
        return None
    return PrintedFigure(number, _cell(cells, columns.get("section")), figure)


def read_table(name: str, content: bytes, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The rows of a CSV (UTF-8) or XLSX file's first sheet, as text, within ``limits``."""
    return table_rows(name, content, limits, "printed figures are")


def parse_profile(name: str, content: bytes, limits: Limits = DEFAULT_LIMITS) -> Profile:
    """A profile file's content (YAML or JSON), bounded before it is parsed."""
    if Path(name).suffix.lower() not in STRUCTURED:
        raise InputError(f"{name}: a profile is a .yaml, .yml or .json file")
    data = load_structured(decode_text(content, name), name, limits=limits)
    return profile_from_dict(data, name)


def read_profile(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Profile:
    """A profile file (YAML or JSON)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"cannot read {path.name}: no such file")
    return parse_profile(path.name, read_bytes(path, limits), limits)


def parse_printed_figures_file(
    name: str, content: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[PrintedFigure, ...]:
    """A file of printed figures' content (CSV or XLSX), bounded before it is parsed."""
    return parse_printed_figures(read_table(name, content, limits), name)


def check_content(name: str, content: bytes, limits: Limits = DEFAULT_LIMITS) -> ProfileCheck:
    """Check a profile (YAML, JSON) or printed figures (CSV, XLSX): every figure computed from
    its counts, and every printed figure that disagrees with them."""
    suffix = Path(name).suffix.lower()
    if suffix in TABULAR:
        printed = parse_printed_figures_file(name, content, limits)
        figures = tuple(
            CheckedFigure(f"row {item.row}", item.row, item.section, item.figure)
            for item in printed
        )
        disagreements = tuple(
            CheckedDisagreement(f"row {item.row}", item.row, problem)
            for item in printed
            if (problem := item.figure.disagreement()) is not None
        )
        return ProfileCheck(name, "printed figures", figures, disagreements)
    if suffix in STRUCTURED:
        profile = parse_profile(name, content, limits)
        return ProfileCheck(
            name,
            "profile",
            tuple(
                CheckedFigure(section, None, section, figure)
                for section, figure in profile.figures()
            ),
            tuple(CheckedDisagreement(d.where, None, d) for d in profile.disagreements()),
            profile_disproportionality(profile),
        )
    raise InputError(
        f"{name}: a profile is a .yaml, .yml or .json file; printed figures a .csv or .xlsx file"
    )


def check_profile_file(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> ProfileCheck:
    """:func:`check_content` of a file on disk."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"cannot read {path.name}: no such file")
    return check_content(path.name, read_bytes(path, limits), limits)
