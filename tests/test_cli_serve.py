"""``yjinspect serve`` and ``yjinspect demo``: bad input is one line and exit status 2, and the
core's command line imports Django only when a workspace command runs."""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run

SCRIPT = Path(sys.executable).parent / "yjinspect"
REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("port", ["70000", "0", "-1", "eighty", "80.5"])
def test_a_bad_port_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str], port: str) -> None:
    status, out, err = run(capsys, "serve", f"--port={port}")
    assert status == 2
    assert out == ""
    assert err == f"yjinspect: error: --port {port!r} is not a port number (1-65535)\n"


def _workspace_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["YJINSPECT_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_a_port_in_use_is_one_line_and_status_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(SCRIPT), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            check=False,
            env=_workspace_env(tmp_path),
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"yjinspect: error: cannot serve on 127.0.0.1 port {port}: ")
    assert done.stderr.count("\n") == 1


def test_demo_prints_the_accounts_and_the_password(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "demo"],
        capture_output=True,
        text=True,
        check=False,
        env={**_workspace_env(tmp_path), "COLUMNS": "200"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for username in ("admin", "lead", "partner-police", "manager", "board", "outsider"):
        assert f" {username} " in done.stdout
    assert "Password of every demo account" in done.stdout
    assert "8000" not in done.stdout  # the address is serve's, on the port it really uses
    assert (tmp_path / "data" / "yjinspect.sqlite3").is_file()


def test_the_core_command_line_does_not_import_django() -> None:
    code = "import sys, yjinspect.cli; print(any(m.startswith('django') for m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


def _yjinspect(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "COLUMNS": "200"},
        timeout=180,
    )


def test_demo_loads_on_a_first_run_only_and_keeps_work_until_reset(tmp_path: Path) -> None:
    env = _workspace_env(tmp_path)
    database = tmp_path / "data" / "yjinspect.sqlite3"
    assert _yjinspect(env, "demo").returncode == 0

    def inspections() -> list[tuple[int, str, str | None]]:
        with sqlite3.connect(database) as connection:
            return connection.execute(
                "SELECT id, title, fieldwork_end FROM workspace_inspection ORDER BY id"
            ).fetchall()

    loaded = inspections()
    with sqlite3.connect(database) as connection:  # work done since the first run
        connection.execute(
            "UPDATE workspace_inspection SET fieldwork_end = '2021-06-30' WHERE title = ?",
            ("Blackpool 2021 (reconstruction)",),
        )
    worked = inspections()
    second = _yjinspect(env, "demo")
    assert second.returncode == 0, second.stderr
    assert "already holds the demo" in second.stdout
    assert "Password of every demo account" not in second.stdout
    assert inspections() == worked != loaded

    again = _yjinspect(env, "demo", "--new-password")
    assert again.returncode == 0, again.stderr
    assert "New password of every demo account" in again.stdout
    assert inspections() == worked

    reset = _yjinspect(env, "demo", "--reset")
    assert reset.returncode == 0, reset.stderr
    assert "replacing the earlier demo" in reset.stdout
    assert inspections() == loaded  # the demo as loaded, under the same ids


def test_demo_reset_and_new_password_together_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "demo", "--reset", "--new-password")
    assert (status, out) == (2, "")
    assert err.startswith("yjinspect: error: --reset already sets a new password")


def test_run_passes_its_arguments_to_serve_once(tmp_path: Path) -> None:
    """scripts/run with stand-ins for setup and yjinspect that record their arguments."""
    (tmp_path / "scripts").mkdir()
    run_script = tmp_path / "scripts" / "run"
    shutil.copy(REPOSITORY / "scripts" / "run", run_script)
    log = tmp_path / "calls.log"
    stand_in = tmp_path / ".venv" / "bin" / "yjinspect"
    stand_in.parent.mkdir(parents=True)
    for path, body in (
        (tmp_path / "scripts" / "setup", "exit 0"),
        (stand_in, f'echo "$*" >> {log}'),
    ):
        path.write_text(f"#!/usr/bin/env bash\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    done = subprocess.run(
        [str(run_script), "--port", "8401"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert log.read_text(encoding="utf-8").splitlines() == ["demo", "serve --port 8401"]


def test_serve_prints_the_address_of_the_port_it_listens_on(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(SCRIPT), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_workspace_env(tmp_path),
    )
    try:
        assert server.stdout is not None
        printed = [server.stdout.readline() for _ in range(2)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    addresses = [a.rstrip(".") for a in re.findall(r"http://[^ ]+", "".join(printed))]
    assert addresses, printed
    assert all(a.startswith(f"http://127.0.0.1:{port}") for a in addresses), addresses
    assert f"http://127.0.0.1:{port}/sign-in" in addresses
