"""The demo's moderation: four Blackpool 2021 cases marked a second time, blind, by the demo
inspector on no team, with two disagreements: one discussed (the team's answer agreed, so the
published ratings stand), one left for the lead to try."""

from __future__ import annotations

from collections.abc import Mapping

from yjinspect_web.moderation import services
from yjinspect_web.moderation.models import SecondMarking
from yjinspect_web.workspace.models import Case, Inspection, User

DOUBLE_MARKED = 4
FLIP = {"yes": "no", "no": "yes"}


def double_marking(inspection: Inspection, users: Mapping[str, User]) -> list[SecondMarking]:
    """Choose the first cases for the outsider, answer as the team did but for one key question
    of the first case and one prompt of the third, submit, and agree the first disagreement."""
    lead, marker = users["lead"], users["outsider"]
    # a reload in place starts the demo's moderation again, as it does the answers
    SecondMarking.objects.filter(case__inspection=inspection).delete()
    cases = list(inspection.cases.active().order_by("id")[:DOUBLE_MARKED])
    services.choose(inspection, cases, marker, lead)
    markings = []
    for index, case in enumerate(cases):
        marking = SecondMarking.objects.get(case=case)
        values = _answers_as_the_team(case, marking)
        _differ(values, marking, prompt=index == 2, on=index in (0, 2))
        services.save_second_marking(marking, values, marker, submit=True)
        markings.append(marking)
    first = services.disagreements(inspection)[0]
    services.record_agreed(
        first.marking,
        first.question_id,
        first.first,
        "Discussed at moderation: the case records support the team's answer.",
        lead,
    )
    return markings


def _answers_as_the_team(case: Case, marking: SecondMarking) -> dict[str, str]:
    team = dict(case.answers.values_list("question_id", "value"))
    return {
        qid: team.get(qid, "" if is_prompt else "yes")
        for qid, _, is_prompt in services.questions_for(marking)
    }


def _differ(values: dict[str, str], marking: SecondMarking, *, prompt: bool, on: bool) -> None:
    if not on:
        return
    for qid, _, is_prompt in services.questions_for(marking):
        if is_prompt == prompt and values.get(qid) in FLIP:
            values[qid] = FLIP[values[qid]]
            return
