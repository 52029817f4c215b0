"""Commands of interoperability: import acled|ucdp, export incidents, watch."""

from __future__ import annotations

import sys
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import click

from ceasefire import services
from ceasefire.cli import (
    Context,
    cli,
    err,
    extraction_options,
    out,
    progress_bar,
    reports_errors,
    shown,
)
from ceasefire.cli.export import export
from ceasefire.errors import InputError
from ceasefire.services import interop
from ceasefire.services import watch as watching
from ceasefire.services.interop import ExportFormat, ImportOptions
from ceasefire.services.parallel import SMALL_BATCH
from ceasefire.services.periods import parse_day
from ceasefire.services.search import checked_filter
from ceasefire.services.watch import read_sources


@cli.group(name="import")
def import_() -> None:
    """Import event datasets (ACLED, UCDP GED) as documents and incidents."""


def _import(
    context: Context,
    file: Path,
    row_format: str,
    options: ImportOptions,
    workers: int | None,
    dask: str | None,
) -> None:
    def on_error(error: interop.RowError) -> None:
        err.print(f"skipped {shown(error)}", highlight=False)

    # With extraction, rows come in batches of options.batch: a pool pays off when a batch has
    # notes enough. Without, the jobs are chunks of rows read and made ready: a pool pays off
    # when the file has chunks enough, and its workers need no extraction pipeline.
    if options.extract:
        jobs = _count_lines(file, stop=options.rows_per_batch)
    else:
        chunk = interop.CHUNK_ROWS
        jobs = _count_lines(file, stop=chunk * services.SMALL_BATCH) // chunk
    extractor = services.extractor_for(
        context.settings, workers=workers, dask=dask, batch=jobs, warm=options.extract
    )
    done = 0
    with progress_bar(f"import {row_format}", None) as progress, closing(extractor):

        def on_batch(report: interop.ImportReport) -> None:
            nonlocal done
            rows = report.added + report.updated + report.unchanged + report.restored
            progress.advance(f"{rows:,} rows", steps=rows - done)
            done = rows

        report = interop.import_dataset(
            context.store,
            file,
            row_format=row_format,
            options=options,
            collected_by=context.settings.collector,
            author=context.author,
            on_error=on_error,
            on_batch=on_batch,
            extractor=extractor,
        )
    out.print(
        f"{report.dataset}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.restored} restored, {report.deleted} deleted, "
        f"{len(report.errors)} skipped"
    )
    if report.errors:
        sys.exit(1)


def _count_lines(file: Path, *, stop: int) -> int:
    """Lines of a file, counting no further than ``stop`` (0 for a file that cannot be read: the
    import itself then names the problem)."""
    try:
        with file.open("rb") as handle:
            return sum(1 for _, _line in zip(range(stop), handle, strict=False))
    except OSError:
        return 0


def _dataset_options(command: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(
        [
            click.option(
                "--dataset",
                metavar="NAME",
                help="Name of the dataset the rows come from (default ACLED / UCDP GED). "
                "Machine-coded datasets (GDELT, POLECAT, ICEWS, Phoenix) come in as unverified "
                "leads, graded 'weak' at most.",
            ),
            click.option(
                "--extract/--no-extract",
                default=True,
                show_default=True,
                help="Run each row's notes through the extraction pipeline.",
            ),
            click.option(
                "--batch",
                type=click.IntRange(1, 100_000),
                default=None,
                help="Rows per transaction [default: 500 with extraction, 20000 without].",
            ),
            click.option(
                "--keep-missing",
                is_flag=True,
                help="Do not record rows missing from this file as deleted (a partial export).",
            ),
        ]
    ):
        command = option(command)
    return command


@import_.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_dataset_options
@extraction_options
@click.pass_obj
@reports_errors
def acled(
    context: Context,
    /,
    file: Path,
    dataset: str | None,
    extract: bool,
    batch: int | None,
    keep_missing: bool,
    workers: int | None,
    dask: str | None,
) -> None:
    """Import an ACLED CSV export: each row a document and an incident with ACLED's claim.

    Bad rows are reported by line and field and skipped (exit status 1); a file without ACLED's
    columns is refused whole.
    """
    options = ImportOptions(dataset, extract, batch, not keep_missing)
    _import(context, file, "acled", options, workers, dask)


@import_.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_dataset_options
@extraction_options
@click.pass_obj
@reports_errors
def ucdp(
    context: Context,
    /,
    file: Path,
    dataset: str | None,
    extract: bool,
    batch: int | None,
    keep_missing: bool,
    workers: int | None,
    dask: str | None,
) -> None:
    """Import a UCDP GED CSV: each row a document and an incident with UCDP's low/best/high."""
    options = ImportOptions(dataset, extract, batch, not keep_missing)
    _import(context, file, "ucdp", options, workers, dask)


def _date(value: str | None, flag: str) -> date | None:
    return parse_day(value, where=flag)


@export.command()
@click.option(
    "--format",
    "export_format",
    type=click.Choice([f.value for f in ExportFormat]),
    default=ExportFormat.JSONL.value,
    show_default=True,
)
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Incidents on or after this day.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Incidents on or before this day.")
@click.option("--country", help="Country, e.g. Pakistan.")
@click.option("--admin1", help="Province, e.g. Balochistan (any case; part of the name).")
@click.option("--admin2", help="District (any case; part of the name).")
@click.option("--search", metavar="TEXT", help="Words the incident or its documents hold.")
@click.option("--type", "event_type", help="Event type or sub-event type.")
@click.option("--actor", help="Part of the name of actor1 or actor2.")
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output).",
)
@click.pass_obj
@reports_errors
def incidents(
    context: Context,
    /,
    export_format: str,
    date_from: str | None,
    date_to: str | None,
    country: str | None,
    admin1: str | None,
    admin2: str | None,
    search: str | None,
    event_type: str | None,
    actor: str | None,
    output: Path | None,
) -> None:
    """Export incidents as JSONL (the schema), GeoJSON, ACLED CSV or UCDP GED CSV."""
    where = checked_filter(
        interop.IncidentFilter(
            date_from=_date(date_from, "--from"),
            date_to=_date(date_to, "--to"),
            country=country,
            admin1=admin1,
            admin2=admin2,
            q=search,
            event_type=event_type,
            actor=actor,
        ),
        fields=("--from", "--to"),
        search_field="--search",
    )
    chosen = ExportFormat(export_format)
    if output is None:
        count = interop.export_incidents(
            context.store, sys.stdout, export_format=chosen, where=where
        )
    else:
        try:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = interop.export_incidents(
                    context.store, handle, export_format=chosen, where=where
                )
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", where=str(output)) from exc
        out.print(f"wrote {count} incidents to {output}")


@cli.command(name="watch")
@click.argument("sources_file", metavar="SOURCES.yaml", type=click.Path(path_type=Path))
@click.option("--once", is_flag=True, help="Poll every source once and stop.")
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=900,
    show_default=True,
    help="Seconds between polls.",
)
@click.option(
    "--extract/--no-extract",
    default=True,
    show_default=True,
    help="Run the extraction pipeline on each new document.",
)
@extraction_options
@click.pass_obj
@reports_errors
def watch_sources(
    context: Context,
    /,
    sources_file: Path,
    once: bool,
    interval: float,
    extract: bool,
    workers: int | None,
    dask: str | None,
) -> None:
    """Poll the RSS/Atom feeds and folders of SOURCES.yaml and take in each new item once.

    A source that fails is named on stderr, keeps its state, and is polled again next time.
    """
    sources = read_sources(sources_file)

    def on_poll(report: watching.PollReport) -> None:
        for document_id in report.added:
            out.print(f"added {document_id[:12]}")
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        failed = f", {len(report.failures)} failed" if report.failures else ""
        out.print(f"{stamp} polled {len(sources)} sources: {len(report.added)} new{failed}")

    def on_failure(message: str) -> None:
        err.print(f"error: {shown(message)}", highlight=False)

    # A folder source may bring many files at once: a pool pays off for the watcher's whole life.
    extractor = services.extractor_for(
        context.settings,
        workers=workers,
        dask=dask,
        batch=0 if once or not extract else SMALL_BATCH,
    )
    try:
        with closing(extractor):
            watching.watch(
                context.store,
                sources,
                interval=interval,
                once=once,
                collected_by=context.settings.collector,
                author=context.author,
                extract=extract,
                on_poll=on_poll,
                on_failure=on_failure,
                extractor=extractor,
            )
    except KeyboardInterrupt:
        out.print("stopped")
