"""Ids posted in forms and URLs: read once, here, for every app.

A value that is not a whole number the database can hold (an integer column takes at most
2**63 - 1) is found nowhere, so a look-up never reaches the database with it: a 23-digit id
would otherwise fail in the database driver (a 500) instead of finding nothing.
"""

from collections.abc import Iterable

LARGEST_ID = 2**63 - 1


def record_id(value: object) -> int:
    """The id as a number to look up; 0 (found nowhere) when it is not a storable whole number."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_ID)):
        return 0
    number = int(text)
    return number if number <= LARGEST_ID else 0


def record_ids(values: Iterable[object]) -> list[int]:
    """Every storable id among ``values`` (the others are dropped)."""
    return [number for number in map(record_id, values) if number]
