"""Commands about the tamper-evident log: head, show, prove-inclusion, prove-consistency,
check-proof, verify."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from ceasefire import services
from ceasefire.cli import Context, cli, err, out, progress_bar, reports_errors
from ceasefire.errors import InputError, ProofError


@cli.group()
def log() -> None:
    """The tamper-evident log of every change: tree heads, proofs, verification."""


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _write_json(path: Path, value: Any) -> None:
    try:
        path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", where=str(path)) from exc


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=str(path)) from exc
    except ValueError as exc:
        raise ProofError(f"not JSON ({exc})", where=str(path)) from exc


@log.command()
@click.option("--json", "as_json", is_flag=True, help="Print the head as JSON.")
@click.option(
    "--save",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the head as JSON to FILE, to check proofs against later.",
)
@click.pass_obj
@reports_errors
def head(context: Context, as_json: bool, save: Path | None) -> None:
    """Issue a tree head: the log's size and Merkle root now, signed by a secretariat key.

    The head is signed when a secretariat key's private file is in the data folder (--key picks
    one); otherwise it is issued unsigned, and says so.
    """
    issued = services.log_head(context.store, context.settings)
    if save is not None:
        _write_json(save, issued.to_json())
    if as_json:
        _print_json(issued.to_json())
        return
    out.print(f"[bold]size[/]       {issued.size}")
    out.print(f"[bold]root hash[/]  {issued.root_hash}")
    out.print(f"[bold]time[/]       {issued.created_at}")
    if issued.signature:
        out.print(f"[bold]signed by[/]  {issued.key_id}")
    else:
        out.print(
            "[bold]signed by[/]  nobody: no secretariat key here "
            "(make one with `ceasefire keys new NAME --role secretariat`)"
        )
    if save is not None:
        out.print(f"saved to {save}")


@log.command()
@click.option("--from", "start", type=click.IntRange(min=1), default=1, help="First entry (seq).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.pass_obj
@reports_errors
def show(context: Context, start: int, limit: int, as_json: bool) -> None:
    """Show log entries in order."""
    entries = services.show_entries(context.store, start=start, limit=limit)
    if as_json:
        for entry in entries:
            click.echo(json.dumps(entry.to_json(), ensure_ascii=False, sort_keys=True))
        return
    table = Table(box=None, header_style="bold")
    for column in ("seq", "time", "kind", "subject", "actor", "signed by", "hash"):
        table.add_column(column, justify="right" if column == "seq" else "left")
    for entry in entries:
        table.add_row(
            str(entry.seq),
            entry.created_at[:19].replace("T", " "),
            entry.kind,
            entry.subject[:16],
            entry.actor,
            entry.key_id or "—",
            entry.entry_hash[:12],
        )
    out.print(table)
    out.print(f"{len(entries)} entr{'ies' if len(entries) != 1 else 'y'}")


@log.command("prove-inclusion")
@click.argument("seq", type=click.IntRange(min=1))
@click.option(
    "--size",
    type=click.IntRange(min=1),
    help="Prove against the log of this size (a saved head's).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the proof as JSON (for check-proof).")
@click.pass_obj
@reports_errors
def prove_inclusion(context: Context, seq: int, size: int | None, as_json: bool) -> None:
    """Prove that entry SEQ is in the log (of --size entries; default: the whole log)."""
    proof = services.prove_inclusion(context.store, seq, size=size)
    if as_json:
        _print_json(proof)
        return
    out.print(f"entry {seq} ({proof['entry']['kind']} {proof['entry']['subject'][:16]})")
    out.print(f"entry hash  {proof['entry_hash']}")
    out.print(f"log size    {proof['size']}, root hash {proof['root_hash']}")
    out.print(f"path        {len(proof['proof']['path'])} hashes (--json prints the proof)")


@log.command("prove-consistency")
@click.argument("old_size", type=click.IntRange(min=1))
@click.argument("new_size", type=click.IntRange(min=1), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the proof as JSON (for check-proof).")
@click.pass_obj
@reports_errors
def prove_consistency(context: Context, old_size: int, new_size: int | None, as_json: bool) -> None:
    """Prove that the log of NEW_SIZE entries (default: now) extends the log of OLD_SIZE."""
    proof = services.prove_consistency(context.store, old_size, new_size)
    if as_json:
        _print_json(proof)
        return
    out.print(f"old size {proof['old_size']}, root hash {proof['old_root']}")
    out.print(f"new size {proof['new_size']}, root hash {proof['new_root']}")
    out.print(f"path     {len(proof['proof']['path'])} hashes (--json prints the proof)")


@log.command("check-proof")
@click.argument("proof_file", metavar="PROOF.json", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--head",
    "head_files",
    metavar="HEAD.json",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A tree head saved earlier (`ceasefire log head --save`); give two for a consistency "
    "proof between two saved heads.",
)
@reports_errors
def check_proof(proof_file: Path, head_files: tuple[Path, ...]) -> None:
    """Check a proof against saved tree heads, offline: no database is opened.

    Exit status 0 when the proof holds, 1 (with the reason) when it does not.
    """
    try:
        heads = [
            services.TreeHead.from_json(_read_json(path), where=str(path)) for path in head_files
        ]
        said = services.check_proof(_read_json(proof_file), heads, where=str(proof_file))
    except ProofError as exc:
        err.print(f"[bold red]proof fails:[/] {exc}", markup=True, highlight=False)
        sys.exit(1)
    out.print(f"ok: {said}")


@log.command()
@click.option(
    "--bundle",
    type=click.Path(path_type=Path, file_okay=False),
    help="Check a verification bundle (`ceasefire export bundle`) instead of the database.",
)
@click.option(
    "--head",
    "head_files",
    metavar="SAVED.json",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A tree head saved earlier (`ceasefire log head --save`): the log must still extend it "
    "(catches a log cut short, with its rows and heads). Repeatable.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that re-read and re-hash the entries of a large log beside this one (default: "
    "one a core but one, from 3 cores up; 1, or a log under 200,000 entries: all in this "
    "process).",
)
@click.pass_obj
@reports_errors
def verify(
    context: Context, bundle: Path | None, head_files: tuple[Path, ...], workers: int | None
) -> None:
    """Replay the whole log: hashes, chain, signatures, heads, rows and original files.

    Names every discrepancy, one a line; exit status 1 if there is any.
    """
    saved = [
        (f"saved head {path}", services.TreeHead.from_json(_read_json(path), where=str(path)))
        for path in head_files
    ]
    if bundle is not None:
        result = services.verify_bundle(bundle, saved_heads=saved)
    else:
        total = services.log_length(context.store)
        with progress_bar("verify", total) as bar:
            result = services.verify_store(
                context.store,
                saved_heads=saved,
                workers=workers,
                progress=lambda count: bar.advance(steps=count),
            )
    for discrepancy in result.discrepancies:
        out.print(str(discrepancy), markup=False)
    what = f"bundle {bundle}" if bundle is not None else "the record"
    if result.discrepancies:
        count = len(result.discrepancies)
        err.print(
            f"[bold red]verification failed:[/] {count} discrepanc{'ies' if count != 1 else 'y'} "
            f"in {what} ({result.size} entries)",
            markup=True,
        )
        sys.exit(1)
    head = result.head
    tail = f"; latest head: size {head.size}, root {head.root_hash}" if head else ""
    out.print(f"ok: {what} verifies, {result.size} entries{tail}")
