"""What retention keeps of an inspection whose case details were removed: its figures."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import models

from yjinspect.inputs import evidence_from_summary, parse_summary
from yjinspect.rating import Counts, InspectionResult, StandardEvidence, rate_inspection
from yjinspect.report.data import CaseCounts
from yjinspect_web.workspace.models import Inspection


class RetainedFigures(models.Model):
    """An inspection's figures, stored when retention removed its case details and answers
    (``yjinspect retention``), so its ratings, dashboard and report stay as they were.

    ``summary`` is an inspection summary as ``yjinspect rate`` reads it (key question yes and
    relevant counts, judged ratings, panel ratings with their rationale); ``prompts`` each
    prompt's [yes, relevant]; ``case_counts`` the cases per case type and per sub-sample."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, related_name="retained_figures"
    )
    summary = models.JSONField()
    prompts = models.JSONField(default=dict)
    case_counts = models.JSONField(default=dict)
    removed = models.JSONField(default=dict, help_text="what was removed: kind to count")
    removed_at = models.DateTimeField(auto_now_add=True)
    older_than_years = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "retained figures"

    def result(self) -> InspectionResult:
        """The ratings from the stored figures: the core's rules, as before the removal."""
        evidence = evidence_from_summary(parse_summary(self.summary, self.inspection.title))
        standards = dict(evidence.standards)
        prompts: dict[str, Any] = self.prompts
        for standard in evidence.framework.standards:
            found = {
                p.id: Counts(*prompts[p.id])
                for kq in standard.key_questions
                for p in kq.prompts
                if p.id in prompts
            }
            if found:
                current = standards.get(standard.id, StandardEvidence())
                standards[standard.id] = replace(current, prompts=found)
        return rate_inspection(replace(evidence, standards=standards))

    def counts(self) -> CaseCounts:
        return CaseCounts(
            dict(self.case_counts.get("case_types", {})),
            dict(self.case_counts.get("sub_samples", {})),
        )
