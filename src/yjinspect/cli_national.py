"""``yjinspect national``: the national record of inspections (Django is imported only when a
command runs, so the core never needs it).

``yjinspect national generate`` fills the configured database with a synthetic national
history (services, inspections, cases, answers and their ratings, every row marked synthetic).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from yjinspect import cli_national_import

national_app = typer.Typer(
    help="The national record: every inspection's ratings, across services.",
    no_args_is_help=True,
)
console = Console(highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(national_app, name="national")


cli_national_import.register(national_app)  # `national import` (h14-record)


@national_app.command("generate")
def generate(
    services: Annotated[int, typer.Option(help="Synthetic services (1 to 1000).")] = 150,
    inspections: Annotated[
        int, typer.Option(help="Inspections of each service, spread over 2018-2026 (1 to 20).")
    ] = 10,
    cases: Annotated[int, typer.Option(help="Cases of each inspection (1 to 200).")] = 60,
    seed: Annotated[int, typer.Option(help="The same seed gives the same history.")] = 1,
) -> None:
    """Fill the workspace's database with a synthetic national history: services, their
    inspections, cases and answers, each inspection rated and in the national record; every
    row marked synthetic."""
    from yjinspect.cli import _setup_workspace
    from yjinspect_web.national.scale import Scale

    scale = Scale(services=services, inspections=inspections, cases=cases, seed=seed)
    scale.check()
    _setup_workspace()
    from yjinspect_web.national.generate import generate as generate_history

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done)

        made = generate_history(scale, report)
    console.print(
        f"Generated a synthetic national history in {made.seconds:.0f} seconds: "
        f"{made.services:,} services, {made.inspections:,} inspections, {made.cases:,} cases, "
        f"{made.answers:,} answers and {made.ratings:,} ratings in the national record."
    )
