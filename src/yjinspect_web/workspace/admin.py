"""The admin site, for administrators: people and their roles, services, teams.

Judgements are not edited here: they change only through the workspace, which checks who may
change what and records every change in the history.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from yjinspect_web.workspace.models import AuditEvent, Inspection, Service, TeamMember, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "first_name", "last_name", "role", "service", "is_active")
    list_filter = ("role", "service", "is_active")
    # Staff and superuser status follow the role (administrators use this site), so they are
    # not set here; nor are Django's groups and permissions, which the workspace does not use.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Role in the workspace", {"fields": ("role", "partner_agency", "service")}),
        ("Access", {"fields": ("is_active",)}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    add_fieldsets = (
        *(BaseUserAdmin.add_fieldsets or ()),
        ("Role in the workspace", {"fields": ("role", "partner_agency", "service")}),
    )


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ("name", "local_authority", "region")
    search_fields = ("name", "local_authority")


class TeamMemberInline(admin.TabularInline[TeamMember, Inspection]):
    model = TeamMember
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin[Inspection]):
    list_display = ("title", "service", "framework_id", "kind", "fieldwork_start", "ratings_locked")
    list_filter = ("framework_id", "kind", "ratings_locked")
    search_fields = ("title", "service__name")
    inlines = [TeamMemberInline]
    readonly_fields = ("ratings_locked", "locked_at", "locked_by")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the history is never edited."""

    list_display = ("sequence", "at", "user", "action", "subject", "field", "old", "new",
                    "inspection", "service", "person")  # fmt: skip
    list_filter = ("action", "service")
    search_fields = ("subject", "user__username", "person__username")
    list_select_related = ("user", "inspection", "service", "person")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
