"""A few seconds of the load benchmark (benchmarks/bench_load.py) as a smoke check: the real
server on the demo, people signed in through the sign-in page, pages and answer saves, no
errors. Timings are printed by the benchmark, never asserted here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_load.py"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_load", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_short_load_on_sqlite_has_no_errors() -> None:
    bench = _benchmark()
    options = bench.arguments(
        ["--database=sqlite", "--users=6", "--duration=3", "--think=0.2", "--saturation-users=3",
         "--saturation-duration=2", "--repeats=1", "--large-cases=3", "--workers=2",
         "--threads=2"]
    )  # fmt: skip
    result = bench.run_database("sqlite", options)
    assert result.load.samples and result.saturation.samples
    assert result.errors == 0, [
        s for s in result.load.samples + result.saturation.samples if not s.ok
    ]
    assert {s.page for s in result.load.samples} >= {"dashboard", "case", "inspection", "list"}
    assert set(result.single) >= {"dashboard", "case", "inspection", "list", "save"}
    bench.report(result, options)
