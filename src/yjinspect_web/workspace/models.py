"""What the workspace stores: services, inspections, teams, cases, answers, judgements, panel
decisions and an audit trail of every change. Rules are the core's; these are records.

Nothing about a child is stored beyond what the inspection needs: a case is a reference that
identifies no one, its case type and disposal, and the classifications that decide sampling
and sub-samples.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from yjinspect.cases import (
    CASE_REFERENCE_HELP,
    ETHNICITIES,
    GENDERS,
    RISK_LEVELS,
    CaseProfile,
    valid_case_reference,
)
from yjinspect.framework import Framework, framework_ids, load_framework


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value.capitalize()) for value in values]


class Role(models.TextChoices):
    """A person's role in the workspace."""

    ADMINISTRATOR = "administrator", "Administrator"
    LEAD_INSPECTOR = "lead_inspector", "Lead inspector"
    INSPECTOR = "inspector", "Inspector"
    PARTNER_INSPECTOR = "partner_inspector", "Partner inspector"
    SERVICE_MANAGER = "service_manager", "Service manager"
    BOARD_VIEWER = "board_viewer", "Board viewer"
    PARTNER_LEAD = "partner_lead", "Partner action lead"
    ANALYST = "analyst", "National analyst"


class PartnerAgency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATION = "education", "Education"


class Service(models.Model):
    """A youth justice service (YJS), the body inspected."""

    name = models.CharField(max_length=200, unique=True)
    local_authority = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=100, blank=True)
    synthetic = models.BooleanField(
        default=False, help_text="Made by `yjinspect national generate`: synthetic, not real."
    )
    la_ref = models.CharField(
        "Inspectorate reference",
        max_length=60,
        blank=True,
        default="",
        help_text="The Inspectorate's reference for the service in its report addresses "
        "(e.g. blackpoolyjs); the national record matches imported inspections by it.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_ref"],
                condition=~models.Q(la_ref=""),
                name="service_la_ref_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PeopleManager(UserManager["User"]):
    """Django's, with the password rules applied to ``create_user`` and ``create_superuser``
    (``createsuperuser`` included, which would otherwise let them be bypassed)."""

    def _create_user_object(
        self, username: str, email: str | None, password: str | None, **extra_fields: Any
    ) -> User:
        make = super()._create_user_object  # type: ignore[misc]  # not in django-stubs
        user: User = make(username, email, password, **extra_fields)
        if password is not None:
            validate_password(password, user)
        return user


class User(AbstractUser):
    objects: ClassVar[PeopleManager] = PeopleManager()

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.INSPECTOR)
    partner_agency = models.CharField(
        max_length=32, choices=PartnerAgency.choices, blank=True, default=""
    )
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="The service a service manager or board viewer belongs to.",
    )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The admin site follows the role: administrators (and only they) are staff.

        A superuser made by ``createsuperuser`` is an administrator.
        """
        if self._state.adding and self.is_superuser:
            self.role = Role.ADMINISTRATOR
        administrator = self.role == Role.ADMINISTRATOR
        self.is_staff = self.is_superuser = administrator
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    def set_password(self, raw_password: str | None) -> None:
        """Every new password meets AUTH_PASSWORD_VALIDATORS, however it is set (forms, the
        admin, ``createsuperuser``, ``changepassword``, code); None makes it unusable."""
        if raw_password is not None:
            validate_password(raw_password, self)
        super().set_password(raw_password)

    def check_password(self, raw_password: str) -> bool:
        """As Django's, but a hash upgrade on sign-in re-hashes the same password without
        judging it again (a password set before a rule changed still signs in)."""

        def upgrade(raw: str) -> None:
            AbstractUser.set_password(self, raw)
            self._password = None
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, upgrade)

    def clean(self) -> None:
        super().clean()
        needs_service = self.role in (Role.SERVICE_MANAGER, Role.BOARD_VIEWER, Role.PARTNER_LEAD)
        if needs_service and self.service_id is None:
            raise ValidationError(
                "A service manager, board viewer or partner action lead belongs to a service."
            )
        if self.role == Role.PARTNER_INSPECTOR and not self.partner_agency:
            raise ValidationError("A partner inspector has a partner agency.")


class Inspection(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Inspection"
        SELF_ASSESSMENT = "self_assessment", "Self-assessment"
        PUBLISHED = "published", "Published inspection (recorded figures)"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="inspections")
    framework_id = models.CharField(max_length=40, choices=[(fid, fid) for fid in framework_ids()])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INSPECTION)
    title = models.CharField(max_length=200)
    fieldwork_start = models.DateField()
    fieldwork_end = models.DateField(null=True, blank=True)
    published_summary = models.JSONField(
        null=True,
        blank=True,
        help_text="For a published inspection: its summary (ratings and key question figures), "
        "as `yjinspect rate` reads it.",
    )
    ratings_locked = models.BooleanField(default=False)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A recorded published inspection withdrawn (kept, never deleted): later "
        "reports no longer compare with it.",
    )
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, default="")
    synthetic = models.BooleanField(
        default=False, help_text="Made by `yjinspect national generate`: synthetic, not real."
    )

    class Meta:
        ordering = ["-fieldwork_start", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def framework(self) -> Framework:
        return load_framework(self.framework_id)

    def clean(self) -> None:
        if (
            self.fieldwork_start
            and self.fieldwork_end
            and self.fieldwork_end < self.fieldwork_start
        ):
            raise ValidationError("Fieldwork cannot end before it starts.")


class TeamMember(models.Model):
    """A person on an inspection's team, with their role on it."""

    class TeamRole(models.TextChoices):
        LEAD = "lead", "Lead inspector"
        INSPECTOR = "inspector", "Inspector"
        PARTNER = "partner", "Partner inspector"
        SERVICE_AUDITOR = "service_auditor", "Service auditor (self-assessment)"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=TeamRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def role_label(self) -> str:
        """The role in the words of the work: a self-assessment is led by its
        "Self-assessment lead", not a lead inspector."""
        if self.role == self.TeamRole.LEAD and self.inspection.kind == "self_assessment":
            return "Self-assessment lead"
        return str(self.get_role_display())

    def clean(self) -> None:
        """The person's own role must fit the team role (however the team is formed)."""
        from yjinspect_web.workspace.permissions import team_role_refusal

        try:
            user, inspection = self.user, self.inspection
        except (User.DoesNotExist, Inspection.DoesNotExist):
            return  # the form names the missing field
        if refusal := team_role_refusal(user, inspection, self.role):
            raise ValidationError({"role": refusal})


class CaseQuerySet(models.QuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        """The cases that count: every case but the withdrawn ones."""
        return self.exclude(state=Case.State.WITHDRAWN)

    def withdrawn(self) -> CaseQuerySet:
        return self.filter(state=Case.State.WITHDRAWN)


class Case(models.Model):
    """A sampled case. A case is never deleted: one that cannot be inspected (replaced by a
    reserve, or taken out of the sample) is withdrawn, kept with its answers, evidence,
    sub-sample decisions and history, and counts in no rating and no progress."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        QUALITY_ASSURED = "quality_assured", "Quality-assured"
        LOCKED = "locked", "Locked"
        WITHDRAWN = "withdrawn", "Withdrawn"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=32, help_text=CASE_REFERENCE_HELP)
    case_type = models.CharField(max_length=32)
    disposal = models.CharField(max_length=40)
    gender = models.CharField(max_length=20, choices=_choices(GENDERS))
    ethnicity = models.CharField(max_length=20, choices=_choices(ETHNICITIES))
    rosh = models.CharField("Risk of serious harm", max_length=20, choices=_choices(RISK_LEVELS))
    safety_wellbeing = models.CharField(
        "Safety and wellbeing", max_length=20, choices=_choices(RISK_LEVELS)
    )
    assigned_inspector = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_cases"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, default="")
    withdrawn_from_state = models.CharField(
        max_length=20,
        choices=State.choices,
        blank=True,
        default="",
        help_text="The review state the case was in when it was withdrawn.",
    )
    synthetic = models.BooleanField(
        default=False, help_text="Made by `yjinspect national generate`: synthetic, not real."
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "reference"], name="one_reference_each")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_withdrawn(self) -> bool:
        return self.state == Case.State.WITHDRAWN

    @property
    def profile(self) -> CaseProfile:
        return CaseProfile(self.case_type, self.disposal, self.rosh, self.safety_wellbeing)

    def clean(self) -> None:
        if not valid_case_reference(self.reference):
            raise ValidationError({"reference": CASE_REFERENCE_HELP})
        framework = self.inspection.framework
        case_types = {c.id: c for c in framework.case_types}
        if self.case_type not in case_types:
            raise ValidationError({"case_type": f"Not a case type of {framework.id}."})
        disposals = {d.id for d in case_types[self.case_type].disposals}
        if self.disposal not in disposals:
            raise ValidationError({"disposal": "Not a disposal of this case type."})


class SubSampleDecision(models.Model):
    """The inspector's decision that a case is, or is not, in a sub-sample, with the reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sub_sample_decisions")
    sub_sample_id = models.CharField(max_length=60)
    included = models.BooleanField()
    reason = models.TextField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "sub_sample_id"], name="one_decision_each")
        ]


class VersionedRecord(models.Model):
    """A judgement recorded under a framework version, counting its saves.

    ``framework_id`` records the framework version it was given under; ``version`` counts saves,
    so a save made from a stale page is refused rather than overwriting someone else's.
    """

    framework_id = models.CharField(max_length=40)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Answer(VersionedRecord):
    """A Yes/No/Not applicable judgement on a key question or prompt for one case."""

    class Value(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_APPLICABLE = "na", "Not applicable"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=20)
    value = models.CharField(max_length=3, choices=Value.choices, blank=True, default="")
    evidence = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "question_id"], name="one_answer_each")
        ]


class CountsStamp(models.Model):
    """A new stamp each time an inspection's answers, cases or sub-sample decisions change,
    written by the database's own triggers in the same transaction as the change (migration
    0012), whatever made it: a page, an import, a bulk load, the admin, raw SQL. Django never
    writes it. The counting queries' results are kept in each server process under
    (inspection, stamp) (:mod:`yjinspect_web.workspace.counting`), so a page asks for the
    stamp and counts again only after a change.

    No foreign key: an inspection being deleted writes its cases' last stamps as it goes."""

    inspection_id = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField()


class StandardJudgement(VersionedRecord):
    """The rating of a judged standard (domain one, V1, 3.4/4.1 in iyjs-2021)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    standard_id = models.CharField(max_length=20)
    rating = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "standard_id"], name="one_judgement_each")
        ]


class QuestionEvidence(VersionedRecord):
    """The evidence behind one question of a judged standard."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    question_id = models.CharField(max_length=20)
    text = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "question_id"], name="one_evidence_each")
        ]


class PanelDecision(models.Model):
    """The ratings panel's rating for a case-based standard and its recorded rationale."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="panel_decisions"
    )
    standard_id = models.CharField(max_length=20)
    rating = models.CharField(max_length=40)
    rationale = models.TextField()
    rule_rating_at_decision = models.CharField(max_length=40)
    figures = models.JSONField(
        default=dict,
        help_text="The figures the decision was made on: key question id -> [yes, relevant].",
    )
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "standard_id"], name="one_panel_each")
        ]


class ReviewComment(models.Model):
    """A comment on a case's review: a return with reasons, or a note on quality assurance."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=Case.State.choices)
    to_state = models.CharField(max_length=20, choices=Case.State.choices)
    text = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class AuditTrailIsAppendOnly(Exception):
    """Raised by any attempt to change or delete an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("Audit events are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("Audit events are never deleted.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        raise AuditTrailIsAppendOnly("Audit events are recorded one by one, into the chain.")


class AuditEvent(models.Model):
    """One change: who changed what, from what, to what, when. Never edited or deleted.

    An event belongs to an inspection (and perhaps one of its cases), or, for changes made
    outside any inspection, to a service and/or a person (an administrator's change of a
    person's role, a new service). ``user`` is who made the change (empty: the command line).
    Each event is sealed into a hash chain (:mod:`yjinspect_web.audit.chain`): ``sequence``
    is its place, ``hash`` a SHA-256 over its fields and the previous event's hash, so an
    event changed or removed afterwards is detected by ``yjinspect audit verify``.
    Nothing referred to by an event can be deleted (PROTECT).
    """

    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    person = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_about",
        help_text="The person the change is about (a role changed, a team member added).",
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, help_text="What changed, e.g. 2.2.3 or 3.4 rating")
    field = models.CharField(max_length=60, blank=True, default="")
    old = models.TextField(blank=True, default="")
    new = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")
    sequence = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)
    previous_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["inspection", "subject"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Record a new event, sealed into the chain; an event once recorded never changes."""
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("An audit event is never changed.")
        from yjinspect_web.audit.chain import seal

        seal(self, lambda: super(AuditEvent, self).save(*args, **kwargs))

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("An audit event is never deleted.")


class SamplingRecord(models.Model):
    """An imported population and the settings of its sampling plan (004, Annexe 1).

    The plan itself is not stored: the core recomputes it exactly from these (the same
    population, settings and seed give the same sample), replaying any replacements in order.
    Only the eight fields sampling needs are kept for each case; other columns of the
    imported file are not stored.
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="samplings")
    source_name = models.CharField(max_length=200)
    fieldwork_start = models.DateField()
    seed = models.PositiveIntegerField(default=1)
    confidence = models.FloatField(default=0.80)
    margin = models.FloatField(default=0.05)
    court_share = models.FloatField(default=0.6)
    windows = models.JSONField(help_text="case type -> [months from, months to]")
    minimum = models.PositiveIntegerField(null=True, blank=True)
    maximum = models.PositiveIntegerField(null=True, blank=True)
    population = models.JSONField(help_text="the population's cases, the fields sampling needs")
    replacements = models.JSONField(default=list, help_text="replaced case references, in order")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ReportNarrative(VersionedRecord):
    """The words of an inspection's report (foreword, summary, strengths and areas for
    improvement, recommendations with whom each is for) and the service's contextual facts.
    ``content`` holds a :class:`yjinspect.report.data.Narrative`; ``facts`` (kept as typed before
    the service's profile replaced them; no longer edited or shown) a list of
    [value, label] pairs. Figures in the report are generated, never typed here."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="narrative"
    )
    content = models.JSONField(default=dict)
    facts = models.JSONField(default=list)
