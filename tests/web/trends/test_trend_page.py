"""A service's trend page and ``yjinspect trend``: the demo's 2018, 2021 and 2022, like with
like, with intervals and plain-words verdicts; who may see what."""

from __future__ import annotations

import json

import pytest

from cli_runner import run
from yjinspect_web.demo import load_demo
from yjinspect_web.workspace.models import Service, User

from ..conftest import client_for


@pytest.fixture
def demo(db: None) -> Service:
    load_demo("a-demo-password-for-tests")
    return Service.objects.get(name="Blackpool YJS")


def _page(username: str, service: Service) -> tuple[int, str]:
    response = client_for(User.objects.get(username=username)).get(f"/services/{service.pk}/trend")
    return response.status_code, response.content.decode()


def test_an_administrator_sees_2018_2021_and_2022_like_with_like(demo: Service) -> None:
    status, html = _page("admin", demo)
    assert status == 200
    for label in ("2018 inspection (published)", "2021 inspection", "2022 self-assessment"):
        assert label in html
    assert "2.2 Planning" in html
    # 2018 has no counts: the verdict compares the published percent with the 2021 interval
    assert (
        "up 52 points: a real improvement at 95% (the 2018 figure, 30% (published), lies "
        "outside the 2021 95% interval, 52.3% to 94.9%)" in html.replace("&#39;", "'")
    )
    assert "two-proportion test, p = " in html
    assert 'role="img"' in html and "over time" in html  # the charts, with text alternatives


def test_the_board_sees_its_service_and_not_unlocked_inspections(demo: Service) -> None:
    status, html = _page("board", demo)
    assert status == 200
    assert "2018 inspection (published)" in html and "2022 self-assessment" in html
    assert "2021 inspection (published)" in html  # its published ratings table
    assert "2021 inspection<" not in html  # the open one: not locked, not the board's yet
    assert _page("northshire-manager", demo)[0] == 403
    assert _page("outsider", demo)[0] == 403
    lead_status, lead_html = _page("lead", demo)  # the 2021 team's lead: not the self-assessment
    assert lead_status == 200 and "2021 inspection" in lead_html
    assert "2022 self-assessment" not in lead_html


def test_the_command(demo: Service, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "trend", "blackpool yjs", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert [o["label"] for o in data["occasions"]] == [
        "2018 inspection (published)",
        "2021 inspection (published)",  # 004's ratings table, figures not held
        "2021 inspection",
        "2022 self-assessment",
        "2025 inspection (published)",
    ]
    planning = next(  # 2018 standards' 2.2 (002's 2025 framework has a 2.2 of its own)
        s for s in data["standards"] if s["id"] == "2.2" and len(s["key_questions"]) == 3
    )
    kq = next(k for k in planning["key_questions"] if k["id"] == "2.2.2")
    assert [p["percent"] for p in kq["points"]] == [30, 82]
    assert kq["points"][1]["change"]["significant"] is True
    assert kq["points"][1]["confidence"] == {"level": 0.95, "low": 52.3, "high": 94.9}
    status, out, _ = run(capsys, "trend", "Blackpool YJS")
    assert status == 0 and "2.2 Planning" in out and "two-proportion" in out
    status, _, err = run(capsys, "trend", "Nowhere YJS")
    assert status == 2
    assert err.startswith("yjinspect: error: no service named 'Nowhere YJS' in the workspace")
