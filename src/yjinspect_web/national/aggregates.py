"""The national dashboard's figures, counted by the database.

Three kinds of figure, each from GROUP BY queries (never a loop over answer rows):

- **Ratings**: how many inspections had each rating, by year, by standard and overall, over the
  national record (:class:`~yjinspect_web.national.models.PublishedRating`, one row per rating);
- **Key questions and prompts**: % yes across every case of the year's inspections in the
  national record that hold case answers: yes and relevant (yes + no) cases per question,
  counted over the answers that count by the workspace's own rule
  (:func:`yjinspect_web.workspace.counting.asked_condition`: a question asked of its case, a
  case not withdrawn), with the Wilson 95% interval (:mod:`yjinspect.statistics`);
- **Case data splits**: the same key question figures split by the child's gender, ethnicity
  and the disposal, as the Inspectorate's annual report of youth inspections does in its
  Annexe 1.

One query counts the answers of the selection grouped by framework, question, gender,
ethnicity and disposal (a few thousand groups at most, whatever the number of answers); the
overall figures and each split are sums over those groups. An inspection's year is its year in
the national record (April to March, :func:`yjinspect.national.inspection_year`); the rating
filter keeps the inspections with that overall rating.

A figure over fewer than :data:`SUPPRESS_BELOW` cases is not shown ("fewer than 5"), as
official statistics suppress small counts. Ratings are counts of published inspections and are
shown whatever their number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection, transaction

from yjinspect.cases import ETHNICITIES, GENDERS, CaseProfile, asked_question_ids
from yjinspect.framework import Framework, framework_ids, load_framework
from yjinspect.national import year_label
from yjinspect.rating import percent_yes
from yjinspect.statistics import Interval, wilson_interval
from yjinspect_web.national.models import OVERALL, PublishedRating
from yjinspect_web.workspace.models import Answer, Case, SubSampleDecision

SUPPRESS_BELOW = 5
"""Figures over fewer cases than this are suppressed."""

SUPPRESSED = "fewer than 5"

Params = list[str | int | bool]


@dataclass(frozen=True, slots=True)
class Filters:
    """What the dashboard counts: a year (None: every year), a framework version (None: every
    one) and an overall rating of the inspections (None: any)."""

    year: int | None = None
    framework_id: str | None = None
    rating: str | None = None

    def words(self) -> str:
        """The selection in words, as every page and export states it."""
        year = year_label(self.year) if self.year is not None else "every year"
        version = framework_name(self.framework_id) if self.framework_id else "every framework"
        rating = f"inspections rated {self.rating} overall" if self.rating else "any rating"
        return f"{year}; {version}; {rating}"


def framework_name(framework_id: str) -> str:
    """The framework's name; "Every framework" for a row across frameworks ('')."""
    return load_framework(framework_id).name if framework_id else "Every framework"


def _table(model: type[PublishedRating | Answer | Case | SubSampleDecision]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _record_filter(filters: Filters, *, with_year: bool = True) -> tuple[str, Params]:
    """WHERE conditions on the national record's rows ``r``."""
    sql, params = "", []  # type: tuple[str, Params]
    if with_year and filters.year is not None:
        sql += " AND r.year = %s"
        params.append(filters.year)
    if filters.framework_id:
        sql += " AND r.framework_id = %s"
        params.append(filters.framework_id)
    if filters.rating:
        sql += (
            f" AND r.inspection_id IN (SELECT o.inspection_id FROM {_table(PublishedRating)} o"
            " WHERE o.standard_id = %s AND o.rating = %s)"
        )
        params += [OVERALL, filters.rating]
    return sql, params


def _fetch(sql: str, params: Params) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


GROUPING_MEMORY = "64MB"
"""PostgreSQL's working memory for the answers' GROUP BY (its default, 4MB, sends the tens
of thousands of groups of a year to disk to sort them; with this it groups them in memory)."""


def _fetch_groups(sql: str, params: Params) -> list[tuple[object, ...]]:
    """:func:`_fetch` for the big GROUP BY: on PostgreSQL in a transaction of its own with
    enough working memory to group in memory, and without JIT compilation (which costs more
    than it saves on a query of well under a second)."""
    if connection.vendor != "postgresql":
        return _fetch(sql, params)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{GROUPING_MEMORY}'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


# -- ratings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatingRow:
    """How many inspections had each rating, for one year or one standard."""

    label: str
    framework_id: str  # '' for a row across frameworks
    counts: dict[str, int]  # rating -> inspections
    frameworks: tuple[str, ...] = ()  # the frameworks counted

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, rating: str) -> float:
        return 100 * self.counts.get(rating, 0) / self.total if self.total else 0.0


def rating_names(framework_ids_: Iterable[str]) -> list[str]:
    """The ratings of these frameworks' scales, best first, each once."""
    names: list[str] = []
    for framework_id in sorted(framework_ids_):
        for level in load_framework(framework_id).rating_scale:
            if level.name not in names:
                names.append(level.name)
    return names


def overall_by_year(filters: Filters) -> list[RatingRow]:
    """Overall ratings per year, every year (the year filter does not apply), across the
    frameworks chosen (every framework rates overall on its own scale: the columns are the
    scales' ratings together)."""
    where, params = _record_filter(filters, with_year=False)
    rows = _fetch(
        f"SELECT r.year, r.framework_id, r.rating, COUNT(*) FROM {_table(PublishedRating)} r"
        f" WHERE r.standard_id = %s{where} GROUP BY r.year, r.framework_id, r.rating",
        [OVERALL, *params],
    )
    grouped: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    frameworks: dict[int, set[str]] = defaultdict(set)
    for year, framework_id, rating, count in rows:
        grouped[int(str(year))][str(rating)] += int(str(count))
        frameworks[int(str(year))].add(str(framework_id))
    return [
        RatingRow(
            year_label(year),
            filters.framework_id or "",
            dict(counts),
            tuple(sorted(frameworks[year])),
        )
        for year, counts in sorted(grouped.items())
    ]


def ratings_by_standard(filters: Filters) -> list[RatingRow]:
    """Each standard's ratings (and the overall ones last), per framework, for the selection."""
    where, params = _record_filter(filters)
    rows = _fetch(
        f"SELECT r.framework_id, r.standard_id, r.rating, COUNT(*) FROM {_table(PublishedRating)}"
        f" r WHERE 1 = 1{where} GROUP BY r.framework_id, r.standard_id, r.rating",
        params,
    )
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for framework_id, standard_id, rating, count in rows:
        grouped[(str(framework_id), str(standard_id))][str(rating)] = int(str(count))
    found: list[RatingRow] = []
    for framework_id in sorted({f for f, _ in grouped}):
        framework = load_framework(framework_id)
        order = [s.id for s in framework.standards] + [OVERALL]
        for standard_id in order:
            counts = grouped.get((framework_id, standard_id))
            if counts:
                found.append(
                    RatingRow(standard_label(framework, standard_id), framework_id, counts)
                )
    return found


def standard_label(framework: Framework, standard_id: str) -> str:
    if standard_id == OVERALL:
        return "Overall"
    return f"{standard_id} {framework.standard(standard_id).name}"


def years() -> list[int]:
    """The years in the national record, latest first."""
    return sorted(
        set(PublishedRating.objects.values_list("year", flat=True).distinct()), reverse=True
    )


def frameworks_in_record() -> list[str]:
    known = set(framework_ids())
    found = PublishedRating.objects.values_list("framework_id", flat=True).distinct()
    return sorted(f for f in set(found) if f in known)


# -- key questions, prompts and case data splits ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """Yes out of relevant cases; suppressed under :data:`SUPPRESS_BELOW` relevant cases."""

    yes: int
    relevant: int

    @property
    def suppressed(self) -> bool:
        return self.relevant < SUPPRESS_BELOW

    @property
    def percent(self) -> int | None:
        if self.suppressed:
            return None
        return percent_yes(self.yes, self.relevant)

    @property
    def interval(self) -> Interval | None:
        return None if self.suppressed else wilson_interval(self.yes, self.relevant)

    @property
    def words(self) -> str:
        """'72% (43 of 60 cases)' or 'fewer than 5'."""
        if self.suppressed:
            return SUPPRESSED
        return f"{self.percent}% ({self.yes} of {self.relevant} cases)"


@dataclass(frozen=True, slots=True)
class QuestionRow:
    framework_id: str
    standard: str
    question_id: str
    text: str
    is_prompt: bool
    figure: Figure


@dataclass(frozen=True, slots=True)
class Split:
    """Key questions' figures by one characteristic: categories in order, a figure per key
    question and category."""

    name: str
    framework_id: str
    categories: list[tuple[str, str]]  # (code, words)
    rows: list[tuple[QuestionRow, list[Figure]]]


@dataclass(slots=True)
class CaseFigures:
    """Everything the dashboard shows about case answers for a selection."""

    filters: Filters
    inspections: int = 0
    cases: int = 0
    by_framework: dict[str, tuple[int, int]] = field(default_factory=dict)  # inspections, cases
    questions: list[QuestionRow] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)


def _selection(filters: Filters) -> tuple[str, Params]:
    """FROM and WHERE of the cases of the selection's inspections: the national record's
    overall rows ``r`` (one per inspection), their cases ``c`` not withdrawn."""
    where, params = _record_filter(filters)
    return (
        f" FROM {_table(PublishedRating)} r"
        f" JOIN {_table(Case)} c ON c.inspection_id = r.inspection_id"
        f" WHERE r.standard_id = %s AND c.state <> %s{where}",
        [OVERALL, Case.State.WITHDRAWN.value, *params],
    )


@cache
def _case_types(framework_id: str) -> dict[str, str]:
    """Each disposal's case type in the framework."""
    framework = load_framework(framework_id)
    return {d.id: c.id for c in framework.case_types for d in c.disposals}


def _overrides(case_ids: set[int]) -> dict[int, dict[str, tuple[bool, str]]]:
    """The inspectors' sub-sample decisions of these cases (few: most cases have none)."""
    found: dict[int, dict[str, tuple[bool, str]]] = defaultdict(dict)
    decisions = SubSampleDecision.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "sub_sample_id", "included", "reason"
    )
    for case_id, sub_sample_id, included, reason in decisions:
        found[case_id][sub_sample_id] = (included, reason)
    return found


Group = tuple[str, str, str, str, str, int, int]


def answer_groups(filters: Filters) -> list[Group]:
    """``(framework, question, gender, ethnicity, disposal, yes, relevant)`` over the answers
    that count of the selection's cases.

    The database counts yes and relevant with GROUP BY, the year first (the national
    record's index on year, then each inspection's cases and each case's answers by index),
    by question and by the case details that decide whether a question is asked of a case
    (the disposal, hence the case type, and the two risk classifications); a case for which
    an inspector decided a sub-sample is counted on its own, by a second, small query. The
    core's rule (:func:`yjinspect.cases.asked_question_ids`) then keeps the groups of
    questions asked of their cases: tens of thousands of groups at most, however many
    answers. (Testing the rule's lists of questions on every answer row in SQL cost more than
    counting the answers: seconds at national scale.)
    """
    where, params = _record_filter(filters)
    decided = f"EXISTS (SELECT 1 FROM {_table(SubSampleDecision)} d WHERE d.case_id = c.id)"
    details = "c.disposal, c.rosh, c.safety_wellbeing, c.gender, c.ethnicity"
    cases = (
        f" FROM {_table(PublishedRating)} r"
        f" JOIN {_table(Case)} c ON c.inspection_id = r.inspection_id"
        f" WHERE r.standard_id = %s AND c.state <> %s{where}"
    )
    counts = "SUM(CASE WHEN a.value = %s THEN 1 ELSE 0 END), COUNT(*)"
    # The cases numbered by their details (a "profile": a few thousand at most), then their
    # answers counted by profile and question: two small keys to group half a million rows
    # by, where seven words cost twice as much.
    undecided = _fetch_groups(
        f"WITH cs AS (SELECT c.id, r.framework_id, {details}, DENSE_RANK() OVER"
        f" (ORDER BY r.framework_id, {details}) AS profile{cases} AND NOT {decided})"
        " SELECT p.framework_id, g.question_id, p.disposal, p.rosh, p.safety_wellbeing,"
        " p.gender, p.ethnicity, 0, g.yes, g.n"
        " FROM (SELECT cs.profile, a.question_id,"
        " SUM(CASE WHEN a.value = %s THEN 1 ELSE 0 END) AS yes, COUNT(*) AS n"
        f" FROM cs JOIN {_table(Answer)} a ON a.case_id = cs.id"
        " WHERE a.value IN (%s, %s) GROUP BY cs.profile, a.question_id) g"
        " JOIN (SELECT DISTINCT cs.profile, cs.framework_id, cs.disposal, cs.rosh,"
        " cs.safety_wellbeing, cs.gender, cs.ethnicity FROM cs) p ON p.profile = g.profile",
        [OVERALL, Case.State.WITHDRAWN.value, *params, "yes", "yes", "no"],
    )
    decided_rows = _fetch(
        f"SELECT r.framework_id, a.question_id, {details}, c.id, {counts}"
        f" FROM {_table(PublishedRating)} r"
        f" JOIN {_table(Case)} c ON c.inspection_id = r.inspection_id"
        f" JOIN {_table(Answer)} a ON a.case_id = c.id"
        f" WHERE r.standard_id = %s AND c.state <> %s{where} AND {decided}"
        " AND a.value IN (%s, %s)"
        f" GROUP BY r.framework_id, a.question_id, {details}, c.id",
        ["yes", OVERALL, Case.State.WITHDRAWN.value, *params, "yes", "no"],
    )
    overrides = _overrides({int(str(row[7])) for row in decided_rows})
    known = set(framework_ids())
    asked_of: dict[tuple[Any, ...], frozenset[str]] = {}
    summed: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    # tens of thousands of groups: kept to a dictionary lookup or two each
    rows: list[tuple[Any, ...]] = [*undecided, *decided_rows]
    for framework_id, question, disposal, rosh, wellbeing, gender, ethnicity, case, yes, n in rows:
        profile = (framework_id, disposal, rosh, wellbeing, case)
        asked = asked_of.get(profile)
        if asked is None:
            own = overrides.get(case) if case else None
            asked = asked_of[profile] = _asked(framework_id, disposal, rosh, wellbeing, known, own)
        if question in asked:
            tally = summed[(framework_id, question, gender, ethnicity, disposal)]
            tally[0] += yes
            tally[1] += n
    return [(*key, yes, relevant) for key, (yes, relevant) in summed.items()]


def _asked(
    framework_id: str,
    disposal: str,
    rosh: str,
    wellbeing: str,
    known: set[str],
    overrides: dict[str, tuple[bool, str]] | None,
) -> frozenset[str]:
    """The questions asked of a case with these details (the core's rule)."""
    if framework_id not in known:
        return frozenset()
    case_type = _case_types(framework_id).get(disposal)
    if case_type is None:
        return frozenset()
    profile = CaseProfile(case_type, disposal, rosh, wellbeing)
    return asked_question_ids(load_framework(framework_id), profile, overrides)


def case_totals(filters: Filters) -> dict[str, tuple[int, int]]:
    """Inspections and cases of the selection with case answers held, per framework."""
    selection, params = _selection(filters)
    rows = _fetch(
        f"SELECT r.framework_id, COUNT(DISTINCT c.inspection_id), COUNT(*){selection}"
        " GROUP BY r.framework_id",
        params,
    )
    return {str(f): (int(str(i)), int(str(n))) for f, i, n in rows}


GENDER_WORDS = {g: g.capitalize() for g in GENDERS}
ETHNICITY_WORDS = {e: e.capitalize() for e in ETHNICITIES}


def case_figures(filters: Filters) -> CaseFigures:
    """Key question and prompt figures and the case data splits for the selection."""
    found = CaseFigures(filters)
    found.by_framework = case_totals(filters)
    found.inspections = sum(i for i, _ in found.by_framework.values())
    found.cases = sum(n for _, n in found.by_framework.values())
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    by: dict[str, dict[tuple[str, str, str], list[int]]] = {
        name: defaultdict(lambda: [0, 0]) for name in ("gender", "ethnicity", "disposal")
    }
    for framework_id, question, gender, ethnicity, disposal, yes, relevant in answer_groups(
        filters
    ):
        for tally in (
            totals[(framework_id, question)],
            by["gender"][(framework_id, question, gender)],
            by["ethnicity"][(framework_id, question, ethnicity)],
            by["disposal"][(framework_id, question, disposal)],
        ):
            tally[0] += yes
            tally[1] += relevant
    for framework_id in sorted({f for f, _ in totals}):
        framework = load_framework(framework_id)
        key_rows: list[QuestionRow] = []
        for standard, kq in framework.key_questions():
            label = standard_label(framework, standard.id)
            if (framework_id, kq.id) in totals:
                row = QuestionRow(
                    framework_id,
                    label,
                    kq.id,
                    kq.text,
                    False,
                    Figure(*totals[(framework_id, kq.id)]),
                )
                found.questions.append(row)
                key_rows.append(row)
            for prompt in kq.prompts:
                if (framework_id, prompt.id) in totals:
                    figure = Figure(*totals[(framework_id, prompt.id)])
                    found.questions.append(
                        QuestionRow(framework_id, label, prompt.id, prompt.text, True, figure)
                    )
        disposals = {d.id: d.name for c in framework.case_types for d in c.disposals}
        for name, words in (
            ("gender", GENDER_WORDS),
            ("ethnicity", ETHNICITY_WORDS),
            ("disposal", disposals),
        ):
            tallies = by[name]
            present = {code for (f, _, code) in tallies if f == framework_id}
            categories = [(code, words.get(code, code)) for code in words if code in present]
            rows = [
                (
                    row,
                    [
                        Figure(*tallies.get((framework_id, row.question_id, code), [0, 0]))
                        for code, _ in categories
                    ],
                )
                for row in key_rows
            ]
            title = {"gender": "Gender", "ethnicity": "Ethnicity", "disposal": "Disposal"}[name]
            found.splits.append(Split(title, framework_id, categories, rows))
    return found


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Every figure of the national dashboard for a selection."""

    filters: Filters
    ratings: list[str]
    overall_by_year: list[RatingRow]
    by_standard: list[RatingRow]
    cases: CaseFigures


def dashboard(filters: Filters) -> Dashboard:
    """The national dashboard's figures: the page, its exports and the benchmark call this."""
    by_year = overall_by_year(filters)
    by_standard = ratings_by_standard(filters)
    used = {f for row in by_year + by_standard for f in row.frameworks if f in framework_ids()}
    return Dashboard(
        filters=filters,
        ratings=rating_names(used),
        overall_by_year=by_year,
        by_standard=by_standard,
        cases=case_figures(filters),
    )
