"""Error analysis of the learned slot choice on held-out development folds.

For each slot of each rules' incident that pairs with a required gold incident, in the fold that
holds its document out: the gold value, every candidate with the held-out model's probability and
the features that weighed most, the candidate chosen, and whether any candidate was right. Prints
per slot how often the right value is among the candidates ("reachable"), how often the model
and the rules choose it, and, with --show SLOT, the choices it got wrong. Only development
documents are read (never the final-test third).

Run from the repository root with the project's environment:
    .venv/bin/python eval/slot_errors.py eval/*/ [--folds 5] [--show killed] [--limit 40]
        [--cache /tmp/prepared.pickle] [--pooled]
--cache keeps the rules' analyses between runs (they do not change while only features change); it
is made again when the folders or the rules' stage versions differ, but a change to the rules that
bumps no version is not seen: delete the file then. --pooled also prints the pooled cross-validated figures of
`ceasefire eval --cv`.
"""

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

from ceasefire.evaluate.splits import group_folds
from ceasefire.extract.choice import RANKED, SLOTS, SURE_ONLY, ChoiceModel, is_rule
from ceasefire.extract.slots import candidates_of
from ceasefire.services.extraction import rules_pipeline
from ceasefire.services.training import (
    Prepared,
    _is_right,
    cross_validate,
    new_scorer,
    prepare,
    spot_rivals,
)

CHOSEN_SLOTS = tuple(slot for slot in SLOTS if slot != "keep")


def load_prepared(folders: list[Path], cache: Path | None) -> list[Prepared]:
    """The development documents run through the rules, from ``cache`` when it was made from the
    same folders by rules of the same stage versions (else made again and written there)."""
    made_from = {
        "folders": sorted(str(folder.resolve()) for folder in folders),
        "versions": rules_pipeline().versions,
    }
    if cache is not None and cache.is_file():
        with cache.open("rb") as handle:
            kept = pickle.load(handle)
        if isinstance(kept, dict) and kept.get("made_from") == made_from:
            documents: list[Prepared] = kept["documents"]
            return documents
        print(
            f"{cache}: made from other folders or rules; running the rules again", file=sys.stderr
        )
    documents = prepare(folders, split="development")
    if cache is not None:
        with cache.open("wb") as handle:
            pickle.dump({"made_from": made_from, "documents": documents}, handle)
    return documents


def _describe(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, frozenset):
        return "{" + ",".join(sorted(c.value for c in value)) + "}"
    if hasattr(value, "country"):
        return f"{value.country}/{value.admin1}/{value.admin2}/{value.location}"
    return str(value)


def _choices(document: Prepared) -> list[dict[str, Any]]:
    """The document's choices: per rules' incident paired with a required gold incident and per
    slot, the candidates with their labels (as training reads them)."""
    result = new_scorer().add(
        document.gold, document.text, document.analysis.incidents, document.analysis.aggregates
    )
    matched = {id(p): g for g, p in result.matched}
    choices = []
    for position, found in enumerate(candidates_of(document.facts, document.analysis.incidents)):
        gold = matched.get(id(found.incident))
        if gold is None or gold.is_optional:
            continue
        sentence = document.facts.sentences[
            document.facts.sentence_at(found.incident.mentions[0].start)
        ].text

        def rivals(slot: str, found: Any = found, gold: Any = gold) -> list[Any]:
            if slot == "spot":  # inside the place chosen (the gold's province when reachable)
                return spot_rivals(document.facts, found, gold)
            return list(found.slots[slot])

        for slot in CHOSEN_SLOTS:
            if slot == "target" and not set(gold.target_categories) - {"unknown"}:
                continue
            candidates = rivals(slot)
            if not candidates:  # a spot inside no place
                continue
            choices.append(
                {
                    "slot": slot,
                    "document": "/".join(document.key),
                    "choice": f"{'/'.join(document.key)}#{position}",
                    "sentence": sentence,
                    "gold": _gold_value(slot, gold),
                    "candidates": [(c, _is_right(slot, c, gold)) for c in candidates],
                }
            )
    return choices


def analyse(documents: list[Prepared], folds: int, slots: tuple[str, ...]) -> list[dict[str, Any]]:
    """One record per held-out choice: slot, document, the candidates scored, the pick. Only the
    models of `slots` are fit (the keep model does not change which candidates are right)."""
    per_document = [[c for c in _choices(d) if c["slot"] in slots] for d in documents]
    records = []
    for test_indexes in group_folds([d.key for d in documents], folds):
        test = set(test_indexes)
        rows: dict[str, list[tuple[Any, bool]]] = {s: [] for s in slots}
        groups: dict[str, list[str]] = {s: [] for s in slots}
        keys: dict[str, list[str]] = {s: [] for s in slots}
        train = sorted(
            (i for i in range(len(documents)) if i not in test), key=lambda i: documents[i].key
        )
        for index in train:
            for choice in per_document[index]:
                for candidate, label in choice["candidates"]:
                    rows[choice["slot"]].append((candidate.features, label))
                    groups[choice["slot"]].append(choice["document"])
                    keys[choice["slot"]].append(choice["choice"])
        model = ChoiceModel.fit(rows, groups=groups, choices=keys)
        for index in test_indexes:
            for choice in per_document[index]:
                slot = choice["slot"]
                slot_model = model.slots.get(slot)
                scored = [
                    (
                        slot_model.probability(c.features) if slot_model else 0.0,
                        c,
                        right,
                        slot_model,
                    )
                    for c, right in choice["candidates"]
                ]
                rule = next((s for s in scored if is_rule(s[1].features)), None)
                pick = max(scored, key=lambda s: (s[0], is_rule(s[1].features)))
                if slot_model is None or (slot in SURE_ONLY and pick[0] < 0.5 and rule is not None):
                    pick = rule or pick
                records.append({**choice, "scored": scored, "pick": pick, "rule": rule})
    return records


def _gold_value(slot: str, gold: Any) -> str:
    if slot == "date":
        return str(gold.date)
    if slot == "place":
        return f"{gold.country}/{gold.admin1}/{gold.admin2 or gold.location}"
    if slot == "spot":
        return f"{gold.country}/{gold.admin1}/{gold.admin2}/{gold.location}"
    if slot == "perpetrator":
        return str(gold.perpetrator)
    if slot == "target":
        return "{" + ",".join(sorted(set(gold.target_categories) - {"unknown"})) + "}"
    return str(gold.killed_low)


def summary(records: list[dict[str, Any]]) -> None:
    print(f"{'slot':12} {'choices':>7} {'reachable':>9} {'model':>7} {'rules':>7} {'of reach':>8}")
    for slot in CHOSEN_SLOTS:
        mine = [r for r in records if r["slot"] == slot]
        if not mine:
            continue
        reach = sum(any(s[2] for s in r["scored"]) for r in mine)
        model = sum(r["pick"][2] for r in mine)
        rules = sum(bool(r["rule"] and r["rule"][2]) for r in mine)
        total = len(mine)
        print(
            f"{slot:12} {total:7} {reach / total:9.3f} {model / total:7.3f} "
            f"{rules / total:7.3f} {model / max(reach, 1):8.3f}"
        )


def show(records: list[dict[str, Any]], slot: str, limit: int, features: int) -> None:
    wrong = [
        r
        for r in records
        if r["slot"] == slot and not r["pick"][2] and any(s[2] for s in r["scored"])
    ]
    unreachable = [r for r in records if r["slot"] == slot and not any(s[2] for s in r["scored"])]
    print(
        f"\n{slot}: {len(wrong)} wrong choices with the right value among the candidates, "
        f"{len(unreachable)} without it ({'ranked' if slot in RANKED else 'per candidate'})"
    )
    for record in wrong[:limit]:
        print(f"\n== {record['document']}  gold {record['gold']}")
        print(f"   act: {record['sentence'][:220]}")
        for probability, candidate, right, slot_model in sorted(
            record["scored"], key=lambda s: -s[0]
        )[:6]:
            mark = ("*" if right else " ") + (">" if candidate is record["pick"][1] else " ")
            top = slot_model.explain(candidate.features)[:features] if slot_model else []
            why = ", ".join(f"{name} {weight:+.2f}" for name, weight in top if weight)
            print(f"  {mark} {probability:.3f} {_describe(candidate.value):28} {why}")
    if unreachable:
        print(f"\n{slot}: not among the candidates (gold, candidates):")
        for record in unreachable[:limit]:
            values = sorted({_describe(s[1].value) for s in record["scored"]})
            print(f"  {record['document']}  gold {record['gold']}  <- {', '.join(values)[:150]}")
            print(f"     act: {record['sentence'][:200]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--show", action="append", default=[], choices=CHOSEN_SLOTS)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--features", type=int, default=6)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--pooled", action="store_true")
    parser.add_argument("--slots", default=",".join(CHOSEN_SLOTS), help="comma-separated")
    args = parser.parse_args()
    documents = load_prepared(args.folders, args.cache)
    records = analyse(documents, args.folds, tuple(args.slots.split(",")))
    summary(records)
    for slot in args.show:
        show(records, slot, args.limit, args.features)
    if args.pooled:
        pooled = cross_validate(documents, args.folds).pooled
        print("\npooled CV:", {k: v for k, v in pooled.as_dict().items() if k != "documents"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
