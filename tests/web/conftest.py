"""Fixtures of the web tests: an app over a fresh store (SQLite and PostgreSQL) holding the demo
reports, one user of each role with an API token, and clients that act as each of them."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.record.store import Store
from ceasefire.services.accounts import add_user, issue_token
from ceasefire.services.log import Author

from ..conftest import DEMO

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from ceasefire.web import create_app

PASSWORD = "correct horse battery"
ADMIN = Author("tester")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    party: str | None = None


ACCOUNTS = {
    "secretariat": Account("sec", "secretariat"),
    "monitor": Account("mon", "monitor"),
    "pakistan": Account("pk-liaison", "party", "Pakistan"),
    "afghanistan": Account("af-liaison", "party", "Afghanistan"),
    "public": Account("reader", "public"),
}


def add_accounts(store: Store) -> dict[str, str]:
    """Makes the accounts; returns each one's bearer token by key of ACCOUNTS."""
    tokens = {}
    for key, account in ACCOUNTS.items():
        add_user(
            store,
            account.name,
            role=account.role,
            party=account.party,
            password=PASSWORD,
            author=ADMIN,
        )
        tokens[key] = issue_token(store, account.name, author=ADMIN)
    return tokens


class Web:
    """A TestClient and a way to send each request as one of the accounts (by bearer token)."""

    def __init__(self, client: TestClient, store: Store, tokens: dict[str, str]) -> None:
        self.client = client
        self.store = store
        self.tokens = tokens

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}

    def get(self, path: str, who: str | None = None, **kwargs: object) -> object:
        return self.client.get(path, headers=self.headers(who), **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, who: str | None = None, **kwargs: object) -> object:
        return self.client.post(path, headers=self.headers(who), **kwargs)  # type: ignore[arg-type]

    def log_size(self) -> int:
        return services.current_head(self.store).size


@pytest.fixture
def seeded_store(store: Store) -> Store:
    services.ingest_paths(store, [DEMO], collected_by="tester")
    return store


@pytest.fixture
def web(settings: Settings, seeded_store: Store) -> Iterator[Web]:
    tokens = add_accounts(seeded_store)
    app = create_app(settings, store=seeded_store)
    with TestClient(app) as client:
        yield Web(client, seeded_store, tokens)
