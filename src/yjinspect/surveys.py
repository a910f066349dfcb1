"""Surveys of an inspection: what children, parents and carers, victims and staff said.

An inspection asks children, their parents or carers, victims and the service's staff about
their experience (004 compares its staff survey with the previous inspection's: "In the
previous inspection, 42 per cent of staff rated their supervision as poor or very poor. When
surveyed for this inspection, all staff reported supervision to be quite good or very good";
002 reports who took part: "We spoke with five children and three parents or carers").

A survey here is its questions, each with its response options and the number of people who
chose each one. Shares are computed from the counts, never typed: whole percents rounded half
up, as the ratings are (:func:`yjinspect.rating.percent_yes`), and a share is never shown
without its count ("5 of 12, 42%"). A typed share is only compared with its count, and refused
with both figures when it disagrees. A question is compared with the last inspection's
question asked in the same words (the same id and text, or the same text).

Files (one or several surveys):

- YAML or JSON: a survey, or ``surveys:`` a list of them. Each survey: ``survey`` (its kind:
  ``children``, ``parents_carers``, ``victims``, ``staff``), optionally ``took_part``,
  ``invited`` and ``note``, and ``questions``: each ``id``, ``text``, ``options`` (a list of
  ``option``, ``count`` and optionally a typed ``percent``) and optionally ``groups``
  (headlines counting several options together, e.g. ``Poor or very poor: [Poor, Very
  poor]``).
- CSV or XLSX (first sheet): one row per response option, the columns ``survey``,
  ``question_id``, ``question``, ``option``, ``count``, and optionally ``percent`` (a typed
  share, checked) and ``group`` (the headline the option counts towards). Participation is
  not in the rows: give it on the form or in YAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, ValidationError, field_validator

from yjinspect.errors import FileProblems, InputError, RowProblem
from yjinspect.limits import DEFAULT_LIMITS, Limits, decode_text, load_structured, read_bytes
from yjinspect.rating import percent_yes

SURVEY_KINDS: dict[str, str] = {
    "children": "Children's survey",
    "parents_carers": "Parents' and carers' survey",
    "victims": "Victims' survey",
    "staff": "Staff survey",
}
"""The surveys an inspection runs (002, "Participation of children and their parents or
carers"; 004, domain one's staff survey), code to the words people read."""

WHO_TOOK_PART: dict[str, str] = {
    "children": "children",
    "parents_carers": "parents or carers",
    "victims": "victims",
    "staff": "staff",
}

MAX_TEXT = 1000  # a question's text or an option's label, in characters
MAX_QUESTIONS = 200  # per survey
MAX_OPTIONS = 50  # per question
MAX_COUNT = 10_000_000  # people choosing one option: far beyond any service


def kind_of(text: str) -> str:
    """A survey's kind from its code or its words ('staff', 'Staff survey', 'Parents and
    carers'); InputError naming the kinds otherwise."""
    wanted = _norm(text).removesuffix(" survey")
    for code, words in SURVEY_KINDS.items():
        names = {_norm(code), _norm(words).removesuffix(" survey"), _norm(WHO_TOOK_PART[code])}
        names.add(_norm(words).removesuffix(" survey").replace("'", ""))
        if wanted in names or wanted.replace("'", "") in names:
            return code
    kinds = ", ".join(f"'{code}'" for code in SURVEY_KINDS)
    raise InputError(f"unknown survey '{text.strip()[:60]}': the surveys are {kinds}")


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def same_words(a: str, b: str) -> bool:
    """Two question texts are the same question when they read the same, spacing and case
    aside."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# -- the figures ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """``count`` of ``of`` people, and the share that is, never one without the other."""

    count: int
    of: int

    @property
    def percent(self) -> int | None:
        """The share as a whole percent rounded half up; None when nobody answered."""
        return percent_yes(self.count, self.of) if self.of else None

    def __str__(self) -> str:
        percent = self.percent
        return f"{self.count} of {self.of}" + (f" ({percent}%)" if percent is not None else "")


def check_share(label: str, count: int, of: int, typed: int) -> None:
    """A typed share agrees with its count, or InputError giving both figures."""
    computed = percent_yes(count, of) if of else None
    if computed is None:
        raise InputError(f"{label}: {typed}% typed, but nobody answered the question")
    if typed != computed:
        raise InputError(f"{label}: {typed}% typed, but {count} of {of} is {computed}%")


@dataclass(frozen=True, slots=True)
class OptionCount:
    """A response option and how many people chose it."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Group:
    """A headline counting several options together, as reports write them ('poor or very
    poor', 'quite good or very good')."""

    label: str
    options: tuple[str, ...]


def _check_options(options: Sequence[OptionCount], where: str) -> set[str]:
    """Each option has words of its own and a count in range; the options' words, compared."""
    seen: set[str] = set()
    for option in options:
        if not option.label.strip():
            raise InputError(f"{where}: an option needs its words")
        if _norm(option.label) in seen:
            raise InputError(f"{where}: the option '{option.label}' is given twice")
        seen.add(_norm(option.label))
        if not 0 <= option.count <= MAX_COUNT:
            raise InputError(
                f"{where}, {option.label}: a count is a whole number from 0 to {MAX_COUNT:,}"
            )
    return seen


def _check_groups(groups: Sequence[Group], options: set[str], where: str) -> None:
    """Each headline has words of its own and counts options of the question, once each."""
    names: set[str] = set()
    for group in groups:
        if not group.label.strip() or _norm(group.label) in names:
            raise InputError(f"{where}: each headline needs its own words")
        names.add(_norm(group.label))
        if not group.options:
            raise InputError(f"{where}, {group.label}: name the options it counts")
        for label in group.options:
            if _norm(label) not in options:
                raise InputError(
                    f"{where}, {group.label}: '{label}' is not one of the question's options"
                )
        if len({_norm(label) for label in group.options}) != len(group.options):
            raise InputError(f"{where}, {group.label}: an option is named twice")


@dataclass(frozen=True)
class SurveyQuestion:
    """A question, its response options in order with their counts, and any headlines."""

    id: str
    text: str
    options: tuple[OptionCount, ...]
    groups: tuple[Group, ...] = ()

    def __post_init__(self) -> None:
        where = f"question {self.id or '(no id)'}"
        if not self.id.strip():
            raise InputError("a question needs an id")
        if not self.text.strip():
            raise InputError(f"{where} needs its text")
        if not self.options:
            raise InputError(f"{where} needs at least one response option")
        if len(self.options) > MAX_OPTIONS:
            raise InputError(f"{where} has {len(self.options)} options: at most {MAX_OPTIONS}")
        seen = _check_options(self.options, where)
        _check_groups(self.groups, seen, where)

    @property
    def responses(self) -> int:
        """The people who answered the question: every option's count."""
        return sum(option.count for option in self.options)

    def count_of(self, label: str) -> int | None:
        for option in self.options:
            if _norm(option.label) == _norm(label):
                return option.count
        return None

    def share(self, label: str) -> Share | None:
        """An option's share of the answers (None: the question has no such option)."""
        count = self.count_of(label)
        return Share(count, self.responses) if count is not None else None

    def group_share(self, group: Group) -> Share:
        return Share(sum(self.count_of(label) or 0 for label in group.options), self.responses)

    def rows(self) -> tuple[tuple[str, Share], ...]:
        """Each option's share, then each headline's, in order."""
        options = tuple((o.label, Share(o.count, self.responses)) for o in self.options)
        return options + tuple((g.label, self.group_share(g)) for g in self.groups)


@dataclass(frozen=True)
class Survey:
    """One survey of an inspection: its kind, who took part (and how many were asked, when
    known) and its questions."""

    kind: str
    questions: tuple[SurveyQuestion, ...] = ()
    took_part: int | None = None
    invited: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in SURVEY_KINDS:
            raise InputError(f"unknown survey '{self.kind}'")
        title = self.title
        for name, value in (("took part", self.took_part), ("invited", self.invited)):
            if value is not None and not 0 <= value <= MAX_COUNT:
                raise InputError(f"{title}: {name} is a whole number from 0 to {MAX_COUNT:,}")
        if (self.took_part or 0) > (self.invited if self.invited is not None else MAX_COUNT):
            raise InputError(
                f"{title}: {self.took_part} took part but only {self.invited} were asked"
            )
        if len(self.questions) > MAX_QUESTIONS:
            raise InputError(f"{title}: at most {MAX_QUESTIONS} questions")
        ids: set[str] = set()
        for question in self.questions:
            if question.id in ids:
                raise InputError(f"{title}: question {question.id} is given twice")
            ids.add(question.id)
            if self.took_part is not None and question.responses > self.took_part:
                raise InputError(
                    f"{title}, question {question.id}: {question.responses} answers, but only "
                    f"{self.took_part} took part"
                )

    @property
    def title(self) -> str:
        return SURVEY_KINDS[self.kind]

    @property
    def participation(self) -> Share | None:
        """Who took part of those asked, when both are known."""
        if self.took_part is None or self.invited is None:
            return None
        return Share(self.took_part, self.invited)

    def participation_text(self) -> str:
        """'5 children took part', '12 staff took part of 15 asked (80%)'."""
        if self.took_part is None:
            return "Not recorded"
        who = WHO_TOOK_PART[self.kind]
        text = f"{self.took_part} {who} took part"
        share = self.participation
        if share is not None and share.percent is not None:
            text += f" of {share.of} asked ({share.percent}%)"
        return text

    def question(self, question_id: str) -> SurveyQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


# -- comparison with the last inspection -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowChange:
    """An option's (or headline's) share now and at the last inspection."""

    label: str
    now: Share
    then: Share | None

    @property
    def points(self) -> int | None:
        """The change in percentage points, from the rounded shares as shown."""
        if self.then is None or self.now.percent is None or self.then.percent is None:
            return None
        return self.now.percent - self.then.percent


@dataclass(frozen=True)
class QuestionComparison:
    """A question beside the last inspection's same question (None: not asked then in the
    same words)."""

    question: SurveyQuestion
    previous: SurveyQuestion | None
    rows: tuple[RowChange, ...] = field(default=())


@dataclass(frozen=True)
class SurveyResults:
    """A survey as a page or a report shows it: its questions beside the last inspection's
    same questions (``previous_label`` names that column, e.g. '2018'; empty when there is
    no earlier survey of its kind to compare with)."""

    survey: Survey
    comparisons: tuple[QuestionComparison, ...]
    previous_label: str = ""


def survey_results(current: Survey, previous: Survey | None, label: str) -> SurveyResults:
    """``current`` compared with ``previous`` (the last inspection's, labelled ``label``)."""
    return SurveyResults(current, compare(current, previous), label if previous else "")


def previous_question(question: SurveyQuestion, previous: Survey) -> SurveyQuestion | None:
    """The last inspection's same question: the same id and words, else the same words."""
    same_id = previous.question(question.id)
    if same_id is not None and same_words(same_id.text, question.text):
        return same_id
    return next((q for q in previous.questions if same_words(q.text, question.text)), None)


def compare(current: Survey, previous: Survey | None) -> tuple[QuestionComparison, ...]:
    """Each question of ``current`` with the last inspection's same question, option by option
    (options and headlines match by their words)."""
    compared: list[QuestionComparison] = []
    for question in current.questions:
        before = previous_question(question, previous) if previous is not None else None
        rows = []
        for label, now in question.rows():
            then = None
            if before is not None:
                then = before.share(label)
                if then is None:
                    group = next((g for g in before.groups if _norm(g.label) == _norm(label)), None)
                    then = before.group_share(group) if group is not None else None
            rows.append(RowChange(label, now, then))
        compared.append(QuestionComparison(question, before, tuple(rows)))
    return tuple(compared)


# -- reading files -------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _OptionIn(_Strict):
    option: str
    count: StrictInt
    percent: StrictInt | None = None

    @field_validator("option", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )


class _QuestionIn(_Strict):
    id: str
    text: str
    options: list[_OptionIn]
    groups: dict[str, list[str]] = {}

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )


class _SurveyIn(_Strict):
    survey: str
    took_part: StrictInt | None = None
    invited: StrictInt | None = None
    note: str = ""
    questions: list[_QuestionIn] = []


def survey_from_data(data: Any, name: str = "survey") -> Survey:
    """One survey from parsed YAML or JSON (a mapping as the module describes)."""
    try:
        parsed = _SurveyIn.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = " > ".join(str(p) for p in error["loc"]) or "the survey"
        raise InputError(f"{name}: {where}: {error['msg']}") from exc
    kind = kind_of(parsed.survey)
    questions = []
    for question in parsed.questions:
        options = tuple(OptionCount(o.option.strip(), o.count) for o in question.options)
        made = SurveyQuestion(
            question.id.strip(),
            question.text.strip(),
            options,
            tuple(
                Group(k.strip(), tuple(v.strip() for v in vs)) for k, vs in question.groups.items()
            ),
        )
        for given in question.options:
            if given.percent is not None:
                check_share(f"question {made.id}, {given.option}", given.count,
                            made.responses, given.percent)  # fmt: skip
        questions.append(made)
    return Survey(kind, tuple(questions), parsed.took_part, parsed.invited, parsed.note.strip())


def surveys_from_data(data: Any, name: str = "surveys") -> tuple[Survey, ...]:
    """A survey, or ``{surveys: [...]}``; each kind at most once."""
    if isinstance(data, Mapping) and set(data) == {"surveys"}:
        items = data["surveys"]
        if not isinstance(items, list) or not items:
            raise InputError(f"{name}: surveys: give a list of surveys")
    elif isinstance(data, Mapping):
        items = [data]
    else:
        raise InputError(f"{name}: a survey file holds a survey or 'surveys:', a list of them")
    made = []
    for number, item in enumerate(items, 1):
        try:
            made.append(survey_from_data(item, name))
        except InputError as exc:
            message = str(exc).removeprefix(f"{name}: ")
            raise InputError(f"{name}: survey {number}: {message}") from exc
    _one_of_each(made, name)
    return tuple(made)


def _one_of_each(surveys: Sequence[Survey], name: str) -> None:
    kinds = [s.kind for s in surveys]
    for kind in SURVEY_KINDS:
        if kinds.count(kind) > 1:
            raise InputError(f"{name}: the {SURVEY_KINDS[kind].lower()} is given twice")


CSV_COLUMNS = ("survey", "question_id", "question", "option", "count")
CSV_OPTIONAL = ("percent", "group")


@dataclass(frozen=True, slots=True)
class _Row:
    kind: str
    question_id: str
    question: str
    option: str
    count: int
    percent: int | None
    group: str
    number: int


def _read_row(cells: dict[str, str], number: int, problems: list[RowProblem]) -> _Row | None:
    """One option's row, or None with its problems added."""
    before = len(problems)
    for column in CSV_COLUMNS:
        if column != "count" and not cells[column]:
            problems.append(RowProblem(number, column, "empty"))
    kind = ""
    try:
        kind = kind_of(cells["survey"]) if cells["survey"] else ""
    except InputError as exc:
        problems.append(RowProblem(number, "survey", str(exc)))
    count = _whole(cells["count"], number, "count", problems)
    typed = cells.get("percent", "")
    percent = _whole(typed, number, "percent", problems) if typed else None
    if len(problems) > before or count is None:
        return None
    return _Row(kind, cells["question_id"], cells["question"], cells["option"], count, percent,
                cells.get("group", ""), number)  # fmt: skip


def _question_of(
    question_id: str, rows: Sequence[_Row], problems: list[RowProblem]
) -> SurveyQuestion | None:
    """A question from its options' rows, each typed share checked; None with problems."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        if row.group:
            groups.setdefault(row.group, []).append(row.option)
    try:
        question = SurveyQuestion(
            question_id, rows[0].question, tuple(OptionCount(r.option, r.count) for r in rows),
            tuple(Group(g, tuple(labels)) for g, labels in groups.items()),
        )  # fmt: skip
    except InputError as exc:
        problems.append(RowProblem(rows[0].number, "", str(exc)))
        return None
    for row in rows:
        if row.percent is not None:
            try:
                check_share(row.option, row.count, question.responses, row.percent)
            except InputError as exc:
                problems.append(RowProblem(row.number, "percent", str(exc)))
    return question


def _grouped(rows: Iterable[_Row], problems: list[RowProblem]) -> dict[str, dict[str, list[_Row]]]:
    """Rows by survey and question, refusing a question written two ways or an option twice."""
    found: dict[str, dict[str, list[_Row]]] = {}
    for row in rows:
        options = found.setdefault(row.kind, {}).setdefault(row.question_id, [])
        if options and not same_words(options[0].question, row.question):
            message = f"question {row.question_id} is written differently in an earlier row"
            problems.append(RowProblem(row.number, "question", message))
        elif any(_norm(o.option) == _norm(row.option) for o in options):
            message = f"'{row.option}' is given twice for question {row.question_id}"
            problems.append(RowProblem(row.number, "option", message))
        else:
            options.append(row)
    return found


def surveys_from_rows(rows: Sequence[Sequence[str]], name: str) -> tuple[Survey, ...]:
    """Surveys from a sheet's rows (headings first), every problem listed by row."""
    if not rows:
        raise InputError(f"{name} is empty")
    headings = [_norm(h) for h in rows[0]]
    wanted = {c: _norm(c) for c in (*CSV_COLUMNS, *CSV_OPTIONAL)}
    missing = [c for c in CSV_COLUMNS if wanted[c] not in headings]
    if missing:
        raise InputError(f"{name}: missing column(s) {', '.join(missing)}")
    where = {c: headings.index(wanted[c]) for c in wanted if wanted[c] in headings}
    problems: list[RowProblem] = []
    read: list[_Row] = []
    for number, row in enumerate(rows[1:], 2):
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in where.items()}
        if any(cells.values()) and (found := _read_row(cells, number, problems)) is not None:
            read.append(found)
    surveys: list[Survey] = []
    for kind, questions in _grouped(read, problems).items():
        made = [_question_of(qid, options, problems) for qid, options in questions.items()]
        if not problems:
            surveys.append(Survey(kind, tuple(q for q in made if q is not None)))
    if problems:
        raise FileProblems(problems, name)
    if not surveys:
        raise InputError(f"{name} holds no survey results")
    return tuple(surveys)


def _whole(text: str, row: int, column: str, problems: list[RowProblem]) -> int | None:
    cleaned = text.strip().removesuffix("%").replace(",", "").strip()
    if not cleaned.isdigit() or not cleaned.isascii():
        problems.append(RowProblem(row, column, f"'{text[:20]}' is not a whole number"))
        return None
    value = int(cleaned[:12])
    if value > MAX_COUNT:
        problems.append(RowProblem(row, column, f"{value:,} is more than {MAX_COUNT:,}"))
        return None
    return value


SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml", ".json")


def read_surveys(name: str, content: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[Survey, ...]:
    """Surveys from a file's bytes (bounded by ``limits`` before they are parsed): CSV, XLSX
    (first sheet), YAML or JSON."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: a survey file is .csv, .xlsx, .yaml or .json")
    if suffix in (".csv", ".xlsx"):
        from yjinspect.budget import read_rows  # CSV and XLSX within the limits

        return surveys_from_rows(read_rows(name, content, limits), name)
    return surveys_from_data(load_structured(decode_text(content, name), name, limits=limits), name)


def read_survey_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Survey, ...]:
    return read_surveys(path.name, read_bytes(path, limits), limits)


def results_from_files(
    current: Path, previous: Path | None, label: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[SurveyResults, ...]:
    """An inspection's surveys from a file, each compared with the same kind of survey in the
    previous inspection's file (``label`` names it, e.g. '2018'), for a report."""
    before = {s.kind: s for s in read_survey_file(previous, limits)} if previous else {}
    return tuple(
        survey_results(survey, before.get(survey.kind), label)
        for survey in read_survey_file(current, limits)
    )


def survey_to_data(survey: Survey) -> dict[str, Any]:
    """The survey as YAML/JSON data (what :func:`survey_from_data` reads)."""
    data: dict[str, Any] = {"survey": survey.kind}
    if survey.took_part is not None:
        data["took_part"] = survey.took_part
    if survey.invited is not None:
        data["invited"] = survey.invited
    if survey.note:
        data["note"] = survey.note
    data["questions"] = [
        {
            "id": q.id,
            "text": q.text,
            "options": [{"option": o.label, "count": o.count} for o in q.options],
            **({"groups": {g.label: list(g.options) for g in q.groups}} if q.groups else {}),
        }
        for q in survey.questions
    ]
    return data


def parse_option_lines(text: str) -> tuple[tuple[OptionCount, ...], list[str]]:
    """Options typed one per line as 'option | count' or 'option | count | percent' (the
    percent, when given, is checked against the count): the options and any problems, each
    naming its line."""
    options: list[OptionCount] = []
    typed: list[tuple[int, str, int, int]] = []
    problems: list[str] = []
    lines = [line for line in text.splitlines()]
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0]:
            problems.append(f"line {number}: write it as 'option | count'")
            continue
        found: list[RowProblem] = []
        count = _whole(parts[1], number, "count", found)
        percent = (
            _whole(parts[2], number, "percent", found) if len(parts) == 3 and parts[2] else None
        )
        if found or count is None:
            problems.extend(f"line {number}: {p.message}" for p in found)
            continue
        options.append(OptionCount(parts[0], count))
        if percent is not None:
            typed.append((number, parts[0], count, percent))
    responses = sum(o.count for o in options)
    for number, label, count, percent in typed:
        try:
            check_share(label, count, responses, percent)
        except InputError as exc:
            problems.append(f"line {number}: {exc}")
    return tuple(options), problems


def parse_group_lines(text: str) -> tuple[tuple[Group, ...], list[str]]:
    """Headlines typed one per line as 'headline | option, option'."""
    groups: list[Group] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label, bar, rest = line.partition("|")
        labels = tuple(p.strip() for p in rest.split(",") if p.strip())
        if not bar or not label.strip() or not labels:
            problems.append(f"line {number}: write it as 'headline | option, option'")
            continue
        groups.append(Group(label.strip(), labels))
    return tuple(groups), problems


def option_lines(options: Iterable[OptionCount]) -> str:
    return "\n".join(f"{o.label} | {o.count}" for o in options)


def group_lines(groups: Iterable[Group]) -> str:
    return "\n".join(f"{g.label} | {', '.join(g.options)}" for g in groups)
