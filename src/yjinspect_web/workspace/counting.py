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

Why a GROUP BY rather than tallies kept on each save: the query reads only indexed rows of one
inspection and returns at most (questions x 3) rows, a few milliseconds even for thousands of
answers; it cannot drift from the answers (tallies kept beside them must be right on every
write path: answers, sub-sample decisions, case details, case states, imports).

Its result is kept, in each server process, under the inspection's counts stamp
(:class:`~yjinspect_web.workspace.models.CountsStamp`): the database's own triggers give the
inspection a new stamp in the same transaction as any write to its answers, cases or
sub-sample decisions, whatever path made it, so a page reads the stamp (one row by primary key)
and runs the GROUP BY again only after a change. A stamp is never used twice (53 random bits on
PostgreSQL, 64 on SQLite), so a result kept from a transaction that was rolled back, or from
before the restore of an older backup, is never found again for other data.
``tests/web/test_counts_stamp.py`` checks that every kind of write changes the stamp and that
the kept result equals a fresh count.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import connection, models

from yjinspect.framework import Framework, KeyQuestion, load_framework
from yjinspect.inputs import evidence_from_answer_counts
from yjinspect.rating import StandardEvidence
from yjinspect_web import sql
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    CountsStamp,
    Inspection,
    SubSampleDecision,
)

T = TypeVar("T")
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


def _name(model: type[models.Model], field: str | None = None) -> str:
    """A table's (or its column's) quoted name."""
    return sql.table(model) if field is None else sql.column(model, field)


@dataclass(frozen=True)
class Asked:
    """The rule of :func:`yjinspect.cases.asked_question_ids` for the cases of one inspection:
    a join bringing each case's sub-sample decisions as one row (``s``: for each sub-sample a
    column, 2 decided in, 1 decided out, NULL undecided; its last parameter is the inspection's
    id), and each case's signature: which groups of questions (same case types, same
    sub-sample) are asked of it. An answer counts when its question's group is in its case's
    signature."""

    join: str
    join_params: Params
    signature: str
    """An integer per case ``c`` (with ``s``): bit ``i`` set when the questions of group ``i``
    are asked of the case (its type, and its sub-sample if the group has one)."""
    signature_params: Params
    bit_of: dict[str, int]
    """Each key question's and prompt's group: the bit of ``signature`` that asks it."""


KEPT_MOST = 512
"""Results kept per process (a few kilobytes each): the last used are kept."""
_kept: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_kept_lock = threading.Lock()


def counts_stamp(inspection_id: int) -> int:
    """The inspection's counts stamp as this transaction sees it (0: nothing written yet)."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor), [inspection_id])
        row = cursor.fetchone()
    return 0 if row is None else int(row[0])


@cache
def _stamp_sql(vendor: str) -> str:
    stamp, key = _name(CountsStamp, "stamp"), _name(CountsStamp, "inspection_id")
    return f"SELECT {stamp} FROM {_name(CountsStamp)} WHERE {key} = %s"


def _kept_or_counted(inspection: Inspection, what: tuple[Any, ...], count: Callable[[], T]) -> T:
    """``count()``, or what it gave before for this inspection at its present counts stamp.
    What is kept is never changed by its readers."""
    key = (
        connection.settings_dict["NAME"],
        inspection.pk,
        counts_stamp(inspection.pk),
        inspection.framework_id,
        *what,
    )
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]  # type: ignore[no-any-return]
    found = count()
    with _kept_lock:
        _kept[key] = found
        while len(_kept) > KEPT_MOST:
            _kept.popitem(last=False)
    return found


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
    workspace's pages count them: worked out once per case (which groups of questions are asked
    of it), not tested on every answer, and each case's sub-sample decisions read by one
    grouped join rather than by two sub-queries per answer and sub-sample (PostgreSQL spent
    about two milliseconds a page planning and running those). Written once per framework and
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
    bits: list[str] = []
    bit_params: list[str | int | bool] = []
    bit_of: dict[str, int] = {}
    for bit, ((case_types, sub_sample_id), kqs) in enumerate(question_groups(framework).items()):
        ids = [question for kq in kqs for question in (kq.id, *(p.id for p in kq.prompts))]
        bit_of.update(dict.fromkeys(ids, bit))
        # asked of the case: its type, and
        case = f"c.{_name(Case, 'case_type')} IN ({_marks(case_types)})"
        case_params: list[str | int | bool] = [*case_types]
        if sub_sample_id is not None:
            # in the sub-sample: decided so by the inspector, or undecided and meeting the
            # sub-sample's criterion (yjinspect.cases.in_sub_sample_by_default)
            decision = f"s.{column[sub_sample_id]}"
            case += f" AND ({decision} = 2 OR ({decision} IS NULL"
            criterion = framework.sub_sample(sub_sample_id).criterion
            if criterion is not None:
                case += f" AND c.{_name(Case, criterion.attribute)} IN ({_marks(criterion.values)})"
                case_params += criterion.values
            case += "))"
        bits.append(f"CASE WHEN {case} THEN {1 << bit} ELSE 0 END")
        bit_params += case_params
    return Asked(
        join,
        join_params,
        " + ".join(bits) or "0",
        tuple(bit_params),
        bit_of,
    )


def _signed_cases(
    inspection: Inspection, case_states: Collection[str] | None, split: Collection[str] = ()
) -> tuple[str, Params] | None:
    """SELECT of the inspection's cases that count (not withdrawn; with ``case_states``, only
    those in these states), one row each: ``id``, ``sig`` (their signature:
    :func:`asked_in_inspection`) and ``flag`` (1 when in ``split``'s states). None when no case
    can count. Grouped by case, so that each case's signature is worked out once, not once per
    answer."""
    states = sorted(case_states) if case_states is not None else None
    if states == []:
        return None
    asked = asked_in_inspection(inspection.framework_id)
    case_id, case_state = _name(Case, "id"), _name(Case, "state")
    flag = f"CASE WHEN c.{case_state} IN ({_marks(sorted(split))}) THEN 1 ELSE 0 END"
    sql = (
        f"SELECT c.{case_id} AS id, MAX({asked.signature}) AS sig,"
        f" MAX({flag if split else '0'}) AS flag"
        f" FROM {_name(Case)} c{asked.join}"
        f" WHERE c.{_name(Case, 'inspection')} = %s AND c.{case_state} <> %s"
    )
    params: list[str | int | bool] = [
        *asked.signature_params,
        *sorted(split),
        *asked.join_params,
        *([inspection.pk] if asked.join else []),
        inspection.pk,
        Case.State.WITHDRAWN.value,
    ]
    if states is not None:
        sql += f" AND c.{case_state} IN ({_marks(states)})"
        params += states
    return f"{sql} GROUP BY c.{case_id}", tuple(params)


def _counts(
    inspection: Inspection, case_states: Collection[str] | None, split: Collection[str] = ()
) -> tuple[tuple[str, str, bool, int], ...]:
    """:func:`_counted`, kept until the inspection's counts stamp changes."""
    states = None if case_states is None else tuple(sorted(case_states))
    what = ("counts", states, tuple(sorted(split)))
    return _kept_or_counted(inspection, what, lambda: _counted(inspection, case_states, split))


def _counted(
    inspection: Inspection, case_states: Collection[str] | None, split: Collection[str] = ()
) -> tuple[tuple[str, str, bool, int], ...]:
    """``(question_id, answer, whether the case is in split's states, number of cases)`` of
    the answers that count (given, to a question asked of their case, of a case that counts):
    one GROUP BY query.

    The database groups the answers by question, answer and their case's signature (which
    groups of questions are asked of it), and the rows whose question the signature does not
    ask are dropped here: at most a few rows per question, where testing every answer's
    question in SQL was most of the query's time."""
    cases = _signed_cases(inspection, case_states, split)
    if cases is None:
        return ()
    cases_sql, params = cases
    question, value = _name(Answer, "question_id"), _name(Answer, "value")
    sql = (
        f"SELECT a.{question}, a.{value}, k.sig, k.flag, COUNT(*) FROM {_name(Answer)} a"
        f" INNER JOIN ({cases_sql}) k ON k.id = a.{_name(Answer, 'case')}"
        f" WHERE a.{value} <> %s GROUP BY a.{question}, a.{value}, k.sig, k.flag"
    )
    bit_of = asked_in_inspection(inspection.framework_id).bit_of
    counted = []
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, ""))
        for q, v, signature, in_split, n in cursor.fetchall():
            bit = bit_of.get(q)
            if bit is not None and int(signature) >> bit & 1:
                counted.append((str(q), str(v), bool(in_split), int(n)))
    return tuple(counted)


def answer_counts(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> list[tuple[str, str, int]]:
    """``(question_id, answer, number of cases)`` for the inspection: one GROUP BY query."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for q, v, _, n in _counts(inspection, case_states):
        totals[(q, v)] += n
    return [(q, v, n) for (q, v), n in totals.items()]


def answer_counts_split(
    inspection: Inspection, case_states: Collection[str]
) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """The counts of the cases in ``case_states`` and of every case, from one GROUP BY query
    (by question, answer, and whether the case is in those states)."""
    chosen: dict[tuple[str, str], int] = defaultdict(int)
    every: dict[tuple[str, str], int] = defaultdict(int)
    for q, v, in_states, n in _counts(inspection, None, case_states):
        every[(q, v)] += n
        if in_states:
            chosen[(q, v)] += n
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
def _question_kind(framework_id: str) -> tuple[str, Params, dict[int, tuple[int, str]]]:
    """SQL numbering an answer's question by its group (the bit of the case signature that asks
    it) and its standard ('' for a prompt), with what each number stands for; -1 for a
    question of no key question of the framework."""
    asked = asked_in_inspection(framework_id)
    kinds: dict[tuple[int, str], list[str]] = defaultdict(list)
    for standard in load_framework(framework_id).standards:
        for kq in standard.key_questions:
            bit = asked.bit_of[kq.id]
            kinds[(bit, standard.id)].append(kq.id)
            kinds[(bit, "")].extend(p.id for p in kq.prompts)
    question = f"a.{_name(Answer, 'question_id')}"
    numbered = [(number, kind, ids) for number, (kind, ids) in enumerate(kinds.items()) if ids]
    whens = [f"WHEN {question} IN ({_marks(ids)}) THEN {number}" for number, _, ids in numbered]
    params = tuple(i for _, _, ids in numbered for i in ids)
    sql = f"CASE {' '.join(whens)} ELSE -1 END" if whens else "-1"
    return sql, params, {number: kind for number, kind, _ in numbered}


def cases_counted(inspection: Inspection, states: Collection[str]) -> tuple[int, int]:
    """(cases in ``states``, cases) of the inspection, withdrawn cases left out: one query,
    kept until the inspection's counts stamp changes."""
    chosen = tuple(sorted(states))

    def count() -> tuple[int, int]:
        state, inspection_id = _name(Case, "state"), _name(Case, "inspection")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COALESCE(SUM(CASE WHEN {state} IN ({_marks(chosen)}) THEN 1 ELSE 0 END),"
                f" 0), COUNT(*) FROM {_name(Case)} WHERE {inspection_id} = %s AND {state} <> %s",
                (*chosen, inspection.pk, Case.State.WITHDRAWN),
            )
            row = cursor.fetchone()
        return int(row[0]), int(row[1])

    return _kept_or_counted(inspection, ("cases", chosen), count)


def answered_by_case(inspection: Inspection) -> dict[int, tuple[dict[str, int], int]]:
    """:func:`_answered_by_case`, kept until the inspection's counts stamp changes (read it,
    never change it)."""
    return _kept_or_counted(inspection, ("answered",), lambda: _answered_by_case(inspection))


def _answered_by_case(inspection: Inspection) -> dict[int, tuple[dict[str, int], int]]:
    """Case id -> (standard id -> key questions answered, prompts answered), counting only
    questions asked of the case: one GROUP BY query (by case, its signature and the question's
    group and standard; the groups the signature does not ask are dropped here)."""
    cases = _signed_cases(inspection, None)
    assert cases is not None
    cases_sql, params = cases
    kind_sql, kind_params, kinds = _question_kind(inspection.framework_id)
    sql = (
        f"SELECT a.{_name(Answer, 'case')}, k.sig, {kind_sql}, COUNT(*) FROM {_name(Answer)} a"
        f" INNER JOIN ({cases_sql}) k ON k.id = a.{_name(Answer, 'case')}"
        f" WHERE a.{_name(Answer, 'value')} <> %s GROUP BY 1, 2, 3"
    )
    answered: dict[int, tuple[dict[str, int], list[int]]] = defaultdict(lambda: ({}, [0]))
    with connection.cursor() as cursor:
        cursor.execute(sql, (*kind_params, *params, ""))
        for case_id, signature, kind, number in cursor.fetchall():
            found = kinds.get(int(kind))
            if found is None or not int(signature) >> found[0] & 1:
                continue  # not a question of the framework, or not asked of the case
            by_standard, prompts = answered[int(case_id)]
            if found[1]:
                by_standard[found[1]] = by_standard.get(found[1], 0) + int(number)
            else:
                prompts[0] += int(number)
    return {
        case_id: (by_standard, prompts[0]) for case_id, (by_standard, prompts) in answered.items()
    }
