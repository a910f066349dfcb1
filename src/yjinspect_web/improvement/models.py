"""What the improvement loop stores: an inspection's recommendations as records, and (below)
the service's improvement plan, its actions and their updates, board meetings, budgets and
the reminders sent. The rules (status, RAG, overdue, budget totals) are the core's
(:mod:`yjinspect.improvement`, :mod:`yjinspect.budget`); these are records.
"""

from __future__ import annotations

from django.db import models

from yjinspect.improvement import audience_kind
from yjinspect_web.workspace.models import Inspection


class Recommendation(models.Model):
    """One recommendation of an inspection's report: its words, who it is for (the service,
    its management board, or a named partner agency), and the standards, key questions and
    prompts it concerns. Written on the narrative page; fixed once the ratings are locked."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveIntegerField(help_text="Its place in the report, from 1.")
    text = models.TextField()
    audience = models.CharField("Who it is for", max_length=200)
    concerns = models.JSONField(
        default=list, blank=True, help_text="Ids of the standards, key questions and prompts."
    )

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="one_number_each")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def audience_kind(self) -> str:
        return audience_kind(self.audience)
