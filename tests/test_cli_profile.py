"""``yjinspect profile check``: computed figures and disagreements; exit 0 when all agree, 1
listing every disagreeing row, 2 with one line for a file that cannot be read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_runner import run

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "profile-blackpool-2021.yaml")
CODE_WORD = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _figures(tmp_path: Path, text: str, name: str = "figures.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_004s_profile_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "profile", "check", EXAMPLE)
    assert status == 0 and not err
    assert "Total current caseload on community sentences" in out
    assert "Average caseload per case manager (FTE)" in out
    assert "Every printed figure agrees with its counts." in out
    assert not CODE_WORD.findall(out.replace("profile-blackpool-2021.yaml", ""))


def test_disagreeing_rows_exit_1_with_both_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _figures(
        tmp_path,
        "measure,count,denominator,percent,per\n"
        "Caseload on community sentences,27,29,93\n"
        "Caseload in custody,2,29,8\n"
        "First-time entrants,28,12334,230,100000\n"
        "Youth cautions,3,6,\n",
    )
    status, out, err = run(capsys, "profile", "check", path)
    assert status == 1 and not err
    assert "2 printed figures disagree with the counts:" in out
    assert "- Row 3: Caseload in custody: printed 8%, but 2 of 29 is 7%" in out
    assert "- Row 4: First-time entrants: printed 230, but 28 per 100,000 of 12,334 is 227" in out
    assert "50%" in out  # a blank percent is computed


def test_all_agree_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _figures(tmp_path, "measure,count,denominator,percent\nCommunity sentences,27,29,93\n")
    status, out, _ = run(capsys, "profile", "check", path)
    assert status == 0 and "Every printed figure agrees with its counts." in out


def test_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _figures(tmp_path, "measure,count,denominator,percent\nCustody,2,29,8\n")
    status, out, _ = run(capsys, "profile", "check", path, "--json")
    data = json.loads(out)
    assert status == 1
    assert data["agrees"] is False and data["kind"] == "printed figures"
    assert data["figures"][0]["value"] == "7" and data["figures"][0]["shown"] == "7%"
    (found,) = data["disagreements"]
    assert (found["row"], found["printed"], found["computed"]) == (2, "8", "7")


def test_disproportionality_is_printed_with_small_numbers_suppressed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _figures(
        tmp_path,
        "service: Town\nperiod: '2024'\n"
        "area:\n  name: Town\n  population_groups:\n"
        "    - dimension: ethnicity\n      title: Ethnicity\n      groups:\n"
        "        - {key: white, label: White, count: 10000}\n"
        "        - {key: black, label: Black, count: 500}\n"
        "        - {key: asian, label: Asian, count: 800}\n"
        "caseload:\n  total: 38\n  breakdowns:\n"
        "    - dimension: ethnicity\n      title: Ethnicity\n      groups:\n"
        "        - {key: white, label: White, count: 30}\n"
        "        - {key: black, label: Black, count: 6}\n"
        "        - {key: asian, label: Asian, count: 2}\n",
        "town.yaml",
    )
    status, out, _ = run(capsys, "profile", "check", path)
    assert status == 0
    assert "Relative rate index" in out and "4.00" in out and "fewer than 5" in out
    data = json.loads(run(capsys, "profile", "check", path, "--json")[1])
    asian = next(row for row in data["disproportionality"] if row["key"] == "asian")
    assert asian["caseload"] is None and asian["index"] is None and asian["suppressed"]


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("measure,count,denominator,percent\nCustody,two,29,7\n", "f.csv",
         "f.csv has 1 problem: row 2, column count: 'two' is not a number from 0 to "
         "1,000,000,000,000 (at most 6 decimal places)"),
        ("service: [", "p.yaml", "p.yaml is not valid YAML"),
        ("x", "p.txt", "a profile is a .yaml, .yml or .json file"),
        ("period: '2021'\n", "p.yaml", "p.yaml has 1 problem: service: is required"),
    ],
)  # fmt: skip
def test_an_unreadable_file_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, name: str, words: str
) -> None:
    status, out, err = run(capsys, "profile", "check", _figures(tmp_path, text, name))
    assert status == 2 and not out
    assert err.startswith("yjinspect: error: ") and words in err and err.count("\n") == 1


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "profile", "check", str(tmp_path / "none.csv"))
    assert status == 2 and "no such file" in err


def test_sections_are_shown_when_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _figures(
        tmp_path,
        "section,measure,count,denominator,percent,per\n"
        "Caseload,Community sentences,27,29,93,\n"
        'Youth justice information,First-time entrants,28,"12,334",227,"100,000"\n',
    )
    status, out, _ = run(capsys, "profile", "check", path)
    assert status == 0
    assert "Youth justice information" in out and "100,000" in out
