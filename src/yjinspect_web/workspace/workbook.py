"""The case assessment workbook: an inspection's answers as an .xlsx to fill in offline.

``export_workbook`` writes every key question and prompt asked of each case the person can see,
with the version of the answer it started from. ``import_workbook`` checks the whole workbook
first and lists every problem by sheet, row and column; only when there is none does it save,
all in one transaction, through the same services (and so the same audit trail) as the pages.
A row that matches what is recorded changes nothing, so a workbook may be re-imported whole.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from yjinspect.cases import asked_question_ids, key_question_applicability, standards_for_case
from yjinspect.errors import InputError
from yjinspect.framework import Framework, KeyQuestion, Standard
from yjinspect.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    SheetExtent,
    check_xlsx,
    sheet_rows,
)
from yjinspect.words import plain
from yjinspect_web.workspace import permissions, services
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    QuestionEvidence,
    StandardJudgement,
    TeamMember,
    User,
)

ABOUT = "About"
CASES = "Cases"
ANSWERS = "Answers"
JUDGEMENTS = "Judgements"

ABOUT_HEADER = ("item", "value")
CASES_HEADER = (
    "reference",
    "case_type",
    "disposal",
    "rosh",
    "safety_wellbeing",
    "assigned_inspector",
    "review_state",
)
ANSWERS_HEADER = (
    "case_ref",
    "question_id",
    "kind",
    "standard",
    "question",
    "answer",
    "evidence",
    "version",
)
JUDGEMENTS_HEADER = ("standard_id", "question_id", "rating_or_evidence", "version")
HEADERS = {ABOUT: ABOUT_HEADER, ANSWERS: ANSWERS_HEADER, JUDGEMENTS: JUDGEMENTS_HEADER}
# what the sheets' headings say to people (the codes above name the columns in the code, and an
# imported heading may be either)
HEADINGS = {
    "item": "Item",
    "value": "Value",
    "reference": "Reference",
    "case_type": "Case type",
    "disposal": "Disposal",
    "rosh": "Risk of serious harm",
    "safety_wellbeing": "Safety and wellbeing",
    "assigned_inspector": "Assigned to",
    "review_state": "Review state",
    "case_ref": "Case reference",
    "question_id": "Question id",
    "kind": "Kind",
    "standard": "Standard",
    "question": "Question",
    "answer": "Answer",
    "evidence": "Evidence",
    "version": "Version",
    "standard_id": "Standard id",
    "rating_or_evidence": "Rating or evidence",
}


def _heading_key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


INSPECTION_ID = "Inspection id"
FRAMEWORK_ID = "Framework id"
ANSWER_VALUES = ("yes", "no", "na")
MAX_ROWS = 50_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCKED = "The ratings are locked: nothing can be imported until the lead inspector reopens them."
UNREADABLE = (
    "The file is not an Excel workbook (.xlsx) that can be read: upload the workbook "
    "downloaded from this inspection, saved as .xlsx."
)
JUDGEMENTS_REFUSED = (
    "Only the lead inspector (or a self-assessment's team) records judged standards, and you "
    "have changed this one."
)

HOW_TO_FILL_IN = (
    "On the Answers sheet, give each case's answer to each question as yes, no or na "
    "(not applicable), or leave it blank, and write the evidence. Not applicable is for prompts "
    "and for key questions that allow it. Do not change the case reference, question id or "
    "version: "
    "version says which saved answer you started from, so nobody's later change is "
    "overwritten. The Judgements sheet holds the judged standards (recorded by the lead "
    "inspector): a rating row for each standard (question id blank) and an evidence row for "
    "each of its questions. Deleting a row changes nothing. Import the workbook from the "
    "inspection's page: if any row has a problem nothing is saved, and every problem is listed."
)


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an imported workbook, and where."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [f"Sheet {self.sheet}"] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {HEADINGS.get(self.column, self.column)}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    """Every problem found (and then nothing was changed), or how many records changed."""

    problems: list[Problem] = field(default_factory=list)
    applied: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# -- export --------------------------------------------------------------------------------


def export_workbook(inspection: Inspection, user: User) -> bytes:
    """The inspection's case assessment workbook, as the bytes of an .xlsx file."""
    framework = inspection.framework
    cases = list(
        inspection.cases.active()
        .select_related("assigned_inspector")
        .prefetch_related("answers", "sub_sample_decisions")
    )
    workbook = openpyxl.Workbook()
    _about_sheet(workbook.active, inspection, framework, user)
    _cases_sheet(workbook.create_sheet(CASES), framework, cases)
    _answers_sheet(workbook.create_sheet(ANSWERS), framework, cases)
    _judgements_sheet(workbook.create_sheet(JUDGEMENTS), inspection, framework)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _start_sheet(sheet: Any, header: tuple[str, ...], widths: tuple[int, ...]) -> None:
    sheet.append([HEADINGS[column] for column in header])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _append(sheet: Any, values: list[object]) -> None:
    """Append a row; text stays text, so evidence typed as '=...' never becomes a formula."""
    sheet.append([_cell_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def _about_sheet(sheet: Any, inspection: Inspection, framework: Framework, user: User) -> None:
    sheet.title = ABOUT
    _start_sheet(sheet, ABOUT_HEADER, (22, 100))
    exported = timezone.localtime(timezone.now()).strftime("%Y-%m-%d %H:%M %Z")
    rows = [
        ("Workbook", "Case assessment workbook (yjinspect)"),
        ("Inspection", inspection.title),
        (INSPECTION_ID, inspection.pk),
        ("Service", inspection.service.name),
        (FRAMEWORK_ID, framework.id),
        ("Framework name", framework.name),
        (
            "Framework version",
            f"This workbook records framework version {framework.id}: import it only into "
            f"an inspection that uses {framework.id}.",
        ),
        ("Exported at", exported),
        ("Exported by", f"{user.display_name} ({user.username})"),
        ("How to fill in", HOW_TO_FILL_IN),
    ]
    for row in rows:
        _append(sheet, list(row))
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


def _cases_sheet(sheet: Any, framework: Framework, cases: list[Case]) -> None:
    _start_sheet(sheet, CASES_HEADER, (14, 16, 28, 12, 18, 24, 18))
    for case in cases:
        inspector = case.assigned_inspector
        _append(
            sheet,
            [
                case.reference,
                plain(case.case_type, framework),
                plain(case.disposal, framework),
                plain(case.rosh),
                plain(case.safety_wellbeing),
                inspector.display_name if inspector else "",
                case.get_state_display(),
            ],
        )
    sheet.protection.sheet = True


def asked_rows(framework: Framework, case: Case) -> Iterator[tuple[Standard, str, str, str]]:
    """(standard, question id, kind, text) for each question asked of a case, in order."""
    asked = asked_question_ids(framework, case.profile, services.sub_sample_overrides(case))
    for standard in standards_for_case(framework, case.case_type):
        for kq in standard.key_questions:
            if kq.id not in asked:
                continue
            yield standard, kq.id, "key question", kq.text
            for prompt in kq.prompts:
                yield standard, prompt.id, "prompt", prompt.text


def _answers_sheet(sheet: Any, framework: Framework, cases: list[Case]) -> None:
    _start_sheet(sheet, ANSWERS_HEADER, (12, 12, 14, 10, 70, 10, 60, 9))
    for case in cases:
        answers = {a.question_id: a for a in case.answers.all()}
        for standard, question_id, kind, text in asked_rows(framework, case):
            answer = answers.get(question_id)
            _append(
                sheet,
                [
                    case.reference,
                    question_id,
                    kind,
                    standard.id,
                    text,
                    answer.value if answer else "",
                    answer.evidence if answer else "",
                    answer.version if answer else 0,
                ],
            )
    last = max(sheet.max_row, 2)
    choices = DataValidation(type="list", formula1=f'"{",".join(ANSWER_VALUES)}"', allow_blank=True)
    choices.error = "Answer yes, no or na, or leave it blank."
    choices.showErrorMessage = True
    choices.add(f"F2:F{last}")
    sheet.add_data_validation(choices)
    _text_columns(sheet, "ABD")
    for cell in sheet["E"][1:] + sheet["G"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _judgements_sheet(sheet: Any, inspection: Inspection, framework: Framework) -> None:
    _start_sheet(sheet, JUDGEMENTS_HEADER, (12, 12, 80, 9))
    judgements = {j.standard_id: j for j in inspection.judgements.all()}
    evidence = {e.question_id: e for e in inspection.evidence.all()}
    scale = ",".join(level.name for level in framework.rating_scale)
    ratings = DataValidation(type="list", formula1=f'"{scale}"', allow_blank=True)
    sheet.add_data_validation(ratings)
    for standard in framework.standards:
        if standard.is_case_based:
            continue
        judgement = judgements.get(standard.id)
        _append(
            sheet, [standard.id, "", judgement.rating if judgement else "", _version_of(judgement)]
        )
        ratings.add(f"C{sheet.max_row}")
        for question in standard.questions:
            found = evidence.get(question.id)
            _append(
                sheet, [standard.id, question.id, found.text if found else "", _version_of(found)]
            )
    _text_columns(sheet, "AB")
    for cell in sheet["C"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _version_of(record: Answer | StandardJudgement | QuestionEvidence | None) -> int:
    return record.version if record is not None else 0


def _text_columns(sheet: Any, letters: str) -> None:
    """Keep ids such as 1.10 as text, so a spreadsheet does not turn them into numbers."""
    for letter in letters:
        for cell in sheet[letter]:
            cell.number_format = "@"


# -- reading an uploaded workbook ----------------------------------------------------------

Row = tuple[int, dict[str, object]]


def _cell_text(text: str) -> str:
    """Text as a workbook keeps it: one kind of line break, no control characters."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))


def _text(value: object) -> str:
    """A cell's value (or a recorded text) as compared: ids typed as numbers as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _cell_text(str(value)).strip()


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        return int(value.strip())
    return None


def _read(data: bytes, limits: Limits) -> tuple[dict[str, list[Row]], list[Problem]] | None:
    """The rows of each sheet whose header is right, and what is wrong; None if unreadable.
    The workbook is measured first (:mod:`yjinspect.limits`): one past a limit is refused
    (:class:`LimitExceeded`) before openpyxl opens it."""
    try:
        extents = check_xlsx(data, "The workbook", limits)
    except LimitExceeded:
        raise
    except InputError:
        return None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _read_sheets(workbook, extents)
        finally:
            workbook.close()
    except Exception:  # an untrusted file can fail in any way openpyxl or zipfile can
        return None


def _read_sheets(
    workbook: Any, extents: dict[str, SheetExtent]
) -> tuple[dict[str, list[Row]], list[Problem]]:
    sheets: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    for name, header in HEADERS.items():
        if name not in workbook.sheetnames:
            problems.append(Problem(name, None, "", f"The workbook has no {name} sheet."))
            continue
        values = list(islice(sheet_rows(workbook[name], extents), MAX_ROWS + 1))
        found = _header_problems(name, header, values[0] if values else ())
        if len(values) > MAX_ROWS:
            found.append(Problem(name, None, "", f"More than {MAX_ROWS} rows: split it up."))
        problems += found
        if not found:
            sheets[name] = _rows(header, values[1:])
    return sheets, problems


def _header_problems(name: str, header: tuple[str, ...], first: tuple[Any, ...]) -> list[Problem]:
    found = [_text(value) for value in first] + [""] * len(header)
    return [
        Problem(
            name,
            1,
            get_column_letter(index),
            f"The heading should be {HEADINGS[expected]!r}, not {got!r}.",
        )
        for index, (expected, got) in enumerate(zip(header, found, strict=False), start=1)
        if _heading_key(got) not in (_heading_key(expected), _heading_key(HEADINGS[expected]))
    ]


def _rows(header: tuple[str, ...], values: list[tuple[Any, ...]]) -> list[Row]:
    rows = []
    for number, row in enumerate(values, start=2):
        if all(_text(value) == "" for value in row):
            continue
        padded = tuple(row) + (None,) * len(header)
        rows.append((number, dict(zip(header, padded, strict=False))))
    return rows


# -- checking ------------------------------------------------------------------------------


@dataclass
class AnswerChange:
    row: int
    case: Case
    question_id: str
    value: str
    evidence: str
    version: int


@dataclass
class JudgementChange:
    """A judged standard's rating (``question_id`` blank) or one question's evidence."""

    row: int
    standard_id: str
    question_id: str
    text: str
    version: int


def _stale(record: Any, seen: int, what: str) -> str:
    """Why a row's version is not the recorded one, or "" if it is."""
    current = _version_of(record)
    if seen == current:
        return ""
    if seen > current:
        return (
            f"Version {seen} is newer than the recorded version {current} of {what}: "
            "use a workbook exported from this inspection."
        )
    when = timezone.localtime(record.updated_at).strftime("%-d %B %Y at %H:%M")
    return (
        f"{record.updated_by.display_name} changed {what} on {when}, after this workbook was "
        "exported: export a new workbook and make your change there."
    )


class _Checker:
    """Checks every row of an uploaded workbook against what is recorded now."""

    def __init__(self, inspection: Inspection, user: User) -> None:
        self.inspection = inspection
        self.framework = inspection.framework
        self.user = user
        self.problems: list[Problem] = []
        self.answers: list[AnswerChange] = []
        self.judgements: list[JudgementChange] = []
        cases = inspection.cases.prefetch_related("answers", "sub_sample_decisions")
        self.cases = {case.reference: case for case in cases}
        self.current = {(a.case_id, a.question_id): a for c in cases for a in c.answers.all()}
        self.ratings = {j.standard_id: j for j in inspection.judgements.all()}
        self.evidence = {e.question_id: e for e in inspection.evidence.all()}
        self.asked: dict[int, frozenset[str]] = {}
        self.editable: dict[int, bool] = {}
        self.seen: dict[tuple[str, str, str], int] = {}

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def first_sighting(self, sheet: str, row: int, key: tuple[str, str]) -> bool:
        earlier = self.seen.setdefault((sheet, *key), row)
        if earlier != row:
            what = " ".join(part for part in key if part)
            self.problem(sheet, row, "question_id", f"{what} is also on row {earlier}.")
        return earlier == row

    def version(self, sheet: str, row: int, value: object) -> int | None:
        number = _whole_number(value)
        if number is None:
            message = f"The version must be a whole number, as exported, not {_text(value)!r}."
            self.problem(sheet, row, "version", message)
        return number

    # -- About

    def check_about(self, rows: list[Row]) -> None:
        found = {_text(cells["item"]): (number, _text(cells["value"])) for number, cells in rows}
        expected = {INSPECTION_ID: str(self.inspection.pk), FRAMEWORK_ID: self.framework.id}
        for item, want in expected.items():
            number, got = found.get(item, (None, ""))
            if number is None:
                self.problem(ABOUT, None, "item", f"The {item!r} row is missing.")
            elif got != want:
                self.problem(ABOUT, number, "value", _mismatch(item, got, want))

    # -- Answers

    def check_answer(self, row: int, cells: dict[str, object]) -> None:
        case = self.case(row, _text(cells["case_ref"]))
        question_id = _text(cells["question_id"])
        if case is None or not self.is_asked(row, case, question_id):
            return
        if not self.first_sighting(ANSWERS, row, (f"case {case.reference}", question_id)):
            return
        value = self.answer_value(row, question_id, cells["answer"])
        version = self.version(ANSWERS, row, cells["version"])
        if value is None or version is None:
            return
        evidence = _text(cells["evidence"])
        current = self.current.get((case.pk, question_id))
        if current is not None and (current.value, _text(current.evidence)) == (value, evidence):
            return
        if current is None and not (value or evidence):
            return
        if not self.may_edit(row, case):
            return
        stale = _stale(current, version, f"{question_id} on case {case.reference}")
        if stale:
            self.problem(ANSWERS, row, "version", stale)
            return
        self.answers.append(AnswerChange(row, case, question_id, value, evidence, version))

    def case(self, row: int, reference: str) -> Case | None:
        case = self.cases.get(reference)
        if case is None:
            message = f"No case {reference!r} in this inspection." if reference else "No case."
            self.problem(ANSWERS, row, "case_ref", message)
        return case

    def is_asked(self, row: int, case: Case, question_id: str) -> bool:
        if case.pk not in self.asked:
            overrides = services.sub_sample_overrides(case)
            self.asked[case.pk] = asked_question_ids(self.framework, case.profile, overrides)
        if question_id in self.asked[case.pk]:
            return True
        self.problem(ANSWERS, row, "question_id", _not_asked(self.framework, case, question_id))
        return False

    def answer_value(self, row: int, question_id: str, cell: object) -> str | None:
        value = _text(cell).lower()
        if value not in ("", *ANSWER_VALUES):
            message = f"Answer yes, no or na, or leave it blank, not {_text(cell)!r}."
            self.problem(ANSWERS, row, "answer", message)
            return None
        kq, is_prompt = _key_question(self.framework, question_id)
        try:
            services.check_value(kq, is_prompt, value)
        except services.ActionRefused as exc:
            self.problem(ANSWERS, row, "answer", str(exc))
            return None
        return value

    def may_edit(self, row: int, case: Case) -> bool:
        if case.pk not in self.editable:
            self.editable[case.pk] = permissions.can_edit_case(self.user, case)
        if not self.editable[case.pk]:
            self.problem(ANSWERS, row, "case_ref", _edit_refused(case, self.user))
        return self.editable[case.pk]

    # -- Judgements

    def check_judgement(self, row: int, cells: dict[str, object]) -> None:
        standard = self.judged_standard(row, _text(cells["standard_id"]))
        question_id = _text(cells["question_id"])
        if standard is None or not self.is_question_of(row, standard, question_id):
            return
        key = (f"standard {standard.id}", question_id or "rating")
        if not self.first_sighting(JUDGEMENTS, row, key):
            return
        text = self.judgement_text(row, question_id, cells["rating_or_evidence"])
        version = self.version(JUDGEMENTS, row, cells["version"])
        if text is None or version is None:
            return
        record, current = self.recorded(standard.id, question_id)
        if text == current:
            return
        if not permissions.can_record_judgements(self.user, self.inspection):
            self.problem(JUDGEMENTS, row, "rating_or_evidence", JUDGEMENTS_REFUSED)
            return
        stale = _stale(record, version, _judgement_subject(standard.id, question_id))
        if stale:
            self.problem(JUDGEMENTS, row, "version", stale)
            return
        self.judgements.append(JudgementChange(row, standard.id, question_id, text, version))

    def judged_standard(self, row: int, standard_id: str) -> Standard | None:
        standard = next((s for s in self.framework.standards if s.id == standard_id), None)
        if standard is not None and not standard.is_case_based:
            return standard
        if standard is None:
            message = f"{self.framework.id} has no standard {standard_id!r}."
        else:
            message = f"{standard_id} is rated from its key questions, not by judgement."
        self.problem(JUDGEMENTS, row, "standard_id", message)
        return None

    def is_question_of(self, row: int, standard: Standard, question_id: str) -> bool:
        if not question_id or any(q.id == question_id for q in standard.questions):
            return True
        message = f"{question_id!r} is not a question of standard {standard.id}."
        self.problem(JUDGEMENTS, row, "question_id", message)
        return False

    def judgement_text(self, row: int, question_id: str, cell: object) -> str | None:
        text = _text(cell)
        if question_id or not text:
            return text
        scale = [level.name for level in self.framework.rating_scale]
        rating = next((name for name in scale if name.lower() == text.lower()), None)
        if rating is None:
            allowed = ", ".join(scale)
            message = f"{text!r} is not a rating of {self.framework.id}: use {allowed} or blank."
            self.problem(JUDGEMENTS, row, "rating_or_evidence", message)
        return rating

    def recorded(self, standard_id: str, question_id: str) -> tuple[Any, str]:
        if question_id:
            evidence = self.evidence.get(question_id)
            return evidence, _text(evidence.text) if evidence else ""
        judgement = self.ratings.get(standard_id)
        return judgement, judgement.rating if judgement else ""


def _mismatch(item: str, got: str, want: str) -> str:
    if item == FRAMEWORK_ID:
        return (
            f"This workbook records framework version {got or 'none'}, but the inspection "
            f"uses {want}: export a new workbook."
        )
    return f"This workbook is for inspection {got or 'none'}, not this one ({want})."


def _key_question(framework: Framework, question_id: str) -> tuple[KeyQuestion, bool]:
    found = framework.find_key_question(question_id)
    if found is not None:
        return found[1], False
    prompt = framework.find_prompt(question_id)
    assert prompt is not None  # only asked ids reach here
    return prompt[1], True


def _not_asked(framework: Framework, case: Case, question_id: str) -> str:
    if not question_id:
        return "No question id."
    kq_found = framework.find_key_question(question_id)
    prompt_found = framework.find_prompt(question_id)
    kq = kq_found[1] if kq_found else prompt_found[1] if prompt_found else None
    if kq is None:
        return f"{framework.id} has no key question or prompt {question_id!r}."
    overrides = services.sub_sample_overrides(case)
    for applies in key_question_applicability(framework, case.profile, overrides):
        if applies.key_question.id == kq.id:
            return f"{question_id} is not asked of case {case.reference}: {applies.reason}."
    return f"{question_id} is not asked of a {case.case_type.replace('_', ' ')} case."


def _edit_refused(case: Case, user: User) -> str:
    if case.is_withdrawn:
        return f"Case {case.reference} is withdrawn: its answers cannot change."
    if case.inspection.ratings_locked or case.state == Case.State.LOCKED:
        return f"Case {case.reference} is locked: its answers cannot change."
    if case.state != Case.State.IN_PROGRESS:
        return (
            f"Case {case.reference} is {case.get_state_display().lower()}: only the lead "
            "inspector may change it."
        )
    if permissions.team_role(user, case.inspection) == TeamMember.TeamRole.PARTNER:
        return f"Case {case.reference} is not assigned to you, so you may not change its answers."
    return f"You may not change the answers of case {case.reference}."


def _judgement_subject(standard_id: str, question_id: str) -> str:
    return f"the evidence for {question_id}" if question_id else f"the rating of {standard_id}"


# -- importing -----------------------------------------------------------------------------


class _Conflict(Exception):
    """A save refused while applying: everything is rolled back and this is reported."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def import_workbook(
    inspection: Inspection,
    file: IO[bytes] | bytes,
    user: User,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    """Check the whole workbook; if nothing is wrong save every change, else save nothing.
    A workbook past one of ``limits`` is refused, naming the limit, before it is parsed."""
    data = file if isinstance(file, bytes) else file.read(limits.max_bytes + 1)
    try:
        read = _read(data, limits)
    except LimitExceeded as exc:
        return ImportResult([Problem("", None, "", str(exc))])
    if read is None:
        return ImportResult([Problem("", None, "", UNREADABLE)])
    sheets, problems = read
    try:
        with transaction.atomic():
            inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
            if inspection.ratings_locked:
                return ImportResult([Problem("", None, "", LOCKED)])
            checker = _check(inspection, user, sheets)
            problems += checker.problems
            if problems:
                return ImportResult(problems)
            return ImportResult([], _apply(inspection, user, checker))
    except _Conflict as exc:
        return ImportResult([exc.problem])


def _check(inspection: Inspection, user: User, sheets: dict[str, list[Row]]) -> _Checker:
    checker = _Checker(inspection, user)
    if ABOUT in sheets:  # a missing or misheaded About sheet is already reported
        checker.check_about(sheets[ABOUT])
    for row, cells in sheets.get(ANSWERS, []):
        checker.check_answer(row, cells)
    for row, cells in sheets.get(JUDGEMENTS, []):
        checker.check_judgement(row, cells)
    return checker


def _apply(inspection: Inspection, user: User, checker: _Checker) -> int:
    applied = 0
    for change in checker.answers:
        applied += _apply_answer(user, change)
    for judgement in checker.judgements:
        applied += _apply_judgement(inspection, user, judgement)
    return applied


def _apply_answer(user: User, change: AnswerChange) -> int:
    where = (ANSWERS, change.row)
    try:
        outcome = services.save_answer(
            change.case, change.question_id, change.value, change.evidence, change.version, user
        )
    except services.ActionRefused as exc:
        raise _Conflict(Problem(*where, "answer", str(exc))) from exc
    if outcome.conflict:
        what = f"{change.question_id} on case {change.case.reference}"
        raise _Conflict(Problem(*where, "version", _stale(outcome.answer, change.version, what)))
    return int(outcome.saved)


def _apply_judgement(inspection: Inspection, user: User, change: JudgementChange) -> int:
    record: StandardJudgement | QuestionEvidence
    try:
        if change.question_id:
            record, saved = services.save_question_evidence(
                inspection, change.question_id, change.text, change.version, user
            )
        else:
            record, saved = services.save_judgement(
                inspection, change.standard_id, change.text, change.version, user
            )
    except services.ActionRefused as exc:
        raise _Conflict(Problem(JUDGEMENTS, change.row, "rating_or_evidence", str(exc))) from exc
    if not saved:
        what = _judgement_subject(change.standard_id, change.question_id)
        raise _Conflict(
            Problem(JUDGEMENTS, change.row, "version", _stale(record, change.version, what))
        )
    return 1
