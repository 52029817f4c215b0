"""Fixtures of the web tests: an app over a store (SQLite and PostgreSQL) holding the demo reports
assessed against agreements/doha-2025.yaml, one user of each role with an API token, and clients
that act as each of them.

The record is made once per backend and session, then copied for each test (the SQLite folder; a
PostgreSQL database made from it as a template, with its originals folder), so each test has a
fresh store of its own without running extraction again.
"""

from __future__ import annotations

import shutil
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.record.incidents import IncidentFilter
from ceasefire.record.store import Store
from ceasefire.services.accounts import add_user, issue_token
from ceasefire.services.assessment import load_agreements, run_assessment
from ceasefire.services.log import Author

from ..conftest import DEMO, REPO, _postgres_admin_url

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from ceasefire.web import create_app

PASSWORD = "correct horse battery"
ADMIN = Author("tester")
AGREEMENTS = REPO / "agreements"


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    party: str | None = None


ACCOUNTS = {
    "secretariat": Account("sec", "secretariat"),
    "monitor": Account("mon", "monitor"),
    "pakistan": Account("pk-liaison", "party", "pakistan"),
    "afghanistan": Account("af-liaison", "party", "afghanistan"),
    "public": Account("reader", "public"),
}


def incident_filter(query: dict[str, str]) -> IncidentFilter:
    """The record's filter a page's or the API's query string asks for (the tests' own reading of
    it, to hold the answers served against the record's)."""
    return IncidentFilter(
        country=query.get("country"),
        admin1=query.get("admin1"),
        event_type=query.get("event_type"),
        actor=query.get("actor"),
        reviewed={"true": True, "false": False}.get(query.get("reviewed", "")),
        date_from=date.fromisoformat(query["date_from"]) if "date_from" in query else None,
        date_to=date.fromisoformat(query["date_to"]) if "date_to" in query else None,
        q=query.get("q"),
    )


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


def seed(settings: Settings) -> dict[str, str]:
    """The demo record, assessed, with the accounts; returns their tokens."""
    store = Store.open(settings)
    try:
        services.ingest_paths(store, [DEMO], collected_by="tester")
        run_assessment(store, load_agreements(AGREEMENTS)[0], ADMIN)
        return add_accounts(store)
    finally:
        store.close()


@dataclass(frozen=True)
class Seed:
    data: Path
    tokens: dict[str, str]
    template: str | None = None  # a PostgreSQL database to copy


@pytest.fixture(scope="session")
def sqlite_seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    data = tmp_path_factory.mktemp("web-seed") / "data"
    tokens = seed(Settings(data=data, collector="tester"))
    return Seed(data, tokens)


def _admin(url: str) -> Any:
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seed]:
    admin_url = _postgres_admin_url()
    name = f"cf_web_seed_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = admin_url.rpartition("/")[0]
    data = tmp_path_factory.mktemp("web-seed-pg") / "data"
    try:
        tokens = seed(Settings(data=data, db=f"{base}/{name}", collector="tester"))
        yield Seed(data, tokens, name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def web_setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Settings, Seed]]:
    """Settings of a fresh copy of the seeded record, on each backend."""
    data = tmp_path / "data"
    if request.param == "sqlite":
        made: Seed = request.getfixturevalue("sqlite_seed")
        shutil.copytree(made.data, data)
        yield Settings(data=data, sqlite_busy_timeout=2, collector="tester"), made
        return
    made = request.getfixturevalue("postgres_seed")
    admin_url = _postgres_admin_url()
    name = f"cf_test_{uuid.uuid4().hex[:12]}"
    admin = _admin(admin_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{made.template}"'))
    shutil.copytree(made.data, data)
    try:
        db = f"{admin_url.rpartition('/')[0]}/{name}"
        yield Settings(data=data, db=db, collector="tester"), made
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Web:
    """A TestClient and a way to send each request as one of the accounts (by bearer token)."""

    def __init__(
        self, client: TestClient, store: Store, settings: Settings, tokens: dict[str, str]
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.tokens = tokens

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}

    def get(self, path: str, who: str | None = None, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers(who), **kwargs)

    def post(self, path: str, who: str | None = None, **kwargs: Any) -> Any:
        return self.client.post(path, headers=self.headers(who), **kwargs)

    def log_size(self) -> int:
        return services.current_head(self.store).size


@pytest.fixture
def web(web_setup: tuple[Settings, Seed]) -> Iterator[Web]:
    settings, made = web_setup
    store = Store.open(settings)
    app = create_app(settings, store=store, agreements=load_agreements(AGREEMENTS))
    try:
        with TestClient(app) as client:
            yield Web(client, store, settings, made.tokens)
    finally:
        store.close()
