"""Every page renders for someone allowed to see it."""

from __future__ import annotations

from yjinspect_web.workspace.models import Case, Inspection, User

from .conftest import client_for


def test_pages_render(inspection: Inspection, court_case: Case, people: dict[str, User]) -> None:
    client = client_for(people["lead"])
    base = f"/inspections/{inspection.pk}"
    for url in [
        "/inspections",
        base,
        f"{base}/cases/{court_case.pk}",
        f"{base}/cases/{court_case.pk}?standard=2.2",
        f"{base}/dashboard",
        f"{base}/judgements",
        f"{base}/panel",
        f"{base}/history",
        f"{base}/cases/new",
        f"{base}/team/add",
        f"{base}/sampling",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
