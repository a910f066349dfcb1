"""Counting in the database gives exactly what the old Python tally gave.

The reference below is the workspace's former path, kept here as the specification: read every
answer of the inspection, keep those to questions asked of their case (the core's
``asked_question_ids``) and tally them with the core's ``tally_case_answers``. Hypothesis
generates inspections (any bundled framework; cases of every type, disposal, risk level and
state; inspectors' sub-sample decisions either way; answers to asked and unasked questions,
blank, yes, no and not applicable) and both paths must agree on the evidence and the ratings,
for all cases and for quality-assured cases only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from yjinspect.cases import RISK_LEVELS, asked_question_ids
from yjinspect.framework import Framework, framework_ids, load_framework
from yjinspect.inputs import CaseAnswer, tally_case_answers, with_judgements_and_panels
from yjinspect.rating import InspectionResult, StandardEvidence, rate_inspection
from yjinspect_web.workspace import counting, services
from yjinspect_web.workspace.models import (
    Answer,
    Case,
    Inspection,
    Role,
    Service,
    SubSampleDecision,
    User,
)

QA = services.QUALITY_ASSURED_STATES
FRAMEWORKS = [fid for fid in framework_ids() if load_framework(fid).case_types]


def python_tally(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> dict[str, StandardEvidence]:
    """The former path: every answer row read and tallied in Python."""
    framework = inspection.framework
    cases = inspection.cases.active().prefetch_related("answers", "sub_sample_decisions")
    counted: list[CaseAnswer] = []
    for case in cases:
        if case_states is not None and case.state not in case_states:
            continue
        asked = asked_question_ids(framework, case.profile, services.sub_sample_overrides(case))
        counted.extend(
            CaseAnswer(0, case.reference, answer.question_id, answer.value)
            for answer in case.answers.all()
            if answer.value and answer.question_id in asked
        )
    return tally_case_answers(framework, counted, inspection.title)


def python_result(
    inspection: Inspection, case_states: Collection[str] | None = None
) -> InspectionResult:
    evidence = with_judgements_and_panels(
        inspection.framework, python_tally(inspection, case_states), {}, {}, "Service"
    )
    return rate_inspection(evidence)


def question_ids(framework: Framework) -> list[tuple[str, bool]]:
    """Every key question and prompt id, with whether it may be answered not applicable."""
    found = []
    for _, kq in framework.key_questions():
        found.append((kq.id, kq.allows_not_applicable))
        found.extend((p.id, True) for p in kq.prompts)
    return found


@st.composite
def inspections(draw: st.DrawFn) -> tuple[str, list[dict[str, object]]]:
    """A framework id and its cases: details, state, decisions and answers."""
    framework = load_framework(draw(st.sampled_from(FRAMEWORKS)))
    questions = question_ids(framework)
    cases = []
    for _ in range(draw(st.integers(0, 6))):
        case_type = draw(st.sampled_from(framework.case_types))
        chosen = draw(st.lists(st.sampled_from(questions), unique=True, max_size=60))
        cases.append(
            {
                "case_type": case_type.id,
                "disposal": draw(st.sampled_from([d.id for d in case_type.disposals])),
                "rosh": draw(st.sampled_from(RISK_LEVELS)),
                "safety_wellbeing": draw(st.sampled_from(RISK_LEVELS)),
                "state": draw(st.sampled_from(Case.State.values)),
                "decisions": draw(
                    st.dictionaries(
                        st.sampled_from([s.id for s in framework.sub_samples]), st.booleans()
                    )
                    if framework.sub_samples
                    else st.just({})
                ),
                "answers": {
                    qid: draw(st.sampled_from(["", "yes", "no", "na"] if na else ["", "yes", "no"]))
                    for qid, na in chosen
                },
            }
        )
    return framework.id, cases


class CountingTests(TestCase):
    def make(self, framework_id: str, cases: list[dict[str, object]]) -> Inspection:
        user = User.objects.create_user("counter", role=Role.INSPECTOR)
        inspection = Inspection.objects.create(
            service=Service.objects.create(name="Service"),
            framework_id=framework_id,
            title="Generated",
            fieldwork_start=dt.date(2026, 1, 5),
        )
        for number, details in enumerate(cases, start=1):
            decisions = details.pop("decisions")
            answers = details.pop("answers")
            assert isinstance(decisions, dict) and isinstance(answers, dict)
            case = Case.objects.create(
                inspection=inspection,
                reference=f"C{number:02d}",
                gender="male",
                ethnicity="white",
                **details,  # type: ignore[arg-type]
            )
            SubSampleDecision.objects.bulk_create(
                SubSampleDecision(
                    case=case,
                    sub_sample_id=sid,
                    included=included,
                    reason="decided",
                    decided_by=user,
                )
                for sid, included in decisions.items()
            )
            Answer.objects.bulk_create(
                Answer(
                    case=case,
                    question_id=qid,
                    value=value,
                    framework_id=framework_id,
                    updated_by=user,
                )
                for qid, value in answers.items()
            )
        return inspection

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(inspections())
    def test_database_counts_equal_the_python_tally(
        self, generated: tuple[str, list[dict[str, object]]]
    ) -> None:
        framework_id, cases = generated
        inspection = self.make(framework_id, cases)
        for states in (None, services.QUALITY_ASSURED_STATES, [Case.State.IN_PROGRESS]):
            assert counting.standard_evidence(inspection, states) == python_tally(
                inspection, states
            )
            database = services.inspection_result(inspection, case_states=states)
            assert database.to_dict() == python_result(inspection, states).to_dict()
        whole = services.inspection_result(inspection)
        for standard in inspection.framework.standards:  # the case page's live rating
            assert services.standard_result(inspection, standard.id) == whole.standard(standard.id)
        checked, every = services.checked_and_all_results(inspection)
        assert checked.to_dict() == python_result(inspection, QA).to_dict()
        assert every.to_dict() == python_result(inspection).to_dict()
        cases_ = list(inspection.cases.active().prefetch_related("sub_sample_decisions"))
        together = services.progress_of_cases(inspection, cases_)
        for case in cases_:
            assert together[case.pk] == services.case_progress(case)
