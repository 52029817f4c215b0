"""The cost of one miss of the dashboard and the map, alone: the app in this process (no server, no
other client), each request a new filter over a random period of 7–400 days, by kind of filter.
Prints the median wall time and the median CPU time of this process per request: on SQLite the
database's work is in it, on PostgreSQL only the app's.

    .venv/bin/python benchmarks/api_load.py --incidents 1000000 --store /tmp/cf-1m --only dashboard
    .venv/bin/python benchmarks/dashboard_miss.py /tmp/cf-1m            # the store seeded there
    .venv/bin/python benchmarks/dashboard_miss.py DATA --db postgresql+psycopg://...

Then the list's next page as a worker that has not counted the filter asks it (its cache
emptied): with the total the cursor carries, sealed (services/cursors.py), and with the cursor's
position only, which counts again.

With ``--server``, the same misses are asked of `ceasefire serve --workers 1` over HTTP instead,
one at a time (``--requests 60`` or more: the kernel counts CPU time in 10 ms ticks), and the CPU
time is the server process's (from /proc), its mean per request: what a miss costs with the
HTTP server, the middleware and the response included, the test client's own work left out. The
list's misses are then a walk of the filtered list by its ``next`` cursor (the API, then the page),
as api_load.py walks it.

Under load (many clients) see api_load.py; this says what one request costs, which is what the
machine's cores divide among the clients.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlencode

import httpx
from fastapi.testclient import TestClient

from ceasefire.config import Settings
from ceasefire.record.incidents import Cursor
from ceasefire.services.cache import cache_of, cubes_of
from ceasefire.web.app import create_app

START = date(2025, 10, 19)  # the first day of api_load.py's incidents; they span 400 days
KINDS: dict[str, dict[str, str]] = {
    "none": {},
    "country": {"country": "Pakistan"},
    "province": {"admin1": "Kabul"},
    "type": {"event_type": "Air/drone strike"},
    "reviewed": {"reviewed": "true"},
    "actor": {"actor": "TTP", "country": "Pakistan"},
}
PATHS = ("/", "/api/map/provinces", "/api/map/incidents")
LISTS = ("/api/incidents", "/incidents")  # walked by their next cursor with --server


def a_period(rng: random.Random) -> dict[str, str]:
    first = rng.randrange(400)
    last = min(399, first + rng.choice([7, 30, 90, 180, 400]))
    return {
        "date_from": (START + timedelta(days=first)).isoformat(),
        "date_to": (START + timedelta(days=last)).isoformat(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path, help="The data folder of a seeded store.")
    parser.add_argument("--db", default=None, help="A PostgreSQL URL (default: SQLite in data).")
    parser.add_argument("--requests", type=int, default=6, help="Per path and kind of filter.")
    parser.add_argument(
        "--server",
        action="store_true",
        help="Ask `ceasefire serve --workers 1` over HTTP and count the server's CPU time.",
    )
    args = parser.parse_args()
    if args.server:
        served(Settings(data=args.data, db=args.db), args.requests)
        return
    client = TestClient(create_app(Settings(data=args.data, db=args.db)))
    for path in PATHS:  # the first request of each builds caches (facets, polygons, gazetteer)
        assert client.get(path).status_code == 200, path
    rng = random.Random(11)
    asked: set[str] = set()
    print(f"{'path':<20} {'filter':<9} {'wall ms':>8} {'CPU ms':>8}")
    for path in PATHS:
        for kind, extra in KINDS.items():
            walls, cpus = [], []
            for _ in range(args.requests):
                url = ""
                while not url or url in asked:  # a URL asked before would be a cache hit
                    url = f"{path}?{urlencode({**a_period(rng), **extra})}"
                asked.add(url)
                wall, cpu = time.perf_counter(), time.process_time()
                answer = client.get(url)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
                assert answer.status_code == 200, (url, answer.status_code)
                assert answer.headers.get("x-cache", "miss") == "miss", url
            print(
                f"{path:<20} {kind:<9} {statistics.median(walls):>8.1f} "
                f"{statistics.median(cpus):>8.1f}",
                flush=True,
            )
    next_pages(client, rng, args.requests)


def next_pages(client: TestClient, rng: random.Random, requests: int) -> None:
    """The second page of a filtered list, asked of a process that has not counted the filter."""
    cache = cache_of(client.app.state.web.store)  # type: ignore[attr-defined]
    cubes = cubes_of(client.app.state.web.store)  # type: ignore[attr-defined]
    print(f"\n{'next page of the list':<20} {'filter':<9} {'carried':>8} {'counted':>8}  (CPU ms)")
    for kind, extra in KINDS.items():
        carried: list[float] = []
        counted: list[float] = []
        for _ in range(requests):
            query = urlencode({**a_period(rng), **extra, "limit": "50"})
            following = client.get(f"/api/incidents?{query}").json()["next"]
            assert following, query
            for cursor, times in (
                (following, carried),
                (str(Cursor.parse(following).position), counted),
            ):
                cache.clear()
                cubes.clear()
                cpu = time.process_time()
                answer = client.get(f"/api/incidents?{query}&{urlencode({'after': cursor})}")
                times.append((time.process_time() - cpu) * 1000)
                assert answer.status_code == 200, answer.text
        print(
            f"{'/api/incidents':<20} {kind:<9} {statistics.median(carried):>8.1f} "
            f"{statistics.median(counted):>8.1f}",
            flush=True,
        )


def served(settings: Settings, requests: int) -> None:
    """The misses of :func:`main` and a walk of the list, asked of a server with one worker."""
    from api_load import free_port, serve  # beside this file

    port = free_port()
    process = serve(settings, port, 1)
    worker = _worker_of(process.pid)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(11)
    asked: set[str] = set()
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            for path in (*PATHS, *LISTS):
                assert client.get(path).status_code == 200, path
            print(f"{'path':<20} {'filter':<9} {'wall ms':>8} {'CPU ms':>8}  (server CPU, mean)")
            for path in (*PATHS, *LISTS):
                for kind, extra in KINDS.items():
                    walls = []
                    following: str | None = None
                    cpu = _cpu_seconds(worker)
                    query = ""
                    for _ in range(requests):
                        if path in LISTS:  # a walk: a first page, then its next ones
                            if following is None:
                                query = urlencode({**a_period(rng), **extra, "limit": "50"})
                                url = f"{path}?{query}"
                            else:
                                url = f"{path}?{query}&{urlencode({'after': following})}"
                        else:
                            url = ""
                            while not url or url in asked:
                                url = f"{path}?{urlencode({**a_period(rng), **extra})}"
                            asked.add(url)
                        wall = time.perf_counter()
                        answer = client.get(url)
                        walls.append((time.perf_counter() - wall) * 1000)
                        assert answer.status_code == 200, (url, answer.status_code)
                        assert answer.headers.get("x-cache") == "miss", url
                        if path in LISTS:
                            following = next_of(path, answer)
                    # The kernel counts CPU time in ticks of 10 ms: the mean over the kind's
                    # requests, not each one's.
                    spent = (_cpu_seconds(worker) - cpu) * 1000 / requests
                    print(
                        f"{path:<20} {kind:<9} {statistics.median(walls):>8.1f} {spent:>8.1f}",
                        flush=True,
                    )
    finally:
        process.terminate()
        process.wait(timeout=30)


def next_of(path: str, answer: httpx.Response) -> str | None:
    """The ``next`` cursor of a page of the list: the API's field, or the page's "older" link."""
    if path == "/api/incidents":
        found: str | None = answer.json()["next"]
        return found
    link = answer.text.split('rel="next"', 1)[0].rsplit("after=", 1)
    if len(link) != 2 or 'rel="next"' not in answer.text:
        return None
    return unquote(link[1].split('"', 1)[0])


def _worker_of(pid: int) -> int:
    """The process that answers: uvicorn with one worker serves in the process it starts."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = children.read_text().split() if children.exists() else []
    return int(found[0]) if found else pid


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (/proc/PID/stat, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
