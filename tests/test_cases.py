"""Which key questions a case answers: by case type, by sub-sample, and by the inspector's say."""

from __future__ import annotations

import pytest

from yjinspect.cases import (
    CaseProfile,
    asked_question_ids,
    key_question_applicability,
    standards_for_case,
    sub_samples_for_case,
    valid_case_reference,
)
from yjinspect.framework import load_framework

FRAMEWORK = load_framework("iyjs-2018")


@pytest.mark.parametrize(
    ("reference", "valid"),
    [("C01", True), ("YJ-2021/014", True), ("John Smith", False), ("JohnSmith", False), ("", False),
     ("A" * 32 + "1", False), ("C 01", False)],
)  # fmt: skip
def test_case_references_cannot_be_names(reference: str, valid: bool) -> None:
    assert valid_case_reference(reference) is valid


def test_court_case_answers_domain_two_only() -> None:
    assert [s.id for s in standards_for_case(FRAMEWORK, "court")] == ["2.1", "2.2", "2.3", "2.4"]
    assert [s.id for s in standards_for_case(FRAMEWORK, "out_of_court")][-1] == "3.4"


def _asked(profile: CaseProfile, overrides: dict[str, tuple[bool, str]] | None = None) -> set[str]:
    found = key_question_applicability(FRAMEWORK, profile, overrides)
    return {a.key_question.id for a in found if a.asked}


def test_low_risk_case_is_outside_the_keep_safe_sub_samples() -> None:
    asked = _asked(CaseProfile("court", "referral_order", rosh="low", safety_wellbeing="medium"))
    assert {"2.1.3", "2.2.2", "2.3.2", "2.4.2"} <= asked
    assert not {"2.2.3", "2.3.3", "2.4.3"} & asked


def test_very_high_risk_is_in_the_keep_safe_sub_samples() -> None:
    asked = _asked(CaseProfile("court", "custody", rosh="very high", safety_wellbeing="very high"))
    assert {"2.2.2", "2.2.3", "2.4.3"} <= asked


def test_only_youth_conditional_cautions_answer_3_4_2() -> None:
    ycc = CaseProfile("out_of_court", "youth_conditional_caution", "high", "high")
    caution = CaseProfile("out_of_court", "youth_caution", "high", "high")
    assert "3.4.2" in _asked(ycc)
    assert "3.4.2" not in _asked(caution)


def test_inspector_may_set_sub_sample_with_a_reason() -> None:
    profile = CaseProfile("court", "referral_order", rosh="low", safety_wellbeing="low")
    found = key_question_applicability(
        FRAMEWORK, profile, {"others_safety_work": (True, "RoSH underestimated; work expected")}
    )
    kq = next(a for a in found if a.key_question.id == "2.2.3")
    assert kq.asked and kq.overridden
    assert "RoSH underestimated" in kq.reason


def test_only_answers_to_asked_questions_count() -> None:
    profile = CaseProfile("out_of_court", "youth_caution", rosh="low", safety_wellbeing="high")
    asked = asked_question_ids(FRAMEWORK, profile)
    assert {"3.1.1", "3.1.1a", "3.2.2", "3.2.2c"} <= asked
    assert not {"3.2.3", "3.2.3a", "3.4.2", "3.4.2a", "2.1.1"} & asked


def test_sub_samples_for_case_type() -> None:
    ids = [s.id for s in sub_samples_for_case(FRAMEWORK, "out_of_court")]
    assert ids == ["child_safety_work", "others_safety_work", "youth_conditional_caution"]
