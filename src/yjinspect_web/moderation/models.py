"""Moderation (double marking): cases chosen for a blind second marking, the second marker's
answers, and the answers the lead agrees after discussing a disagreement.

Kept with the case (never deleted while it exists): every step is also in the inspection's
history (audit events).
"""

from __future__ import annotations

from django.db import models

from yjinspect_web.workspace.models import Answer, Case, User


class SecondMarking(models.Model):
    """A case the lead chose for a second, blind marking, and who marks it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="second_marking")
    marker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="second_markings")
    chosen_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case__reference"]

    def __str__(self) -> str:
        return f"second marking of {self.case.reference}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class SecondAnswer(models.Model):
    """The second marker's answer to one question, and the first marking's answer as it stood
    when the second marking was submitted (``first_value``; blank until then)."""

    marking = models.ForeignKey(SecondMarking, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=20)
    value = models.CharField(max_length=3, choices=Answer.Value.choices)
    first_value = models.CharField(max_length=3, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["marking", "question_id"], name="one_second_answer_per_question"
            )
        ]


class AgreedAnswer(models.Model):
    """The answer the lead recorded after a disagreement was discussed; it becomes the case's
    answer, so the rating uses it."""

    marking = models.ForeignKey(SecondMarking, on_delete=models.CASCADE, related_name="agreed")
    question_id = models.CharField(max_length=20)
    value = models.CharField(max_length=3, choices=Answer.Value.choices)
    note = models.TextField(max_length=2000, blank=True, default="")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["marking", "question_id"], name="one_agreed_answer_per_question"
            )
        ]
