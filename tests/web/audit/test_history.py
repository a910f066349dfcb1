"""The history pages through every event (no silent cut-off at 500) and exports as CSV in
plain English; administrators see every event, inside inspections and out."""

from __future__ import annotations

import csv
import io

from django.http import StreamingHttpResponse

from yjinspect_web.workspace import services
from yjinspect_web.workspace.models import AuditEvent, Case, Inspection, User

from ..conftest import client_for


def _csv(response: object) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(text)))


def test_the_history_pages_through_every_event(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    for number in range(620):
        services.audit(inspection, people["lead"], "answer", f"Q{number}", case=court_case,
                       field="value", old="", new="yes")  # fmt: skip
    total = AuditEvent.objects.filter(inspection=inspection).count()
    assert total > 620
    client = client_for(people["inspector"])
    url = f"/inspections/{inspection.pk}/history"
    first = client.get(url).content.decode()
    assert f"Events 1 to 100 of {total}" in first and "Q619" in first
    last_page = (total + 99) // 100
    last = client.get(f"{url}?page={last_page}").content.decode()
    assert f"of {total}, newest first" in last and "Q0<" not in last  # Q0 is on this page
    assert "Q0" in last
    assert client.get(f"{url}?page=9999").status_code == 200  # the nearest page, not an error
    assert client.get(f"{url}?page=x").status_code == 200
    narrowed = client.get(f"{url}?subject=Q7&page=1").content.decode()
    assert "Events 1 to 1 of 1" in narrowed


def test_the_history_exports_every_event_as_csv_in_plain_english(
    inspection: Inspection, court_case: Case, people: dict[str, User]
) -> None:
    services.save_answer(court_case, "2.1.1", "no", '=HYPERLINK("x")', 0, people["lead"])
    services.decide_sub_sample(court_case, "child_safety_work", True, "in care", people["lead"])
    services.withdraw_case(court_case, people["lead"], "Moved away")
    response = client_for(people["inspector"]).get(
        f"/inspections/{inspection.pk}/history?format=csv"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv(response)
    assert rows[0][:4] == ["Number in the chain", "When (UK time)", "Who", "Service"]
    body = rows[1:]
    assert len(body) == AuditEvent.objects.filter(inspection=inspection).count()
    answer = next(r for r in body if r[8] == "2.1.1" and r[9] == "answer")
    assert answer[7] == "Answer" and answer[11] == "No"
    evidence = next(r for r in body if r[8] == "2.1.1" and r[9] == "evidence")
    assert evidence[11].startswith("'=")  # a spreadsheet will not run it
    withdrawn = next(r for r in body if r[7] == "Case withdrawn")
    assert (withdrawn[10], withdrawn[11], withdrawn[12]) == (
        "In progress",
        "Withdrawn",
        "Moved away",
    )
    text = "\n".join(",".join(r) for r in body)
    assert "in_progress" not in text and "sub_sample" not in text
    assert "child_safety_work" not in text and "keep the child safe" in text
    # taking the export is itself recorded
    assert AuditEvent.objects.filter(
        action="download", subject="history", user=people["inspector"]
    ).exists()


def test_administrators_see_every_event_and_no_one_else(
    inspection: Inspection, people: dict[str, User]
) -> None:
    lead = people["lead"]
    lead.role = "inspector"
    lead.save()  # a person-level event, outside any inspection
    admin = client_for(people["admin"])
    page = admin.get("/history?outside=1").content.decode()
    assert "History of every change" in page and "Changed: lead (role)" in page
    rows = _csv(admin.get("/history?format=csv&person=lead"))
    assert any(
        r[7] == "Changed" and r[10] == "Lead inspector" and r[11] == "Inspector" for r in rows
    )
    for role in ("lead", "inspector", "manager", "board"):
        assert client_for(people[role]).get("/history").status_code == 403
    assert admin.get("/history?service=99999999999999999999").status_code == 200
