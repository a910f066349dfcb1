"""The Inspectorate's rating rules (004 Annexe 1; 002 footnotes 3-6).

Every rule lives here once: % yes and its rounding, bands, the standard's rule rating and its
driving key question, the discretion flags, the panel's replacement rating, and the overall
score and rating. Every result carries the figures and the words that explain it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from yjinspect import statistics
from yjinspect.errors import InputError
from yjinspect.framework import Framework, KeyQuestion, Standard

NOT_RATED = "Not rated"
AS_PUBLISHED = "as published; figures not held"
"""How a rating recorded as published, without the figures behind it, is marked everywhere."""

NEAR_BOUNDARY = "near_boundary"
ONE_CASE_CHANGES_RATING = "one_case_changes_rating"
SMALL_SAMPLE = "small_sample"
NEAR_BOUNDARY_POINTS = 5
SMALL_SAMPLE_MAX_CASES = 5


# -- arithmetic ----------------------------------------------------------------------------


def percent_yes(yes: int, relevant: int) -> int:
    """% yes as a whole number rounded half up, as a spreadsheet's ROUND does (64.5 -> 65).

    Integer arithmetic, so 64.5 is never 64.4999... .
    """
    if relevant <= 0:
        raise ValueError("percent_yes needs at least one relevant case")
    if not 0 <= yes <= relevant:
        raise ValueError("yes must lie between 0 and relevant")
    return (200 * yes + relevant) // (2 * relevant)


def band_for(framework: Framework, percent: int) -> str:
    """The band a rounded key question percentage falls in (004, Annexe 1)."""
    for band in sorted(framework.key_question_bands, key=lambda b: -b.min_percent):
        if percent >= band.min_percent:
            return band.rating
    raise ValueError(f"no band for {percent}%")  # unreachable: bands start at 0


# -- evidence (inputs) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    """Cases answered yes out of the relevant cases (not applicable excluded)."""

    yes: int
    relevant: int

    def __post_init__(self) -> None:
        if self.yes < 0 or self.relevant < 0:
            raise InputError("counts cannot be negative")
        if self.yes > self.relevant:
            raise InputError(f"yes ({self.yes}) exceeds relevant cases ({self.relevant})")

    @property
    def percent(self) -> int | None:
        return percent_yes(self.yes, self.relevant) if self.relevant else None


@dataclass(frozen=True, slots=True)
class KeyQuestionEvidence:
    """A key question's figures: case counts, or a published whole percentage, or both."""

    counts: Counts | None = None
    published_percent: int | None = None

    def __post_init__(self) -> None:
        if self.counts is None and self.published_percent is None:
            raise InputError("give counts (yes, relevant) or a percent")
        if self.published_percent is not None and not 0 <= self.published_percent <= 100:
            raise InputError(f"percent {self.published_percent} is outside 0-100")
        if self.counts is not None and self.published_percent is not None:
            computed = self.counts.percent
            if computed != self.published_percent:
                raise InputError(
                    f"percent {self.published_percent} contradicts {self.counts.yes}/"
                    f"{self.counts.relevant} (= {computed}%)"
                )

    @property
    def percent(self) -> int | None:
        if self.counts is not None:
            return self.counts.percent
        return self.published_percent


@dataclass(frozen=True, slots=True)
class PanelDecision:
    """The ratings panel's rating for a case-based standard, with its recorded rationale."""

    rating: str
    rationale: str

    def __post_init__(self) -> None:
        if not self.rationale.strip():
            raise InputError("a panel rating needs a recorded rationale")


@dataclass(frozen=True, slots=True)
class StandardEvidence:
    judgement: str | None = None
    key_questions: Mapping[str, KeyQuestionEvidence] = field(default_factory=dict)
    prompts: Mapping[str, Counts] = field(default_factory=dict)
    panel: PanelDecision | None = None
    published_rating: str | None = None
    """A case-based standard's rating as published, for when its key question figures are not
    held (a published report's ratings table); checked against any figures given beside it."""


@dataclass(frozen=True, slots=True)
class PublishedOverall:
    """An inspection's overall score and rating as published, when its standards' ratings are
    not held (``yjinspect.national.published_overall`` checks them)."""

    score: int
    rating: str


@dataclass(frozen=True, slots=True)
class InspectionEvidence:
    framework: Framework
    standards: Mapping[str, StandardEvidence]
    service: str = ""
    published_overall: PublishedOverall | None = None


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromptResult:
    id: str
    text: str
    yes: int
    relevant: int
    percent: int | None

    @property
    def confidence(self) -> statistics.Interval | None:
        """The 95% Wilson interval of % yes; None with no relevant case."""
        return statistics.wilson_interval(self.yes, self.relevant) if self.relevant else None


@dataclass(frozen=True, slots=True)
class KeyQuestionResult:
    id: str
    text: str
    yes: int | None
    relevant: int | None
    percent: int | None
    band: str | None
    prompts: tuple[PromptResult, ...] = ()

    @property
    def is_rated(self) -> bool:
        return self.percent is not None

    @property
    def confidence(self) -> statistics.Interval | None:
        """The 95% Wilson interval of % yes; None for a published percent or no relevant case."""
        if self.yes is None or not self.relevant:
            return None
        return statistics.wilson_interval(self.yes, self.relevant)

    @property
    def figures(self) -> str:
        """'6/11 = 55%', '92% (published)', or 'no relevant case'."""
        if self.percent is None:
            return "no relevant case"
        if self.yes is not None and self.relevant is not None:
            return f"{self.yes}/{self.relevant} = {self.percent}%"
        return f"{self.percent}% (published)"


@dataclass(frozen=True, slots=True)
class DiscretionFlag:
    """``name`` is the code (JSON); ``title`` and ``reason`` are what people read."""

    name: str
    reason: str

    @property
    def title(self) -> str:
        from yjinspect.words import flag_title

        return flag_title(self.name)


@dataclass(frozen=True, slots=True)
class StandardResult:
    id: str
    name: str
    rated_by: str
    scored: bool
    rating: str
    rule_rating: str | None
    score: int | None
    driving_key_question: str | None
    discretion_flags: tuple[DiscretionFlag, ...]
    key_questions: tuple[KeyQuestionResult, ...]
    explanation: str
    panel: PanelDecision | None = None
    may_be_unrated: bool = False
    flips_down: int | None = None
    flips_up: int | None = None
    distance: str = ""
    """The flips in plain words: '1 case from the next band down (Inadequate); ...'."""
    as_published: bool = False
    """Rated as published; figures not held (:data:`AS_PUBLISHED`)."""

    @property
    def rating_basis(self) -> str:
        """Where the rating came from, as a code: ``as_published``, ``panel``, ``rule``
        (a case-based standard's key questions) or ``judgement``."""
        if self.as_published:
            return "as_published"
        if self.panel is not None:
            return "panel"
        return "rule" if self.rated_by == "key_questions" else "judgement"

    @property
    def is_rated(self) -> bool:
        return self.rating != NOT_RATED

    @property
    def fragility(self) -> int | None:
        """The fewest changed answers that would change the rule rating either way."""
        return statistics.fragility(self.flips_down, self.flips_up)

    @property
    def flag_names(self) -> tuple[str, ...]:
        return tuple(flag.name for flag in self.discretion_flags)


@dataclass(frozen=True, slots=True)
class InspectionResult:
    framework: Framework
    service: str
    standards: tuple[StandardResult, ...]
    score: int | None
    max_score: int | None
    overall_rating: str | None
    missing_standards: tuple[str, ...]
    explanation: str
    overall_as_published: bool = False
    """The score and overall rating are as published; the standards' ratings are not held."""

    @property
    def overall_provisional(self) -> bool:
        return self.framework.overall_bands_provisional and self.overall_rating not in (
            None,
            NOT_RATED,
        )

    def standard(self, standard_id: str) -> StandardResult:
        for result in self.standards:
            if result.id == standard_id:
                return result
        raise KeyError(standard_id)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of ``yjinspect rate --json``."""
        framework = self.framework
        return {
            "framework": framework.id,
            "framework_name": framework.name,
            "service": self.service,
            "standards": [_standard_dict(framework, s) for s in self.standards],
            "score": self.score,
            "max_score": self.max_score,
            "overall_rating": self.overall_rating,
            "overall_rating_provisional": self.overall_provisional,
            "overall_rating_basis": (
                framework.overall_bands_basis.strip() if self.overall_provisional else None
            ),
            "missing_standards": list(self.missing_standards),
            "overall_as_published": self.overall_as_published,
            "explanation": self.explanation,
        }


def _standard_dict(framework: Framework, result: StandardResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "name": result.name,
        "rated_by": result.rated_by,
        "scored": result.scored,
        "rating": result.rating,
        "rule_rating": result.rule_rating,
        "rating_basis": result.rating_basis,
        "as_published": result.as_published,
        "panel_rating": result.panel.rating if result.panel else None,
        "panel_rationale": result.panel.rationale if result.panel else None,
        "score": result.score,
        "driving_key_question": result.driving_key_question,
        "discretion_flags": list(result.flag_names),
        "discretion_reasons": {flag.name: flag.reason for flag in result.discretion_flags},
        "flips_down": result.flips_down,
        "flips_up": result.flips_up,
        "explanation": result.explanation,
        "key_questions": [
            {
                "id": kq.id,
                "text": kq.text,
                "percent": kq.percent,
                "yes": kq.yes,
                "relevant": kq.relevant,
                "band": kq.band,
                **_strength(framework, kq.yes, kq.relevant),
                "prompts": [
                    {
                        "id": p.id,
                        "text": p.text,
                        "percent": p.percent,
                        "yes": p.yes,
                        "relevant": p.relevant,
                        **_strength(framework, p.yes, p.relevant),
                    }
                    for p in kq.prompts
                ],
            }
            for kq in result.key_questions
        ],
    }


def _strength(framework: Framework, yes: int | None, relevant: int | None) -> dict[str, Any]:
    """``confidence`` and ``band_probabilities`` for figures with counts; null for both when a
    figure is a published percent only or has no relevant case."""
    if yes is None or relevant is None or relevant == 0:
        return {"confidence": None, "band_probabilities": None}
    interval = statistics.wilson_interval(yes, relevant)
    return {
        "confidence": interval.to_dict() if interval else None,
        "band_probabilities": statistics.band_probabilities(framework, yes, relevant),
    }


# -- key questions -------------------------------------------------------------------------


def rate_key_question(
    framework: Framework,
    key_question: KeyQuestion,
    evidence: KeyQuestionEvidence | None,
    prompts: Mapping[str, Counts] | None = None,
) -> KeyQuestionResult:
    """% yes over the relevant cases and its band; no relevant case means not rated."""
    counts = evidence.counts if evidence else None
    percent = evidence.percent if evidence else None
    prompt_results = tuple(
        PromptResult(p.id, p.text, c.yes, c.relevant, c.percent)
        for p in key_question.prompts
        if prompts and (c := prompts.get(p.id)) is not None
    )
    return KeyQuestionResult(
        id=key_question.id,
        text=key_question.text,
        yes=counts.yes if counts else None,
        relevant=counts.relevant if counts else None,
        percent=percent,
        band=band_for(framework, percent) if percent is not None else None,
        prompts=prompt_results,
    )


def _lowest(results: Iterable[KeyQuestionResult]) -> KeyQuestionResult | None:
    """The rated key question with the lowest %; ties go to the first in framework order."""
    lowest: KeyQuestionResult | None = None
    for result in results:
        if result.percent is None:
            continue
        if lowest is None or lowest.percent is None or result.percent < lowest.percent:
            lowest = result
    return lowest


def rule_rating(framework: Framework, results: Iterable[KeyQuestionResult]) -> str:
    """A case-based standard takes the band of its lowest key question (004, Annexe 1)."""
    lowest = _lowest(results)
    if lowest is None or lowest.percent is None:
        return NOT_RATED
    return band_for(framework, lowest.percent)


# -- discretion flags (004, Annexe 1: "professional discretion") ---------------------------


def _counted(result: KeyQuestionResult) -> str:
    """ "(11 of 14)" when the counts are known (a published whole percent has none)."""
    return f" ({result.yes} of {result.relevant})" if result.relevant else ""


def _near_boundary(framework: Framework, driving: KeyQuestionResult) -> DiscretionFlag | None:
    assert driving.percent is not None
    for boundary in framework.band_boundaries():
        if abs(driving.percent - boundary) <= NEAR_BOUNDARY_POINTS:
            return DiscretionFlag(
                NEAR_BOUNDARY,
                f"Within {NEAR_BOUNDARY_POINTS} points of the {band_for(framework, boundary)} "
                f"boundary ({boundary}%): {driving.id} is {driving.percent}%{_counted(driving)}",
            )
    return None


def _one_case_changes(
    framework: Framework, results: tuple[KeyQuestionResult, ...], current: str
) -> DiscretionFlag | None:
    for index, result in enumerate(results):
        if result.yes is None or not result.relevant:
            continue
        for delta in (-1, +1):
            yes = result.yes + delta
            if not 0 <= yes <= result.relevant:
                continue
            changed_percent = percent_yes(yes, result.relevant)
            changed = replace(result, yes=yes, percent=changed_percent)
            alternative = rule_rating(framework, (*results[:index], changed, *results[index + 1 :]))
            if alternative != current:
                word = "yes" if delta > 0 else "no"
                return DiscretionFlag(
                    ONE_CASE_CHANGES_RATING,
                    f"{result.id} is {result.percent}%"
                    f"{_counted(result)}; one more case answered {word} makes it "
                    f"{changed_percent}% ({yes} of {result.relevant}) and the standard "
                    f"{alternative}",
                )
    return None


def _small_sample(results: tuple[KeyQuestionResult, ...]) -> DiscretionFlag | None:
    small = [
        r for r in results if r.relevant is not None and 1 <= r.relevant <= SMALL_SAMPLE_MAX_CASES
    ]
    if not small:
        return None
    listed = ", ".join(
        f"{r.id} ({r.relevant} relevant case{'' if r.relevant == 1 else 's'})" for r in small
    )
    return DiscretionFlag(
        SMALL_SAMPLE,
        f"{listed}: {SMALL_SAMPLE_MAX_CASES} cases or fewer",
    )


def discretion_flags(
    framework: Framework, results: tuple[KeyQuestionResult, ...]
) -> tuple[DiscretionFlag, ...]:
    """Advisory flags telling the panel where it may exercise discretion (004, Annexe 1)."""
    driving = _lowest(results)
    if driving is None:
        return ()
    current = rule_rating(framework, results)
    found = (
        _near_boundary(framework, driving),
        _one_case_changes(framework, results, current),
        _small_sample(results),
    )
    return tuple(flag for flag in found if flag is not None)


# -- what would change the rating ----------------------------------------------------------


def _band_rank(framework: Framework, rating: str) -> int:
    """0 for the lowest key question band, rising."""
    ordered = sorted(framework.key_question_bands, key=lambda b: b.min_percent)
    return next(i for i, band in enumerate(ordered) if band.rating == rating)


def neighbour_bands(framework: Framework, rating: str) -> tuple[str | None, str | None]:
    """The key question bands just below and just above a rating (None at either end)."""
    ordered = [b.rating for b in sorted(framework.key_question_bands, key=lambda b: b.min_percent)]
    if rating not in ordered:
        return None, None
    index = ordered.index(rating)
    below = ordered[index - 1] if index > 0 else None
    above = ordered[index + 1] if index + 1 < len(ordered) else None
    return below, above


def _with_yes(result: KeyQuestionResult, yes: int) -> KeyQuestionResult:
    assert result.relevant is not None
    return replace(result, yes=yes, percent=percent_yes(yes, result.relevant))


def _rests_on_counts(results: tuple[KeyQuestionResult, ...]) -> bool:
    """Every rated key question has counts (none rests on a published percent only)."""
    return all(r.yes is not None and r.relevant is not None for r in results if r.is_rated)


def flips_down(framework: Framework, results: tuple[KeyQuestionResult, ...]) -> int | None:
    """The fewest yes-to-no changes of single answers, across the key questions, that would
    lower the standard's rule rating. The rule rating is its lowest key question's band, so it
    falls as soon as one key question falls below the current band's minimum: the answer is the
    smallest such change over the key questions. ``None`` at the bottom band, when not rated, or
    when a rated key question has no counts (a published percent only)."""
    current = rule_rating(framework, results)
    if current == NOT_RATED or not _rests_on_counts(results):
        return None
    rank = _band_rank(framework, current)
    if rank == 0:
        return None
    fewest: int | None = None
    for index, result in enumerate(results):
        if result.yes is None or not result.relevant:
            continue
        for changes in range(1, result.yes + 1):
            changed = _with_yes(result, result.yes - changes)
            alternative = rule_rating(framework, (*results[:index], changed, *results[index + 1 :]))
            if _band_rank(framework, alternative) < rank:
                fewest = changes if fewest is None else min(fewest, changes)
                break
    return fewest


def flips_up(framework: Framework, results: tuple[KeyQuestionResult, ...]) -> int | None:
    """The fewest no-to-yes changes of single answers, across the key questions, that would
    raise the standard's rule rating: every key question below the next band's minimum must
    reach it, each by its fewest changes, so the answer is their sum. ``None`` at the top band,
    when not rated, or when a rated key question has no counts (a published percent only)."""
    current = rule_rating(framework, results)
    if current == NOT_RATED or not _rests_on_counts(results):
        return None
    ordered = sorted(framework.key_question_bands, key=lambda b: b.min_percent)
    rank = _band_rank(framework, current)
    if rank == len(ordered) - 1:
        return None
    target = ordered[rank + 1].min_percent
    total = 0
    for result in results:
        if result.percent is None or result.percent >= target:
            continue
        assert result.yes is not None and result.relevant is not None
        total += next(
            changes
            for changes in range(1, result.relevant - result.yes + 1)
            if percent_yes(result.yes + changes, result.relevant) >= target
        )
    return total


def by_fragility(results: Iterable[StandardResult]) -> list[StandardResult]:
    """Standards in order of how fragile their rule rating is: the fewest changed answers that
    would change it (either way) first; ties and unknowns keep framework order, unknowns last."""
    return sorted(results, key=lambda r: (r.fragility is None, r.fragility or 0))


# -- standards -----------------------------------------------------------------------------


def _score(framework: Framework, standard: Standard, rating: str) -> int | None:
    if not standard.scored or rating == NOT_RATED:
        return None
    return framework.rating_level(rating).score


def rate_case_based_standard(
    framework: Framework, standard: Standard, evidence: StandardEvidence
) -> StandardResult:
    """Rule rating from the lowest key question; a panel may replace it with a rationale."""
    results = tuple(
        rate_key_question(framework, kq, evidence.key_questions.get(kq.id), evidence.prompts)
        for kq in standard.key_questions
    )
    rule = rule_rating(framework, results)
    driving = _lowest(results)
    panel = evidence.panel
    if panel is not None:
        framework.rating_level(panel.rating)
        if rule == NOT_RATED:
            raise InputError(f"standard {standard.id} has no rule rating for a panel to replace")
    if evidence.published_rating is not None:
        published = framework.rating_level(evidence.published_rating).name
        if driving is None and panel is None:
            return _rated_as_published(framework, standard, published, results)
        partly = _check_published_against_figures(
            framework, standard, published, rule, driving, panel, evidence
        )
    else:
        published, partly = None, False
    flags = discretion_flags(framework, results)
    rating = published if partly and published else panel.rating if panel else rule
    down, up = flips_down(framework, results), flips_up(framework, results)
    if driving is None:
        explanation = "Not rated: no key question has a relevant case."
    else:
        explanation = (
            f"Lowest key question {driving.id} ({driving.figures}) is in the {driving.band} band, "
            f"so the rule rating is {rule} (a standard takes the band of its lowest key question)."
        )
    if panel is not None:
        explanation += f" The ratings panel rated it {panel.rating}: {panel.rationale.strip()}"
    if partly:
        explanation += (
            f" Rated {rating} {AS_PUBLISHED} for its other key questions: the published rating, "
            "which the figures given do not contradict."
        )
    return StandardResult(
        id=standard.id,
        name=standard.name,
        rated_by=standard.rated_by,
        scored=standard.scored,
        rating=rating,
        rule_rating=rule,
        as_published=partly,
        score=_score(framework, standard, rating),
        driving_key_question=driving.id if driving else None,
        discretion_flags=flags,
        key_questions=results,
        explanation=explanation,
        panel=panel,
        may_be_unrated=standard.may_be_unrated,
        flips_down=down,
        flips_up=up,
        distance=statistics.distance_words(down, up, *neighbour_bands(framework, rule)),
    )


def _rated_as_published(
    framework: Framework,
    standard: Standard,
    published: str,
    results: tuple[KeyQuestionResult, ...],
) -> StandardResult:
    """A case-based standard's published rating without its figures: it scores and bands as
    any rating of its level (004 footnote 2; 002 footnotes 3-6), marked as published."""
    return StandardResult(
        id=standard.id,
        name=standard.name,
        rated_by=standard.rated_by,
        scored=standard.scored,
        rating=published,
        rule_rating=None,
        score=_score(framework, standard, published),
        driving_key_question=None,
        discretion_flags=(),
        key_questions=results,
        explanation=f"Rated {published} {AS_PUBLISHED}: the published report's rating, "
        "recorded without its key question figures.",
        may_be_unrated=standard.may_be_unrated,
        as_published=True,
    )


def _check_published_against_figures(
    framework: Framework,
    standard: Standard,
    published: str,
    rule: str,
    driving: KeyQuestionResult | None,
    panel: PanelDecision | None,
    evidence: StandardEvidence,
) -> bool:
    """A published rating given beside key question figures must be the rating those figures
    give: the band of the lowest key question (004 Annexe 1), or the panel's rating where one
    is recorded. With only some key questions' figures, the missing ones can only lower the
    rating, so a published rating above the lowest given band is refused too, and one at or
    below it is the rating (True: as published, some figures not held)."""
    assert driving is not None or panel is not None
    figures = (
        f"the ratings panel rated it {panel.rating}"
        if panel is not None
        else f"lowest key question {driving.id} ({driving.figures}) is in the "  # type: ignore[union-attr]
        f"{rule} band"
    )
    all_given = all(kq.id in evidence.key_questions for kq in standard.key_questions)
    expected = panel.rating if panel is not None else rule
    if all_given or panel is not None:
        if published != expected:
            raise InputError(
                f"the published rating {published} disagrees with the figures given beside "
                f"it: {figures}, so the figures rate it {expected}"
            )
        return False
    scale = [level.name for level in framework.rating_scale]  # best first
    if scale.index(published) < scale.index(rule):
        raise InputError(
            f"the published rating {published} disagrees with the figures given beside it: "
            f"{figures}, and a standard takes the band of its lowest key question, so it "
            f"cannot be above {rule}"
        )
    return True


def rate_judged_standard(
    framework: Framework, standard: Standard, evidence: StandardEvidence
) -> StandardResult:
    """Judged standards take the rating given, informed by any case work figures (002 fn 6)."""
    if evidence.panel is not None:
        raise InputError(
            f"standard {standard.id} is rated by judgement; a panel rating applies only to "
            "standards rated from key questions"
        )
    rating = NOT_RATED
    if evidence.judgement is not None:
        rating = framework.rating_level(evidence.judgement).name
    informing = tuple(
        rate_key_question(framework, kq, evidence.key_questions.get(kq.id), evidence.prompts)
        for kq in standard.key_questions
    )
    if rating == NOT_RATED:
        explanation = "Not rated: no judgement recorded."
        if standard.may_be_unrated:
            explanation += f" It may be left unrated where {standard.unrated_when}."
    else:
        explanation = f"Rated {rating} by judgement of the evidence."
    informed = [kq for kq in informing if kq.is_rated]
    if informed:
        figures = "; ".join(f"{kq.id} {kq.figures} ({kq.band})" for kq in informed)
        explanation += f" Informed by case work: {figures}."
    return StandardResult(
        id=standard.id,
        name=standard.name,
        rated_by=standard.rated_by,
        scored=standard.scored,
        rating=rating,
        rule_rating=None,
        score=_score(framework, standard, rating),
        driving_key_question=None,
        discretion_flags=(),
        key_questions=informing,
        explanation=explanation,
        may_be_unrated=standard.may_be_unrated,
    )


def rate_standard(
    framework: Framework, standard: Standard, evidence: StandardEvidence | None
) -> StandardResult:
    evidence = evidence or StandardEvidence()
    if standard.is_case_based:
        return rate_case_based_standard(framework, standard, evidence)
    return rate_judged_standard(framework, standard, evidence)


# -- the inspection ------------------------------------------------------------------------


def overall_band(framework: Framework, score: int) -> str:
    """The overall rating for a total score, from the framework's bands (004, footnote 2)."""
    for band in framework.overall_bands:
        if band.min_score <= score <= band.max_score:
            return band.rating
    raise InputError(f"score {score} is outside the bands of framework {framework.id}")


def _overall_as_published(
    evidence: InspectionEvidence,
    results: tuple[StandardResult, ...],
    missing: tuple[str, ...],
) -> InspectionResult | None:
    """An overall score and rating as published (already checked against the framework's
    bands by ``yjinspect.national.published_overall``), beside whatever standards' ratings are
    held. The score is the sum of the scored standards' scores (004 footnote 2), so with every
    scored standard held the published score must be that sum; with some not held it must lie
    between the held standards' sum and that sum with the missing ones at the top score.
    None when every scored standard is held and agrees: the overall is then theirs, as usual."""
    framework = evidence.framework
    published = evidence.published_overall
    assert published is not None
    max_score = framework.max_score
    held = sum(r.score or 0 for r in results if r.scored and r.is_rated)
    top = max(level.score or 0 for level in framework.rating_scale)
    shown = f"{published.score}/{max_score}"
    if not missing and held != published.score:
        raise InputError(
            f"the published score {shown} disagrees with the standards' ratings given beside "
            f"it, which sum to {held}/{max_score}"
        )
    if not missing:
        return None
    if missing and not held <= published.score <= held + top * len(missing):
        raise InputError(
            f"the published score {shown} disagrees with the standards' ratings given beside "
            f"it: they sum to {held}/{max_score} with {len(missing)} standard(s) not held, so "
            f"the score lies between {held} and {held + top * len(missing)}"
        )
    band = next(b for b in framework.overall_bands if b.rating == published.rating)
    banding = f"{band.min_score}-{band.max_score} is {published.rating}"
    if len(missing) == len([r for r in results if r.scored]):
        explanation = (
            f"Score {shown} and {published.rating} as published ({banding}); the standards' "
            "ratings are not held."
        )
    else:
        explanation = f"Score {shown} and {published.rating} as published ({banding})."
        if missing:
            explanation += f" Ratings not held: {', '.join(missing)}."
    return InspectionResult(
        framework=framework,
        service=evidence.service,
        standards=results,
        score=published.score,
        max_score=max_score,
        overall_rating=published.rating,
        missing_standards=missing,
        explanation=explanation,
        overall_as_published=True,
    )


def rate_inspection(evidence: InspectionEvidence) -> InspectionResult:
    """Rate every standard, then sum the scored standards and band the total."""
    framework = evidence.framework
    unknown = sorted(set(evidence.standards) - {s.id for s in framework.standards})
    if unknown:
        raise InputError(f"framework {framework.id} has no standard {unknown[0]!r}")
    results = tuple(
        rate_standard(framework, standard, evidence.standards.get(standard.id))
        for standard in framework.standards
    )
    if not framework.is_scored:
        return InspectionResult(
            framework=framework,
            service=evidence.service,
            standards=results,
            score=None,
            max_score=None,
            overall_rating=None,
            missing_standards=(),
            explanation=f"{framework.name} has no score and no overall rating.",
        )
    missing = tuple(r.id for r in results if r.scored and not r.is_rated)
    max_score = framework.max_score
    if evidence.published_overall is not None:
        as_published = _overall_as_published(evidence, results, missing)
        if as_published is not None:
            return as_published  # with every scored standard held, the sum stands (checked)
    if missing:
        return InspectionResult(
            framework=framework,
            service=evidence.service,
            standards=results,
            score=None,
            max_score=max_score,
            overall_rating=NOT_RATED,
            missing_standards=missing,
            explanation=f"Not rated: scored standards without a rating: {', '.join(missing)}.",
        )
    score = sum(r.score or 0 for r in results if r.scored)
    rating = overall_band(framework, score)
    band = next(b for b in framework.overall_bands if b.rating == rating)
    scale = ", ".join(f"{level.name} {level.score}" for level in framework.rating_scale)
    explanation = (
        f"Score {score}/{max_score}: the sum of the scored standards ({scale}); "
        f"{band.min_score}-{band.max_score} is {rating}."
    )
    if framework.overall_bands_provisional:
        explanation += f" Provisional banding: {framework.overall_bands_basis.strip()}"
    return InspectionResult(
        framework=framework,
        service=evidence.service,
        standards=results,
        score=score,
        max_score=max_score,
        overall_rating=rating,
        missing_standards=(),
        explanation=explanation,
    )
