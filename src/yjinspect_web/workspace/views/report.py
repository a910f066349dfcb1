"""The report: its narrative, its downloads (HTML and PDF), and recorded published
inspections that later reports compare with."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from yjinspect.errors import InputError
from yjinspect.inputs import evidence_from_summary, parse_summary
from yjinspect.limits import decode_text, load_structured
from yjinspect.rating import rate_inspection
from yjinspect.report.case_record import (
    CaseRecordData,
    render_case_record_html,
    render_case_record_pdf,
)
from yjinspect.report.render import render_html, render_pdf
from yjinspect_web import case_record, reporting
from yjinspect_web.safety.uploads import shown_name, upload_bytes, upload_limits
from yjinspect_web.workspace import permissions, report_narrative, services
from yjinspect_web.workspace.models import Case, Inspection, Service, TeamMember
from yjinspect_web.workspace.views.inspections import _crumbs, current_user, posted


def _filename(inspection: Inspection, suffix: str) -> str:
    draft = "" if inspection.ratings_locked else "-draft"
    name = slugify(f"{inspection.service.name} {inspection.title}") or "report"
    return f"{name}{draft}.{suffix}"


def _download(
    content: bytes | str, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    """The file, opened in the browser (``inline``) or saved as ``filename``."""
    disposition = "inline" if inline else "attachment"
    return HttpResponse(
        content,
        content_type=content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def _wants_download(request: HttpRequest) -> bool:
    return request.GET.get("download", "") not in ("", "0")


@require_GET
@permissions.inspection_view()
def report_html(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """The report opens in the browser; ``?download=1`` saves it as a file."""
    html = render_html(reporting.report_data(inspection, current_user(request)))
    services.audit(inspection, current_user(request), "download", "report", field="HTML")
    return _download(
        html,
        "text/html; charset=utf-8",
        _filename(inspection, "html"),
        inline=not _wants_download(request),
    )


@require_GET
@permissions.inspection_view()
def report_pdf(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    pdf = render_pdf(reporting.report_data(inspection, current_user(request)))
    services.audit(inspection, current_user(request), "download", "report", field="PDF")
    return _download(pdf, "application/pdf", _filename(inspection, "pdf"))


@require_POST
@permissions.inspection_view(permissions.can_withdraw_published)
def withdraw_published(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    """Withdraw a recorded published inspection: kept, with who, when and why, but no
    later report compares with it any more. Recorded in the service's history."""
    reason = request.POST.get("reason", "").strip()[:2000]
    if not reason:
        messages.error(request, "Say why the published inspection is withdrawn: it is recorded.")
        return redirect("inspection", inspection.pk)
    with transaction.atomic():
        inspection.withdrawn_at = timezone.now()
        inspection.withdrawn_by = current_user(request)
        inspection.withdrawn_reason = reason
        inspection.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        services.audit(inspection, current_user(request), "published", inspection.title,
                       field="state", old="recorded", new="withdrawn", note=reason)  # fmt: skip
    messages.success(request, f"{inspection.title} withdrawn: later reports no longer use it.")
    return redirect("inspection", inspection.pk)


def _case_record(request: HttpRequest, case: Case) -> CaseRecordData:
    user = current_user(request)
    trail = permissions.can_see_review_trail(user, case.inspection)
    return case_record.case_record(case, with_review_trail=trail)


def _case_filename(case: Case, suffix: str) -> str:
    name = slugify(f"{case.inspection.service.name} {case.inspection.title} case {case.reference}")
    return f"{name or 'case'}.{suffix}"


@require_GET
@permissions.case_view()
def case_record_html(request: HttpRequest, case: Case) -> HttpResponse:
    """A printable record of one case, for whoever may see the case: opens in the browser."""
    html = render_case_record_html(_case_record(request, case))
    services.audit(case.inspection, current_user(request), "download", "case record",
                   case=case, field="HTML")  # fmt: skip
    return _download(html, "text/html; charset=utf-8", _case_filename(case, "html"), inline=True)


@require_GET
@permissions.case_view()
def case_record_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    pdf = render_case_record_pdf(_case_record(request, case))
    services.audit(case.inspection, current_user(request), "download", "case record",
                   case=case, field="PDF")  # fmt: skip
    return _download(pdf, "application/pdf", _case_filename(case, "pdf"))


@permissions.inspection_view(permissions.can_write_report)
def narrative(request: HttpRequest, inspection: Inspection) -> HttpResponse:
    framework = inspection.framework
    stored = reporting.narrative_of(inspection)
    record = getattr(inspection, "narrative", None)
    values = report_narrative.fields_of(stored)
    problems: list[str] = []
    if request.method == "POST":
        values = {key: str(value) for key, value in request.POST.items()}
        parsed = report_narrative.parse(framework, request.POST)
        problems = parsed.problems
        try:
            seen = services.version_seen(request.POST.get("version", "0"))
        except services.ActionRefused as exc:
            problems = [*problems, str(exc)]
        if not problems:
            _, saved = report_narrative.save(inspection, parsed, seen, current_user(request))
            if saved:
                messages.success(request, "The report's narrative is saved.")
                return redirect("report_narrative", inspection.pk)
            problems = [
                "Someone else saved the narrative while you were working, so yours was not "
                "saved. Your text is below: copy what you need, reload, and save again."
            ]
    rows = sorted({int(k.split("-")[1]) for k in values if k.startswith("rec-")})
    return render(
        request,
        "workspace/narrative.html",
        {
            "page_title": f"Report: {inspection.title}",
            "nav_section": "inspections",
            "inspection": inspection,
            "framework": framework,
            "values": values,
            "recommendation_rows": rows,
            "audiences": report_narrative.AUDIENCES,
            "version": record.version if record else 0,
            "problems": problems,
            "breadcrumbs": _crumbs(inspection),
        },
    )


class PublishedForm(forms.Form):
    service = forms.ModelChoiceField(queryset=Service.objects.all())
    title = forms.CharField(max_length=200)
    fieldwork_start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.FileField(
        label="Inspection summary (JSON or YAML)",
        help_text="The published ratings and key question figures, as yjinspect rate reads them.",
    )


def _read_summary_upload(form: PublishedForm) -> dict[str, object]:
    upload = form.cleaned_data["summary"]
    limits = upload_limits()
    name = shown_name(upload)
    data = load_structured(decode_text(upload_bytes(upload, limits), name), name, limits=limits)
    summary = parse_summary(data, name)
    rate_inspection(evidence_from_summary(summary))  # every rule checked before keeping it
    return summary.model_dump(exclude_defaults=True)


def published_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.can_record_published(user):
        raise PermissionDenied
    form = PublishedForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            summary = _read_summary_upload(form)
        except InputError as exc:
            form.add_error("summary", str(exc))
        else:
            with transaction.atomic():
                inspection = Inspection.objects.create(
                    service=form.cleaned_data["service"],
                    title=form.cleaned_data["title"],
                    fieldwork_start=form.cleaned_data["fieldwork_start"],
                    framework_id=str(summary["framework"]),
                    kind=Inspection.Kind.PUBLISHED,
                    published_summary=summary,
                    ratings_locked=True,
                    locked_at=timezone.now(),
                    locked_by=user,
                )
                TeamMember.objects.create(
                    inspection=inspection, user=user, role=TeamMember.TeamRole.LEAD
                )
                services.audit(inspection, user, "published", inspection.title,
                               field="state", new="recorded",
                               note=f"later reports of {inspection.service.name} compare with "
                               "it")  # fmt: skip
            messages.success(request, f"{inspection.title} recorded.")
            return redirect("inspection", inspection.pk)
    return render(
        request,
        "workspace/form_page.html",
        {
            "page_title": "Record a published inspection",
            "intro": "Record the ratings and key question figures of an inspection the "
            "Inspectorate has published, so that later reports of the same service show them "
            "beside their own.",
            "form": form,
            "submit": "Record it",
            "multipart": True,
        },
    )
