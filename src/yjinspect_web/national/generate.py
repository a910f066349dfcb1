"""A synthetic national history for the national view: services, their inspections, cases and
answers in bulk, every row marked synthetic, each inspection rated by the core's rules and
entered in the national record.

``yjinspect national generate --services 150 --inspections 10 --cases 60`` makes about five
and a half million answers: PostgreSQL takes them by ``COPY`` (psycopg), SQLite by
``bulk_create`` in batches. The same ``--seed`` gives the same history.

How the answers are drawn (all on the log-odds scale, so every probability stays within 0-1):
a service has a quality of its own and a trend from one inspection to the next, each of its
standards a lean of its own, each inspection some chance, each question a difficulty, each
case a difficulty, and some disposals are harder (custody) or easier (community resolutions)
to do well. A key question is "yes" with the probability these add up to; a prompt follows its
key question's answer more often than not; one prompt answer in twenty is "not applicable".
So % yes varies by service, question and year, and the ratings spread across the bands.
Judged standards (organisational delivery) are rated from the service's quality with some
chance. Cases are 60% court and 40% out-of-court disposals (004, Annexe 1), with the children's
gender, ethnicity and the two risk classifications drawn in proportions like a service's.

Which questions a case answers is the core's rule (:func:`yjinspect.cases.asked_question_ids`),
and each inspection's ratings are the workspace's (:func:`inspection_result`: the database
counts the answers, the core rates them).
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache

import numpy as np
from django.db import connection, transaction

from yjinspect.cases import ETHNICITIES, GENDERS, CaseProfile, asked_question_ids
from yjinspect.errors import InputError
from yjinspect.framework import RISK_LEVELS, Framework, load_framework
from yjinspect.inputs import evidence_from_answer_counts, with_judgements_and_panels
from yjinspect.rating import rate_inspection
from yjinspect_web.national.models import PublishedRating
from yjinspect_web.national.record import rows_for_result
from yjinspect_web.national.scale import Generated, Scale
from yjinspect_web.workspace.counting import asked_condition
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    Role,
    Service,
    StandardJudgement,
    User,
)

GENERATOR_USERNAME = "synthetic-national-history"
"""The account recorded as having answered the generated questions (inactive: it cannot sign
in)."""

SERVICE_NAME = "Synthetic service {number:03d}"

FIRST_FIELDWORK = date(2018, 4, 2)
LAST_FIELDWORK = date(2025, 12, 15)
FRAMEWORK_CHANGES = ((date(2021, 4, 1), "iyjs-2021"), (date(2018, 1, 1), "iyjs-2018"))
"""Inspections whose fieldwork starts on or after each date use that framework (newest first):
the 2018 standards until March 2021, then the 2021 standards."""

REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
)

COURT_SHARE = 0.6  # 004, Annexe 1: 60% court disposals, 40% out-of-court
DISPOSALS = {
    "court": (
        ("referral_order", 0.45),
        ("youth_rehabilitation_order", 0.30),
        ("custody", 0.10),
        ("other_court", 0.15),
    ),
    "out_of_court": (
        ("community_resolution", 0.40),
        ("youth_caution", 0.25),
        ("youth_conditional_caution", 0.25),
        ("other_out_of_court", 0.10),
    ),
}
DISPOSAL_LEAN = {
    "custody": -0.35,
    "youth_rehabilitation_order": -0.1,
    "referral_order": 0.1,
    "community_resolution": 0.2,
}
GENDER_SHARES = dict(zip(GENDERS, (0.82, 0.16, 0.01, 0.01), strict=True))
ETHNICITY_SHARES = dict(zip(ETHNICITIES, (0.70, 0.09, 0.05, 0.11, 0.03, 0.02), strict=True))
RISK_SHARES = dict(zip(RISK_LEVELS, (0.30, 0.40, 0.25, 0.05), strict=True))

KEY_QUESTION_BASE, KEY_QUESTION_SPREAD = 1.2, 0.45
PROMPT_BASE, PROMPT_SPREAD = 1.1, 0.6
PROMPT_FOLLOWS = 1.1  # how strongly a prompt follows its key question's answer
PROMPT_NOT_APPLICABLE = 0.05
SERVICE_SPREAD, TREND_MEAN, TREND_SPREAD = 0.55, 0.04, 0.07
STANDARD_SPREAD, INSPECTION_SPREAD, CASE_SPREAD = 0.3, 0.25, 0.9
JUDGED_CHANCE = 0.45
JUDGED_CUTS = ((1.0, "Outstanding"), (-0.2, "Good"), (-0.9, "Requires improvement"))

SQLITE_BATCH = 5000
COPY_BLOCK = 200_000  # answer lines sent to COPY at a time


Counted = tuple[str, str, int]
"""(question id, yes / no / na, number of cases)"""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while generating."""


def _framework_for(day: date) -> str:
    return next(framework_id for start, framework_id in FRAMEWORK_CHANGES if day >= start)


def _logistic(values: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-values))
    return result


def _pick(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    names = list(shares)
    weights = np.array([shares[name] for name in names])
    return np.array(names, dtype=object)[
        rng.choice(len(names), size=size, p=weights / weights.sum())
    ]


@dataclass(frozen=True, slots=True)
class QuestionPlan:
    """A framework's case questions as arrays: which standard and key question each belongs to
    and its difficulty (drawn once per framework from the seed)."""

    framework: Framework
    key_questions: tuple[str, ...]
    kq_standard: np.ndarray  # standard index of each key question
    kq_difficulty: np.ndarray
    standards: tuple[str, ...]
    judged: tuple[str, ...]
    question_index: dict[str, tuple[int, bool]]  # question id -> (key question index, prompt?)
    prompt_difficulty: dict[str, float]


def _question_plan(framework_id: str, seed: int) -> QuestionPlan:
    framework = load_framework(framework_id)
    rng = np.random.default_rng([seed, 7, sum(framework_id.encode())])
    standards = tuple(s.id for s in framework.standards if s.key_questions)
    judged = tuple(s.id for s in framework.standards if not s.key_questions and s.questions)
    kqs = [(standard, kq) for standard, kq in framework.key_questions()]
    index: dict[str, tuple[int, bool]] = {}
    prompt_difficulty: dict[str, float] = {}
    for number, (_, kq) in enumerate(kqs):
        index[kq.id] = (number, False)
        for prompt in kq.prompts:
            index[prompt.id] = (number, True)
            prompt_difficulty[prompt.id] = float(rng.normal(PROMPT_BASE, PROMPT_SPREAD))
    return QuestionPlan(
        framework=framework,
        key_questions=tuple(kq.id for _, kq in kqs),
        kq_standard=np.array([standards.index(standard.id) for standard, _ in kqs]),
        kq_difficulty=rng.normal(KEY_QUESTION_BASE, KEY_QUESTION_SPREAD, size=len(kqs)),
        standards=standards,
        judged=judged,
        question_index=index,
        prompt_difficulty=prompt_difficulty,
    )


@cache
def _asked(framework_id: str, profile: CaseProfile) -> tuple[str, ...]:
    return tuple(sorted(asked_question_ids(load_framework(framework_id), profile)))


@dataclass(frozen=True, slots=True)
class PlannedCase:
    reference: str
    case_type: str
    disposal: str
    gender: str
    ethnicity: str
    rosh: str
    safety_wellbeing: str


@dataclass(slots=True)
class PlannedInspection:
    """One generated inspection before it is saved: its cases and their answers."""

    service_index: int
    number: int
    framework_id: str
    fieldwork_start: date
    published_on: date
    cases: list[PlannedCase]
    answers: list[list[tuple[str, str]]]  # per case: (question id, yes / no / na)
    judgements: dict[str, str]


def plan_history(scale: Scale) -> list[PlannedInspection]:
    """Every inspection of the history, drawn from the seed (no database needed)."""
    rng = np.random.default_rng(scale.seed)
    plans: dict[str, QuestionPlan] = {}
    span = (LAST_FIELDWORK - FIRST_FIELDWORK).days
    interval = span / scale.inspections
    found: list[PlannedInspection] = []
    for service_index in range(scale.services):
        quality = rng.normal(0.0, SERVICE_SPREAD)
        trend = rng.normal(TREND_MEAN, TREND_SPREAD)
        offset = rng.uniform(0, interval)
        leans: dict[str, np.ndarray] = {}
        for number in range(scale.inspections):
            start = FIRST_FIELDWORK + timedelta(days=int(number * interval + offset))
            start -= timedelta(days=start.weekday())  # fieldwork starts on a Monday
            framework_id = _framework_for(start)
            plan = plans.get(framework_id)
            if plan is None:
                plan = plans[framework_id] = _question_plan(framework_id, scale.seed)
            if framework_id not in leans:
                leans[framework_id] = rng.normal(0.0, STANDARD_SPREAD, size=len(plan.standards))
            level = quality + trend * number + rng.normal(0.0, INSPECTION_SPREAD)
            found.append(
                _plan_inspection(
                    rng, scale, plan, service_index, number, start, level, leans[framework_id]
                )
            )
    return found


def _plan_inspection(
    rng: np.random.Generator,
    scale: Scale,
    plan: QuestionPlan,
    service_index: int,
    number: int,
    start: date,
    level: float,
    lean: np.ndarray,
) -> PlannedInspection:
    size = scale.cases
    court = rng.random(size) < COURT_SHARE
    types = np.where(court, "court", "out_of_court")
    disposals = [_pick(rng, dict(DISPOSALS[case_type]), 1)[0] for case_type in types.tolist()]
    genders = _pick(rng, GENDER_SHARES, size)
    ethnicities = _pick(rng, ETHNICITY_SHARES, size)
    rosh = _pick(rng, RISK_SHARES, size)
    wellbeing = _pick(rng, RISK_SHARES, size)
    case_level = rng.normal(0.0, CASE_SPREAD, size=size)
    base = level + lean[plan.kq_standard] + plan.kq_difficulty  # per key question
    kq_yes = rng.random((size, len(plan.key_questions))) < _logistic(
        base[None, :] + case_level[:, None]
        + np.array([DISPOSAL_LEAN.get(d, 0.0) for d in disposals])[:, None]
    )  # fmt: skip
    cases: list[PlannedCase] = []
    answers: list[list[tuple[str, str]]] = []
    for index in range(size):
        case = PlannedCase(
            reference=f"S{index + 1:03d}",
            case_type=str(types[index]),
            disposal=str(disposals[index]),
            gender=str(genders[index]),
            ethnicity=str(ethnicities[index]),
            rosh=str(rosh[index]),
            safety_wellbeing=str(wellbeing[index]),
        )
        cases.append(case)
        profile = CaseProfile(case.case_type, case.disposal, case.rosh, case.safety_wellbeing)
        asked = _asked(plan.framework.id, profile)
        draws = rng.random((len(asked), 2))
        row: list[tuple[str, str]] = []
        shift = case_level[index] + DISPOSAL_LEAN.get(case.disposal, 0.0)
        for question, (chance, na) in zip(asked, draws.tolist(), strict=True):
            kq, is_prompt = plan.question_index[question]
            if not is_prompt:
                row.append((question, "yes" if kq_yes[index, kq] else "no"))
                continue
            if na < PROMPT_NOT_APPLICABLE:
                row.append((question, "na"))
                continue
            follows = PROMPT_FOLLOWS if kq_yes[index, kq] else -PROMPT_FOLLOWS
            odds = level + lean[plan.kq_standard[kq]] + plan.prompt_difficulty[question]
            yes = chance < 1.0 / (1.0 + math.exp(-(odds + shift + follows)))
            row.append((question, "yes" if yes else "no"))
        answers.append(row)
    judgements: dict[str, str] = {}
    for standard_id in plan.judged:
        judged = level + rng.normal(0.0, JUDGED_CHANCE)
        judgements[standard_id] = next(
            (rating for cut, rating in JUDGED_CUTS if judged > cut), "Inadequate"
        )
    return PlannedInspection(
        service_index=service_index,
        number=number,
        framework_id=plan.framework.id,
        fieldwork_start=start,
        published_on=start + timedelta(days=int(rng.integers(70, 100))),
        cases=cases,
        answers=answers,
        judgements=judgements,
    )


# -- saving ------------------------------------------------------------------------------


def generator_user() -> User:
    """The inactive account the generated answers are recorded under."""
    user, created = User.objects.get_or_create(
        username=GENERATOR_USERNAME,
        defaults={
            "first_name": "Synthetic national history",
            "role": Role.INSPECTOR,
            "is_active": False,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _check_empty(scale: Scale) -> None:
    names = [SERVICE_NAME.format(number=n + 1) for n in range(scale.services)]
    if (
        Service.objects.filter(synthetic=True).exists()
        or Service.objects.filter(name__in=names).exists()
    ):
        raise InputError(
            "the database already holds a synthetic national history: generate into a fresh "
            "database"
        )


def _copy_answers(rows: Sequence[str]) -> None:
    """PostgreSQL: the answers by COPY (text format, one tab-separated line each)."""
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in ANSWER_COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            buffer = io.StringIO()
            buffer.writelines(rows)
            copy.write(buffer.getvalue())


ANSWER_COLUMNS = (
    "framework_id",
    "version",
    "updated_by_id",
    "updated_at",
    "case_id",
    "question_id",
    "value",
    "evidence",
)


def _answer_counts() -> dict[int, list[Counted]]:
    """``(question, answer, number of cases)`` of every synthetic inspection, counted by the
    database in one GROUP BY over the answers that count (the workspace's rule,
    :func:`yjinspect_web.workspace.counting.asked_condition`), as the workspace counts one
    inspection's."""
    quote = connection.ops.quote_name
    conditions: list[str] = []
    params: list[str | int | bool] = []
    for framework_id in sorted({framework_id for _, framework_id in FRAMEWORK_CHANGES}):
        asked, asked_params = asked_condition(framework_id)
        conditions.append(f"(i.framework_id = %s AND ({asked}))")
        params += [framework_id, *asked_params]
    sql = (
        f"SELECT c.inspection_id, a.question_id, a.value, COUNT(*)"
        f" FROM {quote(Answer._meta.db_table)} a"
        f" JOIN {quote(Case._meta.db_table)} c ON c.id = a.case_id"
        f" JOIN {quote(Inspection._meta.db_table)} i ON i.id = c.inspection_id"
        f" WHERE i.synthetic = %s AND c.state <> %s AND a.value <> %s"
        f" AND ({' OR '.join(conditions)})"
        f" GROUP BY c.inspection_id, a.question_id, a.value"
    )
    found: dict[int, list[Counted]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, Case.State.WITHDRAWN.value, "", *params])
        for inspection_id, question, value, number in cursor.fetchall():
            found.setdefault(int(inspection_id), []).append(
                (str(question), str(value), int(number))
            )
    return found


def _analyze(command: str) -> None:
    with connection.cursor() as cursor:
        for model in (Answer, Case, Inspection, Service, PublishedRating):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


class _AnswerWriter:
    """Answers in bulk: PostgreSQL by COPY in blocks, SQLite by bulk_create in batches."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.postgres = connection.vendor == "postgresql"
        self.stamp = datetime.now(UTC).isoformat()
        self.lines: list[str] = []
        self.objects: list[Answer] = []
        self.written = 0

    def add(self, framework_id: str, case: Case, rows: list[tuple[str, str]]) -> None:
        self.written += len(rows)
        if self.postgres:
            prefix = f"{framework_id}\t0\t{self.user.pk}\t{self.stamp}\t{case.pk}\t"
            self.lines.extend([f"{prefix}{q}\t{v}\t\n" for q, v in rows])
        else:
            self.objects.extend(
                Answer(
                    case=case,
                    question_id=q,
                    value=v,
                    framework_id=framework_id,
                    updated_by=self.user,
                )
                for q, v in rows
            )
        if len(self.lines) >= COPY_BLOCK or len(self.objects) >= SQLITE_BATCH * 4:
            self.flush()

    def flush(self) -> None:
        if self.lines:
            _copy_answers(self.lines)
            self.lines = []
        if self.objects:
            Answer.objects.bulk_create(self.objects, batch_size=SQLITE_BATCH)
            self.objects = []


def _save_inspections(
    scale: Scale, planned: list[PlannedInspection], user: User
) -> tuple[list[Service], list[Inspection]]:
    services = Service.objects.bulk_create(
        [
            Service(
                name=SERVICE_NAME.format(number=n + 1),
                local_authority=f"Synthetic authority {n + 1:03d}",
                region=REGIONS[n % len(REGIONS)],
                synthetic=True,
            )
            for n in range(scale.services)
        ]
    )
    inspections = Inspection.objects.bulk_create(
        [
            Inspection(
                service=services[plan.service_index],
                framework_id=plan.framework_id,
                kind=Inspection.Kind.INSPECTION,
                title=f"{services[plan.service_index].name}: inspection {plan.number + 1}",
                fieldwork_start=plan.fieldwork_start,
                fieldwork_end=plan.fieldwork_start + timedelta(days=4),
                ratings_locked=True,
                locked_at=datetime.combine(plan.published_on, datetime.min.time(), tzinfo=UTC),
                locked_by=user,
                synthetic=True,
            )
            for plan in planned
        ]
    )
    StandardJudgement.objects.bulk_create(
        [
            StandardJudgement(
                inspection=inspection,
                standard_id=standard_id,
                rating=rating,
                framework_id=plan.framework_id,
                updated_by=user,
            )
            for plan, inspection in zip(planned, inspections, strict=True)
            for standard_id, rating in plan.judgements.items()
        ]
    )
    return services, inspections


def _save_cases(plan: PlannedInspection, inspection: Inspection) -> list[Case]:
    return Case.objects.bulk_create(
        [
            Case(
                inspection=inspection,
                reference=case.reference,
                case_type=case.case_type,
                disposal=case.disposal,
                gender=case.gender,
                ethnicity=case.ethnicity,
                rosh=case.rosh,
                safety_wellbeing=case.safety_wellbeing,
                state=Case.State.LOCKED,
                synthetic=True,
            )
            for case in plan.cases
        ]
    )


def _rate(plan: PlannedInspection, inspection: Inspection, counts: list[Counted]) -> int:
    """Rate one generated inspection by the core's rules and enter it in the national record;
    the number of rows entered."""
    framework = load_framework(plan.framework_id)
    standards = evidence_from_answer_counts(framework, counts, inspection.title)
    evidence = with_judgements_and_panels(
        framework, standards, plan.judgements, {}, inspection.service.name
    )
    rows = rows_for_result(
        inspection, rate_inspection(evidence), published_on=plan.published_on, synthetic=True
    )
    PublishedRating.objects.bulk_create(rows)
    return len(rows)


def generate(scale: Scale, progress: Progress | None = None) -> Generated:
    """Plan the history from the seed, save it in one transaction, rate every inspection and
    enter its ratings in the national record (synthetic)."""
    scale.check()
    began = time.monotonic()
    report = progress or (lambda stage, done, total: None)
    planned = plan_history(scale)
    cases = ratings = 0
    with transaction.atomic():
        _check_empty(scale)
        user = generator_user()
        services, inspections = _save_inspections(scale, planned, user)
        writer = _AnswerWriter(user)
        pairs = list(zip(planned, inspections, strict=True))
        for done, (plan, inspection) in enumerate(pairs, 1):
            saved = _save_cases(plan, inspection)
            cases += len(saved)
            for case, rows in zip(saved, plan.answers, strict=True):
                writer.add(plan.framework_id, case, rows)
            report("Saving cases and answers", done, len(pairs))
        writer.flush()
        if writer.postgres:  # statistics for the planner before the answers are counted
            _analyze("ANALYZE")
        counts = _answer_counts()
        for done, (plan, inspection) in enumerate(pairs, 1):
            ratings += _rate(plan, inspection, counts.get(inspection.pk, []))
            report("Rating the inspections", done, len(pairs))
    if writer.postgres:  # fresh statistics, and visibility maps (VACUUM: outside a transaction)
        _analyze("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return Generated(
        services=len(services),
        inspections=len(inspections),
        cases=cases,
        answers=writer.written,
        ratings=ratings,
        seconds=time.monotonic() - began,
    )
