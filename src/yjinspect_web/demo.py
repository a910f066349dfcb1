"""The demo workspace: Blackpool 2021 reconstructed as an inspection, a self-assessment, and a
person of every role, all with one password made afresh on every load.

The Blackpool 2021 inspection is the synthetic case-level reconstruction in ``examples/`` (13
court and 10 out-of-court cases that describe no real child) with the judged standards as
published, so its dashboard shows 004's ratings: 25/36, Good. Its cases are quality-assured and
its ratings left unlocked, so the ratings panel and locking can be tried.

The demo is loaded once, on a workspace's first run (:func:`demo_loaded` says whether it is
there); the work people do on it afterwards is kept. Reloading (``yjinspect demo --reset``,
:func:`load_demo`) is in place, in one transaction: the demo's inspections keep their ids (so
links to them keep working) and their history; their work is replaced and their cases made
again in the same rows (:func:`_clear_demo_inspections`); the demo services and people are
updated, not duplicated. Nothing else in the database
is touched. A person who is not a demo account but has a demo username is never overwritten:
the load is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from axes.utils import reset as reset_sign_in_failures
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yjinspect.cases import (
    CaseProfile,
    asked_question_ids,
    in_sub_sample_by_default,
    standards_for_case,
)
from yjinspect.errors import InputError
from yjinspect.framework import Framework
from yjinspect.inputs import read_case_answers, read_summary
from yjinspect.report.data import read_narrative
from yjinspect_web.improvement import demo as improvement_demo
from yjinspect_web.improvement import recommendations
from yjinspect_web.moderation import demo as moderation_demo
from yjinspect_web.national import demo as national_demo
from yjinspect_web.profile import demo as profile_demo
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    PanelDecision,
    PartnerAgency,
    QuestionEvidence,
    ReportNarrative,
    ReviewComment,
    Role,
    SamplingRecord,
    Service,
    StandardJudgement,
    SubSampleDecision,
    TeamMember,
    User,
)

EXAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "examples"
CASES_FILE = "blackpool-2021-cases.csv"
DETAILS_FILE = "blackpool-2021-case-details.csv"
SUMMARY_FILE = "blackpool-2021.json"

DEMO_MARK = "(demo)"  # every demo account's last name
REASON = "demo reconstruction"
BLACKPOOL = "Blackpool YJS"
NORTHSHIRE = "Northshire YJS"
INSPECTION_TITLE = "Blackpool 2021 (reconstruction)"
SELF_ASSESSMENT_TITLE = "Blackpool self-assessment 2022"
PUBLISHED_2018_TITLE = "Blackpool 2018 (published figures)"
PREVIOUS_SUMMARY_FILE = "blackpool-2018.json"
NARRATIVE_FILE = "blackpool-2021-narrative.yaml"
DEMO_TITLES = (INSPECTION_TITLE, SELF_ASSESSMENT_TITLE, PUBLISHED_2018_TITLE, *national_demo.TITLES)
SERVICES = {
    BLACKPOOL: {
        "local_authority": "Blackpool",
        "region": "North West",
        "la_ref": national_demo.BLACKPOOL_REF,
    },
    NORTHSHIRE: {"local_authority": "Northshire (fictional)", "region": "Fictional"},
}


@dataclass(frozen=True)
class DemoUser:
    """A demo account: its username, role, name and what it shows."""

    username: str
    role: str
    name: str
    shows: str
    partner_agency: str = ""
    service: str | None = None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


DEMO_USERS = (
    DemoUser("admin", Role.ADMINISTRATOR, "Administrator", "every inspection; services"),
    DemoUser("lead", Role.LEAD_INSPECTOR, "Lead inspector", "leads Blackpool 2021: panel, lock"),
    DemoUser("inspector", Role.INSPECTOR, "Inspector", "on the Blackpool 2021 team"),
    DemoUser("inspector2", Role.INSPECTOR, "Second inspector", "on the Blackpool 2021 team"),
    DemoUser(
        "partner-police",
        Role.PARTNER_INSPECTOR,
        "Police partner inspector",
        "Blackpool 2021: edits only the cases assigned to them",
        partner_agency=PartnerAgency.POLICE,
    ),
    DemoUser(
        "partner-health",
        Role.PARTNER_INSPECTOR,
        "Health partner inspector",
        "Blackpool 2021: edits only the cases assigned to them",
        partner_agency=PartnerAgency.HEALTH,
    ),
    DemoUser("outsider", Role.INSPECTOR, "Inspector on no team", "no inspection at all"),
    DemoUser(
        "manager",
        Role.SERVICE_MANAGER,
        "Blackpool service manager",
        "leads Blackpool's self-assessment; Blackpool's locked inspections",
        service=BLACKPOOL,
    ),
    DemoUser(
        "board",
        Role.BOARD_VIEWER,
        "Blackpool board member",
        "Blackpool's self-assessment and locked inspections, read only",
        service=BLACKPOOL,
    ),
    DemoUser(
        "health-lead",
        Role.PARTNER_LEAD,
        "Health action lead",
        "Blackpool's improvement plan: only the actions they lead",
        partner_agency=PartnerAgency.HEALTH,
        service=BLACKPOOL,
    ),
    DemoUser(
        "police-lead",
        Role.PARTNER_LEAD,
        "Police action lead",
        "Blackpool's improvement plan: only the actions they lead",
        partner_agency=PartnerAgency.POLICE,
        service=BLACKPOOL,
    ),
    DemoUser(
        "eet-lead",
        Role.PARTNER_LEAD,
        "Education, training and employment lead",
        "Blackpool's improvement plan: only the actions they lead",
        partner_agency=PartnerAgency.EDUCATION,
        service=BLACKPOOL,
    ),
    DemoUser(
        "analyst",
        Role.ANALYST,
        "National analyst",
        "every service's published ratings and the national view; no case",
    ),
    DemoUser(
        "northshire-manager",
        Role.SERVICE_MANAGER,
        "Northshire service manager",
        "nothing of Blackpool's",
        service=NORTHSHIRE,
    ),
)

# the Blackpool 2021 team, in the order cases are shared out among them
TEAM = (
    ("lead", TeamMember.TeamRole.LEAD),
    ("inspector", TeamMember.TeamRole.INSPECTOR),
    ("inspector2", TeamMember.TeamRole.INSPECTOR),
    ("partner-police", TeamMember.TeamRole.PARTNER),
    ("partner-health", TeamMember.TeamRole.PARTNER),
)
ASSIGNMENT_ORDER = ("inspector", "inspector2", "partner-police", "lead", "partner-health")


@dataclass(frozen=True)
class DemoSummary:
    """What a load made: the one password of every demo account, and the counts."""

    password: str
    users: tuple[DemoUser, ...]
    two_factor_secrets: dict[str, str]  # username -> base32 TOTP secret, new on each load
    inspections: tuple[str, ...]
    cases: int
    answers: int
    replaced: bool


def load_demo(password: str | None = None) -> DemoSummary:
    """Load (or reload in place, keeping each demo inspection's id) the demo; a new random
    password unless one is given."""
    password = password or new_password()
    answers = _read_answers()
    details = _read_details()
    with transaction.atomic():
        ids = _demo_inspection_ids()
        replaced = _clear_demo_inspections()
        service_by_name = _services()
        users = _users(password, service_by_name)
        secrets_by_user = _enrol_two_factor(users)
        published = _blackpool_2018(service_by_name[BLACKPOOL], users["lead"], ids)
        national_demo.load(
            service_by_name[BLACKPOOL], users["admin"], partial(_inspection, ids), EXAMPLES_DIR
        )
        inspection = _blackpool_2021(service_by_name[BLACKPOOL], users, details, answers, ids)
        _report_narrative(inspection, users["lead"])
        moderation_demo.double_marking(inspection, users)
        profile_demo.load(service_by_name[BLACKPOOL], published, inspection, users,
                          _example(profile_demo.PROFILE_FILE).parent)  # fmt: skip
        self_assessment = _self_assessment(service_by_name[BLACKPOOL], users, details, answers, ids)
        improvement_demo.load(
            service_by_name[BLACKPOOL], inspection, users, _example(improvement_demo.BUDGET_FILE)
        )
    cases = Case.objects.filter(inspection__in=[inspection, self_assessment])
    return DemoSummary(
        password=password,
        users=DEMO_USERS,
        two_factor_secrets=secrets_by_user,
        inspections=DEMO_TITLES,
        cases=cases.count(),
        answers=Answer.objects.filter(case__in=cases).count(),
        replaced=replaced,
    )


def demo_loaded() -> bool:
    """Whether the workspace holds the demo (any of its inspections)."""
    return _demo_inspections().exists()


def set_demo_password(password: str | None = None) -> str:
    """A new password for the demo accounts only, touching nothing else (for someone who has
    lost the one printed when the demo was loaded); returns it."""
    password = password or new_password()
    accounts = User.objects.filter(
        username__in=[u.username for u in DEMO_USERS], last_name=DEMO_MARK
    )
    accounts.update(password=make_password(password))
    for user in accounts:
        reset_sign_in_failures(username=user.username)
    return password


def new_password() -> str:
    """Four groups of five letters and digits, easy to type: about 100 bits."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def demo_inspection() -> Inspection:
    return Inspection.objects.get(service__name=BLACKPOOL, title=INSPECTION_TITLE)


# -- the example files ---------------------------------------------------------------------


def _example(name: str) -> Path:
    path = EXAMPLES_DIR / name
    if not path.is_file():
        raise InputError(f"the demo needs {path} (the repository's examples folder)")
    return path


def _read_answers() -> dict[str, dict[str, str]]:
    by_case: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_case_answers(_example(CASES_FILE)):
        by_case[row.case_id][row.question_id] = row.answer
    return dict(by_case)


def _read_details() -> list[dict[str, str]]:
    path = _example(DETAILS_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _published_judgements() -> dict[str, str]:
    summary = read_summary(_example(SUMMARY_FILE))
    return {sid: figures.rating for sid, figures in summary.standards.items() if figures.rating}


def _blackpool_2018(service: Service, lead: User, ids: Mapping[str, int]) -> Inspection:
    """004's "2018 results", recorded as a published inspection so the 2021 report shows
    them beside its own figures."""
    summary = read_summary(_example(PREVIOUS_SUMMARY_FILE))
    inspection = _inspection(
        ids,
        service=service,
        title=PUBLISHED_2018_TITLE,
        framework_id=summary.framework,
        kind=Inspection.Kind.PUBLISHED,
        fieldwork_start=dt.date(2018, 1, 1),
        published_summary=summary.model_dump(exclude_defaults=True),
        ratings_locked=True,
        locked_at=timezone.now(),
        locked_by=lead,
    )
    _team(inspection, [(lead, TeamMember.TeamRole.LEAD)])
    services.audit(inspection, lead, "demo", "published inspection", new=inspection.title)
    return inspection


def _report_narrative(inspection: Inspection, lead: User) -> None:
    """004's words for the 2021 report (Crown copyright, Open Government Licence)."""
    narrative = read_narrative(_example(NARRATIVE_FILE))
    recommendations.replace(inspection, narrative.recommendations)
    ReportNarrative.objects.create(
        inspection=inspection,
        content=narrative.model_copy(update={"recommendations": []}).model_dump(),
        framework_id=inspection.framework_id,
        updated_by=lead,
        version=1,
    )


# -- services and people -------------------------------------------------------------------


def _demo_inspections() -> QuerySet[Inspection]:
    return Inspection.objects.filter(service__name__in=SERVICES, title__in=DEMO_TITLES)


def _demo_inspection_ids() -> dict[str, int]:
    """Each demo inspection's id by title, to make it again under the same id."""
    return dict(_demo_inspections().values_list("title", "id"))


def _clear_demo_inspections() -> bool:
    """Clear the demo inspections' work for a reload in place. Their audit trail and cases
    stay (history is never deleted): every case is withdrawn here and the demo's own are
    made current again as they are loaded, so a case someone added stays withdrawn."""
    ids = list(_demo_inspections().values_list("id", flat=True))
    if not ids:
        return False
    Answer.objects.filter(case__inspection__in=ids).delete()
    SubSampleDecision.objects.filter(case__inspection__in=ids).delete()
    ReviewComment.objects.filter(case__inspection__in=ids).delete()
    for model in (StandardJudgement, QuestionEvidence, PanelDecision, ReportNarrative,
                  SamplingRecord):  # fmt: skip
        model.objects.filter(inspection__in=ids).delete()
    Case.objects.filter(inspection__in=ids).update(
        state=Case.State.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_by=None,
        withdrawn_reason="Not part of the demo: withdrawn when the demo was reloaded.",
    )
    return True


def _inspection(ids: Mapping[str, int], **fields: object) -> Inspection:
    """A demo inspection, made again under its earlier id (its history kept) or new."""
    pk = ids.get(str(fields["title"]))
    inspection = Inspection.objects.filter(pk=pk).first() if pk is not None else None
    if inspection is None:
        return Inspection.objects.create(id=pk, **fields)
    defaults: dict[str, object] = {"ratings_locked": False, "locked_at": None, "locked_by": None}
    for name, value in (defaults | fields).items():
        setattr(inspection, name, value)
    inspection.save()
    return inspection


def _team(inspection: Inspection, members: Iterable[tuple[User, str]]) -> None:
    """The demo team, as it was; anyone else added since is taken off (recorded)."""
    wanted = {user.pk: role for user, role in members}
    for member in inspection.team.exclude(user_id__in=wanted):
        member.delete()
    for user_id, role in wanted.items():
        TeamMember.objects.update_or_create(
            inspection=inspection, user_id=user_id, defaults={"role": role}
        )


def _services() -> dict[str, Service]:
    return {
        name: Service.objects.update_or_create(name=name, defaults=fields)[0]
        for name, fields in SERVICES.items()
    }


def _users(password: str, service_by_name: Mapping[str, Service]) -> dict[str, User]:
    taken = User.objects.filter(username__in=[u.username for u in DEMO_USERS]).exclude(
        last_name=DEMO_MARK
    )
    if taken.exists():
        names = ", ".join(sorted(user.username for user in taken))
        raise InputError(f"not loading the demo: {names} already exist and are not demo accounts")
    hashed = make_password(password)  # one hash for all: Argon2 is slow on purpose
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        users[demo.username], _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "role": demo.role,
                "first_name": demo.name,
                "last_name": DEMO_MARK,
                "partner_agency": demo.partner_agency,
                "service": service_by_name[demo.service] if demo.service else None,
                "password": hashed,
                "is_active": True,
            },
        )
        reset_sign_in_failures(username=demo.username)
    return users


def _enrol_two_factor(users: Mapping[str, User]) -> dict[str, str]:
    """Every demo account signs in with a second factor: a new authenticator secret each
    load (printed by ``yjinspect demo``, base32), replacing the earlier one."""
    from yjinspect_web.accounts import twofactor

    return {
        username: twofactor.base32_secret(twofactor.enrol(user)) for username, user in users.items()
    }


def new_demo_two_factor_secrets() -> dict[str, str]:
    """New two-factor secrets for the demo accounts only (with ``--new-password``)."""
    accounts = User.objects.filter(
        username__in=[u.username for u in DEMO_USERS], last_name=DEMO_MARK
    )
    return _enrol_two_factor({user.username: user for user in accounts})


# -- Blackpool 2021 ------------------------------------------------------------------------


def _blackpool_2021(
    service: Service,
    users: Mapping[str, User],
    details: list[dict[str, str]],
    answers: Mapping[str, Mapping[str, str]],
    ids: Mapping[str, int],
) -> Inspection:
    inspection = _inspection(
        ids,
        service=service,
        framework_id="iyjs-2018",
        kind=Inspection.Kind.INSPECTION,
        title=INSPECTION_TITLE,
        fieldwork_start=dt.date(2021, 5, 17),
        fieldwork_end=dt.date(2021, 6, 11),
    )
    services.audit(
        inspection,
        users["admin"],
        "demo",
        "inspection",
        note=f"demo loaded from examples/{CASES_FILE} and {DETAILS_FILE}",
    )
    _team(inspection, [(users[name], role) for name, role in TEAM])
    for number, row in enumerate(details):
        assignee = users[ASSIGNMENT_ORDER[number % len(ASSIGNMENT_ORDER)]]
        case = _case(inspection, row["case_id"], row, assignee)
        _load_answers(case, answers.get(row["case_id"], {}), assignee, sub_samples=True)
        services.submit_case(case, assignee)
        services.quality_assure_case(case, users["lead"], "Quality-assured (demo).")
    _judgements(inspection, users["lead"], _published_judgements())
    return inspection


def _case(inspection: Inspection, reference: str, row: Mapping[str, str], user: User) -> Case:
    case = Case.objects.filter(inspection=inspection, reference=reference).first() or Case(
        inspection=inspection, reference=reference
    )  # a reload makes the case again in its own row, which its history refers to
    for name in ("case_type", "disposal", "gender", "ethnicity", "rosh", "safety_wellbeing"):
        setattr(case, name, row[name])
    case.assigned_inspector = user
    case.state = Case.State.IN_PROGRESS
    case.withdrawn_at, case.withdrawn_by, case.withdrawn_reason = None, None, ""
    case.withdrawn_from_state = ""
    case.full_clean()
    case.save()
    return case


def needed_sub_sample_decisions(
    framework: Framework, profile: CaseProfile, answers: Mapping[str, str]
) -> dict[str, bool]:
    """Decisions that make a case's answers asked: in a sub-sample its details put it outside
    when it answers one of its key questions yes or no; outside one its details put it in
    when it answers none of its key questions at all."""
    decisions: dict[str, bool] = {}
    for sub_sample_id, kq_ids in _sub_sample_key_questions(framework, profile.case_type).items():
        given = [answers.get(kq_id, "") for kq_id in kq_ids]
        inside = in_sub_sample_by_default(framework.sub_sample(sub_sample_id), profile)
        if not inside and any(value in ("yes", "no") for value in given):
            decisions[sub_sample_id] = True
        elif inside and not any(given):
            decisions[sub_sample_id] = False
    return decisions


def _sub_sample_key_questions(framework: Framework, case_type: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for standard in standards_for_case(framework, case_type):
        for kq in standard.key_questions:
            if kq.sub_sample is not None:
                found[kq.sub_sample].append(kq.id)
    return found


def _load_answers(case: Case, answers: Mapping[str, str], user: User, *, sub_samples: bool) -> None:
    """Store the case's answers to the questions asked of it (``na`` elsewhere is dropped)."""
    framework = case.inspection.framework
    if sub_samples:
        for sub_sample_id, included in needed_sub_sample_decisions(
            framework, case.profile, answers
        ).items():
            services.decide_sub_sample(case, sub_sample_id, included, REASON, user)
    asked = asked_question_ids(framework, case.profile, services.sub_sample_overrides(case))
    stray = [qid for qid, value in answers.items() if qid not in asked and value != "na"]
    if sub_samples and stray:
        raise InputError(f"case {case.reference} answers {stray[0]}, which is not asked of it")
    rows = [
        Answer(
            case=case,
            question_id=question_id,
            value=value,
            evidence=_answer_evidence(framework, question_id, value),
            framework_id=framework.id,
            version=1,
            updated_by=user,
        )
        for question_id, value in answers.items()
        if question_id in asked
    ]
    Answer.objects.bulk_create(rows)
    services.audit(
        case.inspection,
        user,
        "demo",
        case.reference,
        case=case,
        note=f"{len(rows)} answers loaded ({REASON})",
    )


def _answer_evidence(framework: Framework, question_id: str, value: str) -> str:
    if framework.find_key_question(question_id) is None:
        return ""  # prompts: the key question's evidence covers them
    said = {"yes": "met", "no": "not met", "na": "not applicable to"}[value]
    return f"Synthetic demo evidence: the case record shows {question_id} {said} this case."


def _judgements(inspection: Inspection, user: User, ratings: Mapping[str, str]) -> None:
    framework = inspection.framework
    for standard_id, rating in ratings.items():
        services.save_judgement(inspection, standard_id, rating, 0, user)
        for question in framework.standard(standard_id).questions:
            text = (
                f"Synthetic demo evidence for {question.id}: supports the rating "
                f"{rating} for {standard_id}."
            )
            services.save_question_evidence(inspection, question.id, text, 0, user)


# -- the self-assessment -------------------------------------------------------------------

SELF_ASSESSMENT_CASES = ("C01", "C02", "O01", "O02")
SELF_ASSESSMENT_STANDARDS = ("2.1", "3.1")  # assessment only: the work has just begun


def _self_assessment(
    service: Service,
    users: Mapping[str, User],
    details: Iterable[Mapping[str, str]],
    answers: Mapping[str, Mapping[str, str]],
    ids: Mapping[str, int],
) -> Inspection:
    manager = users["manager"]
    inspection = _inspection(
        ids,
        service=service,
        framework_id="iyjs-2021",
        kind=Inspection.Kind.SELF_ASSESSMENT,
        title=SELF_ASSESSMENT_TITLE,
        fieldwork_start=dt.date(2022, 3, 7),
        fieldwork_end=dt.date(2022, 3, 25),
    )
    services.audit(inspection, users["admin"], "demo", "inspection", note="demo loaded")
    _team(inspection, [(manager, TeamMember.TeamRole.LEAD)])
    rows = {row["case_id"]: row for row in details}
    for reference in SELF_ASSESSMENT_CASES:
        case = _case(inspection, f"SA-{reference}", rows[reference], manager)
        partial = {
            qid: value
            for qid, value in answers.get(reference, {}).items()
            if qid.startswith(tuple(f"{sid}." for sid in SELF_ASSESSMENT_STANDARDS))
        }
        _load_answers(case, partial, manager, sub_samples=False)
    _judgements(inspection, manager, {"1.1": "Good"})
    return inspection
