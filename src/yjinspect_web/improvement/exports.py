"""A plan's exports: CSV, XLSX and PDF, one row per action, in words (for the pages and for
``yjinspect plan``)."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from yjinspect_web.improvement import plans
from yjinspect_web.improvement.models import Plan
from yjinspect_web.workspace.models import Service, User


def plan_table(plan: Plan, user: User | None = None) -> list[list[str]]:
    actions = plan.actions.all()
    if user is not None and user.role == "partner_lead":
        actions = actions.filter(lead=user)
    return plans.export_rows(plans.action_rows(actions, timezone.localdate()))


def csv_bytes(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table:
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def _safe_cell(text: str) -> str:
    """No spreadsheet formula from people's words (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def xlsx_bytes(table: list[list[str]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Plan"
    for row in table:
        sheet.append([_safe_cell(cell) for cell in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def plan_pdf(plan: Plan, table: list[list[str]]) -> bytes:
    from yjinspect.report.pack import PlanDocument, render_plan_pdf

    return render_plan_pdf(
        PlanDocument(
            title=plan.title,
            service=plan.service.name,
            state=plan.state_label,
            rows=tuple(tuple(r) for r in table),
            rules=tuple(plan.rules.describe()),
            generated_on=timezone.localdate(),
        )
    )


def current_plan_table(service_name: str) -> tuple[Plan, list[list[str]]]:
    """The service's current plan (the latest not closed, else the latest) and its table,
    for the command line, which holds the database and so asks no permission."""
    from yjinspect.errors import InputError

    service = Service.objects.filter(name__iexact=service_name.strip()).first()
    if service is None:
        names = ", ".join(Service.objects.values_list("name", flat=True)) or "none"
        raise InputError(f"no service named {service_name!r} (services: {names})")
    found = (
        Plan.objects.filter(service=service).exclude(state="closed").order_by("-created_at").first()
        or Plan.objects.filter(service=service).order_by("-created_at").first()
    )
    if found is None:
        raise InputError(f"{service.name} has no improvement plan")
    return found, plan_table(found)
