"""The `ceasefire` command: thin commands that call services and render their results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ceasefire import __version__, services
from ceasefire.config import Settings
from ceasefire.domain import DocumentKind
from ceasefire.errors import CeasefireError

F = TypeVar("F", bound=Callable[..., Any])

# Piped output gets a wide page so that tables keep one row per line.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Context:
    """What every command shares: the settings, and the store opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: services.Store | None = None

    @property
    def store(self) -> services.Store:
        if self._store is None:
            self._store = services.open_store(self.settings)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def reports_errors(command: F) -> F:
    """Turns a CeasefireError into one line on stderr and exit status 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CeasefireError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _version_text() -> str:
    return f"ceasefire {__version__}"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Data folder (SQLite file and original documents). Default ./ceasefire-data, or $CEASEFIRE_DATA.",
)
@click.option(
    "--db",
    default=None,
    metavar="URL",
    help="Database URL, e.g. postgresql://user@127.0.0.1/ceasefire. Default: SQLite in the data "
    "folder, or $CEASEFIRE_DB.",
)
@click.version_option(message="%(version)s", version=_version_text(), prog_name="ceasefire")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, db: str | None) -> None:
    """Ceasefire Monitor: turn reports into a verifiable record of incidents, claims and findings.

    Start with `ceasefire ingest FOLDER` to add documents, then `ceasefire documents` to list them
    and `ceasefire show ID` to read one.
    """
    context = Context(Settings.from_env(data_dir=data_dir, db=db))
    ctx.obj = context
    ctx.call_on_close(context.close)


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
@click.pass_obj
@reports_errors
def ingest(
    context: Context,
    /,
    paths: tuple[Path, ...],
    **flags: str | None,
) -> None:
    """Add files and folders (.txt, .md, .html, .htm) to the record.

    Metadata comes from a folder's meta.jsonl, a sidecar NAME.meta.json, and these flags, later
    ones winning. The same bytes ingested twice are stored once.
    """
    given = {name: value for name, value in flags.items() if value is not None}
    flag_meta = services.parse_flags(given)
    store = context.store
    total = services.count_files(list(paths))
    with Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"),
        console=err,
        transient=True,
        disable=total < 2 or not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingest", total=total, name="")

        def on_file(outcome: services.IngestOutcome) -> None:
            progress.update(task, advance=1, name=outcome.path.name)
            if outcome.status is services.IngestStatus.FAILED:
                err.print(f"[red]failed[/] {outcome.message}")
            elif outcome.status is services.IngestStatus.SKIPPED:
                out.print(f"skipped          {outcome.path} ({outcome.message})")
            elif outcome.status is services.IngestStatus.PRESENT:
                out.print(
                    f"already present  {outcome.document_id[:12] if outcome.document_id else ''}  {outcome.path}"
                )
            else:
                out.print(
                    f"added            {outcome.document_id[:12] if outcome.document_id else ''}  {outcome.path}"
                )

        report = services.ingest_paths(
            store,
            list(paths),
            flags=flag_meta,
            collected_by=context.settings.collector,
            on_file=on_file,
        )
    added = report.count(services.IngestStatus.ADDED)
    present = report.count(services.IngestStatus.PRESENT)
    failed = report.count(services.IngestStatus.FAILED)
    skipped = report.count(services.IngestStatus.SKIPPED)
    summary = f"{added} added, {present} already present, {failed} failed"
    out.print(summary + (f", {skipped} skipped" if skipped else ""))
    if added == 0 and failed == 0:
        out.print("nothing changed: every document was already in the record")
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@click.pass_obj
@reports_errors
def documents(context: Context, limit: int | None) -> None:
    """List the documents in the record, newest first."""
    rows = services.list_documents(context.store, limit=limit)
    table = Table(box=None, header_style="bold")
    for column in ("id", "kind", "publisher", "published", "title", "words"):
        table.add_column(column, justify="right" if column == "words" else "left")
    for doc in rows:
        meta = doc.meta
        table.add_row(
            doc.id[:12],
            meta.kind.value,
            meta.publisher or "—",
            meta.published_at.isoformat() if meta.published_at else "—",
            _shorten(meta.title or doc.source_name or "", 60),
            str(doc.word_count),
        )
    out.print(table)
    out.print(f"{len(rows)} document{'s' if len(rows) != 1 else ''}")


@cli.command()
@click.argument("document_id")
@click.pass_obj
@reports_errors
def show(context: Context, document_id: str) -> None:
    """Show a document's metadata and cleaned text, by an id prefix of at least 4 characters."""
    doc = services.find_document(context.store, document_id)
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
        out.print(f"[bold]{name:>13}[/]  {rendered if rendered is not None else '—'}")
    out.print()
    out.print(doc.text, markup=False)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    cli(prog_name="ceasefire")
