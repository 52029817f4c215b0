"""Throughput of `ceasefire import acled`: rows/s and peak memory for a generated ACLED file.

    .venv/bin/python benchmarks/import_acled.py [--rows 1000000] [--batch 500] [--workers N] [--extract]
    scripts/with-postgres .venv/bin/python benchmarks/import_acled.py --backend postgresql

Writes a file of ``--rows`` ACLED rows (31 columns, notes with commas, quotes and newlines), then
imports it into a fresh store (SQLite, or a new PostgreSQL database) through the same service as
the command: per row a document (original bytes in the batch's pack, synced before the commit), an
incident with its claim, the event id, and three log entries. Notes skip the extraction pipeline
unless ``--extract`` is given (the NLP pipeline runs at tens of documents a second; this measures
the import itself). The rate is printed for each ``--segment`` rows (default 100,000): it must not
fall as the store grows. The rows are read, checked and made ready by ``--workers`` processes
(default: one per core, as the command does; 1: all in this process) ahead of this process, the
one writer. Beside the wall-clock rate it prints rows per second of CPU time of the import's
processes (the writer and its workers), which a machine shared with other work does not skew
(PostgreSQL's own work is in the server's processes, not counted there), and of the writer alone. Peak RSS shows that the file is streamed: it stays flat as
``--rows`` grows, apart from the set of event ids seen (needed for the deletion rule).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import psutil
from sqlalchemy import create_engine, text

from ceasefire.config import Settings, normalise_database_url
from ceasefire.domain.datasets import ACLED_COLUMNS
from ceasefire.record.store import Store
from ceasefire.services.interop import ImportOptions, ImportReport, import_dataset
from ceasefire.services.parallel import default_workers, make_extractor

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


def fresh_database(backend: str) -> tuple[str | None, Callable[[], None]]:
    """The URL of a new, empty database for the backend (None: SQLite in the data folder), and
    how to drop it afterwards. PostgreSQL comes from CEASEFIRE_TEST_PG_URL (scripts/with-postgres)."""
    if backend == "sqlite":
        return None, lambda: None
    admin_url = os.environ.get("CEASEFIRE_TEST_PG_URL")
    if not admin_url:
        raise SystemExit(
            "--backend postgresql needs CEASEFIRE_TEST_PG_URL (run through scripts/with-postgres)"
        )
    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"cf_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    base, _, _ = normalise_database_url(admin_url).rpartition("/")
    return f"{base}/{name}", drop


def cpu_seconds() -> float:
    """CPU time of this process and of its live children (the import's worker processes)."""
    children = sum(
        sum(child.cpu_times()[:2]) for child in psutil.Process().children(recursive=True)
    )
    return time.process_time() + children


class Segments:
    """Prints rows/s (wall clock, and per second of the import's CPU: writer and workers) for
    each segment of ``size`` rows, so that a rate falling as the store grows shows."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.began = self.wall = time.perf_counter()
        self.cpu = cpu_seconds()
        self.rows = 0
        self.mark = 0

    def __call__(self, report: ImportReport) -> None:
        self.rows = report.rows
        if self.rows - self.mark >= self.size:
            self.print_segment()

    def print_segment(self) -> None:
        wall, cpu = time.perf_counter(), cpu_seconds()
        rows = self.rows - self.mark
        if rows <= 0:
            return
        print(
            f"  rows {self.mark + 1:>9,}-{self.rows:<9,} {rows / (wall - self.wall):>8,.0f} rows/s "
            f"({rows / max(cpu - self.cpu, 1e-9):>7,.0f} per CPU-second), peak RSS {peak_rss_mib():.0f} MiB",
            flush=True,
        )
        self.mark, self.wall, self.cpu = self.rows, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, help="rows per transaction (the import's default)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--segment", type=int, default=100_000, help="rows per printed rate")
    parser.add_argument("--extract", action="store_true", help="run notes through extraction")
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="processes ahead of the writer"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "acled.csv"
        began = time.perf_counter()
        write_file(source, args.rows)
        print(
            f"generated {args.rows:,} rows ({source.stat().st_size / 2**20:.0f} MiB) "
            f"in {time.perf_counter() - began:.1f} s; {os.getloadavg()[0]:.1f} load average "
            f"on {os.cpu_count()} cores"
        )
        url, drop = fresh_database(args.backend)
        store = Store.open(Settings(data=root / "data", db=url, collector="bench"))
        try:
            rss_before = peak_rss_mib()
            extractor = make_extractor(args.workers, warm=args.extract)
            segments = Segments(args.segment)
            cpu, writer = cpu_seconds(), time.process_time()
            options = ImportOptions(extract=args.extract, batch=args.batch)
            report = import_dataset(
                store,
                source,
                row_format="acled",
                options=options,
                collected_by="bench",
                on_batch=segments,
                extractor=extractor,
            )
            segments.print_segment()
            seconds = time.perf_counter() - segments.began
            cpu, writer = cpu_seconds() - cpu, time.process_time() - writer
            extractor.close()
        finally:
            store.close()
            drop()
        print(
            f"imported {report.added:,} rows into {args.backend} in {seconds:.1f} s: "
            f"{report.added / seconds:,.0f} rows/s, {report.added / cpu:,.0f} per CPU-second of "
            f"the import's processes, {report.added / writer:,.0f} per CPU-second of the writer "
            f"(batch {options.rows_per_batch}, {extractor.description}, extraction "
            f"{'on' if args.extract else 'off'}); load average {os.getloadavg()[0]:.1f}"
        )
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"peak RSS {peak_rss_mib():.0f} MiB (before the import {rss_before:.0f} MiB); "
            f"largest worker's {workers:.0f} MiB"
        )


if __name__ == "__main__":
    main()
