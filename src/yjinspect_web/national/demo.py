"""The demo's published Blackpool inspections in the national record: 2018 (004's "2018
results", loaded by the demo itself), 2021 as its ratings table is printed in 004 (the
standards rated from key questions recorded as published, figures not held) and 2025 (002's
figures). With the 2018 one they make Blackpool's timeline of ratings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from yjinspect.inputs import read_summary
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, Service, User

BLACKPOOL_REF = "blackpoolyjs"  # the Inspectorate's reference (its report addresses)
PUBLISHED_2021_TITLE = "Blackpool 2021 (published ratings)"
PUBLISHED_2025_TITLE = "Blackpool 2025 (published figures)"
TITLES = (PUBLISHED_2021_TITLE, PUBLISHED_2025_TITLE)

# 004's ratings table as printed (25/36, Good); the key question figures are in
# examples/blackpool-2021.json, but a ratings table is what most published reports give.
TABLE_2021 = {
    "1.1": "Good", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good",
    "2.1": "Good", "2.2": "Requires improvement", "2.3": "Good", "2.4": "Outstanding",
    "3.1": "Outstanding", "3.2": "Good", "3.3": "Good", "3.4": "Outstanding",
}  # fmt: skip


def table_2021() -> dict[str, Any]:
    """004's ratings table as a published summary."""
    from yjinspect.framework import load_framework

    framework = load_framework("iyjs-2018")
    standards = {
        sid: {("published_rating" if framework.standard(sid).is_case_based else "rating"): r}
        for sid, r in TABLE_2021.items()
    }
    return {
        "framework": framework.id,
        "service": "Blackpool",
        "title": "An inspection of youth offending services in Blackpool (2021): ratings table",
        "fieldwork_start": "2021-05-17",
        "source": "004: the ratings table",
        "overall": {"score": 25, "rating": "Good"},
        "standards": standards,
    }


def load(
    service: Service,
    admin: User,
    make: Callable[..., Inspection],
    examples: Path,
) -> list[Inspection]:
    """Blackpool's published 2021 (ratings table) and 2025 inspections, made with the demo's
    own ``make`` (which keeps each demo inspection's id on a reload)."""
    summary_2025 = read_summary(examples / "blackpool-2025.json").model_dump(exclude_defaults=True)
    made = []
    for title, summary, start in (
        (PUBLISHED_2021_TITLE, table_2021(), dt.date(2021, 5, 17)),
        (PUBLISHED_2025_TITLE, summary_2025, dt.date(2025, 6, 2)),
    ):
        inspection = make(
            title=title,
            service=service,
            framework_id=summary["framework"],
            kind=Inspection.Kind.PUBLISHED,
            fieldwork_start=start,
            published_summary=summary,
            ratings_locked=True,
            locked_at=timezone.now(),
            locked_by=admin,
        )
        services.audit(inspection, admin, "demo", "published inspection", new=inspection.title)
        made.append(inspection)
    return made
