"""Accounts, tokens and complaints in the log: written with entries, checked by `log verify`; the
users commands; login throttling."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from ceasefire import services
from ceasefire.cli import cli
from ceasefire.errors import AuthenticationError, ConflictError, InputError, ThrottledError
from ceasefire.record.store import Store
from ceasefire.record.web_tables import ComplaintRow, UserRow
from ceasefire.services.accounts import (
    LoginThrottle,
    Role,
    add_user,
    authenticate,
    issue_token,
    log_in,
    user_for_token,
)
from ceasefire.services.complaints import DocumentComplaints, Lodging, ReviewState
from ceasefire.services.intake import Submission

from ..conftest import Cli
from .conftest import ADMIN, PASSWORD


def test_users_passwords_and_tokens(store: Store) -> None:
    user = add_user(store, "pk-1", role="party", party="Pakistan", password=PASSWORD, author=ADMIN)
    assert (user.role, user.party) == (Role.PARTY, "Pakistan")
    assert authenticate(store, "pk-1", PASSWORD) == user
    with pytest.raises(AuthenticationError):
        authenticate(store, "pk-1", "wrong password")
    with pytest.raises(AuthenticationError):
        authenticate(store, "nobody", PASSWORD)
    token = issue_token(store, "pk-1", author=ADMIN)
    assert user_for_token(store, token) == user
    with pytest.raises(AuthenticationError):
        user_for_token(store, token + "x")
    with pytest.raises(ConflictError):
        add_user(store, "pk-1", role="monitor", password=PASSWORD, author=ADMIN)
    for bad in (
        {"name": "x", "role": "monitor"},
        {"name": "mon", "role": "king"},
        {"name": "mon", "role": "party"},
        {"name": "mon", "role": "monitor", "party": "Pakistan"},
    ):
        with pytest.raises(InputError):
            add_user(store, password=PASSWORD, author=ADMIN, **bad)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        add_user(store, "short", role="monitor", password="1234", author=ADMIN)
    with store.session() as session:
        stored = session.get(UserRow, "pk-1")
        assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert services.verify_store(store).is_clean


def test_tampered_accounts_and_complaints_are_found(store: Store) -> None:
    add_user(store, "pk-1", role="party", party="Pakistan", password=PASSWORD, author=ADMIN)
    add_user(store, "mon", role="monitor", password=PASSWORD, author=ADMIN)
    party = authenticate(store, "pk-1", PASSWORD)
    monitor = authenticate(store, "mon", PASSWORD)
    complaints = DocumentComplaints(store, extract=False)
    made = complaints.lodge(party, Lodging("Shelling", Submission(text="Shells hit Chaman.")))
    complaints.review(monitor, made.id, state=ReviewState.NOT_A_VIOLATION, note="no shelling")
    assert services.verify_store(store).is_clean
    with store.session() as session:
        session.execute(update(UserRow).where(UserRow.name == "pk-1").values(role="secretariat"))
        session.execute(update(ComplaintRow).values(state="verified"))
    problems = [str(d) for d in services.verify_store(store).discrepancies]
    assert any("user pk-1 row changed (role)" in p for p in problems), problems
    assert any(f"complaint {made.id} row changed (state)" in p for p in problems), problems


def test_login_throttling() -> None:
    throttle = LoginThrottle(max_failures=2, window=60)
    throttle.failed("mon", "1.2.3.4")
    throttle.check("mon", "1.2.3.4")
    throttle.failed("mon", "1.2.3.4")
    with pytest.raises(ThrottledError) as raised:
        throttle.check("mon", "1.2.3.4")
    assert raised.value.retry_after > 0
    throttle.check("mon", "5.6.7.8")  # another address is not held back
    throttle.check("sec", "1.2.3.4")


def test_log_in_is_throttled_even_with_the_right_password(sqlite_settings: object) -> None:
    store = Store.open(sqlite_settings)  # type: ignore[arg-type]
    try:
        add_user(store, "mon", role="monitor", password=PASSWORD, author=ADMIN)
        throttle = LoginThrottle(max_failures=3, window=300)
        for _ in range(3):
            with pytest.raises(AuthenticationError):
                log_in(store, throttle, "mon", "guess", address="a")
        with pytest.raises(ThrottledError):
            log_in(store, throttle, "mon", PASSWORD, address="a")
        assert log_in(store, throttle, "mon", PASSWORD, address="b").name == "mon"
    finally:
        store.close()


def test_users_commands(run: Cli) -> None:
    added = run.runner.invoke(
        cli,
        [
            "--data-dir",
            str(run.settings.data),
            *(["--db", run.settings.db] if run.settings.db else []),
            "users",
            "add",
            "af-1",
            "--role",
            "party",
            "--party",
            "Afghanistan",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        catch_exceptions=False,
    )
    assert added.exit_code == 0, added.output
    assert "added user af-1 (party, Afghanistan)" in added.output
    listed = run("users", "list")
    assert "af-1" in listed.output and "Afghanistan" in listed.output
    token = run("users", "token", "af-1")
    assert token.exit_code == 0 and token.output.strip().splitlines()[0].startswith("cf_")
    missing = run("users", "token", "nobody")
    assert missing.exit_code == 2 and "no such user" in missing.output
    assert run("log", "verify").exit_code == 0
