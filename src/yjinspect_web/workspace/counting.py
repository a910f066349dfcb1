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
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection

from yjinspect.framework import Framework, KeyQuestion, load_framework
from yjinspect.inputs import evidence_from_answer_counts
from yjinspect.rating import StandardEvidence
from yjinspect_web.workspace.models import Answer, Case, Inspection, SubSampleDecision

QuestionGroups = dict[tuple[tuple[str, ...], str | None], list[KeyQuestion]]
Params = tuple[str | int | bool, ...]


def question_groups(framework: Framework) -> QuestionGroups:
    """Key questions grouped by what decides whether they are asked: the case types of their
    domain and their sub-sample (if any)."""
    groups: QuestionGroups = defaultdict(list)
    for domain in framework.domains:
        for standard in domain.standards:
            for kq in standard.key_questions:
                groups[(tuple(domain.case_types), kq.sub_sample)].append(kq)
    return groups


def _marks(values: Sequence[object]) -> str:
    return ", ".join(["%s"] * len(values))


def _name(model: type[Answer | Case | SubSampleDecision], field: str | None = None) -> str:
    """A table's (or its column's) quoted name."""
    if field is None:
        return connection.ops.quote_name(model._meta.db_table)
    column = model._meta.get_field(field).column  # type: ignore[union-attr]
    assert isinstance(column, str)
    return connection.ops.quote_name(column)


@dataclass(frozen=True)
class Asked:
    """The rule of :func:`yjinspect.cases.asked_question_ids` in SQL, for a framework: a join
    bringing each case's sub-sample decisions as one row (``s``: for each sub-sample a column,
    2 decided in, 1 decided out, NULL undecided; its last parameter is the inspection's id), and
    one condition on an answer ``a``, its case ``c`` and ``s``."""

    join: str
    join_params: Params
    condition: str
    params: Params


@cache
def asked_condition(framework_id: str) -> tuple[str, Params]:
    """The rule of :func:`yjinspect.cases.asked_question_ids` as one SQL condition on an answer
    ``a`` and its case ``c``, with its parameters: written once per framework and process
    (building it through the ORM on every request cost more than running it)."""
    framework = load_framework(framework_id)
    decisions = (
        f"SELECT 1 FROM {_name(SubSampleDecision)} d WHERE d.{_name(SubSampleDecision, 'case')}"
        f" = c.{_name(Case, 'id')} AND d.{_name(SubSampleDecision, 'sub_sample_id')} = %s"
    )
    included = _name(SubSampleDecision, "included")
    parts: list[str] = []
    params: list[str | int | bool] = []
    for (case_types, sub_sample_id), kqs in question_groups(framework).items():
        ids = [question for kq in kqs for question in (kq.id, *(p.id for p in kq.prompts))]
        part = (
            f"a.{_name(Answer, 'question_id')} IN ({_marks(ids)})"
            f" AND c.{_name(Case, 'case_type')} IN ({_marks(case_types)})"
        )
        params += [*ids, *case_types]
        if sub_sample_id is not None:
            # in the sub-sample: decided so by the inspector, or undecided and meeting the
            # sub-sample's criterion (yjinspect.cases.in_sub_sample_by_default)
            part += f" AND (EXISTS ({decisions} AND d.{included} = %s) OR (NOT EXISTS ({decisions})"
            params += [sub_sample_id, True, sub_sample_id]
            criterion = framework.sub_sample(sub_sample_id).criterion
            if criterion is not None:
                part += f" AND c.{_name(Case, criterion.attribute)} IN ({_marks(criterion.values)})"
                params += criterion.values
            part += "))"
        parts.append(f"({part})")
    return " OR ".join(parts) or "1 = 0", tuple(params)


@cache
def asked_in_inspection(framework_id: str) -> Asked:
    """The same rule as :func:`asked_condition` for the answers of one inspection, as the
    workspace's pages count them: each case's sub-sample decisions read once, by one grouped
    join, rather than by two sub-queries per answer and sub-sample (PostgreSQL spent about two
    milliseconds a page planning and running those). Written once per framework and
    process."""
    framework = load_framework(framework_id)
    sub_samples = sorted({sid for _, sid in question_groups(framework) if sid is not None})
    column = {sid: f"s{number}" for number, sid in enumerate(sub_samples)}
    join: str = ""
    join_params: Params = ()
    if sub_samples:
        decision_case, included = (
            _name(SubSampleDecision, "case"),
            _name(SubSampleDecision, "included"),
        )
        decided = ", ".join(
            f"MAX(CASE WHEN d.{_name(SubSampleDecision, 'sub_sample_id')} = %s"
            f" THEN CASE WHEN d.{included} THEN 2 ELSE 1 END END) AS {column[sid]}"
            for sid in sub_samples
        )
        join = (
            f" LEFT JOIN (SELECT d.{decision_case} AS case_id, {decided}"
            f" FROM {_name(SubSampleDecision)} d INNER JOIN {_name(Case)} dc"
            f" ON dc.{_name(Case, 'id')} = d.{decision_case}"
            f" WHERE dc.{_name(Case, 'inspection')} = %s GROUP BY d.{decision_case}) s"
            f" ON s.case_id = c.{_name(Case, 'id')}"
        )
        join_params = tuple(sub_samples)
    parts: list[str] = []
    params: list[str | int | bool] = []
    for (case_types, sub_sample_id), kqs in question_groups(framework).items():
        ids = [question for kq in kqs for question in (kq.id, *(p.id for p in kq.prompts))]
        part = (
            f"a.{_name(Answer, 'question_id')} IN ({_marks(ids)})"
            f" AND c.{_name(Case, 'case_type')} IN ({_marks(case_types)})"
        )
        params += [*ids, *case_types]
        if sub_sample_id is not None:
            # in the sub-sample: decided so by the inspector, or undecided and meeting the
            # sub-sample's criterion (yjinspect.cases.in_sub_sample_by_default)
            decision = f"s.{column[sub_sample_id]}"
            part += f" AND ({decision} = 2 OR ({decision} IS NULL"
            criterion = framework.sub_sample(sub_sample_id).criterion
            if criterion is not None:
                part += f" AND c.{_name(Case, criterion.attribute)} IN ({_marks(criterion.values)})"
                params += criterion.values
            part += "))"
        parts.append(f"({part})")
    return Asked(join, join_params, " OR ".join(parts) or "1 = 0", tuple(params))


def _counted(
    inspection: Inspection, case_states: Collection[str] | None
) -> tuple[str, Params] | None:
    """FROM and WHERE of the answers that count towards the ratings: given, to a question
    asked of their case, of a case not withdrawn; with ``case_states``, only from cases in
    those states (e.g. quality-assured and locked). None when no case can count."""
    states = sorted(case_states) if case_states is not None else None
    if states == []:
        return None
    asked = asked_in_inspection(inspection.framework_id)
    case_state = _name(Case, "state")
    sql = (
        f" FROM {_name(Answer)} a INNER JOIN {_name(Case)} c"
        f" ON c.{_name(Case, 'id')} = a.{_name(Answer, 'case')}{asked.join}"
        f" WHERE c.{_name(Case, 'inspection')} = %s AND a.{_name(Answer, 'value')} <> %s"
        f" AND c.{case_state} <> %s"
    )
    params: list[str | int | bool] = [
        *asked.join_params,
        *([inspection.pk] if asked.join else []),
        inspection.pk,
        "",
        Case.State.WITHDRAWN.value,
    ]
    if states is not None:
        sql += f" AND c.{case_state} IN ({_marks(states)})"
        params += states
    return f"{sql} AND ({asked.condition})", (*params, *asked.params)


def answer_counts(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> list[tuple[str, str, int]]:
    """``(question_id, answer, number of cases)`` for the inspection: one GROUP BY query."""
    counted = _counted(inspection, case_states)
    if counted is None:
        return []
    where, params = counted
    question, value = _name(Answer, "question_id"), _name(Answer, "value")
    sql = f"SELECT a.{question}, a.{value}, COUNT(*){where} GROUP BY a.{question}, a.{value}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(str(q), str(v), int(n)) for q, v, n in cursor.fetchall()]


def answer_counts_split(
    inspection: Inspection, case_states: Collection[str]
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """The counts of the cases in ``case_states`` and of every case, from one GROUP BY query
    (by question, answer, and whether the case is in those states)."""
    states = sorted(case_states)
    counted = _counted(inspection, None)
    assert counted is not None
    where, params = counted
    question, value = _name(Answer, "question_id"), _name(Answer, "value")
    in_states = (
        f"CASE WHEN c.{_name(Case, 'state')} IN ({_marks(states)}) THEN 1 ELSE 0 END"
        if states
        else "0"
    )
    sql = f"SELECT a.{question}, a.{value}, {in_states}, COUNT(*){where} GROUP BY 1, 2, 3"
    chosen: dict[tuple[str, str], int] = defaultdict(int)
    every: dict[tuple[str, str], int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*states, *params))
        for q, v, flag, n in cursor.fetchall():
            every[(str(q), str(v))] += int(n)
            if flag:
                chosen[(str(q), str(v))] += int(n)
    return (
        [(q, v, n) for (q, v), n in chosen.items()],
        [(q, v, n) for (q, v), n in every.items()],
    )


def standard_evidence(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> dict[str, StandardEvidence]:
    """The case-based standards' evidence (counts per key question and prompt), by the core's
    rules from the database's counts."""
    return evidence_from_answer_counts(
        inspection.framework, answer_counts(inspection, case_states), inspection.title
    )


# -- progress of every case at once ---------------------------------------------------------


@cache
def _standard_of_key_question(framework_id: str) -> tuple[str, Params]:
    """SQL naming the standard of an answer's key question ('' for a prompt)."""
    standards = [s for s in load_framework(framework_id).standards if s.key_questions]
    question = f"a.{_name(Answer, 'question_id')}"
    whens = [f"WHEN {question} IN ({_marks(s.key_questions)}) THEN %s" for s in standards]
    params = [p for s in standards for p in (*(kq.id for kq in s.key_questions), s.id)]
    return f"CASE {' '.join(whens)} ELSE %s END", (*params, "")


def answered_by_case(inspection: Inspection) -> dict[int, tuple[dict[str, int], int]]:
    """Case id -> (standard id -> key questions answered, prompts answered), counting only
    questions asked of the case: one GROUP BY query."""
    counted = _counted(inspection, None)
    assert counted is not None
    where, params = counted
    standard_of, standard_params = _standard_of_key_question(inspection.framework_id)
    sql = f"SELECT a.{_name(Answer, 'case')}, {standard_of}, COUNT(*){where} GROUP BY 1, 2"
    answered: dict[int, tuple[dict[str, int], list[int]]] = defaultdict(lambda: ({}, [0]))
    with connection.cursor() as cursor:
        cursor.execute(sql, (*standard_params, *params))
        for case_id, standard_id, number in cursor.fetchall():
            by_standard, prompts = answered[int(case_id)]
            if standard_id:
                by_standard[str(standard_id)] = int(number)
            else:
                prompts[0] += int(number)
    return {
        case_id: (by_standard, prompts[0]) for case_id, (by_standard, prompts) in answered.items()
    }
