"""Importing the published record: every row checked, exactly the data's four slips refused,
the rest imported in one go, a second import changing nothing (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run
from yjinspect import cli_national_import
from yjinspect.national import read_published_record
from yjinspect_web.national.importing import import_record
from yjinspect_web.national.models import PublishedRating
from yjinspect_web.workspace.models import AuditEvent, Inspection, Service

RECORD = Path(__file__).resolve().parents[3] / "examples" / "published-ratings-2021-2025.csv"
SLIPS = [
    {
        "row": 8,
        "la_name": "Ceredigion",
        "reason": "the score 4.17% is 1.50/36, not a whole number of 36ths",
    },
    {
        "row": 65,
        "la_name": "West Sussex",
        "reason": "the overall rating Requires improvement disagrees with the score: 26/36 is "
        "Good (19-30)",
    },
    {
        "row": 66,
        "la_name": "Portsmouth",
        "reason": "the overall rating '1 The resettlement standard does not contribute to the "
        "ov...' is not a rating (Outstanding, Good, Requires improvement, Inadequate)",
    },
    {
        "row": 67,
        "la_name": "Bridgend",
        "reason": "the score 4.56% is 1.64/36, not a whole number of 36ths",
    },
]
HEADER = "la_name,la_ref,score_%,overall_rating,publication_date,report_url\n"


@pytest.mark.django_db
def test_the_published_record_imports_all_but_its_four_slips_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "national", "import", str(RECORD), "--json")
    assert (status, err) == (0, "")
    assert json.loads(out) == {"imported": 79, "unchanged": 0, "refused": SLIPS}
    assert Service.objects.exclude(la_ref="").count() == 79
    assert Inspection.objects.filter(kind=Inspection.Kind.PUBLISHED).count() == 79
    overall = PublishedRating.objects.filter(standard_id="overall")
    assert overall.count() == 79 and not PublishedRating.objects.exclude(standard_id="overall")
    newcastle = overall.get(service__la_ref="newcastleyjs")
    assert (newcastle.rating, newcastle.points, newcastle.year, newcastle.as_published) == (
        "Requires improvement",
        16,
        2024,
        True,
    )
    assert str(newcastle.published_on) == "2025-02-18"
    events = AuditEvent.objects.count()

    status, out, _ = run(capsys, "national", "import", str(RECORD), "--json")
    assert json.loads(out) == {"imported": 0, "unchanged": 79, "refused": SLIPS}
    assert AuditEvent.objects.count() == events  # nothing at all changed
    assert Inspection.objects.count() == 79

    cli_national_import.console.width = 200  # no wrapping, so phrases can be found whole
    status, out, _ = run(capsys, "national", "import", str(RECORD))
    assert "Imported 0 published inspection(s)" in out and "79 already recorded" in out
    assert "Bridgend" in out and "not a whole number of 36ths" in out


@pytest.mark.django_db
def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("la_name,score\nX,1\n")
    status, out, err = run(capsys, "national", "import", str(wrong))
    assert status == 2 and out == ""
    assert err == (
        "yjinspect: error: wrong.csv: missing column(s) la_ref, score_%, overall_rating, "
        "publication_date, report_url\n"
    )
    status, _, err = run(capsys, "national", "import", str(RECORD), "--framework", "nope")
    assert status == 2 and err.startswith("yjinspect: error: unknown framework")
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_a_service_is_matched_by_reference_then_by_name(db: None) -> None:
    blackpool = Service.objects.create(name="Blackpool YJS")
    taken = Service.objects.create(name="Northtown", la_ref="northtownyjs")
    text = HEADER + (
        "Blackpool,blackpoolyjs,69.44,Good,01/08/21,https://example.org/b\n"
        "Northtown,otherref,50.00,Requires Improvement,01/08/22,https://example.org/n\n"
        "Newtown,NewtownYJS,8.33,Inadequate,2023-05-01,https://example.org/t\n"
    )
    outcome = import_record(read_published_record(text, "record.csv"), None, "record.csv")
    blackpool.refresh_from_db()
    assert blackpool.la_ref == "blackpoolyjs"
    assert blackpool.inspections.get().framework_id == "iyjs-2018"  # published before Oct 2021
    assert Service.objects.get(la_ref="newtownyjs").name == "Newtown"  # references lower-cased
    assert [r.to_dict() for r in outcome.refused] == [
        {
            "row": 3,
            "la_name": "Northtown",
            "reason": "the service Northtown already has another Inspectorate reference "
            "(northtownyjs)",
        }
    ]
    assert not taken.inspections.exists() and outcome.imported == 2


@pytest.mark.django_db
def test_a_row_that_contradicts_the_recorded_inspection_is_refused(db: None) -> None:
    first = HEADER + "Newtown,newtownyjs,8.33,Inadequate,01/05/23,https://example.org/t\n"
    import_record(read_published_record(first, "a.csv"), None, "a.csv")
    changed = HEADER + (
        "Newtown,newtownyjs,50.00,Requires improvement,01/05/23,https://example.org/t\n"
        "Newtown,newtownyjs,50.00,Requires improvement,01/05/23,https://example.org/t\n"
    )
    outcome = import_record(read_published_record(changed, "b.csv"), None, "b.csv")
    assert outcome.imported == 0
    assert [(r.row, r.reason) for r in outcome.refused] == [
        (
            2,
            "Newtown: published inspection, 1 May 2023 is already recorded with a different "
            "score or rating (3/36 Inadequate): withdraw it to record this one",
        ),
        (3, "the same inspection as row 2"),
    ]


def test_it_works_on_a_fresh_data_folder(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["YJINSPECT_DATA_DIR"] = str(tmp_path / "data")
    script = Path(sys.executable).parent / "yjinspect"
    done = subprocess.run(
        [str(script), "national", "import", str(RECORD), "--json"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 79
    assert (tmp_path / "data" / "yjinspect.sqlite3").exists()
