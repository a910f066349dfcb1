"""The dashboard says whether its ratings are live or locked."""

from __future__ import annotations

from django.utils import timezone

from yjinspect_web.workspace.models import Inspection, User

from .conftest import client_for


def test_a_locked_dashboard_is_titled_locked_ratings(
    inspection: Inspection, people: dict[str, User]
) -> None:
    client = client_for(people["lead"])
    live = client.get(f"/inspections/{inspection.pk}/dashboard").content.decode()
    assert "Ratings as they stand" in live and "Locked ratings" not in live
    inspection.ratings_locked = True
    inspection.locked_at = timezone.now()
    inspection.locked_by = people["lead"]
    inspection.save()
    locked = client.get(f"/inspections/{inspection.pk}/dashboard").content.decode()
    assert '<h1 class="govuk-heading-l">Locked ratings</h1>' in locked
    assert "Ratings as they stand" not in locked
    assert "These ratings are live" not in locked
    assert f"by {people['lead'].display_name}" in locked
