"""The national view's pages: the services list, a service's timeline, importing the
published record and recording a published inspection from its ratings table."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect_web.national.models import PublishedRating
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, Service, StandardJudgement, User

from ..conftest import client_for

pytestmark = pytest.mark.django_db
RECORD = Path(__file__).resolve().parents[3] / "examples" / "published-ratings-2021-2025.csv"
HEADER = "la_name,la_ref,score_%,overall_rating,publication_date,report_url\n"


def _upload(text: str | bytes, name: str = "record.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, "text/csv")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_an_analyst_imports_the_published_record_and_sees_its_slips(
    people: dict[str, User],
) -> None:
    client = client_for(people["analyst"])
    response = client.post("/national/import", {"record": _upload(RECORD.read_bytes())})
    page = _text(response)
    assert response.status_code == 200
    assert "79 imported" in page and "0 already recorded" in page and "4 refused" in page
    for name in ("Ceredigion", "West Sussex", "Portsmouth", "Bridgend"):
        assert name in page
    assert "The score 4.56% is 1.64/36, not a whole number of 36ths." in page
    again = _text(client.post("/national/import", {"record": _upload(RECORD.read_bytes())}))
    assert "0 imported" in again and "79 already recorded" in again
    assert Inspection.objects.count() == 79
    listing = _text(client.get("/national/services"))
    assert "Newcastle" in listing and "April 2024 to March 2025" in listing


def test_a_bad_or_too_large_file_is_refused_naming_the_field(
    people: dict[str, User], settings: Any
) -> None:
    client = client_for(people["admin"])
    response = client.post("/national/import", {"record": _upload("la_name\nX\n")})
    assert response.status_code == 400
    assert "The published record (CSV): record.csv: missing column(s)" in _text(response)
    settings.UPLOAD_MAX_BYTES = 100
    response = client.post("/national/import", {"record": _upload(RECORD.read_bytes())})
    assert response.status_code in (400, 413)
    assert not Service.objects.exclude(la_ref="").exists()
    assert client.post("/national/import", {}).status_code == 400


def test_the_timeline_shows_published_and_locked_ratings_oldest_first(
    inspection: Inspection, people: dict[str, User]
) -> None:
    service = inspection.service
    text = HEADER + "Northtown,northtownyjs,44.44,Requires Improvement,18/02/25,https://x.org/n\n"
    client_for(people["analyst"]).post("/national/import", {"record": _upload(text)})
    service.refresh_from_db()
    imported = Inspection.objects.get(kind="published")
    assert imported.service == service and service.la_ref == "northtownyjs"  # "Northtown YJS"
    StandardJudgement.objects.create(
        inspection=inspection,
        standard_id="1.1",
        rating="Good",
        framework_id="iyjs-2018",
        updated_by=people["lead"],
    )
    services.lock_ratings(inspection, people["lead"])
    page = _text(client_for(people["analyst"]).get(f"/national/services/{service.pk}/timeline"))
    assert "Northtown inspection 2026" in page and "Inspection, ratings locked" in page
    assert "April 2026 to March 2027" in page
    assert "1.1 Governance and leadership" in page
    assert page.index("Northtown: published inspection, 18 February 2025") < page.index(
        "Northtown inspection 2026"
    )


def test_a_service_sees_its_own_timeline_only_with_what_it_may_see(
    inspection: Inspection, people: dict[str, User]
) -> None:
    service = inspection.service
    Inspection.objects.create(
        service=service, framework_id="iyjs-2021", kind="published", title="Northtown 2022",
        fieldwork_start=dt.date(2022, 5, 1), ratings_locked=True,
        published_summary={"framework": "iyjs-2021", "published": "2022-09-01",
                           "overall": {"score": 16, "rating": "Requires improvement"}},
    )  # fmt: skip
    page = _text(client_for(people["manager"]).get(f"/national/services/{service.pk}/timeline"))
    assert "Northtown 2022" in page and "April 2022 to March 2023" in page
    assert "As published; the standards' ratings are not all held" in page
    assert "National view" not in page  # the navigation shows it to analysts only
    analyst_page = _text(client_for(people["analyst"]).get("/national/services"))
    assert "National view" in analyst_page


def _table_post(service: Service, **ratings: str) -> dict[str, str]:
    data = {
        "service": str(service.pk),
        "title": "Newtown 2021 (ratings table)",
        "published": "2021-08-26",
        "fieldwork_start": "2021-05-17",
        "source": "https://example.org/report",
        "overall_rating": "Good",
        "score": "25",
    }
    table = {  # 004's ratings table (Blackpool 2021: 25/36, Good)
        "1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good",
        "2.1": "Good", "2.2": "Requires improvement", "2.3": "Good", "2.4": "Outstanding",
        "3.1": "Outstanding", "3.2": "Good", "3.3": "Good", "3.4": "Outstanding",
    }  # fmt: skip
    table |= ratings
    return data | {"standard_" + sid.replace(".", "_"): r for sid, r in table.items()}


def test_recording_a_ratings_table_as_printed(service: Service, people: dict[str, User]) -> None:
    client = client_for(people["admin"])
    assert "Framework the inspection used" in _text(client.get("/national/record"))
    url = "/national/record?framework=iyjs-2018"
    form = _text(client.get(url))
    assert "Rated from key questions: as published, figures not held." in form
    response = client.post(url, _table_post(service))
    assert response.status_code == 302
    inspection = Inspection.objects.get(kind="published")
    rows = {r.standard_id: r for r in PublishedRating.objects.filter(inspection=inspection)}
    assert (rows["overall"].rating, rows["overall"].points, rows["overall"].year) == (
        "Good",
        25,
        2021,
    )
    assert rows["2.2"].as_published and not rows["1.1"].as_published
    assert not rows["overall"].as_published  # summed from the table's ratings
    dashboard = _text(client.get(f"/inspections/{inspection.pk}/dashboard"))
    assert "As published; figures not held" in dashboard


def test_a_table_whose_score_disagrees_with_its_ratings_is_refused(
    service: Service, people: dict[str, User]
) -> None:
    client = client_for(people["admin"])
    response = client.post(
        "/national/record?framework=iyjs-2018", _table_post(service, **{"2.1": "Outstanding"})
    )
    assert response.status_code == 400
    assert "the published score 25/36 disagrees with the standards' ratings given beside it, " in (
        _text(response)
    )
    assert "which sum to 26/36" in _text(response)
    assert not Inspection.objects.exists()
    bad = client.get("/national/record?framework=nope")
    assert bad.status_code == 400
    early = _table_post(service) | {"published": "2021-01-01"}
    response = client.post("/national/record?framework=iyjs-2018", early)
    assert response.status_code == 400
    assert "The publication date is before the start of fieldwork." in _text(response)


def test_the_demo_blackpool_and_an_imported_row_share_one_timeline(db: None) -> None:
    """The demo's Blackpool carries its Inspectorate reference, so a published record's
    Blackpool row (the shared record has none: a synthetic one here) joins its timeline."""
    from yjinspect.national import read_published_record
    from yjinspect_web.demo import load_demo
    from yjinspect_web.national.importing import import_record

    load_demo("a-demo-password-for-tests")
    blackpool = Service.objects.get(la_ref="blackpoolyjs")
    text = HEADER + "Blackpool,blackpoolyjs,55.56,Good,15/03/24,https://example.org/blackpool\n"
    outcome = import_record(read_published_record(text, "record.csv"), None, "record.csv")
    assert outcome.imported == 1 and not outcome.refused
    analyst = User.objects.get(username="analyst")
    page = _text(client_for(analyst).get(f"/national/services/{blackpool.pk}/timeline"))
    order = [
        "Blackpool 2018 (published figures)",
        "Blackpool 2021 (published ratings)",
        "Blackpool: published inspection, 15 March 2024",
        "Blackpool 2025 (published figures)",
    ]
    positions = [page.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Blackpool 2021 (reconstruction)" not in page  # its ratings are not locked
    assert "3/36" in page and "25/36" in page and "20/36" in page and "6/12" in page
    assert "As published; figures not held" in page  # 2021's table
    home = _text(client_for(analyst).get("/"))
    assert "every service's published ratings" in home
