"""Reading what ``yjinspect rate`` rates: an inspection summary or case-level answers.

An inspection summary (JSON or YAML) gives, per standard, a judged rating or key question
figures (counts, or a published whole percent), and any panel rating with its rationale.
Case-level answers (CSV: ``case_id,question_id,answer``) are tallied into the same evidence.
Every problem is an :class:`InputError` whose message names the place and the problem.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, ValidationError, field_validator

from yjinspect.errors import InputError
from yjinspect.framework import Framework, KeyQuestion, Standard, load_framework
from yjinspect.limits import DEFAULT_LIMITS, Limits, csv_rows, load_structured, read_text
from yjinspect.national import published_overall
from yjinspect.rating import (
    Counts,
    InspectionEvidence,
    KeyQuestionEvidence,
    PanelDecision,
    StandardEvidence,
)

ANSWERS = ("yes", "no", "na")
CSV_COLUMNS = ("case_id", "question_id", "answer")


# -- inspection summary --------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeyQuestionFigures(_Strict):
    yes: StrictInt | None = None
    no: StrictInt | None = None
    relevant: StrictInt | None = None
    percent: StrictInt | None = None
    note: str = ""


class StandardFigures(_Strict):
    rating: str | None = None
    published_rating: str | None = None
    key_questions: dict[str, KeyQuestionFigures] = {}
    panel_rating: str | None = None
    panel_rationale: str | None = None
    note: str = ""

    @field_validator("key_questions", mode="before")
    @classmethod
    def _string_keys(cls, value: Any) -> Any:
        return _stringify_keys(value)


class OverallFigures(_Strict):
    """An overall score (whole, or ``percent`` of the maximum) and rating as published."""

    score: StrictInt | None = None
    percent: str | None = None
    rating: str | None = None

    @field_validator("percent", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return value


class InspectionSummary(_Strict):
    framework: str
    service: str = ""
    title: str = ""
    fieldwork_start: str = ""
    published: str = ""
    source: str = ""
    notes: list[str] = []
    overall: OverallFigures | None = None
    standards: dict[str, StandardFigures] = {}

    @field_validator("standards", mode="before")
    @classmethod
    def _string_keys(cls, value: Any) -> Any:
        return _stringify_keys(value)


def _stringify_keys(value: Any) -> Any:
    """YAML reads an unquoted 2.1 as a number; standard ids are strings."""
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    return value


def _pydantic_message(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = " > ".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else error["msg"]


def counts_from_figures(figures: KeyQuestionFigures) -> Counts | None:
    """Counts from any consistent two or three of yes, no and relevant."""
    yes, no, relevant = figures.yes, figures.no, figures.relevant
    if yes is None and no is None and relevant is None:
        return None
    for name, number in (("yes", yes), ("no", no), ("relevant", relevant)):
        if number is not None and number < 0:
            raise InputError(f"{name} cannot be negative ({number})")
    if relevant is None:
        if yes is None or no is None:
            raise InputError("give relevant with yes (or both yes and no)")
        relevant = yes + no
    if yes is None:
        if no is None:
            raise InputError("give yes with relevant")
        yes = relevant - no
    if no is not None and yes + no != relevant:
        raise InputError(f"yes ({yes}) + no ({no}) contradicts relevant ({relevant})")
    return Counts(yes=yes, relevant=relevant)


def _key_question_evidence(figures: KeyQuestionFigures) -> KeyQuestionEvidence:
    return KeyQuestionEvidence(
        counts=counts_from_figures(figures), published_percent=figures.percent
    )


def _owned_key_question(framework: Framework, standard: Standard, kq_id: str) -> KeyQuestion:
    for kq in standard.key_questions:
        if kq.id == kq_id:
            return kq
    found = framework.find_key_question(kq_id)
    if found is not None:
        raise InputError(f"key question {kq_id} belongs to standard {found[0].id}")
    raise InputError(f"unknown key question {kq_id!r}")


def _standard_evidence(
    framework: Framework, standard: Standard, figures: StandardFigures
) -> StandardEvidence:
    if figures.rating is not None and standard.is_case_based:
        raise InputError(
            "is rated from its key questions: give key_questions, or its published_rating "
            "when the figures are not held, not a rating"
        )
    if figures.published_rating is not None and not standard.is_case_based:
        raise InputError("is rated by judgement: give its rating, not a published_rating")
    if figures.key_questions and not standard.key_questions:
        raise InputError("is rated by judgement and has no key questions: give a rating")
    if figures.panel_rating is not None and not (figures.panel_rationale or "").strip():
        raise InputError("a panel rating needs a panel_rationale")
    if figures.panel_rationale and figures.panel_rating is None:
        raise InputError("a panel_rationale was given without a panel_rating")
    key_questions: dict[str, KeyQuestionEvidence] = {}
    for kq_id, kq_figures in figures.key_questions.items():
        _owned_key_question(framework, standard, kq_id)
        try:
            key_questions[kq_id] = _key_question_evidence(kq_figures)
        except InputError as exc:
            raise InputError(f"key question {kq_id}: {exc}") from exc
    if figures.rating is not None:
        framework.rating_level(figures.rating)
    panel = None
    if figures.panel_rating is not None:
        framework.rating_level(figures.panel_rating)
        panel = PanelDecision(figures.panel_rating, figures.panel_rationale or "")
    return StandardEvidence(
        judgement=figures.rating,
        key_questions=key_questions,
        panel=panel,
        published_rating=figures.published_rating,
    )


def evidence_from_summary(summary: InspectionSummary) -> InspectionEvidence:
    framework = load_framework(summary.framework)
    standards: dict[str, StandardEvidence] = {}
    for standard_id, figures in summary.standards.items():
        standard = framework.standard(standard_id)
        try:
            standards[standard_id] = _standard_evidence(framework, standard, figures)
        except InputError as exc:
            raise InputError(f"standard {standard_id}: {exc}") from exc
    overall = None
    if summary.overall is not None:
        given = summary.overall
        try:
            overall = published_overall(
                framework, given.rating, score=given.score, percent=given.percent
            )
        except InputError as exc:
            raise InputError(f"overall: {exc}") from exc
    return InspectionEvidence(
        framework=framework,
        standards=standards,
        service=summary.service,
        published_overall=overall,
    )


def parse_summary(data: Any, name: str = "summary") -> InspectionSummary:
    if not isinstance(data, dict):
        raise InputError(f"{name} must hold one object with framework and standards")
    try:
        return InspectionSummary.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{name}: {_pydantic_message(exc)}") from exc


def read_summary(path: Path, limits: Limits = DEFAULT_LIMITS) -> InspectionSummary:
    """A summary file (JSON, or YAML), bounded by ``limits`` before it is parsed."""
    text = read_text(path, limits)
    return parse_summary(load_structured(text, path.name, limits=limits), path.name)


# -- case-level answers --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseAnswer:
    line: int
    case_id: str
    question_id: str
    answer: str


def read_case_answers(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[CaseAnswer]:
    """Rows of ``case_id,question_id,answer``; other columns are ignored."""
    text = read_text(path, limits)
    csv_rows(text, path.name, limits)  # refused past the row, column and cell limits
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [column.strip() for column in reader.fieldnames or []]
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        raise InputError(f"{path.name}: missing column(s) {', '.join(missing)}")
    reader.fieldnames = header
    answers = []
    for row in reader:
        values = {c: (row.get(c) or "").strip() for c in CSV_COLUMNS}
        if not any(values.values()):
            continue
        line = reader.line_num
        for column in CSV_COLUMNS:
            if not values[column]:
                raise InputError(f"{path.name} line {line}: {column} is empty")
        answer = values["answer"].lower()
        if answer not in ANSWERS:
            raise InputError(
                f"{path.name} line {line}: answer {values['answer']!r} is not yes, no or na"
            )
        answers.append(CaseAnswer(line, values["case_id"], values["question_id"], answer))
    if not answers:
        raise InputError(f"{path.name} has no answers")
    return answers


def _case_types_of(framework: Framework, standard: Standard) -> frozenset[str]:
    return frozenset(framework.domain_of(standard.id).case_types)


def tally_case_answers(
    framework: Framework, answers: Iterable[CaseAnswer], source: str = "answers"
) -> dict[str, StandardEvidence]:
    """Count yes and relevant (yes + no) per key question and prompt; na is not relevant."""
    kq_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    prompt_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    seen: set[tuple[str, str]] = set()
    case_types: dict[str, frozenset[str]] = {}
    for answer in answers:
        where = f"{source} line {answer.line}"
        key = (answer.case_id, answer.question_id)
        if key in seen:
            raise InputError(f"{where}: case {answer.case_id} answers {answer.question_id} twice")
        seen.add(key)
        kq_found = framework.find_key_question(answer.question_id)
        prompt_found = framework.find_prompt(answer.question_id)
        if kq_found is not None:
            standard, kq = kq_found
            if answer.answer == "na" and not kq.allows_not_applicable:
                raise InputError(
                    f"{where}: key question {kq.id} cannot be answered na (it applies to every "
                    "case of its type)"
                )
            tally = kq_counts[kq.id]
        elif prompt_found is not None:
            standard = prompt_found[0]
            tally = prompt_counts[answer.question_id]
        else:
            raise InputError(
                f"{where}: {answer.question_id!r} is not a key question or prompt of {framework.id}"
            )
        types = case_types.get(answer.case_id, _case_types_of(framework, standard))
        types &= _case_types_of(framework, standard)
        if not types:
            raise InputError(
                f"{where}: case {answer.case_id} answers questions of domains for different "
                "case types"
            )
        case_types[answer.case_id] = types
        if answer.answer != "na":
            tally[1] += 1
            tally[0] += answer.answer == "yes"
    return _evidence(framework, kq_counts, prompt_counts)


def evidence_from_answer_counts(
    framework: Framework, counts: Iterable[tuple[str, str, int]], source: str = "answers"
) -> dict[str, StandardEvidence]:
    """The same evidence as :func:`tally_case_answers`, from counts already made elsewhere
    (the workspace's database counts them with one GROUP BY): ``(question_id, answer,
    number of cases)`` triples, where ``answer`` is yes, no or na and every counted answer
    is to a question asked of its case. Yes and relevant (yes + no) per key question and
    prompt; na is not relevant."""
    kq_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    prompt_counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for question_id, answer, number in counts:
        if answer not in ANSWERS:
            raise InputError(f"{source}: answer {answer!r} to {question_id} is not yes, no or na")
        kq_found = framework.find_key_question(question_id)
        if kq_found is not None:
            kq = kq_found[1]
            if answer == "na" and not kq.allows_not_applicable and number:
                raise InputError(
                    f"{source}: key question {kq.id} cannot be answered na (it applies to every "
                    "case of its type)"
                )
            tally = kq_counts[kq.id]
        elif framework.find_prompt(question_id) is not None:
            tally = prompt_counts[question_id]
        else:
            raise InputError(
                f"{source}: {question_id!r} is not a key question or prompt of {framework.id}"
            )
        if answer != "na":
            tally[1] += number
            tally[0] += number if answer == "yes" else 0
    return _evidence(framework, kq_counts, prompt_counts)


def _evidence(
    framework: Framework,
    kq_counts: Mapping[str, list[int]],
    prompt_counts: Mapping[str, list[int]],
) -> dict[str, StandardEvidence]:
    evidence: dict[str, StandardEvidence] = {}
    for standard in framework.standards:
        kqs = {
            kq.id: KeyQuestionEvidence(counts=Counts(*kq_counts[kq.id]))
            for kq in standard.key_questions
            if kq.id in kq_counts
        }
        prompts = {
            p.id: Counts(*prompt_counts[p.id])
            for kq in standard.key_questions
            for p in kq.prompts
            if p.id in prompt_counts
        }
        if kqs or prompts:
            evidence[standard.id] = StandardEvidence(key_questions=kqs, prompts=prompts)
    return evidence


def parse_assignments(values: Iterable[str], option: str) -> dict[str, str]:
    """``ID=VALUE`` pairs from repeated command-line options."""
    parsed: dict[str, str] = {}
    for value in values:
        standard_id, sep, rest = value.partition("=")
        if not sep or not standard_id.strip() or not rest.strip():
            raise InputError(f"{option} {value!r} is not STANDARD=VALUE")
        if standard_id.strip() in parsed:
            raise InputError(f"{option} gives standard {standard_id.strip()} twice")
        parsed[standard_id.strip()] = rest.strip()
    return parsed


def with_judgements_and_panels(
    framework: Framework,
    standards: Mapping[str, StandardEvidence],
    judgements: Mapping[str, str] | None = None,
    panels: Mapping[str, PanelDecision] | None = None,
    service: str = "",
) -> InspectionEvidence:
    """Add judged standards' ratings and panel decisions to tallied case evidence."""
    merged = dict(standards)
    for standard_id, rating in (judgements or {}).items():
        standard = framework.standard(standard_id)
        if standard.is_case_based:
            raise InputError(f"standard {standard_id} is rated from its key questions")
        framework.rating_level(rating)
        current = merged.get(standard_id, StandardEvidence())
        merged[standard_id] = replace(current, judgement=rating)
    for standard_id, decision in (panels or {}).items():
        framework.standard(standard_id)
        framework.rating_level(decision.rating)
        current = merged.get(standard_id, StandardEvidence())
        merged[standard_id] = replace(current, panel=decision)
    return InspectionEvidence(framework=framework, standards=merged, service=service)


def parse_panel(standard_id: str, decision: str) -> PanelDecision:
    """A panel decision written ``RATING: rationale``."""
    rating, _, rationale = decision.partition(":")
    if not rationale.strip():
        raise InputError(f"--panel {standard_id}: give the rationale as RATING: rationale")
    return PanelDecision(rating.strip(), rationale.strip())


def evidence_from_cases(
    framework_id: str,
    answers: Iterable[CaseAnswer],
    judgements: Mapping[str, str] | None = None,
    panels: Mapping[str, str] | None = None,
    service: str = "",
    source: str = "answers",
) -> InspectionEvidence:
    """Tally case answers and add judged ratings and panel decisions ("RATING: rationale")."""
    framework = load_framework(framework_id)
    standards = tally_case_answers(framework, answers, source)
    decisions = {sid: parse_panel(sid, text) for sid, text in (panels or {}).items()}
    return with_judgements_and_panels(framework, standards, judgements, decisions, service)
