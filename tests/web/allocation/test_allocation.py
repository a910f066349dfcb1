"""Allocation and queues: assigning cases, each person's home page, the case list's filters and
sorts, progress per standard, and what an incomplete submission still needs."""

from __future__ import annotations

import re

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import AuditEvent, Case, Inspection, User

from ..conftest import client_for, court_case_of
from ..test_assessment import answer_all


def _assign(client_user: User, inspection: Inspection, cases: list[Case], assignee: str) -> str:
    response = client_for(client_user).post(
        f"/inspections/{inspection.pk}/cases/assign",
        {"case": [str(c.pk) for c in cases], "assignee": assignee},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_assigns_reassigns_and_bulk_assigns(
    inspection: Inspection, people: dict[str, User]
) -> None:
    cases = [court_case_of(inspection, f"S{n:02}") for n in range(1, 5)]
    page = _assign(people["lead"], inspection, cases[:3], str(people["partner"].pk))
    assert "3 cases given to partner." in page
    assert {
        c.assigned_inspector_id for c in Case.objects.filter(pk__in=[c.pk for c in cases[:3]])
    } == {people["partner"].pk}
    # the partner may now record answers on a sampled case given to them
    url = f"/inspections/{inspection.pk}/cases/{cases[0].pk}/answer"
    data = {"question_id": "2.1.1", "value": "yes", "evidence": "Seen.", "version": "0"}
    assert client_for(people["partner"]).post(url, data).status_code == 302
    # reassign one case, and take one back
    _assign(people["lead"], inspection, [cases[0]], str(people["inspector"].pk))
    _assign(people["lead"], inspection, [cases[1]], "none")
    cases[0].refresh_from_db()
    cases[1].refresh_from_db()
    assert cases[0].assigned_inspector == people["inspector"]
    assert cases[1].assigned_inspector is None
    events = AuditEvent.objects.filter(action="assign", subject="S01").order_by("id")
    assert [(e.old, e.new, e.user) for e in events] == [
        ("Not assigned", "partner", people["lead"]),
        ("partner", "inspector", people["lead"]),
    ]


def test_assigning_is_refused_for_others_and_to_people_off_the_team(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    url = f"/inspections/{inspection.pk}/cases/assign"
    data = {"case": [str(court_case.pk)], "assignee": str(people["partner"].pk)}
    assert client_for(people["inspector"]).post(url, data).status_code == 403
    assert client_for(people["partner"]).post(url, data).status_code == 403
    assert client_for(people["outsider"]).post(url, data).status_code == 404
    page = _assign(people["lead"], inspection, [court_case], str(people["outsider"].pk))
    assert "Choose who the cases go to." in page
    court_case.refresh_from_db()
    assert court_case.assigned_inspector == people["inspector"]
    assert not AuditEvent.objects.filter(action="assign").exists()


def test_the_lead_assigns_from_the_case_page(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    page = lead.get(f"/inspections/{inspection.pk}/cases/{court_case.pk}").content.decode()
    assert "Give this case to" in page
    response = lead.post(
        f"/inspections/{inspection.pk}/cases/assign",
        {"case": str(court_case.pk), "assignee": str(people["partner"].pk), "back": "case"},
    )
    assert response["Location"] == f"/inspections/{inspection.pk}/cases/{court_case.pk}"
    court_case.refresh_from_db()
    assert court_case.assigned_inspector == people["partner"]
    inspector_page = client_for(people["inspector"]).get(
        f"/inspections/{inspection.pk}/cases/{court_case.pk}"
    )
    assert "Give this case to" not in inspector_page.content.decode()


def test_home_page_lists_my_cases_returned_first_with_the_comment(
    inspection: Inspection, people: dict[str, User]
) -> None:
    inspector, lead = people["inspector"], people["lead"]
    first = court_case_of(inspection, "H01", assigned_inspector=inspector)
    returned = court_case_of(inspection, "H02", assigned_inspector=inspector)
    court_case_of(inspection, "H03", assigned_inspector=people["partner"])
    answer_all(returned, inspector)
    services.submit_case(returned, inspector)
    services.return_case(returned, lead, "2.1.2 needs the victim's view")
    page = client_for(inspector).get("/").content.decode()
    assert "Returned to you" in page and "2.1.2 needs the victim&#39;s view" in page
    assert page.index("H02") < page.index("H01")  # returned first, prominently
    assert page.index("victim&#39;s view") < page.index("Your cases")
    assert "H03" not in page
    assert "Awaiting quality assurance" not in page
    answer_all(first, inspector)
    services.submit_case(first, inspector)
    lead_page = client_for(lead).get("/").content.decode()
    assert "Awaiting quality assurance (1)" in lead_page and "H01" in lead_page


def test_case_list_filters_and_sorts(inspection: Inspection, people: dict[str, User]) -> None:
    inspector, partner = people["inspector"], people["partner"]
    a = court_case_of(inspection, "L01", assigned_inspector=inspector)
    b = court_case_of(inspection, "L02", assigned_inspector=partner)
    c = court_case_of(inspection, "L03")
    services.save_answer(b, "2.1.1", "yes", "Seen.", 0, partner)
    answer_all(c, people["lead"])
    answer_all(a, inspector)
    services.submit_case(a, inspector)
    client = client_for(inspector)
    base = f"/inspections/{inspection.pk}/cases"

    def shown(query: str) -> list[str]:
        page = client.get(f"{base}?{query}").content.decode()
        return re.findall(r">(L0\d)</a>", page)

    assert shown("") == ["L01", "L02", "L03"]
    assert shown("state=submitted") == ["L01"]
    assert shown(f"assignee={partner.pk}") == ["L02"]
    assert shown("assignee=none") == ["L03"]
    assert shown("case_type=out_of_court") == []
    assert shown("standard=2.1&progress=started") == ["L02"]
    assert shown("progress=not_started") == []
    assert shown("progress=complete") == ["L01", "L03"]
    assert shown("sort=progress") == ["L02", "L01", "L03"]
    assert shown("sort=assignee") == ["L01", "L02", "L03"]
    assert shown("state=nonsense&sort=nonsense") == ["L01", "L02", "L03"]  # ignored
    page = client.get(f"{base}?standard=2.1").content.decode()
    assert "Key questions answered in 2.1" in page and "1 of " in page
    assert "Assign the chosen cases" not in page  # only the lead assigns
    assert "Assign the chosen cases" in client_for(people["lead"]).get(base).content.decode()


def test_each_standard_tab_shows_its_progress(court_case: Case, people: dict[str, User]) -> None:
    services.save_answer(court_case, "2.1.1", "yes", "Seen.", 0, people["inspector"])
    progress = services.case_progress(court_case)
    asked = progress.by_standard["2.1"].asked
    page = (
        client_for(people["inspector"])
        .get(f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}")
        .content.decode()
    )
    assert f'2.1 Assessment</a> <span class="govuk-body-s">(1 of {asked})' in page
    assert "(0 of " in page  # the other standards


def test_submitting_an_incomplete_case_lists_and_links_what_is_missing(
    court_case: Case, people: dict[str, User]
) -> None:
    inspector = client_for(people["inspector"])
    base = f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}"
    answer_all(court_case, people["inspector"])
    services.save_answer(court_case, "2.1.2", "", "", 1, people["inspector"])  # unanswer one
    services.save_answer(court_case, "2.2.1", "yes", "", 1, people["inspector"])  # no evidence
    page = inspector.post(f"{base}/review", {"action": "submit"}, follow=True).content.decode()
    court_case.refresh_from_db()
    assert court_case.state == Case.State.IN_PROGRESS
    assert "Before submitting, answer 2.1.2 and record the evidence for 2.2.1." in page
    assert 'href="?standard=2.1#q-2.1.2"' in page
    assert 'href="?standard=2.2#q-2.2.1"' in page


def test_the_lead_withdraws_a_case_with_a_reason_and_it_is_kept(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    base = f"/inspections/{inspection.pk}/cases/{court_case.pk}"
    services.save_answer(court_case, "2.1.1", "yes", "Seen.", 0, people["inspector"])
    lead = client_for(people["lead"])
    assert "Withdraw this case from the inspection" in lead.get(base).content.decode()
    assert (
        client_for(people["inspector"]).post(f"{base}/withdraw", {"reason": "x"}).status_code == 403
    )
    page = lead.post(f"{base}/withdraw", {"reason": " "}, follow=True).content.decode()
    assert "Say why the case is withdrawn" in page
    lead.post(f"{base}/withdraw", {"reason": "Added by mistake: not in the window"})
    court_case.refresh_from_db()
    assert court_case.state == Case.State.WITHDRAWN
    assert court_case.withdrawn_reason == "Added by mistake: not in the window"
    assert court_case.answers.count() == 1  # kept
    assert "Withdraw this case" not in lead.get(base).content.decode()
    assert "C01" not in client_for(people["inspector"]).get("/").content.decode()
    listed = lead.get(f"/inspections/{inspection.pk}/cases?state=withdrawn").content.decode()
    assert ">C01</a>" in listed
    assert ">C01</a>" not in lead.get(f"/inspections/{inspection.pk}/cases").content.decode()


def test_ids_too_large_for_the_database_find_nothing(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    """A 23-digit assignee or case id is refused with a message, never a database error (500)."""
    huge = "9" * 23
    before = court_case.assigned_inspector_id
    page = _assign(people["lead"], inspection, [court_case], huge)
    assert "Choose who the cases go to." in page
    response = client_for(people["lead"]).post(
        f"/inspections/{inspection.pk}/cases/assign",
        {"case": [huge], "assignee": str(people["partner"].pk)},
        follow=True,
    )
    assert response.status_code == 200
    court_case.refresh_from_db()
    assert court_case.assigned_inspector_id == before
