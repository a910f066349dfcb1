"""Importing the published record into the workspace: one service per Inspectorate reference
(``la_ref``), one recorded published inspection per row, with its overall score and rating as
published. The rows are checked by the core (:func:`yjinspect.national.read_published_record`);
the ones that stand are imported in one transaction, and a row already imported is left as it
is, so importing the same file again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from yjinspect.national import PublishedRecord, PublishedRecordRow, RefusedRow
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, Service, User

NAME_SUFFIXES = ("", " YJS", " YOT", " Youth Justice Service")


@dataclass
class ImportOutcome:
    imported: int = 0
    unchanged: int = 0
    refused: list[RefusedRow] = field(default_factory=list)
    services_created: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON of ``yjinspect national import --json``."""
        return {
            "imported": self.imported,
            "unchanged": self.unchanged,
            "refused": [row.to_dict() for row in self.refused],
        }


class RowRefused(Exception):
    pass


def _summary(row: PublishedRecordRow, service: Service) -> dict[str, Any]:
    return {
        "framework": row.framework_id,
        "service": service.name,
        "title": title_for(row),
        "published": row.published_on.isoformat(),
        "source": row.url,
        "overall": {"score": row.score, "rating": row.rating},
    }


def title_for(row: PublishedRecordRow) -> str:
    return f"{row.la_name}: published inspection, {row.published_on.strftime('%-d %B %Y')}"


def service_for(row: PublishedRecordRow) -> tuple[Service, bool]:
    """The row's service: the one with its Inspectorate reference; else one named as the row
    (``la_name``, or with "YJS", "YOT" or "Youth Justice Service" after it) without a reference
    yet, which takes the row's; else a new one named ``la_name``. True when made."""
    found = Service.objects.filter(la_ref=row.la_ref).first()
    if found is not None:
        return found, False
    names = [row.la_name + suffix for suffix in NAME_SUFFIXES]
    named = Service.objects.filter(name__in=names).order_by("name").first()
    if named is not None:
        if named.la_ref:
            raise RowRefused(
                f"the service {named.name} already has another Inspectorate reference "
                f"({named.la_ref})"
            )
        named.la_ref = row.la_ref
        named.save(update_fields=["la_ref"])
        return named, False
    return Service.objects.create(
        name=row.la_name, local_authority=row.la_name, la_ref=row.la_ref
    ), True


def _recorded(service: Service, row: PublishedRecordRow) -> Inspection | None:
    return (
        Inspection.objects.filter(
            service=service,
            kind=Inspection.Kind.PUBLISHED,
            withdrawn_at=None,
            published_summary__published=row.published_on.isoformat(),
        )
        .order_by("pk")
        .first()
    )


def _import_row(row: PublishedRecordRow, user: User | None, source: str) -> str:
    """'imported' or 'unchanged'; RowRefused when it contradicts what is recorded."""
    service, created = service_for(row)
    existing = _recorded(service, row)
    if existing is not None:
        overall = (existing.published_summary or {}).get("overall") or {}
        if (overall.get("score"), overall.get("rating")) == (row.score, row.rating):
            return "unchanged"
        raise RowRefused(
            f"{existing.title} is already recorded with a different score or rating "
            f"({overall.get('score')}/{row.max_score} {overall.get('rating')}): withdraw it "
            "to record this one"
        )
    inspection = Inspection.objects.create(
        service=service,
        title=title_for(row),
        fieldwork_start=row.published_on,  # not in the record: the publication date stands in
        framework_id=row.framework_id,
        kind=Inspection.Kind.PUBLISHED,
        published_summary=_summary(row, service),
        ratings_locked=True,
        locked_at=timezone.now(),
        locked_by=user,
    )
    services.audit(inspection, user, "published", inspection.title, field="state",
                   new="imported", note=f"from {source}, row {row.row}")  # fmt: skip
    return "created service" if created else "imported"


def import_record(record: PublishedRecord, user: User | None, source: str) -> ImportOutcome:
    """Import every row that stands, in one transaction; the refused ones are reported."""
    outcome = ImportOutcome(refused=list(record.refused))
    with transaction.atomic():
        for row in record.rows:
            try:
                with transaction.atomic():
                    done = _import_row(row, user, source)
            except RowRefused as exc:
                outcome.refused.append(RefusedRow(row.row, row.la_name, str(exc)))
                continue
            if done == "unchanged":
                outcome.unchanged += 1
            else:
                outcome.imported += 1
                outcome.services_created += done == "created service"
    outcome.refused.sort(key=lambda refused: refused.row)
    return outcome
