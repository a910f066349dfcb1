"""The improvement loop in the demo: what Blackpool did after its 2021 inspection (seed 003).

The six recommendations to the service (004) become a plan with the actions 003 describes
(the ACORN recording model and My Target Plan, audits and learning circles on contingency
planning, visits to four high-performing services on NEET, a bespoke pre-EET intervention),
leads, dated progress updates, two board meetings (003: monitored bi-monthly by the executive
board), and the 2021-22 partnership budget as 003 prints it (with its staffing total slip).
Where 003 is silent (the leads' names, the dates, some updates), the content is synthetic and
says so; no real person is named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from django.utils import timezone

from yjinspect.budget import read_budget
from yjinspect.improvement import STATUSES
from yjinspect_web.improvement.models import (
    Action,
    ActionUpdate,
    BoardMeeting,
    Budget,
    Plan,
    PlanEvent,
    Recommendation,
)
from yjinspect_web.workspace.models import Inspection, Service, User

PLAN_TITLE = "Blackpool YJS improvement plan 2021-22"
BUDGET_FILE = "blackpool-budget-2021-22.csv"


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10)))


# reference, recommendation, area, what will be done, lead, agency, start, due, question,
# target (the status comes from the updates)
ACTIONS = (
    ("R1", 1, "Evaluating the effectiveness of interventions",
     "Move every intervention to the ACORN recording model (Aim, Content, Outcome, Risk, Next "
     "steps) and use the My Target Plan format with children (003, 6.5).",
     "manager", "local_authority", "2021-10-01", "2022-03-31", "2.3.1", "85%"),
    ("R2", 2, "Initial assessment of health and educational needs",
     "Screen every child's communication skills and dyslexia at initial assessment, with the "
     "YJS health and education workers (synthetic detail).",
     "health-lead", "health", "2021-11-01", "2022-04-30", "2.1.1", "90%"),
    ("R3.1", 3, "NEET rates of the over-16 caseload",
     "The EET practitioner and a team manager visit four YJSs the Inspectorate found high "
     "performing on NEET (Knowsley, Wigan, Stockport and Salford) to learn what they do "
     "differently (003, 6.5).",
     "eet-lead", "local_authority", "2021-12-01", "2022-02-28", "", ""),
    ("R3.2", 3, "NEET rates of the over-16 caseload",
     "A bespoke package of intervention for children not yet ready for education, training "
     "or employment: personal, life and social skills, self-esteem, confidence and motivation "
     "(003, 6.5).",
     "eet-lead", "local_authority", "2022-02-01", "2022-06-30", "", ""),
    ("R4", 4, "A plan to keep other people safe in every child's record",
     "Audit children's records and hold learning circles with practitioners on contingency "
     "planning, ACORN and My Target Plan (003, 6.5).",
     "manager", "local_authority", "2021-11-01", "2021-12-31", "2.2.3", "80%"),
    ("R5", 5, "Contingency planning for risks to the child's safety and wellbeing",
     "Team managers review contingency planning for the child's safety in every plan through "
     "supervision (003, 6.5: ongoing support to refine contingency planning).",
     "manager", "local_authority", "2021-11-15", "2022-01-14", "2.2.2", "90%"),
    ("R6", 6, "Contingency planning where there is a risk to other people",
     "Joint review, with the YJS police officer, of contingency plans for risk to others "
     "(synthetic detail).",
     "police-lead", "police", "2021-12-01", "2022-03-31", "2.2.3e", "80%"),
)  # fmt: skip

# reference, date, status after, progress, impact
UPDATES = (
    ("R1", "2021-11-10", "on_track", "ACORN recording model introduced; practitioners trained.",
     ""),
    ("R1", "2021-12-15", "on_track",
     "All practitioners now record interventions in the ACORN model, and use the My Target "
     "Plan format with children (003, 6.5).", "Clear and consistent delivery based on need."),
    ("R2", "2021-12-01", "on_track",
     "Screening for communication needs and dyslexia agreed with the speech and language "
     "therapist (synthetic).", ""),
    ("R2", "2022-01-10", "at_risk",
     "Speech and language therapy vacancy: screening runs for new cases only (synthetic).", ""),
    ("R3.1", "2022-01-12", "on_track",
     "Visits to Knowsley, Wigan, Stockport and Salford being arranged (003, 6.5).", ""),
    ("R4", "2021-12-20", "complete",
     "Audits of children's records done and learning circles held at the end of 2021 (003, "
     "6.5).", "Team managers now support practitioners to refine contingency planning."),
    ("R5", "2021-12-01", "on_track",
     "Team managers reviewing contingency planning in supervision (synthetic).", ""),
    ("R6", "2022-01-05", "on_track",
     "Joint reviews with the police officer started (synthetic).", ""),
)  # fmt: skip

ATTENDANCE = [
    ["local_authority", "Director of Children's Services (chair)"],
    ["local_authority", "Head of Adolescent Service"],
    ["police", "Chief Inspector"],
    ["probation", "Head of Probation Delivery Unit"],
    ["health", "Designated Nurse for Safeguarding"],
    ["yjb", "Head of Oversight, North West"],
]  # synthetic role titles, no names

MEETINGS = (
    ("2021-11-16", "The improvement plan is endorsed, to be returned to HMIP.",
     "Leads to post updates before each meeting."),
    ("2022-01-18", "Development day on 26 January 2022 to strengthen the partnership and make a "
     "2022 development plan towards Outstanding (003, 6.6).",
     "Chase the overdue contingency planning action (R5)."),
)  # fmt: skip


def _delete(service: Service) -> None:
    """The demo's plan and budget (reloaded in place; nothing else of the service's)."""
    Plan.objects.filter(service=service, title=PLAN_TITLE).delete()
    Budget.objects.filter(service=service, source_name=BUDGET_FILE).delete()


def load(
    service: Service, inspection: Inspection, users: Mapping[str, User], budget_file: Path
) -> Plan:
    """The plan, its actions, updates, history, board meetings and budget."""
    _delete(service)
    manager = users["manager"]
    plan = Plan.objects.create(service=service, inspection=inspection, title=PLAN_TITLE,
                               created_by=manager, state="monitored",
                               endorsed_on=dt.date(2021, 11, 16),
                               submitted_on=dt.date(2021, 11, 30))  # fmt: skip
    PlanEvent.objects.create(plan=plan, user=manager, at=_at("2021-10-01"), what="Plan made",
                             new=f"from the recommendations of {inspection.title}")  # fmt: skip
    recommendations = {r.number: r for r in Recommendation.objects.filter(inspection=inspection)}
    actions: dict[str, Action] = {}
    for ref, rec, area, what, lead, agency, start, due, question, target in ACTIONS:
        action = Action.objects.create(
            plan=plan, reference=ref, area=area, description=what, lead=users[lead],
            lead_agency=agency, start_date=dt.date.fromisoformat(start),
            due_date=dt.date.fromisoformat(due), question_id=question,
            measure=f"% yes on {question}" if question else "",
            target=target, status="not_started",
        )  # fmt: skip
        if rec in recommendations:
            action.recommendations.add(recommendations[rec])
        PlanEvent.objects.create(plan=plan, action=action, user=manager, at=_at(start),
                                 what="Action added", new=ref)  # fmt: skip
        actions[ref] = action
    for ref, day, status, progress, impact in UPDATES:
        action = actions[ref]
        author = action.lead or manager
        ActionUpdate.objects.create(action=action, author=author, on=dt.date.fromisoformat(day),
                                    progress=progress, impact=impact, status=status)  # fmt: skip
        PlanEvent.objects.create(plan=plan, action=action, user=author, at=_at(day),
                                 what="Update posted", new=progress[:200])  # fmt: skip
        if status != action.status:
            PlanEvent.objects.create(plan=plan, action=action, user=author, at=_at(day),
                                     what="Update posted", field="Status",
                                     old=action.status_label,
                                     new=STATUSES[status])  # fmt: skip
            action.status = status
            action.save(update_fields=["status"])
    for day, decisions, arising in MEETINGS:
        BoardMeeting.objects.create(plan=plan, held_on=dt.date.fromisoformat(day),
                                    attendance=ATTENDANCE, decisions=decisions,
                                    actions_arising=arising, created_by=manager)  # fmt: skip
        PlanEvent.objects.create(plan=plan, user=manager, at=_at(day),
                                 what="Board meeting recorded", new=day)  # fmt: skip
    states = ("Draft", "Endorsed by the board", "Submitted to the Inspectorate",
              "Being monitored")  # fmt: skip
    days = ("2021-11-16", "2021-11-30", "2021-12-01")
    for day, old, state in zip(days, states, states[1:], strict=False):
        PlanEvent.objects.create(plan=plan, user=manager, at=_at(day), what="Plan state",
                                 field="State", old=old, new=state)  # fmt: skip
    budget = read_budget(budget_file)
    Budget.objects.create(service=service, year="2021-22", source_name=BUDGET_FILE,
                          content=budget.as_dict(), imported_by=manager)  # fmt: skip
    return plan
