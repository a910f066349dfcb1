"""Load benchmark: the real server on the demo, signed-in people, on SQLite then PostgreSQL.

    .venv/bin/python benchmarks/bench_load.py [--database both|sqlite|postgresql]
        [--users 50] [--duration 30] [--think 1.0] [--saturation-users 16]
        [--saturation-duration 15] [--repeats 10] [--large-cases 60] [--workers N] [--threads N]

For each database it loads the demo (`yjinspect demo`) into a throwaway data folder (PostgreSQL:
a throwaway server from `scripts/postgres`, run around this same script), adds one synthetic
inspector per user on Blackpool 2021's team (password only: two-factor sign-in is optional for
inspectors, and the demo's own accounts use it) and a large synthetic inspection (`--large-cases`
court cases with every question iyjs-2018 asks of them answered; the last sixth still in
progress), starts the real server (`yjinspect serve`: gunicorn) on a free port of 127.0.0.1,
signs everyone in through the sign-in page, then measures:

1. single user: each page (Blackpool 2021's dashboard, a case, the inspection page, the list;
   the large inspection's dashboard, inspection page and a case; an answer save, i.e. the case
   page then the save as htmx makes it) `--repeats` times in turn: median and 95th percentile;
2. `--users` people for `--duration` seconds, each opening Blackpool 2021's dashboard, a random
   case, the inspection page or the list at random, with a random think time between 0 and
   2 x `--think` seconds (mean `--think`); one person in ten also saves an answer (on a case of
   the large inspection in progress) a quarter of the time;
3. saturation: `--saturation-users` people without think time for `--saturation-duration`
   seconds: pages per second across the same mix of pages.

It prints, per database: requests, errors, p50/p95/p99 latency, pages per second at saturation,
the single-user latency of each page, and the CPU the server's processes used per request (from
/proc, so a figure that holds on a busy machine too). An error is a failed connection, any
status but 200, or a save refused. The client (threads and http.client, one keep-alive
connection per person) runs on the same machine and takes some of its CPU (printed). Nothing is
asserted: the targets are read (README, "Speed").
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit

REPOSITORY = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PAGES = ("dashboard", "case", "inspection", "list")
LARGE_CASES = 60

# Run with the server's environment, after `yjinspect demo`: N synthetic inspectors (password
# only: two-factor sign-in is optional for inspectors) on Blackpool 2021's team, the large
# synthetic inspection (its last cases still in progress, for the answer saves), and the ids the
# benchmark opens. The demo's own accounts sign in with a second factor and are not used.
PREPARE = r"""
import datetime as dt, json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect_web.settings")
import django
django.setup()
from yjinspect.cases import asked_question_ids
from yjinspect_web.demo import demo_inspection
from yjinspect_web.workspace.models import Answer, Case, Inspection, Role, TeamMember, User

password, people, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
demo = demo_inspection()
large = Inspection.objects.create(
    service=demo.service, framework_id="iyjs-2018", title="Large synthetic inspection",
    fieldwork_start=dt.date(2026, 1, 5),
)
users = []
for number in range(1, people + 1):
    user = User(username=f"bench-{number:03d}", role=Role.INSPECTOR, first_name="Benchmark",
                last_name=f"inspector {number} (synthetic)")
    user.set_password(password)
    user.save()
    users.append(user)
    for inspection in (demo, large):
        TeamMember.objects.create(inspection=inspection, user=user, role="inspector")
framework = large.framework
in_progress = max(1, cases // 6)
answers = []
for number in range(1, cases + 1):
    state = Case.State.IN_PROGRESS if number > cases - in_progress else Case.State.QUALITY_ASSURED
    case = Case.objects.create(
        inspection=large, reference=f"L{number:03d}", case_type="court",
        disposal="youth_rehabilitation_order", gender="male", ethnicity="white", rosh="high",
        safety_wellbeing="high", state=state,
    )
    for index, question in enumerate(sorted(asked_question_ids(framework, case.profile))):
        value = "yes" if (number + index) % 4 else "no"
        answers.append(Answer(case=case, question_id=question, value=value,
                              evidence="Synthetic evidence for the benchmark.",
                              framework_id=framework.id, updated_by=users[0]))
Answer.objects.bulk_create(answers, batch_size=1000)
from django.db import connection
if connection.vendor == "postgresql":  # the planner's statistics, as autovacuum makes them
    with connection.cursor() as cursor:  # within a minute of a load this size
        cursor.execute("ANALYZE")
print(json.dumps({
    "inspection": demo.pk,
    "cases": list(demo.cases.values_list("pk", flat=True)),
    "large": large.pk,
    "large_cases": list(large.cases.values_list("pk", flat=True)),
    "writable_cases": list(
        large.cases.filter(state=Case.State.IN_PROGRESS).values_list("pk", flat=True)
    ),
    "large_answers": len(answers),
}))
"""


# -- one signed-in person ------------------------------------------------------------------


class Failed(Exception):
    """A request that did not give what a browser would have got."""


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool


class Session:
    """One person's browser: cookies and one keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, htmx: bool = False
    ) -> tuple[int, str, str]:
        """(status, Location, body); one retry on a kept-alive connection the server closed."""
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in (1, 2):
            reused = self.connection is not None
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    continue
                raise
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response.getheader("Location", ""), text
        raise AssertionError("unreachable")

    def get(self, path: str) -> str:
        status, location, text = self.request("GET", path)
        if status != 200:
            raise Failed(f"GET {path}: {status} {location}")
        return text

    def sign_in(self, username: str, password: str) -> None:
        page = self.get("/sign-in")
        token = _csrf_token(page)
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, location, _ = self.request("POST", "/sign-in", form)
        if status != 302 or "sign-in" in location:
            raise Failed(f"{username} could not sign in: {status} {location}")


def _csrf_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise Failed("no CSRF token on the page")
    return found.group(1)


# -- what people do ------------------------------------------------------------------------


@dataclass
class Site:
    port: int
    password: str
    inspection: int
    cases: list[int]
    large: int
    large_cases: list[int]
    writable_cases: list[int]
    large_answers: int
    server_pid: int = 0
    database_pid: int = 0
    """PostgreSQL's postmaster (its backends are its children), 0 for SQLite."""


def page_path(site: Site, page: str, rng: random.Random) -> str:
    inspection = f"/inspections/{site.inspection}"
    return {
        "dashboard": f"{inspection}/dashboard",
        "case": f"{inspection}/cases/{rng.choice(site.cases)}",
        "inspection": inspection,
        "list": "/inspections",
        "large dashboard": f"/inspections/{site.large}/dashboard",
        "large inspection": f"/inspections/{site.large}",
        "large case": f"/inspections/{site.large}/cases/{rng.choice(site.large_cases)}",
    }[page]


QUESTION_FORM = re.compile(
    r'<form id="q-(?P<id>[^"]+)".*?name="version" value="(?P<version>\d+)">\s*'
    r'<input type="hidden" name="standard" value="(?P<standard>[^"]*)">',
    re.S,
)


def save_an_answer(session: Session, site: Site, rng: random.Random) -> None:
    """What the case page's htmx does when someone changes an answer's evidence (on a case of
    the large inspection still in progress)."""
    case = rng.choice(site.writable_cases)
    path = f"/inspections/{site.large}/cases/{case}"
    page = session.get(path)
    forms = [m for m in QUESTION_FORM.finditer(page)]
    if not forms:
        raise Failed(f"no question to answer on {path}")
    chosen = rng.choice(forms)
    question = chosen.group("id")
    after = page[chosen.end() : chosen.end() + 4000]
    checked = re.search(rf'id="q-{re.escape(question)}-(yes|no|na)"[^>]*checked', after)
    form = {
        "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        "question_id": question,
        "value": checked.group(1) if checked else "yes",
        "evidence": f"Checked again during the load benchmark ({secrets.token_hex(4)}).",
        "version": chosen.group("version"),
        "standard": chosen.group("standard"),
    }
    status, location, text = session.request("POST", f"{path}/answer", form, htmx=True)
    if status != 200 or "govuk-error-message" in text:
        raise Failed(f"save {question} on case {case}: {status} {location}")


def timed(samples: list[Sample], page: str, work: Callable[..., object], *args: object) -> None:
    started = time.perf_counter()
    ok = True
    try:
        work(*args)
    except (Failed, OSError, http.client.HTTPException):
        ok = False
    samples.append(Sample(page, time.perf_counter() - started, ok))


def user_loop(
    session: Session,
    site: Site,
    writer: bool,
    until: float,
    think: float,
    seed: int,
    samples: list[Sample],
) -> None:
    rng = random.Random(seed)
    if think:
        time.sleep(rng.uniform(0, 2 * think))  # people do not all arrive at once
    while time.monotonic() < until:
        if writer and rng.random() < 0.25:
            timed(samples, "save", save_an_answer, session, site, rng)
        else:
            page = rng.choice(PAGES)
            path = page_path(site, page, rng)
            timed(samples, page, session.get, path)
        if think:
            time.sleep(rng.uniform(0, 2 * think))


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    server_cpu: float = 0.0
    """CPU seconds the server's processes used during the phase (all their cores)."""
    client_cpu: float = 0.0
    """CPU seconds this benchmark (the client) used during the phase."""
    database_cpu: float = 0.0
    """CPU seconds the PostgreSQL server's processes used during the phase (0 for SQLite,
    which runs inside the server's processes)."""

    @property
    def server_cpu_per_request(self) -> float:
        return self.server_cpu / len(self.samples) if self.samples else 0.0

    @property
    def errors(self) -> int:
        return sum(not s.ok for s in self.samples)

    @property
    def pages(self) -> int:
        return sum(s.ok and s.page != "save" for s in self.samples)

    def percentiles(self) -> tuple[float, float, float]:
        """p50, p95, p99 in milliseconds."""
        times = sorted(s.seconds * 1000 for s in self.samples)
        if len(times) < 2:
            value = times[0] if times else 0.0
            return value, value, value
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        return cuts[49], cuts[94], cuts[98]


@dataclass
class Result:
    database: str
    server: str
    single: dict[str, tuple[float, float]]
    load: Phase
    saturation: Phase
    users: int
    saturation_users: int
    large_answers: int

    @property
    def errors(self) -> int:
        return self.load.errors + self.saturation.errors


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the server's worker processes,
    PostgreSQL's backends), those running and those that have ended, from /proc (Linux); 0
    elsewhere."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return 0.0
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid:  # with its children that have ended (cutime, cstime): a
            total += sum(int(f) for f in fields[11:15]) / tick  # database connection closed
        elif int(fields[1]) == pid:  # fields[1]: the parent's id
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def postmaster_pid(database_url: str) -> int:
    """The PostgreSQL server listening on the port of ``database_url`` on this machine (from
    /proc: its command line names the port, as scripts/postgres starts it), else 0."""
    port = urlsplit(database_url).port
    if port is None:
        return 0
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return 0
    for entry in entries:
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                words = file.read().decode("utf-8", "replace").split("\0")
        except OSError:
            continue
        if words and words[0].endswith("postgres") and str(port) in words:
            return int(entry)
    return 0


def run_users(
    site: Site,
    sessions: list[tuple[Session, bool]],
    seconds: float,
    think: float,
    name: str,
) -> Phase:
    phase = Phase(name, seconds)
    server_before, client_before = cpu_seconds(site.server_pid), time.process_time()
    database_before = cpu_seconds(site.database_pid) if site.database_pid else 0.0
    until = time.monotonic() + seconds
    per_user: list[list[Sample]] = [[] for _ in sessions]
    threads = [
        threading.Thread(
            target=user_loop,
            args=(session, site, writer, until, think, number, per_user[number]),
            daemon=True,
        )
        for number, (session, writer) in enumerate(sessions)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    phase.seconds = time.monotonic() - started
    phase.server_cpu = cpu_seconds(site.server_pid) - server_before
    phase.client_cpu = time.process_time() - client_before
    if site.database_pid:
        phase.database_cpu = cpu_seconds(site.database_pid) - database_before
    phase.samples = [sample for samples in per_user for sample in samples]
    return phase


def single_user(
    site: Site, session: Session, writer: Session, repeats: int
) -> dict[str, tuple[float, float]]:
    """Median and p95 (ms) of each page opened alone, one after another."""
    rng = random.Random(1)
    pages = (*PAGES, "large dashboard", "large inspection", "large case")
    found: dict[str, list[float]] = {page: [] for page in (*pages, "save")}
    for round_ in range(repeats + 1):  # the first round warms up
        for page in pages:
            path = page_path(site, page, rng)
            started = time.perf_counter()
            session.get(path)
            if round_:
                found[page].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        save_an_answer(writer, site, rng)  # includes opening the case page first
        if round_:
            found["save"].append((time.perf_counter() - started) * 1000)
    figures = {}
    for page, times in found.items():
        times.sort()
        figures[page] = (
            statistics.median(times),
            times[min(len(times) - 1, int(len(times) * 0.95))],
        )
    return figures


# -- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _yjinspect(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "yjinspect"), *args], env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_load: yjinspect {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


@contextmanager
def served(env: dict[str, str], port: int, serve_args: list[str]) -> Iterator[tuple[str, int]]:
    """`yjinspect serve` on the port until the block ends; yields what it printed and its
    process id."""
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(
            [str(BIN / "yjinspect"), "serve", "--port", str(port), *serve_args],
            env={**env, "COLUMNS": "300"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_up(server, port, log)
            log.seek(0)
            yield " ".join(log.read().split()), server.pid
        finally:
            server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown, waitress's Ctrl-C
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: IO[str]) -> None:
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            log.seek(0)
            raise SystemExit(f"bench_load: the server stopped:\n{log.read()}")
        try:
            status, _, _ = Session(port).request("GET", "/sign-in")
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("bench_load: the server did not answer within 120 s")
        time.sleep(0.25)


def run_database(database: str, options: argparse.Namespace) -> Result:
    """The whole benchmark on one database (PostgreSQL: DATABASE_URL must be set)."""
    data = Path(tempfile.mkdtemp(prefix="yjinspect-bench-"))
    env = {k: v for k, v in os.environ.items() if database == "postgresql" or k != "DATABASE_URL"}
    env.update(
        YJINSPECT_DATA_DIR=str(data / "data"), YJINSPECT_SECRET_KEY=secrets.token_urlsafe(40)
    )
    try:
        _yjinspect(env, "demo")
        password = "bench-" + secrets.token_urlsafe(16)
        people = max(options.users, options.saturation_users)
        prepared = subprocess.run(
            [sys.executable, "-c", PREPARE, password, str(people), str(options.large_cases)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if prepared.returncode != 0:
            raise SystemExit(f"bench_load: preparing the data failed:\n{prepared.stderr}")
        ids = json.loads(prepared.stdout.strip().splitlines()[-1])
        port = free_port()
        site = Site(port=port, password=password, **ids)
        if database == "postgresql":
            site.database_pid = postmaster_pid(env.get("DATABASE_URL", ""))
        serve_args = [
            *(["--workers", options.workers] if options.workers else []),
            *(["--threads", options.threads] if options.threads else []),
        ]
        with served(env, port, serve_args) as (printed, site.server_pid):
            server = printed.split("Server: ", 1)[-1].rstrip(".") if "Server: " in printed else "?"
            sessions = sign_in_all(site, max(options.users, options.saturation_users))
            reader = next(s for s, writer in sessions if not writer)
            writer = next(s for s, is_writer in sessions if is_writer)
            single = single_user(site, reader, writer, options.repeats)
            load = run_users(
                site, sessions[: options.users], options.duration, options.think, "load"
            )
            saturation = run_users(
                site,
                [(s, False) for s, _ in sessions[: options.saturation_users]],
                options.saturation_duration,
                0.0,
                "saturation",
            )
            for session, _ in sessions:
                session.close()
        return Result(
            database,
            server,
            single,
            load,
            saturation,
            options.users,
            options.saturation_users,
            site.large_answers,
        )
    finally:
        shutil.rmtree(data, ignore_errors=True)


def sign_in_all(site: Site, count: int) -> list[tuple[Session, bool]]:
    """``count`` people signed in through the sign-in page, each a synthetic inspector of
    their own; one in ten also saves answers."""
    sessions: list[tuple[Session, bool]] = []
    for number in range(1, count + 1):
        session = Session(site.port)
        session.sign_in(f"bench-{number:03d}", site.password)
        sessions.append((session, number % 10 == 2))
    return sessions


# -- printing ------------------------------------------------------------------------------


def report(result: Result, options: argparse.Namespace) -> None:
    name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[result.database]
    print(f"\n{name} ({result.server})")
    print(f"  single user, median / p95 of {options.repeats} (ms):")
    for page, (median, p95) in result.single.items():
        shown = {"save": "save an answer (case page + save)"}.get(page, page)
        print(f"    {shown:<36} {median:7.1f} / {p95:7.1f}")
    large, demo = result.single["large dashboard"][0], result.single["dashboard"][0]
    print(
        f"    large inspection's dashboard ({options.large_cases} cases, "
        f"{result.large_answers} answers) costs {large / demo:.2f} x the demo's"
    )
    load = result.load
    p50, p95, p99 = load.percentiles()
    saves = sum(s.page == "save" for s in load.samples)
    print(
        f"  {result.users} users, think time mean {options.think:g} s, {load.seconds:.0f} s: "
        f"{len(load.samples)} requests ({saves} answer saves), {load.errors} errors; "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms"
    )
    sat = result.saturation
    p50, p95, p99 = sat.percentiles()
    print(
        f"  saturation, {result.saturation_users} users without think time, {sat.seconds:.0f} s: "
        f"{len(sat.samples)} pages, {sat.errors} errors, {sat.pages / sat.seconds:.0f} pages/s; "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms"
    )
    for phase in (load, sat):
        if phase.server_cpu:
            per_page = phase.server_cpu_per_request * 1000
            print(
                f"  {phase.name}: the server used {phase.server_cpu:.1f} CPU s "
                f"({per_page:.1f} ms a request: {1000 / per_page:.0f} requests/s per core it "
                f"has to itself), this client {phase.client_cpu:.1f} CPU s"
                + (
                    f", PostgreSQL {phase.database_cpu:.1f} CPU s "
                    f"({phase.database_cpu / len(phase.samples) * 1000:.1f} ms a request)"
                    if phase.database_cpu and phase.samples
                    else ""
                )
            )
    sys.stdout.flush()


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds with think time")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s)")
    parser.add_argument("--saturation-users", type=int, default=16)
    parser.add_argument("--saturation-duration", type=float, default=15.0)
    parser.add_argument("--repeats", type=int, default=10, help="single-user rounds")
    parser.add_argument(
        "--large-cases",
        type=int,
        default=LARGE_CASES,
        help="cases of the large synthetic inspection",
    )
    parser.add_argument("--workers", help="yjinspect serve --workers (default: its own)")
    parser.add_argument("--threads", help="yjinspect serve --threads (default: its own)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    errors = 0
    if options.database in ("both", "sqlite"):
        result = run_database("sqlite", options)
        report(result, options)
        errors += result.errors
    if options.database in ("both", "postgresql"):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            result = run_database("postgresql", options)
            report(result, options)
            errors += result.errors
        else:  # a throwaway PostgreSQL server around this same benchmark
            inner = [
                f"--{name.replace('_', '-')}={value}"
                for name, value in vars(options).items()
                if value is not None and name != "database"
            ]
            done = subprocess.run(
                [
                    str(REPOSITORY / "scripts" / "postgres"),
                    "run",
                    "--",
                    sys.executable,
                    __file__,
                    "--database=postgresql",
                    *inner,
                ],
                check=False,
            )
            errors += done.returncode != 0
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
