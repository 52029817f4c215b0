"""Whether two incidents are one act: hard vetoes, then a learned model over generic pair features.

**Vetoes** (constraints, never learned): different countries, provinces or districts when both sides
name them; dates further apart than the window of the coarser precision (day 1 day, week 7, month 31,
year 366 days); both undated and first reported more than ``UNDATED_DAYS`` apart, or both undated and
not sharing a province; one recalled as history and the other not; types of different kinds (an
explosion against an arrest); opposed sides (one act hit only militants, the other only civilians or
security forces: an attack and the operation against its authors); a coarse or missing date with
neither the same district nor wording at least ``COARSE_TEXT`` alike.

**The choice** among the pairs no veto excludes: a logistic regression over :func:`features` (date
distance and precision, place agreement by level and distance in km, type agreement, actors, targets,
casualty-figure compatibility, quote similarity), fitted on labelled pairs by
:func:`ceasefire.resolve.matcher.fit_matcher` and shipped as ``data/models/matcher.json``. A pair whose
probability reaches the model's threshold is one incident. The parts ``date``, ``place``, ``type``,
``text`` and ``actors`` of :class:`MatchScore` are kept as readable agreement levels (1 the same, 0
nothing in common) for the reason an incident's history shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ceasefire.domain import DatePrecision, Estimate, Incident, Place, TargetCategory

if TYPE_CHECKING:
    from ceasefire.resolve.matcher import MatcherModel

UNDATED_DAYS = 3
UNDATED_PLACE = 0.6
COARSE_TEXT = 0.6
WINDOW_DAYS = {
    DatePrecision.DAY: 1,
    DatePrecision.WEEK: 7,
    DatePrecision.MONTH: 31,
    DatePrecision.YEAR: 366,
    DatePrecision.UNKNOWN: 0,
}
# Distances beyond this many km say nothing more: the feature is capped there.
FAR_KM = 200.0
_CLASH_LIKE = {"Battles", "Violence against civilians"}
_MAX_QUOTES = 6

# The names of the pair features, in a stable order (the model file lists its weights by name).
FEATURES = (
    "date_gap",
    "date_same_day",
    "date_one_side",
    "date_neither",
    "date_coarse",
    "place_location",
    "place_district",
    "place_province",
    "place_province_one_side",
    "place_country",
    "place_km",
    "place_km_known",
    "location_differs",
    "same_day_same_place",
    "type_sub",
    "type_event",
    "type_clash_like",
    "actor_same",
    "actor_differ",
    "target_shared",
    "toll_compatible",
    "toll_conflict",
    "text",
)


@dataclass(frozen=True, slots=True)
class MatchScore:
    """How alike two incidents are: the model's probability that they are one act (``total``), the
    threshold it was held to, and the readable agreement levels behind it."""

    total: float
    date: float
    place: float
    type: float
    text: float
    actors: float
    threshold: float = 0.5

    @property
    def is_match(self) -> bool:
        return self.total >= self.threshold


def window(a: Incident, b: Incident) -> int:
    """Days two dated incidents may lie apart and still be one act."""
    return max(WINDOW_DAYS[a.date.precision], WINDOW_DAYS[b.date.precision], 1)


def _date_score(a: Incident, b: Incident) -> float | None:
    da, db = a.date.value, b.date.value
    if da is not None and db is not None:
        days = abs((da - db).days)
        limit = window(a, b)
        if days > limit:
            return None
        return 1.0 - days / (limit + 1)
    if da is None and db is None:
        ra, rb = a.reported_on, b.reported_on
        if ra is not None and rb is not None and abs((ra - rb).days) > UNDATED_DAYS:
            return None
        return 0.3
    return 0.4


def _place_score(a: Place, b: Place) -> float | None:
    for level in ("country", "admin1", "admin2"):
        va, vb = getattr(a, level), getattr(b, level)
        if va is not None and vb is not None and va != vb:
            return None
    if a.location and b.location and a.location == b.location and a.admin1 == b.admin1:
        return 1.0
    if a.admin2 is not None and a.admin2 == b.admin2:
        return 0.85
    if a.admin1 is not None and a.admin1 == b.admin1:
        both_below = (a.admin2 or a.location) is not None and (b.admin2 or b.location) is not None
        return 0.7 if both_below or (a.admin2 is None and b.admin2 is None) else 0.6
    if a.country is not None and a.country == b.country:
        return 0.35
    return 0.2


def _type_score(a: Incident, b: Incident) -> float:
    if a.sub_event_type == b.sub_event_type:
        return 1.0
    if a.event_type == b.event_type:
        return 0.7
    if {a.event_type, b.event_type} <= _CLASH_LIKE:
        return 0.4
    return 0.0


def _opposed(a: Incident, b: Incident) -> bool:
    """One act hit militants only, the other hit civilians or security forces only: an attack and the
    operation against its authors are two incidents."""
    sides = []
    for incident in (a, b):
        targets = {t for t in incident.target_categories if t is not TargetCategory.UNKNOWN}
        sides.append(
            "militants"
            if targets == {TargetCategory.MILITANTS}
            else "others"
            if targets and TargetCategory.MILITANTS not in targets
            else None
        )
    return None not in sides and sides[0] != sides[1]


def _text_score(a: Incident, b: Incident) -> float:
    quotes_a = [c.quote for c in a.claims[:_MAX_QUOTES]]
    quotes_b = [c.quote for c in b.claims[:_MAX_QUOTES]]
    if not quotes_a or not quotes_b:
        return 0.0
    return max(fuzz.token_set_ratio(x, y) for x in quotes_a for y in quotes_b) / 100.0


def _actor_score(a: Incident, b: Incident) -> float:
    """1 the same perpetrator named, -1 different ones, 0 when a side names none."""
    if a.actor1 is None or b.actor1 is None:
        return 0.0
    return 1.0 if a.actor1 == b.actor1 else -1.0


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two placed points (haversine), None when a side has none."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _range(estimate: Estimate) -> tuple[int, int] | None:
    low = estimate.low if estimate.low is not None else estimate.best
    high = estimate.high if estimate.high is not None else estimate.best
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    return (min(low, high), max(low, high))


def _tolls(a: Incident, b: Incident) -> tuple[float, float]:
    """(compatible, conflict): both sides give a death toll and the ranges overlap, or are apart."""
    ra, rb = _range(a.fatalities), _range(b.fatalities)
    if ra is None or rb is None:
        return 0.0, 0.0
    overlap = ra[0] <= rb[1] and rb[0] <= ra[1]
    return (1.0, 0.0) if overlap else (0.0, 1.0)


@dataclass(frozen=True, slots=True)
class Pair:
    """A pair no veto excludes: its readable agreement levels and its features."""

    date: float
    place: float
    type: float
    text: float
    actors: float
    features: Mapping[str, float]


def compare(a: Incident, b: Incident) -> Pair | None:
    """The pair's agreement levels and features, or None when a veto says they cannot be one act."""
    if a.is_historical != b.is_historical:
        return None
    date_part = _date_score(a, b)
    if date_part is None:
        return None
    place_part = _place_score(a.place, b.place)
    if place_part is None:
        return None
    if a.date.value is None and b.date.value is None and place_part < UNDATED_PLACE:
        return None  # neither dated nor placed below the country: too vague to call them one act
    type_part = _type_score(a, b)
    if type_part == 0.0 or _opposed(a, b):
        return None
    text_part = _text_score(a, b)
    coarse = window(a, b) > WINDOW_DAYS[DatePrecision.WEEK]
    undated = a.date.value is None or b.date.value is None
    if (coarse or undated) and place_part < 0.85 and text_part < COARSE_TEXT:
        return None  # "an attack in Balochistan last month": too common to be one act on that alone
    actors = _actor_score(a, b)
    return Pair(
        date_part,
        place_part,
        type_part,
        text_part,
        actors,
        features(a, b, place_part=place_part, type_part=type_part, text_part=text_part),
    )


def features(
    a: Incident, b: Incident, *, place_part: float, type_part: float, text_part: float
) -> dict[str, float]:
    """The generic features of a pair, named as in ``FEATURES``."""
    da, db = a.date.value, b.date.value
    both_dated = da is not None and db is not None
    days = abs((da - db).days) if da is not None and db is not None else 0
    # A distance between a town and a province's centre says nothing: only points both placed
    # at a town or near one (ACLED geo-precision 1 or 2) are measured.
    pinned = all(p.geo_precision in (1, 2) for p in (a.place, b.place))
    km = distance_km(a.place, b.place) if pinned else None
    same_day = both_dated and days == 0
    compatible, conflict = _tolls(a, b)
    targets_a = {t for t in a.target_categories if t is not TargetCategory.UNKNOWN}
    targets_b = {t for t in b.target_categories if t is not TargetCategory.UNKNOWN}
    actors = _actor_score(a, b)
    return {
        "date_gap": days / (window(a, b) + 1) if both_dated else 0.0,
        "date_same_day": float(same_day),
        "date_one_side": float((da is None) != (db is None)),
        "date_neither": float(da is None and db is None),
        "date_coarse": float(window(a, b) > 1),
        "place_location": float(place_part == 1.0),
        "place_district": float(place_part == 0.85),
        "place_province": float(place_part == 0.7),
        "place_province_one_side": float(place_part == 0.6),
        "place_country": float(place_part == 0.35),
        "place_km": min(km, FAR_KM) / FAR_KM if km is not None else 0.0,
        "place_km_known": float(km is not None),
        "location_differs": float(
            bool(a.place.location and b.place.location and a.place.location != b.place.location)
        ),
        "same_day_same_place": float(same_day and place_part >= 0.85),
        "type_sub": float(type_part == 1.0),
        "type_event": float(type_part == 0.7),
        "type_clash_like": float(type_part == 0.4),
        "actor_same": float(actors > 0),
        "actor_differ": float(actors < 0),
        "target_shared": float(bool(targets_a & targets_b)),
        "toll_compatible": compatible,
        "toll_conflict": conflict,
        "text": text_part,
    }


def score(a: Incident, b: Incident, model: MatcherModel | None = None) -> MatchScore | None:
    """The score of the pair under ``model`` (default: the shipped one), or None when a veto says
    they cannot be one act."""
    pair = compare(a, b)
    if pair is None:
        return None
    if model is None:
        from ceasefire.resolve.matcher import shipped_matcher

        model = shipped_matcher()
    return MatchScore(
        round(model.probability(pair.features), 4),
        pair.date,
        pair.place,
        pair.type,
        pair.text,
        pair.actors,
        model.threshold,
    )


def best_match(
    incident: Incident, candidates: list[Incident], model: MatcherModel | None = None
) -> tuple[Incident, MatchScore] | None:
    """The candidate most likely to be the same act, if any reaches the threshold."""
    best: tuple[Incident, MatchScore] | None = None
    for candidate in candidates:
        if candidate.id == incident.id:
            continue
        found = score(incident, candidate, model)
        if found is not None and found.is_match and (best is None or found.total > best[1].total):
            best = (candidate, found)
    return best


def search_days(incident: Incident) -> int:
    """How far around an incident's date (or first report) to look for candidates."""
    return max(WINDOW_DAYS[incident.date.precision], UNDATED_DAYS) + 1


def anchor(incident: Incident) -> date | None:
    return incident.date.value or incident.reported_on
