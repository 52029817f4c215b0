"""Checks a gold set (the format of shared/corpus/seeds/README.md): JSON per line, one record per
document, docs/ and meta.jsonl and gold.jsonl listing the same files in the same order, required
keys present, ACLED types spelled as in the existing gold, dates ISO and not after publication, known
date precisions and target categories, low <= high, unique incident keys, and every evidence quote
found verbatim in its document. It does not touch the extractor. Run from the repository root:
    python eval/check_gold.py eval/voa-holdout
    python eval/check_gold.py eval/synthetic --words 150 450
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

TYPES = {
    "Battles": {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Other",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
# The kinds of document a gold set may hold: news in the written sets; any kind the record stores
# in a set exported from reviewers' corrections (`ceasefire export gold`).
KINDS = {"news", "statement", "complaint", "monitor_report"}
PRECISIONS = {"day", "week", "month", "year", "unknown"}
CATEGORIES = {"security_forces", "civilians", "critical_infrastructure", "militants", "unknown"}
META_KEYS = ["file", "published", "publisher", "url", "language", "kind", "title"]
RECORD_KEYS = [
    "file",
    "url",
    "published",
    "incidents",
    "aggregate_claims",
    "agreements",
    "non_incident_statistics",
    "notes",
]
INCIDENT_KEYS = [
    "key",
    "optional",
    "historical",
    "date",
    "date_precision",
    "country",
    "admin1",
    "admin2",
    "location",
    "event_type",
    "sub_event_type",
    "perpetrator_alleged",
    "target",
    "target_category",
    "killed",
    "injured",
    "claims",
    "denied_by",
    "evidence",
]
CLAIM_KEYS = ["source", "assertion", "killed", "injured"]


def read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def check_estimate(where: str, value: object, problems: list[str]) -> None:
    if not isinstance(value, dict) or set(value) != {"low", "high"}:
        problems.append(f"{where}: not {{low, high}}: {value!r}")
        return
    low, high = value["low"], value["high"]
    for v in (low, high):
        if v is not None and (not isinstance(v, int) or v < 0):
            problems.append(f"{where}: not a non-negative integer: {v!r}")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(f"{where}: low {low} > high {high}")


def check(folder: Path, words_between: tuple[int, int] | None) -> int:
    missing = [n for n in ("gold.jsonl", "meta.jsonl", "docs") if not (folder / n).exists()]
    if missing:
        print(f"{folder}: not a gold set, no {' or '.join(missing)}", file=sys.stderr)
        return 2
    problems: list[str] = []
    meta = read_jsonl(folder / "meta.jsonl")
    gold = read_jsonl(folder / "gold.jsonl")
    on_disk = sorted(p.name for p in (folder / "docs").glob("*.txt"))
    if [m["file"] for m in meta] != [g["file"] for g in gold]:
        problems.append("gold.jsonl and meta.jsonl do not list the same files in the same order")
    if sorted(m["file"] for m in meta) != on_disk:
        problems.append("docs/ and meta.jsonl do not hold the same files")
    if len({g["file"] for g in gold}) != len(gold):
        problems.append("a document has more than one gold record")
    published = {}
    for m in meta:
        for key in META_KEYS:
            if key not in m:
                problems.append(f"meta {m.get('file')}: missing {key}")
        published[m["file"]] = date.fromisoformat(m["published"])
        if m.get("language") != "en" or m.get("kind") not in KINDS:
            problems.append(f"meta {m['file']}: language/kind not en/{' or '.join(sorted(KINDS))}")
    for record in gold:
        name = record["file"]
        text = (folder / "docs" / name).read_text(encoding="utf-8")
        words = len(text.split())
        if words_between and not words_between[0] <= words <= words_between[1]:
            problems.append(f"{name}: {words} words, outside {words_between}")
        for key in RECORD_KEYS:
            if key not in record:
                problems.append(f"{name}: missing {key}")
        pub = published.get(name)
        if pub and record.get("published") != pub.isoformat():
            problems.append(f"{name}: published differs from meta.jsonl")
        quotes = []
        keys = [inc["key"] for inc in record["incidents"]]
        if len(set(keys)) != len(keys):
            problems.append(f"{name}: duplicate incident keys")
        for inc in record["incidents"]:
            where = f"{name} {inc.get('key')}"
            for key in INCIDENT_KEYS:
                if key not in inc:
                    problems.append(f"{where}: missing {key}")
            if inc["sub_event_type"] not in TYPES.get(inc["event_type"], ()):
                problems.append(f"{where}: bad type {inc['event_type']} / {inc['sub_event_type']}")
            if not isinstance(inc["optional"], bool) or not isinstance(inc["historical"], bool):
                problems.append(f"{where}: optional/historical must be booleans")
            if inc["date_precision"] not in PRECISIONS:
                problems.append(f"{where}: bad date_precision {inc['date_precision']!r}")
            if inc["date"]:
                when = date.fromisoformat(inc["date"])
                if pub and when > pub:
                    problems.append(f"{where}: date {when} after publication {pub}")
                if pub and not inc["historical"] and (pub - when).days > 366:
                    problems.append(f"{where}: over a year before publication but not historical")
            elif inc["date_precision"] != "unknown":
                problems.append(f"{where}: no date but precision {inc['date_precision']}")
            if not inc["target_category"] or set(inc["target_category"]) - CATEGORIES:
                problems.append(f"{where}: bad target_category {inc['target_category']!r}")
            check_estimate(f"{where} killed", inc["killed"], problems)
            check_estimate(f"{where} injured", inc["injured"], problems)
            for c in inc["claims"]:
                if list(c) != CLAIM_KEYS:
                    problems.append(f"{where}: claim keys {list(c)}")
            if not isinstance(inc["denied_by"], list):
                problems.append(f"{where}: denied_by must be a list")
            quotes.append((inc["key"], inc["evidence"]))
        for i, item in enumerate(record["agreements"] + record["aggregate_claims"]):
            quotes.append((f"agreement/aggregate {i}", item["evidence"]))
        for item in record["aggregate_claims"]:
            check_estimate(f"{name} aggregate killed", item["killed"], problems)
        for label, quote in quotes:
            if not quote or quote not in text:
                problems.append(f"{name} {label}: evidence not found verbatim: {quote!r}")
    for p in problems:
        print(p)
    incidents = [i for g in gold for i in g["incidents"]]
    print(
        f"{len(gold)} documents, {len(incidents)} incidents: "
        f"{sum(not i['optional'] for i in incidents)} required, {sum(bool(i['optional']) for i in incidents)} optional, "
        f"{sum(bool(i['historical']) for i in incidents)} historical "
        f"({sum(bool(i['historical']) and not i['optional'] for i in incidents)} historical and required); "
        f"{sum(not g['incidents'] for g in gold)} documents without incidents"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, help="the gold set's folder (gold.jsonl, meta.jsonl, docs/)"
    )
    parser.add_argument("--words", type=int, nargs=2, metavar=("MIN", "MAX"), help="story length")
    args = parser.parse_args()
    sys.exit(check(args.folder, tuple(args.words) if args.words else None))
