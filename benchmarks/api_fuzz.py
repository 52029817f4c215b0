"""The slowest answer to a generated request: Schemathesis draws requests for every operation of the
OpenAPI document (as tests/web/test_openapi_fuzz.py does, which checks that none gets a server
error), anonymously and as a public reader, a party's liaison and the secretariat, over the demo
record; each is timed in CPU seconds of this process (the app runs in it, so other processes on a
busy machine do not inflate it) and on the clock. Prints the slowest per role and every request
over the bounds (1 s of CPU, 3 s on the clock); exit status 1 if there is any.

    .venv/bin/python benchmarks/api_fuzz.py [--examples 25] [--seed N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, seed, settings

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.record.store import Store
from ceasefire.services.accounts import add_user, issue_token
from ceasefire.services.assessment import load_agreements, run_assessment

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from ceasefire.web import create_app

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "ceasefire" / "demo" / "reports"
AGREEMENTS = REPO / "agreements"
MAX_CPU_SECONDS = 1.0
MAX_WALL_SECONDS = 3.0
ACCOUNTS = {"public": ("reader", "public", None), "party": ("pk-liaison", "party", "pakistan"),
            "secretariat": ("sec", "secretariat", None)}  # fmt: skip


def _tokens(store: Store, author: services.Author) -> dict[str, str]:
    tokens = {}
    for who, (name, role, party) in ACCOUNTS.items():
        add_user(store, name, role=role, party=party, password="benchmark pass 1", author=author)
        tokens[who] = issue_token(store, name, author=author)
    return tokens


def _time_requests(
    schema: Any, headers: dict[str, str], bounded: Any, seed_value: int, over: list[str]
) -> tuple[int, tuple[float, float, str]]:
    """Generated requests to every operation with ``headers``: how many, and the slowest (CPU
    seconds, seconds, which); each over the bounds is added to ``over``."""
    slowest = (0.0, 0.0, "")
    requests = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @bounded
        @seed(seed_value)
        @given(case=operation.as_strategy())
        def timed(case: Any) -> None:
            nonlocal slowest, requests
            started, cpu = time.perf_counter(), time.process_time()
            case.call(headers=headers)
            took, worked = time.perf_counter() - started, time.process_time() - cpu
            requests += 1
            slowest = max(slowest, (worked, took, f"{case.method} {case.formatted_path}"))
            if worked > MAX_CPU_SECONDS or took > MAX_WALL_SECONDS:
                over.append(f"{worked:.2f} s CPU ({took:.2f} s): {case.as_curl_command()}")

        timed()
    return requests, slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=25, help="Requests per operation.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    over: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        configured = Settings(data=Path(folder) / "data", collector="benchmark")
        store = Store.open(configured)
        author = services.Author("benchmark")
        services.ingest_paths(store, [DEMO], collected_by="benchmark")
        agreements = load_agreements(AGREEMENTS)
        run_assessment(store, agreements[0], author)
        tokens: dict[str | None, str] = {None: "", **_tokens(store, author)}
        app = create_app(configured, store=store, agreements=agreements)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        bounded = settings(
            max_examples=args.examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        for who, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            requests, slowest = _time_requests(schema, headers, bounded, args.seed, over)
            print(
                f"{who or 'anonymous'}: {requests} requests, slowest {slowest[0]:.3f} s CPU "
                f"({slowest[1]:.3f} s) {slowest[2]}"
            )
        store.close()
    for line in over:
        print(f"over the bounds: {line}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
