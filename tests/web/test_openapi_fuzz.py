"""Schemathesis against the OpenAPI document: generated requests to every operation, anonymously
and as a public reader, a party's liaison and the secretariat, never get a server error and answer
as the schema says. Bounded examples, so the four runs together take well under 2 minutes. How long
the answers take is measured by benchmarks/api_fuzz.py: a time limit here failed under load."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
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


# CI's budget; CEASEFIRE_FUZZ_EXAMPLES=500 (and CEASEFIRE_FUZZ_SEED=N for another draw) for a deeper
# run by hand.
EXAMPLES = int(os.environ.get("CEASEFIRE_FUZZ_EXAMPLES", "25"))
SEED = os.environ.get("CEASEFIRE_FUZZ_SEED")
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=SEED is None,
    database=None,
)


@pytest.mark.parametrize(
    "who",
    [None, "public", "pakistan", "secretariat"],
    ids=["anonymous", "public", "party", "secretariat"],
)
def test_no_server_error(api_schema: Any, who: str | None) -> None:
    # Driven through Hypothesis directly rather than schemathesis' pytest plugin, operation by
    # operation, so one run names every operation that fails.
    headers = {"Authorization": f"Bearer {TOKENS[who]}"} if who else {}
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 27
    for operation in operations:

        @BOUNDED
        @seed(int(SEED or 0))
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            check()
        except Exception as exc:  # collected, so that every failing operation is named
            causes = "; ".join(str(e)[:600] for e in getattr(exc, "exceptions", [exc]))
            failures.append(f"{operation.method.upper()} {operation.path}: {causes}")
    assert not failures, "\n".join(failures)
