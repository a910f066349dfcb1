"""The improvement plan's rules: an action's status, its red/amber/green (RAG) rating by stated,
configurable rules, what is overdue, and the plan's status counts.

After an inspection, its recommendations become a plan of actions with leads and dates,
monitored by the service and its executive board (seed 003, 6.6). Councils report status
counts (complete, in progress, not started), RAG with stated definitions, and what is overdue;
these are the rules, once, for every page, export and board pack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from yjinspect.framework import Framework
from yjinspect.rating import InspectionResult

STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "complete": "Complete",
}
"""An action's status, code to the words people read."""

IN_PROGRESS = ("on_track", "at_risk", "off_track")

RAG: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}

PLAN_STATES: dict[str, str] = {
    "draft": "Draft",
    "endorsed": "Endorsed by the board",
    "submitted": "Submitted to the Inspectorate",
    "monitored": "Being monitored",
    "closed": "Closed",
}
"""A plan's life (003, 6.6: revised, returned to HMIP, monitored bi-monthly by the board)."""

PLAN_NEXT: dict[str, tuple[str, ...]] = {
    "draft": ("endorsed",),
    "endorsed": ("submitted", "draft"),
    "submitted": ("monitored",),
    "monitored": ("closed",),
    "closed": ("monitored",),
}
"""Which state a plan may move to from each (back to draft before submission; a closed plan
may be reopened for monitoring)."""

AUDIENCES: dict[str, str] = {
    "service": "The youth justice service",
    "board": "The youth justice service's executive board",
    "partner": "A partner agency (named)",
}
"""Whom a recommendation is for: the service, its management board, or a named partner
agency such as the police, health or the Youth Justice Board (004, Recommendations)."""


def audience_kind(audience: str) -> str:
    """The kind of body a recommendation's "who it is for" names: ``board`` for the service's
    management or executive board, ``service`` for the youth justice (or offending) service
    itself, ``partner`` for any other named body (the police, health, the Youth Justice
    Board)."""
    text = audience.casefold()
    if "youth justice board" in text:
        return "partner"
    if "board" in text:
        return "board"
    service_words = ("youth justice service", "youth offending", "yjs", "yot", "the service")
    if not text.strip() or any(word in text for word in service_words):
        return "service"
    return "partner"


def question_text(framework: Framework, question_id: str) -> str | None:
    """The words of a standard, key question or prompt of the framework, by its id (None if
    the framework has no such id)."""
    found_prompt = framework.find_prompt(question_id)
    if found_prompt is not None:
        return found_prompt[2].text
    found = framework.find_key_question(question_id)
    if found is not None:
        return found[1].text
    standard = next((s for s in framework.standards if s.id == question_id), None)
    return standard.name if standard is not None else None


def parse_concerns(framework: Framework, text: str) -> tuple[list[str], list[str]]:
    """The standards, key questions and prompts a recommendation concerns, from ids separated
    by commas or spaces (``2.2, 2.2.3e``): the known ids in order, each once, and the unknown."""
    known: list[str] = []
    unknown: list[str] = []
    for item in re.split(r"[,;\s]+", text.strip()):
        if not item:
            continue
        target = known if question_text(framework, item) is not None else unknown
        if item not in target:
            target.append(item)
    return known, unknown


@dataclass(frozen=True)
class RagRules:
    """The stated, configurable rules that give an action its RAG rating, applied in order:

    1. complete: green;
    2. overdue (the due date has passed and it is not complete): red;
    3. off track: red;
    4. at risk: amber;
    5. no due date set: amber;
    6. due within ``due_soon_days`` days and not complete: amber;
    7. not started although its start date passed more than ``late_start_days`` days ago:
       amber;
    8. otherwise: green.
    """

    due_soon_days: int = 14
    late_start_days: int = 0

    def __post_init__(self) -> None:
        for name in ("due_soon_days", "late_start_days"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 0 <= value <= 365:
                raise ValueError(f"{name} must be a whole number of days from 0 to 365")

    def describe(self) -> list[str]:
        """The rules in words, as pages, exports and board packs state them."""
        return [
            "Complete: green.",
            "Overdue (the due date has passed and it is not complete): red.",
            "Off track: red.",
            "At risk: amber.",
            "No due date set: amber.",
            f"Due within {self.due_soon_days} days and not complete: amber.",
            (
                "Not started although its start date has passed: amber."
                if self.late_start_days == 0
                else f"Not started more than {self.late_start_days} days after its start date: "
                "amber."
            ),
            "Otherwise: green.",
        ]

    def as_dict(self) -> dict[str, int]:
        return {"due_soon_days": self.due_soon_days, "late_start_days": self.late_start_days}

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> RagRules:
        data = data or {}
        defaults = cls()
        due = data.get("due_soon_days", defaults.due_soon_days)
        late = data.get("late_start_days", defaults.late_start_days)
        return cls(int(str(due)), int(str(late)))


@dataclass(frozen=True)
class ActionFacts:
    """What the rules need of an action."""

    status: str
    due: date | None
    start: date | None = None
    override: str = ""
    override_reason: str = ""


@dataclass(frozen=True)
class RagResult:
    """The RAG that counts, the rules' own RAG, and why (the rule's words, or the override's
    reason)."""

    rag: str
    rule_rag: str
    reason: str
    overridden: bool

    @property
    def label(self) -> str:
        return RAG[self.rag]


def long_date(day: date) -> str:
    """A date as people write it: 3 March 2022."""
    return f"{day.day} {day:%B %Y}"


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Overdue: not complete and its due date is before today."""
    return status != "complete" and due is not None and due < today


def days_overdue(status: str, due: date | None, today: date) -> int:
    return (today - due).days if due is not None and is_overdue(status, due, today) else 0


def rule_rag(facts: ActionFacts, today: date, rules: RagRules) -> tuple[str, str]:
    """The rules' RAG for an action and the rule that gave it."""
    if facts.status not in STATUSES:
        raise ValueError(f"unknown status {facts.status!r}")
    if facts.status == "complete":
        return "green", "Complete."
    if is_overdue(facts.status, facts.due, today):
        assert facts.due is not None
        days = (today - facts.due).days
        return "red", f"Overdue: due {long_date(facts.due)}, {days} day{'s' * (days != 1)} ago."
    if facts.status == "off_track":
        return "red", "Off track."
    if facts.status == "at_risk":
        return "amber", "At risk."
    if facts.due is None:
        return "amber", "No due date set."
    if facts.due <= today + timedelta(days=rules.due_soon_days):
        return "amber", f"Due within {rules.due_soon_days} days ({long_date(facts.due)})."
    late = rules.late_start_days
    if (
        facts.status == "not_started"
        and facts.start is not None
        and facts.start + timedelta(days=late) < today
    ):
        return "amber", f"Not started, though due to start on {long_date(facts.start)}."
    return "green", "None of the red or amber rules applies."


def rag_of(facts: ActionFacts, today: date, rules: RagRules | None = None) -> RagResult:
    """An action's RAG: the rules', unless overridden with a reason (the override is kept
    beside the rules' own RAG, never instead of it)."""
    rag, reason = rule_rag(facts, today, rules or RagRules())
    if facts.override:
        if facts.override not in RAG:
            raise ValueError(f"unknown RAG {facts.override!r}")
        if not facts.override_reason.strip():
            raise ValueError("an override of the RAG needs a reason")
        return RagResult(facts.override, rag, f"Overridden: {facts.override_reason}", True)
    return RagResult(rag, rag, reason, False)


@dataclass(frozen=True)
class StatusCounts:
    """The plan's status counts as councils report them: complete, in progress (on track, at
    risk or off track), not started; with the count by status."""

    by_status: Mapping[str, int]

    @property
    def complete(self) -> int:
        return self.by_status.get("complete", 0)

    @property
    def in_progress(self) -> int:
        return sum(self.by_status.get(s, 0) for s in IN_PROGRESS)

    @property
    def not_started(self) -> int:
        return self.by_status.get("not_started", 0)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("Complete", self.complete),
            ("In progress", self.in_progress),
            ("Not started", self.not_started),
            ("All actions", self.total),
        ]


def status_counts(by_status: Mapping[str, int]) -> StatusCounts:
    """Status counts from a count per status (as a database GROUP BY gives them)."""
    unknown = set(by_status) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown status {sorted(unknown)[0]!r}")
    return StatusCounts({s: int(by_status.get(s, 0)) for s in STATUSES})


@dataclass(frozen=True)
class Figure:
    """A key question's or prompt's % yes in one inspection, with its counts: a measure's
    baseline or latest figure comes from the data, never typed."""

    question_id: str
    text: str
    percent: int | None
    yes: int | None
    relevant: int | None
    band: str | None = None

    def __str__(self) -> str:
        if self.percent is None:
            return "no figure (no relevant case)"
        counts = f" ({self.yes} of {self.relevant} cases)" if self.relevant is not None else ""
        return f"{self.percent}%{counts}"


def figure_of(result: InspectionResult, question_id: str) -> Figure | None:
    """The figure of a key question or prompt in a rated inspection (None if not asked)."""
    for standard in result.standards:
        for kq in standard.key_questions:
            if kq.id == question_id:
                return Figure(kq.id, kq.text, kq.percent, kq.yes, kq.relevant, kq.band)
            for prompt in kq.prompts:
                if prompt.id == question_id:
                    return Figure(prompt.id, prompt.text, prompt.percent, prompt.yes,
                                  prompt.relevant)  # fmt: skip
    return None


def good_threshold(framework: Framework) -> int:
    """The % yes a key question needs for the framework's second-best band (Good: 65% in 004's
    bands); below it, a key question or prompt falls short."""
    bands = sorted(framework.key_question_bands, key=lambda b: -b.min_percent)
    return bands[1].min_percent if len(bands) > 1 else bands[0].min_percent


def below_threshold(result: InspectionResult, threshold: int) -> list[Figure]:
    """Every key question and prompt whose % yes is below ``threshold``, in framework order:
    what an action may be raised from (issue 12, item 3)."""
    found = []
    for standard in result.standards:
        for kq in standard.key_questions:
            if kq.percent is not None and kq.percent < threshold:
                found.append(Figure(kq.id, kq.text, kq.percent, kq.yes, kq.relevant, kq.band))
            found += [
                Figure(p.id, p.text, p.percent, p.yes, p.relevant)
                for p in kq.prompts
                if p.percent is not None and p.percent < threshold
            ]
    return found
