"""Changes to a service's profile as forms and files of printed figures make them: a figure put
in (or taken out of) the section it belongs to, a file's rows each to the section it names, the
caseload replaced by one counted from a population export. Pure data: the workspace stores the
result (:mod:`yjinspect_web.profile.profiles`); the figures' rules are :mod:`yjinspect.profile`'s
(issue 15; 004's "Contextual facts" and its sections)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from yjinspect.errors import InputError
from yjinspect.profile import Area, AreaFigure, Breakdown, Caseload, Figure, Profile, Source
from yjinspect.profile_files import PrintedFigure

SECTIONS: dict[str, str] = {
    "education_and_care": "Education and child protection status",
    "characteristics": "Caseload characteristics",
}
"""The profile's lists of figures a form or a file of printed figures adds to, code to words."""

SECTION_NAMES = {
    "education and care": "education_and_care",
    "education and care status": "education_and_care",
    "education and child protection status": "education_and_care",
    "caseload characteristics": "characteristics",
    "characteristics": "characteristics",
}


def section_of(text: str) -> str | None:
    """A section named as a file or a report names it ('Caseload characteristics')."""
    return SECTION_NAMES.get(" ".join(text.replace("_", " ").split()).casefold())


def with_figure(profile: Profile, section: str, figure: Figure, replacing: str = "") -> Profile:
    """The profile with ``figure`` in ``section`` (in the place of the figure labelled
    ``replacing`` or the one of the same label, else at the end)."""
    if section not in SECTIONS:
        raise InputError(f"no section {section!r} of figures")
    figures = list(getattr(profile, section))
    names = {replacing or figure.label, figure.label}
    places = [n for n, f in enumerate(figures) if f.label in names]
    if places:
        figures[places[0]] = figure
        figures = [f for n, f in enumerate(figures) if n == places[0] or n not in places]
    else:
        figures.append(figure)
    return _with_section(profile, section, tuple(figures))


def without_figure(profile: Profile, section: str, label: str) -> Profile:
    if section not in SECTIONS:
        raise InputError(f"no section {section!r} of figures")
    figures = tuple(f for f in getattr(profile, section) if f.label != label)
    return _with_section(profile, section, figures)


def _with_section(profile: Profile, section: str, figures: tuple[Figure, ...]) -> Profile:
    if section == "education_and_care":
        return dataclasses.replace(profile, education_and_care=figures)
    if section == "characteristics":
        return dataclasses.replace(profile, characteristics=figures)
    raise InputError(f"no section {section!r} of figures")


def with_printed_figures(profile: Profile, rows: Sequence[PrintedFigure]) -> Profile:
    """A file of printed figures added to the profile, each row to the section it names
    (InputError naming the row when the section is not one a file adds to)."""
    for row in rows:
        section = section_of(row.section)
        if section is None:
            names = ", ".join(f"'{name}'" for name in SECTIONS.values())
            raise InputError(f"row {row.row}: the section must be one of {names}")
        profile = with_figure(profile, section, row.figure)
    return profile


def with_caseload(profile: Profile, computed: Caseload) -> Profile:
    """The profile's caseload replaced by ``computed``: its total and its breakdowns by case
    type, disposal, gender and ethnicity; the others (age, offence types) kept."""
    kept: tuple[Breakdown, ...] = ()
    if profile.caseload is not None:
        dimensions = {b.dimension for b in computed.breakdowns}
        kept = tuple(b for b in profile.caseload.breakdowns if b.dimension not in dimensions)
    caseload = Caseload(computed.at, computed.total, computed.breakdowns + kept, computed.source)
    return dataclasses.replace(profile, caseload=caseload)


def _other_dimensions(breakdowns: Sequence[Breakdown], dimension: str) -> tuple[Breakdown, ...]:
    return tuple(b for b in breakdowns if b.dimension != dimension)


def with_caseload_breakdown(
    profile: Profile, at: date | None, total: int | None, breakdown: Breakdown,
    source: Source | None,
) -> Profile:  # fmt: skip
    """The caseload at ``at`` of ``total`` children, with ``breakdown`` in the place of the
    breakdown by its dimension (put last; the others kept) and ``source`` (else the one it
    had)."""
    caseload = profile.caseload
    kept = _other_dimensions(caseload.breakdowns if caseload else (), breakdown.dimension)
    source = source or (caseload.source if caseload else None)
    return dataclasses.replace(profile, caseload=Caseload(at, total, (*kept, breakdown), source))


def with_area_population(
    profile: Profile, name: str, population: int | None, population_10_17: int | None,
    source: Source | None, breakdown: Breakdown | None,
) -> Profile:  # fmt: skip
    """The area named ``name`` with its population and children aged 10 to 17 from
    ``source``; ``breakdown`` (by group, if given) in the place of the one by its dimension
    (put last); the area's figures kept."""
    area = profile.area
    groups = area.population_groups if area else ()
    if breakdown is not None:
        groups = (*_other_dimensions(groups, breakdown.dimension), breakdown)
    figures = area.figures if area else ()
    named = " ".join(name.split())
    return dataclasses.replace(
        profile, area=Area(named, population, population_10_17, source, groups, figures)
    )


def with_area_figure(profile: Profile, figure: AreaFigure, area_name: str) -> Profile:
    """The profile with ``figure`` among its area's figures, in the place of the one of the
    same measure (else last); an area named ``area_name`` if it had none."""
    area = profile.area or Area(area_name)
    figures = [f for f in area.figures if f.key != figure.key]
    places = [n for n, f in enumerate(area.figures) if f.key == figure.key]
    figures.insert(places[0] if places else len(figures), figure)
    return dataclasses.replace(profile, area=dataclasses.replace(area, figures=tuple(figures)))
