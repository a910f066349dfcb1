"""Changes to people, services, inspections and teams, recorded wherever they are made: the
admin, the workspace's pages, the command line. One place, by signals, so no path is missed.

Who made the change comes from the request being served (:class:`ActorMiddleware` keeps it
in a context variable); outside a request (the command line, the demo loader) the event has
no user and reads "Command line". A change is recorded field by field, from and to, in the
same transaction as the change itself. Passwords are never written into history: a changed
password is recorded as changed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse

from yjinspect_web.workspace.models import AuditEvent, Inspection, Service, TeamMember, User

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "audit_request", default=None
)

#: The fields tracked for each model; a save touching none of them records nothing.
TRACKED: dict[type[models.Model], tuple[str, ...]] = {
    User: (
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "partner_agency",
        "service",
        "is_active",
        "is_staff",
        "is_superuser",
        "password",
    ),
    Service: ("name", "local_authority", "region", "la_ref"),
    Inspection: (
        "service",
        "framework_id",
        "kind",
        "title",
        "fieldwork_start",
        "fieldwork_end",
        "published_summary",
    ),
    TeamMember: ("user", "role"),
}
HIDDEN = {"password", "published_summary"}  # recorded as changed, never their values


class ActorMiddleware:
    """Keep the request being served, so a change's event names who made it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def actor() -> User | None:
    """The signed-in person making the current change, if any."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if isinstance(user, User) and user.pk is not None else None


def _field(instance: models.Model, name: str) -> models.Field[Any, Any]:
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _label(instance: models.Model, name: str) -> str:
    return str(_field(instance, name).verbose_name)


def _shown(instance: models.Model, name: str) -> str:
    field = _field(instance, name)
    if name in HIDDEN:
        return "(set)" if getattr(instance, field.attname) else ""
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return ""
    if isinstance(field, models.ForeignKey):
        return str(getattr(instance, name))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _snapshot(instance: models.Model) -> dict[str, Any]:
    fields = TRACKED[type(instance)]
    return {name: getattr(instance, _field(instance, name).attname) for name in fields}


def _where(instance: models.Model) -> dict[str, Any]:
    """The records an event about this instance belongs to."""
    if isinstance(instance, User):
        return {"person": instance, "service_id": instance.service_id}
    if isinstance(instance, Service):
        return {"service": instance}
    if isinstance(instance, Inspection):
        return {"inspection": instance, "service_id": instance.service_id}
    assert isinstance(instance, TeamMember)
    return {
        "inspection_id": instance.inspection_id,
        "person_id": instance.user_id,
        "service_id": Inspection.objects.filter(pk=instance.inspection_id)
        .values_list("service_id", flat=True)
        .first(),
    }


def _subject(instance: models.Model) -> str:
    if isinstance(instance, User):
        return instance.username
    if isinstance(instance, TeamMember):
        return User.objects.get(pk=instance.user_id).username
    return str(instance)[:200]


def record(instance: models.Model, action: str, **fields: Any) -> None:
    AuditEvent.objects.create(
        user=actor(), action=action, subject=_subject(instance), **_where(instance) | fields
    )


def _before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(TRACKED[sender]):
        return  # e.g. a sign-in's last_login, a lock's ratings_locked
    current = sender._default_manager.filter(pk=instance.pk).first()
    if current is not None:
        instance._audit_before = current  # type: ignore[attr-defined]


def _after(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if kwargs.get("created"):
        shown = {n: _shown(instance, n) for n in TRACKED[sender] if n not in HIDDEN}
        summary = "; ".join(f"{_label(instance, n)}: {v}" for n, v in shown.items() if v)
        if isinstance(instance, TeamMember):
            record(instance, "team", new=_shown(instance, "role"), note="added to the team")
        else:
            record(instance, "create", new=summary)
        return
    before = getattr(instance, "_audit_before", None)
    if before is None:
        return
    del instance._audit_before  # type: ignore[attr-defined]
    old, new = _snapshot(before), _snapshot(instance)
    for name in TRACKED[sender]:
        if old[name] != new[name]:
            label = _label(instance, name)
            if name in HIDDEN:
                record(instance, "change", field=label, note=f"{label} changed (not shown)")
            else:
                old_value, new_value = _shown(before, name), _shown(instance, name)
                record(instance, "change", field=label, old=old_value, new=new_value)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if isinstance(instance, TeamMember):
        if Inspection.objects.filter(pk=instance.inspection_id).exists():
            record(instance, "team", old=_shown(instance, "role"), new="removed",
                   note="removed from the team")  # fmt: skip
        return
    # Anything else an event refers to cannot be deleted (PROTECT); what can is recorded
    # without a link to it.
    AuditEvent.objects.create(user=actor(), action="delete", subject=str(instance)[:200],
                              old=f"{sender._meta.verbose_name} {instance}")  # fmt: skip


def _groups_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    from django.contrib.auth.models import Group

    names = ", ".join(
        sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "all removed"}[action]
    record(instance, "change", field="groups", new=f"{verb}: {names}" if names else verb)


def connect() -> None:
    for model in TRACKED:
        uid = f"audit-{model.__name__}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}-after")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit-groups")
