"""Double marking: agreement and Cohen's kappa against statsmodels on generated pairs, the CSV's
checks (row and column named), and ``yjinspect moderation``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa

from cli_runner import run
from yjinspect.errors import InputError
from yjinspect.moderation import MarkingPair, kappa, moderate, parse_double_marking

answer = st.sampled_from(["yes", "no", "na"])


@st.composite
def markings(draw: st.DrawFn) -> list[MarkingPair]:
    questions = draw(
        st.lists(st.sampled_from(["2.1.1", "2.1.2", "2.2.1a"]), min_size=1, unique=True)
    )
    pairs = []
    for question in questions:
        for case in range(draw(st.integers(1, 30))):
            pairs.append(MarkingPair(f"C{case:02d}", question, draw(answer), draw(answer)))
    return pairs


def _statsmodels_kappa(pairs: list[MarkingPair]) -> float:
    table = np.zeros((2, 2))
    for p in pairs:
        table[["yes", "no"].index(p.first), ["yes", "no"].index(p.second)] += 1
    return float(cohens_kappa(table, return_results=False))


@settings(deadline=None)
@given(markings())
def test_kappa_and_agreement_match_statsmodels_on_generated_pairs(
    pairs: list[MarkingPair],
) -> None:
    result = moderate(pairs)
    for figures in (*result.questions, result.overall):
        chosen = [p for p in pairs if figures.id in ("", p.question_id)]
        compared = [p for p in chosen if p.compared]
        assert figures.pairs == len(compared)
        if not compared:
            assert figures.kappa is None and figures.agreement_percent is None
            assert figures.kappa_note and "no pairs" in figures.kappa_note
            continue
        agreed = sum(p.first == p.second for p in compared)
        assert figures.agreement_percent == round(100 * agreed / len(compared), 1)
        assert figures.disagreements == tuple(p.case_id for p in compared if p.first != p.second)
        answers = {p.first for p in compared} | {p.second for p in compared}
        if len(answers) == 1:
            assert figures.kappa is None and figures.kappa_note
        else:
            assert figures.kappa_note is None
            assert figures.kappa == round(_statsmodels_kappa(compared), 3)
            assert -1 <= figures.kappa <= 1


def test_a_known_table() -> None:
    # 3 both yes, 1 yes/no, 2 no/yes, 4 both no: po 0.7, pe 0.4 x 0.5 + 0.6 x 0.5 = 0.5,
    # kappa (0.7 - 0.5) / (1 - 0.5) = 0.4
    first = ["yes"] * 4 + ["no"] * 6
    second = ["yes"] * 3 + ["no"] + ["yes"] * 2 + ["no"] * 4
    assert kappa(first, second) == (0.4, None)
    assert kappa([], []) == (None, "no pairs: no case was answered yes or no by both markers")
    assert kappa(["no", "no"], ["no", "no"])[0] is None


def test_questions_in_id_order_and_overall_pooled() -> None:
    pairs = [
        MarkingPair("C01", "2.1.10", "yes", "yes"),
        MarkingPair("C01", "2.1.9", "yes", "no"),
        MarkingPair("C02", "2.1.9", "no", "no"),
        MarkingPair("C03", "2.1.9", "na", "yes"),
    ]
    result = moderate(pairs)
    assert [q.id for q in result.questions] == ["2.1.9", "2.1.10"]
    assert (result.overall.pairs, result.overall.agreement_percent) == (3, 66.7)
    assert result.to_dict()["overall"] == {"pairs": 3, "agreement_percent": 66.7, "kappa": 0.4}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("case_id,question_id,first\nC01,2.1.1,yes\n", "has no column second"),
        (
            "case_id,question_id,first,second\nC01,2.1.1,yes,maybe\n",
            "row 2, column second: 'maybe'",
        ),
        ("case_id,question_id,first,second\nC01,2.1.1,,no\n", "row 2, column first: ''"),
        ("case_id,question_id,first,second\nJohn Smith,2.1.1,yes,no\n", "row 2, column case_id"),
        ("case_id,question_id,first,second\nC01,,yes,no\n", "row 2, column question_id"),
        (
            "case_id,question_id,first,second\nC01,2.1.1,yes,no\nC01,2.1.1,no,no\n",
            "row 3, column question_id: case C01 answers 2.1.1 again (first on row 2)",
        ),
        ("case_id,question_id,first,second\n", "has no rows of answers"),
    ],
)
def test_bad_rows_are_refused_with_row_and_column(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_double_marking(text)


def test_answers_are_read_without_case_and_other_columns_ignored() -> None:
    pairs = parse_double_marking(
        "\ufeffCase_ID,question_id,First,second,note\nC01,2.1.1, YES ,No,x\n"
    )
    assert pairs == [MarkingPair("C01", "2.1.1", "yes", "no")]


def test_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "double.csv"
    path.write_text(
        "case_id,question_id,first,second\n"
        "C01,2.1.1,yes,yes\nC02,2.1.1,yes,no\nC03,2.1.1,no,no\nC04,2.1.1,yes,yes\n"
        "C01,2.1.2,yes,yes\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "moderation", str(path), "--json")
    assert status == 0
    data = json.loads(out)
    assert data["questions"][0] == {
        "id": "2.1.1",
        "pairs": 4,
        "agreement_percent": 75.0,
        "kappa": 0.5,
        "kappa_note": None,
        "disagreements": ["C02"],
    }
    assert data["questions"][1]["kappa"] is None
    assert "every pair" in data["questions"][1]["kappa_note"]
    assert data["overall"] == {"pairs": 5, "agreement_percent": 80.0, "kappa": 0.545}
    status, out, _ = run(capsys, "moderation", str(path))
    assert status == 0
    assert "2.1.1" in out and "75.0%" in out and "0.500" in out and "C02" in out
    assert "All questions" in out and "undefined: both markers answered yes" in out
    assert "_" not in out.replace("double.csv", "")  # no code words


def test_a_bad_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "double.csv"
    path.write_text("case_id,question_id,first,second\nC01,2.1.1,yes,perhaps\n", encoding="utf-8")
    status, out, err = run(capsys, "moderation", str(path))
    assert status == 2 and out == ""
    assert err == "yjinspect: error: row 2, column second: 'perhaps' is not yes, no or na\n"
    path.write_bytes(b"\xff\xfe\x00")
    status, _, err = run(capsys, "moderation", str(path))
    assert status == 2 and err.startswith("yjinspect: error: double.csv is UTF-16 text")
