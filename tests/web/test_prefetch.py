"""prefetch_reverse (plain SQL written once per process) gives every object exactly what
Django's prefetch_related gives it: the same rows, in the same order, with the same values
(dates, booleans and foreign keys converted as the ORM converts them)."""

from __future__ import annotations

import pytest
from django.db.models import Model, prefetch_related_objects

from yjinspect_web import sql
from yjinspect_web.prefetch import prefetch_reverse
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    ReviewComment,
    SubSampleDecision,
    User,
)

from .conftest import court_case_of

RELATIONS = ("answers", "sub_sample_decisions", "review_comments")


def _values(rows: list[Model]) -> list[dict[str, object]]:
    return [{f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields} for row in rows]


def test_prefetch_reverse_gives_what_django_gives(
    inspection: Inspection, people: dict[str, User]
) -> None:
    cases = [court_case_of(inspection, f"C{n:02d}") for n in range(1, 4)]
    for number, case in enumerate(cases[:2]):
        for question, value in (("2.1.1", "yes"), ("2.1.2", "no"), ("2.1.1a", "")):
            Answer.objects.create(
                case=case, question_id=question, value=value, evidence=f"Seen {number}.",
                framework_id="iyjs-2018", updated_by=people["inspector"],
            )  # fmt: skip
        SubSampleDecision.objects.create(
            case=case, sub_sample_id="child_safety_work", included=bool(number), reason="r",
            decided_by=people["lead"],
        )  # fmt: skip
        for text in ("Returned: evidence missing.", "Submitted again."):
            ReviewComment.objects.create(
                case=case, author=people["lead"], from_state="submitted",
                to_state="in_progress", text=text,
            )  # fmt: skip
    ours = list(Case.objects.filter(inspection=inspection).order_by("pk"))
    django = list(Case.objects.filter(inspection=inspection).order_by("pk"))
    prefetch_reverse(ours, *RELATIONS)
    prefetch_related_objects(django, *RELATIONS)
    for mine, theirs in zip(ours, django, strict=True):
        for relation in RELATIONS:
            got = list(getattr(mine, relation).all())
            assert _values(got) == _values(list(getattr(theirs, relation).all()))
            assert all(row.case is mine for row in got)  # type: ignore[attr-defined]
    assert [len(c.answers.all()) for c in ours] == [3, 3, 0]
    assert ours[0].sub_sample_decisions.all()[0].included is False  # a boolean, not 0


def test_an_ordering_through_a_relation_is_left_to_the_orm(
    monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    monkeypatch.setattr(ReviewComment._meta, "ordering", ["case__reference"])
    sql._reader.cache_clear()
    try:
        assert sql.ordered_rows(ReviewComment, "1 = %s", [1]) is None
    finally:
        monkeypatch.undo()
        sql._reader.cache_clear()
    assert sql.ordered_rows(ReviewComment, "1 = %s", [1]) == []
