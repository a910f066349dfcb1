"""The improvement plan's pages: plans, actions, updates, RAG, history and exports. Thin:
access is decided in workspace/permissions.py, rules are the core's, work is plans.py's."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from yjinspect.improvement import below_threshold, figure_of, good_threshold
from yjinspect_web.ids import record_id
from yjinspect_web.improvement import exports, plans
from yjinspect_web.improvement.forms import (
    ActionForm,
    PlanForm,
    PlanStateForm,
    UpdateForm,
)
from yjinspect_web.improvement.models import Action, Plan
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import Inspection, User
from yjinspect_web.workspace.views.inspections import posted

P = ParamSpec("P")
PlanHandler = Callable[Concatenate[HttpRequest, Plan, P], HttpResponse]
ActionHandler = Callable[Concatenate[HttpRequest, Action, P], HttpResponse]
View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def plan_view(
    check: Callable[[User, Plan], bool] = permissions.can_view_plan,
) -> Callable[[PlanHandler[P]], View]:
    """Load the plan named by ``plan_id``: 404 if not visible, 403 if not allowed."""

    def decorate(view: PlanHandler[P]) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, plan_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
            user = _user(request)
            plan = get_object_or_404(permissions.visible_plans(user), pk=record_id(plan_id))
            if not check(user, plan):
                raise PermissionDenied
            return view(request, plan, *args, **kwargs)

        return wrapped

    return decorate


def action_view(
    check: Callable[[User, Action], bool] = permissions.can_view_action,
) -> Callable[[ActionHandler[P]], View]:
    """Load the action named by ``action_id``: 404 unless the person may see it, 403 if not
    allowed."""

    def decorate(view: ActionHandler[P]) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, action_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            user = _user(request)
            action = get_object_or_404(
                Action.objects.select_related("plan", "lead"),
                pk=record_id(action_id),
                plan__in=permissions.visible_plans(user),
            )
            if not permissions.can_view_action(user, action):
                raise Http404("No such action.")
            if not check(user, action):
                raise PermissionDenied
            return view(request, action, *args, **kwargs)

        return wrapped

    return decorate


def _crumbs(plan: Plan | None = None) -> list[dict[str, str]]:
    crumbs = [{"text": "Improvement plans", "href": "/improvement/"}]
    if plan is not None:
        crumbs.append({"text": plan.title, "href": f"/improvement/plans/{plan.pk}"})
    return crumbs


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    context.setdefault("nav_section", "improvement")
    return render(request, f"improvement/{template}", context)


def _form_page(
    request: HttpRequest, form: Any, title: str, submit: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "improvement/form.html",
        {"form": form, "page_title": title, "submit": submit, "nav_section": "improvement",
         **extra},
    )  # fmt: skip


# -- plans -----------------------------------------------------------------------------------


def plan_sources(user: User) -> QuerySet[Inspection]:
    """What a manager may make a plan from: the service's locked inspections with
    recommendations, and its self-assessments (their recommendations and findings)."""
    locked = Q(ratings_locked=True, recommendations__isnull=False) & ~Q(
        kind=Inspection.Kind.SELF_ASSESSMENT
    )
    own = Inspection.objects.filter(service_id=user.service_id or 0)
    return (
        own.filter(locked | Q(kind=Inspection.Kind.SELF_ASSESSMENT))
        .distinct()
        .order_by("-fieldwork_start")
    )


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = permissions.visible_plans(user).select_related("service", "inspection")
    can_create = permissions.can_create_plan(user)
    sources = list(plan_sources(user)) if can_create else []
    return _page(request, "plan_list.html", page_title="Improvement plans", plans=visible,
                 sources=sources, can_create=can_create)  # fmt: skip


@require_POST
def plan_new(request: HttpRequest) -> HttpResponse:
    """A draft plan: from a locked inspection's or a self-assessment's recommendations (one
    proposed action for each), or, with no source, an empty plan added to by hand."""
    user = _user(request)
    if not permissions.can_create_plan(user) or user.service is None:
        raise PermissionDenied
    chosen = request.POST.get("inspection", "")
    if chosen == "" and "title" in request.POST:
        title = request.POST.get("title", "").strip()[:200]
        if not title:
            messages.error(request, "Give the plan a title.")
            return redirect("plans")
        plan = Plan.objects.create(service=user.service, title=title, created_by=user)
        plans.record(plan, user, "Plan made", new="by hand")
        return redirect("plan_detail", plan.pk)
    inspection = get_object_or_404(plan_sources(user), pk=record_id(chosen))
    plan = plans.plan_from_inspection(inspection, user)
    count = plan.actions.count()
    made = f"{plan.title} made with {count} proposed action{'s' * (count != 1)}."
    messages.success(request, made)
    return redirect("plan_detail", plan.pk)


@require_GET
@plan_view()
def plan_detail(request: HttpRequest, plan: Plan) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    actions = plan.actions.all()
    if user.role == "partner_lead":
        actions = actions.filter(lead=user)
    rows = plans.action_rows(actions, today)
    figures = plans.Figures(plan)
    return _page(
        request, "plan_detail.html", page_title=plan.title, plan=plan, rows=rows,
        counts=plans.counts(plan), rules=plan.rules.describe(), today=today,
        overdue=[r for r in rows if r.overdue], at_risk=[r for r in rows if r.rag.rag == "amber"],
        linked=figures.linked(r.action for r in rows), figures=figures,
        can_edit=permissions.can_edit_plan(user, plan),
        can_board=permissions.can_see_board(user, plan),
        state_form=PlanStateForm(plan=plan) if permissions.can_edit_plan(user, plan) else None,
        breadcrumbs=_crumbs(),
    )  # fmt: skip


@plan_view(permissions.can_edit_plan)
def plan_edit(request: HttpRequest, plan: Plan) -> HttpResponse:
    before = {f: str(getattr(plan, f)) for f in PlanForm.Meta.fields}
    form = PlanForm(posted(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            for field in PlanForm.Meta.fields:
                if before[field] != str(getattr(plan, field)):
                    label = plans.field_label(Plan, field)
                    plans.record(plan, _user(request), "Plan changed", field=label,
                                 old=before[field], new=str(getattr(plan, field)))  # fmt: skip
        messages.success(request, "The plan is saved.")
        return redirect("plan_detail", plan.pk)
    return _form_page(request, form, f"Change {plan.title}", "Save the plan",
                      breadcrumbs=_crumbs(plan))  # fmt: skip


@require_POST
@plan_view(permissions.can_edit_plan)
def plan_state(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = PlanStateForm(request.POST, plan=plan)
    if not form.is_valid():
        return _form_page(request, form, f"Move {plan.title} on", "Save",
                          breadcrumbs=_crumbs(plan))  # fmt: skip
    plans.change_state(plan, _user(request), form.cleaned_data["state"], form.cleaned_data["on"])
    messages.success(request, f"The plan is now: {plan.state_label.lower()}.")
    return redirect("plan_detail", plan.pk)


@require_GET
@plan_view()
def plan_history(request: HttpRequest, plan: Plan) -> HttpResponse:
    user = _user(request)
    events = plan.events.select_related("user", "action")
    if user.role == "partner_lead":
        events = events.filter(action__lead=user)
    return _page(request, "plan_history.html", page_title=f"History: {plan.title}", plan=plan,
                 events=events[:500], breadcrumbs=_crumbs(plan))  # fmt: skip


# -- actions ---------------------------------------------------------------------------------


@plan_view(permissions.can_edit_plan)
def action_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    """A new action; ``?question=2.2.3`` (and ``&source=ID``, an inspection or self-assessment
    of the service, else the plan's inspection) proposes one from a key question or prompt,
    whose figure there is the baseline (issue 12, item 3)."""
    user = _user(request)
    initial: dict[str, Any] = {"reference": plans.next_reference(plan), "status": "not_started"}
    question = request.GET.get("question", "").strip()
    source = _baseline_source(request, plan)
    figure = (
        figure_of(services.inspection_result(source), question) if source and question else None
    )
    if figure is not None:
        initial |= {
            "question_id": figure.question_id,
            "area": f"{figure.question_id} {figure.text}"[:300],
            "measure": f"% yes on {figure.question_id}",
        }
    form = ActionForm(posted(request), plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            action = form.save(commit=False)
            action.baseline_inspection = source if action.question_id else None
            action.save()
            form.save_m2m()
            plans.record(plan, user, "Action added", action=action, new=action.reference)
            plans.log_action_changes(action, {}, user, "Action added")
        messages.success(request, f"Action {action.reference} added.")
        return redirect("action_detail", action.pk)
    intro = (
        f"Baseline: {figure} on {figure.question_id} in {source.title}, from the data."
        if figure is not None and source is not None
        else ""
    )
    return _form_page(request, form, "Add an action", "Add the action", breadcrumbs=_crumbs(plan),
                      intro=intro)  # fmt: skip


def _baseline_source(request: HttpRequest, plan: Plan) -> Inspection | None:
    """The inspection whose figure is a proposed action's baseline: ``source`` if the person
    may see it and it is the plan's service's, else the plan's inspection."""
    chosen = record_id(request.GET.get("source", "") or request.POST.get("source", ""))
    if chosen:
        visible = permissions.visible_inspections(_user(request))
        found = visible.filter(pk=chosen, service_id=plan.service_id).first()
        if found is not None:
            return found
    return plan.inspection


@require_GET
@action_view()
def action_detail(request: HttpRequest, action: Action) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    [row] = plans.action_rows(Action.objects.filter(pk=action.pk), today)
    figures = plans.Figures(action.plan)
    before, latest = figures.of(action.question_id, action.baseline_inspection)
    return _page(
        request, "action_detail.html", page_title=f"{action.reference}: {action.area}",
        action=action, row=row, updates=action.updates.select_related("author"),
        events=action.events.select_related("user")[:200], before=before, latest=latest,
        reminders=action.reminders.select_related("recipient")[:50],
        figures=figures, can_edit=permissions.can_edit_plan(user, action.plan),
        can_update=permissions.can_update_action(user, action),
        update_form=UpdateForm(action=action), breadcrumbs=_crumbs(action.plan),
    )  # fmt: skip


STALE = (
    "Someone else changed this action while you were working, so yours was not saved. Your "
    "changes are below: reload the page to see theirs."
)


@action_view(lambda user, action: permissions.can_edit_plan(user, action.plan))
def action_edit(request: HttpRequest, action: Action) -> HttpResponse:
    """Change an action; a save from a page opened before someone else's change is refused
    (the action's last recorded change is the version the page was made from)."""
    before = plans.snapshot(action)
    seen = plans.last_change(action)
    form = ActionForm(posted(request), instance=action, plan=action.plan)
    if request.method == "POST" and request.POST.get("seen", "") != seen:
        form.is_valid()
        form.add_error(None, STALE)
    elif request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            plans.log_action_changes(action, before, _user(request), "Action changed")
        messages.success(request, f"Action {action.reference} saved.")
        return redirect("action_detail", action.pk)
    return _form_page(request, form, f"Change action {action.reference}", "Save the action",
                      breadcrumbs=_crumbs(action.plan), seen=seen)  # fmt: skip


@require_POST
@action_view(permissions.can_update_action)
def action_update(request: HttpRequest, action: Action) -> HttpResponse:
    form = UpdateForm(request.POST, action=action)
    if not form.is_valid():
        return _form_page(request, form, f"Update on {action.reference}", "Post the update",
                          breadcrumbs=_crumbs(action.plan))  # fmt: skip
    plans.post_update(action, _user(request), form.save(commit=False))
    messages.success(request, f"Update on {action.reference} posted.")
    return redirect("action_detail", action.pk)


# -- raising an action from the evidence -----------------------------------------------------


@require_GET
def raise_from_inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The key questions and prompts of an inspection below the Good threshold, each with a
    way to propose an action in the service's plan (or any the manager picks)."""
    user = _user(request)
    inspection = get_object_or_404(
        permissions.visible_inspections(user), pk=record_id(inspection_id)
    )
    if not permissions.can_raise_action(user, inspection):
        raise PermissionDenied
    editable = list(Plan.objects.filter(service=inspection.service).exclude(state="closed"))
    threshold = good_threshold(inspection.framework)
    result = services.inspection_result(inspection)
    return _page(request, "raise.html", page_title=f"Raise an action: {inspection.title}",
                 inspection=inspection, threshold=threshold, plans=editable,
                 below=below_threshold(result, threshold), breadcrumbs=_crumbs())  # fmt: skip


# -- exports ---------------------------------------------------------------------------------


def _filename(plan: Plan, suffix: str) -> str:
    return f"{slugify(f'{plan.service.name} {plan.title}') or 'plan'}.{suffix}"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(content, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    })  # fmt: skip


@require_GET
@plan_view()
def plan_export(request: HttpRequest, plan: Plan, kind: str) -> HttpResponse:
    table = exports.plan_table(plan, _user(request))
    plans.record(plan, _user(request), "Plan exported", new=kind.upper())
    if kind == "csv":
        return _download(
            exports.csv_bytes(table), "text/csv; charset=utf-8", _filename(plan, "csv")
        )
    if kind == "xlsx":
        kind_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(exports.xlsx_bytes(table), kind_type, _filename(plan, "xlsx"))
    return _download(exports.plan_pdf(plan, table), "application/pdf", _filename(plan, "pdf"))
