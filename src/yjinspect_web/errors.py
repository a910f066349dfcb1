"""The workspace's error pages (400, 403, 404, 500): GOV.UK-styled, with the header and a way
back, never a traceback or a server path. Set as Django's handlers in ``urls.py``."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

PAGES = {
    400: (
        "There is a problem with the request",
        "The page could not use what was sent to it. Go back and try again; if you used a "
        "link or bookmark, start again from your home page.",
    ),
    403: (
        "You cannot do this",
        "Your role does not allow this page or action. If you need it, ask the inspection's "
        "lead inspector or an administrator.",
    ),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, the page "
        "may have moved, or it belongs to an inspection you are not on.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Nothing you did caused this, and nothing was saved by the step that failed. Try again "
        "later; the problem has been recorded.",
    ),
}

# used when the page itself cannot be drawn (e.g. the database is unreachable)
FALLBACK = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>{title} - yjinspect</title></head><body>'
    '<h1>{title}</h1><p>{text}</p><p><a href="/">Go to your home page</a></p></body></html>'
)


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    title, text = PAGES[status]
    body: str
    try:
        body = render_to_string(
            "error.html", {"page_title": title, "text": text, "status": status}, request=request
        )
    except Exception:  # the error page must never fail in turn
        log.exception("the %s page could not be drawn", status)
        body = FALLBACK.format(title=title, text=text)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)
