"""Creating services, inspections, teams and cases; listing and searching inspections."""

from __future__ import annotations

from yjinspect_web.workspace.models import AuditEvent, Case, Inspection, Service, TeamMember, User

from .conftest import client_for


def _new_inspection(service: Service, kind: str = "inspection") -> dict[str, str]:
    return {
        "service": str(service.pk),
        "title": "Northtown 2027",
        "framework_id": "iyjwcv-2025",
        "kind": kind,
        "fieldwork_start": "2027-06-02",
        "fieldwork_end": "2027-06-06",
    }


def test_lead_inspector_creates_an_inspection_and_leads_it(
    service: Service, people: dict[str, User]
) -> None:
    response = client_for(people["lead"]).post("/inspections/new", _new_inspection(service))
    inspection = Inspection.objects.get(title="Northtown 2027")
    assert response["Location"] == f"/inspections/{inspection.pk}"
    assert inspection.team.get().role == TeamMember.TeamRole.LEAD
    assert AuditEvent.objects.filter(inspection=inspection, action="create").exists()


def test_fieldwork_cannot_end_before_it_starts(service: Service, people: dict[str, User]) -> None:
    data = _new_inspection(service) | {"fieldwork_end": "2027-01-01"}
    page = client_for(people["lead"]).post("/inspections/new", data).content.decode()
    assert "Fieldwork cannot end before it starts." in page
    assert not Inspection.objects.exists()


def test_service_manager_creates_only_own_self_assessments(
    service: Service, other_service: Service, people: dict[str, User]
) -> None:
    client = client_for(people["manager"])
    client.post("/inspections/new", _new_inspection(service, "inspection"))
    client.post("/inspections/new", _new_inspection(other_service, "self_assessment"))
    assert not Inspection.objects.exists()
    client.post("/inspections/new", _new_inspection(service, "self_assessment"))
    assert Inspection.objects.get().kind == "self_assessment"


def test_inspectors_and_viewers_cannot_create(service: Service, people: dict[str, User]) -> None:
    for role in ("inspector", "partner", "board"):
        response = client_for(people[role]).post("/inspections/new", _new_inspection(service))
        assert response.status_code == 403
    assert client_for(people["lead"]).post("/services/new", {"name": "X"}).status_code == 403
    client_for(people["admin"]).post("/services/new", {"name": "Eastborough YJS"})
    assert Service.objects.filter(name="Eastborough YJS").exists()


def test_list_and_search(inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people["lead"])
    assert "Northtown inspection 2026" in client.get("/inspections").content.decode()
    assert "Northtown inspection 2026" in client.get("/inspections?q=northtown").content.decode()
    assert "No inspections to show" in client.get("/inspections?q=nowhere").content.decode()
    page = client.get("/inspections?kind=self_assessment").content.decode()
    assert "No inspections to show" in page


def test_team_roles_must_fit_the_person(inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people["lead"])
    url = f"/inspections/{inspection.pk}/team/add"
    page = client.post(url, {"user": people["outsider"].pk, "role": "partner"}).content.decode()
    assert "Inspector cannot be partner inspector" in page
    client.post(url, {"user": people["outsider"].pk, "role": "inspector"})
    assert inspection.team.filter(user=people["outsider"], role="inspector").exists()


def _case(reference: str, **changes: str) -> dict[str, str]:
    data = {
        "reference": reference,
        "case_type": "out_of_court",
        "disposal": "youth_conditional_caution",
        "gender": "female",
        "ethnicity": "white",
        "rosh": "medium",
        "safety_wellbeing": "high",
        "assigned_inspector": "",
    }
    return data | changes


def test_cases_are_references_never_names(inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people["lead"])
    url = f"/inspections/{inspection.pk}/cases/new"
    page = client.post(url, _case("Jane Doe")).content.decode()
    assert "identifies no child" in page
    assert not Case.objects.exists()
    client.post(url, _case("O-2026-07"))
    case = Case.objects.get()
    assert (case.reference, case.disposal) == ("O-2026-07", "youth_conditional_caution")
    page = client.post(url, _case("O-2026-07")).content.decode()
    assert "already has a case with that reference" in page


def test_disposal_must_belong_to_the_case_type(
    inspection: Inspection, people: dict[str, User]
) -> None:
    page = (
        client_for(people["lead"])
        .post(f"/inspections/{inspection.pk}/cases/new", _case("C77", disposal="referral_order"))
        .content.decode()
    )
    assert "Not a disposal of this case type." in page
    assert not Case.objects.exists()
