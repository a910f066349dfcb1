"""URLs of the national view (under /national/)."""

from django.urls import URLPattern, path

from yjinspect_web.national import views_dashboard

urlpatterns: list[URLPattern] = [
    path("national/dashboard", views_dashboard.dashboard, name="national_dashboard"),
    path(
        "national/dashboard/<slug:table>.<slug:extension>",
        views_dashboard.export,
        name="national_export",
    ),
]
