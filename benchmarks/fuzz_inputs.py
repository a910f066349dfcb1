"""Fuzz benchmark: 10,000+ generated inputs across every form and importer of the workspace.

    .venv/bin/python benchmarks/fuzz_inputs.py [--inputs 10500] [--seed 1]

On a throwaway SQLite workspace (its own data folder) holding a small synthetic inspection (and
an earlier locked one with an improvement plan), it crawls the pages as a lead inspector, an
administrator and the service's manager, takes every form that posts (the same harness as
tests/web/safety/test_fuzz.py) and sends each form generated inputs (valid values, near
misses, hostile text and files); it also feeds the importers (population, budget, summary,
JSON/YAML, double marking files) generated files. Half the inputs go to the forms, half to the
importers (``--form-share``), shared evenly. It prints, per entry point, the inputs sent, how many
were refused, the crashes (a 500 or an exception) and the partial writes (a refused input that
changed the database), with the first of each. Both must be 0: the exit status is 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    os.environ["YJINSPECT_DATA_DIR"] = tempfile.mkdtemp(prefix="yjinspect-fuzz-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "yjinspect_web.settings"
    sys.path.insert(0, str(ROOT / "tests"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    logging.getLogger("django").setLevel(logging.CRITICAL)  # refusals are counted, not logged


@dataclass
class Tally:
    sent: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    crashes: dict[str, list[str]] = field(default_factory=dict)
    partial: dict[str, list[str]] = field(default_factory=dict)


def _fuzz_web(world: Any, point: str, examples: int, seed_value: int, tally: Tally,
              advance: Any) -> None:  # fmt: skip
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    from web.safety import fuzzing

    forms = fuzzing.forms_of(world, point)

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(data=st.data())
    def web(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms))
        fields = data.draw(fuzzing.filled(form))
        outcome = fuzzing.submit(world, form, fields, htmx=data.draw(st.booleans()))
        tally.sent[point] += 1
        tally.refused[point] += outcome.refused
        where = f"{form.who} {form.action}"
        if outcome.crash:
            tally.crashes.setdefault(point, []).append(f"{where}: {outcome.crash}")
        if outcome.partial_write:
            tally.partial.setdefault(point, []).append(f"{where}: changed {outcome.changed}")
        advance()

    web()


def _fuzz_importer(name: str, examples: int, seed_value: int, tally: Tally,
                   advance: Any) -> None:  # fmt: skip
    from hypothesis import HealthCheck, given, seed, settings

    from web.safety import fuzzing

    strategy, read = fuzzing.IMPORTERS[name]

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(value=strategy)
    def importer(value: Any) -> None:
        tally.sent[name] += 1
        crash = fuzzing.import_crash(read, value)
        if crash:
            tally.crashes.setdefault(name, []).append(crash)
        advance()

    importer()


def _report(world: Any, web_points: list[str], tally: Tally, elapsed: float) -> int:
    from rich.console import Console
    from rich.table import Table

    from web.safety import fuzzing

    console = Console(highlight=False)
    table = Table(title="Fuzzed inputs", title_justify="left")
    for heading in ("Entry point", "Inputs", "Refused", "Crashes", "Partial writes"):
        table.add_column(heading, justify="left" if heading == "Entry point" else "right")
    for point in [*web_points, *fuzzing.IMPORTERS]:
        refused = f"{tally.refused[point]:,}" if point in web_points else "-"
        crashes = len(tally.crashes.get(point, []))
        partial = len(tally.partial.get(point, []))
        table.add_row(point, f"{tally.sent[point]:,}", refused, str(crashes), str(partial))
    console.print(table)
    total_crashes = sum(len(v) for v in tally.crashes.values())
    total_partial = sum(len(v) for v in tally.partial.values())
    to_forms = sum(tally.sent[p] for p in web_points)
    console.print(
        f"{sum(tally.sent.values()):,} inputs ({to_forms:,} to {len(world.forms)} forms, the "
        f"rest to {len(fuzzing.IMPORTERS)} importers) in {elapsed:.0f} s: {total_crashes} "
        f"crashes, {total_partial} partial writes."
    )
    others = sorted({f.entry_point for f in fuzzing.forms_of(world, "other")})
    console.print(f"Forms under 'other': {', '.join(others)}.")
    for kind, found in (("Crash", tally.crashes), ("Partial write", tally.partial)):
        for point, items in found.items():
            console.print(f"{kind} ({point}, {len(items)}): {items[0]}")
    return 1 if total_crashes or total_partial else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--form-share", type=float, default=0.5, help="the share of inputs sent to the forms"
    )
    options = parser.parse_args()
    _setup()
    from django.test import Client
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from web.conftest import verify_second_factor
    from web.safety import fuzzing
    from yjinspect_web.accounts import twofactor
    from yjinspect_web.workspace import permissions

    def client_for(user: Any) -> Client:
        """Signed in, past the second factor where the person has or needs one (as the
        tests' own sign-in does)."""
        client = Client()
        client.force_login(user)
        if permissions.must_use_two_factor(user) or twofactor.has_two_factor(user):
            verify_second_factor(client, user)
        return client

    world = fuzzing.build_world(client_for)
    missing = [p for p in fuzzing.ENTRY_POINTS if not fuzzing.forms_of(world, p)]
    if missing:
        print(f"No form found for {', '.join(missing)}", file=sys.stderr)
        return 1
    web_points = [*fuzzing.ENTRY_POINTS, "other"]
    web_each = int(options.inputs * options.form_share) // len(web_points) + 1
    import_each = (options.inputs - web_each * len(web_points)) // len(fuzzing.IMPORTERS) + 1
    tally = Tally()
    started = time.perf_counter()
    total = web_each * len(web_points) + import_each * len(fuzzing.IMPORTERS)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), redirect_stderr=False
    ) as bar:
        task = bar.add_task("Fuzzing", total=total)
        for point in web_points:
            bar.update(task, description=f"Fuzzing {point}")
            print(f"{time.perf_counter() - started:.0f} s: {point}", file=sys.stderr, flush=True)
            _fuzz_web(world, point, web_each, options.seed, tally, lambda: bar.advance(task))
        for name in fuzzing.IMPORTERS:
            bar.update(task, description=f"Fuzzing {name}")
            _fuzz_importer(name, import_each, options.seed, tally, lambda: bar.advance(task))
    return _report(world, web_points, tally, time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
