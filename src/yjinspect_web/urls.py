"""URL map. Each area of the workspace has its own views module, as in notifications-admin."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # the admin site is signed into like the workspace (password, then the second factor)
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
    path("", include("yjinspect_web.accounts.urls")),
    path("", include("yjinspect_web.workspace.urls")),
    path("", include("yjinspect_web.audit.urls")),
    path("", include("yjinspect_web.improvement.urls")),
    path("", include("yjinspect_web.allocation.urls")),
    path("", include("yjinspect_web.moderation.urls")),
    path("", include("yjinspect_web.trends.urls")),
    path("", include("yjinspect_web.profile.urls")),
    path("", include("yjinspect_web.national.urls")),
]

# GOV.UK-styled error pages with the header and a way back (yjinspect_web/errors.py)
handler400 = "yjinspect_web.errors.bad_request"
handler403 = "yjinspect_web.errors.forbidden"
handler404 = "yjinspect_web.errors.not_found"
handler500 = "yjinspect_web.errors.server_error"
