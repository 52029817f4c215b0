"""The accuracy gate's floors (eval/floors.json), derived from cross-validation.

The gate (tests/test_eval_gate.py) holds each set's cross-validated figures, and the shipped model's
on the set's development documents (the ones it was fit on), to these floors: the same documents
both ways, never the final-test third, so that a rise under CV cannot fail the gate on documents
the floors were not derived from. A floor set from the in-sample figure would fall whenever gold
grows: a model fit on more and harder data fits each set less closely. So each floor is the set's pooled cross-validated
figure (`ceasefire eval --cv 5` over every gold set under eval/, the documents of that set alone,
each scored by a model that never saw it) minus one standard error of that figure at the set's
size, sqrt(p * (1 - p) / n), with n the set's required gold incidents for incident and strict F1
and its matched incidents with a known gold value for a field; rounded down to two decimals. A
change that costs a set more than that noise fails the gate; new gold does not, unless it makes
the model worse on the set under cross-validation too. The seed gold (shared/corpus/seeds) is in
no fold: its floor and "every required seed incident found" stay as they are.

Run from the repository root with the project's environment:
    .venv/bin/python eval/floors.py eval/*/            # prints the figures and the floors
    .venv/bin/python eval/floors.py eval/*/ --write    # and writes them to eval/floors.json
    [--cache /tmp/prepared.pickle]                      # the rules' analyses, as slot_errors.py
Only development documents are read (never the final-test third).
"""

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from slot_errors import load_prepared

from ceasefire.evaluate.scoring import FIELDS, Score
from ceasefire.services.training import cross_validate

FLOORS = Path(__file__).resolve().parent / "floors.json"
FOLDS = 5
# The sets and figures the gate holds, by the name of its floors (tests/test_eval_gate.py);
# "pooled" is every development document of every set at once, the figures issue 13 aims at.
POOLED = "pooled"
GATED = {
    POOLED: ("incident_f1", "strict_f1", "date", "killed_low", "perpetrator", "place_finest"),
    "voa": ("incident_f1", "strict_f1", "killed_low", "place_finest"),
    "synthetic": ("incident_f1", "strict_f1"),
}


def figure(score: Score, name: str) -> tuple[float, int]:
    """A figure of one set's pooled held-out score, and how many incidents it is a share of."""
    value, count = score.figure(name)
    if value is None:
        raise SystemExit(f"eval/floors.py: no gold {name} to score")
    return value, count


def floor(value: float, count: int) -> float:
    """The figure minus one standard error of a share of `count`, rounded down to two decimals."""
    error = math.sqrt(value * (1 - value) / count) if count else value
    return math.floor(max(0.0, value - error) * 100) / 100


def gated_scores(folders: list[Path], cache: Path | None = None) -> dict[str, Score]:
    """Each gated set's pooled held-out score, and every set's together under `POOLED`."""
    result = cross_validate(load_prepared(folders, cache), FOLDS)
    if POOLED in result.by_set:
        raise SystemExit(f"eval/floors.py: a gold set may not be named {POOLED!r}")
    return {**result.by_set, POOLED: result.pooled}


def floors(by_set: dict[str, Score], previous: dict[str, Any]) -> dict[str, Any]:
    written: dict[str, Any] = {
        "_about": previous.get("_about", ""),
        "_rule": (
            "seeds: a stated floor (the seed gold is in no fold). Every other floor: the set's "
            f"pooled {FOLDS}-fold cross-validated figure over every gold set under eval/ minus one "
            "standard error sqrt(p(1-p)/n) (n: the set's required gold incidents for F1, its "
            "scored incidents for a field), rounded down to two decimals. Recompute with "
            "eval/floors.py eval/*/ --write after gold or the extractor changes."
        ),
        "seeds": previous["seeds"],
    }
    for name, fields in GATED.items():
        if name not in by_set:
            raise SystemExit(f"eval/floors.py: the gold set {name} is not among the folders")
        entry: dict[str, Any] = {}
        held_out: dict[str, Any] = {}
        for field in fields:
            value, count = figure(by_set[name], field)
            value = round(value, 4)  # as written, so that the floor can be checked from the file
            entry[field] = floor(value, count)
            held_out[field] = {"value": value, "n": count}
        entry["_cross_validated"] = held_out
        written[name] = entry
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="write eval/floors.json")
    parser.add_argument(
        "--cache", type=Path, help="keep the rules' analyses here (delete it when the rules change)"
    )
    args = parser.parse_args()
    previous = json.loads(FLOORS.read_text(encoding="utf-8"))
    by_set = gated_scores(args.folders, args.cache)
    for name in [POOLED, *sorted(n for n in by_set if n != POOLED)]:
        score = by_set[name]
        fields = " ".join(
            f"{field} {value:.3f}"
            for field in FIELDS
            if (value := score.accuracy(field)) is not None
        )
        print(
            f"{name:<12} {len(score.documents):>3} docs {score.required:>3} required  "
            f"P/R/F1 {score.precision:.3f}/{score.recall:.3f}/{score.f1:.3f} "
            f"strict {score.strict_f1:.3f} {fields}"
        )
    written = floors(by_set, previous)
    for name in GATED:
        shown = {k: v for k, v in written[name].items() if not k.startswith("_")}
        print(f"floors {name}: {shown}")
    if args.write:
        FLOORS.write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
        print("wrote eval/floors.json")


if __name__ == "__main__":
    sys.exit(main())
