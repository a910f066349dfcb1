"""Posted ids: read once for every app (yjinspect_web.ids)."""

from hypothesis import given
from hypothesis import strategies as st

from yjinspect_web.ids import LARGEST_ID, record_id, record_ids


def test_storable_ids_are_read_and_others_find_nothing() -> None:
    assert record_id("42") == 42
    assert record_id(" 7 ") == 7
    assert record_id(str(LARGEST_ID)) == LARGEST_ID
    for bad in (str(LARGEST_ID + 1), "9" * 23, "-1", "1.5", "", "x", "١٢", None):
        assert record_id(bad) == 0
    assert record_ids(["3", "9" * 30, "a", "4"]) == [3, 4]


@given(st.text(max_size=40))
def test_any_text_gives_a_storable_number_or_nothing(text: str) -> None:
    assert 0 <= record_id(text) <= LARGEST_ID
