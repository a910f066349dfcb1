"""The board: meetings (date, attendance by agency, decisions, actions arising), a board pack
per meeting (HTML and PDF in the report's style), the one-page scrutiny summary, and the
partnership budget by year."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from yjinspect.budget import AGENCIES, PARTS, budget_rows, read_rows
from yjinspect.budget import parse_budget as parse_core_budget
from yjinspect.errors import InputError
from yjinspect.improvement import Figure as ImprovementFigure
from yjinspect.improvement import long_date
from yjinspect.report.pack import (
    BoardPack,
    PackAction,
    PackFigure,
    ScrutinyRecommendation,
    ScrutinySummary,
    render_board_pack_html,
    render_board_pack_pdf,
    render_scrutiny_html,
    render_scrutiny_pdf,
)
from yjinspect.trends import Figure as TrendFigure
from yjinspect.trends import figure_change
from yjinspect_web.ids import record_id
from yjinspect_web.improvement import plans
from yjinspect_web.improvement.forms import BudgetForm, MeetingForm
from yjinspect_web.improvement.models import Action, BoardMeeting, Budget, Plan, Recommendation
from yjinspect_web.improvement.views import (
    _crumbs,
    _download,
    _form_page,
    _page,
    _user,
    plan_view,
)
from yjinspect_web.safety.uploads import shown_name, upload_bytes, upload_limits
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Service
from yjinspect_web.workspace.views.inspections import posted


@require_GET
@plan_view(permissions.can_see_board)
def board(request: HttpRequest, plan: Plan) -> HttpResponse:
    user = _user(request)
    budgets = latest_budgets(plan.service)
    return _page(request, "board.html", page_title=f"Board: {plan.title}", plan=plan,
                 meetings=plan.meetings.all(), budgets=budgets,
                 can_manage=permissions.can_edit_plan(user, plan),
                 can_budget=permissions.can_manage_budget(user, plan.service_id),
                 budget_rows=budget_rows, breadcrumbs=_crumbs(plan))  # fmt: skip


@plan_view(permissions.can_edit_plan)
def meeting_new(request: HttpRequest, plan: Plan) -> HttpResponse:
    form = MeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save(commit=False)
            meeting.plan = plan
            meeting.attendance = form.cleaned_data["attendance_text"]
            meeting.created_by = _user(request)
            meeting.save()
            plans.record(plan, _user(request), "Board meeting recorded",
                         new=long_date(meeting.held_on))  # fmt: skip
        messages.success(request, f"The meeting of {long_date(meeting.held_on)} is recorded.")
        return redirect("board", plan.pk)
    return _form_page(request, form, "Record a board meeting", "Record the meeting",
                      breadcrumbs=_crumbs(plan))  # fmt: skip


def _meeting(request: HttpRequest, plan: Plan, meeting_id: int) -> BoardMeeting:
    return get_object_or_404(BoardMeeting, pk=record_id(meeting_id), plan=plan)


def _pack_action(row: plans.ActionRow) -> PackAction:
    action = row.action
    return PackAction(
        reference=action.reference, area=action.area,
        lead=action.lead.display_name if action.lead else "No lead yet",
        agency=action.agency_label,
        due=long_date(action.due_date) if action.due_date else "Not set",
        status=action.status_label, rag=row.rag.label + (" (overridden)" * row.rag.overridden),
        rag_reason=row.rag.reason, latest=row.latest_text,
    )  # fmt: skip


def _changes(plan: Plan, since: date | None, until: date) -> tuple[tuple[str, str, str], ...]:
    """Each change recorded between the previous meeting and this one, oldest first."""
    events = plan.events.select_related("user", "action").filter(
        at__lt=timezone.make_aware(datetime.combine(until, time.max))
    )
    if since is not None:
        events = events.filter(at__gt=timezone.make_aware(datetime.combine(since, time.max)))
    found = []
    for event in events.order_by("at", "id")[:300]:
        subject = f"{event.action.reference}: " if event.action else ""
        change = f" ({event.field}: {event.old or 'none'} to {event.new})" if event.field else (
            f" ({event.new})" if event.new else "")  # fmt: skip
        found.append((long_date(event.at.date()), event.user.display_name,
                      f"{subject}{event.what}{change}"))  # fmt: skip
    return tuple(found)


def _change_words(before: ImprovementFigure | None, latest: ImprovementFigure | None) -> str:
    """From the inspection to the self-assessment, in words (trends' test, h13)."""
    if before is None or latest is None:
        return ""
    change = figure_change(
        TrendFigure(before.percent, before.yes, before.relevant, "inspection"),
        TrendFigure(latest.percent, latest.yes, latest.relevant, "self-assessment"),
    )
    return change.words if change else ""


def _figures(plan: Plan, actions: list[Action]) -> tuple[tuple[PackFigure, ...], str, str]:
    figures = plans.Figures(plan)
    found = []
    for qid, before, latest in figures.linked(actions):
        known = before or latest
        text = known.text if known is not None else ""
        found.append(PackFigure(
            qid, text, before.percent if before else None, latest.percent if latest else None,
            f"({before.yes} of {before.relevant})" if before and before.relevant else "",
            f"({latest.yes} of {latest.relevant})" if latest and latest.relevant else "",
            _change_words(before, latest),
        ))  # fmt: skip
    before_label = plan.inspection.title if plan.inspection else "Inspection"
    source = figures.self_assessment_source
    after_label = source.title if source else "Latest self-assessment"
    return tuple(found), before_label, after_label


def board_pack(plan: Plan, meeting: BoardMeeting) -> BoardPack:
    """Everything the pack shows, as of the meeting's date."""
    rows = plans.action_rows(plan.actions.all(), meeting.held_on)
    previous = plan.meetings.filter(held_on__lt=meeting.held_on).order_by("-held_on").first()
    figures, before_label, after_label = _figures(plan, [row.action for row in rows])
    return BoardPack(
        service=plan.service.name, plan_title=plan.title, plan_state=plan.state_label,
        meeting_on=meeting.held_on, previous_meeting_on=previous.held_on if previous else None,
        counts=tuple(plans.counts(plan).rows()), rules=tuple(plan.rules.describe()),
        overdue=tuple(_pack_action(r) for r in rows if r.overdue),
        at_risk=tuple(_pack_action(r) for r in rows if r.rag.rag == "amber"),
        actions=tuple(_pack_action(r) for r in rows),
        changes=_changes(plan, previous.held_on if previous else None, meeting.held_on),
        figures=figures, inspection_label=before_label, self_assessment_label=after_label,
        attendance=tuple((AGENCIES.get(a, a), who) for a, who in meeting.attendance),
        decisions=meeting.decisions, actions_arising=meeting.actions_arising,
        generated_on=timezone.localdate(),
    )  # fmt: skip


@require_GET
@plan_view(permissions.can_see_board)
def meeting_pack(request: HttpRequest, plan: Plan, meeting_id: int, kind: str) -> HttpResponse:
    meeting = _meeting(request, plan, meeting_id)
    pack = board_pack(plan, meeting)
    name = f"board-pack-{meeting.held_on.isoformat()}"
    if kind == "pdf":
        plans.record(plan, _user(request), "Board pack downloaded",
                     new=f"{long_date(meeting.held_on)} (PDF)")  # fmt: skip
        return _download(render_board_pack_pdf(pack), "application/pdf", f"{name}.pdf")
    return HttpResponse(render_board_pack_html(pack), content_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "private, no-store"})  # fmt: skip


def latest_budgets(service: Service) -> list[Budget]:
    """The latest import of each year, latest year first."""
    seen: dict[str, Budget] = {}
    for budget in Budget.objects.filter(service=service).order_by("-year", "-imported_at", "-id"):
        seen.setdefault(budget.year, budget)
    return list(seen.values())


def scrutiny_summary(plan: Plan) -> ScrutinySummary:
    today = timezone.localdate()
    rows = plans.action_rows(plan.actions.all(), today)
    by_recommendation: dict[int, list[str]] = {}
    for row in rows:
        for number in row.recommendation_numbers:
            by_recommendation.setdefault(number, []).append(
                f"{row.action.reference} {row.action.status_label.lower()}"
            )
    recommendations = (
        Recommendation.objects.filter(inspection=plan.inspection) if plan.inspection else []
    )
    budgets = latest_budgets(plan.service)
    budget = budgets[0] if budgets else None
    parsed = budget.parsed if budget else None
    return ScrutinySummary(
        service=plan.service.name, plan_title=plan.title, plan_state=plan.state_label,
        inspection=plan.inspection.title if plan.inspection else "the plan",
        recommendations=tuple(
            ScrutinyRecommendation(r.number, r.text, r.audience,
                                   ", ".join(by_recommendation.get(r.number, [])))
            for r in recommendations
        ),
        counts=tuple(plans.counts(plan).rows()), overdue=sum(r.overdue for r in rows),
        progress=tuple(f"{r.action.reference}: {r.latest_text}" for r in rows if r.latest),
        budget_year=budget.year if budget else "",
        budget_headings=(*PARTS.values(), "Total"),
        budget_rows=tuple((a, tuple(c)) for a, c in budget_rows(parsed)) if parsed else (),
        budget_notes=tuple(
            f"As printed in {budget.source_name}, {d}" for d in parsed.disagreements()
        ) if parsed and budget else (),
        generated_on=today,
    )  # fmt: skip


@require_GET
@plan_view(permissions.can_see_board)
def scrutiny(request: HttpRequest, plan: Plan, kind: str) -> HttpResponse:
    summary = scrutiny_summary(plan)
    if kind == "pdf":
        plans.record(plan, _user(request), "Scrutiny summary downloaded", new="PDF")
        return _download(render_scrutiny_pdf(summary), "application/pdf", "scrutiny-summary.pdf")
    return HttpResponse(render_scrutiny_html(summary), content_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "private, no-store"})  # fmt: skip


@plan_view(permissions.can_see_board)
def budget_import(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Import a year's budget: all or nothing, every problem listed, nothing changed."""
    user = _user(request)
    if not permissions.can_manage_budget(user, plan.service_id):
        raise PermissionDenied
    form = BudgetForm(posted(request), request.FILES if request.method == "POST" else None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            name = shown_name(upload)
            rows = read_rows(name, upload_bytes(upload), upload_limits())
            parsed = parse_core_budget(rows, name)
        except InputError as exc:
            problems = [str(p) for p in getattr(exc, "problems", ())] or [str(exc)]
        else:
            Budget.objects.create(service=plan.service, year=form.cleaned_data["year"],
                                  source_name=name, content=parsed.as_dict(),
                                  imported_by=user)  # fmt: skip
            plans.record(plan, user, "Budget imported", new=f"{form.cleaned_data['year']}")
            found = parsed.disagreements()
            note = f" {len(found)} printed figure(s) disagree with their parts." if found else ""
            messages.success(request, f"The {form.cleaned_data['year']} budget is imported.{note}")
            return redirect("board", plan.pk)
    return render(request, "improvement/budget_import.html", {
        "form": form, "problems": problems, "plan": plan, "nav_section": "improvement",
        "page_title": "Import a partnership budget", "breadcrumbs": _crumbs(plan),
    }, status=400 if problems else 200)  # fmt: skip
