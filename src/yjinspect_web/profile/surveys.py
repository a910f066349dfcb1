"""An inspection's surveys in the workspace: stored as counts, turned into the core's
:class:`yjinspect.surveys.Survey` (which checks them and computes every share), compared with
the last inspection's. Every change is a whole survey checked by the core, then stored in one
transaction with its event in the inspection's history."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch

from yjinspect import surveys as core
from yjinspect_web.profile.models import Survey, SurveyOption, SurveyQuestion
from yjinspect_web.workspace.models import AuditEvent, Inspection, User


def _stored(inspection: Inspection) -> list[Survey]:
    questions = SurveyQuestion.objects.prefetch_related(
        Prefetch("options", queryset=SurveyOption.objects.order_by("position", "id"))
    ).order_by("position", "id")
    return list(
        Survey.objects.filter(inspection=inspection).prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )


def to_core(survey: Survey) -> core.Survey:
    """The stored survey as the core's (its questions and options prefetched)."""
    questions = tuple(
        core.SurveyQuestion(
            q.question_id,
            q.text,
            tuple(core.OptionCount(o.label, o.count) for o in q.options.all()),
            tuple(core.Group(str(label), tuple(map(str, options))) for label, options in q.groups),
        )
        for q in survey.questions.all()
    )
    return core.Survey(survey.kind, questions, survey.took_part, survey.invited, survey.note)


def surveys_of(inspection: Inspection) -> dict[str, core.Survey]:
    """The inspection's surveys by kind, in the order of :data:`yjinspect.surveys.SURVEY_KINDS`."""
    found = {s.kind: to_core(s) for s in _stored(inspection)}
    return {kind: found[kind] for kind in core.SURVEY_KINDS if kind in found}


def survey_of(inspection: Inspection, kind: str) -> core.Survey | None:
    return surveys_of(inspection).get(kind)


def results(inspection: Inspection, previous: Inspection | None) -> tuple[core.SurveyResults, ...]:
    """Each survey of the inspection compared with the same survey of ``previous`` (the
    inspection the report compares with), when it has one."""
    earlier = surveys_of(previous) if previous is not None else {}
    label = str(previous.fieldwork_start.year) if previous is not None else ""
    made = []
    for kind, survey in surveys_of(inspection).items():
        made.append(core.survey_results(survey, earlier.get(kind), label))
    return tuple(made)


def summary(survey: core.Survey | None) -> str:
    """A survey as one line of history: participation and each question's counts."""
    if survey is None:
        return ""
    parts = [survey.participation_text()]
    if survey.invited is not None and survey.took_part is None:
        parts.append(f"{survey.invited} asked")
    parts.extend(question_summary(q) for q in survey.questions)
    return "; ".join(parts)


def question_summary(question: core.SurveyQuestion | None) -> str:
    if question is None:
        return ""
    options = ", ".join(f"{o.label} {o.count}" for o in question.options)
    return f"{question.id} ({question.text}): {options}"


@transaction.atomic
def store(inspection: Inspection, user: User | None, survey: core.Survey, what: str) -> None:
    """Replace the inspection's survey of this kind with ``survey`` (already checked by the
    core), recording ``what`` changed, from and to, in the inspection's history."""
    before = survey_of(inspection, survey.kind)
    record, _ = Survey.objects.select_for_update().get_or_create(
        inspection=inspection, kind=survey.kind
    )
    record.took_part, record.invited, record.note = survey.took_part, survey.invited, survey.note
    record.updated_by = user
    record.save()
    record.questions.all().delete()  # its options go with them
    for position, question in enumerate(survey.questions):
        stored = SurveyQuestion.objects.create(
            survey=record,
            position=position,
            question_id=question.id,
            text=question.text,
            groups=[[g.label, list(g.options)] for g in question.groups],
        )
        SurveyOption.objects.bulk_create(
            SurveyOption(question=stored, position=n, label=o.label, count=o.count)
            for n, o in enumerate(question.options)
        )
    AuditEvent.objects.create(
        inspection=inspection,
        user=user,
        action="survey",
        subject=survey.title,
        field=what,
        old=summary(before),
        new=summary(survey),
    )


def store_all(inspection: Inspection, user: User | None, surveys: tuple[core.Survey, ...],
              source: str) -> None:  # fmt: skip
    """Import: each survey of a file replaces the inspection's survey of its kind, keeping
    its participation when the file gives none; all in one transaction."""
    with transaction.atomic():
        for survey in surveys:
            kept = survey_of(inspection, survey.kind)
            if kept is not None and survey.took_part is None and survey.invited is None:
                survey = core.Survey(survey.kind, survey.questions, kept.took_part,
                                     kept.invited, survey.note or kept.note)  # fmt: skip
            store(inspection, user, survey, f"imported from {source}")
