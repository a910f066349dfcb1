"""A service's profile as a report shows it, in 004's layout: the "Contextual facts" chapter
(youth justice information, population information, caseload information beside the national
average, additional caseload data with the caseload by disposal, education and child protection
status, offence types), "Key staffing data" in the staff standard (004's 1.2) and "Caseload
characteristics" in the partnerships and services standard (004's 1.3), each source a numbered
footnote as 004 prints them ("6 First-time entrants, January to December 2019. Youth Justice
Board."). Every figure comes from :mod:`yjinspect.profile`, computed from its counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from yjinspect.framework import Framework
from yjinspect.profile import (
    Breakdown,
    Figure,
    Profile,
    RelativeRate,
    Source,
    profile_disproportionality,
)
from yjinspect.words import plain

STAFF_STANDARDS = frozenset({"staff", "staffing"})
"""Standards (by name, any case) whose section holds "Key staffing data" (004's 1.2 Staff)."""
SERVICES_STANDARDS = frozenset({"partnerships and services"})
"""Standards whose section holds "Caseload characteristics" (004's 1.3)."""


@dataclass(frozen=True)
class Note:
    """A numbered source note (a footnote in 004)."""

    number: int
    text: str

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"


@dataclass(frozen=True)
class FactRow:
    """A figure, bold, then its words, as 004 prints "<b>227</b> First-time entrant rate..."."""

    value: str
    label: str
    note: Note | None = None


@dataclass(frozen=True)
class Block:
    """One heading's worth of the profile.

    ``kind`` is ``facts`` (figure-and-words rows), ``groups`` (a row per population, a column
    per group: 004's "Age 10-14 15-17 / Blackpool YJS 22% 78% / National average 22% 78%") or
    ``pairs`` (a two-column table: words, figure).
    """

    heading: str
    level: int
    kind: str
    note: Note | None = None
    rows: tuple[FactRow, ...] = ()
    columns: tuple[str, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()
    label: str = ""
    lead: str = ""
    anchor: str = ""

    @property
    def note_on_heading(self) -> bool:
        """The note's mark goes on the heading; without one, on the table's first heading."""
        return bool(self.heading)


@dataclass
class _Notes:
    """Notes numbered in order of first use; one source cited twice keeps its number."""

    start: int = 1
    notes: list[Note] = field(default_factory=list)

    def cite(self, source: Source | None) -> Note | None:
        if source is None:
            return None
        text = source.footnote()
        for note in self.notes:
            if note.text == text:
                return note
        note = Note(self.start + len(self.notes), text)
        self.notes.append(note)
        return note


@dataclass(frozen=True)
class ProfileSection:
    """Blocks and the notes first cited in them."""

    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class ProfileReport:
    """The profile's parts of a report: the contextual facts chapter, and the tables placed in
    a standard's section (by standard id)."""

    facts: ProfileSection
    in_standards: dict[str, ProfileSection]
    period: str

    def for_standard(self, standard_id: str) -> ProfileSection | None:
        return self.in_standards.get(standard_id)


def _area_blocks(profile: Profile, notes: _Notes) -> list[Block]:
    area = profile.area
    if area is None:
        return []
    blocks = []
    rows = []
    for item in area.figures:
        note = notes.cite(item.source or item.area.source)
        for index, (name, figure) in enumerate(((area.name, item.area), *item.comparators)):
            rows.append(
                FactRow(figure.shown(), f"{item.label} in {name}", note if index == 0 else None)
            )
    if rows:
        blocks.append(Block("Youth justice information", 3, "facts", rows=tuple(rows)))
    population = []
    if area.population is not None:
        population.append(FactRow(f"{area.population:,}", f"Total population of {area.name}"))
    if area.population_10_17 is not None:
        population.append(
            FactRow(
                f"{area.population_10_17:,}",
                f"Total youth population (10\u201317 years) in {area.name}",
            )
        )
    if population:
        blocks.append(
            Block(
                "Population information",
                3,
                "facts",
                notes.cite(area.population_source),
                tuple(population),
            )
        )
    return blocks


def _group_block(profile: Profile, breakdown: Breakdown) -> Block:
    """004's caseload information: a column per group, the service's shares and the
    comparator's."""
    figures = breakdown.figures()
    service = (figure.shown() for figure in figures)
    cells = [(profile.service, *service)]
    comparators = breakdown.comparator_figures()
    if any(comparator is not None for comparator in comparators):
        cells.append(
            (
                breakdown.comparator_name or "Comparator",
                *(c.shown() if c is not None else "-" for c in comparators),
            )
        )
    return Block(
        "",
        4,
        "groups",
        columns=(breakdown.title, *(group.label for group in breakdown.groups)),
        cells=tuple(cells),
        label=f"Caseload by {breakdown.title.lower()}",
    )


def _counted_rows(breakdown: Breakdown) -> tuple[FactRow, ...]:
    return tuple(FactRow(figure.shown_with_count(), figure.label) for figure in breakdown.figures())


def _is_other(breakdown: Breakdown, source: Source | None) -> bool:
    return not breakdown.comparator_name and breakdown.source not in (None, source)


def _caseload_blocks(profile: Profile, notes: _Notes) -> list[Block]:
    caseload = profile.caseload
    if caseload is None:
        return []
    blocks: list[Block] = []
    compared = [b for b in caseload.breakdowns if b.comparator_name]
    if compared:
        note = notes.cite(compared[0].source or caseload.source)
        blocks.append(Block("Caseload information", 3, "heading", note))
        blocks += [_group_block(profile, breakdown) for breakdown in compared]
    own = [
        b
        for b in caseload.breakdowns
        if not b.comparator_name and not _is_other(b, caseload.source)
    ]
    if caseload.total is not None or own or profile.education_and_care:
        rows = []
        if caseload.total is not None:
            rows.append(FactRow(f"{caseload.total:,}", "Total current caseload, of which:"))
        top = [b for b in own if not b.of]
        for breakdown in top[:1]:
            rows += _counted_rows(breakdown)
        note = notes.cite(caseload.source)
        lead = f"The caseload on {caseload.at:%-d %B %Y}." if caseload.at else ""
        blocks.append(Block("Additional caseload data", 3, "facts", note, tuple(rows), lead=lead))
        for breakdown in [b for b in own if b.of] + top[1:]:
            blocks.append(Block(breakdown.title, 4, "facts", rows=_counted_rows(breakdown)))
    return blocks


def _education_block(profile: Profile, notes: _Notes) -> list[Block]:
    if not profile.education_and_care:
        return []
    caseload_note = notes.cite(profile.caseload.source) if profile.caseload else None
    note = notes.cite(profile.education_and_care_source)
    rows = [FactRow(figure.shown(), figure.label) for figure in profile.education_and_care]
    block = Block(
        "Education and child protection status of caseload",
        4,
        "facts",
        note if note != caseload_note else None,
        tuple(rows),
    )
    return [block]


def _other_blocks(profile: Profile, notes: _Notes) -> list[Block]:
    """Breakdowns with their own source and no comparator: 004's offence types."""
    caseload = profile.caseload
    if caseload is None:
        return []
    blocks = []
    for breakdown in caseload.breakdowns:
        if not _is_other(breakdown, caseload.source):
            continue
        title, _, what = breakdown.title.partition(": ")
        blocks.append(
            Block(
                f"{title}:" if what else "",
                4,
                "pairs",
                notes.cite(breakdown.source),
                columns=(what[:1].upper() + what[1:] if what else breakdown.title, "%"),
                cells=tuple((f.label, f.shown()) for f in breakdown.figures()),
                label=what[:1].upper() + what[1:] if what else breakdown.title,
            )
        )
    return blocks


def _disproportionality_block(rows: Sequence[RelativeRate]) -> Block:
    return Block(
        "Disproportionality",
        3,
        "groups",
        columns=(
            "Group",
            "Children in the caseload",
            "Children aged 10\u201317 in the area",
            "Caseload per 1,000 children",
            "Relative rate index",
        ),
        cells=tuple(
            (
                f"{row.label} ({plain(row.dimension).lower()})",
                row.caseload_shown,
                row.population_shown,
                str(row.rate_per_1000) if row.rate_per_1000 is not None else "-",
                (str(row.index) if row.index is not None else "not calculated (fewer than 5)")
                + (" (reference group)" if row.key == row.reference else ""),
            )
            for row in rows
        ),
        lead=(
            "Relative rate index: each group's caseload per 1,000 of its children aged 10\u201317 "
            "in the area, over the reference group's; fewer than 5 children are not shown."
        ),
    )


def _figure_pairs(heading: str, figures: Sequence[Figure], note: Note | None) -> Block:
    return Block(
        heading,
        4,
        "pairs",
        note,
        cells=tuple((figure.label, figure.shown()) for figure in figures),
    )


def _standard_for(framework: Framework, names: frozenset[str]) -> str | None:
    for domain in framework.domains:
        for standard in domain.standards:
            if standard.name.strip().casefold() in names:
                return standard.id
    return None


def profile_report(profile: Profile, framework: Framework) -> ProfileReport:
    """The profile laid out as 004 lays it out; the staffing and characteristics tables go in
    the framework's staff and partnerships-and-services standards, or, when it has none (002's
    framework), at the end of the contextual facts."""
    notes = _Notes()
    blocks = (
        _area_blocks(profile, notes)
        + _caseload_blocks(profile, notes)
        + _education_block(profile, notes)
        + _other_blocks(profile, notes)
    )
    rates = profile_disproportionality(profile)
    if rates:
        blocks.append(_disproportionality_block(rates))
    facts_notes = tuple(notes.notes)
    in_standards: dict[str, ProfileSection] = {}
    extra: list[Block] = []
    parts = [
        (
            STAFF_STANDARDS,
            "Key staffing data",
            [figure for _key, figure in profile.staffing_figures()],
            profile.staffing.source if profile.staffing else None,
        ),
        (
            SERVICES_STANDARDS,
            "Caseload characteristics",
            list(profile.characteristics),
            profile.characteristics_source,
        ),
    ]
    extra_notes: list[Note] = []
    for names, heading, figures, source in parts:
        if not figures:
            continue
        before = len(notes.notes)
        block = _figure_pairs(heading, figures, notes.cite(source))
        new = tuple(notes.notes[before:])
        standard_id = _standard_for(framework, names)
        if standard_id is None:
            extra.append(block)
            extra_notes += new
        else:
            in_standards[standard_id] = ProfileSection((block,), new)
    facts = ProfileSection(_anchored(blocks + extra, "facts"), facts_notes + tuple(extra_notes))
    placed = {
        standard_id: ProfileSection(_anchored(section.blocks, standard_id), section.notes)
        for standard_id, section in in_standards.items()
    }
    return ProfileReport(facts, placed, profile.period)


def _anchored(blocks: Sequence[Block], where: str) -> tuple[Block, ...]:
    """Each block an id of its own, which its table is labelled by (its heading's)."""
    prefix = "profile-" + "".join(ch if ch.isalnum() else "-" for ch in where)
    return tuple(replace(block, anchor=f"{prefix}-{n}") for n, block in enumerate(blocks, 1))
