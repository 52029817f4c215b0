"""Commands of the web app: serve, and the accounts it logs in (users add, list, token, tokens,
revoke-token, disable, enable, set-password)."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import click
from rich.table import Table

from ceasefire import services
from ceasefire.cli import Context, cli, err, out, reports_errors
from ceasefire.errors import InputError
from ceasefire.services.accounts import (
    TOKEN_ID_LENGTH,
    Role,
    add_user,
    issue_token,
    list_tokens,
    list_users,
    revoke_tokens,
    set_active,
    set_password,
    token_digest,
)
from ceasefire.services.assessment import load_agreements

ROLES = tuple(role.value for role in Role)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_cookie_secure(host: str, given: bool | None) -> bool:
    """As given, else on unless the server listens only on this machine (plain http for testing)."""
    return given if given is not None else host not in LOCAL_HOSTS


def trusted_proxies(given: str) -> list[str]:
    """The addresses of --forwarded-allow-ips: each an IP address or network, or '*'."""
    found = [part.strip() for part in given.split(",") if part.strip()]
    for part in found:
        if part == "*":
            continue
        try:
            ipaddress.ip_network(part, strict=False)
        except ValueError as exc:
            raise InputError(
                f"{part!r} is not an IP address or network", where="--forwarded-allow-ips"
            ) from exc
    return found


PASSWORD_ENV = "CEASEFIRE_PASSWORD"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes (default: the number of cores this process may use).",
)
@click.option(
    "--agreements",
    type=click.Path(path_type=Path),
    default=None,
    help="Agreement file or folder offered for complaints, assessment and reports "
    "(default: $CEASEFIRE_AGREEMENTS, else ./agreements).",
)
@click.option(
    "--forwarded-allow-ips",
    default=None,
    metavar="IPS",
    help="Comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto headers are "
    "trusted ('*': any); default: $CEASEFIRE_FORWARDED_ALLOW_IPS, else none (the connection's "
    "address counts, e.g. for login throttling).",
)
@click.option(
    "--cookie-secure/--no-cookie-secure",
    default=None,
    help="Send the session cookie over HTTPS only (default: $CEASEFIRE_COOKIE_SECURE, else on "
    "unless --host is 127.0.0.1, localhost or ::1).",
)
@click.pass_obj
@reports_errors
def serve(
    context: Context,
    host: str,
    port: int,
    workers: int | None,
    agreements: Path | None,
    forwarded_allow_ips: str | None,
    cookie_secure: bool | None,
) -> None:
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
    secure = is_cookie_secure(
        host, settings.cookie_secure if cookie_secure is None else cookie_secure
    )
    os.environ["CEASEFIRE_COOKIE_SECURE"] = "true" if secure else "false"
    proxies = trusted_proxies(
        settings.forwarded_allow_ips if forwarded_allow_ips is None else forwarded_allow_ips
    )
    found = load_agreements(offered)  # a malformed file stops here, named, before serving
    context.store  # noqa: B018 - migrate once, before the workers start
    processes = workers or len(os.sched_getaffinity(0))
    # Each worker allows its share of the failed-login limit (web.app.create_app).
    os.environ["CEASEFIRE_SERVE_WORKERS"] = str(processes)
    err.print(
        f"serving {context.store.description} on http://{host}:{port}/ (API docs at /docs), "
        f"{processes} worker process(es)"
    )
    err.print(
        f"agreements: {', '.join(a.id for a in found)}"
        if found
        else f"no agreement in {offered}: complaints and reports need one (--agreements)"
    )
    err.print(
        f"proxy headers trusted from: {', '.join(proxies) if proxies else 'nobody'}; "
        f"session cookie {'Secure (HTTPS only)' if secure else 'not Secure (plain http)'}"
    )
    uvicorn.run(
        "ceasefire.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=processes,
        # uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told otherwise: a client on the same
        # machine could then pose as any address (and dodge the login throttle).
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
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
    for column in ("name", "role", "party", "active"):
        table.add_column(column)
    found = list_users(context.store)
    for account in found:
        user = account.user
        table.add_row(
            user.name, user.role.value, user.party or "—", "yes" if account.is_active else "no"
        )
    out.print(table)
    out.print(f"{len(found)} user{'s' if len(found) != 1 else ''}")


@users.command("token")
@click.argument("name")
@click.option(
    "--expires-in",
    type=click.IntRange(1, 3650),
    default=None,
    help="Days the token is accepted (default: the token_max_age setting, 90 days).",
)
@click.pass_obj
@reports_errors
def users_token(context: Context, name: str, expires_in: int | None) -> None:
    """Issue an API bearer token for NAME; printed once (only its sha256 is kept)."""
    max_age = expires_in * 86400 if expires_in else context.settings.token_max_age
    token = issue_token(context.store, name, author=context.author, max_age=max_age)
    out.print(token)
    made = list_tokens(context.store, name, max_age=context.settings.token_max_age)
    mine = next(t for t in made if t.id == token_digest(token)[:TOKEN_ID_LENGTH])
    err.print(
        f"Send it as 'Authorization: Bearer TOKEN'. It is not shown again. "
        f"Id {mine.id}, expires {mine.expires_at}."
    )


@users.command("tokens")
@click.argument("name")
@click.pass_obj
@reports_errors
def users_tokens(context: Context, name: str) -> None:
    """List NAME's API tokens by id (the start of their sha256): made, expires, state."""
    table = Table(box=None, header_style="bold")
    for column in ("id", "created", "expires", "state"):
        table.add_column(column)
    found = list_tokens(context.store, name, max_age=context.settings.token_max_age)
    for token in found:
        table.add_row(token.id, token.created_at, token.expires_at, token.state)
    out.print(table)
    out.print(f"{len(found)} token{'s' if len(found) != 1 else ''}")


@users.command("revoke-token")
@click.argument("name")
@click.argument("token_id", metavar="[ID]", required=False)
@click.option("--all", "every", is_flag=True, help="Revoke every token of NAME.")
@click.pass_obj
@reports_errors
def users_revoke_token(context: Context, name: str, token_id: str | None, every: bool) -> None:
    """Revoke NAME's API token ID (as `users tokens` lists it), or all of them with --all: refused
    from now on. Logged as token_revoked."""
    if (token_id is None) == (not every):
        raise click.UsageError("give a token ID or --all, not both")
    revoked = revoke_tokens(context.store, name, token_id, author=context.author)
    out.print(
        f"revoked {len(revoked)} token{'s' if len(revoked) != 1 else ''} of {name}"
        + (f": {', '.join(revoked)}" if revoked else "")
    )


@users.command("disable")
@click.argument("name")
@click.pass_obj
@reports_errors
def users_disable(context: Context, name: str) -> None:
    """Disable NAME: its password, tokens and sessions are refused at once (logged)."""
    set_active(context.store, name, active=False, author=context.author)
    out.print(f"disabled user {name}; its sessions are ended")


@users.command("enable")
@click.argument("name")
@click.pass_obj
@reports_errors
def users_enable(context: Context, name: str) -> None:
    """Enable NAME again: its password and unexpired, unrevoked tokens work again (logged)."""
    set_active(context.store, name, active=True, author=context.author)
    out.print(f"enabled user {name}")


@users.command("set-password")
@click.argument("name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help=f"Read the password from the first line of standard input (else ${PASSWORD_ENV}, else a prompt).",
)
@click.pass_obj
@reports_errors
def users_set_password(context: Context, name: str, password_stdin: bool) -> None:
    """Give NAME a new password (argon2; the log records that it changed, never the hash) and end
    its sessions."""
    set_password(context.store, name, _password(password_stdin), author=context.author)
    out.print(f"set a new password for {name}; its sessions are ended")


__all__ = ["serve", "services", "users"]
