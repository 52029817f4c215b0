"""Commands about documents: ingest, documents, show."""

from __future__ import annotations

import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import click
from rich.table import Table

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
from ceasefire.domain import Document, DocumentKind
from ceasefire.services import assessment


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--published", metavar="YYYY-MM-DD", help="Publication date (wins over other metadata)."
)
@click.option("--publisher", help="Publisher, e.g. 'Al Jazeera'.")
@click.option("--url", help="Where the document was published.")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in DocumentKind]),
    help="What sort of report it is (default news).",
)
@click.option("--language", metavar="CODE", help="Language code, e.g. en.")
@click.option("--title", help="Title of the document.")
@click.option(
    "--extract/--no-extract",
    default=True,
    show_default=True,
    help="Run the extraction pipeline and store the incidents it finds with each document.",
)
@extraction_options
@click.pass_obj
@reports_errors
def ingest(
    context: Context,
    /,
    paths: tuple[Path, ...],
    extract: bool,
    workers: int | None,
    dask: str | None,
    **flags: str | None,
) -> None:
    """Add files and folders (.txt, .md, .html, .htm) to the record.

    Metadata comes from a folder's meta.jsonl, a sidecar NAME.meta.json, and these flags, later
    ones winning. The same bytes ingested twice are stored once.
    """
    given = {name: value for name, value in flags.items() if value is not None}
    flag_meta = services.parse_flags(given)
    store = context.store
    total = services.count_files(list(paths), data=context.settings.data)
    extractor = services.extractor_for(
        context.settings, workers=workers, dask=dask, batch=total if extract else 0
    )
    with progress_bar("ingest", total) as progress, closing(extractor):

        def on_file(outcome: services.IngestOutcome) -> None:
            progress.advance(shown(outcome.path.name))
            short = outcome.document_id[:12] if outcome.document_id else ""
            if outcome.status is services.IngestStatus.FAILED:
                err.print(f"[red]failed[/] {shown(outcome.message)}")
            elif outcome.status is services.IngestStatus.REFUSED:
                err.print(f"[red]refused[/] {shown(outcome.path)}: {shown(outcome.message)}")
            elif outcome.status is services.IngestStatus.SKIPPED:
                out.print(f"skipped          {shown(outcome.path)} ({shown(outcome.message)})")
            elif outcome.status is services.IngestStatus.PRESENT:
                out.print(f"already present  {short}  {shown(outcome.path)}")
            else:
                note = f" ({shown(outcome.message)})" if outcome.message else ""
                out.print(f"added            {short}  {shown(outcome.path)}{note}")

        report = services.ingest_paths(
            store,
            list(paths),
            flags=flag_meta,
            collected_by=context.settings.collector,
            author=context.author,
            on_file=on_file,
            extract=extract,
            extractor=extractor,
        )
    added = report.count(services.IngestStatus.ADDED)
    present = report.count(services.IngestStatus.PRESENT)
    failed = report.count(services.IngestStatus.FAILED)
    skipped = report.count(services.IngestStatus.SKIPPED)
    refused = report.count(services.IngestStatus.REFUSED)
    summary = f"{added} added, {present} already present, {failed} failed"
    summary += f", {refused} refused" if refused else ""
    out.print(summary + (f", {skipped} skipped" if skipped else ""))
    if added == 0 and failed == 0 and refused == 0:
        out.print(
            "nothing changed: every document was already in the record"
            if present
            else "nothing changed: no document was taken in"
        )
    if failed or refused:
        sys.exit(1)


@cli.command()
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Only documents published (else collected) on or after this day (YYYY-MM-DD).",
)
@extraction_options
@click.pass_obj
@reports_errors
def reprocess(context: Context, /, since: object, workers: int | None, dask: str | None) -> None:
    """Re-run extraction with the current pipeline and model over the stored documents.

    Documents already extracted by the current versions are skipped. New acts are matched and
    logged as at ingest; unreviewed incidents take the new reading; reviewed incidents keep their
    values, and where the new reading differs they are flagged for review (`ceasefire incidents
    --needs-review`, the review queue). Assessments are re-run. Running it twice with the same
    model changes nothing the second time.
    """
    store = context.store
    day = since.date() if since is not None else None  # type: ignore[attr-defined]
    total = services.count_documents(store, day)
    extractor = services.extractor_for(context.settings, workers=workers, dask=dask, batch=total)
    agreements = assessment.load_agreements(context.settings.agreements)
    with progress_bar("reprocess", total) as progress, closing(extractor):

        def on_document(document: Document, changed: bool) -> None:
            progress.advance(document.id[:12])
            if changed:
                name = shown(document.source_name or document.meta.title or "")
                out.print(f"changed          {document.id[:12]}  {name}")

        report = services.reprocess(
            store,
            author=context.author,
            since=day,
            extractor=extractor,
            agreements=agreements,
            on_document=on_document,
        )
    out.print(
        f"{report.documents} documents re-extracted ({report.current} already current): "
        f"{report.added} incidents found anew, {report.updated} updated, "
        f"{report.withdrawn} withdrawn, {report.flagged} reviewed incidents flagged"
    )
    if not report.changed_documents:
        out.print("nothing changed")


@cli.command(name="withdraw-complaint-extractions")
@click.pass_obj
@reports_errors
def withdraw_complaint_extractions(context: Context) -> None:
    """Withdraw what a store written before complaints stopped being extracted holds of them.

    An incident reported by complaints alone is discarded without its claims and mentions; one that
    other documents report too loses the complaints' claims and mentions, its figures and grade
    reconciled again; a complaint's aggregates, reported agreements and extraction run are deleted.
    Each change is a log entry; assessments are re-run. Entries written before stay in the log
    (it is append-only): they hold the incidents' fields and figures, never the quotes.
    `ceasefire log verify` names anything drawn from a complaint.
    """
    agreements = assessment.load_agreements(context.settings.agreements)
    outcome = services.withdraw_complaint_extractions(
        context.store, author=context.author, agreements=agreements
    )
    for incident in outcome.withdrawn:
        out.print(f"withdrawn        {incident}")
    for incident in outcome.trimmed:
        out.print(f"claims withdrawn {incident}")
    if not outcome.changed:
        out.print("nothing to withdraw: nothing in the record is drawn from a complaint")
        return
    out.print(
        f"{len(outcome.withdrawn)} incidents withdrawn, {len(outcome.trimmed)} kept without the "
        f"complaints' claims and mentions, {outcome.extractions} complaints' aggregates, "
        "agreements and runs deleted"
    )


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@click.pass_obj
@reports_errors
def documents(context: Context, limit: int | None) -> None:
    """List the documents in the record, newest first."""
    rows = services.list_documents(context.store, limit=limit)
    table = Table(box=None, header_style="bold")
    for column in ("id", "kind", "publisher", "published", "title", "words", "group"):
        table.add_column(column, justify="right" if column == "words" else "left")
    sizes: dict[str, int] = {}
    for doc in rows:
        group = doc.duplicate_group or doc.id
        sizes[group] = sizes.get(group, 0) + 1
    for doc in rows:
        meta = doc.meta
        group = doc.duplicate_group or doc.id
        table.add_row(
            doc.id[:12],
            meta.kind.value,
            shown(meta.publisher or "—"),
            meta.published_at.isoformat() if meta.published_at else "—",
            shown(_shorten(meta.title or doc.source_name or "", 60)),
            str(doc.word_count),
            f"{group[:8]} ({sizes[group]} copies)" if sizes[group] > 1 else "",
        )
    out.print(table)
    groups = sum(1 for size in sizes.values() if size > 1)
    out.print(
        f"{len(rows)} document{'s' if len(rows) != 1 else ''}, {len(sizes)} independent"
        + (f" ({groups} group{'s' if groups != 1 else ''} of near-duplicates)" if groups else "")
    )


@cli.command()
@click.argument("document_id", metavar="ID_PREFIX")
@click.option(
    "--history", is_flag=True, help="For an incident: every state it has been in, from the log."
)
@click.pass_obj
@reports_errors
def show(context: Context, document_id: str, history: bool) -> None:
    """Show a document (metadata and cleaned text) or an incident (its claims side by side), by an id
    prefix of at least 4 characters."""
    found = services.find_record(context.store, document_id)
    if isinstance(found, services.Incident):
        from ceasefire.cli.incidents import print_history, print_incident

        print_history(context, found) if history else print_incident(context, found)
        return
    doc = found
    meta = doc.meta
    fields: list[tuple[str, object]] = [
        ("id", doc.id),
        ("kind", meta.kind.value),
        ("title", meta.title),
        ("publisher", meta.publisher),
        ("published", meta.published_at),
        ("url", meta.url),
        ("language", meta.language),
        (
            "collected",
            meta.collected_at.isoformat(timespec="seconds") if meta.collected_at else None,
        ),
        ("collected by", meta.collected_by),
        ("file", doc.source_name),
        ("size", f"{doc.size} bytes, {doc.word_count} words"),
    ]
    for name, value in fields:
        rendered = value.isoformat() if isinstance(value, date) else value
        out.print(f"[bold]{name:>13}[/]  {shown(rendered) if rendered is not None else '—'}")
    out.print()
    out.print(doc.text, markup=False)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
