"""The counts stamp: every write to an inspection's answers, cases or sub-sample decisions gives
it a new stamp in the same transaction, by whatever path (the database's triggers), so the
counts kept per process (counting._kept_or_counted) are never read after a change.

Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL (each has its own triggers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from yjinspect_web.workspace import counting, services
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    Service,
    SubSampleDecision,
    User,
)

from .conftest import court_case_of
from .test_counting import python_result, python_tally

Write = Callable[[Case, User], object]


def _rated(inspection: Inspection, states: list[str] | None = None) -> dict[str, object]:
    """The workspace's result (kept counts, if any) and the former Python path's, both without
    the service's name (the reference path does not know it)."""
    found = services.inspection_result(inspection, case_states=states).to_dict()
    expected = python_result(inspection, states).to_dict()
    found.pop("service"), expected.pop("service")
    assert found == expected
    return found


def _answer(case: Case, user: User, question: str = "2.1.1", value: str = "yes") -> Answer:
    return Answer.objects.create(
        case=case, question_id=question, value=value, framework_id="iyjs-2018", updated_by=user
    )


def _raw(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


WRITES: dict[str, Write] = {
    "an answer saved": lambda case, user: _answer(case, user, "2.1.2"),
    "an answer changed": lambda case, user: Answer.objects.filter(case=case).update(value="no"),
    "an answer's evidence changed": lambda case, user: Answer.objects.filter(case=case).update(
        evidence="Read again."
    ),
    "answers loaded in bulk": lambda case, user: Answer.objects.bulk_create(
        Answer(case=case, question_id=q, value="yes", framework_id="iyjs-2018", updated_by=user)
        for q in ("2.1.2", "2.1.3", "2.1.1a")
    ),
    "an answer deleted": lambda case, user: Answer.objects.filter(case=case).delete(),
    "an answer changed in plain SQL": lambda case, user: _raw(
        "UPDATE workspace_answer SET value = %s WHERE case_id = %s", "no", case.pk
    ),
    "a case added": lambda case, user: court_case_of(case.inspection, "C99"),
    "a case's details changed": lambda case, user: Case.objects.filter(pk=case.pk).update(
        rosh="high"
    ),
    "a case's state changed": lambda case, user: Case.objects.filter(pk=case.pk).update(
        state=Case.State.SUBMITTED
    ),
    "a case withdrawn": lambda case, user: Case.objects.filter(pk=case.pk).update(
        state=Case.State.WITHDRAWN
    ),
    "a sub-sample decision recorded": lambda case, user: SubSampleDecision.objects.create(
        case=case, sub_sample_id="child_safety_work", included=False, reason="r", decided_by=user
    ),
    "a sub-sample decision changed": lambda case, user: SubSampleDecision.objects.filter(
        case=case
    ).update(included=True),
    "a sub-sample decision removed": lambda case, user: SubSampleDecision.objects.filter(
        case=case
    ).delete(),
    "a case deleted": lambda case, user: Case.objects.filter(pk=case.pk).delete(),
}


@pytest.fixture
def case_with_answers(inspection: Inspection, people: dict[str, User]) -> Case:
    case = court_case_of(inspection, "C01")
    _answer(case, people["inspector"])
    SubSampleDecision.objects.create(
        case=case, sub_sample_id="others_safety_work", included=True, reason="r",
        decided_by=people["lead"],
    )  # fmt: skip
    return case


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_write_gives_the_inspection_a_new_stamp_and_fresh_counts(
    write: str, case_with_answers: Case, people: dict[str, User], service: Service
) -> None:
    inspection = case_with_answers.inspection
    other = Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        title="Other",
        fieldwork_start=dt.date(2026, 1, 5),
    )
    court_case_of(other, "D01")
    services.inspection_result(inspection)  # counted, and kept under the present stamp
    services.progress_of_cases(inspection, list(inspection.cases.active()))
    before, others_before = counting.counts_stamp(inspection.pk), counting.counts_stamp(other.pk)

    WRITES[write](case_with_answers, people["inspector"])

    assert counting.counts_stamp(inspection.pk) != before
    assert counting.counts_stamp(other.pk) == others_before  # another inspection's kept counts stay
    for states in (None, services.QUALITY_ASSURED_STATES):
        assert counting.standard_evidence(inspection, states) == python_tally(inspection, states)
        _rated(inspection, states)
    cases = list(inspection.cases.active().prefetch_related("sub_sample_decisions"))
    together = services.progress_of_cases(inspection, cases)
    for case in cases:
        assert together[case.pk] == services.case_progress(case)


def test_a_page_reads_kept_counts_until_something_changes(
    case_with_answers: Case, people: dict[str, User], django_assert_num_queries: object
) -> None:
    inspection = case_with_answers.inspection
    services.inspection_result(inspection)
    counted = counting._counted
    calls: list[object] = []

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return counted(*args, **kwargs)  # type: ignore[arg-type]

    counting._counted = spy  # type: ignore[assignment]
    try:
        services.inspection_result(inspection)
        assert calls == []  # kept: only the stamp was read
        services.save_answer(
            case_with_answers, "2.1.2", "no", "Seen in the plan.", 0, people["inspector"]
        )
        services.inspection_result(inspection)
        assert len(calls) == 1  # counted again after the save
    finally:
        counting._counted = counted  # type: ignore[assignment]
    _rated(inspection)


def test_a_write_rolled_back_leaves_the_stamp_and_the_counts_as_they_were(
    case_with_answers: Case, people: dict[str, User]
) -> None:
    inspection = case_with_answers.inspection
    before = _rated(inspection)
    stamp = counting.counts_stamp(inspection.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        Answer.objects.filter(case=case_with_answers).update(value="no")
        changed = counting.counts_stamp(inspection.pk)
        assert changed != stamp  # the transaction sees its own write
        services.inspection_result(inspection)  # kept under a stamp that will never be seen
        raise RuntimeError("rolled back")
    assert counting.counts_stamp(inspection.pk) == stamp
    assert _rated(inspection) == before
