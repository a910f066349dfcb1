"""The Jinja2 environment: GOV.UK Frontend's macros (govuk-frontend-jinja), url and static."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import get_script_prefix, reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from yjinspect.rating import NOT_RATED
from yjinspect.words import plain
from yjinspect_web.safety.middleware import limit_words, text_limit


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


def lead_title(inspection: Any) -> str:
    """Who leads it, in its own words: a self-assessment has a self-assessment lead."""
    return "self-assessment lead" if inspection.kind == "self_assessment" else "lead inspector"


def panel_title(inspection: Any) -> str:
    """A self-assessment moderates its ratings; an inspection holds a ratings panel."""
    return "moderation" if inspection.kind == "self_assessment" else "the ratings panel"


def environment(**options: Any) -> Environment:
    loader = ChoiceLoader(
        [
            options.pop("loader"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("autoescape", True)
    env = Environment(loader=loader, **options)
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
    return env
