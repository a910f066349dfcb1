"""The profile and surveys in an inspection's report: the contextual facts from the profile
chosen for the inspection, the staff survey in the staff standard beside the previous
inspection's same question, the other surveys in a chapter of their own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from yjinspect import surveys as core
from yjinspect.profile_files import read_profile
from yjinspect.report.render import render_html
from yjinspect_web import reporting
from yjinspect_web.profile import profiles, surveys
from yjinspect_web.workspace.models import Inspection, User

EXAMPLE = Path(__file__).parents[3] / "examples" / "profile-blackpool-2021.yaml"
TEXT = "How would you rate the supervision you receive?"
GROUPS = (core.Group("Poor or very poor", ("Poor", "Very poor")),)


def _supervision(counts: tuple[int, int, int, int], took_part: int) -> core.Survey:
    labels = ("Very good", "Quite good", "Poor", "Very poor")
    options = tuple(core.OptionCount(label, n) for label, n in zip(labels, counts, strict=True))
    question = core.SurveyQuestion("supervision", TEXT, options, GROUPS)
    return core.Survey("staff", (question,), took_part=took_part)


def test_the_report_shows_the_profile_and_the_surveys(
    inspection: Inspection, people: dict[str, User]
) -> None:
    earlier = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Northtown 2023",
        fieldwork_start=dt.date(2023, 5, 1), ratings_locked=True,
    )  # fmt: skip
    surveys.store(earlier, None, _supervision((2, 5, 3, 2), 12), "test")
    surveys.store(inspection, None, _supervision((8, 5, 0, 0), 13), "test")
    safe = (core.OptionCount("Very safe", 4), core.OptionCount("Quite safe", 1))
    question = core.SurveyQuestion("safe", "Were the places you were seen safe?", safe)
    children = core.Survey("children", (question,), took_part=5)
    surveys.store(inspection, None, children, "test")
    profiles.store(inspection.service, None, read_profile(EXAMPLE), "test", inspection=inspection)

    html = render_html(reporting.report_data(inspection))
    facts = html[html.index('id="contextual-facts"') :]
    assert "First-time entrant rate per 100,000" in facts and "227" in facts
    assert "Key staffing data" in html and "12.36" in html
    staff = html[html.index('id="survey-staff"') :]
    assert "13 staff took part" in staff
    assert "0 of 13 (0%)" in staff and "5 of 12 (42%)" in staff  # poor or very poor
    start = html.index(">1.2 Staff</h3>")  # in the staff standard's section, as 004 reports it
    assert start < html.index('id="survey-staff"') < html.index("<h3 id=", start)
    chapter = html[html.index('id="surveys"') :]
    assert "5 children took part" in chapter and "4 of 5 (80%)" in chapter
    assert "Surveys" in html[: html.index('id="surveys"')]  # in the contents

    # a reader who may not open the earlier inspection gets no comparison from it
    outsider_view = render_html(reporting.report_data(inspection, people["lead"]))
    assert "5 of 12 (42%)" not in outsider_view
