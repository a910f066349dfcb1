"""URL map. Each area of the workspace has its own views module, as in notifications-admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("yjinspect_web.workspace.urls")),
    path("", include("yjinspect_web.audit.urls")),
    path("", include("yjinspect_web.improvement.urls")),
    path("", include("yjinspect_web.allocation.urls")),
    path("", include("yjinspect_web.moderation.urls")),
    path("", include("yjinspect_web.trends.urls")),
]
