"""Commands of the web app: serve, and the accounts it logs in (users add, users list, users token)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.table import Table

from ceasefire import services
from ceasefire.cli import Context, cli, err, out, reports_errors
from ceasefire.services.accounts import Role, add_user, issue_token, list_users
from ceasefire.services.assessment import load_agreements

ROLES = tuple(role.value for role in Role)
PASSWORD_ENV = "CEASEFIRE_PASSWORD"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--agreements",
    type=click.Path(path_type=Path),
    default=None,
    help="Agreement file or folder offered for complaints, assessment and reports "
    "(default: $CEASEFIRE_AGREEMENTS, else ./agreements).",
)
@click.pass_obj
@reports_errors
def serve(context: Context, host: str, port: int, workers: int, agreements: Path | None) -> None:
    """Serve the web pages and the HTTP API (OpenAPI at /docs) over this record."""
    import uvicorn

    # The app is built by uvicorn's factory from the environment, in each worker; the flags given
    # to `ceasefire` reach it there.
    settings = context.settings
    os.environ["CEASEFIRE_DATA"] = str(settings.data)
    if settings.db:
        os.environ["CEASEFIRE_DB"] = settings.db
    if settings.key:
        os.environ["CEASEFIRE_KEY"] = settings.key
    offered = (agreements or settings.agreements).resolve()
    os.environ["CEASEFIRE_AGREEMENTS"] = str(offered)
    found = load_agreements(offered)  # a malformed file stops here, named, before serving
    context.store  # noqa: B018 - migrate once, before the workers start
    err.print(f"serving {context.store.description} on http://{host}:{port}/ (API docs at /docs)")
    err.print(
        f"agreements: {', '.join(a.id for a in found)}"
        if found
        else f"no agreement in {offered}: complaints and reports need one (--agreements)"
    )
    uvicorn.run(
        "ceasefire.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )


@cli.group()
def users() -> None:
    """Accounts of the web app: secretariat, monitor, party (bound to one party) and public."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option(
    "--party", help="The party a party liaison speaks for: its id in the agreement, e.g. pakistan."
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help=f"Read the password from the first line of standard input (else ${PASSWORD_ENV}, else a prompt).",
)
@click.pass_obj
@reports_errors
def users_add(
    context: Context, name: str, role: str, party: str | None, password_stdin: bool
) -> None:
    """Add a user NAME who logs in with a password (hashed with argon2; the log records the user)."""
    user = add_user(
        context.store,
        name,
        role=role,
        party=party,
        password=_password(password_stdin),
        author=context.author,
    )
    out.print(
        f"added user {user.name} ({user.role.value}{', ' + user.party if user.party else ''})"
    )


@users.command("list")
@click.pass_obj
@reports_errors
def users_list(context: Context) -> None:
    """List the users and their roles."""
    table = Table(box=None, header_style="bold")
    for column in ("name", "role", "party"):
        table.add_column(column)
    found = list_users(context.store)
    for user in found:
        table.add_row(user.name, user.role.value, user.party or "—")
    out.print(table)
    out.print(f"{len(found)} user{'s' if len(found) != 1 else ''}")


@users.command("token")
@click.argument("name")
@click.pass_obj
@reports_errors
def users_token(context: Context, name: str) -> None:
    """Issue an API bearer token for NAME; printed once (only its sha256 is kept)."""
    token = issue_token(context.store, name, author=context.author)
    out.print(token)
    err.print("Send it as 'Authorization: Bearer TOKEN'. It is not shown again.")


__all__ = ["serve", "services", "users"]
