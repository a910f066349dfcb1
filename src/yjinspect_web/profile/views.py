"""A service's profile: its figures with the counts and rules behind them, the
disproportionality table, and the forms and import that change it. Thin: access is decided in
workspace/permissions.py, the figures and checks are the core's (yjinspect.profile), storing
is profile/profiles.py's."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjinspect import profile_edits
from yjinspect.errors import FileProblems, InputError, RowProblem
from yjinspect.profile import Profile, ProfileDisagrees, profile_disproportionality
from yjinspect.profile_files import STRUCTURED, TABULAR, parse_printed_figures_file, parse_profile
from yjinspect_web.ids import record_id
from yjinspect_web.profile import profiles
from yjinspect_web.profile.forms import (
    AreaFigureForm,
    AreaForm,
    BreakdownForm,
    FigureForm,
    ProfileForm,
    ProfileImportForm,
    StaffingForm,
    source_of,
)
from yjinspect_web.profile.models import ServiceProfile
from yjinspect_web.safety.uploads import shown_name, upload_bytes, upload_limits
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import Inspection, Service, User

P = ParamSpec("P")
ServiceHandler = Callable[Concatenate[HttpRequest, Service, P], HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def service_view(
    check: Callable[[User, Service], bool],
) -> Callable[[ServiceHandler[P]], Callable[..., HttpResponse]]:
    """Load the service named by ``service_id``: 404 if there is none, 403 if not allowed."""

    def decorate(view: ServiceHandler[P]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(
            request: HttpRequest, service_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            service = get_object_or_404(Service, pk=record_id(service_id))
            if not check(_user(request), service):
                raise PermissionDenied
            return view(request, service, *args, **kwargs)

        return wrapped

    return decorate


read = service_view(permissions.can_view_profile)
edit = service_view(permissions.can_edit_profile)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _record(service: Service, profile_id: int) -> ServiceProfile:
    return get_object_or_404(ServiceProfile, pk=record_id(profile_id), service=service)


def _crumbs(service: Service, record: ServiceProfile | None = None) -> list[dict[str, str]]:
    crumbs = [{"text": f"Profiles of {service.name}", "href": f"/services/{service.pk}/profiles"}]
    if record is not None:
        crumbs.append({"text": record.period,
                       "href": f"/services/{service.pk}/profiles/{record.pk}"})  # fmt: skip
    return crumbs


def _inspections(service: Service, record: ServiceProfile | None) -> list[tuple[int, str]]:
    """The service's inspections a profile may be shown in: those without one (and its own)."""
    taken = ServiceProfile.objects.exclude(inspection=None)
    if record is not None:
        taken = taken.exclude(pk=record.pk)
    found = Inspection.objects.filter(service=service).exclude(pk__in=taken.values("inspection"))
    return [(i.pk, i.title) for i in found.order_by("-fieldwork_start", "-pk")]


def _refused(exc: InputError) -> list[str]:
    """Every problem of a refused profile, each a sentence (both figures of a disagreement)."""
    if isinstance(exc, ProfileDisagrees):
        return [f"{d}" for d in exc.disagreements]
    return [str(p) for p in getattr(exc, "problems", ())] or [str(exc)]


def _form(request: HttpRequest, service: Service, form: Any, title: str, submit: str,
          record: ServiceProfile | None = None, problems: list[str] | None = None,
          **extra: Any) -> HttpResponse:  # fmt: skip
    status = 400 if (form.is_bound and form.errors) or problems else 200
    return render(request, "profile/profile_form.html", {
        "form": form, "page_title": title, "submit": submit, "service": service,
        "record": record, "problems": problems or [], "breadcrumbs": _crumbs(service, record),
        **extra,
    }, status=status)  # fmt: skip


def _store(
    request: HttpRequest, service: Service, record: ServiceProfile, change: Callable[[], Profile],
    what: str, done: str, **options: Any,
) -> HttpResponse | list[str]:  # fmt: skip
    """Store the changed profile (``change()``, its history entry ``what``) and go back to it
    saying ``done``; or, when the change or the profile is refused, the problems to show,
    with nothing changed."""
    try:
        profiles.store(service, _user(request), change(), what, record=record, **options)
    except InputError as exc:
        return _refused(exc)
    messages.success(request, done)
    return redirect("profile_detail", service.pk, record.pk)


# -- pages -----------------------------------------------------------------------------------


@read
def profile_list(request: HttpRequest, service: Service) -> HttpResponse:
    records = ServiceProfile.objects.filter(service=service).select_related("inspection")
    return render(request, "profile/profile_list.html", {
        "service": service, "records": records,
        "can_edit": permissions.can_edit_profile(_user(request), service),
        "page_title": f"Profiles of {service.name}",
    })  # fmt: skip


@read
def profile_detail(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """The profile's figures, each with the counts and rule behind it and its source, and the
    relative rate index of each group of the caseload against the area's children."""
    record = _record(service, profile_id)
    profile = profiles.to_core(record)
    sampling = profiles.latest_sampling(record.inspection)
    can_edit = permissions.can_edit_profile(_user(request), service)
    return render(request, "profile/profile_detail.html", {
        "service": service, "record": record, "profile": profile,
        "figures": profile.figures(), "rates": profile_disproportionality(profile),
        "can_edit": can_edit, "sampling": sampling if can_edit else None,
        "sections": profile_edits.SECTIONS, "page_title": f"{service.name}: {record.period}",
        "changes": profiles.changes(record),
        "breadcrumbs": _crumbs(service),
    })  # fmt: skip


@edit
def profile_new(request: HttpRequest, service: Service) -> HttpResponse:
    form = ProfileForm(_post(request), inspections=_inspections(service, None))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        profile = Profile(service.name, form.cleaned_data["period"])
        inspection = _chosen(service, form.cleaned_data["inspection"])
        try:
            record = profiles.store(service, _user(request), profile, "profile added",
                                    inspection=inspection)  # fmt: skip
        except InputError as exc:
            problems = _refused(exc)
        else:
            messages.success(request, f"The profile for {profile.period} is added.")
            return redirect("profile_detail", service.pk, record.pk)
    return _form(request, service, form, "Add a profile", "Add the profile", problems=problems)


def _chosen(service: Service, inspection_id: int | None) -> Inspection | None:
    if inspection_id is None:
        return None
    found = Inspection.objects.filter(service=service, pk=record_id(inspection_id)).first()
    if found is None:
        raise InputError("Shown in the report of: choose one of the service's inspections")
    return found


@edit
def profile_edit(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    record = _record(service, profile_id)
    form = ProfileForm(_post(request), inspections=_inspections(service, record),
                       initial={"period": record.period,
                                "inspection": record.inspection_id})  # fmt: skip
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            inspection = _chosen(service, form.cleaned_data["inspection"])
        except InputError as exc:
            problems = _refused(exc)
        else:
            if inspection is None and record.inspection is not None:
                record.inspection = None
            period = form.cleaned_data["period"]
            stored = _store(request, service, record,
                            lambda: dataclasses.replace(profiles.to_core(record), period=period),
                            "period and report", "The profile is saved.",
                            inspection=inspection)  # fmt: skip
            if not isinstance(stored, list):
                return stored
            problems = stored
    return _form(request, service, form, "Change the period or the report", "Save",
                 record=record, problems=problems)  # fmt: skip


@edit
def figure_new(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """Add (or replace, by its measure) a figure of education and care status or of the
    caseload's characteristics."""
    record = _record(service, profile_id)
    form = FigureForm(_post(request), initial={"section": request.GET.get("section", "")})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and form.figure is not None:
        section, figure = form.cleaned_data["section"], form.figure
        profile = profiles.to_core(record)
        stored = _store(request, service, record,
                        lambda: profile_edits.with_figure(profile, section, figure),
                        f"figure: {figure.label}",
                        f"{figure.label}: {figure.shown()} is saved.")  # fmt: skip
        if not isinstance(stored, list):
            return stored
        problems = stored
    return _form(request, service, form, "Add a figure", "Save the figure", record=record,
                 problems=problems)  # fmt: skip


@require_POST
@edit
def figure_remove(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    record = _record(service, profile_id)
    section, label = request.POST.get("section", ""), request.POST.get("label", "")
    profile = profiles.to_core(record)
    if section not in profile_edits.SECTIONS or not any(
        f.label == label for f in getattr(profile, section)
    ):
        raise Http404("No such figure.")
    profiles.store(service, _user(request), profile_edits.without_figure(profile, section, label),
                   f"figure removed: {label}", record=record)  # fmt: skip
    messages.success(request, f"{label} is removed (the history keeps it).")
    return redirect("profile_detail", service.pk, record.pk)


@require_POST
@edit
def caseload_from_sampling(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """The caseload counted from the population export of the profile's inspection."""
    record = _record(service, profile_id)
    sampling = profiles.latest_sampling(record.inspection)
    if sampling is None or record.inspection is None:
        raise Http404("No population export to count.")
    computed = profiles.caseload_from_sampling(sampling, record.inspection.framework_id)
    try:
        profile = profile_edits.with_caseload(profiles.to_core(record), computed)
        profiles.store(service, _user(request), profile, "caseload from the population",
                       record=record)  # fmt: skip
    except InputError as exc:
        for problem in _refused(exc):
            messages.error(request, f"The caseload was not changed: {problem}")
    else:
        messages.success(request, f"The caseload is counted from {sampling.source_name}: "
                         f"{computed.total} children.")  # fmt: skip
    return redirect("profile_detail", service.pk, record.pk)


@edit
def profile_import(request: HttpRequest, service: Service) -> HttpResponse:
    """A profile (YAML, JSON) or printed figures (CSV, XLSX), all or nothing: every problem
    and every printed figure that disagrees with its counts listed, nothing changed."""
    posted = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProfileImportForm(*posted)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = shown_name(upload)
        try:
            record = _import(service, _user(request), name, upload_bytes(upload),
                             " ".join(form.cleaned_data["period"].split()))  # fmt: skip
        except InputError as exc:
            problems = _refused(exc)
        else:
            messages.success(request, f"The profile for {record.period} is imported from {name}.")
            return redirect("profile_detail", service.pk, record.pk)
    return render(request, "profile/profile_import.html", {
        "form": form, "problems": problems, "service": service,
        "page_title": "Import a profile", "breadcrumbs": _crumbs(service),
    }, status=400 if problems or form.errors else 200)  # fmt: skip


def _import(service: Service, user: User, name: str, content: bytes, period: str) -> ServiceProfile:
    suffix = name.rpartition(".")[2].lower()
    limits = upload_limits()
    if f".{suffix}" in STRUCTURED:
        profile = parse_profile(name, content, limits)
        return profiles.store(service, user, profile, f"imported from {name}"[:60],
                              source_name=name)  # fmt: skip
    if f".{suffix}" not in TABULAR:
        raise InputError(f"{name}: a profile is a .yaml, .yml or .json file; printed figures "
                         "a .csv or .xlsx file")  # fmt: skip
    if not period:
        raise InputError("Period: enter the period the printed figures belong to")
    rows = parse_printed_figures_file(name, content, limits)
    disagreeing = [(row, p) for row in rows if (p := row.figure.disagreement()) is not None]
    if disagreeing:
        found = [RowProblem(row.row, "percent", str(p)) for row, p in disagreeing]
        raise FileProblems(found, name)
    record = ServiceProfile.objects.filter(service=service, period=period).first()
    profile = profiles.to_core(record) if record is not None else Profile(service.name, period)
    profile = profile_edits.with_printed_figures(profile, rows)
    return profiles.store(service, user, profile, f"imported from {name}"[:60], record=record,
                          source_name=name)  # fmt: skip


@edit
def staffing_edit(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """004's key staffing data: its counts, from which the rates and averages are computed."""
    record = _record(service, profile_id)
    profile = profiles.to_core(record)
    form = StaffingForm(_post(request), initial=StaffingForm.initial_from(profile.staffing))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and form.staffing is not None:
        staffing = form.staffing
        stored = _store(request, service, record,
                        lambda: dataclasses.replace(profile, staffing=staffing),
                        "key staffing data", "The key staffing data is saved.")  # fmt: skip
        if not isinstance(stored, list):
            return stored
        problems = stored
    return _form(request, service, form, "Key staffing data", "Save the staffing data",
                 record=record, problems=problems)  # fmt: skip


@edit
def caseload_edit(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """The caseload at a date and one breakdown of it by group, as counts (the shares are
    computed; each breakdown must add up to the caseload)."""
    record = _record(service, profile_id)
    profile = profiles.to_core(record)
    caseload = profile.caseload
    initial = {"at": caseload.at, "total": caseload.total} if caseload is not None else {}
    form = BreakdownForm(_post(request), initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and form.breakdown is not None:
        data, breakdown = form.cleaned_data, form.breakdown
        what = f"caseload by {breakdown.title.lower()}"
        stored = _store(request, service, record,
                        lambda: profile_edits.with_caseload_breakdown(
                            profile, data["at"], data["total"], breakdown, source_of(data)),
                        what, f"The {what} is saved.")  # fmt: skip
        if not isinstance(stored, list):
            return stored
        problems = stored
    return _form(request, service, form, "The caseload by group", "Save the caseload",
                 record=record, problems=problems)  # fmt: skip


@edit
def area_edit(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """The area, its population and its children aged 10 to 17 (by group, for the relative
    rate index), as counts with their source; the area's figures are kept."""
    record = _record(service, profile_id)
    profile = profiles.to_core(record)
    area = profile.area
    initial: dict[str, Any] = {"name": area.name if area else service.local_authority}
    if area is not None:
        source = area.population_source
        initial |= {"population": area.population, "population_10_17": area.population_10_17,
                    "source_title": source.title if source else "",
                    "source_period": source.period if source else "",
                    "source_publisher": source.publisher if source else ""}  # fmt: skip
    form = AreaForm(_post(request), initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data, breakdown = form.cleaned_data, form.breakdown
        stored = _store(request, service, record,
                        lambda: profile_edits.with_area_population(
                            profile, str(data["name"]), data.get("population"),
                            data.get("population_10_17"), source_of(data), breakdown),
                        "the area's population", "The area's population is saved.")  # fmt: skip
        if not isinstance(stored, list):
            return stored
        problems = stored
    return _form(request, service, form, "The area and its population", "Save the area",
                 record=record, problems=problems)  # fmt: skip


@edit
def area_figure_new(request: HttpRequest, service: Service, profile_id: int) -> HttpResponse:
    """Add (or replace, by its measure) a figure for the area beside its comparators, such as
    the first-time entrant rate per 100,000 or the reoffending rate (004's contextual facts)."""
    record = _record(service, profile_id)
    profile = profiles.to_core(record)
    form = AreaFigureForm(_post(request))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and form.area_figure is not None:
        new, area_name = form.area_figure, service.local_authority or service.name
        stored = _store(request, service, record,
                        lambda: profile_edits.with_area_figure(profile, new, area_name),
                        f"area figure {new.label}", f"{new.label} is saved.")  # fmt: skip
        if not isinstance(stored, list):
            return stored
        problems = stored
    return _form(request, service, form, "Add a figure for the area", "Save the figure",
                 record=record, problems=problems)  # fmt: skip
