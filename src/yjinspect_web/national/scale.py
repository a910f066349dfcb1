"""How much synthetic national history to generate, checked before Django is set up (so bad
input changes nothing, not even the database's migrations)."""

from __future__ import annotations

from dataclasses import dataclass

from yjinspect.errors import InputError

LIMITS = {"services": (1, 1000), "inspections": (1, 20), "cases": (1, 200)}


@dataclass(frozen=True, slots=True)
class Scale:
    """How much to generate: services, inspections of each, cases of each; and the seed."""

    services: int = 150
    inspections: int = 10
    cases: int = 60
    seed: int = 1

    def check(self) -> None:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise InputError(f"--{name} {value} is outside {low} to {high}")
        if not 0 <= self.seed < 2**32:
            raise InputError(f"--seed {self.seed} is outside 0 to {2**32 - 1}")


@dataclass(frozen=True, slots=True)
class Generated:
    """What was generated, and how long it took."""

    services: int
    inspections: int
    cases: int
    answers: int
    ratings: int
    seconds: float
