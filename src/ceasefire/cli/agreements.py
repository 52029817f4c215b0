"""Commands about agreements: `agreements show FILE` and `assess --agreement FILE`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from ceasefire.cli import Context, cli, out, reports_errors
from ceasefire.services import assessment

AGREEMENT_OPTION = click.option(
    "--agreement",
    "agreement_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="Agreement file (YAML), e.g. agreements/doha-2025.yaml.",
)


@cli.group()
def agreements() -> None:
    """Agreements as data: YAML files of parties, commitments and follow-up meetings."""


def _quote_lines(quotes: list[assessment.Quote]) -> list[str]:
    lines = []
    for quote in quotes:
        pointer = quote.pointer
        where = f"{pointer.document[:12]} [{pointer.start}, {pointer.end})"
        if quote.text is None:
            lines.append(f"    source {where}: ({quote.problem})")
        else:
            lines.append(f"    source {where}: “{quote.text}”")
    return lines


@agreements.command(name="show")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_obj
@reports_errors
def show_agreement(context: Context, /, file: Path) -> None:
    """Print an agreement, each commitment with the quote its source pointer resolves to."""
    view = assessment.show_agreement(context.store, file)
    agreement = view.agreement
    out.print(f"[bold]{agreement.title}[/] ({agreement.id})")
    out.print(f"venue {agreement.venue}; signed {agreement.signed_at.isoformat()}; ", end="")
    out.print(f"effective {agreement.effective_at.isoformat()}")
    parties = "; ".join(f"{p.name} ({p.id}): {', '.join(p.actors)}" for p in agreement.parties)
    out.print(f"parties: {parties}", markup=False)
    out.print(f"mediators: {', '.join(agreement.mediators) or '—'}", markup=False)
    for line in _quote_lines(view.quotes[""]):
        out.print(line, markup=False)
    for commitment in agreement.commitments:
        out.print()
        out.print(
            f"[bold]{commitment.id}[/]: {commitment.title} "
            f"[dim]({commitment.rule.value}; obligated: {', '.join(commitment.obligated)})[/]"
        )
        out.print(textwrap.indent(textwrap.fill(commitment.text, 96), "    "), markup=False)
        for line in _quote_lines(view.quotes[commitment.id]):
            out.print(line, markup=False)
    for meeting in agreement.follow_ups:
        out.print()
        out.print(
            f"follow-up: {meeting.place}, {meeting.on.isoformat()} — {meeting.purpose}",
            markup=False,
        )


@cli.command(name="assess")
@AGREEMENT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the assessments as JSON lines.")
@click.pass_obj
@reports_errors
def assess_command(context: Context, /, agreement_path: Path, as_json: bool) -> None:
    """Hold every incident after the agreement took effect against every commitment.

    Stores the assessments through the log; running it again changes only what changed.
    """
    agreement = assessment.read_agreement(agreement_path)
    outcome = assessment.run_assessment(context.store, agreement, context.author)
    if as_json:
        for item in outcome.assessments:
            record = {
                "id": item.id,
                "agreement": item.agreement,
                "commitment": item.commitment,
                "incident": item.incident,
                "party": item.party,
                "rule": item.rule.value,
                "explanation": item.explanation,
            }
            out.print(json.dumps(record, ensure_ascii=False), markup=False, highlight=False)
        return
    names = {p.id: p.name for p in agreement.parties}
    for item in outcome.assessments:
        party = names.get(item.party or "", "unknown party")
        out.print(
            f"{item.incident[:12]}  {item.commitment:<14} {party:<12} {item.explanation}",
            markup=False,
        )
    out.print(
        f"{outcome.tally.sentence()}; {outcome.incidents} incidents assessed since "
        f"{agreement.effective_at.date().isoformat()}; {len(outcome.assessments)} assessments: "
        f"{outcome.added} added, {outcome.updated} "
        f"updated, {outcome.withdrawn} withdrawn, {outcome.unchanged} unchanged "
        f"({outcome.seconds:.2f} s)",
        markup=False,
    )
