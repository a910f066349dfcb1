"""The service's profile and an inspection's surveys, as counts (issue 15).

Counts are stored, never shares: the core (:mod:`yjinspect.surveys`) computes every share
from them, rounded as the ratings are.
"""

from __future__ import annotations

from django.db import models

from yjinspect.surveys import SURVEY_KINDS
from yjinspect_web.workspace.models import Inspection, Service, User


class Survey(models.Model):
    """One survey of an inspection (children's, parents' and carers', victims', staff):
    who took part, how many were asked, and how it was run."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="surveys")
    kind = models.CharField("Survey", max_length=20, choices=list(SURVEY_KINDS.items()))
    took_part = models.PositiveIntegerField("People who took part", null=True, blank=True)
    invited = models.PositiveIntegerField("People asked", null=True, blank=True)
    note = models.TextField("How the survey was run", blank=True, default="")
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["inspection", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "kind"], name="one_survey_of_each_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.inspection}"


class SurveyQuestion(models.Model):
    """A question of a survey, in order, with its headlines (options counted together,
    stored as ``[[headline, [option, ...]], ...]``)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    question_id = models.CharField("Question reference", max_length=60)
    text = models.TextField("Question")
    groups = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question_id"], name="one_question_id")
        ]

    def __str__(self) -> str:
        return self.text


class SurveyOption(models.Model):
    """A response option and how many people chose it."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField("Response option", max_length=1000)
    count = models.PositiveIntegerField("People who chose it")

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.count}"


class ServiceProfile(models.Model):
    """A service's profile for a period (004's "Contextual facts", "Key staffing data" and
    "Caseload characteristics"): ``content`` holds the core's
    :class:`yjinspect.profile.Profile` as its ``as_dict()`` writes it: counts and
    denominators, figures only as their source printed them (compared, never used where counts
    exist), and sources. ``inspection``: the inspection whose report shows it."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="profiles")
    period = models.CharField("Period", max_length=200)
    inspection = models.OneToOneField(
        Inspection, on_delete=models.PROTECT, null=True, blank=True, related_name="profile",
        verbose_name="Shown in the report of",
    )  # fmt: skip
    content = models.JSONField(default=dict)
    source_name = models.CharField(max_length=200, blank=True, default="")
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "period"], name="one_profile_a_period")
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.period}"
