"""Throughput of `ceasefire import acled`: rows/s and peak memory for a generated ACLED file.

    .venv/bin/python benchmarks/import_acled.py [--rows 1000000] [--batch 500] [--extract]

Writes a file of ``--rows`` ACLED rows (31 columns, notes with commas, quotes and newlines), then
imports it into a fresh SQLite store through the same service as the command: per row a document
(original bytes in the content-addressed folder, fsynced), an incident with its claim, the event
id, and three log entries. Notes skip the extraction pipeline unless ``--extract`` is given (the
NLP pipeline runs at tens of documents a second; this measures the import itself). Peak RSS shows
that the file is streamed: it stays flat as ``--rows`` grows, apart from the set of event ids seen
(needed for the deletion rule), about 100 bytes a row.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from ceasefire.config import Settings
from ceasefire.domain.datasets import ACLED_COLUMNS
from ceasefire.record.store import Store
from ceasefire.services.interop import ImportOptions, import_dataset

PLACES = [
    ("Pakistan", "Balochistan", "Qilla Abdullah", "Chaman", 30.921, 66.4597),
    ("Pakistan", "Khyber Pakhtunkhwa", "Bannu", "Bannu", 32.9861, 70.6042),
    ("Afghanistan", "Kandahar", "", "Spin Boldak", 31.0, 66.4),
    ("Afghanistan", "Paktika", "Barmal", "Barmal", 32.75, 69.05),
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
]


def write_file(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_COLUMNS)
        for number in range(rows):
            country, admin1, admin2, location, lat, lon = rng.choice(PLACES)
            event_type, sub_event_type = rng.choice(TYPES)
            day = start + timedelta(days=rng.randrange(300))
            killed = rng.choice([0, 0, 1, 2, 3, 5, 12])
            notes = (
                f'On {day:%d %B %Y}, forces fired on "{location}", {admin1}, killing {killed}.\n'
                "Officials said, citing police, that the toll may rise."
            )
            values = {
                "event_id_cnty": f"{country[:3].upper()}{number}",
                "event_date": day.isoformat(),
                "year": str(day.year),
                "time_precision": str(rng.choice([1, 1, 1, 2, 3])),
                "disorder_type": "Political violence",
                "event_type": event_type,
                "sub_event_type": sub_event_type,
                "actor1": "Military Forces of Pakistan (2024-)",
                "inter1": "State forces",
                "actor2": "Civilians (Afghanistan)",
                "inter2": "Civilians",
                "interaction": "State forces-Civilians",
                "civilian_targeting": "Civilian targeting",
                "iso": "586" if country == "Pakistan" else "4",
                "region": "South Asia",
                "country": country,
                "admin1": admin1,
                "admin2": admin2,
                "location": location,
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geo_precision": "1",
                "source": "Dawn; Pajhwok",
                "source_scale": "National",
                "notes": notes,
                "fatalities": str(killed),
                "timestamp": "1761000000",
            }
            writer.writerow([values.get(name, "") for name in ACLED_COLUMNS])


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--extract", action="store_true", help="run notes through extraction")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "acled.csv"
        began = time.perf_counter()
        write_file(source, args.rows)
        print(
            f"generated {args.rows:,} rows ({source.stat().st_size / 2**20:.0f} MiB) "
            f"in {time.perf_counter() - began:.1f} s"
        )
        store = Store.open(Settings(data=root / "data", collector="bench"))
        rss_before = peak_rss_mib()
        began = time.perf_counter()
        done = [0]

        def progress(report: object) -> None:
            done[0] += args.batch
            if done[0] % 100_000 < args.batch:
                elapsed = time.perf_counter() - began
                print(
                    f"  {done[0]:,} rows, {done[0] / elapsed:,.0f} rows/s, peak RSS {peak_rss_mib():.0f} MiB"
                )

        report = import_dataset(
            store,
            source,
            row_format="acled",
            options=ImportOptions(extract=args.extract, batch=args.batch),
            collected_by="bench",
            on_batch=progress,
        )
        seconds = time.perf_counter() - began
        store.close()
        print(
            f"imported {report.added:,} rows in {seconds:.1f} s: {report.added / seconds:,.0f} rows/s "
            f"(batch {args.batch}, extraction {'on' if args.extract else 'off'})"
        )
        print(f"peak RSS {peak_rss_mib():.0f} MiB (before the import {rss_before:.0f} MiB)")


if __name__ == "__main__":
    main()
