"""The data folder and the SQLite database are created readable by their owner only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_new_data_folder_and_database_are_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env |= {"YJINSPECT_DATA_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "yjinspect_web.settings"}
    env.pop("YJINSPECT_SECRET_KEY", None)
    subprocess.run(  # the umask a careless server might have: files world-readable
        [sys.executable, "-c", "import os; os.umask(0o022); import django; django.setup();"
         "from django.core.management import call_command; call_command('migrate', verbosity=0)"],
        env=env,
        check=True,
        timeout=120,
    )  # fmt: skip
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "yjinspect.sqlite3").stat().st_mode & 0o777 == 0o600
    assert (folder / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_folder_and_database_made_world_readable_are_made_owner_only_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o755)  # as an earlier version made it
    database = folder / "yjinspect.sqlite3"
    database.touch()
    database.chmod(0o644)
    env = dict(os.environ) | {"YJINSPECT_DATA_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-c", "import yjinspect_web.settings"], env=env, check=True, timeout=60
    )
    assert database.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
