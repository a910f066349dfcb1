"""`yjinspect backup` and `yjinspect restore` round-trip a loaded workspace: every table of the
restored database equals the backed-up one (SQLite here; PostgreSQL when its programs are
installed, through scripts/postgres)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
YJINSPECT = [sys.executable, "-c", "from yjinspect.cli import main; main()"]


def _yjinspect(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*YJINSPECT, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _tables(database: Path) -> dict[str, list[Any]]:
    """Every table's rows, in order: the whole database as a comparable value."""
    with sqlite3.connect(database) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        tables = {
            name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
            for name in names
        }
    connection.close()
    return tables


@pytest.fixture
def workspace(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ) | {"YJINSPECT_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "250"}
    env.pop("DATABASE_URL", None)
    loaded = _yjinspect(env, "demo")
    assert loaded.returncode == 0, loaded.stderr
    return env


def test_backup_and_restore_round_trip_every_table(
    workspace: dict[str, str], tmp_path: Path
) -> None:
    database = Path(workspace["YJINSPECT_DATA_DIR"]) / "yjinspect.sqlite3"
    loaded = _tables(database)
    assert len(loaded["workspace_answer"]) > 500 and len(loaded) > 20
    backup = tmp_path / "backup.sqlite3"
    made = _yjinspect(workspace, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert f"Backed up the SQLite database to {backup}" in made.stdout
    assert backup.stat().st_mode & 0o777 == 0o600
    assert _tables(backup) == loaded
    # the workspace changes (the demo reloaded: new passwords, cases made again) ...
    assert _yjinspect(workspace, "demo", "--reset").returncode == 0
    assert _tables(database) != loaded
    # ... and the restore brings back every table exactly
    restored = _yjinspect(workspace, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Restored the SQLite database" in restored.stdout
    assert _tables(database) == loaded
    verified = _yjinspect(workspace, "audit", "verify")
    assert verified.returncode == 0, verified.stdout


def test_bad_backup_and_restore_requests_are_one_line_errors(
    workspace: dict[str, str], tmp_path: Path
) -> None:
    existing = tmp_path / "exists.sqlite3"
    existing.write_bytes(b"keep me")
    refused = _yjinspect(workspace, "backup", str(existing))
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert existing.read_bytes() == b"keep me"
    for content, message in ((b"not a database", "is not a SQLite backup"), (None, "no such")):
        path = tmp_path / "bad.sqlite3"
        path.unlink(missing_ok=True)
        if content is not None:
            path.write_bytes(content)
        refused = _yjinspect(workspace, "restore", str(path), "--yes")
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.startswith("yjinspect: error: ") and message in refused.stderr
        assert refused.stderr.count("\n") == 1


def _postgres_available() -> bool:
    return bool(shutil.which("pg_dump") or list(Path("/usr/lib/postgresql").glob("*/bin/pg_dump")))


@pytest.mark.skipif(not _postgres_available(), reason="PostgreSQL's programs are not installed")
def test_postgresql_backup_and_restore_round_trip(tmp_path: Path) -> None:
    """On a throwaway PostgreSQL server: demo, backup, change, restore, compare every table."""
    script = tmp_path / "round_trip.sh"
    script.write_text(
        f"""set -e
y() {{ {sys.executable} -c 'from yjinspect.cli import main; main()' "$@"; }}
dump() {{ {sys.executable} {ROOT / "tests" / "web" / "safety" / "pg_tables.py"}; }}
y demo > /dev/null
dump > {tmp_path}/loaded.txt
y backup {tmp_path}/backup.dump
y demo --reset > /dev/null
dump > {tmp_path}/changed.txt
y restore {tmp_path}/backup.dump --yes
dump > {tmp_path}/restored.txt
""",
        encoding="utf-8",
    )
    env = dict(os.environ) | {"YJINSPECT_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [str(ROOT / "scripts" / "postgres"), "run", "--", "bash", str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = (tmp_path / "loaded.txt").read_text(encoding="utf-8")
    assert "workspace_answer" in loaded
    assert (tmp_path / "changed.txt").read_text(encoding="utf-8") != loaded
    assert (tmp_path / "restored.txt").read_text(encoding="utf-8") == loaded
