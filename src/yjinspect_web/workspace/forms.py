"""Forms: each validates its input fully and says what is wrong in plain words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from yjinspect.cases import CASE_REFERENCE_HELP, valid_case_reference
from yjinspect.framework import Framework, load_framework
from yjinspect.sampling import DEFAULT_WINDOWS, splits_court_and_out_of_court
from yjinspect.words import plain
from yjinspect_web.workspace import permissions
from yjinspect_web.workspace.models import (
    Case,
    Inspection,
    Role,
    Service,
    TeamMember,
    User,
)


class ServiceForm(forms.ModelForm[Service]):
    class Meta:
        model = Service
        fields = ["name", "local_authority", "region"]


class InspectionForm(forms.ModelForm[Inspection]):
    fieldwork_start = forms.DateField(
        help_text="For example, 2021-05-17", widget=forms.DateInput(attrs={"type": "date"})
    )
    fieldwork_end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Inspection
        fields = ["service", "title", "framework_id", "kind", "fieldwork_start", "fieldwork_end"]
        labels = {"framework_id": "Framework"}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role == Role.SERVICE_MANAGER:
            services: QuerySet[Service] = Service.objects.filter(pk=user.service_id or 0)
            self.fields["service"].queryset = services  # type: ignore[attr-defined]
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (Inspection.Kind.SELF_ASSESSMENT, "Self-assessment")
            ]
        else:  # a published inspection is recorded from its summary, by an administrator
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in Inspection.Kind.choices
                if value != Inspection.Kind.PUBLISHED
            ]
        ids = [str(fid) for fid, _ in Inspection._meta.get_field("framework_id").choices or []]
        newest_first = sorted(ids, key=framework_year, reverse=True)
        self.fields["framework_id"].choices = [  # type: ignore[attr-defined]
            (fid, f"{load_framework(fid).name} ({fid})") for fid in newest_first
        ]
        if not self.is_bound and not self.instance.pk and newest_first:
            self.initial.setdefault("framework_id", newest_first[0])  # the current framework


def framework_year(framework_id: str) -> int:
    """A framework's year, from its id (iyjs-2021: 2021); newer frameworks replace older."""
    tail = framework_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Person")
    role = forms.ChoiceField(choices=TeamMember.TeamRole.choices, label="Role on this inspection")

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        on_team = inspection.team.values_list("user_id", flat=True)
        people = User.objects.filter(is_active=True).exclude(pk__in=on_team)
        if inspection.kind == Inspection.Kind.SELF_ASSESSMENT:
            people = people.filter(service=inspection.service) | people.filter(
                role__in=[Role.LEAD_INSPECTOR, Role.INSPECTOR]
            )
        else:
            people = people.filter(
                role__in=[Role.LEAD_INSPECTOR, Role.INSPECTOR, Role.PARTNER_INSPECTOR]
            )
        self.fields["user"].queryset = people.order_by("username")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        user, role = data.get("user"), data.get("role")
        if user is None or role is None:
            return data
        if refusal := permissions.team_role_refusal(user, self.inspection, role):
            self.add_error("role", refusal)
        return data


class CaseForm(forms.ModelForm[Case]):
    """A case: a reference that identifies no child, and the details sampling needs."""

    class Meta:
        model = Case
        fields = [
            "reference",
            "case_type",
            "disposal",
            "gender",
            "ethnicity",
            "rosh",
            "safety_wellbeing",
            "assigned_inspector",
        ]
        help_texts = {"reference": CASE_REFERENCE_HELP}

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.inspection = inspection
        framework = inspection.framework
        case_types = list(framework.case_types)
        self.fields["case_type"] = forms.ChoiceField(
            choices=[(c.id, c.name) for c in case_types], label="Case type"
        )
        self.fields["disposal"] = forms.ChoiceField(
            choices=[
                (d.id, f"{d.name} ({c.name.lower()})") for c in case_types for d in c.disposals
            ],
            label="Disposal",
        )
        team = User.objects.filter(memberships__inspection=inspection).order_by("username")
        self.fields["assigned_inspector"].queryset = team  # type: ignore[attr-defined]

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data["reference"]).strip()
        if not valid_case_reference(reference):
            raise forms.ValidationError(CASE_REFERENCE_HELP)
        return reference


class SamplingForm(forms.Form):
    """A population export and the plan's settings (defaults from 004, Annexe 1)."""

    population = forms.FileField(
        label="Population export (CSV or XLSX)",
        help_text="One row per case: case reference, case type, disposal, start date, gender, "
        "ethnicity, risk of serious harm, safety and wellbeing. Other columns are ignored.",
    )
    fieldwork_start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    seed = forms.IntegerField(
        min_value=0, initial=1, help_text="The same seed gives the same sample."
    )
    confidence = forms.FloatField(min_value=0.5, max_value=0.99, initial=0.80)
    margin = forms.FloatField(label="Margin of error", min_value=0.01, max_value=0.5, initial=0.05)
    court_share = forms.FloatField(
        label="Share of court disposals", min_value=0, max_value=1, initial=0.6
    )
    court_from = forms.IntegerField(
        label="Court: from months before",
        min_value=0,
        initial=DEFAULT_WINDOWS["court"].months_from,
    )
    court_to = forms.IntegerField(
        label="Court: to months before", min_value=0, initial=DEFAULT_WINDOWS["court"].months_to
    )
    out_of_court_from = forms.IntegerField(
        label="Out-of-court: from months before",
        min_value=0,
        initial=DEFAULT_WINDOWS["out_of_court"].months_from,
    )
    out_of_court_to = forms.IntegerField(
        label="Out-of-court: to months before",
        min_value=0,
        initial=DEFAULT_WINDOWS["out_of_court"].months_to,
    )
    minimum = forms.IntegerField(label="Minimum sample size", min_value=1, required=False)
    maximum = forms.IntegerField(label="Maximum sample size", min_value=1, required=False)

    MAPPED = (
        "case_ref", "case_type", "disposal", "start_date", "gender", "ethnicity", "rosh",
        "safety_wellbeing",
    )  # fmt: skip

    SPLIT_FIELDS = (
        "court_share", "court_from", "court_to", "out_of_court_from", "out_of_court_to",
        "minimum", "maximum",
    )  # fmt: skip

    def __init__(self, *args: Any, framework: Framework | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = framework.sampling if framework is not None else None
        if rules is not None:
            self.fields["confidence"].initial = rules.confidence
            self.fields["margin"].initial = rules.margin
            if splits_court_and_out_of_court(rules):  # 004's pools: their settings, changeable
                pools = {pool.id: pool for pool in rules.pools}
                self.fields["court_share"].initial = pools["court"].share
                for pool_id in ("court", "out_of_court"):
                    self.fields[f"{pool_id}_from"].initial = pools[pool_id].months_from
                    self.fields[f"{pool_id}_to"].initial = pools[pool_id].months_to
            else:  # the framework's own pools, windows and limits (shown with the plan)
                for name in self.SPLIT_FIELDS:
                    del self.fields[name]
        for column in self.MAPPED:
            usual = column.replace("_", " ").capitalize()
            self.fields[f"map_{column}"] = forms.CharField(
                label=f"Heading in your file for the {plain(column).lower()}",
                help_text=f'Leave it blank if the column is headed "{usual}".',
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for case_type in ("court", "out_of_court"):
            start, end = data.get(f"{case_type}_from"), data.get(f"{case_type}_to")
            if start is not None and end is not None and start > end:
                self.add_error(f"{case_type}_to", "The window must end no nearer than it starts.")
        return data

    @property
    def mapping(self) -> dict[str, str]:
        return {
            column: str(self.cleaned_data[f"map_{column}"]).strip()
            for column in self.MAPPED
            if str(self.cleaned_data.get(f"map_{column}") or "").strip()
        }
