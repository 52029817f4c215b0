"""`ceasefire report`: the periodic report to the parties, as HTML, Markdown or JSON."""

from __future__ import annotations

from pathlib import Path

import click

from ceasefire.cli import Context, cli, out, reports_errors
from ceasefire.cli.agreements import AGREEMENT_OPTION
from ceasefire.services import assessment, reporting
from ceasefire.services.periods import parse_day


@cli.command(name="report")
@AGREEMENT_OPTION
@click.option(
    "--from",
    "date_from",
    metavar="YYYY-MM-DD",
    help="First day (default: the start of the period that holds --to).",
)
@click.option(
    "--to",
    "date_to",
    metavar="YYYY-MM-DD",
    help="Last day (default: the end of the period; with neither, the last full period).",
)
@click.option(
    "--period",
    type=click.Choice(reporting.PERIODS),
    default="month",
    show_default=True,
    help="The reporting period: a calendar week, month or quarter.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(reporting.FORMATS),
    default="html",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the report to this file and print its path (default: print the report).",
)
@click.pass_obj
@reports_errors
def report(
    context: Context,
    /,
    agreement_path: Path,
    date_from: str | None,
    date_to: str | None,
    period: str,
    output_format: str,
    output: Path | None,
) -> None:
    """The periodic report of the last full reporting period since the agreement took effect (or
    of the days given): possible breaches by party and commitment, third-party engagements apart,
    incidents by type and province, casualty ranges, timeline and map, top incidents with their
    claims, the findings made or answered in the period with the parties' replies, cases under
    way, follow-up meetings. Run `ceasefire assess` first."""
    agreement = assessment.read_agreement(agreement_path)
    built = reporting.periodic_report(
        context.store,
        agreement,
        date_from=parse_day(date_from, where="--from"),
        date_to=parse_day(date_to, where="--to"),
        max_days=context.settings.report_max_days,
        period=period,
    )
    text = reporting.render(built, output_format)
    if output is None:
        click.echo(text, nl=False)
        return
    out.print(str(reporting.write_report(text, output)), markup=False, highlight=False)
