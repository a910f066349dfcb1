"""Who may do what, as a matrix of role x action, tried by URL as an attacker would.

404: the inspection is not visible to that person at all; 403: visible but not allowed;
200/302: allowed (a redirect after a POST means it was accepted).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from yjinspect_web.workspace.forms import TeamMemberForm
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    PanelDecision,
    Role,
    StandardJudgement,
    TeamMember,
    User,
)

from .conftest import client_for

ROLES = [
    "admin",
    "lead",
    "inspector",
    "partner",
    "outsider",
    "manager",
    "board",
    "other_manager",
    "analyst",
]


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable[[Inspection, Case, Case], str]
    data: dict[str, str] | None = None


def _answer(question: str = "2.1.1") -> dict[str, str]:
    return {"question_id": question, "value": "yes", "evidence": "", "version": "0"}


ACTIONS = {
    "view": Action("view", "get", lambda i, c, p: f"/inspections/{i.pk}"),
    "dashboard": Action("dashboard", "get", lambda i, c, p: f"/inspections/{i.pk}/dashboard"),
    "case": Action("case", "get", lambda i, c, p: f"/inspections/{i.pk}/cases/{c.pk}"),
    "history": Action("history", "get", lambda i, c, p: f"/inspections/{i.pk}/history"),
    "judgements": Action("judgements", "get", lambda i, c, p: f"/inspections/{i.pk}/judgements"),
    "answer_own": Action(
        "answer_own", "post", lambda i, c, p: f"/inspections/{i.pk}/cases/{c.pk}/answer", _answer()
    ),
    "answer_partner_case": Action(
        "answer_partner_case",
        "post",
        lambda i, c, p: f"/inspections/{i.pk}/cases/{p.pk}/answer",
        _answer(),
    ),
    "judge": Action(
        "judge",
        "post",
        lambda i, c, p: f"/inspections/{i.pk}/judgements/1.1",
        {"rating": "Good", "version-1.1": "0"},
    ),
    "panel": Action("panel", "get", lambda i, c, p: f"/inspections/{i.pk}/panel"),
    "panel_decision": Action(
        "panel_decision",
        "post",
        lambda i, c, p: f"/inspections/{i.pk}/panel/2.1",
        {"rating": "Good", "rationale": "tested"},
    ),
    "lock": Action("lock", "post", lambda i, c, p: f"/inspections/{i.pk}/lock", {"action": "lock"}),
    "add_case": Action("add_case", "get", lambda i, c, p: f"/inspections/{i.pk}/cases/new"),
    "add_team": Action("add_team", "get", lambda i, c, p: f"/inspections/{i.pk}/team/add"),
    "case_list": Action("case_list", "get", lambda i, c, p: f"/inspections/{i.pk}/cases"),
    "withdraw": Action(
        "withdraw",
        "post",
        lambda i, c, p: f"/inspections/{i.pk}/cases/{c.pk}/withdraw",
        {"reason": "tested"},
    ),
    "assign": Action(
        "assign", "post", lambda i, c, p: f"/inspections/{i.pk}/cases/assign", {"assignee": "none"}
    ),
}

OK = 200
GONE = 404
NO = 403
MOVED = 302

# An open inspection (not a self-assessment): service staff cannot see it at all.
OPEN_INSPECTION = {
    "admin": dict(view=OK, dashboard=OK, case=OK, history=OK, judgements=OK, answer_own=NO,
                  answer_partner_case=NO, judge=NO, panel=NO, panel_decision=NO, lock=NO,
                  add_case=OK, add_team=OK, case_list=OK, assign=MOVED, withdraw=MOVED),
    "lead": dict(view=OK, dashboard=OK, case=OK, history=OK, judgements=OK, answer_own=MOVED,
                 answer_partner_case=MOVED, judge=MOVED, panel=OK, panel_decision=MOVED,
                 lock=MOVED, add_case=OK, add_team=OK, case_list=OK, assign=MOVED,
                 withdraw=MOVED),
    "inspector": dict(view=OK, dashboard=OK, case=OK, history=OK, judgements=OK,
                      answer_own=MOVED, answer_partner_case=MOVED, judge=NO, panel=NO,
                      panel_decision=NO, lock=NO, add_case=NO, add_team=NO, case_list=OK,
                      assign=NO, withdraw=NO),
    "partner": dict(view=OK, dashboard=OK, case=OK, history=OK, judgements=OK, answer_own=NO,
                    answer_partner_case=MOVED, judge=NO, panel=NO, panel_decision=NO, lock=NO,
                    add_case=NO, add_team=NO, case_list=OK, assign=NO, withdraw=NO),
    **{
        role: {name: GONE for name in ACTIONS}
        for role in ("outsider", "manager", "board", "other_manager", "analyst")
    },
}  # fmt: skip

# Once locked, the service's own staff may read it; nobody may change a judgement.
LOCKED_INSPECTION = {
    "admin": dict(view=OK, answer_own=NO, judge=NO, panel_decision=NO, assign=NO),
    "lead": dict(view=OK, answer_own=NO, judge=NO, panel=OK, case_list=OK, assign=NO,
                 withdraw=NO),
    "inspector": dict(view=OK, answer_own=NO, answer_partner_case=NO),
    "partner": dict(view=OK, answer_partner_case=NO),
    "outsider": dict(view=GONE, dashboard=GONE),
    # the service's staff read the locked ratings, the report and the cases' findings, not the
    # inspectors' working history
    "manager": dict(view=OK, dashboard=OK, case=OK, history=NO, answer_own=NO, judge=NO,
                    panel=NO, lock=NO, add_case=NO),
    "board": dict(view=OK, dashboard=OK, case=OK, history=NO, answer_own=NO, judge=NO, panel=NO,
                  lock=NO, case_list=OK, assign=NO),
    "other_manager": dict(view=GONE, dashboard=GONE, case=GONE),
    # a national analyst sees the ratings in the national view, never an inspection's pages
    "analyst": {name: GONE for name in ACTIONS},
}  # fmt: skip


def _try(client: Client, action: Action, inspection: Inspection, own: Case, other: Case) -> int:
    url = action.url(inspection, own, other)
    if action.method == "get":
        return client.get(url).status_code
    return client.post(url, action.data or {}).status_code


@pytest.mark.parametrize("role", ROLES)
def test_open_inspection_matrix(
    role: str,
    inspection: Inspection,
    court_case: Case,
    partner_case: Case,
    people: dict[str, User],
) -> None:
    client = client_for(people[role])
    found = {
        name: _try(client, action, inspection, court_case, partner_case)
        for name, action in ACTIONS.items()
        if name != "lock"
    }
    expected = {k: v for k, v in OPEN_INSPECTION[role].items() if k != "lock"}
    assert found == expected


@pytest.mark.parametrize("role", ROLES)
def test_locked_inspection_matrix(
    role: str,
    inspection: Inspection,
    court_case: Case,
    partner_case: Case,
    people: dict[str, User],
) -> None:
    inspection.ratings_locked = True
    inspection.locked_at = timezone.now()
    inspection.locked_by = people["lead"]
    inspection.save()
    client = client_for(people[role])
    found = {
        name: _try(client, ACTIONS[name], inspection, court_case, partner_case)
        for name in LOCKED_INSPECTION[role]
    }
    assert found == LOCKED_INSPECTION[role]


def test_refused_writes_change_nothing(
    inspection: Inspection, court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    for role in ("partner", "outsider", "board", "manager", "admin"):
        client = client_for(people[role])
        client.post(f"/inspections/{inspection.pk}/cases/{court_case.pk}/answer", _answer())
        client.post(f"/inspections/{inspection.pk}/judgements/1.1", {"rating": "Good"})
    assert not Answer.objects.filter(case=court_case).exists()
    assert not StandardJudgement.objects.exists()


def test_self_assessment_is_seen_and_edited_by_its_service(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    inspection.kind = Inspection.Kind.SELF_ASSESSMENT
    inspection.save()
    inspection.team.create(user=people["manager"], role="service_auditor")
    url = f"/inspections/{inspection.pk}/cases/{court_case.pk}/answer"
    assert client_for(people["manager"]).post(url, _answer()).status_code == MOVED
    assert client_for(people["board"]).get(f"/inspections/{inspection.pk}").status_code == OK
    assert client_for(people["board"]).post(url, _answer("2.1.2")).status_code == NO
    assert (
        client_for(people["other_manager"]).get(f"/inspections/{inspection.pk}").status_code == 404
    )


def test_case_of_another_inspection_is_not_reachable_through_this_one(
    inspection: Inspection, court_case: Case, people: dict[str, User], service: object
) -> None:
    other = Inspection.objects.create(
        service=inspection.service,
        framework_id="iyjs-2018",
        title="Elsewhere",
        fieldwork_start=inspection.fieldwork_start,
    )
    other.team.create(user=people["outsider"], role="lead")
    response = client_for(people["outsider"]).get(f"/inspections/{other.pk}/cases/{court_case.pk}")
    assert response.status_code == GONE


def test_signed_out_visitors_are_sent_to_sign_in(inspection: Inspection) -> None:
    response = Client().get(f"/inspections/{inspection.pk}/dashboard")
    assert response.status_code == MOVED
    assert response["Location"].startswith("/sign-in")


# A person whose own role does not fit the team role they were given (by a database edit, an
# import, or before their role changed) acts as nothing on that team: roles are invariants.
MISFITS = [
    ("board", "lead"),
    ("board", "inspector"),
    ("board", "partner"),
    ("board", "service_auditor"),
    ("manager", "lead"),
    ("manager", "inspector"),
    ("manager", "service_auditor"),
    ("admin", "lead"),
    ("partner", "lead"),
]
INSPECTOR_WRITES = ("answer_own", "answer_partner_case", "judge", "panel", "panel_decision", "lock")


@pytest.mark.parametrize(("person", "team_role"), MISFITS)
def test_a_team_role_that_does_not_fit_the_persons_role_grants_nothing(
    person: str,
    team_role: str,
    inspection: Inspection,
    court_case: Case,
    partner_case: Case,
    people: dict[str, User],
) -> None:
    TeamMember.objects.update_or_create(
        inspection=inspection, user=people[person], defaults={"role": team_role}
    )
    client = client_for(people[person])
    found = {
        name: _try(client, ACTIONS[name], inspection, court_case, partner_case)
        for name in INSPECTOR_WRITES
    }
    assert set(found.values()) <= {NO, GONE}, found
    Case.objects.filter(pk=court_case.pk).update(state=Case.State.SUBMITTED)
    review = f"/inspections/{inspection.pk}/cases/{court_case.pk}/review"
    for action in ("quality_assure", "return"):
        assert client.post(review, {"action": action}).status_code in (NO, GONE)
    inspection.ratings_locked = True
    inspection.save()
    reopen = client.post(f"/inspections/{inspection.pk}/lock", {"action": "reopen", "reason": "x"})
    assert reopen.status_code in (NO, GONE)
    inspection.refresh_from_db()
    court_case.refresh_from_db()
    assert inspection.ratings_locked
    assert court_case.state == Case.State.SUBMITTED
    assert not Answer.objects.exists()
    assert not StandardJudgement.objects.exists()
    assert not PanelDecision.objects.exists()


def test_a_lead_whose_role_is_changed_to_board_viewer_loses_the_lead(
    inspection: Inspection, people: dict[str, User], service: object
) -> None:
    lead = people["lead"]
    client = client_for(lead)
    assert client.get(f"/inspections/{inspection.pk}/panel").status_code == OK
    lead.role = Role.BOARD_VIEWER
    lead.service = inspection.service
    lead.save()
    assert client_for(lead).get(f"/inspections/{inspection.pk}/panel").status_code == NO


@pytest.mark.parametrize(
    ("person", "team_role", "kind", "refusal"),
    [
        ("board", "lead", "inspection", "Board viewer cannot be lead inspector."),
        ("board", "service_auditor", "self_assessment", "Board viewer cannot be service"),
        ("manager", "lead", "inspection", "own service's self-assessment"),
        ("manager", "inspector", "self_assessment", "Service manager cannot be inspector."),
        ("other_manager", "service_auditor", "self_assessment", "own service's"),
    ],
)
def test_the_team_form_and_the_admin_refuse_a_role_that_does_not_fit(
    person: str,
    team_role: str,
    kind: str,
    refusal: str,
    inspection: Inspection,
    people: dict[str, User],
) -> None:
    inspection.kind = kind
    inspection.save()
    user = people[person]
    form = TeamMemberForm({"user": user.pk, "role": team_role}, inspection=inspection)
    if "user" in form.fields and user in form.fields["user"].queryset:  # type: ignore[attr-defined]
        assert not form.is_valid()
        assert refusal in " ".join(form.errors.get("role", []))
    member = TeamMember(inspection=inspection, user=user, role=team_role)
    with pytest.raises(ValidationError, match=refusal):
        member.full_clean()
    admin = client_for(people["admin"])
    page = admin.get(f"/admin/workspace/inspection/{inspection.pk}/change/")
    assert page.status_code == OK
    data = admin_inspection_post(inspection)
    total = inspection.team.count()
    data |= {
        f"team-{total}-user": str(user.pk),
        f"team-{total}-role": team_role,
        "team-TOTAL_FORMS": str(total + 1),
    }
    response = admin.post(f"/admin/workspace/inspection/{inspection.pk}/change/", data)
    assert response.status_code == OK  # the form again, with the error
    assert refusal in html.unescape(response.content.decode())
    assert not inspection.team.filter(user=user).exists()


def admin_inspection_post(inspection: Inspection) -> dict[str, str]:
    """The admin's change form for the inspection as it stands, its team inline included."""
    data = {
        "service": str(inspection.service_id),
        "framework_id": inspection.framework_id,
        "kind": inspection.kind,
        "title": inspection.title,
        "fieldwork_start": inspection.fieldwork_start.isoformat(),
        "fieldwork_end": "",
        "published_summary": "null",
        "team-INITIAL_FORMS": str(inspection.team.count()),
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(inspection.team.order_by("pk")):
        data |= {
            f"team-{index}-id": str(member.pk),
            f"team-{index}-inspection": str(inspection.pk),
            f"team-{index}-user": str(member.user_id),
            f"team-{index}-role": member.role,
        }
    return data


# -- improvement plans (issue 12): every URL of the improvement app, by role ----------------

IMPROVEMENT_ROLES = [*ROLES, "partner_lead"]


@dataclass(frozen=True)
class PlanAction:
    method: str
    url: Callable[[dict[str, int]], str]
    data: dict[str, str] | None = None


PLAN_ACTIONS = {
    "plans": PlanAction("get", lambda k: "/improvement/"),
    "make_plan": PlanAction("post", lambda k: "/improvement/plans/new", {"inspection": "{i}"}),
    "plan": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}"),
    "edit_plan": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/edit"),
    "plan_state": PlanAction(
        "post",
        lambda k: f"/improvement/plans/{k['plan']}/state",
        {"state": "endorsed", "on": "2021-11-30"},
    ),
    "history": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/history"),
    "add_action": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/actions/new"),
    "export": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/export.csv"),
    "own_action": PlanAction("get", lambda k: f"/improvement/actions/{k['own']}"),
    "other_action": PlanAction("get", lambda k: f"/improvement/actions/{k['other']}"),
    "edit_action": PlanAction("get", lambda k: f"/improvement/actions/{k['own']}/edit"),
    "post_update": PlanAction(
        "post",
        lambda k: f"/improvement/actions/{k['own']}/update",
        {"on": "2022-01-10", "progress": "Done some.", "status": "on_track"},
    ),
    "raise": PlanAction("get", lambda k: f"/improvement/raise/{k['inspection']}"),
    "board": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/board"),
    "new_meeting": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/board/new"),
    "pack": PlanAction(
        "get", lambda k: f"/improvement/plans/{k['plan']}/board/{k['meeting']}/pack.html"
    ),
    "scrutiny": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/scrutiny.html"),
    "budget": PlanAction("get", lambda k: f"/improvement/plans/{k['plan']}/budget"),
}

_NOT_SERVICE = {name: GONE for name in PLAN_ACTIONS} | {"plans": OK}
PLAN_MATRIX = {
    "admin": dict(plans=OK, make_plan=NO, plan=OK, edit_plan=NO, plan_state=NO, history=OK,
                  add_action=NO, export=OK, own_action=OK, other_action=OK, edit_action=NO,
                  post_update=NO, board=OK, new_meeting=NO, pack=OK, scrutiny=OK, budget=NO,
                  **{"raise": NO}),
    "manager": dict(plans=OK, make_plan=MOVED, plan=OK, edit_plan=OK, plan_state=MOVED,
                    history=OK, add_action=OK, export=OK, own_action=OK, other_action=OK,
                    edit_action=OK, post_update=MOVED, board=OK, new_meeting=OK, pack=OK,
                    scrutiny=OK, budget=OK, **{"raise": OK}),
    "board": dict(plans=OK, make_plan=NO, plan=OK, edit_plan=NO, plan_state=NO, history=OK,
                  add_action=NO, export=OK, own_action=OK, other_action=OK, edit_action=NO,
                  post_update=NO, board=OK, new_meeting=NO, pack=OK, scrutiny=OK, budget=NO,
                  **{"raise": NO}),
    "partner_lead": dict(plans=OK, make_plan=NO, plan=OK, edit_plan=NO, plan_state=NO,
                         history=OK, add_action=NO, export=OK, own_action=OK, other_action=GONE,
                         edit_action=NO, post_update=MOVED, board=NO, new_meeting=NO, pack=NO,
                         scrutiny=NO, budget=NO, **{"raise": GONE}),
    # inspectors read a plan only while on an open inspection of the service (below)
    "lead": _NOT_SERVICE | {"make_plan": NO, "raise": NO},
    "inspector": _NOT_SERVICE | {"make_plan": NO, "raise": NO},
    "partner": _NOT_SERVICE | {"make_plan": NO, "raise": NO},
    "outsider": _NOT_SERVICE | {"make_plan": NO},
    "other_manager": _NOT_SERVICE,
    "analyst": _NOT_SERVICE | {"make_plan": NO},
}  # fmt: skip


@pytest.fixture
def plan_keys(inspection: Inspection, people: dict[str, User]) -> dict[str, int]:
    """A locked inspection with two recommendations, its plan (R1 led by the partner action
    lead), a board meeting; and the partner action lead among ``people``."""
    from yjinspect_web.improvement import plans
    from yjinspect_web.improvement.models import BoardMeeting, Recommendation

    people["partner_lead"] = User.objects.create_user(
        username="partner_lead", role="partner_lead", service=inspection.service
    )
    for number in (1, 2):
        Recommendation.objects.create(inspection=inspection, number=number, text=f"Do {number}.",
                                      audience="The youth justice service")  # fmt: skip
    inspection.ratings_locked = True
    inspection.save()
    plan = plans.plan_from_inspection(inspection, people["manager"])
    own = plan.actions.get(reference="R1")
    own.lead = people["partner_lead"]
    own.save()
    meeting = BoardMeeting.objects.create(plan=plan, held_on="2022-01-20",
                                          created_by=people["manager"])  # fmt: skip
    return {
        "inspection": inspection.pk, "plan": plan.pk, "own": own.pk, "meeting": meeting.pk,
        "other": plan.actions.get(reference="R2").pk,
    }  # fmt: skip


@pytest.mark.parametrize("role", IMPROVEMENT_ROLES)
def test_improvement_matrix(role: str, plan_keys: dict[str, int], people: dict[str, User]) -> None:
    client = client_for(people[role])
    found = {}
    for name, action in PLAN_ACTIONS.items():
        url = action.url(plan_keys)
        data = {k: v.format(i=plan_keys["inspection"]) for k, v in (action.data or {}).items()}
        response = client.get(url) if action.method == "get" else client.post(url, data)
        found[name] = response.status_code
    assert found == PLAN_MATRIX[role]


def test_inspectors_read_the_plan_while_the_next_inspection_is_open(
    plan_keys: dict[str, int], people: dict[str, User], inspection: Inspection
) -> None:
    plan_url = f"/improvement/plans/{plan_keys['plan']}"
    inspector = client_for(people["outsider"])
    assert inspector.get(plan_url).status_code == GONE
    following = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Next inspection",
        fieldwork_start=inspection.fieldwork_start.replace(year=2029),
    )  # fmt: skip
    following.team.create(user=people["outsider"], role="inspector")
    assert inspector.get(plan_url).status_code == OK
    assert inspector.get(f"{plan_url}/board").status_code == NO
    assert inspector.get(f"/improvement/actions/{plan_keys['own']}/edit").status_code == NO
    following.ratings_locked = True
    following.save()
    assert inspector.get(plan_url).status_code == GONE


# Moderation (double marking): the lead's page, and a second marking chosen for the outsider
# (an inspector on no team), which only its marker may open.
MODERATION = {
    "admin": dict(moderation=NO, second_marking=GONE),
    "lead": dict(moderation=OK, second_marking=GONE),
    "inspector": dict(moderation=NO, second_marking=GONE),
    "partner": dict(moderation=NO, second_marking=GONE),
    "outsider": dict(moderation=GONE, second_marking=OK),
    "manager": dict(moderation=GONE, second_marking=GONE),
    "board": dict(moderation=GONE, second_marking=GONE),
    "other_manager": dict(moderation=GONE, second_marking=GONE),
    "analyst": dict(moderation=GONE, second_marking=GONE),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_moderation_matrix(
    role: str, inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    from yjinspect_web.moderation.models import SecondMarking

    marking = SecondMarking.objects.create(
        case=court_case, marker=people["outsider"], chosen_by=people["lead"]
    )
    client = client_for(people[role])
    found = {
        "moderation": client.get(f"/inspections/{inspection.pk}/moderation").status_code,
        "second_marking": client.get(f"/second-marking/{marking.pk}").status_code,
    }
    assert found == MODERATION[role]


# A service's trend: its own staff, administrators, and Inspectorate staff who see one of its
# inspections; nobody else (a missing service is 404).
TREND = {
    "admin": OK, "lead": OK, "inspector": OK, "partner": OK, "outsider": NO, "manager": OK,
    "board": OK, "other_manager": NO, "analyst": NO,
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_trend_matrix(role: str, inspection: Inspection, people: dict[str, User]) -> None:
    client = client_for(people[role])
    assert client.get(f"/services/{inspection.service.pk}/trend").status_code == TREND[role]
    assert client.get("/services/999999/trend").status_code == GONE


# -- the audit trail and published inspections (h9-audit) ------------------------------------

# Workspace-wide actions: everybody's history (people's and services' changes too), recording
# a published inspection, withdrawing one, withdrawing a case.
AUDIT_MATRIX = {
    "admin": dict(all_history=OK, record_published=OK, withdraw_published=MOVED,
                  withdraw_case=True),
    "lead": dict(all_history=NO, record_published=NO, withdraw_published=GONE,
                 withdraw_case=True),
    **{
        role: dict(all_history=NO, record_published=NO, withdraw_published=GONE,
                   withdraw_case=False)
        for role in ("inspector", "partner", "outsider", "other_manager", "analyst")
    },
    # the service's own staff see its published inspections, but may not withdraw them
    **{
        role: dict(all_history=NO, record_published=NO, withdraw_published=NO,
                   withdraw_case=False)
        for role in ("manager", "board")
    },
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_audit_and_published_matrix(
    role: str, inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    from yjinspect_web.workspace import permissions

    published = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Published 2019",
        kind="published", fieldwork_start=timezone.localdate().replace(year=2019),
        ratings_locked=True, published_summary={"framework": "iyjs-2018", "standards": {}},
    )  # fmt: skip
    client = client_for(people[role])
    found = {
        "all_history": client.get("/history").status_code,
        "record_published": client.get("/inspections/published/new").status_code,
        "withdraw_published": client.post(
            f"/inspections/{published.pk}/withdraw", {"reason": "wrong figures"}
        ).status_code,
        "withdraw_case": permissions.can_withdraw_case(people[role], court_case),
    }
    assert found == AUDIT_MATRIX[role]


# -- the national view (issue 14) ------------------------------------------------------------

# Every service's published ratings and importing the published record: analysts and
# administrators. A service's timeline: also whoever may see its trend (its own staff, the
# inspectors on one of its inspections), each seeing only the ratings they may see.
# The national dashboard and its exports: analysts and administrators only.
NATIONAL = {
    "admin": dict(services=OK, timeline=OK, other_timeline=OK, import_page=OK, record=OK,
                  dashboard=OK, export_csv=OK, export_xlsx=OK),
    "analyst": dict(services=OK, timeline=OK, other_timeline=OK, import_page=OK, record=NO,
                    dashboard=OK, export_csv=OK, export_xlsx=OK),
    **{
        role: dict(services=NO, timeline=OK, other_timeline=NO, import_page=NO, record=NO,
                   dashboard=NO, export_csv=NO, export_xlsx=NO)
        for role in ("lead", "inspector", "partner", "manager", "board")
    },
    "outsider": dict(services=NO, timeline=NO, other_timeline=NO, import_page=NO, record=NO,
                     dashboard=NO, export_csv=NO, export_xlsx=NO),
    "other_manager": dict(services=NO, timeline=NO, other_timeline=OK, import_page=NO,
                          record=NO, dashboard=NO, export_csv=NO, export_xlsx=NO),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_national_matrix(
    role: str, inspection: Inspection, other_service: object, people: dict[str, User]
) -> None:
    client = client_for(people[role])
    other = getattr(other_service, "pk", 0)
    found = {
        "services": client.get("/national/services").status_code,
        "timeline": client.get(f"/national/services/{inspection.service.pk}/timeline").status_code,
        "other_timeline": client.get(f"/national/services/{other}/timeline").status_code,
        "import_page": client.get("/national/import").status_code,
        "record": client.get("/national/record").status_code,
        "dashboard": client.get("/national/dashboard").status_code,
        "export_csv": client.get("/national/dashboard/key-questions-and-prompts.csv").status_code,
        "export_xlsx": client.get("/national/dashboard/ratings-by-standard.xlsx").status_code,
    }
    assert found == NATIONAL[role]
    assert client.get("/national/services/999999/timeline").status_code == GONE


def _all_patterns(patterns: list[Any]) -> list[Any]:
    """Every URL pattern of the workspace (the admin's, administrators' only, left out)."""
    from django.urls import URLResolver

    found: list[Any] = []
    for pattern in patterns:
        if not isinstance(pattern, URLResolver):
            found.append(pattern)
        elif not str(pattern.pattern).startswith("admin/"):
            found += _all_patterns(pattern.url_patterns)
    return found


def _object_urls(ids: dict[str, int]) -> list[str]:
    """Every address of the workspace naming an object (an inspection, a case, a marking, a
    plan...), with the ids given (1 for any other), in each of its forms."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    urls = []
    for pattern in _all_patterns(get_resolver().url_patterns):
        names = list(pattern.pattern.regex.groupindex)
        if not pattern.name or not any(name.endswith("_id") for name in names):
            continue
        if "service_id" in names:  # a service's own pages (timeline, trend, profile): matrices
            continue
        values: dict[str, Any] = {n: ids.get(n, 1) for n in names if n.endswith("_id")}
        if "standard_id" in names:
            values["standard_id"] = "2.1"
        for kind in ("csv", "xlsx", "pdf", "html") if "kind" in names else ("",):
            try:
                urls.append(reverse(pattern.name, kwargs=values | ({"kind": kind} if kind else {})))
            except NoReverseMatch:  # a kind this address does not have
                continue
    return urls


def test_an_analyst_reaches_no_case_level_address(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    """Every address naming an inspection, a case or anything in one (or a plan, an action, a
    marking), on an open, a locked and a published inspection, tried by GET and POST as a
    national analyst: refused. A service's own pages have their matrices (an analyst reads its
    timeline and profile, never its cases)."""
    from yjinspect_web.moderation.models import SecondMarking

    marking = SecondMarking.objects.create(
        case=court_case, marker=people["outsider"], chosen_by=people["lead"]
    )
    locked = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Locked",
        fieldwork_start=inspection.fieldwork_start, ratings_locked=True,
    )  # fmt: skip
    locked_case = Case.objects.create(
        inspection=locked, reference="L01", case_type="court", disposal="referral_order",
        gender="male", ethnicity="white", rosh="low", safety_wellbeing="low",
    )  # fmt: skip
    published = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Published", kind="published",
        fieldwork_start=inspection.fieldwork_start, ratings_locked=True,
        published_summary={"framework": "iyjs-2018", "overall": {"score": 20, "rating": "Good"}},
    )  # fmt: skip
    client = client_for(people["analyst"])
    tried = []
    for inspection_id, case_id in (
        (inspection.pk, court_case.pk),
        (locked.pk, locked_case.pk),
        (published.pk, court_case.pk),
    ):
        ids = {"inspection_id": inspection_id, "case_id": case_id, "marking_id": marking.pk}
        for url in _object_urls(ids):
            for method in (client.get, client.post):
                status = method(url).status_code
                tried.append((url, status))
                assert status in (NO, GONE, 405), (url, status)
    assert len(tried) > 100
    case_urls = [url for url, _ in tried if "/cases/" in url]
    assert any(url.endswith("/record.pdf") for url in case_urls)


# -- surveys and service profiles (issue 15) ------------------------------------------------

SURVEY_ACTIONS = ("surveys", "new", "import", "edit", "add_question", "question", "post",
                  "remove")  # fmt: skip
_SURVEY_READ = dict(surveys=OK, new=NO, **{"import": NO}, edit=NO, add_question=NO,
                    question=NO, post=NO, remove=NO)  # fmt: skip
_SURVEY_EDIT = dict(surveys=OK, new=OK, **{"import": OK}, edit=OK, add_question=OK,
                    question=OK, post=MOVED, remove=MOVED)  # fmt: skip
_SURVEY_UNSEEN = {name: GONE for name in SURVEY_ACTIONS}
# An open inspection: its lead and administrators enter surveys; the team reads them.
OPEN_SURVEYS = {
    "admin": _SURVEY_EDIT, "lead": _SURVEY_EDIT, "inspector": _SURVEY_READ,
    "partner": _SURVEY_READ, "outsider": _SURVEY_UNSEEN, "manager": _SURVEY_UNSEEN,
    "board": _SURVEY_UNSEEN, "other_manager": _SURVEY_UNSEEN, "analyst": _SURVEY_UNSEEN,
}  # fmt: skip
# Locked: the surveys are settled with the ratings; the service's own staff read them.
LOCKED_SURVEYS = OPEN_SURVEYS | {"admin": _SURVEY_READ, "lead": _SURVEY_READ,
                                 "manager": _SURVEY_READ, "board": _SURVEY_READ}  # fmt: skip


def _survey_statuses(client: Client, inspection: Inspection) -> dict[str, int]:
    from yjinspect_web.profile.models import SurveyQuestion

    question = SurveyQuestion.objects.get(survey__inspection=inspection)
    base = f"/inspections/{inspection.pk}/surveys"
    return {
        "surveys": client.get(base).status_code,
        "new": client.get(f"{base}/new").status_code,
        "import": client.get(f"{base}/import").status_code,
        "edit": client.get(f"{base}/staff").status_code,
        "add_question": client.get(f"{base}/staff/questions/new").status_code,
        "question": client.get(f"{base}/staff/questions/{question.pk}").status_code,
        "post": client.post(f"{base}/new", {"kind": "children", "took_part": "5"}).status_code,
        "remove": client.post(f"{base}/staff/questions/{question.pk}/remove").status_code,
    }


def _staff_survey(inspection: Inspection) -> None:
    from yjinspect import surveys as core
    from yjinspect_web.profile import surveys

    question = core.SurveyQuestion("q1", "Is supervision good?", (core.OptionCount("Yes", 3),))
    surveys.store(inspection, None, core.Survey("staff", (question,)), "test")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("locked", [False, True])
def test_survey_matrix(
    role: str, locked: bool, inspection: Inspection, people: dict[str, User]
) -> None:
    from yjinspect_web.profile.models import Survey

    Inspection.objects.filter(pk=inspection.pk).update(ratings_locked=locked)
    inspection.refresh_from_db()
    _staff_survey(inspection)
    found = _survey_statuses(client_for(people[role]), inspection)
    assert found == (LOCKED_SURVEYS if locked else OPEN_SURVEYS)[role]
    allowed = found["post"] == MOVED
    assert Survey.objects.filter(inspection=inspection, kind="children").exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_a_published_inspections_surveys_are_the_administrators(
    role: str, inspection: Inspection, people: dict[str, User]
) -> None:
    from yjinspect_web.workspace import permissions

    published = Inspection.objects.create(
        service=inspection.service, framework_id="iyjs-2018", title="Published 2018",
        fieldwork_start=timezone.localdate().replace(year=2018), kind=Inspection.Kind.PUBLISHED,
        ratings_locked=True,
    )  # fmt: skip
    assert permissions.can_edit_surveys(people[role], published) == (role == "admin")


PROFILE_ACTIONS = ("profiles", "profile", "new", "import", "edit", "figure", "staffing",
                   "caseload", "area", "area_figure", "post")  # fmt: skip
_PROFILE_READ = dict(profiles=OK, profile=OK, new=NO, **{"import": NO}, edit=NO, figure=NO,
                     staffing=NO, caseload=NO, area=NO, area_figure=NO, post=NO)  # fmt: skip
_PROFILE_EDIT = dict(profiles=OK, profile=OK, new=OK, **{"import": OK}, edit=OK, figure=OK,
                     staffing=OK, caseload=OK, area=OK, area_figure=OK,
                     post=MOVED)  # fmt: skip
_PROFILE_NONE = {name: NO for name in PROFILE_ACTIONS}
# A service's profile: its managers and administrators edit; its board and the Inspectorate
# staff who see one of its inspections read; nobody else.
PROFILE_MATRIX = {
    "admin": _PROFILE_EDIT, "lead": _PROFILE_READ, "inspector": _PROFILE_READ,
    "partner": _PROFILE_READ, "outsider": _PROFILE_NONE, "manager": _PROFILE_EDIT,
    "board": _PROFILE_READ, "other_manager": _PROFILE_NONE, "analyst": _PROFILE_READ,
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_profile_matrix(role: str, inspection: Inspection, people: dict[str, User]) -> None:
    from yjinspect.profile import Profile
    from yjinspect_web.profile import profiles
    from yjinspect_web.profile.models import ServiceProfile

    service = inspection.service
    record = profiles.store(service, None, Profile(service.name, "2025"), "test")
    client = client_for(people[role])
    base = f"/services/{service.pk}/profiles"
    found = {
        "profiles": client.get(base).status_code,
        "profile": client.get(f"{base}/{record.pk}").status_code,
        "new": client.get(f"{base}/new").status_code,
        "import": client.get(f"{base}/import").status_code,
        "edit": client.get(f"{base}/{record.pk}/edit").status_code,
        "figure": client.get(f"{base}/{record.pk}/figures/new").status_code,
        "staffing": client.get(f"{base}/{record.pk}/staffing").status_code,
        "caseload": client.get(f"{base}/{record.pk}/caseload/edit").status_code,
        "area": client.get(f"{base}/{record.pk}/area").status_code,
        "area_figure": client.get(f"{base}/{record.pk}/area/figures/new").status_code,
        "post": client.post(f"{base}/new", {"period": "2026"}).status_code,
    }
    assert found == PROFILE_MATRIX[role]
    assert ServiceProfile.objects.filter(period="2026").exists() == (found["post"] == MOVED)
    for url in (f"{base}/{record.pk}/caseload", f"{base}/{record.pk}/figures/remove"):
        assert client.post(url, {}).status_code in ((NO,) if found["post"] == NO else (GONE,))
    for url in (f"{base}/{record.pk}/area", f"{base}/{record.pk}/area/figures/new"):
        assert client.post(url, {}).status_code == (NO if found["post"] == NO else 400)
