"""Judged standards: the rating given and the evidence behind each of its questions."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection
from yjinspect_web.workspace.views.inspections import _crumbs, current_user


@permissions.inspection_view()
def judgements(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    framework = inspection.framework
    result = services.inspection_result(inspection)
    recorded = {j.standard_id: j for j in inspection.judgements.all()}
    evidence = {e.question_id: e for e in inspection.evidence.all()}
    standards = [s for s in framework.standards if not s.is_case_based]
    return render(
        request,
        "workspace/judgements.html",
        {
            "page_title": f"Judged standards: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "framework": framework,
            "standards": standards,
            "results": {s.id: result.standard(s.id) for s in standards},
            "recorded": recorded,
            "evidence": evidence,
            "can_edit": permissions.can_record_judgements(current_user(request), inspection),
            "breadcrumbs": _crumbs(inspection),
        },
    )


@require_POST
@permissions.inspection_view(permissions.can_record_judgements)
def save_judgement(request: HttpRequest, inspection: Inspection, standard_id: str) -> HttpResponse:
    user = current_user(request)
    framework = inspection.framework
    standard = framework.standard(standard_id)
    stale = []
    try:
        with transaction.atomic():  # all of the standard's fields, or (refused) none
            _, saved = services.save_judgement(
                inspection,
                standard_id,
                request.POST.get("rating", ""),
                _version(request, f"version-{standard_id}"),
                user,
            )
            if not saved:
                stale.append(f"the rating of {standard_id}")
            for question in standard.questions:
                _, saved = services.save_question_evidence(
                    inspection,
                    question.id,
                    request.POST.get(f"evidence-{question.id}", "").strip(),
                    _version(request, f"version-{question.id}"),
                    user,
                )
                if not saved:
                    stale.append(f"the evidence for {question.id}")
            if stale:  # saved together or not at all: nobody's later change is mixed in
                transaction.set_rollback(True)
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
        return redirect("judgements", inspection.pk)
    if stale:
        messages.error(
            request,
            "Someone else saved " + ", ".join(stale) + " while you were working, so nothing "
            "was saved. Their version is shown: add your changes again.",
        )
    else:
        messages.success(request, f"{standard_id} {standard.name} saved.")
    return redirect(f"/inspections/{inspection.pk}/judgements#standard-{standard_id}")


def _version(request: HttpRequest, name: str) -> int:
    return services.version_seen(request.POST.get(name, "0"))
