"""A case's printable record (HTML and PDF): its details, every answer with its evidence, the
sub-sample decisions and its review trail, for whoever may see the case; in words."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from yjinspect_web.demo import SELF_ASSESSMENT_TITLE, demo_inspection, load_demo
from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import AuditEvent, Case, Inspection, User

from .conftest import client_for, court_case_of


def _visible(html: str) -> str:
    """The text a reader sees: no style, no tags."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _url(case: Case, suffix: str) -> str:
    return f"/inspections/{case.inspection_id}/cases/{case.pk}/record.{suffix}"


@pytest.fixture
def demo(db: None) -> Inspection:
    load_demo()
    return demo_inspection()


def test_the_record_shows_the_details_answers_evidence_sub_samples_and_review(
    demo: Inspection,
) -> None:
    case = demo.cases.get(reference="C01")
    lead = User.objects.get(username="lead")
    services.return_case(case, lead, "2.2.3: say which risks the plan addresses.")
    response = client_for(lead).get(_url(case, "html"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    text = _visible(response.content.decode())
    assert "Case C01" in text and "Blackpool YJS" in text
    assert "Case type Court disposal" in text
    assert f"Review state {case.get_state_display()}" in text
    for answer in case.answers.filter(question_id__regex=r"^\d\.\d\.\d$"):
        assert answer.evidence and answer.evidence in text
        words = {"yes": "Yes", "no": "No", "na": "Not applicable"}[answer.value]
        assert f"{answer.question_id} " in text and words in text
    assert "Sub-samples" in text and "The case's details" in text
    assert "Submitted for quality assurance" in text and "Quality-assured" in text
    assert "Returned for correction" in text and "for correction for correction" not in text
    assert "2.2.3: say which risks the plan addresses." in text
    # words for people: no code word in what is shown
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    assert AuditEvent.objects.filter(
        action="download", subject="case record", case=case, field="HTML"
    ).exists()


def test_the_record_prints_as_a_pdf(demo: Inspection, tmp_path: Path) -> None:
    case = demo.cases.get(reference="O01")
    response = client_for(User.objects.get(username="inspector")).get(_url(case, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is missing: install poppler-utils")
    path = tmp_path / "case.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    text = " ".join(text.split())
    assert "Case O01" in text and "Review trail" in text and "Out-of-court disposal" in text


def test_who_sees_the_record_and_its_review_trail(demo: Inspection) -> None:
    case = demo.cases.get(reference="C01")
    outsider = client_for(User.objects.get(username="outsider"))
    assert outsider.get(_url(case, "html")).status_code == 404
    assert outsider.get(_url(case, "pdf")).status_code == 404
    # the board sees the self-assessment's cases, not the inspectors' working history
    self_assessment = Inspection.objects.get(title=SELF_ASSESSMENT_TITLE)
    sa_case = self_assessment.cases.first()
    assert sa_case is not None
    board = client_for(User.objects.get(username="board")).get(_url(sa_case, "html"))
    assert board.status_code == 200
    assert "not shown to you" in _visible(board.content.decode())
    manager = client_for(User.objects.get(username="manager")).get(_url(sa_case, "html"))
    assert "not yet been submitted for review" in _visible(manager.content.decode())


def test_the_case_page_links_to_its_record(demo: Inspection) -> None:
    case = demo.cases.get(reference="C01")
    page = client_for(User.objects.get(username="lead")).get(
        f"/inspections/{demo.pk}/cases/{case.pk}"
    )
    html = page.content.decode()
    assert f'href="{_url(case, "html")}"' in html and f'href="{_url(case, "pdf")}"' in html


OPEN = {"admin": 200, "lead": 200, "inspector": 200, "partner": 200, "outsider": 404,
        "manager": 404, "board": 404, "other_manager": 404}  # fmt: skip
LOCKED_TRAIL = {"admin": True, "lead": True, "inspector": True, "manager": False, "board": False}


def test_the_record_s_role_matrix(inspection: Inspection, people: dict[str, User]) -> None:
    case = court_case_of(inspection, "C01")
    for role, status in OPEN.items():
        assert client_for(people[role]).get(_url(case, "html")).status_code == status, role
    inspection.ratings_locked = True
    inspection.save()
    for role, trail in LOCKED_TRAIL.items():
        response = client_for(people[role]).get(_url(case, "html"))
        assert response.status_code == 200, role
        hidden = "not shown to you" in _visible(response.content.decode())
        assert hidden is not trail, role


def test_the_inspection_page_says_a_returned_case_is_returned(demo: Inspection) -> None:
    case = demo.cases.get(reference="C01")
    lead = User.objects.get(username="lead")
    services.return_case(case, lead, "2.2.3: say which risks the plan addresses.")
    html = client_for(lead).get(f"/inspections/{demo.pk}").content.decode()
    row = re.search(r'<tr class="govuk-table__row">\s*<td[^>]*><a[^>]*>C01</a>.*?</tr>', html, re.S)
    assert row is not None
    assert "Returned for correction" in row.group(0) and "In progress" not in row.group(0)
