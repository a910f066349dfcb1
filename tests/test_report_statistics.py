"""The report says how sure its figures are: intervals on the charts, how close each standard's
rating is to another, and the method in plain words in the methodology annexe."""

from __future__ import annotations

from dataclasses import replace
from html import unescape

from test_report import blackpool, rate_example, words
from yjinspect.inputs import evidence_from_summary, read_summary
from yjinspect.rating import rate_inspection
from yjinspect.report.render import certainty_text, render_html


def test_each_standard_says_how_close_it_is_to_another_rating() -> None:
    html = words(render_html(blackpool()))
    assert (
        "How close to another rating: 1 case from the next band down (Inadequate); "
        "2 cases from the next band up (Good)." in html
    )
    assert "95% interval 28.0% to 78.7%" in html  # 2.2.3's interval in the chart's text


def test_the_methodology_annexe_explains_the_method_in_plain_words() -> None:
    html = words(render_html(blackpool()))
    assert "How sure the figures are" in html
    assert "95 times in 100" in html and "Wilson method" in html
    # 3.2.3 at 4 of 6 cases has the widest range in Blackpool 2021 (wider than 2.4.3's 3 of 3)
    assert "the widest is 3.2.3's, 30.0% to 90.3% (4 of 6 cases)" in unescape(html)
    assert "the fewest answers that, changed from yes to no" in html


def test_no_method_text_without_case_counts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    summary = tmp_path / "published.json"
    summary.write_text(
        '{"framework": "iyjs-2018", "standards": {"2.2": {"key_questions": '
        '{"2.2.1": {"percent": 70}}}}}',
        encoding="utf-8",
    )
    result = rate_inspection(evidence_from_summary(read_summary(summary)))
    assert certainty_text(result) == ()
    html = words(render_html(replace(blackpool(), result=result)))
    assert "How sure the figures are" not in html
    assert "How close to another rating" not in html
    assert certainty_text(rate_example("blackpool-2021.json"))


def test_the_methodology_annexe_gives_the_moderation_results() -> None:
    from yjinspect.moderation import MarkingPair, moderate

    pairs = [
        MarkingPair("C01", "2.1.1", "yes", "yes"),
        MarkingPair("C02", "2.1.1", "no", "yes"),
        MarkingPair("C01", "2.1.2", "no", "no"),
        MarkingPair("C02", "2.1.2", "yes", "yes"),
    ]
    html = unescape(
        words(render_html(replace(blackpool(), moderation=moderate(pairs), moderated_cases=2)))
    )
    assert "Moderation (double marking)" in html
    assert "2 cases were marked a second time" in html
    assert "Over 4 pairs of answers" in html and "agreed in 75.0%" in html
    assert "was 0.500" in html
    assert "Agreement of the two markings, by key question and prompt" in html
    assert "undefined: both markers answered" not in html
    assert "Moderation (double marking)" not in words(render_html(blackpool()))
