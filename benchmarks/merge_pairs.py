"""Pair precision and recall of the incident matcher, learned against the hand-set rule it replaced,
by cross-validation grouped by act, and its speed.

Run: .venv/bin/python benchmarks/merge_pairs.py [--folds 5]

Pairs (same act / different acts) come from the gold sets (see services/matcher_training.py):
1. the seeds' gold and eval/voa: incidents annotated under one key in several stories are one act
   (the Kabul strikes; the Jaffar Express hijacking and its clearance operation; the Beledweyne siege);
2. eval/synthetic2 and eval/synthetic3: incidents with the same `act_group` are one act, told by
   several outlets with different details and tolls;
3. synthetic variants of each extracted incident: a positive rewords the quotes, coarsens the place to
   the province, moves a day-precise date by a day or makes it week-precise; a negative keeps the
   wording and place but moves the date beyond the window, or moves the place to another province.
Extraction runs on the gold documents; its incidents are tied to gold incidents by the evaluation
scorer. Every cross-document pair of tied incidents within a set is a labelled pair. Folds are
`GroupKFold` over connected components of acts (resolve/matcher.py `act_groups`), so no act has
pairs on both sides; the model of each fold is fitted on the other folds only. Vetoed pairs are "not
one act" for both methods.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from ceasefire.resolve.matcher import Counts, cross_validate, hand_rule, shipped_matcher, tally
from ceasefire.resolve.matching import compare, score
from ceasefire.services.matcher_training import labelled_pairs

REPO = Path(__file__).resolve().parents[1]
SETS = [
    REPO / "eval" / "voa",
    REPO / "eval" / "synthetic2",
    REPO / "eval" / "synthetic3",
    REPO.parent / "shared" / "corpus" / "seeds",
]


def line(counts: Counts) -> str:
    return f"precision {counts.precision:.3f}  recall {counts.recall:.3f}  (tp {counts.tp}, fp {counts.fp}, fn {counts.fn})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    sets = [s for s in SETS if (s / "gold.jsonl").is_file()]
    pairs = labelled_pairs(
        sets, on_set=lambda folder, n: print(f"{folder.name}: {n} incidents tied to gold")
    )
    print(
        f"{len(pairs)} labelled pairs, {sum(p.same for p in pairs)} of one act, "
        f"built in {time.perf_counter() - started:.1f} s"
    )

    print(f"\ncross-validation, {args.folds} folds grouped by act:")
    predictions = cross_validate(pairs, folds=args.folds)
    for number in range(1, args.folds + 1):
        fold = [p for p in predictions if p.fold == number]
        learned, hand = tally(pairs, fold)
        print(
            f"  fold {number}: {len(fold):>6} pairs | learned {line(learned)} | hand-set {line(hand)}"
        )
    for name, subset in (
        ("all pairs", predictions),
        ("cross-document pairs", [p for p in predictions if pairs[p.index].source != "variants"]),
        ("synthetic variants", [p for p in predictions if pairs[p.index].source == "variants"]),
    ):
        learned, hand = tally(pairs, subset)
        print(f"  pooled, {name}:")
        print(f"    learned   {line(learned)}")
        print(f"    hand-set  {line(hand)}")
    ceiling = [p for p in pairs if p.same and p.source != "variants"]
    vetoed = sum(1 for p in ceiling if compare(p.a, p.b) is None)
    print(
        f"  {vetoed} of {len(ceiling)} cross-document same-act pairs are vetoed (extraction left a "
        f"date or place that rules them out): recall there is at most {1 - vetoed / len(ceiling):.3f}"
    )

    model = shipped_matcher()
    print(
        f"\nshipped model {model.version} (threshold {model.threshold}), on all pairs (in sample):"
    )
    by_source: dict[str, tuple[Counts, Counts]] = defaultdict(lambda: (Counts(), Counts()))
    timings: list[float] = []
    for item in pairs:
        t0 = time.perf_counter()
        found = score(item.a, item.b)
        if found is not None:  # a pair the vetoes let through: features and the model
            timings.append(time.perf_counter() - t0)
        pair = compare(item.a, item.b)
        mine, theirs = by_source[item.source]
        mine.add(item.same, found is not None and found.is_match)
        theirs.add(item.same, pair is not None and hand_rule(pair))
    for source, (mine, theirs) in sorted(by_source.items()):
        print(f"  {source:<12} learned {line(mine)} | hand-set {line(theirs)}")
    timings.sort()
    print(
        f"scoring one pair the vetoes let through ({len(timings)}): "
        f"p50 {timings[len(timings) // 2] * 1e6:.0f} µs, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
