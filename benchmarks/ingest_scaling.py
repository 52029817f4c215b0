"""Does merging stay fast as the store grows? Ingest time of a document into an empty store and into
a store holding 999 documents and 100,000 incidents.

Run: .venv/bin/python benchmarks/ingest_scaling.py [--incidents 100000] [--documents 20]

The large store is filled with synthetic incidents spread over the provinces of Afghanistan and
Pakistan and two years of dates (bulk-inserted with SQLAlchemy Core: this measures matching, not the
filling). Then the same real VOA stories are ingested into both stores, each through the whole path:
extraction, duplicate lookup, candidate query, scoring, merge or insert, log entries.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from ceasefire.config import Settings
from ceasefire.domain import DocumentKind, DocumentMeta
from ceasefire.read.files import read_file
from ceasefire.record.store import Store
from ceasefire.record.tables import ClaimRow, DocumentRow, IncidentRow
from ceasefire.services.documents import add_document
from ceasefire.services.extraction import pipeline

REPO = Path(__file__).resolve().parents[1]
VOA = REPO / "eval" / "voa" / "docs"
PROVINCES = {
    "Afghanistan": [
        "Kabul",
        "Kandahar",
        "Nangarhar",
        "Khost",
        "Paktika",
        "Kunar",
        "Helmand",
        "Herat",
    ],
    "Pakistan": ["Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh", "Islamabad"],
}
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
]


def fill(store: Store, incidents: int, documents: int) -> None:
    rng = random.Random(11)
    start = date(2024, 11, 1)
    now = datetime.now(UTC)
    with store.session() as session:
        doc_ids = [f"{i:064x}" for i in range(1, documents + 1)]
        session.execute(
            insert(DocumentRow),
            [
                {
                    "id": d,
                    "kind": "news",
                    "collected_at": now,
                    "media_type": "text/plain",
                    "size": 10,
                    "word_count": 2,
                    "text": f"synthetic {d[:8]}",
                    "duplicate_group": d,
                }
                for d in doc_ids
            ],
        )
        rows, claims = [], []
        for n in range(incidents):
            country = rng.choice(list(PROVINCES))
            event_type, sub = rng.choice(TYPES)
            day = start + timedelta(days=rng.randrange(730))
            ident = f"syn{n:017d}"
            rows.append({
                "id": ident, "event_type": event_type, "sub_event_type": sub, "event_date": day,
                "date_precision": "day", "country": country, "admin1": rng.choice(PROVINCES[country]),
                "target_categories": [], "victims": {}, "is_historical": False, "is_reviewed": False,
                "status": "active", "declared": False, "reported_on": day, "fatalities_low": rng.randrange(5),
            })  # fmt: skip
            claims.append({
                "incident_id": ident, "document_id": doc_ids[n % documents], "start": 0, "end": 9,
                "quote": f"Synthetic report {n} of an attack.", "stance": "asserts", "is_hedged": False,
                "victims": {}, "admits": False,
            })  # fmt: skip
            if len(rows) == 10_000:
                session.execute(insert(IncidentRow), rows)
                session.execute(insert(ClaimRow), claims)
                rows, claims = [], []
        if rows:
            session.execute(insert(IncidentRow), rows)
            session.execute(insert(ClaimRow), claims)


def ingest_all(store: Store, paths: list[Path]) -> list[float]:
    times = []
    for path in paths:
        content = read_file(path)
        meta = DocumentMeta(
            kind=DocumentKind.NEWS,
            published_at=date(2025, 3, 14),
            collected_at=datetime.now(UTC),
            collected_by="bench",
        )
        started = time.perf_counter()
        add_document(store, content, meta, source_name=path.name)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument(
        "--documents", type=int, default=20, help="real stories ingested into each store"
    )
    args = parser.parse_args()
    # Stories about attacks first (the gold set's order), so that matching has work to do.
    listed = [
        json.loads(line)["file"]
        for line in (REPO / "eval" / "voa" / "gold.jsonl").read_text().splitlines()
    ]
    paths = [VOA / name for name in listed][: args.documents]
    pipeline()  # load the model and gazetteers before timing
    with tempfile.TemporaryDirectory() as tmp:
        empty = Store.open(Settings(data=Path(tmp) / "empty"))
        full = Store.open(Settings(data=Path(tmp) / "full"))
        started = time.perf_counter()
        fill(full, args.incidents, 999)
        print(
            f"filled a store with {args.incidents:,} incidents and 999 documents in {time.perf_counter() - started:.1f} s"
        )
        first = ingest_all(empty, paths)
        large = ingest_all(full, paths)
        empty.close()
        full.close()
    median_empty, median_full = statistics.median(first), statistics.median(large)
    print(
        f"ingest into an empty store:  median {median_empty * 1000:.0f} ms, first {first[0] * 1000:.0f} ms ({len(paths)} documents)"
    )
    print(
        f"ingest as the 1,000th document into {args.incidents:,} incidents: median {median_full * 1000:.0f} ms, first {large[0] * 1000:.0f} ms"
    )
    print(f"ratio {median_full / median_empty:.2f} (target ≤ 2)")


if __name__ == "__main__":
    main()
