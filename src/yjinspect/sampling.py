"""Choosing the cases an inspection examines (004, Annexe 1: Methodology).

004, Annexe 1, domains two and three: 60 per cent of the cases selected were court disposals that
started six to nine months before the fieldwork and 40 per cent out-of-court disposals that
started two to five months before; "the sample size was set to achieve a confidence level of 80
per cent (with a margin of error of five), and we ensured that the ratios in relation to gender,
sentence or disposal type, risk of serious harm, and risk to safety and wellbeing classifications
matched those in the eligible population".

The steps, one function each:

1. :func:`read_population` reads a service's list of cases (CSV or XLSX) and refuses it, with
   every problem listed (:class:`PopulationError`), rather than guess;
2. :func:`eligible` keeps the cases whose start date lies in their case type's window;
3. :func:`sample_size` sizes the sample, :func:`allocate_sizes` splits it court/out-of-court;
4. :func:`select` picks a sample balanced on the population's categories and orders the
   reserves; :func:`replace_case` swaps one case for the best reserve;
5. :func:`balance_report` compares the sample's shares with the population's;
6. :func:`plan` ties them together (:meth:`SamplingPlan.to_dict` for programs).

Nothing is random without a seed: the same population and seed give the same sample, whatever
the order of the rows.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from statistics import NormalDist
from typing import Any

from yjinspect.cases import ETHNICITIES, GENDERS, valid_case_reference
from yjinspect.errors import FileProblems, InputError, RowProblem
from yjinspect.framework import (
    RISK_LEVELS,
    Framework,
    SamplingPool,
    SamplingRules,
    load_framework,
)
from yjinspect.limits import (
    DEFAULT_LIMITS,
    Limits,
    read_bytes,
    table_rows,
)

COLUMNS = (
    "case_ref",
    "case_type",
    "disposal",
    "start_date",
    "gender",
    "ethnicity",
    "rosh",
    "safety_wellbeing",
)
"""The columns a population file must have (any other column is kept for display)."""

CASE_TYPES = ("court", "out_of_court")
"""The case types a plan splits the sample between (004, Annexe 1: domains two and three)."""

BALANCE_ATTRIBUTES = ("gender", "disposal", "rosh", "safety_wellbeing")
"""What the sample's ratios must match the eligible population's on (004, Annexe 1)."""

_ATTRIBUTES = ("case_type", "disposal", "gender", "ethnicity", "rosh", "safety_wellbeing")
_CATEGORY_ORDER: dict[str, tuple[str, ...]] = {
    "case_type": CASE_TYPES,
    "gender": GENDERS,
    "ethnicity": ETHNICITIES,
    "rosh": RISK_LEVELS,
    "safety_wellbeing": RISK_LEVELS,
}
_SEARCH_CAP = 10_000
"""At most this many improving swaps per start (in practice a handful are made)."""
_STARTS = 20
"""Seeded random orders the construction and local search start from, per case type."""


# -- the population ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PopulationCase:
    """One case of the population a sample is drawn from: a reference, never a name."""

    case_ref: str
    case_type: str
    disposal: str
    start_date: date
    gender: str
    ethnicity: str
    rosh: str
    safety_wellbeing: str
    extra: tuple[tuple[str, str], ...] = ()
    """The file's other columns, (heading, value), kept for display only."""

    def attribute(self, name: str) -> str:
        """The case's category on ``name`` (one of case_type, disposal, gender, ethnicity,
        rosh, safety_wellbeing)."""
        if name not in _ATTRIBUTES:
            raise InputError(f"cannot balance on {name!r}: use {', '.join(_ATTRIBUTES)}")
        return str(getattr(self, name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_ref": self.case_ref,
            "case_type": self.case_type,
            "disposal": self.disposal,
            "start_date": self.start_date.isoformat(),
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "rosh": self.rosh,
            "safety_wellbeing": self.safety_wellbeing,
            "extra": dict(self.extra),
        }


PopulationProblem = RowProblem
"""One thing wrong with a population file (row, column, what)."""


class PopulationError(FileProblems):
    """A population file with problems: all of them in ``problems``."""

    def __init__(
        self, problems: Sequence[PopulationProblem], source: str = "the population file"
    ) -> None:
        super().__init__(problems, source)


def _norm(text: str) -> str:
    """Values compare without case, and with spaces, '_' and '-' alike."""
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    values: tuple[str, ...]
    lookup: Mapping[str, str]

    @classmethod
    def of(cls, values: Sequence[str], names: Mapping[str, str] | None = None) -> _Vocabulary:
        lookup = {_norm(value): value for value in values}
        for name, value in (names or {}).items():
            lookup.setdefault(_norm(name), value)
        return cls(tuple(values), lookup)

    def parse(self, text: str) -> tuple[str, str | None]:
        found = self.lookup.get(_norm(text))
        if found is None:
            return "", f"{_shown(text)} is not one of {', '.join(self.values)}"
        return found, None


def _vocabularies(framework: Framework) -> dict[str, _Vocabulary]:
    found = {
        "case_type": _Vocabulary.of([c.id for c in framework.case_types]),
        "gender": _Vocabulary.of(GENDERS),
        "ethnicity": _Vocabulary.of(ETHNICITIES),
        "rosh": _Vocabulary.of(RISK_LEVELS),
        "safety_wellbeing": _Vocabulary.of(RISK_LEVELS),
        "disposal": _Vocabulary.of(
            [d.id for c in framework.case_types for d in c.disposals],
            {d.name: d.id for c in framework.case_types for d in c.disposals},
        ),
    }
    for case_type in framework.case_types:
        found[f"disposal:{case_type.id}"] = _Vocabulary.of(
            [d.id for d in case_type.disposals], {d.name: d.id for d in case_type.disposals}
        )
    return found


def _parse_date(text: str) -> tuple[date | None, str | None]:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text), None
        except ValueError:
            return None, f"{_shown(text)} is not a real date"
    return None, f"{_shown(text)} is not a date written YYYY-MM-DD"


def _parse_value(
    column: str, text: str, parsed: Mapping[str, object], vocabularies: Mapping[str, _Vocabulary]
) -> tuple[object, str | None]:
    if column == "case_ref":
        if valid_case_reference(text):
            return text, None
        return None, (
            f"{_shown(text)} is not a case reference (letters, digits, '-', '/' or '_', "
            "with at least one digit; never a name)"
        )
    if column == "start_date":
        return _parse_date(text)
    if column == "disposal" and f"disposal:{parsed.get('case_type')}" in vocabularies:
        value, message = vocabularies[f"disposal:{parsed['case_type']}"].parse(text)
        if message:
            message = f"{message} (the {parsed['case_type']} disposals)"
        return value, message
    return vocabularies[column].parse(text)


@dataclass(frozen=True, slots=True)
class _Columns:
    positions: Mapping[str, int]
    headings: Mapping[str, str]
    extra: tuple[tuple[str, int], ...]


def _resolve_columns(
    header: Sequence[str], mapping: Mapping[str, str], optional: Iterable[str] = ()
) -> tuple[_Columns, list[PopulationProblem]]:
    """Where each of our columns is, by its heading (``mapping`` names the file's own)."""
    problems: list[PopulationProblem] = []
    by_heading: dict[str, list[int]] = {}
    for index, heading in enumerate(header):
        if heading.strip():
            by_heading.setdefault(_norm(heading), []).append(index)
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    for column in COLUMNS:
        heading = mapping.get(column, column)
        found = by_heading.get(_norm(heading), [])
        headings[column] = heading
        mapped = f" (for {column})" if heading != column else ""
        if not found and column in optional:
            continue  # needed only by the rows whose pool holds it (checked row by row)
        if not found:
            problems.append(PopulationProblem(1, heading, f"missing column {heading!r}{mapped}"))
        elif len(found) > 1:
            problems.append(PopulationProblem(1, heading, f"column {heading!r} appears twice"))
        else:
            positions[column] = found[0]
    used = set(positions.values())
    extra = tuple(
        (heading.strip(), index)
        for index, heading in enumerate(header)
        if heading.strip() and index not in used
    )
    return _Columns(positions, headings, extra), problems


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


@dataclass(frozen=True, slots=True)
class _Needs:
    """What a row of each case type must hold (its pool's fields), and the value a field it
    need not hold takes: the case type's disposal when it has only one, else ''."""

    fields: Mapping[str, frozenset[str]]
    defaults: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, framework: Framework) -> _Needs:
        every = frozenset(COLUMNS)
        fields: dict[str, frozenset[str]] = {}
        if framework.sampling is not None:
            for pool in framework.sampling.pools:
                for case_type in pool.case_types:
                    fields[case_type] = frozenset(
                        ("case_ref", "case_type", "start_date", *pool.fields)
                    )
        defaults = {
            c.id: {"disposal": c.disposals[0].id if len(c.disposals) == 1 else ""}
            for c in framework.case_types
        }
        return cls({c.id: fields.get(c.id, every) for c in framework.case_types}, defaults)

    @property
    def optional(self) -> frozenset[str]:
        """Columns some case type need not hold."""
        held = [fields for fields in self.fields.values()]
        return frozenset(COLUMNS) - frozenset.intersection(*held) if held else frozenset()


def _parse_row(
    number: int,
    cells: Sequence[str],
    columns: _Columns,
    vocabularies: Mapping[str, _Vocabulary],
    needs: _Needs,
    missing: set[str],
) -> tuple[PopulationCase | None, list[PopulationProblem]]:
    """One row; a column the row's pool needs but the file lacks goes into ``missing``."""
    problems: list[PopulationProblem] = []
    parsed: dict[str, Any] = {}
    for column in COLUMNS:
        index = columns.positions.get(column)
        text = _cell(cells, index) if index is not None else ""
        heading = columns.headings[column]
        needed = needs.fields.get(str(parsed.get("case_type", "")), frozenset(COLUMNS))
        if not text:
            if column not in needed:
                parsed[column] = needs.defaults.get(str(parsed.get("case_type")), {}).get(
                    column, ""
                )
            elif index is None:
                missing.add(column)
            else:
                problems.append(PopulationProblem(number, heading, "the cell is empty"))
            continue
        value, message = _parse_value(column, text, parsed, vocabularies)
        if message is not None:
            problems.append(PopulationProblem(number, heading, message))
        else:
            parsed[column] = value
    if problems or len(parsed) != len(COLUMNS):
        return None, problems
    extra = tuple((heading, _cell(cells, index)) for heading, index in columns.extra)
    return PopulationCase(**parsed, extra=extra), problems


def _duplicates(
    rows: Sequence[tuple[int, Sequence[str]]], columns: _Columns
) -> list[PopulationProblem]:
    """A reference on two rows, both named (checked on every row with a valid reference)."""
    if "case_ref" not in columns.positions:
        return []
    first: dict[str, int] = {}
    problems = []
    for number, cells in rows:
        reference = _cell(cells, columns.positions["case_ref"])
        if not valid_case_reference(reference):
            continue
        key = reference.casefold()
        if key in first:
            message = f"{reference} is on row {first[key]} and row {number}: give each case once"
            problems.append(PopulationProblem(number, columns.headings["case_ref"], message))
        else:
            first[key] = number
    return problems


def _read_rows(data: bytes, name: str, limits: Limits) -> list[list[str]]:
    return table_rows(name, data, limits, "a population is")


def read_population(
    path: Path | str,
    mapping: Mapping[str, str] | None = None,
    framework_id: str = "iyjs-2018",
    limits: Limits = DEFAULT_LIMITS,
) -> list[PopulationCase]:
    """The cases of a population file; see :func:`parse_population`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise InputError(f"{path.name}: a population is a .csv or .xlsx file")
    return parse_population(read_bytes(path, limits), path.name, mapping, framework_id, limits)


def parse_population(
    data: bytes,
    name: str,
    mapping: Mapping[str, str] | None = None,
    framework_id: str = "iyjs-2018",
    limits: Limits = DEFAULT_LIMITS,
) -> list[PopulationCase]:
    """The cases of a population file (CSV in UTF-8, or the first sheet of an XLSX workbook).

    Columns ``case_ref, case_type, disposal, start_date, gender, ethnicity, rosh,
    safety_wellbeing`` (004, Annexe 1 balances on gender, disposal and the two risk
    classifications); ``mapping`` maps our column names to the file's headings, e.g.
    ``{"case_ref": "Case ID"}``. Headings and values compare without case, with spaces, '_'
    and '-' alike; dates are written YYYY-MM-DD (or are date cells). Other columns are kept
    in ``extra``. Every problem is collected; if there is any, :class:`PopulationError` is raised
    with all of them and nothing is returned. The file (``name`` says CSV or XLSX) is bounded
    by ``limits`` before it is parsed.
    """
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(COLUMNS))
    if unknown:
        raise InputError(f"cannot map {', '.join(unknown)}: the columns are {', '.join(COLUMNS)}")
    framework = load_framework(framework_id)
    vocabularies = _vocabularies(framework)
    needs = _Needs.of(framework)
    rows = _read_rows(data, name, limits)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(f"{name} has no headings (the first row names the columns)")
    columns, problems = _resolve_columns(rows[0], mapping, needs.optional)
    parsed: list[PopulationCase] = []
    filled = [
        (n, cells) for n, cells in enumerate(rows[1:], start=2) if any(c.strip() for c in cells)
    ]
    missing: set[str] = set()
    for number, cells in filled:
        case, found = _parse_row(number, cells, columns, vocabularies, needs, missing)
        problems += found
        if case is not None:
            parsed.append(case)
    for column in sorted(missing & needs.optional, key=COLUMNS.index):  # the rest: above
        heading = columns.headings[column]
        mapped = f" (for {column})" if heading != column else ""
        problems.append(PopulationProblem(1, heading, f"missing column {heading!r}{mapped}"))
    problems += _duplicates(filled, columns)
    if problems:
        raise PopulationError(sorted(problems, key=lambda p: p.row), name)
    if not parsed:
        raise InputError(f"{name} has no cases")
    return parsed


def parse_mapping(values: Iterable[str]) -> dict[str, str]:
    """``OURS=THEIRS`` pairs (e.g. ``case_ref=Case ID``) naming the file's headings."""
    mapping: dict[str, str] = {}
    for value in values:
        ours, sep, theirs = (part.strip() for part in value.partition("="))
        if not sep or not ours or not theirs:
            raise InputError(f"--map {value!r} is not OURS=THEIRS (e.g. 'case_ref=Case ID')")
        if ours not in COLUMNS:
            raise InputError(f"--map {value!r}: {ours!r} is not one of {', '.join(COLUMNS)}")
        if ours in mapping:
            raise InputError(f"--map names {ours} twice")
        mapping[ours] = theirs
    return mapping


def parse_day(text: str, what: str) -> date:
    """A date written YYYY-MM-DD, or an :class:`InputError` naming ``what`` it was for."""
    day, message = _parse_date(text.strip())
    if day is None:
        raise InputError(f"{what}: {message}")
    return day


# -- eligibility ---------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the end of a shorter month
    (31 August minus 6 months is 28 or 29 February)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last = (following - date(year, month, 1)).days
    return date(year, month, min(day.day, last))


@dataclass(frozen=True, slots=True)
class EligibilityWindow:
    """Cases that started ``months_from`` to ``months_to`` months before the fieldwork, both
    ends included (004, Annexe 1: court disposals six to nine months earlier, out-of-court
    disposals two to five months earlier)."""

    months_from: int
    months_to: int

    def __post_init__(self) -> None:
        if not 0 <= self.months_from <= self.months_to:
            raise InputError(
                f"a window of {self.months_from} to {self.months_to} months: need 0 <= from <= to"
            )

    def dates(self, fieldwork_start: date) -> tuple[date, date]:
        """The earliest and the latest start date the window takes."""
        return (
            months_before(fieldwork_start, self.months_to),
            months_before(fieldwork_start, self.months_from),
        )

    def __str__(self) -> str:
        return f"{self.months_from} to {self.months_to} months before the fieldwork"


WindowSpec = EligibilityWindow | tuple[int, int]

DEFAULT_WINDOWS: Mapping[str, EligibilityWindow] = {
    "court": EligibilityWindow(6, 9),
    "out_of_court": EligibilityWindow(2, 5),
}
"""004, Annexe 1: court disposals six to nine months, out-of-court two to five months earlier."""


@dataclass(frozen=True, slots=True)
class EligibleGroup:
    """A case type's window, its dates, and how many of its cases fall in it."""

    case_type: str
    window: EligibilityWindow
    earliest: date
    latest: date
    population: int
    eligible: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "months_from": self.window.months_from,
            "months_to": self.window.months_to,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "population": self.population,
            "eligible": self.eligible,
        }


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The eligible cases (sorted by reference) and, per case type, the window used."""

    fieldwork_start: date
    cases: tuple[PopulationCase, ...]
    groups: tuple[EligibleGroup, ...]
    without_window: int = 0
    """Cases of a case type no window names: never eligible."""

    def count(self, case_type: str) -> int:
        return sum(g.eligible for g in self.groups if g.case_type == case_type)


def _windows(windows: Mapping[str, WindowSpec] | None) -> dict[str, EligibilityWindow]:
    if windows is None:
        return dict(DEFAULT_WINDOWS)
    return {
        case_type: spec if isinstance(spec, EligibilityWindow) else EligibilityWindow(*spec)
        for case_type, spec in windows.items()
    }


def eligible(
    population: Iterable[PopulationCase],
    fieldwork_start: date,
    windows: Mapping[str, WindowSpec] | None = None,
) -> Eligibility:
    """The cases whose start date lies in their case type's window (004, Annexe 1).

    A case is eligible when fieldwork_start minus ``months_to`` <= start_date <= fieldwork_start
    minus ``months_from``, both ends included; ``windows`` maps a case type to an
    :class:`EligibilityWindow` or ``(months_from, months_to)``, by default court (6, 9) and
    out_of_court (2, 5). Cases of a case type without a window are not eligible.
    """
    resolved = _windows(windows)
    cases = sorted(population, key=lambda c: c.case_ref)
    kept: list[PopulationCase] = []
    groups = []
    for case_type, window in resolved.items():
        earliest, latest = window.dates(fieldwork_start)
        of_type = [c for c in cases if c.case_type == case_type]
        inside = [c for c in of_type if earliest <= c.start_date <= latest]
        kept += inside
        groups.append(EligibleGroup(case_type, window, earliest, latest, len(of_type), len(inside)))
    without = sum(1 for c in cases if c.case_type not in resolved)
    kept.sort(key=lambda c: c.case_ref)
    return Eligibility(fieldwork_start, tuple(kept), tuple(groups), without)


# -- sample size ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SampleSizeCalc:
    """A sample size and every figure behind it (004, Annexe 1: confidence 80%, margin 5%)."""

    population: int
    confidence: float
    margin: float
    proportion: float
    z: float
    n0: float
    """The sample size for an unlimited population: z^2 p (1 - p) / e^2."""
    n_exact: float
    """With the finite population correction: n0 / (1 + (n0 - 1) / N)."""
    n: int
    """``n_exact`` rounded up to a whole case, never more than N."""

    @property
    def formula(self) -> str:
        """The calculation with its figures, for a plan to show."""
        first = (
            f"n0 = z^2 * p * (1 - p) / e^2 = {self.z:.4f}^2 * {self.proportion:g} * "
            f"{1 - self.proportion:g} / {self.margin:g}^2 = {self.n0:.2f}"
        )
        if self.population == 0:
            return f"{first}; no eligible cases (N = 0), so n = 0"
        return (
            f"{first} (z for {self.confidence:.0%} confidence); "
            f"n = n0 / (1 + (n0 - 1) / N) = {self.n0:.2f} / (1 + {self.n0 - 1:.2f} / "
            f"{self.population}) = {self.n_exact:.2f}, rounded up to {self.n}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "confidence": self.confidence,
            "margin": self.margin,
            "proportion": self.proportion,
            "z": round(self.z, 6),
            "n0": round(self.n0, 4),
            "n_exact": round(self.n_exact, 4),
            "n": self.n,
            "formula": self.formula,
        }


def _check_fraction(name: str, value: float) -> None:
    if not (isinstance(value, int | float) and 0 < value < 1):
        raise InputError(f"{name} {value!r} must be between 0 and 1 (e.g. 0.8)")


def sample_size(
    population: int, confidence: float = 0.80, margin: float = 0.05, proportion: float = 0.5
) -> SampleSizeCalc:
    """The sample size for a confidence level and margin of error (004, Annexe 1: 80%, 5%).

    n0 = z^2 p (1 - p) / e^2 with z = NormalDist().inv_cdf(1 - (1 - confidence) / 2), then the
    finite population correction n = n0 / (1 + (n0 - 1) / N), rounded up to a whole case
    (ignoring float noise below 1e-9), never more than N; 0 when N is 0. ``proportion`` 0.5 is
    the cautious assumption (the largest sample).
    """
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise InputError(f"population {population!r} must be a whole number, 0 or more")
    _check_fraction("confidence", confidence)
    _check_fraction("margin", margin)
    _check_fraction("proportion", proportion)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * proportion * (1 - proportion) / (margin * margin)
    if population == 0:
        return SampleSizeCalc(0, confidence, margin, proportion, z, n0, 0.0, 0)
    exact = n0 / (1 + (n0 - 1) / population)
    n = min(population, max(1, math.ceil(exact - 1e-9)))
    return SampleSizeCalc(population, confidence, margin, proportion, z, n0, exact, n)


@dataclass(frozen=True, slots=True)
class Allocation:
    """One case type's part of the sample."""

    case_type: str
    eligible: int
    share: float
    size: int
    formula: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "share": self.share,
            "size": self.size,
            "formula": self.formula,
        }


@dataclass(frozen=True, slots=True)
class SizePlan:
    """The total sample size (from all eligible cases) and its split by case type."""

    calculation: SampleSizeCalc
    total: int
    allocations: tuple[Allocation, ...]
    minimum: int | None = None
    maximum: int | None = None
    note: str = ""

    def size(self, case_type: str) -> int:
        return sum(a.size for a in self.allocations if a.case_type == case_type)

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"total": self.calculation.to_dict()}
        found["total"]["sample_size"] = self.total
        found["total"]["minimum"] = self.minimum
        found["total"]["maximum"] = self.maximum
        found["total"]["note"] = self.note
        for allocation in self.allocations:
            found[allocation.case_type] = allocation.to_dict()
        return found


def _bounded_total(
    n: int, available: int, minimum: int | None, maximum: int | None
) -> tuple[int, str]:
    for name, bound in (("minimum", minimum), ("maximum", maximum)):
        if bound is not None and (isinstance(bound, bool) or bound < 0):
            raise InputError(f"{name} {bound!r} must be a whole number, 0 or more")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise InputError(f"minimum {minimum} is above maximum {maximum}")
    total, notes = n, []
    if minimum is not None and total < minimum:
        total = minimum
        notes.append(f"raised to the minimum of {minimum}")
    if maximum is not None and total > maximum:
        total = maximum
        notes.append(f"lowered to the maximum of {maximum}")
    if total > available:
        total = available
        notes.append(f"only {available} eligible cases")
    return total, "; ".join(notes)


def allocate_sizes(
    eligible_counts: Mapping[str, int],
    confidence: float = 0.80,
    margin: float = 0.05,
    court_share: float = 0.6,
    minimum: int | None = None,
    maximum: int | None = None,
) -> SizePlan:
    """The sample size from all eligible cases, split court / out-of-court (004, Annexe 1).

    The total comes from :func:`sample_size` of all eligible cases, is raised to ``minimum`` and
    lowered to ``maximum`` when given (the Inspectorate's own minima per framework are not in
    its published documents, so both default to None), and never exceeds the eligible cases.
    Court takes round(total x court_share) (half up), out-of-court the rest (004: 60% and 40%);
    each is capped by its eligible cases and any shortfall goes to the other.
    """
    unknown = sorted(set(eligible_counts) - set(CASE_TYPES))
    if unknown:
        raise InputError(f"a plan splits court and out_of_court cases only, not {unknown[0]}")
    if not 0 <= court_share <= 1:
        raise InputError(f"court share {court_share!r} must be between 0 and 1 (e.g. 0.6)")
    court_n = eligible_counts.get("court", 0)
    other_n = eligible_counts.get("out_of_court", 0)
    calculation = sample_size(court_n + other_n, confidence, margin)
    total, note = _bounded_total(calculation.n, court_n + other_n, minimum, maximum)
    share = Fraction(repr(float(court_share)))
    ideal = total * share
    court = min(math.floor(ideal + Fraction(1, 2)), total)
    court_formula = f"round({total} x {float(share):g}) = {court}"
    other = total - court
    other_formula = f"{total} - {court} = {other}"
    if court > court_n:
        court_formula += f", but only {court_n} eligible: {court_n}"
        other_formula = f"{total} - {court_n} = {total - court_n}"
        court, other = court_n, total - court_n
    elif other > other_n:
        other_formula += f", but only {other_n} eligible: {other_n}"
        court_formula += f" + {other - other_n} not available out of court = {total - other_n}"
        court, other = total - other_n, other_n
    allocations = (
        Allocation("court", court_n, float(share), court, court_formula),
        Allocation("out_of_court", other_n, float(1 - share), other, other_formula),
    )
    return SizePlan(calculation, total, allocations, minimum, maximum, note)


# -- balanced selection --------------------------------------------------------------------


def _category_order(attribute: str, values: Iterable[str]) -> list[str]:
    known = _CATEGORY_ORDER.get(attribute, ())
    present = set(values)
    return [v for v in known if v in present] + sorted(present - set(known))


def largest_remainder(counts: Sequence[int], size: int) -> list[int]:
    """Whole numbers summing to ``size`` in proportion to ``counts`` (Hamilton's method): each
    gets the floor of its quota, the rest go to the largest remainders (ties: the larger count,
    then the earlier). Exact integer arithmetic; never more than a count when size <= total."""
    total = sum(counts)
    if total == 0:
        return [0 for _ in counts]
    floors = [c * size // total for c in counts]
    rest = size - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(counts[i] * size % total), -counts[i], i))
    for i in order[:rest]:
        floors[i] += 1
    return floors


class _Balance:
    """The categories, population counts and targets of one group, with cases as profiles:
    one global category index per attribute, so a case's effect is a few list look-ups."""

    def __init__(self, population: Sequence[PopulationCase], attributes: Sequence[str], size: int):
        self.attributes = tuple(attributes)
        self.n_population = len(population)
        self.size = size
        self.labels: list[tuple[str, str]] = []
        self.index: dict[tuple[str, str], int] = {}
        for attribute in self.attributes:
            for category in _category_order(
                attribute, (c.attribute(attribute) for c in population)
            ):
                self.index[(attribute, category)] = len(self.labels)
                self.labels.append((attribute, category))
        self.population_counts = self.counts(population)
        self.targets = [0] * len(self.labels)
        for attribute in self.attributes:
            slots = [i for i, (a, _) in enumerate(self.labels) if a == attribute]
            quotas = largest_remainder([self.population_counts[i] for i in slots], size)
            for i, target in zip(slots, quotas, strict=True):
                self.targets[i] = target

    def profile(self, case: PopulationCase) -> tuple[int, ...]:
        return tuple(self.index[(a, case.attribute(a))] for a in self.attributes)

    def counts(self, cases: Iterable[PopulationCase]) -> list[int]:
        found = [0] * len(self.labels)
        for case in cases:
            for i in self.profile(case):
                found[i] += 1
        return found

    def objective(self, counts: Sequence[int]) -> tuple[int, int]:
        """(sum of |achieved - target| counts, largest |share deviation| x N x size): the
        second in integers, so comparisons are exact."""
        n, k = self.n_population, self.size
        total = sum(abs(c - t) for c, t in zip(counts, self.targets, strict=True))
        worst = max(
            (abs(n * c - k * p) for c, p in zip(counts, self.population_counts, strict=True)),
            default=0,
        )
        return total, worst


def _construct(balance: _Balance, ranked: Sequence[tuple[int, ...]], size: int) -> list[int]:
    """Seeded randomised greedy: take, one at a time, the case that lowers the total absolute
    deviation from the targets most (then the squared deviation), ties to the earlier rank."""
    buckets: dict[tuple[int, ...], list[int]] = {}
    for rank, profile in enumerate(ranked):
        buckets.setdefault(profile, []).append(rank)
    heads = dict.fromkeys(buckets, 0)
    dev = [-t for t in balance.targets]
    chosen: list[int] = []
    for _ in range(size):
        best: tuple[int, int, int] | None = None
        best_profile: tuple[int, ...] = ()
        for profile, ranks in buckets.items():
            head = heads[profile]
            if head == len(ranks):
                continue
            absolute = sum(1 if dev[i] >= 0 else -1 for i in profile)
            squared = sum(2 * dev[i] + 1 for i in profile)
            key = (absolute, squared, ranks[head])
            if best is None or key < best:
                best, best_profile = key, profile
        assert best is not None
        chosen.append(best[2])
        heads[best_profile] += 1
        for i in best_profile:
            dev[i] += 1
    return chosen


@dataclass
class _Pools:
    """Ranks of selected and unselected cases per profile, each sorted ascending."""

    selected: dict[tuple[int, ...], list[int]]
    available: dict[tuple[int, ...], list[int]]

    @classmethod
    def of(cls, ranked: Sequence[tuple[int, ...]], chosen: Iterable[int]) -> _Pools:
        taken = set(chosen)
        selected: dict[tuple[int, ...], list[int]] = {}
        available: dict[tuple[int, ...], list[int]] = {}
        for rank, profile in enumerate(ranked):
            (selected if rank in taken else available).setdefault(profile, []).append(rank)
        return cls(selected, available)

    def swap(self, out_profile: tuple[int, ...], in_profile: tuple[int, ...]) -> None:
        """Drop the latest-ranked selected case of one profile, take the earliest available of
        the other."""
        out_rank = self.selected[out_profile].pop()
        in_rank = self.available[in_profile].pop(0)
        self.available.setdefault(out_profile, []).append(out_rank)
        self.available[out_profile].sort()
        self.selected.setdefault(in_profile, []).append(in_rank)
        self.selected[in_profile].sort()
        for pool in (self.selected, self.available):
            for profile in [p for p, ranks in pool.items() if not ranks]:
                del pool[profile]


def _swap_delta(out_profile: tuple[int, ...], in_profile: tuple[int, ...], dev: list[int]) -> int:
    """The change in the total absolute deviation when one case is swapped for another."""
    delta = 0
    for i, j in zip(out_profile, in_profile, strict=True):
        if i != j:
            delta += (abs(dev[i] - 1) - abs(dev[i])) + (abs(dev[j] + 1) - abs(dev[j]))
    return delta


def _best_swap(
    balance: _Balance, pools: _Pools, counts: list[int]
) -> tuple[tuple[int, int], tuple[int, ...], tuple[int, ...]] | None:
    """The swap giving the lowest objective, if it is lower than now."""
    dev = [c - t for c, t in zip(counts, balance.targets, strict=True)]
    deltas = [
        (_swap_delta(p, q, dev), p, q) for p in pools.selected for q in pools.available if p != q
    ]
    if not deltas:
        return None
    lowest = min(d for d, _, _ in deltas)
    if lowest > 0:
        return None
    best: tuple[tuple[int, int], int, int] | None = None
    best_pair: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
    for delta, p, q in deltas:
        if delta != lowest:
            continue
        after = list(counts)
        for i in p:
            after[i] -= 1
        for j in q:
            after[j] += 1
        key = (balance.objective(after), pools.available[q][0], -pools.selected[p][-1])
        if best is None or key < best:
            best, best_pair = key, (p, q)
    if best is None or best[0] >= balance.objective(counts):
        return None
    return best[0], best_pair[0], best_pair[1]


def _improve(balance: _Balance, pools: _Pools) -> int:
    """Seeded local search: make the best swap (selected <-> unselected) while one lowers the
    objective, to a fixed point (or the cap). Returns the number of swaps made."""
    counts = _counts(balance, pools)
    for made in range(_SEARCH_CAP):
        found = _best_swap(balance, pools, counts)
        if found is None:
            return made
        _, out_profile, in_profile = found
        pools.swap(out_profile, in_profile)
        for i in out_profile:
            counts[i] -= 1
        for j in in_profile:
            counts[j] += 1
    return _SEARCH_CAP


def _reserve_order(balance: _Balance, pools: _Pools) -> list[int]:
    """Every unselected case, in the order that keeps sample plus reserves closest to the
    population: each next case is the one whose categories are most under-represented at the
    new size m (least sum of N x count - m x population count, which is the least increase in
    the sum of squared deviations from the population's shares), ties to the earlier rank."""
    counts = _counts(balance, pools)
    population = balance.population_counts
    n = balance.n_population
    m = sum(len(r) for r in pools.selected.values())
    profiles = list(pools.available)
    queues = [list(pools.available[p]) for p in profiles]
    columns = [list(column) for column in zip(*profiles, strict=True)]
    heads = [0] * len(profiles)
    order: list[int] = []
    while profiles:
        m += 1
        excess = [n * c - m * p for c, p in zip(counts, population, strict=True)]
        scores = [0] * len(profiles)
        for column in columns:  # one attribute at a time: no call per profile
            scores = [s + excess[i] for s, i in zip(scores, column, strict=True)]
        lowest = min(scores)
        if scores.count(lowest) == 1:
            k = scores.index(lowest)
        else:
            k = min((queues[k][heads[k]], k) for k, s in enumerate(scores) if s == lowest)[1]
        order.append(queues[k][heads[k]])
        heads[k] += 1
        for i in profiles[k]:
            counts[i] += 1
        if heads[k] == len(queues[k]):
            del profiles[k], queues[k], heads[k]
            for column in columns:
                del column[k]
    return order


@dataclass(frozen=True, slots=True)
class Replacement:
    """A sampled case swapped for a reserve (e.g. the case could not be inspected)."""

    case_type: str
    removed: str
    added: str

    def to_dict(self) -> dict[str, str]:
        return {"case_type": self.case_type, "removed": self.removed, "added": self.added}


@dataclass(frozen=True)
class GroupSelection:
    """One case type's sample: its size, the category targets, the sample (by reference), the
    reserves (in order of use) and any replacements made."""

    case_type: str
    size: int
    attributes: tuple[str, ...]
    population: tuple[PopulationCase, ...]
    targets: Mapping[str, Mapping[str, int]]
    sample: tuple[PopulationCase, ...]
    reserves: tuple[PopulationCase, ...]
    swaps: int = 0
    """Improving swaps the local search made after the greedy construction."""
    replacements: tuple[Replacement, ...] = ()

    def objective(self) -> tuple[int, float]:
        """(sum of |achieved - target| counts, largest share deviation as a fraction)."""
        balance = _Balance(self.population, self.attributes, self.size)
        total, worst = balance.objective(balance.counts(self.sample))
        scale = len(self.population) * self.size
        return total, (worst / scale if scale else 0.0)


@dataclass(frozen=True)
class Selection:
    """The sample of each case type, drawn with ``seed``."""

    seed: int
    attributes: tuple[str, ...]
    groups: tuple[GroupSelection, ...]

    @property
    def sample(self) -> tuple[PopulationCase, ...]:
        return tuple(c for g in self.groups for c in g.sample)

    @property
    def reserves(self) -> tuple[PopulationCase, ...]:
        return tuple(c for g in self.groups for c in g.reserves)

    @property
    def replacements(self) -> tuple[Replacement, ...]:
        return tuple(r for g in self.groups for r in g.replacements)

    def group(self, case_type: str) -> GroupSelection:
        for group in self.groups:
            if group.case_type == case_type:
                return group
        raise InputError(f"the selection has no {case_type} cases")


def _counts(balance: _Balance, pools: _Pools) -> list[int]:
    counts = [0] * len(balance.labels)
    for profile, ranks in pools.selected.items():
        for i in profile:
            counts[i] += len(ranks)
    return counts


def _search(
    balance: _Balance, cases: Sequence[PopulationCase], size: int, seed: str
) -> tuple[list[PopulationCase], _Pools, int]:
    """Construction and local search from up to ``_STARTS`` seeded random orders, keeping the
    first of the best; a start that meets every target stops the search (nothing beats it)."""
    best: tuple[tuple[int, int], list[PopulationCase], _Pools, int] | None = None
    for start in range(_STARTS):
        shuffled = sorted(cases, key=lambda c: c.case_ref)
        random.Random(seed if start == 0 else f"{seed}/{start}").shuffle(shuffled)
        ranked = [balance.profile(c) for c in shuffled]
        pools = _Pools.of(ranked, _construct(balance, ranked, size))
        swaps = _improve(balance, pools)
        objective = balance.objective(_counts(balance, pools))
        if best is None or objective < best[0]:
            best = (objective, shuffled, pools, swaps)
        if objective[0] == 0:
            break
    assert best is not None
    return best[1], best[2], best[3]


def _select_group(
    case_type: str, cases: Sequence[PopulationCase], size: int, seed: int, attributes: Sequence[str]
) -> GroupSelection:
    if not 0 <= size <= len(cases):
        raise InputError(f"cannot sample {size} of {len(cases)} {case_type} cases")
    balance = _Balance(cases, attributes, size)
    shuffled, pools, swaps = _search(balance, cases, size, f"{seed}/{case_type}")
    chosen = sorted(
        (shuffled[r] for ranks in pools.selected.values() for r in ranks), key=lambda c: c.case_ref
    )
    reserves = [shuffled[r] for r in _reserve_order(balance, pools)]
    targets: dict[str, dict[str, int]] = {a: {} for a in balance.attributes}
    for (attribute, category), target in zip(balance.labels, balance.targets, strict=True):
        targets[attribute][category] = target
    return GroupSelection(
        case_type,
        size,
        tuple(attributes),
        tuple(sorted(cases, key=lambda c: c.case_ref)),
        targets,
        tuple(chosen),
        tuple(reserves),
        swaps,
    )


def _case_types(cases: Iterable[PopulationCase]) -> list[str]:
    return _category_order("case_type", {c.case_type for c in cases})


def select(
    cases: Iterable[PopulationCase],
    size: int | Mapping[str, int],
    seed: int,
    attributes: Sequence[str] = BALANCE_ATTRIBUTES,
) -> Selection:
    """A sample whose shares on each attribute match the cases' as closely as possible, per
    case type (004, Annexe 1: "the ratios ... matched those in the eligible population").

    ``size`` is a number per case type, or one number when the cases are of one case type.
    Not a plain random draw. For each case type: (a) each attribute's target counts are its
    population shares x size, rounded by largest remainder; (b) a greedy construction, in a
    random order seeded by ``seed``, adds the case that lowers the total absolute deviation from
    the targets most; (c) a local search swaps a sampled case for an unsampled one while that
    lowers (sum over attributes and categories of |achieved - target|, then the largest share
    deviation), to a fixed point: no single swap improves the sample. Reserves are every other
    case, ordered so that taking the next keeps the balance best.

    Deterministic: the cases are sorted by reference before the seeded shuffle, so the same
    cases and seed give the same sample whatever their order.
    """
    for attribute in attributes:
        if attribute not in _ATTRIBUTES or attribute == "case_type":
            raise InputError(f"cannot balance on {attribute!r}: use {', '.join(_ATTRIBUTES[1:])}")
    pool = list(cases)
    counted = Counter(c.case_ref for c in pool)
    doubled = sorted(ref for ref, count in counted.items() if count > 1)
    if doubled:
        raise InputError(f"case reference {doubled[0]} is given more than once")
    types = _case_types(pool)
    if isinstance(size, int):
        if len(types) > 1:
            raise InputError("cases of several case types need a size for each case type")
        sizes = {t: size for t in types}
    else:
        sizes = dict(size)
    groups = tuple(
        _select_group(t, [c for c in pool if c.case_type == t], sizes.get(t, 0), seed, attributes)
        for t in types
    )
    return Selection(seed, tuple(attributes), groups)


def _group_index(selection: Selection, case_ref: str) -> int:
    for index, group in enumerate(selection.groups):
        if any(c.case_ref == case_ref for c in group.sample):
            return index
    if any(c.case_ref == case_ref for c in selection.reserves):
        raise InputError(f"{case_ref} is a reserve, not in the sample")
    raise InputError(f"{case_ref} is not in the sample")


def replace_case(selection: Selection, case_ref: str) -> Selection:
    """The selection with ``case_ref`` swapped for the reserve of the same case type that
    leaves the lowest objective (ties: the earlier reserve); the swap is recorded."""
    index = _group_index(selection, case_ref)
    group = selection.groups[index]
    if not group.reserves:
        raise InputError(f"no {group.case_type} reserve is left to replace {case_ref}")
    balance = _Balance(group.population, group.attributes, group.size)
    kept = [c for c in group.sample if c.case_ref != case_ref]
    counts = balance.counts(kept)

    def after(candidate: tuple[int, PopulationCase]) -> tuple[tuple[int, int], int]:
        changed = list(counts)
        for i in balance.profile(candidate[1]):
            changed[i] += 1
        return balance.objective(changed), candidate[0]

    position, reserve = min(enumerate(group.reserves), key=after)
    changed_group = dataclass_replace(
        group,
        sample=tuple(sorted([*kept, reserve], key=lambda c: c.case_ref)),
        reserves=group.reserves[:position] + group.reserves[position + 1 :],
        replacements=(
            *group.replacements,
            Replacement(group.case_type, case_ref, reserve.case_ref),
        ),
    )
    groups = list(selection.groups)
    groups[index] = changed_group
    return dataclass_replace(selection, groups=tuple(groups))


# -- balance -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """One category: its count and share in the population and in the sample."""

    attribute: str
    category: str
    population: int
    population_share: float
    sample: int
    sample_share: float

    @property
    def deviation_points(self) -> float:
        """Sample share minus population share, in percentage points."""
        return (self.sample_share - self.population_share) * 100


@dataclass(frozen=True)
class BalanceReport:
    """How the sample's shares compare with the population's, category by category."""

    rows: tuple[BalanceRow, ...]

    @property
    def largest_by_attribute(self) -> dict[str, float]:
        """The largest absolute deviation of each attribute, in percentage points."""
        found: dict[str, float] = {}
        for row in self.rows:
            found[row.attribute] = max(found.get(row.attribute, 0.0), abs(row.deviation_points))
        return found

    @property
    def largest(self) -> float:
        return max(self.largest_by_attribute.values(), default=0.0)

    def to_dict(self) -> dict[str, dict[str, dict[str, Any]]]:
        found: dict[str, dict[str, dict[str, Any]]] = {}
        for row in self.rows:
            found.setdefault(row.attribute, {})[row.category] = {
                "population": row.population,
                "population_share": round(row.population_share, 4),
                "sample": row.sample,
                "sample_share": round(row.sample_share, 4),
                "deviation_points": round(row.deviation_points, 2),
            }
        return found


def balance_report(
    population: Sequence[PopulationCase],
    sample: Sequence[PopulationCase],
    attributes: Sequence[str] = BALANCE_ATTRIBUTES,
) -> BalanceReport:
    """For every attribute and category: population count and share, sample count and share,
    and the deviation in percentage points (an empty sample has shares of 0)."""
    rows = []
    for attribute in attributes:
        in_population = Counter(c.attribute(attribute) for c in population)
        in_sample = Counter(c.attribute(attribute) for c in sample)
        for category in _category_order(attribute, [*in_population, *in_sample]):
            rows.append(
                BalanceRow(
                    attribute,
                    category,
                    in_population[category],
                    in_population[category] / len(population) if population else 0.0,
                    in_sample[category],
                    in_sample[category] / len(sample) if sample else 0.0,
                )
            )
    return BalanceReport(tuple(rows))


# -- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplingPlan:
    """Everything a sample rests on: the windows and eligible cases, the size calculation and
    its split, the selection with its reserves, and how well it matches the population."""

    population: int
    eligibility: Eligibility
    sizes: SizePlan
    selection: Selection
    confidence: float
    margin: float
    court_share: float
    rules: SamplingRules | None = None
    """The framework's sampling rules the plan applied (None: :func:`plan`'s own arguments)."""
    pools: tuple[PoolSize, ...] = ()
    """Each pool's rule, eligible cases and size, with any limit that bound it."""

    @property
    def sized_together(self) -> bool:
        """One size calculation for the whole sample (004's), rather than one per pool."""
        return self.rules is None or splits_court_and_out_of_court(self.rules)

    @property
    def balance(self) -> BalanceReport:
        """All eligible cases against the whole sample. The court / out-of-court split is set
        (60/40), so overall shares can differ where that split differs from the population's."""
        return balance_report(
            self.eligibility.cases, self.selection.sample, self.selection.attributes
        )

    def balance_of(self, case_type: str) -> BalanceReport:
        """One case type's eligible cases against its sample: what the selection balances."""
        group = self.selection.group(case_type)
        return balance_report(group.population, group.sample, group.attributes)

    def replace(self, case_ref: str) -> SamplingPlan:
        """The plan with a sampled case replaced by the best reserve (:func:`replace_case`)."""
        return dataclass_replace(self, selection=replace_case(self.selection, case_ref))

    def to_dict(self) -> dict[str, Any]:
        selection = self.selection
        balance = self.balance
        return {
            "seed": selection.seed,
            "fieldwork_start": self.eligibility.fieldwork_start.isoformat(),
            "confidence": self.confidence,
            "margin": self.margin,
            "court_share": self.court_share,
            "attributes": list(selection.attributes),
            "population": self.population,
            "windows": {g.case_type: g.to_dict() for g in self.eligibility.groups},
            "eligible": len(self.eligibility.cases),
            "sample_size": self.sizes.total,
            "size_calculation": self.sizes.to_dict(),
            "sample": sorted(c.case_ref for c in selection.sample),
            "reserves": [c.case_ref for c in selection.reserves],
            "case_types": {g.case_type: self._group_dict(g) for g in selection.groups},
            "sample_cases": [c.to_dict() for c in selection.sample],
            "replacements": [r.to_dict() for r in selection.replacements],
            "balance": balance.to_dict(),
            "largest_deviation": round(balance.largest, 2),
            "largest_deviation_by_attribute": {
                a: round(v, 2) for a, v in balance.largest_by_attribute.items()
            },
            "rules": self.rules.source if self.rules else None,
            "pools": [pool.to_dict() for pool in self.pools],
        }

    def _group_dict(self, group: GroupSelection) -> dict[str, Any]:
        balance = self.balance_of(group.case_type)
        total, _ = group.objective()
        return {
            "eligible": len(group.population),
            "sample_size": group.size,
            "sample": [c.case_ref for c in group.sample],
            "reserves": [c.case_ref for c in group.reserves],
            "targets": {a: dict(t) for a, t in group.targets.items()},
            "total_deviation": total,
            "swaps": group.swaps,
            "balance": balance.to_dict(),
            "largest_deviation": round(balance.largest, 2),
            "largest_deviation_by_attribute": {
                a: round(v, 2) for a, v in balance.largest_by_attribute.items()
            },
        }


def plan(
    population: Sequence[PopulationCase],
    fieldwork_start: date,
    seed: int = 1,
    confidence: float = 0.80,
    margin: float = 0.05,
    court_share: float = 0.6,
    windows: Mapping[str, WindowSpec] | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    attributes: Sequence[str] = BALANCE_ATTRIBUTES,
) -> SamplingPlan:
    """The sampling plan for a population and fieldwork start (004, Annexe 1): the eligible
    cases by window, the sample size (:func:`allocate_sizes`) and a balanced sample with
    reserves (:func:`select`). ``minimum`` and ``maximum`` bound the total size; the
    Inspectorate's own minima are not published in the documents, so there are none by default.
    """
    found = eligible(population, fieldwork_start, windows)
    counts = {g.case_type: g.eligible for g in found.groups}
    sizes = allocate_sizes(counts, confidence, margin, court_share, minimum, maximum)
    chosen = select(found.cases, {a.case_type: a.size for a in sizes.allocations}, seed, attributes)
    return SamplingPlan(len(population), found, sizes, chosen, confidence, margin, court_share)


# -- sampling rules as framework data ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolSize:
    """One pool of a plan: its rule (case types, window, share, limits), its eligible cases,
    the size its calculation gave, the size taken, and which limit bound it, if any."""

    pool: SamplingPool
    eligible: int
    calculated: int
    size: int
    formula: str
    bound: str = ""
    case_type_names: tuple[str, ...] = ()
    """The pool's case types in words (the framework's names)."""

    @property
    def rule(self) -> str:
        """The pool's rule in words, e.g. 'Bail or remand, Court disposal, Out-of-court
        disposal: started 2 to 12 months before the fieldwork; at least 14, at most 91'."""
        pool = self.pool
        names = ", ".join(self.case_type_names or pool.case_types)
        text = (
            f"{names}: started {pool.months_from} to {pool.months_to} months before the fieldwork"
        )
        if pool.share is not None:
            text += f"; {pool.share:.0%} of a sample sized for its group of pools together"
        limits = []
        if pool.minimum is not None:
            limits.append(f"at least {pool.minimum}")
        if pool.maximum is not None:
            limits.append(f"at most {pool.maximum}")
        return f"{text}; {', '.join(limits)}" if limits else text

    def to_dict(self) -> dict[str, Any]:
        pool = self.pool
        return {
            "id": pool.id,
            "name": pool.name,
            "case_types": list(pool.case_types),
            "months_from": pool.months_from,
            "months_to": pool.months_to,
            "size_group": pool.size_group or None,
            "share": pool.share,
            "minimum": pool.minimum,
            "maximum": pool.maximum,
            "balance_on": list(pool.balance_on),
            "rule": self.rule,
            "eligible": self.eligible,
            "calculated": self.calculated,
            "sample_size": self.size,
            "formula": self.formula,
            "bound": self.bound,
        }


def splits_court_and_out_of_court(rules: SamplingRules) -> bool:
    """Two pools, court and out-of-court, sized together and split by share (004)."""
    pools = {p.id: p for p in rules.pools}
    return (
        set(pools) == {"court", "out_of_court"}
        and pools["court"].case_types == ("court",)
        and pools["out_of_court"].case_types == ("out_of_court",)
        and pools["court"].size_group != ""
        and pools["court"].size_group == pools["out_of_court"].size_group
    )


def _bound(n: int, eligible: int, pool: SamplingPool) -> tuple[int, str]:
    """The calculated size bounded by the pool's limits and its eligible cases, and which
    bound applied (none: '')."""
    size, notes = n, []
    if pool.minimum is not None and size < pool.minimum:
        size = pool.minimum
        notes.append(f"raised to the minimum of {pool.minimum}")
    if pool.maximum is not None and size > pool.maximum:
        size = pool.maximum
        notes.append(f"lowered to the maximum of {pool.maximum}")
    if size > eligible:
        size = eligible
        notes.append(f"only {eligible} eligible cases")
    return size, "; ".join(notes)


def _group_split(
    total: int, pools: Sequence[SamplingPool], eligible: Mapping[str, int]
) -> dict[str, int]:
    """A size group's total split by share (round half up; the last pool takes the rest),
    each capped by its eligible cases with the shortfall going to the others in order."""
    sizes: dict[str, int] = {}
    rest = total
    for pool in pools[:-1]:
        ideal = total * Fraction(repr(float(pool.share or 0)))
        sizes[pool.id] = min(math.floor(ideal + Fraction(1, 2)), rest)
        rest -= sizes[pool.id]
    sizes[pools[-1].id] = rest
    short = 0
    for pool in pools:
        over = sizes[pool.id] - eligible[pool.id]
        if over > 0:
            sizes[pool.id] -= over
            short += over
    for pool in pools:
        spare = min(short, eligible[pool.id] - sizes[pool.id])
        sizes[pool.id] += spare
        short -= spare
    return sizes


def plan_pools(
    population: Sequence[PopulationCase],
    fieldwork_start: date,
    rules: SamplingRules,
    seed: int = 1,
    confidence: float | None = None,
    margin: float | None = None,
    names: Mapping[str, str] | None = None,
) -> SamplingPlan:
    """The plan a framework's sampling rules give: each pool's eligible cases (its window),
    its size (the 80%/5% calculation of :func:`sample_size` over the pool's eligible cases,
    or its size group's, split by share) bounded by the pool's minimum and maximum and its
    eligible cases, and a sample balanced within the pool on its ``balance_on``. ``names``
    gives the case types in words for the rules as shown."""
    confidence = rules.confidence if confidence is None else confidence
    margin = rules.margin if margin is None else margin
    windows = {
        case_type: EligibilityWindow(pool.months_from, pool.months_to)
        for pool in rules.pools
        for case_type in pool.case_types
    }
    found = eligible(population, fieldwork_start, windows)
    pool_of = {t: pool for pool in rules.pools for t in pool.case_types}
    cases_of: dict[str, list[PopulationCase]] = {pool.id: [] for pool in rules.pools}
    for case in found.cases:
        cases_of[pool_of[case.case_type].id].append(case)
    counts = {pool_id: len(cases) for pool_id, cases in cases_of.items()}
    units: dict[str, list[SamplingPool]] = {}
    for pool in rules.pools:
        units.setdefault(pool.size_group or f"pool:{pool.id}", []).append(pool)
    sized: list[PoolSize] = []
    first_calculation: SampleSizeCalc | None = None
    for pools in units.values():
        group_eligible = sum(counts[p.id] for p in pools)
        calculation = sample_size(group_eligible, confidence, margin)
        first_calculation = first_calculation or calculation
        split = (
            _group_split(calculation.n, pools, counts)
            if len(pools) > 1
            else {pools[0].id: calculation.n}
        )
        for pool in pools:
            size, bound = _bound(split[pool.id], counts[pool.id], pool)
            formula = calculation.formula
            if len(pools) > 1:
                formula += f"; {pool.name}: {pool.share:.0%} of {calculation.n} = {split[pool.id]}"
            named = tuple((names or {}).get(t, t) for t in pool.case_types)
            sized.append(
                PoolSize(pool, counts[pool.id], split[pool.id], size, formula, bound, named)
            )
    groups = tuple(
        _select_group(ps.pool.id, cases_of[ps.pool.id], ps.size, seed, ps.pool.balance_on)
        for ps in sized
    )
    attributes = tuple(dict.fromkeys(a for p in rules.pools for a in p.balance_on))
    selection = Selection(seed, attributes, groups)
    total = sum(ps.size for ps in sized)
    allocations = tuple(
        Allocation(ps.pool.id, ps.eligible, ps.pool.share or 1.0, ps.size, ps.formula)
        for ps in sized
    )
    notes = "; ".join(f"{ps.pool.name}: {ps.bound}" for ps in sized if ps.bound)
    assert first_calculation is not None  # a rule set has at least one pool
    sizes = SizePlan(first_calculation, total, allocations, note=notes)
    return SamplingPlan(
        len(population), found, sizes, selection, confidence, margin, 0.0, rules, tuple(sized)
    )


def plan_for_framework(
    population: Sequence[PopulationCase],
    fieldwork_start: date,
    framework: Framework,
    seed: int = 1,
    confidence: float | None = None,
    margin: float | None = None,
    court_share: float | None = None,
    windows: Mapping[str, WindowSpec] | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> SamplingPlan:
    """The plan by the framework's own sampling rules (``sampling`` in its file). 004's two
    pools (court and out-of-court, sized together and split by share) go through
    :func:`plan`, whose ``court_share``, ``windows``, ``minimum`` and ``maximum`` (on the
    total) may change them; other rule sets through :func:`plan_pools`, as the framework
    states them (only the confidence and margin may be changed)."""
    rules = framework.sampling
    if rules is None:
        raise InputError(f"the framework {framework.id} states no sampling rules")
    names = {c.id: c.name for c in framework.case_types}
    if not splits_court_and_out_of_court(rules):
        if court_share is not None or windows or minimum is not None or maximum is not None:
            raise InputError(
                f"{framework.id}'s sampling pools take their windows, split and limits from "
                "the framework: only the confidence, the margin and the seed can be changed"
            )
        return plan_pools(population, fieldwork_start, rules, seed, confidence, margin, names)
    pools = {p.id: p for p in rules.pools}
    share = pools["court"].share if court_share is None else court_share
    stated: dict[str, WindowSpec] = {
        pool_id: (pool.months_from, pool.months_to) for pool_id, pool in pools.items()
    }
    found = plan(
        population,
        fieldwork_start,
        seed=seed,
        confidence=rules.confidence if confidence is None else confidence,
        margin=rules.margin if margin is None else margin,
        court_share=float(share or 0),
        windows={**stated, **(windows or {})},
        minimum=minimum,
        maximum=maximum,
        attributes=pools["court"].balance_on,
    )
    sized = tuple(
        PoolSize(
            pools[a.case_type],
            a.eligible,
            a.size,
            a.size,
            f"{found.sizes.calculation.formula}; {a.formula}",
            found.sizes.note,
            tuple(names[t] for t in pools[a.case_type].case_types),
        )
        for a in found.sizes.allocations
    )
    return dataclass_replace(found, rules=rules, pools=sized)
