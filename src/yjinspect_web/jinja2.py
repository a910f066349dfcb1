"""The Jinja2 environment: GOV.UK Frontend's macros (govuk-frontend-jinja), url and static."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from functools import lru_cache
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader
from markupsafe import Markup

from yjinspect.rating import NOT_RATED
from yjinspect.words import plain
from yjinspect_web.safety.middleware import limit_words, text_limit


def csrf(request: HttpRequest) -> dict[str, Any]:
    """The page's CSRF token and hidden input, made once per page (a context processor in place
    of Django's ``csrf``). Django's Jinja2 backend gives templates a ``csrf_input`` that masks
    the token anew every time it is shown: the case page has a form per question, and making
    each mask (32 random characters) was a tenth of that page's time. One masked token for all
    of a page's forms is what Django's own ``{% csrf_token %}`` does; it is still made afresh
    for every page (BREACH), and only when the page shows a form."""
    token = SimpleLazyObject(lambda: get_token(request))
    field = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
    return {
        "csrf_token": token,
        "csrf_input": SimpleLazyObject(lambda: format_html(field, token)),
    }


def url(name: str, *args: Any, **kwargs: Any) -> str:
    if kwargs or not all(isinstance(arg, int | str) for arg in args):
        return reverse(name, args=args or None, kwargs=kwargs or None)
    return _reverse(get_script_prefix(), name, args)


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


def _interval_cell(env: Environment) -> Callable[[Any, Any], Markup]:
    """A key question's 95% interval drawn on the framework's bands (the macro interval_cell
    of workspace/partials/strength.html): it depends only on the interval, the % yes and the
    bands, so each is written once per process, not once per row of every page."""

    @lru_cache(maxsize=4096)
    def written(interval: Any, percent: int | None, bands: tuple[Any, ...]) -> Markup:
        module = env.get_template("workspace/partials/strength.html").module
        return Markup(module.interval_cell(interval, percent, bands))  # type: ignore[attr-defined]

    def interval_cell(kq: Any, framework: Any) -> Markup:
        return written(kq.confidence, kq.percent, tuple(framework.key_question_bands))

    return interval_cell


def lead_title(inspection: Any) -> str:
    """Who leads it, in its own words: a self-assessment has a self-assessment lead."""
    return "self-assessment lead" if inspection.kind == "self_assessment" else "lead inspector"


def panel_title(inspection: Any) -> str:
    """A self-assessment moderates its ratings; an inspection holds a ratings panel."""
    return "moderation" if inspection.kind == "self_assessment" else "the ratings panel"


# Where the signed-in person's own links (their account, signing out) go in the header.
_PERSON = "\x00person\x00"
NAVIGATION = (
    ("home", "Your work", "home"),
    ("inspections", "Inspections", "inspections"),
    ("plans", "Improvement plans", "improvement"),
)
NATIONAL = ("national_services", "National view", "national")  # for who may see it


def _page_header(env: Environment) -> Callable[[bool, str, bool], tuple[Markup, Markup]]:
    """The page header as GOV.UK Frontend's macros write it (the Generic header, and the
    service navigation for someone signed in), written once per process for each section
    of the navigation rather than on every page: the parts before and after the signed-in
    person's own links, which the page adds (base.html)."""
    components = "govuk_frontend_jinja/components"

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
    env.globals.update({"static": staticfiles_storage.url, "url": url, "NOT_RATED": NOT_RATED})
    env.globals.update({"text_limit": text_limit, "limit_words": limit_words})
    env.filters["rating_tag"] = rating_tag_class
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
    env.globals["interval_cell"] = _interval_cell(env)
    return env
