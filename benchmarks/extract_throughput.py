"""Extraction throughput over the whole VOA corpus: documents/s, tokens/s, peak memory, time split.

Run: .venv/bin/python benchmarks/extract_throughput.py [--corpus ../shared/corpus/voa/voa_stories.jsonl]
Each worker process builds the pipeline once (model and gazetteers), then extracts its share of the
stories; start-up is reported apart from steady-state throughput.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import time
from datetime import date
from pathlib import Path

from ceasefire.domain.document import document_id
from ceasefire.read.cleaning import clean_text

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "voa" / "voa_stories.jsonl"
)


def _stories(path: Path) -> list[tuple[str, str, date]]:
    stories = []
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        text = clean_text(story["text"]).text
        stories.append(
            (document_id(story["text"].encode()), text, date.fromisoformat(story["published"][:10]))
        )
    return stories


def _work(batch: list[tuple[str, str, date]]) -> dict[str, object]:
    started = time.perf_counter()
    from ceasefire.services.extraction import pipeline

    runner = pipeline()
    runner.run(
        document_id="warm-up",
        text="Warm-up: a strike was reported in Kabul on Monday.",
        published=None,
    )
    ready = time.perf_counter()
    stages: dict[str, float] = {}
    latencies = []
    incidents = 0
    for doc_id, text, published in batch:
        begin = time.perf_counter()
        analysis = runner.run(document_id=doc_id, text=text, published=published)
        latencies.append(time.perf_counter() - begin)
        incidents += len(analysis.incidents)
        for name, seconds in analysis.seconds.items():
            stages[name] = stages.get(name, 0.0) + seconds
    return {
        "startup": ready - started,
        "work": time.perf_counter() - ready,
        "latencies": latencies,
        "stages": stages,
        "incidents": incidents,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(stories: list[tuple[str, str, date]], processes: int) -> None:
    batches = [stories[i::processes] for i in range(processes)]
    wall = time.perf_counter()
    if processes == 1:
        results = [_work(batches[0])]
    else:
        with mp.get_context("spawn").Pool(processes) as pool:
            results = pool.map(_work, batches)
    wall = time.perf_counter() - wall
    work = max(float(r["work"]) for r in results)  # type: ignore[arg-type]
    startup = max(float(r["startup"]) for r in results)  # type: ignore[arg-type]
    tokens = sum(len(text.split()) for _, text, _ in stories)
    latencies = sorted(x for r in results for x in r["latencies"])  # type: ignore[attr-defined]
    stages: dict[str, float] = {}
    for r in results:
        for name, seconds in r["stages"].items():  # type: ignore[attr-defined]
            stages[name] = stages.get(name, 0.0) + seconds
    total_stage = sum(stages.values()) or 1.0
    print(f"\n== {processes} process{'es' if processes > 1 else ''} ==")
    print(f"documents             {len(stories)}  ({tokens} words)")
    print(f"start-up (per worker) {startup:.2f} s")
    print(
        f"steady state          {len(stories) / work:.1f} documents/s, {tokens / work:,.0f} words/s"
    )
    print(f"wall clock incl. start-up {wall:.2f} s -> {len(stories) / wall:.1f} documents/s")
    print(
        f"latency per document  p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )
    print(f"peak memory per worker {max(float(r['peak_rss_mb']) for r in results):.0f} MB")  # type: ignore[arg-type]
    print(f"incidents extracted   {sum(int(r['incidents']) for r in results)}")  # type: ignore[call-overload]
    print("time by stage (share of pipeline time):")
    for name, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        label = "spaCy tagger+parser" if name == "parse" else "our code"
        print(f"  {name:<12} {seconds:7.2f} s  {100 * seconds / total_stage:5.1f} %  ({label})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--processes", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    stories = _stories(args.corpus)
    for processes in args.processes:
        run(stories, processes)


if __name__ == "__main__":
    main()
