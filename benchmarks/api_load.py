"""Load test of the web app: incidents in a store (100,000 by default, 1,000,000 with
``--incidents 1000000``), the app served by `ceasefire serve` in a subprocess with its default
workers (one per core), and N concurrent clients reading pages and the API. Prints p50/p95/p99
latency and requests/s per scenario, for answers served from the response cache (``X-Cache: hit``)
and for those made for the request (``X-Cache: miss``) apart — the misses of the dashboard and
map scenarios also split by whether the summary table answers their filters (``miss·sum``) or they
filter by an actor (``miss·actor``: the actor summary answers one that matches one actor's name,
as this one does) — the server's memory, and the seed time.

    .venv/bin/python benchmarks/api_load.py                          # SQLite, 100,000 incidents
    .venv/bin/python benchmarks/api_load.py --incidents 1000000
    .venv/bin/python benchmarks/api_load.py --only provinces             # some scenarios only
    scripts/with-postgres .venv/bin/python benchmarks/api_load.py --backend postgresql
    scripts/with-postgres .venv/bin/python benchmarks/api_load.py --backend both

Incidents are bulk-inserted into the incidents table (SQLAlchemy Core on SQLite, COPY on
PostgreSQL, in batches of 20,000), with the values and defaults the store writes, and the work of
the migrations' insert triggers (full-text index, summaries) done a batch at a time as the
import's bulk writer does it (record/deferred.py); they have no claims nor log entries: the
figures are of the read paths. Each is placed at a town, district
or crossing of its province from the shipped gazetteer (as geocoding and ACLED's named locations
place them), one in five a few kilometres off it with coordinates of its own. Scenarios: the dashboard and the
incident list as a visitor opens them (the same URL: from the cache), and the same with varied
filters and date ranges, walked page after page with the list's `next` cursor (misses: what the
database and rendering cost).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

from ceasefire.config import Settings, normalise_database_url
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.record.deferred import INCIDENTS, triggers_deferred
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


def gazetteer_places() -> dict[tuple[str, str], list[tuple[str, float, float]]]:
    """The towns, districts and crossings of each province of PROVINCES, with their coordinates:
    where incidents are placed, as geocoding (to a gazetteer place) and ACLED rows (a named
    location's coordinates) place them."""
    places: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    for entry in Gazetteer.load().entries():
        if entry.kind in ("town", "district", "crossing") and entry.latitude is not None:
            key = (entry.country, entry.admin1 or "")
            places.setdefault(key, []).append((entry.name, entry.latitude, entry.longitude or 0.0))
    return {
        (country, admin1): sorted(places[(country, admin1)])
        for country, provinces in PROVINCES.items()
        for admin1, _, _ in provinces
    }


def incident_rows(
    count: int, seed: int = 7, batch: int = 20_000
) -> Iterator[list[dict[str, object]]]:
    """The incidents, ``batch`` at a time (a million never held at once)."""
    rng = random.Random(seed)
    places = gazetteer_places()
    rows: list[dict[str, object]] = []
    for number in range(count):
        country = rng.choice(list(PROVINCES))
        admin1 = rng.choice(PROVINCES[country])[0]
        location, lat, lon = rng.choice(places[(country, admin1)])
        precision = 1
        if rng.random() < 0.2:  # a village near the town, with the import's own coordinates
            lat, lon, precision = lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05), 2
        event_type, sub_event_type = rng.choice(EVENTS)
        killed = rng.choice([0, 0, 1, 2, 3, 5, 8])
        # Some incidents share a day and some have none: the list's order has ties and a tail.
        day = None if number % 97 == 0 else START + timedelta(days=rng.randrange(400))
        rows.append(
            {
                "id": f"{number:08x}{uuid.UUID(int=rng.getrandbits(128)).hex[:24]}",
                "event_type": event_type,
                "sub_event_type": sub_event_type,
                "event_date": day,
                "date_precision": "day" if day else "unknown",
                "country": country,
                "admin1": admin1,
                "admin2": None,
                "location": location,
                "latitude": round(lat, 4),
                "longitude": round(lon, 4),
                "geo_precision": precision,
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
                "is_historical": number % 50 == 0,
                "grade": rng.choice([None, None, "B2", "C3"]),
                "is_reviewed": number % 10 == 0,
                "declared": False,
                "status": "active",
                "merged_into": None,
                "reported_on": day,
                "review_flag": None,
            }
        )
        if len(rows) == batch:
            yield rows
            rows = []
    if rows:
        yield rows


def load(settings: Settings, count: int) -> float:
    """Bulk-inserts ``count`` incidents; returns the seconds it took. Each batch is written as
    the import's bulk writer writes its incidents (record/deferred.py): the insert triggers of
    the incidents stepped aside for the batch, then their work (full-text index, summaries) done
    for the whole batch in one statement each, in the same transaction — the store the triggers
    would have built row by row, which `log verify`'s summary checks recompute."""
    store = Store.open(settings)
    started = time.perf_counter()
    is_postgres = store.engine.dialect.name == "postgresql"
    columns = [c.name for c in IncidentRow.__table__.columns]
    with Session(store.engine) as session, session.begin():
        for rows in incident_rows(count):
            with triggers_deferred(session, INCIDENTS, [str(row["id"]) for row in rows]):
                connection = session.connection()
                if not is_postgres:
                    connection.execute(insert(IncidentRow.__table__), rows)
                    continue
                driver: Any = connection.connection.driver_connection
                with (
                    driver.cursor() as cursor,
                    cursor.copy(f"COPY incidents ({', '.join(columns)}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(
                            [
                                json.dumps(row[c])
                                if c in ("target_categories", "victims")
                                else row.get(c)
                                for c in columns
                            ]
                        )
    if is_postgres:
        # VACUUM as autovacuum does after a large insert: it sets the visibility map, without
        # which no index-only scan (the list's covering index, the choices' indexes) is one.
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # Seeded in one transaction, each batch's catch-up of the summaries left a dead
            # version of most of their rows that no VACUUM could reclaim in between: 58,816 rows
            # in 103 MB (8 MB compact) at a million, read whole by each filter's cube
            # (performance.md). An import commits each batch, so autovacuum can reuse that room
            # between batches (not measured here): compacted to their live rows' size.
            connection.execute(text("VACUUM FULL incident_summary, incident_actor_summary"))
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with store.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    store.close()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(settings: Settings, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "ceasefire", "--data-dir", str(settings.data)]
    if settings.db:
        command += ["--db", settings.db]
    command += ["serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    # The server's messages go to a file (a pipe nobody reads would fill and stall it).
    log = (settings.data.parent / "serve.log").open("wb")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start: " + server_errors(settings))


def server_errors(settings: Settings) -> str:
    """The last lines the server wrote (its errors), for the report of failed requests."""
    lines = (settings.data.parent / "serve.log").read_text("utf-8", "replace").splitlines()
    return "\n".join(lines[-12:])


def a_filter(rng: random.Random, *, days: bool) -> dict[str, str]:
    """A filter as a visitor sets one: a place, a type, an actor, and (``days``) a period."""
    country = rng.choice(list(PROVINCES))
    admin1 = rng.choice(PROVINCES[country])[0]
    choices: list[dict[str, str]] = [
        {},
        {"country": country},
        {"admin1": admin1},
        {"event_type": rng.choice(EVENTS)[1]},
        {"actor": "TTP", "country": country},
        {"reviewed": "true"},
    ]
    if FILTERS != "all":  # --filters: those the summary table answers, or those it does not
        choices = [c for c in choices if any(k in ROW_FILTERS for k in c) == (FILTERS == "row")]
    query = rng.choice(choices)
    if days:
        first = rng.randrange(400)
        last = min(399, first + rng.choice([7, 30, 90, 180, 400]))
        query = {
            **query,
            "date_from": (START + timedelta(days=first)).isoformat(),
            "date_to": (START + timedelta(days=last)).isoformat(),
        }
    return query


class Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a lean client, so that the figures
    are the server's and not a client library's (the client shares the machine's cores)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
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
        body = b""
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                parts.append((await self.reader.readexactly(size + 2))[:-2])
                if size == 0:
                    break
            body = b"".join(parts)
        if headers.get("connection") == "close":
            self.writer.close()
            self.reader = self.writer = None
        return status, headers, body


class Walk:
    """What one client asks next in a scenario: a fixed URL, or varied filters (``days``: with
    a period) whose list it walks page after page by the ``next`` cursor (``pages`` at most)."""

    def __init__(self, kind: str, path: str | None, rng: random.Random) -> None:
        self.kind, self.path, self.rng = kind, path, rng
        self.next: str | None = None
        self.left = 0

    def url(self) -> str:
        if self.path is not None:
            return self.path
        if self.kind == "dashboard":
            query = a_filter(self.rng, days=True)
            return "/?" + urlencode(query)
        if self.kind == "provinces":  # the choropleth's counts for the dashboard's filters
            return "/api/map/provinces?" + urlencode(a_filter(self.rng, days=True))
        if self.next is None or self.left <= 0:
            query = a_filter(self.rng, days=self.rng.random() < 0.5)
            self.base = f"/{self.kind}?" + urlencode({**query, "limit": "50"})
            self.left = self.rng.randrange(1, 40)
            return self.base
        return self.base + "&" + urlencode({"after": self.next})

    def read(self, body: bytes) -> None:
        if self.path is None and self.kind == "api/incidents":
            self.next = json.loads(body).get("next")
            self.left -= 1
        elif self.path is None and self.kind == "incidents":
            found = body.split(b'rel="next"', 1)[0].rsplit(b"after=", 1)
            self.next = (
                found[1].split(b'"', 1)[0].decode()
                if len(found) == 2 and b'rel="next"' in body
                else None
            )
            self.left -= 1


async def run_load(
    port: int, path: str | None, kind: str, clients: int, seconds: float
) -> tuple[dict[str, list[float]], int, float]:
    latencies: dict[str, list[float]] = {"hit": [], "miss": [], "miss·sum": [], "miss·actor": []}
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one_client(number: int) -> None:
        nonlocal errors
        walk = Walk(kind, path, random.Random(number * 7919 + int(time.time())))
        connection = Connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            url = walk.url()
            started = time.perf_counter()
            headers: dict[str, str] = {}
            try:
                status, headers, body = await connection.get(url)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, connection = 0, Connection("127.0.0.1", port)
            took = time.perf_counter() - started
            cache = headers.get("x-cache", "miss")
            latencies[cache].append(took)
            if cache == "miss" and path is None and kind in ("dashboard", "provinces"):
                # Apart: filters the summary table answers, and those by an actor.
                by_actor = any(f"{name}=" in url for name in ROW_FILTERS)
                latencies["miss·actor" if by_actor else "miss·sum"].append(took)
            if status != 200:
                errors += 1
                FAILED[status] = FAILED.get(status, 0) + 1
                walk.next = None
            else:
                walk.read(body)

    started = time.perf_counter()
    await asyncio.gather(*(one_client(n) for n in range(clients)))
    return latencies, errors, time.perf_counter() - started


FAILED: dict[int, int] = {}  # status (0: connection failed) -> count, printed at the end
# The filters of a_filter that the summary table has no column for (reviewed is in its key since
# migration 0024): the actor summary answers an actor's text that matches one name, else the rows.
ROW_FILTERS = ("actor",)
FILTERS = "all"  # --filters


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


SCENARIOS = [
    ("dashboard", "dashboard", "/"),
    ("incident list (API)", "api/incidents", "/api/incidents?limit=50"),
    ("dashboard, varied filters", "dashboard", None),
    ("API list, filters, walked", "api/incidents", None),
    ("list page, filters, walked", "incidents", None),
    # The choropleth's counts per province (one GROUP BY), as the dashboard asks and varied.
    ("map provinces", "provinces", "/api/map/provinces?date_from=2025-10-19"),
    ("map provinces, varied filters", "provinces", None),
]


def memory_of(process: subprocess.Popen[bytes]) -> float:
    """The resident memory of the server and its workers, in MB."""
    pids = [process.pid]
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def bench(backend: str, settings: Settings, args: argparse.Namespace) -> None:
    workers = args.workers or len(os.sched_getaffinity(0))
    seeded = (settings.data / ("seeded" if settings.db else "ceasefire.db")).exists()
    if seeded:
        print(f"\n## {backend}: the store seeded before in {settings.data}; {workers} worker(s)")
    else:
        seconds = load(settings, args.incidents)
        print(
            f"\n## {backend}: {args.incidents:,} incidents seeded in {seconds:.1f} s "
            f"({args.incidents / seconds:,.0f}/s); {workers} worker(s)",
            flush=True,
        )
        if settings.db:
            settings.data.mkdir(parents=True, exist_ok=True)
            (settings.data / "seeded").touch()
    port = free_port()
    process = serve(settings, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        # Warm up: the first request of each kind builds caches and loads the polygons.
        scenarios = [s for s in SCENARIOS if not args.only or s[1] in args.only]
        for _, kind, path in scenarios:
            httpx.get(base + (path or Walk(kind, None, random.Random(0)).url()), timeout=300)
        print(
            f"{'scenario':<28} {'clients':>7} {'cache':>8} {'requests':>8} {'req/s':>7} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
        )
        for name, kind, path in scenarios:
            for clients in args.clients:
                drain(port)
                latencies, errors, elapsed = asyncio.run(
                    run_load(port, path, kind, clients, args.seconds)
                )
                for cache, found in latencies.items():
                    if not found:
                        continue
                    print(
                        f"{name:<28} {clients:>7} {cache:>8} {len(found):>8} "
                        f"{len(found) / elapsed:>7.0f} {percentile(found, 0.50) * 1000:>7.1f} "
                        f"{percentile(found, 0.95) * 1000:>7.1f} "
                        f"{percentile(found, 0.99) * 1000:>7.1f} {errors:>6}",
                        flush=True,
                    )
        print(f"server memory (all workers, resident): {memory_of(process):,.0f} MB")
        if FAILED:
            print(
                f"failed requests by status (0: connection error): {dict(sorted(FAILED.items()))}"
            )
            FAILED.clear()
            print("the server's last lines:\n" + server_errors(settings))
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
    parser.add_argument("--clients", type=int, nargs="+", default=[50])
    parser.add_argument("--seconds", type=float, default=10.0, help="Per scenario and concurrency.")
    parser.add_argument(
        "--workers", type=int, default=None, help="Server worker processes (default: serve's own)."
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted({kind for _, kind, _ in SCENARIOS}),
        help="Run the scenarios of these kinds only.",
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="Seed into this folder once and serve the store found there on later runs (a "
        "million incidents take minutes to seed); PostgreSQL: the folder names the database, "
        "which lives as long as the server of scripts/with-postgres; default: a temporary "
        "folder, a new database.",
    )
    parser.add_argument(
        "--filters",
        choices=["all", "sum", "row"],
        default="all",
        help="The varied filters: all kinds (default), only those the summary table answers "
        "(day, place, type, reviewed), or only those by an actor (with a country).",
    )
    args = parser.parse_args()
    global FILTERS
    FILTERS = args.filters
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"# api_load: {args.incidents:,} incidents, clients {args.clients}, {args.seconds:g} s each"
    )
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix="cf-load-") as folder:
            data = Path(folder) / "data"
            if backend == "sqlite":
                bench(backend, Settings(data=args.store or data), args)
            elif args.store is None:
                url, _ = postgres_database()
                bench(backend, Settings(data=data, db=url), args)
            else:  # the database named in the folder, made and seeded on the first run
                named = args.store / "pg-database"
                if not named.exists():
                    args.store.mkdir(parents=True, exist_ok=True)
                    named.write_text(postgres_database()[0])
                bench(backend, Settings(data=args.store / "pg-data", db=named.read_text()), args)


if __name__ == "__main__":
    main()
