"""Accounts, tokens and web-lodged cases in the log: written with entries, checked by `log verify`;
the users commands; login throttling."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from ceasefire import services
from ceasefire.cli import cli
from ceasefire.errors import AuthenticationError, ConflictError, InputError, ThrottledError
from ceasefire.record.assess_tables import CaseRow
from ceasefire.record.store import Store
from ceasefire.record.web_tables import ApiTokenRow, UserRow
from ceasefire.services.accounts import (
    LoginThrottle,
    Role,
    add_user,
    authenticate,
    issue_token,
    log_in,
    user_for_token,
)
from ceasefire.services.assessment import load_agreements
from ceasefire.services.complaints import Lodging, advance_case, lodge_complaint
from ceasefire.services.intake import Submission

from ..conftest import Cli
from .conftest import ADMIN, AGREEMENTS, PASSWORD


def test_users_passwords_and_tokens(store: Store) -> None:
    user = add_user(store, "pk-1", role="party", party="pakistan", password=PASSWORD, author=ADMIN)
    assert (user.role, user.party) == (Role.PARTY, "pakistan")
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
        {"name": "mon", "role": "monitor", "party": "pakistan"},
        {"name": "mon", "role": "party", "party": "Pakistan"},  # parties are named by their id
    ):
        with pytest.raises(InputError):
            add_user(store, password=PASSWORD, author=ADMIN, **bad)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        add_user(store, "short", role="monitor", password="1234", author=ADMIN)
    with store.session() as session:
        stored = session.get(UserRow, "pk-1")
        assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert services.verify_store(store).is_clean


def test_tampered_accounts_tokens_and_cases_are_found(store: Store) -> None:
    add_user(store, "pk-1", role="party", party="pakistan", password=PASSWORD, author=ADMIN)
    add_user(store, "mon", role="monitor", password=PASSWORD, author=ADMIN)
    issue_token(store, "mon", author=ADMIN)
    party = authenticate(store, "pk-1", PASSWORD)
    monitor = authenticate(store, "mon", PASSWORD)
    agreement = load_agreements(AGREEMENTS)[0]
    lodging = Lodging("Shelling of Chaman", Submission(text="Shells hit Chaman."))
    made = lodge_complaint(store, party, agreement, lodging)
    advance_case(store, monitor, made.id, to=None, reason="received")
    assert services.verify_store(store).is_clean
    with store.session() as session:
        session.execute(update(UserRow).where(UserRow.name == "pk-1").values(role="secretariat"))
        session.execute(update(ApiTokenRow).values(user_name="pk-1"))
        session.execute(update(CaseRow).values(against="pakistan"))
    problems = [str(d) for d in services.verify_store(store).discrepancies]
    assert any("user pk-1 row changed (role)" in p for p in problems), problems
    assert any("row changed (user)" in p for p in problems), problems
    assert any(made.id in p for p in problems), problems


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
            "afghanistan",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        catch_exceptions=False,
    )
    assert added.exit_code == 0, added.output
    assert "added user af-1 (party, afghanistan)" in added.output
    listed = run("users", "list")
    assert "af-1" in listed.output and "afghanistan" in listed.output
    token = run("users", "token", "af-1")
    assert token.exit_code == 0 and token.output.strip().splitlines()[0].startswith("cf_")
    missing = run("users", "token", "nobody")
    assert missing.exit_code == 2 and "no such user" in missing.output
    assert run("log", "verify").exit_code == 0
