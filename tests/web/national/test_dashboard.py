"""The national dashboard: ratings by year and standard, key question and prompt % yes across
the year's inspections, case data splits, filters, suppression of fewer than 5, exports; for
analysts and administrators only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter, defaultdict

import openpyxl
import pytest
from django.db.models import Count

from yjinspect.cases import CaseProfile, asked_question_ids
from yjinspect.framework import load_framework
from yjinspect.statistics import wilson_interval
from yjinspect_web.national import aggregates
from yjinspect_web.national.aggregates import Filters
from yjinspect_web.national.generate import generate
from yjinspect_web.national.models import OVERALL, PublishedRating
from yjinspect_web.national.scale import Scale
from yjinspect_web.workspace.models import Answer, Case, Inspection, Role, Service, User

from ..conftest import client_for, court_case_of, make_user

pytestmark = pytest.mark.django_db

SCALE = Scale(services=5, inspections=3, cases=8, seed=11)


@pytest.fixture
def history() -> None:
    generate(SCALE)


@pytest.fixture
def analyst(db: None) -> User:
    return make_user("analyst", Role.ANALYST)


def _by_hand(filters: Filters) -> dict[tuple[str, str], list[int]]:
    """Yes and relevant per (framework, question) counted in Python, the slow way, from the
    answers the core's rule says count."""
    inspections = PublishedRating.objects.filter(standard_id=OVERALL)
    if filters.year is not None:
        inspections = inspections.filter(year=filters.year)
    if filters.framework_id:
        inspections = inspections.filter(framework_id=filters.framework_id)
    if filters.rating:
        inspections = inspections.filter(rating=filters.rating)
    ids = set(inspections.values_list("inspection_id", flat=True))
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for case in Case.objects.filter(inspection_id__in=ids).exclude(state="withdrawn"):
        framework = load_framework(case.inspection.framework_id)
        overrides = {
            d.sub_sample_id: (d.included, d.reason) for d in case.sub_sample_decisions.all()
        }
        asked = asked_question_ids(framework, case.profile, overrides)
        for answer in case.answers.all():
            if answer.question_id in asked and answer.value in ("yes", "no"):
                tally = found[(framework.id, answer.question_id)]
                tally[0] += answer.value == "yes"
                tally[1] += 1
    return found


def _figures(filters: Filters) -> dict[tuple[str, str], list[int]]:
    return {
        (row.framework_id, row.question_id): [row.figure.yes, row.figure.relevant]
        for row in aggregates.case_figures(filters).questions
    }


def test_question_figures_are_the_answers_that_count(history: None) -> None:
    year = aggregates.years()[0]
    for filters in (Filters(), Filters(year=year), Filters(framework_id="iyjs-2018")):
        assert _figures(filters) == _by_hand(filters)


def test_an_inspectors_sub_sample_decision_decides_what_counts(history: None) -> None:
    """A case put into a sub-sample by an inspector counts its answers to the sub-sample's
    questions, and one taken out does not, whatever its details say (as the workspace)."""
    from yjinspect_web.workspace.models import SubSampleDecision

    user = User.objects.get(username="synthetic-national-history")
    low = Case.objects.filter(synthetic=True, safety_wellbeing="low", case_type="court").first()
    high = Case.objects.filter(synthetic=True, safety_wellbeing="high", case_type="court").first()
    assert low is not None and high is not None
    Answer.objects.create(
        case=low, question_id="2.2.2", value="yes", framework_id="iyjs-2018", updated_by=user
    )
    for case, included in ((low, True), (high, False)):
        SubSampleDecision.objects.create(
            case=case, sub_sample_id="child_safety_work", included=included,
            reason="Decided by the inspector", decided_by=user,
        )  # fmt: skip
    filters = Filters()
    assert _figures(filters) == _by_hand(filters)


def test_rating_filter_keeps_inspections_of_that_overall_rating(history: None) -> None:
    rating = Counter(
        PublishedRating.objects.filter(standard_id=OVERALL).values_list("rating", flat=True)
    ).most_common(1)[0][0]
    filters = Filters(rating=rating)
    assert _figures(filters) == _by_hand(filters)
    rows = aggregates.overall_by_year(filters)
    assert {r for row in rows for r in row.counts} == {rating}


def test_ratings_by_year_and_standard_count_the_national_record(history: None) -> None:
    expected = Counter(
        PublishedRating.objects.filter(standard_id=OVERALL).values_list("year", "rating")
    )
    rows = aggregates.overall_by_year(Filters(year=2020))  # every year, whatever the year
    assert sum(row.total for row in rows) == Inspection.objects.filter(synthetic=True).count()
    assert len({row.label for row in rows}) == len(rows)  # one row a year, across frameworks
    counted: Counter[tuple[str, str]] = Counter()
    for row in rows:
        for rating, number in row.counts.items():
            counted[(row.label, rating)] += number
    assert counted == Counter(
        {(f"April {y} to March {y + 1}", r): n for (y, r), n in expected.items()}
    )
    year = aggregates.years()[0]
    standards = aggregates.ratings_by_standard(Filters(year=year))
    overall = [row for row in standards if row.label == "Overall"]
    assert sum(row.total for row in overall) == (
        PublishedRating.objects.filter(year=year, standard_id=OVERALL).count()
    )
    assert any(row.label == "2.1 Assessment" for row in standards)
    assert all(0 <= row.share(r) <= 100 for row in standards for r in row.counts)


def test_splits_add_up_to_the_key_question_figures(history: None) -> None:
    found = aggregates.case_figures(Filters())
    totals = {(r.framework_id, r.question_id): r.figure for r in found.questions}
    names = {split.name for split in found.splits}
    assert names == {"Gender", "Ethnicity", "Disposal"}
    for split in found.splits:
        for row, figures in split.rows:
            assert not row.is_prompt
            assert (
                sum(f.relevant for f in figures)
                == totals[(split.framework_id, row.question_id)].relevant
            )
            assert sum(f.yes for f in figures) == totals[(split.framework_id, row.question_id)].yes
    disposal = next(s for s in found.splits if s.name == "Disposal")
    assert "Referral order" in [words for _, words in disposal.categories]


def test_cases_and_inspections_counted(history: None) -> None:
    found = aggregates.case_figures(Filters())
    assert found.inspections == Inspection.objects.filter(synthetic=True).count()
    assert found.cases == Case.objects.filter(synthetic=True).count()


def _small_inspection(service: Service, user: User, cases: int) -> Inspection:
    inspection = Inspection.objects.create(
        service=service,
        framework_id="iyjs-2018",
        title="Small",
        fieldwork_start=dt.date(2024, 6, 3),
        ratings_locked=True,
    )
    for number in range(cases):
        case = court_case_of(inspection, f"C{number:02d}", state="locked")
        Answer.objects.create(
            case=case, question_id="2.1.1", value="yes", framework_id="iyjs-2018", updated_by=user
        )
        # not asked of a case with low safety and wellbeing: never counted
        Answer.objects.create(
            case=case, question_id="2.2.2", value="no", framework_id="iyjs-2018", updated_by=user
        )
    withdrawn = court_case_of(inspection, "W01", state="withdrawn")
    Answer.objects.create(
        case=withdrawn, question_id="2.1.1", value="no", framework_id="iyjs-2018", updated_by=user
    )
    PublishedRating.objects.create(
        inspection=inspection,
        service=service,
        standard_id=OVERALL,
        rating="Good",
        points=24,
        year=2024,
        framework_id="iyjs-2018",
    )
    return inspection


def test_fewer_than_5_cases_are_suppressed(service: Service, analyst: User) -> None:
    assert "2.2.2" not in asked_question_ids(
        load_framework("iyjs-2018"), CaseProfile("court", "referral_order", "medium", "low")
    )
    _small_inspection(service, analyst, 4)
    found = aggregates.case_figures(Filters(year=2024))
    (row,) = found.questions
    assert (row.question_id, row.figure.yes, row.figure.relevant) == ("2.1.1", 4, 4)
    assert row.figure.suppressed and row.figure.words == "fewer than 5"
    assert row.figure.percent is None and row.figure.interval is None
    page = client_for(analyst).get("/national/dashboard?year=2024").content.decode()
    assert "fewer than 5" in page
    assert "4 of 4" not in page
    exported = client_for(analyst).get(
        "/national/dashboard/key-questions-and-prompts.csv?year=2024"
    )
    text = exported.content.decode("utf-8-sig")
    assert "fewer than 5" in text and ",4,4," not in text


def test_five_cases_are_shown_with_their_interval(service: Service, analyst: User) -> None:
    _small_inspection(service, analyst, 5)
    (row,) = aggregates.case_figures(Filters(year=2024)).questions
    assert row.figure.words == "100% (5 of 5 cases)"
    assert row.figure.interval == wilson_interval(5, 5)


def test_the_counting_is_one_group_by(history: None, django_assert_max_num_queries: object) -> None:
    """The dashboard's figures take a fixed handful of queries, whatever the answers (on
    PostgreSQL the big one in a transaction of its own, with its settings)."""
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        aggregates.dashboard(Filters())


# -- the page and its exports ------------------------------------------------------------


def test_analysts_and_administrators_see_the_dashboard(history: None, analyst: User) -> None:
    admin = make_user("admin", Role.ADMINISTRATOR)
    for user in (analyst, admin):
        response = client_for(user).get("/national/dashboard")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Overall ratings by year" in page and "Case data splits" in page
        standards = aggregates.ratings_by_standard(Filters(year=aggregates.years()[0]))
        assert page.count('role="img"') == 1 + len({row.framework_id for row in standards})
        assert "<title" in page and "<desc" in page


@pytest.mark.parametrize(
    "role", [Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.SERVICE_MANAGER, Role.BOARD_VIEWER]
)
def test_other_roles_are_refused(history: None, service: Service, role: str) -> None:
    user = make_user("someone", role, service=service)
    client = client_for(user)
    assert client.get("/national/dashboard").status_code == 403
    assert client.get("/national/dashboard/ratings-by-standard.csv").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(history: None) -> None:
    from django.test import Client

    response = Client().get("/national/dashboard")
    assert response.status_code == 302 and "sign-in" in response["Location"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=1999", "year"), ("year=x", "year"), ("framework=nope", "framework"),
     ("rating=Great", "rating")],
)  # fmt: skip
def test_a_bad_filter_is_named_and_refused(
    history: None, analyst: User, query: str, field: str
) -> None:
    for url in ("/national/dashboard", "/national/dashboard/ratings-by-standard.csv"):
        response = client_for(analyst).get(f"{url}?{query}")
        assert response.status_code == 400
        assert f'href="#filter-{field}"' in response.content.decode()


def test_an_unknown_export_is_not_found(analyst: User) -> None:
    client = client_for(analyst)
    assert client.get("/national/dashboard/answers.csv").status_code == 404
    assert client.get("/national/dashboard/ratings-by-standard.pdf").status_code == 404


CODE_WORD = re.compile(r"\b[a-z]+_[a-z_]+\b|\biyjs-20\d\d\b")


TABLES = (
    "overall-ratings-by-year",
    "ratings-by-standard",
    "key-questions-and-prompts",
    "key-questions-by-gender",
    "key-questions-by-ethnicity",
    "key-questions-by-disposal",
)


def test_every_table_exports_as_csv_and_xlsx_in_words(history: None, analyst: User) -> None:
    year = aggregates.years()[0]
    rating = Counter(
        PublishedRating.objects.filter(standard_id=OVERALL, year=year).values_list(
            "rating", flat=True
        )
    ).most_common(1)[0][0]
    slug = rating.lower().replace(" ", "-")
    query = f"year={year}&framework=iyjs-2021&rating={rating}"
    client = client_for(analyst)
    for table in TABLES:
        response = client.get(f"/national/dashboard/{table}.csv?{query}")
        assert response.status_code == 200
        assert f"national-{table}-{year}-iyjs-2021-{slug}.csv" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        header, body = rows[0], rows[1:]
        assert body, table
        assert not CODE_WORD.search(",".join(header)) and not CODE_WORD.search(str(body))
        assert "Inspections counted" in header and "Framework" in header
        counted = {row[header.index("Inspections counted")] for row in body}
        assert counted == {f"Rated {rating} overall"}
        assert {row[header.index("Framework")] for row in body} == {
            "Inspection of youth justice services (2021 standards)"
        }
        workbook = openpyxl.load_workbook(
            io.BytesIO(client.get(f"/national/dashboard/{table}.xlsx?{query}").content)
        )
        sheet = workbook.worksheets[0]
        assert [c.value for c in sheet[1]] == header
        assert sheet.max_row == len(rows)
        about = " ".join(str(r[0].value) for r in workbook["About"].iter_rows())
        assert f"rated {rating} overall" in about and "fewer than 5" in about


def test_the_dashboard_defaults_to_the_latest_year(history: None, analyst: User) -> None:
    latest = aggregates.years()[0]
    page = client_for(analyst).get("/national/dashboard").content.decode()
    assert f"Showing: April {latest} to March {latest + 1}" in page
    counts = (
        PublishedRating.objects.filter(year=latest, standard_id=OVERALL)
        .values("rating")
        .annotate(n=Count("id"))
    )
    assert counts
