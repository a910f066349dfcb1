"""``yjinspect audit``: check the workspace's audit trail (Django is imported only when a
command runs, so the core never needs it).

``yjinspect audit verify`` exits 0 when the chain is intact, 1 when it is broken (naming the
first broken event), and 2 on bad input (the usual one line ``yjinspect: error: ...``).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from yjinspect.errors import InputError

audit_app = typer.Typer(help="Check the workspace's audit trail.", no_args_is_help=True)
console = Console(highlight=False)

INTACT, BROKEN = 0, 1


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify(
    expect: Annotated[
        str,
        typer.Option(
            metavar="HASH",
            help="The latest hash printed by an earlier verify: also check that the chain "
            "still contains it (a rewritten chain does not).",
        ),
    ] = "",
) -> None:
    """Check that no audit event was changed or removed since it was recorded: exit 0 if
    the chain is intact, 1 if not (naming the first broken event)."""
    from yjinspect.cli import _setup_workspace

    if expect and (len(expect) != 64 or any(c not in "0123456789abcdef" for c in expect)):
        raise InputError(f"--expect {expect!r} is not a hash (64 hexadecimal digits)")
    _setup_workspace()
    from yjinspect_web.audit.chain import verify as verify_chain
    from yjinspect_web.workspace.models import AuditEvent

    total = AuditEvent.objects.count()
    with Progress(
        TextColumn("Checking the audit trail"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("verify", total=total)
        result = verify_chain(lambda n: progress.advance(task, n))
    if result.broken is not None:
        console.print(f"The audit trail is BROKEN: {result.broken.describe()}.")
        console.print(f"The {result.events} events before it are intact.")
        raise typer.Exit(BROKEN)
    if expect and not AuditEvent.objects.filter(hash=expect).exists():
        console.print(
            f"The audit trail is BROKEN: it holds {result.events} consistent events, but "
            f"none with the expected hash {expect}: it was rewritten or replaced."
        )
        raise typer.Exit(BROKEN)
    console.print(f"The audit trail is intact: {result.events} events, each sealed to the last.")
    if result.latest_hash:
        console.print(f"Latest hash: {result.latest_hash} (keep it to check against later).")
