"""``yjinspect profile check FILE``: a service's profile (YAML, JSON) or a file of printed
figures (CSV, XLSX) checked: every rate and share computed from its counts, and every printed
figure that disagrees with them (exit 1), or 0 when all agree; an unreadable file exits 2 with
one line (issue 15; the figures are those of 004's "Contextual facts")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from yjinspect.profile import Figure, format_number
from yjinspect.profile_files import ProfileCheck, check_profile_file
from yjinspect.words import plain

profile_app = typer.Typer(
    help="Check a service's profile or printed figures.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")


def _printed(figure: Figure) -> str:
    if figure.printed is None:
        return "-"
    text = format_number(figure.printed)
    return f"{text}%" if figure.is_share else text


def _agrees(figure: Figure) -> str:
    if not figure.has_counts:
        return "no counts"
    if figure.printed is None:
        return "computed"
    return "no" if figure.disagreement() else "yes"


def _table(check: ProfileCheck) -> Table:
    rows = check.kind == "printed figures"
    table = Table(
        title=f"{'Printed figures' if rows else 'Profile'}: {check.source} (computed from the "
        "counts)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    sections = rows and any(item.section for item in check.figures)
    table.add_column("Row" if rows else "Section")
    if sections:
        table.add_column("Section")
    table.add_column("Measure", ratio=3)
    for heading in ("Count", "Denominator", "Per", "Printed", "Computed"):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("Agrees")
    section = None
    for item in check.figures:
        figure = item.figure
        where = str(item.row) if rows else ("" if item.section == section else item.section)
        section = item.section
        table.add_row(
            where,
            *([item.section] if sections else []),
            figure.label,
            format_number(figure.count) if figure.count is not None else "-",
            format_number(figure.denominator) if figure.denominator is not None else "-",
            f"{figure.per:,}",
            _printed(figure),
            figure.shown() if figure.has_counts else "-",
            _agrees(figure),
            style="bold" if figure.disagreement() else None,
        )
    return table


def _disproportionality(check: ProfileCheck) -> Table:
    table = Table(
        title="Disproportionality: relative rate index against the area's children aged 10-17 "
        "(fewer than 5 suppressed)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("By")
    table.add_column("Group")
    for heading in ("Caseload", "Population 10-17", "Per 1,000", "Relative rate index"):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("How")
    for row in check.disproportionality:
        table.add_row(
            plain(row.dimension),
            row.label,
            row.caseload_shown,
            row.population_shown,
            str(row.rate_per_1000) if row.rate_per_1000 is not None else "-",
            str(row.index) if row.index is not None else "suppressed",
            row.explanation(),
        )
    return table


@profile_app.command("check")
def check(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A profile (.yaml, .yml, .json) or printed figures (.csv, .xlsx) with the "
            "columns measure,count,denominator,percent[,per].",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Compute every rate and share from its counts and list each printed figure that
    disagrees (row, printed, computed): exit 1 if any does, 0 when all agree, 2 if the file
    cannot be read."""
    from yjinspect.cli import console  # the app's console (no import cycle at load)

    result = check_profile_file(file)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    else:
        console.print(_table(result))
        if result.disproportionality:
            console.print(_disproportionality(result))
        count = len(result.disagreements)
        if not count:
            console.print("Every printed figure agrees with its counts.")
        else:
            console.print(
                f"{count} printed figure{'s' * (count != 1)} disagree{'s' * (count == 1)} with "
                "the counts:"
            )
            for item in result.disagreements:
                where = f"Row {item.row}: " if item.row is not None else ""
                console.print(f"- {where}{item.disagreement}")
    if result.disagreements:
        raise typer.Exit(1)
