"""Moderation's actions and figures. The figures are the core's (:mod:`yjinspect.moderation`);
every change is audited in the inspection's history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yjinspect.moderation import MarkingPair, ModerationResult, moderate
from yjinspect_web.moderation.models import AgreedAnswer, SecondAnswer, SecondMarking
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Answer, Case, Inspection, Role, User
from yjinspect_web.workspace.services import ActionRefused

ANSWER_WORDS = {"yes": "Yes", "no": "No", "na": "Not applicable", "": "Not answered"}


def candidates(inspection: Inspection) -> QuerySet[User]:
    """Who may mark a case a second time: Inspectorate staff (inspectors and lead inspectors)
    not on the inspection's team, so they have seen none of its answers or evidence."""
    return (
        User.objects.filter(is_active=True, role__in=(Role.INSPECTOR, Role.LEAD_INSPECTOR))
        .exclude(memberships__inspection=inspection)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def choose(inspection: Inspection, cases: Iterable[Case], marker: User, user: User) -> int:
    """Choose cases for a blind second marking by ``marker``; returns how many were chosen."""
    if inspection.ratings_locked:
        raise ActionRefused("The ratings are locked: reopen them to moderate cases.")
    if not candidates(inspection).filter(pk=marker.pk).exists():
        raise ActionRefused(
            "The second marker must be an inspector who is not on this inspection's team."
        )
    chosen = 0
    for case in cases:
        if case.is_withdrawn or SecondMarking.objects.filter(case=case).exists():
            continue
        SecondMarking.objects.create(case=case, marker=marker, chosen_by=user)
        services.audit(inspection, user, "moderation", case.reference, case=case,
                       field="second marker", new=marker.display_name,
                       note="chosen for a blind second marking")  # fmt: skip
        chosen += 1
    return chosen


def questions_for(marking: SecondMarking) -> list[tuple[str, str, bool]]:
    """(id, text, is_prompt) of every key question asked of the case, each followed by its
    prompts: what the second marker answers."""
    rows: list[tuple[str, str, bool]] = []
    for applies in services.applicability(marking.case):
        if not applies.asked:
            continue
        kq = applies.key_question
        rows.append((kq.id, kq.text, False))
        rows.extend((p.id, p.text, True) for p in kq.prompts)
    return rows


@transaction.atomic
def save_second_marking(
    marking: SecondMarking, values: dict[str, str], user: User, *, submit: bool
) -> list[str]:
    """Save the second marker's answers (``values``: question id to yes/no/na, blank for none);
    on ``submit``, every key question must be answered, and the first marking's answers are
    kept beside them for comparison. Returns the key questions still unanswered."""
    if marking.submitted:
        raise ActionRefused("This second marking is already submitted.")
    asked = questions_for(marking)
    known = {qid for qid, _, _ in asked}
    for qid, value in values.items():
        if qid not in known:
            raise ActionRefused(f"{qid} is not asked of case {marking.case.reference}.")
        kq, is_prompt = services.question_for_case(marking.case, qid)
        services.check_value(kq, is_prompt, value)
    for qid, value in values.items():
        if value:
            SecondAnswer.objects.update_or_create(
                marking=marking, question_id=qid, defaults={"value": value}
            )
        else:
            SecondAnswer.objects.filter(marking=marking, question_id=qid).delete()
    answered = set(marking.answers.values_list("question_id", flat=True))
    missing = [qid for qid, _, is_prompt in asked if not is_prompt and qid not in answered]
    if submit and not missing:
        first = dict(marking.case.answers.values_list("question_id", "value"))
        for answer in marking.answers.all():
            answer.first_value = first.get(answer.question_id, "")
            answer.save(update_fields=["first_value"])
        marking.submitted_at = timezone.now()
        marking.save(update_fields=["submitted_at"])
        services.audit(marking.case.inspection, user, "moderation", marking.case.reference,
                       case=marking.case, field="second marking", new="submitted",
                       note=f"{len(answered)} answers")  # fmt: skip
    return missing


def pairs(inspection: Inspection) -> list[MarkingPair]:
    """Every submitted second answer beside the first marking's, for the core's figures."""
    rows = SecondAnswer.objects.filter(
        marking__case__inspection=inspection, marking__submitted_at__isnull=False
    ).select_related("marking__case")
    return [
        MarkingPair(row.marking.case.reference, row.question_id, row.first_value, row.value)
        for row in rows
        if row.first_value
    ]


def submitted_count(inspection: Inspection) -> int:
    """How many cases have a submitted second marking."""
    return SecondMarking.objects.filter(
        case__inspection=inspection, submitted_at__isnull=False
    ).count()


def results(inspection: Inspection) -> ModerationResult | None:
    """Agreement per key question and prompt, and pooled; None before any second marking is
    submitted."""
    found = pairs(inspection)
    return moderate(found) if found else None


@dataclass(frozen=True)
class Disagreement:
    marking: SecondMarking
    question_id: str
    first: str
    second: str
    agreed: AgreedAnswer | None

    @property
    def first_words(self) -> str:
        return ANSWER_WORDS[self.first]

    @property
    def second_words(self) -> str:
        return ANSWER_WORDS[self.second]


def disagreements(inspection: Inspection) -> list[Disagreement]:
    """Every pair answered differently (including yes or no against not applicable), for
    discussion, with any agreed answer."""
    agreed = {
        (a.marking_id, a.question_id): a
        for a in AgreedAnswer.objects.filter(marking__case__inspection=inspection)
    }
    rows = SecondAnswer.objects.filter(
        marking__case__inspection=inspection, marking__submitted_at__isnull=False
    ).select_related("marking__case")
    return [
        Disagreement(
            row.marking,
            row.question_id,
            row.first_value,
            row.value,
            agreed.get((row.marking_id, row.question_id)),
        )
        for row in rows
        if row.first_value and row.first_value != row.value
    ]


@transaction.atomic
def record_agreed(
    marking: SecondMarking, question_id: str, value: str, note: str, user: User
) -> None:
    """The lead records the agreed answer: kept with the moderation, audited, and made the
    case's answer (its evidence unchanged) so the rating uses it."""
    case = marking.case
    if case.inspection.ratings_locked:
        raise ActionRefused("The ratings are locked: reopen them to record an agreed answer.")
    if case.is_withdrawn:
        raise ActionRefused(f"Case {case.reference} was withdrawn: its answers cannot change.")
    if value not in ("yes", "no", "na"):
        raise ActionRefused("Choose the agreed answer: yes, no or not applicable.")
    second = marking.answers.filter(question_id=question_id).first()
    if not marking.submitted or second is None:
        raise ActionRefused(f"{question_id} has no submitted second answer for {case.reference}.")
    AgreedAnswer.objects.update_or_create(
        marking=marking,
        question_id=question_id,
        defaults={"value": value, "note": note.strip()[:2000], "recorded_by": user},
    )
    services.audit(case.inspection, user, "moderation", question_id, case=case,
                   field="agreed answer", old=f"first {second.first_value}, second {second.value}",
                   new=value, note=note.strip()[:2000])  # fmt: skip
    current = Answer.objects.filter(case=case, question_id=question_id).first()
    evidence = current.evidence if current else ""
    version = current.version if current else 0
    services.save_answer(case, question_id, value, evidence, version, user)
