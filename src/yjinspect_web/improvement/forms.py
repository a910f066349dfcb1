"""Forms of the improvement loop: each validates fully and names what is wrong."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from yjinspect.budget import AGENCIES, agency_of
from yjinspect.framework import all_frameworks
from yjinspect.improvement import PLAN_NEXT, PLAN_STATES, STATUSES, question_text
from yjinspect_web.ids import LARGEST_ID
from yjinspect_web.improvement.models import Action, ActionUpdate, BoardMeeting, Plan
from yjinspect_web.workspace.models import Role, User

DATE = forms.DateInput(attrs={"type": "date"})


def fits(value: object) -> bool:
    """Whether an id (as posted) can be looked up: not a whole number beyond the database's."""
    try:
        return abs(int(str(value).strip())) <= LARGEST_ID
    except ValueError:
        return True  # not a number: the field refuses it itself


class ChoiceOfRecord(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not fits(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ChoicesOfRecords(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple) and not all(fits(v) for v in value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"] % {"value": "that"}, code="invalid_choice"
            )
        return super().clean(value)


class PlanForm(forms.ModelForm[Plan]):
    class Meta:
        model = Plan
        fields = ["title", "due_soon_days", "late_start_days"]


class PlanStateForm(forms.Form):
    state = forms.ChoiceField(label="Move the plan to")
    on = forms.DateField(label="On", widget=DATE, help_text="For example, 2022-01-26")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, PLAN_STATES[s]) for s in PLAN_NEXT[plan.state]]  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()


class ActionForm(forms.ModelForm[Action]):
    """An action of the plan. Its lead is one of the service's people (a partner action lead,
    the manager, a board member); a key question or prompt measured must be the framework's."""

    class Meta:
        model = Action
        fields = [
            "reference", "recommendations", "area", "description", "lead", "lead_agency",
            "start_date", "due_date", "measure", "baseline", "target", "question_id", "status",
            "rag_override", "rag_override_reason",
        ]  # fmt: skip
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "recommendations": forms.CheckboxSelectMultiple,
        }
        field_classes = {"lead": ChoiceOfRecord, "recommendations": ChoicesOfRecords}
        labels = {"lead_agency": "Lead agency", "rag_override": "RAG override"}
        help_texts = {
            "question_id": "Its number, e.g. 2.2.3 or 2.2.3e: its figures then come from the "
            "inspection and the latest self-assessment, never typed.",
            "baseline": "For example 78%. Leave it blank when a key question or prompt is "
            "named below: its figure from the data is the baseline.",
            "target": "For example 98%",
            "rag_override": "Leave blank to use the plan's rules.",
            "rag_override_reason": "Needed with an override.",
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        people = User.objects.filter(service=plan.service, is_active=True).exclude(
            role=Role.BOARD_VIEWER
        )
        self.fields["lead"].queryset = people.order_by("last_name", "username")  # type: ignore[attr-defined]
        self.fields["lead"].label_from_instance = _person  # type: ignore[attr-defined]
        recommendations = self.fields["recommendations"]
        if plan.inspection is not None:
            recommendations.queryset = plan.inspection.recommendations.all()  # type: ignore[attr-defined]
        else:
            recommendations.queryset = recommendations.queryset.none()  # type: ignore[attr-defined]
        recommendations.label_from_instance = lambda r: f"{r.number}. {r.text}"  # type: ignore[attr-defined]
        self.fields["status"].choices = list(STATUSES.items())  # type: ignore[attr-defined]

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data["reference"]).strip()
        taken = self.plan.actions.filter(reference=reference).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Another action of this plan is {reference}.")
        return reference

    def clean_question_id(self) -> str:
        question = str(self.cleaned_data.get("question_id") or "").strip()
        inspection = self.plan.inspection
        if not question:
            return question
        if inspection is not None and not question_text(inspection.framework, question):
            raise forms.ValidationError(
                f"{inspection.framework.id} has no key question or prompt {question}."
            )
        if inspection is None and not any(question_text(f, question) for f in all_frameworks()):
            raise forms.ValidationError(f"No framework has a key question or prompt {question}.")
        return question

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rag_override") and not str(data.get("rag_override_reason", "")).strip():
            self.add_error("rag_override_reason", "Give the reason for overriding the RAG.")
        if data.get("question_id") and str(data.get("baseline", "")).strip():
            self.add_error(
                "baseline",
                "With a key question or prompt named, the baseline is its figure from the data: "
                "leave this blank.",
            )
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date cannot be before the start date.")
        return data


def _person(user: User) -> str:
    return f"{user.display_name} ({user.get_role_display()})"


class UpdateForm(forms.ModelForm[ActionUpdate]):
    class Meta:
        model = ActionUpdate
        fields = ["on", "progress", "impact", "evidence", "links", "status"]
        widgets = {"on": DATE, "links": forms.Textarea}
        labels = {"status": "Status after this update", "evidence": "Evidence"}
        help_texts = {"impact": "What difference it has made, with figures where there are any."}

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        self.fields["status"].initial = action.status
        self.fields["status"].choices = list(STATUSES.items())  # type: ignore[attr-defined]

    def clean_links(self) -> str:
        links = [line.strip() for line in str(self.cleaned_data["links"]).splitlines()]
        bad = [link for link in links if link and not link.startswith(("https://", "http://"))]
        if bad:
            raise forms.ValidationError(f"{bad[0]} is not a web address (https://...).")
        return "\n".join(link for link in links if link)

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("An update cannot be dated in the future.")
        return on


class MeetingForm(forms.ModelForm[BoardMeeting]):
    attendance_text = forms.CharField(
        label="Attendance by agency",
        widget=forms.Textarea,
        help_text="One line each, agency then who, e.g. 'Police: Detective Chief Inspector'. "
        f"Agencies: {', '.join(AGENCIES.values())}.",
    )

    class Meta:
        model = BoardMeeting
        fields = ["held_on", "decisions", "actions_arising"]
        widgets = {"held_on": DATE}

    def clean_attendance_text(self) -> list[list[str]]:
        rows = []
        for number, line in enumerate(str(self.cleaned_data["attendance_text"]).splitlines(), 1):
            if not line.strip():
                continue
            name, colon, who = line.partition(":")
            agency = agency_of(name)
            if not colon or agency is None or not who.strip():
                raise forms.ValidationError(
                    f"Line {number}: write it as 'agency: who' with one of the agencies named."
                )
            rows.append([agency, who.strip()])
        if not rows:
            raise forms.ValidationError("Name who attended.")
        return rows


class BudgetForm(forms.Form):
    year = forms.RegexField(
        regex=r"^\d{4}-\d{2}$", help_text="For example 2021-22",
        error_messages={"invalid": "Write the year as 2021-22."},
    )  # fmt: skip
    file = forms.FileField(
        label="Budget (CSV or XLSX)",
        help_text="Columns headed Agency, Staffing costs, Payments in kind, Other delegated "
        "funds and Total; an optional last row Total.",
    )
