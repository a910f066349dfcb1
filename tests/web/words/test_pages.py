"""Words for people on the workspace's pages: error pages with the header and a way back, a
new inspection on the current framework, and no working history for the service's staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from yjinspect_web.accounts import twofactor
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
