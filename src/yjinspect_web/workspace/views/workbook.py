"""The case assessment workbook: download it to work offline, and import it back."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from yjinspect.errors import InputError
from yjinspect_web.safety.uploads import upload_bytes, upload_limits
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs, current_user
from yjinspect_web.workspace.workbook import (
    XLSX_CONTENT_TYPE,
    Problem,
    export_workbook,
    import_workbook,
)


def workbook_filename(inspection: Inspection) -> str:
    service = slugify(inspection.service.name) or "service"
    return f"{service}-{inspection.framework_id}-{inspection.pk}-workbook.xlsx"


@require_GET
@permissions.inspection_view()
def export(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    content = export_workbook(inspection, current_user(request))
    services.audit(inspection, current_user(request), "download", "workbook", field="xlsx")
    return HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{workbook_filename(inspection)}"',
            "Cache-Control": "private, no-store",
        },
    )


@require_http_methods(["GET", "POST"])
@permissions.inspection_view(permissions.can_import_workbook)
def import_view(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    if request.method != "POST":
        return _page(request, inspection, [])
    upload = request.FILES.get("workbook")
    if upload is None:
        return _page(request, inspection, [_problem("Choose the completed workbook (.xlsx).")])
    limits = upload_limits()
    try:
        data = upload_bytes(upload, limits)
    except InputError as exc:
        return _page(request, inspection, [_problem(str(exc))])
    result = import_workbook(inspection, data, current_user(request), limits)
    if not result.ok:
        return _page(request, inspection, result.problems)
    if result.applied:
        messages.success(request, f"Workbook imported: {_changes(result.applied)} saved.")
    else:
        messages.success(request, "Workbook imported: it matches what is recorded, so no change.")
    return redirect("inspection", inspection.pk)


def _problem(message: str) -> Problem:
    return Problem("", None, "", message)


def _changes(count: int) -> str:
    return "1 change" if count == 1 else f"{count} changes"


def _page(request: HttpRequest, inspection: Inspection, problems: list[Problem]) -> HttpResponse:
    return render(
        request,
        "workspace/workbook_import.html",
        {
            "page_title": ("Error: " if problems else "") + "Import a completed workbook",
            "nav_section": "inspections",
            "inspection": inspection,
            "problems": problems,
            "max_megabytes": f"{upload_limits().max_bytes / 1024 / 1024:g}",
            "breadcrumbs": _crumbs(inspection),
        },
    )
