"""What hostile inputs cost now (issue 16): report requests past the bounds and at the longest
period allowed, an agreement file with an alias bomb, an ACLED file with a 23-digit figure. Builds
the demo record in a temporary folder, then prints the status, time and size of each, and the
process's peak memory.

    .venv/bin/python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

import csv
import resource
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.errors import CeasefireError
from ceasefire.record.store import Store
from ceasefire.services.assessment import load_agreement, load_agreements, run_assessment
from ceasefire.services.interop import ImportOptions, import_dataset

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from ceasefire.web import create_app

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "ceasefire" / "demo" / "reports"
AGREEMENTS = REPO / "agreements"
QUERIES = [
    "format=json&date_to=9999-12-30",
    "format=json&date_to=9999-12-31",
    "format=json&date_from=2024-12-01&date_to=2026-11-30",
    "format=html&date_from=2024-12-01&date_to=2026-11-30",
    "format=json&date_from=1900-01-01&date_to=2100-12-31",
]


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Milliseconds ``action`` took, and what it gave (or the error of ours it raised)."""
    started = time.perf_counter()
    try:
        result = action()
    except CeasefireError as error:
        result = error
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        settings = Settings(data=root / "data", collector="benchmark")
        store = Store.open(settings)
        services.ingest_paths(store, [DEMO], collected_by="benchmark")
        agreements = load_agreements(AGREEMENTS)
        run_assessment(store, agreements[0], services.Author("benchmark"))
        app = create_app(settings, store=store, agreements=agreements)
        with TestClient(app) as client:
            for query in QUERIES:
                took, response = _timed(lambda q=query: client.get(f"/api/reports/doha-2025?{q}"))
                print(
                    f"GET /api/reports/doha-2025?{query}: {response.status_code}, "
                    f"{took:.0f} ms, {len(response.content):,} bytes"
                )
        bomb = root / "bomb.yaml"
        levels = ['a0: &a0 ["lol"]'] + [
            f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
        ]
        bomb.write_text("\n".join(levels) + "\n", encoding="utf-8")
        took, result = _timed(lambda: load_agreement(bomb))
        print(f"agreement with an alias bomb (9**9 values): {took:.0f} ms: {result}")
        sample = REPO / "tests" / "data" / "acled_sample.csv"
        with sample.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        rows[1][rows[0].index("fatalities")] = "1" * 23
        acled = root / "acled.csv"
        with acled.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        took, result = _timed(
            lambda: import_dataset(
                store,
                acled,
                row_format="acled",
                options=ImportOptions(extract=False),
                collected_by="benchmark",
            )
        )
        added = getattr(result, "added", 0)
        errors = [str(e) for e in getattr(result, "errors", [])][:1]
        print(f"ACLED file with a 23-digit fatalities: {took:.0f} ms, {added} rows added, {errors}")
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory of the whole run: {peak} MB")


if __name__ == "__main__":
    main()
