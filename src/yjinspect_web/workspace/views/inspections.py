"""Inspections: list and search, create, overview, team; and services (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yjinspect_web.prefetch import prefetch_reverse
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.forms import InspectionForm, ServiceForm, TeamMemberForm
from yjinspect_web.workspace.models import Inspection, Role, TeamMember, User


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on a POST, even an empty one (which must say what is missing, not
    show a blank form again); None otherwise."""
    return request.POST if request.method == "POST" else None


def inspection_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    inspections = permissions.visible_inspections(user).select_related("service")
    query = request.GET.get("q", "").strip()
    if query:
        inspections = inspections.filter(
            Q(title__icontains=query) | Q(service__name__icontains=query)
        )
    kind = request.GET.get("kind", "")
    if kind in Inspection.Kind.values:
        inspections = inspections.filter(kind=kind)
    return render(
        request,
        "workspace/inspection_list.html",
        {
            "page_title": "Inspections",
            "nav_section": "inspections",
            "inspections": inspections,
            "query": query,
            "kind": kind,
            "can_create": permissions.can_create_inspection(user),
            "can_manage_services": permissions.can_manage_services(user),
            "can_record_published": permissions.can_record_published(user),
        },
    )


def service_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_services(current_user(request)):
        raise PermissionDenied
    form = ServiceForm(posted(request))
    if request.method == "POST" and form.is_valid():
        service = form.save()
        messages.success(request, f"Service {service.name} added.")
        return redirect("inspections")
    return render(
        request,
        "workspace/form_page.html",
        {"page_title": "Add a service", "form": form, "submit": "Add service"},
    )


def inspection_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.can_create_inspection(user):
        raise PermissionDenied
    form = InspectionForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            inspection = form.save()
            if user.role != Role.ADMINISTRATOR:
                TeamMember.objects.create(
                    inspection=inspection, user=user, role=TeamMember.TeamRole.LEAD
                )
        messages.success(request, f"{inspection.title} created.")
        return redirect("inspection", inspection.pk)
    return render(
        request,
        "workspace/form_page.html",
        {"page_title": "New inspection or self-assessment", "form": form, "submit": "Create"},
    )


@permissions.inspection_view()
def inspection_detail(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    user = current_user(request)
    # one read of the cases, withdrawn or not, for the rows and the permissions alike
    every_case = list(inspection.cases.select_related("assigned_inspector", "withdrawn_by"))
    prefetch_reverse(every_case, "sub_sample_decisions", "review_comments")
    cases = [case for case in every_case if not case.is_withdrawn]
    withdrawn = [case for case in every_case if case.is_withdrawn]
    framework = inspection.framework
    progress = services.progress_of_cases(inspection, cases)
    rows = [(case, progress[case.pk], services.case_state_words(case)) for case in cases]
    return render(
        request,
        "workspace/inspection_detail.html",
        {
            "page_title": inspection.title,
            "nav_section": "inspections",
            "inspection": inspection,
            "framework": framework,
            "rows": rows,
            "withdrawn": withdrawn,
            "team": inspection.team.select_related("user"),
            "can_manage": permissions.can_manage(user, inspection),
            "can_judge": permissions.can_record_judgements(user, inspection),
            "can_hold_panel": permissions.can_hold_panel(user, inspection),
            "can_import_workbook": permissions.can_import_workbook(user, inspection, cases),
            "can_write_report": permissions.can_write_report(user, inspection),
            "can_withdraw_published": permissions.can_withdraw_published(user, inspection),
            "breadcrumbs": [{"text": "Inspections", "href": "/inspections"}],
        },
    )


@permissions.inspection_view(permissions.can_manage)
def team_add(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    form = TeamMemberForm(posted(request), inspection=inspection)
    if request.method == "POST" and form.is_valid():
        member = TeamMember.objects.create(
            inspection=inspection, user=form.cleaned_data["user"], role=form.cleaned_data["role"]
        )
        messages.success(request, f"{member.user.display_name} added to the team.")
        return redirect("inspection", inspection.pk)
    return render(
        request,
        "workspace/form_page.html",
        {
            "page_title": "Add a team member",
            "form": form,
            "submit": "Add to team",
            "inspection": inspection,
            "breadcrumbs": _crumbs(inspection),
        },
    )


@require_POST
@permissions.inspection_view(permissions.can_manage)
def team_remove(request: HttpRequest, inspection: Inspection, member_id: int) -> HttpResponse:
    member = inspection.team.filter(pk=member_id).first()
    if member is not None:
        if (
            member.role == TeamMember.TeamRole.LEAD
            and inspection.team.filter(role=TeamMember.TeamRole.LEAD).count() == 1
        ):
            messages.error(request, "An inspection keeps at least one lead inspector.")
        else:
            member.delete()  # recorded in the history by yjinspect_web.audit.tracking
    return redirect("inspection", inspection.pk)


def _crumbs(inspection: Inspection) -> list[dict[str, str]]:
    return [
        {"text": "Inspections", "href": "/inspections"},
        {"text": inspection.title, "href": f"/inspections/{inspection.pk}"},
    ]
