"""Words for people: the one place where the core's code words (kept in JSON and files) turn
into the plain English people read in pages, CLI tables, exports and reports.

Framework vocabularies (case types, disposals, sub-samples) carry their own names in the
framework file; :func:`plain` falls back to them through :func:`framework_words`.
"""

from __future__ import annotations

from collections.abc import Mapping

from yjinspect.framework import Framework

# discretion flags (yjinspect.rating), as a panel reads them
FLAG_TITLES: Mapping[str, str] = {
    "near_boundary": "Near a band boundary",
    "one_case_changes_rating": "One case would change the rating",
    "small_sample": "Few cases",
}

# the case details sampling and sub-samples use (yjinspect.cases, sampling's attributes)
FIELD_NAMES: Mapping[str, str] = {
    "case_ref": "Case reference",
    "case_type": "Case type",
    "disposal": "Disposal",
    "start_date": "Start date",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "rosh": "Risk of serious harm",
    "safety_wellbeing": "Safety and wellbeing",
}

# how the core and the workspace name review states, roles and other recurring codes
COMMON: Mapping[str, str] = {
    "in_progress": "In progress",
    "submitted": "Submitted",
    "quality_assured": "Quality-assured",
    "locked": "Locked",
    "withdrawn": "Withdrawn",
    "key_questions": "Key questions",
    "judgement": "Judgement",
    "court": "Court",
    "out_of_court": "Out-of-court",
    "very high": "Very high",
    "na": "Not applicable",
    "yes": "Yes",
    "no": "No",
}


def framework_words(framework: Framework) -> dict[str, str]:
    """The framework's own names for its case types, disposals and sub-samples."""
    words: dict[str, str] = {}
    for case_type in framework.case_types:
        words[case_type.id] = case_type.name
        for disposal in case_type.disposals:
            words[disposal.id] = disposal.name
    for sub_sample in framework.sub_samples:
        words[sub_sample.id] = sub_sample.name
    return words


def plain(code: object, framework: Framework | None = None) -> str:
    """The words for a code: a flag, a case detail, a state, the framework's own name for it;
    otherwise the code with its underscores as spaces, first letter capital."""
    text = "" if code is None else str(code)
    tables = [FLAG_TITLES, FIELD_NAMES, COMMON]
    if framework is not None:
        tables.insert(2, framework_words(framework))
    for table in tables:
        if text in table:
            return table[text]
    if not text:
        return text
    spaced = text.replace("_", " ")
    return spaced[:1].upper() + spaced[1:]


def flag_title(name: str) -> str:
    return FLAG_TITLES.get(name, plain(name))
