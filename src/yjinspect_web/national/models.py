"""The national record: one row per rating of every inspection that entered it (a published
inspection recorded or imported, an inspection whose ratings were locked, a generated one).

The rows are written from the core's rating results (``national.record``), never edited by
hand, so national counts GROUP BY over this table alone.
"""

from __future__ import annotations

from django.db import models

OVERALL = "overall"


class PublishedRating(models.Model):
    """One rating of an inspection in the national record: a standard's, or the overall one."""

    inspection = models.ForeignKey(
        "workspace.Inspection", on_delete=models.PROTECT, related_name="national_ratings"
    )
    # kept beside the inspection so aggregates GROUP BY without a join
    service = models.ForeignKey(
        "workspace.Service", on_delete=models.PROTECT, related_name="national_ratings"
    )
    standard_id = models.CharField(max_length=20, help_text='"overall" for the overall rating')
    rating = models.CharField(max_length=40, help_text="The framework's words, e.g. Good")
    points = models.PositiveSmallIntegerField(
        null=True,
        help_text="A standard's points (0-3); the overall row: the score out of the maximum",
    )
    as_published = models.BooleanField(default=False, help_text="As published; figures not held")
    year = models.PositiveSmallIntegerField(
        db_index=True, help_text="Inspection year April-March, named by its first calendar year"
    )
    published_on = models.DateField(null=True)
    framework_id = models.CharField(max_length=40)
    synthetic = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "standard_id"], name="national_rating_once_per_standard"
            )
        ]
        indexes = [
            models.Index(fields=["year", "standard_id", "rating"], name="national_year_std_rating")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.standard_id}: {self.rating}"
