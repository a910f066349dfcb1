"""Parts of pages written once per process (yjinspect_web.jinja2: once, breadcrumbs, the
interval cell): they are kept by value, so a page shows new figures as soon as they change,
and the same HTML as the macros write."""

from __future__ import annotations

from django.template import engines
from markupsafe import Markup

from yjinspect.statistics import Interval, wilson_interval
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Case, Inspection, User

from .conftest import client_for, court_case_of


def test_the_dashboard_shows_new_figures_once_they_change(
    inspection: Inspection, people: dict[str, User]
) -> None:
    cases = [court_case_of(inspection, f"W{index}", rosh="low") for index in range(3)]
    for case, value in zip(cases, ["yes", "yes", "no"], strict=True):
        services.save_answer(case, "2.1.1", value, "", 0, people["lead"])
    inspection.cases.update(state=Case.State.QUALITY_ASSURED)
    lead = client_for(people["lead"])
    dashboard = f"/inspections/{inspection.pk}/dashboard"
    before = lead.get(dashboard).content.decode()
    two_of_three, three_of_three = wilson_interval(2, 3), wilson_interval(3, 3)
    assert two_of_three and three_of_three
    assert two_of_three.words in before and three_of_three.words not in before
    answer = cases[2].answers.get(question_id="2.1.1")
    services.save_answer(cases[2], "2.1.1", "yes", "", answer.version, people["lead"])
    after = lead.get(dashboard).content.decode()
    assert three_of_three.words in after and two_of_three.words not in after


def test_once_writes_what_the_macro_writes_for_each_value(db: None) -> None:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    once = env.globals["once"]
    strength = env.get_template("workspace/partials/strength.html").module
    bands = Inspection(framework_id="iyjs-2018").framework.key_question_bands
    for interval, percent in [(Interval(0.95, 40.0, 60.0), 50), (Interval(0.95, 10.0, 30.0), 20)]:
        written = once(
            "workspace/partials/strength.html", "interval_cell", interval, percent, bands
        )
        assert isinstance(written, Markup)
        assert written == strength.interval_cell(interval, percent, bands)
        assert f"{interval.low:.1f}% to {interval.high:.1f}%" in written
    assert once("workspace/partials/strength.html", "interval_cell", None, None, bands) == "-"
    unkept = [Interval(0.95, 40.0, 60.0), 50, list(bands)]  # a list cannot be kept: written afresh
    assert once("workspace/partials/strength.html", "interval_cell", *unkept) == (
        strength.interval_cell(*unkept)
    )


def test_breadcrumbs_escape_text_and_keep_markup_apart(db: None) -> None:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    crumbs = env.globals["breadcrumbs_html"]
    plain = crumbs([{"text": "<b>Tom & Jerry</b>", "href": "/x"}])
    marked = crumbs([{"text": Markup("<b>Tom & Jerry</b>"), "href": "/x"}])
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;" in plain
    assert "<b>Tom & Jerry</b>" in marked
    module = env.get_template("govuk_frontend_jinja/components/breadcrumbs/macro.html").module
    assert plain == module.govukBreadcrumbs(
        {"items": [{"text": "<b>Tom & Jerry</b>", "href": "/x"}]}
    )


def test_the_case_page_shows_an_answer_as_soon_as_it_is_saved(
    court_case: Case, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    page = f"/inspections/{court_case.inspection_id}/cases/{court_case.pk}?standard=2.1"
    checked = 'id="q-2.1.1-no" name="value" type="radio" value="no" checked'
    before = lead.get(page).content.decode()
    assert 'id="q-2.1.1-no"' in before and checked not in before
    services.save_answer(court_case, "2.1.1", "no", "", 0, people["lead"])
    after = lead.get(page).content.decode()
    assert checked in after
    assert 'name="version" value="1"' in after and after.count('name="csrfmiddlewaretoken"') > 1


def test_the_inspection_page_lists_a_case_as_it_now_stands(
    inspection: Inspection, people: dict[str, User]
) -> None:
    case = court_case_of(inspection, "R01")
    lead = client_for(people["lead"])
    page = f"/inspections/{inspection.pk}"
    before = lead.get(page).content.decode()
    assert f'href="/inspections/{inspection.pk}/cases/{case.pk}"' in before
    assert ">0 of " in before and "Not assigned" in before
    services.save_answer(case, "2.1.1", "no", "", 0, people["lead"])
    case.assigned_inspector = people["inspector"]
    case.save()
    after = lead.get(page).content.decode()
    assert ">1 of " in after and people["inspector"].display_name in after
    assert "Not assigned" not in after
