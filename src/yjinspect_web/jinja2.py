"""The Jinja2 environment: GOV.UK Frontend's macros (govuk-frontend-jinja), url and static."""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from functools import lru_cache
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup, escape

from yjinspect.rating import NOT_RATED
from yjinspect.words import plain
from yjinspect_web.safety.middleware import limit_words, text_limit


class _WrittenWhenShown:
    """HTML made the first time a page shows it, then kept for the rest of the page: a plain
    object with ``__html__`` costs Jinja less at each showing than Django's SimpleLazyObject
    (the case page shows its CSRF input once per question)."""

    __slots__ = ("_html", "_make")

    def __init__(self, make: Callable[[], Markup]) -> None:
        self._make = make
        self._html: Markup | None = None

    def __html__(self) -> Markup:
        if self._html is None:
            self._html = self._make()
        return self._html

    def __str__(self) -> str:
        return str(self.__html__())


def csrf(request: HttpRequest) -> dict[str, Any]:
    """The page's CSRF token and hidden input, made once per page (a context processor in place
    of Django's ``csrf``). Django's Jinja2 backend gives templates a ``csrf_input`` that masks
    the token anew every time it is shown: the case page has a form per question, and making
    each mask (32 random characters) was a tenth of that page's time. One masked token for all
    of a page's forms is what Django's own ``{% csrf_token %}`` does; it is still made afresh
    for every page (BREACH), and only when the page shows a form."""
    token = _WrittenWhenShown(lambda: escape(get_token(request)))
    field = Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">')
    return {"csrf_token": token, "csrf_input": _WrittenWhenShown(lambda: field.format(token))}


def url(name: str, *args: Any, **kwargs: Any) -> str:
    if kwargs or not all(isinstance(arg, int | str) for arg in args):
        return reverse(name, args=args or None, kwargs=kwargs or None)
    return _reverse(get_script_prefix(), name, args)


# an id no page links to, marking where the last argument goes (url_for_each)
_MARK = 918273645546372819


def url_for_each(name: str, *args: Any) -> Callable[[Any], str]:
    """``url(name, *args, last)`` for many values of ``last`` (a row per case): the address is
    worked out once per page, then each row's is put together from its parts, with the filter
    for_id (``{{ case_url | for_id(case.pk) }}``: a filter, as Jinja calls a global function
    through its context, a microsecond a call)."""
    before, _, after = url(name, *args, _MARK).partition(str(_MARK))

    def each(last: Any) -> str:
        if type(last) is int:
            return f"{before}{last}{after}"
        return url(name, *args, last)  # not an id: Django quotes it

    return each


def for_id(each: Callable[[Any], str], last: Any) -> str:
    return each(last)


def case_kind(case: Any) -> str:
    """'Court, referral order': a case's type and disposal as a list of cases shows them."""
    return _case_kind(case.case_type, case.disposal)


class CaseRow(NamedTuple):
    """A case in a list of cases, as the plain values the list shows (case_rows)."""

    pk: int
    reference: str
    kind: str
    inspector: str | None
    key_questions_answered: int
    key_questions_asked: int
    prompts_answered: int
    prompts_asked: int
    state: str


def case_rows(rows: Iterable[tuple[Any, Any, Any]]) -> tuple[CaseRow, ...]:
    """(case, progress, state) rows as plain values: a page can then write its list of cases
    once per process for each list (once(), partials/case_rows.html)."""
    return tuple(
        CaseRow(
            case.pk,
            case.reference,
            case_kind(case),
            inspector.display_name if (inspector := case.assigned_inspector) else None,
            progress.key_questions_answered,
            progress.key_questions_asked,
            progress.prompts_answered,
            progress.prompts_asked,
            str(state),
        )
        for case, progress, state in rows
    )


@lru_cache(maxsize=4096)
def _case_kind(case_type: str, disposal: str) -> str:
    return f"{case_type.replace('_', ' ').capitalize()}, {disposal.replace('_', ' ')}"


@lru_cache(maxsize=16384)
def _reverse(prefix: str, name: str, args: tuple[int | str, ...]) -> str:
    """A page links to the same few addresses again and again (a row per case): each is worked
    out once per process (the URL patterns never change while it runs; the prefix is part of
    the key)."""
    return reverse(name, args=args or None)


RATING_TAG_CLASSES = {
    "Outstanding": "govuk-tag--green",
    "Good": "govuk-tag--turquoise",
    "Requires improvement": "govuk-tag--yellow",
    "Inadequate": "govuk-tag--red",
    NOT_RATED: "govuk-tag--grey",
}


def rating_tag_class(rating: str | None) -> str:
    return RATING_TAG_CLASSES.get(rating or NOT_RATED, "govuk-tag--grey")


@lru_cache(maxsize=256)
def rating_tag(rating: str | None, provisional: bool = False) -> Markup:
    """A rating as a GOV.UK tag, coloured by rating (a function, not a macro: pages show one
    per standard, and the few ratings there are are each written once per process)."""
    return Markup('<strong class="govuk-tag {}">{}{}</strong>').format(
        rating_tag_class(rating), rating or NOT_RATED, " (provisional)" if provisional else ""
    )


def _written_once(env: Environment) -> Callable[..., Markup]:
    """``once(template, macro, *args, **kwargs)``: what a template's macro writes for these
    arguments, written once per process and kept (the 1,024 most recent). A page's long parts
    that depend only on values (a standard's figures, ratings and explanation are frozen
    dataclasses of the core; a question's fields) are then written again only when those
    values change, not for every person who opens the page. The macro must depend on its
    arguments alone (an imported macro sees only the environment's globals, not the page);
    arguments that cannot be kept (not hashable) are written afresh each time."""

    def write(template: str, macro: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Markup:
        return Markup(getattr(env.get_template(template).module, macro)(*args, **kwargs))

    @lru_cache(maxsize=1024)
    def written(
        template: str, macro: str, prefix: str, args: tuple[Any, ...], named: tuple[Any, ...]
    ) -> Markup:
        return write(template, macro, args, dict(named))

    def once(template: str, macro: str, *args: Any, **kwargs: Any) -> Markup:
        named = tuple(kwargs.items())
        try:  # links depend on the script prefix
            return written(template, macro, get_script_prefix(), args, named)
        except TypeError:
            try:
                hash((args, named))
            except TypeError:  # a value that cannot be kept: written afresh
                return write(template, macro, args, kwargs)
            raise

    return once


def _interval_cell(once: Callable[..., Markup]) -> Callable[[Any, Any], Markup]:
    """A key question's 95% interval drawn on the framework's bands (the macro interval_cell
    of workspace/partials/strength.html), written once per process for each interval, % yes
    and bands."""

    def interval_cell(kq: Any, key_question_bands: Any) -> Markup:
        strength = "workspace/partials/strength.html"
        return once(strength, "interval_cell", kq.confidence, kq.percent, key_question_bands)

    return interval_cell


def lead_title(inspection: Any) -> str:
    """Who leads it, in its own words: a self-assessment has a self-assessment lead."""
    return "self-assessment lead" if inspection.kind == "self_assessment" else "lead inspector"


def panel_title(inspection: Any) -> str:
    """A self-assessment moderates its ratings; an inspection holds a ratings panel (given the
    inspection or its kind)."""
    kind = inspection if isinstance(inspection, str) else inspection.kind
    return "moderation" if kind == "self_assessment" else "the ratings panel"


# Where the signed-in person's own links (their account, signing out) go in the header.
_PERSON = "\x00person\x00"
NAVIGATION = (
    ("home", "Your work", "home"),
    ("inspections", "Inspections", "inspections"),
    ("plans", "Improvement plans", "improvement"),
)
NATIONAL = ("national_services", "National view", "national")  # for who may see it


def _static(path: str) -> str:
    """A static file's address (the same on every page while the process runs)."""
    return _static_url(settings.STATIC_URL, path)


@lru_cache(maxsize=256)
def _static_url(static_url: str | None, path: str) -> str:
    return staticfiles_storage.url(path)


_COMPONENTS = "govuk_frontend_jinja/components"


def _breadcrumbs(env: Environment) -> Callable[[Any], Markup]:
    """GOV.UK Frontend's breadcrumbs (govukBreadcrumbs), written once per process for each
    trail: a page's trail is the same for everyone who opens it."""

    def macro(items: list[dict[str, Any]]) -> Markup:
        module = env.get_template(f"{_COMPONENTS}/breadcrumbs/macro.html").module
        return Markup(module.govukBreadcrumbs({"items": items}))  # type: ignore[attr-defined]

    @lru_cache(maxsize=1024)
    def written(trail: tuple[tuple[tuple[str, type, Any], ...], ...]) -> Markup:
        return macro([{key: value for key, _, value in item} for item in trail])

    def breadcrumbs(items: Any) -> Markup:
        # each value's type is in the key: Markup("a&b") == "a&b", but they are written apart
        trail = tuple(
            tuple((key, type(value), value) for key, value in item.items()) for item in items
        )
        try:
            return written(trail)
        except TypeError:  # a value that cannot be a key: written afresh
            return macro(list(items))

    return breadcrumbs


def _skip_link(env: Environment) -> Callable[[], Markup]:
    """GOV.UK Frontend's skip link to the main content (govukSkipLink), written once."""

    @lru_cache(maxsize=1)
    def skip_link() -> Markup:
        module = env.get_template(f"{_COMPONENTS}/skip-link/macro.html").module
        link = {"href": "#main-content", "text": "Skip to main content"}
        return Markup(module.govukSkipLink(link))  # type: ignore[attr-defined]

    return skip_link


def _page_header(env: Environment) -> Callable[[bool, str, bool], tuple[Markup, Markup]]:
    """The page header as GOV.UK Frontend's macros write it (the Generic header, and the
    service navigation for someone signed in), written once per process for each section
    of the navigation rather than on every page: the parts before and after the signed-in
    person's own links, which the page adds (base.html)."""
    components = _COMPONENTS

    @lru_cache(maxsize=64)
    def written(
        signed_in: bool, section: str, national: bool, prefix: str
    ) -> tuple[Markup, Markup]:
        # loaded here, once the environment's globals are all set (_Environment)
        generic = env.get_template(f"{components}/generic-header/macro.html").module
        navigation = env.get_template(f"{components}/service-navigation/macro.html").module
        home = url("home") if signed_in else url("login")
        html = str(generic.govukGenericHeader({"logoText": "yjinspect", "url": home}))  # type: ignore[attr-defined]
        if not signed_in:
            return Markup(html), Markup("")
        html += str(
            navigation.govukServiceNavigation(  # type: ignore[attr-defined]
                {
                    "serviceName": "Youth justice inspection workspace",
                    "serviceUrl": home,
                    "navigation": [
                        {"href": url(name), "text": text, "active": section == active}
                        for name, text, active in (*NAVIGATION, *([NATIONAL] if national else []))
                    ],
                    "navigationLabel": "Workspace",
                    "slots": {"navigationEnd": Markup(_PERSON)},
                }
            )
        )
        before, after = html.split(_PERSON)
        return Markup(before), Markup(after)

    def page_header(signed_in: bool, section: str, national: bool) -> tuple[Markup, Markup]:
        return written(bool(signed_in), str(section or ""), bool(national), get_script_prefix())

    return page_header


class _Environment(Environment):
    """Jinja's environment with each template's globals in one plain dict.

    Jinja lays a template's globals over the environment's in a ChainMap, so that a global
    added later still shows; every context made (a page, an include, an import) then copies
    and compares the keys of that ChainMap in Python, a tenth of a long page's rendering. The
    globals are all set when the environment is made (below), before any template is loaded,
    so a plain copy of them shows the same."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def environment(**options: Any) -> Environment:
    loader = ChoiceLoader(
        [
            options.pop("loader"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    env = _Environment(loader=loader, **options)
    env.globals.update({"static": _static, "url": url, "NOT_RATED": NOT_RATED})
    env.globals["url_for_each"] = url_for_each
    env.filters.update({"for_id": for_id, "case_kind": case_kind, "case_rows": case_rows})
    env.globals.update({"text_limit": text_limit, "limit_words": limit_words})
    from yjinspect_web.workspace.permissions import (  # apps are ready by now
        can_raise_action,
        can_view_history,
        can_view_national,
    )

    env.globals["can_raise_action"] = can_raise_action
    env.globals["can_view_national"] = can_view_national
    env.globals["can_view_history"] = can_view_history
    env.filters["words"] = plain  # a code word as people read it (yjinspect.words)
    env.globals["lead_title"] = lead_title
    env.globals["panel_title"] = panel_title
    env.globals["page_header"] = _page_header(env)
    env.globals["rating_tag"] = rating_tag  # workspace/macros.html's rating_tag calls it
    env.globals["rating_tag_html"] = rating_tag
    env.globals["once"] = once = _written_once(env)
    env.globals["interval_cell"] = _interval_cell(once)
    env.globals["breadcrumbs_html"] = _breadcrumbs(env)
    env.globals["skip_link_html"] = _skip_link(env)
    return env
