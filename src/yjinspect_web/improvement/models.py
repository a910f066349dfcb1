"""What the improvement loop stores: an inspection's recommendations as records, and (below)
the service's improvement plan, its actions and their updates, board meetings, budgets and
the reminders sent. The rules (status, RAG, overdue, budget totals) are the core's
(:mod:`yjinspect.improvement`, :mod:`yjinspect.budget`); these are records.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from yjinspect.budget import AGENCIES
from yjinspect.budget import Budget as CoreBudget
from yjinspect.improvement import (
    PLAN_STATES,
    RAG,
    STATUSES,
    ActionFacts,
    RagResult,
    RagRules,
    audience_kind,
    is_overdue,
    rag_of,
)
from yjinspect_web.workspace.models import Inspection, Service, User


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


def _choices(values: dict[str, str]) -> list[tuple[str, str]]:
    return list(values.items())


class Plan(models.Model):
    """A service's improvement plan, made from a locked inspection's recommendations (or a
    self-assessment's findings, or by hand). Its life (003, 6.6): draft, endorsed by the board,
    submitted to the Inspectorate, monitored, closed. The RAG rules' two settings are the
    plan's (:class:`yjinspect.improvement.RagRules`)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        help_text="The inspection (or self-assessment) whose findings it answers.",
    )
    state = models.CharField(max_length=20, choices=_choices(PLAN_STATES), default="draft")
    endorsed_on = models.DateField("Endorsed by the board on", null=True, blank=True)
    submitted_on = models.DateField("Submitted to the Inspectorate on", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    due_soon_days = models.PositiveSmallIntegerField(
        "Amber when due within (days)", default=14, validators=[MaxValueValidator(365)]
    )
    late_start_days = models.PositiveSmallIntegerField(
        "Amber when not started this many days after its start date",
        default=0,
        validators=[MaxValueValidator(365)],
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def rules(self) -> RagRules:
        return RagRules(self.due_soon_days, self.late_start_days)

    @property
    def state_label(self) -> str:
        return PLAN_STATES[self.state]


class Action(models.Model):
    """One action of a plan (as services' published plans carry them): reference, the
    recommendations it answers, the area for improvement, what will be done, lead person and
    agency, dates, a measure with its baseline and target (optionally a key question or
    prompt, whose figures then come from the data), status, and an overridable RAG."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=20)
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="actions")
    area = models.CharField("Area for improvement", max_length=300)
    description = models.TextField("What will be done")
    lead = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="led_actions"
    )
    lead_agency = models.CharField(max_length=20, choices=_choices(AGENCIES), default="other")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    measure = models.CharField(max_length=300, blank=True, default="")
    baseline = models.CharField(max_length=100, blank=True, default="")
    target = models.CharField(max_length=100, blank=True, default="")
    question_id = models.CharField(
        "Key question or prompt measured", max_length=20, blank=True, default=""
    )
    baseline_inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose figure of the key question or prompt is the baseline (else the plan's "
        "inspection).",
    )
    status = models.CharField(max_length=20, choices=_choices(STATUSES), default="not_started")
    rag_override = models.CharField(
        "RAG override", max_length=10, choices=_choices(RAG), blank=True, default=""
    )
    rag_override_reason = models.TextField("Reason for the override", blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="one_reference_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.area}"

    @property
    def facts(self) -> ActionFacts:
        return ActionFacts(
            self.status, self.due_date, self.start_date, self.rag_override,
            self.rag_override_reason,
        )  # fmt: skip

    def rag(self, today: date) -> RagResult:
        return rag_of(self.facts, today, self.plan.rules)

    def overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_date, today)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def agency_label(self) -> str:
        return AGENCIES.get(self.lead_agency, self.lead_agency)


class ActionUpdate(models.Model):
    """A dated progress update on an action by a named person: progress, impact, evidence
    (text and links) and the status it leaves the action in. Never edited."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("Date of the update")
    progress = models.TextField()
    impact = models.TextField(blank=True, default="")
    evidence = models.TextField(blank=True, default="")
    links = models.TextField(blank=True, default="", help_text="One web address per line.")
    status = models.CharField(max_length=20, choices=_choices(STATUSES))
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class PlanEvent(models.Model):
    """One change to a plan or its actions: who, when, what, from what, to what. Never edited
    or deleted (a plan is deleted only by the demo's reload)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=60)
    field = models.CharField(max_length=60, blank=True, default="")
    old = models.TextField(blank=True, default="")
    new = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]


class BoardMeeting(models.Model):
    """A meeting of the service's executive board that monitors the plan (003, 6.6:
    bi-monthly): its date, who attended by agency, decisions and actions arising."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("Date of the meeting")
    attendance = models.JSONField(default=list, help_text="[agency, who] pairs")
    decisions = models.TextField(blank=True, default="")
    actions_arising = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class Budget(models.Model):
    """A year's partnership budget as imported (003, 8.1): ``content`` holds the core's
    :class:`yjinspect.budget.Budget` (every part as printed, and the printed totals, which are
    only ever compared with the computed ones). The latest import of a year counts."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="budgets")
    year = models.CharField(max_length=7, help_text="For example 2021-22")
    source_name = models.CharField(max_length=200)
    content = models.JSONField()
    imported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "-year", "-imported_at", "-id"]

    @property
    def parsed(self) -> CoreBudget:
        return CoreBudget.from_dict(self.content)


class Reminder(models.Model):
    """A reminder sent by ``yjinspect remind``: to an action's lead, or a digest to the
    service manager. One per person, kind and action a day (``key``), so a second run the
    same day sends nothing again."""

    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=[("lead", "To the lead"), ("digest", "Digest")])
    key = models.CharField(max_length=100)
    sent_on = models.DateField()
    address = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    actions = models.ManyToManyField(Action, related_name="reminders")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "sent_on"], name="one_reminder_a_day")
        ]
