"""History pages: every event, a page at a time (no cut-off), and the whole of it as CSV.

An inspection's history is on the inspection (``workspace/views/history.py`` calls
:func:`page_of` and :func:`csv_download`); administrators also see every event of the
workspace here, including those outside any inspection (people, services, sign-ins).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from yjinspect_web.audit.labels import CSV_HEADINGS, EventRow, row, with_related
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import AuditEvent, Service, User

PAGE_SIZE = 100


def page_of(request: HttpRequest, events: QuerySet[AuditEvent]) -> tuple[Page[Any], list[EventRow]]:
    """The requested page of events, newest first; a page number out of range gives the
    nearest page rather than an error."""
    paginator = Paginator(with_related(events).order_by("-sequence", "-id"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, [row(event) for event in page.object_list]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADINGS)  # Excel reads UTF-8 with the mark
    for event in with_related(events).order_by("sequence", "id").iterator(2000):
        shown = row(event)
        yield writer.writerow([_safe(str(value)) for value in shown.__dict__.values()])


def csv_download(events: QuerySet[AuditEvent], name: str) -> StreamingHttpResponse:
    """Every event, oldest first, streamed (memory stays flat however long the history)."""
    filename = f"{slugify(name) or 'history'}-history-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        _lines(events),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _record_download(request: HttpRequest, what: str, **where: Any) -> None:
    user = request.user if isinstance(request.user, User) else None
    AuditEvent.objects.create(user=user, action="download", subject=what, field="CSV", **where)


def workspace_history(request: HttpRequest) -> HttpResponseBase:
    """Every event of the workspace, for administrators; narrowed to a service, a person, or
    the changes made outside any inspection."""
    user = request.user
    if not isinstance(user, User) or not permissions.can_see_all_history(user):
        raise PermissionDenied
    events = AuditEvent.objects.all()
    service = Service.objects.filter(pk=_number(request.GET.get("service"))).first()
    person = User.objects.filter(username=request.GET.get("person", "")).first()
    outside = request.GET.get("outside") == "1"
    if service is not None:
        events = events.filter(service=service)
    if person is not None:
        events = events.filter(person=person) | events.filter(user=person)
    if outside:
        events = events.filter(inspection=None)
    if request.GET.get("format") == "csv":
        _record_download(request, "workspace history")
        return csv_download(events, "workspace")
    page, rows = page_of(request, events)
    return render(
        request,
        "audit/workspace_history.html",
        {
            "page_title": "History of every change",
            "nav_section": "inspections",
            "page": page,
            "rows": rows,
            "services": Service.objects.all(),
            "service": service,
            "person": request.GET.get("person", ""),
            "outside": outside,
            "query": query_without_page(request),
            "breadcrumbs": [{"text": "Inspections", "href": "/inspections"}],
        },
    )


def _number(text: str | None) -> int:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else 0
