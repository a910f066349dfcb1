"""The youth justice partnership's budget: what each agency contributes, by kind, per year.

Seed 003 (section 8.1) prints Blackpool's 2021-22 budget as a table with the columns
Agency, Staffing Costs, Payments in kind, Other delegated funds and Total, a row for each
agency (Police, Probation, Health, Local Authority, YJB, Other) and a Total row. Totals are
computed here, never typed: a printed total is only compared with the sum of its parts, and
every disagreement is reported (003 prints the staffing total as "885.262"; its parts sum to
885,262).

Money is read as printed: ``58,336``, ``£1,160,023``, ``1160023``, ``43260.50``; blank or a
dash means none. Anything else is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from yjinspect.errors import FileProblems, InputError, RowProblem
from yjinspect.limits import (
    DEFAULT_LIMITS,
    Limits,
    read_bytes,
    table_rows,
)

AGENCIES: dict[str, str] = {
    "police": "Police",
    "probation": "Probation",
    "health": "Health",
    "local_authority": "Local Authority",
    "yjb": "YJB",
    "other": "Other",
}
"""The partnership's agencies (003, 8.1), code to the words people read."""

AGENCY_ALIASES: dict[str, str] = {
    "police": "police",
    "probation": "probation",
    "national probation service": "probation",
    "health": "health",
    "local authority": "local_authority",
    "council": "local_authority",
    "yjb": "yjb",
    "youth justice board": "yjb",
    "other": "other",
}

PARTS: dict[str, str] = {
    "staffing_costs": "Staffing costs",
    "payments_in_kind": "Payments in kind",
    "other_delegated_funds": "Other delegated funds",
}
"""The kinds of contribution (003, 8.1), code to words."""

COLUMNS = ("agency", *PARTS, "total")
TOTAL_ROW = "total"
NONE_MARKS = frozenset({"", "-", "\u2013", "\u2014"})  # blank, hyphen, en and em dash

_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def norm(text: str) -> str:
    """Headings and agency names compare without case, with spaces, '_' and '-' alike."""
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def parse_money(text: str) -> Decimal | None:
    """A sum of money as printed, or None for blank or a dash (none).

    ``58,336`` (commas grouping thousands), ``£58,336``, ``58336`` and ``58336.50`` are
    money; so is ``885.262`` (a decimal figure, which a total may be compared with). A
    negative figure, letters, or commas in the wrong places are refused with ``ValueError``.
    """
    cleaned = text.strip()
    if cleaned in NONE_MARKS:
        return None
    digits = cleaned.removeprefix("£").strip()
    if not _MONEY.match(digits):
        raise ValueError(f"{text.strip()!r} is not a sum of money (write it as 58,336 or 58336)")
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"{text.strip()!r} is not a sum of money") from exc


def format_money(value: Decimal | int | None) -> str:
    """Money as people read it: ``885,262``; pence only when there are any; a dash for none."""
    if value is None:
        return "-"
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}" if amount.as_tuple().exponent in (-1, -2) else f"{amount:,}"


@dataclass(frozen=True)
class BudgetLine:
    """One agency's contribution, and the total printed beside it (None if none printed)."""

    agency: str
    staffing_costs: Decimal | None = None
    payments_in_kind: Decimal | None = None
    other_delegated_funds: Decimal | None = None
    printed_total: Decimal | None = None

    @property
    def agency_name(self) -> str:
        return AGENCIES[self.agency]

    def part(self, name: str) -> Decimal | None:
        value: Decimal | None = getattr(self, name)
        return value

    @property
    def total(self) -> Decimal:
        """Computed: the sum of its parts."""
        return sum((self.part(name) or Decimal(0) for name in PARTS), Decimal(0))

    def as_dict(self) -> dict[str, str | None]:
        return {
            "agency": self.agency,
            **{name: _text(self.part(name)) for name in PARTS},
            "printed_total": _text(self.printed_total),
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Disagreement:
    """A printed figure that is not the sum of its parts."""

    where: str
    printed: Decimal
    computed: Decimal

    @property
    def hint(self) -> str:
        """A likely cause, when one is plain: a full stop printed where a comma belongs."""
        written = str(self.printed)
        if "." in written and Decimal(written.replace(".", "")) == self.computed:
            return " (a full stop where a comma belongs?)"
        return ""

    def __str__(self) -> str:
        return (
            f"{self.where}: printed {format_money(self.printed)}, but its parts sum to "
            f"{format_money(self.computed)}{self.hint}"
        )


@dataclass(frozen=True)
class Budget:
    """A year's partnership budget: a line per agency and, if the source prints one, its
    Total row (``printed_totals`` maps each part and ``total`` to the printed figure)."""

    lines: tuple[BudgetLine, ...]
    printed_totals: Mapping[str, Decimal | None] = field(default_factory=dict)

    def column_total(self, name: str) -> Decimal:
        return sum((line.part(name) or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))

    def disagreements(self) -> list[Disagreement]:
        """Every printed total that disagrees with the sum of its parts: each agency's Total,
        then the Total row's figure for each part, then the overall total."""
        found = [
            Disagreement(f"{line.agency_name} total", line.printed_total, line.total)
            for line in self.lines
            if line.printed_total is not None and line.printed_total != line.total
        ]
        for name, label in PARTS.items():
            printed = self.printed_totals.get(name)
            computed = self.column_total(name)
            if printed is not None and printed != computed:
                found.append(Disagreement(f"Total {label.lower()}", printed, computed))
        printed = self.printed_totals.get("total")
        if printed is not None and printed != self.total:
            found.append(Disagreement("Overall total", printed, self.total))
        return found

    def as_dict(self) -> dict[str, object]:
        return {
            "lines": [line.as_dict() for line in self.lines],
            "printed_totals": {k: _text(v) for k, v in self.printed_totals.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Budget:
        """The inverse of :meth:`as_dict` (stored budgets)."""
        lines = data.get("lines", [])
        printed = data.get("printed_totals", {})
        assert isinstance(lines, list) and isinstance(printed, dict)
        return cls(
            tuple(
                BudgetLine(
                    agency=str(line["agency"]),
                    **{k: _decimal(line.get(k)) for k in (*PARTS, "printed_total")},
                )
                for line in lines
            ),
            {str(k): _decimal(v) for k, v in printed.items()},
        )


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


BudgetProblem = RowProblem
"""One thing wrong with a budget file (row, column, what)."""


class BudgetError(FileProblems):
    """A file that cannot be read as a budget: every problem in ``problems``."""


def agency_of(text: str) -> str | None:
    """The agency code a name denotes (``Local Authority``, ``local_authority``, ``YJB``)."""
    return AGENCY_ALIASES.get(norm(text))


def _columns(headings: Sequence[str]) -> tuple[dict[str, int], list[BudgetProblem]]:
    found: dict[str, int] = {}
    for index, heading in enumerate(headings):
        key = norm(heading).replace(" ", "_")
        if key in COLUMNS and key not in found:
            found[key] = index
    missing = [name for name in COLUMNS if name not in found]
    problems = [
        BudgetProblem(1, "", f"no column {name} (the columns are {', '.join(COLUMNS)})")
        for name in missing
    ]
    return found, problems


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _money_cells(
    number: int, cells: Sequence[str], columns: Mapping[str, int], heading: Sequence[str]
) -> tuple[dict[str, Decimal | None], list[BudgetProblem]]:
    values: dict[str, Decimal | None] = {}
    problems = []
    for name in (*PARTS, "total"):
        try:
            values[name] = parse_money(_cell(cells, columns[name]))
        except ValueError as exc:
            problems.append(BudgetProblem(number, heading[columns[name]], str(exc)))
    return values, problems


def _agency_problem(
    number: int, name: str, column: str, seen: Mapping[str, int]
) -> tuple[str | None, BudgetProblem | None]:
    agency = agency_of(name)
    if agency is None:
        allowed = ", ".join(AGENCIES.values())
        message = f"{name!r} is not an agency (the agencies are {allowed}, then Total)"
        return None, BudgetProblem(number, column, message)
    if agency in seen:
        message = f"{AGENCIES[agency]} is on row {seen[agency]} and row {number}"
        return None, BudgetProblem(number, column, message)
    return agency, None


def parse_budget(rows: Sequence[Sequence[str]], source: str = "the budget") -> Budget:
    """A budget from a table's rows (the first row the headings). All-or-nothing: every
    problem (a missing column, a value that is not money, an unknown or repeated agency, a row
    after the Total row) is collected and :class:`BudgetError` raised with all of them."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(f"{source} has no headings (the first row names the columns)")
    heading = [cell.strip() for cell in rows[0]]
    columns, problems = _columns(heading)
    if problems:
        raise BudgetError(problems, source)
    lines: list[BudgetLine] = []
    printed: dict[str, Decimal | None] = {}
    seen: dict[str, int] = {}
    total_row: int | None = None
    filled = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(map(str.strip, cells))]
    for number, cells in filled:
        name = _cell(cells, columns["agency"]).strip()
        values, found = _money_cells(number, cells, columns, heading)
        problems += found
        if total_row is not None:
            problems.append(BudgetProblem(number, "", "a row after the Total row"))
        elif norm(name) == TOTAL_ROW:
            total_row, printed = number, values
        else:
            agency, problem = _agency_problem(number, name, heading[columns["agency"]], seen)
            if problem is not None or agency is None:
                problems += [problem] if problem else []
                continue
            seen[agency] = number
            lines.append(
                BudgetLine(
                    agency,
                    staffing_costs=values.get("staffing_costs"),
                    payments_in_kind=values.get("payments_in_kind"),
                    other_delegated_funds=values.get("other_delegated_funds"),
                    printed_total=values.get("total"),
                )
            )
    if problems:
        raise BudgetError(problems, source)
    if not lines:
        raise InputError(f"{source} has no agency rows")
    return Budget(tuple(lines), printed)


def read_rows(name: str, content: bytes, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The rows of a CSV (UTF-8) or XLSX file's first sheet, as text, within ``limits``
    (checked before the file is parsed)."""
    return table_rows(name, content, limits, "a budget is")


def read_budget(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Budget:
    """A budget file (CSV or XLSX) with the columns ``agency, staffing_costs,
    payments_in_kind, other_delegated_funds, total`` and an optional last row ``Total``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"cannot read {path.name}: no such file")
    return parse_budget(read_rows(path.name, read_bytes(path, limits), limits), path.name)


def budget_rows(budget: Budget) -> Iterable[tuple[str, list[str]]]:
    """The budget as a table people read: each agency, then the computed totals."""
    for line in budget.lines:
        yield (
            line.agency_name,
            [format_money(line.part(p)) for p in PARTS] + [format_money(line.total)],
        )
    yield (
        "Total",
        [format_money(budget.column_total(p)) for p in PARTS] + [format_money(budget.total)],
    )
