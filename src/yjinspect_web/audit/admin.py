"""Sign-in records in the admin: readable, never deleted.

django-axes registers its records in the admin; here the sign-in log and the failure log are
made read-only (no change, no deletion). A current lockout (an access attempt) may still be
cleared, to let a locked-out person try again, and clearing it is recorded in the history.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from yjinspect_web.workspace.models import AuditEvent, User


class _ReadOnly:
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SignInLogAdmin(_ReadOnly, AccessLogAdmin):  # type: ignore[misc]
    """Every sign-in and sign-out: read-only."""


class SignInFailureLogAdmin(_ReadOnly, AccessFailureLogAdmin):  # type: ignore[misc]
    """Every failed sign-in: read-only."""


class LockoutAdmin(AccessAttemptAdmin):  # type: ignore[misc]
    """Current lockouts: clearing one lets the person try again, and is recorded."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        _record_cleared(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        _record_cleared(request, list(queryset))
        super().delete_queryset(request, queryset)


def _record_cleared(request: HttpRequest, attempts: list[AccessAttempt]) -> None:
    user = request.user if isinstance(request.user, User) else None
    for attempt in attempts:
        AuditEvent.objects.create(
            user=user,
            person=User.objects.filter(username=attempt.username).first(),
            action="sign_in",
            subject=attempt.username or "(no username)",
            field="lockout",
            old=f"{attempt.failures_since_start} failed sign-ins from {attempt.ip_address}",
            new="cleared",
        )


for model, model_admin in (
    (AccessLog, SignInLogAdmin),
    (AccessFailureLog, SignInFailureLogAdmin),
    (AccessAttempt, LockoutAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
