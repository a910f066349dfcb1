"""Serving the workspace: several worker processes with gunicorn on Linux and other Unix systems,
waitress (threads in one process) where gunicorn cannot run (Windows).

Workers and threads come from ``--workers``/``--threads``, else ``YJINSPECT_WORKERS``/
``YJINSPECT_THREADS``, else the defaults: one worker process per CPU core, + 1, each with one
thread (measured with ``benchmarks/bench_load.py``: a page costs the least CPU this way; see the
README, "Serving a team"). No Django import at module level: the caller has set Django up.
"""

from __future__ import annotations

import gc
import os
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yjinspect.errors import InputError

WORKERS_ENV = "YJINSPECT_WORKERS"
THREADS_ENV = "YJINSPECT_THREADS"
DEFAULT_THREADS = 1
MAXIMUM = 256


def default_workers() -> int:
    """The CPU cores this process may use, + 1.

    The work is CPU: every process beyond the cores costs each request more CPU (they evict
    each other's caches), and a second thread in a process more again (they take turns with
    Python's interpreter lock). One spare process keeps the cores busy while another waits for
    the database or sends a page."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores + 1


def _count(text: str, what: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= MAXIMUM:
        raise InputError(f"{what} {text!r} is not a whole number from 1 to {MAXIMUM}")
    return number


@dataclass(frozen=True)
class ServerPlan:
    """How the workspace will be served."""

    server: str  # "gunicorn" or "waitress"
    workers: int
    threads: int

    def describe(self) -> str:
        if self.server == "waitress":
            return f"waitress, one process with {self.threads} threads"
        return (
            f"gunicorn, {self.workers} worker processes with {self.threads} "
            f"thread{'s' if self.threads != 1 else ''} each"
        )


def gunicorn_available() -> bool:
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def plan(workers: str | None, threads: str | None) -> ServerPlan:
    """The server, workers and threads from the options, the environment or the defaults."""
    workers_text = workers or os.environ.get(WORKERS_ENV) or str(default_workers())
    threads_text = threads or os.environ.get(THREADS_ENV) or str(DEFAULT_THREADS)
    worker_count = _count(workers_text, "--workers" if workers else WORKERS_ENV)
    thread_count = _count(threads_text, "--threads" if threads else THREADS_ENV)
    if not gunicorn_available():
        return ServerPlan("waitress", 1, worker_count * thread_count)
    return ServerPlan("gunicorn", worker_count, thread_count)


def check_free(host: str, port: int) -> None:
    """Refuse, in one sentence, an address that cannot be listened on (before any server
    starts: gunicorn would retry for seconds and log a traceback)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"cannot serve on {host} port {port}: {reason}") from exc


def run(
    application: Any,
    host: str,
    port: int,
    server_plan: ServerPlan,
    on_ready: Callable[[], None],
) -> None:
    """Serve ``application`` until interrupted; ``on_ready`` runs once it listens."""
    check_free(host, port)
    # What is loaded by now (Django, the frameworks, the statistics libraries, the compiled
    # templates) lives as long as the server: the garbage collector no longer walks it (its
    # full collections took a tenth of a millisecond a request, each one a quarter of a
    # second), and gunicorn's workers, forked from here, keep sharing its memory pages.
    gc.collect()
    gc.freeze()
    if server_plan.server == "waitress":
        _run_waitress(application, host, port, server_plan.threads, on_ready)
    else:
        _run_gunicorn(application, host, port, server_plan, on_ready)


def _run_waitress(
    application: Any, host: str, port: int, threads: int, on_ready: Callable[[], None]
) -> None:
    from waitress import create_server

    try:
        server = create_server(application, host=host, port=port, threads=threads)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"cannot serve on {host} port {port}: {reason}") from exc
    on_ready()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _run_gunicorn(
    application: Any,
    host: str,
    port: int,
    server_plan: ServerPlan,
    on_ready: Callable[[], None],
) -> None:
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options: dict[str, Any] = {
        "bind": [bind],
        "workers": server_plan.workers,
        "threads": server_plan.threads,
        # gthread keeps connections alive between a browser's requests; sync cannot
        "worker_class": "gthread",
        "preload_app": True,  # Django set up once in the master, shared by every worker
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 120,  # a PDF report may take a while
        "graceful_timeout": 10,
        "keepalive": 5,
        "when_ready": lambda _arbiter: on_ready(),
        "post_fork": lambda _arbiter, _worker: _close_database_connections(),
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    _close_database_connections()  # opened by migrate in this process: never share across fork
    Server().run()


def _close_database_connections() -> None:
    from django.db import connections

    connections.close_all()
