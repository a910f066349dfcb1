"""The demo workspace: Blackpool 2021 as published, loaded once however often it is loaded, and a
person of every role who can sign in with the password the load prints."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client

from yjinspect.cases import CaseProfile
from yjinspect.errors import InputError
from yjinspect.framework import load_framework
from yjinspect.inputs import evidence_from_cases, evidence_from_summary, read_case_answers
from yjinspect.inputs import read_summary as read_summary_file
from yjinspect.rating import rate_inspection
from yjinspect_web.accounts import twofactor
from yjinspect_web.audit.chain import verify
from yjinspect_web.demo import (
    BLACKPOOL,
    DEMO_MARK,
    INSPECTION_TITLE,
    PUBLISHED_2018_TITLE,
    SELF_ASSESSMENT_TITLE,
    DemoSummary,
    demo_inspection,
    demo_loaded,
    load_demo,
    needed_sub_sample_decisions,
    new_demo_two_factor_secrets,
    set_demo_password,
)
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import (
    Answer,
    AuditEvent,
    Case,
    Inspection,
    Role,
    Service,
    TeamMember,
    User,
)

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


@pytest.fixture
def demo(db: None) -> DemoSummary:
    return load_demo()


def test_the_dashboard_shows_blackpool_2021_as_published(demo: DemoSummary) -> None:
    result = services.inspection_result(demo_inspection())
    published = rate_inspection(
        evidence_from_summary(read_summary_file(EXAMPLES / "blackpool-2021.json"))
    )
    assert [(s.id, s.rating) for s in result.standards] == [
        (s.id, s.rating) for s in published.standards
    ]
    assert result.standard("1.3").rating == "Requires improvement"
    assert (result.score, result.max_score, result.overall_rating) == (25, 36, "Good")


def test_the_dashboard_page_shows_the_published_ratings(demo: DemoSummary) -> None:
    inspection = demo_inspection()
    client = Client()
    client.force_login(inspection.team.get(role="lead").user)
    page = client.get(f"/inspections/{inspection.pk}/dashboard").content.decode()
    assert "score 25/36" in page
    assert "Overall rating:" in page and ">Good<" in page.replace(" ", "").replace("\n", "")
    assert "Lowest key question 2.2.3 (6/11 = 55%)" in page


def test_the_cases_count_as_the_csv_does(demo: DemoSummary) -> None:
    """Every key question and prompt: the same yes / relevant as rating the example CSV."""
    result = services.inspection_result(demo_inspection())
    from_csv = rate_inspection(
        evidence_from_cases(
            "iyjs-2018", read_case_answers(EXAMPLES / "blackpool-2021-cases.csv"), {}
        )
    )
    for standard in from_csv.standards:
        ours = result.standard(standard.id)
        assert ours.key_questions == standard.key_questions, standard.id


def test_the_inspection_is_ready_for_the_panel(demo: DemoSummary) -> None:
    inspection = demo_inspection()
    assert inspection.framework_id == "iyjs-2018"
    assert inspection.kind == Inspection.Kind.INSPECTION
    assert not inspection.ratings_locked
    cases = inspection.cases.all()
    assert cases.count() == 23
    assert {case.state for case in cases} == {Case.State.QUALITY_ASSURED}
    assert sum(case.case_type == "court" for case in cases) == 13
    team = set(inspection.team.values_list("user__username", flat=True))
    assigned = set(cases.values_list("assigned_inspector__username", flat=True))
    assert {"partner-police", "partner-health"} <= assigned <= team
    assert inspection.evidence.count() == 14  # every question of 1.1-1.4
    assert inspection.audit.filter(action="demo").exists()
    lead = User.objects.get(username="lead")
    assert permissions.can_hold_panel(lead, inspection)


def test_every_answer_is_asked_and_every_asked_key_question_answered(
    demo: DemoSummary,
) -> None:
    for case in demo_inspection().cases.all():
        progress = services.case_progress(case)
        assert progress.complete
        assert progress.questions_answered == case.answers.count()


def test_a_sub_sample_decision_is_made_only_where_the_answers_need_it() -> None:
    framework = load_framework("iyjs-2018")
    outside = CaseProfile("court", "referral_order", rosh="low", safety_wellbeing="low")
    assert needed_sub_sample_decisions(framework, outside, {"2.2.2": "na"}) == {}
    assert needed_sub_sample_decisions(framework, outside, {"2.2.2": "yes"}) == {
        "child_safety_work": True
    }
    inside = CaseProfile("court", "referral_order", rosh="high", safety_wellbeing="high")
    answers = {"2.2.2": "no", "2.3.2": "na", "2.4.2": "na"}
    assert needed_sub_sample_decisions(framework, inside, answers) == {"others_safety_work": False}


def test_the_self_assessment_is_led_by_the_service_manager(demo: DemoSummary) -> None:
    self_assessment = Inspection.objects.get(title=SELF_ASSESSMENT_TITLE)
    assert self_assessment.kind == Inspection.Kind.SELF_ASSESSMENT
    assert self_assessment.framework_id == "iyjs-2021"
    lead = self_assessment.team.get()
    assert (lead.user.username, lead.role) == ("manager", TeamMember.TeamRole.LEAD)
    assert Answer.objects.filter(case__inspection=self_assessment).exists()
    assert not any(services.case_progress(c).complete for c in self_assessment.cases.all())
    board = User.objects.get(username="board")
    # the board sees its own service's self-assessment and settled (published) inspections,
    # not the open 2021 inspection
    seen = {i.title for i in permissions.visible_inspections(board)}
    assert seen == {
        SELF_ASSESSMENT_TITLE,
        "Blackpool 2018 (published figures)",
        "Blackpool 2021 (published ratings)",
        "Blackpool 2025 (published figures)",
    }


def test_loading_twice_keeps_one_copy(demo: DemoSummary) -> None:
    counts = [Service, User, Inspection, TeamMember, Case, Answer]
    before = {model.__name__: model.objects.count() for model in counts}
    again = load_demo()
    assert again.replaced and not demo.replaced
    assert {model.__name__: model.objects.count() for model in counts} == before
    assert Inspection.objects.filter(title=INSPECTION_TITLE, service__name=BLACKPOOL).count() == 1
    assert again.password != demo.password
    admin = User.objects.get(username="admin")
    assert admin.check_password(again.password)
    assert not admin.check_password(demo.password)
    # the history of the first load is kept (history is never deleted), and the chain holds
    assert AuditEvent.objects.filter(action="demo", subject="inspection").count() == 4
    assert verify().intact


def test_reloading_keeps_each_demo_inspection_s_id(demo: DemoSummary) -> None:
    titles = [INSPECTION_TITLE, SELF_ASSESSMENT_TITLE, PUBLISHED_2018_TITLE]
    before = dict(Inspection.objects.filter(title__in=titles).values_list("title", "id"))
    assert len(before) == 3
    load_demo()
    load_demo()
    after = dict(Inspection.objects.filter(title__in=titles).values_list("title", "id"))
    assert after == before
    fresh = Inspection.objects.create(
        service=Service.objects.get(name=BLACKPOOL),
        title="Made after the reloads",
        framework_id="iyjs-2021",
        kind=Inspection.Kind.INSPECTION,
        fieldwork_start=datetime.date(2026, 1, 5),
    )
    assert fresh.pk not in before.values()


def test_the_demo_is_loaded_or_not_and_a_new_password_touches_nothing_else(db: None) -> None:
    assert not demo_loaded()
    first = load_demo()
    assert demo_loaded()
    inspection = demo_inspection()
    Case.objects.create(inspection=inspection, reference="NEW-1", case_type="court")
    events = AuditEvent.objects.count()
    password = set_demo_password()
    assert password != first.password
    assert User.objects.get(username="lead").check_password(password)
    assert Case.objects.filter(reference="NEW-1").exists()
    assert AuditEvent.objects.count() == events
    someone = User.objects.create_user(username="someone", password="their-own-password-123")
    set_demo_password()
    someone.refresh_from_db()
    assert someone.check_password("their-own-password-123")


def sign_in_with_code(client: Client, username: str, demo: DemoSummary) -> None:
    """The printed password, then the code of the printed base32 secret (as oathtool gives)."""
    response = client.post("/sign-in", {"username": username, "password": demo.password})
    assert response.status_code == 302, username
    assert response["Location"].startswith("/sign-in/two-factor"), username
    code = twofactor.code_for(demo.two_factor_secrets[username])
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302, username
    assert response["Location"] == "/", username


def test_every_role_signs_in_with_the_printed_password_and_secret(demo: DemoSummary) -> None:
    users = User.objects.filter(username__in=[u.username for u in demo.users])
    assert {user.role for user in users} == set(Role.values)
    assert all(user.last_name == DEMO_MARK for user in users)
    assert set(demo.two_factor_secrets) == {user.username for user in users}
    for user in users:
        client = Client()
        assert client.get("/inspections").status_code == 302
        sign_in_with_code(client, user.username, demo)
        assert client.get("/inspections").status_code == 200, user.username


def test_the_password_alone_reaches_only_the_code_page(demo: DemoSummary) -> None:
    client = Client()
    response = client.post("/sign-in", {"username": "lead", "password": demo.password}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter your sign-in code" in page
    assert INSPECTION_TITLE not in page
    response = client.get(f"/inspections/{demo_inspection().pk}/dashboard")
    assert response["Location"].startswith("/sign-in/two-factor?next=")


def test_a_reload_makes_new_secrets_and_the_old_one_stops_working(demo: DemoSummary) -> None:
    again = load_demo()
    assert again.two_factor_secrets["lead"] != demo.two_factor_secrets["lead"]
    client = Client()
    client.post("/sign-in", {"username": "lead", "password": again.password})
    stale = twofactor.code_for(demo.two_factor_secrets["lead"])
    response = client.post("/sign-in/two-factor", {"code": stale})
    assert response.status_code == 400
    assert "The code is not right" in response.content.decode()


def test_the_demo_administrator_opens_the_admin_site(demo: DemoSummary) -> None:
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    client = Client()
    sign_in_with_code(client, "admin", demo)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/workspace/user/").status_code == 200


def test_a_person_who_is_not_a_demo_account_is_never_overwritten(db: None) -> None:
    User.objects.create_user(username="admin", password="their-own-password-123")
    with pytest.raises(InputError, match="admin already exist"):
        load_demo()
    assert User.objects.get(username="admin").check_password("their-own-password-123")
    assert not Inspection.objects.exists()


def test_new_secrets_for_the_demo_accounts_only(demo: DemoSummary) -> None:
    someone = User.objects.create_user(username="someone", password="their-own-password-123")
    twofactor.enrol(someone)
    theirs = twofactor.base32_secret(someone.totpdevice_set.get())
    secrets = new_demo_two_factor_secrets()
    assert set(secrets) == set(demo.two_factor_secrets)
    assert secrets["lead"] != demo.two_factor_secrets["lead"]
    assert twofactor.base32_secret(someone.totpdevice_set.get()) == theirs
    client = Client()
    client.post("/sign-in", {"username": "lead", "password": demo.password})
    response = client.post("/sign-in/two-factor", {"code": twofactor.code_for(secrets["lead"])})
    assert response["Location"] == "/"
