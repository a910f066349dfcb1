"""The board: meetings, board packs (HTML and PDF, with the inspection beside the latest
self-assessment), the scrutiny summary and the partnership budget."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect_web.improvement.models import ActionUpdate, BoardMeeting, Budget, Plan
from yjinspect_web.workspace.models import Answer, Inspection, User

from ..conftest import client_for, court_case_of
from .conftest import days

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "blackpool-budget-2021-22.csv"


def _answer(inspection: Inspection, reference: str, value: str, user: User) -> None:
    case = court_case_of(inspection, reference)
    Answer.objects.create(case=case, question_id="2.2.3", value=value, updated_by=user,
                          framework_id=inspection.framework_id)  # fmt: skip


def test_meeting_and_board_pack(plan: Plan, locked: Inspection, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    lead = people["lead"]
    for n, value in enumerate(["yes", "no", "no", "no"]):
        _answer(locked, f"C1{n}", value, lead)
    assessment = Inspection.objects.create(
        service=locked.service, framework_id="iyjs-2018", kind="self_assessment",
        title="Self-assessment 2022", fieldwork_start=days(-10),
    )  # fmt: skip
    for n, value in enumerate(["yes", "yes", "yes", "no"]):
        _answer(assessment, f"S1{n}", value, lead)
    action = plan.actions.get(reference="R1")
    action.due_date, action.status = days(-1), "on_track"
    action.save()
    ActionUpdate.objects.create(action=action, author=people["manager"], on=days(-5),
                                progress="Learning circles held.", status="on_track")  # fmt: skip
    url = f"/improvement/plans/{plan.pk}/board/new"
    bad = manager.post(url, {"held_on": days(0).isoformat(), "attendance_text": "Fire: chief"})
    assert "Line 1: write it as" in bad.content.decode()
    response = manager.post(url, {
        "held_on": days(0).isoformat(), "decisions": "Plan endorsed.",
        "actions_arising": "Report NEET figures.",
        "attendance_text": "Police: Superintendent\nLocal authority: Director of Children",
    })  # fmt: skip
    assert response.status_code == 302
    meeting = BoardMeeting.objects.get()
    assert meeting.attendance[0] == ["police", "Superintendent"]
    board = client_for(people["board"])
    assert "Board pack of" in board.get(f"/improvement/plans/{plan.pk}/board").content.decode()
    html = board.get(f"/improvement/plans/{plan.pk}/board/{meeting.pk}/pack.html").content.decode()
    assert "Overdue actions" in html and "Overdue: due" in html
    assert "Learning circles held." in html and "Board meeting recorded" in html
    assert "2.2.3: Northtown inspection 2026 25%, Self-assessment 2022 75%" in html
    assert 'role="img"' in html and "Local Authority" in html
    assert "on_track" not in html and "not_started" not in html
    pdf = board.get(f"/improvement/plans/{plan.pk}/board/{meeting.pk}/pack.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client_for(people["manager"]).get(
        f"/improvement/plans/{plan.pk}/board/999/pack.html"
    ).status_code == 404  # fmt: skip


def test_budget_import_and_scrutiny_summary(plan: Plan, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    url = f"/improvement/plans/{plan.pk}/budget"
    upload = SimpleUploadedFile("budget.csv", EXAMPLE.read_bytes(), "text/csv")
    response = manager.post(url, {"year": "2021-22", "file": upload})
    assert response.status_code == 302
    page = client_for(people["board"]).get(f"/improvement/plans/{plan.pk}/board").content.decode()
    assert "1,160,023" in page and "printed 885.262, but its parts sum to 885,262" in page
    html = manager.get(f"/improvement/plans/{plan.pk}/scrutiny.html").content.decode()
    assert "Plan for contingencies." in html and "R1 not started" in html
    assert "Budget 2021-22" in html and "885,262" in html and "Not started: 3" in html
    pdf = manager.get(f"/improvement/plans/{plan.pk}/scrutiny.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert plan.events.filter(what="Scrutiny summary downloaded").exists()


def test_a_bad_budget_changes_nothing(plan: Plan, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    url = f"/improvement/plans/{plan.pk}/budget"
    content = b"agency,staffing_costs,payments_in_kind,other_delegated_funds,total\nPolice,ten,,,\n"
    upload = SimpleUploadedFile("b.csv", content, "text/csv")
    response = manager.post(url, {"year": "2021-22", "file": upload})
    assert response.status_code == 400
    assert "row 2, column staffing_costs: &#39;ten&#39; is not a sum of money" in (
        response.content.decode()
    )
    upload = SimpleUploadedFile("b.csv", content, "text/csv")
    response = manager.post(url, {"year": "2021", "file": upload})
    assert "Write the year as 2021-22." in response.content.decode()
    assert not Budget.objects.exists()
