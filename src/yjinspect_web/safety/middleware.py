"""Middleware: requests bounded before any view runs, bad input answered 400 (never 500),
and signed-in pages never kept in a cache."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from yjinspect.errors import InputError

Handler = Callable[[HttpRequest], HttpResponse]

# Which limit of settings.TEXT_MAX_CHARS a posted field is held to, by the field's name.
TEXT_FIELDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"evidence(-.+)?"), "evidence", "The evidence"),
    (re.compile(r"rationale"), "rationale", "The panel's rationale"),
    (re.compile(r"comment"), "comment", "The comment"),
    (re.compile(r"reason"), "reason", "The reason"),
    (
        re.compile(r"foreword|summary|facts|(domain|standard)-.+|rec-\d+-text"),
        "narrative",
        "This part of the report's narrative",
    ),
)


def text_limit(field_name: str) -> int:
    """The most characters the field of this name accepts (stated on its form)."""
    return int(settings.TEXT_MAX_CHARS[_text_kind(field_name)[0]])


def limit_words(field_name: str) -> str:
    """The field's limit as the form states it, e.g. "up to 10,000 characters"."""
    return f"up to {text_limit(field_name):,} characters"


def _text_kind(field_name: str) -> tuple[str, str]:
    for pattern, kind, label in TEXT_FIELDS:
        if pattern.fullmatch(field_name):
            return kind, label
    return "other", f"The field {field_name[:40]!r}"


def refused(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """A plain page saying what was refused and why; nothing was changed."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    heading = "The file is too large" if status == 413 else "This could not be saved"
    return render(
        request,
        "safety/refused.html",
        {"page_title": heading, "heading": heading, "message": message, "back": back},
        status=status,
    )


def _text_problem(request: HttpRequest) -> str:
    for name, values in request.POST.lists():
        for value in values:
            if "\x00" in value or "\x00" in name:
                return "A field holds a character that cannot be stored (NUL)."
            kind, label = _text_kind(name)
            limit = int(settings.TEXT_MAX_CHARS[kind])
            if len(value) > limit:
                return (
                    f"{label} is {len(value):,} characters long: the limit is {limit:,} characters."
                )
    return ""


ERROR_SUMMARY = b'class="govuk-error-summary'


def _shows_form_errors(request: HttpRequest, response: HttpResponse) -> bool:
    """A page answering a POST with GOV.UK's error summary ("There is a problem", each field
    named) refused the input and changed nothing, so it is a 400, not a 200. htmx's partial
    answers (a question's own error message, swapped in place) stay 200: htmx does not swap a
    4xx."""
    return (
        response.status_code == 200
        and not response.streaming
        and not request.headers.get("HX-Request")
        and response.get("Content-Type", "").startswith("text/html")
        and ERROR_SUMMARY in response.content
    )


class RequestLimitsMiddleware:
    """Refuses, before any view runs, a request body larger than an upload may be (413) and
    posted text longer than its field's limit or holding NUL (400); answers a form refused
    with an error summary as a 400; and answers an :class:`InputError` escaping a view with a
    400 page instead of a 500."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        allowed = settings.UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > allowed:
            return refused(
                request,
                f"The request is {length / 1024 / 1024:.1f} MB: a file may be at most "
                f"{settings.UPLOAD_MAX_BYTES / 1024 / 1024:g} MB.",
                status=413,
            )
        if request.method == "POST" and (problem := _text_problem(request)):
            return refused(request, problem)
        response = self.get_response(request)
        if request.method == "POST" and _shows_form_errors(request, response):
            response.status_code = 400
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, InputError):
            return refused(request, str(exception))
        return None


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (never kept by a browser or proxy) on every page served to
    a signed-in person."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
