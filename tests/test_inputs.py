"""Reading inspection summaries and case answers: good input tallies right, bad input is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjinspect.errors import InputError
from yjinspect.framework import load_framework
from yjinspect.inputs import (
    KeyQuestionFigures,
    counts_from_figures,
    evidence_from_cases,
    evidence_from_summary,
    parse_assignments,
    parse_summary,
    read_case_answers,
    read_summary,
    tally_case_answers,
)
from yjinspect.rating import Counts, rate_inspection


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"yes": 6, "relevant": 11}, Counts(6, 11)),
        ({"yes": 6, "no": 5}, Counts(6, 11)),
        ({"no": 5, "relevant": 11}, Counts(6, 11)),
        ({"yes": 6, "no": 5, "relevant": 11}, Counts(6, 11)),
        ({"percent": 55}, None),
    ],
)
def test_counts_from_any_consistent_figures(figures: dict[str, int], expected: Counts) -> None:
    assert counts_from_figures(KeyQuestionFigures(**figures)) == expected


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"yes": 6}, "give relevant"),
        ({"relevant": 6}, "give yes"),
        ({"yes": 6, "no": 4, "relevant": 11}, "contradicts relevant"),
        ({"yes": -1, "relevant": 3}, "cannot be negative"),
        ({"yes": 12, "relevant": 11}, "exceeds relevant"),
    ],
)
def test_counts_that_contradict_are_refused(figures: dict[str, int], message: str) -> None:
    with pytest.raises(InputError, match=message):
        counts_from_figures(KeyQuestionFigures(**figures))


def test_yaml_summary_with_unquoted_ids(tmp_path: Path) -> None:
    path = tmp_path / "summary.yaml"
    path.write_text(
        "framework: iyjs-2018\nservice: Example\nstandards:\n"
        "  1.1: {rating: Good}\n"
        "  2.2:\n    key_questions:\n      2.2.1: {yes: 9, relevant: 12}\n",
        encoding="utf-8",
    )
    result = rate_inspection(evidence_from_summary(read_summary(path)))
    assert result.standard("1.1").rating == "Good"
    assert result.standard("2.2").rating == "Good"
    assert result.service == "Example"


def test_summary_must_be_an_object() -> None:
    with pytest.raises(InputError, match="one object"):
        parse_summary([1, 2], "x.json")


def test_case_answers_tally_yes_and_relevant(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "case_id,question_id,answer,inspector\n"
        "A,2.2.2,yes,x\nB,2.2.2,no,x\nC,2.2.2,na,x\nA,2.2.2a,YES,x\nB,2.2.2a,na,x\n\n"
        "D,3.4.2,yes,x\n",
        encoding="utf-8",
    )
    framework = load_framework("iyjs-2018")
    evidence = tally_case_answers(framework, read_case_answers(path))
    planning = evidence["2.2"]
    kq = planning.key_questions["2.2.2"].counts
    assert kq == Counts(1, 2)
    assert planning.prompts["2.2.2a"] == Counts(1, 1)
    assert evidence["3.4"].key_questions["3.4.2"].counts == Counts(1, 1)


def _csv(tmp_path: Path, body: str, header: str = "case_id,question_id,answer") -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(f"{header}\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("header", "body", "message"),
    [
        ("case,question_id,answer", "A,2.1.1,yes\n", "missing column"),
        ("case_id,question_id,answer", "A,2.1.1,maybe\n", "line 2: answer 'maybe'"),
        ("case_id,question_id,answer", "A,,yes\n", "line 2: question_id is empty"),
        ("case_id,question_id,answer", "", "has no answers"),
    ],
)
def test_malformed_case_files(tmp_path: Path, header: str, body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_case_answers(_csv(tmp_path, body, header))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("A,2.1.1,yes\nA,2.1.1,no\n", "line 3: case A answers 2.1.1 twice"),
        ("A,9.9.9,yes\n", "'9.9.9' is not a key question or prompt of iyjs-2018"),
        ("A,2.1.1,na\n", "2.1.1 cannot be answered na"),
        ("A,2.1.1,yes\nA,3.1.1,yes\n", "domains for different case types"),
    ],
)
def test_inconsistent_case_answers(tmp_path: Path, body: str, message: str) -> None:
    answers = read_case_answers(_csv(tmp_path, body))
    with pytest.raises(InputError, match=message):
        tally_case_answers(load_framework("iyjs-2018"), answers, "cases.csv")


def test_judgements_and_panels_for_case_answers(tmp_path: Path) -> None:
    rows = "".join(f"C{i},2.2.1,{'yes' if i < 6 else 'no'}\n" for i in range(10))
    answers = read_case_answers(_csv(tmp_path, rows))
    evidence = evidence_from_cases(
        "iyjs-2018",
        answers,
        judgements={"1.1": "Good"},
        panels={"2.2": "Good: one case was borderline"},
    )
    result = rate_inspection(evidence)
    assert result.standard("1.1").rating == "Good"
    planning = result.standard("2.2")
    assert (planning.rule_rating, planning.rating) == ("Requires improvement", "Good")
    assert planning.panel is not None
    assert planning.panel.rationale == "one case was borderline"


@pytest.mark.parametrize(
    ("judgements", "panels", "message"),
    [
        ({"2.1": "Good"}, {}, "2.1 is rated from its key questions"),
        ({"1.1": "Great"}, {}, "unknown rating 'Great'"),
        ({"8.8": "Good"}, {}, "no standard '8.8'"),
        ({}, {"2.2": "Good"}, "give the rationale"),
    ],
)
def test_bad_judgements_and_panels(
    tmp_path: Path, judgements: dict[str, str], panels: dict[str, str], message: str
) -> None:
    answers = read_case_answers(_csv(tmp_path, "A,2.2.1,yes\n"))
    with pytest.raises(InputError, match=message):
        rate_inspection(evidence_from_cases("iyjs-2018", answers, judgements, panels))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["1.1"], "not STANDARD=VALUE"),
        (["=Good"], "not STANDARD=VALUE"),
        (["1.1=Good", "1.1=Good"], "twice"),
    ],
)
def test_bad_assignments(values: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_assignments(values, "--judgement")
