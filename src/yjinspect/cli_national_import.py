"""``yjinspect national import FILE``: the published record (overall scores and ratings of
published inspections, as the scrape of the Inspectorate's reports gives them) into the
workspace, every row checked, the refused ones reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from yjinspect.limits import DEFAULT_LIMITS, read_text
from yjinspect.national import read_published_record

console = Console(highlight=False)


def register(national_app: typer.Typer) -> None:
    national_app.command("import")(import_record)


def import_record(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
    framework: Annotated[
        str | None,
        typer.Option(
            help="The framework of every row (default: by publication date, 2021 standards "
            "from October 2021)."
        ),
    ] = None,
) -> None:
    """Import the published record (CSV: la_name, la_ref, score_%, overall_rating,
    publication_date, report_url): one service per la_ref, one published inspection per row.
    Rows that cannot stand are reported and not imported; the rest are imported together; a
    row already imported is left unchanged."""
    record = read_published_record(
        read_text(file, DEFAULT_LIMITS), file.name, framework_id=framework
    )
    from yjinspect.cli import _setup_workspace

    _setup_workspace()
    from yjinspect_web.national.importing import import_record as import_rows

    outcome = import_rows(record, None, file.name)
    if as_json:
        print(json.dumps(outcome.to_dict(), indent=2))
        return
    console.print(
        f"Imported {outcome.imported} published inspection(s) from {file.name}; "
        f"{outcome.unchanged} already recorded (unchanged); {len(outcome.refused)} refused."
    )
    if outcome.services_created:
        console.print(f"{outcome.services_created} new service(s) made.")
    if outcome.refused:
        table = Table(
            title="Rows refused (not imported)", title_justify="left", box=box.SIMPLE_HEAD
        )
        table.add_column("Row", justify="right")
        table.add_column("Service")
        table.add_column("Why")
        for row in outcome.refused:
            table.add_row(str(row.row), row.la_name, row.reason)
        console.print(table)
