"""A service's timeline of ratings: every inspection of it in the national record, oldest
first, with its overall rating and each standard's, by April-March year. Read from the
national record alone (one query, by the service's index)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from yjinspect.framework import load_framework
from yjinspect.national import year_label
from yjinspect_web.national.models import OVERALL, PublishedRating
from yjinspect_web.workspace.models import Inspection, Service


@dataclass(frozen=True)
class Rating:
    rating: str
    points: int | None
    as_published: bool


@dataclass
class Entry:
    """One inspection on the timeline."""

    inspection_id: int
    title: str
    kind: str
    year: int
    published_on: dt.date | None
    framework_id: str
    overall: Rating | None = None
    standards: dict[str, Rating] = field(default_factory=dict)

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def max_score(self) -> int | None:
        return load_framework(self.framework_id).max_score

    @property
    def published(self) -> bool:
        return self.kind == Inspection.Kind.PUBLISHED


@dataclass(frozen=True)
class StandardRow:
    id: str
    name: str
    ratings: tuple[Rating | None, ...]  # one per entry of its framework, in order


@dataclass(frozen=True)
class FrameworkSection:
    """The standards' ratings of the timeline's inspections under one framework."""

    framework_id: str
    name: str
    entries: tuple[Entry, ...]
    rows: tuple[StandardRow, ...]


@dataclass(frozen=True)
class Timeline:
    service: Service
    entries: tuple[Entry, ...]
    sections: tuple[FrameworkSection, ...]

    @property
    def any_as_published(self) -> bool:
        return any(
            (e.overall is not None and e.overall.as_published)
            or any(r.as_published for r in e.standards.values())
            for e in self.entries
        )


def _rows(service: Service, inspections: QuerySet[Inspection] | None) -> Iterable[tuple[Any, ...]]:
    rows = PublishedRating.objects.filter(service=service)
    if inspections is not None:
        rows = rows.filter(inspection__in=inspections.values("pk"))
    return rows.values_list(
        "inspection_id",
        "inspection__title",
        "inspection__kind",
        "inspection__fieldwork_start",
        "year",
        "published_on",
        "framework_id",
        "standard_id",
        "rating",
        "points",
        "as_published",
    )


def service_timeline(service: Service, inspections: QuerySet[Inspection] | None) -> Timeline:
    """The service's timeline; ``inspections``: only theirs (None: every one in the record)."""
    entries: dict[int, Entry] = {}
    order: dict[int, tuple[dt.date, int]] = {}
    for (pk, title, kind, start, year, published_on, framework_id, standard_id, rating, points,
         as_published) in _rows(service, inspections):  # fmt: skip
        entry = entries.get(pk)
        if entry is None:
            entry = entries[pk] = Entry(pk, title, kind, year, published_on, framework_id)
            order[pk] = (published_on or start, pk)
        shown = Rating(rating, points, as_published)
        if standard_id == OVERALL:
            entry.overall = shown
        else:
            entry.standards[standard_id] = shown
    ordered = tuple(entries[pk] for pk in sorted(entries, key=order.__getitem__))
    return Timeline(service=service, entries=ordered, sections=_sections(ordered))


def _sections(entries: tuple[Entry, ...]) -> tuple[FrameworkSection, ...]:
    sections = []
    for framework_id in dict.fromkeys(e.framework_id for e in entries):
        own = tuple(e for e in entries if e.framework_id == framework_id and e.standards)
        if not own:
            continue
        framework = load_framework(framework_id)
        rows = tuple(
            StandardRow(
                standard.id, standard.name, tuple(e.standards.get(standard.id) for e in own)
            )
            for standard in framework.standards
        )
        sections.append(FrameworkSection(framework_id, framework.name, own, rows))
    return tuple(sections)


@dataclass(frozen=True)
class ServiceLine:
    """A service in the national list: its inspections in the record and the latest one."""

    service: Service
    inspections: int
    latest: Entry | None


def services_overview() -> list[ServiceLine]:
    """Every service with its number of inspections in the national record and its latest
    overall rating (one query over the overall rows)."""
    latest: dict[int, tuple[tuple[dt.date, int], Entry]] = {}
    counts: dict[int, int] = {}
    rows = PublishedRating.objects.filter(standard_id=OVERALL).values_list(
        "service_id", "inspection_id", "inspection__title", "inspection__kind",
        "inspection__fieldwork_start", "year", "published_on", "framework_id", "rating",
        "points", "as_published",
    )  # fmt: skip
    for (service_id, pk, title, kind, start, year, published_on, framework_id, rating, points,
         as_published) in rows:  # fmt: skip
        counts[service_id] = counts.get(service_id, 0) + 1
        when = (published_on or start, pk)
        if service_id not in latest or when > latest[service_id][0]:
            entry = Entry(pk, title, kind, year, published_on, framework_id)
            entry.overall = Rating(rating, points, as_published)
            latest[service_id] = (when, entry)
    return [
        ServiceLine(
            service,
            counts.get(service.pk, 0),
            latest[service.pk][1] if service.pk in latest else None,
        )
        for service in Service.objects.order_by("name")
    ]
