"""What the workspace does, between the views and the records. Every rule is the core's.

Writes are transactional and audited: each change records who changed what, from what, to
what. A save made from a stale page (someone else saved since) is refused with the current
value, so nobody silently overwrites anybody.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from yjinspect.cases import (
    Applicability,
    CaseProfile,
    asked_question_ids,
    key_question_applicability,
)
from yjinspect.errors import InputError
from yjinspect.framework import Framework, KeyQuestion
from yjinspect.inputs import (
    evidence_from_answer_counts,
    evidence_from_summary,
    parse_summary,
    with_judgements_and_panels,
)
from yjinspect.rating import (
    NOT_RATED,
    InspectionEvidence,
    InspectionResult,
    StandardEvidence,
    StandardResult,
    percent_yes,
    rate_inspection,
    rate_standard,
)
from yjinspect.rating import PanelDecision as CorePanelDecision
from yjinspect_web import sql
from yjinspect_web.workspace import counting
from yjinspect_web.workspace.models import (
    Answer,
    AuditEvent,
    Case,
    Inspection,
    PanelDecision,
    QuestionEvidence,
    ReviewComment,
    StandardJudgement,
    SubSampleDecision,
    User,
)

QUALITY_ASSURED_STATES = (Case.State.QUALITY_ASSURED, Case.State.LOCKED)
"""The states of a case whose answers the lead has quality-assured (a locked case was)."""


class ActionRefused(Exception):
    """An action that cannot be taken now; the message says why, in one sentence."""


# -- audit ---------------------------------------------------------------------------------


def audit(
    inspection: Inspection,
    user: User | None,
    action: str,
    subject: str,
    *,
    case: Case | None = None,
    field: str = "",
    old: str = "",
    new: str = "",
    note: str = "",
) -> None:
    AuditEvent.objects.create(
        inspection=inspection,
        case=case,
        user=user,
        action=action,
        subject=subject,
        field=field,
        old=old,
        new=new,
        note=note,
    )


# -- ratings -------------------------------------------------------------------------------


def sub_sample_overrides(case: Case) -> dict[str, tuple[bool, str]]:
    return {d.sub_sample_id: (d.included, d.reason) for d in case.sub_sample_decisions.all()}


def applicability(case: Case) -> list[Applicability]:
    return _applicability(case.inspection.framework, case)


# Which key questions a case is asked follows from its framework, details and sub-sample
# decisions alone, and an inspection's cases share a few combinations of them: each worked
# out once per process (the core's key_question_applicability, unchanged).
_Known = tuple[Framework, tuple[Applicability, ...]]
_APPLICABILITY: dict[tuple[int, CaseProfile, tuple[object, ...]], _Known] = {}


def _applicability(framework: Framework, case: Case) -> list[Applicability]:
    overrides = sub_sample_overrides(case)
    key = (id(framework), case.profile, tuple(sorted(overrides.items())))
    known = _APPLICABILITY.get(key)
    if known is None or known[0] is not framework:
        if len(_APPLICABILITY) >= 4096:
            _APPLICABILITY.clear()
        found = tuple(key_question_applicability(framework, case.profile, overrides))
        known = _APPLICABILITY[key] = (framework, found)  # the framework kept: its id stays its
    return list(known[1])


def inspection_result(
    inspection: Inspection, *, case_states: Collection[str] | None = None
) -> InspectionResult:
    """The ratings as they stand: the core's rules over the recorded judgements (for a
    published inspection, over its recorded summary).

    The answers are counted by the database (:mod:`yjinspect_web.workspace.counting`: one
    GROUP BY query). With ``case_states``, only answers of cases in those states count, e.g.
    ``QUALITY_ASSURED_STATES`` for the ratings from quality-assured cases alone."""
    retained = getattr(inspection, "retained_figures", None) if inspection.ratings_locked else None
    if retained is not None:  # its case details went by retention: its stored figures
        return retained.result()  # type: ignore[no-any-return]
    if inspection.kind == Inspection.Kind.PUBLISHED:
        summary = parse_summary(inspection.published_summary or {}, inspection.title)
        return rate_inspection(evidence_from_summary(summary))
    standards = counting.standard_evidence(inspection, case_states)
    return _rated(inspection, standards, *_judgements_and_panels(inspection))


def _judgements_and_panels(
    inspection: Inspection, standard_id: str | None = None
) -> tuple[dict[str, str], dict[str, CorePanelDecision]]:
    """The recorded judgements and panel decisions (of one standard, if named): the columns
    the rating reads, both tables in one statement written once per process (every page that
    shows a rating asks this)."""
    one = standard_id is not None
    params = [inspection.pk, standard_id] if one else [inspection.pk]
    with connection.cursor() as cursor:
        cursor.execute(_judgements_and_panels_sql(connection.vendor, one), params * 2)
        rows = cursor.fetchall()
    judgements = {standard: rating for kind, standard, rating, _ in rows if kind == 0 and rating}
    panels = {
        standard: CorePanelDecision(rating, rationale)
        for kind, standard, rating, rationale in rows
        if kind == 1
    }
    return judgements, panels


@cache
def _judgements_and_panels_sql(vendor: str, one_standard: bool) -> str:
    """(0, standard, rating, '') for each judgement, (1, standard, rating, rationale) for each
    panel decision of an inspection (and standard), for the database."""

    def select(model: type[models.Model], kind: int, rationale: str) -> str:
        where = f"{sql.column(model, 'inspection')} = %s"
        if one_standard:
            where += f" AND {sql.column(model, 'standard_id')} = %s"
        return (
            f"SELECT {kind}, {sql.column(model, 'standard_id')}, {sql.column(model, 'rating')},"
            f" {rationale} FROM {sql.table(model)} WHERE {where}"
        )

    judged = select(StandardJudgement, 0, "''")
    return f"{judged} UNION ALL {select(PanelDecision, 1, sql.column(PanelDecision, 'rationale'))}"


def _evidence(
    inspection: Inspection,
    standards: dict[str, StandardEvidence],
    judgements: dict[str, str],
    panels: dict[str, CorePanelDecision],
) -> InspectionEvidence:
    counted_panels = {
        standard_id: decision
        for standard_id, decision in panels.items()
        if _has_counts(standards.get(standard_id))  # the cases counted may not rate it yet
    }
    return with_judgements_and_panels(
        inspection.framework, standards, judgements, counted_panels, inspection.service.name
    )


def _rated(
    inspection: Inspection,
    standards: dict[str, StandardEvidence],
    judgements: dict[str, str],
    panels: dict[str, CorePanelDecision],
) -> InspectionResult:
    return rate_inspection(_evidence(inspection, standards, judgements, panels))


def standard_result(inspection: Inspection, standard_id: str) -> StandardResult:
    """One standard's rating as it stands, exactly as :func:`inspection_result` gives it, with
    only that standard rated: a standard's rating rests on its own key questions' counts, its
    judgement and its panel decision alone (the core's ``rate_standard``, which
    ``rate_inspection`` applies to each standard in turn). The case page shows one standard's
    live rating, on every visit and every answer saved."""
    retained = getattr(inspection, "retained_figures", None) if inspection.ratings_locked else None
    if retained is not None or inspection.kind == Inspection.Kind.PUBLISHED:
        return inspection_result(inspection).standard(standard_id)
    framework = inspection.framework
    standard = framework.standard(standard_id)
    questions = {q for kq in standard.key_questions for q in (kq.id, *(p.id for p in kq.prompts))}
    counts = [row for row in counting.answer_counts(inspection) if row[0] in questions]
    judgements, panels = _judgements_and_panels(inspection, standard_id)
    standards = evidence_from_answer_counts(framework, counts, inspection.title)
    evidence = _evidence(inspection, standards, judgements, panels)
    return rate_standard(framework, standard, evidence.standards.get(standard_id))


def checked_and_all_results(inspection: Inspection) -> tuple[InspectionResult, InspectionResult]:
    """The ratings from quality-assured (and locked) cases only, and from every case, as
    :func:`inspection_result` gives each, from one counting query."""
    if inspection.kind == Inspection.Kind.PUBLISHED or (
        inspection.ratings_locked and getattr(inspection, "retained_figures", None) is not None
    ):
        result = inspection_result(inspection, case_states=QUALITY_ASSURED_STATES)
        return result, inspection_result(inspection)
    checked, every = counting.answer_counts_split(inspection, QUALITY_ASSURED_STATES)
    decided = _judgements_and_panels(inspection)
    framework, title = inspection.framework, inspection.title
    return (
        _rated(inspection, evidence_from_answer_counts(framework, checked, title), *decided),
        _rated(inspection, evidence_from_answer_counts(framework, every, title), *decided),
    )


def _has_counts(evidence: StandardEvidence | None) -> bool:
    return evidence is not None and any(
        kq.counts is not None and kq.counts.relevant > 0 for kq in evidence.key_questions.values()
    )


@dataclass(frozen=True)
class PendingChange:
    """A standard whose rating the cases not yet quality-assured would change."""

    standard_id: str
    name: str
    rating: str
    """From the quality-assured cases."""
    rating_with_pending: str
    """With every case's answers so far."""
    figures: list[tuple[str, str, str]]
    """(key question, figures from quality-assured cases, figures with every case): the
    changed ones, each written "7/12 (58%)"."""


def _pair(yes: int | None, relevant: int | None) -> list[int] | None:
    return None if yes is None or relevant is None else [yes, relevant]


def pending_changes(
    checked: InspectionResult, everything: InspectionResult
) -> tuple[list[PendingChange], list[str]]:
    """What the work in progress would change: the standards whose rating changes (with the
    figures that change), and the standards whose figures change but not their rating."""
    changes, figures_only = [], []
    for outcome in everything.standards:
        if outcome.rule_rating is None:
            continue
        before = {
            kq.id: _pair(kq.yes, kq.relevant) for kq in checked.standard(outcome.id).key_questions
        }
        figures = [
            (kq.id, figure_text(before.get(kq.id)), figure_text(_pair(kq.yes, kq.relevant)))
            for kq in outcome.key_questions
            if before.get(kq.id) != _pair(kq.yes, kq.relevant)
        ]
        rating = checked.standard(outcome.id).rating
        if rating != outcome.rating:
            changes.append(PendingChange(outcome.id, outcome.name, rating, outcome.rating, figures))
        elif figures:
            figures_only.append(outcome.id)
    return changes, figures_only


# -- answers -------------------------------------------------------------------------------


@dataclass
class SaveOutcome:
    """The answer as saved, or the current one when the save was refused as stale."""

    answer: Answer
    saved: bool
    conflict: bool = False
    changed: list[str] = field(default_factory=list)


def question_for_case(case: Case, question_id: str) -> tuple[KeyQuestion, bool]:
    """The key question a question id belongs to for this case; (kq, is_prompt)."""
    framework = case.inspection.framework
    asked = asked_question_ids(framework, case.profile, sub_sample_overrides(case))
    if question_id not in asked:
        raise ActionRefused(f"{question_id} is not asked of case {case.reference}.")
    found = framework.find_key_question(question_id)
    if found is not None:
        return found[1], False
    prompt = framework.find_prompt(question_id)
    assert prompt is not None  # asked ids are key questions or prompts
    return prompt[1], True


def check_value(kq: KeyQuestion, is_prompt: bool, value: str) -> None:
    if value not in ("", *Answer.Value.values):
        raise ActionRefused("Choose Yes, No or Not applicable.")
    if value == Answer.Value.NOT_APPLICABLE and not is_prompt and not kq.allows_not_applicable:
        raise ActionRefused(f"{kq.id} applies to every case of this type: answer Yes or No.")


def version_seen(text: str) -> int:
    """The version a form says it started from: a whole number, or the form is refused."""
    text = text.strip() or "0"
    if not text.isdecimal() or len(text) > 9:
        raise ActionRefused("This page is out of date or was altered: reload it and try again.")
    return int(text)


@transaction.atomic
def save_answer(
    case: Case,
    question_id: str,
    value: str,
    evidence: str,
    seen_version: int,
    user: User,
) -> SaveOutcome:
    """Save one answer if nobody has saved it since ``seen_version``; audit what changed."""
    kq, is_prompt = question_for_case(case, question_id)
    check_value(kq, is_prompt, value)
    framework_id = case.inspection.framework_id
    answer = Answer.objects.select_for_update().filter(case=case, question_id=question_id).first()
    if answer is None:  # nothing saved yet: only a form that saw nothing (version 0) saves
        if seen_version != 0:
            raise ActionRefused("This page is out of date: reload it and answer again.")
        answer = Answer(
            case=case, question_id=question_id, framework_id=framework_id, updated_by=user
        )
    elif answer.version != seen_version:
        return SaveOutcome(answer, saved=False, conflict=True)
    changes = [
        (name, getattr(answer, name), new)
        for name, new in (("value", value), ("evidence", evidence))
        if getattr(answer, name) != new
    ]
    if not changes:
        return SaveOutcome(answer, saved=False)
    for name, _old, new in changes:
        setattr(answer, name, new)
    answer.framework_id = framework_id
    answer.updated_by = user
    answer.version += 1
    try:
        with transaction.atomic():  # a first save racing another first save: theirs stands
            answer.save()
    except IntegrityError:
        current = Answer.objects.get(case=case, question_id=question_id)
        return SaveOutcome(current, saved=False, conflict=True)
    for name, old, new in changes:
        audit(case.inspection, user, "answer", question_id, case=case, field=name, old=old,
              new=new)  # fmt: skip
    reopen_review_after_change(case, user, f"The answer to {question_id}")
    return SaveOutcome(answer, saved=True, changed=[name for name, _, _ in changes])


@transaction.atomic
def decide_sub_sample(
    case: Case, sub_sample_id: str, included: bool | None, reason: str, user: User
) -> None:
    """Set (or with ``included=None`` clear) the inspector's sub-sample decision for a case."""
    framework = case.inspection.framework
    framework.sub_sample(sub_sample_id)
    current = case.sub_sample_decisions.filter(sub_sample_id=sub_sample_id).first()
    before = "default" if current is None else ("in" if current.included else "not in")
    if included is None:
        if current is not None:
            current.delete()
            audit(case.inspection, user, "sub_sample", sub_sample_id, case=case,
                  old=before, new="default")  # fmt: skip
            reopen_review_after_change(case, user, "A sub-sample decision")
        return
    if not reason.strip():
        raise ActionRefused("Give the reason for the sub-sample decision.")
    SubSampleDecision.objects.update_or_create(
        case=case,
        sub_sample_id=sub_sample_id,
        defaults={"included": included, "reason": reason.strip(), "decided_by": user},
    )
    audit(case.inspection, user, "sub_sample", sub_sample_id, case=case, old=before,
          new="in" if included else "not in", note=reason.strip())  # fmt: skip
    reopen_review_after_change(case, user, "A sub-sample decision")


# -- progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardProgress:
    """One standard's key questions for a case: asked, answered."""

    asked: int
    answered: int

    @property
    def complete(self) -> bool:
        return self.answered == self.asked


@dataclass(frozen=True)
class CaseProgress:
    key_questions_asked: int
    key_questions_answered: int
    prompts_asked: int
    prompts_answered: int
    by_standard: dict[str, StandardProgress] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.key_questions_answered == self.key_questions_asked

    @property
    def questions_asked(self) -> int:
        return self.key_questions_asked + self.prompts_asked

    @property
    def questions_answered(self) -> int:
        return self.key_questions_answered + self.prompts_answered


def _asked_key_questions(case: Case, framework: Framework) -> list[KeyQuestion]:
    return [a.key_question for a in _applicability(framework, case) if a.asked]


def _by_standard(
    framework: Framework, asked: list[KeyQuestion], answered: Callable[[str], bool]
) -> dict[str, StandardProgress]:
    asked_ids = {kq.id for kq in asked}
    by_standard = {}
    for standard in framework.standards:
        ids = [kq.id for kq in standard.key_questions if kq.id in asked_ids]
        if ids:
            by_standard[standard.id] = StandardProgress(len(ids), sum(map(answered, ids)))
    return by_standard


def case_progress(case: Case, framework: Framework | None = None) -> CaseProgress:
    """What is answered of a case, in all and by standard."""
    framework = framework or case.inspection.framework
    answered = {a.question_id for a in case.answers.all() if a.value}
    asked = _asked_key_questions(case, framework)
    prompts = [p.id for kq in asked for p in kq.prompts]
    return CaseProgress(
        key_questions_asked=len(asked),
        key_questions_answered=sum(kq.id in answered for kq in asked),
        prompts_asked=len(prompts),
        prompts_answered=sum(p in answered for p in prompts),
        by_standard=_by_standard(framework, asked, answered.__contains__),
    )


@dataclass(frozen=True)
class SubmissionGaps:
    """What a case needs before it can be submitted: every key question asked of it answered,
    each answer with its evidence unless the framework marks the question's evidence optional
    (``evidence_optional``)."""

    unanswered: tuple[str, ...]
    without_evidence: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.unanswered or self.without_evidence)


def submission_gaps(case: Case) -> SubmissionGaps:
    answers = {a.question_id: a for a in case.answers.all() if a.value}
    asked = _asked_key_questions(case, case.inspection.framework)
    return SubmissionGaps(
        unanswered=tuple(kq.id for kq in asked if kq.id not in answers),
        without_evidence=tuple(
            kq.id
            for kq in asked
            if kq.id in answers and not kq.evidence_optional and not answers[kq.id].evidence.strip()
        ),
    )


def progress_of_cases(inspection: Inspection, cases: Iterable[Case]) -> dict[int, CaseProgress]:
    """Every case's progress at once: the answered questions are counted by the database (one
    GROUP BY by case and standard); prefetch ``sub_sample_decisions`` on ``cases``."""
    framework = inspection.framework
    answered = counting.answered_by_case(inspection)
    progress = {}
    for case in cases:
        asked = _asked_key_questions(case, framework)
        by_standard, prompts = answered.get(case.pk, ({}, 0))
        standards = _by_standard(framework, asked, lambda _: False)
        for standard_id, number in by_standard.items():
            standards[standard_id] = StandardProgress(standards[standard_id].asked, number)
        progress[case.pk] = CaseProgress(
            key_questions_asked=len(asked),
            key_questions_answered=sum(by_standard.values()),
            prompts_asked=sum(len(kq.prompts) for kq in asked),
            prompts_answered=prompts,
            by_standard=standards,
        )
    return progress


# -- judged standards ----------------------------------------------------------------------

_Versioned = TypeVar("_Versioned", StandardJudgement, QuestionEvidence)


def _recorded(blank: _Versioned, seen_version: int, user: User) -> _Versioned:
    """The record saved for ``blank``'s inspection and id (locked), or ``blank`` itself, unsaved,
    when there is none yet; a form claiming a version of a record never saved is refused."""
    lookup = {"inspection": blank.inspection}
    key = "standard_id" if isinstance(blank, StandardJudgement) else "question_id"
    lookup[key] = getattr(blank, key)
    found = type(blank).objects.select_for_update().filter(**lookup).first()
    if found is not None:
        return found
    if seen_version != 0:
        raise ActionRefused("This page is out of date: reload it and try again.")
    blank.framework_id = blank.inspection.framework_id
    blank.updated_by = user
    return blank


def _update_versioned(
    record: StandardJudgement | QuestionEvidence,
    field_name: str,
    new: str,
    seen_version: int,
    user: User,
    inspection: Inspection,
    action: str,
    subject: str,
) -> bool:
    """Change one field of a versioned record unless it was saved since ``seen_version``;
    audit the change. Returns False for a stale save (nothing changed)."""
    if record.version != seen_version:
        return False
    old = getattr(record, field_name)
    if old != new:
        setattr(record, field_name, new)
        record.updated_by = user
        record.framework_id = inspection.framework_id
        record.version += 1
        try:
            with transaction.atomic():  # a first save racing another first save: theirs stands
                record.save()
        except IntegrityError:
            return False
        audit(inspection, user, action, subject, field=field_name, old=old, new=new)
    return True


@transaction.atomic
def save_judgement(
    inspection: Inspection, standard_id: str, rating: str, seen_version: int, user: User
) -> tuple[StandardJudgement, bool]:
    """Record a judged standard's rating; returns (judgement, saved); stale saves are refused."""
    framework = inspection.framework
    standard = framework.standard(standard_id)
    if standard.is_case_based:
        raise ActionRefused(f"{standard_id} is rated from its key questions.")
    if rating:
        try:
            framework.rating_level(rating)
        except InputError as exc:
            raise ActionRefused(str(exc)) from exc
    judgement = _recorded(
        StandardJudgement(inspection=inspection, standard_id=standard_id), seen_version, user
    )
    saved = _update_versioned(
        judgement, "rating", rating, seen_version, user, inspection, "judgement", standard_id
    )
    return judgement, saved


@transaction.atomic
def save_question_evidence(
    inspection: Inspection, question_id: str, text: str, seen_version: int, user: User
) -> tuple[QuestionEvidence, bool]:
    framework = inspection.framework
    if not any(q.id == question_id for s in framework.standards for q in s.questions):
        raise ActionRefused(f"{question_id} is not a question of a judged standard.")
    evidence = _recorded(
        QuestionEvidence(inspection=inspection, question_id=question_id), seen_version, user
    )
    saved = _update_versioned(
        evidence, "text", text, seen_version, user, inspection, "evidence", question_id
    )
    return evidence, saved


# -- review states -------------------------------------------------------------------------


def reopen_review_after_change(case: Case, user: User, what: str) -> None:
    """A change to a quality-assured case sends it back to review (submitted), recorded."""
    if case.state == Case.State.QUALITY_ASSURED:
        _transition(case, user, Case.State.SUBMITTED,
                    f"{what} changed after quality assurance: back to review.")  # fmt: skip


def returned_comment(case: Case) -> ReviewComment | None:
    """The lead's comment when the case was last returned and is still being corrected."""
    if case.state != Case.State.IN_PROGRESS:
        return None
    comments = list(case.review_comments.all())
    last = comments[-1] if comments else None
    if last and last.to_state == Case.State.IN_PROGRESS and last.from_state != last.to_state:
        return last
    return None


def case_state_words(case: Case) -> str:
    """The case's review state as a list shows it: 'Returned for correction' while a case the
    lead returned is being corrected, else the state's own words."""
    return "Returned for correction" if returned_comment(case) else case.get_state_display()


def _transition(case: Case, user: User, to_state: str, comment: str) -> None:
    ReviewComment.objects.create(
        case=case, author=user, from_state=case.state, to_state=to_state, text=comment
    )
    audit(case.inspection, user, "review", case.reference, case=case, field="state",
          old=case.state, new=to_state, note=comment)  # fmt: skip
    case.state = to_state
    case.save(update_fields=["state"])


def _listed(ids: tuple[str, ...]) -> str:
    return ", ".join(ids[:-1]) + (" and " if len(ids) > 1 else "") + ids[-1]


class CaseIncomplete(ActionRefused):
    """A submission refused: the key questions still unanswered or without evidence."""

    def __init__(self, gaps: SubmissionGaps) -> None:
        parts = []
        if gaps.unanswered:
            parts.append(f"answer {_listed(gaps.unanswered)}")
        if gaps.without_evidence:
            parts.append(f"record the evidence for {_listed(gaps.without_evidence)}")
        super().__init__(f"Before submitting, {' and '.join(parts)}.")
        self.gaps = gaps


@transaction.atomic
def submit_case(case: Case, user: User) -> None:
    gaps = submission_gaps(case)
    if gaps:
        raise CaseIncomplete(gaps)
    _transition(case, user, Case.State.SUBMITTED, "")


@transaction.atomic
def quality_assure_case(case: Case, user: User, comment: str = "") -> None:
    _transition(case, user, Case.State.QUALITY_ASSURED, comment.strip())


@transaction.atomic
def return_case(case: Case, user: User, comment: str) -> None:
    """Return a submitted or quality-assured case to its inspector, saying why."""
    if case.state not in (Case.State.SUBMITTED, Case.State.QUALITY_ASSURED):
        raise ActionRefused(f"Case {case.reference} is {case.get_state_display().lower()}.")
    if not comment.strip():
        raise ActionRefused("Say why the case is returned: the inspector will see it.")
    _transition(case, user, Case.State.IN_PROGRESS, comment.strip())


@transaction.atomic
def withdraw_case(case: Case, user: User, reason: str) -> None:
    """Take a case out of the sample: it is kept, with its answers, evidence, sub-sample
    decisions and history, but counts in no rating and no progress and is no longer edited.
    Who withdrew it, when, why and from which state are recorded."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.inspection.ratings_locked:
        raise ActionRefused("The ratings are locked: reopen them to withdraw a case.")
    if case.is_withdrawn:
        raise ActionRefused(f"Case {case.reference} is withdrawn already.")
    if not reason.strip():
        raise ActionRefused("Say why the case is withdrawn: it is recorded.")
    ReviewComment.objects.create(case=case, author=user, from_state=case.state,
                                 to_state=Case.State.WITHDRAWN, text=reason.strip())  # fmt: skip
    audit(case.inspection, user, "withdraw", case.reference, case=case, field="state",
          old=case.state, new=Case.State.WITHDRAWN, note=reason.strip())  # fmt: skip
    case.withdrawn_from_state = case.state
    case.state = Case.State.WITHDRAWN
    case.withdrawn_at = timezone.now()
    case.withdrawn_by = user
    case.withdrawn_reason = reason.strip()
    case.save(update_fields=["state", "withdrawn_from_state", "withdrawn_at", "withdrawn_by",
                             "withdrawn_reason"])  # fmt: skip


# -- the ratings panel ---------------------------------------------------------------------


def panel_figures(result: InspectionResult, standard_id: str) -> dict[str, list[int]]:
    """A standard's figures as a panel decides on them: key question id -> [yes, relevant]."""
    return {
        kq.id: [kq.yes, kq.relevant]
        for kq in result.standard(standard_id).key_questions
        if kq.yes is not None and kq.relevant is not None
    }


@dataclass(frozen=True)
class PanelReview:
    """A panel decision whose figures have changed since it was made: the lead confirms it
    (or changes it) before the ratings can be locked."""

    decision: PanelDecision
    changes: list[tuple[str, str, str]]
    """(key question, its figures at the decision, its figures now), the changed ones, each
    figure written "7/12 (58%)"."""
    rule_rating_now: str


def figure_text(pair: list[int] | None) -> str:
    if not pair:
        return "no relevant case"
    yes, relevant = pair
    return f"{yes}/{relevant} ({percent_yes(yes, relevant)}%)" if relevant else f"{yes}/0"


def panel_reviews(inspection: Inspection, result: InspectionResult) -> list[PanelReview]:
    reviews = []
    for decision in inspection.panel_decisions.select_related("decided_by"):
        now = panel_figures(result, decision.standard_id)
        then = decision.figures
        changes = [
            (kq_id, figure_text(then.get(kq_id)), figure_text(now.get(kq_id)))
            for kq_id in sorted(set(then) | set(now))
            if then.get(kq_id) != now.get(kq_id)
        ]
        if changes:
            rule_now = result.standard(decision.standard_id).rule_rating or NOT_RATED
            reviews.append(PanelReview(decision, changes, rule_now))
    return reviews


@transaction.atomic
def record_panel_decision(
    inspection: Inspection, standard_id: str, rating: str, rationale: str, user: User
) -> None:
    """The panel's rating for a case-based standard, with its rationale (004 Annexe 1)."""
    if inspection.ratings_locked:
        raise ActionRefused("The ratings are locked: reopen them first.")
    framework = inspection.framework
    standard = framework.standard(standard_id)
    if not standard.is_case_based:
        raise ActionRefused("Only standards rated from key questions go to the panel.")
    if not rationale.strip():
        raise ActionRefused("Record the panel's rationale.")
    try:
        framework.rating_level(rating)
    except InputError as exc:
        raise ActionRefused(str(exc)) from exc
    result = inspection_result(inspection)
    rule = result.standard(standard_id).rule_rating or NOT_RATED
    if rule == NOT_RATED:
        raise ActionRefused(f"{standard_id} has no rule rating yet for the panel to depart from.")
    current = inspection.panel_decisions.filter(standard_id=standard_id).first()
    figures = panel_figures(result, standard_id)
    PanelDecision.objects.update_or_create(
        inspection=inspection,
        standard_id=standard_id,
        defaults={
            "rating": rating,
            "rationale": rationale.strip(),
            "rule_rating_at_decision": rule,
            "figures": figures,
            "decided_by": user,
        },
    )
    shown = "; ".join(f"{kq} {yes}/{relevant}" for kq, (yes, relevant) in figures.items())
    confirmed = current is not None and current.rating == rating and current.figures != figures
    audit(inspection, user, "panel", standard_id, field="rating",
          old=current.rating if current else "", new=rating,
          note=(f"confirmed on changed figures ({shown}): " if confirmed else f"on {shown}: ")
          + rationale.strip())  # fmt: skip


@transaction.atomic
def withdraw_panel_decision(inspection: Inspection, standard_id: str, user: User) -> None:
    if inspection.ratings_locked:
        raise ActionRefused("The ratings are locked: reopen them first.")
    current = inspection.panel_decisions.filter(standard_id=standard_id).first()
    if current is None:
        return
    current.delete()
    audit(inspection, user, "panel", standard_id, field="rating", old=current.rating, new="",
          note="panel rating withdrawn; the rule rating stands")  # fmt: skip


def cases_not_quality_assured(inspection: Inspection) -> list[str]:
    return list(
        inspection.cases.active()
        .exclude(state=Case.State.QUALITY_ASSURED)
        .values_list("reference", flat=True)
    )


@transaction.atomic
def lock_ratings(inspection: Inspection, user: User) -> None:
    """Lock the ratings and every case; after this, judgements change only by reopening."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.ratings_locked:
        raise ActionRefused("The ratings are already locked.")
    pending = cases_not_quality_assured(inspection)
    if pending:
        shown = ", ".join(pending[:5]) + (" and more" if len(pending) > 5 else "")
        raise ActionRefused(f"Quality-assure every case first: {shown} not yet.")
    result = inspection_result(inspection)
    stale = [review.decision.standard_id for review in panel_reviews(inspection, result)]
    if stale:
        raise ActionRefused(
            f"The figures behind the panel rating of {_listed(tuple(stale))} have changed since "
            "it was decided: confirm or change it first."
        )
    inspection.ratings_locked = True
    inspection.locked_at = timezone.now()
    inspection.locked_by = user
    inspection.save(update_fields=["ratings_locked", "locked_at", "locked_by"])
    inspection.cases.active().update(state=Case.State.LOCKED)
    audit(inspection, user, "lock", "ratings", field="overall", new=str(result.overall_rating),
          note=result.explanation)  # fmt: skip


@transaction.atomic
def reopen_ratings(inspection: Inspection, user: User, reason: str) -> None:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if not inspection.ratings_locked:
        raise ActionRefused("The ratings are not locked.")
    if not reason.strip():
        raise ActionRefused("Say why the ratings are reopened: it is recorded.")
    inspection.ratings_locked = False
    inspection.locked_at = None
    inspection.locked_by = None
    inspection.save(update_fields=["ratings_locked", "locked_at", "locked_by"])
    inspection.cases.active().update(state=Case.State.QUALITY_ASSURED)
    audit(inspection, user, "reopen", "ratings", note=reason.strip())


def history(
    inspection: Inspection, subject: str | None = None, case: Case | None = None
) -> QuerySet[AuditEvent]:
    """The inspection's events, and the service's published inspections recorded or
    withdrawn (they change what its report compares with)."""
    published = Q(service_id=inspection.service_id, action="published")
    events = AuditEvent.objects.filter(Q(inspection=inspection) | published)
    if subject:
        events = events.filter(subject=subject)
    if case is not None:
        events = events.filter(case=case)
    return events
