"""``yjinspect backup``, ``yjinspect restore`` and ``yjinspect retention``: the workspace's data
kept safely, and not for ever (Django is imported only when a command runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from yjinspect.errors import InputError

console = Console(highlight=False)


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("retention")(retention)


def _progress(what: str) -> Progress:
    return Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _kind_name(kind: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[kind]


def backup(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Back up the whole workspace database to FILE (SQLite: online, while serving;
    PostgreSQL: pg_dump's custom format). FILE must not exist; it is made mode 600."""
    from yjinspect.cli import _setup_workspace

    _setup_workspace()
    from yjinspect_web.safety import backup as backups

    kind = backups.engine()
    unit = "pages" if kind == "sqlite" else "tables"
    with _progress(f"Backing up the {_kind_name(kind)} database ({unit})") as progress:
        task = progress.add_task("backup", total=None)
        backups.backup(file, lambda done, total: progress.update(task, completed=done, total=total))
    size = file.stat().st_size
    console.print(f"Backed up the {_kind_name(kind)} database to {file} ({size:,} bytes).")


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the database without asking first.")
    ] = False,
) -> None:
    """Replace the whole workspace database with the backup in FILE (made by `backup`),
    then bring it up to date (migrate)."""
    from yjinspect.cli import _setup_workspace

    _setup_workspace()
    from yjinspect_web.safety import backup as backups

    kind = backups.engine()
    if not file.is_file():
        raise InputError(f"cannot read {file}: no such file")
    if not yes and not typer.confirm(
        f"Replace everything in the workspace's {_kind_name(kind)} database with {file}?"
    ):
        raise InputError("nothing restored")
    unit = "pages" if kind == "sqlite" else "tables"
    with _progress(f"Restoring the {_kind_name(kind)} database ({unit})") as progress:
        task = progress.add_task("restore", total=None)
        backups.restore(
            file, lambda done, total: progress.update(task, completed=done, total=total)
        )
    _setup_workspace()  # a backup made by an older version is migrated forward
    console.print(f"Restored the {_kind_name(kind)} database from {file}.")


def retention(
    older_than: Annotated[
        int,
        typer.Option(
            "--older-than",
            metavar="YEARS",
            help="Remove case details of settled inspections whose fieldwork ended more "
            "than YEARS years ago.",
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be removed; change nothing.")
    ] = False,
) -> None:
    """Remove the case details and answers of settled (locked) inspections past the retention
    period, keeping their ratings, figures and report; recorded in each one's history."""
    from yjinspect.cli import _setup_workspace

    if older_than < 1:
        raise InputError("--older-than is a whole number of years, at least 1")
    _setup_workspace()
    from yjinspect_web.safety import retention as policy

    found = policy.due(older_than)
    table = Table(title="Would be removed" if dry_run else "Removed", title_justify="left")
    for heading in ("Inspection", "Service", "Fieldwork ended", "Cases", "Records removed"):
        table.add_column(heading)
    for item in found:
        table.add_row(
            item.inspection.title,
            item.inspection.service.name,
            item.ended.strftime("%-d %B %Y"),
            str(item.cases),
            policy.listed(item.removed).capitalize(),
        )
    if not found:
        console.print(
            f"No settled inspection's fieldwork ended more than {older_than} years ago "
            "(with its case details still kept): nothing to remove."
        )
        return
    if dry_run:
        console.print(table)
        console.print("Dry run: nothing was changed. Run again without --dry-run to remove these.")
        return
    with _progress("Removing case details") as progress:
        task = progress.add_task("retention", total=len(found))
        for item in found:
            policy.remove(item, older_than)
            progress.advance(task)
    console.print(table)
    console.print(
        "Their ratings, figures and reports are kept; each removal is recorded in the "
        "inspection's history."
    )
