"""What the workspace does, between the views and the records. Every rule is the core's.

Writes are transactional and audited: each change records who changed what, from what, to
what. A save made from a stale page (someone else saved since) is refused with the current
value, so nobody silently overwrites anybody.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yjinspect.cases import (
    Applicability,
    asked_question_ids,
    key_question_applicability,
)
from yjinspect.errors import InputError
from yjinspect.framework import Framework, KeyQuestion
from yjinspect.inputs import (
    evidence_from_summary,
    parse_summary,
    with_judgements_and_panels,
)
from yjinspect.rating import NOT_RATED, InspectionResult, rate_inspection
from yjinspect.rating import PanelDecision as CorePanelDecision
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
    user: User,
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
    return key_question_applicability(
        case.inspection.framework, case.profile, sub_sample_overrides(case)
    )


def inspection_result(
    inspection: Inspection, *, case_states: Collection[str] | None = None
) -> InspectionResult:
    """The ratings as they stand: the core's rules over the recorded judgements (for a
    published inspection, over its recorded summary).

    The answers are counted by the database (:mod:`yjinspect_web.workspace.counting`: one
    GROUP BY query). With ``case_states``, only answers of cases in those states count, e.g.
    ``QUALITY_ASSURED_STATES`` for the ratings from quality-assured cases alone."""
    if inspection.kind == Inspection.Kind.PUBLISHED:
        summary = parse_summary(inspection.published_summary or {}, inspection.title)
        return rate_inspection(evidence_from_summary(summary))
    framework = inspection.framework
    standards = counting.standard_evidence(inspection, case_states)
    judgements = {j.standard_id: j.rating for j in inspection.judgements.all() if j.rating}
    panels = {
        p.standard_id: CorePanelDecision(p.rating, p.rationale)
        for p in inspection.panel_decisions.all()
    }
    evidence = with_judgements_and_panels(
        framework, standards, judgements, panels, inspection.service.name
    )
    return rate_inspection(evidence)


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
    answer, _ = Answer.objects.select_for_update().get_or_create(
        case=case,
        question_id=question_id,
        defaults={"framework_id": framework_id, "updated_by": user},
    )
    if answer.version != seen_version:
        return SaveOutcome(answer, saved=False, conflict=True)
    changed = []
    for name, new in (("value", value), ("evidence", evidence)):
        old = getattr(answer, name)
        if old != new:
            changed.append(name)
            audit(
                case.inspection,
                user,
                "answer",
                question_id,
                case=case,
                field=name,
                old=old,
                new=new,
            )
            setattr(answer, name, new)
    if not changed:
        return SaveOutcome(answer, saved=False)
    answer.framework_id = framework_id
    answer.updated_by = user
    answer.version += 1
    answer.save()
    return SaveOutcome(answer, saved=True, changed=changed)


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


# -- progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseProgress:
    key_questions_asked: int
    key_questions_answered: int
    prompts_asked: int
    prompts_answered: int

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
    return [
        a.key_question
        for a in key_question_applicability(framework, case.profile, sub_sample_overrides(case))
        if a.asked
    ]


def case_progress(case: Case, framework: Framework | None = None) -> CaseProgress:
    framework = framework or case.inspection.framework
    answered = {a.question_id for a in case.answers.all() if a.value}
    asked = _asked_key_questions(case, framework)
    prompts = [p.id for kq in asked for p in kq.prompts]
    return CaseProgress(
        key_questions_asked=len(asked),
        key_questions_answered=sum(kq.id in answered for kq in asked),
        prompts_asked=len(prompts),
        prompts_answered=sum(p in answered for p in prompts),
    )


def progress_of_cases(inspection: Inspection, cases: Iterable[Case]) -> dict[int, CaseProgress]:
    """Every case's progress at once: the answered questions are counted by the database (one
    GROUP BY); prefetch ``sub_sample_decisions`` on ``cases``."""
    framework = inspection.framework
    answered = counting.answered_by_case(inspection)
    progress = {}
    for case in cases:
        asked = _asked_key_questions(case, framework)
        key_questions, prompts = answered.get(case.pk, (0, 0))
        progress[case.pk] = CaseProgress(
            key_questions_asked=len(asked),
            key_questions_answered=key_questions,
            prompts_asked=sum(len(kq.prompts) for kq in asked),
            prompts_answered=prompts,
        )
    return progress


# -- judged standards ----------------------------------------------------------------------


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
        audit(inspection, user, action, subject, field=field_name, old=old, new=new)
        setattr(record, field_name, new)
        record.updated_by = user
        record.framework_id = inspection.framework_id
        record.version += 1
        record.save()
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
    judgement, _ = StandardJudgement.objects.select_for_update().get_or_create(
        inspection=inspection,
        standard_id=standard_id,
        defaults={"framework_id": inspection.framework_id, "updated_by": user},
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
    evidence, _ = QuestionEvidence.objects.select_for_update().get_or_create(
        inspection=inspection,
        question_id=question_id,
        defaults={"framework_id": inspection.framework_id, "updated_by": user},
    )
    saved = _update_versioned(
        evidence, "text", text, seen_version, user, inspection, "evidence", question_id
    )
    return evidence, saved


# -- review states -------------------------------------------------------------------------


def _transition(case: Case, user: User, to_state: str, comment: str) -> None:
    ReviewComment.objects.create(
        case=case, author=user, from_state=case.state, to_state=to_state, text=comment
    )
    audit(case.inspection, user, "review", case.reference, case=case, field="state",
          old=case.state, new=to_state, note=comment)  # fmt: skip
    case.state = to_state
    case.save(update_fields=["state"])


@transaction.atomic
def submit_case(case: Case, user: User) -> None:
    progress = case_progress(case)
    if not progress.complete:
        missing = progress.key_questions_asked - progress.key_questions_answered
        raise ActionRefused(f"Answer every key question first ({missing} still unanswered).")
    _transition(case, user, Case.State.SUBMITTED, "")


@transaction.atomic
def quality_assure_case(case: Case, user: User, comment: str = "") -> None:
    _transition(case, user, Case.State.QUALITY_ASSURED, comment.strip())


@transaction.atomic
def return_case(case: Case, user: User, comment: str) -> None:
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
    rule = inspection_result(inspection).standard(standard_id).rule_rating or NOT_RATED
    if rule == NOT_RATED:
        raise ActionRefused(f"{standard_id} has no rule rating yet for the panel to depart from.")
    current = inspection.panel_decisions.filter(standard_id=standard_id).first()
    PanelDecision.objects.update_or_create(
        inspection=inspection,
        standard_id=standard_id,
        defaults={
            "rating": rating,
            "rationale": rationale.strip(),
            "rule_rating_at_decision": rule,
            "decided_by": user,
        },
    )
    audit(inspection, user, "panel", standard_id, field="rating",
          old=current.rating if current else "", new=rating, note=rationale.strip())  # fmt: skip


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
    events = inspection.audit.select_related("user", "case")
    if subject:
        events = events.filter(subject=subject)
    if case is not None:
        events = events.filter(case=case)
    return events
