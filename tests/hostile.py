# ruff: noqa: E501 - the parts of an xlsx package, as Excel writes them
"""Hostile files, built in memory, as an attacker sent them (issue 9): shared by the upload
tests and benchmarks/fuzz_inputs.py. Synthetic: no real data."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
)


def xlsx(dimension: str, cells: dict[str, str], sheet_name: str = "Sheet1") -> bytes:
    """A one-sheet workbook whose sheet declares ``dimension`` and holds ``cells`` (reference
    to inline text), written by hand as an attacker would, not by openpyxl."""
    by_row: dict[int, list[str]] = {}
    for reference, text in cells.items():
        row = int("".join(ch for ch in reference if ch.isdigit()))
        by_row.setdefault(row, []).append(
            f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'
        )
    rows = "".join(f'<row r="{row}">{"".join(by_row[row])}</row>' for row in sorted(by_row))
    return _package(SHEET.format(dimension=dimension, rows=rows), sheet_name)


def _package(sheet_xml: str, sheet_name: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet_name))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def huge_dimension_xlsx() -> bytes:
    """1.6 KB that grew a worker past 3 GB: dimension A1:XFD1048576, cells at XFD2, A1048576."""
    return xlsx("A1:XFD1048576", {"A1": "case_ref", "XFD2": "x", "A1048576": "y"})


def lying_dimension_xlsx() -> bytes:
    """A sheet that declares one cell but holds cells at XFD2 and A1048576."""
    return xlsx("A1", {"A1": "case_ref", "XFD2": "x", "A1048576": "y"})


def slow_workbook_xlsx() -> bytes:
    """66 KB that cost 30 s of CPU: dimension A1:XFD50000, one cell at XFD50000."""
    return xlsx("A1:XFD50000", {"XFD50000": "x"}, sheet_name="Answers")


def zip_bomb_xlsx(megabytes: int = 200) -> bytes:
    """A workbook whose sheet unpacks to ``megabytes`` MB of XML from a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name="Sheet1"))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET.split("{rows}")[0].format(dimension="A1").encode())
            chunk = b'<row r="1"/>' * 87_382  # about 1 MB
            for _ in range(megabytes):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def deep_json(depth: int = 100_000) -> bytes:
    return b'{"framework": ' + b"[" * depth + b"]" * depth + b"}"


def yaml_alias_bomb() -> bytes:
    """A few hundred bytes that expand to 10^9 strings when walked (billion laughs)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 10) + "]")
    lines.append("framework: iyjs-2018\nstandards: {}\nnotes: *i")
    return "\n".join(lines).encode()


def wide_csv(columns: int = 20_000) -> bytes:
    return (",".join(f"c{n}" for n in range(columns)) + "\n").encode()


def utf16_csv() -> bytes:
    return "case_ref,case_type\nP1,court\n".encode("utf-16")
