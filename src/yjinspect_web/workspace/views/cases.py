"""Cases: add one, assess it standard by standard (saved as you go), sub-samples, review."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from yjinspect.cases import sub_samples_for_case
from yjinspect.errors import InputError
from yjinspect.framework import KeyQuestion, Standard, load_framework
from yjinspect_web.allocation.services import assignable_members
from yjinspect_web.prefetch import prefetch_reverse
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.forms import CaseForm
from yjinspect_web.workspace.models import Answer, Case, Inspection
from yjinspect_web.workspace.views.inspections import _crumbs, current_user, posted


@permissions.inspection_view(permissions.can_manage)
def case_new(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    if inspection.ratings_locked:
        messages.error(request, "The ratings are locked: reopen them to add a case.")
        return redirect("inspection", inspection.pk)
    form = CaseForm(posted(request), inspection=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                case = form.save()
                services.audit(inspection, current_user(request), "create", case.reference,
                               case=case, new="case added")  # fmt: skip
        except IntegrityError:
            form.add_error("reference", "This inspection already has a case with that reference.")
        else:
            messages.success(request, f"Case {case.reference} added.")
            return redirect("case", inspection.pk, case.pk)
    return render(
        request,
        "workspace/form_page.html",
        {
            "page_title": "Add a case",
            "intro": "Record only what the inspection needs. Never use a child's name.",
            "form": form,
            "submit": "Add case",
            "breadcrumbs": _crumbs(inspection),
        },
    )


# -- the assessment page -------------------------------------------------------------------


@dataclass
class QuestionRow:
    """One key question or prompt on the form, with its current answer."""

    id: str
    text: str
    is_prompt: bool
    allows_na: bool
    answer: Answer | None

    @property
    def value(self) -> str:
        return self.answer.value if self.answer else ""

    @property
    def evidence(self) -> str:
        return self.answer.evidence if self.answer else ""

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0


@dataclass
class KeyQuestionBlock:
    key_question: KeyQuestion
    asked: bool
    reason: str
    row: QuestionRow
    prompts: list[QuestionRow]


def _row(kq: KeyQuestion, question_id: str, text: str, answers: dict[str, Answer]) -> QuestionRow:
    is_prompt = question_id != kq.id
    return QuestionRow(
        id=question_id,
        text=text,
        is_prompt=is_prompt,
        allows_na=is_prompt or kq.allows_not_applicable,
        answer=answers.get(question_id),
    )


def _blocks(case: Case, standard: Standard) -> list[KeyQuestionBlock]:
    answers = {a.question_id: a for a in case.answers.all()}
    found = {a.key_question.id: a for a in services.applicability(case)}
    blocks = []
    for kq in standard.key_questions:
        applies = found[kq.id]
        blocks.append(
            KeyQuestionBlock(
                key_question=kq,
                asked=applies.asked,
                reason=applies.reason,
                row=_row(kq, kq.id, kq.text, answers),
                prompts=[_row(kq, p.id, p.text, answers) for p in kq.prompts],
            )
        )
    return blocks


def _case_standards(case: Case) -> list[Standard]:
    framework = case.inspection.framework
    return [
        standard
        for domain in framework.domains
        if case.case_type in domain.case_types
        for standard in domain.standards
        if standard.key_questions
    ]


@permissions.case_view()
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    user = current_user(request)
    inspection = case.inspection
    # read once, for the questions, progress, gaps and sub-samples alike
    prefetch_reverse([case], "answers", "sub_sample_decisions")
    standards = _case_standards(case)
    chosen = request.GET.get("standard") or (standards[0].id if standards else "")
    standard = next((s for s in standards if s.id == chosen), standards[0] if standards else None)
    decisions = {d.sub_sample_id: d for d in case.sub_sample_decisions.all()}
    can_assign = permissions.can_assign_cases(user, inspection) and not case.is_withdrawn
    return render(
        request,
        "workspace/case_detail.html",
        {
            "page_title": f"Case {case.reference}",
            "nav_section": "inspections",
            "inspection": inspection,
            "case": case,
            "standards": standards,
            "standard": standard,
            "blocks": _blocks(case, standard) if standard else [],
            "progress": services.case_progress(case),
            "gaps": services.submission_gaps(case),
            "returned": services.returned_comment(case),
            "can_assign": can_assign,
            "kq_standard": _key_question_standards(inspection.framework_id),
            "kq_text": _key_question_texts(inspection.framework_id),
            "members": assignable_members(inspection) if can_assign else [],
            "live": _live_rating(inspection, standard) if standard else None,
            "sub_samples": sub_samples_for_case(inspection.framework, case.case_type),
            "decisions": decisions,
            "applicability": services.applicability(case),
            "can_edit": permissions.can_edit_case(user, case),
            "can_submit": permissions.can_submit_case(user, case),
            "can_quality_assure": permissions.can_quality_assure(user, case),
            "can_return": permissions.can_return_case(user, case),
            "can_withdraw": permissions.can_withdraw_case(user, case),
            "comments": case.review_comments.select_related("author"),
            "breadcrumbs": _crumbs(inspection),
        },
    )


@cache
def _key_question_standards(framework_id: str) -> dict[str, str]:
    """Each key question's standard (once per process: frameworks do not change)."""
    return {kq.id: s.id for s, kq in load_framework(framework_id).key_questions()}


@cache
def _key_question_texts(framework_id: str) -> dict[str, str]:
    return {
        kq.id: kq.short_text or kq.text for _, kq in load_framework(framework_id).key_questions()
    }


def _live_rating(inspection: Inspection, standard: Standard) -> object:
    return services.standard_result(inspection, standard.id)


@require_POST
@permissions.case_view(permissions.can_edit_case)
def save_answer(request: HttpRequest, case: Case) -> HttpResponse:
    """Save one question's answer; htmx gets the question back (and the live rating).
    Every field is checked before anything is saved: an unknown standard is a 400."""
    standard_id = request.POST.get("standard", "")
    standard = case.inspection.framework.standard(standard_id) if standard_id else None
    question_id = request.POST.get("question_id", "")
    value = request.POST.get("value", "")
    evidence = request.POST.get("evidence", "").strip()
    error = ""
    outcome = None
    try:
        seen_version = services.version_seen(request.POST.get("version", "0"))
        outcome = services.save_answer(
            case, question_id, value, evidence, seen_version, current_user(request)
        )
    except services.ActionRefused as exc:
        error = str(exc)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        elif outcome and outcome.conflict:
            messages.error(request, _conflict_message(outcome.answer, question_id))
        url = reverse("case", args=[case.inspection_id, case.pk])
        return redirect(f"{url}?standard={standard_id}#q-{question_id}")
    found = services.question_for_case(case, question_id) if not error else None
    kq = found[0] if found else None
    row = QuestionRow(
        id=question_id,
        text=_question_text(kq, question_id),
        is_prompt=bool(found and found[1]),
        allows_na=bool(found and (found[1] or found[0].allows_not_applicable)),
        answer=outcome.answer if outcome else None,
    )
    return render(
        request,
        "workspace/partials/question_saved.html",
        {
            "case": case,
            "inspection": case.inspection,
            "row": row,
            "standard": standard,
            "outcome": outcome,
            "error": error,
            "mine": {"value": value, "evidence": evidence},
            "conflict_message": _conflict_message(outcome.answer, question_id)
            if outcome and outcome.conflict
            else "",
            "live": _live_rating(case.inspection, standard) if standard else None,
            "progress": services.case_progress(case),
            "can_edit": True,
        },
    )


def _question_text(kq: KeyQuestion | None, question_id: str) -> str:
    if kq is None:
        return question_id
    if kq.id == question_id:
        return kq.text
    return next((p.text for p in kq.prompts if p.id == question_id), question_id)


def _conflict_message(answer: Answer, question_id: str) -> str:
    shown = dict(Answer.Value.choices).get(answer.value, "no answer")
    when = answer.updated_at.strftime("%H:%M:%S")
    return (
        f"{answer.updated_by.display_name} saved {question_id} at {when} while you were "
        f"working: their answer is '{shown}'. Yours was not saved and is shown below: "
        "save again to replace theirs, or leave it."
    )


@require_POST
@permissions.case_view(permissions.can_edit_case)
def decide_sub_sample(request: HttpRequest, case: Case) -> HttpResponse:
    choice = request.POST.get("included", "")
    if choice not in ("in", "out", "default"):  # nothing chosen is not "set it back"
        messages.error(request, "Choose whether the case is in the sub-sample.")
        return redirect("case", case.inspection_id, case.pk)
    included = {"in": True, "out": False, "default": None}[choice]
    try:
        services.decide_sub_sample(
            case,
            request.POST.get("sub_sample_id", ""),
            included,
            request.POST.get("reason", ""),
            current_user(request),
        )
        messages.success(request, "Sub-sample decision recorded.")
    except (services.ActionRefused, InputError) as exc:  # InputError: unknown sub-sample id
        messages.error(request, str(exc))
    return redirect("case", case.inspection_id, case.pk)


@require_POST
@permissions.case_view()
def review(request: HttpRequest, case: Case) -> HttpResponse:
    """Move a case through its review states, as the user's role allows."""
    user = current_user(request)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    allowed = {
        "submit": permissions.can_submit_case,
        "quality_assure": permissions.can_quality_assure,
        "return": permissions.can_return_case,
    }
    if action not in allowed or not allowed[action](user, case):
        raise PermissionDenied
    try:
        if action == "submit":
            services.submit_case(case, user)
        elif action == "quality_assure":
            services.quality_assure_case(case, user, comment)
        else:
            services.return_case(case, user, comment)
        messages.success(request, f"Case {case.reference}: {case.get_state_display().lower()}.")
    except services.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("case", case.inspection_id, case.pk)
