"""Uploads that cannot hurt the service (issue 9): the attack's hostile files, sent through the
pages that took them, are refused with one message naming the limit, fast, in little memory,
changing nothing; and other bad requests are 4xx, never 500, before any write."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

import hostile
from yjinspect_web.workspace.models import Answer, Case, Inspection, Service, User

from ..conftest import client_for, court_case_of
from .snapshot import changed_tables, database_snapshot

SECONDS = 1.0  # the test client's own work included; the attack took 15 to 30 s
PEAK_BYTES = 40 * 1024 * 1024  # the attack took 1.4 to 3 GB


def bounded(call: Callable[[], HttpResponse]) -> HttpResponse:
    """``call`` (a refused request) runs well under a second (timed alone), its peak memory
    is small (tracemalloc, on a second run) and it changes nothing."""
    before = database_snapshot()
    started = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"peak {peak / 1e6:.0f} MB"
    assert changed_tables(before, database_snapshot()) == []
    return response


def _population_form(content: bytes, name: str) -> dict[str, object]:
    return {
        "population": SimpleUploadedFile(name, content),
        "fieldwork_start": "2026-06-01",
        "seed": "1",
        "confidence": "0.8",
        "margin": "0.05",
        "court_share": "0.6",
        "court_from": "6",
        "court_to": "9",
        "out_of_court_from": "2",
        "out_of_court_to": "5",
    }


def _warm(client: Client, url: str) -> None:
    """Serve the page once first, refusing a small bad file: compiling its templates is not
    what is measured."""
    assert client.get(url).status_code == 200
    if url.endswith("/sampling"):
        client.post(url, _population_form(b"\xff", "warm.csv"))
    elif url.endswith("/import"):
        client.post(url, {"workbook": SimpleUploadedFile("warm.xlsx", b"x")})


def _post_population(
    client: Client, inspection: Inspection, content: bytes, name: str
) -> HttpResponse:
    response: HttpResponse = client.post(
        f"/inspections/{inspection.pk}/sampling", _population_form(content, name)
    )
    assert response.status_code == 400
    return response


def test_the_huge_dimension_population_is_refused(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _warm(lead, f"/inspections/{inspection.pk}/sampling")
    page = bounded(
        lambda: _post_population(lead, inspection, hostile.huge_dimension_xlsx(), "pop.xlsx")
    ).content.decode()
    assert "pop.xlsx: sheet sheet1 declares 1,048,576 rows: the limit is 100,000" in page
    page = bounded(
        lambda: _post_population(lead, inspection, hostile.lying_dimension_xlsx(), "pop.xlsx")
    ).content.decode()
    assert "reaches 16,384 columns: the limit is 200" in page


def test_the_zip_bomb_population_is_refused(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    bomb = hostile.zip_bomb_xlsx(200)
    _warm(lead, f"/inspections/{inspection.pk}/sampling")
    page = bounded(lambda: _post_population(lead, inspection, bomb, "bomb.xlsx")).content
    assert "bomb.xlsx unpacks to 200 MB: the limit is 50 MB" in page.decode()


def test_a_utf16_population_names_the_file_not_a_server_path(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _warm(lead, f"/inspections/{inspection.pk}/sampling")
    page = bounded(
        lambda: _post_population(lead, inspection, hostile.utf16_csv(), "export.csv")
    ).content.decode()
    assert "export.csv is UTF-16 text: save it as UTF-8" in page
    assert "/tmp" not in page and "population.csv" not in page


def _import(client: Client, inspection: Inspection, data: bytes) -> HttpResponse:
    upload = SimpleUploadedFile("answers.xlsx", data)
    response: HttpResponse = client.post(
        f"/inspections/{inspection.pk}/workbook/import", {"workbook": upload}
    )
    assert response.status_code == 400
    return response


def test_the_slow_workbook_is_refused(inspection: Inspection, people: dict[str, User]) -> None:
    lead = client_for(people["lead"])
    _warm(lead, f"/inspections/{inspection.pk}/workbook/import")
    page = bounded(lambda: _import(lead, inspection, hostile.slow_workbook_xlsx())).content
    assert "The workbook: sheet sheet1 declares 16,384 columns: the limit is 200" in page.decode()
    for data in (hostile.huge_dimension_xlsx(), hostile.zip_bomb_xlsx(200)):
        page = bounded(lambda data=data: _import(lead, inspection, data)).content
        assert "the limit is" in page.decode()


def test_hostile_summaries_are_refused(service: Service, people: dict[str, User]) -> None:
    admin = client_for(people["admin"])
    data = {"service": service.pk, "title": "Northtown 2018", "fieldwork_start": "2018-03-05"}
    _warm(admin, "/inspections/published/new")
    for name, content, message in (
        ("deep.json", hostile.deep_json(), "deep.json is nested more than 20 levels deep"),
        ("bomb.yaml", hostile.yaml_alias_bomb(), "bomb.yaml uses YAML anchors or aliases"),
        ("utf16.json", '{"a": 1}'.encode("utf-16"), "utf16.json is UTF-16 text"),
    ):

        def post(name: str = name, content: bytes = content) -> HttpResponse:
            upload = SimpleUploadedFile(name, content)
            response: HttpResponse = admin.post(
                "/inspections/published/new", data | {"summary": upload}
            )
            return response

        response = bounded(post)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Inspection.objects.filter(title="Northtown 2018").exists()


def test_a_request_larger_than_an_upload_may_be_is_refused_before_it_is_read(
    inspection: Inspection, people: dict[str, User], settings: object
) -> None:
    lead = client_for(people["lead"])
    body = encode_multipart(BOUNDARY, {"workbook": SimpleUploadedFile("w.xlsx", b"x" * 100)})
    response = lead.generic(
        "POST",
        f"/inspections/{inspection.pk}/workbook/import",
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "a file may be at most 10 MB" in response.content.decode()


# -- text fields and ids -------------------------------------------------------------------


def _answer(client: Client, case: Case, **fields: str) -> HttpResponse:
    data = {"question_id": "2.1.1", "value": "yes", "evidence": "Seen.", "version": "0"}
    return client.post(  # type: ignore[no-any-return]
        f"/inspections/{case.inspection_id}/cases/{case.pk}/answer",
        data | fields,
        HTTP_HX_REQUEST="true",
    )


def test_nine_megabytes_of_evidence_are_refused(
    inspection: Inspection, people: dict[str, User]
) -> None:
    case = court_case_of(inspection, "C1")
    lead = client_for(people["lead"])
    before = database_snapshot()
    response = _answer(lead, case, evidence="x" * (9 * 1024 * 1024))
    assert response.status_code == 400
    assert "The evidence is 9,437,184 characters long: the limit is 10,000" in (
        response.content.decode()
    )
    assert changed_tables(before, database_snapshot()) == []
    assert _answer(lead, case, evidence="x" * 10_000).status_code == 200


def test_an_unknown_standard_is_refused_before_the_answer_is_saved(
    inspection: Inspection, people: dict[str, User]
) -> None:
    case = court_case_of(inspection, "C1")
    lead = client_for(people["lead"])
    before = database_snapshot()
    for bad in ("9.9", "2.1.1", "x" * 500, "\u202e1.1"):
        response = _answer(lead, case, standard=bad)
        assert response.status_code == 400, bad
        assert "no standard" in response.content.decode()
    assert changed_tables(before, database_snapshot()) == []
    assert not Answer.objects.exists()
    assert _answer(lead, case, standard="2.1").status_code == 200
    assert Answer.objects.get().value == "yes"


def test_malformed_versions_and_ids_are_4xx(
    inspection: Inspection, people: dict[str, User]
) -> None:
    case = court_case_of(inspection, "C1")
    lead = client_for(people["lead"])
    before = database_snapshot()
    for version in ("abc", "-1", "1e3", "99999999999999999999999", "7"):
        response = _answer(lead, case, version=version, standard="2.1")
        assert response.status_code < 500
    assert not Answer.objects.exists()
    posts: list[tuple[str, dict[str, str]]] = [
        (f"/inspections/{inspection.pk}/judgements/9.9", {"rating": "Good"}),
        (f"/inspections/{inspection.pk}/judgements/2.1", {"rating": "Good"}),
        (f"/inspections/{inspection.pk}/panel/9.9", {"rating": "Good", "rationale": "r"}),
        (f"/inspections/{inspection.pk}/judgements/1.1", {"rating": "Good", "version-1.1": "x"}),
        (f"/inspections/{inspection.pk}/judgements/1.1", {"rating": "Gd\x00"}),
    ]
    for url, data in posts:
        response = lead.post(url, data)
        assert response.status_code < 500, url
    assert changed_tables(before, database_snapshot()) == []


def test_signed_in_pages_are_never_cached(inspection: Inspection, people: dict[str, User]) -> None:
    lead = client_for(people["lead"])
    for url in (
        "/inspections",
        f"/inspections/{inspection.pk}",
        f"/inspections/{inspection.pk}/history",
    ):
        response = lead.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url
    export = lead.get(f"/inspections/{inspection.pk}/workbook.xlsx")
    assert "no-store" in export["Cache-Control"]


def test_forms_state_their_text_limits(inspection: Inspection, people: dict[str, User]) -> None:
    case = court_case_of(inspection, "C1")
    lead = client_for(people["lead"])
    page = lead.get(f"/inspections/{inspection.pk}/cases/{case.pk}").content.decode()
    assert 'maxlength="10000"' in page and "(up to 10,000 characters)" in page
    assert "up to 2,000 characters" in page  # a sub-sample decision's reason
    narrative = lead.get(f"/inspections/{inspection.pk}/report/narrative").content.decode()
    assert 'maxlength="20000"' in narrative
