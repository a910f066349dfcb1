"""An inspection's surveys: counts and shares beside the last inspection's, and the forms to
enter them or import them from a file. Thin: access is decided in workspace/permissions.py,
what a valid survey is by the core (yjinspect.surveys), storing by profile/surveys.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yjinspect import surveys as core
from yjinspect.errors import InputError
from yjinspect_web import reporting
from yjinspect_web.ids import record_id
from yjinspect_web.profile import surveys
from yjinspect_web.profile.forms import QuestionForm, SurveyForm, SurveyImportForm
from yjinspect_web.profile.models import SurveyQuestion
from yjinspect_web.safety.uploads import shown_name, upload_bytes, upload_limits
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Inspection, User

edit = permissions.inspection_view(permissions.can_edit_surveys)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _post(request: HttpRequest) -> Any:
    """The posted fields, or None for a GET: an empty form that is sent says what is missing."""
    return request.POST if request.method == "POST" else None


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _crumbs(inspection: Inspection, *more: tuple[str, str]) -> list[dict[str, str]]:
    crumbs = [
        {"text": "Inspections", "href": "/inspections"},
        {"text": inspection.title, "href": f"/inspections/{inspection.pk}"},
        {"text": "Surveys", "href": f"/inspections/{inspection.pk}/surveys"},
    ]
    return crumbs + [{"text": text, "href": href} for text, href in more]


def _form(
    request: HttpRequest, inspection: Inspection, form: Any, title: str, submit: str,
    **extra: Any,
) -> HttpResponse:  # fmt: skip
    return render(request, "profile/survey_form.html", {
        "form": form, "page_title": title, "submit": submit, "inspection": inspection,
        "nav_section": "inspections", "breadcrumbs": _crumbs(inspection), **extra,
    }, status=400 if form.is_bound and form.errors else 200)  # fmt: skip


def _kind(kind: str) -> str:
    if kind not in core.SURVEY_KINDS:
        raise Http404("No such survey.")
    return kind


@permissions.inspection_view()
def survey_list(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """Every survey of the inspection: who took part, and each question's counts and shares
    beside the last inspection's same question."""
    user = _user(request)
    previous = reporting.previous_inspection(inspection, user)
    found = surveys.results(inspection, previous)
    missing = [k for k in core.SURVEY_KINDS if k not in {r.survey.kind for r in found}]
    question_pks: dict[str, dict[str, int]] = {}
    stored = SurveyQuestion.objects.filter(survey__inspection=inspection)
    for kind, question_id, pk in stored.values_list("survey__kind", "question_id", "pk"):
        question_pks.setdefault(kind, {})[question_id] = pk
    return render(request, "profile/surveys.html", {
        "inspection": inspection, "results": found, "missing": missing,
        "kinds": core.SURVEY_KINDS, "previous": previous, "question_pks": question_pks,
        "can_edit": permissions.can_edit_surveys(user, inspection),
        "page_title": f"Surveys: {inspection.title}", "nav_section": "inspections",
        "breadcrumbs": _crumbs(inspection)[:2],
    })  # fmt: skip


@edit
def survey_new(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    present = surveys.surveys_of(inspection)
    kinds = [k for k in core.SURVEY_KINDS if k not in present]
    if not kinds:
        messages.info(request, "Every kind of survey is already recorded: change one below.")
        return redirect("surveys", inspection.pk)
    form = SurveyForm(_post(request), kinds=kinds)
    if request.method == "POST" and form.is_valid() and form.survey is not None:
        surveys.store(inspection, _user(request), form.survey, "survey added")
        messages.success(request, f"The {form.survey.title.lower()} is added.")
        return redirect("surveys", inspection.pk)
    return _form(request, inspection, form, "Add a survey", "Add the survey")


@edit
def survey_edit(request: HttpRequest, inspection: Inspection, kind: str) -> HttpResponse:
    existing = surveys.survey_of(inspection, _kind(kind))
    if existing is None:
        raise Http404("No such survey.")
    form = SurveyForm(_post(request), kinds=[kind], existing=existing)
    if request.method == "POST" and form.is_valid() and form.survey is not None:
        surveys.store(inspection, _user(request), form.survey, "participation")
        messages.success(request, f"The {existing.title.lower()}'s participation is saved.")
        return redirect("surveys", inspection.pk)
    return _form(request, inspection, form, f"{existing.title}: who took part", "Save")


@edit
def question_new(request: HttpRequest, inspection: Inspection, kind: str) -> HttpResponse:
    existing = surveys.survey_of(inspection, _kind(kind))
    if existing is None:
        raise Http404("No such survey.")
    form = QuestionForm(_post(request), survey=existing)
    if request.method == "POST" and form.is_valid() and form.survey is not None:
        assert form.question is not None
        surveys.store(inspection, _user(request), form.survey, f"question {form.question.id}")
        messages.success(request, f"Question {form.question.id} is added.")
        return redirect("surveys", inspection.pk)
    return _form(request, inspection, form, f"{existing.title}: add a question", "Add the question")


def _question(inspection: Inspection, kind: str, question_pk: int) -> tuple[
    core.Survey, core.SurveyQuestion
]:  # fmt: skip
    existing = surveys.survey_of(inspection, _kind(kind))
    stored = SurveyQuestion.objects.filter(
        pk=record_id(question_pk), survey__inspection=inspection, survey__kind=kind
    ).first()
    if existing is None or stored is None:
        raise Http404("No such question.")
    question = existing.question(stored.question_id)
    assert question is not None
    return existing, question


@edit
def question_edit(
    request: HttpRequest, inspection: Inspection, kind: str, question_pk: int
) -> HttpResponse:
    existing, question = _question(inspection, kind, question_pk)
    form = QuestionForm(_post(request), survey=existing, question=question)
    if request.method == "POST" and form.is_valid() and form.survey is not None:
        surveys.store(inspection, _user(request), form.survey, f"question {question.id}")
        messages.success(request, f"Question {question.id} is saved.")
        return redirect("surveys", inspection.pk)
    return _form(
        request, inspection, form, f"{existing.title}: change a question", "Save the question",
        remove_url=f"/inspections/{inspection.pk}/surveys/{kind}/questions/{question_pk}/remove",
    )  # fmt: skip


@require_POST
@edit
def question_remove(
    request: HttpRequest, inspection: Inspection, kind: str, question_pk: int
) -> HttpResponse:
    existing, question = _question(inspection, kind, question_pk)
    kept = tuple(q for q in existing.questions if q is not question)
    survey = core.Survey(existing.kind, kept, existing.took_part, existing.invited, existing.note)
    surveys.store(inspection, _user(request), survey, f"question {question.id} removed")
    messages.success(request, f"Question {question.id} is removed (the history keeps it).")
    return redirect("surveys", inspection.pk)


@edit
def survey_import(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """Import survey results from a file: all or nothing, every problem listed."""
    form = SurveyImportForm(*_posted(request))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = shown_name(upload)
        try:
            found = core.read_surveys(name, upload_bytes(upload), upload_limits())
            surveys.store_all(inspection, _user(request), found, name)
        except InputError as exc:
            problems = [str(p) for p in getattr(exc, "problems", ())] or [str(exc)]
        else:
            titles = ", ".join(s.title.lower() for s in found)
            messages.success(request, f"Imported from {name}: the {titles}.")
            return redirect("surveys", inspection.pk)
    return render(request, "profile/survey_import.html", {
        "form": form, "problems": problems, "inspection": inspection,
        "page_title": "Import survey results", "nav_section": "inspections",
        "breadcrumbs": _crumbs(inspection),
    }, status=400 if problems or form.errors else 200)  # fmt: skip
