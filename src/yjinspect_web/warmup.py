"""Work done once per server process, before its workers start (gunicorn forks them from it), so
that no person's first request pays for it and every worker shares the result: the frameworks
loaded and indexed, the statistics' libraries imported (scipy and statsmodels take seconds),
the URL patterns resolved, every Jinja template compiled, and the counting SQL written for each
framework."""

from __future__ import annotations

from django.template import engines
from django.urls import get_resolver, reverse

from yjinspect.framework import all_frameworks
from yjinspect.statistics import band_probabilities, wilson_interval
from yjinspect_web.workspace import counting


def warm_up() -> int:
    """Returns the number of templates compiled."""
    for framework in all_frameworks():
        framework.find_key_question("")
        framework.find_prompt("")
        counting.asked_condition(framework.id)
        counting.asked_in_inspection(framework.id)
        band_probabilities(framework, 1, 2)
    wilson_interval(1, 2)
    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    reverse("inspections")
    compiled = 0
    for engine in engines.all():
        environment = getattr(engine, "env", None)
        if environment is None:  # Django's own template engine (the admin site)
            continue
        for name in environment.list_templates(extensions=["html", "txt", "xml", "svg"]):
            environment.get_template(name)
            compiled += 1
    return compiled
