"""The history of changes: who changed what, from what, to what, and when."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs


@permissions.inspection_view()
def history(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    subject = request.GET.get("subject", "").strip() or None
    case = None
    case_id = request.GET.get("case", "")
    if case_id.isdigit():
        case = inspection.cases.filter(pk=int(case_id)).first()
    events = list(services.history(inspection, subject, case)[:500])
    return render(
        request,
        "workspace/history.html",
        {
            "page_title": f"History: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "events": events,
            "subject": subject or "",
            "case": case,
            "breadcrumbs": _crumbs(inspection),
        },
    )
