"""A service's profile in the workspace: figures computed from counts, a typed share that
disagrees with its count refused with both figures, all-or-nothing imports, the caseload
counted from a sampling population, disproportionality, every change in the service's
history. Synthetic figures, and 004's published Blackpool profile (examples/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect_web.profile import profiles
from yjinspect_web.profile.models import ServiceProfile
from yjinspect_web.workspace.models import AuditEvent, Inspection, Role, SamplingRecord, User

from ..conftest import client_for

EXAMPLE = Path(__file__).parents[3] / "examples" / "profile-blackpool-2021.yaml"


@pytest.fixture
def record(inspection: Inspection, people: dict[str, User]) -> ServiceProfile:
    client = client_for(people["manager"])
    response = client.post(f"/services/{inspection.service.pk}/profiles/new",
                           {"period": "2026", "inspection": str(inspection.pk)})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    return ServiceProfile.objects.get()


def _figure(**changes: str) -> dict[str, str]:
    data = {"section": "characteristics", "label": "Mental health issues", "count": "18",
            "denominator": "36", "printed": "",
            "source_title": "Data supplied by the YJS"}  # fmt: skip
    return data | changes


def test_a_figure_is_computed_from_its_counts(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}"
    assert manager.post(f"{url}/figures/new", _figure(printed="50")).status_code == 302
    page = manager.get(url).content.decode()
    assert "Mental health issues" in page and "18 (50%)" in page
    assert "18 of 36, as a percentage rounded half up to a whole number" in page
    assert "The latest changes to this profile" in page and "Figure: Mental health issues" in page
    event = AuditEvent.objects.filter(service_id=record.service_id, action="profile").first()
    assert event is not None and "Mental health issues 50% (18 of 36)" in event.new


def test_a_typed_share_that_disagrees_is_refused_with_both_figures(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}/figures/new"
    events = AuditEvent.objects.count()
    response = manager.post(url, _figure(printed="55"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Printed percent: 55% printed, but 18 of 36 is 50%" in page
    assert AuditEvent.objects.count() == events
    assert profiles.to_core(ServiceProfile.objects.get()).characteristics == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": ""}, "Enter the measure"),
        ({"count": "", "denominator": ""}, "Enter the count and what it is out of"),
        ({"denominator": ""}, "Give both the count and what it is out of"),
        ({"count": "40"}, "Count: 40 is more than it is out of (36)"),
        ({"count": "-1"}, "Count: Ensure this value is greater than or equal to 0"),
        ({"printed": "lots"}, "Printed percent: enter a number from 0 to 100"),
        ({"section": "staffing"}, "Section: Select a valid choice"),
    ],
)
def test_bad_figures_are_refused_naming_the_field(
    record: ServiceProfile, people: dict[str, User], changes: dict[str, str], message: str
) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}/figures/new"
    response = manager.post(url, _figure(**changes))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#39;", "'")


def test_a_profile_file_is_imported_whole(inspection: Inspection, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{inspection.service.pk}/profiles/import"
    upload = SimpleUploadedFile("profile.yaml", EXAMPLE.read_bytes())
    response = manager.post(url, {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = ServiceProfile.objects.get()
    page = manager.get(f"/services/{inspection.service.pk}/profiles/{record.pk}").content.decode()
    for shown in (
        "227",
        "201",
        "207",
        "community sentences",
        "93%",
        "12.36",
        "72%",
        "Youth Justice Board",
    ):
        assert shown in page, shown
    bad = EXAMPLE.read_text().replace("title: Age\n", "title: Age\n      total: -3\n")
    response = manager.post(url, {"file": SimpleUploadedFile("profile.yaml", bad.encode())})
    assert response.status_code == 400 and "nothing has changed" in response.content.decode()


def test_printed_figures_that_disagree_are_refused_with_their_rows(
    inspection: Inspection, people: dict[str, User]
) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{inspection.service.pk}/profiles/import"
    rows = ("measure,count,denominator,percent,section\n"
            "With mental health issues,18,36,50,Caseload characteristics\n"
            "With substance misuse issues,26,36,75,Caseload characteristics\n")  # fmt: skip
    response = manager.post(url, {"file": SimpleUploadedFile("f.csv", rows.encode()),
                                  "period": "2026"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "row 3, column percent: With substance misuse issues: printed 75%, but 26 of 36 is 72%"
        in page
    )
    assert not ServiceProfile.objects.exists()
    good = rows.replace("26,36,75", "26,36,72")
    response = manager.post(url, {"file": SimpleUploadedFile("f.csv", good.encode()),
                                  "period": "2026"})  # fmt: skip
    assert response.status_code == 302
    found = profiles.to_core(ServiceProfile.objects.get()).characteristics
    assert [f.shown_with_count() for f in found] == ["18 (50%)", "26 (72%)"]
    response = manager.post(url, {"file": SimpleUploadedFile("f.csv", good.encode())})
    assert response.status_code == 400 and "Period: enter the period" in response.content.decode()


def test_the_caseload_is_counted_from_the_sampling_population(
    record: ServiceProfile, inspection: Inspection, people: dict[str, User]
) -> None:
    population = [
        {"case_ref": f"P{n}", "case_type": "court", "disposal": "referral_order",
         "start_date": "2025-10-01", "gender": "male" if n % 4 else "female",
         "ethnicity": "white", "rosh": "low", "safety_wellbeing": "low"}
        for n in range(12)
    ]  # fmt: skip
    SamplingRecord.objects.create(
        inspection=inspection, source_name="pop.csv", fieldwork_start=dt.date(2026, 5, 4),
        windows={}, population=population, created_by=people["lead"],
    )  # fmt: skip
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}"
    assert "Count the caseload from the population export" in manager.get(url).content.decode()
    assert manager.post(f"{url}/caseload").status_code == 302
    caseload = profiles.to_core(ServiceProfile.objects.get()).caseload
    assert caseload is not None and caseload.total == 12
    gender = caseload.breakdown("gender")
    assert gender is not None and [(g.label, g.count) for g in gender.groups] == [
        ("Male", 9), ("Female", 3)]  # fmt: skip
    assert "Referral order" in manager.get(url).content.decode()


def test_disproportionality_with_small_numbers_suppressed(
    inspection: Inspection, people: dict[str, User]
) -> None:
    data = EXAMPLE.read_text()
    area = ("  population_groups:\n    - dimension: gender\n      title: Gender\n"
            "      groups:\n        - {key: male, label: Male, count: 6400}\n"
            "        - {key: female, label: Female, count: 6094}\n")  # fmt: skip
    data = data.replace("label: Male, printed: 86", "label: Male, count: 30, printed: 88")
    data = data.replace("label: Female, printed: 14", "label: Female, count: 4, printed: 12")
    data = data.replace("  figures:\n    - key: first_time_entrants", area
                        + "  figures:\n    - key: first_time_entrants", 1)  # fmt: skip
    manager = client_for(people["manager"])
    url = f"/services/{inspection.service.pk}/profiles/import"
    response = manager.post(url, {"file": SimpleUploadedFile("p.yaml", data.encode())})
    assert response.status_code == 302, response.content.decode()[:3000]
    record = ServiceProfile.objects.get()
    page = manager.get(f"/services/{inspection.service.pk}/profiles/{record.pk}").content.decode()
    assert "Relative rate index" in page
    assert "fewer than 5" in page and "not calculated" in page  # 4 girls: suppressed
    assert "the reference group (index 1.00)" in page and "4.69" in page  # 30 per 6,400


def test_the_profile_is_refused_to_others_and_read_by_the_service(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    url = f"/services/{record.service_id}/profiles/{record.pk}"
    assert client_for(people["board"]).get(url).status_code == 200
    assert client_for(people["board"]).get(f"{url}/figures/new").status_code == 403
    assert client_for(people["other_manager"]).get(url).status_code == 403
    assert client_for(people["manager"]).get("/services/999999/profiles").status_code == 404
    assert (
        client_for(people["manager"])
        .get(f"/services/{record.service_id}/profiles/99999999999999999999999")
        .status_code
        == 404
    )


def test_key_staffing_data_is_computed_and_a_printed_rate_checked(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}/staffing"
    data = {"roles": "Qualified case managers | 6.51 | 7 | yes\nOther case managers | 2 | 2 | no"
                     "\nOther staff | 4.77 | 5 | no",
            "vacancies": "0", "leavers": "1", "headcount": "", "sickness_days": "173",
            "printed_attrition": "10"}  # fmt: skip
    response = manager.post(url, data)
    assert response.status_code == 400
    assert "printed 10%, but" in response.content.decode() and "7%" in response.content.decode()
    assert profiles.to_core(ServiceProfile.objects.get()).staffing is None
    assert manager.post(url, data | {"printed_attrition": "7"}).status_code == 302
    staffing = profiles.to_core(ServiceProfile.objects.get()).staffing
    assert staffing is not None and staffing.total_fte == Decimal("13.28")
    page = manager.get(url.removesuffix("/staffing")).content.decode()
    assert "13.28" in page and "12.36" in page  # 173 days over 14 people
    response = manager.post(url, data | {"roles": "Case managers | lots | | yes"})
    assert response.status_code == 400
    assert "Staff by role, line 1: write it as role | FTE" in response.content.decode()


def test_the_caseload_by_group_must_add_up(record: ServiceProfile, people: dict[str, User]) -> None:
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}/caseload/edit"
    data = {"at": "2026-04-12", "total": "35", "dimension": "gender",
            "groups": "Male | 30 | 86\nFemale | 4"}  # fmt: skip
    response = manager.post(url, data)
    assert response.status_code == 400
    assert "add up to 34" in response.content.decode()
    assert manager.post(url, data | {"groups": "Male | 30 | 86\nFemale | 5"}).status_code == 302
    response = manager.post(url, data | {"groups": "Male | 30 | 80\nFemale | 5"})
    assert "printed 80%, but 30 of 35 is 86%" in response.content.decode()
    caseload = profiles.to_core(ServiceProfile.objects.get()).caseload
    assert caseload is not None and caseload.total == 35
    assert [f.shown_with_count() for f in caseload.breakdowns[0].figures()] == [
        "30 (86%)", "5 (14%)"]  # fmt: skip


def test_a_national_analyst_reads_but_does_not_change_a_profile(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    analyst = client_for(people["analyst"])
    assert people["analyst"].role == Role.ANALYST
    url = f"/services/{record.service_id}/profiles/{record.pk}"
    assert analyst.get(url).status_code == 200
    assert analyst.get(f"{url}/staffing").status_code == 403


def test_the_area_and_its_children_by_group_give_the_relative_rate_index(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    """The area's population on a form; its children aged 10-17 by group must add up; with
    the caseload by the same groups the service's page shows each group's relative rate
    index (fewer than 5 suppressed)."""
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}"
    area = {"name": "Blackpool", "population": "139446", "population_10_17": "12494",
            "dimension": "ethnicity", "groups": "White | 11500\nBlack and minority ethnic | 900",
            "source_title": "UK population estimates", "source_period": "mid-2019"}  # fmt: skip
    events = AuditEvent.objects.count()
    response = manager.post(f"{url}/area", area)
    assert response.status_code == 400
    assert "add up to 12,400" in response.content.decode() or "12400" in response.content.decode()
    assert AuditEvent.objects.count() == events
    response = manager.post(f"{url}/area", area | {"groups": "White | lots"})
    assert response.status_code == 400
    assert "Children aged 10 to 17 by group, line 1: write it as group | count" in (
        response.content.decode()
    )
    fixed = area | {"groups": "White | 11594\nBlack and minority ethnic | 900"}
    assert manager.post(f"{url}/area", fixed).status_code == 302
    caseload = {"at": "2026-04-12", "total": "35", "dimension": "ethnicity",
                "groups": "White | 29\nBlack and minority ethnic | 6"}  # fmt: skip
    assert manager.post(f"{url}/caseload/edit", caseload).status_code == 302
    profile = profiles.to_core(ServiceProfile.objects.get())
    assert profile.area is not None and profile.area.population_10_17 == 12494
    page = manager.get(url).content.decode()
    assert "Black and minority ethnic" in page and "Relative rate index" in page


def test_an_area_figure_beside_its_comparators(
    record: ServiceProfile, people: dict[str, User]
) -> None:
    """004's first-time entrant rate: printed 227 for the area, 201 and 207 for its
    comparators; a rate given with counts is computed and a printed one that disagrees is
    refused with both figures."""
    manager = client_for(people["manager"])
    url = f"/services/{record.service_id}/profiles/{record.pk}/area/figures/new"
    figure = {"label": "First-time entrant rate per 100,000", "per": "100000", "count": "28",
              "denominator": "12494", "printed": "230",
              "comparators": "North West | 201\nEngland and Wales | 207",
              "source_title": "First-time entrants",
              "source_period": "January to December 2019"}  # fmt: skip
    response = manager.post(url, figure)
    assert response.status_code == 400
    assert "printed 230, but 28 per 100,000 of 12,494 is 224" in response.content.decode()
    response = manager.post(url, figure | {"comparators": "North West | many"})
    assert response.status_code == 400 and "Comparators, line 1" in response.content.decode()
    assert (
        manager.post(url, figure | {"count": "", "denominator": "", "printed": "227"}).status_code
        == 302
    )
    assert manager.post(url, figure | {"printed": "224"}).status_code == 302  # replaces it
    area = profiles.to_core(ServiceProfile.objects.get()).area
    assert area is not None and [f.key for f in area.figures] == ["first_time_entrants"]
    entrants = area.figure("first_time_entrants")
    assert entrants is not None and entrants.area.count == 28
    assert [name for name, _ in entrants.comparators] == ["North West", "England and Wales"]
    page = manager.get(url.removesuffix("/area/figures/new")).content.decode()
    assert "First-time entrant rate per 100,000" in page
