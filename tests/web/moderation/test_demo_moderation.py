"""The demo shows a moderated sample: four Blackpool 2021 cases double-marked by the inspector on
no team, one disagreement agreed (the team's answer), one open; the published ratings stand."""

from __future__ import annotations

import pytest

from yjinspect.report.render import render_html
from yjinspect_web import reporting
from yjinspect_web.demo import demo_inspection, load_demo
from yjinspect_web.moderation import services
from yjinspect_web.moderation.models import AgreedAnswer, SecondMarking
from yjinspect_web.workspace import services as workspace_services
from yjinspect_web.workspace.models import User

from ..conftest import client_for


@pytest.mark.django_db
def test_the_demo_double_marks_four_blackpool_2021_cases() -> None:
    load_demo("a-demo-password-for-tests")
    inspection = demo_inspection()
    markings = SecondMarking.objects.filter(case__inspection=inspection)
    assert markings.count() == 4 and all(m.submitted for m in markings)
    assert {m.marker.username for m in markings} == {"outsider"}
    results = services.results(inspection)
    assert results is not None and results.overall.pairs > 40
    assert results.overall.kappa is not None and results.overall.kappa > 0.5
    found = services.disagreements(inspection)
    assert len(found) == 2
    assert [d.agreed is not None for d in found].count(True) == 1
    assert AgreedAnswer.objects.count() == 1
    result = workspace_services.inspection_result(inspection)
    assert (result.score, result.overall_rating) == (25, "Good")  # the published figures
    lead = client_for(User.objects.get(username="lead"))
    page = lead.get(f"/inspections/{inspection.pk}/moderation")
    assert page.status_code == 200 and "Disagreements to discuss (2)" in page.content.decode()
    data = reporting.report_data(inspection)
    assert data.moderation is not None and data.moderated_cases == 4
    assert "Moderation (double marking)" in render_html(data)
    load_demo("a-demo-password-for-tests")  # reloads in place
    assert SecondMarking.objects.count() == 4
