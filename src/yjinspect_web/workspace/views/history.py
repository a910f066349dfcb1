"""The history of changes: who changed what, from what, to what, and when; every event, a
page at a time, and all of it as CSV (the paging and export are the audit app's)."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from yjinspect_web.audit import views as audit_views
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs, current_user


@permissions.inspection_view(permissions.can_view_history)
def history(request: HttpRequest, inspection: Inspection) -> HttpResponseBase:
    subject = request.GET.get("subject", "").strip()[:200] or None
    case = None
    case_id = request.GET.get("case", "")
    if case_id.isascii() and case_id.isdigit() and len(case_id) < 10:
        case = inspection.cases.filter(pk=int(case_id)).first()
    events = services.history(inspection, subject, case)
    if request.GET.get("format") == "csv":
        services.audit(inspection, current_user(request), "download", "history", field="CSV")
        return audit_views.csv_download(events, inspection.title)
    page, rows = audit_views.page_of(request, events)
    return render(
        request,
        "workspace/history.html",
        {
            "page_title": f"History: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "page": page,
            "rows": rows,
            "query": audit_views.query_without_page(request),
            "subject": subject or "",
            "case": case,
            "breadcrumbs": _crumbs(inspection),
        },
    )
