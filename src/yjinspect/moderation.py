"""Moderation (double marking): how far two markers of the same cases agree.

The Inspectorate quality-assures its markers by dip-sampling their judgements: a second marker
answers a case's questions blind, and the two markings are compared. For each key question or
prompt, and pooled over all of them:

- *pairs*: the cases both markers answered yes or no (a "not applicable" on either side is not a
  judgement of the same thing, so the case is not compared);
- *agreement*: the pairs where both gave the same answer, as a percent to one decimal;
- *Cohen's kappa* (unweighted), by statsmodels' ``cohens_kappa`` on the 2 x 2 table of the
  first marker's answers against the second's: (observed agreement - chance agreement) /
  (1 - chance agreement), chance agreement being P(both yes) + P(both no) from each marker's own
  proportions. Undefined (``None``, with the reason) with no pair, or when chance agreement is
  certain: both markers gave one and the same answer in every pair;
- the *disagreements*: the cases of the pairs that differ, for discussion.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yjinspect.cases import valid_case_reference
from yjinspect.errors import InputError
from yjinspect.limits import csv_rows, read_text

ANSWERS = ("yes", "no", "na")
JUDGEMENTS = ("yes", "no")
COLUMNS = ("case_id", "question_id", "first", "second")
QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.]{0,15}$")

NO_PAIRS = "no pairs: no case was answered yes or no by both markers"
"""Why kappa is undefined with no pair."""


@dataclass(frozen=True, slots=True)
class MarkingPair:
    """One case's answers to one question by the first and the second marker."""

    case_id: str
    question_id: str
    first: str
    second: str

    @property
    def compared(self) -> bool:
        return self.first in JUDGEMENTS and self.second in JUDGEMENTS


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement over a set of pairs; ``id`` is the question's, or empty for the pooled figure."""

    id: str
    pairs: int
    agreement_percent: float | None
    kappa: float | None
    kappa_note: str | None
    disagreements: tuple[str, ...]

    @property
    def agreement_words(self) -> str:
        return "-" if self.agreement_percent is None else f"{self.agreement_percent:.1f}%"

    @property
    def kappa_words(self) -> str:
        """'0.400', or the reason it is undefined."""
        if self.kappa is None:
            return f"undefined: {self.kappa_note}" if self.kappa_note else "undefined"
        return f"{self.kappa:.3f}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pairs": self.pairs,
            "agreement_percent": self.agreement_percent,
            "kappa": self.kappa,
            "kappa_note": self.kappa_note,
            "disagreements": list(self.disagreements),
        }


@dataclass(frozen=True, slots=True)
class ModerationResult:
    questions: tuple[Agreement, ...]
    overall: Agreement

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of ``yjinspect moderation --json``."""
        return {
            "questions": [q.to_dict() for q in self.questions],
            "overall": {
                "pairs": self.overall.pairs,
                "agreement_percent": self.overall.agreement_percent,
                "kappa": self.overall.kappa,
            },
        }


# -- the figures ---------------------------------------------------------------------------


def kappa(first: Sequence[str], second: Sequence[str]) -> tuple[float | None, str | None]:
    """Cohen's unweighted kappa of two markers' yes/no answers (statsmodels), to three decimals;
    ``(None, reason)`` when undefined."""
    import numpy as np
    from statsmodels.stats.inter_rater import cohens_kappa

    if not first:
        return None, NO_PAIRS
    table = np.zeros((2, 2))
    for a, b in zip(first, second, strict=True):
        table[JUDGEMENTS.index(a), JUDGEMENTS.index(b)] += 1
    if len(set(first) | set(second)) == 1:
        only = first[0]
        return None, (
            f"both markers answered {only} in every pair, so agreement by chance is certain"
        )
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        value = float(cohens_kappa(table, return_results=False))
    return round(value, 3) + 0.0, None  # + 0.0: never -0.0


def agreement(identifier: str, pairs: Iterable[MarkingPair]) -> Agreement:
    compared = [p for p in pairs if p.compared]
    agreed = sum(1 for p in compared if p.first == p.second)
    value, note = kappa([p.first for p in compared], [p.second for p in compared])
    return Agreement(
        id=identifier,
        pairs=len(compared),
        agreement_percent=round(100 * agreed / len(compared), 1) if compared else None,
        kappa=value,
        kappa_note=note,
        disagreements=tuple(p.case_id for p in compared if p.first != p.second),
    )


def natural_key(identifier: str) -> tuple[tuple[int, str], ...]:
    """'2.1.10' after '2.1.9'; '2.1.1a' after '2.1.1'."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part)
        for part in re.findall(r"\d+|[^\d.]+", identifier)
    )


def moderate(pairs: Sequence[MarkingPair]) -> ModerationResult:
    """Agreement per question (in id order) and pooled over every pair of every question."""
    by_question: dict[str, list[MarkingPair]] = {}
    for pair in pairs:
        by_question.setdefault(pair.question_id, []).append(pair)
    questions = tuple(agreement(q, by_question[q]) for q in sorted(by_question, key=natural_key))
    return ModerationResult(questions=questions, overall=agreement("", pairs))


# -- the file ------------------------------------------------------------------------------


def _answer(value: str, row: int, column: str) -> str:
    answer = value.strip().lower()
    if answer not in ANSWERS:
        raise InputError(f"row {row}, column {column}: {value.strip()!r} is not yes, no or na")
    return answer


def _pair(record: dict[str, str | None], row: int) -> MarkingPair:
    case_id = (record.get("case_id") or "").strip()
    question_id = (record.get("question_id") or "").strip()
    if not valid_case_reference(case_id):
        raise InputError(
            f"row {row}, column case_id: {case_id!r} is not a case reference (letters, digits, "
            "'-', '/' or '_', with at least one digit; never a name)"
        )
    if not QUESTION_ID.match(question_id):
        raise InputError(f"row {row}, column question_id: {question_id!r} is not a question id")
    return MarkingPair(
        case_id,
        question_id,
        _answer(record.get("first") or "", row, "first"),
        _answer(record.get("second") or "", row, "second"),
    )


def parse_double_marking(text: str, name: str = "the file") -> list[MarkingPair]:
    """Rows of ``case_id,question_id,first,second`` (answers yes, no or na; other columns are
    ignored). The headings are row 1; the first bad row is refused naming its row and column."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    headings = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in headings]
    if missing:
        raise InputError(f"{name} has no column {missing[0]} (needs {', '.join(COLUMNS)})")
    reader.fieldnames = headings
    pairs: list[MarkingPair] = []
    seen: dict[tuple[str, str], int] = {}
    for row, record in enumerate(reader, start=2):
        if not any((v or "").strip() for k, v in record.items() if k in COLUMNS):
            continue
        pair = _pair(record, row)
        key = (pair.case_id, pair.question_id)
        if key in seen:
            raise InputError(
                f"row {row}, column question_id: case {pair.case_id} answers "
                f"{pair.question_id} again (first on row {seen[key]})"
            )
        seen[key] = row
        pairs.append(pair)
    if not pairs:
        raise InputError(f"{name} has no rows of answers")
    return pairs


def read_double_marking(path: Path) -> list[MarkingPair]:
    text = read_text(path)  # bounded (yjinspect.limits) before it is parsed
    csv_rows(text, path.name)
    try:
        return parse_double_marking(text, path.name)
    except csv.Error as exc:
        raise InputError(f"{path.name} is not a readable CSV file: {exc}") from exc
