"""The sampling page: import a population, see the plan, create the cases, replace a case."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjinspect.errors import InputError
from yjinspect.sampling import PopulationError, SamplingPlan
from yjinspect.statistics import planned_precision
from yjinspect_web.safety.uploads import shown_name
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace import sampling as workspace_sampling
from yjinspect_web.workspace.forms import SamplingForm
from yjinspect_web.workspace.models import Inspection, SamplingRecord, User
from yjinspect_web.workspace.services import ActionRefused
from yjinspect_web.workspace.views.inspections import _crumbs, current_user, posted


def can_sample(user: User, inspection: Inspection) -> bool:
    """The lead (or an administrator) draws the sample, while the ratings are open."""
    return permissions.can_manage(user, inspection) and not inspection.ratings_locked


def _settings(form: SamplingForm) -> workspace_sampling.SamplingSettings:
    data = form.cleaned_data
    if "court_share" not in form.fields:  # the framework's own pools: nothing to change there
        return workspace_sampling.SamplingSettings(
            fieldwork_start=data["fieldwork_start"],
            seed=data["seed"],
            confidence=data["confidence"],
            margin=data["margin"],
            windows={},
        )
    return workspace_sampling.SamplingSettings(
        fieldwork_start=data["fieldwork_start"],
        seed=data["seed"],
        confidence=data["confidence"],
        margin=data["margin"],
        court_share=data["court_share"],
        windows={
            "court": (data["court_from"], data["court_to"]),
            "out_of_court": (data["out_of_court_from"], data["out_of_court_to"]),
        },
        minimum=data.get("minimum"),
        maximum=data.get("maximum"),
    )


def _precision(inspection: Inspection, plan: SamplingPlan) -> list[str]:
    """How wide the intervals will be at the planned sizes, per case type (statistics)."""
    names = {c.id: c.name.lower() for c in inspection.framework.case_types}
    return [
        planned_precision(a.size, f"{names.get(a.case_type, a.case_type)} cases")
        for a in plan.sizes.allocations
        if a.size
    ]


@permissions.inspection_view(can_sample)
def sampling(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    initial = {"fieldwork_start": inspection.fieldwork_start}
    form = SamplingForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        framework=inspection.framework,
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["population"]
        name = shown_name(upload)
        try:
            cases = workspace_sampling.read_upload(
                upload, name, form.mapping, inspection.framework_id
            )
            workspace_sampling.keep_population(
                inspection, cases, name, _settings(form), current_user(request)
            )
            messages.success(request, f"{len(cases)} cases imported from {name}.")
            return redirect("sampling", inspection.pk)
        except PopulationError as exc:
            problems = [str(problem) for problem in exc.problems]
        except InputError as exc:
            problems = [str(exc)]
    record = inspection.samplings.first()
    plan = workspace_sampling.sampling_plan(record) if record else None
    return render(
        request,
        "workspace/sampling.html",
        {
            "page_title": f"Sampling: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "form": form,
            "problems": problems,
            "record": record,
            "plan": plan,
            "precision": _precision(inspection, plan) if plan else [],
            "rules": inspection.framework.sampling,
            "breadcrumbs": _crumbs(inspection),
        },
    )


@require_POST
@permissions.inspection_view(can_sample)
def create_cases(request: HttpRequest, inspection: Inspection, record_id: int) -> HttpResponse:
    record = get_object_or_404(SamplingRecord, pk=record_id, inspection=inspection)
    try:
        count = workspace_sampling.create_cases(record, current_user(request))
        messages.success(request, f"{count} cases created from the sample.")
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("sampling", inspection.pk)


@require_POST
@permissions.inspection_view(can_sample)
def replace_case(request: HttpRequest, inspection: Inspection, record_id: int) -> HttpResponse:
    record = get_object_or_404(SamplingRecord, pk=record_id, inspection=inspection)
    case_ref = request.POST.get("case_ref", "")
    try:
        reserve = workspace_sampling.replace_with_reserve(
            record, case_ref, request.POST.get("reason", ""), current_user(request)
        )
        messages.success(request, f"{case_ref} replaced by reserve {reserve}.")
    except ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("sampling", inspection.pk)
