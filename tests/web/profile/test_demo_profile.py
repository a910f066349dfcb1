"""The demo's Blackpool profile and its 2018 and 2021 staff surveys: the 2021 report shows 004's
contextual facts from the profile and the survey as 004 states it (supervision rated poor or
very poor by 42% in 2018, by none in 2021; skills fully 41% in 2018, all at least mostly in
2021), every share with its count."""

from __future__ import annotations

import pytest

from yjinspect import surveys as core
from yjinspect.report.render import render_html
from yjinspect_web import reporting
from yjinspect_web.demo import demo_inspection, load_demo
from yjinspect_web.profile import surveys
from yjinspect_web.profile.demo import staff_survey
from yjinspect_web.profile.models import ServiceProfile


def _headline(survey: core.Survey, question_id: str, label: str) -> core.Share:
    question = survey.question(question_id)
    assert question is not None
    return dict(question.rows())[label]


def test_the_derived_counts_give_004s_figures() -> None:
    before, now = staff_survey(2018), staff_survey(2021)
    assert _headline(before, "supervision", "Poor or very poor").percent == 42
    assert _headline(now, "supervision", "Poor or very poor").percent == 0
    assert _headline(now, "supervision", "Quite good or very good").percent == 100
    assert _headline(before, "skills", "Fully").percent == 41
    assert _headline(now, "skills", "At least mostly").percent == 100
    # the smallest numbers of answers that give 41% and 42% when rounded half up
    assert min(n for n in range(1, 30) if any((200 * k + n) // (2 * n) == 41
                                             for k in range(n + 1))) == 17  # fmt: skip
    assert min(n for n in range(1, 30) if any((200 * k + n) // (2 * n) == 42
                                             for k in range(n + 1))) == 12  # fmt: skip


@pytest.mark.django_db
def test_the_demo_report_shows_the_profile_and_the_staff_survey() -> None:
    load_demo("a-demo-password-for-tests")
    inspection = demo_inspection()
    record = ServiceProfile.objects.get(inspection=inspection)
    assert record.service == inspection.service
    html = render_html(reporting.report_data(inspection))
    facts = html[html.index('id="contextual-facts"') :]
    for figure in ("227", "201", "207", "45%", "39%", "27 (93%)", "13%", "41%", "50%", "72%",
                   "19%", "12.36"):  # fmt: skip
        assert figure in facts, figure
    staff = html[html.index('id="survey-staff"') :]
    assert "13 staff took part" in staff
    assert "0 of 13 (0%)" in staff and "5 of 12 (42%)" in staff
    assert "13 of 13 (100%)" in staff and "7 of 17 (41%)" in staff
    assert "2018" in staff

    load_demo("a-demo-password-for-tests")  # a reload in place keeps one of each
    assert ServiceProfile.objects.count() == 1
    assert list(surveys.surveys_of(inspection)) == ["staff"]
