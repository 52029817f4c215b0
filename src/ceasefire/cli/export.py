"""Commands that export the record: export bundle."""

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
