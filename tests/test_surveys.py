"""Surveys: shares from counts (rounded half up, never without their count), typed shares
checked against their counts, comparison with the last inspection's same question, and the
files surveys are read from. Synthetic figures, shaped as 004's staff survey and 002's
participation."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjinspect.errors import FileProblems, InputError
from yjinspect.limits import Limits
from yjinspect.rating import percent_yes
from yjinspect.surveys import (
    Group,
    OptionCount,
    Share,
    Survey,
    SurveyQuestion,
    check_share,
    compare,
    kind_of,
    parse_group_lines,
    parse_option_lines,
    read_survey_file,
    read_surveys,
    survey_from_data,
    survey_to_data,
    surveys_from_data,
)

SUPERVISION = "How would you rate the supervision you receive?"
POOR = Group("Poor or very poor", ("Poor", "Very poor"))
GOOD = Group("Quite good or very good", ("Very good", "Quite good"))


def supervision(counts: tuple[int, int, int, int], text: str = SUPERVISION) -> SurveyQuestion:
    labels = ("Very good", "Quite good", "Poor", "Very poor")
    options = tuple(OptionCount(label, n) for label, n in zip(labels, counts, strict=True))
    return SurveyQuestion("supervision", text, options, (GOOD, POOR))


def test_a_share_is_its_count_of_the_answers_rounded_half_up() -> None:
    question = supervision((2, 5, 3, 2))
    assert question.responses == 12
    poor = question.group_share(POOR)
    assert (poor.count, poor.of, poor.percent) == (5, 12, 42)  # 41.67 -> 42
    assert str(poor) == "5 of 12 (42%)"
    assert Share(1, 8).percent == 13  # 12.5 -> 13, half up as the ratings
    assert Share(0, 0).percent is None and str(Share(0, 0)) == "0 of 0"
    assert [label for label, _ in question.rows()] == [
        "Very good", "Quite good", "Poor", "Very poor", "Quite good or very good",
        "Poor or very poor",
    ]  # fmt: skip


@given(st.lists(st.integers(0, 500), min_size=1, max_size=8))
def test_every_share_is_the_ratings_rounding_of_its_count(counts: list[int]) -> None:
    options = tuple(OptionCount(f"option {i}", n) for i, n in enumerate(counts))
    question = SurveyQuestion("q", "A question", options)
    for label, share in question.rows():
        assert share.of == sum(counts)
        assert share.count == counts[int(label.split()[1])]
        expected = percent_yes(share.count, share.of) if share.of else None
        assert share.percent == expected


def test_a_typed_share_that_disagrees_is_refused_with_both_figures() -> None:
    check_share("Poor", 5, 12, 42)
    with pytest.raises(InputError, match=r"Poor: 41% typed, but 5 of 12 is 42%"):
        check_share("Poor", 5, 12, 41)
    with pytest.raises(InputError, match="nobody answered"):
        check_share("Poor", 0, 0, 0)


def test_comparison_matches_the_same_question_and_its_options() -> None:
    before = Survey("staff", (supervision((2, 5, 3, 2)),), took_part=17)
    now = Survey("staff", (supervision((8, 5, 0, 0)),), took_part=13)
    (compared,) = compare(now, before)
    assert compared.previous is not None
    rows = {row.label: row for row in compared.rows}
    poor = rows["Poor or very poor"]
    assert (str(poor.now), str(poor.then), poor.points) == ("0 of 13 (0%)", "5 of 12 (42%)", -42)
    assert rows["Quite good or very good"].points == 100 - 58


def test_a_question_asked_in_other_words_is_not_compared() -> None:
    before = Survey("staff", (supervision((2, 5, 3, 2), "Is your supervision good?"),))
    now = Survey("staff", (supervision((8, 5, 0, 0)),))
    (compared,) = compare(now, before)
    assert compared.previous is None
    assert all(row.then is None and row.points is None for row in compared.rows)
    assert compare(now, None)[0].previous is None


def test_the_same_words_under_another_id_are_the_same_question() -> None:
    renamed = SurveyQuestion("q7", " how would you rate the  supervision you receive? ",
                             supervision((1, 1, 1, 1)).options)  # fmt: skip
    (compared,) = compare(Survey("staff", (supervision((8, 5, 0, 0)),)),
                          Survey("staff", (renamed,)))  # fmt: skip
    assert compared.previous is renamed
    rows = {row.label: row for row in compared.rows}
    assert rows["Poor or very poor"].then is None  # no such headline then, nothing invented
    assert str(rows["Poor"].then) == "1 of 4 (25%)"


def test_participation_002() -> None:
    children = Survey("children", took_part=5)
    assert children.participation is None
    assert children.participation_text() == "5 children took part"
    staff = Survey("staff", took_part=12, invited=15)
    assert staff.participation_text() == "12 staff took part of 15 asked (80%)"
    assert Survey("victims").participation_text() == "Not recorded"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Survey("pupils"), "unknown survey"),
        (lambda: Survey("staff", took_part=9, invited=8), "9 took part but only 8 were asked"),
        (lambda: Survey("staff", (supervision((2, 5, 3, 2)),), took_part=10),
         "12 answers, but only 10 took part"),
        (lambda: Survey("staff", (supervision((1, 1, 1, 1)), supervision((1, 1, 1, 1)))),
         "given twice"),
        (lambda: SurveyQuestion("q", "Text", ()), "at least one response option"),
        (lambda: SurveyQuestion("q", "", (OptionCount("A", 1),)), "needs its text"),
        (lambda: SurveyQuestion("q", "T", (OptionCount("A", 1), OptionCount("a", 2))),
         "given twice"),
        (lambda: SurveyQuestion("q", "T", (OptionCount("A", -1),)), "whole number"),
        (lambda: SurveyQuestion("q", "T", (OptionCount("A", 1),), (Group("G", ("B",)),)),
         "'B' is not one of the question's options"),
    ],
)  # fmt: skip
def test_impossible_surveys_are_refused(make: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        make()  # type: ignore[operator]


def test_kinds_are_read_from_codes_or_words() -> None:
    assert kind_of("Staff survey") == "staff"
    assert kind_of("parents_carers") == kind_of("Parents' and carers' survey") == "parents_carers"
    assert kind_of("Parents and carers") == "parents_carers"
    assert kind_of(" VICTIMS ") == "victims"
    with pytest.raises(InputError, match="'children', 'parents_carers'"):
        kind_of("pupils")


STAFF_YAML = """
survey: staff
took_part: 17
note: An online survey before the fieldwork
questions:
  - id: supervision
    text: How would you rate the supervision you receive?
    options:
      - {option: Very good, count: 2}
      - {option: Quite good, count: 5}
      - {option: Poor, count: 3, percent: 25}
      - {option: Very poor, count: 2}
    groups:
      Poor or very poor: [Poor, Very poor]
"""


def test_a_yaml_survey_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "staff.yaml"
    path.write_text(STAFF_YAML)
    (survey,) = read_survey_file(path)
    assert survey.kind == "staff" and survey.took_part == 17
    assert str(survey.questions[0].group_share(survey.questions[0].groups[0])) == "5 of 12 (42%)"
    assert survey_from_data(survey_to_data(survey)) == survey


def test_a_yaml_share_that_disagrees_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "staff.yaml"
    path.write_text(STAFF_YAML.replace("percent: 25", "percent: 30"))
    with pytest.raises(InputError, match="Poor: 30% typed, but 3 of 12 is 25%"):
        read_survey_file(path)


def test_several_surveys_in_one_file_each_once() -> None:
    data = {"surveys": [{"survey": "children", "took_part": 5}, {"survey": "parents_carers",
                                                                   "took_part": 3}]}  # fmt: skip
    assert [s.kind for s in surveys_from_data(data)] == ["children", "parents_carers"]
    with pytest.raises(InputError, match="children's survey is given twice"):
        surveys_from_data({"surveys": [{"survey": "children"}, {"survey": "Children"}]})
    with pytest.raises(InputError, match=r"survey 1: .*unknown survey"):
        surveys_from_data({"surveys": [{"survey": "pupils"}]})
    with pytest.raises(InputError, match="took_part"):
        surveys_from_data({"survey": "staff", "took_part": "many"})
    with pytest.raises(InputError, match="a survey file holds"):
        surveys_from_data(["staff"])


CSV = """survey,question_id,question,option,count,percent,group
Staff survey,supervision,Rate your supervision,Very good,2,,
Staff survey,supervision,Rate your supervision,Quite good,5,,
Staff survey,supervision,Rate your supervision,Poor,3,25,Poor or very poor
Staff survey,supervision,Rate your supervision,Very poor,2,17%,Poor or very poor
children,safe,Was the place you were seen safe?,Very safe,4,,
children,safe,Was the place you were seen safe?,Quite safe,1,,
"""


def test_a_csv_of_counts() -> None:
    staff, children = read_surveys("surveys.csv", CSV.encode())
    question = staff.questions[0]
    assert question.groups == (Group("Poor or very poor", ("Poor", "Very poor")),)
    assert str(question.group_share(question.groups[0])) == "5 of 12 (42%)"
    assert children.kind == "children" and children.questions[0].responses == 5


def test_a_csv_with_problems_lists_every_one_by_row() -> None:
    bad = CSV.replace("Poor,3,25,", "Poor,3,30,").replace("Quite safe,1", "Quite safe,one")
    bad += "pupils,x,Y,Z,1,,\n"
    with pytest.raises(FileProblems) as caught:
        read_surveys("surveys.csv", bad.encode())
    problems = [str(p) for p in caught.value.problems]
    assert "row 7, column count: 'one' is not a whole number" in problems
    assert any(p.startswith("row 8, column survey: unknown survey 'pupils'") for p in problems)
    assert "row 4, column percent: Poor: 30% typed, but 3 of 12 is 25%" in problems


def test_a_question_written_two_ways_or_an_option_twice_is_refused() -> None:
    lines = CSV.splitlines()
    twice = "\n".join([*lines, lines[1], lines[5].replace("Was the place", "Was the room")])
    with pytest.raises(FileProblems) as caught:
        read_surveys("surveys.csv", twice.encode())
    problems = [str(p) for p in caught.value.problems]
    assert "row 8, column option: 'Very good' is given twice for question supervision" in problems
    assert any("row 9, column question: question safe is written differently" in p
               for p in problems)  # fmt: skip


def test_an_xlsx_of_counts_and_its_limits() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in CSV.splitlines():
        sheet.append([int(c) if c.isdigit() else c for c in line.split(",")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    staff, _ = read_surveys("surveys.xlsx", buffer.getvalue())
    assert staff.questions[0].responses == 12
    with pytest.raises(InputError, match="limit"):
        read_surveys("surveys.xlsx", buffer.getvalue(), Limits(max_bytes=100))
    with pytest.raises(InputError, match="more than 3 rows"):
        read_surveys("surveys.csv", CSV.encode(), Limits(max_rows=3))


def test_other_files_are_refused_with_one_line() -> None:
    with pytest.raises(InputError, match=r"\.csv, \.xlsx, \.yaml or \.json"):
        read_surveys("surveys.txt", b"x")
    with pytest.raises(InputError, match="missing column"):
        read_surveys("surveys.csv", b"survey,question\nstaff,x\n")
    with pytest.raises(InputError, match="holds no survey"):
        read_surveys("surveys.csv", b"survey,question_id,question,option,count\n")
    with pytest.raises(InputError, match="not valid YAML"):
        read_surveys("surveys.yaml", b"survey: [staff")


def test_options_and_headlines_typed_on_a_form() -> None:
    options, problems = parse_option_lines("Very good | 2\nQuite good | 5\n\nPoor | 3 | 30\n")
    assert problems == [] and [o.count for o in options] == [2, 5, 3]
    _, problems = parse_option_lines("Very good | 2\nPoor | 3 | 50\nNo bar\nBad | x")
    assert problems == [
        "line 3: write it as 'option | count'",
        "line 4: 'x' is not a whole number",
        "line 2: Poor: 50% typed, but 3 of 5 is 60%",
    ]
    groups, problems = parse_group_lines("Poor or very poor | Poor, Very poor\nnothing")
    assert groups == (POOR,) and problems == ["line 2: write it as 'headline | option, option'"]


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_example_staff_surveys_give_004s_figures() -> None:
    (before,) = read_survey_file(EXAMPLES / "surveys-blackpool-2018.yaml")
    (now,) = read_survey_file(EXAMPLES / "surveys-blackpool-2021.yaml")
    rows = {c.question.id: {r.label: r for r in c.rows} for c in compare(now, before)}
    poor = rows["supervision"]["Poor or very poor"]
    assert (str(poor.then), str(poor.now)) == ("5 of 12 (42%)", "0 of 13 (0%)")  # 004
    assert str(rows["supervision"]["Quite good or very good"].now) == "13 of 13 (100%)"
    assert str(rows["skills"]["Fully"].then) == "7 of 17 (41%)"
    assert str(rows["skills"]["At least mostly"].now) == "13 of 13 (100%)"


def test_the_example_participation_gives_002s_figures() -> None:
    children, parents = read_survey_file(EXAMPLES / "surveys-blackpool-2025.yaml")
    assert children.participation_text() == "5 children took part"
    assert parents.participation_text() == "3 parents or carers took part"


def test_the_report_command_shows_surveys_beside_the_previous(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli_runner import run

    status, _, err = run(
        capsys, "report", str(EXAMPLES / "blackpool-2021.json"), "--html", str(tmp_path),
        "--previous", str(EXAMPLES / "blackpool-2018.json"), "--previous-label", "2018",
        "--surveys", str(EXAMPLES / "surveys-blackpool-2021.yaml"),
        "--previous-surveys", str(EXAMPLES / "surveys-blackpool-2018.yaml"),
    )  # fmt: skip
    assert status == 0, err
    html = (tmp_path / "index.html").read_text()
    staff = html[html.index('id="survey-staff"') :]
    assert "0 of 13 (0%)" in staff and "5 of 12 (42%)" in staff and ">2018<" in staff
    status, _, err = run(capsys, "report", str(EXAMPLES / "blackpool-2021.json"), "--html",
                         str(tmp_path), "--previous-surveys", str(tmp_path / "x.yaml"))  # fmt: skip
    assert status == 2 and "--previous-surveys goes with --surveys FILE" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text(STAFF_YAML.replace("percent: 25", "percent: 30"))
    status, _, err = run(capsys, "report", str(EXAMPLES / "blackpool-2021.json"), "--html",
                         str(tmp_path), "--surveys", str(bad))  # fmt: skip
    assert status == 2 and "30% typed, but 3 of 12 is 25%" in err
