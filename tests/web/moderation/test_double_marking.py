"""Moderation in the workspace: the lead chooses cases for a blind second marking by an
inspector outside the team, who answers without seeing the team's answers or evidence; the
comparison (the core's figures); the agreed answer, audited, becomes the case's answer."""

from __future__ import annotations

from yjinspect_web.moderation.models import AgreedAnswer, SecondMarking
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Answer, AuditEvent, Case, Inspection, User

from ..conftest import client_for

EVIDENCE = "The plan named the safety work for the victim in detail"


def _first_marking(case: Case, lead: User) -> None:
    for question, value in (("2.1.1", "yes"), ("2.1.2", "yes"), ("2.1.3", "no")):
        services.save_answer(case, question, value, EVIDENCE, 0, lead)


def _choose(inspection: Inspection, case: Case, people: dict[str, User]) -> SecondMarking:
    lead = client_for(people["lead"])
    response = lead.post(
        f"/inspections/{inspection.pk}/moderation/choose",
        {"cases": [str(case.pk)], "marker": str(people["outsider"].pk)},
    )
    assert response.status_code == 302
    return SecondMarking.objects.get(case=case)


def _asked(marking: SecondMarking) -> list[str]:
    from yjinspect_web.moderation.services import questions_for

    return [qid for qid, _, is_prompt in questions_for(marking) if not is_prompt]


def test_blind_second_marking_compared_and_agreed(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    _first_marking(court_case, people["lead"])
    marking = _choose(inspection, court_case, people)
    assert AuditEvent.objects.filter(action="moderation", case=court_case).exists()

    marker = client_for(people["outsider"])
    listing = marker.get("/second-marking").content.decode()
    assert f"Case {court_case.reference}" in listing
    page = marker.get(f"/second-marking/{marking.pk}").content.decode()
    assert "Key question 2.1.1" in page
    assert EVIDENCE not in page  # blind: nothing of the team's
    assert 'value="yes" checked' not in page and 'value="no" checked' not in page
    # the marker still cannot open the inspection or the case
    assert marker.get(f"/inspections/{inspection.pk}/cases/{court_case.pk}").status_code == 404

    asked = _asked(marking)
    answers = {f"q-{qid}": "yes" for qid in asked}
    answers["q-2.1.3"] = "yes"  # the team said no
    incomplete = {k: v for k, v in answers.items() if k != "q-2.1.1"}
    refused = marker.post(f"/second-marking/{marking.pk}", {**incomplete, "action": "submit"})
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    assert "Answer key question 2.1.1" in refused.content.decode()
    done = marker.post(f"/second-marking/{marking.pk}", {**answers, "action": "submit"})
    assert done.status_code == 302
    marking.refresh_from_db()
    assert marking.submitted
    again = marker.post(f"/second-marking/{marking.pk}", {**answers, "action": "submit"})
    assert again.status_code == 302 and marking.answers.get(question_id="2.1.3").value == "yes"

    lead = client_for(people["lead"])
    overview = lead.get(f"/inspections/{inspection.pk}/moderation").content.decode()
    assert "Agreement for each key question and prompt" in overview
    assert "Case C01, 2.1.3: team No, second marker Yes" in overview
    assert "undefined: both markers answered yes in every pair" in overview  # 2.1.1
    assert "Disagreements to discuss (1)" in overview

    before = services.inspection_result(inspection).standard("2.1").key_questions[2]
    assert (before.yes, before.relevant) == (0, 1)
    lead.post(
        f"/inspections/{inspection.pk}/moderation/{marking.pk}/agree",
        {"question_id": "2.1.3", "value": "yes", "note": "The review was done in time."},
    )
    agreed = AgreedAnswer.objects.get(marking=marking, question_id="2.1.3")
    assert (agreed.value, agreed.recorded_by) == ("yes", people["lead"])
    answer = Answer.objects.get(case=court_case, question_id="2.1.3")
    assert (answer.value, answer.evidence) == ("yes", EVIDENCE)
    after = services.inspection_result(inspection).standard("2.1").key_questions[2]
    assert (after.yes, after.relevant) == (1, 1)  # the rating uses the agreed answer
    event = AuditEvent.objects.filter(field="agreed answer").get()
    assert (event.old, event.new, event.note) == (
        "first no, second yes",
        "yes",
        "The review was done in time.",
    )
    # the comparison keeps the two markings as they were
    overview = lead.get(f"/inspections/{inspection.pk}/moderation").content.decode()
    assert "Agreed answer: <strong>Yes</strong>" in overview


def test_the_second_marker_must_be_outside_the_team(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    response = lead.post(
        f"/inspections/{inspection.pk}/moderation/choose",
        {"cases": [str(court_case.pk)], "marker": str(people["inspector"].pk)},
        follow=True,
    )
    assert "not on this inspection&#39;s team" in response.content.decode()
    assert not SecondMarking.objects.exists()


def test_only_the_marker_sees_a_second_marking(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    marking = _choose(inspection, court_case, people)
    for role in ("lead", "inspector", "admin", "manager"):
        assert client_for(people[role]).get(f"/second-marking/{marking.pk}").status_code == 404


def test_nothing_changes_once_the_ratings_are_locked(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    marking = _choose(inspection, court_case, people)
    inspection.ratings_locked = True
    inspection.save()
    marker = client_for(people["outsider"])
    page = marker.get(f"/second-marking/{marking.pk}").content.decode()
    assert "can no longer be changed" in page
    marker.post(f"/second-marking/{marking.pk}", {"q-2.1.1": "yes", "action": "save"})
    assert not marking.answers.exists()
