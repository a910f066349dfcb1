"""Integrity the lead can rely on: panel decisions keep the figures they were made on and are
reviewed when those change; the dashboard rates quality-assured cases and shows apart what the
work in progress would change; a change to a quality-assured case sends it back to review; the
lead returns any case not locked; every key question answer needs its evidence."""

from __future__ import annotations

import pytest

from yjinspect.framework import Framework, load_framework
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import AuditEvent, Case, Inspection, User

from .conftest import client_for, court_case_of
from .test_assessment import answer_all


@pytest.fixture
def decided(inspection: Inspection, people: dict[str, User]) -> Inspection:
    """2.1.1 at 7/12 (58%), every case quality-assured, and the panel rated 2.1 Good."""
    for n in range(12):
        case = court_case_of(inspection, f"P{n:02}", rosh="low")
        services.save_answer(case, "2.1.1", "yes" if n < 7 else "no", "Seen.", 0, people["lead"])
    inspection.cases.update(state=Case.State.QUALITY_ASSURED)
    services.record_panel_decision(inspection, "2.1", "Good", "One case from Good.", people["lead"])
    return inspection


def test_a_panel_decision_records_its_figures(decided: Inspection) -> None:
    decision = decided.panel_decisions.get()
    assert decision.figures == {"2.1.1": [7, 12]}
    assert "on 2.1.1 7/12: One case from Good." in AuditEvent.objects.get(action="panel").note


def test_changed_figures_mark_the_decision_for_review_and_block_locking(
    decided: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    base = f"/inspections/{decided.pk}"
    assert "to review" not in lead.get(f"{base}/panel").content.decode()
    case = decided.cases.get(reference="P00")
    services.save_answer(case, "2.1.1", "no", "Seen again: no plan.", 1, people["lead"])
    case.refresh_from_db()
    services.quality_assure_case(case, people["lead"])
    page = lead.get(f"{base}/panel").content.decode()
    assert "1 panel rating to review: the figures changed since the decision" in page
    assert "7/12 (58%)" in page and "6/12 (50%)" in page
    response = lead.post(f"{base}/lock", {"action": "lock"}, follow=True)
    decided.refresh_from_db()
    assert not decided.ratings_locked
    assert "confirm or change it first" in response.content.decode()
    lead.post(f"{base}/panel/2.1", {"action": "confirm"})
    decision = decided.panel_decisions.get()
    assert decision.figures == {"2.1.1": [6, 12]} and decision.rating == "Good"
    assert "confirmed on changed figures" in AuditEvent.objects.filter(action="panel").first().note  # type: ignore[union-attr]
    assert "to review" not in lead.get(f"{base}/panel").content.decode()
    lead.post(f"{base}/lock", {"action": "lock"})
    decided.refresh_from_db()
    assert decided.ratings_locked


def test_the_dashboard_rates_quality_assured_cases_and_shows_the_rest_apart(
    decided: Inspection, people: dict[str, User]
) -> None:
    services.withdraw_panel_decision(decided, "2.1", people["lead"])
    for n in range(3):  # three more cases in progress, each a No: 7/15 = 47%
        case = court_case_of(decided, f"Q{n}", rosh="low", assigned_inspector=people["inspector"])
        services.save_answer(case, "2.1.1", "no", "Seen.", 0, people["inspector"])
    result = services.inspection_result(decided, case_states=services.QUALITY_ASSURED_STATES)
    assert result.standard("2.1").rating == "Requires improvement"  # 7/12, the checked cases
    page = client_for(people["inspector"]).get(f"/inspections/{decided.pk}/dashboard")
    text = page.content.decode()
    assert "quality-assured cases</strong> of 15" in text.replace(
        "12 quality-assured", "quality-assured"
    )
    assert "What the work in progress would change" in text
    assert "2.1.1: 7/12 (58%) to 7/15 (47%)" in text
    pending = text[text.index("What the work in progress") :]
    assert "Requires improvement" in pending and "Inadequate" in pending
    # once those cases are quality-assured there is nothing apart
    decided.cases.update(state=Case.State.QUALITY_ASSURED)
    text = client_for(people["inspector"]).get(f"/inspections/{decided.pk}/dashboard")
    assert "What the work in progress would change" not in text.content.decode()


def test_changing_a_quality_assured_case_returns_it_to_review(
    court_case: Case, people: dict[str, User]
) -> None:
    answer_all(court_case, people["inspector"])
    services.submit_case(court_case, people["inspector"])
    services.quality_assure_case(court_case, people["lead"])
    client_for(people["lead"]).post(
        f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}/answer",
        {"question_id": "2.1.1", "value": "no", "evidence": "Reread.", "version": "1"},
    )
    court_case.refresh_from_db()
    assert court_case.state == Case.State.SUBMITTED
    comment = court_case.review_comments.last()
    assert comment is not None
    assert (comment.from_state, comment.to_state) == ("quality_assured", "submitted")
    assert comment.text == "The answer to 2.1.1 changed after quality assurance: back to review."
    event = AuditEvent.objects.filter(action="review").first()
    assert event is not None and (event.old, event.new) == ("quality_assured", "submitted")
    # a sub-sample decision changes what counts: the same
    services.quality_assure_case(court_case, people["lead"])
    services.decide_sub_sample(court_case, "others_safety_work", False, "No risk.", people["lead"])
    court_case.refresh_from_db()
    assert court_case.state == Case.State.SUBMITTED


def test_the_lead_returns_a_quality_assured_case(court_case: Case, people: dict[str, User]) -> None:
    url = f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}/review"
    answer_all(court_case, people["inspector"])
    services.submit_case(court_case, people["inspector"])
    services.quality_assure_case(court_case, people["lead"])
    page = client_for(people["lead"]).get(url.removesuffix("/review")).content.decode()
    assert "Return to the inspector" in page and "Mark as quality-assured" not in page
    assert client_for(people["inspector"]).post(url, {"action": "return"}).status_code == 403
    client_for(people["lead"]).post(url, {"action": "return", "comment": "2.2.1 is wrong"})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.IN_PROGRESS
    court_case.state = Case.State.LOCKED
    court_case.save()
    assert (
        client_for(people["lead"]).post(url, {"action": "return", "comment": "x"}).status_code
        == 403
    )


def test_every_key_question_answer_needs_evidence_unless_optional(
    court_case: Case, people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_all(court_case, people["inspector"], evidence="")
    with pytest.raises(services.CaseIncomplete) as refused:
        services.submit_case(court_case, people["inspector"])
    assert refused.value.gaps.unanswered == ()
    assert "2.1.1" in refused.value.gaps.without_evidence
    assert str(refused.value).startswith("Before submitting, record the evidence for 2.1.1,")
    # a framework may mark a key question's evidence optional
    data = load_framework("iyjs-2018").model_dump()
    for domain in data["domains"]:
        for standard in domain["standards"]:
            for kq in standard["key_questions"]:
                kq["evidence_optional"] = True
    optional = Framework.model_validate(data)
    monkeypatch.setattr(Inspection, "framework", property(lambda self: optional))
    court_case = Case.objects.get(pk=court_case.pk)
    services.submit_case(court_case, people["inspector"])
    court_case.refresh_from_db()
    assert court_case.state == Case.State.SUBMITTED
