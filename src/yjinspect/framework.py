"""Frameworks as data: the typed model of an inspection framework and its loader.

A framework (004 Annexe 1; 002) has domains; a domain has standards; a standard is rated either
from the key questions answered case by case, or by judgement from the evidence behind a set of
questions. Each framework version is one YAML file in ``yjinspect/frameworks/``; it is validated
when loaded, so a new version is a new file, not new code.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from yjinspect.errors import InputError
from yjinspect.yamlio import load_yaml

RISK_LEVELS = ("low", "medium", "high", "very high")
"""Risk of serious harm and safety and wellbeing classifications (004, Annexe 1)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatingLevel(_Model):
    """One point of a framework's rating scale, e.g. Good (score 2)."""

    name: str
    score: int | None = None


class KeyQuestionBand(_Model):
    """A key question's % yes at or above ``min_percent`` falls in this band (004, Annexe 1)."""

    min_percent: int = Field(ge=0, le=100)
    rating: str
    label: str = ""


class OverallBand(_Model):
    """A total score from ``min_score`` to ``max_score`` gives this overall rating."""

    min_score: int = Field(ge=0)
    max_score: int = Field(ge=0)
    rating: str


class Disposal(_Model):
    id: str
    name: str


class CaseType(_Model):
    """A kind of case the inspection samples, e.g. court disposals, with its disposals."""

    id: str
    name: str
    disposals: tuple[Disposal, ...] = ()


class SubSampleCriterion(_Model):
    """A case belongs to the sub-sample by default when its ``attribute`` is one of ``values``."""

    attribute: Literal["rosh", "safety_wellbeing", "disposal", "case_type"]
    values: tuple[str, ...]


class SubSample(_Model):
    """The cases a key question is asked of, e.g. where meaningful work was expected.

    Membership follows from the case's details by ``criterion``; the inspector may set it
    otherwise with a reason (004, Annexe 1: "we exclude those cases where the inspector deemed
    the risk of serious harm to be low").
    """

    id: str
    name: str
    description: str
    criterion: SubSampleCriterion | None = None


class Prompt(_Model):
    """A detailed question informing a key question judgement (004, Annexe 2)."""

    id: str
    text: str


class KeyQuestion(_Model):
    """A question answered Yes/No for each relevant case; its % yes places it in a band."""

    id: str
    text: str
    short_text: str = ""
    sub_sample: str | None = None
    not_applicable_when: str | None = None
    evidence_optional: bool = False
    """Every answer to a key question needs its evidence before the case is submitted, unless
    the framework marks the question ``evidence_optional: true``."""
    prompts: tuple[Prompt, ...] = ()

    @property
    def allows_not_applicable(self) -> bool:
        """Not applicable may be answered only outside a sub-sample or where the data says when."""
        return self.sub_sample is not None or self.not_applicable_when is not None


class Question(_Model):
    """A question a judged standard's rating answers, evidence recorded against it."""

    id: str
    text: str
    source: str = ""


class Standard(_Model):
    id: str
    name: str
    statement: str
    rated_by: Literal["key_questions", "judgement"]
    scored: bool = True
    may_be_unrated: bool = False
    unrated_when: str = ""
    key_questions: tuple[KeyQuestion, ...] = ()
    questions: tuple[Question, ...] = ()
    source: str = ""

    @property
    def is_case_based(self) -> bool:
        return self.rated_by == "key_questions"


class Domain(_Model):
    id: str
    name: str
    case_types: tuple[str, ...] = ()
    standards: tuple[Standard, ...]


SAMPLING_FIELDS = ("disposal", "gender", "ethnicity", "rosh", "safety_wellbeing")
"""What a population file may hold of a case beyond its reference, case type and start date."""
BALANCE_FIELDS = ("case_type", *SAMPLING_FIELDS)
"""What a pool's sample may be balanced on."""


class SamplingPool(_Model):
    """One pool a sample is drawn from: cases of ``case_types`` that started ``months_from``
    to ``months_to`` months before the fieldwork, balanced on ``balance_on``. Pools naming
    the same ``size_group`` are sized together, from all their eligible cases, and split by
    their ``share`` (004: 60% court, 40% out-of-court); a pool without one is sized alone.
    ``minimum`` and ``maximum`` bound the pool's size (002's programme: 14 to 91 children's
    cases, 9 to 24 victims' cases). ``fields`` are what its export holds beyond the case's
    reference, case type and start date."""

    id: str
    name: str
    case_types: tuple[str, ...] = Field(min_length=1)
    months_from: int = Field(ge=0)
    months_to: int = Field(ge=0)
    size_group: str = ""
    share: float | None = Field(default=None, gt=0, le=1)
    minimum: int | None = Field(default=None, ge=0)
    maximum: int | None = Field(default=None, ge=1)
    balance_on: tuple[str, ...] = Field(min_length=1)
    fields: tuple[str, ...] = SAMPLING_FIELDS


class SamplingRules(_Model):
    """How an inspection's case sample is drawn (004, Annexe 1; 002 and the Inspectorate's
    programme for 2025): the size's confidence and margin of error, and the pools."""

    source: str
    confidence: float = Field(default=0.8, gt=0, lt=1)
    margin: float = Field(default=0.05, gt=0, lt=1)
    pools: tuple[SamplingPool, ...] = Field(min_length=1)


class Framework(_Model):
    id: str
    name: str
    description: str
    source: str
    report_subject: str = ""
    """What a report's title says is inspected: 'youth offending services' gives 'An
    inspection of youth offending services in Blackpool' (004's cover)."""
    rating_scale: tuple[RatingLevel, ...]
    key_question_bands: tuple[KeyQuestionBand, ...] = ()
    overall_bands: tuple[OverallBand, ...] = ()
    overall_bands_provisional: bool = False
    overall_bands_basis: str = ""
    case_types: tuple[CaseType, ...] = ()
    sub_samples: tuple[SubSample, ...] = ()
    sampling: SamplingRules | None = None
    domains: tuple[Domain, ...]

    # -- navigation -------------------------------------------------------------------------

    @property
    def standards(self) -> tuple[Standard, ...]:
        return tuple(s for d in self.domains for s in d.standards)

    @property
    def scored_standards(self) -> tuple[Standard, ...]:
        return tuple(s for s in self.standards if s.scored)

    @property
    def is_scored(self) -> bool:
        return bool(self.overall_bands)

    @property
    def max_score(self) -> int | None:
        if not self.is_scored:
            return None
        top = max(level.score or 0 for level in self.rating_scale)
        return top * len(self.scored_standards)

    def standard(self, standard_id: str) -> Standard:
        for standard in self.standards:
            if standard.id == standard_id:
                return standard
        raise InputError(f"framework {self.id} has no standard {standard_id!r}")

    def domain_of(self, standard_id: str) -> Domain:
        domain = self._domain_index.get(standard_id)
        if domain is None:
            raise InputError(f"framework {self.id} has no standard {standard_id!r}")
        return domain

    def key_questions(self) -> Iterator[tuple[Standard, KeyQuestion]]:
        for standard in self.standards:
            for kq in standard.key_questions:
                yield standard, kq

    @cached_property
    def _key_question_index(self) -> dict[str, tuple[Standard, KeyQuestion]]:
        return {kq.id: (standard, kq) for standard, kq in self.key_questions()}

    @cached_property
    def _prompt_index(self) -> dict[str, tuple[Standard, KeyQuestion, Prompt]]:
        return {p.id: (s, kq, p) for s, kq in self.key_questions() for p in kq.prompts}

    @cached_property
    def _domain_index(self) -> dict[str, Domain]:
        return {s.id: d for d in self.domains for s in d.standards}

    def find_key_question(self, kq_id: str) -> tuple[Standard, KeyQuestion] | None:
        return self._key_question_index.get(kq_id)

    def find_prompt(self, prompt_id: str) -> tuple[Standard, KeyQuestion, Prompt] | None:
        return self._prompt_index.get(prompt_id)

    def sub_sample(self, sub_sample_id: str) -> SubSample:
        for sub_sample in self.sub_samples:
            if sub_sample.id == sub_sample_id:
                return sub_sample
        raise InputError(f"framework {self.id} has no sub-sample {sub_sample_id!r}")

    def rating_level(self, name: str) -> RatingLevel:
        for level in self.rating_scale:
            if level.name == name:
                return level
        allowed = ", ".join(f'"{level.name}"' for level in self.rating_scale)
        raise InputError(f"unknown rating {name!r} for framework {self.id} (use {allowed})")

    def band_boundaries(self) -> tuple[int, ...]:
        """The percentages where one band meets the next: 50, 65 and 80 (004, Annexe 1)."""
        return tuple(sorted(b.min_percent for b in self.key_question_bands if b.min_percent > 0))

    # -- validation --------------------------------------------------------------------------

    @model_validator(mode="after")
    def _check(self) -> Framework:
        self._check_unique_ids()
        self._check_references()
        self._check_sub_sample_criteria()
        self._check_key_question_bands()
        self._check_overall_bands()
        self._check_sampling()
        return self

    def _check_sampling(self) -> None:
        """Pools name known case types, each case type in one pool at most; windows run
        forwards; a minimum is not above its maximum; pools balance on fields they hold; the
        pools of a size group (two or more) have shares adding up to 1."""
        if self.sampling is None:
            return
        case_type_ids = {c.id for c in self.case_types}
        seen_types: set[str] = set()
        groups: dict[str, list[SamplingPool]] = {}
        pool_ids = [pool.id for pool in self.sampling.pools]
        if len(set(pool_ids)) != len(pool_ids):
            raise ValueError("a sampling pool id is used twice")
        for pool in self.sampling.pools:
            _check_pool(pool, case_type_ids, seen_types)
            seen_types |= set(pool.case_types)
            if pool.size_group:
                groups.setdefault(pool.size_group, []).append(pool)
        for name, pools in groups.items():
            shares = [p.share for p in pools]
            if len(pools) == 1 or any(share is None for share in shares):
                raise ValueError(f"size group {name}: two or more pools, each with a share")
            total = sum(share or 0 for share in shares)
            if abs(total - 1) > 1e-9:
                raise ValueError(f"size group {name}: the shares add up to {total:g}, not 1")

    def _check_unique_ids(self) -> None:
        seen: set[str] = set()
        ids = [d.id for d in self.domains] + [s.id for s in self.standards]
        for standard in self.standards:
            ids += [q.id for q in standard.questions]
            for kq in standard.key_questions:
                ids.append(kq.id)
                ids += [p.id for p in kq.prompts]
        for identifier in ids:
            if identifier in seen:
                raise ValueError(f"id {identifier!r} is used twice")
            seen.add(identifier)

    def _check_references(self) -> None:
        case_type_ids = {c.id for c in self.case_types}
        sub_sample_ids = {s.id for s in self.sub_samples}
        for domain in self.domains:
            unknown = set(domain.case_types) - case_type_ids
            if unknown:
                raise ValueError(f"domain {domain.id} names unknown case type {sorted(unknown)}")
            for standard in domain.standards:
                if standard.is_case_based and not standard.key_questions:
                    raise ValueError(f"case-based standard {standard.id} has no key question")
                if standard.key_questions and not domain.case_types:
                    raise ValueError(f"domain {domain.id} has key questions but no case types")
                for kq in standard.key_questions:
                    if kq.sub_sample is not None and kq.sub_sample not in sub_sample_ids:
                        raise ValueError(f"key question {kq.id} names unknown sub-sample")
        scale = {level.name for level in self.rating_scale}
        named = [b.rating for b in self.key_question_bands] + [b.rating for b in self.overall_bands]
        off_scale = [rating for rating in named if rating not in scale]
        if off_scale:
            raise ValueError(f"band rating {off_scale[0]!r} is not on the rating scale")

    def _check_sub_sample_criteria(self) -> None:
        known = {
            "rosh": set(RISK_LEVELS),
            "safety_wellbeing": set(RISK_LEVELS),
            "case_type": {c.id for c in self.case_types},
            "disposal": {d.id for c in self.case_types for d in c.disposals},
        }
        for sub_sample in self.sub_samples:
            criterion = sub_sample.criterion
            if criterion is None:
                continue
            unknown = sorted(set(criterion.values) - known[criterion.attribute])
            if unknown:
                raise ValueError(
                    f"sub-sample {sub_sample.id}: unknown {criterion.attribute} value(s) {unknown}"
                )

    def _check_key_question_bands(self) -> None:
        if any(s.key_questions for s in self.standards):
            mins = sorted(b.min_percent for b in self.key_question_bands)
            if not mins or mins[0] != 0 or len(set(mins)) != len(mins):
                raise ValueError("key question bands must start at 0% with distinct lower edges")

    def _check_overall_bands(self) -> None:
        if not self.overall_bands:
            if self.overall_bands_provisional:
                raise ValueError("provisional overall bands declared but no bands given")
            return
        if any(level.score is None for level in self.rating_scale):
            raise ValueError("a scored framework needs a score for every rating on its scale")
        bands = sorted(self.overall_bands, key=lambda b: b.min_score)
        expected = 0
        for band in bands:
            if band.min_score != expected or band.max_score < band.min_score:
                raise ValueError(f"overall bands must cover the scores without gaps ({band})")
            expected = band.max_score + 1
        if expected - 1 != self.max_score:
            raise ValueError(f"overall bands end at {expected - 1}, max score is {self.max_score}")
        if self.overall_bands_provisional and not self.overall_bands_basis:
            raise ValueError("provisional overall bands need their basis stated")


def _check_pool(pool: SamplingPool, case_type_ids: set[str], seen_types: set[str]) -> None:
    where = f"sampling pool {pool.id}"
    unknown = sorted(set(pool.case_types) - case_type_ids)
    if unknown:
        raise ValueError(f"{where} names unknown case type {unknown}")
    twice = sorted(set(pool.case_types) & seen_types)
    if twice:
        raise ValueError(f"{where}: case type {twice} is already in another pool")
    if pool.months_from > pool.months_to:
        raise ValueError(f"{where}: months_from is after months_to")
    if pool.minimum is not None and pool.maximum is not None and pool.minimum > pool.maximum:
        raise ValueError(f"{where}: minimum {pool.minimum} is above its maximum")
    for name in (*pool.balance_on, *pool.fields):
        if name not in BALANCE_FIELDS:
            raise ValueError(f"{where}: {name!r} is not one of {', '.join(BALANCE_FIELDS)}")
    missing = sorted(set(pool.balance_on) - {"case_type", *pool.fields})
    if missing:
        raise ValueError(f"{where} balances on {missing}, which its fields do not hold")
    if pool.share is not None and not pool.size_group:
        raise ValueError(f"{where} has a share but no size_group to share")


def _framework_files() -> dict[str, Path]:
    folder = resources.files("yjinspect") / "frameworks"
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def framework_ids() -> list[str]:
    """The ids of the bundled frameworks, in file-name order."""
    return sorted(_framework_files())


def load_framework_file(path: Path) -> Framework:
    """Load and validate one framework definition; any problem is an :class:`InputError`."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read framework file {path}: {exc}") from exc
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"framework file {path.name} is invalid at {where}: {first['msg']}"
        ) from exc
    if framework.id != path.stem:
        raise InputError(f"framework file {path.name} declares id {framework.id!r}")
    return framework


@cache
def load_framework(framework_id: str) -> Framework:
    """The bundled framework with this id, validated."""
    files = _framework_files()
    if framework_id not in files:
        known = ", ".join(sorted(files))
        raise InputError(f"unknown framework {framework_id!r} (known: {known})")
    return load_framework_file(files[framework_id])


def all_frameworks() -> list[Framework]:
    return [load_framework(framework_id) for framework_id in framework_ids()]
