"""Counting answers in the database: the figures the core's rating rules take.

A rating needs counts (yes, and relevant = yes + no, per key question and prompt), never the
answer rows themselves. So the database counts them: one aggregate query per inspection
(``GROUP BY question, answer``) over the answers that count, and the core's rules
(:func:`yjinspect.inputs.evidence_from_answer_counts`) take the counts. A page's cost does not
grow with the number of answers beyond that one query.

Which answers count is the core's rule (:func:`yjinspect.cases.asked_question_ids`): an answer
to a key question (or one of its prompts) of a domain for the case's type, and, for a key
question with a sub-sample, only when the case is in the sub-sample: by the inspector's recorded
decision if there is one, otherwise by the sub-sample's criterion on the case's details
(004, Annexe 1). :func:`asked_condition` writes that rule as one SQL condition, built from the
framework's data, so it follows any framework; a property test
(tests/web/test_counting.py) checks it against the core's rule on generated inspections.

Why a GROUP BY rather than tallies kept on each save or a cache: the query reads only indexed
rows of one inspection and returns at most (questions x 3) rows, a few milliseconds even for
thousands of answers; it cannot drift from the answers (tallies kept beside them must be right
on every write path: answers, sub-sample decisions, case details, case states, imports); and it
needs no invalidation across worker processes (a cache would, on every write of any of those).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as Choose

from yjinspect.framework import Framework, KeyQuestion
from yjinspect.inputs import evidence_from_answer_counts
from yjinspect.rating import StandardEvidence
from yjinspect_web.workspace.models import Answer, Case, Inspection, SubSampleDecision


def _in_sub_sample(framework: Framework, sub_sample_id: str) -> Q:
    """The answer's case is in the sub-sample: decided so by the inspector, or undecided and
    meeting the sub-sample's criterion (:func:`yjinspect.cases.in_sub_sample_by_default`)."""
    sub_sample = framework.sub_sample(sub_sample_id)
    decisions = SubSampleDecision.objects.filter(
        case_id=OuterRef("case_id"), sub_sample_id=sub_sample_id
    )
    by_default = Q()
    if sub_sample.criterion is not None:
        criterion = sub_sample.criterion
        by_default = Q(**{f"case__{criterion.attribute}__in": criterion.values})
    return Q(Exists(decisions.filter(included=True))) | (~Q(Exists(decisions)) & by_default)


QuestionGroups = dict[tuple[tuple[str, ...], str | None], list[KeyQuestion]]


def question_groups(framework: Framework) -> QuestionGroups:
    """Key questions grouped by what decides whether they are asked: the case types of their
    domain and their sub-sample (if any)."""
    groups: QuestionGroups = defaultdict(list)
    for domain in framework.domains:
        for standard in domain.standards:
            for kq in standard.key_questions:
                groups[(tuple(domain.case_types), kq.sub_sample)].append(kq)
    return groups


def asked_condition(framework: Framework) -> Q:
    """An answer is to a question asked of its case (a filter on :class:`Answer`)."""
    condition = Q(pk__in=[])
    for (case_types, sub_sample_id), kqs in question_groups(framework).items():
        ids = [question for kq in kqs for question in (kq.id, *(p.id for p in kq.prompts))]
        group = Q(question_id__in=ids, case__case_type__in=case_types)
        if sub_sample_id is not None:
            group &= _in_sub_sample(framework, sub_sample_id)
        condition |= group
    return condition


def counted_answers(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> QuerySet[Answer]:
    """The answers that count towards the ratings: given, to a question asked of their case,
    of a case not withdrawn; with ``case_states``, only from cases in those states (e.g.
    quality-assured and locked)."""
    answers = (
        Answer.objects.filter(case__inspection=inspection)
        .exclude(value="")
        .exclude(case__state=Case.State.WITHDRAWN)
    )
    if case_states is not None:
        answers = answers.filter(case__state__in=list(case_states))
    return answers.filter(asked_condition(inspection.framework))


def answer_counts(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> list[tuple[str, str, int]]:
    """``(question_id, answer, number of cases)`` for the inspection: one GROUP BY query."""
    rows = (
        counted_answers(inspection, case_states)
        .order_by()
        .values_list("question_id", "value")
        .annotate(number=Count("pk"))
    )
    return [(question_id, value, number) for question_id, value, number in rows]


def standard_evidence(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> dict[str, StandardEvidence]:
    """The case-based standards' evidence (counts per key question and prompt), by the core's
    rules from the database's counts."""
    return evidence_from_answer_counts(
        inspection.framework, answer_counts(inspection, case_states), inspection.title
    )


# -- progress of every case at once ---------------------------------------------------------


def answered_by_case(inspection: Inspection) -> dict[int, tuple[int, int]]:
    """Case id -> (key questions answered, prompts answered), counting only questions asked
    of the case: one GROUP BY query."""
    framework = inspection.framework
    kq_ids = [kq.id for _, kq in framework.key_questions()]
    rows = (
        counted_answers(inspection)
        .order_by()
        .annotate(is_key_question=ExpressionWrapper(Q(question_id__in=kq_ids), BooleanField()))
        .values_list("case_id", "is_key_question")
        .annotate(number=Count("pk"))
    )
    answered: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for case_id, is_key_question, number in rows:
        answered[case_id][0 if is_key_question else 1] += number
    return {case_id: (kqs, prompts) for case_id, (kqs, prompts) in answered.items()}


def key_questions_answered_by_standard(inspection: Inspection) -> dict[int, dict[str, int]]:
    """Case id -> standard id -> key questions answered (asked of the case): one GROUP BY."""
    standards = [s for s in inspection.framework.standards if s.key_questions]
    standard_of = Choose(
        *(
            When(question_id__in=[kq.id for kq in s.key_questions], then=Value(s.id))
            for s in standards
        ),
        default=Value(""),
        output_field=CharField(),
    )
    rows = (
        counted_answers(inspection)
        .order_by()
        .annotate(standard=standard_of)
        .exclude(standard="")
        .values_list("case_id", "standard")
        .annotate(number=Count("pk"))
    )
    answered: dict[int, dict[str, int]] = defaultdict(dict)
    for case_id, standard_id, number in rows:
        answered[case_id][standard_id] = number
    return dict(answered)
