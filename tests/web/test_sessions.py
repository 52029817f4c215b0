"""Sessions and tokens end when they should: logout ends the session in the store (a saved cookie is
refused), tokens expire and are revoked, a disabled user is refused by password, token and session
at once, a new password ends the sessions; each change is in the log and `log verify` checks it."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select, update

from ceasefire import services
from ceasefire.cli import cli
from ceasefire.errors import AuthenticationError
from ceasefire.record.log import Author
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.store import Store
from ceasefire.record.web_tables import ApiTokenRow, UserRow, WebSessionRow
from ceasefire.services.accounts import (
    add_user,
    authenticate,
    issue_token,
    revoke_tokens,
    set_active,
    set_password,
    token_digest,
    user_for_token,
)

from ..conftest import Cli
from .conftest import PASSWORD, TestClient, Web, create_app
from .test_pages import _csrf, log_in


def _me(client: TestClient) -> str | None:
    name: str | None = client.get("/api/me").json()["name"]
    return name


def test_a_saved_cookie_is_refused_after_logout(web: Web) -> None:
    with TestClient(create_app(web.settings, store=web.store)) as client:
        assert log_in(client, "mon")[0] == 303
        saved = client.cookies["ceasefire_session"]
        assert _me(client) == "mon"
        client.post("/logout", data={"csrf_token": _csrf(client.get("/").text)})
        assert _me(client) is None
    # The cookie as it was before logout, replayed by another client: the session is over.
    with TestClient(create_app(web.settings, store=web.store)) as other:
        other.cookies.set("ceasefire_session", saved)
        assert _me(other) is None
        other.cookies.set("ceasefire_session", saved)
        refused = other.get("/review", follow_redirects=False)
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    with web.store.session() as session:
        rows = list(session.scalars(select(WebSessionRow).where(WebSessionRow.user_name == "mon")))
    assert len(rows) == 1 and rows[0].revoked_at is not None


def test_a_disabled_user_is_refused_everywhere_at_once(web: Web) -> None:
    with TestClient(create_app(web.settings, store=web.store)) as client:
        assert log_in(client, "mon")[0] == 303
        assert _me(client) == "mon"
        assert web.get("/api/me", "monitor").json()["name"] == "mon"
        size = web.log_size()
        set_active(web.store, "mon", active=False, author=Author("t"))
        assert web.log_size() == size + 1
        assert _me(client) is None  # the open session
        assert web.get("/api/me", "monitor").status_code == 401  # the token
        assert log_in(client, "mon")[0] == 401  # the password
        set_active(web.store, "mon", active=True, author=Author("t"))
        assert web.get("/api/me", "monitor").json()["name"] == "mon"  # the token is back
        assert _me(client) is None  # the session is not
        assert log_in(client, "mon")[0] == 303
    assert services.verify_store(web.store).is_clean


def test_a_new_password_ends_the_sessions(web: Web) -> None:
    with TestClient(create_app(web.settings, store=web.store)) as client:
        assert log_in(client, "sec")[0] == 303
        set_password(web.store, "sec", "a brand new pass", author=Author("t"))
        assert _me(client) is None
        assert log_in(client, "sec")[0] == 401
        assert log_in(client, "sec", "a brand new pass")[0] == 303
    with web.store.session() as session:
        entry = session.scalars(select(LogEntryRow).where(LogEntryRow.kind == "password_set")).one()
        stored = session.get(UserRow, "sec")
        assert stored is not None
    # Never the hash: the sha256 of it, as user_added logs it, so that log verify holds the row.
    digest = hashlib.sha256(stored.password_hash.encode("utf-8")).hexdigest()
    assert json.loads(entry.payload) == {"name": "sec", "password_sha256": digest}
    assert stored.password_hash not in entry.payload


def test_tokens_expire_and_are_revoked(store: Store) -> None:
    author = Author("t")
    add_user(store, "mon", role="monitor", password=PASSWORD, author=author)
    short = issue_token(store, "mon", author=author, max_age=3600)
    kept = issue_token(store, "mon", author=author)
    assert user_for_token(store, short).name == "mon"
    digest = token_digest(short)
    with store.session() as session:  # an hour later
        session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.token_sha256 == digest)
            .values(expires_at="2000-01-01T00:00:00.000000Z")
        )
    with pytest.raises(AuthenticationError, match="expired"):
        user_for_token(store, short)
    # The expiry is in the log: the edit above is named by `log verify`.
    problems = [str(d) for d in services.verify_store(store).discrepancies]
    assert any("row changed (expires_at)" in p for p in problems), problems
    with store.session() as session:
        session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.token_sha256 == digest)
            .values(expires_at=json.loads(_issued(store, digest))["expires_at"])
        )
    assert services.verify_store(store).is_clean
    kept_id = token_digest(kept)[:12]
    assert revoke_tokens(store, "mon", kept_id[:8], author=author) == [kept_id]
    with pytest.raises(AuthenticationError, match="revoked"):
        user_for_token(store, kept)
    assert services.verify_store(store).is_clean
    with store.session() as session:  # un-revoking it behind the log's back is seen
        session.execute(update(ApiTokenRow).values(revoked_at=None))
    problems = [str(d) for d in services.verify_store(store).discrepancies]
    assert any("row changed (revoked_at)" in p for p in problems), problems


def _issued(store: Store, digest: str) -> str:
    with store.session() as session:
        return session.scalars(
            select(LogEntryRow.payload).where(
                LogEntryRow.kind == "token_issued", LogEntryRow.subject == digest
            )
        ).one()


def test_a_disabled_user_edited_back_to_active_is_found(store: Store) -> None:
    author = Author("t")
    add_user(store, "mon", role="monitor", password=PASSWORD, author=author)
    set_active(store, "mon", active=False, author=author)
    assert services.verify_store(store).is_clean
    with store.session() as session:
        session.execute(update(UserRow).values(is_active=True))
    problems = [str(d) for d in services.verify_store(store).discrepancies]
    assert any("user mon row changed (is_active)" in p for p in problems), problems


def test_account_commands(run: Cli) -> None:
    options = ["--data-dir", str(run.settings.data)]
    options += ["--db", run.settings.db] if run.settings.db else []

    def with_password(*args: str, password: str = PASSWORD) -> str:
        made = run.runner.invoke(cli, [*options, *args, "--password-stdin"], input=password + "\n")
        assert made.exit_code == 0, made.output
        return made.output

    with_password("users", "add", "mon", "--role", "monitor")
    issued = run("users", "token", "mon", "--expires-in", "7")
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    token_id = token_digest(token)[:12]
    assert token_id in issued.stderr and "expires" in issued.stderr
    listed = run("users", "tokens", "mon")
    assert token_id in listed.output and "live" in listed.output
    assert run("users", "revoke-token", "mon").exit_code == 2  # an id or --all
    missing = run("users", "revoke-token", "mon", "abcdef")
    assert missing.exit_code == 2 and "no unrevoked token" in missing.output
    bad = run("users", "revoke-token", "mon", "not-hex")
    assert bad.exit_code == 2 and "hexadecimal" in bad.output
    revoked = run("users", "revoke-token", "mon", token_id)
    assert revoked.exit_code == 0 and f"revoked 1 token of mon: {token_id}" in revoked.output
    assert "revoked" in run("users", "tokens", "mon").output
    assert run("users", "revoke-token", "mon", "--all").output.startswith("revoked 0 tokens")
    assert "disabled user mon" in run("users", "disable", "mon").output
    again = run("users", "disable", "mon")
    assert again.exit_code == 2 and "disabled already" in again.output
    listed_users = [line.split() for line in run("users", "list").output.splitlines()]
    assert ["mon", "monitor", "—", "no"] in listed_users
    assert "enabled user mon" in run("users", "enable", "mon").output
    assert "set a new password for mon" in with_password(
        "users", "set-password", "mon", password="another password"
    )
    short = run.runner.invoke(
        cli, [*options, "users", "set-password", "mon", "--password-stdin"], input="123\n"
    )
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    assert run("users", "disable", "nobody").exit_code == 2
    assert run("log", "verify").exit_code == 0
    # A bundle carries no accounts, but their entries verify in it (they did not before).
    bundle = run.settings.data.parent / "bundle"
    assert run("export", "bundle", str(bundle)).exit_code == 0
    checked = run("log", "verify", "--bundle", str(bundle))
    assert checked.exit_code == 0, checked.output
    store = Store.open(run.settings)
    try:
        assert authenticate(store, "mon", "another password").name == "mon"
        with store.session() as session:
            kinds = list(session.scalars(select(LogEntryRow.kind).order_by(LogEntryRow.seq)))
            payloads = " ".join(session.scalars(select(LogEntryRow.payload)))
            row = session.get(UserRow, "mon")
            assert row is not None
            assert row.password_hash not in payloads and token not in payloads
    finally:
        store.close()
    assert kinds[-6:] == [
        "token_issued",
        "token_revoked",
        "user_disabled",
        "user_enabled",
        "password_set",
        "tree_head_issued",  # the head the bundle was exported under
    ]


def test_a_token_made_before_expiries_expires_by_its_age(store: Store) -> None:
    """A token of a store made before migration 0010 has no expires_at: token_max_age counts from
    when it was made."""
    add_user(store, "mon", role="monitor", password=PASSWORD, author=Author("t"))
    token = issue_token(store, "mon", author=Author("t"))
    with store.session() as session:
        session.execute(update(ApiTokenRow).values(expires_at=None))
    assert user_for_token(store, token, max_age=3600).name == "mon"
    with store.session() as session:
        session.execute(update(ApiTokenRow).values(created_at="2020-01-01T00:00:00.000000Z"))
    with pytest.raises(AuthenticationError, match="expired"):
        user_for_token(store, token, max_age=3600)
