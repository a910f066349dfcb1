"""An inspection's surveys as its report shows them (issue 15): each question a table of its
responses, every share with its count ("5 of 12 (42%)"), beside the last inspection's same
question. 004 reports its staff survey under standard 1.2 Staff ("In the previous inspection,
42 per cent of staff rated their supervision as poor or very poor. When surveyed for this
inspection, all staff reported supervision to be quite good or very good"), so the staff
survey goes in the staff standard's section; 002 reports the participation of children,
parents or carers and victims in a chapter of its own, so the other surveys (and the staff
survey when the framework has no staff standard) go in a "Surveys" chapter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yjinspect.framework import Framework
from yjinspect.surveys import QuestionComparison, Share, SurveyResults

STAFF_STANDARDS = frozenset({"staff", "staffing"})


@dataclass(frozen=True)
class SurveyTable:
    """One question: its caption, column headings and rows (a response, then its cells)."""

    anchor: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class SurveyView:
    anchor: str
    heading: str
    participation: str
    how: str
    tables: tuple[SurveyTable, ...]


@dataclass(frozen=True)
class SurveysReport:
    """The surveys of a report: those in the chapter, and those placed in a standard."""

    chapter: tuple[SurveyView, ...]
    in_standards: dict[str, tuple[SurveyView, ...]]

    def for_standard(self, standard_id: str) -> tuple[SurveyView, ...]:
        return self.in_standards.get(standard_id, ())


def shown(share: Share | None) -> str:
    """A share always with its count: '5 of 12 (42%)'; 'not asked' when there is none."""
    return "not asked" if share is None else str(share)


def _table(anchor: str, comparison: QuestionComparison, now: str, then: str) -> SurveyTable:
    question = comparison.question
    compared = comparison.previous is not None
    columns = ("Response", now, *((then,) if compared else ()))
    rows = tuple(
        (row.label, shown(row.now), *((shown(row.then),) if compared else ()))
        for row in comparison.rows
    )
    note = "" if compared or not then else f"Not asked in the same words in {then}."
    caption = f"{question.text} ({question.responses} answered)"
    return SurveyTable(anchor, caption, columns, rows, note)


def _view(results: SurveyResults, now: str) -> SurveyView:
    survey = results.survey
    anchor = f"survey-{survey.kind}"
    tables = tuple(
        _table(f"{anchor}-{number}", comparison, now, results.previous_label)
        for number, comparison in enumerate(results.comparisons, 1)
    )
    return SurveyView(anchor, survey.title, survey.participation_text(), survey.note, tables)


def _staff_standard(framework: Framework) -> str | None:
    for domain in framework.domains:
        for standard in domain.standards:
            if standard.name.strip().casefold() in STAFF_STANDARDS:
                return standard.id
    return None


def surveys_report(
    results: Sequence[SurveyResults], framework: Framework, now: str
) -> SurveysReport | None:
    """The surveys laid out for the report; None when there are none."""
    if not results:
        return None
    staff_standard = _staff_standard(framework)
    chapter: list[SurveyView] = []
    placed: dict[str, tuple[SurveyView, ...]] = {}
    for item in results:
        view = _view(item, now)
        if item.survey.kind == "staff" and staff_standard is not None:
            placed[staff_standard] = (*placed.get(staff_standard, ()), view)
        else:
            chapter.append(view)
    return SurveysReport(tuple(chapter), placed)
