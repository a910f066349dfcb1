"""National-scale benchmark: a synthetic national history, then the national dashboard's
aggregates against one hand-written SQL query, and one service's timeline.

    .venv/bin/python benchmarks/bench_national.py [--scale small|full]
        [--database postgresql|sqlite] [--repeats N]

On PostgreSQL (the default: a throwaway server from `scripts/postgres`, run around this same
script, unless DATABASE_URL already names a PostgreSQL database, which must be empty of
synthetic history) or SQLite (a throwaway data folder), it:

1. generates the history with `yjinspect national generate` (full: 150 services x 10
   inspections x 60 cases, about 4.5 million answers; small: 5 x 3 x 12, a few seconds) and
   prints how long that took;
2. times, `--repeats` times each after one warm-up (medians printed):
   - the national dashboard's aggregates for its default selection, the latest year
     (`yjinspect_web.national.aggregates.dashboard`, the code the page and its exports run:
     ratings by year and by standard, the case totals, and the key question, prompt and case
     data split figures from the answers);
   - the same answer counts by one hand-written SQL query over the same answers (grouped by
     framework, question, gender, ethnicity and disposal), and the ratio of the two;
   - both again over every year (no year chosen);
   - one service's timeline of ratings (`yjinspect_web.national.timeline.service_timeline`).
3. checks that the dashboard and the hand-written query counted the same answers (it exits 1
   if not).

Targets at full scale on the 2-core machine (README, "National scale"): the dashboard's
aggregates under 2 s and within 3x of the hand-written query; a service timeline under 200 ms.
Nothing is asserted on time: the figures are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCALES = {
    "small": {"services": 5, "inspections": 3, "cases": 12},
    "full": {"services": 150, "inspections": 10, "cases": 60},
}
TARGETS = {"dashboard": 2.0, "ratio": 3.0, "timeline": 0.2}

# Run with the benchmark's environment, after the history is generated: times the code paths
# and prints one JSON object.
MEASURE = r"""
import json, os, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect_web.settings")
import django
django.setup()
from django.db import connection
from yjinspect_web.national import aggregates
from yjinspect_web.national.aggregates import Filters
from yjinspect_web.workspace.models import Service

repeats = int(sys.argv[1])

RAW = '''SELECT i.framework_id, a.question_id, c.gender, c.ethnicity, c.disposal,
    SUM(CASE WHEN a.value = 'yes' THEN 1 ELSE 0 END), COUNT(*)
FROM workspace_answer a
JOIN workspace_case c ON c.id = a.case_id
JOIN workspace_inspection i ON i.id = c.inspection_id
JOIN national_publishedrating r ON r.inspection_id = i.id AND r.standard_id = 'overall'
WHERE c.state <> 'withdrawn' AND a.value IN ('yes', 'no') {year}
GROUP BY i.framework_id, a.question_id, c.gender, c.ethnicity, c.disposal'''


def raw(year):
    with connection.cursor() as cursor:
        if year is None:
            cursor.execute(RAW.format(year=""))
        else:
            cursor.execute(RAW.format(year="AND r.year = %s"), [year])
        return cursor.fetchall()


def timed(work):
    work()  # warm-up: imports, query plans, caches
    times = []
    result = None
    for _ in range(repeats):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def counted(found):
    return sum(row.figure.relevant for row in found.cases.questions)


latest = aggregates.years()[0]
figures = {"latest_year": latest}
for name, year in (("year", latest), ("every_year", None)):
    seconds, found = timed(lambda: aggregates.dashboard(Filters(year=year)))
    raw_seconds, rows = timed(lambda: raw(year))
    figures[name] = {
        "dashboard": seconds,
        "raw": raw_seconds,
        "dashboard_answers": counted(found),
        "raw_answers": sum(int(row[6]) for row in rows),
        "inspections": found.cases.inspections,
        "cases": found.cases.cases,
    }
service = Service.objects.filter(synthetic=True).order_by("pk").first()
try:
    from yjinspect_web.national.timeline import service_timeline
except ImportError:
    figures["timeline"] = None
else:
    seconds, timeline = timed(lambda: service_timeline(service, None))
    figures["timeline"] = {"seconds": seconds, "entries": len(timeline.entries)}
print(json.dumps(figures))
"""


def _run(env: dict[str, str], *args: str, timeout: float = 7200) -> str:
    done = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_national: {' '.join(args[:3])} failed:\n{done.stderr}")
    return done.stdout


def run_database(database: str, options: argparse.Namespace) -> dict[str, object]:
    """Generate and measure on one database (PostgreSQL: DATABASE_URL must be set)."""
    data = Path(tempfile.mkdtemp(prefix="yjinspect-bench-national-"))
    env = {k: v for k, v in os.environ.items() if database == "postgresql" or k != "DATABASE_URL"}
    env.update(
        YJINSPECT_DATA_DIR=str(data / "data"), YJINSPECT_SECRET_KEY=secrets.token_urlsafe(40)
    )
    scale = SCALES[options.scale]
    try:
        began = time.monotonic()
        _run(
            env,
            str(BIN / "yjinspect"),
            "national",
            "generate",
            *(f"--{name}={value}" for name, value in scale.items()),
            f"--seed={options.seed}",
        )
        generated = time.monotonic() - began
        figures = json.loads(
            _run(env, sys.executable, "-c", MEASURE, str(options.repeats)).splitlines()[-1]
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)
    figures.update(database=database, scale=options.scale, generated=generated)
    return dict(figures)


def report(figures: dict[str, object]) -> bool:
    """Print the figures; True when both ways counted the same answers."""
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[str(figures["database"])]
    scale = SCALES[str(figures["scale"])]
    print(
        f"\n{name}, {figures['scale']} scale ({scale['services']} services x "
        f"{scale['inspections']} inspections x {scale['cases']} cases)"
    )
    print(f"  generated in {figures['generated']:.0f} s (yjinspect national generate)")
    same = True
    for key, words in (
        ("year", f"latest year ({figures['latest_year']})"),
        ("every_year", "every year"),
    ):
        part = figures[key]
        assert isinstance(part, dict)
        ratio = part["dashboard"] / part["raw"] if part["raw"] else float("inf")
        print(
            f"  {words}: {part['inspections']} inspections, {part['cases']} cases, "
            f"{part['dashboard_answers']:,} answers counted"
        )
        print(
            f"    dashboard aggregates {part['dashboard'] * 1000:8.0f} ms"
            f" (target {TARGETS['dashboard'] * 1000:.0f} ms)"
        )
        print(f"    hand-written SQL     {part['raw'] * 1000:8.0f} ms")
        print(f"    ratio                {ratio:8.2f} x (target {TARGETS['ratio']:.0f} x)")
        if part["dashboard_answers"] != part["raw_answers"]:
            print(
                f"    DIFFERENT COUNTS: dashboard {part['dashboard_answers']}, "
                f"hand-written {part['raw_answers']}"
            )
            same = False
    timeline = figures["timeline"]
    if isinstance(timeline, dict):
        print(
            f"  one service's timeline ({timeline['entries']} inspections): "
            f"{timeline['seconds'] * 1000:.1f} ms (target {TARGETS['timeline'] * 1000:.0f} ms)"
        )
    else:
        print("  one service's timeline: not available in this version")
    sys.stdout.flush()
    return same


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--scale", choices=tuple(SCALES), default="full")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    if options.database == "sqlite" or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return 0 if report(run_database(options.database, options)) else 1
    # a throwaway PostgreSQL server around this same benchmark
    done = subprocess.run(
        [
            str(REPOSITORY / "scripts" / "postgres"),
            "run",
            "--",
            sys.executable,
            __file__,
            f"--scale={options.scale}",
            f"--repeats={options.repeats}",
            f"--seed={options.seed}",
        ],
        check=False,
    )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
