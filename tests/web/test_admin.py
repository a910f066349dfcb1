"""The admin site manages people and services; the history there is read-only."""

from __future__ import annotations

from django.test import Client

from yjinspect_web.workspace.models import Role, User


def test_admin_manages_people_but_cannot_edit_history(db: None) -> None:
    admin = User.objects.create_superuser("root", password="x" * 16, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/workspace/user/").status_code == 200
    page = client.get(f"/admin/workspace/user/{admin.pk}/change/").content.decode()
    assert "Role in the workspace" in page
    assert client.get("/admin/workspace/auditevent/add/").status_code == 403


def test_workspace_roles_without_staff_status_cannot_use_admin(db: None) -> None:
    lead = User.objects.create_user("lead", password="x" * 16, role=Role.LEAD_INSPECTOR)
    client = Client()
    client.force_login(lead)
    response = client.get("/admin/workspace/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
