"""Load test of the web app: 100,000 incidents in a store, the app served by uvicorn in a subprocess,
and N concurrent clients asking for the dashboard and the incident list. Prints p50/p95/p99 latency
and throughput per scenario and concurrency, on SQLite and (under scripts/with-postgres) PostgreSQL.

    .venv/bin/python benchmarks/api_load.py                          # SQLite
    scripts/with-postgres .venv/bin/python benchmarks/api_load.py --backend postgresql
    scripts/with-postgres .venv/bin/python benchmarks/api_load.py --backend both
    .venv/bin/python benchmarks/api_load.py --only provinces             # some scenarios only

Incidents are bulk-inserted through SQLAlchemy Core (not one HTTP call each) and have no claims nor
log entries: the figures are of the read paths. Scenarios: the dashboard and the incident list as a
visitor opens them (the same URL: served from the cache keyed by the log's size), and the same with
varied filters and pages (mostly cache misses: what the database and rendering cost); and the map's
counts per province (the choropleth), as the dashboard asks for them and with varied filters.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, insert, text

from ceasefire.config import Settings, normalise_database_url
from ceasefire.record.store import Store
from ceasefire.record.tables import IncidentRow

PROVINCES = {
    "Afghanistan": [
        ("Kabul", 34.53, 69.17),
        ("Kandahar", 31.61, 65.71),
        ("Nangarhar", 34.17, 70.62),
        ("Khost", 33.34, 69.92),
        ("Paktika", 32.26, 68.52),
        ("Kunar", 34.85, 71.10),
        ("Helmand", 31.36, 64.36),
        ("Herat", 34.35, 62.20),
        ("Balkh", 36.76, 66.90),
    ],
    "Pakistan": [
        ("Khyber Pakhtunkhwa", 34.00, 71.50),
        ("Balochistan", 29.50, 66.00),
        ("Punjab", 31.17, 72.70),
        ("Sindh", 26.00, 68.50),
        ("Islamabad", 33.70, 73.05),
        ("Gilgit-Baltistan", 35.80, 74.50),
    ],
}
EVENTS = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Explosions/Remote violence", "Suicide bomb"),
]
ACTORS = [
    "Military Forces of Pakistan",
    "Military Forces of Afghanistan (Taliban)",
    "TTP",
    "Unidentified Armed Group",
    None,
]
START = date(2025, 10, 19)


def incident_rows(count: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        country = rng.choice(list(PROVINCES))
        admin1, lat, lon = rng.choice(PROVINCES[country])
        event_type, sub_event_type = rng.choice(EVENTS)
        killed = rng.choice([0, 0, 1, 2, 3, 5, 8])
        rows.append(
            {
                "id": f"{number:08x}{uuid.UUID(int=rng.getrandbits(128)).hex[:24]}",
                "event_type": event_type,
                "sub_event_type": sub_event_type,
                "event_date": START + timedelta(days=rng.randrange(400)),
                "date_precision": "day",
                "country": country,
                "admin1": admin1,
                "admin2": None,
                "location": admin1,
                "latitude": lat + rng.uniform(-1.2, 1.2),
                "longitude": lon + rng.uniform(-1.2, 1.2),
                "geo_precision": 2,
                "actor1": rng.choice(ACTORS),
                "actor2": rng.choice(ACTORS),
                "target_categories": ["civilians"],
                "fatalities_low": killed,
                "fatalities_best": killed,
                "fatalities_high": killed + rng.choice([0, 0, 2]),
                "injuries_low": killed * 2,
                "injuries_best": killed * 2,
                "injuries_high": killed * 2,
                "victims": {"killed": {}, "injured": {}},
                "is_historical": False,
                "grade": None,
                "is_reviewed": False,
            }
        )
    return rows


def load(settings: Settings, count: int) -> float:
    """Bulk-inserts ``count`` incidents; returns the seconds it took."""
    store = Store.open(settings)
    started = time.perf_counter()
    rows = incident_rows(count)
    with store.engine.begin() as connection:
        for first in range(0, len(rows), 10_000):
            connection.execute(insert(IncidentRow.__table__), rows[first : first + 10_000])
        if store.engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE incidents"))
        else:
            connection.execute(text("ANALYZE"))
    store.close()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(settings: Settings, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "ceasefire", "--data-dir", str(settings.data)]
    if settings.db:
        command += ["--db", settings.db]
    command += ["serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(
        "the server did not start: " + (process.stderr.read() if process.stderr else b"").decode()
    )


def varied_urls(kind: str, rng: random.Random) -> str:
    if kind in ("dashboard", "provinces"):
        country = rng.choice(list(PROVINCES))
        admin1 = rng.choice(PROVINCES[country])[0]
        query: dict[str, str] = rng.choice(
            [{}, {"country": country}, {"admin1": admin1}, {"actor": "TTP", "country": country}]
        )
        if kind == "provinces":
            # The dashboard's filters, from one of the first 30 days (as many different
            # requests as the varied dashboard makes: about 60).
            first = START + timedelta(days=rng.randrange(0, 30))
            query = {**query, "date_from": first.isoformat()}
            return "/api/map/provinces?" + urlencode(query)
        return "/?" + urlencode(query) if query else "/"
    return f"/api/incidents?limit=50&offset={rng.randrange(0, 1500) * 50}"


class Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a lean client, so that the figures
    are the server's and not a client library's (the client shares the machine's cores)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("latin-1"))
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {
            k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
        }
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection") == "close":
            self.writer.close()
            self.reader = self.writer = None
        return status


async def run_load(
    port: int, path: str | None, kind: str, clients: int, seconds: float
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one_client(number: int) -> None:
        nonlocal errors
        rng = random.Random(number)
        connection = Connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            url = path or varied_urls(kind, rng)
            started = time.perf_counter()
            try:
                status = await connection.get(url)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, connection = 0, Connection("127.0.0.1", port)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
                FAILED[status] = FAILED.get(status, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client(n) for n in range(clients)))
    return latencies, errors, time.perf_counter() - started


FAILED: dict[int, int] = {}  # status (0: connection failed) -> count, printed at the end


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


SCENARIOS = [
    ("dashboard", "dashboard", "/"),
    ("incident list", "incidents", "/api/incidents?limit=50"),
    ("dashboard, varied filters", "dashboard", None),
    ("incident list, random pages", "incidents", None),
    # The choropleth's counts per province (one GROUP BY): as the dashboard asks, and with varied
    # filters and first days (mostly cache misses).
    ("map provinces", "provinces", "/api/map/provinces?date_from=2025-10-19"),
    ("map provinces, varied filters", "provinces", None),
]


def bench(backend: str, settings: Settings, args: argparse.Namespace) -> None:
    seconds = load(settings, args.incidents)
    print(
        f"\n## {backend}: {args.incidents:,} incidents loaded in {seconds:.1f} s ({args.workers} worker(s))"
    )
    port = free_port()
    process = serve(settings, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        # Warm up: the first request of each kind builds caches and loads the polygons.
        scenarios = [s for s in SCENARIOS if not args.only or s[1] in args.only]
        for _, kind, path in scenarios:
            httpx.get(base + (path or varied_urls(kind, random.Random(0))), timeout=120)
        print(
            f"{'scenario':<30} {'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
        )
        for name, kind, path in scenarios:
            for clients in args.clients:
                drain(port)
                latencies, errors, elapsed = asyncio.run(
                    run_load(port, path, kind, clients, args.seconds)
                )
                print(
                    f"{name:<30} {clients:>7} {len(latencies):>9} {len(latencies) / elapsed:>8.0f} "
                    f"{percentile(latencies, 0.50) * 1000:>8.1f} {percentile(latencies, 0.95) * 1000:>8.1f} "
                    f"{percentile(latencies, 0.99) * 1000:>8.1f} {errors:>6}",
                    flush=True,
                )
        if FAILED:
            print(
                f"failed requests by status (0: connection error): {dict(sorted(FAILED.items()))}"
            )
            FAILED.clear()
    finally:
        process.terminate()
        process.wait(timeout=30)


def drain(port: int) -> None:
    """Waits until the server has finished the requests of the run before (a quick answer again)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        started = time.perf_counter()
        httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=300)
        if time.perf_counter() - started < 0.05:
            return


def postgres_database() -> tuple[str, str]:
    admin_url = os.environ.get("CEASEFIRE_TEST_PG_URL")
    if not admin_url:
        raise SystemExit("PostgreSQL: run under scripts/with-postgres (CEASEFIRE_TEST_PG_URL)")
    name = f"cf_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}", name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=10.0, help="Per scenario and concurrency.")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted({kind for _, kind, _ in SCENARIOS}),
        help="Only the scenarios of these kinds (default: all).",
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"# api_load: {args.incidents:,} incidents, clients {args.clients}, {args.seconds:g} s each"
    )
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="cf-load-") as folder:
            data = Path(folder) / "data"
            if backend == "sqlite":
                bench(backend, Settings(data=data), args)
            else:
                url, _ = postgres_database()
                bench(backend, Settings(data=data, db=url), args)


if __name__ == "__main__":
    main()
