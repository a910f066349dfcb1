"""Reminders (``yjinspect remind``, for cron): each action's lead is emailed about their
actions due within N days or overdue, and each service manager gets a digest of their
service's plans. Django's email framework sends them (the console by default). At most one
email per person, kind and plan a day: a second run the same day sends nothing again. Every
email sent is recorded (:class:`~yjinspect_web.improvement.models.Reminder`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from yjinspect.improvement import days_overdue, long_date
from yjinspect_web.improvement.models import Action, Plan, Reminder
from yjinspect_web.workspace.models import Role, User


@dataclass
class RemindResult:
    sent: list[Reminder] = field(default_factory=list)
    already: int = 0
    no_address: list[str] = field(default_factory=list)


def due_actions(today: date, days: int) -> list[Action]:
    """Actions not complete, of plans not closed, due on or before ``today + days``."""
    return list(
        Action.objects.exclude(status="complete")
        .exclude(plan__state="closed")
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=days))
        .select_related("plan", "plan__service", "lead")
        .order_by("due_date", "reference")
    )


def _line(action: Action, today: date) -> str:
    assert action.due_date is not None
    late = days_overdue(action.status, action.due_date, today)
    when = f"overdue by {late} day{'s' * (late != 1)}" if late else "due"
    return (
        f"- {action.reference} ({action.plan.title}): {action.area}. "
        f"Due {long_date(action.due_date)}, {when}; {action.status_label.lower()}; "
        f"RAG {action.rag(today).label.lower()}."
    )


def _send(
    result: RemindResult, recipient: User, kind: str, key: str, subject: str, body: str,
    actions: Iterable[Action], today: date,
) -> None:  # fmt: skip
    if Reminder.objects.filter(key=key, sent_on=today).exists():
        result.already += 1
        return
    if not recipient.email:
        result.no_address.append(recipient.display_name)
        return
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(recipient=recipient, kind=kind, key=key,
                                               sent_on=today, address=recipient.email,
                                               subject=subject[:200])  # fmt: skip
            reminder.actions.set(list(actions))
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except IntegrityError:  # another run sent it a moment ago
        result.already += 1
        return
    result.sent.append(reminder)


def remind(today: date, days: int = 14) -> RemindResult:
    """Send today's reminders (see the module's docstring)."""
    result = RemindResult()
    actions = due_actions(today, days)
    by_lead: dict[tuple[int, int], list[Action]] = defaultdict(list)
    by_plan: dict[int, list[Action]] = defaultdict(list)
    plans: dict[int, Plan] = {}
    for action in actions:
        plans[action.plan_id] = action.plan
        by_plan[action.plan_id].append(action)
        if action.lead is not None:
            by_lead[(action.lead.pk, action.plan_id)].append(action)
    for (_, plan_id), led in by_lead.items():
        lead = led[0].lead
        assert lead is not None
        subject = f"{len(led)} action{'s' * (len(led) != 1)} of yours due or overdue"
        body = (
            f"Dear {lead.display_name},\n\nThese actions of {plans[plan_id].title}, which you "
            f"lead, are due within {days} days or overdue:\n\n"
            + "\n".join(_line(a, today) for a in led)
            + "\n\nPlease post a progress update on each in the workspace.\n"
        )
        _send(result, lead, "lead", f"lead:{lead.pk}:{plan_id}", subject, body, led, today)
    for plan_id, listed in by_plan.items():
        plan = plans[plan_id]
        managers = User.objects.filter(role=Role.SERVICE_MANAGER, service_id=plan.service_id,
                                       is_active=True)  # fmt: skip
        overdue = sum(a.overdue(today) for a in listed)
        subject = f"{plan.title}: {overdue} overdue, {len(listed) - overdue} due within {days} days"
        body = (
            f"Digest of {plan.title} on {long_date(today)}: {overdue} overdue, "
            f"{len(listed) - overdue} due within {days} days.\n\n"
            + "\n".join(
                f"{_line(a, today)} Lead: {a.lead.display_name if a.lead else 'none'}."
                for a in listed
            )
            + "\n"
        )
        for manager in managers:
            _send(result, manager, "digest", f"digest:{manager.pk}:{plan_id}", subject, body,
                  listed, today)  # fmt: skip
    return result
