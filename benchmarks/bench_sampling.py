"""How fast sampling is: prints figures, asserts nothing (speed targets are read, not tested).

    .venv/bin/python benchmarks/bench_sampling.py

For 200, 2,000 and 20,000 eligible cases (synthetic, 60% court): reading the population CSV,
and planning (eligibility, sample size, balanced selection with every reserve ordered), both on
a varied population and on one whose categories are correlated so that not every target can be
met (the search then tries all its starts). The target: 2,000 cases well under a second.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from yjinspect.cases import GENDERS
from yjinspect.framework import RISK_LEVELS
from yjinspect.sampling import COLUMNS, PopulationCase, plan, read_population

FIELDWORK = date(2026, 6, 1)
DISPOSALS = {
    "court": ("referral_order", "youth_rehabilitation_order", "custody", "other_court"),
    "out_of_court": ("community_resolution", "youth_caution", "youth_conditional_caution"),
}
WINDOW_DAYS = {"court": (date(2025, 9, 1), 91), "out_of_court": (date(2026, 1, 1), 90)}


def population(size: int, correlated: bool, seed: int = 0) -> list[PopulationCase]:
    """``size`` eligible cases, 60% court."""
    rng = random.Random(seed)
    cases = []
    for i in range(size):
        case_type = "court" if i % 5 < 3 else "out_of_court"
        first, days = WINDOW_DAYS[case_type]
        level = rng.choices(range(4), [4, 5, 3, 1])[0]
        if correlated:  # gender follows risk, so rounding may make the targets inconsistent
            gender = "male" if level < 2 else "female"
            disposal = DISPOSALS[case_type][min(level, len(DISPOSALS[case_type]) - 1)]
        else:
            gender = rng.choices(GENDERS, [14, 5, 1, 1])[0]
            disposal = rng.choice(DISPOSALS[case_type])
        cases.append(
            PopulationCase(
                f"P{i:05}",
                case_type,
                disposal,
                first + timedelta(days=rng.randrange(days)),
                gender,
                "white",
                RISK_LEVELS[level],
                rng.choices(RISK_LEVELS, [3, 5, 4, 1])[0],
            )
        )
    return cases


def write_csv(cases: list[PopulationCase], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, "team"])
        for case in cases:
            row = case.to_dict()
            writer.writerow([*(row[column] for column in COLUMNS), "North"])


def measure(label: str, work: Callable[[], object], repeat: int) -> None:
    work()  # warm caches (framework loading)
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    elapsed = time.perf_counter() - started
    print(f"{label:<62} {elapsed / repeat * 1000:9.1f} ms each")


def bench(size: int) -> None:
    repeat = 5 if size < 20_000 else 1
    varied = population(size, correlated=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "population.csv"
        write_csv(varied, path)
        measure(f"read a population CSV of {size:,} cases", lambda: read_population(path), 3)
    measure(f"plan {size:,} eligible cases (varied)", lambda: plan(varied, FIELDWORK), repeat)
    correlated = population(size, correlated=True)
    measure(
        f"plan {size:,} eligible cases (correlated categories)",
        lambda: plan(correlated, FIELDWORK),
        repeat,
    )
    found = plan(correlated, FIELDWORK)
    deviations = {g.case_type: g.objective()[0] for g in found.selection.groups}
    print(f"{'':<4}sample {found.sizes.total}; total deviation from targets {deviations}")


def main() -> None:
    for size in (200, 2_000, 20_000):
        bench(size)


if __name__ == "__main__":
    main()
