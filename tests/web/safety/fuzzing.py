"""Fuzzing every form and importer of the workspace (issue 9): shared by the hypothesis tests
(test_fuzz.py) and ``benchmarks/fuzz_inputs.py``.

The forms are found, not listed: the pages of a small synthetic workspace are crawled as a lead
inspector and as an administrator, and every ``<form method="post">`` on them is taken with its
fields (and the values its selects, radios and hidden fields offer). Each generated input fills
a form's fields with valid values, near misses and hostile ones (huge, NUL, unknown ids,
malformed versions, markup, hostile files) and posts it. A *crash* is a 500 or an exception; a
*partial write* is any change to the database by an input that was refused (a 4xx, an error
message, or a page listing problems).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
from django.contrib.messages import constants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from hypothesis import strategies as st

import hostile
from yjinspect.budget import read_rows
from yjinspect.errors import InputError
from yjinspect.inputs import evidence_from_summary, parse_summary
from yjinspect.limits import load_structured
from yjinspect.moderation import read_double_marking
from yjinspect.report.data import Narrative
from yjinspect.sampling import parse_population
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    PartnerAgency,
    Role,
    Service,
    TeamMember,
    User,
)

from .snapshot import changed_tables, database_snapshot

# Pages not crawled: downloads (slow or binary), signing out, the admin (Django's own).
SKIPPED = re.compile(r"\.(pdf|xlsx|csv|html)(\?|$)|/sign-out|^/admin|/static/|^https?:|^#|^mailto:")
ERROR_MARKERS = ("govuk-error-summary", "There is a problem")


# Entry points, by the path their forms post to; "other" is every form no pattern names (the
# forms other parts of the workspace add are fuzzed without being listed here).
ENTRY_POINTS = {
    "answer": r"/cases/N/answer$",
    "sub-sample decision": r"/sub-samples$",
    "review": r"/cases/N/review$",
    "judged standard": r"/judgements/",
    "panel and lock": r"/panel/|/lock$",
    "sampling": r"/sampling",
    "workbook import": r"/workbook/import$",
    "narrative": r"/report/narrative$",
    "published inspection": r"/published/new$",
    "new case": r"/cases/new$",
    "new inspection or service": r"^/(inspections|services)/new$",
    "team": r"/team/",
}


@dataclass
class Form:
    """A form found on a page: where it posts, as whom, and its fields' offered values."""

    page: str
    action: str
    who: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def entry_point(self) -> str:
        """The form's action with its ids written as N: what the fuzzing reports by."""
        return re.sub(r"/[0-9]+(?=/|$)", "/N", self.action.split("?")[0])


class _FormParser(HTMLParser):
    def __init__(self, page: str, who: str) -> None:
        super().__init__()
        self.page, self.who = page, who
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.current: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])
        elif tag == "form" and found.get("method", "get").lower() == "post":
            self.current = Form(self.page, found.get("action") or self.page, self.who)
        elif self.current is None:
            return
        elif tag in ("input", "textarea", "select", "button") and found.get("name"):
            self._field(tag, found)
        elif tag == "option" and self.select is not None:
            self.current.fields[self.select].append(found.get("value", ""))

    def _field(self, tag: str, found: dict[str, str]) -> None:
        assert self.current is not None
        name = found["name"]
        if name == "csrfmiddlewaretoken":
            return
        if found.get("type") == "file":
            self.current.files.append(name)
            return
        offered = self.current.fields.setdefault(name, [])
        if "value" in found:
            offered.append(found["value"])
        if tag == "select":
            self.select = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "select":
            self.select = None


# -- the workspace fuzzed ------------------------------------------------------------------


@dataclass
class World:
    clients: dict[str, Client]
    inspection: Inspection
    forms: list[Form]


def build_world(client_for: Any) -> World:
    """A small synthetic workspace: a service, a person of each role, an inspection with its
    team, court and out-of-court cases (some answered), and the forms its pages offer to its
    lead inspector, an administrator and the service's manager."""
    service, _ = Service.objects.get_or_create(name="Fuzzton YJS")
    people = {}
    for username, role, extra in (
        ("fuzz-admin", Role.ADMINISTRATOR, {"is_staff": True}),
        ("fuzz-lead", Role.LEAD_INSPECTOR, {}),
        ("fuzz-inspector", Role.INSPECTOR, {}),
        ("fuzz-partner", Role.PARTNER_INSPECTOR, {"partner_agency": PartnerAgency.POLICE}),
        ("fuzz-manager", Role.SERVICE_MANAGER, {"service": service}),
    ):
        people[username], _ = User.objects.get_or_create(
            username=username, defaults={"role": role, **extra}
        )
    inspection = Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        title="Fuzzton inspection",
        fieldwork_start=dt.date(2026, 5, 4),
    )
    for username, role in (("fuzz-lead", "lead"), ("fuzz-inspector", "inspector")):
        TeamMember.objects.create(inspection=inspection, user=people[username], role=role)
    for number, case_type, disposal in (
        (1, "court", "referral_order"),
        (2, "court", "youth_rehabilitation_order"),
        (3, "out_of_court", "youth_caution"),
    ):
        case = Case.objects.create(
            inspection=inspection, reference=f"FZ{number}", case_type=case_type,
            disposal=disposal, gender="male", ethnicity="white", rosh="medium",
            safety_wellbeing="high", assigned_inspector=people["fuzz-inspector"],
        )  # fmt: skip
        if number == 1:
            Answer.objects.create(case=case, question_id="2.1.1", value="yes", evidence="Seen.",
                                  framework_id="iyjs-2018", updated_by=people["fuzz-lead"],
                                  version=1)  # fmt: skip
    clients = {who: client_for(people[f"fuzz-{who}"]) for who in ("lead", "admin", "manager")}
    starts = _improvement_plan(service, people["fuzz-manager"])
    return World(clients, inspection, discover_forms(clients, inspection, starts))


def _improvement_plan(service: Service, manager: User) -> list[str]:
    """An earlier, locked inspection of the service with a recommendation, and the service's
    improvement plan from it: so the improvement pages' forms are fuzzed too."""
    from yjinspect_web.improvement.models import Recommendation
    from yjinspect_web.improvement.plans import plan_from_inspection

    earlier = Inspection.objects.create(
        service=service, framework_id="iyjs-2018", title="Fuzzton 2024",
        fieldwork_start=dt.date(2024, 5, 6), ratings_locked=True,
    )  # fmt: skip
    Recommendation.objects.create(
        inspection=earlier, number=1, text="Improve planning.", audience="The service"
    )
    plan = plan_from_inspection(earlier, manager)
    return [f"/improvement/plans/{plan.pk}", f"/improvement/plans/{plan.pk}/board"]


def discover_forms(
    clients: dict[str, Client], inspection: Inspection, starts: list[str], limit: int = 80
) -> list[Form]:
    """Crawl the workspace's pages (following links from the inspection) as each person and
    take every form that posts."""
    forms: dict[tuple[str, str, str], Form] = {}
    for who, client in clients.items():
        queue = ["/inspections", f"/inspections/{inspection.pk}", "/inspections/new",
                 "/services/new", "/inspections/published/new", "/improvement/",
                 "/improvement/plans/new", f"/inspections/{inspection.pk}/moderation",
                 "/second-marking", *starts]  # fmt: skip
        seen: set[str] = set()
        while queue and len(seen) < limit:
            page = queue.pop(0)
            if page in seen or SKIPPED.search(page) or not page.startswith("/"):
                continue
            seen.add(page)
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _FormParser(page, who)
            parser.feed(response.content.decode())
            for form in parser.forms:
                if SKIPPED.search(form.action):  # signing out: the rest would be signed out
                    continue
                key = (who, form.entry_point, ",".join(sorted(form.fields)))
                forms.setdefault(key, form)
            queue += [link.split("#")[0] for link in parser.links if link.split("#")[0]]
    return sorted(forms.values(), key=lambda f: (f.entry_point, f.who, f.action))


def forms_of(world: World, entry_point: str) -> list[Form]:
    """The forms of an entry point (or, for "other", of none of them)."""
    if entry_point == "other":
        return [
            f for f in world.forms
            if not any(re.search(p, f.entry_point) for p in ENTRY_POINTS.values())
        ]  # fmt: skip
    return [f for f in world.forms if re.search(ENTRY_POINTS[entry_point], f.entry_point)]


# -- inputs --------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "0", "-1", "1", "7", "9.9", "2.1", "2.1.1", "1.1", "na", "yes", "no", "Good",
    "Outstanding", "Inadequate", "in", "out", "default", "submit", "return", "quality_assure",
    "withdraw", "reopen", "99999999999999999999999", "1e3", "NaN", "0x10", "2021-02-30",
    "2026-05-04", "9999-12-31", "<script>alert(1)</script>", "../../etc/passwd", "\x00",
    "a\x00b", "\u202e1.1", "😀" * 50, "x" * 20_000, "'; DROP TABLE workspace_case; --",
]  # fmt: skip


def _population_csv() -> bytes:
    rows = ["case_ref,case_type,disposal,start_date,gender,ethnicity,rosh,safety_wellbeing"]
    rows += [f"P{n:03},court,referral_order,2025-{n % 3 + 9:02}-15,male,white,low,low"
             for n in range(1, 30)]  # fmt: skip
    return ("\n".join(rows) + "\n").encode()


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "About"
    book.active.append(["item", "value"])
    answers = book.create_sheet("Answers")
    answers.append(["case_ref", "question_id", "kind", "standard", "question", "answer",
                    "evidence", "version"])  # fmt: skip
    answers.append(["FZ1", "2.1.1", "key question", "2.1", "q", "no", "changed", 1])
    book.create_sheet("Judgements").append(["standard_id", "question_id", "rating_or_evidence",
                                           "version"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _mutated(data: bytes, flips: list[int]) -> bytes:
    changed = bytearray(data)
    for position in flips:
        if changed:
            changed[position % len(changed)] ^= 0xFF
    return bytes(changed)


FILE_SOURCES: list[tuple[str, Any]] = [
    ("population.csv", _population_csv),
    ("workbook.xlsx", _workbook),
    (
        "summary.json",
        lambda: b'{"framework": "iyjs-2018", "standards": {"1.1": {"rating": "Good"}}}',
    ),
    ("summary.yaml", lambda: b"framework: iyjs-2018\nstandards:\n  2.1:\n    key_questions: {}\n"),
    ("huge.xlsx", hostile.huge_dimension_xlsx),
    ("lying.xlsx", hostile.lying_dimension_xlsx),
    ("slow.xlsx", hostile.slow_workbook_xlsx),
    ("deep.json", lambda: hostile.deep_json(5000)),
    ("bomb.yaml", hostile.yaml_alias_bomb),
    ("wide.csv", lambda: hostile.wide_csv(500)),
    ("utf16.csv", hostile.utf16_csv),
    ("empty.csv", lambda: b""),
]


@st.composite
def upload(draw: st.DrawFn) -> SimpleUploadedFile:
    """A file: a good one, one with bytes flipped, a hostile one, or random bytes."""
    name, make = draw(st.sampled_from(FILE_SOURCES))
    data = make()
    choice = draw(st.integers(0, 3))
    if choice == 1:
        data = _mutated(data, draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=5)))
    elif choice == 2:
        data = draw(st.binary(max_size=2000))
    if draw(st.booleans()):
        name = draw(st.sampled_from(["a.csv", "a.xlsx", "a.json", "a.yaml", "a.txt", "noname"]))
    return SimpleUploadedFile(name, data)


def value_for(offered: list[str]) -> st.SearchStrategy[str]:
    options = [st.sampled_from(HOSTILE_TEXT), st.text(max_size=60)]
    if offered:
        options = [st.sampled_from(offered)] * 3 + options
    return st.one_of(*options)


@st.composite
def filled(draw: st.DrawFn, form: Form) -> dict[str, Any]:
    """The form's fields with generated values: some left out, some unknown ones added."""
    data: dict[str, Any] = {}
    for name, offered in form.fields.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # a field left out
        data[name] = draw(value_for(offered))
    for name in form.files:
        if draw(st.integers(0, 9)):
            data[name] = draw(upload())
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(["standard", "version", "question_id", "x"]))] = draw(
            st.sampled_from(HOSTILE_TEXT)
        )
    return data


# -- the importers, without the web --------------------------------------------------------

SUMMARY_KEYS = [
    "framework",
    "standards",
    "1.1",
    "2.1",
    "2.1.1",
    "key_questions",
    "yes",
    "no",
    "relevant",
    "percent",
    "rating",
    "panel_rating",
    "panel_rationale",
    "x",
]
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(SUMMARY_KEYS), children, max_size=5)
    ),
    max_leaves=20,
)


def _population(file: SimpleUploadedFile) -> None:
    parse_population(file.read(), file.name or "", {}, "iyjs-2018")


def _budget(file: SimpleUploadedFile) -> None:
    read_rows(file.name or "", file.read())


def _summary(value: Any) -> None:
    if isinstance(value, dict) and "framework" not in value:
        value["framework"] = "iyjs-2018"
    evidence_from_summary(parse_summary(value, "summary.json"))


def _structured(drawn: tuple[str, str]) -> None:
    text, name = drawn
    data = load_structured(text, name)
    if name.startswith("n"):
        try:
            Narrative.model_validate(data if isinstance(data, dict) else {})
        except ValueError as exc:  # pydantic's ValidationError, reported as one line
            raise InputError(str(exc)) from exc
    else:
        parse_summary(data, name)


def _double_marking(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "double.csv"
        path.write_bytes(content)
        read_double_marking(path)


SURVEY_KEYS = ["survey", "surveys", "questions", "id", "text", "options", "option", "count",
               "percent", "groups", "took_part", "invited", "note", "staff", "x"]  # fmt: skip
SURVEYISH = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.sampled_from(SURVEY_KEYS),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(SURVEY_KEYS), children, max_size=6)
    ),
    max_leaves=25,
)


def _survey_file(file: SimpleUploadedFile) -> None:
    from yjinspect.surveys import read_surveys

    read_surveys(file.name or "", file.read())


def _survey_data(value: Any) -> None:
    from yjinspect.surveys import surveys_from_data

    surveys_from_data(value)


# What each importer is given, and how it reads it; it must read it or raise InputError.
IMPORTERS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "population file": (upload(), _population),
    "budget file": (upload(), _budget),
    "inspection summary": (JSONISH, _summary),
    "JSON or YAML text": (
        st.tuples(st.text(max_size=400), st.sampled_from(["s.json", "s.yaml", "n.yaml"])),
        _structured,
    ),
    "double marking file": (
        st.binary(max_size=400) | st.text(max_size=400).map(str.encode),
        _double_marking,
    ),
    "survey file": (upload(), _survey_file),
    "survey data": (SURVEYISH, _survey_data),
}


def import_crash(read: Callable[[Any], None], value: Any) -> str:
    """ "" when the importer read the value or refused it with InputError; else the crash."""
    try:
        read(value)
    except InputError:
        return ""
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"[:300]
    return ""


# -- outcomes ------------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int
    refused: bool
    crash: str = ""
    changed: list[str] = field(default_factory=list)

    @property
    def partial_write(self) -> bool:
        return self.refused and bool(self.changed)


def _refused(response: HttpResponse) -> bool:
    if response.status_code >= 400:
        return True
    added = getattr(response.wsgi_request, "_messages", None)  # this request's messages only
    if any(m.level >= constants.ERROR for m in getattr(added, "_queued_messages", [])):
        return True
    return response.status_code == 200 and any(
        marker in response.content.decode(errors="replace") for marker in ERROR_MARKERS
    )


def submit(world: World, form: Form, data: dict[str, Any], htmx: bool = False) -> Outcome:
    """Post one generated input; what came of it."""
    client = world.clients[form.who]
    before = database_snapshot()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    try:
        response = client.post(form.action, data, **headers)
    except Exception as exc:  # the test client re-raises a view's exception: a crash
        return Outcome(500, True, f"{type(exc).__name__}: {exc}"[:300])
    refused = _refused(response)
    crash = f"status {response.status_code}" if response.status_code >= 500 else ""
    changed = changed_tables(before, database_snapshot()) if refused else []
    return Outcome(response.status_code, refused, crash, changed)
