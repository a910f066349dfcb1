"""URLs of trends."""

from django.urls import path

from yjinspect_web.trends import views

urlpatterns = [
    path("services/<int:service_id>/trend", views.service_trend, name="service_trend"),
]
