"""Checks the held-out gold: JSON per line, one record per document, required keys present,
ACLED types spelled as in the existing gold, dates ISO, and every evidence quote found verbatim
in its document. Run from the repository root: python eval/voa-holdout/check_gold.py
(it does not touch the extractor)."""

import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
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


def main() -> int:
    problems = []
    meta = [
        json.loads(line)
        for line in (HERE / "meta.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold = [
        json.loads(line)
        for line in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if [m["file"] for m in meta] != [g["file"] for g in gold]:
        problems.append("gold.jsonl and meta.jsonl do not list the same files in the same order")
    for record in gold:
        name = record["file"]
        text = (HERE / "docs" / name).read_text(encoding="utf-8")
        for key in (
            "url",
            "published",
            "incidents",
            "aggregate_claims",
            "agreements",
            "non_incident_statistics",
            "notes",
        ):
            if key not in record:
                problems.append(f"{name}: missing {key}")
        quotes = []
        for inc in record["incidents"]:
            for key in INCIDENT_KEYS:
                if key not in inc:
                    problems.append(f"{name} {inc.get('key')}: missing {key}")
            if inc["sub_event_type"] not in TYPES.get(inc["event_type"], ()):
                problems.append(
                    f"{name} {inc['key']}: bad type {inc['event_type']} / {inc['sub_event_type']}"
                )
            if inc["date"]:
                date.fromisoformat(inc["date"])
            quotes.append((inc["key"], inc["evidence"]))
        for i, item in enumerate(record["agreements"] + record["aggregate_claims"]):
            quotes.append((f"agreement/aggregate {i}", item["evidence"]))
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
    sys.exit(main())
