"""Allocation and queues: each person's home page, the case list with its filters, and the
lead's assigning of cases (one, or many at once)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yjinspect_web.allocation import services
from yjinspect_web.ids import record_id, record_ids
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Case, Inspection, User
from yjinspect_web.workspace.services import ActionRefused, withdraw_case
from yjinspect_web.workspace.views.inspections import _crumbs, current_user


def home(request: HttpRequest) -> HttpResponse:
    """Your cases (returned ones first, with the lead's comment) and, for a lead, the cases
    awaiting quality assurance."""
    user = current_user(request)
    mine = services.my_cases(user)
    return render(
        request,
        "allocation/home.html",
        {
            "page_title": "Your work",
            "nav_section": "home",
            "returned": [row for row in mine if row.returned],
            "mine": [row for row in mine if not row.returned],
            "awaiting": services.awaiting_quality_assurance(user),
            "inspections": permissions.visible_inspections(user)
            .filter(team__user=user, ratings_locked=False)
            .select_related("service"),
        },
    )


@permissions.inspection_view()
def case_list(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    user = current_user(request)
    filters = services.CaseFilters.from_query(request.GET.dict(), inspection)
    framework = inspection.framework
    members = services.assignable_members(inspection)
    standards = [s for s in framework.standards if s.key_questions]
    options = {
        "state": [*Case.State.choices, (services.RETURNED, "Returned for correction")],
        "assignee": [("none", "Not assigned")]
        + [(str(m.user_id), m.user.display_name) for m in members],
        "case_type": [(c.id, c.name) for c in framework.case_types],
        "standard": [(s.id, f"{s.id} {s.name}") for s in standards],
    }
    return render(
        request,
        "allocation/case_list.html",
        {
            "page_title": f"Cases: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "rows": services.filtered_cases(inspection, filters),
            "total": inspection.cases.exclude(state=Case.State.WITHDRAWN).count(),
            "filters": filters,
            "query": urlencode(filters.as_query()),
            "options": options,
            "members": members,
            "case_type_names": {c.id: c.name for c in framework.case_types},
            "disposal_names": {d.id: d.name for c in framework.case_types for d in c.disposals},
            "progress_filters": services.PROGRESS_FILTERS,
            "sorts": services.SORTS,
            "can_assign": permissions.can_assign_cases(user, inspection),
            "breadcrumbs": _crumbs(inspection),
        },
    )


@require_POST
@permissions.inspection_view(permissions.can_assign_cases)
def assign(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """Give the chosen cases to a team member, or take them back ("none")."""
    chosen = record_ids(request.POST.getlist("case"))
    cases = list(inspection.cases.filter(pk__in=chosen))
    choice = request.POST.get("assignee", "")
    assignee = None
    if choice != "none":
        member = services.assignable_members(inspection).filter(user_id=record_id(choice)).first()
        assignee = member.user if member else None
    try:
        if choice != "none" and assignee is None:
            raise ActionRefused("Choose who the cases go to.")
        changed = services.assign_cases(inspection, cases, assignee, current_user(request))
        messages.success(request, _assigned_message(changed, len(cases), assignee))
    except ActionRefused as exc:
        messages.error(request, str(exc))
    if request.POST.get("back") == "case" and len(cases) == 1:
        return redirect("case", inspection.pk, cases[0].pk)
    filters = services.CaseFilters.from_query(request.POST.dict(), inspection)
    url = reverse("case_list", args=[inspection.pk])
    return redirect(f"{url}?{urlencode(filters.as_query())}")


@require_POST
@permissions.case_view(permissions.can_withdraw_case)
def withdraw(request: HttpRequest, case: Case) -> HttpResponse:
    """Take a case out of the sample, with the reason: kept, never deleted."""
    try:
        withdraw_case(case, current_user(request), request.POST.get("reason", ""))
        messages.success(request, f"Case {case.reference} withdrawn. It is kept, with its history.")
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("case", case.inspection_id, case.pk)


def _assigned_message(changed: int, chosen: int, assignee: User | None) -> str:
    to = assignee.display_name if assignee else "nobody (not assigned)"
    cases = "case" if changed == 1 else "cases"
    unchanged = chosen - changed
    extra = (
        f" ({unchanged} already {'was' if unchanged == 1 else 'were'} theirs)" if unchanged else ""
    )
    return f"{changed} {cases} given to {to}{extra}."
