"""``yjinspect budget check``: computed totals, disagreements (exit 0), bad files (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import run

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "blackpool-budget-2021-22.csv")


def test_003_budget_reports_the_staffing_slip(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "budget", "check", EXAMPLE)
    assert status == 0 and not err
    assert "Local Authority" in out and "1,160,023" in out
    assert "1 printed figure disagrees with the sum of the parts:" in out
    assert "Total staffing costs: printed 885.262, but its parts sum to 885,262" in out
    assert "staffing_costs" not in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "budget", "check", EXAMPLE, "--json")
    data = json.loads(out)
    assert status == 0
    assert data["totals"]["total"] == "1160023"
    assert data["disagreements"] == [
        {"where": "Total staffing costs", "printed": "885.262", "computed": "885262"}
    ]


def test_a_budget_that_agrees(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("agency,staffing_costs,payments_in_kind,other_delegated_funds,total\n"
                    "Police,1,,2,3\nTotal,1,,2,3\n")  # fmt: skip
    status, out, _ = run(capsys, "budget", "check", str(path))
    assert status == 0 and "Every printed total agrees" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("agency,staffing_costs,payments_in_kind,other_delegated_funds,total\nPolice,ten,,,\n",
         "row 2, column staffing_costs: 'ten' is not a sum of money"),
        ("agency,staffing_costs,other_delegated_funds,total\nPolice,1,,\n",
         "no column payments_in_kind"),
        ("agency,staffing_costs,payments_in_kind,other_delegated_funds,total\nFire,1,,,\n",
         "'Fire' is not an agency"),
    ],
)  # fmt: skip
def test_what_is_not_a_budget_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "b.csv"
    path.write_text(content)
    status, out, err = run(capsys, "budget", "check", str(path))
    assert status == 2 and not out
    assert err.startswith("yjinspect: error: b.csv has 1 problem: ") and message in err
    assert err.count("\n") == 1


def test_the_readme_documents_the_budget_command() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`yjinspect budget check FILE" in readme
    for field in ("agencies", "totals", "disagreements", "printed_total", "where", "computed"):
        assert f"`{field}`" in readme
