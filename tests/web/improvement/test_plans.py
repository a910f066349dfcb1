"""The improvement plan in the workspace: made from a locked inspection's recommendations,
actions with leads and dates, updates by the lead, RAG by the plan's rules, history, exports."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.utils import timezone

from yjinspect_web.improvement.models import Action, ActionUpdate, Plan, PlanEvent
from yjinspect_web.workspace.models import Inspection, User

from ..conftest import client_for
from .conftest import days


def _action_form(action: Action, **changes: str) -> dict[str, str]:
    from yjinspect_web.improvement.plans import last_change

    data = {
        "seen": last_change(action),
        "reference": action.reference,
        "area": action.area,
        "description": "Learning circles on contingency planning.",
        "lead": "",
        "lead_agency": "health",
        "start_date": "",
        "due_date": days(30).isoformat(),
        "measure": "% yes on 2.2.3",
        "baseline": "",
        "target": "80%",
        "question_id": "2.2.3",
        "status": "on_track",
        "rag_override": "",
        "rag_override_reason": "",
    }
    return data | changes


def test_the_manager_makes_a_plan_from_the_recommendations(
    locked: Inspection, people: dict[str, User]
) -> None:
    manager = client_for(people["manager"])
    page = manager.get("/improvement/").content.decode()
    assert "Make a plan from an inspection" in page and locked.title in page
    response = manager.post("/improvement/plans/new", {"inspection": str(locked.pk)})
    plan = Plan.objects.get()
    assert response["Location"] == f"/improvement/plans/{plan.pk}"
    actions = list(plan.actions.order_by("reference"))
    assert [a.reference for a in actions] == ["R1", "R2", "R3"]
    assert [r.number for r in actions[0].recommendations.all()] == [1]
    assert actions[0].question_id == "2.2.3"
    page = manager.get(f"/improvement/plans/{plan.pk}").content.decode()
    assert "Plan for contingencies." in page and "Not started" in page
    assert "not_started" not in page and "No due date set." in page


def test_an_unlocked_inspection_makes_no_plan(
    inspection: Inspection, people: dict[str, User]
) -> None:
    response = client_for(people["manager"]).post(
        "/improvement/plans/new", {"inspection": str(inspection.pk)}
    )
    assert response.status_code == 404 and not Plan.objects.exists()
    response = client_for(people["manager"]).post("/improvement/plans/new", {"inspection": "x"})
    assert response.status_code == 404


def test_assign_a_partner_lead_who_posts_an_update(
    plan: Plan, people: dict[str, User], partner_lead: User, other_partner_lead: User
) -> None:
    action = plan.actions.get(reference="R1")
    manager = client_for(people["manager"])
    url = f"/improvement/actions/{action.pk}/edit"
    response = manager.post(url, _action_form(action, lead=str(partner_lead.pk)))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.lead == partner_lead and action.status == "on_track"
    changed = PlanEvent.objects.filter(action=action, what="Action changed")
    assert {e.field for e in changed} >= {"Lead", "Status", "Due date", "Lead agency"}
    assert changed.get(field="Status").new == "On track"

    lead = client_for(partner_lead)
    assert lead.get(f"/improvement/plans/{plan.pk}").status_code == 200
    page = lead.get(f"/improvement/plans/{plan.pk}").content.decode()
    assert "R1" in page and ">R2<" not in page  # only their own actions
    other = plan.actions.get(reference="R2")
    assert lead.get(f"/improvement/actions/{other.pk}").status_code == 404
    assert lead.get(f"/improvement/actions/{action.pk}/edit").status_code == 403
    update = {
        "on": timezone.localdate().isoformat(), "progress": "Two learning circles held.",
        "impact": "Contingency plans in 7 of 10 audited records.", "evidence": "Audit report",
        "links": "https://example.org/audit", "status": "at_risk",
    }  # fmt: skip
    assert lead.post(f"/improvement/actions/{action.pk}/update", update).status_code == 302
    action.refresh_from_db()
    assert action.status == "at_risk"
    posted = ActionUpdate.objects.get()
    assert posted.author == partner_lead and posted.link_list == ["https://example.org/audit"]
    # another partner lead sees nothing of this plan
    assert client_for(other_partner_lead).get(f"/improvement/plans/{plan.pk}").status_code == 404
    assert (
        client_for(other_partner_lead)
        .post(f"/improvement/actions/{action.pk}/update", update)
        .status_code
        == 404
    )
    # a board viewer reads but does not post
    board = client_for(people["board"])
    assert board.get(f"/improvement/actions/{action.pk}").status_code == 200
    assert board.post(f"/improvement/actions/{action.pk}/update", update).status_code == 403
    assert ActionUpdate.objects.count() == 1


def test_an_overdue_action_turns_red(plan: Plan, people: dict[str, User]) -> None:
    action = plan.actions.get(reference="R1")
    action.status = "on_track"
    action.due_date = days(-3)
    action.save()
    page = client_for(people["manager"]).get(f"/improvement/plans/{plan.pk}").content.decode()
    assert "Overdue: due" in page and "3 days ago." in page and "govuk-tag--red" in page


def test_a_rag_override_needs_a_reason(plan: Plan, people: dict[str, User]) -> None:
    action = plan.actions.get(reference="R1")
    manager = client_for(people["manager"])
    url = f"/improvement/actions/{action.pk}/edit"
    page = manager.post(url, _action_form(action, rag_override="green")).content.decode()
    assert "Give the reason for overriding the RAG." in page
    assert manager.post(
        url, _action_form(action, rag_override="green", rag_override_reason="Agreed by board")
    ).status_code == 302  # fmt: skip
    page = manager.get(f"/improvement/actions/{action.pk}").content.decode()
    assert "Overridden: Agreed by board" in page


def test_bad_input_names_the_field_and_changes_nothing(plan: Plan, people: dict[str, User]) -> None:
    action = plan.actions.get(reference="R1")
    manager = client_for(people["manager"])
    url = f"/improvement/actions/{action.pk}/edit"
    bad = _action_form(action, question_id="9.9.9", reference="R2", due_date="not a date")
    page = manager.post(url, bad).content.decode()
    assert "iyjs-2018 has no key question or prompt 9.9.9." in page
    assert "Another action of this plan is R2." in page
    assert "Enter a valid date." in page
    action.refresh_from_db()
    assert action.reference == "R1" and not PlanEvent.objects.filter(what="Action changed")


def test_the_plan_moves_through_its_life(plan: Plan, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    url = f"/improvement/plans/{plan.pk}/state"
    assert manager.post(url, {"state": "closed", "on": "2022-01-01"}).status_code == 400
    assert manager.post(url, {"state": "endorsed", "on": "2021-11-30"}).status_code == 302
    assert manager.post(url, {"state": "submitted", "on": "2021-12-10"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == "submitted" and plan.endorsed_on.isoformat() == "2021-11-30"
    history = manager.get(f"/improvement/plans/{plan.pk}/history").content.decode()
    assert "Submitted to the Inspectorate (10 December 2021)" in history
    board = client_for(people["board"])
    assert board.post(url, {"state": "monitored", "on": "2022-01-01"}).status_code == 403


def test_a_closed_plan_takes_no_updates(plan: Plan, people: dict[str, User]) -> None:
    plan.state = "closed"
    plan.save()
    action = plan.actions.get(reference="R1")
    update = {"on": timezone.localdate().isoformat(), "progress": "x", "status": "complete"}
    response = client_for(people["manager"]).post(
        f"/improvement/actions/{action.pk}/update", update
    )
    assert response.status_code == 403


def test_exports_in_words_with_the_latest_update(plan: Plan, people: dict[str, User]) -> None:
    action = plan.actions.get(reference="R1")
    ActionUpdate.objects.create(action=action, author=people["manager"], on=days(-1),
                                progress="=Circles held", status="on_track")  # fmt: skip
    manager = client_for(people["manager"])
    response = manager.get(f"/improvement/plans/{plan.pk}/export.csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Recommendation", "Area for improvement"]
    assert rows[1][0] == "R1" and rows[1][1] == "1" and rows[1][7] == "Not started"
    assert rows[1][8] == "Amber" and rows[1][9].endswith(": =Circles held")
    response = manager.get(f"/improvement/plans/{plan.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None and sheet["A2"].value == "R1"
    response = manager.get(f"/improvement/plans/{plan.pk}/export.pdf")
    assert response.content.startswith(b"%PDF")
    assert manager.get(f"/improvement/plans/{plan.pk}/export.doc").status_code == 404
    assert PlanEvent.objects.filter(what="Plan exported").count() == 3


def test_raise_an_action_from_a_key_question_below_the_threshold(
    plan: Plan, locked: Inspection, people: dict[str, User]
) -> None:
    from yjinspect_web.workspace.models import Answer

    case = locked.cases.create(reference="C01", case_type="court", disposal="referral_order",
                               gender="male", ethnicity="white", rosh="medium",
                               safety_wellbeing="low")  # fmt: skip
    Answer.objects.create(case=case, question_id="2.2.1", value="no", updated_by=people["lead"],
                          framework_id="iyjs-2018")  # fmt: skip
    manager = client_for(people["manager"])
    page = manager.get(f"/improvement/raise/{locked.pk}").content.decode()
    assert "2.2.1" in page and "0% (0 of 1 cases)" in page
    assert f"/actions/new?question=2.2.1&amp;source={locked.pk}" in page
    url = f"/improvement/plans/{plan.pk}/actions/new?question=2.2.1&source={locked.pk}"
    text = manager.get(url).content.decode()
    assert "Baseline: 0% (0 of 1 cases) on 2.2.1" in text and 'value="2.2.1"' in text
    data = {"reference": "A1", "area": "2.2.1 planning", "description": "Workshops.",
            "lead_agency": "other", "question_id": "2.2.1", "status": "not_started",
            "source": str(locked.pk), "baseline": "50%"}  # fmt: skip
    refused = manager.post(url, data).content.decode()
    assert "the baseline is its figure from the data: leave this blank." in refused
    assert manager.post(url, data | {"baseline": ""}).status_code == 302
    raised = Action.objects.get(reference="A1")
    assert raised.baseline_inspection == locked
    page = manager.get(f"/improvement/actions/{raised.pk}").content.decode()
    assert "Baseline (Northtown inspection 2026): 0% (0 of 1 cases)" in page
    assert client_for(people["board"]).get(f"/improvement/raise/{locked.pk}").status_code == 403


def test_the_dashboard_links_the_manager_to_raise_an_action(
    plan: Plan, locked: Inspection, people: dict[str, User]
) -> None:
    link = f"/improvement/raise/{locked.pk}"
    for url in (f"/inspections/{locked.pk}/dashboard", f"/inspections/{locked.pk}"):
        assert link in client_for(people["manager"]).get(url).content.decode()
        assert link not in client_for(people["board"]).get(url).content.decode()
    plan.state = "closed"
    plan.save()
    assert client_for(people["manager"]).get(link).status_code == 403


def test_a_plan_by_hand_and_from_a_self_assessment(
    inspection: Inspection, people: dict[str, User]
) -> None:
    manager = client_for(people["manager"])
    response = manager.post("/improvement/plans/new", {"inspection": "", "title": "By hand"})
    plan = Plan.objects.get(title="By hand")
    assert response["Location"] == f"/improvement/plans/{plan.pk}" and plan.inspection is None
    assert manager.get(f"/improvement/plans/{plan.pk}/actions/new").status_code == 200
    # an open inspection is no source; its own service's self-assessment is
    source = {"inspection": str(inspection.pk)}
    assert manager.post("/improvement/plans/new", source).status_code == 404
    inspection.kind = Inspection.Kind.SELF_ASSESSMENT
    inspection.save()
    assert manager.post("/improvement/plans/new", source).status_code == 302
    made = Plan.objects.exclude(title="By hand").get()
    page = manager.get(f"/improvement/plans/{made.pk}").content.decode()
    assert f"/improvement/raise/{inspection.pk}" in page
    other = client_for(people["other_manager"])
    assert other.post("/improvement/plans/new", source).status_code == 404


def test_a_stale_action_edit_is_refused(plan: Plan, people: dict[str, User]) -> None:
    action = plan.actions.get(reference="R1")
    manager = client_for(people["manager"])
    url = f"/improvement/actions/{action.pk}/edit"
    stale = _action_form(action, description="Mine")
    assert manager.post(url, _action_form(action, description="Theirs")).status_code == 302
    page = manager.post(url, stale).content.decode()
    assert "Someone else changed this action while you were working" in page
    action.refresh_from_db()
    assert action.description == "Theirs"


def test_a_plan_by_hand_checks_a_question_against_every_framework(
    people: dict[str, User], service: object
) -> None:
    manager = client_for(people["manager"])
    manager.post("/improvement/plans/new", {"inspection": "", "title": "By hand"})
    plan = Plan.objects.get()
    data = {"reference": "A1", "area": "Planning", "description": "Workshops.",
            "lead_agency": "other", "question_id": "9.9", "status": "not_started"}  # fmt: skip
    page = manager.post(f"/improvement/plans/{plan.pk}/actions/new", data).content.decode()
    assert "No framework has a key question or prompt 9.9." in page
    response = manager.post(
        f"/improvement/plans/{plan.pk}/actions/new", data | {"question_id": "2.2.3"}
    )
    assert response.status_code == 302


def test_an_empty_post_names_every_missing_field_and_is_a_400(
    plan: Plan, people: dict[str, User]
) -> None:
    """Posting a form with nothing in it says what is missing (it does not show a blank form
    again as if nothing were posted), and saves nothing."""
    manager = client_for(people["manager"])
    actions = plan.actions.count()
    for url in (f"/improvement/plans/{plan.pk}/actions/new", f"/improvement/plans/{plan.pk}/edit",
                f"/improvement/plans/{plan.pk}/board/new"):  # fmt: skip
        response = manager.post(url, {})
        page = response.content.decode()
        assert response.status_code == 400, url
        assert "There is a problem" in page, url
    assert plan.actions.count() == actions
