"""Precision and recall of the incident-matching rule on a pairs set, and its speed.

Run: .venv/bin/python benchmarks/merge_pairs.py

Pairs (same incident / different incident) come from three places:
1. the seeds' gold (both articles annotate the Kabul strikes under one key);
2. our VOA gold: five stories annotate the Jaffar Express hijacking and its clearance operation under
   shared keys, two the Beledweyne hotel siege — every other cross-story pair is a different incident;
3. synthetic variants of each extracted incident: a positive rewords the quotes, coarsens the place to
   the province, moves a day-precise date by a day or makes it week-precise; a negative keeps the
   wording and place but moves the date beyond the window, or moves the place to another province.
Extraction runs on the gold documents; its incidents are tied to gold keys by the evaluation scorer.
Every cross-document pair of tied incidents is scored by `resolve.matching.score` (the shipped
learned matcher) and by `resolve.matching.rule_score` (the hand-set rule). The learned matcher was
fit on the development part of these sets: its figures here are in-sample; its cross-validated
figures come from `ceasefire train-matcher` (docs/explanation/reconciliation.md).
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from ceasefire.domain import Claim, DatePrecision, EventDate, Incident, Place
from ceasefire.domain.document import document_id
from ceasefire.evaluate.gold import read_gold
from ceasefire.evaluate.scoring import Scorer
from ceasefire.read.files import read_file
from ceasefire.resolve.matcher import matcher_version
from ceasefire.resolve.matching import MatchScore, rule_score, score
from ceasefire.services.extraction import analyse, pipeline_resources

REPO = Path(__file__).resolve().parents[1]
SETS = [
    (
        REPO.parent / "shared" / "corpus" / "seeds" / "gold.jsonl",
        REPO.parent / "shared" / "corpus" / "seeds",
    ),
    (REPO / "eval" / "voa" / "gold.jsonl", REPO / "eval" / "voa" / "docs"),
]
_WORDS = ("reportedly", "officials said", "on Tuesday", "according to residents", "in the area")


def tied_incidents(gold_path: Path, docs: Path) -> list[tuple[str, str, Incident]]:
    meta_path = (
        docs / "meta.jsonl" if (docs / "meta.jsonl").is_file() else docs.parent / "meta.jsonl"
    )
    published = {}
    for line in meta_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        published[record["file"]] = date.fromisoformat(record["published"][:10])
    tied = []
    for gold in read_gold(gold_path):
        content = read_file(docs / gold.file)
        when = published.get(gold.file)
        analysis = analyse(document_id(content.original), content.text, when)
        scorer = Scorer(lambda actor: actor, pipeline_resources().gazetteer)
        result = scorer.add(gold, content.text, analysis.incidents, analysis.aggregates)
        for gold_incident, predicted in result.matched:
            tied.append(
                (
                    gold.file,
                    f"{gold_path.parent.name}:{gold_incident.key}",
                    replace(predicted, reported_on=when),
                )
            )
    return tied


def reword(claim: Claim, rng: random.Random) -> Claim:
    words = claim.quote.split()
    kept = [w for w in words if rng.random() > 0.25]
    kept.insert(rng.randrange(len(kept) + 1), rng.choice(_WORDS))
    return replace(claim, document_id="synthetic-" + claim.document_id, quote=" ".join(kept))


def variants(incident: Incident, rng: random.Random) -> tuple[Incident, Incident | None]:
    """A paraphrase of the incident (same act) and, when possible, a near miss (another act)."""
    claims = [reword(c, rng) for c in incident.claims]
    place = incident.place
    if place.admin1 is not None and rng.random() < 0.5:
        place = Place(country=place.country, admin1=place.admin1, geo_precision=3)
    day = incident.date
    if day.value is not None and day.precision is DatePrecision.DAY:
        if rng.random() < 0.5:
            day = EventDate(day.value + timedelta(days=rng.choice((-1, 0, 1))), DatePrecision.DAY)
        else:
            day = EventDate(day.value - timedelta(days=day.value.weekday()), DatePrecision.WEEK)
    same = replace(incident, id="syn-" + incident.id, claims=claims, place=place, date=day)
    other = None
    if incident.date.value is not None:
        gap = {
            DatePrecision.DAY: 9,
            DatePrecision.WEEK: 20,
            DatePrecision.MONTH: 70,
            DatePrecision.YEAR: 800,
        }.get(incident.date.precision, 9)
        moved = EventDate(incident.date.value + timedelta(days=gap), incident.date.precision)
        other = replace(
            incident,
            id="far-" + incident.id,
            date=moved,
            claims=[replace(c, document_id="far") for c in incident.claims],
        )
    elif incident.place.admin1 is not None:
        elsewhere = Place(
            country=incident.place.country,
            admin1=incident.place.admin1 + " (other)",
            geo_precision=3,
        )
        other = replace(
            incident,
            id="far-" + incident.id,
            place=elsewhere,
            claims=[replace(c, document_id="far") for c in incident.claims],
        )
    return same, other


def report(name: str, pairs: list[tuple[bool, bool]]) -> tuple[int, int, int]:
    tp = sum(1 for truth, guess in pairs if truth and guess)
    fp = sum(1 for truth, guess in pairs if guess and not truth)
    fn = sum(1 for truth, guess in pairs if truth and not guess)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    positives = sum(1 for truth, _ in pairs if truth)
    print(
        f"{name:<28} pairs {len(pairs):>6}  same {positives:>4}  precision {precision:.3f}  recall {recall:.3f}"
    )
    return tp, fp, fn


def _yes(found: MatchScore | None) -> bool:
    return found is not None and found.is_match


def main() -> None:
    judges = [("rule", rule_score)]
    if matcher_version() != "rule":  # a learned matcher ships: measure it beside the rule
        judges.insert(0, ("learned " + matcher_version(), score))
    for name, judge in judges:
        print(f"[{name}]")
        measure(judge)


def measure(judge: Callable[[Incident, Incident], MatchScore | None]) -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    tied = [item for gold, docs in SETS for item in tied_incidents(gold, docs)]
    print(
        f"extracted and tied {len(tied)} incidents to gold keys in {time.perf_counter() - started:.1f} s"
    )
    gold_pairs: list[tuple[bool, bool]] = []
    timings: list[float] = []
    for (file_a, key_a, a), (file_b, key_b, b) in itertools.combinations(tied, 2):
        if file_a == file_b:
            continue
        t0 = time.perf_counter()
        found = judge(a, b)
        timings.append(time.perf_counter() - t0)
        gold_pairs.append((key_a == key_b, _yes(found)))
    synthetic: list[tuple[bool, bool]] = []
    for _file, _key, incident in tied:
        same, other = variants(incident, rng)
        synthetic.append((True, _yes(judge(incident, same))))
        if other is not None:
            synthetic.append((False, _yes(judge(incident, other))))
    totals = [
        report("gold cross-document pairs", gold_pairs),
        report("synthetic variants", synthetic),
    ]
    tp, fp, fn = (sum(t[i] for t in totals) for i in range(3))
    print(
        f"{'all':<28} precision {tp / (tp + fp) if tp + fp else 1.0:.3f}  recall {tp / (tp + fn) if tp + fn else 1.0:.3f}"
    )
    timings.sort()
    print(
        f"scoring one pair: p50 {timings[len(timings) // 2] * 1e6:.0f} µs, p95 {timings[int(len(timings) * 0.95)] * 1e6:.0f} µs"
    )


if __name__ == "__main__":
    main()
