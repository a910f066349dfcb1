"""A printable record of one inspected case: its details, every answer with its evidence, the
sub-sample decisions, and its review trail, as one standalone HTML document and as a PDF.

The workspace gathers what is stored (:mod:`yjinspect_web.case_record`); this module only
arranges and renders it, in words (no codes): the answers as "Yes", "No", "Not applicable",
the states and decisions as sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from yjinspect.report.render import TEMPLATES, html_to_pdf, long_date, paragraphs

ANSWER_WORDS = {"yes": "Yes", "no": "No", "na": "Not applicable", "": "Not answered"}


@dataclass(frozen=True)
class AnswerEntry:
    """A key question or prompt and what was recorded for it."""

    id: str
    text: str
    answer: str
    """In words: Yes, No, Not applicable, Not answered."""
    evidence: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
    is_prompt: bool = False


@dataclass(frozen=True)
class KeyQuestionEntry:
    key_question: AnswerEntry
    asked: bool
    why_not_asked: str = ""
    prompts: tuple[AnswerEntry, ...] = ()


@dataclass(frozen=True)
class StandardEntry:
    id: str
    name: str
    key_questions: tuple[KeyQuestionEntry, ...]


@dataclass(frozen=True)
class SubSampleEntry:
    """A sub-sample and whether the case is in it: by its details, or by a decision."""

    name: str
    in_it: bool
    decided: bool
    """True: an inspector's decision (with ``reason``); False: the case's details."""
    reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass(frozen=True)
class ReviewStep:
    """A step of the case's review in words, e.g. 'Returned for correction'."""

    when: datetime
    who: str
    what: str
    comment: str = ""


@dataclass(frozen=True)
class CaseRecordData:
    """Everything a case record shows. ``review_trail`` is None when the reader may not see
    the inspectors' working history (then it is left out, and the record says so)."""

    inspection: str
    service: str
    framework: str
    reference: str
    state: str
    details: tuple[tuple[str, str], ...]
    standards: tuple[StandardEntry, ...]
    sub_samples: tuple[SubSampleEntry, ...] = ()
    review_trail: tuple[ReviewStep, ...] | None = ()
    generated_on: date | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def answered(self) -> int:
        return sum(
            1
            for standard in self.standards
            for kq in standard.key_questions
            if kq.asked and kq.key_question.answer != ANSWER_WORDS[""]
        )

    @property
    def asked(self) -> int:
        return sum(1 for s in self.standards for kq in s.key_questions if kq.asked)


def when_text(moment: datetime | None) -> str:
    """'7 September 2021 at 14:05'."""
    if moment is None:
        return ""
    return f"{long_date(moment.date())} at {moment:%H:%M}"


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["paragraphs"] = paragraphs
    environment.filters["long_date"] = long_date
    environment.filters["when"] = when_text
    return environment


@cache
def _stylesheet() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def render_case_record_html(record: CaseRecordData) -> str:
    """The record as one standalone, accessible HTML document (styles inline)."""
    template = _environment().get_template("case_record.html.j2")
    return template.render(record=record, css=Markup(_stylesheet()))


def render_case_record_pdf(record: CaseRecordData) -> bytes:
    """The record as a tagged PDF (WeasyPrint, the report's print styles)."""
    return html_to_pdf(render_case_record_html(record))
