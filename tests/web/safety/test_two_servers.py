"""Several app servers, one database (issue 9): two `yjinspect serve` processes, each with a
data folder of its own, on one PostgreSQL (scripts/postgres). Writes through both are kept,
a stale save through one after a save through the other is refused, and a session made on one
is good on the other: the workspace keeps no per-server state."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _postgres_available() -> bool:
    return bool(shutil.which("initdb") or Path("/usr/lib/postgresql/15/bin/initdb").exists())


@pytest.mark.skipif(not _postgres_available(), reason="PostgreSQL is not installed")
def test_two_servers_on_one_postgresql() -> None:
    done = subprocess.run(
        [
            str(ROOT / "scripts" / "postgres"),
            "run",
            "--",
            sys.executable,
            str(Path(__file__).with_name("two_servers.py")),
        ],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["signed_in"] == 200
    assert seen["session_good_on_other_server"]
    assert seen["writes"] >= 8
    assert seen["statuses"] == [200] * seen["writes"]
    through = [evidence for _, evidence, _ in seen["answers"].values()]
    assert through.count("Seen through server a.") == (seen["writes"] + 1) // 2
    assert through.count("Seen through server b.") == seen["writes"] // 2
    stale = seen["stale"]
    assert (stale["first"], stale["second"], stale["refused"]) == (200, 200, True)
    assert stale["kept"] == ["yes", "First.", 1]  # the second server's stale save changed nothing
