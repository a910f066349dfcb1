"""Forms of surveys and the service's profile: each checks fully (the core decides what a
valid survey is) and names the field that is wrong."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from yjinspect import surveys as core
from yjinspect.errors import InputError
from yjinspect.profile import AreaFigure, Breakdown, Figure, Group, Source, Staffing
from yjinspect.profile import Role as StaffRole
from yjinspect.profile_files import parse_figure

NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})  # GOV.UK: not type=number


class SurveyForm(forms.Form):
    """A survey's participation: who took part, how many were asked, how it was run."""

    kind = forms.ChoiceField(label="Survey")
    took_part = forms.IntegerField(
        widget=NUMBER, label="People who took part", required=False, min_value=0,
        max_value=core.MAX_COUNT,
        help_text="For example, 5 children took part (002)",
    )  # fmt: skip
    invited = forms.IntegerField(
        widget=NUMBER, label="People asked", required=False, min_value=0,
        max_value=core.MAX_COUNT,
        help_text="How many were asked to take part, if known",
    )  # fmt: skip
    note = forms.CharField(
        label="How the survey was run", required=False, widget=forms.Textarea,
        max_length=2000,
        help_text="For example: text survey, one-to-one meetings, focus groups and calls",
    )  # fmt: skip

    def __init__(
        self, *args: Any, kinds: list[str], existing: core.Survey | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.existing = existing
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, core.SURVEY_KINDS[k]) for k in kinds]
        if existing is not None:
            del self.fields["kind"]
            self.initial.update(took_part=existing.took_part, invited=existing.invited,
                                note=existing.note)  # fmt: skip
        self.survey: core.Survey | None = None

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        kind = self.existing.kind if self.existing is not None else data.get("kind", "")
        questions = self.existing.questions if self.existing is not None else ()
        took_part, invited = data.get("took_part"), data.get("invited")
        if took_part is not None and invited is not None and took_part > invited:
            self.add_error("invited", f"People asked ({invited}) cannot be fewer than the "
                           f"people who took part ({took_part})")  # fmt: skip
            return data
        try:
            self.survey = core.Survey(kind, questions, took_part, invited,
                                      (data.get("note") or "").strip())  # fmt: skip
        except InputError as exc:
            self.add_error("took_part", str(exc))
        return data


QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._\-]{0,59}$")


class QuestionForm(forms.Form):
    """A question with its response options and counts, typed as lines."""

    question_id = forms.CharField(
        label="Question reference", max_length=60,
        help_text="A short reference kept from one inspection to the next, for example "
        "supervision",
    )  # fmt: skip
    text = forms.CharField(
        label="Question", widget=forms.Textarea, max_length=core.MAX_TEXT,
        help_text="As the survey asked it; the last inspection's question in the same words "
        "is shown beside it",
    )  # fmt: skip
    options = forms.CharField(
        label="Response options and counts", widget=forms.Textarea, max_length=10_000,
        help_text="One per line, in order, as option | count, for example Very good | 8. "
        "You may add the printed percent (option | count | percent): it is checked against "
        "the count",
    )  # fmt: skip
    groups = forms.CharField(
        label="Headlines", widget=forms.Textarea, required=False, max_length=5_000,
        help_text="Options counted together, one per line as headline | option, option, "
        "for example Poor or very poor | Poor, Very poor",
    )  # fmt: skip

    def __init__(
        self, *args: Any, survey: core.Survey, question: core.SurveyQuestion | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.survey_before = survey
        self.question_before = question
        if question is not None:
            self.initial.update(question_id=question.id, text=question.text,
                                options=core.option_lines(question.options),
                                groups=core.group_lines(question.groups))  # fmt: skip
        self.survey: core.Survey | None = None
        self.question: core.SurveyQuestion | None = None

    def clean_question_id(self) -> str:
        value = " ".join(str(self.cleaned_data.get("question_id", "")).split())
        if not QUESTION_ID.match(value):
            raise forms.ValidationError(
                "Question reference: use letters, digits, spaces, dots, dashes or underscores"
            )
        others = [q.id for q in self.survey_before.questions if q is not self.question_before]
        if value in others:
            raise forms.ValidationError(f"Question reference: {value} is already a question")
        return value

    def clean_options(self) -> tuple[core.OptionCount, ...]:
        options, problems = core.parse_option_lines(str(self.cleaned_data.get("options", "")))
        if problems:
            raise forms.ValidationError([f"Response options and counts, {p}" for p in problems])
        if not options:
            raise forms.ValidationError("Enter the response options and counts")
        return options

    def clean_groups(self) -> tuple[core.Group, ...]:
        groups, problems = core.parse_group_lines(str(self.cleaned_data.get("groups", "")))
        if problems:
            raise forms.ValidationError([f"Headlines, {p}" for p in problems])
        return groups

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            question = core.SurveyQuestion(
                data["question_id"], " ".join(data["text"].split()), data["options"],
                data["groups"],
            )  # fmt: skip
        except InputError as exc:
            self.add_error(_field_of(str(exc), data["groups"]), str(exc))
            return data
        before = self.survey_before
        questions = [question if q is self.question_before else q for q in before.questions]
        if self.question_before is None:
            questions.append(question)
        try:
            self.survey = core.Survey(before.kind, tuple(questions), before.took_part,
                                      before.invited, before.note)  # fmt: skip
        except InputError as exc:
            self.add_error("options", str(exc))
            return data
        self.question = question
        return data


def _field_of(message: str, groups: tuple[core.Group, ...]) -> str:
    """Which box a question's problem is in: a headline's, or the options'."""
    about_group = "headline" in message or any(f", {g.label}:" in message for g in groups)
    return "groups" if about_group else "options"


class SurveyImportForm(forms.Form):
    file = forms.FileField(
        label="Survey results file",
        help_text="CSV or XLSX (a row per response option: survey, question id, question, "
        "option, count, and optionally percent and group), or YAML or JSON",
    )


# -- the service's profile -------------------------------------------------------------------


class ProfileForm(forms.Form):
    """A profile's period and the inspection whose report shows it."""

    period = forms.CharField(
        label="Period", max_length=200,
        help_text="For example, Inspection 2021 (fieldwork 17 May to 11 June 2021)",
    )  # fmt: skip
    inspection = forms.TypedChoiceField(
        label="Shown in the report of", required=False, coerce=int, empty_value=None,
        help_text="The inspection whose report's contextual facts this profile gives",
    )  # fmt: skip

    def __init__(self, *args: Any, inspections: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspection"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "No report"), *inspections]

    def clean_period(self) -> str:
        return " ".join(str(self.cleaned_data.get("period", "")).split())


SECTION_CHOICES = [("education_and_care", "Education and child protection status"),
                   ("characteristics", "Caseload characteristics")]  # fmt: skip


class FigureForm(forms.Form):
    """A figure of the profile: a count of a denominator (the share is computed), or only the
    figure its source printed when no counts are published. A printed figure given with its
    counts is checked against them."""

    section = forms.ChoiceField(label="Section", choices=SECTION_CHOICES)
    label = forms.CharField(
        label="Measure", max_length=300,
        help_text="As the report prints it, for example Percentage of current caseload with "
        "mental health issues",
    )  # fmt: skip
    count = forms.IntegerField(
        widget=NUMBER, label="Count", required=False, min_value=0, max_value=core.MAX_COUNT,
        help_text="For example, 18",
    )  # fmt: skip
    denominator = forms.IntegerField(
        widget=NUMBER, label="Out of", required=False, min_value=1, max_value=core.MAX_COUNT,
        help_text="For example, 36 (the current caseload)",
    )  # fmt: skip
    printed = forms.CharField(
        label="Printed percent", required=False, max_length=20,
        help_text="The percent as printed, if any (for example 50): it is checked against the "
        "count; without counts it is shown as its source printed it",
    )  # fmt: skip
    source_title = forms.CharField(label="Source", required=False, max_length=300,
                                   help_text="For example, Data supplied by the YJS")  # fmt: skip
    source_period = forms.CharField(label="Source period", required=False, max_length=200)
    source_publisher = forms.CharField(label="Publisher", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.figure: Figure | None = None

    def clean_printed(self) -> Decimal | None:
        text = str(self.cleaned_data.get("printed", "")).strip()
        if not text:
            return None
        value = parse_figure(text)
        if value is None or value > 100:
            raise forms.ValidationError("Printed percent: enter a number from 0 to 100, like 50")
        return value

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        count, denominator = data.get("count"), data.get("denominator")
        if (count is None) != (denominator is None):
            self.add_error("denominator" if count is not None else "count",
                           "Give both the count and what it is out of, or neither")  # fmt: skip
            return data
        if count is None and data.get("printed") is None:
            self.add_error("count", "Enter the count and what it is out of, or the printed "
                           "percent")  # fmt: skip
            return data
        if count is not None and denominator is not None and count > denominator:
            self.add_error("count", f"Count: {count} is more than it is out of ({denominator})")
            return data
        title = str(data.get("source_title") or "").strip()
        period = str(data.get("source_period") or "").strip()
        publisher = str(data.get("source_publisher") or "").strip()
        source = Source(title, period, publisher) if title else None
        try:
            figure = Figure(" ".join(data["label"].split()), count, denominator,
                            printed=data.get("printed"), source=source)  # fmt: skip
        except InputError as exc:
            self.add_error("label", str(exc))
            return data
        problem = figure.disagreement()
        if problem is not None:
            self.add_error("printed", f"Printed percent: {problem.printed}% printed, but "
                           f"{count} of {denominator} is {problem.computed}%")  # fmt: skip
            return data
        self.figure = figure
        return data


class ProfileImportForm(forms.Form):
    file = forms.FileField(
        label="Profile file",
        help_text="A profile in YAML or JSON, or printed figures in CSV or XLSX (measure, "
        "count, denominator, percent, and section)",
    )
    period = forms.CharField(
        label="Period", required=False, max_length=200,
        help_text="For printed figures (CSV or XLSX): the period of the profile they go into; "
        "a YAML or JSON profile names its own",
    )  # fmt: skip


def _decimal(text: str, label: str) -> Decimal | None:
    """A figure typed as printed (12.36, 6.51, 1,200), or None when blank."""
    if not text.strip():
        return None
    value = parse_figure(text)
    if value is None:
        raise forms.ValidationError(f"{label}: enter a number, like 12.36")
    return value


def source_of(data: dict[str, Any]) -> Source | None:
    title = str(data.get("source_title") or "").strip()
    if not title:
        return None
    period = str(data.get("source_period") or "").strip()
    return Source(title, period, str(data.get("source_publisher") or "").strip())


class SourceFields(forms.Form):
    source_title = forms.CharField(label="Source", required=False, max_length=300,
                                   help_text="For example, Data supplied by the YJS")  # fmt: skip
    source_period = forms.CharField(label="Source period", required=False, max_length=200)
    source_publisher = forms.CharField(label="Publisher", required=False, max_length=200)


class StaffingForm(SourceFields):
    """004's key staffing data: FTE by role, unfilled case manager posts, leavers, headcount
    and sickness days; the rates and averages are computed, a printed one only checked."""

    roles = forms.CharField(
        label="Staff by role", widget=forms.Textarea, max_length=5_000,
        help_text="One role per line as role | FTE | headcount | case manager, for example "
        "Qualified case managers | 6.51 | 7 | yes (headcount may be blank; yes for the roles "
        "that hold the caseload)",
    )  # fmt: skip
    vacancies = forms.CharField(label="Unfilled case manager posts (FTE)", required=False,
                                max_length=20)  # fmt: skip
    leavers = forms.IntegerField(
        widget=NUMBER, label="Staff who left in the last 12 months", required=False,
        min_value=0, max_value=core.MAX_COUNT,
    )  # fmt: skip
    headcount = forms.IntegerField(
        widget=NUMBER, label="Staff headcount (people)", required=False, min_value=0,
        max_value=core.MAX_COUNT,
    )  # fmt: skip
    sickness_days = forms.CharField(
        label="Sickness days in the year (all staff)", required=False, max_length=20
    )
    printed_vacancy_rate = forms.CharField(label="Printed vacancy rate (%)", required=False,
                                           max_length=20)  # fmt: skip
    printed_caseload_per_case_manager = forms.CharField(
        label="Printed caseload per case manager", required=False, max_length=20
    )
    printed_sickness_days = forms.CharField(
        label="Printed average sickness days", required=False, max_length=20,
        help_text="Without the total days above, the printed average is shown as printed",
    )  # fmt: skip
    printed_attrition = forms.CharField(label="Printed attrition (%)", required=False,
                                        max_length=20)  # fmt: skip

    PRINTED = ("vacancy_rate", "caseload_per_case_manager", "sickness_days", "attrition")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staffing: Staffing | None = None

    def clean_roles(self) -> tuple[StaffRole, ...]:
        roles, problems = [], []
        for number, line in enumerate(str(self.cleaned_data.get("roles", "")).splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            fte = parse_figure(parts[1])
            headcount = parts[2]
            manager = parts[3].casefold()
            if not parts[0] or fte is None or (headcount and not headcount.isdigit()) or (
                manager not in ("", "yes", "no")
            ):  # fmt: skip
                problems.append(
                    f"Staff by role, line {number}: write it as role | FTE | "
                    "headcount | yes or no, for example Other staff | 4.77 | 5 | no"
                )
                continue
            roles.append(StaffRole(parts[0], fte, int(headcount) if headcount else None,
                                   manager == "yes"))  # fmt: skip
        if problems:
            raise forms.ValidationError(problems)
        if not roles:
            raise forms.ValidationError("Enter the staff by role")
        return tuple(roles)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        values: dict[str, Decimal | None] = {}
        for name, label in (("vacancies", "Unfilled case manager posts"),
                            ("sickness_days", "Sickness days")):  # fmt: skip
            try:
                values[name] = _decimal(str(data.get(name) or ""), label)
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        printed = {}
        for key in self.PRINTED:
            field = f"printed_{key}"
            try:
                value = _decimal(str(data.get(field) or ""), str(self.fields[field].label))
            except forms.ValidationError as exc:
                self.add_error(field, exc)
                continue
            if value is not None:
                printed[key] = value
        if self.errors:
            return data
        try:
            self.staffing = Staffing(data["roles"], values["vacancies"], data.get("leavers"),
                                     data.get("headcount"), values["sickness_days"], printed,
                                     source_of(data))  # fmt: skip
        except InputError as exc:
            self.add_error("roles", str(exc))
        return data

    @staticmethod
    def initial_from(staffing: Staffing | None) -> dict[str, Any]:
        if staffing is None:
            return {}
        lines = [
            f"{r.label} | {r.fte} | {'' if r.headcount is None else r.headcount} | "
            f"{'yes' if r.case_manager else 'no'}"
            for r in staffing.roles
        ]
        source = staffing.source
        return {
            "roles": "\n".join(lines), "vacancies": staffing.vacancies or "",
            "leavers": staffing.leavers, "headcount": staffing.headcount,
            "sickness_days": staffing.sickness_days or "",
            **{f"printed_{k}": v for k, v in staffing.printed.items()},
            "source_title": source.title if source else "",
            "source_period": source.period if source else "",
            "source_publisher": source.publisher if source else "",
        }  # fmt: skip


DIMENSIONS = [("age", "Age"), ("gender", "Gender"), ("ethnicity", "Race/ethnicity"),
              ("type", "Case type"), ("disposal", "Disposal")]  # fmt: skip


class BreakdownForm(SourceFields):
    """The caseload at a date and one of its breakdowns, as counts by group."""

    at = forms.DateField(label="Caseload at", required=False,
                         widget=forms.DateInput(attrs={"type": "date"}),
                         help_text="For example, 2021-04-12")  # fmt: skip
    total = forms.IntegerField(widget=NUMBER, label="Children in the caseload", min_value=0,
                               max_value=core.MAX_COUNT)  # fmt: skip
    dimension = forms.ChoiceField(label="Counted by", choices=DIMENSIONS)
    groups = forms.CharField(
        label="Children by group", widget=forms.Textarea, max_length=5_000,
        help_text="One group per line as group | count, or group | count | printed percent "
        "(checked), for example Male | 30 | 86",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breakdown: Breakdown | None = None

    def clean_groups(self) -> tuple[Group, ...]:
        groups, problems = [], []
        for number, line in enumerate(str(self.cleaned_data.get("groups", "")).splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + [""]
            printed = parse_figure(parts[2]) if parts[2] else None
            if not parts[0] or not parts[1].isdigit() or (parts[2] and printed is None):
                problems.append(f"Children by group, line {number}: write it as group | count, "
                                "for example Male | 30")  # fmt: skip
                continue
            key = re.sub(r"[^a-z0-9]+", "_", parts[0].casefold()).strip("_") or f"g{number}"
            groups.append(Group(key, parts[0], int(parts[1]), printed))
        if problems:
            raise forms.ValidationError(problems)
        if not groups:
            raise forms.ValidationError("Enter the children by group")
        return tuple(groups)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        title = dict(DIMENSIONS)[data["dimension"]]
        try:
            breakdown = Breakdown(data["dimension"], title, data["groups"])
        except InputError as exc:
            self.add_error("groups", str(exc))
            return data
        problems = breakdown.disagreements(data["total"], "the children in the caseload")
        for problem in problems:
            self.add_error("groups", f"Children by group: {problem}")
        self.breakdown = breakdown if not problems else None
        return data


AREA_DIMENSIONS = [("", "Not given"), ("age", "Age"), ("gender", "Gender"),
                   ("ethnicity", "Race/ethnicity")]  # fmt: skip


def _group_lines(text: str, field: str, example: str) -> tuple[Group, ...]:
    """Lines of ``group | count`` as groups (a ValidationError naming each bad line)."""
    groups, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + [""]
        if not parts[0] or not parts[1].isdigit() or parts[2]:
            problems.append(f"{field}, line {number}: write it as group | count, for example "
                            f"{example}")  # fmt: skip
            continue
        key = re.sub(r"[^a-z0-9]+", "_", parts[0].casefold()).strip("_") or f"g{number}"
        groups.append(Group(key, parts[0], int(parts[1])))
    if problems:
        raise forms.ValidationError(problems)
    return tuple(groups)


class AreaForm(SourceFields):
    """004's "Population information": the area, its population and its children aged 10-17,
    and (for the relative rate index) those children by group, as counts."""

    name = forms.CharField(label="Area", max_length=200, help_text="For example, Blackpool")
    population = forms.IntegerField(
        widget=NUMBER, label="Total population", required=False, min_value=0,
        max_value=core.MAX_COUNT, help_text="For example, 139446",
    )  # fmt: skip
    population_10_17 = forms.IntegerField(
        widget=NUMBER, label="Children aged 10 to 17", required=False, min_value=0,
        max_value=core.MAX_COUNT, help_text="For example, 12494",
    )  # fmt: skip
    dimension = forms.ChoiceField(label="Children aged 10 to 17 counted by", required=False,
                                  choices=AREA_DIMENSIONS)  # fmt: skip
    groups = forms.CharField(
        label="Children aged 10 to 17 by group", widget=forms.Textarea, required=False,
        max_length=5_000,
        help_text="One group per line as group | count, for example White | 11500; they must "
        "add up to the children aged 10 to 17. Used for the relative rate index",
    )  # fmt: skip

    field_order = ("name", "population", "population_10_17", "dimension", "groups")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breakdown: Breakdown | None = None

    def clean_groups(self) -> tuple[Group, ...]:
        text = str(self.cleaned_data.get("groups", ""))
        return _group_lines(text, "Children aged 10 to 17 by group", "White | 11500")

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        dimension, groups = data.get("dimension") or "", data.get("groups") or ()
        if bool(dimension) != bool(groups):
            if dimension:
                self.add_error("groups", "Enter the children aged 10 to 17 by group")
            else:
                self.add_error("dimension", "Say what the groups count the children by")
            return data
        if not groups:
            return data
        if data.get("population_10_17") is None:
            self.add_error("population_10_17", "Enter the children aged 10 to 17 the groups "
                           "add up to")  # fmt: skip
            return data
        try:
            breakdown = Breakdown(dimension, dict(AREA_DIMENSIONS)[dimension], groups)
        except InputError as exc:
            self.add_error("groups", str(exc))
            return data
        for problem in breakdown.disagreements(data["population_10_17"],
                                               "the children aged 10 to 17"):  # fmt: skip
            self.add_error("groups", f"Children aged 10 to 17 by group: {problem}")
        if not self.errors:
            self.breakdown = breakdown
        return data


AREA_PER = [("100", "A percentage (per 100)"), ("100000", "A rate per 100,000")]
KNOWN_AREA_FIGURES = (("first-time entrant", "first_time_entrants"),
                      ("reoffend", "reoffending"))  # fmt: skip


def area_figure_key(label: str) -> str:
    """The figure a label names (first-time entrants and reoffending by 004's words; any
    other by its own words), so that entering it again replaces it."""
    folded = label.casefold()
    for words, key in KNOWN_AREA_FIGURES:
        if words in folded:
            return key
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_") or "figure"


class AreaFigureForm(SourceFields):
    """A figure for the area beside its comparators (004: first-time entrants per 100,000 in
    Blackpool, the North West and England and Wales, 227, 201 and 207): each as a count of a
    denominator, computed, or as printed when its source publishes no counts."""

    label = forms.CharField(
        label="Measure", max_length=300,
        help_text="For example, First-time entrant rate per 100,000",
    )  # fmt: skip
    per = forms.ChoiceField(label="The figure is", choices=AREA_PER, initial="100")
    count = forms.IntegerField(widget=NUMBER, label="The area's count", required=False,
                               min_value=0, max_value=core.MAX_COUNT)  # fmt: skip
    denominator = forms.IntegerField(widget=NUMBER, label="Out of", required=False,
                                     min_value=1, max_value=core.MAX_COUNT)  # fmt: skip
    printed = forms.CharField(
        label="The area's printed figure", required=False, max_length=20,
        help_text="As printed (for example 227): checked against the count; without counts it "
        "is shown as printed",
    )  # fmt: skip
    comparators = forms.CharField(
        label="Comparators", widget=forms.Textarea, required=False, max_length=5_000,
        help_text="One per line as name | printed figure, or name | count | out of, or "
        "name | count | out of | printed figure, for example England and Wales | 207",
    )  # fmt: skip

    field_order = ("label", "per", "count", "denominator", "printed", "comparators")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area_figure: AreaFigure | None = None

    def _figure(self, label: str, count: Any, denominator: Any, printed: Any, per: int) -> Figure:
        figure = Figure(label, count, denominator, per=per, printed=printed)
        problem = figure.disagreement()
        if problem is not None:
            raise InputError(str(problem))
        return figure

    def clean_comparators(self) -> tuple[tuple[str, str, str, str], ...]:
        lines, problems = [], []
        text = str(self.cleaned_data.get("comparators", ""))
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 2:
                parts = [parts[0], "", "", parts[1]]
            parts += [""] * (4 - len(parts))
            name, count, denominator, printed = parts[:4]
            numbers_ok = (count.isdigit() and denominator.isdigit()) or (
                not count and not denominator and printed
            )  # fmt: skip
            if not name or len(parts) > 4 or not numbers_ok or (
                printed and parse_figure(printed) is None
            ):  # fmt: skip
                problems.append(f"Comparators, line {number}: write it as name | printed "
                                "figure, or name | count | out of, for example England and "
                                "Wales | 207")  # fmt: skip
                continue
            lines.append((name, count, denominator, printed))
        if problems:
            raise forms.ValidationError(problems)
        return tuple(lines)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        count, denominator = data.get("count"), data.get("denominator")
        per = int(data["per"])
        if (count is None) != (denominator is None):
            self.add_error("denominator" if count is not None else "count",
                           "Give both the count and what it is out of, or neither")  # fmt: skip
            return data
        try:
            printed = _decimal(str(data.get("printed") or ""), "The area's printed figure")
        except forms.ValidationError as exc:
            self.add_error("printed", exc)
            return data
        if count is None and printed is None:
            self.add_error("count", "Enter the area's count and what it is out of, or its "
                           "printed figure")  # fmt: skip
            return data
        label = " ".join(str(data["label"]).split())
        try:
            area = self._figure(label, count, denominator, printed, per)
        except InputError as exc:
            self.add_error("printed", f"The area's printed figure: {exc}")
            return data
        comparators = []
        for name, c_count, c_denominator, c_printed in data.get("comparators") or ():
            try:
                comparators.append((name, self._figure(
                    f"{label} in {name}", int(c_count) if c_count else None,
                    int(c_denominator) if c_denominator else None,
                    parse_figure(c_printed) if c_printed else None, per,
                )))  # fmt: skip
            except InputError as exc:
                self.add_error("comparators", f"Comparators: {exc}")
        if self.errors:
            return data
        self.area_figure = AreaFigure(area_figure_key(label), label, area, tuple(comparators),
                                      source_of(data))  # fmt: skip
        return data
