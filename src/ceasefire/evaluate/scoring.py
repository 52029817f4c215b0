"""Scores extracted incidents against gold: pairing by slots, precision/recall/F1, strict F1, field accuracy."""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Protocol

import numpy as np

from ceasefire.domain import Aggregate, Incident, Place
from ceasefire.evaluate.gold import GoldDocument, GoldIncident

FIELDS = (
    "event_type",
    "sub_event_type",
    "date",
    "place",
    "place_finest",
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


class PlaceNames(Protocol):
    """The gazetteer as the scorer reads it (`Gazetteer.places_in`): the entries a name stands
    for inside one province, compared for identity; and the name it files a province under
    (`Gazetteer.province`)."""

    def places_in(self, name: str, *, country: str, admin1: str) -> AbstractSet[Hashable]: ...

    def province(self, name: str, *, country: str) -> str | None: ...


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
    # Strict with the place right at the finest level the gold names (place_finest, not place).
    strict_finest_hits: int = 0

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

    @property
    def strict_finest_f1(self) -> float:
        p = self.strict_finest_hits / self.predicted if self.predicted else 1.0
        r = self.strict_finest_hits / self.required if self.required else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        total = self.field_total[name]
        return self.field_hits[name] / total if total else None

    def figure(self, name: str) -> tuple[float | None, int]:
        """A figure by the name the gate's floors use ("incident_f1", "strict_f1" or a field), and
        how many incidents it is a share of: the required ones for F1, the matched ones with a
        known gold value for a field. None when there is nothing to score it on."""
        if name == "incident_f1":
            return self.f1, self.required
        if name == "strict_f1":
            return self.strict_f1, self.required
        return self.accuracy(name), self.field_total[name]

    def as_dict(self) -> dict[str, object]:
        return {
            "incident_precision": round(self.precision, 4),
            "incident_recall": round(self.recall, 4),
            "incident_f1": round(self.f1, 4),
            "strict_f1": round(self.strict_f1, 4),
            "strict_finest_f1": round(self.strict_finest_f1, 4),
            "true_positives": self.true_positives,
            "predicted": self.predicted,
            "required": self.required,
            "field_accuracy": {name: self.accuracy(name) for name in FIELDS},
            "aggregates_found": sum(d.aggregates_found for d in self.documents),
            "aggregates_gold": sum(d.aggregates_gold for d in self.documents),
        }


class Scorer:
    """Pairs predictions with gold one document at a time, by their slots; actor names compared
    through a canonicaliser, place names by what the gazetteer the pipeline loads makes of them
    (`_same_place`).

    A prediction and a gold incident may pair only when no slot both know contradicts (country,
    admin1, a date outside the gold date's window) and they agree on enough to be the same act: the
    event type and the date or the place, or the date and the place. Among admissible pairs an
    optimal one-to-one assignment maximises, in this order, the required gold incidents matched, the
    optional ones matched, the slots agreed on (place level by level, type, perpetrator, figures) and
    last the overlap of quotes, which only breaks ties. So a prediction that mixes two acts is
    credited with at most the one whose slots it carries, and an optional incident never takes a
    prediction a required one could have had.
    """

    def __init__(
        self, canonical_actor: Callable[[str | None], str | None], places: PlaceNames
    ) -> None:
        self.canonical_actor = canonical_actor
        self.places = places
        self.score = Score()

    def add(
        self, gold: GoldDocument, text: str, incidents: list[Incident], aggregates: list[Aggregate]
    ) -> DocumentScore:
        result = DocumentScore(gold.file)
        golds = [self.filed(g) for g in gold.incidents]
        for gi, pi in self._assign(golds, text, incidents):
            result.matched.append((golds[gi], incidents[pi]))
        used_gold = {g.key for g, _ in result.matched}
        used_pred = {id(p) for _, p in result.matched}
        result.missed = [g for g in golds if g.key not in used_gold and not g.is_optional]
        result.extra = [p for p in incidents if id(p) not in used_pred]
        matched_optional = sum(1 for g, _ in result.matched if g.is_optional)
        result.required = sum(1 for g in golds if not g.is_optional)
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
            if all(checks[name] for name in ("event_type", "date", "place_finest", "killed_low")):
                self.score.strict_finest_hits += 1
        result.aggregates_gold = len(gold.aggregates)
        result.aggregates_found = sum(
            1 for a in gold.aggregates if any(_aggregate_matches(a, found) for found in aggregates)
        )
        self.score.documents.append(result)
        return result

    def filed(self, g: GoldIncident) -> GoldIncident:
        """The gold incident with its province under the name the gazetteer files it by, when the
        gold spells it another way the gazetteer knows ("Nimroz" for Nimruz): one province, two
        spellings, is one place, as for districts and towns (`_same_place`)."""
        if g.country is None or g.admin1 is None:
            return g
        filed = self.places.province(g.admin1, country=g.country)
        return g if filed is None or filed == g.admin1 else replace(g, admin1=filed)

    def _assign(
        self, gold: Sequence[GoldIncident], text: str, incidents: list[Incident]
    ) -> list[tuple[int, int]]:
        """Index pairs (gold, prediction) of the optimal assignment over admissible pairs."""
        if not gold or not incidents:
            return []
        agreement = np.full((len(gold), len(incidents)), -1.0)
        for gi, g in enumerate(gold):
            for pi, p in enumerate(incidents):
                slots = self._slot_agreement(g, p)
                if slots is not None:
                    agreement[gi, pi] = slots + _OVERLAP_WEIGHT * _overlap(text, g.evidence, p)
        # Lexicographic objective as one sum: one more required match outweighs any number of
        # optional ones, and one more optional match outweighs any slot agreement.
        pairs = min(len(gold), len(incidents))
        per_pair = _MAX_SLOTS + _OVERLAP_WEIGHT + 1
        optional_weight = pairs * per_pair + 1
        required_weight = pairs * (optional_weight + per_pair) + 1
        weights = np.zeros_like(agreement)
        for gi, g in enumerate(gold):
            base = optional_weight if g.is_optional else required_weight
            weights[gi] = np.where(agreement[gi] >= 0, base + agreement[gi], 0.0)
        # scipy.optimize takes about a second to import: loaded when a score needs it.
        from scipy.optimize import linear_sum_assignment

        rows, cols = linear_sum_assignment(weights, maximize=True)
        return [
            (int(gi), int(pi)) for gi, pi in zip(rows, cols, strict=True) if agreement[gi, pi] >= 0
        ]

    def could_tell(self, g: GoldIncident, p: Incident) -> int:
        """How well an incident could tell a gold act in other words (a headline's "clash" above
        a story of shelling): 0 when a known slot contradicts or neither a place below the country
        nor the event type agrees; else the place levels, the type and the day that agree."""
        same_date = _date_agreement(g, p)
        if same_date is None:
            return 0
        levels = _place_levels(g, p, self.places) if g.admin1 or g.admin2 or g.location else 0
        same_type = g.event_type == p.event_type
        if not (levels or same_type):
            return 0
        return levels + same_type + same_date

    def _slot_agreement(self, g: GoldIncident, p: Incident) -> float | None:
        """How many slots agree, or None when a known slot contradicts or too little agrees."""
        same_date = _date_agreement(g, p)
        if same_date is None:
            return None
        levels = _place_levels(g, p, self.places)
        same_place = levels > 0
        same_type = g.event_type == p.event_type
        if not ((same_type and (same_date or same_place)) or (same_date and same_place)):
            return None
        perpetrator = self.canonical_actor(g.perpetrator) if g.perpetrator else None
        return (
            same_date
            + levels
            + same_type
            + (g.sub_event_type == p.sub_event_type)
            + (perpetrator is not None and perpetrator == p.actor1)
            + (g.killed_low is not None and g.killed_low == p.fatalities.low)
            + (g.injured_low is not None and g.injured_low == p.injuries.low)
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
            "place_finest": finest_place_agrees(g, p.place, self.places),
            "killed_low": g.killed_low == p.fatalities.low,
            "injured_low": g.injured_low == p.injuries.low,
            "perpetrator": perpetrator == p.actor1 if g.perpetrator else p.actor1 is None,
            "target_category": gold_targets == pred_targets if gold_targets else None,
            "historical": g.is_historical == p.is_historical,
        }


# A prediction one day outside the gold date's window still pairs (its date is then a field error,
# not a missed act plus an extra one); further away it is another act.
_DATE_SLACK_DAYS = 1
# Slots counted by _slot_agreement: date, three place levels, type, sub-type, perpetrator, killed,
# injured. Quote overlap (0..1) is scaled below one slot so that it only breaks ties.
_MAX_SLOTS = 9
_OVERLAP_WEIGHT = 0.5


def _date_agreement(g: GoldIncident, p: Incident) -> bool | None:
    """None when a known slot contradicts (country, province, a date more than the slack outside
    the gold's window); else whether the dates agree."""
    if _differs(g.country, p.place.country) or _differs(g.admin1, p.place.admin1):
        return None
    gold_window = _window(g.date, g.date_precision)
    pred_window = _window(p.date.value, p.date.precision.value)
    if not (gold_window and pred_window):
        return False
    slack = timedelta(days=_DATE_SLACK_DAYS)
    if pred_window[0] > gold_window[1] + slack or pred_window[1] < gold_window[0] - slack:
        return None
    return pred_window[0] <= gold_window[1] and gold_window[0] <= pred_window[1]


def _differs(gold: str | None, predicted: str | None) -> bool:
    return gold is not None and predicted is not None and _norm(gold) != _norm(predicted)


def _same_place(
    places: PlaceNames, g: GoldIncident, gold: str | None, predicted: str | None
) -> bool:
    """Whether a name of the gold and a name of the prediction are one place: the same spelling,
    or an entry of the gazetteer in common inside the gold's province (the extractor files places
    under the gazetteer's names, the gold under the story's: "Lalpura" is Lal Por in Nangarhar). A
    name the gazetteer does not know there, or a gold with no province, is compared by spelling."""
    gold_key, predicted_key = _norm(gold), _norm(predicted)
    if gold_key is None or predicted_key is None:
        return False
    if gold_key == predicted_key:
        return True
    if gold is None or predicted is None or g.country is None or g.admin1 is None:
        return False
    inside = places.places_in(gold, country=g.country, admin1=g.admin1)
    return bool(inside) and not inside.isdisjoint(
        places.places_in(predicted, country=g.country, admin1=g.admin1)
    )


def _place_levels(g: GoldIncident, p: Incident, places: PlaceNames) -> int:
    """Place levels agreed on, coarsest first (admin1 ⊃ admin2 ⊃ location); 0 when none is.

    A gold incident placed only in a country agrees at that level; a named place agrees with the
    gold's own level or one below it, since gazetteers file some districts as towns; a name is the
    same place under the gazetteer's spelling (`_same_place`)."""
    if g.admin1 is None and g.admin2 is None and g.location is None:
        return int(g.country is not None and _norm(g.country) == _norm(p.place.country))
    levels = int(g.admin1 is not None and _norm(g.admin1) == _norm(p.place.admin1))
    predicted = (p.place.admin2, p.place.location)
    levels += int(any(_same_place(places, g, g.admin2, name) for name in predicted))
    levels += int(any(_same_place(places, g, g.location, name) for name in predicted))
    return levels


def finest_place_agrees(g: GoldIncident, place: Place, places: PlaceNames) -> bool | None:
    """Whether the prediction is right at the finest level the gold names; None when it names none.

    The gold's location is matched by the prediction's location or its district (gazetteers file
    some districts as towns, and coders name a district as the most specific place when the text
    does); the gold's district by the prediction's district or location; its province by the
    province; its country by the country. No coarser level both name may differ (a town of the
    same name in another district or province is another place). A prediction finer than the gold
    (a town where the gold names only the district or the province) is right when it lies within
    the gold's finest level by its own coarser levels: its district is the gold's district, its
    province the gold's province. The gold names the finest place the text gives (eval/README.md),
    so a finer prediction is a detail the coder did not record, not a contradiction. A district
    or location is the gold's under the gazetteer's spelling too (`_same_place`).
    """
    if not any((g.country, g.admin1, g.admin2, g.location)):
        return None
    if _differs(g.country, place.country) or _differs(g.admin1, place.admin1):
        return False
    named = (place.admin2, place.location)
    if g.location is not None:
        other_district = (
            g.admin2 is not None
            and _norm(place.admin2) is not None
            and not any(
                _same_place(places, g, gold, place.admin2) for gold in (g.admin2, g.location)
            )
        )
        return (
            any(_same_place(places, g, g.location, name) for name in named) and not other_district
        )
    if g.admin2 is not None:
        return any(_same_place(places, g, g.admin2, name) for name in named)
    if g.admin1 is not None:
        return _norm(g.admin1) == _norm(place.admin1)
    return _norm(g.country) == _norm(place.country)


def _window(value: date | None, precision: str) -> tuple[date, date] | None:
    """The days a date of this precision stands for (a week from its first day, the month, the year)."""
    if value is None:
        return None
    if precision == "week":
        return value, value + timedelta(days=6)
    if precision == "month":
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    if precision == "year":
        return date(value.year, 1, 1), date(value.year, 12, 31)
    return value, value


def _overlap(text: str, evidence: str, p: Incident) -> float:
    """The share of the gold quote that the prediction's own quotes cover."""
    span = _locate(text, evidence)
    if span is None or span[1] <= span[0]:
        return 0.0
    covered, reached = 0, span[0]
    for start, end in sorted((c.start, c.end) for c in p.claims):
        start, end = max(start, reached), min(end, span[1])
        if end > start:
            covered += end - start
            reached = end
    return covered / (span[1] - span[0])


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
