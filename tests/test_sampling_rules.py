"""Sampling rules as framework data: each framework file states its pools (case types,
windows, limits, split); 004's two pools for iyjs-2018 and iyjs-2021, the 2025 method's
children's and victims' pools for iyjwcv-2025; 002's Blackpool gives a 15 + 9 sample."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from cli_runner import run
from yjinspect.errors import InputError
from yjinspect.framework import load_framework, load_framework_file
from yjinspect.sampling import (
    PopulationCase,
    PopulationError,
    plan_for_framework,
    read_population,
)

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "src" / "yjinspect" / "frameworks"
BLACKPOOL_2025 = ROOT / "examples" / "population-blackpool-2025.csv"
FIELDWORK_2025 = date(2025, 6, 2)  # 002: "beginning 02 June 2025"


def test_004_frameworks_state_004_s_pools() -> None:
    for framework_id in ("iyjs-2018", "iyjs-2021"):
        rules = load_framework(framework_id).sampling
        assert rules is not None and rules.source == "004, Annexe 1"
        assert (rules.confidence, rules.margin) == (0.8, 0.05)
        pools = {pool.id: pool for pool in rules.pools}
        assert (pools["court"].months_from, pools["court"].months_to) == (6, 9)
        assert (pools["out_of_court"].months_from, pools["out_of_court"].months_to) == (2, 5)
        assert (pools["court"].share, pools["out_of_court"].share) == (0.6, 0.4)
        assert pools["court"].size_group == pools["out_of_court"].size_group != ""
        assert pools["court"].minimum is None and pools["court"].maximum is None


def test_2025_framework_states_the_children_s_and_victims_pools() -> None:
    rules = load_framework("iyjwcv-2025").sampling
    assert rules is not None
    children, victims = rules.pools
    assert set(children.case_types) == {"bail_remand", "court", "out_of_court"}
    assert (children.months_from, children.months_to) == (2, 12)
    assert (children.minimum, children.maximum) == (14, 91)
    assert victims.case_types == ("victim",)
    assert (victims.months_from, victims.months_to) == (4, 6)
    assert (victims.minimum, victims.maximum) == (9, 24)
    assert set(victims.fields) == {"gender", "ethnicity"}  # what a victims' export holds
    assert set(victims.balance_on) == {"gender", "ethnicity"}
    assert not children.size_group and not victims.size_group  # each sized alone


def test_002_blackpool_population_gives_15_children_and_9_victims(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(
        capsys,
        "sample",
        str(BLACKPOOL_2025),
        "--fieldwork-start",
        FIELDWORK_2025.isoformat(),
        "--framework",
        "iyjwcv-2025",
        "--json",
    )
    assert status == 0, err
    data = json.loads(out)
    assert data["rules"] == "002 and the Inspectorate's 2025 programme"
    pools = {pool["id"]: pool for pool in data["pools"]}
    assert (pools["children"]["eligible"], pools["children"]["sample_size"]) == (16, 15)
    assert (pools["victims"]["eligible"], pools["victims"]["sample_size"]) == (9, 9)
    assert pools["children"]["bound"] == pools["victims"]["bound"] == ""
    assert data["sample_size"] == 24
    children = data["case_types"]["children"]["sample"]
    victims = data["case_types"]["victims"]["sample"]
    assert (len(children), len(victims)) == (15, 9)
    assert all(ref.startswith("B25-V") for ref in victims)
    assert not any(ref.startswith("B25-V") for ref in children)
    # every case type of the children's pool is in its sample, as in the eligible cases
    types = {case["case_ref"]: case["case_type"] for case in data["sample_cases"]}
    assert {types[ref] for ref in children} == {"bail_remand", "court", "out_of_court"}
    # the windows: 2 to 12 months before 2 June 2025; victims 4 to 6 months
    assert data["windows"]["court"]["earliest"] == "2024-06-02"
    assert data["windows"]["court"]["latest"] == "2025-04-02"
    assert data["windows"]["victim"]["earliest"] == "2024-12-02"
    assert data["windows"]["victim"]["latest"] == "2025-02-02"


def test_the_plan_shows_the_rules_applied(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "sample", str(BLACKPOOL_2025), "--fieldwork-start", "2025-06-02",
        "--framework", "iyjwcv-2025",
    )  # fmt: skip
    assert status == 0
    assert "Sampling rules applied (002 and the Inspectorate's 2025 programme)" in out
    assert "Children's cases" in out and "Victims' cases" in out
    assert "Limit that bound it" in out and "months before the fieldwork; at least 14," in out


def _children(count: int, start: date) -> list[PopulationCase]:
    return [
        PopulationCase(
            f"K{i:03d}",
            "court",
            "referral_order",
            start + timedelta(days=i % 200),
            "male" if i % 3 else "female",
            "white",
            "low" if i % 2 else "medium",
            "low",
        )
        for i in range(count)
    ]


def test_a_limit_that_binds_is_shown() -> None:
    framework = load_framework("iyjwcv-2025")
    start = date(2024, 7, 1)
    many = plan_for_framework(_children(300, start), FIELDWORK_2025, framework)
    children = many.pools[0]
    assert (children.eligible, children.calculated, children.size) == (300, 107, 91)
    assert children.bound == "lowered to the maximum of 91"
    few = plan_for_framework(_children(10, start), FIELDWORK_2025, framework)
    children = few.pools[0]
    assert (children.calculated, children.size) == (10, 10)
    assert children.bound == "raised to the minimum of 14; only 10 eligible cases"
    assert few.to_dict()["pools"][0]["bound"] == children.bound


def test_the_2025_pools_take_their_windows_and_limits_from_the_framework(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(
        capsys, "sample", str(BLACKPOOL_2025), "--fieldwork-start", "2025-06-02",
        "--framework", "iyjwcv-2025", "--court-share", "0.5",
    )  # fmt: skip
    assert status == 2
    assert err.startswith("yjinspect: error: iyjwcv-2025's sampling pools take their windows")
    with pytest.raises(InputError, match="states no sampling rules"):
        plan_for_framework([], FIELDWORK_2025, load_framework("fji-2012"))


def test_a_victims_export_needs_only_what_the_victims_pool_holds(tmp_path: Path) -> None:
    path = tmp_path / "victims.csv"
    path.write_text(
        "case_ref,case_type,start_date,gender,ethnicity\n"
        "V-1,victim,2025-01-06,female,white\n"
        "V-2,victim,2025-01-13,male,not recorded\n",
        encoding="utf-8",
    )
    cases = read_population(path, framework_id="iyjwcv-2025")
    assert [(c.case_ref, c.disposal, c.rosh) for c in cases] == [
        ("V-1", "victim_contact", ""),  # the case type's only disposal
        ("V-2", "victim_contact", ""),
    ]
    path.write_text(
        "case_ref,case_type,start_date,gender,ethnicity\n"
        "V-1,victim,2025-01-06,female,\n"
        "C-1,court,2025-01-06,male,white\n",
        encoding="utf-8",
    )
    with pytest.raises(PopulationError) as caught:
        read_population(path, framework_id="iyjwcv-2025")
    problems = [str(p) for p in caught.value.problems]
    assert "row 1, column disposal: missing column 'disposal'" in problems  # a child's row
    assert "row 1, column rosh: missing column 'rosh'" in problems
    assert "row 2, column ethnicity: the cell is empty" in problems
    # 004's frameworks still need every column of every case
    with pytest.raises(PopulationError, match="missing column"):
        read_population(path, framework_id="iyjs-2018")


def _framework_with(tmp_path: Path, change: dict[str, object], pool: int = 0) -> Path:
    data = yaml.safe_load((FRAMEWORKS / "iyjwcv-2025.yaml").read_text(encoding="utf-8"))
    data["sampling"]["pools"][pool].update(change)
    path = tmp_path / "iyjwcv-2025.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"case_types": ["court", "youth"]}, "names unknown case type"),
        ({"case_types": ["victim"]}, "is already in another pool"),
        ({"months_from": 13}, "months_from is after months_to"),
        ({"minimum": 100}, "minimum 100 is above its maximum"),
        ({"balance_on": ["gender", "postcode"]}, "'postcode' is not one of"),
        ({"share": 0.5}, "has a share but no size_group"),
        ({"size_group": "all", "share": 1.0}, "two or more pools, each with a share"),
        ({"windows": [2, 12]}, "windows"),
        ({"months_to": -1}, "months_to"),
    ],
)
def test_the_loader_refuses_bad_sampling_rules(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        load_framework_file(_framework_with(tmp_path, change))


def test_the_loader_refuses_a_pool_balanced_on_a_field_it_does_not_hold(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="balances on \\['rosh'\\]"):
        load_framework_file(_framework_with(tmp_path, {"balance_on": ["gender", "rosh"]}, 1))


def test_the_loader_refuses_shares_that_do_not_add_up(tmp_path: Path) -> None:
    data = yaml.safe_load((FRAMEWORKS / "iyjs-2018.yaml").read_text(encoding="utf-8"))
    data["sampling"]["pools"][0]["share"] = 0.7
    path = tmp_path / "iyjs-2018.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"the shares add up to 1\.1, not 1"):
        load_framework_file(path)


def test_the_readme_documents_the_pools_fields() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_0-9]+)`", readme))
    cases = read_population(BLACKPOOL_2025, framework_id="iyjwcv-2025")
    data = plan_for_framework(cases, FIELDWORK_2025, load_framework("iyjwcv-2025")).to_dict()
    fields = {"rules", "pools", *data["pools"][0]}
    fields |= set(load_framework("iyjwcv-2025").sampling.pools[0].model_dump())  # type: ignore[union-attr]
    assert not sorted(fields - documented)
