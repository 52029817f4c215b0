"""Ingest with extraction spread out: documents/s with 1 and 2 local worker processes, on a Dask
LocalCluster of 2 workers, and the writer's own ceiling (documents/s it stores when extraction costs
nothing: the analyses are computed beforehand). The writer is the serial part of the work, so the
ceiling bounds the speed-up from more machines (Amdahl); the last lines state it.

Run: .venv/bin/python benchmarks/parallel_ingest.py [--copies 2] [--skip-dask]
The corpus is the public-domain VOA stories under eval/*/docs (each copy made distinct by one line).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.extract.pipeline import Analysis
from ceasefire.services.parallel import ExtractionJob, run_job

REPO = Path(__file__).resolve().parents[1]


def corpus(folder: Path, copies: int) -> int:
    sources = sorted({p.name: p for p in REPO.glob("eval/*/docs/*.txt")}.values())
    count = 0
    for copy in range(copies):
        for path in sources:
            text = path.read_text(encoding="utf-8")
            (folder / f"{copy}-{path.name}").write_text(
                f"{text}\n(copy {copy})\n", encoding="utf-8"
            )
            count += 1
    return count


class _Ready:
    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis

    def result(self) -> Analysis:
        return self._analysis


class Precomputed:
    """An extractor whose work was done before the clock started: what remains is the writer."""

    window = 1
    description = "precomputed"

    def __init__(self, analyses: dict[str, Analysis]) -> None:
        self.analyses = analyses

    def submit(self, job: ExtractionJob) -> _Ready:
        return _Ready(self.analyses[job.document_id])

    def close(self) -> None:
        pass


def run(label: str, folder: Path, extractor: services.Extractor, documents: int) -> float:
    data = Path(tempfile.mkdtemp(prefix="cf-bench-"))
    settings = Settings(data=data, collector="bench")
    store = services.open_store(settings)
    try:
        started = time.perf_counter()
        report = services.ingest_paths(store, [folder], collected_by="bench", extractor=extractor)
        elapsed = time.perf_counter() - started
    finally:
        store.close()
        extractor.close()
        shutil.rmtree(data, ignore_errors=True)
    added = report.count(services.IngestStatus.ADDED)
    assert added == documents, f"{label}: {added} of {documents} added"
    rate = documents / elapsed
    print(f"{label:<34} {documents:>5} documents  {elapsed:7.1f} s  {rate:7.1f} documents/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2, help="copies of the corpus (default 2)")
    parser.add_argument("--skip-dask", action="store_true", help="leave out the LocalCluster")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cf-corpus-"))
    try:
        documents = corpus(folder, args.copies)
        print(f"corpus: {documents} documents; cores: {services.parallel.default_workers()}")
        one = run("1 process (serial)", folder, services.SerialExtractor(), documents)
        two = run("2 worker processes", folder, services.ProcessExtractor(2), documents)
        if not args.skip_dask:
            from distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                run(
                    "Dask LocalCluster, 2 workers",
                    folder,
                    services.DaskExtractor(client),
                    documents,
                )
        # The writer's ceiling: extraction done beforehand, outside the clock.
        from ceasefire.domain.document import document_id
        from ceasefire.read.files import iter_files, read_file

        analyses = {}
        started = time.perf_counter()
        for found in iter_files([folder]):
            if found.refused or found.skipped:
                continue
            content = read_file(found.path)
            digest = document_id(content.original)
            analyses[digest] = run_job(ExtractionJob(digest, content.text, None))
        extraction_only = documents / (time.perf_counter() - started)
        writer = run("writer alone (extraction free)", folder, Precomputed(analyses), documents)
        print(f"extraction alone, 1 process: {extraction_only:.1f} documents/s")
        print(
            f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        print(
            f"speed-up with 2 local workers: {two / one:.2f}x. Amdahl: the writer stores at most "
            f"{writer:.0f} documents/s, so N machines of {services.parallel.default_workers()} cores "
            f"give about min({writer:.0f}, N × {extraction_only * services.parallel.default_workers():.0f}) "
            f"documents/s; more than {writer / max(extraction_only, 1e-9):.0f} extraction processes "
            "in all add nothing."
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
