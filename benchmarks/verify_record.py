"""How fast `ceasefire log verify` checks a record of documents: entries/s and documents/s.

    .venv/bin/python benchmarks/verify_record.py [--documents 2000]

Fills a fresh SQLite store with documents through the ingest path (`add_document`, without
extraction: VOA stories, each with one word changed so that every document is new), then times
`verify_store`, which replays the log and checks every row, every original file, and the
near-duplicate index (its MinHash signatures recomputed from the texts). Best of three runs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ceasefire.config import Settings
from ceasefire.domain import DocumentKind, DocumentMeta
from ceasefire.read.files import read_file
from ceasefire.record.store import Store
from ceasefire.services.documents import add_document
from ceasefire.services.log import verify_store

REPO = Path(__file__).resolve().parents[1]
VOA = REPO / "eval" / "voa" / "docs"


def fill(store: Store, count: int, folder: Path) -> None:
    stories = sorted(VOA.glob("*.txt"))
    meta = DocumentMeta(
        kind=DocumentKind.NEWS, collected_at=datetime.now(UTC), collected_by="bench"
    )
    for number in range(count):
        source = stories[number % len(stories)]
        path = folder / f"{number:06d}.txt"
        text = source.read_text(encoding="utf-8")
        path.write_text(f"{text}\nCopy {number}.", encoding="utf-8")
        add_document(store, read_file(path), meta, source_name=path.name, extract=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000, help="documents in the record")
    count = parser.parse_args().documents
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "texts").mkdir()
        store = Store.open(Settings(data=root / "data", collector="bench"))
        started = time.perf_counter()
        fill(store, count, root / "texts")
        print(f"(ingested {count:,} documents in {time.perf_counter() - started:.1f} s)")
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            result = verify_store(store)
            best = min(best, time.perf_counter() - started)
            assert result.is_clean, result.discrepancies[:5]
        store.close()
    print(
        f"log verify: {result.size:,} entries, {count:,} documents in {best:.2f} s: "
        f"{result.size / best:,.0f} entries/s, {count / best:,.0f} documents/s"
    )


if __name__ == "__main__":
    main()
