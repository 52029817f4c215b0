"""Shared fixtures: fresh stores on SQLite and on a real PostgreSQL, the shared corpus, the CLI."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from ceasefire.cli import cli
from ceasefire.config import Settings, normalise_database_url
from ceasefire.record.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEMO = REPO / "src" / "ceasefire" / "demo" / "reports"
PG_ENV = "CEASEFIRE_TEST_PG_URL"
SHARED_ABSENT = (
    "../shared (beside the repository) is absent: the seed articles and shared geodata may not be copied "
    "into this repository (CI has them beside the clone)"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `shared` read ../shared: they skip, with the reason, in a clone on its own."""
    if SEEDS.is_dir():
        return
    skip = pytest.mark.skip(reason=SHARED_ABSENT)
    for item in items:
        if item.get_closest_marker("shared"):
            item.add_marker(skip)


# Where browser tests write the screenshots a person looks at (git-ignored).
SCREENSHOTS = Path(os.environ.get("CEASEFIRE_TEST_SCREENSHOTS", REPO / "test-screenshots"))


def _postgres_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(
                f"{PG_ENV} is not set: CI must run the PostgreSQL tests (scripts/with-postgres)"
            )
        pytest.skip(f"{PG_ENV} not set (run through `make test`, which starts PostgreSQL)")
    return normalise_database_url(url)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    admin_url = _postgres_admin_url()
    name = f"cf_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh store on each backend."""
    db = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    return Settings(data=tmp_path / "data", db=db, sqlite_busy_timeout=0.2, collector="tester")


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(data=tmp_path / "data", sqlite_busy_timeout=0.2, collector="tester")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = Store.open(settings)
    try:
        yield opened
    finally:
        opened.close()


class Cli:
    """Runs `ceasefire` in-process against one data folder (and database, when given)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Result:
        options = ["--data-dir", str(self.settings.data)]
        if self.settings.db:
            options += ["--db", self.settings.db]
        return self.runner.invoke(cli, [*options, *args], catch_exceptions=False)


@pytest.fixture
def run(settings: Settings) -> Cli:
    return Cli(settings)
