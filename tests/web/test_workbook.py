"""The case assessment workbook: export, fill in offline, import all or nothing."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import (
    Answer,
    AuditEvent,
    Case,
    Inspection,
    QuestionEvidence,
    StandardJudgement,
    User,
)
from yjinspect_web.workspace.workbook import (
    ANSWERS,
    JUDGEMENTS,
    Problem,
    export_workbook,
    import_workbook,
)

from .conftest import client_for, court_case_of

ANSWER_COLUMN = 6
EVIDENCE_COLUMN = 7
VERSION_COLUMN = 8


def load(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def save(workbook: Any) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def answer_rows(workbook: Any) -> dict[tuple[str, str], int]:
    """(case reference, question id) -> row number on the Answers sheet."""
    sheet = workbook[ANSWERS]
    return {
        (str(sheet.cell(row, 1).value), str(sheet.cell(row, 2).value)): row
        for row in range(2, sheet.max_row + 1)
    }


def fill(workbook: Any, reference: str, question_id: str, answer: str, evidence: str = "") -> int:
    row = answer_rows(workbook)[(reference, question_id)]
    sheet = workbook[ANSWERS]
    sheet.cell(row, ANSWER_COLUMN).value = answer
    sheet.cell(row, EVIDENCE_COLUMN).value = evidence
    return row


def judgement_rows(workbook: Any) -> dict[tuple[str, str], int]:
    sheet = workbook[JUDGEMENTS]
    return {
        (str(sheet.cell(row, 1).value), sheet.cell(row, 2).value or ""): row
        for row in range(2, sheet.max_row + 1)
    }


def about(workbook: Any) -> dict[str, Any]:
    sheet = workbook["About"]
    return {
        sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(2, sheet.max_row + 1)
    }


def snapshot() -> list[tuple[int, str, str, str, int]]:
    return sorted(
        Answer.objects.values_list("case_id", "question_id", "value", "evidence", "version")
    )


def judged_standard(inspection: Inspection) -> Any:
    return next(s for s in inspection.framework.standards if not s.is_case_based and s.questions)


def where(problems: list[Problem]) -> set[tuple[str, int | None, str]]:
    return {(p.sheet, p.row, p.column) for p in problems}


@pytest.fixture
def low_rosh_case(inspection: Inspection, people: dict[str, User]) -> Case:
    return court_case_of(inspection, "C03", rosh="low", assigned_inspector=people["inspector"])


# -- export --------------------------------------------------------------------------------


def test_export_has_only_the_questions_asked_of_each_case(
    inspection: Inspection,
    court_case: Case,
    partner_case: Case,
    low_rosh_case: Case,
    people: dict[str, User],
) -> None:
    services.save_answer(court_case, "2.1.1", "yes", "seen", 0, people["inspector"])
    workbook = load(export_workbook(inspection, people["lead"]))

    assert workbook.sheetnames == ["About", "Cases", "Answers", "Judgements"]
    info = about(workbook)
    assert info["Framework id"] == "iyjs-2018"
    assert "framework version iyjs-2018" in info["Framework version"]
    assert info["Inspection id"] == inspection.pk
    assert "lead" in info["Exported by"]

    rows = answer_rows(workbook)
    assert ("C03", "2.2.1") in rows
    assert ("C03", "2.2.3") not in rows  # low risk of serious harm: not in the sub-sample
    assert ("C03", "2.2.3a") not in rows
    assert ("C01", "2.2.3") in rows and ("C01", "2.2.3a") in rows
    assert ("C01", "2.2.2") not in rows  # safety and wellbeing low
    assert ("C02", "2.2.2") in rows
    assert not any(ref == "C01" and qid.startswith("3.") for ref, qid in rows)  # court case

    sheet = workbook[ANSWERS]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Case reference",
        "Question id",
        "Kind",
        "Standard",
        "Question",
        "Answer",
        "Evidence",
        "Version",
    ]
    first = [cell.value for cell in sheet[2]]
    assert first[:4] == ["C01", "2.1.1", "key question", "2.1"]
    assert first[5:] == ["yes", "seen", 1]
    assert [c.value for c in sheet[3]][1:3] == ["2.1.1a", "prompt"]
    assert sheet.cell(rows[("C01", "2.1.1a")], VERSION_COLUMN).value == 0
    validations = sheet.data_validations.dataValidation
    assert any('"yes,no,na"' in v.formula1 and "F2" in str(v.sqref) for v in validations)

    standard = judged_standard(inspection)
    judged = judgement_rows(workbook)
    assert (standard.id, "") in judged
    assert all((standard.id, q.id) in judged for q in standard.questions)
    cases = workbook["Cases"]
    assert [c.value for c in cases[2]][:2] == ["C01", "Court disposal"]


def test_export_keeps_formula_like_evidence_as_text(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    services.save_answer(court_case, "2.1.1", "no", '=HYPERLINK("x")', 0, people["lead"])
    workbook = load(export_workbook(inspection, people["lead"]))
    cell = workbook[ANSWERS].cell(answer_rows(workbook)[("C01", "2.1.1")], EVIDENCE_COLUMN)
    assert cell.data_type == "s"


# -- round trip ----------------------------------------------------------------------------


def test_round_trip_saves_answers_and_judgements_with_audit(
    inspection: Inspection, court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    lead = people["lead"]
    workbook = load(export_workbook(inspection, lead))
    fill(workbook, "C01", "2.1.1", "yes", "Plan seen on file")
    fill(workbook, "C01", "2.1.1a", "No", "")  # case does not matter
    fill(workbook, "C02", "2.2.3", "na", "no meaningful work expected")
    standard = judged_standard(inspection)
    judged = judgement_rows(workbook)
    workbook[JUDGEMENTS].cell(judged[(standard.id, "")], 3).value = "good"
    question = standard.questions[0]
    workbook[JUDGEMENTS].cell(judged[(standard.id, question.id)], 3).value = "Strong board"
    content = save(workbook)

    result = import_workbook(inspection, content, lead)

    assert result.problems == []
    assert result.applied == 5
    answers = {(a.case.reference, a.question_id): a for a in Answer.objects.select_related("case")}
    assert answers[("C01", "2.1.1")].value == "yes"
    assert answers[("C01", "2.1.1")].evidence == "Plan seen on file"
    assert answers[("C01", "2.1.1")].version == 1
    assert answers[("C01", "2.1.1a")].value == "no"
    assert answers[("C02", "2.2.3")].value == "na"
    assert StandardJudgement.objects.get(standard_id=standard.id).rating == "Good"
    assert QuestionEvidence.objects.get(question_id=question.id).text == "Strong board"
    events = AuditEvent.objects.filter(inspection=inspection, user=lead)
    assert events.filter(action="answer", subject="2.1.1", field="value", new="yes").exists()
    assert events.filter(action="answer", subject="2.2.3", case=partner_case).exists()
    assert events.filter(action="judgement", subject=standard.id, new="Good").exists()
    assert events.filter(action="evidence", subject=question.id).exists()

    again = import_workbook(inspection, content, lead)  # everything now matches: no change
    assert again.problems == [] and again.applied == 0


def test_unchanged_rows_are_not_changes_even_with_windows_line_breaks(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    services.save_answer(court_case, "2.1.1", "yes", "line one\r\nline two", 0, people["lead"])
    content = export_workbook(inspection, people["partner"])  # partner: C01 is not theirs
    result = import_workbook(inspection, content, people["partner"])
    assert result.problems == [] and result.applied == 0


# -- problems ------------------------------------------------------------------------------


def test_every_problem_is_listed_and_nothing_changes(
    inspection: Inspection, court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    lead = people["lead"]
    services.save_answer(court_case, "2.1.2", "yes", "before", 0, lead)
    workbook = load(export_workbook(inspection, lead))
    sheet = workbook[ANSWERS]
    rows = answer_rows(workbook)
    good = fill(workbook, "C01", "2.1.3", "yes", "fine on its own")
    unknown_case = fill(workbook, "C01", "2.1.1b", "yes")
    sheet.cell(unknown_case, 1).value = "X99"
    not_asked = fill(workbook, "C01", "2.1.1c", "yes")
    sheet.cell(not_asked, 2).value = "2.2.2"  # safety and wellbeing low: not asked of C01
    bad_answer = fill(workbook, "C01", "2.1.1", "maybe")
    na_not_allowed = fill(workbook, "C02", "2.1.1", "na")
    bad_version = fill(workbook, "C02", "2.1.2", "no")
    sheet.cell(bad_version, VERSION_COLUMN).value = "two"
    duplicate = sheet.max_row + 1
    for column in range(1, 9):
        sheet.cell(duplicate, column).value = sheet.cell(rows[("C01", "2.1.2")], column).value
    sheet.cell(duplicate, ANSWER_COLUMN).value = "no"
    unknown_question = sheet.max_row + 1
    for column, value in enumerate(["C02", "9.9.9", "", "", "", "yes", "", 0], start=1):
        sheet.cell(unknown_question, column).value = value
    judged = judgement_rows(workbook)
    standard = judged_standard(inspection)
    workbook[JUDGEMENTS].cell(judged[(standard.id, "")], 3).value = "Brilliant"
    unknown_standard = workbook[JUDGEMENTS].max_row + 1
    for column, value in enumerate(["2.1", "", "Good", 0], start=1):
        workbook[JUDGEMENTS].cell(unknown_standard, column).value = value
    before = snapshot()
    audit_before = AuditEvent.objects.count()

    result = import_workbook(inspection, save(workbook), lead)

    assert where(result.problems) == {
        (ANSWERS, unknown_case, "case_ref"),
        (ANSWERS, not_asked, "question_id"),
        (ANSWERS, bad_answer, "answer"),
        (ANSWERS, na_not_allowed, "answer"),
        (ANSWERS, bad_version, "version"),
        (ANSWERS, duplicate, "question_id"),
        (ANSWERS, unknown_question, "question_id"),
        (JUDGEMENTS, judged[(standard.id, "")], "rating_or_evidence"),
        (JUDGEMENTS, unknown_standard, "standard_id"),
    }
    assert good not in {p.row for p in result.problems}
    messages = {p.row: p.message for p in result.problems if p.sheet == ANSWERS}
    assert "X99" in messages[unknown_case]
    assert "not asked of case C01" in messages[not_asked]
    assert "2.1.1 applies to every case" in messages[na_not_allowed]
    assert f"row {rows[('C01', '2.1.2')]}" in messages[duplicate]
    assert result.applied == 0
    assert snapshot() == before
    assert AuditEvent.objects.count() == audit_before
    shown = str(next(p for p in result.problems if p.row == bad_answer))
    assert shown.startswith(f"Sheet Answers, row {bad_answer}, column Answer: ")


def test_stale_version_names_who_changed_it_and_when(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    workbook = load(export_workbook(inspection, people["lead"]))
    services.save_answer(court_case, "2.1.1", "yes", "theirs", 0, people["inspector"])
    row = fill(workbook, "C01", "2.1.1", "no", "mine")
    fill(workbook, "C01", "2.1.2", "yes")
    before = snapshot()

    result = import_workbook(inspection, save(workbook), people["lead"])

    assert where(result.problems) == {(ANSWERS, row, "version")}
    message = result.problems[0].message
    assert "inspector changed 2.1.1 on case C01 on" in message
    assert snapshot() == before


def test_header_and_missing_sheet_are_reported(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    workbook = load(export_workbook(inspection, people["lead"]))
    workbook[ANSWERS].cell(1, ANSWER_COLUMN).value = "reply"
    del workbook[JUDGEMENTS]
    workbook["About"].cell(6, 2).value = "iyjs-2021"  # the Framework id row
    result = import_workbook(inspection, save(workbook), people["lead"])
    assert where(result.problems) == {
        (ANSWERS, 1, "F"),
        (JUDGEMENTS, None, ""),
        ("About", 6, "value"),
    }
    assert any("framework version iyjs-2021" in p.message for p in result.problems)


def test_partner_gets_a_problem_for_each_row_of_a_case_not_theirs(
    inspection: Inspection, court_case: Case, partner_case: Case, people: dict[str, User]
) -> None:
    partner = people["partner"]
    workbook = load(export_workbook(inspection, partner))
    assert ("C01", "2.1.1") in answer_rows(workbook)  # they see every case
    first = fill(workbook, "C01", "2.1.1", "yes")
    second = fill(workbook, "C01", "2.1.2", "no")
    fill(workbook, "C02", "2.1.1", "yes")  # their own case: fine, but not saved either

    result = import_workbook(inspection, save(workbook), partner)

    assert where(result.problems) == {(ANSWERS, first, "case_ref"), (ANSWERS, second, "case_ref")}
    assert all("Case C01 is not assigned to you" in p.message for p in result.problems)
    assert not Answer.objects.exists()


def test_only_the_lead_changes_judgements(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    workbook = load(export_workbook(inspection, people["inspector"]))
    standard = judged_standard(inspection)
    row = judgement_rows(workbook)[(standard.id, "")]
    workbook[JUDGEMENTS].cell(row, 3).value = "Good"
    result = import_workbook(inspection, save(workbook), people["inspector"])
    assert where(result.problems) == {(JUDGEMENTS, row, "rating_or_evidence")}


def test_a_locked_inspection_imports_nothing(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    workbook = load(export_workbook(inspection, people["lead"]))
    fill(workbook, "C01", "2.1.1", "yes")
    Inspection.objects.filter(pk=inspection.pk).update(ratings_locked=True)
    result = import_workbook(inspection, save(workbook), people["lead"])
    assert len(result.problems) == 1 and "locked" in result.problems[0].message
    assert not Answer.objects.exists()


def test_a_file_that_is_not_xlsx_is_one_clear_problem(
    inspection: Inspection, people: dict[str, User]
) -> None:
    result = import_workbook(inspection, b"case_ref,question_id\nC01,2.1.1\n", people["lead"])
    assert len(result.problems) == 1
    assert "not an Excel workbook (.xlsx)" in str(result.problems[0])


# -- the pages -----------------------------------------------------------------------------


def test_export_view_sends_an_xlsx_attachment(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    response = client_for(people["inspector"]).get(f"/inspections/{inspection.pk}/workbook.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    expected = f"northtown-yjs-iyjs-2018-{inspection.pk}-workbook.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert ("C01", "2.1.1") in answer_rows(load(response.content))


def test_import_view_saves_and_redirects_with_a_message(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["inspector"])
    url = f"/inspections/{inspection.pk}/workbook/import"
    page = client.get(url)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' not in page.content.decode()
    workbook = load(export_workbook(inspection, people["inspector"]))
    fill(workbook, "C01", "2.1.1", "yes", "seen")
    upload = SimpleUploadedFile("filled.xlsx", save(workbook))

    response = client.post(url, {"workbook": upload}, follow=True)

    assert response.redirect_chain[-1][0] == f"/inspections/{inspection.pk}"
    assert "Workbook imported: 1 change saved." in response.content.decode()
    assert Answer.objects.get(case=court_case, question_id="2.1.1").value == "yes"


def test_import_view_lists_every_problem(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people["inspector"])
    workbook = load(export_workbook(inspection, people["inspector"]))
    row = fill(workbook, "C01", "2.1.1", "maybe")
    upload = SimpleUploadedFile("filled.xlsx", save(workbook))
    response = client.post(f"/inspections/{inspection.pk}/workbook/import", {"workbook": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert f"Sheet Answers, row {row}, column Answer: Answer yes, no or na" in html
    assert not Answer.objects.exists()


def test_import_view_refuses_non_xlsx_and_large_files(
    inspection: Inspection, people: dict[str, User]
) -> None:
    client = client_for(people["lead"])
    url = f"/inspections/{inspection.pk}/workbook/import"
    text = SimpleUploadedFile("answers.csv", b"case_ref,question_id\n")
    html = client.post(url, {"workbook": text}).content.decode()
    assert "There is a problem" in html and "not an Excel workbook (.xlsx)" in html
    big = SimpleUploadedFile("big.xlsx", b"0" * (10 * 1024 * 1024 + 1))
    assert (
        "big.xlsx is larger than the limit of 10 MB"
        in client.post(url, {"workbook": big}).content.decode()
    )
    assert "Choose the completed workbook" in client.post(url, {}).content.decode()


@pytest.mark.parametrize("who", ["board", "outsider"])
def test_board_viewer_and_outsider_cannot_reach_the_workbook(
    who: str, inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    client = client_for(people[who])
    base = f"/inspections/{inspection.pk}"
    assert client.get(f"{base}/workbook.xlsx").status_code in (403, 404)
    assert client.get(f"{base}/workbook/import").status_code in (403, 404)
    upload = SimpleUploadedFile("w.xlsx", export_workbook(inspection, people["lead"]))
    assert client.post(f"{base}/workbook/import", {"workbook": upload}).status_code in (403, 404)


def test_board_viewer_may_download_but_never_import_a_self_assessment(
    inspection: Inspection, people: dict[str, User]
) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(kind=Inspection.Kind.SELF_ASSESSMENT)
    client = client_for(people["board"])
    base = f"/inspections/{inspection.pk}"
    assert client.get(f"{base}/workbook.xlsx").status_code == 200
    assert client.get(f"{base}/workbook/import").status_code == 403


def test_inspection_page_links_to_the_workbook(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    html = client_for(people["lead"]).get(f"/inspections/{inspection.pk}").content.decode()
    assert "Download the case assessment workbook (xlsx)" in html
    assert "Import a completed workbook" in html
    Inspection.objects.filter(pk=inspection.pk).update(
        ratings_locked=True, locked_at=timezone.now(), locked_by=people["lead"]
    )
    html = client_for(people["lead"]).get(f"/inspections/{inspection.pk}").content.decode()
    assert "Download the case assessment workbook (xlsx)" in html
    assert "Import a completed workbook" not in html


def test_export_follows_the_inspectors_sub_sample_decisions(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    services.decide_sub_sample(court_case, "others_safety_work", False, "no risk", people["lead"])
    services.decide_sub_sample(court_case, "child_safety_work", True, "at risk", people["lead"])
    rows = answer_rows(load(export_workbook(inspection, people["lead"])))
    assert ("C01", "2.2.3") not in rows and ("C01", "2.2.2a") in rows
