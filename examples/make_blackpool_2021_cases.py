"""Write a synthetic case-level sample that reproduces the Blackpool 2021 inspection (004).

004 is HM Inspectorate of Probation's 2021 inspection of Blackpool Youth Justice Service under
the 2018 standards (framework ``iyjs-2018``). It publishes only totals: the % yes of every key
question (domain chapters 2 and 3) and of every prompt (Annexe 2), and the sizes of the samples
and sub-samples (13 court cases, 10 out-of-court cases). This script builds one set of case-level
answers consistent with those totals and writes:

- ``blackpool-2021-cases.csv``: ``case_id,question_id,answer``, one row per case for every key
  question and every prompt of the case's domain (``na`` where not relevant);
- ``blackpool-2021-case-details.csv``: ``case_id,case_type,disposal,gender,ethnicity,rosh,
  safety_wellbeing``, which decide the sub-samples (``low`` safety and wellbeing or risk of
  serious harm puts a case outside them; only youth conditional cautions answer 3.4.2).

The data is synthetic: no real child. Case ids (C01-C13 court, O01-O10 out of court) and every
detail are invented; only the totals come from 004. The files hold no names, dates or offences.

Every key question count equals 004's (e.g. 2.2.3: 6 of 11 = 55%), and so do 004's sub-sample
sizes (court: 11 children for keeping the child safe, 12 for keeping others safe; out of court:
7 and 6; 3 youth conditional cautions). Where 004's text gives a prompt's figures they are used
(e.g. 2.1.1f: 8 of the 12 cases with an identifiable victim; 2.2.2d: 6 of 11 with no effective
contingency plan; 3.2.1g: 8 of 9). Every prompt's % yes equals Annexe 2 except:

- 2.3.3a (Annexe 2: 73%, which needs 8 of 11): 2.3.3 has only 10 relevant cases (7 of 10 = 70%
  in the chapter), and a prompt is not answered where its key question is not, so no count of
  10 or fewer rounds to 73%. 6 of 8 = 75% is used (5 of 7 = 71% is as near).

A case answering no to a key question answers no to at least one of its prompts, and a case
answering yes answers more prompts yes than no, with one exception the figures force: 3.1.3 is
9 of 10 but 3.1.3a is 5 of 7 and 3.1.3b 10 of 10, so O06 answers 3.1.3 yes, 3.1.3a no, 3.1.3b yes.

Run ``python examples/make_blackpool_2021_cases.py [OUTPUT_DIR]``; the default is this folder.
The output is deterministic: the same bytes on every run.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

CASES_FILE = "blackpool-2021-cases.csv"
DETAILS_FILE = "blackpool-2021-case-details.csv"
ANSWER_COLUMNS = ("case_id", "question_id", "answer")
DETAIL_COLUMNS = (
    "case_id",
    "case_type",
    "disposal",
    "gender",
    "ethnicity",
    "rosh",
    "safety_wellbeing",
)

# -- the cases -------------------------------------------------------------------------------

YRO = "youth_rehabilitation_order"
RO = "referral_order"
YCC = "youth_conditional_caution"
YC = "youth_caution"
CR = "community_resolution"

# case_id: (disposal, gender, ethnicity, rosh, safety_wellbeing)
Details = tuple[str, str, str, str, str]
COURT_CASES: dict[str, Details] = {
    "C01": (YRO, "male", "white", "high", "high"),
    "C02": (YRO, "male", "white", "high", "medium"),
    "C03": (YRO, "female", "white", "high", "medium"),
    "C04": (YRO, "male", "white", "medium", "medium"),
    "C05": (RO, "male", "white", "medium", "medium"),
    "C06": (YRO, "male", "white", "medium", "high"),
    "C07": (YRO, "male", "white", "medium", "medium"),
    "C08": (RO, "male", "mixed", "medium", "medium"),
    "C09": (RO, "female", "white", "medium", "high"),
    "C10": (YRO, "male", "white", "medium", "medium"),
    "C11": (RO, "male", "white", "medium", "medium"),
    "C12": (RO, "male", "white", "low", "low"),
    "C13": (RO, "male", "white", "medium", "low"),
}
OUT_OF_COURT_CASES: dict[str, Details] = {
    "O01": (YCC, "male", "white", "medium", "high"),
    "O02": (YCC, "male", "white", "high", "medium"),
    "O03": (YCC, "male", "mixed", "medium", "medium"),
    "O04": (YC, "male", "white", "medium", "medium"),
    "O05": (YC, "male", "white", "medium", "high"),
    "O06": (YC, "female", "white", "medium", "medium"),
    "O07": (YC, "male", "white", "low", "medium"),
    "O08": (YC, "male", "white", "low", "low"),
    "O09": (CR, "male", "white", "low", "low"),
    "O10": (CR, "male", "white", "low", "low"),
}

# -- the questions (iyjs-2018): key question id -> its prompt letters ------------------------

COURT_QUESTIONS = {
    "2.1.1": "abcdefg",
    "2.1.2": "abc",
    "2.1.3": "abc",
    "2.2.1": "abcdef",
    "2.2.2": "abcd",
    "2.2.3": "abcde",
    "2.3.1": "abcdefg",
    "2.3.2": "ab",
    "2.3.3": "abc",
    "2.4.1": "abcde",
    "2.4.2": "abc",
    "2.4.3": "abcd",
}
OUT_OF_COURT_QUESTIONS = {
    "3.1.1": "abcdefg",
    "3.1.2": "ab",
    "3.1.3": "ab",
    "3.2.1": "abcdefg",
    "3.2.2": "abc",
    "3.2.3": "abcd",
    "3.3.1": "abcde",
    "3.3.2": "ab",
    "3.3.3": "ab",
    "3.4.1": "abcdef",
    "3.4.2": "ab",
}

# Key questions asked only of a sub-sample, by the case detail that decides membership.
CHILD_SAFETY = frozenset({"2.2.2", "2.3.2", "2.4.2", "3.2.2", "3.3.2"})  # safety_wellbeing
OTHERS_SAFETY = frozenset({"2.2.3", "2.3.3", "2.4.3", "3.2.3", "3.3.3"})  # rosh
CONDITIONAL_CAUTION_ONLY = frozenset({"3.4.2"})  # disposal

NO_PLAN = "no plan of work was due in the period inspected"
NO_DELIVERY = "no delivery of services was due in the period inspected"
NO_REVIEW = "no review was necessary in the period inspected"
NO_ROSH_REVIEW = "reviewed, but no factors of risk of harm to others needed reviewing"

# Key questions a case answers na although it is inside their sub-sample (or that have no
# sub-sample but a not_applicable_when in the framework), with the reason.
EXTRA_NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "C04": {"2.4.3": NO_ROSH_REVIEW},
    "C05": {"2.4.3": NO_ROSH_REVIEW},
    "C06": {"2.4.3": NO_ROSH_REVIEW},
    "C07": {"2.4.3": NO_ROSH_REVIEW},
    "C08": {
        "2.3.3": "no meaningful work to keep other people safe was due in delivery",
        "2.4.3": NO_ROSH_REVIEW,
    },
    "C09": {"2.4.1": NO_REVIEW, "2.4.2": NO_REVIEW, "2.4.3": NO_REVIEW},
    "C10": {"2.4.1": NO_REVIEW, "2.4.2": NO_REVIEW, "2.4.3": NO_REVIEW},
    "C11": {"2.4.1": NO_REVIEW, "2.4.2": NO_REVIEW, "2.4.3": NO_REVIEW},
    "C13": {
        "2.2.1": NO_PLAN,
        "2.2.3": NO_PLAN,
        "2.3.1": NO_DELIVERY,
        "2.3.3": NO_DELIVERY,
        "2.4.1": NO_REVIEW,
        "2.4.3": NO_REVIEW,
    },
}

# -- the answers: for each question, the cases answering "no" and the extra "na" cases ------
# Everything else is "yes", except that a prompt is "na" wherever its key question is.
# Comments give yes/relevant and the % yes (Annexe 2 for prompts).

KEY_QUESTION_NO = {
    "2.1.1": "C05 C07",  # 11/13 = 85%
    "2.1.2": "C06",  # 12/13 = 92%
    "2.1.3": "C04 C06 C10",  # 10/13 = 77%
    "2.2.1": "C05 C07 C11",  # 9/12 = 75%
    "2.2.2": "C06 C09",  # 9/11 = 82%
    "2.2.3": "C04 C06 C07 C10 C11",  # 6/11 = 55%
    "2.3.1": "C05 C07",  # 10/12 = 83%
    "2.3.2": "C06",  # 10/11 = 91%
    "2.3.3": "C04 C07 C10",  # 7/10 = 70%
    "2.4.1": "",  # 9/9 = 100%
    "2.4.2": "",  # 8/8 = 100%
    "2.4.3": "",  # 3/3 = 100%
    "3.1.1": "O05 O07",  # 8/10 = 80%
    "3.1.2": "O05 O06",  # 8/10 = 80%
    "3.1.3": "O04",  # 9/10 = 90%
    "3.2.1": "O05 O07",  # 8/10 = 80%
    "3.2.2": "O05 O06",  # 5/7 = 71%
    "3.2.3": "O04 O06",  # 4/6 = 67%
    "3.3.1": "O07",  # 9/10 = 90%
    "3.3.2": "O05 O06",  # 5/7 = 71%
    "3.3.3": "O04 O06",  # 4/6 = 67%
    "3.4.1": "",  # 10/10 = 100%
    "3.4.2": "",  # 3/3 = 100%
}

# prompt id: (cases answering no, extra cases answering na)
PROMPTS: dict[str, tuple[str, str]] = {
    "2.1.1a": ("C05 C07", ""),  # 11/13 = 85%
    "2.1.1b": ("C05 C11", ""),  # 11/13 = 85%
    "2.1.1c": ("C07 C10", ""),  # 11/13 = 85%
    "2.1.1d": ("C05 C07", "C03"),  # 10/12 = 83%
    "2.1.1e": ("C05", ""),  # 12/13 = 92%
    "2.1.1f": ("C04 C07 C09 C11", "C13"),  # 8/12 = 67% (C13: no identifiable victim)
    "2.1.1g": ("C05 C06 C10", ""),  # 10/13 = 77%
    "2.1.2a": ("C06 C09 C11", ""),  # 10/13 = 77%
    "2.1.2b": ("C06", ""),  # 12/13 = 92%
    "2.1.2c": ("C06", ""),  # 12/13 = 92%
    "2.1.3a": ("C04 C06 C10", "C08 C12"),  # 8/11 = 73%
    "2.1.3b": ("C06", "C12 C13"),  # 10/11 = 91%
    "2.1.3c": ("C04 C10", "C08 C13"),  # 9/11 = 82%
    "2.2.1a": ("C05 C07", ""),  # 10/12 = 83%
    "2.2.1b": ("C05 C07 C11", ""),  # 9/12 = 75%
    "2.2.1c": ("C07 C11", "C12"),  # 9/11 = 82%
    "2.2.1d": ("C04 C05 C11", ""),  # 9/12 = 75%
    "2.2.1e": ("C04 C07 C09 C11", ""),  # 8/12 = 67%
    "2.2.1f": ("C05", ""),  # 11/12 = 92%
    "2.2.2a": ("C06 C09", ""),  # 9/11 = 82%
    "2.2.2b": ("C09", "C03"),  # 9/10 = 90%
    "2.2.2c": ("C06", ""),  # 10/11 = 91%
    "2.2.2d": ("C02 C05 C06 C08 C09 C10", ""),  # 5/11 = 45%
    "2.2.3a": ("C04 C06 C10", ""),  # 8/11 = 73%
    "2.2.3b": ("", "C05 C08 C09"),  # 8/8 = 100%
    "2.2.3c": ("C04 C07 C11", "C08"),  # 7/10 = 70%
    "2.2.3d": ("C04 C06 C07 C11", ""),  # 7/11 = 64%
    "2.2.3e": ("C02 C04 C05 C06 C07 C10 C11", ""),  # 4/11 = 36%
    "2.3.1a": ("C05 C07", ""),  # 10/12 = 83%
    "2.3.1b": ("C07", ""),  # 11/12 = 92%
    "2.3.1c": ("", ""),  # 12/12 = 100%
    "2.3.1d": ("C05 C11", ""),  # 10/12 = 83%
    "2.3.1e": ("C05", ""),  # 11/12 = 92%
    "2.3.1f": ("C07", ""),  # 11/12 = 92%
    "2.3.1g": ("", "C01 C02 C03 C06 C08 C09 C12"),  # 5/5 = 100% (enforcement needed in 5)
    "2.3.2a": ("C06", ""),  # 10/11 = 91%
    "2.3.2b": ("", "C03"),  # 10/10 = 100%
    "2.3.3a": ("C04 C07", "C02 C09"),  # 6/8 = 75% (Annexe 2: 73%, out of reach)
    "2.3.3b": ("C04 C07 C10", "C02 C09"),  # 5/8 = 63%
    "2.3.3c": ("", "C03 C11"),  # 8/8 = 100%
    "2.4.1a": ("", ""),  # 9/9 = 100%
    "2.4.1b": ("", ""),  # 9/9 = 100%
    "2.4.1c": ("", ""),  # 9/9 = 100%
    "2.4.1d": ("", ""),  # 9/9 = 100%
    "2.4.1e": ("", ""),  # 9/9 = 100%
    "2.4.2a": ("", ""),  # 8/8 = 100%
    "2.4.2b": ("", ""),  # 8/8 = 100%
    "2.4.2c": ("", ""),  # 8/8 = 100%
    "2.4.3a": ("", ""),  # 3/3 = 100%
    "2.4.3b": ("", ""),  # 3/3 = 100%
    "2.4.3c": ("C02", ""),  # 2/3 = 67%
    "2.4.3d": ("", ""),  # 3/3 = 100%
    "3.1.1a": ("", ""),  # 10/10 = 100%
    "3.1.1b": ("O05 O07", ""),  # 8/10 = 80%
    "3.1.1c": ("O03 O05", ""),  # 8/10 = 80%
    "3.1.1d": ("O05 O07", "O10"),  # 7/9 = 78%
    "3.1.1e": ("O07 O08", ""),  # 8/10 = 80%
    "3.1.1f": ("", "O09 O10"),  # 8/8 = 100%
    "3.1.1g": ("", ""),  # 10/10 = 100%
    "3.1.2a": ("O05 O06", ""),  # 8/10 = 80%
    "3.1.2b": ("O05 O06", ""),  # 8/10 = 80%
    "3.1.3a": ("O04 O06", "O08 O09 O10"),  # 5/7 = 71% (O06: the one yes case with a no)
    "3.1.3b": ("", ""),  # 10/10 = 100%
    "3.2.1a": ("O07", ""),  # 9/10 = 90%
    "3.2.1b": ("O05 O07", ""),  # 8/10 = 80%
    "3.2.1c": ("O05", ""),  # 9/10 = 90%
    "3.2.1d": ("O05 O07", ""),  # 8/10 = 80%
    "3.2.1e": ("O07", ""),  # 9/10 = 90%
    "3.2.1f": ("", "O09 O10"),  # 8/8 = 100%
    "3.2.1g": ("O05", "O08"),  # 8/9 = 89%
    "3.2.2a": ("O05 O06", ""),  # 5/7 = 71%
    "3.2.2b": ("O03 O05", ""),  # 5/7 = 71%
    "3.2.2c": ("O02 O05 O06", ""),  # 4/7 = 57%
    "3.2.3a": ("", ""),  # 6/6 = 100%
    "3.2.3b": ("O06", "O05"),  # 4/5 = 80%
    "3.2.3c": ("O04", "O03"),  # 4/5 = 80%
    "3.2.3d": ("O04", ""),  # 5/6 = 83%
    "3.3.1a": ("O07", ""),  # 9/10 = 90%
    "3.3.1b": ("O05 O07", ""),  # 8/10 = 80%
    "3.3.1c": ("O06", ""),  # 9/10 = 90%
    "3.3.1d": ("O07", ""),  # 9/10 = 90%
    "3.3.1e": ("O05", ""),  # 9/10 = 90%
    "3.3.2a": ("O05 O06", ""),  # 5/7 = 71%
    "3.3.2b": ("O05 O06", "O07"),  # 4/6 = 67%
    "3.3.3a": ("O04 O06", ""),  # 4/6 = 67%
    "3.3.3b": ("O04 O06", ""),  # 4/6 = 67%
    "3.4.1a": ("", ""),  # 10/10 = 100%
    "3.4.1b": ("O08", ""),  # 9/10 = 90%
    "3.4.1c": ("", ""),  # 10/10 = 100%
    "3.4.1d": ("", ""),  # 10/10 = 100%
    "3.4.1e": ("O02 O09", ""),  # 8/10 = 80%
    "3.4.1f": ("", ""),  # 10/10 = 100%
    "3.4.2a": ("", ""),  # 3/3 = 100%
    "3.4.2b": ("", ""),  # 3/3 = 100%
}

# -- building the rows ---------------------------------------------------------------------


def in_sub_sample(kq_id: str, details: Details) -> bool:
    """Whether the case's details put it in the sub-sample the key question is asked of."""
    disposal, _gender, _ethnicity, rosh, safety_wellbeing = details
    if kq_id in CHILD_SAFETY:
        return safety_wellbeing != "low"
    if kq_id in OTHERS_SAFETY:
        return rosh != "low"
    if kq_id in CONDITIONAL_CAUTION_ONLY:
        return disposal == YCC
    return True


def key_question_answer(case_id: str, kq_id: str, details: Details) -> str:
    no_cases = KEY_QUESTION_NO[kq_id].split()
    if not in_sub_sample(kq_id, details) or kq_id in EXTRA_NOT_APPLICABLE.get(case_id, {}):
        if case_id in no_cases:
            raise ValueError(f"{kq_id}: {case_id} answers no where the question is not relevant")
        return "na"
    return "no" if case_id in no_cases else "yes"


def prompt_answer(case_id: str, prompt_id: str, kq_answer: str) -> str:
    no_cases, na_cases = (part.split() for part in PROMPTS[prompt_id])
    if case_id in no_cases and (kq_answer == "na" or case_id in na_cases):
        raise ValueError(f"{prompt_id}: {case_id} answers no where the prompt is not relevant")
    if kq_answer == "na" or case_id in na_cases:
        return "na"
    return "no" if case_id in no_cases else "yes"


def answer_rows(cases: dict[str, Details], questions: dict[str, str]) -> list[tuple[str, ...]]:
    """One row per case for every key question and prompt, in framework order."""
    rows: list[tuple[str, ...]] = []
    for case_id, details in cases.items():
        for kq_id, letters in questions.items():
            kq_answer = key_question_answer(case_id, kq_id, details)
            rows.append((case_id, kq_id, kq_answer))
            for letter in letters:
                prompt_id = kq_id + letter
                rows.append((case_id, prompt_id, prompt_answer(case_id, prompt_id, kq_answer)))
    return rows


def detail_rows() -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for case_type, cases in (("court", COURT_CASES), ("out_of_court", OUT_OF_COURT_CASES)):
        rows += [(case_id, case_type, *details) for case_id, details in cases.items()]
    return rows


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output_dir",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="folder to write the two CSV files to (default: this script's folder)",
    )
    output_dir: Path = parser.parse_args(argv).output_dir
    output_dir.mkdir(parents=True, exist_ok=True)
    answers = answer_rows(COURT_CASES, COURT_QUESTIONS)
    answers += answer_rows(OUT_OF_COURT_CASES, OUT_OF_COURT_QUESTIONS)
    write_csv(output_dir / CASES_FILE, ANSWER_COLUMNS, answers)
    write_csv(output_dir / DETAILS_FILE, DETAIL_COLUMNS, detail_rows())


if __name__ == "__main__":
    main()
