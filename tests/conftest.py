"""Shared fixtures: fresh stores on SQLite and on a real PostgreSQL, the shared corpus, the CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def opened_store(settings: Settings) -> Iterator[Store]:
    """The store of the settings, open for the block."""
    opened = Store.open(settings)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with opened_store(settings) as opened:
        yield opened


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


# --- `kill -9` of a real `ceasefire` process, for the crash tests ---


def ceasefire_argv(settings: Settings, *args: str) -> list[str]:
    """`python -m ceasefire` on the settings' data folder (and database) with ``args``."""
    argv = [sys.executable, "-m", "ceasefire", "--data-dir", str(settings.data)]
    return [*argv, *(["--db", settings.db] if settings.db else []), *args]


@contextmanager
def _killed_at_the_end(
    settings: Settings, args: tuple[str, ...], *, stdout: int, stderr: int
) -> Iterator[subprocess.Popen[str]]:
    """The command running in a process group of its own, which gets SIGKILL, workers and all,
    when the block ends (whatever happens in it)."""
    process = subprocess.Popen(
        ceasefire_argv(settings, *args),
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, "CEASEFIRE_COLLECTOR": settings.collector},
        start_new_session=True,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def kill_9_after_lines(
    settings: Settings, *args: str, prefix: str, count: int, seconds: float
) -> int:
    """Runs `ceasefire ARGS` and kills it (`kill -9`) once ``count`` lines of its output start with
    ``prefix`` (or after ``seconds``, or when it ends); returns how many lines did."""
    seen = 0
    with _killed_at_the_end(
        settings, args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        deadline = time.monotonic() + seconds
        for line in process.stdout:
            seen += line.startswith(prefix)
            if seen >= count or time.monotonic() > deadline:
                break
    return seen


def kill_9_when(settings: Settings, *args: str, ready: Callable[[], bool], seconds: float) -> None:
    """Runs `ceasefire ARGS` and kills it (`kill -9`) as soon as ``ready()`` holds (asked every
    50 ms); fails if the command ends first, with its error output, or if ``seconds`` pass."""
    with _killed_at_the_end(
        settings, args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as process:
        deadline = time.monotonic() + seconds
        while not ready():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, f"nothing ready in {seconds:.0f} s"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
