"""Where the writer of `ceasefire import` spends its CPU: each statement's time, per segment of rows.

    .venv/bin/python benchmarks/import_statements.py --rows 1000000 --segment 100000
    scripts/with-postgres .venv/bin/python benchmarks/import_statements.py --backend postgresql

Runs ``benchmarks/import_acled.py`` with the same arguments, timing in the writer's thread (CPU
time, which other work on a shared machine does not add to) every statement it sends: each
table's bulk INSERT or COPY (``record/bulk.insert_values``), each statement SQLAlchemy executes,
and each commit (its CPU, and its time on the clock: the WAL's fsync is waited for, not computed).
After each ``--segment`` rows it prints the largest, in µs a row, so that a statement whose cost
grows with the store shows. On PostgreSQL the server's own work is in its processes, not here.
"""

from __future__ import annotations

import runpy
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.default import DefaultDialect
from sqlalchemy.orm import Session

import ceasefire.record.bulk as bulk
from ceasefire.record import documents, incidents, interop, log, originals

clock = time.thread_time
spent: Counter[str] = Counter()
calls: Counter[str] = Counter()


class Segment:
    rows = 0
    size = 100_000
    mark = 100_000


def print_segment() -> None:
    # A segment's figures are counted from its first batch's log entries and commit to its last
    # batch's rows: one batch's commit late, which over many batches changes nothing.
    print(f"--- the writer's statements, rows to {Segment.rows:,} (CPU µs a row)", flush=True)
    for name, seconds in spent.most_common(14):
        print(f"  {1e6 * seconds / Segment.size:7.1f}  {calls[name]:>8}  {name}", flush=True)
    spent.clear()
    calls.clear()


_insert_values = bulk.insert_values


def timed_insert_values(
    session: Session, table: Table, names: Sequence[str], values: Sequence[Sequence[Any]]
) -> None:
    began = clock()
    _insert_values(session, table, names, values)
    spent[f"bulk insert {table.name}"] += clock() - began
    calls[f"bulk insert {table.name}"] += len(values)
    if table.name == "dataset_rows":  # one a new row: the batch's last bulk insert but the log's
        Segment.rows += len(values)
        if Segment.rows >= Segment.mark:
            print_segment()
            Segment.mark += Segment.size


@event.listens_for(Engine, "before_cursor_execute")
def _before(conn: Connection, *_: Any) -> None:
    conn.info["began"] = clock()


@event.listens_for(Engine, "after_cursor_execute")
def _after(conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
    name = " ".join(statement.split())[:90]
    spent[name] += clock() - conn.info["began"]
    calls[name] += 1


_do_commit = DefaultDialect.do_commit


def timed_commit(self: DefaultDialect, dbapi_connection: Any) -> None:
    began, wall = clock(), time.perf_counter()
    _do_commit(self, dbapi_connection)
    spent["COMMIT (CPU)"] += clock() - began
    spent["COMMIT (on the clock, not CPU)"] += time.perf_counter() - wall - (clock() - began)
    calls["COMMIT (CPU)"] += 1


def main() -> None:
    if "--segment" in sys.argv:
        Segment.size = Segment.mark = int(sys.argv[sys.argv.index("--segment") + 1])
    for module in (bulk, documents, incidents, interop, log, originals):
        module.insert_values = timed_insert_values  # type: ignore[attr-defined]
    DefaultDialect.do_commit = timed_commit  # type: ignore[method-assign]
    script = Path(__file__).with_name("import_acled.py")
    sys.argv = [str(script), *sys.argv[1:]]
    runpy.run_path(str(script), run_name="__main__")
    print("--- the rest: the last batch's log entries and commit, the deletion rule's pass")
    print_segment()


if __name__ == "__main__":
    main()
