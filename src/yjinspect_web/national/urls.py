"""URLs of the national view (under /national/)."""

from django.urls import URLPattern, path

from yjinspect_web.national import views, views_dashboard

urlpatterns: list[URLPattern] = [
    path("national/services", views.service_list, name="national_services"),
    path("national/services/<int:service_id>/timeline", views.timeline, name="national_timeline"),
    path("national/import", views.import_page, name="national_import"),
    path("national/record", views.record_published, name="national_record"),
    path("national/dashboard", views_dashboard.dashboard, name="national_dashboard"),
    path(
        "national/dashboard/<slug:table>.<slug:extension>",
        views_dashboard.export,
        name="national_export",
    ),
]
