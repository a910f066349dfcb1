"""The board pack says whether each linked figure's change from the inspection to the
self-assessment is more than chance (the trends' two-proportion test)."""

from __future__ import annotations

from datetime import date

from yjinspect.improvement import Figure
from yjinspect.report.pack import BoardPack, PackFigure, render_board_pack_html
from yjinspect_web.improvement.board import _change_words


def test_change_words_from_inspection_to_self_assessment() -> None:
    before = Figure("2.2.3", "Keeping other people safe", 25, 1, 4)
    after = Figure("2.2.3", "Keeping other people safe", 75, 3, 4)
    words = _change_words(before, after)
    assert words.startswith("up 50 points; this may be chance (two-proportion test, p = ")
    many = _change_words(Figure("2.2.3", "", 25, 10, 40), Figure("2.2.3", "", 75, 30, 40))
    assert many.startswith("up 50 points: a real improvement at 95%")
    assert _change_words(before, None) == ""


def test_the_pack_shows_the_change_column() -> None:
    pack = BoardPack(
        service="Northtown YJS", plan_title="Plan", plan_state="Agreed",
        meeting_on=date(2026, 6, 1), previous_meeting_on=None, counts=(), rules=(),
        overdue=(), at_risk=(), actions=(), changes=(),
        figures=(PackFigure("2.2.3", "Keeping other people safe", 25, 75, "(10 of 40)",
                            "(30 of 40)", "up 50 points: a real improvement at 95%"),),
    )  # fmt: skip
    html = render_board_pack_html(pack)
    assert "Change: more than chance?" in html
    assert "up 50 points: a real improvement at 95%" in html
