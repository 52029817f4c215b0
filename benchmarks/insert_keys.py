"""What SQLite's own work costs a bulk insert of incidents and claims: by the indexes of the schema
(at a migration given by ``--revision``, or the head) and by how their keys arrive (content hashes,
as stored, or increasing integers, as the "integer keys" step would make them).

    .venv/bin/python benchmarks/insert_keys.py --rows 200000 [--revision 0024] [--keys hash|serial]

Makes a fresh SQLite store at the revision, then inserts ``--rows`` incidents, each with one claim,
in batches of ``--batch`` (the import's 20,000), one ``executemany`` a table and a commit a batch,
with the import's page cache (``record/bulk.py``) and without the search and summary triggers (the
import drops them for its batch and does their work once: ``record/deferred.py``). Prints the CPU
time of this thread per row for each ``--segment`` of rows — the insert of each table, and the
commit — so a cost that grows as the store grows shows. The rows are made before (an insert's time
holds SQLAlchemy's binding of their values, the same whatever the schema), and foreign keys are not
checked. With ``--keys serial`` the incidents' ids are
increasing (a zero-padded counter of the same length, 40 characters), so every index that holds an
incident id first (its primary key, the claims' ``incident_id``) is appended in order (the list
index, keyed by the day first, is not); the claims' document ids stay hashes. Only where a key lands in its
B-trees changes, not the rows' size.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import insert, text

from ceasefire.config import Settings
from ceasefire.record.bulk import widen_cache
from ceasefire.record.store import Store, _alembic_config
from ceasefire.record.tables import ClaimRow, IncidentRow

PLACES = [
    ("Pakistan", "Balochistan", "Qilla Abdullah", "Chaman"),
    ("Pakistan", "Khyber Pakhtunkhwa", "Bannu", "Bannu"),
    ("Afghanistan", "Kandahar", None, "Spin Boldak"),
    ("Afghanistan", "Paktika", "Barmal", "Barmal"),
]
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
]


def rows(first: int, count: int, keys: str, rng: random.Random) -> tuple[list[dict], list[dict]]:
    incidents, claims = [], []
    start = date(2025, 1, 1)
    for number in range(first, first + count):
        if keys == "hash":
            incident_id = hashlib.sha256(f"incident {number}".encode()).hexdigest()[:40]
        else:
            incident_id = f"{number:040d}"
        country, admin1, admin2, location = rng.choice(PLACES)
        event_type, sub_event_type = rng.choice(TYPES)
        killed = rng.choice([0, 0, 1, 2, 3, 5, 12])
        incidents.append(
            {
                "id": incident_id,
                "event_type": event_type,
                "sub_event_type": sub_event_type,
                "event_date": start + timedelta(days=rng.randrange(300)),
                "date_precision": "day",
                "country": country,
                "admin1": admin1,
                "admin2": admin2,
                "location": location,
                "actor1": "Military Forces of Pakistan (2024-)",
                "actor2": "Civilians (Afghanistan)",
                "target_categories": [],
                "fatalities_low": killed,
                "fatalities_best": killed,
                "fatalities_high": killed,
                "victims": {"killed": {}, "injured": {}},
                "is_historical": False,
                "is_reviewed": False,
                "status": "active",
            }
        )
        claims.append(
            {
                "incident_id": incident_id,
                "document_id": hashlib.sha256(f"document {number}".encode()).hexdigest(),
                "start": 0,
                "end": 40,
                "quote": "forces fired on the town, killing two",
                "stance": "asserts",
                "is_hedged": False,
                "fatalities_low": killed,
                "victims": {"killed": {}, "injured": {}},
            }
        )
    return incidents, claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--segment", type=int, default=50_000)
    parser.add_argument("--revision", help="the schema's migration (default: the head)")
    parser.add_argument("--keys", choices=["hash", "serial"], default="hash")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Settings(data=Path(folder) / "data"))
        if args.revision:
            config = _alembic_config()
            with store.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.downgrade(config, args.revision)
        with store.engine.connect() as connection:
            for trigger in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            ).scalars():
                connection.execute(text(f"DROP TRIGGER {trigger}"))
            connection.commit()
            indexes = connection.execute(
                text(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents'"
                )
            ).scalar_one()
        print(f"schema {args.revision or 'head'}: {indexes} indexes on incidents; keys {args.keys}")
        clock = time.thread_time
        spent = {"incidents": 0.0, "claims": 0.0, "commit": 0.0}
        mark = 0
        with store.connection() as connection:
            # Foreign keys off (outside a transaction, as SQLite requires): the claims here cite
            # no stored document, and the probes of the keys they name are not an index's upkeep.
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys = OFF")
            for first in range(0, args.rows, args.batch):
                incidents, claims = rows(first, min(args.batch, args.rows - first), args.keys, rng)
                with store.session(connection) as session:
                    widen_cache(session)
                    began = clock()
                    session.execute(insert(IncidentRow.__table__), incidents)
                    spent["incidents"] += clock() - began
                    began = clock()
                    session.execute(insert(ClaimRow.__table__), claims)
                    spent["claims"] += clock() - began
                    began = clock()
                spent["commit"] += clock() - began
                done = first + len(incidents)
                if done - mark >= args.segment or done == args.rows:
                    size = done - mark
                    figures = ", ".join(f"{name} {1e6 * s / size:.1f}" for name, s in spent.items())
                    total = 1e6 * sum(spent.values()) / size
                    print(
                        f"  rows to {done:>9,}: CPU µs a row: {figures}; all {total:.1f}",
                        flush=True,
                    )
                    spent = dict.fromkeys(spent, 0.0)
                    mark = done
        store.close()


if __name__ == "__main__":
    main()
