"""``yjinspect serve``: gunicorn's worker processes (waitress where gunicorn cannot run), workers
and threads from the options, the environment or the machine, bad values refused on one line."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_runner import run
from yjinspect import serving
from yjinspect.errors import InputError

SCRIPT = Path(sys.executable).parent / "yjinspect"


@pytest.fixture(autouse=True)
def no_server_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(serving.WORKERS_ENV, raising=False)
    monkeypatch.delenv(serving.THREADS_ENV, raising=False)


def test_the_default_is_a_worker_per_core_plus_one_with_one_thread() -> None:
    cores = len(os.sched_getaffinity(0))
    assert serving.plan(None, None) == serving.ServerPlan("gunicorn", cores + 1, 1)


def test_options_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(serving.WORKERS_ENV, "3")
    monkeypatch.setenv(serving.THREADS_ENV, "4")
    assert serving.plan(None, None) == serving.ServerPlan("gunicorn", 3, 4)
    assert serving.plan("7", None) == serving.ServerPlan("gunicorn", 7, 4)
    assert serving.plan(None, "1") == serving.ServerPlan("gunicorn", 3, 1)


def test_waitress_where_gunicorn_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "gunicorn_available", lambda: False)
    plan = serving.plan("3", "4")
    assert plan == serving.ServerPlan("waitress", 1, 12)
    assert plan.describe() == "waitress, one process with 12 threads"


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5", "257"])
def test_a_bad_count_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match=f"--workers '{value}' is not a whole number"):
        serving.plan(value, None)
    monkeypatch.setenv(serving.THREADS_ENV, value)
    with pytest.raises(InputError, match=f"YJINSPECT_THREADS '{value}' is not a whole number"):
        serving.plan(None, None)


def test_a_bad_count_on_the_command_line_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "serve", "--threads", "0")
    assert (status, out) == (2, "")
    assert err == "yjinspect: error: --threads '0' is not a whole number from 1 to 256\n"


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serve_runs_the_workers_asked_for_and_serves_pages_and_static_files(
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(YJINSPECT_DATA_DIR=str(tmp_path / "data"), COLUMNS="300")
    server = subprocess.Popen(
        [str(SCRIPT), "serve", "--port", str(port), "--workers", "2", "--threads", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        printed = "".join(server.stdout.readline() for _ in range(2))
        assert "gunicorn, 2 worker processes with 3 threads each" in printed
        deadline = time.monotonic() + 60
        while True:
            try:
                status, page = _get(port, "/sign-in")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer"
                time.sleep(0.2)
        assert status == 200 and b"Sign in" in page
        status, css = _get(port, "/static/build/app.css")
        assert status == 200 and css
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0
