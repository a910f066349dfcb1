"""URLs of an inspection's surveys and a service's profile (issue 15)."""

from django.urls import path

from yjinspect_web.profile import survey_views, views

SURVEYS = "inspections/<int:inspection_id>/surveys"

urlpatterns = [
    path(SURVEYS, survey_views.survey_list, name="surveys"),
    path(f"{SURVEYS}/new", survey_views.survey_new, name="survey_new"),
    path(f"{SURVEYS}/import", survey_views.survey_import, name="survey_import"),
    path(f"{SURVEYS}/<str:kind>", survey_views.survey_edit, name="survey_edit"),
    path(
        f"{SURVEYS}/<str:kind>/questions/new",
        survey_views.question_new,
        name="survey_question_new",
    ),
    path(
        f"{SURVEYS}/<str:kind>/questions/<int:question_pk>",
        survey_views.question_edit,
        name="survey_question_edit",
    ),
    path(
        f"{SURVEYS}/<str:kind>/questions/<int:question_pk>/remove",
        survey_views.question_remove,
        name="survey_question_remove",
    ),
]

PROFILES = "services/<int:service_id>/profiles"
ONE = f"{PROFILES}/<int:profile_id>"

urlpatterns += [
    path(PROFILES, views.profile_list, name="profiles"),
    path(f"{PROFILES}/new", views.profile_new, name="profile_new"),
    path(f"{PROFILES}/import", views.profile_import, name="profile_import"),
    path(ONE, views.profile_detail, name="profile_detail"),
    path(f"{ONE}/edit", views.profile_edit, name="profile_edit"),
    path(f"{ONE}/figures/new", views.figure_new, name="profile_figure_new"),
    path(f"{ONE}/figures/remove", views.figure_remove, name="profile_figure_remove"),
    path(f"{ONE}/caseload", views.caseload_from_sampling, name="profile_caseload"),
    path(f"{ONE}/caseload/edit", views.caseload_edit, name="profile_caseload_edit"),
    path(f"{ONE}/staffing", views.staffing_edit, name="profile_staffing"),
    path(f"{ONE}/area", views.area_edit, name="profile_area"),
    path(f"{ONE}/area/figures/new", views.area_figure_new, name="profile_area_figure_new"),
]
