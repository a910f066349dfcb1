"""The command line: output for people and for programs, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_frameworks_lists_every_framework(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "frameworks")
    assert status == 0
    for framework_id in ("iyjs-2018", "iyjs-2021", "iyjwcv-2025", "fji-2012"):
        assert framework_id in out
    assert "provisional banding" in out


def test_framework_show_prints_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "framework", "show", "iyjs-2018")
    assert status == 0
    assert "2.2.2d" in out and "contingency arrangements" in out
    assert "sub-sample: Youth conditional cautions" in out
    assert "0-6 Inadequate" in out


def test_framework_show_2025_says_banding_is_provisional(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "framework", "show", "iyjwcv-2025")
    assert status == 0
    assert "Provisional banding" in out


def test_rate_prints_an_explaining_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rate", str(EXAMPLES / "blackpool-2021.json"))
    assert status == 0
    assert "Overall rating: Good, score 25/36" in out
    assert "2.2.3 keep other people safe" in out
    assert "6/11" in out and "55%" in out
    assert "Lowest key question 2.2.3 (6/11 = 55%)" in out
    assert "Few cases: " in out and "small_sample" not in out


def test_rate_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rate", str(EXAMPLES / "blackpool-2021.json"), "--json")
    assert status == 0
    data = json.loads(out)
    assert {"framework", "standards", "score", "max_score", "overall_rating"} <= set(data)
    standard = data["standards"][5]
    assert {
        "id",
        "name",
        "rating",
        "rule_rating",
        "score",
        "driving_key_question",
        "discretion_flags",
        "key_questions",
    } <= set(standard)
    assert set(standard["key_questions"][0]) >= {"id", "percent", "yes", "relevant", "band"}
    assert standard["id"] == "2.2"
    assert standard["driving_key_question"] == "2.2.3"
    assert standard["discretion_flags"] == ["near_boundary", "one_case_changes_rating"]


def test_rate_json_2025_marks_provisional_banding(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rate", str(EXAMPLES / "blackpool-2025.json"), "--json")
    data = json.loads(out)
    assert data["overall_rating"] == "Requires improvement"
    assert data["overall_rating_provisional"] is True


def test_rate_text_2025_marks_provisional_banding(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rate", str(EXAMPLES / "blackpool-2025.json"))
    assert "Requires improvement (provisional banding), score 6/12" in out


def _summary(tmp_path: Path, data: object, name: str = "summary.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _kq(**figures: object) -> dict[str, object]:
    return {"framework": "iyjs-2018", "standards": {"2.1": {"key_questions": {"2.1.1": figures}}}}


BAD_SUMMARIES = [
    ({"framework": "iyjs-1999", "standards": {}}, "unknown framework 'iyjs-1999'"),
    ({"standards": {}}, "framework: Field required"),
    ({"framework": "iyjs-2018", "standards": {"9.1": {"rating": "Good"}}}, "no standard '9.1'"),
    ({"framework": "iyjs-2018", "standards": {"1.1": {"rating": "Great"}}}, "unknown rating"),
    ({"framework": "iyjs-2018", "standards": {"1.1": {"rating": "good"}}}, "unknown rating"),
    ({"framework": "iyjs-2018", "standards": {"2.1": {"rating": "Good"}}}, "not a rating"),
    (
        {"framework": "iyjs-2018", "standards": {"1.1": {"key_questions": {"1.1.1": {}}}}},
        "rated by judgement",
    ),
    (
        {"framework": "iyjs-2018", "standards": {"2.1": {"key_questions": {"2.9.9": {}}}}},
        "unknown key question",
    ),
    (
        {"framework": "iyjs-2018", "standards": {"2.1": {"key_questions": {"2.2.1": {}}}}},
        "belongs to standard 2.2",
    ),
    (_kq(), "give counts"),
    (_kq(yes=-1, relevant=4), "cannot be negative"),
    (_kq(yes=5, relevant=4), "exceeds relevant"),
    (_kq(yes=2, no=1, relevant=4), "contradicts relevant"),
    (_kq(yes=6, relevant=11, percent=58), "contradicts 6/11"),
    (_kq(percent=101), "outside 0-100"),
    (_kq(percent=-3), "outside 0-100"),
    (_kq(percent=64.5), "valid integer"),
    (_kq(yes="6", relevant=11), "valid integer"),
    (_kq(yes=6, relevant=11, colour="red"), "Extra inputs"),
    (
        {
            "framework": "iyjs-2018",
            "standards": {
                "2.1": {"key_questions": {"2.1.1": {"percent": 60}}, "panel_rating": "Good"}
            },
        },
        "needs a panel_rationale",
    ),
    (
        {
            "framework": "iyjs-2018",
            "standards": {
                "2.1": {
                    "key_questions": {"2.1.1": {"percent": 60}},
                    "panel_rating": "Good",
                    "panel_rationale": "  ",
                }
            },
        },
        "needs a panel_rationale",
    ),
    (
        {
            "framework": "iyjs-2018",
            "standards": {
                "1.1": {"rating": "Good", "panel_rating": "Good", "panel_rationale": "x"}
            },
        },
        "panel rating applies only",
    ),
    ([1, 2, 3], "one object"),
]


@pytest.mark.parametrize(("data", "message"), BAD_SUMMARIES)
def test_bad_summary_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: object, message: str
) -> None:
    status, out, err = run(capsys, "rate", _summary(tmp_path, data))
    assert status == 2
    assert out == ""
    assert err.startswith("yjinspect: error: ")
    assert err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", "{not json", "is not valid JSON"),
        ("broken.yaml", "framework: [unclosed", "is not valid YAML"),
        ("binary.json", None, "binary.json is UTF-16 text"),
    ],
)
def test_unreadable_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(b"\xff\xfe\x00\x81")
    else:
        path.write_text(content, encoding="utf-8")
    status, _, err = run(capsys, "rate", str(path))
    assert (status, err.count("\n")) == (2, 1)
    assert message in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "rate", str(tmp_path / "nowhere.json"))
    assert status == 2
    assert "cannot read" in err and "No such file" in err


def test_csv_needs_a_framework(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_id,question_id,answer\nA,2.1.1,yes\n", encoding="utf-8")
    status, _, err = run(capsys, "rate", str(path))
    assert status == 2
    assert "needs --framework" in err


def test_judgement_option_only_with_csv(capsys: pytest.CaptureFixture[str]) -> None:
    summary = str(EXAMPLES / "blackpool-2021.json")
    status, _, err = run(capsys, "rate", summary, "--judgement", "1.1=Good")
    assert status == 2
    assert "go with a case CSV" in err


def test_case_csv_rates_with_judgements_and_prompts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = ["case_id,question_id,answer"]
    for case in range(10):
        answer = "yes" if case < 7 else "no"
        rows += [f"C{case},3.4.1,{answer}", f"C{case},3.4.1a,yes"]
    path = tmp_path / "cases.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ["rate", str(path), "--framework", "iyjs-2018", "--judgement", "1.1=Good", "--json"]
    status, out, _ = run(capsys, *args)
    assert status == 0
    data = json.loads(out)
    joint = next(s for s in data["standards"] if s["id"] == "3.4")
    assert joint["rating"] == "Good"
    kq = joint["key_questions"][0]
    assert (kq["yes"], kq["relevant"], kq["percent"]) == (7, 10, 70)
    prompt = {
        k: v
        for k, v in kq["prompts"][0].items()
        if k in ("id", "text", "percent", "yes", "relevant")
    }
    assert prompt == {
        "id": "3.4.1a",
        "text": kq["prompts"][0]["text"],
        "percent": 100,
        "yes": 10,
        "relevant": 10,
    }
    assert data["overall_rating"] == "Not rated"
    assert "1.2" in data["missing_standards"]
    status, out, _ = run(capsys, *args[:-1])
    assert "Prompts: % yes" in out
    assert "3.4.1a" in out


def test_installed_command_reports_errors_without_traceback(tmp_path: Path) -> None:
    """The console script itself, as a user runs it."""
    script = Path(sys.executable).parent / "yjinspect"
    path = _summary(tmp_path, _kq(yes=5, relevant=4))
    done = subprocess.run([str(script), "rate", path], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "yjinspect: error: standard 2.1: key question 2.1.1: yes (5) exceeds relevant cases (4)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rate"], "Missing argument 'file'"),
        (["rate", "x.json", "--colour"], "No such option: --colour"),
        (["nonsense"], "No such command 'nonsense'"),
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = run(capsys, *args)
    assert status == 2
    assert err.count("\n") == 1 and message in err
