"""The case page's live rating rates its one standard alone (services.standard_result): it must
be exactly the standard's result in the whole inspection's rating, with judgements, panel
decisions (on standards the cases rate and on one they do not yet), for every demo inspection
(in progress, published, self-assessment). The generated inspections of test_counting.py
check the same for counts of every shape."""

from __future__ import annotations

from yjinspect_web.demo import load_demo
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import Inspection, PanelDecision, StandardJudgement, User


def test_one_standard_is_rated_as_the_whole_inspection_rates_it(db: None) -> None:
    load_demo()
    lead = User.objects.filter(is_superuser=False).order_by("pk").first()
    assert lead is not None
    inspections = list(Inspection.objects.all())
    assert len(inspections) >= 3
    for inspection in inspections:
        framework = inspection.framework
        case_based = [s for s in framework.standards if s.is_case_based]
        judged = [s for s in framework.standards if not s.is_case_based]
        if inspection.kind != Inspection.Kind.PUBLISHED and case_based and judged:
            PanelDecision.objects.update_or_create(
                inspection=inspection,
                standard_id=case_based[0].id,
                defaults={
                    "rating": framework.rating_scale[0].name,
                    "rationale": "Synthetic panel decision.",
                    "rule_rating_at_decision": "",
                    "decided_by": lead,
                },
            )
            StandardJudgement.objects.update_or_create(
                inspection=inspection,
                standard_id=judged[0].id,
                defaults={"rating": framework.rating_scale[-1].name, "updated_by": lead},
            )
        whole = services.inspection_result(inspection)
        for standard in framework.standards:
            alone = services.standard_result(inspection, standard.id)
            assert alone == whole.standard(standard.id), (inspection.title, standard.id)
