"""The core's case record: arranged and escaped, answers and steps in words."""

from __future__ import annotations

from datetime import date, datetime

from yjinspect.report.case_record import (
    AnswerEntry,
    CaseRecordData,
    KeyQuestionEntry,
    ReviewStep,
    StandardEntry,
    SubSampleEntry,
    render_case_record_html,
)


def _record(**changes: object) -> CaseRecordData:
    asked = KeyQuestionEntry(
        AnswerEntry(
            "2.1.1", "Does assessment analyse desistance?", "Yes", "<b>Seen</b> in AssetPlus"
        ),
        asked=True,
        prompts=(AnswerEntry("2.1.1a", "Offending behaviour?", "No", is_prompt=True),),
    )
    not_asked = KeyQuestionEntry(
        AnswerEntry("2.1.2", "Does assessment keep the child safe?", "Not answered"),
        asked=False,
        why_not_asked="Not asked: outside the sub-sample (safety and wellbeing low).",
    )
    data = CaseRecordData(
        inspection="An inspection",
        service="Northtown YJS",
        framework="Inspection of youth offending services (2018 standards)",
        reference="C01",
        state="Submitted",
        details=(("Case type", "Court disposal"),),
        standards=(StandardEntry("2.1", "Assessment", (asked, not_asked)),),
        sub_samples=(SubSampleEntry("Child's safety", False, True, "low risk", "Ina", None),),
        review_trail=(
            ReviewStep(datetime(2026, 5, 6, 9, 30), "Ina", "Submitted for quality assurance"),
        ),
        generated_on=date(2026, 5, 7),
    )
    return data.__class__(**{**data.__dict__, **changes})


def test_the_record_is_escaped_and_in_words() -> None:
    html = render_case_record_html(_record())
    assert "&lt;b&gt;Seen&lt;/b&gt; in AssetPlus" in html and "<b>Seen" not in html
    assert "Not asked: outside the sub-sample" in html
    assert "An inspector's decision (Ina): low risk" in html
    assert "6 May 2026 at 09:30" in html and "Submitted for quality assurance" in html
    assert "Key questions answered</dt><dd>1 of 1" in html
    assert '<html lang="en-GB">' in html and "<script" not in html


def test_without_the_review_trail_the_record_says_so() -> None:
    html = render_case_record_html(_record(review_trail=None))
    assert "The inspectors' review of the case is not shown to you." in html
    assert "Submitted for quality assurance" not in html
