"""Forms of the national view: importing the published record, and recording a published
inspection from its ratings table as printed."""

from __future__ import annotations

from typing import Any

from django import forms

from yjinspect.errors import InputError
from yjinspect.framework import Framework, all_frameworks
from yjinspect.inputs import evidence_from_summary, parse_summary
from yjinspect.rating import InspectionResult, rate_inspection
from yjinspect_web.workspace.models import Service

NOT_GIVEN = ""


class ImportForm(forms.Form):
    record = forms.FileField(
        label="The published record (CSV)",
        help_text="As the scrape of the Inspectorate's reports gives it: the service's name "
        "and Inspectorate reference, the score as a percentage of 36, the overall rating, the "
        "publication date and the report's address (the README names the columns); other "
        "columns are ignored.",
    )


def scored_frameworks() -> list[Framework]:
    return [framework for framework in all_frameworks() if framework.is_scored]


class FrameworkChoiceForm(forms.Form):
    framework = forms.ChoiceField(
        label="Framework the inspection used",
        choices=[(f.id, f.name) for f in scored_frameworks()],
    )


class RatingsTableForm(forms.Form):
    """The ratings table as printed: a rating per standard of the framework, and the overall
    rating and score. A case-based standard's rating is recorded as published, its figures not
    held; the core checks every rating, and that the overall agrees with the standards."""

    service = forms.ModelChoiceField(queryset=Service.objects.all())
    title = forms.CharField(max_length=200, help_text="For example: Newtown YJS, 2024")
    published = forms.DateField(
        label="Publication date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="It decides the inspection's year (April to March) in the national view.",
    )
    fieldwork_start = forms.DateField(
        label="Start of fieldwork", widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.URLField(
        label="Address of the published report",
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    def __init__(self, framework: Framework, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        scale = [(level.name, level.name) for level in framework.rating_scale]
        for standard in framework.standards:
            how = "rated from key questions: as published, figures not held"
            if not standard.is_case_based:
                how = "rated by judgement"
            if not standard.scored:
                how += "; not scored"
            self.fields[self.standard_field(standard.id)] = forms.ChoiceField(
                label=f"{standard.id} {standard.name}",
                help_text=f"{how[:1].upper()}{how[1:]}.",
                choices=[(NOT_GIVEN, "Not given in the table"), *scale],
                required=False,
            )
        self.fields["overall_rating"] = forms.ChoiceField(
            label="Overall rating", choices=[(NOT_GIVEN, "Choose the rating"), *scale]
        )
        self.fields["score"] = forms.IntegerField(
            label=f"Score (out of {framework.max_score})",
            min_value=0,
            max_value=framework.max_score,
        )
        self.result: InspectionResult | None = None

    @staticmethod
    def standard_field(standard_id: str) -> str:
        return "standard_" + standard_id.replace(".", "_")

    def summary(self) -> dict[str, Any]:
        """The published summary, as ``yjinspect rate`` reads it."""
        data = self.cleaned_data
        standards: dict[str, dict[str, str]] = {}
        for standard in self.framework.standards:
            rating = data.get(self.standard_field(standard.id)) or NOT_GIVEN
            if rating:
                key = "published_rating" if standard.is_case_based else "rating"
                standards[standard.id] = {key: rating}
        summary: dict[str, Any] = {
            "framework": self.framework.id,
            "service": data["service"].name,
            "title": data["title"],
            "fieldwork_start": data["fieldwork_start"].isoformat(),
            "published": data["published"].isoformat(),
            "overall": {"score": data["score"], "rating": data["overall_rating"]},
            "standards": standards,
        }
        if data.get("source"):
            summary["source"] = data["source"]
        return summary

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        published, start = cleaned.get("published"), cleaned.get("fieldwork_start")
        if published and start and published < start:
            self.add_error("published", "The publication date is before the start of fieldwork.")
        if self.errors:
            return cleaned
        try:
            summary = parse_summary(self.summary(), "the ratings table")
            self.result = rate_inspection(evidence_from_summary(summary))
        except InputError as exc:
            message = str(exc)
            target = "score" if "overall" in message or "published score" in message else None
            for standard in self.framework.standards:
                if message.startswith(f"standard {standard.id}:"):
                    target = self.standard_field(standard.id)
            raise forms.ValidationError({target: message} if target else message) from exc
        return cleaned
