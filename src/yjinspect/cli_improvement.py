"""Commands of the improvement loop: ``budget check``, ``plan`` and ``remind``.

Registered on the main app by :func:`register`; Django is imported only inside the commands
that read the workspace.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from yjinspect.budget import PARTS, budget_rows, format_money, read_budget

budget_app = typer.Typer(help="Check a partnership budget.", no_args_is_help=True)


@budget_app.command("check")
def budget_check(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A budget, .csv or .xlsx.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Compute a budget's totals by agency and overall, and name every printed figure that
    disagrees with them (exit 0); exit 2 if the file cannot be read as a budget."""
    from yjinspect.cli import console  # the app's console (no import cycle at load)

    budget = read_budget(file)
    found = budget.disagreements()
    if as_json:
        payload = {
            "agencies": [{**line.as_dict(), "total": str(line.total)} for line in budget.lines],
            "totals": {
                **{name: str(budget.column_total(name)) for name in PARTS},
                "total": str(budget.total),
            },
            "disagreements": [
                {"where": d.where, "printed": str(d.printed), "computed": str(d.computed)}
                for d in found
            ],
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table(title=f"Budget: {file.name} (computed totals)", title_justify="left",
                  box=box.SIMPLE_HEAD)  # fmt: skip
    table.add_column("Agency")
    for label in (*PARTS.values(), "Total"):
        table.add_column(label, justify="right")
    for agency, cells in budget_rows(budget):
        table.add_row(agency, *cells, style="bold" if agency == "Total" else None)
    console.print(table)
    if not found:
        console.print("Every printed total agrees with the sum of its parts.")
        return
    count = len(found)
    console.print(f"{count} printed figure{'s' * (count != 1)} disagree{'s' * (count == 1)} "
                  "with the sum of the parts:")  # fmt: skip
    for disagreement in found:
        console.print(f"- {disagreement}")
    console.print(f"The computed overall total is {format_money(budget.total)}.")


def register(app: typer.Typer) -> None:
    """Add the improvement loop's commands to the ``yjinspect`` app."""
    app.add_typer(budget_app, name="budget")
