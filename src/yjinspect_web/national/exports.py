"""The national dashboard's tables as CSV and XLSX: the same figures as the page, in plain
English headings, every row saying which selection (year, framework version, rating) it came
from; suppressed figures read "fewer than 5"."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from yjinspect.national import year_label
from yjinspect_web.national.aggregates import (
    SUPPRESS_BELOW,
    SUPPRESSED,
    Dashboard,
    Figure,
    RatingRow,
    framework_name,
)

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]


def _selection(dashboard: Dashboard, *, with_year: bool = True) -> list[Cell]:
    filters = dashboard.filters
    year = "Every year" if filters.year is None else year_label(filters.year)
    rating = f"Rated {filters.rating} overall" if filters.rating else "Any overall rating"
    return [year, rating] if with_year else [rating]


SELECTION_HEADER = ["Year", "Inspections counted"]


def _rating_columns(ratings: list[str]) -> list[str]:
    return [h for r in ratings for h in (f"{r} (inspections)", f"{r} (% of inspections)")]


def _rating_cells(row: RatingRow, ratings: list[str]) -> list[Cell]:
    return [v for r in ratings for v in (row.counts.get(r, 0), round(row.share(r), 1))]


def overall_table(dashboard: Dashboard) -> Table:
    ratings = dashboard.ratings
    return Table(
        "Overall ratings by year",
        ["Year", "Inspections counted", "Framework", "Inspections", *_rating_columns(ratings)],
        [
            [
                row.label,
                *_selection(dashboard, with_year=False),
                framework_name(row.framework_id),
                row.total,
                *_rating_cells(row, ratings),
            ]
            for row in dashboard.overall_by_year
        ],
    )


def standards_table(dashboard: Dashboard) -> Table:
    ratings = dashboard.ratings
    return Table(
        "Ratings by standard",
        [*SELECTION_HEADER, "Framework", "Standard", "Inspections", *_rating_columns(ratings)],
        [
            [
                *_selection(dashboard),
                framework_name(row.framework_id),
                row.label,
                row.total,
                *_rating_cells(row, ratings),
            ]
            for row in dashboard.by_standard
        ],
    )


def _figure_cells(figure: Figure) -> list[Cell]:
    if figure.suppressed:
        return [SUPPRESSED] * 5
    interval = figure.interval
    assert interval is not None and figure.percent is not None
    return [figure.yes, figure.relevant, figure.percent, interval.low, interval.high]


FIGURE_HEADER = [
    "Yes (cases)",
    "Relevant cases",
    "% yes",
    "95% interval from (%)",
    "95% interval to (%)",
]


def questions_table(dashboard: Dashboard) -> Table:
    return Table(
        "Key questions and prompts",
        [
            *SELECTION_HEADER,
            "Framework",
            "Standard",
            "Question",
            "Key question or prompt",
            *FIGURE_HEADER,
        ],
        [
            [
                *_selection(dashboard),
                framework_name(row.framework_id),
                row.standard,
                f"{row.question_id} {row.text}",
                "Prompt" if row.is_prompt else "Key question",
                *_figure_cells(row.figure),
            ]
            for row in dashboard.cases.questions
        ],
    )


def split_table(dashboard: Dashboard, name: str) -> Table:
    rows: list[list[Cell]] = []
    for split in dashboard.cases.splits:
        if split.name != name:
            continue
        for row, figures in split.rows:
            for (_, words), figure in zip(split.categories, figures, strict=True):
                rows.append(
                    [
                        *_selection(dashboard),
                        framework_name(split.framework_id),
                        f"{row.question_id} {row.text}",
                        words,
                        *_figure_cells(figure),
                    ]
                )
    return Table(
        f"Key questions by {name.lower()}",
        [*SELECTION_HEADER, "Framework", "Key question", name, *FIGURE_HEADER],
        rows,
    )


TABLES: dict[str, Callable[[Dashboard], Table]] = {
    "overall-ratings-by-year": overall_table,
    "ratings-by-standard": standards_table,
    "key-questions-and-prompts": questions_table,
    "key-questions-by-gender": lambda d: split_table(d, "Gender"),
    "key-questions-by-ethnicity": lambda d: split_table(d, "Ethnicity"),
    "key-questions-by-disposal": lambda d: split_table(d, "Disposal"),
}


def about(dashboard: Dashboard) -> list[str]:
    """What an export holds, in words (the XLSX's second sheet)."""
    return [
        f"Selection: {dashboard.filters.words()}.",
        "Overall ratings by year cover every year of the selection's framework and rating.",
        "Ratings count inspections in the national record (April to March years).",
        "% yes counts every case of the selection's inspections that answered the question: "
        "yes out of yes and no (not applicable is not counted); the 95% interval is Wilson's.",
        f"Figures over fewer than {SUPPRESS_BELOW} cases are not shown: '{SUPPRESSED}'.",
        "Synthetic history made by 'yjinspect national generate' is counted with the rest.",
    ]


def _safe(cell: Cell) -> Cell:
    """No spreadsheet formula from a cell's words (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return f"'{cell}"
    return cell


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: Table, notes: list[str]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31]
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_safe(cell) for cell in row])
    sheet.freeze_panes = "A2"
    about_sheet = workbook.create_sheet("About")
    for line in notes:
        about_sheet.append([line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(dashboard: Dashboard, name: str, extension: str) -> str:
    """'national-key-questions-and-prompts-2024-iyjs-2021-any-rating.csv'."""
    filters = dashboard.filters
    parts = [
        "national",
        name,
        str(filters.year) if filters.year is not None else "every-year",
        filters.framework_id or "every-framework",
        re.sub(r"[^a-z0-9]+", "-", filters.rating.lower()) if filters.rating else "any-rating",
    ]
    return "-".join(parts) + f".{extension}"
