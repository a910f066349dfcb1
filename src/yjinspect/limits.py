"""Bounds on every file yjinspect reads, checked before the file is parsed.

A file from outside (a population export, a workbook, an inspection summary, a narrative) is
measured first and refused, with one message naming the limit, when it is too big to handle
safely: its size in bytes; for an .xlsx (a zip of XML parts) the number of parts, their
uncompressed size and compression ratio as the zip's directory states them (zip reading never
returns more than the stated size), each sheet's declared dimension, and its real extent
(the rows, columns and cells actually present, found by a streaming scan of the sheet's XML);
for CSV its rows, columns and cells; for JSON and YAML their nesting depth (YAML anchors and
aliases are refused, so a small file cannot expand into a huge one). Only then is the file
parsed (openpyxl in read-only mode, bounded to the real extent found). The web workspace sets
these limits from its settings; the command line uses the defaults.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]  # no DTD, no entity

from yjinspect.errors import InputError
from yjinspect.yamlio import load_yaml, yaml_loader

MB = 1024 * 1024


class LimitExceeded(InputError):
    """A file refused because it exceeds one of the limits; the message names the limit."""


@dataclass(frozen=True)
class Limits:
    """The bounds a file must keep to be parsed (defaults suit every real inspection)."""

    max_bytes: int = 10 * MB
    max_uncompressed_bytes: int = 50 * MB
    max_compression_ratio: int = 100
    max_zip_parts: int = 1000
    max_rows: int = 100_000
    max_columns: int = 200
    max_cells: int = 1_000_000
    max_depth: int = 20


DEFAULT_LIMITS = Limits()


def _megabytes(size: int) -> str:
    return f"{round(size / MB, 1):g} MB"


def check_size(size: int, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file of more than ``max_bytes``."""
    if size > limits.max_bytes:
        raise LimitExceeded(
            f"{name} is larger than the limit of {_megabytes(limits.max_bytes)} ({size:,} bytes)"
        )


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A file's bytes, refused unread if it is larger than ``max_bytes``."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or 'unreadable'}") from exc
    if len(data) > limits.max_bytes:
        check_size(path.stat().st_size, path.name, limits)
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a byte order mark is allowed); anything else is refused by name only."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{name} is UTF-16 text: save it as UTF-8 (in Excel, 'CSV UTF-8 (comma delimited)')"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text (byte {exc.start + 1} cannot be read): save it as UTF-8"
        ) from exc
    if "\x00" in text:
        raise InputError(f"{name} holds a NUL character: it is not a text file")
    return text


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    return decode_text(read_bytes(path, limits), path.name)


# -- CSV -----------------------------------------------------------------------------------


def csv_rows(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> list[list[str]]:
    """The rows of CSV text, refused past ``max_rows``, ``max_columns`` or ``max_cells``."""
    rows: list[list[str]] = []
    widest = 0
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if len(rows) >= limits.max_rows:
                raise LimitExceeded(f"{name} has more than {limits.max_rows:,} rows: the limit")
            if len(row) > limits.max_columns:
                raise LimitExceeded(
                    f"{name} row {len(rows) + 1} has {len(row):,} columns: the limit is "
                    f"{limits.max_columns:,}"
                )
            widest = max(widest, len(row))
            if widest * (len(rows) + 1) > limits.max_cells:
                raise LimitExceeded(f"{name} has more than {limits.max_cells:,} cells: the limit")
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"{name} is not readable CSV: {exc}") from exc
    return rows


# -- xlsx ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetExtent:
    """The rows and columns a sheet's cells actually reach (1-based; 0 when empty)."""

    rows: int
    columns: int


_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _reference(text: str) -> tuple[int, int] | None:
    """(row, column) of a reference such as XFD2."""
    found = _REFERENCE.match(text.strip())
    if found is None:
        return None
    return int(found.group(2)), _column_number(found.group(1))


def _check_extent(name: str, sheet: str, rows: int, columns: int, limits: Limits, how: str) -> None:
    if rows > limits.max_rows:
        raise LimitExceeded(
            f"{name}: sheet {sheet} {how} {rows:,} rows: the limit is {limits.max_rows:,}"
        )
    if columns > limits.max_columns:
        raise LimitExceeded(
            f"{name}: sheet {sheet} {how} {columns:,} columns: the limit is {limits.max_columns:,}"
        )
    if rows * columns > limits.max_cells:
        raise LimitExceeded(
            f"{name}: sheet {sheet} {how} {rows:,} rows by {columns:,} columns, "
            f"{rows * columns:,} cells: the limit is {limits.max_cells:,}"
        )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _SheetScan:
    """The running extent of a sheet as its XML streams past."""

    def __init__(self, name: str, sheet: str, limits: Limits) -> None:
        self.name, self.sheet, self.limits = name, sheet, limits
        self.rows = self.columns = self.cells = self.row = self.column = 0

    def dimension(self, ref: str) -> None:
        last = _reference(ref.rpartition(":")[2])
        if last is not None:
            _check_extent(self.name, self.sheet, last[0], last[1], self.limits, "declares")

    def start_row(self, number: str | None) -> None:
        self.row = int(number) if number and number.isdigit() else self.row + 1
        self.column = 0
        self.rows = max(self.rows, self.row)
        self.check()

    def cell(self, ref: str | None) -> None:
        reference = _reference(ref or "")
        self.column = reference[1] if reference else self.column + 1
        if reference:
            self.rows = max(self.rows, reference[0])
        self.columns = max(self.columns, self.column)
        self.cells += 1
        self.check()

    def check(self) -> None:
        if self.cells > self.limits.max_cells:
            raise LimitExceeded(
                f"{self.name}: sheet {self.sheet} has more than {self.limits.max_cells:,} "
                "cells: the limit"
            )
        _check_extent(self.name, self.sheet, self.rows, self.columns, self.limits, "reaches")


def _scan_sheet(archive: zipfile.ZipFile, part: str, name: str, limits: Limits) -> SheetExtent:
    """Stream a sheet's XML: its declared dimension, then every row and cell it holds."""
    scan = _SheetScan(name, part.rpartition("/")[2].removesuffix(".xml"), limits)
    container: Any = None
    with archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            tag = _local(element.tag)
            if event == "end":
                if tag == "row" and container is not None:
                    container.clear()  # rows already counted are dropped: memory stays flat
            elif tag == "sheetData":
                container = element
            elif tag == "dimension":
                scan.dimension(str(element.get("ref", "")))
            elif tag == "row":
                scan.start_row(element.get("r"))
            elif tag == "c":
                scan.cell(element.get("r"))
    return SheetExtent(scan.rows, scan.columns)


def _scan_shared_strings(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """The workbook's shared strings (openpyxl keeps them all): no more than the cell limit."""
    count = 0
    with archive.open("xl/sharedStrings.xml") as stream:
        for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if _local(element.tag) == "si":
                count += 1
                element.clear()
                if count > limits.max_cells:
                    raise LimitExceeded(
                        f"{name} holds more than {limits.max_cells:,} texts: the limit"
                    )


def check_xlsx(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> dict[str, SheetExtent]:
    """Measure an .xlsx before it is opened: size, its parts, and each sheet's extent.

    Returns each worksheet part's real extent (keyed by its path in the zip, e.g.
    ``xl/worksheets/sheet1.xml``); raises :class:`LimitExceeded` naming the limit, or
    :class:`InputError` if it is not a workbook.
    """
    check_size(len(data), name, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
        # NotImplementedError: a zip directory naming a zip version Python does not read
        raise InputError(f"{name} is not an Excel workbook (.xlsx)") from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_zip_parts:
            raise LimitExceeded(
                f"{name} holds {len(parts):,} parts: the limit is {limits.max_zip_parts:,}"
            )
        total = sum(part.file_size for part in parts)
        if total > limits.max_uncompressed_bytes:
            raise LimitExceeded(
                f"{name} unpacks to {_megabytes(total)}: the limit is "
                f"{_megabytes(limits.max_uncompressed_bytes)}"
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > 64 * 1024 and ratio > limits.max_compression_ratio:
                raise LimitExceeded(
                    f"{name} is compressed {ratio:,.0f} to 1 (part {part.filename}): the limit "
                    f"is {limits.max_compression_ratio} to 1"
                )
        sheets = sorted(
            part.filename
            for part in parts
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
        )
        extents = {}
        try:
            for sheet in sheets:
                extents[sheet] = _scan_sheet(archive, sheet, name, limits)
            if "xl/sharedStrings.xml" in archive.namelist():
                _scan_shared_strings(archive, name, limits)
        except LimitExceeded:
            raise
        except Exception as exc:  # broken XML, a DTD, a bad zip entry: not a workbook
            raise InputError(f"{name} is not an Excel workbook that can be read") from exc
    return extents


def sheet_rows(
    sheet: Any, extents: dict[str, SheetExtent], values_only: bool = True
) -> Iterator[tuple[Any, ...]]:
    """A read-only openpyxl sheet's values (or cells, with their number formats), row by row,
    within its measured extent only."""
    part = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
    extent = extents.get(part)
    if extent is None:  # a sheet stored outside xl/worksheets/ was not measured: not read
        extent = SheetExtent(0, 0)
    if extent.rows == 0 or extent.columns == 0:
        return iter(())
    return sheet.iter_rows(  # type: ignore[no-any-return]
        min_row=1,
        max_row=extent.rows,
        min_col=1,
        max_col=extent.columns,
        values_only=values_only,
    )


def cell_text(value: Any, number_format: str = "") -> str:
    """A spreadsheet cell as text: a date in ISO form, a whole number without ".0", and a number
    shown as a percentage (0.93 shown as 93%) as that percentage."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and "%" in (number_format or ""):
        text = format(Decimal(str(value)) * 100, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_rows(
    name: str, content: bytes, limits: Limits = DEFAULT_LIMITS, what: str = "the file is"
) -> list[list[str]]:
    """The rows of a CSV (UTF-8) or XLSX file's first sheet, as text (:func:`cell_text`),
    within ``limits``, checked before the file is parsed. Every table a person uploads (a
    population, a budget, printed figures, surveys) is read here."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_table(content, name, limits)
    if suffix == ".csv":
        return csv_rows(decode_text(content, name), name, limits)
    raise InputError(f"{name}: {what} a .csv or .xlsx file")


def _xlsx_table(data: bytes, name: str, limits: Limits) -> list[list[str]]:
    extents = check_xlsx(data, name, limits)
    import openpyxl  # only when a workbook is read

    unreadable = f"{name} is not an Excel workbook (.xlsx) that can be read"
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a file openpyxl cannot open can fail in many ways
        raise InputError(unreadable) from exc
    try:
        if not workbook.worksheets:
            raise InputError(f"{name} has no sheet")
        cells = sheet_rows(workbook.worksheets[0], extents, values_only=False)
        return [
            [cell_text(getattr(c, "value", None), getattr(c, "number_format", "")) for c in row]
            for row in cells
        ]
    except InputError:
        raise
    except Exception as exc:  # a part or cell openpyxl cannot read
        raise InputError(unreadable) from exc
    finally:
        workbook.close()


# -- JSON and YAML -------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


_YAML_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)


def _check_json_depth(
    text: str, name: str, limits: Limits, strings: re.Pattern[str] = _JSON_STRING
) -> None:
    depth = 0
    for found in _BRACKET.finditer(strings.sub("", text)):
        if found.group() in "[{":
            depth += 1
            if depth > limits.max_depth:
                raise LimitExceeded(
                    f"{name} is nested more than {limits.max_depth} levels deep: the limit"
                )
        else:
            depth -= 1


def _check_yaml(text: str, name: str, limits: Limits) -> None:
    # Flow brackets first, cheaply (quoted text aside): the YAML parser itself looks ahead up to
    # 1,024 characters for each of them before it reports the first level.
    _check_json_depth(text, name, limits, _YAML_QUOTED)
    depth = 0
    for event in yaml.parse(text, Loader=yaml_loader()):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise LimitExceeded(f"{name} uses YAML anchors or aliases, which are not accepted")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                raise LimitExceeded(
                    f"{name} is nested more than {limits.max_depth} levels deep: the limit"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_structured(
    text: str, name: str, json_only: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Any:
    """JSON (when ``json_only`` or the name ends .json) or YAML, depth-checked before loading."""
    check_size(len(text.encode("utf-8")), name, limits)
    if json_only or name.lower().endswith(".json"):
        _check_json_depth(text, name, limits)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
        except (ValueError, RecursionError) as exc:  # e.g. a number of 5,000 digits
            raise InputError(f"{name} is not valid JSON: {exc}") from exc
    try:
        _check_yaml(text, name, limits)
        return load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError(f"{name} is not valid YAML{where}") from exc
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # e.g. 2021-13-45
        raise InputError(f"{name} is not valid YAML: {exc}") from exc
