"""``yjinspect serve`` and ``yjinspect demo``: bad input is one line and exit status 2, and the
core's command line imports Django only when a workspace command runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run

SCRIPT = Path(sys.executable).parent / "yjinspect"


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
    assert "http://127.0.0.1:8000/sign-in" in done.stdout
    assert (tmp_path / "data" / "yjinspect.sqlite3").is_file()


def test_the_core_command_line_does_not_import_django() -> None:
    code = "import sys, yjinspect.cli; print(any(m.startswith('django') for m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"
