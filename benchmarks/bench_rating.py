"""How fast the core rates: prints figures, asserts nothing (speed targets are read, not tested).

    .venv/bin/python benchmarks/bench_rating.py

Measures rating the Blackpool 2021 summary, tallying and rating the synthetic case file, and
tallying a large synthetic inspection (100 cases x every question of iyjs-2018).
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from yjinspect.framework import load_framework
from yjinspect.inputs import (
    CaseAnswer,
    evidence_from_cases,
    evidence_from_summary,
    read_case_answers,
    read_summary,
)
from yjinspect.rating import rate_inspection

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def measure(label: str, work: Callable[[], object], repeat: int) -> None:
    work()  # warm caches (framework loading)
    tracemalloc.start()
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<55} {elapsed / repeat * 1000:8.2f} ms each  peak {peak / 1024:8.0f} KiB")


def large_inspection() -> list[CaseAnswer]:
    framework = load_framework("iyjs-2018")
    answers = []
    for case in range(100):
        domain = "2" if case % 5 < 3 else "3"
        for standard, kq in framework.key_questions():
            if not standard.id.startswith(domain):
                continue
            value = "yes" if (case + len(kq.id)) % 4 else "no"
            if kq.sub_sample and case % 7 == 0:
                value = "na"
            answers.append(CaseAnswer(0, f"C{case:03}", kq.id, value))
            for prompt in kq.prompts:
                answers.append(CaseAnswer(0, f"C{case:03}", prompt.id, value))
    return answers


def main() -> None:
    summary = read_summary(EXAMPLES / "blackpool-2021.json")
    measure(
        "rate the Blackpool 2021 summary",
        lambda: rate_inspection(evidence_from_summary(summary)),
        200,
    )
    cases = EXAMPLES / "blackpool-2021-cases.csv"
    judged = {"1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good"}
    measure(
        "read, tally and rate the synthetic case file (1,362 rows)",
        lambda: rate_inspection(evidence_from_cases("iyjs-2018", read_case_answers(cases), judged)),
        50,
    )
    answers = large_inspection()
    measure(
        f"tally and rate {len(answers):,} answers (100 cases)",
        lambda: rate_inspection(evidence_from_cases("iyjs-2018", answers, judged)),
        20,
    )


if __name__ == "__main__":
    main()
