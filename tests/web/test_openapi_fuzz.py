"""Schemathesis against the OpenAPI document: generated requests to every operation, anonymous and
as the secretariat, never get a server error. Bounded examples, so it runs in well under 2 minutes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from ceasefire.config import Settings
from ceasefire.record.store import Store
from ceasefire.services.assessment import load_agreements

from .conftest import AGREEMENTS, Seed, create_app

TOKENS: dict[str, str] = {}


@pytest.fixture(scope="module")
def fuzzed_app(sqlite_seed: Seed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(sqlite_seed.data, data)
    settings_ = Settings(data=data, sqlite_busy_timeout=2, collector="tester")
    store = Store.open(settings_)
    TOKENS.update(sqlite_seed.tokens)
    try:
        yield create_app(settings_, store=store, agreements=load_agreements(AGREEMENTS))
    finally:
        store.close()


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)


BOUNDED = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


@pytest.mark.parametrize("who", [None, "secretariat"], ids=["anonymous", "secretariat"])
def test_no_server_error(api_schema: Any, who: str | None) -> None:
    # Driven through Hypothesis directly rather than schemathesis' pytest plugin, operation by
    # operation, so one run names every operation that fails.
    headers = {"Authorization": f"Bearer {TOKENS[who]}"} if who else {}
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 27
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # collected, so that every failing operation is named
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n".join(failures)
