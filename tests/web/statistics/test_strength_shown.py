"""Where decisions are made, each key question's 95% interval (a range on the bands, in words
beside it) and each standard's distance from another rating; the panel orders by fragility."""

from __future__ import annotations

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, User

from ..conftest import client_for, court_case_of


def _answers(inspection: Inspection, user: User, key_question: str, answers: list[str]) -> None:
    for index, value in enumerate(answers):
        case = court_case_of(inspection, f"{key_question}-{index}", rosh="low")
        services.save_answer(case, key_question, value, "", 0, user)


def test_dashboard_shows_intervals_and_distance(
    inspection: Inspection, people: dict[str, User]
) -> None:
    _answers(inspection, people["lead"], "2.1.1", ["yes", "yes", "no"])  # 2/3 = 67%, Good
    inspection.cases.update(state="quality_assured")  # the dashboard rates these
    page = client_for(people["lead"]).get(f"/inspections/{inspection.pk}/dashboard")
    html = page.content.decode()
    assert page.status_code == 200
    assert "95% interval" in html
    assert "20.8% to 93.9%" in html  # Wilson 95% for 2 of 3
    assert '<svg class="yj-interval"' in html and 'aria-hidden="true"' in html
    assert (
        "How close to another rating: 1 case from the next band down (Requires improvement); "
        "1 case from the next band up (Outstanding)." in html
    )


def test_panel_orders_standards_by_fragility(
    inspection: Inspection, people: dict[str, User]
) -> None:
    # Both flagged (small samples). 2.1 at 5/5 (Outstanding) is 2 cases from Good (3/5 = 60%);
    # 2.3 at 2/3 (Good) is one case either way: 2.3 is the more fragile, so it comes first.
    _answers(inspection, people["lead"], "2.1.1", ["yes"] * 5)
    _answers(inspection, people["lead"], "2.3.1", ["yes", "yes", "no"])
    html = client_for(people["lead"]).get(f"/inspections/{inspection.pk}/panel").content.decode()
    assert "Flagged standards (2)" in html
    assert "In order of how fragile each rating is" in html
    assert html.index('id="standard-2.3"') < html.index('id="standard-2.1"')
    assert "2 cases from the next band down (Good)" in html
