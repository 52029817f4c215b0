"""Commands about signing keys: keys new, keys list."""

from __future__ import annotations

import click
from rich.table import Table

from ceasefire import services
from ceasefire.cli import Context, cli, out, reports_errors

ROLES = ("secretariat", "monitor", "party", "public")


@cli.group()
def keys() -> None:
    """Ed25519 signing keys of the secretariat, monitors and parties."""


@keys.command()
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="Who holds the key.")
@click.option("--party", help="The party a party key belongs to, e.g. 'Pakistan'.")
@click.pass_obj
@reports_errors
def new(context: Context, name: str, role: str, party: str | None) -> None:
    """Make a key NAME: private key in <data>/keys/NAME.pem, public key registered in the log.

    With CEASEFIRE_KEY_PASSPHRASE set, the private key file is encrypted with it.
    """
    made = services.new_key(context.store, context.settings, name, role=role, party=party)
    out.print(f"made key {made.name} ({made.role}{', ' + made.party if made.party else ''})")
    out.print(f"public key   {made.public_key}")
    out.print(f"private key  {made.path}")


@keys.command("list")
@click.pass_obj
@reports_errors
def list_(context: Context) -> None:
    """List the registered keys."""
    table = Table(box=None, header_style="bold")
    for column in ("name", "role", "party", "public key", "registered", "private key here"):
        table.add_column(column)
    registered = services.list_keys(context.store, context.settings)
    for key in registered:
        table.add_row(
            key.name,
            key.role,
            key.party or "—",
            key.public_key,
            key.created_at[:19].replace("T", " "),
            "yes" if key.has_private_key else "no",
        )
    out.print(table)
    out.print(f"{len(registered)} key{'s' if len(registered) != 1 else ''}")
