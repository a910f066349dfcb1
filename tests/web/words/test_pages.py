"""Words for people on the workspace's pages: error pages with the header and a way back, a
new inspection on the current framework, and no working history for the service's staff."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client

from yjinspect_web.accounts import twofactor
from yjinspect_web.demo import SELF_ASSESSMENT_TITLE, demo_inspection, load_demo
from yjinspect_web.workspace.models import Inspection, User

from ..conftest import client_for


def assert_error_page(response: Any, status: int, title: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert "govuk-header" in page or "govuk-template__header" in page  # the site's header
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in page
    assert 'href="/">Go to your home page</a>' in page
    assert "Traceback" not in page and "/work/" not in page


def test_page_not_found(people: dict[str, User]) -> None:
    client = client_for(people["inspector"])
    assert_error_page(client.get("/inspections/999999"), 404, "Page not found")
    assert_error_page(client.get("/no-such-page"), 404, "Page not found")


def test_forbidden(inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people["inspector"])
    assert_error_page(client.get(f"/inspections/{inspection.pk}/panel"), 403, "You cannot do this")


def test_bad_request(people: dict[str, User]) -> None:
    client = client_for(people["inspector"])
    too_many = {f"field{n}": "x" for n in range(1200)}  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = client.post("/account/password", too_many)
    assert_error_page(response, 400, "There is a problem with the request")


def test_server_error(people: dict[str, User], monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_for(people["inspector"])
    client.raise_request_exception = False

    def broken(user: object) -> bool:
        raise RuntimeError("a fault in /work/secret/path.py")

    monkeypatch.setattr(twofactor, "has_two_factor", broken)
    response = client.get("/account")
    assert_error_page(response, 500, "Sorry, there is a problem with the service")
    assert "secret" not in response.content.decode()


def test_a_new_inspection_defaults_to_the_current_framework(people: dict[str, User]) -> None:
    page = client_for(people["lead"]).get("/inspections/new").content.decode()
    selected = page.split('name="framework_id"')[1].split("</select>")[0]
    assert '<option value="iyjwcv-2025" selected>' in selected
    assert selected.index("iyjwcv-2025") < selected.index("iyjs-2021") < selected.index("fji-2012")


def test_the_service_sees_locked_ratings_but_not_the_working_history(
    inspection: Inspection, people: dict[str, User], court_case: object
) -> None:
    inspection.ratings_locked = True
    inspection.save()
    for who in ("manager", "board"):
        client = client_for(people[who])
        detail = client.get(f"/inspections/{inspection.pk}").content.decode()
        assert "History of changes" not in detail
        assert client.get(f"/inspections/{inspection.pk}/dashboard").status_code == 200
        assert client.get(f"/inspections/{inspection.pk}/history").status_code == 403
    lead = client_for(people["lead"]).get(f"/inspections/{inspection.pk}").content.decode()
    assert "History of changes" in lead
    assert Client().get(f"/inspections/{inspection.pk}/history").status_code == 302


def test_form_errors_name_their_fields(inspection: Inspection, people: dict[str, User]) -> None:
    """An empty "add a case" form once listed "This field is required." five times."""
    client = client_for(people["lead"])
    response = client.post(f"/inspections/{inspection.pk}/cases/new", {})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "This field is required." not in page
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    for message in ("Enter the reference", "Select the case type", "Select the disposal"):
        assert message in summary
        assert message in page.split("</ul>", 1)[1]  # and beside the field
    assert 'href="#id_reference"' in summary


@pytest.fixture
def demo(db: None) -> None:
    load_demo("correct-horse-battery-staple")


def test_the_panel_opens_with_the_standards_needing_a_decision(demo: None) -> None:
    client = client_for(User.objects.get(username="lead"))
    page = html.unescape(client.get(f"/inspections/{demo_inspection().pk}/panel").content.decode())
    summary = page.index("Standards needing a decision")
    assert summary < page.index("one by one") < page.index('id="standard-')
    table = page[summary : page.index("</table>", summary)]
    assert "Near a band boundary" in table and 'href="#standard-2.2"' in table
    assert "None yet: the rule rating stands" in table
    assert "Within 5 points of the Requires improvement boundary (50%): 2.2.3 is 55% (6 of 11)" in (
        page
    )
    assert "(004, Annexe 1)" not in page and "near_boundary" not in page


def test_a_self_assessment_speaks_of_its_lead_and_moderation(demo: None) -> None:
    manager = User.objects.get(username="manager")
    self_assessment = Inspection.objects.get(title=SELF_ASSESSMENT_TITLE)
    client = client_for(manager)
    page = html.unescape(client.get(f"/inspections/{self_assessment.pk}").content.decode())
    assert "Self-assessment lead" in page
    assert ">Moderation</a>" in page
    assert "Ratings panel" not in page and "Lead inspector" not in page
    panel = html.unescape(client.get(f"/inspections/{self_assessment.pk}/panel").content.decode())
    assert '<h1 class="govuk-heading-l">Moderation</h1>' in panel
    assert "panel" not in panel.split("<main", 1)[1].lower().replace("/panel", "")


def test_the_report_shows_no_code_word(demo: None) -> None:
    from .test_no_code_words import code_words, readable

    client = client_for(User.objects.get(username="lead"))
    response = client.get(f"/inspections/{demo_inspection().pk}/report.html")
    assert response.status_code == 200
    text, _ = readable(response)
    assert "2.2 Planning" in text
    assert not code_words(text)


def test_the_sampling_plan_speaks_plainly(inspection: Inspection, people: dict[str, User]) -> None:
    """Once "rosh: low" and "out_of_court" were shown in the plan's tables."""
    from ..test_sampling import POPULATION, _form, _url
    from .test_no_code_words import code_words, readable

    lead = client_for(people["lead"])
    response = lead.post(_url(inspection), _form(POPULATION.read_bytes()), follow=True)
    text, _ = readable(response)
    assert "Risk of serious harm: Low" in text
    assert "Out-of-court disposal" in text
    assert "rosh" not in text.lower().split()
    assert not code_words(text)
