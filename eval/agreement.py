"""Agreement between two codings of the same documents (two gold files): which incidents both
coders found, and on the incidents they share, how often each field agrees.

Incidents are paired per document by the slot rules of `ceasefire.evaluate.scoring` (its date
windows and name folding): no known slot may contradict (country, admin1, dates more than a day
outside each other's precision window), and the two must agree on the event type and the date or
the place, or on the date and the place. An optimal one-to-one assignment then pairs as many
incidents required by both coders as possible, then any others, then the most agreeing slots.

Run from the repository root with the project's environment:
    .venv/bin/python eval/agreement.py FIRST.jsonl SECOND.jsonl [--all] [--disagreements]
Documents are those of the second file (the re-coded subset) unless --all is given.
"""

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ceasefire.evaluate.scoring import _norm, _window

Incident = dict[str, Any]
FIELDS: list[tuple[str, Callable[[Incident], object]]] = [
    ("event type", lambda i: i["event_type"]),
    ("sub-event type", lambda i: i["sub_event_type"]),
    ("date", lambda i: (i["date"], i["date_precision"] if i["date"] else None)),
    ("country", lambda i: _norm(i["country"])),
    ("admin1", lambda i: _norm(i["admin1"])),
    ("admin2", lambda i: _norm(i.get("admin2"))),
    ("location", lambda i: _norm(i["location"])),
    ("location, loose", lambda i: _loose(i["location"])),
    ("perpetrator", lambda i: _norm(i["perpetrator_alleged"])),
    ("target category", lambda i: frozenset(i["target_category"]) - {"unknown"}),
    ("killed low", lambda i: i["killed"]["low"]),
    ("killed high", lambda i: i["killed"]["high"]),
    ("injured low", lambda i: i["injured"]["low"]),
    ("historical", lambda i: bool(i["historical"])),
    ("optional", lambda i: bool(i["optional"])),
]
_SLACK = timedelta(days=1)
# Words that name a kind of place rather than the place: "Shakai valley" and "Shakai" are one place.
_GENERIC = {
    "area",
    "valley",
    "village",
    "district",
    "town",
    "city",
    "road",
    "sector",
    "market",
    "tehsil",
}


def _loose(name: str | None) -> str | None:
    """A place name without generic words, spaces or punctuation ("Bur Hakaba" = "Burhakaba")."""
    folded = _norm(name)
    if folded is None:
        return None
    words = [w for w in folded.replace("–", " ").split() if w not in _GENERIC]
    return "".join(ch for ch in "".join(words) if ch.isalnum()) or None


def read(path: Path) -> dict[str, list[Incident]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        sys.exit(f"{path}: cannot read ({exc.strerror or exc})")
    records: dict[str, list[Incident]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            records[record["file"]] = list(record["incidents"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            sys.exit(f"{path} line {number}: not a gold record ({exc})")
    return records


def _dates(i: Incident) -> tuple[date, date] | None:
    return _window(date.fromisoformat(i["date"]), i["date_precision"]) if i["date"] else None


def _contradicts(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and _norm(a) != _norm(b)


def _places(i: Incident) -> set[str]:
    return {n for n in (_norm(i["admin1"]), _norm(i.get("admin2")), _norm(i["location"])) if n}


def slots(a: Incident, b: Incident) -> float | None:
    """Slots the two agree on, or None when they cannot be the same act."""
    if _contradicts(a["country"], b["country"]) or _contradicts(a["admin1"], b["admin1"]):
        return None
    wa, wb = _dates(a), _dates(b)
    same_date = False
    if wa and wb:
        if wb[0] > wa[1] + _SLACK or wb[1] < wa[0] - _SLACK:
            return None
        same_date = wb[0] <= wa[1] and wa[0] <= wb[1]
    shared = _places(a) & _places(b)
    if not shared and a["admin1"] is None and b["admin1"] is None:
        shared = (
            {"country"} if a["country"] and _norm(a["country"]) == _norm(b["country"]) else set()
        )
    same_type = a["event_type"] == b["event_type"]
    if not ((same_type and (same_date or shared)) or (same_date and shared)):
        return None
    return (
        same_date
        + len(shared)
        + same_type
        + (a["sub_event_type"] == b["sub_event_type"])
        + (_norm(a["perpetrator_alleged"]) == _norm(b["perpetrator_alleged"]))
        + (a["killed"]["low"] == b["killed"]["low"])
        + (a["injured"]["low"] == b["injured"]["low"])
    )


def pair(first: list[Incident], second: list[Incident]) -> list[tuple[int, int]]:
    if not first or not second:
        return []
    n = min(len(first), len(second))
    per_pair = 11
    any_weight = n * per_pair + 1
    both_weight = n * (any_weight + per_pair) + 1
    weights = np.zeros((len(first), len(second)))
    admissible = np.zeros_like(weights, dtype=bool)
    for i, a in enumerate(first):
        for j, b in enumerate(second):
            agreed = slots(a, b)
            if agreed is None:
                continue
            admissible[i, j] = True
            both_required = not a["optional"] and not b["optional"]
            weights[i, j] = (both_weight if both_required else any_weight) + agreed
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if admissible[i, j]]


def f1(matched: int, first: int, second: int) -> float:
    return 2 * matched / (first + second) if first + second else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="gold.jsonl of the first coder")
    parser.add_argument("second", type=Path, help="gold.jsonl of the second coder")
    parser.add_argument("--all", action="store_true", help="every document of the first file")
    parser.add_argument("--disagreements", action="store_true", help="list each disagreement")
    args = parser.parse_args()
    first, second = read(args.first), read(args.second)
    files = sorted(first) if args.all else sorted(second)
    missing = [f for f in files if f not in first or f not in second]
    if missing:
        print(f"not coded by both: {', '.join(missing)}", file=sys.stderr)
        return 2
    counts = dict.fromkeys(("A", "B", "A req", "B req", "pairs", "pairs req"), 0)
    forgiven_a = forgiven_b = 0
    hits = dict.fromkeys((name for name, _ in FIELDS), 0)
    totals = dict.fromkeys((name for name, _ in FIELDS), 0)
    notes: list[str] = []
    for file in files:
        a_list, b_list = first[file], second[file]
        pairs = pair(a_list, b_list)
        counts["A"] += len(a_list)
        counts["B"] += len(b_list)
        counts["A req"] += sum(not i["optional"] for i in a_list)
        counts["B req"] += sum(not i["optional"] for i in b_list)
        counts["pairs"] += len(pairs)
        for i, j in pairs:
            a, b = a_list[i], b_list[j]
            if not a["optional"] and not b["optional"]:
                counts["pairs req"] += 1
            forgiven_a += int(not a["optional"] and b["optional"])
            forgiven_b += int(a["optional"] and not b["optional"])
            for name, get in FIELDS:
                totals[name] += 1
                same = get(a) == get(b)
                hits[name] += int(same)
                if not same:
                    notes.append(f"{file} {a['key']} / {b['key']}: {name} {get(a)!r} vs {get(b)!r}")
        paired_a = {i for i, _ in pairs}
        paired_b = {j for _, j in pairs}
        notes += [
            f"{file} only first: {a['key']}" for k, a in enumerate(a_list) if k not in paired_a
        ]
        notes += [
            f"{file} only second: {b['key']}" for k, b in enumerate(b_list) if k not in paired_b
        ]
    lenient_p = counts["pairs req"] / max(counts["B req"] - forgiven_b, 1)
    lenient_r = counts["pairs req"] / max(counts["A req"] - forgiven_a, 1)
    lenient = 2 * lenient_p * lenient_r / (lenient_p + lenient_r) if lenient_p + lenient_r else 0.0
    print(
        f"{len(files)} documents; first coder {counts['A']} incidents ({counts['A req']} required), "
        f"second {counts['B']} ({counts['B req']} required); {counts['pairs']} paired"
    )
    print("| measure | value |\n|---|---|")
    print(f"| incident F1, all incidents | {f1(counts['pairs'], counts['A'], counts['B']):.2f} |")
    print(
        f"| incident F1, required by both | {f1(counts['pairs req'], counts['A req'], counts['B req']):.2f} |"
    )
    print(f"| incident F1, required, optional on either side forgiven | {lenient:.2f} |")
    print(f"\n| field (on {counts['pairs']} paired incidents) | agreement |\n|---|---|")
    for name, _ in FIELDS:
        value = hits[name] / totals[name] if totals[name] else float("nan")
        print(f"| {name} | {value:.2f} ({hits[name]}/{totals[name]}) |")
    if args.disagreements:
        print("\n" + "\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
