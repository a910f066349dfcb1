"""Words for people in the CLI's tables and the core's vocabulary (yjinspect.words): no
snake_case code word is printed for people (JSON keeps the codes)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_runner import run
from yjinspect.framework import framework_ids, load_framework
from yjinspect.words import flag_title, plain

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CODE_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
CASES = str(EXAMPLES / "blackpool-2021-cases.csv")
JUDGED = ["--judgement", "1.1=Good", "--judgement", "1.2=Good", "--judgement", "1.3=Good"]

COMMANDS = [
    ["rate", str(EXAMPLES / "blackpool-2021.json")],
    ["rate", str(EXAMPLES / "blackpool-2018.json")],
    ["rate", str(EXAMPLES / "blackpool-2025.json")],
    ["rate", CASES, "--framework", "iyjs-2018", *JUDGED, "--judgement", "1.4=Good"],
    ["sample", str(EXAMPLES / "population-synthetic.csv"), "--fieldwork-start", "2026-06-01"],
    ["frameworks"],
    *(["framework", "show", fid] for fid in framework_ids()),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:3]))
def test_no_cli_table_shows_a_code_word(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    status, out, err = run(capsys, *args)
    assert status == 0, err
    words = set(CODE_WORD.findall(out)) - set(framework_ids())
    assert not words, sorted(words)


def test_json_keeps_the_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rate", str(EXAMPLES / "blackpool-2021.json"), "--json")
    assert status == 0
    flags = {name for s in json.loads(out)["standards"] for name in s["discretion_flags"]}
    assert "near_boundary" in flags


def test_the_words_for_codes() -> None:
    framework = load_framework("iyjs-2018")
    assert flag_title("near_boundary") == "Near a band boundary"
    assert flag_title("one_case_changes_rating") == "One case would change the rating"
    assert plain("safety_wellbeing") == "Safety and wellbeing"
    assert plain("rosh") == "Risk of serious harm"
    assert plain("quality_assured") == "Quality-assured"
    assert plain("out_of_court") == "Out-of-court"
    assert plain("out_of_court", framework) == "Out-of-court disposal"
    assert plain("youth_rehabilitation_order", framework) == "Youth rehabilitation order"
    assert plain("something_new") == "Something new"
    assert plain(None) == ""


def test_flags_read_with_their_figures(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "rate", str(EXAMPLES / "blackpool-2021.json"))
    assert (
        "Near a band boundary: Within 5 points of the Requires improvement boundary (50%): "
        "2.2.3 is 55% (6 of 11)"
    ) in out
    assert "one more case answered no makes it 45% (5 of 11) and the standard Inadequate" in out
