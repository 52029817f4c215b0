"""Commands about extraction: extract (one file, no store) and eval (against a gold set)."""

from __future__ import annotations

import json
from pathlib import Path

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
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--meta",
    "meta_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="meta.jsonl with publication dates.",
)
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder of the documents the gold names.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option(
    "--details/--no-details", default=True, help="List missed and extra incidents per document."
)
@click.pass_obj
@reports_errors
def evaluate(
    _context: Context, /, gold: Path, meta_path: Path, docs_dir: Path, as_json: bool, details: bool
) -> None:
    """Score extraction against a gold set: incident P/R/F1, strict F1, per-field accuracy."""

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

    score = services.evaluate(gold, meta_path=meta_path, docs_dir=docs_dir, on_document=show)
    figures = score.as_dict()
    if as_json:
        out.print(json.dumps(figures), markup=False)
        return
    out.print(
        f"incidents: precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
        f"(matched {score.true_positives} of {score.required} required, {score.predicted} predicted)"
    )
    out.print(f"strict end-to-end F1 {score.strict_f1:.3f}")
    for name, value in figures["field_accuracy"].items():  # type: ignore[attr-defined]
        out.print(f"  {name:<16} {'—' if value is None else f'{value:.3f}'}")
    out.print(f"aggregates found {figures['aggregates_found']} of {figures['aggregates_gold']}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of incident records (what `extract` and `export incidents` write)."""
    click.echo(incident_schema_text(), nl=False)
