"""Running the real ``yjinspect`` entry point in-process, for the command-line tests."""

from __future__ import annotations

import sys

import pytest

from yjinspect import cli


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``yjinspect ARGS``; returns (exit status, stdout, stderr)."""
    argv = sys.argv
    sys.argv = ["yjinspect", *args]
    cli.console.width = 200  # no wrapping, so phrases can be found whole
    try:
        cli.main()
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    out, err = capsys.readouterr()
    return status, out, err
