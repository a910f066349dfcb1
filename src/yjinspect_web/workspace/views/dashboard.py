"""The inspection dashboard: the ratings from quality-assured cases with the figures that
explain them, and, separately, what the cases still in progress would change."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yjinspect_web.workspace import counting, permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs


@permissions.inspection_view()
def dashboard(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    checked, total = counting.cases_counted(inspection, services.QUALITY_ASSURED_STATES)
    if checked < total:
        result, with_pending = services.checked_and_all_results(inspection)
    else:
        result = with_pending = services.inspection_result(inspection)
    changes, figures_only = services.pending_changes(result, with_pending)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "page_title": f"Ratings: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "framework": inspection.framework,
            "result": result,
            "cases_checked": checked,
            "cases_total": total,
            "with_pending": with_pending,
            "changes": changes,
            "figures_only": figures_only,
            "breadcrumbs": _crumbs(inspection),
        },
    )
