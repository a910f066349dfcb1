"""A case's details and which questions of a framework apply to it.

The categories are those 004 Annexe 1 balances a sample by (gender, case type or disposal, risk
of serious harm, safety and wellbeing) plus ethnicity. Which key questions a case answers
follows from its case type (the domain's case types) and, for a key question with a sub-sample,
from the sub-sample's criterion unless an inspector decided otherwise with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from yjinspect.framework import RISK_LEVELS as RISK_LEVELS
from yjinspect.framework import Framework, KeyQuestion, Standard, SubSample

GENDERS = ("male", "female", "other", "not recorded")
ETHNICITIES = ("white", "mixed", "asian", "black", "other", "not recorded")

CASE_REFERENCE_HELP = (
    "A reference that identifies no child: letters, digits, '-', '/' or '_', including at least "
    "one digit (for example C01 or YJ-2021-014). Never a name."
)


def valid_case_reference(reference: str) -> bool:
    """A short code with at least one digit, so it cannot be a name."""
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/_")
    return (
        1 <= len(reference) <= 32
        and set(reference) <= allowed
        and any(ch.isdigit() for ch in reference)
    )


@dataclass(frozen=True, slots=True)
class CaseProfile:
    """The details of a case that decide which questions apply to it."""

    case_type: str
    disposal: str = ""
    rosh: str = ""
    safety_wellbeing: str = ""

    def attribute(self, name: str) -> str:
        return str(getattr(self, name))


def in_sub_sample_by_default(sub_sample: SubSample, profile: CaseProfile) -> bool:
    """Membership that follows from the case's details (004, Annexe 1)."""
    if sub_sample.criterion is None:
        return True
    return profile.attribute(sub_sample.criterion.attribute) in sub_sample.criterion.values


def standards_for_case(framework: Framework, case_type: str) -> tuple[Standard, ...]:
    """The standards with key questions asked of this case type, in framework order."""
    return tuple(
        standard
        for domain in framework.domains
        if case_type in domain.case_types
        for standard in domain.standards
        if standard.key_questions
    )


@dataclass(frozen=True, slots=True)
class Applicability:
    """Whether a key question is asked of a case, and why."""

    key_question: KeyQuestion
    asked: bool
    reason: str
    overridden: bool = False


def key_question_applicability(
    framework: Framework,
    profile: CaseProfile,
    overrides: Mapping[str, tuple[bool, str]] | None = None,
) -> list[Applicability]:
    """Every key question of the case's domains with whether it is asked and why.

    ``overrides`` maps a sub-sample id to (included, reason) as decided by the inspector.
    """
    overrides = overrides or {}
    found: list[Applicability] = []
    for standard in standards_for_case(framework, profile.case_type):
        for kq in standard.key_questions:
            if kq.sub_sample is None:
                found.append(Applicability(kq, True, "asked of every case of this type"))
                continue
            sub_sample = framework.sub_sample(kq.sub_sample)
            if sub_sample.id in overrides:
                included, reason = overrides[sub_sample.id]
                verdict = "in" if included else "not in"
                found.append(
                    Applicability(
                        kq, included, f"{verdict} '{sub_sample.name}': {reason}", overridden=True
                    )
                )
                continue
            included = in_sub_sample_by_default(sub_sample, profile)
            verdict = "in" if included else "not in"
            found.append(
                Applicability(kq, included, f"{verdict} '{sub_sample.name}' by the case's details")
            )
    return found


def sub_samples_for_case(framework: Framework, case_type: str) -> tuple[SubSample, ...]:
    """The sub-samples used by the key questions asked of this case type."""
    ids: list[str] = []
    for standard in standards_for_case(framework, case_type):
        for kq in standard.key_questions:
            if kq.sub_sample is not None and kq.sub_sample not in ids:
                ids.append(kq.sub_sample)
    return tuple(framework.sub_sample(sub_sample_id) for sub_sample_id in ids)


def asked_question_ids(
    framework: Framework,
    profile: CaseProfile,
    overrides: Mapping[str, tuple[bool, str]] | None = None,
) -> frozenset[str]:
    """The key questions asked of a case and their prompts: only answers to these count."""
    asked: set[str] = set()
    for applicability in key_question_applicability(framework, profile, overrides):
        if applicability.asked:
            kq = applicability.key_question
            asked.add(kq.id)
            asked.update(prompt.id for prompt in kq.prompts)
    return frozenset(asked)
