"""An inspection's surveys in the workspace: entered on forms or imported (all or nothing),
shown as counts with their shares beside the last inspection's same question, every change
in the inspection's history. Synthetic figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjinspect import surveys as core
from yjinspect_web.profile import surveys
from yjinspect_web.profile.models import Survey, SurveyOption, SurveyQuestion
from yjinspect_web.workspace.models import AuditEvent, Inspection, User

from ..conftest import client_for

TEXT = "How would you rate the supervision you receive?"
OPTIONS = "Very good | 2\nQuite good | 5\nPoor | 3\nVery poor | 2"
HEADLINES = "Poor or very poor | Poor, Very poor\nQuite good or very good | Very good, Quite good"


def _add_staff_survey(client: Client, inspection: Inspection, took_part: str = "17") -> None:
    base = f"/inspections/{inspection.pk}/surveys"
    response = client.post(f"{base}/new", {"kind": "staff", "took_part": took_part})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(f"{base}/staff/questions/new", {
        "question_id": "supervision", "text": TEXT, "options": OPTIONS, "groups": HEADLINES,
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def earlier(inspection: Inspection) -> Inspection:
    """A settled earlier inspection of the same service, which the report compares with."""
    return Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Northtown 2023",
        fieldwork_start=dt.date(2023, 5, 1), ratings_locked=True,
    )  # fmt: skip


def test_the_lead_enters_a_survey_and_sees_counts_with_shares(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _add_staff_survey(lead, inspection)
    question = SurveyQuestion.objects.get(survey__inspection=inspection)
    assert [o.count for o in question.options.all()] == [2, 5, 3, 2]
    page = lead.get(f"/inspections/{inspection.pk}/surveys").content.decode()
    assert "17 staff took part" in page
    assert "5 of 12" in page and "42%" in page  # poor or very poor: never a share alone
    assert "Poor or very poor" in page
    events = AuditEvent.objects.filter(inspection=inspection, action="survey")
    assert events.count() == 2
    latest = events.first()
    assert latest is not None and latest.field == "question supervision"
    assert "Very good 2, Quite good 5, Poor 3, Very poor 2" in latest.new


def test_a_typed_share_that_disagrees_is_refused_with_both_figures(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _add_staff_survey(lead, inspection)
    question = SurveyQuestion.objects.get(survey__inspection=inspection)
    url = f"/inspections/{inspection.pk}/surveys/staff/questions/{question.pk}"
    typed = OPTIONS.replace("Poor | 3", "Poor | 3 | 30")
    response = lead.post(url, {"question_id": "supervision", "text": TEXT, "options": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Poor: 30% typed, but 3 of 12 is 25%" in page
    assert "Response options and counts, line 3" in page  # the field and the line named
    assert [o.count for o in question.options.all()] == [2, 5, 3, 2]  # nothing changed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_id": "", "text": TEXT, "options": OPTIONS}, "Enter the question reference"),
        ({"question_id": "q", "text": TEXT, "options": ""}, "Enter the response options"),
        ({"question_id": "q", "text": TEXT, "options": "Good | many"},
         "line 1: &#39;many&#39; is not a whole number"),
        ({"question_id": "q", "text": TEXT, "options": "Good | 20"},
         "20 answers, but only 17 took part"),
        ({"question_id": "q", "text": TEXT, "options": "Good | 2", "groups": "Bad | Poor"},
         "Headlines"),
        ({"question_id": "supervision", "text": TEXT, "options": "Good | 2"},
         "supervision is already a question"),
        ({"question_id": "<script>", "text": TEXT, "options": "Good | 2"},
         "Question reference: use letters"),
    ],
)  # fmt: skip
def test_bad_questions_are_refused_naming_the_field(
    inspection: Inspection, people: dict[str, User], data: dict[str, str], message: str
) -> None:
    lead = client_for(people["lead"])
    _add_staff_survey(lead, inspection)
    before = SurveyOption.objects.count(), AuditEvent.objects.count()
    response = lead.post(f"/inspections/{inspection.pk}/surveys/staff/questions/new", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (SurveyOption.objects.count(), AuditEvent.objects.count()) == before


def test_participation_cannot_fall_below_the_answers(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _add_staff_survey(lead, inspection)
    url = f"/inspections/{inspection.pk}/surveys/staff"
    response = lead.post(url, {"took_part": "10"})
    assert response.status_code == 400
    assert "12 answers, but only 10 took part" in response.content.decode()
    response = lead.post(url, {"took_part": "10", "invited": "8"})
    assert "People asked (8) cannot be fewer than the people who took part (10)" in (
        response.content.decode().replace("&#39;", "'")
    )
    assert lead.post(url, {"took_part": "14", "invited": "20"}).status_code == 302
    assert (
        "14 staff took part of 20 asked (70%)"
        in lead.get(f"/inspections/{inspection.pk}/surveys").content.decode()
    )


def test_compared_with_the_last_inspections_same_question(
    inspection: Inspection, earlier: Inspection, people: dict[str, User]
) -> None:
    before = core.Survey("staff", (core.SurveyQuestion(
        "supervision", TEXT,
        tuple(core.OptionCount(label, n) for label, n in
              (("Very good", 2), ("Quite good", 5), ("Poor", 3), ("Very poor", 2))),
        (core.Group("Poor or very poor", ("Poor", "Very poor")),),
    ),), took_part=12)  # fmt: skip
    surveys.store(earlier, None, before, "test")
    lead = client_for(people["lead"])
    lead.post(f"/inspections/{inspection.pk}/surveys/new", {"kind": "staff", "took_part": "13"})
    lead.post(f"/inspections/{inspection.pk}/surveys/staff/questions/new", {
        "question_id": "supervision", "text": TEXT,
        "options": "Very good | 8\nQuite good | 5\nPoor | 0\nVery poor | 0",
        "groups": "Poor or very poor | Poor, Very poor",
    })  # fmt: skip
    (result,) = surveys.results(inspection, earlier)
    assert result.previous_label == "2023"
    rows = {row.label: row for row in result.comparisons[0].rows}
    poor = rows["Poor or very poor"]
    assert (str(poor.now), str(poor.then), poor.points) == ("0 of 13 (0%)", "5 of 12 (42%)", -42)
    page = client_for(people["admin"]).get(f"/inspections/{inspection.pk}/surveys")
    assert "2023: share" in page.content.decode() and "down 42 points" in page.content.decode()
    # the lead is not on the earlier team: no figures they could not open
    assert "2023: share" not in lead.get(f"/inspections/{inspection.pk}/surveys").content.decode()


IMPORT_CSV = (
    "survey,question_id,question,option,count,percent,group\n"
    f"Staff survey,supervision,{TEXT},Very good,8,,\n"
    f"Staff survey,supervision,{TEXT},Quite good,5,,\n"
    f"Staff survey,supervision,{TEXT},Poor,0,0,Poor or very poor\n"
    f"Staff survey,supervision,{TEXT},Very poor,0,,Poor or very poor\n"
    "children,helped,How well did the YJS help you?,Very well,4,,\n"
    "children,helped,How well did the YJS help you?,Not sure,1,,\n"
)


def test_an_import_replaces_the_surveys_of_its_kinds_all_or_nothing(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _add_staff_survey(lead, inspection)
    url = f"/inspections/{inspection.pk}/surveys/import"
    bad = IMPORT_CSV.replace("Poor,0,0,", "Poor,0,10,").replace("Not sure,1", "Not sure,x")
    events = AuditEvent.objects.count()
    response = lead.post(url, {"file": SimpleUploadedFile("results.csv", bad.encode())})
    page = response.content.decode()
    assert response.status_code == 400
    assert "nothing has changed" in page
    assert "row 4, column percent: Poor: 10% typed, but 0 of 13 is 0%" in page
    assert "row 7, column count" in page
    assert AuditEvent.objects.count() == events
    assert surveys.survey_of(inspection, "staff").questions[0].responses == 12  # type: ignore[union-attr]

    response = lead.post(url, {"file": SimpleUploadedFile("results.csv", IMPORT_CSV.encode())})
    assert response.status_code == 302
    found = surveys.surveys_of(inspection)
    assert list(found) == ["children", "staff"]
    assert found["staff"].took_part == 17  # kept: the file gives no participation
    assert found["staff"].questions[0].responses == 13
    assert AuditEvent.objects.filter(field="imported from results.csv").count() == 2


def test_an_import_too_large_or_unreadable_is_refused(
    inspection: Inspection, people: dict[str, User], settings: object
) -> None:
    lead = client_for(people["lead"])
    url = f"/inspections/{inspection.pk}/surveys/import"
    setattr(settings, "UPLOAD_MAX_BYTES", 100)  # noqa: B010
    response = lead.post(url, {"file": SimpleUploadedFile("r.csv", IMPORT_CSV.encode())})
    assert response.status_code == 400 and "limit" in response.content.decode()
    response = lead.post(url, {"file": SimpleUploadedFile("r.txt", b"x")})
    assert response.status_code == 400 and ".csv, .xlsx, .yaml or .json" in (
        response.content.decode()
    )
    response = lead.post(url, {})
    assert response.status_code == 400 and "Select the survey results file" in (
        response.content.decode()
    )
    assert not Survey.objects.exists()


def test_a_question_is_removed_and_the_history_keeps_it(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    _add_staff_survey(lead, inspection)
    question = SurveyQuestion.objects.get(survey__inspection=inspection)
    url = f"/inspections/{inspection.pk}/surveys/staff/questions/{question.pk}"
    assert lead.get(f"{url}/remove").status_code == 405
    assert lead.post(f"{url}/remove").status_code == 302
    assert not SurveyQuestion.objects.exists()
    event = AuditEvent.objects.filter(action="survey").first()
    assert event is not None and event.field == "question supervision removed"
    assert "Very poor 2" in event.old and event.new == "17 staff took part"


def test_unknown_surveys_and_questions_are_not_found(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    base = f"/inspections/{inspection.pk}/surveys"
    assert lead.get(f"{base}/pupils").status_code == 404
    assert lead.get(f"{base}/staff").status_code == 404
    assert lead.get(f"{base}/staff/questions/99999999999999999999999").status_code == 404
    assert lead.post(f"{base}/new", {"kind": "pupils"}).status_code == 400
