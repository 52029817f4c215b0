"""Throughput of the tamper-evident log: append, verify, proof latency, peak memory.

    .venv/bin/python benchmarks/log_throughput.py [--append 100000] [--verify 1000000]

Appends go through ``TransparencyLog.append`` into a fresh SQLite store, 1,000 entries a transaction
(and a shorter run of one transaction an entry, as `ceasefire ingest` does). The log to verify is
written straight into the table with the same entry encoding (a million appends through the ORM
would only measure the ORM), then checked by the ``LogReplay`` that `ceasefire log verify` runs:
read every row, recompute its canonical bytes and hash, the chain, the Merkle tree and a head, and
recompute the stored Merkle nodes (``merkle_nodes``) to compare them; once in one process, once
with as many hashing workers beside it as the machine has cores (``services.log.verification``).
Proofs on that log are read
from the stored nodes: their latency is printed at its size (a million entries by default).

    scripts/with-postgres .venv/bin/python benchmarks/log_throughput.py --postgres

runs the same on the throwaway PostgreSQL that ``scripts/with-postgres`` starts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import ClassVar

from sqlalchemy import create_engine, insert, text

from ceasefire.config import Settings, normalise_database_url
from ceasefire.record.audit import Discrepancy, LogReplay
from ceasefire.record.keys import Signer
from ceasefire.record.log import GENESIS, LogEntry, TransparencyLog, entry_bytes
from ceasefire.record.log_tables import LogEntryRow, MerkleNodeRow
from ceasefire.record.merkle import Frontier
from ceasefire.record.merkle_audit import check_stored_nodes
from ceasefire.record.store import Store
from ceasefire.services import prove_consistency, prove_inclusion
from ceasefire.services.log import verification
from ceasefire.workers import default_workers

KIND = "note"


class Notes:
    """The benchmark's entries change no rows: nothing to replay beyond the log itself."""

    kinds: ClassVar[frozenset[str]] = frozenset({KIND})

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        return None

    def finish(self) -> list[Discrepancy]:
        return []


def _payload(i: int) -> dict[str, object]:
    return {"n": i, "place": "Spin Boldak", "killed": {"low": 2, "high": 3}, "note": "x" * 40}


_ADMIN: str | None = None  # a PostgreSQL URL (--postgres), else SQLite in the folder


def _open(folder: Path) -> Store:
    if _ADMIN is None:
        return Store.open(Settings(data=folder, collector="bench"))
    # A new database per run on the PostgreSQL server (the folder's name names it).
    name = f"cf_bench_{folder.name}"
    admin = create_engine(normalise_database_url(_ADMIN), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = normalise_database_url(_ADMIN).rpartition("/")[0]
    return Store.open(Settings(data=folder, collector="bench", db=f"{base}/{name}"))


def _timings(make: object, runs: int) -> tuple[float, float, float, float]:
    """p50 and p95 in ms of ``runs`` calls, in elapsed time and in this process's CPU time (which
    a machine shared with other work inflates less)."""
    elapsed, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        make()  # type: ignore[operator]
        elapsed.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    result = []
    for timings in (elapsed, cpu):
        timings.sort()
        result += [statistics.median(timings) * 1000, timings[int(len(timings) * 0.95) - 1] * 1000]
    return result[0], result[1], result[2], result[3]


def bench_append(count: int, folder: Path) -> None:
    store = _open(folder)
    batch = 1_000
    started = time.perf_counter()
    for start in range(0, count, batch):
        with store.session() as session:
            log = TransparencyLog(session)
            for i in range(start, min(start + batch, count)):
                log.append(KIND, f"s{i}", _payload(i), actor="bench")
    elapsed = time.perf_counter() - started
    print(
        f"append   {count:>9,} entries, {batch:,} a transaction: {count / elapsed:>9,.0f} entries/s"
    )
    single = min(count, 5_000)
    signer = Signer.generate("bench")
    started = time.perf_counter()
    for i in range(single):
        with store.session() as session:
            TransparencyLog(session).append(KIND, f"t{i}", _payload(i), actor="bench")
    elapsed = time.perf_counter() - started
    print(
        f"append   {single:>9,} entries, one a transaction:   {single / elapsed:>9,.0f} entries/s"
    )
    started = time.perf_counter()
    with store.session() as session:
        log = TransparencyLog(session)
        for i in range(single):
            log.append(KIND, f"u{i}", _payload(i), actor="bench", signer=signer)
    elapsed = time.perf_counter() - started
    print(
        f"append   {single:>9,} signed entries, one transaction: {single / elapsed:>7,.0f} entries/s"
    )

    _print_proofs(store, count + 2 * single, runs=30)
    store.close()


def bench_verify(count: int, folder: Path) -> None:
    store = _open(folder)
    started = time.perf_counter()
    _fill(store, count)
    print(f"(wrote a log of {count:,} entries in {time.perf_counter() - started:.1f} s)")
    for workers in (1, default_workers()):
        with verification(store, workers) as (session, hashed):
            log = TransparencyLog(session)
            started, started_cpu = time.perf_counter(), time.process_time()
            replay = LogReplay([Notes()])
            replay.feed(log.stream(), hashed)
            root = replay.tree.root()
            nodes = check_stored_nodes(session, replay.tree)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        problems = replay.finish() + nodes
        assert not problems, problems[:3]
        print(
            f"verify   {count:>9,} entries, {workers} worker{'s' if workers > 1 else ''} (read, "
            f"re-hash, chain, Merkle root {root.hex()[:12]}…, stored nodes): "
            f"{count / elapsed:>9,.0f} entries/s ({elapsed:.1f} s; CPU of this process {cpu:.1f} s)"
        )
    _print_proofs(store, count, runs=200)
    signer = Signer.generate("bench")
    signed = 10_000
    entries = []
    prev = GENESIS
    for seq in range(1, signed + 1):
        data = entry_bytes(
            seq=seq, kind=KIND, subject="s", payload="{}", actor="bench",
            created_at="2026-11-22T10:00:00.000000Z", prev_state_hash=prev, key_id="bench",
        )  # fmt: skip
        digest = hashlib.sha256(data).hexdigest()
        entries.append(
            LogEntry(seq, KIND, "s", "{}", "bench", "2026-11-22T10:00:00.000000Z", prev, digest,
                     signer.sign(data), "bench")
        )  # fmt: skip
        prev = digest
    replay = LogReplay([Notes()])
    from ceasefire.record.audit import RegisteredKey

    replay.keys["bench"] = RegisteredKey("bench", "monitor", signer.public_key, 0)
    started = time.perf_counter()
    replay.feed(entries)
    elapsed = time.perf_counter() - started
    assert not replay.finish()
    print(
        f"verify   {signed:>9,} signed entries (in memory, Ed25519 checks): {signed / elapsed:>9,.0f} entries/s"
    )
    store.close()


def _print_proofs(store: Store, size: int, *, runs: int) -> None:
    for label, make in (
        ("inclusion proof", lambda: prove_inclusion(store, random.randint(1, size))),
        ("consistency proof", lambda: prove_consistency(store, random.randint(1, size))),
    ):
        p50, p95, cpu50, cpu95 = _timings(make, runs)
        print(
            f"{label:<18} on {size:>9,} entries (from stored nodes, {runs} proofs): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (CPU p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms)"
        )


def _fill(store: Store, count: int) -> None:
    """Entries and their Merkle nodes, as appends would have written them."""
    prev, chunk, rows, nodes = GENESIS, 20_000, [], []
    frontier = Frontier()
    created = "2026-11-22T10:00:00.000000Z"
    sha256 = hashlib.sha256
    note = "x" * 40
    with store.engine.begin() as connection:
        for seq in range(1, count + 1):
            payload = f'{{"n":{seq},"note":"{note}","place":"Spin Boldak"}}'
            data = entry_bytes(
                seq=seq, kind=KIND, subject=f"s{seq}", payload=payload, actor="bench",
                created_at=created, prev_state_hash=prev, key_id=None,
            )  # fmt: skip
            digest = sha256(data).hexdigest()
            rows.append(
                {"seq": seq, "kind": KIND, "subject": f"s{seq}", "payload": payload,
                 "actor": "bench", "created_at": created, "prev_state_hash": prev,
                 "entry_hash": digest, "signature": None, "key_id": None}
            )  # fmt: skip
            prev = digest
            for level, position, node in frontier.add(bytes.fromhex(digest)):
                nodes.append({"level": level, "position": position, "hash": node.hex()})
            if len(rows) == chunk:
                connection.execute(insert(LogEntryRow), rows)
                rows = []
        if rows:
            connection.execute(insert(LogEntryRow), rows)
        connection.execute(insert(MerkleNodeRow), nodes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--append", type=int, default=100_000, help="entries to append")
    parser.add_argument("--verify", type=int, default=1_000_000, help="entries to verify")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="on the PostgreSQL of CEASEFIRE_TEST_PG_URL (scripts/with-postgres)",
    )
    args = parser.parse_args()
    if args.postgres:
        global _ADMIN
        _ADMIN = os.environ["CEASEFIRE_TEST_PG_URL"]
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as tmp:
        bench_append(args.append, Path(tmp) / "append")
        bench_verify(args.verify, Path(tmp) / "verify")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
