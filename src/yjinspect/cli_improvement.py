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


def plan(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's name.")],
    csv_file: Annotated[
        Path | None, typer.Option("--csv", metavar="FILE", help="Write the plan as CSV.")
    ] = None,
    xlsx_file: Annotated[
        Path | None, typer.Option("--xlsx", metavar="FILE", help="Write it as XLSX.")
    ] = None,
    pdf_file: Annotated[
        Path | None, typer.Option("--pdf", metavar="FILE", help="Write it as PDF.")
    ] = None,
) -> None:
    """Export a service's current improvement plan: one row per action with its reference,
    recommendation, action, lead, agency, due date, status, RAG and latest update."""
    from yjinspect.cli import _setup_workspace, console
    from yjinspect.errors import InputError

    if not (csv_file or xlsx_file or pdf_file):
        raise InputError("name at least one of --csv FILE, --xlsx FILE and --pdf FILE")
    _setup_workspace()
    from yjinspect_web.improvement import exports

    found, table = exports.current_plan_table(service)
    for target, kind in ((csv_file, "csv"), (xlsx_file, "xlsx"), (pdf_file, "pdf")):
        if target is None:
            continue
        content = (
            exports.csv_bytes(table) if kind == "csv"
            else exports.xlsx_bytes(table) if kind == "xlsx"
            else exports.plan_pdf(found, table)
        )  # fmt: skip
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise InputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        console.print(f"Wrote {target} ({len(table) - 1} actions of {found.title}).")


def remind(
    days: Annotated[
        int, typer.Option(metavar="N", min=0, max=365, help="Remind of actions due within N days.")
    ] = 14,
    today: Annotated[
        str | None, typer.Option(metavar="DATE", help="Remind as of this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Email each action's lead about their actions due within N days or overdue, and each
    service manager a digest (for cron: at most once a day each)."""
    from datetime import date

    from yjinspect.cli import _setup_workspace, console
    from yjinspect.errors import InputError

    try:
        on = date.fromisoformat(today) if today else None
    except ValueError as exc:
        raise InputError(f"--today {today!r} is not a date written YYYY-MM-DD") from exc
    _setup_workspace()
    from django.utils import timezone

    from yjinspect_web.improvement.reminders import remind as send_reminders

    result = send_reminders(on or timezone.localdate(), days)
    table = Table(title="Reminders sent", title_justify="left", box=box.SIMPLE_HEAD)
    for heading in ("To", "Address", "Kind", "Subject"):
        table.add_column(heading)
    for reminder in result.sent:
        kind = "Their actions" if reminder.kind == "lead" else "Digest"
        table.add_row(reminder.recipient.display_name, reminder.address, kind, reminder.subject)
    console.print(table)
    console.print(f"{len(result.sent)} sent; {result.already} already sent today.")
    if result.no_address:
        console.print(f"No email address, so not reminded: {', '.join(result.no_address)}.")


def register(app: typer.Typer) -> None:
    """Add the improvement loop's commands to the ``yjinspect`` app."""
    app.add_typer(budget_app, name="budget")
    app.command("plan")(plan)
    app.command("remind")(remind)
