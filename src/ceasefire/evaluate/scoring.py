"""Scores extracted incidents against gold: matching, precision/recall/F1, strict F1, field accuracy."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from ceasefire.domain import Aggregate, Incident
from ceasefire.evaluate.gold import GoldDocument, GoldIncident

FIELDS = (
    "event_type",
    "sub_event_type",
    "date",
    "place",
    "killed_low",
    "injured_low",
    "perpetrator",
    "target_category",
    "historical",
)


def _norm(value: str | None) -> str | None:
    if value is None:
        return None
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().casefold()
    return " ".join(folded.replace("-", " ").split()) or None


@dataclass(slots=True)
class DocumentScore:
    file: str
    matched: list[tuple[GoldIncident, Incident]] = field(default_factory=list)
    missed: list[GoldIncident] = field(default_factory=list)
    extra: list[Incident] = field(default_factory=list)
    required: int = 0
    predicted: int = 0
    aggregates_found: int = 0
    aggregates_gold: int = 0


@dataclass(slots=True)
class Score:
    documents: list[DocumentScore] = field(default_factory=list)
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    strict_hits: int = 0

    @property
    def true_positives(self) -> int:
        return sum(len([m for m in d.matched if not m[0].is_optional]) for d in self.documents)

    @property
    def predicted(self) -> int:
        return sum(d.predicted for d in self.documents)

    @property
    def required(self) -> int:
        return sum(d.required for d in self.documents)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        p = self.strict_hits / self.predicted if self.predicted else 1.0
        r = self.strict_hits / self.required if self.required else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        total = self.field_total[name]
        return self.field_hits[name] / total if total else None

    def as_dict(self) -> dict[str, object]:
        return {
            "incident_precision": round(self.precision, 4),
            "incident_recall": round(self.recall, 4),
            "incident_f1": round(self.f1, 4),
            "strict_f1": round(self.strict_f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "required": self.required,
            "field_accuracy": {name: self.accuracy(name) for name in FIELDS},
            "aggregates_found": sum(d.aggregates_found for d in self.documents),
            "aggregates_gold": sum(d.aggregates_gold for d in self.documents),
        }


class Scorer:
    """Matches predictions to gold one document at a time; actor names compared through a canonicaliser."""

    def __init__(self, canonical_actor: Callable[[str | None], str | None]) -> None:
        self.canonical_actor = canonical_actor
        self.score = Score()

    def add(
        self, gold: GoldDocument, text: str, incidents: list[Incident], aggregates: list[Aggregate]
    ) -> DocumentScore:
        result = DocumentScore(gold.file)
        pairs = []
        for g in gold.incidents:
            span = _locate(text, g.evidence)
            for p in incidents:
                value = self._pair_score(g, span, p)
                if value is not None:
                    pairs.append((value, g.key, id(p), g, p))
        used_gold: set[str] = set()
        used_pred: set[int] = set()
        for _value, key, pid, g, p in sorted(pairs, key=lambda item: -item[0]):
            if key in used_gold or pid in used_pred:
                continue
            used_gold.add(key)
            used_pred.add(pid)
            result.matched.append((g, p))
        result.missed = [g for g in gold.incidents if g.key not in used_gold and not g.is_optional]
        result.extra = [p for p in incidents if id(p) not in used_pred]
        matched_optional = sum(1 for g, _ in result.matched if g.is_optional)
        result.required = sum(1 for g in gold.incidents if not g.is_optional)
        result.predicted = len(incidents) - matched_optional
        for g, p in result.matched:
            if g.is_optional:
                continue
            checks = self._fields(g, p)
            for name, is_right in checks.items():
                if is_right is None:
                    continue
                self.score.field_total[name] += 1
                self.score.field_hits[name] += int(is_right)
            if all(checks[name] for name in ("event_type", "date", "place", "killed_low")):
                self.score.strict_hits += 1
        result.aggregates_gold = len(gold.aggregates)
        result.aggregates_found = sum(
            1 for a in gold.aggregates if any(_aggregate_matches(a, found) for found in aggregates)
        )
        self.score.documents.append(result)
        return result

    def _pair_score(
        self, g: GoldIncident, span: tuple[int, int] | None, p: Incident
    ) -> float | None:
        overlaps = span is not None and any(c.start < span[1] and span[0] < c.end for c in p.claims)
        same_type = g.event_type == p.event_type
        same_place = _norm(g.admin1 or g.country) == _norm(p.place.admin1 or p.place.country)
        same_date = g.date is not None and g.date == p.date.value
        if not overlaps and not (same_type and same_place and same_date):
            return None
        return (
            2 * overlaps
            + same_type
            + 0.5 * (g.sub_event_type == p.sub_event_type)
            + 0.5 * same_place
            + 0.5 * same_date
        )

    def _fields(self, g: GoldIncident, p: Incident) -> dict[str, bool | None]:
        gold_targets = {t for t in g.target_categories if t != "unknown"}
        pred_targets = {t.value for t in p.target_categories if t.value != "unknown"}
        perpetrator = self.canonical_actor(g.perpetrator) if g.perpetrator else None
        return {
            "event_type": g.event_type == p.event_type,
            "sub_event_type": g.sub_event_type == p.sub_event_type,
            "date": g.date == p.date.value,
            "place": _norm(g.country) == _norm(p.place.country)
            and _norm(g.admin1) == _norm(p.place.admin1),
            "killed_low": g.killed_low == p.fatalities.low,
            "injured_low": g.injured_low == p.injuries.low,
            "perpetrator": perpetrator == p.actor1 if g.perpetrator else p.actor1 is None,
            "target_category": gold_targets == pred_targets if gold_targets else None,
            "historical": g.is_historical == p.is_historical,
        }


def _locate(text: str, evidence: str) -> tuple[int, int] | None:
    if not evidence:
        return None
    start = text.find(evidence)
    if start < 0:
        start = text.casefold().find(evidence.casefold())
    return (start, start + len(evidence)) if start >= 0 else None


def _aggregate_matches(gold: dict[str, object], found: Aggregate) -> bool:
    killed = gold.get("killed")
    injured = gold.get("injured")
    gold_killed = killed.get("low") if isinstance(killed, dict) else None
    gold_injured = injured.get("low") if isinstance(injured, dict) else None
    found_killed = found.killed.low if found.killed else None
    found_injured = found.injured.low if found.injured else None
    if gold_killed is not None:
        return bool(gold_killed == found_killed)
    return gold_injured is not None and gold_injured == found_injured
