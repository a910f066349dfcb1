"""Every file the core reads is bounded before it is parsed (issue 9): each hostile file the
attack used is refused, naming the limit, fast and in little memory."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hostile
from yjinspect.errors import InputError
from yjinspect.inputs import read_case_answers, read_summary
from yjinspect.limits import (
    LimitExceeded,
    Limits,
    check_xlsx,
    csv_rows,
    decode_text,
    load_structured,
)
from yjinspect.report.data import read_narrative
from yjinspect.sampling import parse_population, read_population

SECONDS = 0.5  # "well under a second"
PEAK_BYTES = 30 * 1024 * 1024  # the attack's files took 1.4 to 3 GB


def refused_quickly(call: Callable[[], Any], match: str) -> InputError:
    """``call`` must raise InputError matching ``match``, within the time (timed alone) and
    the memory (measured by tracemalloc on a second run)."""
    started = time.perf_counter()
    with pytest.raises(InputError, match=match) as error:
        call()
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=match):
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"peak {peak / 1e6:.0f} MB"
    return error.value


def test_a_declared_dimension_of_a_whole_sheet_is_refused() -> None:
    data = hostile.huge_dimension_xlsx()
    assert len(data) < 2000
    error = refused_quickly(
        lambda: parse_population(data, "population.xlsx"),
        r"population\.xlsx: sheet sheet1 declares 1,048,576 rows: the limit is 100,000",
    )
    assert isinstance(error, LimitExceeded)


def test_real_cells_beyond_the_limits_are_refused_whatever_the_dimension_says() -> None:
    refused_quickly(
        lambda: parse_population(hostile.lying_dimension_xlsx(), "population.xlsx"),
        r"sheet sheet1 reaches 16,384 columns: the limit is 200",
    )
    tall = hostile.xlsx("A1", {"A1": "case_ref", "A1048576": "y"})
    refused_quickly(
        lambda: parse_population(tall, "population.xlsx"),
        r"reaches 1,048,576 rows: the limit is 100,000",
    )


def test_the_slow_workbook_is_refused() -> None:
    refused_quickly(
        lambda: check_xlsx(hostile.slow_workbook_xlsx(), "workbook.xlsx"),
        r"declares 50,000 rows by 16,384 columns|declares 16,384 columns",
    )


def test_a_rectangle_of_too_many_cells_is_refused() -> None:
    limits = Limits(max_cells=1000)
    sheet = hostile.xlsx("A1:B2", {"A1": "x", "AB2": "y"})  # 2 rows x 28 columns is fine
    assert check_xlsx(sheet, "w.xlsx", limits)["xl/worksheets/sheet1.xml"].columns == 28
    wide = hostile.xlsx("A1", {"A1": "x", "CV11": "y"})  # 11 rows x 100 columns
    refused_quickly(lambda: check_xlsx(wide, "w.xlsx", limits), r"1,100 cells: the limit is 1,000")


def test_zip_bombs_are_refused_from_the_zip_directory() -> None:
    bomb = hostile.zip_bomb_xlsx(200)
    refused_quickly(
        lambda: parse_population(bomb, "population.xlsx"),
        r"population\.xlsx unpacks to 200 MB: the limit is 50 MB",
    )
    dense = hostile.zip_bomb_xlsx(40)  # under the size limit, but compressed about 500 to 1
    refused_quickly(
        lambda: parse_population(dense, "population.xlsx"),
        r"compressed [0-9,]+ to 1 \(part xl/worksheets/sheet1\.xml\): the limit is 100 to 1",
    )


def test_a_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "population.csv"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(LimitExceeded, match=r"population\.csv is larger than the limit"):
        read_population(path, limits=Limits(max_bytes=1024))


def test_csv_rows_columns_and_cells_are_bounded() -> None:
    refused_quickly(
        lambda: parse_population(hostile.wide_csv(), "population.csv"),
        r"population\.csv row 1 has 20,000 columns: the limit is 200",
    )
    many = ("a\n" * 101).encode()
    with pytest.raises(LimitExceeded, match="more than 100 rows"):
        csv_rows(many.decode(), "p.csv", Limits(max_rows=100))
    with pytest.raises(LimitExceeded, match="more than 50 cells"):
        csv_rows("a,b,c,d,e,f,g,h,i,j\n" * 6, "p.csv", Limits(max_cells=50))


def test_utf16_and_binary_text_name_the_file_not_a_path(tmp_path: Path) -> None:
    path = tmp_path / "population.csv"
    path.write_bytes(hostile.utf16_csv())
    error = refused_quickly(lambda: read_population(path), r"population\.csv is UTF-16 text")
    assert str(tmp_path) not in str(error)
    with pytest.raises(InputError, match=r"x\.csv is not UTF-8 text \(byte 3"):
        decode_text(b"ab\xff", "x.csv")
    with pytest.raises(InputError, match="NUL"):
        decode_text(b"a\x00b", "x.csv")


def test_deep_json_and_yaml_are_refused_before_parsing(tmp_path: Path) -> None:
    refused_quickly(
        lambda: load_structured(hostile.deep_json().decode(), "summary.json"),
        "nested more than 20 levels deep",
    )
    deep_yaml = "a: " + "[" * 5000 + "]" * 5000
    refused_quickly(lambda: load_structured(deep_yaml, "s.yaml"), "nested more than 20 levels")
    path = tmp_path / "summary.json"
    path.write_bytes(hostile.deep_json(50))
    with pytest.raises(LimitExceeded, match="nested more than 20"):
        read_summary(path)
    # brackets inside strings are text, not nesting
    assert load_structured('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[["}', "s.json") == {"a": "[" * 26}
    assert load_structured(f"a: '{'[' * 26}'\nb: \"{'{' * 26}\"", "s.yaml") == {
        "a": "[" * 26,
        "b": "{" * 26,
    }


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    bomb = hostile.yaml_alias_bomb().decode()
    refused_quickly(lambda: load_structured(bomb, "summary.yaml"), "anchors or aliases")
    narrative = tmp_path / "narrative.yaml"
    narrative.write_text(bomb, encoding="utf-8")
    with pytest.raises(LimitExceeded, match="anchors or aliases"):
        read_narrative(narrative)


def test_case_answer_files_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(hostile.wide_csv())
    with pytest.raises(LimitExceeded, match="20,000 columns"):
        read_case_answers(path)


def test_ordinary_files_still_read() -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    assert len(read_population(examples / "population-synthetic.csv")) == 61
    assert read_summary(examples / "blackpool-2021.json").service
    assert read_narrative(examples / "blackpool-2021-narrative.yaml").foreword
    assert load_structured("a: [1, [2, [3]]]", "s.yaml") == {"a": [1, [2, [3]]]}


def test_a_zip_of_an_unknown_version_is_refused_not_a_crash() -> None:
    """A zip directory naming a version Python cannot read (found by fuzzing the survey
    import) is not a workbook: one line, never NotImplementedError."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 6] = 235  # "version needed to extract": 23.5
    with pytest.raises(InputError, match="is not an Excel workbook"):
        check_xlsx(bytes(data), "odd.xlsx")


def test_cells_read_as_people_see_them() -> None:
    """One reading of a spreadsheet cell for every upload: a percentage-formatted number as the
    percentage shown (100% is 100, not 1), a date in ISO form, a whole number without '.0'."""
    import datetime as dt

    from yjinspect.limits import cell_text

    assert cell_text(0.93, "0%") == "93"
    assert cell_text(1, "0%") == "100"
    assert cell_text(0.125, "0.0%") == "12.5"
    assert cell_text(dt.datetime(2021, 4, 1, 9, 30)) == "2021-04-01"
    assert cell_text(27.0) == "27" and cell_text(None) == "" and cell_text(True) == "True"
