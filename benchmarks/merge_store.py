"""End to end: a gold set's documents ingested into one store; how many reports of one act were
merged, and how many different acts were merged by mistake.

Run: .venv/bin/python benchmarks/merge_store.py [--split development|final|all] [--rule] [SET...]
(default: every set under eval/ and the seeds, the development part).

Each document is ingested as `ceasefire ingest` does (copied with its meta.jsonl line into a
temporary folder, one store per set). Independently, the same extraction ties each document's
incidents to gold acts (the evaluation scorer; an incident's act is its `act_group`, else its key).
A stored incident holds the extracted incidents whose claims it carries. Then:
- a true pair is two tied incidents of different documents of one act: merged when they ended in
  one stored incident;
- a false merge is two tied incidents of different documents and different acts in one stored
  incident.
Prints per set and overall: pair precision/recall and "merged k of n true pairs, f false merges".
`--rule` runs the hand-set rule instead of the shipped learned matcher.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import tempfile
import time
from pathlib import Path

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.evaluate.splits import is_final_test
from ceasefire.resolve import matching
from ceasefire.resolve.matcher import matcher_version
from ceasefire.services.matcher_training import tie
from ceasefire.services.training import GoldSet

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def default_sets() -> list[Path]:
    sets = sorted(p.parent for p in (REPO / "eval").glob("*/gold.jsonl"))
    return [*sets, SEEDS] if (SEEDS / "gold.jsonl").is_file() else sets


def run(folder: Path, split: str) -> tuple[int, int, int, int]:
    """(true pairs, merged true pairs, false merges, documents) of one set ingested into one store."""
    gold_set = GoldSet.at(folder)
    tied = tie([folder], split=split)
    span_of = {
        (c.document_id, c.start, c.end): n for n, t in enumerate(tied) for c in t.incident.claims
    }
    lines = [
        line
        for line in gold_set.meta.read_text(encoding="utf-8").splitlines()
        if line.strip()
        and (
            split == "all"
            or is_final_test(gold_set.name, json.loads(line)["file"]) == (split == "final")
        )
    ]
    if not lines:
        return 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as temp:
        inbox = Path(temp) / "inbox"
        inbox.mkdir()
        for line in lines:
            name = json.loads(line)["file"]
            shutil.copy(gold_set.docs / name, inbox / name)
        (inbox / "meta.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        store = services.open_store(Settings(data=Path(temp) / "data", collector="benchmark"))
        try:
            services.ingest_paths(store, [inbox], collected_by="benchmark")
            stored = services.list_incidents(store)
        finally:
            store.close()
    # Which stored incident each tied extracted incident went to (by its claims' spans).
    home: dict[int, str] = {}
    for incident in stored:
        for claim in incident.claims:
            n = span_of.get((claim.document_id, claim.start, claim.end))
            if n is not None:
                home[n] = incident.id
    true_pairs = merged = false = 0
    for (i, x), (j, y) in itertools.combinations(enumerate(tied), 2):
        if x.file == y.file or i not in home or j not in home:
            continue
        together = home[i] == home[j]
        if x.act == y.act:
            true_pairs += 1
            merged += together
        elif together:
            false += 1
    return true_pairs, merged, false, len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--split", choices=("development", "final", "all"), default="development")
    parser.add_argument("--rule", action="store_true", help="the hand-set rule, not the model")
    args = parser.parse_args()
    if args.rule:
        matching.shipped_matcher = lambda: None  # type: ignore[assignment]
    started = time.perf_counter()
    totals = [0, 0, 0]
    matcher = "rule" if args.rule else matcher_version()
    print(f"matcher {matcher}, split {args.split}")
    for folder in args.sets or default_sets():
        n, k, f, documents = run(folder, args.split)
        totals = [totals[0] + n, totals[1] + k, totals[2] + f]
        print(
            f"{folder.name:<14} {documents:>4} documents: merged {k} of {n} true pairs, {f} false merges"
        )
    n, k, f = totals
    precision = k / (k + f) if k + f else 1.0
    recall = k / n if n else 1.0
    print(
        f"{'all':<14} merged {k} of {n} true pairs, {f} false merges: "
        f"pair precision {precision:.3f}  recall {recall:.3f}  ({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
