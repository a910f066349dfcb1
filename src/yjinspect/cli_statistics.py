"""Commands of the statistics: ``moderation`` (double marking) and ``trend``.

Registered on the main app by :func:`register`; Django is imported only inside the commands
that read the workspace.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from yjinspect.errors import InputError
from yjinspect.moderation import moderate, read_double_marking
from yjinspect.trends import METHOD, FigureTrend, Trend


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


def trend(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """A service's inspections and self-assessments over time, like with like: each standard's
    rating, and each key question's % yes with its 95% interval and whether a change is more
    than chance (two-proportion test)."""
    from yjinspect.cli import console

    found = _workspace_trend(service)
    if as_json:
        typer.echo(json.dumps(found.to_dict(), indent=2))
        return
    listed = "; ".join(
        f"{o.label} ({o.framework.name}{'' if o.locked else ', ratings not locked'})"
        for o in found.occasions
    )
    console.print(f"[bold]{found.service}[/bold]: {listed or 'no inspection or self-assessment'}")
    for standard in found.standards:
        table = Table(
            title=f"{standard.id} {standard.name}: "
            + ", ".join(
                f"{p.occasion.label} {p.rating}"
                + (" (as published; figures not held)" if p.as_published else "")
                for p in standard.ratings
            ),
            title_justify="left",
            box=box.SIMPLE_HEAD,
        )
        table.add_column("Key question")
        table.add_column("Over time (% yes, 95% interval)")
        table.add_column("Latest change")
        for figure in standard.key_questions:
            table.add_row(figure.id, _series(figure), _change(figure))
        if standard.key_questions:
            console.print(table)
        else:
            console.print(table.title)
    console.print(METHOD)


def _series(figure: FigureTrend) -> str:
    parts = []
    for point in figure.points:
        interval = point.confidence
        shown = f"{point.occasion.label}: {point.percent}%"
        shown += f" ({interval.words})" if interval else " (published)"
        parts.append(shown)
    return "\n".join(parts)


def _change(figure: FigureTrend) -> str:
    change = figure.latest_change
    return change.words if change else "-"


def _workspace_trend(service: str) -> Trend:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect_web.settings")
    import django
    from django.db import DatabaseError

    django.setup()
    from yjinspect_web.trends.services import trend_for_service_name

    try:
        return trend_for_service_name(service)
    except DatabaseError as exc:
        raise InputError(f"cannot read the workspace's database: {exc}") from exc


def register(app: typer.Typer) -> None:
    app.command("moderation")(moderation)
    app.command("trend")(trend)
