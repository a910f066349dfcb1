"""Fuzzing every form and importer (issue 9): generated inputs never crash the workspace (no
500, no exception) and an input that is refused changes nothing. Each web entry point runs
YJINSPECT_FUZZ_EXAMPLES cases (default 100), each importer three times as many (they are
quick); ``benchmarks/fuzz_inputs.py`` runs 10,000+."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yjinspect_web.workspace.models import User

from ..conftest import client_for
from .fuzzing import (
    ENTRY_POINTS,
    IMPORTERS,
    World,
    build_world,
    filled,
    forms_of,
    import_crash,
    submit,
)

EXAMPLES = int(os.environ.get("YJINSPECT_FUZZ_EXAMPLES", "100"))
IMPORT_EXAMPLES = 3 * EXAMPLES
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(db: None, people: dict[str, User]) -> World:
    return build_world(client_for)


def test_the_crawl_finds_every_entry_point(world: World) -> None:
    for entry_point in ENTRY_POINTS:
        assert forms_of(world, entry_point), f"no form found for {entry_point}"
    assert len(world.forms) >= 20


@pytest.mark.parametrize("entry_point", [*ENTRY_POINTS, "other"])
def test_fuzzed_forms_never_crash_or_write_when_refused(world: World, entry_point: str) -> None:
    forms = forms_of(world, entry_point)
    if not forms:
        pytest.skip(f"no form of {entry_point}")

    @FUZZ
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms))
        fields = data.draw(filled(form))
        outcome = submit(world, form, fields, htmx=data.draw(st.booleans()))
        assert not outcome.crash, f"{form.who} {form.action}: {outcome.crash} with {fields!r}"
        assert not outcome.partial_write, (
            f"{form.who} {form.action} was refused ({outcome.status}) but changed "
            f"{outcome.changed} with {fields!r}"
        )

    check()


# -- the importers, without the web --------------------------------------------------------


@pytest.mark.parametrize("importer", IMPORTERS)
def test_fuzzed_importers_read_or_refuse(importer: str) -> None:
    strategy, read = IMPORTERS[importer]

    @settings(FUZZ, max_examples=IMPORT_EXAMPLES)
    @given(value=strategy)
    def check(value: Any) -> None:
        crash = import_crash(read, value)
        assert not crash, f"{importer}: {crash} with {value!r}"

    check()
