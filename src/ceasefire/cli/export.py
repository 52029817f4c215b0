"""Commands that export the record: export bundle, export gold."""

from __future__ import annotations

from pathlib import Path

import click

from ceasefire import services
from ceasefire.cli import Context, cli, out, reports_errors


@cli.group()
def export() -> None:
    """Export the record."""


@export.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.pass_obj
@reports_errors
def bundle(context: Context, folder: Path) -> None:
    """Write a verification bundle to DIR (new or empty): originals, log, heads, keys, documents.

    Anyone can check it without the database: `ceasefire log verify --bundle DIR`.
    """
    count, head = services.export_bundle(context.store, context.settings, folder)
    signed = f", signed by {head.key_id}" if head.signature else ", unsigned"
    out.print(f"wrote {folder}: {count} entries, head of size {head.size}{signed}")
    out.print(f"root hash {head.root_hash}")


@export.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--include-confidential",
    is_flag=True,
    help="Also export complaint evidence, documents handed in as evidence of a case and sealed "
    "documents (for the secretariat's or monitors' own training only: the folder then holds "
    "confidential text).",
)
@click.pass_obj
@reports_errors
def gold(context: Context, folder: Path, include_confidential: bool) -> None:
    """Write the incidents people edited, merged, split or accepted as a gold set in DIR (new or
    empty), for `ceasefire train` and `ceasefire eval`.

    The format of eval/ (gold.jsonl, meta.jsonl, docs/), the reviewers' values, each claim's span in
    the exported text. Confidential documents stay out unless --include-confidential is given.
    """
    result = services.export_gold(context.store, folder, include_confidential=include_confidential)
    skipped = ", ".join(f"{n} {why}" for why, n in result.left_out.items() if n)
    out.print(
        f"wrote {folder}: {result.documents} documents, {result.incidents} reviewed incidents"
        + (f"; documents left out: {skipped}" if skipped else "")
    )
