"""Backing up and restoring the workspace's database.

SQLite: SQLite's online backup API (:meth:`sqlite3.Connection.backup`), page by page, while
the workspace keeps serving; a restore copies the backup back the same way, in one step that
other connections see whole. PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``
(the PostgreSQL client programs, from the PATH or PostgreSQL's own folder). Backup files are
written readable by their owner only (mode 600).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from yjinspect.errors import InputError

Progress = Callable[[int, int], None]  # (done, total)
SQLITE_PAGES_PER_STEP = 256


def engine() -> str:
    """``sqlite`` or ``postgresql``: which database the workspace uses."""
    name = str(settings.DATABASES["default"]["ENGINE"])
    if name.endswith("sqlite3"):
        return "sqlite"
    if name.endswith("postgresql"):
        return "postgresql"
    raise InputError(f"backup supports SQLite and PostgreSQL, not {name}")


def _owner_only(path: Path) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


def _sqlite_path() -> Path:
    return Path(str(settings.DATABASES["default"]["NAME"]))


def _copy_sqlite(
    source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress
) -> None:
    def step(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    source.backup(target, pages=SQLITE_PAGES_PER_STEP, progress=step)


def backup(file: Path, progress: Progress) -> None:
    """Write a backup of the whole database to ``file`` (refused if it exists)."""
    if file.exists():
        raise InputError(f"{file} already exists: name a new file")
    if not file.parent.is_dir():
        raise InputError(f"cannot write {file}: no folder {file.parent}")
    kind = engine()
    _owner_only(file)
    try:
        if kind == "sqlite":
            with sqlite3.connect(_sqlite_path()) as source, sqlite3.connect(file) as target:
                _copy_sqlite(source, target, progress)
            source.close()
            target.close()
        else:
            _pg_dump(file, progress)
    except BaseException:
        file.unlink(missing_ok=True)
        raise


def _check_sqlite_backup(file: Path) -> None:
    try:
        with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as check:
            found = check.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'"
            ).fetchone()
            check.execute("PRAGMA quick_check").fetchone()
        check.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{file.name} is not a SQLite backup of the workspace") from exc
    if not found or not found[0]:
        raise InputError(f"{file.name} is not a backup of the workspace (no migrations table)")


def restore(file: Path, progress: Progress) -> None:
    """Replace the whole database with the backup in ``file``."""
    if not file.is_file():
        raise InputError(f"cannot read {file}: no such file")
    kind = engine()
    connections.close_all()
    if kind == "sqlite":
        _check_sqlite_backup(file)
        with sqlite3.connect(file) as source, sqlite3.connect(_sqlite_path()) as target:
            _copy_sqlite(source, target, progress)
        source.close()
        target.close()
    else:
        _pg_restore(file, progress)


# -- PostgreSQL ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise InputError(f"{name} is not installed (PostgreSQL's client programs)")
    return found


def _pg_connection() -> tuple[list[str], dict[str, str]]:
    """The connection options and environment (the password) for the client programs."""
    database: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    options = [f"--dbname={database['NAME']}"]
    if database.get("HOST"):
        options.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        options.append(f"--port={database['PORT']}")
    if database.get("USER"):
        options.append(f"--username={database['USER']}")
    return options, env


def _table_count() -> int:
    with connections["default"].cursor() as cursor:
        return len(connections["default"].introspection.table_names(cursor))


def _run_with_progress(
    command: list[str], env: dict[str, str], total: int, progress: Progress
) -> None:
    """Run a client program in verbose mode, advancing with each table it reports."""
    done = 0
    progress(0, total)
    with subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stderr is not None
        errors = []
        for line in process.stderr:
            lowered = line.lower()
            if "table data" in lowered or "dumping contents of table" in lowered:
                done = min(done + 1, total)
                progress(done, total)
            if "error" in lowered:
                errors.append(line.strip())
        status = process.wait()
    if status != 0:
        raise InputError(f"{Path(command[0]).name} failed: {errors[0] if errors else status}")
    progress(total, total)


def _pg_dump(file: Path, progress: Progress) -> None:
    options, env = _pg_connection()
    command = [_pg_tool("pg_dump"), "--format=custom", "--verbose", f"--file={file}", *options]
    _run_with_progress(command, env, _table_count(), progress)


def _pg_restore(file: Path, progress: Progress) -> None:
    listing = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(file)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0 or "django_migrations" not in listing.stdout:
        raise InputError(f"{file.name} is not a pg_dump backup of the workspace")
    tables = listing.stdout.count(" TABLE DATA ")
    options, env = _pg_connection()
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--verbose",
        *options,
        str(file),
    ]
    _run_with_progress(command, env, tables, progress)
