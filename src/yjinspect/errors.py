"""The one error type bad input raises: its message is a single line naming the problem; and
the row-by-row problems of a file (a population, a budget), every one listed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class InputError(Exception):
    """Bad input (a file, a framework, a value): shown to the user as one line, no traceback."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with a file: the sheet's row (1 is the headings), the column's heading
    as the file writes it (blank when the whole row is wrong), and what is wrong."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


class FileProblems(InputError):
    """A file with problems: all of them in ``problems``; its message is one line with the
    count and the first."""

    def __init__(self, problems: Sequence[RowProblem], source: str) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        if count == 1:
            message = f"{source} has 1 problem: {self.problems[0]}"
        else:
            message = f"{source} has {count} problems; first: {self.problems[0]}"
        super().__init__(message)
