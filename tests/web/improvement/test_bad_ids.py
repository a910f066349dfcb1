"""Ids too large for the database (in URLs and forms) are refused, never a 500."""

from __future__ import annotations

from yjinspect_web.improvement.models import Plan
from yjinspect_web.workspace.models import Inspection, User

from ..conftest import client_for

BIG = "99999999999999999999999"


def test_ids_too_large_are_refused(plan: Plan, locked: Inspection, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    action = plan.actions.get(reference="R1")
    edit = {"reference": "R1", "area": "x", "description": "y", "lead_agency": "other",
            "status": "on_track", "lead": BIG, "recommendations": BIG}  # fmt: skip
    page = manager.post(f"/improvement/actions/{action.pk}/edit", edit)
    assert page.status_code == 400 and "Select a valid choice" in page.content.decode()
    assert manager.post("/improvement/plans/new", {"inspection": BIG}).status_code == 404
    new = f"/improvement/plans/{plan.pk}/actions/new?source={BIG}&question=2.2.1"
    assert manager.get(new).status_code == 200
    settings = {"title": "t", "due_soon_days": BIG, "late_start_days": "1"}
    assert manager.post(f"/improvement/plans/{plan.pk}/edit", settings).status_code == 400
    for url in (f"/improvement/plans/{BIG}", f"/improvement/actions/{BIG}",
                f"/improvement/raise/{BIG}", f"/improvement/plans/{plan.pk}/board/{BIG}/pack.html",
                f"/improvement/plans/{BIG}/export.csv"):  # fmt: skip
        assert manager.get(url).status_code == 404, url
