"""A case's printable record (HTML and PDF): what the workspace holds of one case, gathered
for the core's :mod:`yjinspect.report.case_record`, in words rather than codes."""

from __future__ import annotations

from django.utils import timezone

from yjinspect.cases import in_sub_sample_by_default, standards_for_case, sub_samples_for_case
from yjinspect.report.case_record import (
    ANSWER_WORDS,
    AnswerEntry,
    CaseRecordData,
    KeyQuestionEntry,
    ReviewStep,
    StandardEntry,
    SubSampleEntry,
)
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Answer, Case, ReviewComment

RISK_WORDS = {"low": "Low", "medium": "Medium", "high": "High", "very high": "Very high"}


def _words(code: str) -> str:
    return code.replace("_", " ").capitalize() if code else "Not recorded"


def review_step_words(comment: ReviewComment) -> str:
    """A review step as a sentence: 'Submitted for quality assurance', 'Returned to the
    inspector', 'Quality-assured', 'Withdrawn from the sample'."""
    to_state = comment.to_state
    if to_state == Case.State.SUBMITTED:
        return "Submitted for quality assurance"
    if to_state == Case.State.QUALITY_ASSURED:
        return "Quality-assured"
    if to_state == Case.State.WITHDRAWN:
        return "Withdrawn from the sample"
    if to_state == Case.State.IN_PROGRESS and comment.from_state != to_state:
        return "Returned for correction"
    return f"Moved to {Case.State(to_state).label.lower()}"


def _details(case: Case) -> tuple[tuple[str, str], ...]:
    framework = case.inspection.framework
    case_types = {c.id: c for c in framework.case_types}
    case_type = case_types.get(case.case_type)
    disposals = {d.id: d.name for d in case_type.disposals} if case_type else {}
    details = [
        ("Case type", case_type.name if case_type else _words(case.case_type)),
        ("Disposal", disposals.get(case.disposal, _words(case.disposal))),
        ("Gender", _words(case.gender)),
        ("Ethnicity", _words(case.ethnicity)),
        ("Risk of serious harm", RISK_WORDS.get(case.rosh, _words(case.rosh))),
        (
            "Safety and wellbeing",
            RISK_WORDS.get(case.safety_wellbeing, _words(case.safety_wellbeing)),
        ),
        (
            "Assigned to",
            case.assigned_inspector.display_name if case.assigned_inspector else "Not assigned",
        ),
        ("Added", f"{timezone.localtime(case.created_at):%-d %B %Y}"),
    ]
    if case.is_withdrawn:
        by = case.withdrawn_by.display_name if case.withdrawn_by else "someone"
        details.append(("Withdrawn", f"by {by}: {case.withdrawn_reason}"))
    return tuple(details)


def _entry(question_id: str, text: str, answer: Answer | None, *, prompt: bool) -> AnswerEntry:
    if answer is None:
        return AnswerEntry(question_id, text, ANSWER_WORDS[""], is_prompt=prompt)
    return AnswerEntry(
        question_id,
        text,
        ANSWER_WORDS.get(answer.value, answer.value),
        answer.evidence,
        answer.updated_by.display_name,
        timezone.localtime(answer.updated_at),
        is_prompt=prompt,
    )


def _standards(case: Case) -> tuple[StandardEntry, ...]:
    framework = case.inspection.framework
    answers = {a.question_id: a for a in case.answers.select_related("updated_by")}
    asked = {a.key_question.id: a for a in services.applicability(case)}
    entries = []
    for standard in standards_for_case(framework, case.case_type):
        if not standard.key_questions:
            continue
        questions = []
        for kq in standard.key_questions:
            applies = asked.get(kq.id)
            questions.append(
                KeyQuestionEntry(
                    _entry(kq.id, kq.text, answers.get(kq.id), prompt=False),
                    asked=applies.asked if applies else True,
                    why_not_asked=f"Not asked: {applies.reason}." if applies else "",
                    prompts=tuple(
                        _entry(p.id, p.text, answers.get(p.id), prompt=True) for p in kq.prompts
                    ),
                )
            )
        entries.append(StandardEntry(standard.id, standard.name, tuple(questions)))
    return tuple(entries)


def _sub_samples(case: Case) -> tuple[SubSampleEntry, ...]:
    framework = case.inspection.framework
    decisions = {d.sub_sample_id: d for d in case.sub_sample_decisions.select_related("decided_by")}
    entries = []
    for sub_sample in sub_samples_for_case(framework, case.case_type):
        decision = decisions.get(sub_sample.id)
        if decision is None:
            inside = in_sub_sample_by_default(sub_sample, case.profile)
            entries.append(SubSampleEntry(sub_sample.name, inside, decided=False))
        else:
            entries.append(
                SubSampleEntry(
                    sub_sample.name,
                    decision.included,
                    decided=True,
                    reason=decision.reason,
                    decided_by=decision.decided_by.display_name,
                    decided_at=timezone.localtime(decision.decided_at),
                )
            )
    return tuple(entries)


def _review_trail(case: Case) -> tuple[ReviewStep, ...]:
    return tuple(
        ReviewStep(
            timezone.localtime(comment.created_at),
            comment.author.display_name,
            review_step_words(comment),
            comment.text,
        )
        for comment in case.review_comments.select_related("author")
    )


def case_record(case: Case, *, with_review_trail: bool) -> CaseRecordData:
    """The record of ``case``; the review trail only ``with_review_trail`` (the reader may
    see the inspectors' working history)."""
    inspection = case.inspection
    return CaseRecordData(
        inspection=inspection.title,
        service=inspection.service.name,
        framework=inspection.framework.name,
        reference=case.reference,
        state=case.get_state_display(),
        details=_details(case),
        standards=_standards(case),
        sub_samples=_sub_samples(case),
        review_trail=_review_trail(case) if with_review_trail else None,
        generated_on=timezone.localdate(),
    )
