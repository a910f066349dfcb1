"""Two `yjinspect serve` processes on one PostgreSQL database (run by test_two_servers.py under
scripts/postgres, which exports DATABASE_URL): writes through both are kept, a stale save
through one after a save through the other is refused, and a session made on one is good on the
other. Prints one JSON object of what it saw."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

PASSWORD = "two-servers-" + secrets.token_urlsafe(12)
SETUP = """
import datetime as dt, json, os
import django
from django.core.management import call_command
django.setup()
call_command("migrate", verbosity=0, interactive=False)
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Case, Inspection, Role, Service, TeamMember, User
service = Service.objects.create(name="Two servers YJS")
inspection = Inspection.objects.create(service=service, framework_id="iyjs-2018",
    title="Two servers", fieldwork_start=dt.date(2026, 5, 4))
person = User.objects.create_user(username="twoservers", password=os.environ["PASSWORD"],
    role=Role.INSPECTOR)
TeamMember.objects.create(inspection=inspection, user=person, role="inspector")
case = Case.objects.create(inspection=inspection, reference="TS1", case_type="court",
    disposal="referral_order", gender="male", ethnicity="white", rosh="low",
    safety_wellbeing="low", assigned_inspector=person)
asked = {a.key_question.id for a in services.applicability(case) if a.asked}
framework = inspection.framework
questions = [(q, s.id) for s in framework.standards for kq in s.key_questions
             if kq.id in asked for q in (kq.id, *(p.id for p in kq.prompts))][:13]
print(json.dumps({"inspection": inspection.pk, "case": case.pk, "questions": questions}))
"""
READ = """
import json
import django
django.setup()
from yjinspect_web.workspace.models import Answer
print(json.dumps({a.question_id: [a.value, a.evidence, a.version] for a in Answer.objects.all()}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """A person's browser: cookies kept, CSRF token sent back, redirects followed."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken") or ""

    def get(self, url: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(url, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, url, exc.read().decode()

    def post(self, url: str, fields: dict[str, str], htmx: bool = False) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields | {"csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Referer", url)
        if htmx:
            request.add_header("HX-Request", "true")
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def wait_until_serving(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(240):  # at most a minute
        if process.poll() is not None:
            raise SystemExit(f"the server at {url} stopped: status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/sign-in", timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"the server at {url} did not answer within a minute")


def django_snippet(code: str, env: dict[str, str]) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    base = dict(os.environ) | {
        "DJANGO_SETTINGS_MODULE": "yjinspect_web.settings",
        "YJINSPECT_SECRET_KEY": secrets.token_urlsafe(50),  # the same on both servers
        "YJINSPECT_SECURE_COOKIES": "0",  # plain http on 127.0.0.1 in this test
        "YJINSPECT_WORKERS": "1",
        "YJINSPECT_THREADS": "2",
        "PASSWORD": PASSWORD,
    }
    made = django_snippet(SETUP, base | {"YJINSPECT_DATA_DIR": str(folder / "setup")})
    servers, urls = [], []
    try:
        for name in ("a", "b"):  # each server with a data folder of its own: nothing shared
            port = free_port()
            env = base | {"YJINSPECT_DATA_DIR": str(folder / name)}
            command = [sys.executable, "-c", "from yjinspect.cli import main; main()"]
            servers.append(
                subprocess.Popen(
                    [*command, "serve", "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, servers, strict=True):
            wait_until_serving(url, process)
        print(json.dumps(exercise(made, urls, base)))
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def exercise(made: dict[str, Any], urls: list[str], env: dict[str, str]) -> dict[str, Any]:
    a, b = urls
    browser = Browser()
    browser.get(f"{a}/sign-in")
    status, _ = browser.post(f"{a}/sign-in", {"username": "twoservers", "password": PASSWORD})
    signed_in_on_b = browser.get(f"{b}/inspections")
    answer_path = f"/inspections/{made['inspection']}/cases/{made['case']}/answer"
    questions = made["questions"]
    statuses = []
    for index, (question_id, standard_id) in enumerate(questions[:-1]):
        server = urls[index % 2]  # alternate: a, b, a, b, ...
        code, _ = browser.post(
            server + answer_path,
            {
                "question_id": question_id,
                "value": "yes",
                "evidence": f"Seen through server {'ab'[index % 2]}.",
                "version": "0",
                "standard": standard_id,
            },
            htmx=True,
        )
        statuses.append(code)
    last, last_standard = questions[-1]
    fields = {"question_id": last, "value": "yes", "evidence": "First.", "version": "0",
              "standard": last_standard}  # fmt: skip
    first_code, _ = browser.post(a + answer_path, fields, htmx=True)
    stale_code, stale_page = browser.post(
        b + answer_path, fields | {"value": "no", "evidence": "Stale."}, htmx=True
    )
    answers = django_snippet(READ, env | {"YJINSPECT_DATA_DIR": tempfile.mkdtemp()})
    return {
        "signed_in": status,
        "session_good_on_other_server": signed_in_on_b[0] == 200
        and "/sign-in" not in signed_in_on_b[1],
        "writes": len(questions) - 1,
        "statuses": statuses,
        "answers": answers,
        "stale": {
            "first": first_code,
            "second": stale_code,
            "refused": bool(re.search(r"while you were\s+working", stale_page)),
            "kept": answers.get(last),
        },
    }


if __name__ == "__main__":
    main()
