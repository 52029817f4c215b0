"""How long the shipped gazetteer takes to load, cold (its cache cleared) and cached: the pipeline
loads it once per process, so a cold load is part of every worker's start-up.

    .venv/bin/python benchmarks/gazetteer_load.py [--times 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from ceasefire.extract import gazetteer
from ceasefire.extract.gazetteer import Gazetteer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--times", type=int, default=5, help="Cold loads to time.")
    args = parser.parse_args()
    cold = []
    for _ in range(args.times):
        gazetteer._shipped.cache_clear()
        started = time.perf_counter()
        Gazetteer.load()
        cold.append(time.perf_counter() - started)
    started = time.perf_counter()
    Gazetteer.load()
    cached = time.perf_counter() - started
    print(
        f"gazetteer load: cold median {statistics.median(cold):.3f} s "
        f"(min {min(cold):.3f}, max {max(cold):.3f}, {args.times} loads), cached {cached * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
