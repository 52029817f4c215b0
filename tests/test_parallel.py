"""Extraction in worker processes and on a Dask cluster, with one writer: the record is the same,
document for document, as a serial ingest's; a killed parallel ingest loses nothing committed."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ceasefire import services
from ceasefire.config import Settings

from .conftest import REPO, Cli, kill_9_after_lines

VOA = REPO / "eval" / "voa" / "docs"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty public-domain VOA stories, copied so that no meta.jsonl limits what is read."""
    folder = tmp_path_factory.mktemp("voa20")
    for path in sorted(VOA.glob("*.txt"))[:20]:
        shutil.copy(path, folder / path.name)
    return folder


def record_of(run: Cli) -> dict[str, object]:
    """What the record holds, without the times of collection: documents, incidents, the log's
    kinds of entries in order, and its verification."""
    documents = run("documents")
    incidents = run("incidents", "--format", "jsonl")
    assert incidents.exit_code == 0, incidents.output
    log = run("log", "show", "--json")
    assert log.exit_code == 0, log.output
    entries = [json.loads(line) for line in log.stdout.splitlines() if line.startswith("{")]
    verified = run("log", "verify")
    assert verified.exit_code == 0, verified.output
    return {
        "documents": sorted(
            line.split()[0] for line in documents.stdout.splitlines()[1:] if line.strip()
        ),
        "incidents": [json.loads(line) for line in incidents.stdout.splitlines()],
        "log": [(entry["kind"], entry["subject"]) for entry in entries],
    }


def test_parallel_ingest_gives_the_serial_record(
    sqlite_settings: Settings, tmp_path: Path, corpus: Path
) -> None:
    """On SQLite; on PostgreSQL, the Dask test below makes the same comparison."""
    serial = Cli(sqlite_settings)
    result = serial("ingest", "--workers", "1", str(corpus))
    assert result.exit_code == 0 and "20 added" in result.output, result.output
    parallel_settings = sqlite_settings.model_copy(update={"data": tmp_path / "parallel"})
    parallel = Cli(parallel_settings)
    result = parallel("ingest", "--workers", "2", str(corpus))
    assert result.exit_code == 0 and "20 added" in result.output, result.output
    expected = record_of(serial)
    assert expected["incidents"], "the stories report incidents"
    assert record_of(parallel) == expected


def test_extractor_choice(sqlite_settings: Settings) -> None:
    settings = sqlite_settings
    assert isinstance(services.extractor_for(settings, batch=3), services.SerialExtractor)
    chosen = services.extractor_for(settings, workers=1, batch=100)
    assert isinstance(chosen, services.SerialExtractor)
    pool = services.extractor_for(settings, workers=2, batch=3)
    try:
        assert isinstance(pool, services.ProcessExtractor) and pool.window == 8
    finally:
        pool.close()


def test_an_unreachable_dask_scheduler_is_one_line(sqlite_settings: Settings, corpus: Path) -> None:
    run = Cli(sqlite_settings)
    result = run("ingest", "--dask", "tcp://127.0.0.1:9", str(corpus))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "--dask" in lines[0] and "127.0.0.1:9" in lines[0], result.output
    assert not (run.settings.data / "documents").exists() or not any(
        (run.settings.data / "documents").rglob("*")
    )


@pytest.mark.postgres
def test_dask_local_cluster_against_postgresql(
    postgres_url: str, tmp_path: Path, corpus: Path
) -> None:
    from distributed import LocalCluster

    serial = Cli(Settings(data=tmp_path / "serial", collector="tester"))
    assert serial("ingest", "--workers", "1", str(corpus)).exit_code == 0
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask = Cli(Settings(data=tmp_path / "dask", db=postgres_url, collector="tester"))
        result = dask("ingest", "--dask", cluster.scheduler_address, str(corpus))
        assert result.exit_code == 0 and "20 added" in result.output, result.output
    assert record_of(dask) == record_of(serial)


def test_a_killed_parallel_ingest_loses_nothing_and_a_rerun_completes(
    sqlite_settings: Settings, corpus: Path
) -> None:
    added = kill_9_after_lines(
        sqlite_settings,
        "ingest",
        "--workers",
        "2",
        str(corpus),
        prefix="added",
        count=5,
        seconds=120,
    )
    assert 5 <= added < 20, "killed in the middle of the batch"
    run = Cli(sqlite_settings)
    # Everything committed verifies. A kill between an original's write and its row's commit can
    # leave that file behind, which verify names (it cannot tell it from a planted file) and
    # nothing else: the rerun then stores its row.
    verified = run("log", "verify")
    if verified.exit_code != 0:
        problems = [line for line in verified.output.splitlines() if line.startswith("documents/")]
        assert problems, verified.output
        assert all(
            "file not in the log" in line or "leftover of an interrupted write" in line
            for line in problems
        ), verified.output
        named = [line for line in verified.output.splitlines() if not line.startswith("verif")]
        assert problems == [line for line in named if line.strip()], verified.output
    rerun = run("ingest", "--workers", "2", str(corpus))
    assert rerun.exit_code == 0 and "0 failed" in rerun.output, rerun.output
    listing = run("documents")
    assert len([line for line in listing.stdout.splitlines() if "voa_" in line]) == 20
    for leftover in (sqlite_settings.data / "documents").rglob(".incoming-*"):
        leftover.unlink()  # what verify calls safe to delete
    assert run("log", "verify").exit_code == 0
    again = run("ingest", str(corpus))
    assert "nothing changed" in again.output and "20 already present" in again.output


def test_parallel_import_gives_the_serial_record(sqlite_settings: Settings, tmp_path: Path) -> None:
    """ACLED rows whose notes are extracted by two processes: the same record as one process."""
    with (REPO / "tests" / "data" / "acled_sample.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames or [])
        good = [row for row in reader if row["event_id_cnty"] in {"PAK150001", "PAK150003"}]
    rows = []
    for n in range(12):
        for row in good:
            rows.append({**row, "event_id_cnty": f"{row['event_id_cnty']}{n:02d}"})
    csv_file = tmp_path / "acled.csv"
    with csv_file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    records = []
    for name, workers in (("serial", "1"), ("parallel", "2")):
        run = Cli(sqlite_settings.model_copy(update={"data": tmp_path / name}))
        result = run("import", "acled", "--workers", workers, str(csv_file))
        assert result.exit_code == 0 and "24 added" in result.output, result.output
        records.append(record_of(run))
    assert len(records[0]["incidents"]) >= 24  # type: ignore[arg-type]
    assert records[1] == records[0]


_WRITER = """
import sys, time
from ceasefire.services.parallel import ProcessExtractor
pool = ProcessExtractor(2, warm=False)
# Both asked before either is waited for: the pool starts a second worker.
first, second = pool.call(abs, -3), pool.call(abs, -4)
assert (first.result(), second.result()) == (3, 4)
print("ready", flush=True)
time.sleep(600)
"""


def test_workers_end_when_their_writer_is_killed(tmp_path: Path) -> None:
    """A `kill -9` of the command alone (not of its process group) leaves no worker behind."""
    psutil = pytest.importorskip("psutil")
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        workers = [
            p
            for p in psutil.Process(writer.pid).children()
            if "spawn_main" in " ".join(p.cmdline())
        ]
        assert len(workers) == 2
        writer.kill()
        assert writer.wait() == -signal.SIGKILL
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert alive == [] and len(gone) == 2
    finally:
        if writer.poll() is None:
            os.killpg(writer.pid, signal.SIGKILL)
        for process in psutil.Process().children(recursive=True):
            if process.pid != os.getpid() and process.ppid() == 1:
                process.kill()
