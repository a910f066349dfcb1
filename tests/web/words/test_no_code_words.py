"""People see plain English: no snake_case code word (``in_progress``, ``near_boundary``) in any
page of the demo that a demo account can reach, nor in the CSV, XLSX and PDF downloads it finds.
Codes belong in JSON and files. (Issue 10, "Words for people".)"""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import openpyxl
import pytest
from django.test import Client

from test_report import pdf_text
from yjinspect_web.demo import DEMO_USERS, load_demo
from yjinspect_web.workspace.models import User

CODE_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
SKIP = re.compile(r"^/(static|admin)/|/sign-out$|\.pdf$|/report\.html$")
MAX_PAGES = 120


class VisibleText(HTMLParser):
    """The words a person reads (and a screen reader says): text, alt, title, aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and (href := found.get("href")):
            self.links.append(href)
        for name in ("alt", "title", "aria-label", "placeholder"):
            if found.get(name):
                self.parts.append(str(found[name]))
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(str(found["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def code_words(text: str) -> set[str]:
    return set(CODE_WORD.findall(text))


def export_text(content: bytes, content_type: str) -> str:
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join(cells)
    return content.decode("utf-8", errors="replace")


def pattern(path: str) -> str:
    """A page's kind: its path with numbers as N, and the names of its query's fields (so a
    page's CSV download, ``?format=csv``, is a kind of its own)."""
    base, _, query = path.partition("?")
    fields = sorted({part.split("=")[0] for part in query.split("&") if part})
    return re.sub(r"\d+", "N", base) + "?" + "&".join(fields)


def crawl(client: Client, pdfs: list[str] | None = None) -> dict[str, set[str]]:
    """Every page reachable from the home page by links (one of each kind: one case page, not
    all 23), with the code words each shows; the PDF links met, one of each kind, go to ``pdfs``."""
    found: dict[str, set[str]] = {}
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        key = pattern(path)
        if path in seen or per_pattern.get(key, 0) >= 1:
            continue
        if SKIP.search(path.split("?")[0]):
            if pdfs is not None and path.split("?")[0].endswith(".pdf"):
                per_pattern[key] = 1
                pdfs.append(path)
            continue
        per_pattern[key] = per_pattern.get(key, 0) + 1
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(str(response["Location"]))
            continue
        assert response.status_code < 500, path
        text, links = readable(response)
        if words := code_words(text):
            found[path] = words
        here = [urljoin(path, link) for link in links]  # "?format=csv" is this page's CSV
        queue.extend(link for link in here if link.startswith("/") and link not in seen)
    return found


def readable(response: Any) -> tuple[str, list[str]]:
    """What a person reads in a page or an export (CSV, XLSX), and the page's own links."""
    content_type = response.get("Content-Type", "")
    if "text/html" not in content_type:
        if "csv" not in content_type and "spreadsheetml" not in content_type:
            return "", []
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return export_text(body, content_type), []
    parser = VisibleText()
    parser.feed(response.content.decode())
    links = [link.split("#")[0] for link in parser.links]
    return " ".join(parser.parts), [link for link in links if link and "//" not in link]


@pytest.fixture
def demo(db: None) -> None:
    load_demo("correct-horse-battery-staple")


@pytest.mark.parametrize("username", [user.username for user in DEMO_USERS])
def test_no_page_or_export_of_the_demo_shows_a_code_word(username: str, demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    found = crawl(client)
    assert not found, "\n".join(f"{path}: {sorted(words)}" for path, words in found.items())


@pytest.mark.parametrize("username", ["admin", "manager"])
def test_no_pdf_of_the_demo_shows_a_code_word(username: str, demo: None, tmp_path: Path) -> None:
    """The PDFs an administrator and a service manager can download (the report, a case's
    record, the plan, board packs ...), read as text by pdftotext."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    pdfs: list[str] = []
    crawl(client, pdfs)
    assert pdfs, "the crawl found no PDF to read"
    found = {}
    for path in pdfs:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if words := code_words(pdf_text(body, tmp_path)):
            found[path] = words
    assert not found, "\n".join(f"{path}: {sorted(words)}" for path, words in found.items())
