"""The sampling page: import, plan, create the cases, replace one; all by the core's rules."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import AuditEvent, Case, Inspection, SamplingRecord, User

from .conftest import client_for

POPULATION = Path(__file__).resolve().parents[2] / "examples" / "population-synthetic.csv"


def _form(content: bytes, name: str = "population.csv", **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "population": SimpleUploadedFile(name, content, content_type="text/csv"),
        "fieldwork_start": "2026-06-01",
        "seed": "1",
        "confidence": "0.8",
        "margin": "0.05",
        "court_share": "0.6",
        "court_from": "6",
        "court_to": "9",
        "out_of_court_from": "2",
        "out_of_court_to": "5",
        "minimum": "",
        "maximum": "",
    }
    return data | changes


def _url(inspection: Inspection, tail: str = "") -> str:
    return f"/inspections/{inspection.pk}/sampling{tail}"


def test_import_plan_create_and_replace(inspection: Inspection, people: dict[str, User]) -> None:
    lead = client_for(people["lead"])
    response = lead.post(_url(inspection), _form(POPULATION.read_bytes()))
    assert response.status_code == 302
    record = SamplingRecord.objects.get()
    assert len(record.population) == 61
    assert all("extra" not in case for case in record.population)  # other columns not kept
    page = lead.get(_url(inspection)).content.decode()
    assert "Sample size: 37" in page and "1.2816" in page and "Largest difference" in page
    lead.post(_url(inspection, f"/{record.pk}/create"))
    assert inspection.cases.count() == 37
    assert inspection.cases.filter(case_type="court").count() == 22
    # a case that cannot be inspected is replaced by a reserve of the same type
    first = inspection.cases.order_by("reference").first()
    assert first is not None
    lead.post(
        _url(inspection, f"/{record.pk}/replace"), {"case_ref": first.reference, "reason": ""}
    )
    assert inspection.cases.filter(reference=first.reference).exists()  # a reason is needed
    lead.post(
        _url(inspection, f"/{record.pk}/replace"),
        {"case_ref": first.reference, "reason": "case transferred out of the area"},
    )
    assert inspection.cases.active().filter(reference=first.reference).count() == 0
    assert inspection.cases.active().count() == 37
    event = AuditEvent.objects.get(action="sampling", subject=first.reference)
    assert event.note == "case transferred out of the area"


def test_a_replaced_case_is_withdrawn_and_kept_with_its_history(
    inspection: Inspection, people: dict[str, User]
) -> None:
    """Issue 9: replacing a case by a reserve deleted it, its evidence, its sub-sample decision
    and its history events. Now it is withdrawn: kept, readable, counted nowhere."""
    lead = client_for(people["lead"])
    lead.post(_url(inspection), _form(POPULATION.read_bytes()))
    record = SamplingRecord.objects.get()
    lead.post(_url(inspection, f"/{record.pk}/create"))
    case = inspection.cases.filter(case_type="court").order_by("reference").first()
    assert case is not None
    services.save_answer(case, "2.1.1", "", "Tried to reach the case manager", 0, people["lead"])
    services.decide_sub_sample(case, "child_safety_work", True, "in care since May", people["lead"])
    events_before = AuditEvent.objects.filter(case=case).count()
    assert events_before == 2
    response = lead.post(
        _url(inspection, f"/{record.pk}/replace"),
        {"case_ref": case.reference, "reason": "moved out of the area"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == Case.State.WITHDRAWN and case.is_withdrawn
    assert case.withdrawn_by == people["lead"] and case.withdrawn_at is not None
    assert "moved out of the area" in case.withdrawn_reason
    assert case.withdrawn_from_state == Case.State.IN_PROGRESS
    assert case.answers.get().evidence == "Tried to reach the case manager"
    assert case.sub_sample_decisions.get().reason == "in care since May"
    assert AuditEvent.objects.filter(case=case).count() == events_before + 1
    assert inspection.cases.count() == 38 and inspection.cases.active().count() == 37
    # it is readable, says why, and can no longer be changed
    page = lead.get(f"/inspections/{inspection.pk}/cases/{case.pk}").content.decode()
    assert "This case was withdrawn" in page and "moved out of the area" in page
    listing = lead.get(f"/inspections/{inspection.pk}").content.decode()
    assert "Withdrawn cases" in listing
    saved = lead.post(
        f"/inspections/{inspection.pk}/cases/{case.pk}/answer",
        {"question_id": "2.1.1", "value": "yes", "evidence": "", "version": "1"},
    )
    assert saved.status_code == 403
    history = lead.get(f"/inspections/{inspection.pk}/history?case={case.pk}").content.decode()
    assert "Tried to reach the case manager" in history


def test_same_file_and_seed_give_the_same_sample(
    inspection: Inspection, people: dict[str, User]
) -> None:
    from yjinspect_web.workspace.sampling import sampling_plan

    lead = client_for(people["lead"])
    lead.post(_url(inspection), _form(POPULATION.read_bytes()))
    first = [c.case_ref for c in sampling_plan(SamplingRecord.objects.get()).selection.sample]
    lead.post(_url(inspection), _form(POPULATION.read_bytes()))
    again = [c.case_ref for c in sampling_plan(SamplingRecord.objects.get()).selection.sample]
    assert first == again  # and the unapplied first import was replaced, not kept twice


def test_a_case_with_answers_is_not_replaced(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = client_for(people["lead"])
    lead.post(_url(inspection), _form(POPULATION.read_bytes()))
    record = SamplingRecord.objects.get()
    lead.post(_url(inspection, f"/{record.pk}/create"))
    case = inspection.cases.filter(case_type="court").order_by("reference").first()
    assert case is not None
    services.save_answer(case, "2.1.1", "yes", "", 0, people["lead"])
    lead.post(
        _url(inspection, f"/{record.pk}/replace"), {"case_ref": case.reference, "reason": "x"}
    )
    assert Case.objects.filter(pk=case.pk).exists()


def test_a_messy_file_lists_every_problem_and_imports_nothing(
    inspection: Inspection, people: dict[str, User]
) -> None:
    messy = (
        b"case_ref,case_type,disposal,start_date,gender,ethnicity,rosh,safety_wellbeing\n"
        b"P1,court,referral_order,2025-10-01,male,white,v high,low\n"
        b"P2,court,referral_order,2025-13-01,male,white,low,low\n"
        b"P2,court,referral_order,2025-10-01,male,white,low,low\n"
    )
    page = client_for(people["lead"]).post(_url(inspection), _form(messy)).content.decode()
    assert "The file was not imported" in page
    assert "row 2" in page and "row 3" in page and "row 4" in page
    assert not SamplingRecord.objects.exists()


def test_the_file_headings_can_be_mapped(inspection: Inspection, people: dict[str, User]) -> None:
    content = POPULATION.read_bytes().replace(b"case_ref", b"Case ID", 1)
    lead = client_for(people["lead"])
    lead.post(_url(inspection), _form(content))
    assert not SamplingRecord.objects.exists()
    lead.post(_url(inspection), _form(content, map_case_ref="Case ID"))
    assert SamplingRecord.objects.count() == 1


def test_only_the_lead_samples(inspection: Inspection, people: dict[str, User]) -> None:
    for role in ("inspector", "partner"):
        client = client_for(people[role])
        assert client.get(_url(inspection)).status_code == 403
        assert client.post(_url(inspection), _form(POPULATION.read_bytes())).status_code == 403
    for role in ("outsider", "board"):
        assert client_for(people[role]).get(_url(inspection)).status_code == 404
    assert not SamplingRecord.objects.exists()


BLACKPOOL_2025 = POPULATION.parent / "population-blackpool-2025.csv"


def test_a_2025_inspection_samples_by_its_framework_s_pools(
    inspection: Inspection, people: dict[str, User]
) -> None:
    inspection.framework_id = "iyjwcv-2025"
    inspection.save()
    lead = client_for(people["lead"])
    page = lead.get(_url(inspection)).content.decode()
    assert "The framework's sampling rules" in page
    assert "Children&#39;s cases" in page and "Victims&#39; cases" in page
    assert "2 to 12 months before the fieldwork" in page and "at most 91" in page
    assert 'name="court_share"' not in page  # the pools' split and limits are the framework's
    form = {
        "population": SimpleUploadedFile(
            "blackpool.csv", BLACKPOOL_2025.read_bytes(), content_type="text/csv"
        ),
        "fieldwork_start": "2025-06-02",
        "seed": "1",
        "confidence": "0.8",
        "margin": "0.05",
    }
    assert lead.post(_url(inspection), form).status_code == 302
    page = lead.get(_url(inspection)).content.decode()
    assert "Sampling rules applied" in page and "Sample size: 24" in page
    assert "None: the calculated size was within the limits" in page
    record = SamplingRecord.objects.get()
    lead.post(_url(inspection, f"/{record.pk}/create"))
    assert inspection.cases.count() == 24
    assert inspection.cases.filter(case_type="victim").count() == 9
    victim = inspection.cases.filter(case_type="victim").first()
    assert victim is not None and victim.disposal == "victim_contact"
    assert lead.get(f"/inspections/{inspection.pk}/cases/{victim.pk}").status_code == 200
    record = lead.get(f"/inspections/{inspection.pk}/cases/{victim.pk}/record.html")
    assert record.status_code == 200
