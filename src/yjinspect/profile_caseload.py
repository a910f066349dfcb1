"""The caseload of a service's profile computed from a population export (issue 15).

A population export for sampling (004, Annexe 1: the cases with their case type, disposal,
gender and ethnicity) already holds what 004's caseload tables count ("Total current caseload
on community sentences", caseload by gender and ethnicity). Counted here, once, into a
:class:`yjinspect.profile.Caseload` whose breakdowns each add up to its total, so nothing is
typed twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from yjinspect.profile import Breakdown, Caseload, Group, Source
from yjinspect.words import plain

DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("type", "case_type", "Case type"),
    ("disposal", "disposal", "Disposal"),
    ("gender", "gender", "Gender"),
    ("ethnicity", "ethnicity", "Race/ethnicity"),
)
"""The caseload's breakdowns: dimension, the population's field, the table's title."""


def caseload_from_population(
    cases: Iterable[Mapping[str, object]],
    at: date | None,
    source: Source,
    words: Mapping[str, str] | None = None,
) -> Caseload:
    """The caseload as counts by case type, disposal, gender and ethnicity of ``cases`` (each
    a population case's fields). Groups are in order of size (largest first, then by name);
    ``words`` names codes (a framework's case types and disposals), else :func:`plain`."""
    rows = list(cases)
    named = dict(words or {})
    breakdowns = []
    for dimension, field, title in DIMENSIONS:
        counted = Counter(str(row.get(field, "") or "").strip() for row in rows)
        if not counted or "" in counted:  # a population export gives every field of every case
            continue
        groups = tuple(
            Group(key, named.get(key) or plain(key), count)
            for key, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
        )
        breakdowns.append(Breakdown(dimension, title, groups))
    return Caseload(at, len(rows), tuple(breakdowns), source)
