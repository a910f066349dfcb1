"""The ratings panel: flagged standards, panel ratings with rationale, lock and reopen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yjinspect.rating import by_fragility
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs, current_user


@permissions.inspection_view(permissions.can_hold_panel)
def panel(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    result = services.inspection_result(inspection)
    case_based = by_fragility(s for s in result.standards if s.rule_rating is not None)
    decisions = {d.standard_id: d for d in inspection.panel_decisions.all()}
    reviews = services.panel_reviews(inspection, result)
    self_assessment = inspection.kind == Inspection.Kind.SELF_ASSESSMENT
    panel_name = "Moderation" if self_assessment else "Ratings panel"
    return render(
        request,
        "workspace/panel.html",
        {
            "page_title": f"{panel_name}: {inspection.title}",
            "panel_name": panel_name,
            "self_assessment": self_assessment,
            "review_ids": {review.decision.standard_id for review in reviews},
            "nav_section": "inspections",
            "inspection": inspection,
            "result": result,
            "flagged": [s for s in case_based if s.discretion_flags or s.id in decisions],
            "unflagged": [
                s for s in case_based if not s.discretion_flags and s.id not in decisions
            ],
            "decisions": decisions,
            "reviews": reviews,
            "figure_text": services.figure_text,
            "pending": services.cases_not_quality_assured(inspection),
            "rating_names": [level.name for level in inspection.framework.rating_scale],
            "breadcrumbs": _crumbs(inspection),
        },
    )


@require_POST
@permissions.inspection_view(permissions.can_hold_panel)
def panel_decision(request: HttpRequest, inspection: Inspection, standard_id: str) -> HttpResponse:
    user = current_user(request)
    action = request.POST.get("action")
    current = inspection.panel_decisions.filter(standard_id=standard_id).first()
    try:
        if action == "withdraw":
            services.withdraw_panel_decision(inspection, standard_id, user)
            messages.success(request, f"Panel rating for {standard_id} withdrawn.")
        elif action == "confirm" and current is not None:
            services.record_panel_decision(
                inspection, standard_id, current.rating, current.rationale, user
            )
            messages.success(
                request, f"Panel rating for {standard_id} confirmed on the current figures."
            )
        else:
            services.record_panel_decision(
                inspection,
                standard_id,
                request.POST.get("rating", ""),
                request.POST.get("rationale", ""),
                user,
            )
            messages.success(request, f"Panel rating for {standard_id} recorded.")
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect(f"/inspections/{inspection.pk}/panel#standard-{standard_id}")


@require_POST
@permissions.inspection_view(permissions.can_hold_panel)
def lock(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    user = current_user(request)
    try:
        if request.POST.get("action") == "reopen":
            services.reopen_ratings(inspection, user, request.POST.get("reason", ""))
            messages.success(request, "Ratings reopened. The reason is recorded in the history.")
        else:
            services.lock_ratings(inspection, user)
            messages.success(request, "Ratings locked.")
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("panel", inspection.pk)
