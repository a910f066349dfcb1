"""Recommendations written before they were records move from the narrative to records."""

from django.db import migrations


def to_records(apps, schema_editor):  # type: ignore[no-untyped-def]
    narrative_model = apps.get_model("workspace", "ReportNarrative")
    recommendation_model = apps.get_model("improvement", "Recommendation")
    for narrative in narrative_model.objects.all():
        written = narrative.content.get("recommendations") or []
        for number, item in enumerate(written, start=1):
            recommendation_model.objects.create(
                inspection_id=narrative.inspection_id,
                number=number,
                text=item.get("text", ""),
                audience=item.get("audience", "") or "The youth justice service",
                concerns=item.get("concerns", []),
            )
        if written:
            narrative.content = {**narrative.content, "recommendations": []}
            narrative.save(update_fields=["content"])


def to_narratives(apps, schema_editor):  # type: ignore[no-untyped-def]
    narrative_model = apps.get_model("workspace", "ReportNarrative")
    recommendation_model = apps.get_model("improvement", "Recommendation")
    for narrative in narrative_model.objects.all():
        rows = recommendation_model.objects.filter(inspection_id=narrative.inspection_id)
        narrative.content = {
            **narrative.content,
            "recommendations": [
                {"text": r.text, "audience": r.audience, "concerns": r.concerns}
                for r in rows.order_by("number")
            ],
        }
        narrative.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("improvement", "0001_recommendations")]

    operations = [migrations.RunPython(to_records, to_narratives)]
