"""Commands about extraction: extract (one file, no store) and eval (against a gold set)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from ceasefire import services
from ceasefire.cli import Context, cli, out, reports_errors
from ceasefire.report.records import aggregate_record, agreement_record, incident_record
from ceasefire.schema import incident_schema_text


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date, for relative dates.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
)
@click.pass_obj
@reports_errors
def extract(_context: Context, /, file: Path, published: str | None, output_format: str) -> None:
    """Run the extraction pipeline on one file and print what it reports, without storing anything.

    JSONL: one incident per line (as `ceasefire schema` defines it), then aggregates
    (record_type "aggregate") and agreements (record_type "agreement").
    """
    flags = services.parse_flags({"published": published} if published else {})
    result = services.extract_file(file, published=flags.published if flags else None)
    analysis = result.analysis
    if output_format == "jsonl":
        records = [incident_record(i) for i in analysis.incidents]
        records += [aggregate_record(a) for a in analysis.aggregates]
        records += [agreement_record(a) for a in analysis.agreements]
        for record in records:
            out.print(
                json.dumps(record, ensure_ascii=False),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        return
    table = Table(
        box=None, header_style="bold", title=f"{file.name}: {len(analysis.incidents)} incidents"
    )
    for column in (
        "date",
        "type",
        "place",
        "actor1",
        "actor2",
        "killed",
        "injured",
        "sources",
        "hist.",
    ):
        table.add_column(column)
    for incident in analysis.incidents:
        place = incident.place
        table.add_row(
            incident.date.value.isoformat() if incident.date.value else "—",
            incident.sub_event_type,
            ", ".join(p for p in (place.location, place.admin1, place.country) if p) or "—",
            incident.actor1 or "—",
            incident.actor2 or "—",
            _range(incident.fatalities.low, incident.fatalities.high),
            _range(incident.injuries.low, incident.injuries.high),
            ", ".join(dict.fromkeys(c.source or "(document)" for c in incident.claims)),
            "yes" if incident.is_historical else "",
        )
    out.print(table)
    for aggregate in analysis.aggregates:
        killed = aggregate.killed
        injured = aggregate.injured
        out.print(
            f"aggregate: {aggregate.source or '(document)'}: killed "
            f"{_range(killed.low, killed.high) if killed else '—'}, injured "
            f"{_range(injured.low, injured.high) if injured else '—'}"
        )
    for agreement in analysis.agreements:
        out.print(
            f"agreement: {agreement.kind} {agreement.date.value or ''} {agreement.location or ''} "
            f"parties {', '.join(agreement.parties) or '—'}; mediators {', '.join(agreement.mediators) or '—'}"
        )


def _range(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "—"
    if high is None:
        return f"≥{low}"
    if low == high:
        return str(low)
    return f"{low}–{high}"


@cli.command(name="eval")
@click.argument("gold", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--meta",
    "meta_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="meta.jsonl with publication dates (scoring one gold.jsonl).",
)
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the documents the gold names (scoring one gold.jsonl).",
)
@click.option(
    "--cv",
    "folds",
    type=click.IntRange(min=2),
    help="K-fold cross-validation by document over the GOLD folders' development documents.",
)
@click.option(
    "--split",
    type=click.Choice(["development", "final", "all"]),
    help="Score the GOLD folders' development documents, the final-test third, or all.",
)
@click.option("--rules-only", is_flag=True, help="Score the rules without the learned choice.")
@click.option(
    "--drop-background/--keep-background",
    default=None,
    help="With --cv or --split: let the keep model leave out background incidents "
    "(default: the drop_background setting).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option(
    "--details/--no-details", default=True, help="List missed and extra incidents per document."
)
@click.pass_obj
@reports_errors
def evaluate(
    _context: Context,
    /,
    gold: tuple[Path, ...],
    meta_path: Path | None,
    docs_dir: Path | None,
    folds: int | None,
    split: str | None,
    rules_only: bool,
    drop_background: bool | None,
    as_json: bool,
    details: bool,
) -> None:
    """Score extraction against gold: incident P/R/F1, strict F1, per-field accuracy.

    GOLD is one gold.jsonl with --meta and --docs; or, with --cv K or --split, gold folders
    (gold.jsonl, meta.jsonl, docs/), whose final-test third is left out unless --split final.
    """
    if folds is not None or split is not None:
        if not gold or meta_path or docs_dir:
            raise click.UsageError("--cv and --split take gold folders, without --meta and --docs")
        drop = (
            drop_background
            if drop_background is not None
            else services.pipeline_resources().drop_background
        )
        _evaluate_folders(list(gold), folds, split or "development", rules_only, drop, as_json)
        return
    if len(gold) != 1 or meta_path is None or docs_dir is None:
        raise click.UsageError("give one GOLD.jsonl with --meta and --docs (or folders with --cv)")

    def show(document: services.evaluation.DocumentScore) -> None:  # type: ignore[name-defined]
        if as_json or not details or not (document.missed or document.extra):
            return
        out.print(f"[bold]{document.file}[/]")
        for g in document.missed:
            out.print(
                f"  missed  {g.key}: {g.sub_event_type} {g.admin1 or g.country or ''} {g.date or ''}"
            )
        for p in document.extra:
            place = p.place.admin1 or p.place.country or ""
            quote = p.claims[0].quote[:90] if p.claims else ""
            out.print(
                f"  extra   {p.sub_event_type} {place} {p.date.value or ''} — {quote}", markup=False
            )

    score = services.evaluate(
        gold[0], meta_path=meta_path, docs_dir=docs_dir, on_document=show, rules_only=rules_only
    )
    if as_json:
        out.print(json.dumps(score.as_dict()), markup=False)
        return
    _print_score(score)


def _print_score(score: Any, *, indent: str = "") -> None:
    figures = score.as_dict()
    out.print(
        f"{indent}incidents: precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"F1 {score.f1:.3f}  (matched {score.true_positives} of {score.required} required, "
        f"{score.predicted} predicted)"
    )
    out.print(
        f"{indent}strict end-to-end F1 {score.strict_f1:.3f}  "
        f"(with the finest place: {score.strict_finest_f1:.3f})"
    )
    for name, value in figures["field_accuracy"].items():
        out.print(f"{indent}  {name:<16} {'—' if value is None else f'{value:.3f}'}")
    out.print(
        f"{indent}aggregates found {figures['aggregates_found']} of {figures['aggregates_gold']}"
    )


def _evaluate_folders(
    folders: list[Path], folds: int | None, split: str, rules_only: bool, drop: bool, as_json: bool
) -> None:
    from ceasefire.services import training

    documents = training.prepare(folders, split=split)
    if folds is not None:
        if rules_only:
            raise click.UsageError("--cv fits the models; it cannot be --rules-only")
        result = training.cross_validate(documents, folds, drop_background=drop)
        if as_json:
            record = {
                "folds": [s.as_dict() for s in result.folds],
                "documents": result.documents,
                "pooled": result.pooled.as_dict(),
            }
            out.print(json.dumps(record), markup=False)
            return
        for number, (fold, size) in enumerate(zip(result.folds, result.documents, strict=True)):
            out.print(f"[bold]fold {number + 1}[/] ({size} documents)")
            _print_score(fold, indent="  ")
        out.print(f"[bold]pooled[/] ({len(documents)} documents)")
        _print_score(result.pooled, indent="  ")
        return
    model = None if rules_only else services.choice_model()
    score = training.evaluate_split(documents, model, drop_background=drop)
    if as_json:
        out.print(json.dumps(score.as_dict()), markup=False)
        return
    out.print(f"[bold]{split}[/] ({len(documents)} documents)")
    _print_score(score)


@cli.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Model file to write (default: the one the package ships).",
)
@click.pass_obj
@reports_errors
def train(_context: Context, /, gold: tuple[Path, ...], output: Path | None) -> None:
    """Fit the slot-choice models on gold folders (never their final-test third); write the model.

    Each GOLD folder holds gold.jsonl, meta.jsonl and docs/. Deterministic: the same gold gives the
    same file.
    """
    from ceasefire.services import training

    started = time.perf_counter()
    target = output or services.shipped_model_path()
    model = training.train(list(gold), target)
    seconds = time.perf_counter() - started
    about = model.about
    out.print(
        f"model {model.version} written to {target} ({target.stat().st_size} bytes) in "
        f"{seconds:.1f} s: {about.get('documents')} documents of {', '.join(about['gold_sets'])}; "
        + ", ".join(f"{slot} {n}" for slot, n in about.get("examples", {}).items()),
        markup=False,
        highlight=False,
    )


@cli.command(name="train-matcher")
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Model file to write (default: the one the package ships).",
)
@click.option("--cv", "folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Cross-validation folds (by story cluster).")  # fmt: skip
@click.option(
    "--force", is_flag=True, help="Write the model even when it does not beat the hand-set rule."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
@reports_errors
def train_matcher(
    _context: Context, /, gold: tuple[Path, ...], output: Path | None, folds: int, force: bool,
    as_json: bool,
) -> None:  # fmt: skip
    """Fit the incident matcher on pairs from gold folders (never their final-test third).

    Pairs: incidents extracted from two documents of one set, tied to gold acts (an incident's
    act_group, else its key). Prints pair precision/recall of the model and of the hand-set rule by
    cross-validation grouped by story, and writes the model only when its F0.5 (precision weighted:
    a false merge is worse than a miss) beats the rule's both at the rule's shipped threshold and at
    the threshold fit by the same folds, at three decimals (or --force).
    """
    from ceasefire.resolve.matcher import shipped_path
    from ceasefire.services import matcher_training

    started = time.perf_counter()
    model, result = matcher_training.train(list(gold), folds=folds)
    # Precision first (F0.5: a false merge joins two parties' incidents). The model replaces the
    # rule only if it beats it both as it ships (its threshold, on the same held-out pairs) and with
    # its threshold fit by the same folds. A tie at the precision printed is no win: the rule stays.
    rule = result.rule_fit or result.rule
    incumbent = max(result.rule.f_beta, rule.f_beta)
    beats = round(result.model.f_beta, 3) > round(incumbent, 3)
    target = output or shipped_path()
    if beats or force:
        model.save(target)
    if as_json:
        record = {
            "model": result.model.as_dict(),
            "rule": result.rule.as_dict(),
            "rule_threshold_fit": rule.as_dict(),
            "rule_threshold": result.rule_threshold,
            "written": str(target) if beats or force else None,
            "version": model.version,
        }
        out.print(json.dumps(record), markup=False)
        return
    out.print(f"cross-validated ({folds} folds by story, {result.documents} documents)")
    out.print(f"  learned {result.model.line()}", markup=False)
    out.print(f"  rule    {result.rule.line()}", markup=False)
    out.print(f"  rule, threshold fit by the folds: {rule.line()}", markup=False)
    out.print(f"  the rule's threshold fit on every pair: {result.rule_threshold}", markup=False)
    seconds = time.perf_counter() - started
    if beats or force:
        out.print(
            f"matcher {model.version} written to {target} in {seconds:.1f} s "
            f"(threshold {model.threshold}, {model.about['pairs']} pairs)",
            markup=False,
            highlight=False,
        )
    else:
        out.print(f"the learned matcher does not beat the rule: nothing written ({seconds:.1f} s)")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of incident records (what `extract` and `export incidents` write)."""
    click.echo(incident_schema_text(), nl=False)
