"""The ``yjinspect`` command line. Bad input ends with one line on stderr and exit status 2."""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from yjinspect import (
    cli_audit,
    cli_data,
    cli_improvement,
    cli_national,
    cli_profile,
    cli_statistics,
)
from yjinspect.errors import InputError
from yjinspect.framework import Framework, all_frameworks, load_framework
from yjinspect.inputs import (
    CaseAnswer,
    InspectionSummary,
    evidence_from_cases,
    evidence_from_summary,
    parse_assignments,
    read_case_answers,
    read_summary,
)
from yjinspect.profile import refuse_disagreements
from yjinspect.profile_files import read_profile
from yjinspect.rating import AS_PUBLISHED, InspectionResult, StandardResult, rate_inspection
from yjinspect.report.data import (
    CaseCounts,
    PreviousInspection,
    ReportData,
    read_narrative,
    report_title,
)
from yjinspect.sampling import (
    BalanceReport,
    GroupSelection,
    SamplingPlan,
    parse_day,
    parse_mapping,
    plan_for_framework,
    read_population,
)
from yjinspect.statistics import planned_precision
from yjinspect.surveys import SurveyResults, results_from_files
from yjinspect.words import plain

app = typer.Typer(
    help="Inspect, rate and improve youth justice services against the Inspectorate's standards.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
framework_app = typer.Typer(help="Inspect one framework.", no_args_is_help=True)
app.add_typer(framework_app, name="framework")
cli_improvement.register(app)
cli_audit.register(app)
cli_data.register(app)
cli_statistics.register(app)
cli_national.register(app)
cli_profile.register(app)
cli_national.register(app)

console = Console(highlight=False)


# -- frameworks ----------------------------------------------------------------------------


@app.command("frameworks")
def list_frameworks() -> None:
    """List the bundled frameworks."""
    table = Table(title="Frameworks", title_justify="left")
    table.add_column("id")
    table.add_column("name")
    table.add_column("standards", justify="right")
    table.add_column("score")
    for framework in all_frameworks():
        if framework.max_score is None:
            score = "not scored"
        else:
            score = f"0-{framework.max_score}"
            if framework.overall_bands_provisional:
                score += " (provisional banding)"
        table.add_row(framework.id, framework.name, str(len(framework.standards)), score)
    console.print(table)


def framework_tree(framework: Framework) -> Tree:
    tree = Tree(f"[bold]{framework.id}[/bold]: {framework.name}")
    for domain in framework.domains:
        names = [plain(case_type, framework) for case_type in domain.case_types]
        types = f" (cases: {', '.join(names).lower()})" if names else ""
        branch = tree.add(f"[bold]Domain {domain.id}. {domain.name}[/bold]{types}")
        for standard in domain.standards:
            how = "key questions" if standard.is_case_based else "judgement"
            extra = "" if standard.scored else ", not scored"
            node = branch.add(f"[bold]{standard.id} {standard.name}[/bold] (rated by {how}{extra})")
            for kq in standard.key_questions:
                notes = []
                if kq.sub_sample:
                    notes.append(f"sub-sample: {framework.sub_sample(kq.sub_sample).name}")
                if kq.not_applicable_when:
                    notes.append(f"n/a when {kq.not_applicable_when}")
                if kq.evidence_optional:
                    notes.append("evidence optional")
                suffix = f" [dim]({'; '.join(notes)})[/dim]" if notes else ""
                kq_node = node.add(f"{kq.id} {kq.text}{suffix}")
                for prompt in kq.prompts:
                    kq_node.add(f"[dim]{prompt.id}[/dim] {prompt.text}")
            for question in standard.questions:
                node.add(f"{question.id} {question.text}")
    return tree


@framework_app.command("show")
def show_framework(framework_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Print a framework's domains, standards, key questions and prompts."""
    framework = load_framework(framework_id)
    console.print(framework_tree(framework))
    if framework.is_scored:
        bands = ", ".join(
            f"{b.min_score}-{b.max_score} {b.rating}" for b in framework.overall_bands
        )
        console.print(f"Overall: score 0-{framework.max_score}; {bands}")
        if framework.overall_bands_provisional:
            console.print(f"Provisional banding: {framework.overall_bands_basis.strip()}")
    else:
        console.print("Overall: no score and no overall rating.")


# -- rate ----------------------------------------------------------------------------------


def _rating_text(result: StandardResult) -> str:
    if result.as_published:
        return f"{result.rating} ({AS_PUBLISHED})"
    if result.panel is not None:
        return f"{result.rating} (panel; rule: {result.rule_rating})"
    return result.rating


def _ratings_table(result: InspectionResult) -> Table:
    """The report's ratings table: every standard, its rating and score, by domain."""
    table = Table(title="Ratings", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Standard")
    table.add_column("Rating")
    table.add_column("Score", justify="right")
    for domain in result.framework.domains:
        table.add_row(f"[bold]{domain.id}. {domain.name}[/bold]", "", "")
        for standard in domain.standards:
            outcome = result.standard(standard.id)
            score = "not scored" if not outcome.scored else str(outcome.score or 0)
            if outcome.score is None and outcome.scored:
                score = "-"
            flags = " [yellow]*[/yellow]" if outcome.discretion_flags else ""
            shown = _rating_text(outcome)
            if result.overall_as_published and not outcome.is_rated:
                shown = "not held"
            table.add_row(f"  {outcome.id} {outcome.name}", shown + flags, score)
    return table


def _standard_block(framework: Framework, outcome: StandardResult) -> None:
    console.print(f"[bold]{outcome.id} {outcome.name}: {_rating_text(outcome)}[/bold]")
    if outcome.key_questions:
        table = Table(box=None, show_header=True, padding=(0, 1, 0, 2))
        table.add_column("Key question")
        table.add_column("Yes / relevant", justify="right")
        table.add_column("% yes", justify="right")
        table.add_column("Band")
        table.add_column("95% interval")
        standard = framework.standard(outcome.id)
        labels = {kq.id: kq.short_text or kq.text for kq in standard.key_questions}
        for kq in outcome.key_questions:
            counted = f"{kq.yes}/{kq.relevant}" if kq.relevant is not None else "-"
            percent = "-" if kq.percent is None else f"{kq.percent}%"
            band = kq.band or ("figures not held" if outcome.as_published else "not rated")
            if kq.id == outcome.driving_key_question:
                band = f"[bold]{band} < lowest[/bold]"
            interval = kq.confidence
            shown = interval.words if interval else "-"
            table.add_row(f"{kq.id} {labels[kq.id]}", counted, percent, band, shown)
        console.print(table)
        if outcome.distance:
            console.print(f"  How close to another rating: {outcome.distance}.")
    console.print(f"  {outcome.explanation}")
    for flag in outcome.discretion_flags:
        console.print(f"  [yellow]{flag.title}[/yellow]: {flag.reason}")


def render_result(result: InspectionResult) -> None:
    framework = result.framework
    heading = f"{result.service}: " if result.service else ""
    console.print(f"[bold]{heading}{framework.name}[/bold] ({framework.id})")
    console.print(_ratings_table(result))
    if result.overall_rating is None:
        console.print(f"[bold]Overall:[/bold] {result.explanation}")
    else:
        score = f", score {result.score}/{result.max_score}" if result.score is not None else ""
        provisional = " (provisional banding)" if result.overall_provisional else ""
        provisional += " (as published)" if result.overall_as_published else ""
        console.print(f"[bold]Overall rating: {result.overall_rating}{provisional}{score}[/bold]")
        console.print(result.explanation)
    if any(o.discretion_flags for o in result.standards):
        console.print("[yellow]*[/yellow] discretion flags for the ratings panel: see below")
    console.print()
    console.print("[bold]How each rating was reached[/bold]")
    for outcome in result.standards:
        if result.overall_as_published and not outcome.is_rated:
            continue  # not held: the overall's explanation says so
        console.print()
        _standard_block(framework, outcome)
    _render_prompts(result)


def _render_prompts(result: InspectionResult) -> None:
    rows = [
        (standard, kq, prompt)
        for standard in result.standards
        for kq in standard.key_questions
        for prompt in kq.prompts
    ]
    if not rows:
        return
    console.print()
    table = Table(title="Prompts: % yes (004 Annexe 2 style)", title_justify="left", expand=True)
    table.add_column("Prompt", ratio=8)
    table.add_column("Yes / relevant", ratio=2)
    table.add_column("% yes", ratio=1)
    current = None
    for _standard, kq, prompt in rows:
        if kq.id != current:
            kq_percent = "-" if kq.percent is None else f"{kq.percent}%"
            table.add_row(f"[bold]{kq.id} {kq.text}[/bold]", "", kq_percent)
            current = kq.id
        percent = "-" if prompt.percent is None else f"{prompt.percent}%"
        table.add_row(f"  {prompt.id} {prompt.text}", f"{prompt.yes}/{prompt.relevant}", percent)
    console.print(table)


# The options a case CSV needs, shared by ``rate`` and ``report``.
FrameworkOption = Annotated[
    str | None, typer.Option("--framework", help="Framework of a case CSV, e.g. iyjs-2018.")
]
JudgementOption = Annotated[
    list[str] | None,
    typer.Option(help="A judged standard's rating for a case CSV, e.g. 1.1=Good (repeat)."),
]
PanelOption = Annotated[
    list[str] | None,
    typer.Option(help='A panel rating for a case CSV: "2.2=Good: rationale" (repeat).'),
]


@app.command()
def rate(
    file: Annotated[
        Path, typer.Argument(help="Inspection summary (.json, .yaml) or case answers (.csv)")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    framework_id: FrameworkOption = None,
    judgement: JudgementOption = None,
    panel: PanelOption = None,
    service: Annotated[str, typer.Option(help="The service's name, for a case CSV.")] = "",
) -> None:
    """Rate an inspection and explain every rating: figures, driving question, flags."""
    result, _, _ = _rated_file(file, framework_id, judgement or [], panel or [], service)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        render_result(result)


# -- sample --------------------------------------------------------------------------------

_CASE_TYPE_NAMES = {"court": "Court disposals", "out_of_court": "Out-of-court disposals"}


def _points(value: float) -> str:
    return f"{value:+.1f}" if round(value, 1) else "0.0"


def _balance_table(title: str, report: BalanceReport, group: GroupSelection | None) -> Table:
    """Population against sample, category by category (deviation in percentage points)."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Attribute")
    table.add_column("Category")
    headings = ["Eligible", "%", "Sample", "%", "Deviation"]
    if group is not None:
        headings.insert(2, "Target")
    for heading in headings:
        table.add_column(heading, justify="right")
    for row in report.rows:
        cells = [
            plain(row.attribute),
            plain(row.category),
            str(row.population),
            f"{row.population_share:.1%}",
        ]
        if group is not None:
            cells.append(str(group.targets[row.attribute][row.category]))
        cells += [str(row.sample), f"{row.sample_share:.1%}", _points(row.deviation_points)]
        table.add_row(*cells)
    return table


def _largest_line(report: BalanceReport) -> str:
    parts = ", ".join(f"{plain(a)} {v:.1f}" for a, v in report.largest_by_attribute.items())
    return f"Largest deviation: {report.largest:.1f} percentage points ({parts})."


def _render_group(found: SamplingPlan, group: GroupSelection) -> None:
    pools = {pool.pool.id: pool.pool.name for pool in found.pools}
    name = pools.get(group.case_type) or _CASE_TYPE_NAMES.get(group.case_type, group.case_type)
    console.print()
    console.print(f"[bold]{name}: sample of {group.size} from {len(group.population)}[/bold]")
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 2))
    for heading in ("Case", "Disposal", "Start date", "Gender", "RoSH", "Safety and wellbeing"):
        table.add_column(heading)
    for case in group.sample:
        table.add_row(
            case.case_ref,
            plain(case.disposal),
            case.start_date.isoformat(),
            plain(case.gender),
            plain(case.rosh),
            plain(case.safety_wellbeing),
        )
    if group.sample:
        console.print(table)
    reserves = ", ".join(c.case_ref for c in group.reserves) or "none"
    console.print(f"  Reserves, next first: {reserves}")
    report = found.balance_of(group.case_type)
    console.print(_balance_table(f"Balance of the {name.lower()} sample", report, group))
    console.print(f"  {_largest_line(report)}")


def _pools_table(found: SamplingPlan) -> Table:
    """The framework's sampling rules as applied: each pool's rule, eligible cases, the size
    its calculation gave, the size taken and any limit that bound it."""
    source = found.rules.source if found.rules else ""
    table = Table(
        title=f"Sampling rules applied ({source})", title_justify="left", box=box.SIMPLE_HEAD
    )
    for heading in ("Pool", "Rule", "Eligible", "Calculated", "Sampled", "Limit that bound it"):
        table.add_column(heading, justify="right" if heading in ("Eligible", "Sampled") else "left")
    for pool in found.pools:
        table.add_row(
            pool.pool.name,
            pool.rule,
            str(pool.eligible),
            str(pool.calculated),
            str(pool.size),
            pool.bound or "none",
        )
    return table


def render_plan(found: SamplingPlan) -> None:
    """The plan for people: windows, eligible cases, the size calculation, the sample and
    reserves per case type, and the balance against the eligible population."""
    selection = found.selection
    start = found.eligibility.fieldwork_start.isoformat()
    console.print(f"[bold]Sampling plan[/bold]: fieldwork starts {start}; seed {selection.seed}")
    console.print(f"(the same file, options and seed {selection.seed} give the same sample)")
    windows = Table(title="Eligible cases", title_justify="left", box=box.SIMPLE_HEAD)
    for heading in ("Case type", "Window", "Start dates", "In the file", "Eligible"):
        windows.add_column(heading, justify="right" if heading[0] in "IE" else "left")
    for g in found.eligibility.groups:
        dates = f"{g.earliest.isoformat()} to {g.latest.isoformat()}"
        window = f"{g.window.months_from}-{g.window.months_to} months before"
        windows.add_row(plain(g.case_type), window, dates, str(g.population), str(g.eligible))
    console.print(windows)
    console.print(f"Eligible: {len(found.eligibility.cases)} of {found.population} cases.")
    if found.rules is not None:
        console.print(_pools_table(found))
    sizes = found.sizes
    console.print(f"[bold]Sample size: {sizes.total}[/bold]")
    if found.sized_together:
        console.print(f"  {sizes.calculation.formula}")
    if sizes.note:
        console.print(f"  Then {sizes.note}: {sizes.total}")
    pools = {pool.pool.id: pool.pool.name for pool in found.pools}
    for allocation in sizes.allocations:
        name = pools.get(allocation.case_type) or plain(allocation.case_type)
        console.print(f"  {name}: {allocation.formula}")
    for allocation in sizes.allocations:
        if allocation.size:
            name = pools.get(allocation.case_type) or allocation.case_type.replace("_", "-")
            what = f"{name.lower()} cases" if allocation.case_type not in pools else name.lower()
            console.print(f"  How sure: {planned_precision(allocation.size, what)}")
    for group in selection.groups:
        _render_group(found, group)
    console.print()
    report = found.balance
    console.print(_balance_table("Balance of the whole sample", report, None))
    console.print(f"  {_largest_line(report)}")


@app.command()
def sample(
    population: Annotated[
        Path, typer.Argument(help="The service's cases (.csv or .xlsx), eligible or not")
    ],
    fieldwork_start: Annotated[
        str, typer.Option(metavar="DATE", help="The fieldwork's first day, YYYY-MM-DD.")
    ],
    seed: Annotated[
        int, typer.Option(metavar="N", help="The seed of the random order (printed).")
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    confidence: Annotated[
        float | None, typer.Option(help="Confidence level (default: the framework's, 0.8).")
    ] = None,
    margin: Annotated[
        float | None, typer.Option(help="Margin of error (default: the framework's, 0.05).")
    ] = None,
    court_share: Annotated[
        float | None,
        typer.Option(help="Court cases' share of the sample (default: the framework's, 0.6)."),
    ] = None,
    column_map: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="OURS=THEIRS",
            help='A column\'s heading in the file: "case_ref=Case ID" (repeat).',
        ),
    ] = None,
    framework_id: Annotated[
        str, typer.Option("--framework", help="The framework whose disposals the file uses.")
    ] = "iyjs-2018",
) -> None:
    """Plan a sample by the framework's sampling rules: eligible cases by pool and window, the
    size for 80% confidence and a 5% margin of error within the pool's limits, and a sample
    balanced on the pool's categories (e.g. gender, disposal and the risk classifications)."""
    day = parse_day(fieldwork_start, "--fieldwork-start")
    framework = load_framework(framework_id)
    cases = read_population(population, parse_mapping(column_map or []), framework_id)
    found = plan_for_framework(
        cases, day, framework, seed=seed, confidence=confidence, margin=margin,
        court_share=court_share,
    )  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(found.to_dict(), indent=2) + "\n")
    else:
        render_plan(found)


# -- report --------------------------------------------------------------------------------

WORKSPACE_SOURCE = "inspection:"


def _day(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{name} {text!r} is not a date (YYYY-MM-DD)") from exc


def _issued(text: str) -> date | None:
    """The month a summary's free-text ``published`` names, for the cover: YYYY-MM-DD or
    YYYY-MM; anything else gives none (the cover then shows the month generated)."""
    found = re.fullmatch(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*", text)
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3] or 1))
    except ValueError:
        return None


def _case_counts(framework: Framework, answers: list[CaseAnswer]) -> CaseCounts:
    """For the methodology annexe: cases per case type (where a case's domains name only one)
    and per sub-sample (cases answering yes or no to one of its key questions)."""
    types: dict[str, frozenset[str]] = {}
    sub_samples: defaultdict[str, set[str]] = defaultdict(set)
    for answer in answers:
        kq = framework.find_key_question(answer.question_id)
        prompt = framework.find_prompt(answer.question_id)
        standard = kq[0] if kq else prompt[0] if prompt else None
        if standard is None:
            continue
        domain_types = frozenset(framework.domain_of(standard.id).case_types)
        types[answer.case_id] = types.get(answer.case_id, domain_types) & domain_types
        if kq and kq[1].sub_sample and answer.answer != "na":
            sub_samples[kq[1].sub_sample].add(answer.case_id)
    by_type = Counter(next(iter(t)) for t in types.values() if len(t) == 1)
    return CaseCounts(dict(by_type), {name: len(cases) for name, cases in sub_samples.items()})


def _rated_file(
    file: Path, framework_id: str | None, judgement: list[str], panel: list[str], service: str
) -> tuple[InspectionResult, InspectionSummary | None, CaseCounts | None]:
    """Rate a summary or case CSV as ``rate`` does; a CSV also gives the case counts."""
    if file.suffix.lower() == ".csv":
        if not framework_id:
            raise InputError("a case CSV needs --framework (e.g. --framework iyjs-2018)")
        answers = read_case_answers(file)
        evidence = evidence_from_cases(
            framework_id,
            answers,
            parse_assignments(judgement, "--judgement"),
            parse_assignments(panel, "--panel"),
            service=service,
            source=file.name,
        )
        return rate_inspection(evidence), None, _case_counts(evidence.framework, answers)
    if judgement or panel or framework_id:
        raise InputError(
            "--framework, --judgement and --panel go with a case CSV; a summary file "
            "names its framework and holds its ratings"
        )
    summary = read_summary(file)
    evidence = evidence_from_summary(summary)
    return rate_inspection(replace(evidence, service=service or summary.service)), summary, None


def _file_report_data(
    file: Path,
    framework_id: str | None,
    judgement: list[str],
    panel: list[str],
    names: tuple[str, str],
    locked: bool,
) -> ReportData:
    service, title = names
    result, summary, counts = _rated_file(file, framework_id, judgement, panel, service)
    service = result.service
    default_title = report_title(result.framework, "inspection", service)
    return ReportData(
        result=result,
        title=title or (summary.title if summary else "") or default_title,
        service=service,
        place=service,
        issued=_issued(summary.published) if summary else None,
        fieldwork_start=_day(summary.fieldwork_start, "fieldwork_start") if summary else None,
        locked=locked,
        case_counts=counts,
        generated_on=date.today(),
        source=file.name,
    )


def _workspace_report_data(source: str) -> ReportData:
    """``inspection:ID``: the workspace's ReportData (Django is set up only here)."""
    identifier = source.removeprefix(WORKSPACE_SOURCE)
    if not (identifier.isascii() and identifier.isdigit()):
        raise InputError(f"{source!r}: write inspection:ID, ID being the inspection's number")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect_web.settings")
    import django
    from django.db import DatabaseError

    django.setup()
    from yjinspect_web.reporting import report_data_for_inspection

    try:
        return report_data_for_inspection(int(identifier))
    except DatabaseError as exc:
        raise InputError(f"cannot read the workspace's database: {exc}") from exc


def _previous(file: Path, label: str | None) -> PreviousInspection:
    if file.suffix.lower() not in (".json", ".yaml", ".yml"):
        raise InputError("--previous takes an inspection summary (.json, .yaml)")
    summary = read_summary(file)
    result = rate_inspection(evidence_from_summary(summary))
    years = [text[:4] for text in (summary.fieldwork_start, summary.published) if text[:4]]
    return PreviousInspection(label or next(iter(years), "Previous inspection"), result)


def _write_report(data: ReportData, html_dir: Path | None, pdf_file: Path | None) -> None:
    """Render everything first, then write: bad input writes nothing."""
    from yjinspect.report.render import html_to_pdf, render_html

    html = render_html(data)
    pdf = html_to_pdf(html) if pdf_file is not None else None
    try:
        if html_dir is not None:
            html_dir.mkdir(parents=True, exist_ok=True)
            (html_dir / "index.html").write_text(html, encoding="utf-8")
            console.print(f"HTML report: {html_dir / 'index.html'}")
        if pdf_file is not None and pdf is not None:
            pdf_file.write_bytes(pdf)
            console.print(f"PDF report: {pdf_file}")
    except OSError as exc:
        raise InputError(f"cannot write {exc.filename}: {exc.strerror}") from exc
    if not data.locked:
        console.print("Draft: the ratings are not locked, so the report is marked DRAFT.")


@app.command()
def report(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE",
            help="Inspection summary (.json, .yaml), case answers (.csv), or inspection:ID "
            "(an inspection in the workspace)",
        ),
    ],
    html: Annotated[
        Path | None, typer.Option("--html", metavar="DIR", help="Write DIR/index.html.")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", metavar="FILE", help="Write a PDF.")] = None,
    narrative: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The narrative (YAML or JSON): foreword, summary, findings, recommendations.",
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="The previous inspection's summary, shown beside."),
    ] = None,
    previous_label: Annotated[
        str | None, typer.Option(metavar="TEXT", help='Its label, e.g. "2018".')
    ] = None,
    locked: Annotated[
        bool, typer.Option("--locked", help="The ratings are final: no DRAFT marking.")
    ] = False,
    framework_id: FrameworkOption = None,
    judgement: JudgementOption = None,
    panel: PanelOption = None,
    service: Annotated[str, typer.Option(help="The service's name.")] = "",
    title: Annotated[str, typer.Option(help="The report's title.")] = "",
    profile: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The service's profile (YAML or JSON): the contextual facts, staffing and "
            "caseload characteristics, generated from it (refused if a figure disagrees).",
        ),
    ] = None,
    surveys: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="The inspection's surveys (CSV, XLSX, YAML, JSON)."),
    ] = None,
    previous_surveys: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="The previous inspection's surveys, compared."),
    ] = None,
) -> None:
    """Write the inspection report (004's structure) as accessible HTML and/or PDF."""
    if html is None and pdf is None:
        raise InputError("give --html DIR, --pdf FILE or both")
    if source.startswith(WORKSPACE_SOURCE):
        if locked or framework_id or judgement or panel or service or title:
            raise InputError(
                "--locked, --framework, --judgement, --panel, --service and --title go with a "
                "file SOURCE; the workspace holds an inspection's ratings and names"
            )
        data = _workspace_report_data(source)
    else:
        names = (service, title)
        data = _file_report_data(
            Path(source), framework_id, judgement or [], panel or [], names, locked
        )
    if narrative is not None:
        data = replace(data, narrative=read_narrative(narrative))
    if profile is not None:
        data = replace(data, profile=refuse_disagreements(read_profile(profile), profile.name))
    if previous is not None:
        data = replace(data, previous=_previous(previous, previous_label))
    elif previous_label:
        if data.previous is None:
            raise InputError("--previous-label goes with --previous FILE")
        data = replace(data, previous=replace(data.previous, label=previous_label))
    if surveys is not None or previous_surveys is not None:
        data = replace(data, surveys=_surveys(surveys, previous_surveys, data))
    _write_report(data, html, pdf)


def _surveys(
    current: Path | None, previous: Path | None, data: ReportData
) -> tuple[SurveyResults, ...]:
    if current is None:
        raise InputError("--previous-surveys goes with --surveys FILE")
    label = data.previous.label if data.previous else "the previous inspection"
    return results_from_files(current, previous, label)


# -- the workspace (Django is imported only here, so the core never needs it) --------------


def _setup_workspace() -> None:
    """Configure Django and bring the database up to date (quietly)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjinspect_web.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError

    django.setup()
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(str(database["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    try:
        call_command("migrate", verbosity=0, interactive=False)
    except DatabaseError as exc:
        raise InputError(f"cannot set up the database: {exc}") from exc


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@app.command()
def demo(
    reset: Annotated[
        bool,
        typer.Option(
            "--reset", help="Reload the demo, replacing its inspections and the work on them."
        ),
    ] = False,
    new_password: Annotated[
        bool,
        typer.Option("--new-password", help="Give the demo accounts a new password only."),
    ] = False,
) -> None:
    """Load the demo workspace (Blackpool 2021 and a person of every role) on a first run,
    and print its sign-ins; the work done on it since is kept unless --reset."""
    if reset and new_password:
        raise InputError("--reset already sets a new password: give one of the two")
    _setup_workspace()
    from yjinspect_web.demo import (
        DEMO_USERS,
        demo_loaded,
        load_demo,
        new_demo_two_factor_secrets,
        set_demo_password,
    )

    if demo_loaded() and not reset:
        if new_password:
            password = set_demo_password()
            _demo_accounts(DEMO_USERS, new_demo_two_factor_secrets())
            console.print(
                f"New password of every demo account: [bold]{password}[/], and new two-factor "
                "secrets (above); nothing else changed."
            )
        else:
            _demo_accounts(DEMO_USERS)
            console.print(
                "The workspace already holds the demo: it is kept as it is, with the work done "
                "on it, and the demo accounts keep the password printed when it was loaded. "
                "[bold]yjinspect demo --new-password[/] gives them a new one; "
                "[bold]yjinspect demo --reset[/] reloads the demo, replacing its inspections."
            )
        return
    summary = load_demo()
    _demo_accounts(summary.users, summary.two_factor_secrets)
    again = " (replacing the earlier demo, under the same ids)" if summary.replaced else ""
    console.print(f"Loaded the demo{again}: {summary.cases} cases, {summary.answers} answers.")
    console.print(f"Its inspections: {'; '.join(summary.inspections)}.")
    console.print(f"Password of every demo account (new on each load): [bold]{summary.password}[/]")
    console.print(
        "Each account then asks for a code from its two-factor secret: add the secret to an "
        "authenticator app, or run [bold]oathtool --totp -b SECRET[/] (see the README)."
    )
    console.print(
        "Serve it with [bold]yjinspect serve[/], then sign in at the address it prints (/sign-in)."
    )


def _demo_accounts(users: Iterable[Any], secrets: Mapping[str, str] | None = None) -> None:
    """The demo accounts, with each one's two-factor secret (base32) when it was just made."""
    table = Table(title="Demo accounts", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("username")
    table.add_column("role")
    table.add_column("sees")
    if secrets is not None:
        table.add_column("two-factor secret (base32)", no_wrap=True)
    for user in users:
        row = [user.username, user.role_label, user.shows]
        table.add_row(*row, *([secrets[user.username]] if secrets is not None else []))
    console.print(table)


def _port(text: str) -> int:
    number = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= number <= 65535:
        raise InputError(f"--port {text!r} is not a port number (1-65535)")
    return number


@app.command()
def serve(
    port: Annotated[str, typer.Option(metavar="N", help="The port to listen on.")] = "8000",
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    workers: Annotated[
        str | None,
        typer.Option(
            metavar="N",
            help="Worker processes (default: YJINSPECT_WORKERS, else CPU cores + 1).",
            show_default=False,
        ),
    ] = None,
    threads: Annotated[
        str | None,
        typer.Option(
            metavar="N",
            help="Threads per worker (default: YJINSPECT_THREADS, else 1).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the workspace with gunicorn (waitress where gunicorn cannot run), migrating its
    database first."""
    from yjinspect import serving

    number = _port(port)
    server_plan = serving.plan(workers, threads)
    serving.check_free(host, number)
    _setup_workspace()
    from yjinspect_web.warmup import warm_up
    from yjinspect_web.wsgi import application

    warm_up()  # once, before the workers start: they share it
    url = _url(host, number)

    def ready() -> None:
        console.print(f"Serving the yjinspect workspace on {url} (Ctrl-C stops it).")
        console.print(
            f"Sign in at {url}/sign-in. Demo accounts: run [bold]yjinspect demo[/] for their "
            f"usernames and a new password. Server: {server_plan.describe()}."
        )
        sys.stdout.flush()

    serving.run(application, host, number, server_plan, ready)


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"yjinspect: error: {' '.join(message.split())}\n")
    sys.exit(2)


def main() -> None:
    """Entry point: bad input, including a mistyped command or option, becomes one line on
    stderr and exit status 2."""
    try:
        status = app(standalone_mode=False)
    except InputError as exc:
        _fail(str(exc))
    except typer.TyperException as exc:  # usage errors: a mistyped command, option or value
        context = getattr(exc, "ctx", None)
        hint = f" (see: {context.command_path} --help)" if context is not None else ""
        _fail(f"{exc.format_message()}{hint}")
    except typer.Abort:
        _fail("aborted")
    if isinstance(status, int) and status:  # a command's own exit status (typer.Exit)
        sys.exit(status)
