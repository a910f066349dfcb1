"""A service's trend: every inspection and self-assessment over time, like with like."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from markupsafe import Markup

from yjinspect.report.trend_chart import trend_chart
from yjinspect.trends import METHOD
from yjinspect_web.trends import services
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Service
from yjinspect_web.workspace.views.inspections import current_user


def service_trend(request: HttpRequest, service_id: int) -> HttpResponse:
    user = current_user(request)
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise Http404
    if not permissions.can_view_trend(user, service):
        raise PermissionDenied
    found = services.service_trend(service, permissions.trend_inspections(user, service))
    charts = {}
    for standard in found.standards:
        reference = next(
            (
                o.framework
                for o in reversed(found.occasions)
                if o.id == standard.ratings[-1].occasion.id
            ),
            None,
        )
        chart = trend_chart(reference, standard) if reference is not None else None
        if chart is not None:
            charts[standard.id + standard.name] = Markup(chart.svg)  # our own SVG, text escaped
    return render(
        request,
        "trends/service_trend.html",
        {
            "page_title": f"Trends: {service.name}",
            "nav_section": "inspections",
            "service": service,
            "trend": found,
            "charts": charts,
            "method": METHOD,
        },
    )
