"""Assessing a case, seeing the ratings form, the panel, locking: end to end through the views."""

from __future__ import annotations

import pytest
from django.test import Client

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Answer, AuditEvent, Case, Inspection, User

from .conftest import client_for, court_case_of

HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_url(case: Case) -> str:
    return f"/inspections/{case.inspection_id}/cases/{case.pk}/answer"


def post_answer(
    client: Client, case: Case, question: str, value: str, version: int = 0, evidence: str = ""
) -> str:
    data = {
        "question_id": question,
        "value": value,
        "evidence": evidence,
        "version": str(version),
        "standard": question[:3],
    }
    response = client.post(answer_url(case), data, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_saving_an_answer_returns_the_question_and_the_live_rating(
    court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["inspector"])
    page = post_answer(client, court_case, "2.1.1", "yes", evidence="Thorough analysis.")
    assert "Saved" in page
    assert 'id="live-rating"' in page and 'hx-swap-oob="true"' in page
    assert "2.1.1: 1/1 = 100%" in page
    answer = Answer.objects.get(case=court_case, question_id="2.1.1")
    assert (answer.value, answer.evidence, answer.version) == ("yes", "Thorough analysis.", 1)
    assert answer.framework_id == "iyjs-2018"
    assert answer.updated_by == people["inspector"]


def test_the_rating_forms_as_answers_are_recorded(
    court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["lead"])
    post_answer(client, court_case, "2.1.1", "yes")
    post_answer(client, partner_case, "2.1.1", "no")
    result = services.inspection_result(court_case.inspection)
    assessment = result.standard("2.1")
    assert (assessment.key_questions[0].yes, assessment.key_questions[0].relevant) == (1, 2)
    assert assessment.rating == "Requires improvement"
    page = client.get(f"/inspections/{court_case.inspection_id}/dashboard").content.decode()
    assert "Requires improvement" in page and "50%" in page


def test_second_save_from_a_stale_page_is_refused_and_loses_nothing(
    court_case: Case, people: dict[str, User]
) -> None:
    first = client_for(people["inspector"])
    second = client_for(people["lead"])
    post_answer(first, court_case, "2.1.2", "yes", version=0, evidence="first view")
    page = post_answer(second, court_case, "2.1.2", "no", version=0, evidence="second view")
    assert "Not saved: someone else saved this first" in page
    assert "second view" in page  # the refused input is still on the page
    assert "Yes" in page
    answer = Answer.objects.get(case=court_case, question_id="2.1.2")
    assert (answer.value, answer.evidence) == ("yes", "first view")
    # saving again from the refreshed version replaces it deliberately
    post_answer(second, court_case, "2.1.2", "no", version=answer.version, evidence="second view")
    answer.refresh_from_db()
    assert (answer.value, answer.version) == ("no", 2)


def test_not_applicable_only_where_the_framework_allows(
    court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["inspector"])
    page = post_answer(client, court_case, "2.1.1", "na")
    assert "applies to every case of this type" in page
    assert not Answer.objects.filter(question_id="2.1.1").exists()
    post_answer(client, court_case, "2.4.1", "na")  # no review was necessary
    post_answer(client, court_case, "2.1.1a", "na")  # prompts may be not applicable
    assert Answer.objects.filter(value="na").count() == 2


def test_questions_outside_the_case_sub_samples_are_refused(
    court_case: Case, people: dict[str, User]
) -> None:
    # court_case: safety and wellbeing low, so 2.2.2 (keep the child safe) is not asked
    client = client_for(people["inspector"])
    page = post_answer(client, court_case, "2.2.2", "yes")
    assert "is not asked of case C01" in page
    assert (
        "Not asked of this case"
        in client.get(
            f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}?standard=2.2"
        ).content.decode()
    )


def test_inspector_sets_a_sub_sample_with_a_reason(
    court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["inspector"])
    url = f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}/sub-samples"
    client.post(url, {"sub_sample_id": "child_safety_work", "included": "in", "reason": ""})
    assert not court_case.sub_sample_decisions.exists()
    client.post(
        url,
        {"sub_sample_id": "child_safety_work", "included": "in", "reason": "exploitation risk"},
    )
    assert "Saved" in post_answer(client, court_case, "2.2.2", "yes")
    event = AuditEvent.objects.get(action="sub_sample")
    assert (event.old, event.new, event.note) == ("default", "in", "exploitation risk")


def test_answers_outside_the_sub_sample_stop_counting_when_it_changes(
    court_case: Case, people: dict[str, User]
) -> None:
    user = people["inspector"]
    services.save_answer(court_case, "2.2.3", "no", "", 0, user)
    assert services.inspection_result(court_case.inspection).standard("2.2").rating != "Not rated"
    services.decide_sub_sample(court_case, "others_safety_work", False, "no harm to others", user)
    assert services.inspection_result(court_case.inspection).standard("2.2").rating == "Not rated"


def test_history_shows_who_changed_what_from_what(
    court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["inspector"])
    post_answer(client, court_case, "2.1.1", "yes")
    post_answer(client, court_case, "2.1.1", "no", version=1)
    page = client.get(
        f"/inspections/{court_case.inspection_id}/history?subject=2.1.1"
    ).content.decode()
    assert page.count("inspector") >= 2
    events = list(AuditEvent.objects.filter(subject="2.1.1", field="value").order_by("id"))
    assert [(e.old, e.new) for e in events] == [("", "yes"), ("yes", "no")]


def answer_all(
    case: Case, user: User, value: str = "yes", evidence: str = "Seen in the case record."
) -> None:
    """Answer every key question asked of the case, each with its evidence."""
    for applies in services.applicability(case):
        if applies.asked:
            services.save_answer(case, applies.key_question.id, value, evidence, 0, user)


def test_review_states(court_case: Case, people: dict[str, User]) -> None:
    url = f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}/review"
    inspector, lead = client_for(people["inspector"]), client_for(people["lead"])
    inspector.post(url, {"action": "submit"})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.IN_PROGRESS  # key questions unanswered
    answer_all(court_case, people["inspector"])
    inspector.post(url, {"action": "submit"})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.SUBMITTED
    # once submitted the inspector cannot change it; the lead can return it with a comment
    refused = inspector.post(
        answer_url(court_case), {"question_id": "2.1.1", "value": "no", "version": "1"}, **HTMX
    )
    assert refused.status_code == 403
    assert inspector.post(url, {"action": "quality_assure"}).status_code == 403
    lead.post(url, {"action": "return", "comment": ""})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.SUBMITTED  # a return needs its reason
    lead.post(url, {"action": "return", "comment": "2.1.3 evidence is thin"})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.IN_PROGRESS
    assert court_case.review_comments.last().text == "2.1.3 evidence is thin"  # type: ignore[union-attr]
    inspector.post(url, {"action": "submit"})
    lead.post(url, {"action": "quality_assure"})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.QUALITY_ASSURED


@pytest.fixture
def flagged_inspection(inspection: Inspection, people: dict[str, User]) -> Inspection:
    """Three court cases: 2.1.1 at 2/3 = 67% (one case changes it; a small sample)."""
    for index, value in enumerate(["yes", "yes", "no"]):
        case = court_case_of(inspection, f"F{index}", rosh="low")
        services.save_answer(case, "2.1.1", value, "", 0, people["lead"])
    return inspection


def test_panel_records_a_rating_with_its_rationale(
    flagged_inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    base = f"/inspections/{flagged_inspection.pk}"
    page = lead.get(f"{base}/panel").content.decode()
    assert "Flagged standards (1)" in page and "Few cases" in page and "small_sample" not in page
    lead.post(f"{base}/panel/2.1", {"rating": "Requires improvement", "rationale": " "})
    assert not flagged_inspection.panel_decisions.exists()
    lead.post(f"{base}/panel/2.1", {"rating": "Requires improvement", "rationale": "Weak cases."})
    result = services.inspection_result(flagged_inspection)
    assert (result.standard("2.1").rating, result.standard("2.1").rule_rating) == (
        "Requires improvement",
        "Good",
    )
    flagged_inspection.cases.update(state=Case.State.QUALITY_ASSURED)  # the dashboard counts these
    dashboard = lead.get(f"{base}/dashboard").content.decode()
    assert "Panel (rule: Good)" in dashboard and "Weak cases." in dashboard


def test_lock_needs_every_case_quality_assured_and_reopening_is_recorded(
    flagged_inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    base = f"/inspections/{flagged_inspection.pk}"
    lead.post(f"{base}/lock", {"action": "lock"})
    flagged_inspection.refresh_from_db()
    assert not flagged_inspection.ratings_locked
    flagged_inspection.cases.update(state=Case.State.QUALITY_ASSURED)
    lead.post(f"{base}/lock", {"action": "lock"})
    flagged_inspection.refresh_from_db()
    assert flagged_inspection.ratings_locked
    assert set(flagged_inspection.cases.values_list("state", flat=True)) == {Case.State.LOCKED}
    case = flagged_inspection.cases.first()
    assert case is not None
    response = lead.post(answer_url(case), {"question_id": "2.1.1", "value": "no", "version": 1})
    assert response.status_code == 403
    lead.post(f"{base}/lock", {"action": "reopen", "reason": ""})
    flagged_inspection.refresh_from_db()
    assert flagged_inspection.ratings_locked  # reopening needs a reason
    lead.post(f"{base}/lock", {"action": "reopen", "reason": "Late evidence on F2"})
    flagged_inspection.refresh_from_db()
    assert not flagged_inspection.ratings_locked
    reopen = AuditEvent.objects.get(action="reopen")
    assert reopen.note == "Late evidence on F2" and reopen.user == people["lead"]


def test_judged_standard_rating_and_evidence(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    url = f"/inspections/{inspection.pk}/judgements/1.1"
    lead.post(url, {"rating": "Good", "version-1.1": "0", "evidence-1.1.1": "Clear vision."})
    result = services.inspection_result(inspection)
    assert result.standard("1.1").rating == "Good"
    assert inspection.evidence.get(question_id="1.1.1").text == "Clear vision."
    lead.post(url, {"rating": "Splendid", "version-1.1": "1"})
    assert services.inspection_result(inspection).standard("1.1").rating == "Good"
