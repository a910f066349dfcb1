"""The partnership budget (003, 8.1): money as printed, totals computed, disagreements named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from yjinspect.budget import (
    Budget,
    BudgetError,
    format_money,
    parse_budget,
    parse_money,
    read_budget,
)
from yjinspect.errors import InputError

EXAMPLE = Path(__file__).parent.parent / "examples" / "blackpool-budget-2021-22.csv"
HEAD = ["agency", "staffing_costs", "payments_in_kind", "other_delegated_funds", "total"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("58,336", Decimal(58336)),
        ("£1,160,023", Decimal(1160023)),
        ("1160023", Decimal(1160023)),
        ("43260.50", Decimal("43260.50")),
        ("885.262", Decimal("885.262")),
        ("", None),
        (" - ", None),
    ],
)
def test_money_as_printed(text: str, value: Decimal | None) -> None:
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["abc", "12,34", "1,2345", "-5", "5k", "1,000,00"])
def test_what_is_not_money_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a sum of money"):
        parse_money(text)


def test_money_is_shown_with_commas() -> None:
    assert format_money(Decimal(885262)) == "885,262"
    assert format_money(Decimal("10.5")) == "10.50"
    assert format_money(None) == "-"


def test_003_budget_totals_are_computed_and_the_staffing_slip_reported() -> None:
    budget = read_budget(EXAMPLE)
    assert [line.agency for line in budget.lines] == [
        "police", "probation", "health", "local_authority", "yjb", "other",
    ]  # fmt: skip
    assert budget.column_total("staffing_costs") == 885262
    assert budget.column_total("other_delegated_funds") == 274761
    assert budget.total == 1160023
    found = budget.disagreements()
    assert [str(d) for d in found] == [
        "Total staffing costs: printed 885.262, but its parts sum to 885,262 "
        "(a full stop where a comma belongs?)"
    ]


def test_an_agency_total_that_disagrees_is_named() -> None:
    budget = parse_budget([HEAD, ["Police", "10", "", "5", "16"]])
    [found] = budget.disagreements()
    assert str(found) == "Police total: printed 16, but its parts sum to 15"


def test_every_problem_is_listed_and_nothing_returned() -> None:
    rows = [
        HEAD,
        ["Police", "ten", "", "", ""],
        ["Fire brigade", "1", "", "", ""],
        ["Police", "1", "", "", ""],
    ]
    with pytest.raises(BudgetError) as caught:
        parse_budget(rows, "b.csv")
    problems = [str(p) for p in caught.value.problems]
    assert problems[0].startswith("row 2, column staffing_costs: 'ten' is not a sum of money")
    assert "'Fire brigade' is not an agency" in problems[1]
    assert "Police is on row 2 and row 4" in problems[2]
    assert str(caught.value).startswith("b.csv has 3 problems; first: row 2")


def test_a_missing_column_is_refused() -> None:
    with pytest.raises(BudgetError, match="no column payments_in_kind"):
        parse_budget([["agency", "staffing costs", "other delegated funds", "total"]])


def test_headings_compare_without_case_and_spacing() -> None:
    head = ["Agency", "Staffing Costs", "Payments in kind", "Other delegated funds", "Total"]
    budget = parse_budget([head, ["Local authority", "1,000", "", "", "1,000"]])
    assert budget.lines[0].agency == "local_authority"
    assert not budget.disagreements()


def test_a_row_after_the_total_row_is_refused() -> None:
    with pytest.raises(BudgetError, match="a row after the Total row"):
        parse_budget([HEAD, ["Police", "1", "", "", ""], ["Total", "1", "", "", "1"],
                      ["Health", "1", "", "", ""]])  # fmt: skip


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InputError, match="no headings"):
        parse_budget([])
    with pytest.raises(InputError, match="no agency rows"):
        parse_budget([HEAD, ["Total", "", "", "", ""]])


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEAD)
    sheet.append(["Health", 39974, None, 15444, 55418])
    sheet.append(["Total", 39974, None, 15444, 55418])
    path = tmp_path / "budget.xlsx"
    workbook.save(path)
    budget = read_budget(path)
    assert budget.total == 55418 and not budget.disagreements()


def test_a_stored_budget_round_trips() -> None:
    budget = read_budget(EXAMPLE)
    again = Budget.from_dict(budget.as_dict())
    assert again == budget


def test_other_file_kinds_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "budget.txt"
    path.write_text("x")
    with pytest.raises(InputError, match=r"a budget is a \.csv or \.xlsx file"):
        read_budget(path)
    with pytest.raises(InputError, match="cannot read"):
        read_budget(tmp_path / "missing.csv")
