"""URLs of an inspection's surveys and a service's profile (issue 15)."""

from django.urls import path

from yjinspect_web.profile import survey_views

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
