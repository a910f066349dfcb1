"""URLs of allocation and queues."""

from django.urls import path

from yjinspect_web.allocation import views

INSPECTION = "inspections/<int:inspection_id>"

urlpatterns = [
    path("", views.home, name="home"),
    path(f"{INSPECTION}/cases", views.case_list, name="case_list"),
    path(f"{INSPECTION}/cases/assign", views.assign, name="assign_cases"),
    path(f"{INSPECTION}/cases/<int:case_id>/withdraw", views.withdraw, name="withdraw_case"),
]
