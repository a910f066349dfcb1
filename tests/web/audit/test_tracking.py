"""Every change made anywhere records who, when, what, from and to: the admin included
(people, roles, activation, services, inspections, teams), services added in the workspace,
and downloads (issue 9: "Administrative changes leave no history")."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client

from yjinspect_web.audit.chain import verify
from yjinspect_web.workspace.models import (
    AuditEvent,
    Inspection,
    Role,
    Service,
    TeamMember,
    User,
)

from ..conftest import client_for


@pytest.fixture
def staff(people: dict[str, User]) -> Client:
    admin = people["admin"]
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    return client_for(admin)


def _user_form(user: User, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "role": user.role,
        "partner_agency": user.partner_agency,
        "service": user.service_id or "",
    }
    data |= changes
    return {k: v for k, v in data.items() if v != ""}


def test_a_role_and_activation_changed_in_the_admin_are_recorded(
    staff: Client, people: dict[str, User]
) -> None:
    inspector = people["inspector"]
    response = staff.post(
        f"/admin/workspace/user/{inspector.pk}/change/",
        _user_form(inspector, role=Role.LEAD_INSPECTOR, is_active=""),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    events = AuditEvent.objects.filter(person=inspector, action="change")
    found = {(e.field, e.old, e.new, e.user) for e in events}
    assert ("role", "Inspector", "Lead inspector", people["admin"]) in found
    assert ("active", "Yes", "No", people["admin"]) in found
    assert all(e.inspection is None for e in events)  # a person's event, not an inspection's
    assert verify().intact


def test_a_password_change_is_recorded_without_the_password(
    people: dict[str, User],
) -> None:
    lead = people["lead"]
    lead.set_password("another-long-passphrase")
    lead.save()
    event = AuditEvent.objects.get(person=lead, action="change", field="password")
    assert "another" not in event.old + event.new + event.note and event.user is None


def test_a_service_added_in_the_admin_or_the_workspace_is_recorded(
    staff: Client, people: dict[str, User]
) -> None:
    staff.post("/admin/workspace/service/add/", {"name": "Westshire YJS", "region": "West"})
    staff.post("/services/new", {"name": "Eastshire YJS", "local_authority": "Eastshire"})
    for name in ("Westshire YJS", "Eastshire YJS"):
        service = Service.objects.get(name=name)
        event = AuditEvent.objects.get(service=service, action="create")
        assert event.user == people["admin"] and name in event.new


def test_an_inspection_title_kind_and_team_changed_in_the_admin_are_recorded(
    staff: Client, inspection: Inspection, people: dict[str, User]
) -> None:
    members = list(inspection.team.order_by("pk"))
    data: dict[str, Any] = {
        "service": inspection.service_id,
        "framework_id": inspection.framework_id,
        "kind": Inspection.Kind.SELF_ASSESSMENT,
        "title": "Renamed",
        "fieldwork_start": "2026-05-04",
        "team-TOTAL_FORMS": str(len(members) + 1),
        "team-INITIAL_FORMS": str(len(members)),
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "1000",
    }
    for number, member in enumerate(members):
        data |= {
            f"team-{number}-id": member.pk,
            f"team-{number}-inspection": inspection.pk,
            f"team-{number}-user": member.user_id,
            f"team-{number}-role": member.role,
        }
    new = len(members)
    data |= {
        f"team-{new}-inspection": inspection.pk,
        f"team-{new}-user": people["outsider"].pk,
        f"team-{new}-role": TeamMember.TeamRole.INSPECTOR,
    }
    response = staff.post(f"/admin/workspace/inspection/{inspection.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    events = AuditEvent.objects.filter(inspection=inspection, user=people["admin"])
    found = {(e.action, e.field, e.old, e.new) for e in events}
    assert ("change", "title", "Northtown inspection 2026", "Renamed") in found
    assert ("change", "kind", "Inspection", "Self-assessment") in found
    team = events.get(action="team", person=people["outsider"])
    assert team.new == "Inspector" and team.note == "added to the team"


def test_removing_a_team_member_in_the_workspace_is_recorded_once(
    inspection: Inspection, people: dict[str, User]
) -> None:
    member = inspection.team.get(user=people["inspector"])
    client_for(people["lead"]).post(f"/inspections/{inspection.pk}/team/{member.pk}/remove")
    event = AuditEvent.objects.get(action="team", person=people["inspector"], new="removed")
    assert event.user == people["lead"] and event.old == "Inspector"


def test_downloads_record_who_took_what(inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people["inspector"])
    assert client.get(f"/inspections/{inspection.pk}/workbook.xlsx").status_code == 200
    assert client.get(f"/inspections/{inspection.pk}/report.html").status_code == 200
    taken = AuditEvent.objects.filter(action="download", user=people["inspector"])
    assert {(e.subject, e.field) for e in taken} == {("workbook", "xlsx"), ("report", "HTML")}


def test_sign_in_records_cannot_be_deleted_in_the_admin(
    staff: Client, people: dict[str, User]
) -> None:
    log = AccessLog.objects.create(username="lead", ip_address="127.0.0.1", user_agent="t")
    failure = AccessFailureLog.objects.create(
        username="lead", ip_address="127.0.0.1", user_agent="t"
    )
    for model, record in (("accesslog", log), ("accessfailurelog", failure)):
        url = f"/admin/axes/{model}/{record.pk}/delete/"
        assert staff.get(url).status_code == 403
        assert staff.post(url, {"post": "yes"}).status_code == 403
        changelist = staff.post(
            f"/admin/axes/{model}/",
            {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
        )
        assert changelist.status_code in (200, 302)
    assert AccessLog.objects.filter(pk=log.pk).exists()
    assert AccessFailureLog.objects.filter(pk=failure.pk).exists()
    attempt = AccessAttempt.objects.create(
        username="lead", ip_address="10.0.0.9", user_agent="t", failures_since_start=5
    )
    staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()  # a lockout is cleared
    event = AuditEvent.objects.get(action="sign_in", subject="lead")
    assert event.new == "cleared" and event.user == people["admin"]


def test_the_admin_lists_every_event_read_only(staff: Client, people: dict[str, User]) -> None:
    people["lead"].role = Role.INSPECTOR
    people["lead"].save()
    page = staff.get("/admin/workspace/auditevent/?q=lead").content.decode()
    assert "Lead inspector" in page
    event = AuditEvent.objects.filter(person=people["lead"]).first()
    assert event is not None
    assert (
        staff.post(f"/admin/workspace/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
