"""URLs of moderation (double marking)."""

from django.urls import path

from yjinspect_web.moderation import views

INSPECTION = "inspections/<int:inspection_id>"

urlpatterns = [
    path(f"{INSPECTION}/moderation", views.overview, name="moderation"),
    path(f"{INSPECTION}/moderation/choose", views.choose, name="moderation_choose"),
    path(
        f"{INSPECTION}/moderation/<int:marking_id>/agree",
        views.agree,
        name="moderation_agree",
    ),
    path("second-marking", views.my_markings, name="my_markings"),
    path("second-marking/<int:marking_id>", views.second_marking, name="second_marking"),
]
