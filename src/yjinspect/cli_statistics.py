"""Commands of the statistics: ``moderation`` (double marking) and ``trend``.

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

from yjinspect.moderation import moderate, read_double_marking


def moderation(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Double marking, CSV: case_id,question_id,first,second."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Compare two markers' answers to the same cases: per question the pairs compared, %
    agreement, Cohen's kappa and the cases they disagree on; then pooled over every pair."""
    from yjinspect.cli import console  # the app's console (no import cycle at load)

    result = moderate(read_double_marking(file))
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    table = Table(title=f"Double marking: {file.name}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Question")
    table.add_column("Pairs compared", justify="right")
    table.add_column("Agreement", justify="right")
    table.add_column("Cohen's kappa")
    table.add_column("Cases they disagree on")
    for question in result.questions:
        table.add_row(
            question.id,
            str(question.pairs),
            question.agreement_words,
            question.kappa_words,
            ", ".join(question.disagreements) or "none",
        )
    overall = result.overall
    table.add_row(
        "All questions",
        str(overall.pairs),
        overall.agreement_words,
        overall.kappa_words,
        f"{len(overall.disagreements)} in all",
        style="bold",
    )
    console.print(table)
    console.print(
        "Pairs compared: cases both markers answered yes or no. Kappa: agreement beyond what "
        "chance would give (1 is full agreement, 0 no better than chance)."
    )


def register(app: typer.Typer) -> None:
    app.command("moderation")(moderation)
