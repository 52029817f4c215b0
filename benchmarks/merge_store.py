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
`--rule` runs the hand-set rule instead of the shipped learned matcher. `--explain` prints each false
merge: the two acts' slots, and the chain of ingest decisions that put them in one stored incident
(what the stored incident carried when each report joined it, and the score that let it in).
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.domain import Incident
from ceasefire.evaluate.splits import is_final_test
from ceasefire.resolve import matching
from ceasefire.resolve.matcher import matcher_version
from ceasefire.services import resolution
from ceasefire.services.matcher_training import tie
from ceasefire.services.training import GoldSet

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"


def default_sets() -> list[Path]:
    sets = sorted(p.parent for p in (REPO / "eval").glob("*/gold.jsonl"))
    return [*sets, SEEDS] if (SEEDS / "gold.jsonl").is_file() else sets


def slots(incident: Incident) -> str:
    """One line of the slots matching reads."""
    place = incident.place
    where = "/".join(v or "-" for v in (place.admin1, place.admin2, place.location))
    when = f"{incident.date.value or '-'}~{incident.date.precision.value}"
    killed = incident.fatalities
    targets = ",".join(t.value for t in incident.target_categories)
    return (
        f"{when} rep {incident.reported_on} | {place.country or '-'}:{where} | "
        f"{incident.sub_event_type} | by {incident.actor1 or '-'} on {targets or '-'} | "
        f"killed {killed.low}-{killed.high}{' | HISTORY' if incident.is_historical else ''}"
    )


Decision = tuple[Incident, Incident, "matching.MatchScore"]


def record_decisions() -> tuple[list[Decision], Callable[[], None]]:
    """Every merge the store decides at ingest: (incoming, stored target as it was, score); and how
    to stop recording."""
    decisions: list[Decision] = []
    original = resolution.best_match

    def spying(incident, candidates, **kwargs):  # type: ignore[no-untyped-def]
        found = original(incident, candidates, **kwargs)
        if found is not None:
            decisions.append((incident, found[0], found[1]))
        return found

    def stop() -> None:
        resolution.best_match = original  # type: ignore[assignment]

    resolution.best_match = spying  # type: ignore[assignment]
    return decisions, stop


def run(folder: Path, split: str, explain: bool = False) -> tuple[int, int, int, int]:
    """(true pairs, merged true pairs, false merges, documents) of one set ingested into one store."""
    gold_set = GoldSet.at(folder)
    tied = tie([folder], split=split)
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
    decisions, stop = record_decisions()
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
            stop()
    # Which stored incident each tied extracted incident went to: its own id when it was added (an
    # extracted incident keeps its id in the store), else the incident it was merged into (a merge
    # keeps the target's id). Claim spans would not do: two incidents of one sentence share them.
    joined = {incoming.id: target.id for incoming, target, _how in decisions}
    stored_ids = {incident.id for incident in stored}
    home = {
        n: joined.get(t.incident.id, t.incident.id)
        for n, t in enumerate(tied)
        if joined.get(t.incident.id, t.incident.id) in stored_ids
    }
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
            if explain:
                describe(folder.name, x, y, home[i], decisions, tied)
    return true_pairs, merged, false, len(lines)


def describe(set_name, x, y, stored_id, decisions, tied):  # type: ignore[no-untyped-def]
    """A false merge: the two acts' slots and the ingest decisions of its stored incident."""
    label = {t.incident.id: f"{t.file}:{t.act}" for t in tied}
    print(f"FALSE {set_name}: {x.file} [{x.act}] + {y.file} [{y.act}]")
    print(f"   a  {slots(x.incident)}")
    print(f"   b  {slots(y.incident)}")
    for incoming, target, how in decisions:
        if target.id != stored_id:
            continue
        print(
            f"   join {label.get(incoming.id, incoming.id)} -> {label.get(target.id, target.id)} "
            f"as it then was: total {how.total:.2f} (date {how.date:.2f} place {how.place:.2f} "
            f"type {how.type:.2f} text {how.text:.2f} actors {how.actors:+.1f})"
        )
        print(f"      new    {slots(incoming)}")
        print(f"      stored {slots(target)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--split", choices=("development", "final", "all"), default="development")
    parser.add_argument("--rule", action="store_true", help="the hand-set rule, not the model")
    parser.add_argument("--explain", action="store_true", help="print each false merge's chain")
    args = parser.parse_args()
    if args.rule:
        matching.shipped_matcher = lambda: None  # type: ignore[assignment]
    started = time.perf_counter()
    totals = [0, 0, 0]
    matcher = "rule" if args.rule else matcher_version()
    print(f"matcher {matcher}, split {args.split}")
    for folder in args.sets or default_sets():
        n, k, f, documents = run(folder, args.split, args.explain)
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
