"""A case is never deleted: a withdrawn case is kept with its answers and history, counts in no
rating and no progress, and cannot be changed (issue 9, "History is never lost")."""

from __future__ import annotations

import io

import openpyxl
import pytest

from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import AuditEvent, Case, User

from .conftest import client_for


def test_a_withdrawn_case_counts_in_no_rating(
    court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    lead = people["lead"]
    services.save_answer(court_case, "2.1.1", "yes", "Good analysis", 0, lead)
    services.save_answer(partner_case, "2.1.1", "no", "None found", 0, lead)
    inspection = court_case.inspection
    assert services.inspection_result(inspection).standard("2.1").key_questions[0].relevant == 2
    services.withdraw_case(partner_case, lead, "The child moved away before fieldwork")
    first = services.inspection_result(inspection).standard("2.1").key_questions[0]
    assert (first.yes, first.relevant) == (1, 1)
    partner_case.refresh_from_db()
    assert partner_case.answers.get().evidence == "None found"  # kept
    event = AuditEvent.objects.get(action="withdraw")
    assert (event.case, event.user, event.old, event.new) == (
        partner_case,
        lead,
        "in_progress",
        "withdrawn",
    )
    assert event.note == "The child moved away before fieldwork"
    assert partner_case.review_comments.get().to_state == Case.State.WITHDRAWN


def test_withdrawing_needs_a_reason_and_happens_once(
    court_case: Case, people: dict[str, User]
) -> None:
    with pytest.raises(services.ActionRefused, match="Say why"):
        services.withdraw_case(court_case, people["lead"], "  ")
    services.withdraw_case(court_case, people["lead"], "Duplicate of another case")
    with pytest.raises(services.ActionRefused, match="withdrawn already"):
        services.withdraw_case(court_case, people["lead"], "again")
    assert AuditEvent.objects.filter(action="withdraw").count() == 1


def test_locking_leaves_a_withdrawn_case_withdrawn_and_does_not_wait_for_it(
    court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    services.withdraw_case(partner_case, people["lead"], "Transferred out")
    court_case.state = Case.State.QUALITY_ASSURED
    court_case.save()
    inspection = court_case.inspection
    assert services.cases_not_quality_assured(inspection) == []
    services.lock_ratings(inspection, people["lead"])
    partner_case.refresh_from_db()
    court_case.refresh_from_db()
    assert (court_case.state, partner_case.state) == (Case.State.LOCKED, Case.State.WITHDRAWN)
    services.reopen_ratings(inspection, people["lead"], "late evidence")
    partner_case.refresh_from_db()
    assert partner_case.state == Case.State.WITHDRAWN


@pytest.mark.parametrize(
    ("role", "may_withdraw"),
    [
        ("admin", True),
        ("lead", True),
        ("inspector", False),
        ("partner", False),
        ("outsider", False),
        ("manager", False),
        ("board", False),
    ],
)
def test_who_may_withdraw_and_that_nobody_edits_a_withdrawn_case(
    role: str, may_withdraw: bool, partner_case: Case, people: dict[str, User]
) -> None:
    user = people[role]
    assert permissions.can_withdraw_case(user, partner_case) is may_withdraw
    services.withdraw_case(partner_case, people["lead"], "Not inspectable")
    partner_case.refresh_from_db()
    assert not permissions.can_withdraw_case(user, partner_case)
    assert not permissions.can_edit_case(user, partner_case)
    assert not permissions.can_submit_case(user, partner_case)
    assert not permissions.can_quality_assure(user, partner_case)


def test_a_withdrawn_case_is_left_out_of_the_workbook_and_its_import_refused(
    court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    inspection = court_case.inspection
    services.withdraw_case(partner_case, people["lead"], "Not inspectable")
    response = client_for(people["lead"]).get(f"/inspections/{inspection.pk}/workbook.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    references = {str(row[0]) for row in workbook["Cases"].iter_rows(values_only=True)}
    assert court_case.reference in references and partner_case.reference not in references
