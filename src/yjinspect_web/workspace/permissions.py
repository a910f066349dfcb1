"""Who may do what. Every view and export asks here; nothing else decides access.

- An administrator manages services, people, inspections, teams and cases, and sees every
  inspection, but records no judgement: judgements are the inspection team's.
- Inspectorate staff see only inspections they are on.
- A partner inspector edits only the cases assigned to them.
- Service managers and board viewers see only their own service's self-assessments and its
  locked inspections; board viewers never change anything.
- Only the lead inspector records panel ratings, locks and reopens the ratings, and
  quality-assures cases, and moderates (chooses cases for a blind second marking by an
  inspector not on the team, who sees only the case's details and questions).
- Roles are invariants: a person's team role counts only while their own role fits it
  (:func:`team_role_refusal`), so a board viewer or a service manager never acts as an
  inspector, whatever team role they were given and however (form, admin, database).
- Administrators and lead inspectors must sign in with a second factor; anyone may.
- Improvement plans (issue 12): a service's manager edits its plans, budgets and board
  meetings; an action's lead (a partner action lead sees only the actions they lead) posts
  updates on their own actions; board viewers read the plan and its board packs; inspectors
  read the plan of a service while they are on its open inspection; administrators read all.
- National view (issue 14): national analysts and administrators see every service's ratings
  and the national aggregates, and import the published record; an analyst is on no team and
  holds no service, so no case, answer, evidence or working history is theirs to see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from yjinspect_web import sql
from yjinspect_web.improvement.models import Action, Plan
from yjinspect_web.workspace.models import Case, Inspection, Role, Service, TeamMember, User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

EDITING_TEAM_ROLES = (
    TeamMember.TeamRole.LEAD,
    TeamMember.TeamRole.INSPECTOR,
    TeamMember.TeamRole.SERVICE_AUDITOR,
)


# The person's own roles that may hold each team role (the self-assessment conditions are in
# team_role_refusal). Administrators record no judgement, so they hold none.
TEAM_ROLE_FITS: dict[str, tuple[str, ...]] = {
    TeamMember.TeamRole.LEAD: (Role.LEAD_INSPECTOR, Role.SERVICE_MANAGER),
    TeamMember.TeamRole.INSPECTOR: (Role.LEAD_INSPECTOR, Role.INSPECTOR),
    TeamMember.TeamRole.PARTNER: (Role.PARTNER_INSPECTOR,),
    TeamMember.TeamRole.SERVICE_AUDITOR: (Role.SERVICE_MANAGER,),
}


def team_role_refusal(user: User, inspection: Inspection, role: str) -> str | None:
    """Why this person cannot hold this team role on this inspection, or None if they can.

    A board viewer holds no team role; a service manager only leads or audits their own
    service's self-assessment, never an inspection; inspectorate roles as TEAM_ROLE_FITS says.
    """
    if user.role not in TEAM_ROLE_FITS.get(role, ()):
        label = str(dict(TeamMember.TeamRole.choices).get(role, role)).lower()
        return f"{user.get_role_display()} cannot be {label}."
    if user.role == Role.SERVICE_MANAGER and (
        inspection.kind != Inspection.Kind.SELF_ASSESSMENT
        or user.service_id != inspection.service_id
    ):
        return "A service manager works only on their own service's self-assessment."
    return None


def team_role(user: User, inspection: Inspection) -> str | None:
    """The person's role on the inspection's team, if they are on it and their own role
    still fits it (checked on every action, not only when the team was formed). Looked up once
    per inspection object and person (a page asks many questions of one inspection)."""
    if not user.is_authenticated:
        return None
    known: dict[int, str | None] = inspection.__dict__.setdefault("_team_roles", {})
    if user.pk not in known:
        known[user.pk] = inspection.team.filter(user=user).values_list("role", flat=True).first()
    role = known[user.pk]
    if role is None or team_role_refusal(user, inspection, role):
        return None
    return role


def must_use_two_factor(user: User) -> bool:
    """Administrators and lead inspectors sign in with a second factor (TOTP); others may."""
    return user.is_authenticated and user.role in (Role.ADMINISTRATOR, Role.LEAD_INSPECTOR)


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """The inspections this person may see at all."""
    if not user.is_authenticated:
        return Inspection.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Inspection.objects.all()
    if user.role in (Role.SERVICE_MANAGER, Role.BOARD_VIEWER):
        own_service = Q(service_id=user.service_id)
        shown = Q(kind=Inspection.Kind.SELF_ASSESSMENT) | Q(ratings_locked=True)
        return Inspection.objects.filter((own_service & shown) | Q(team__user=user)).distinct()
    return Inspection.objects.filter(team__user=user).distinct()


def can_view(user: User, inspection: Inspection) -> bool:
    if user.pk in inspection.__dict__.get("_visible_to", ()):
        return True  # this very object was loaded through visible_inspections(user)
    return visible_inspections(user).filter(pk=inspection.pk).exists()


def _seen_by(inspection: Inspection, user: User) -> Inspection:
    """Remember, on the object, that it was loaded through ``visible_inspections(user)``: a
    page asks ``can_view`` of it again (the history link, the actions), and the answer is
    already known."""
    inspection.__dict__.setdefault("_visible_to", set()).add(user.pk)
    return inspection


def is_lead(user: User, inspection: Inspection) -> bool:
    return team_role(user, inspection) == TeamMember.TeamRole.LEAD


def can_manage(user: User, inspection: Inspection) -> bool:
    """Edit the inspection's details, team and cases: its lead, or an administrator."""
    return user.is_authenticated and (user.role == Role.ADMINISTRATOR or is_lead(user, inspection))


def can_edit_case(user: User, case: Case) -> bool:
    """Record answers on a case: the team may, a partner only on cases assigned to them.

    Nothing changes while the ratings are locked or once the case is withdrawn, and a
    submitted or quality-assured case is changed only by its lead (who may return it).
    """
    inspection = case.inspection
    if inspection.ratings_locked or case.state in (Case.State.LOCKED, Case.State.WITHDRAWN):
        return False
    if user.role == Role.BOARD_VIEWER:
        return False
    role = team_role(user, inspection)
    if role == TeamMember.TeamRole.LEAD:
        return True
    if case.state != Case.State.IN_PROGRESS:
        return False
    if role in EDITING_TEAM_ROLES:
        return True
    return role == TeamMember.TeamRole.PARTNER and case.assigned_inspector_id == user.pk


def can_record_judgements(user: User, inspection: Inspection) -> bool:
    """Judged standards are proposed by the lead (004 Annexe 1), or a self-assessment's team."""
    if inspection.ratings_locked or user.role == Role.BOARD_VIEWER:
        return False
    role = team_role(user, inspection)
    return role in (TeamMember.TeamRole.LEAD, TeamMember.TeamRole.SERVICE_AUDITOR)


def can_write_report(user: User, inspection: Inspection) -> bool:
    """The report's words are the lead's (or, in a self-assessment, its service auditors'),
    before and after the ratings are locked."""
    if user.role == Role.BOARD_VIEWER or inspection.kind == Inspection.Kind.PUBLISHED:
        return False
    role = team_role(user, inspection)
    return role in (TeamMember.TeamRole.LEAD, TeamMember.TeamRole.SERVICE_AUDITOR)


def can_record_published(user: User) -> bool:
    """Record a published inspection's figures: administrators only. Every later report of
    the service compares with it, whoever's team that is, so it is not a lead inspector's
    to add (a lead could otherwise replace another team's comparison column)."""
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


def can_withdraw_published(user: User, inspection: Inspection) -> bool:
    """Withdraw a recorded published inspection (kept, no longer compared with):
    administrators, once."""
    return (
        can_record_published(user)
        and inspection.kind == Inspection.Kind.PUBLISHED
        and inspection.withdrawn_at is None
    )


def can_hold_panel(user: User, inspection: Inspection) -> bool:
    """Only the lead inspector records panel ratings, locks and reopens."""
    return is_lead(user, inspection)


def can_moderate(user: User, inspection: Inspection) -> bool:
    """Moderation (double marking): choose cases for a blind second marking, see how far the
    markings agree, record agreed answers. The lead inspector of an inspection."""
    return inspection.kind == Inspection.Kind.INSPECTION and is_lead(user, inspection)


def can_second_mark(user: User, marker_id: int, case: Case, submitted: bool) -> bool:
    """A blind second marking is answered only by its chosen marker (someone not on the team),
    until submitted, while the ratings are open and the case is in the sample."""
    return (
        user.is_authenticated
        and marker_id == user.pk
        and not submitted
        and not case.inspection.ratings_locked
        and not case.is_withdrawn
    )


def trend_inspections(user: User, service: Service) -> QuerySet[Inspection]:
    """What a service's trend shows this person: the service's inspections and self-assessments
    they may see, and its published inspections (public figures)."""
    published = Inspection.objects.filter(
        service=service, kind=Inspection.Kind.PUBLISHED, withdrawn_at=None
    )  # a withdrawn published inspection is kept but compared with no more
    visible = (
        visible_inspections(user)
        .filter(service=service)
        .exclude(kind=Inspection.Kind.PUBLISHED, withdrawn_at__isnull=False)
    )
    return Inspection.objects.filter(Q(pk__in=visible) | Q(pk__in=published))


def can_view_trend(user: User, service: Service) -> bool:
    """A service's trend: its own service manager and board viewers, administrators, and
    Inspectorate staff who see one of its inspections."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    if user.role in (Role.SERVICE_MANAGER, Role.BOARD_VIEWER):
        return user.service_id == service.pk
    return visible_inspections(user).filter(service=service).exists()


def can_submit_case(user: User, case: Case) -> bool:
    return case.state == Case.State.IN_PROGRESS and can_edit_case(user, case)


def can_quality_assure(user: User, case: Case) -> bool:
    return (
        not case.inspection.ratings_locked
        and case.state == Case.State.SUBMITTED
        and is_lead(user, case.inspection)
    )


def can_return_case(user: User, case: Case) -> bool:
    """The lead returns any case that is submitted or quality-assured, until the ratings lock."""
    return (
        not case.inspection.ratings_locked
        and case.state in (Case.State.SUBMITTED, Case.State.QUALITY_ASSURED)
        and is_lead(user, case.inspection)
    )


def can_assign_cases(user: User, inspection: Inspection) -> bool:
    """Give cases to the team's inspectors and partner inspectors, take them back, withdraw
    them: the lead (or an administrator), while the ratings are open."""
    return can_manage(user, inspection) and not inspection.ratings_locked


def can_withdraw_case(user: User, case: Case) -> bool:
    """Take a case out of the sample (kept, never deleted): its lead, or an administrator,
    while the ratings are open."""
    return (
        not case.inspection.ratings_locked
        and not case.is_withdrawn
        and can_manage(user, case.inspection)
    )


def can_import_workbook(
    user: User, inspection: Inspection, active_cases: Iterable[Case] | None = None
) -> bool:
    """Someone who may change something a workbook holds: a case's answers, or judgements.
    ``active_cases``: the inspection's cases but the withdrawn ones, when already read."""
    if can_record_judgements(user, inspection):
        return True
    cases = inspection.cases.active() if active_cases is None else active_cases
    return any(can_edit_case(user, _of(case, inspection)) for case in cases)


def _of(case: Case, inspection: Inspection) -> Case:
    """The case, with its inspection the object already loaded (and its team roles known)."""
    case.inspection = inspection
    return case


def can_create_inspection(user: User) -> bool:
    return user.is_authenticated and user.role in (
        Role.ADMINISTRATOR,
        Role.LEAD_INSPECTOR,
        Role.SERVICE_MANAGER,
    )


def can_see_review_trail(user: User, inspection: Inspection) -> bool:
    """A case's review trail (submitted, returned with the lead's reasons, quality-assured) is
    the inspectors' working history: the team's and administrators', not the service's
    managers or board viewers of an inspection they are not on."""
    return user.is_authenticated and (
        user.role == Role.ADMINISTRATOR or team_role(user, inspection) is not None
    )


def can_see_all_history(user: User) -> bool:
    """Every event of the workspace, including people's and services': administrators."""
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


def can_manage_services(user: User) -> bool:
    return user.is_authenticated and user.role == Role.ADMINISTRATOR


# -- the national view (issue 14) -----------------------------------------------------------


NATIONAL_ROLES = (Role.ADMINISTRATOR, Role.ANALYST)


def can_view_national(user: User) -> bool:
    """Every service's ratings and the national aggregates: analysts and administrators."""
    return user.is_authenticated and user.role in NATIONAL_ROLES


def can_import_national(user: User) -> bool:
    """Import the published record (the scrape's CSV): administrators and analysts."""
    return user.is_authenticated and user.role in NATIONAL_ROLES


def can_view_timeline(user: User, service: Service) -> bool:
    """A service's timeline of ratings: analysts and administrators, and whoever may see the
    service's trend (its own manager and board viewers; inspectors on one of its
    inspections)."""
    return can_view_national(user) or can_view_trend(user, service)


def timeline_inspections(user: User, service: Service) -> QuerySet[Inspection] | None:
    """Whose ratings a service's timeline shows this person: None for every inspection in the
    national record (analysts and administrators); otherwise those of its trend (the ones
    they may see, and its published ones)."""
    if can_view_national(user):
        return None
    return trend_inspections(user, service)


# -- improvement plans (issue 12) ----------------------------------------------------------


def visible_plans(user: User) -> QuerySet[Plan]:
    """The improvement plans this person may see at all."""
    if not user.is_authenticated:
        return Plan.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Plan.objects.all()
    own = user.service_id or 0
    if user.role in (Role.SERVICE_MANAGER, Role.BOARD_VIEWER):
        return Plan.objects.filter(service_id=own)
    if user.role == Role.PARTNER_LEAD:
        return Plan.objects.filter(service_id=own, actions__lead=user).distinct()
    open_inspections = Inspection.objects.filter(
        team__user=user, kind=Inspection.Kind.INSPECTION, ratings_locked=False
    )
    return Plan.objects.filter(service__in=open_inspections.values("service"))


def can_view_plan(user: User, plan: Plan) -> bool:
    return visible_plans(user).filter(pk=plan.pk).exists()


def is_service_manager_of(user: User, service_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.SERVICE_MANAGER
        and user.service_id == service_id
    )


def can_create_plan(user: User) -> bool:
    return user.is_authenticated and user.role == Role.SERVICE_MANAGER


def can_edit_plan(user: User, plan: Plan) -> bool:
    """The plan and its actions are the service manager's."""
    return is_service_manager_of(user, plan.service_id)


def can_view_action(user: User, action: Action) -> bool:
    """A partner action lead sees only the actions they lead."""
    if user.role == Role.PARTNER_LEAD:
        return action.lead_id == user.pk
    return can_view_plan(user, action.plan)


def can_update_action(user: User, action: Action) -> bool:
    """Progress updates: the service manager, or the action's own lead; none once the plan
    is closed."""
    if action.plan.state == "closed" or user.role == Role.BOARD_VIEWER:
        return False
    return can_edit_plan(user, action.plan) or (
        action.lead_id == user.pk and can_view_plan(user, action.plan)
    )


def can_see_board(user: User, plan: Plan) -> bool:
    """Board meetings, board packs and the scrutiny summary: the board and the manager."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    readers = (Role.SERVICE_MANAGER, Role.BOARD_VIEWER)
    return user.role in readers and user.service_id == plan.service_id


def can_view_history(user: User, inspection: Inspection) -> bool:
    """The history of changes is the working record of the people doing the work: service
    managers and board viewers see an inspection's locked ratings, report and case findings,
    not its inspectors' working history (unless they are on its team, as in a
    self-assessment)."""
    if not can_view(user, inspection):
        return False
    if user.role in (Role.SERVICE_MANAGER, Role.BOARD_VIEWER):
        return team_role(user, inspection) is not None
    return True


def can_raise_action(user: User, inspection: Inspection) -> bool:
    """Raise an action from an inspection's evidence: the manager of its service, with a plan
    that is not closed."""
    if not is_service_manager_of(user, inspection.service_id) or not can_view(user, inspection):
        return False
    return Plan.objects.filter(service_id=inspection.service_id).exclude(state="closed").exists()


def can_view_budget(user: User, service_id: int) -> bool:
    if not user.is_authenticated:
        return False
    readers = (Role.SERVICE_MANAGER, Role.BOARD_VIEWER)
    return user.role == Role.ADMINISTRATOR or (
        user.role in readers and user.service_id == service_id
    )


def can_manage_budget(user: User, service_id: int) -> bool:
    return is_service_manager_of(user, service_id)


# -- surveys and service profiles (issue 15) ----------------------------------------------


def can_edit_surveys(user: User, inspection: Inspection) -> bool:
    """An inspection's surveys: its lead (a self-assessment's lead or service auditors too)
    while the ratings are open, and administrators; a recorded published inspection's
    surveys (the figures later reports compare with) administrators only. Board viewers
    never."""
    if not user.is_authenticated or user.role == Role.BOARD_VIEWER:
        return False
    if inspection.kind == Inspection.Kind.PUBLISHED:
        return user.role == Role.ADMINISTRATOR and inspection.withdrawn_at is None
    if inspection.ratings_locked:
        return False
    if user.role == Role.ADMINISTRATOR:
        return True
    return team_role(user, inspection) in (
        TeamMember.TeamRole.LEAD,
        TeamMember.TeamRole.SERVICE_AUDITOR,
    )


def can_view_profile(user: User, service: Service) -> bool:
    """A service's profile (contextual facts, caseload, staffing, characteristics): the
    service's own people (its managers, board viewers, partner action leads),
    administrators, national analysts, and Inspectorate staff who see one of its
    inspections."""
    if not user.is_authenticated:
        return False
    if user.role in (Role.ADMINISTRATOR, Role.ANALYST):
        return True
    if user.role in (Role.SERVICE_MANAGER, Role.BOARD_VIEWER, Role.PARTNER_LEAD):
        return user.service_id == service.pk
    return visible_inspections(user).filter(service=service).exists()


def can_edit_profile(user: User, service: Service) -> bool:
    """A service's profile is entered by its service managers, and administrators."""
    return user.is_authenticated and (
        user.role == Role.ADMINISTRATOR or is_service_manager_of(user, service.pk)
    )


# -- view decorators (load the object, check, pass it on) -----------------------------------


def _visible_inspection(user: User, inspection_id: int) -> Inspection:
    """The inspection, if this person may see it (else 404), with its service and the person's
    role on its team read in the same query (what :func:`team_role` would ask next)."""
    if not user.is_authenticated:
        raise Http404("No such inspection.")
    query = _visible_inspection_query(connection.vendor, user.role, user.service_id is not None)
    inspection = query.first(user=user.pk, service=user.service_id, inspection=inspection_id)
    if inspection is None:
        raise Http404("No such inspection.")
    role = inspection.__dict__.pop("own_team_role")
    inspection.__dict__.setdefault("_team_roles", {})[user.pk] = role
    return _seen_by(inspection, user)


# Integers no row uses, standing in for the person's id, their service's and the inspection's
# while the query is written (sql.Prepared).
STAND_INS = {"user": -7_000_000_001, "service": -7_000_000_002, "inspection": -7_000_000_003}


@cache
def _visible_inspection_query(
    vendor: str, role: str, has_service: bool
) -> sql.Prepared[Inspection]:
    """:func:`visible_inspections` for a person of this role, one inspection of it with its
    service and the person's team role: written into SQL once per process for each role."""
    stand_in = User(
        pk=STAND_INS["user"], role=role, service_id=STAND_INS["service"] if has_service else None
    )
    own_role = TeamMember.objects.filter(inspection=OuterRef("pk"), user=stand_in).order_by("pk")
    found = (
        visible_inspections(stand_in)
        .select_related("service")
        .annotate(own_team_role=Subquery(own_role.values("role")[:1]))
        .filter(pk=STAND_INS["inspection"])
    )
    return sql.Prepared(found, STAND_INS)


def inspection_view(
    check: Callable[[User, Inspection], bool] = can_view,
) -> Callable[[Callable[Concatenate[HttpRequest, Inspection, P], R]], Callable[..., R]]:
    """Load the inspection named by ``inspection_id``; 404 if unseen, 403 if not allowed."""

    def decorate(view: Callable[Concatenate[HttpRequest, Inspection, P], R]) -> Callable[..., R]:
        @wraps(view)
        def wrapped(request: HttpRequest, inspection_id: int, *args: Any, **kwargs: Any) -> R:
            user = request.user
            assert isinstance(user, User)
            inspection = _visible_inspection(user, inspection_id)
            if check is not can_view and not check(user, inspection):  # seen: it was found
                raise PermissionDenied
            return view(request, inspection, *args, **kwargs)

        return wrapped

    return decorate


def case_view(
    check: Callable[[User, Case], bool] | None = None,
) -> Callable[[Callable[Concatenate[HttpRequest, Case, P], R]], Callable[..., R]]:
    """Load the case named by ``inspection_id`` and ``case_id`` the same way."""

    def decorate(view: Callable[Concatenate[HttpRequest, Case, P], R]) -> Callable[..., R]:
        @wraps(view)
        def wrapped(
            request: HttpRequest, inspection_id: int, case_id: int, *args: Any, **kwargs: Any
        ) -> R:
            user = request.user
            assert isinstance(user, User)
            inspection = _visible_inspection(user, inspection_id)
            cases = Case.objects.select_related("assigned_inspector")
            case = _of(get_object_or_404(cases, pk=case_id, inspection=inspection), inspection)
            if check is not None and not check(user, case):
                raise PermissionDenied
            return view(request, case, *args, **kwargs)

        return wrapped

    return decorate
