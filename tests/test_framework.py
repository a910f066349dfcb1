"""The bundled frameworks match the documents, and a broken framework file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from yjinspect.errors import InputError
from yjinspect.framework import (
    _framework_files,
    framework_ids,
    load_framework,
    load_framework_file,
)


def test_bundled_frameworks() -> None:
    assert framework_ids() == ["fji-2012", "iyjs-2018", "iyjs-2021", "iyjwcv-2025"]


def test_iyjs_2018_has_the_twelve_standards_of_004() -> None:
    framework = load_framework("iyjs-2018")
    names = [(s.id, s.name, s.rated_by) for s in framework.standards]
    assert names == [
        ("1.1", "Governance and leadership", "judgement"),
        ("1.2", "Staff", "judgement"),
        ("1.3", "Partnerships and services", "judgement"),
        ("1.4", "Information and facilities", "judgement"),
        ("2.1", "Assessment", "key_questions"),
        ("2.2", "Planning", "key_questions"),
        ("2.3", "Implementation and delivery", "key_questions"),
        ("2.4", "Reviewing", "key_questions"),
        ("3.1", "Assessment", "key_questions"),
        ("3.2", "Planning", "key_questions"),
        ("3.3", "Implementation and delivery", "key_questions"),
        ("3.4", "Joint working", "key_questions"),
    ]
    kq_ids = [kq.id for _, kq in framework.key_questions()]
    expected = [
        f"{s}.{n}" for s in ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3") for n in (1, 2, 3)
    ]
    assert kq_ids == [*expected, "3.4.1", "3.4.2"]
    assert framework.max_score == 36
    assert framework.band_boundaries() == (50, 65, 80)


def test_iyjs_2018_prompts_are_those_of_annexe_2() -> None:
    framework = load_framework("iyjs-2018")
    per_kq = {kq.id: len(kq.prompts) for _, kq in framework.key_questions()}
    assert per_kq == {
        "2.1.1": 7, "2.1.2": 3, "2.1.3": 3, "2.2.1": 6, "2.2.2": 4, "2.2.3": 5,
        "2.3.1": 7, "2.3.2": 2, "2.3.3": 3, "2.4.1": 5, "2.4.2": 3, "2.4.3": 4,
        "3.1.1": 7, "3.1.2": 2, "3.1.3": 2, "3.2.1": 7, "3.2.2": 3, "3.2.3": 4,
        "3.3.1": 5, "3.3.2": 2, "3.3.3": 2, "3.4.1": 6, "3.4.2": 2,
    }  # fmt: skip
    found = framework.find_prompt("2.2.2d")
    assert found is not None
    assert "contingency arrangements" in found[2].text


def test_iyjs_2018_sub_samples() -> None:
    framework = load_framework("iyjs-2018")
    sub_samples = {kq.id: kq.sub_sample for _, kq in framework.key_questions() if kq.sub_sample}
    # keep-safe questions in planning, implementation and reviewing only; assessment is asked
    # of every case (004: 10 of 13 court and 9 of 10 out-of-court records for 2.1.3 and 3.1.3)
    assert sub_samples == {
        "2.2.2": "child_safety_work", "2.2.3": "others_safety_work",
        "2.3.2": "child_safety_work", "2.3.3": "others_safety_work",
        "2.4.2": "child_safety_work", "2.4.3": "others_safety_work",
        "3.2.2": "child_safety_work", "3.2.3": "others_safety_work",
        "3.3.2": "child_safety_work", "3.3.3": "others_safety_work",
        "3.4.2": "youth_conditional_caution",
    }  # fmt: skip
    criterion = framework.sub_sample("youth_conditional_caution").criterion
    assert criterion is not None
    assert criterion.values == ("youth_conditional_caution",)
    others = framework.sub_sample("others_safety_work").criterion
    assert others is not None and "low" not in others.values


def test_not_applicable_only_where_the_framework_allows() -> None:
    framework = load_framework("iyjs-2018")
    allowed = {kq.id for _, kq in framework.key_questions() if kq.allows_not_applicable}
    assert "2.1.1" not in allowed and "3.4.1" not in allowed
    assert {"2.4.1", "2.2.2", "3.4.2"} <= allowed


def test_iyjs_2021_changes_3_4_and_adds_unscored_resettlement() -> None:
    framework = load_framework("iyjs-2021")
    oocd = framework.standard("3.4")
    assert (oocd.name, oocd.rated_by, oocd.scored) == (
        "Out-of-court disposal policy and provision",
        "judgement",
        True,
    )
    resettlement = framework.standard("4.1")
    assert resettlement.name == "Resettlement policy and provision"
    assert (resettlement.rated_by, resettlement.scored, resettlement.may_be_unrated) == (
        "judgement",
        False,
        True,
    )
    assert len(framework.scored_standards) == 12
    assert framework.max_score == 36
    assert framework.find_key_question("3.4.2") is None


def test_iyjwcv_2025_from_002() -> None:
    framework = load_framework("iyjwcv-2025")
    assert [s.id for s in framework.standards] == ["2.1", "2.2", "2.3", "V1"]
    texts = {kq.id: kq.short_text for _, kq in framework.key_questions()}
    assert texts["2.2.1"] == "achieve positive change for the child"
    assert texts["2.3.2"] == "keep the child and the community safe"
    victims = framework.standard("V1")
    assert victims.rated_by == "judgement"
    assert [kq.id for kq in victims.key_questions] == ["V1.1"]
    assert [q.id for q in victims.questions] == ["V1.2"]
    assert framework.domain_of("V1").case_types == ("victim",)
    assert framework.max_score == 12
    assert framework.overall_bands_provisional
    bands = [(b.min_score, b.max_score, b.rating) for b in framework.overall_bands]
    assert bands == [
        (0, 2, "Inadequate"),
        (3, 6, "Requires improvement"),
        (7, 10, "Good"),
        (11, 12, "Outstanding"),
    ]


def test_fji_2012_five_judged_areas_without_score() -> None:
    framework = load_framework("fji-2012")
    assert [s.name for s in framework.standards] == [
        "Reducing the likelihood of reoffending",
        "Protecting the public",
        "Protecting children and young people",
        "Ensuring the sentence is served",
        "Governance",
    ]
    assert all(s.rated_by == "judgement" for s in framework.standards)
    assert not framework.is_scored and framework.max_score is None


def test_unknown_framework_is_one_clear_error() -> None:
    with pytest.raises(InputError, match=r"unknown framework 'iyjs-1999' \(known: fji-2012"):
        load_framework("iyjs-1999")


# -- validation of framework files ---------------------------------------------------------


def _base() -> dict[str, object]:
    data = yaml.safe_load(_framework_files()["iyjs-2018"].read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _write(tmp_path: Path, data: dict[str, object], name: str = "iyjs-2018") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_valid_copy_loads(tmp_path: Path) -> None:
    assert load_framework_file(_write(tmp_path, _base())).id == "iyjs-2018"


def test_a_key_question_may_mark_its_evidence_optional(tmp_path: Path) -> None:
    data = _base()
    standards = _domains(data)[1]["standards"]
    assert isinstance(standards, list)
    standards[1]["key_questions"][1]["evidence_optional"] = True
    framework = load_framework_file(_write(tmp_path, data))
    flags = {kq.id: kq.evidence_optional for _, kq in framework.key_questions()}
    optional = [kq_id for kq_id, flag in flags.items() if flag]
    assert optional == [standards[1]["key_questions"][1]["id"]]
    assert not any(kq.evidence_optional for _, kq in load_framework("iyjs-2018").key_questions())


def _domains(data: dict[str, object]) -> list[dict[str, object]]:
    domains = data["domains"]
    assert isinstance(domains, list)
    return domains


def _mutate_gap(data: dict[str, object]) -> None:
    data["overall_bands"] = [
        {"min_score": 0, "max_score": 6, "rating": "Inadequate"},
        {"min_score": 8, "max_score": 36, "rating": "Good"},
    ]


def _mutate_short(data: dict[str, object]) -> None:
    data["overall_bands"] = [{"min_score": 0, "max_score": 30, "rating": "Good"}]


def _mutate_duplicate(data: dict[str, object]) -> None:
    standards = _domains(data)[0]["standards"]
    assert isinstance(standards, list)
    standards[1]["id"] = "1.1"


def _mutate_sub_sample(data: dict[str, object]) -> None:
    standards = _domains(data)[1]["standards"]
    assert isinstance(standards, list)
    standards[1]["key_questions"][1]["sub_sample"] = "nobody"


def _mutate_band_rating(data: dict[str, object]) -> None:
    data["key_question_bands"] = [{"min_percent": 0, "rating": "Splendid"}]


def _mutate_bands_start(data: dict[str, object]) -> None:
    data["key_question_bands"] = [{"min_percent": 50, "rating": "Good"}]


def _mutate_unknown_field(data: dict[str, object]) -> None:
    data["colour"] = "blue"


def _mutate_case_based_without_kq(data: dict[str, object]) -> None:
    standards = _domains(data)[1]["standards"]
    assert isinstance(standards, list)
    standards[0]["key_questions"] = []


def _mutate_criterion(data: dict[str, object]) -> None:
    sub_samples = data["sub_samples"]
    assert isinstance(sub_samples, list)
    sub_samples[1]["criterion"]["values"] = ["medium", "high", "very_high"]


def _mutate_provisional_without_basis(data: dict[str, object]) -> None:
    data["overall_bands_provisional"] = True


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_mutate_gap, "without gaps"),
        (_mutate_short, "max score is 36"),
        (_mutate_duplicate, "id '1.1' is used twice"),
        (_mutate_sub_sample, "unknown sub-sample"),
        (_mutate_band_rating, "not on the rating scale"),
        (_mutate_bands_start, "start at 0%"),
        (_mutate_unknown_field, "colour"),
        (_mutate_case_based_without_kq, "case-based standard 2.1 has no key question"),
        (_mutate_provisional_without_basis, "basis"),
        (_mutate_criterion, r"unknown rosh value\(s\) \['very_high'\]"),
    ],
)
def test_invalid_framework_files_are_refused(tmp_path: Path, mutate: object, message: str) -> None:
    data = _base()
    mutate(data)  # type: ignore[operator]
    with pytest.raises(InputError, match=message) as caught:
        load_framework_file(_write(tmp_path, data))
    assert "\n" not in str(caught.value)


def test_file_name_must_match_id(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="declares id 'iyjs-2018'"):
        load_framework_file(_write(tmp_path, _base(), name="iyjs-2030"))


def test_unreadable_framework_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read framework file"):
        load_framework_file(path)
