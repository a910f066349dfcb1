"""``yjinspect national``: the national record of inspections (Django is imported only when a
command runs, so the core never needs it)."""

from __future__ import annotations

import typer

from yjinspect import cli_national_import

national_app = typer.Typer(
    help="The national record: every inspection's ratings, across services.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(national_app, name="national")


cli_national_import.register(national_app)
