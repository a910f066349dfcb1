"""``yjinspect national generate``: a synthetic national history, every row marked synthetic,
each inspection rated by the core's rules into the national record, the same for a seed."""

from __future__ import annotations

from collections import Counter

import pytest

from cli_runner import run
from yjinspect.errors import InputError
from yjinspect.national import inspection_year
from yjinspect_web.national.generate import generate, plan_history
from yjinspect_web.national.models import OVERALL, PublishedRating
from yjinspect_web.national.scale import Scale
from yjinspect_web.workspace.models import Answer, Case, Inspection, Service
from yjinspect_web.workspace.services import inspection_result

pytestmark = pytest.mark.django_db

SMALL = Scale(services=4, inspections=3, cases=12, seed=5)


def test_every_generated_row_is_synthetic_and_counted() -> None:
    made = generate(SMALL)
    assert (made.services, made.inspections, made.cases) == (4, 12, 144)
    assert Service.objects.filter(synthetic=True).count() == 4
    assert Inspection.objects.filter(synthetic=True, ratings_locked=True).count() == 12
    assert Case.objects.filter(synthetic=True, state=Case.State.LOCKED).count() == 144
    assert Answer.objects.filter(case__synthetic=True).count() == made.answers > 144 * 30
    assert not Case.objects.filter(synthetic=False).exists()
    assert PublishedRating.objects.count() == made.ratings
    assert set(PublishedRating.objects.values_list("synthetic", flat=True)) == {True}


def test_the_national_record_holds_the_workspace_ratings() -> None:
    """Each generated inspection's rows are the ratings the workspace itself gives it (its
    dashboard's rules over the same answers)."""
    generate(SMALL)
    for inspection in Inspection.objects.filter(synthetic=True):
        result = inspection_result(inspection)
        rows = {
            r.standard_id: (r.rating, r.points, r.year)
            for r in PublishedRating.objects.filter(inspection=inspection)
        }
        year = rows[OVERALL][2]
        assert year == inspection_year(
            PublishedRating.objects.get(inspection=inspection, standard_id=OVERALL).published_on
        )
        assert rows[OVERALL][:2] == (result.overall_rating, result.score)
        for standard in result.standards:
            assert rows[standard.id][:2] == (standard.rating, standard.score)


def test_the_same_seed_gives_the_same_history_and_another_seed_another() -> None:
    def answers(seed: int) -> list[list[tuple[str, str]]]:
        plans = plan_history(Scale(services=2, inspections=2, cases=5, seed=seed))
        return [row for plan in plans for row in plan.answers]

    assert answers(3) == answers(3)
    assert answers(3) != answers(4)


def test_ratings_spread_across_the_bands() -> None:
    """Answers vary by service and question enough that the overall ratings differ."""
    generate(Scale(services=12, inspections=2, cases=20, seed=2))
    overall = Counter(
        PublishedRating.objects.filter(standard_id=OVERALL).values_list("rating", flat=True)
    )
    assert len(overall) >= 3, overall
    standards = Counter(
        PublishedRating.objects.exclude(standard_id=OVERALL).values_list("rating", flat=True)
    )
    assert set(standards) == {"Outstanding", "Good", "Requires improvement", "Inadequate"}


def test_a_second_history_is_refused_changing_nothing() -> None:
    generate(SMALL)
    answers = Answer.objects.count()
    with pytest.raises(InputError, match="already holds a synthetic national history"):
        generate(SMALL)
    assert Answer.objects.count() == answers
    assert Service.objects.count() == 4


@pytest.mark.parametrize(
    ("option", "value"), [("--services", "0"), ("--inspections", "21"), ("--cases", "201")]
)
def test_the_command_refuses_figures_out_of_range(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    status, _, err = run(capsys, "national", "generate", option, value)
    assert status == 2
    assert err.startswith("yjinspect: error: ") and option in err
    assert not Service.objects.exists()


def test_the_command_generates_with_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "national", "generate", "--services", "2", "--inspections", "2", "--cases", "5"
    )
    assert status == 0
    assert "2 services, 4 inspections, 20 cases" in " ".join(out.split())
    assert Inspection.objects.filter(synthetic=True).count() == 4
