"""The caseload computed from a population export: counts by case type, disposal, gender and
ethnicity, each breakdown adding up to the total (synthetic cases)."""

from __future__ import annotations

from datetime import date

from yjinspect.profile import Source
from yjinspect.profile_caseload import caseload_from_population


def _case(case_type: str, disposal: str, gender: str, ethnicity: str) -> dict[str, str]:
    return {"case_type": case_type, "disposal": disposal, "gender": gender,
            "ethnicity": ethnicity}  # fmt: skip


def test_counts_by_each_dimension_add_up_to_the_total() -> None:
    cases = (
        [_case("court", "referral_order", "male", "white")] * 27
        + [_case("court", "custody", "male", "mixed")] * 2
        + [_case("out_of_court", "youth_caution", "female", "white")] * 6
    )
    source = Source("Population export pop.csv")
    caseload = caseload_from_population(cases, date(2021, 5, 17), source,
                                        {"court": "Court disposal"})  # fmt: skip
    assert caseload.total == 35 and caseload.at == date(2021, 5, 17)
    by_type = caseload.breakdown("type")
    assert by_type is not None
    assert [(g.key, g.label, g.count) for g in by_type.groups] == [
        ("court", "Court disposal", 29), ("out_of_court", "Out-of-court", 6)]  # fmt: skip
    gender = caseload.breakdown("gender")
    assert gender is not None and [f.shown() for f in gender.figures()] == ["83%", "17%"]
    assert caseload.disagreements() == []
    assert caseload.source == source


def test_a_field_missing_from_some_cases_gives_no_breakdown() -> None:
    cases = [_case("court", "referral_order", "male", "white"), _case("court", "", "male", "")]
    caseload = caseload_from_population(cases, None, Source("x"))
    assert [b.dimension for b in caseload.breakdowns] == ["type", "gender"]
    assert caseload_from_population([], None, Source("x")).total == 0
