"""The national record's core rules (issue 14)."""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path

import pytest

from cli_runner import run
from yjinspect.national import inspection_year, year_label


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2025, 2, 18), 2024),
        (date(2025, 3, 31), 2024),
        (date(2025, 4, 1), 2025),
        (date(2021, 12, 31), 2021),
        (date(2021, 1, 1), 2020),
    ],
)
def test_the_year_runs_april_to_march_named_by_its_first_calendar_year(
    day: date, year: int
) -> None:
    assert inspection_year(day) == year


def test_a_year_is_shown_in_words() -> None:
    assert year_label(2024) == "April 2024 to March 2025"


# -- a published overall score and rating (004 footnote 2; the scrape's four slips) ---------

from yjinspect.errors import InputError  # noqa: E402
from yjinspect.framework import load_framework  # noqa: E402
from yjinspect.inputs import evidence_from_summary, parse_summary  # noqa: E402
from yjinspect.national import published_overall, score_from_percent  # noqa: E402
from yjinspect.rating import AS_PUBLISHED, rate_inspection  # noqa: E402

IYJS = load_framework("iyjs-2021")


@pytest.mark.parametrize(
    ("percent", "score"),
    [("44.44", 16), ("72.22", 26), ("61.11", 22), ("8.33", 3), ("100", 36), ("0", 0), ("50", 18)],
)
def test_a_percentage_of_36_is_read_as_its_whole_score(percent: str, score: int) -> None:
    assert score_from_percent(IYJS, percent) == score


@pytest.mark.parametrize(
    ("percent", "reason"),
    [
        ("4.56", "the score 4.56% is 1.64/36, not a whole number of 36ths"),
        ("4.17", "the score 4.17% is 1.50/36, not a whole number of 36ths"),
        ("44.5", "the score 44.5% is 16.02/36, not a whole number of 36ths"),
        ("101", "the score 101% is outside 0-100"),
        ("abc", "the score 'abc' is not a percentage"),
    ],
)
def test_a_percentage_that_is_no_whole_score_is_refused(percent: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        score_from_percent(IYJS, percent)
    assert str(caught.value) == reason


def test_the_overall_rating_must_be_the_band_of_the_score() -> None:
    assert published_overall(IYJS, "Requires Improvement", percent="44.44").rating == (
        "Requires improvement"
    )
    assert published_overall(IYJS, "Good", score=19).score == 19
    with pytest.raises(InputError) as caught:
        published_overall(IYJS, "Requires Improvement", percent="72.22")
    assert str(caught.value) == (
        "the overall rating Requires improvement disagrees with the score: 26/36 is Good (19-30)"
    )


@pytest.mark.parametrize(
    ("rating", "reason"),
    [
        ("", "no overall rating"),
        (None, "no overall rating"),
        ("1 The resettlement standard does not contribute", "is not a rating"),
    ],
)
def test_a_missing_or_unknown_overall_rating_is_refused(rating: str | None, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        published_overall(IYJS, rating, score=22)


def test_an_overall_only_summary_scores_and_bands_as_published() -> None:
    summary = parse_summary(
        {"framework": "iyjs-2021", "overall": {"percent": 44.44, "rating": "Requires improvement"}}
    )
    result = rate_inspection(evidence_from_summary(summary))
    assert (result.score, result.overall_rating, result.overall_as_published) == (
        16,
        "Requires improvement",
        True,
    )
    assert "the standards' ratings are not held" in result.explanation
    assert result.to_dict()["overall_as_published"] is True


def test_an_overall_score_that_disagrees_with_the_standards_given_is_refused() -> None:
    held = {sid: {"rating": "Good"} for sid in ("1.1", "1.2", "1.3", "1.4")}
    ok = {"framework": "iyjs-2021", "overall": {"score": 20, "rating": "Good"}, "standards": held}
    assert rate_inspection(evidence_from_summary(parse_summary(ok))).score == 20
    low = ok | {"overall": {"score": 6, "rating": "Inadequate"}}
    with pytest.raises(InputError, match="sum to 8/36 with 8 standard"):
        rate_inspection(evidence_from_summary(parse_summary(low)))


# -- a case-based standard's published rating without figures -------------------------------


def _table(**extra: dict[str, object]) -> dict[str, object]:
    """004's ratings table as printed (Blackpool 2021: 25/36, Good), without figures."""
    standards: dict[str, object] = {
        "1.1": {"rating": "Good"},
        "1.2": {"rating": "Good"},
        "1.3": {"rating": "Outstanding"},
        "1.4": {"rating": "Good"},
        "2.1": {"published_rating": "Outstanding"},
        "2.2": {"published_rating": "Good"},
        "2.3": {"published_rating": "Good"},
        "2.4": {"published_rating": "Good"},
        "3.1": {"published_rating": "Outstanding"},
        "3.2": {"published_rating": "Good"},
        "3.3": {"published_rating": "Good"},
        "3.4": {"published_rating": "Outstanding"},
    }
    return {"framework": "iyjs-2018", "standards": standards | extra}


def test_published_ratings_without_figures_score_and_band_as_any_rating() -> None:
    result = rate_inspection(evidence_from_summary(parse_summary(_table())))
    assert (result.score, result.overall_rating) == (28, "Good")
    planning = result.standard("2.2")
    assert planning.as_published and planning.rating == "Good" and planning.score == 2
    assert AS_PUBLISHED in planning.explanation
    shown = next(s for s in result.to_dict()["standards"] if s["id"] == "2.2")
    assert (shown["rating_basis"], shown["as_published"]) == ("as_published", True)
    judged = next(s for s in result.to_dict()["standards"] if s["id"] == "1.1")
    assert judged["rating_basis"] == "judgement"


def test_a_published_rating_that_disagrees_with_its_figures_is_refused_with_both() -> None:
    figures = {"2.2.1": {"percent": 54}, "2.2.2": {"percent": 30}, "2.2.3": {"percent": 39}}
    summary = _table(**{"2.2": {"published_rating": "Good", "key_questions": figures}})
    with pytest.raises(InputError) as caught:
        rate_inspection(evidence_from_summary(parse_summary(summary)))
    assert str(caught.value) == (
        "the published rating Good disagrees with the figures given beside it: lowest key "
        "question 2.2.2 (30% (published)) is in the Inadequate band, so the figures rate it "
        "Inadequate"
    )


def test_a_published_rating_that_agrees_with_its_figures_keeps_them() -> None:
    figures = {"2.2.1": {"percent": 80}, "2.2.2": {"percent": 70}, "2.2.3": {"percent": 90}}
    summary = _table(**{"2.2": {"published_rating": "Good", "key_questions": figures}})
    planning = rate_inspection(evidence_from_summary(parse_summary(summary))).standard("2.2")
    assert (planning.rating, planning.as_published, planning.rule_rating) == ("Good", False, "Good")


def test_with_some_figures_a_published_rating_may_not_exceed_the_lowest_band() -> None:
    one = {"2.2.2": {"percent": 55}}  # Requires improvement: the others can only lower it
    summary = _table(**{"2.2": {"published_rating": "Good", "key_questions": one}})
    with pytest.raises(InputError, match="cannot be above Requires improvement"):
        rate_inspection(evidence_from_summary(parse_summary(summary)))
    lower = _table(**{"2.2": {"published_rating": "Inadequate", "key_questions": one}})
    planning = rate_inspection(evidence_from_summary(parse_summary(lower))).standard("2.2")
    assert (planning.rating, planning.as_published) == ("Inadequate", True)


def test_a_published_rating_is_for_case_based_standards_and_checked() -> None:
    with pytest.raises(InputError, match=r"standard 1\.1: is rated by judgement"):
        evidence_from_summary(parse_summary(_table(**{"1.1": {"published_rating": "Good"}})))
    with pytest.raises(InputError, match="unknown rating 'Fine'"):
        rate_inspection(
            evidence_from_summary(parse_summary(_table(**{"2.1": {"published_rating": "Fine"}})))
        )


def test_reports_and_rate_mark_what_is_as_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overall = tmp_path / "overall.json"
    overall.write_text(
        json.dumps({"framework": "iyjs-2021", "overall": {"percent": "44.44", "rating": "Good"}})
    )
    status, _, err = run(capsys, "rate", str(overall))
    assert status == 2 and "disagrees with the score: 16/36 is Requires improvement" in err
    overall.write_text(
        json.dumps(
            {"framework": "iyjs-2021", "overall": {"score": 16, "rating": "Requires improvement"}}
        )
    )
    status, out, _ = run(capsys, "rate", str(overall))
    assert status == 0 and "Overall rating: Requires improvement (as published), score 16/36" in out
    assert run(capsys, "report", str(overall), "--html", str(tmp_path / "a"))[0] == 0
    page = (tmp_path / "a" / "index.html").read_text()
    assert "Its published score is 16 out of 36" in page and "no relevant case" not in page
    assert "Not held (the overall rating is as published)" in page
    table = tmp_path / "table.json"
    table.write_text(json.dumps(_table()))
    status, out, _ = run(capsys, "rate", str(table))
    assert "Good (as published; figures not held)" in out
    assert run(capsys, "report", str(table), "--html", str(tmp_path / "b"))[0] == 0
    page = html.unescape((tmp_path / "b" / "index.html").read_text())
    assert "Good (as published; figures not held)" in page
    assert "Figures not held (rated as published)" in page
