"""The national dashboard and its exports: for national analysts and administrators only
(:func:`yjinspect_web.workspace.permissions.can_view_national`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from markupsafe import Markup

from yjinspect.framework import framework_ids, load_framework
from yjinspect.national import year_label
from yjinspect_web.national import aggregates, exports
from yjinspect_web.national.aggregates import Dashboard, Filters
from yjinspect_web.national.charts import ratings_chart
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.views.inspections import current_user

ALL = "all"


class BadFilter(Exception):
    """A filter's value that is not one of its choices: (field, message)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _all_ratings() -> list[str]:
    return aggregates.rating_names(framework_ids())


def read_filters(request: HttpRequest, years: list[int]) -> Filters:
    """The filters from the query string; the latest year by default. Raises BadFilter."""
    year_text = request.GET.get("year", "").strip()
    year: int | None = years[0] if years else None
    if year_text == ALL:
        year = None
    elif year_text:
        if not (year_text.isascii() and year_text.isdigit()) or int(year_text) not in years:
            raise BadFilter("year", "Choose a year from the list.")
        year = int(year_text)
    framework_id = request.GET.get("framework", "").strip() or None
    if framework_id is not None and framework_id not in framework_ids():
        raise BadFilter("framework", "Choose a framework version from the list.")
    rating = request.GET.get("rating", "").strip() or None
    if rating is not None and rating not in _all_ratings():
        raise BadFilter("rating", "Choose an overall rating from the list.")
    return Filters(year=year, framework_id=framework_id, rating=rating)


def _allowed(request: HttpRequest) -> None:
    if not permissions.can_view_national(current_user(request)):
        raise PermissionDenied


def _charts(found: Dashboard) -> dict[str, dict[str, tuple[Markup, str]]]:
    """Each chart's SVG (our own, its text escaped) and its text alternative: the overall
    ratings by year, and each framework's ratings by standard."""
    charts: dict[str, dict[str, tuple[Markup, str]]] = {"overall": {}, "standards": {}}
    if found.overall_by_year:
        chart = ratings_chart(
            "overall-by-year",
            "Overall ratings by year, as shares of inspections",
            found.overall_by_year,
            found.ratings,
        )
        charts["overall"][""] = (Markup(chart.svg), chart.text)
    for framework_id in dict.fromkeys(row.framework_id for row in found.by_standard):
        rows = [row for row in found.by_standard if row.framework_id == framework_id]
        chart = ratings_chart(
            f"by-standard-{framework_id}",
            f"Ratings by standard, {load_framework(framework_id).name}, as shares of inspections",
            rows,
            found.ratings,
        )
        charts["standards"][framework_id] = (Markup(chart.svg), chart.text)
    return charts


def dashboard(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    years = aggregates.years()
    choices = {
        "years": [(str(y), year_label(y)) for y in years] + [(ALL, "Every year")],
        "frameworks": [(f, load_framework(f).name) for f in framework_ids()],
        "ratings": [(r, r) for r in _all_ratings()],
    }
    context = {
        "page_title": "National view: dashboard",
        "nav_section": "national",
        "choices": choices,
        "exports": list(exports.TABLES),
        "suppress_below": aggregates.SUPPRESS_BELOW,
        "framework_names": {f: load_framework(f).name for f in framework_ids()},
    }
    try:
        filters = read_filters(request, years)
    except BadFilter as problem:
        context |= {"error": (problem.field, str(problem)), "selected": request.GET}
        return render(request, "national/dashboard.html", context, status=400)
    found = aggregates.dashboard(filters)
    context |= {
        "found": found,
        "charts": _charts(found),
        "selected": {
            "year": ALL if filters.year is None else str(filters.year),
            "framework": filters.framework_id or "",
            "rating": filters.rating or "",
        },
        "query": request.GET.urlencode(),
    }
    return render(request, "national/dashboard.html", context)


def export(request: HttpRequest, table: str, extension: str) -> HttpResponse:
    _allowed(request)
    if table not in exports.TABLES or extension not in ("csv", "xlsx"):
        raise Http404
    try:
        filters = read_filters(request, aggregates.years())
    except BadFilter:
        return dashboard(request)  # the dashboard's page naming the field (400)
    found = aggregates.dashboard(filters)
    made = exports.TABLES[table](found)
    if extension == "csv":
        body, content_type = exports.csv_bytes(made), "text/csv; charset=utf-8"
    else:
        body = exports.xlsx_bytes(made, exports.about(found))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    name = exports.filename(found, table, extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
