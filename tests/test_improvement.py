"""The improvement plan's rules: RAG by stated rules, overrides with reasons, overdue, counts."""

from __future__ import annotations

from datetime import date

import pytest

from yjinspect.improvement import (
    ActionFacts,
    RagRules,
    audience_kind,
    days_overdue,
    is_overdue,
    rag_of,
    status_counts,
)

TODAY = date(2022, 3, 1)


GREEN = "None of the red or amber rules applies."


@pytest.mark.parametrize(
    ("facts", "rag", "reason"),
    [
        (ActionFacts("complete", date(2022, 1, 1)), "green", "Complete."),
        (ActionFacts("on_track", date(2022, 2, 27)), "red",
         "Overdue: due 27 February 2022, 2 days ago."),
        (ActionFacts("not_started", date(2022, 2, 28)), "red",
         "Overdue: due 28 February 2022, 1 day ago."),
        (ActionFacts("off_track", date(2022, 6, 1)), "red", "Off track."),
        (ActionFacts("at_risk", date(2022, 6, 1)), "amber", "At risk."),
        (ActionFacts("on_track", date(2022, 3, 15)), "amber",
         "Due within 14 days (15 March 2022)."),
        (ActionFacts("on_track", date(2022, 3, 16)), "green", GREEN),
        (ActionFacts("not_started", date(2022, 6, 1), date(2022, 2, 1)), "amber",
         "Not started, though due to start on 1 February 2022."),
        (ActionFacts("not_started", date(2022, 6, 1), TODAY), "green",
         GREEN),
        (ActionFacts("on_track", None), "amber", "No due date set."),
    ],
)  # fmt: skip
def test_rag_rules(facts: ActionFacts, rag: str, reason: str) -> None:
    result = rag_of(facts, TODAY)
    assert (result.rag, result.reason, result.overridden) == (rag, reason, False)


def test_the_rules_are_configurable() -> None:
    rules = RagRules(due_soon_days=30, late_start_days=60)
    assert rag_of(ActionFacts("on_track", date(2022, 3, 20)), TODAY, rules).rag == "amber"
    late = ActionFacts("not_started", date(2022, 9, 1), date(2022, 1, 15))
    assert rag_of(late, TODAY, rules).rag == "green"
    assert "Due within 30 days and not complete: amber." in rules.describe()
    assert RagRules.from_dict(rules.as_dict()) == rules
    assert RagRules.from_dict(None) == RagRules()
    with pytest.raises(ValueError, match="from 0 to 365"):
        RagRules(due_soon_days=-1)


def test_an_override_needs_a_reason_and_keeps_the_rules_rag() -> None:
    facts = ActionFacts("on_track", date(2022, 2, 1), override="amber", override_reason="agreed")
    result = rag_of(facts, TODAY)
    assert (result.rag, result.rule_rag, result.label) == ("amber", "red", "Amber")
    assert result.reason == "Overridden: agreed"
    with pytest.raises(ValueError, match="needs a reason"):
        rag_of(ActionFacts("on_track", None, override="green"), TODAY)
    with pytest.raises(ValueError, match="unknown RAG"):
        rag_of(ActionFacts("on_track", None, override="blue", override_reason="x"), TODAY)
    with pytest.raises(ValueError, match="unknown status"):
        rag_of(ActionFacts("done", None), TODAY)


def test_overdue() -> None:
    assert is_overdue("on_track", date(2022, 2, 28), TODAY)
    assert not is_overdue("on_track", TODAY, TODAY)
    assert not is_overdue("complete", date(2021, 1, 1), TODAY)
    assert days_overdue("at_risk", date(2022, 2, 20), TODAY) == 9
    assert days_overdue("complete", date(2022, 2, 20), TODAY) == 0


def test_status_counts_as_councils_report_them() -> None:
    counts = status_counts({"complete": 2, "on_track": 1, "at_risk": 1, "off_track": 1,
                            "not_started": 3})  # fmt: skip
    assert counts.rows() == [
        ("Complete", 2), ("In progress", 3), ("Not started", 3), ("All actions", 8),
    ]  # fmt: skip
    with pytest.raises(ValueError, match="unknown status"):
        status_counts({"done": 1})


def test_who_a_recommendation_is_for() -> None:
    assert audience_kind("The youth justice service") == "service"
    assert audience_kind("") == "service"
    assert audience_kind("The youth justice service's executive board") == "board"
    assert audience_kind("The Youth Justice Board") == "partner"


def test_figures_come_from_the_rated_inspection() -> None:
    from pathlib import Path

    from yjinspect.framework import load_framework
    from yjinspect.improvement import below_threshold, figure_of, good_threshold
    from yjinspect.inputs import evidence_from_summary, read_summary
    from yjinspect.rating import rate_inspection

    examples = Path(__file__).parent.parent / "examples"
    result = rate_inspection(evidence_from_summary(read_summary(examples / "blackpool-2021.json")))
    figure = figure_of(result, "2.2.3")
    assert figure is not None and figure.percent == 55 and figure.band == "Requires improvement"
    assert str(figure).startswith("55%")
    assert figure_of(result, "9.9.9") is None
    assert good_threshold(load_framework("iyjs-2018")) == 65
    below = [f.question_id for f in below_threshold(result, 65)]
    assert "2.2.3" in below and "2.2.1" not in below
