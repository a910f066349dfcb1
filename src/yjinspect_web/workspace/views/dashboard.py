"""The inspection dashboard: every rating as it stands and the figures that explain it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs


@permissions.inspection_view()
def dashboard(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    result = services.inspection_result(inspection)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "page_title": f"Ratings: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "framework": inspection.framework,
            "result": result,
            "breadcrumbs": _crumbs(inspection),
        },
    )
