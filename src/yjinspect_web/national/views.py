"""Pages of the national view: every service with its latest published rating, a service's
timeline of ratings, importing the published record, and recording a published inspection
from its ratings table as printed. Access is decided in ``workspace.permissions``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yjinspect.errors import InputError
from yjinspect.framework import load_framework
from yjinspect.limits import decode_text
from yjinspect.national import read_published_record
from yjinspect_web.national.forms import FrameworkChoiceForm, ImportForm, RatingsTableForm
from yjinspect_web.national.importing import import_record
from yjinspect_web.national.timeline import service_timeline, services_overview
from yjinspect_web.safety.uploads import shown_name, upload_bytes, upload_limits
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection, Service
from yjinspect_web.workspace.views.inspections import current_user, posted

NAV = "national"


def service_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.can_view_national(user):
        raise PermissionDenied
    return render(
        request,
        "national/services.html",
        {
            "page_title": "Services and their published ratings",
            "nav_section": NAV,
            "lines": services_overview(),
            "can_import": permissions.can_import_national(user),
            "can_record": permissions.can_record_published(user),
        },
    )


def timeline(request: HttpRequest, service_id: int) -> HttpResponse:
    user = current_user(request)
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise Http404
    if not permissions.can_view_timeline(user, service):
        raise PermissionDenied
    found = service_timeline(service, permissions.timeline_inspections(user, service))
    return render(
        request,
        "national/timeline.html",
        {
            "page_title": f"Ratings over time: {service.name}",
            "nav_section": NAV if permissions.can_view_national(user) else "inspections",
            "service": service,
            "timeline": found,
            "national": permissions.can_view_national(user),
        },
    )


def import_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.can_import_national(user):
        raise PermissionDenied
    form = ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["record"]
        name = shown_name(upload)
        try:
            limits = upload_limits()
            text = decode_text(upload_bytes(upload, limits), name)
            record = read_published_record(text, name, limits)
        except InputError as exc:
            form.add_error("record", str(exc))
        else:
            outcome = import_record(record, user, name)
    return render(
        request,
        "national/import.html",
        {
            "page_title": "Import the published record",
            "nav_section": NAV,
            "form": form,
            "outcome": outcome,
        },
        status=400 if form.errors else 200,
    )


def record_published(request: HttpRequest) -> HttpResponse:
    """Step 1: the framework (its standards make the table); step 2: the table."""
    user = current_user(request)
    if not permissions.can_record_published(user):
        raise PermissionDenied
    chosen = FrameworkChoiceForm(request.GET if "framework" in request.GET else None)
    if not chosen.is_valid():
        return render(
            request,
            "national/record_framework.html",
            {
                "page_title": "Record a published inspection from its ratings table",
                "nav_section": NAV,
                "form": chosen,
            },
            status=400 if chosen.errors else 200,
        )
    framework = load_framework(chosen.cleaned_data["framework"])
    form = RatingsTableForm(framework, posted(request))
    if request.method == "POST" and form.is_valid():
        summary = form.summary()
        with transaction.atomic():
            inspection = Inspection.objects.create(
                service=form.cleaned_data["service"],
                title=form.cleaned_data["title"],
                fieldwork_start=form.cleaned_data["fieldwork_start"],
                framework_id=framework.id,
                kind=Inspection.Kind.PUBLISHED,
                published_summary=summary,
                ratings_locked=True,
                locked_at=timezone.now(),
                locked_by=user,
            )
            services.audit(inspection, user, "published", inspection.title, field="state",
                           new="recorded", note="from its ratings table as printed; later "
                           f"reports of {inspection.service.name} compare with it")  # fmt: skip
        messages.success(request, f"{inspection.title} recorded.")
        return redirect("national_timeline", inspection.service_id)
    return render(
        request,
        "national/record_table.html",
        {
            "page_title": "Record a published inspection from its ratings table",
            "nav_section": NAV,
            "framework": framework,
            "form": form,
        },
        status=400 if form.errors else 200,
    )
