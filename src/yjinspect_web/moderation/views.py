"""Moderation's pages: the lead's (choose cases, see agreement, record agreed answers) and the
second marker's (answer a case blind)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjinspect_web.ids import record_id, record_ids
from yjinspect_web.moderation import services
from yjinspect_web.moderation.models import SecondMarking
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Case, Inspection, User
from yjinspect_web.workspace.services import ActionRefused
from yjinspect_web.workspace.views.inspections import _crumbs, current_user


@permissions.inspection_view(permissions.can_moderate)
def overview(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    markings = list(
        SecondMarking.objects.filter(case__inspection=inspection).select_related("case", "marker")
    )
    chosen = {m.case_id for m in markings}
    return render(
        request,
        "moderation/overview.html",
        {
            "page_title": f"Moderation: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "markings": markings,
            "choosable": [c for c in inspection.cases.active() if c.pk not in chosen],
            "candidates": list(services.candidates(inspection)),
            "results": services.results(inspection),
            "disagreements": services.disagreements(inspection),
            "answer_words": services.ANSWER_WORDS,
            "breadcrumbs": _crumbs(inspection),
        },
    )


@require_POST
@permissions.inspection_view(permissions.can_moderate)
def choose(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    case_ids = record_ids(request.POST.getlist("cases"))
    marker_id = request.POST.get("marker", "")
    cases = list(inspection.cases.active().filter(pk__in=case_ids))
    marker = User.objects.filter(pk=record_id(marker_id)).first()
    if not cases:
        messages.error(request, "Cases to mark again: choose at least one case.")
    elif marker is None:
        messages.error(request, "Second marker: choose who marks the cases again.")
    else:
        try:
            count = services.choose(inspection, cases, marker, current_user(request))
            messages.success(
                request, f"{count} case{'s' * (count != 1)} chosen for {marker.display_name}."
            )
        except ActionRefused as exc:
            messages.error(request, str(exc))
    return redirect("moderation", inspection.pk)


@require_POST
@permissions.inspection_view(permissions.can_moderate)
def agree(request: HttpRequest, inspection: Inspection, marking_id: int) -> HttpResponse:
    marking = get_object_or_404(SecondMarking, pk=marking_id, case__inspection=inspection)
    question_id = request.POST.get("question_id", "")[:20]
    try:
        services.record_agreed(
            marking,
            question_id,
            request.POST.get("value", ""),
            request.POST.get("note", ""),
            current_user(request),
        )
        messages.success(
            request, f"Agreed answer to {question_id} recorded for {marking.case.reference}."
        )
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("moderation", inspection.pk)


# -- the second marker -----------------------------------------------------------------------


def my_markings(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    markings = SecondMarking.objects.filter(marker=user).select_related("case__inspection")
    return render(
        request,
        "moderation/my_markings.html",
        {
            "page_title": "Cases to mark a second time",
            "open": [m for m in markings if not m.submitted],
            "done": [m for m in markings if m.submitted],
        },
    )


def _marking_for(request: HttpRequest, marking_id: int) -> SecondMarking:
    """Only its marker sees a second marking; anyone else is told it does not exist."""
    user = current_user(request)
    marking = SecondMarking.objects.select_related("case__inspection").filter(pk=marking_id).first()
    if marking is None or marking.marker_id != user.pk:
        raise Http404
    return marking


def second_marking(request: HttpRequest, marking_id: int) -> HttpResponse:
    marking = _marking_for(request, marking_id)
    case: Case = marking.case
    user = current_user(request)
    allowed = permissions.can_second_mark(user, marking.marker_id, case, marking.submitted)
    missing: list[str] = []
    if request.method == "POST":
        if not allowed:
            messages.error(request, "This second marking can no longer be changed.")
            return redirect("second_marking", marking.pk)
        values = {
            qid: request.POST.get(f"q-{qid}", "") for qid, _, _ in services.questions_for(marking)
        }
        submit = request.POST.get("action") == "submit"
        try:
            missing = services.save_second_marking(marking, values, user, submit=submit)
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            if submit and not missing:
                messages.success(request, f"Second marking of {case.reference} submitted.")
                return redirect("my_markings")
            if not submit:
                messages.success(request, "Answers saved.")
                return redirect("second_marking", marking.pk)
    answers: dict[str, str] = dict(marking.answers.values_list("question_id", "value"))
    if request.method == "POST":
        answers |= {
            key.removeprefix("q-"): str(request.POST.get(key, ""))
            for key in request.POST
            if key.startswith("q-")
        }
    return render(
        request,
        "moderation/second_marking.html",
        {
            "page_title": f"Second marking: case {case.reference}",
            "marking": marking,
            "case": case,
            "framework": case.inspection.framework,
            "questions": services.questions_for(marking),
            "answers": answers,
            "missing": missing,
            "allowed": allowed,
        },
        status=400 if missing else 200,
    )
