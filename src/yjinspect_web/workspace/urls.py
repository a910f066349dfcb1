"""URLs of the workspace, grouped by area; each area has its own views module."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from yjinspect_web.workspace.views import (
    auth,
    cases,
    dashboard,
    history,
    inspections,
    judgements,
    panel,
    report,
    sampling,
    workbook,
)

INSPECTION = "inspections/<int:inspection_id>"
CASE = f"{INSPECTION}/cases/<int:case_id>"

urlpatterns = [
    path("sign-in", login_not_required(auth.SignInView.as_view()), name="login"),
    path("sign-out", auth.sign_out, name="logout"),
    path("inspections", inspections.inspection_list, name="inspections"),
    path("inspections/new", inspections.inspection_new, name="inspection_new"),
    path("services/new", inspections.service_new, name="service_new"),
    path(INSPECTION, inspections.inspection_detail, name="inspection"),
    path(f"{INSPECTION}/team/add", inspections.team_add, name="team_add"),
    path(f"{INSPECTION}/team/<int:member_id>/remove", inspections.team_remove, name="team_remove"),
    path(f"{INSPECTION}/cases/new", cases.case_new, name="case_new"),
    path(CASE, cases.case_detail, name="case"),
    path(f"{CASE}/answer", cases.save_answer, name="save_answer"),
    path(f"{CASE}/sub-samples", cases.decide_sub_sample, name="decide_sub_sample"),
    path(f"{CASE}/review", cases.review, name="case_review"),
    path(f"{CASE}/record.html", report.case_record_html, name="case_record_html"),
    path(f"{CASE}/record.pdf", report.case_record_pdf, name="case_record_pdf"),
    path(f"{INSPECTION}/dashboard", dashboard.dashboard, name="dashboard"),
    path(f"{INSPECTION}/judgements", judgements.judgements, name="judgements"),
    path(
        f"{INSPECTION}/judgements/<str:standard_id>",
        judgements.save_judgement,
        name="save_judgement",
    ),
    path(f"{INSPECTION}/panel", panel.panel, name="panel"),
    path(f"{INSPECTION}/panel/<str:standard_id>", panel.panel_decision, name="panel_decision"),
    path(f"{INSPECTION}/lock", panel.lock, name="lock"),
    path(f"{INSPECTION}/history", history.history, name="history"),
    path(f"{INSPECTION}/sampling", sampling.sampling, name="sampling"),
    path(f"{INSPECTION}/report/narrative", report.narrative, name="report_narrative"),
    path(f"{INSPECTION}/report.html", report.report_html, name="report_html"),
    path(f"{INSPECTION}/report.pdf", report.report_pdf, name="report_pdf"),
    path("inspections/published/new", report.published_new, name="published_new"),
    path(f"{INSPECTION}/withdraw", report.withdraw_published, name="withdraw_published"),
    path(
        f"{INSPECTION}/sampling/<int:record_id>/create",
        sampling.create_cases,
        name="sampling_create",
    ),
    path(
        f"{INSPECTION}/sampling/<int:record_id>/replace",
        sampling.replace_case,
        name="sampling_replace",
    ),
    path(f"{INSPECTION}/workbook.xlsx", workbook.export, name="workbook_export"),
    path(f"{INSPECTION}/workbook/import", workbook.import_view, name="workbook_import"),
]
