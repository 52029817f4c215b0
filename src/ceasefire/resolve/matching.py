"""Whether two incidents are one act: hard constraints as rules, then a learned model over generic
pair features (or, while no model ships, the hand-set rule it replaced).

**Constraints** (:func:`constraint`, never learned): different countries (each side of the border
reports its own act) or provinces when both sides name them; dates further apart than the window of
the coarser precision (day 1 day, week 7, month 31, year 366 days); one recalled as history and the
other not; a report that places one phrase in two provinces or districts of one country
(:func:`places_apart`: several acts at once). Two incidents of one document are never offered (the
store leaves them out).

**The learned matcher** (:func:`score` with ``data/models/matcher.json``, see
:mod:`ceasefire.resolve.matcher`): a logistic regression over :func:`features` — the date gap within
the window of the sides' precision, or which side is undated and how far the dated act lies from the
undated side's publication; the place relation by hierarchy (same spot, same district, another
district of the province, same province, same country, unknown) and the distance in km between the
gazetteer's points; type agreement; the perpetrators (the same canonical actor, different ones,
unknown) and which side was hit; whether the death tolls' ranges overlap and their ratio; the quotes'
rapidfuzz token-set similarity and Jaccard similarity of word 3-shingles; whether the documents are
near-duplicates; the publication gap. A slot one side leaves blank is its own "unknown" indicator,
never a mismatch. The weights and the threshold are fit by ``ceasefire train-matcher``.

**Report by report** (:func:`match`): a stored incident keeps each contributing document's own
reading (:mod:`ceasefire.resolve.readings`); a new report is held against each of them, not against
the merged incident (whose widened place and date and united targets let merges chain and disarm
the vetoes): the vetoes that say two reports contradict each other (:func:`contradiction`) hold
against every report, the score is the best report's.

**Among the candidates** (:func:`best_match`): the best-scoring one at or above the threshold, unless
the report is ambiguous (:func:`ambiguous`): two or more stored incidents match it and it says less
than one of them on the place or the date (a province against their districts, a month against
their days). The store keeps those incidents apart, and what tells them apart is what the report
does not say, so it joins none, unless the best leads the next by ``AMBIGUITY_MARGIN`` (fit by
story-grouped folds on the gold sets, ``benchmarks/merge_linkage.py --margins``).

**The hand-set rule** (:func:`rule_score`; weights sum to 1; a pair at or above ``THRESHOLD`` is one
incident), kept as the matcher when no model file ships and as the yardstick a model must beat. The
weights are hand-set; the threshold is not: ``ceasefire train-matcher`` fits it on the gold sets'
pairs by story-grouped folds, as the cut that maximises F0.5 (a false merge joins two parties'
incidents, so precision counts twice as much as recall), and prints it.

- **Vetoes**: different countries, provinces or districts when both sides name them; dates further
  apart than the window of the coarser precision (day 1 day, week 7, month 31, year 366 days); both
  undated and first reported more than ``UNDATED_DAYS`` apart, or both undated and not sharing a
  province; one recalled as history and the other not; one phrase placed in two provinces or
  districts of one country; types of different kinds (an explosion
  against an arrest); opposed sides (one act hit only militants, the other only civilians or security
  forces: an attack and the operation against its authors); a coarse or missing date with neither the
  same spot nor wording at least ``COARSE_TEXT`` alike; a place no finer than the country on one
  side without such wording.
- **Date** (0.25): 1 for the same day, falling linearly to 0 at the window's edge; 0.4 when only one
  side is dated; 0.3 when neither is.
- **Place** (0.25): the most specific level both share: spot 1 (a town or a named place; a district
  or province that the gazetteer resolved as the location is no spot), district 0.85, province 0.7
  (0.6 when one side knows only the province — "a district matches its province with lower
  weight"), country 0.35, nothing 0.2.
- **Type** (0.30): same sub-event type 1, same event type 0.7, an attack against a clash 0.4 (sources
  often disagree on ACLED's distinction).
- **Wording** (0.20): rapidfuzz token-set similarity of the two quotes most alike.
- **Actors**: +0.1 when both name the same perpetrator; -0.1 when they name different ones (kept
  small: competing claims of responsibility are one incident with a contest).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz

from ceasefire.domain import DatePrecision, Incident, Place, TargetCategory
from ceasefire.resolve import matcher as _matcher
from ceasefire.resolve.matcher import MatcherModel
from ceasefire.resolve.readings import views

THRESHOLD = 0.76  # fit by `ceasefire train-matcher` (story-grouped folds, max F0.5): 0.763
UNDATED_DAYS = 3
UNDATED_PLACE = 0.6
COARSE_TEXT = 0.6
SAME_SPOT = 1.0
WINDOW_DAYS = {
    DatePrecision.DAY: 1,
    DatePrecision.WEEK: 7,
    DatePrecision.MONTH: 31,
    DatePrecision.YEAR: 366,
    DatePrecision.UNKNOWN: 0,
}
WEIGHTS = {"date": 0.25, "place": 0.25, "type": 0.30, "text": 0.20}
_CLASH_LIKE = {"Battles", "Violence against civilians"}
_MAX_QUOTES = 6


@dataclass(frozen=True, slots=True)
class MatchScore:
    total: float
    date: float
    place: float
    type: float
    text: float
    actors: float
    threshold: float = THRESHOLD

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
    spot_a, spot_b = _spot(a), _spot(b)
    if spot_a is not None and spot_a == spot_b and a.admin1 == b.admin1:
        return 1.0  # a named spot, not a district or province named as the location
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
    operation against its authors are two incidents. Not when both name the same perpetrator: then
    who was hit is what the reports dispute (the side that struck says militants, the other side
    civilians), not a second act."""
    if a.actor1 is not None and a.actor1 == b.actor1:
        return False
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
    if a.actor1 is None or b.actor1 is None:
        return 0.0
    return 0.1 if a.actor1 == b.actor1 else -0.1


def rule_score(a: Incident, b: Incident) -> MatchScore | None:
    """The hand-set rule's score of the pair, or None when one of its vetoes says they cannot be one
    act (the matcher when no learned model ships; the yardstick a learned one must beat)."""
    if a.is_historical != b.is_historical or places_apart(a) or places_apart(b):
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
    coarse = (
        window(a, b) > WINDOW_DAYS[DatePrecision.WEEK]
        or a.date.value is None
        or b.date.value is None
    )
    if coarse and place_part < SAME_SPOT and text_part < COARSE_TEXT:
        # "an attack in Balochistan last month", "an ambush in North Waziristan in May": too common
        # to be one act on that alone; a coarse or missing date needs the same named spot or alike
        # wording (a district's name recurs across a month's reports of its different acts).
        return None
    if place_part < UNDATED_PLACE and text_part < COARSE_TEXT:
        # Likewise a place no finer than the country on one side ("in Afghanistan on Thursday"):
        # a country has several acts of a kind on one day.
        return None
    actors = _actor_score(a, b)
    total = (
        WEIGHTS["date"] * date_part
        + WEIGHTS["place"] * place_part
        + WEIGHTS["type"] * type_part
        + WEIGHTS["text"] * text_part
        + actors
    )
    return MatchScore(round(total, 4), date_part, place_part, type_part, text_part, actors)


# --- The learned matcher: hard constraints as rules, the choice by a model over generic features ---

# Distances (km) and gaps (days) are squashed on a log scale up to these caps: beyond them they say
# nothing more.
FAR_KM = 1000.0
FAR_DAYS = 60.0
_SHINGLE = 3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def constraint(a: Incident, b: Incident) -> str | None:
    """Why two incidents cannot be one act, whatever a model says (None: they may be). Rules, not
    weights: different countries (an act across the border is reported from each side, and each
    side's account is its own incident, linked by a person) or provinces when both sides name them,
    dates further apart than the window of the coarser precision, one recalled as history and the
    other not. A district, a type or a perpetrator that differs is weighed by the model, not ruled
    out (sources disagree on them for one act). Two incidents of one document are never offered
    (the extractor told them apart)."""
    if a.is_historical != b.is_historical:
        return "one is history"
    for level in ("country", "admin1"):
        va, vb = getattr(a.place, level), getattr(b.place, level)
        if va is not None and vb is not None and va != vb:
            return f"different {level}"
    da, db = a.date.value, b.date.value
    if da is not None and db is not None and abs((da - db).days) > window(a, b):
        return "dates apart"
    if places_apart(a) or places_apart(b):
        return "one phrase at several places"
    return None


def places_apart(incident: Incident) -> bool:
    """Whether one phrase of the report places its act in two provinces, or two districts, of one
    country ("Pakistani strikes on 2 June hit districts in Nangarhar and Khost"): a reference to
    several acts at once, or a place the extraction could not settle. Either way the report cannot
    tell which of the acts at those places it reports, so it is none of them in particular (a rule:
    a report of one act at two places contradicts itself). Places in different countries are not
    counted: an act across the border is told with a place on each side."""
    by_phrase: dict[tuple[str, int, int], list[Place]] = {}
    for mention in incident.mentions:
        by_phrase.setdefault((mention.document_id, mention.start, mention.end), []).append(
            mention.place
        )
    for places in by_phrase.values():
        for country in {p.country for p in places if p.country is not None}:
            inside = [p for p in places if p.country == country]
            for level in ("admin1", "admin2"):
                if len({getattr(p, level) for p in inside if getattr(p, level)}) > 1:
                    return True
    return False


def _log_scaled(value: float, cap: float) -> float:
    return math.log1p(min(value, cap)) / math.log1p(cap)


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two placed points (haversine); None when a side has none."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _spot(place: Place) -> str | None:
    """The place's own spot: a town or village (the gazetteer's precision 1, "Quetta", "Kabul"), or
    a location that is not just the name of its district or province ("North Waziristan", "Kunar"
    resolved as the district or province itself are no spot)."""
    if not place.location:
        return None
    spot = place.location.casefold()
    if place.geo_precision == 1:
        return spot
    coarser = {v.casefold() for v in (place.country, place.admin1, place.admin2) if v}
    return None if spot in coarser else spot


def _place_relation(a: Place, b: Place) -> str:
    """The most specific level both sides share, or "unknown" when a side names nothing below the
    other's level (one knows the district, the other only the country: not a mismatch)."""
    spot_a, spot_b = _spot(a), _spot(b)
    if spot_a is not None and spot_a == spot_b:
        return "same_spot"
    if a.admin2 is not None and a.admin2 == b.admin2:
        return "same_district_other_spot" if spot_a and spot_b else "same_district"
    if a.admin2 is not None and b.admin2 is not None:
        return "other_district"  # same province (different provinces are ruled out)
    if a.admin1 is not None and a.admin1 == b.admin1:
        finer = (a.admin2 or spot_a) is not None and (b.admin2 or spot_b) is not None
        return "same_province_both_finer" if finer else "same_province"
    if a.country is not None and a.country == b.country:
        return "same_country" if a.admin1 and b.admin1 else "same_country_one_coarse"
    return "unknown"


PLACE_RELATIONS = (
    "same_spot",
    "same_district",
    "same_district_other_spot",
    "other_district",
    "same_province_both_finer",
    "same_province",
    "same_country",
    "same_country_one_coarse",
    "unknown",
)


def _killed_range(incident: Incident) -> tuple[int, int] | None:
    estimate = incident.fatalities
    low = estimate.low if estimate.low is not None else estimate.best
    high = estimate.high if estimate.high is not None else estimate.best
    if low is None and high is None:
        return None
    low = low if low is not None else high
    high = high if high is not None else low
    assert low is not None and high is not None
    return (min(low, high), max(low, high))


def _shingles(incident: Incident) -> set[tuple[str, ...]]:
    words = [w.casefold() for c in incident.claims[:_MAX_QUOTES] for w in _WORD.findall(c.quote)]
    return {tuple(words[i : i + _SHINGLE]) for i in range(max(0, len(words) - _SHINGLE + 1))}


def _sides(incident: Incident) -> str | None:
    targets = {t for t in incident.target_categories if t is not TargetCategory.UNKNOWN}
    if not targets:
        return None
    return "militants" if targets == {TargetCategory.MILITANTS} else "others"


def features(a: Incident, b: Incident, *, same_story: bool = False) -> dict[str, float]:
    """Generic features of a pair no constraint rules out. A slot one side leaves blank is
    "unknown", its own indicator, never a mismatch; distances are relative to the sides' precision.
    `same_story`: the two documents are near-duplicates (one wire story rewritten)."""
    out: dict[str, float] = {}
    # Date: the gap within the window of the coarser precision, or which side is undated.
    da, db = a.date.value, b.date.value
    if da is not None and db is not None:
        days = abs((da - db).days)
        out["date_both"] = 1.0
        out["date_gap_in_window"] = days / (window(a, b) + 1)
        out["date_same_day"] = float(days == 0 and window(a, b) == 1)
        out["date_coarse"] = float(window(a, b) > 1)
    elif da is None and db is None:
        out["date_neither"] = 1.0
    else:
        out["date_one_side"] = 1.0
        # The undated side's act happened before its report: how far the dated act lies from it.
        dated, undated = (a, b) if da is not None else (b, a)
        if undated.reported_on is not None and dated.date.value is not None:
            lag = (undated.reported_on - dated.date.value).days
            out["date_one_side_lag"] = _log_scaled(abs(lag), FAR_DAYS)
            out["date_one_side_after_report"] = float(lag < 0)
    ra, rb = a.reported_on, b.reported_on
    if ra is not None and rb is not None:
        out["reported_gap"] = _log_scaled(abs((ra - rb).days), FAR_DAYS)
    else:
        out["reported_unknown"] = 1.0
    # Place: the relation by hierarchy, and the distance between the gazetteer's points.
    relation = _place_relation(a.place, b.place)
    out[f"place_{relation}"] = 1.0
    km = distance_km(a.place, b.place)
    if km is not None:
        out["place_km"] = _log_scaled(km, FAR_KM)
    else:
        out["place_km_unknown"] = 1.0
    # Type.
    type_part = _type_score(a, b)
    out["type_same_sub"] = float(type_part == 1.0)
    out["type_same_event"] = float(type_part == 0.7)
    out["type_attack_vs_clash"] = float(type_part == 0.4)
    out["type_other_kind"] = float(type_part == 0.0)
    # Actors: the perpetrators' canonical names, and which side was hit.
    if a.actor1 is not None and b.actor1 is not None:
        out["actor_same" if a.actor1 == b.actor1 else "actor_differ"] = 1.0
    else:
        out["actor_unknown"] = 1.0
    sides = (_sides(a), _sides(b))
    if None in sides:
        out["target_unknown"] = 1.0
    else:
        out["target_same_side" if sides[0] == sides[1] else "target_opposed"] = 1.0
    # Figures: whether the death tolls' ranges overlap, and how far apart they are.
    ka, kb = _killed_range(a), _killed_range(b)
    if ka is not None and kb is not None:
        out["killed_overlap"] = float(ka[0] <= kb[1] and kb[0] <= ka[1])
        small, large = sorted((ka[0], kb[0]))
        out["killed_ratio"] = (small + 1) / (large + 1)
    else:
        out["killed_unknown"] = 1.0
    # Wording of the quotes.
    out["text_token_set"] = _text_score(a, b)
    sa, sb = _shingles(a), _shingles(b)
    out["text_shingles"] = len(sa & sb) / len(sa | sb) if sa and sb else 0.0
    out["same_story"] = float(same_story)
    return out


def _readable(a: Incident, b: Incident, total: float, threshold: float) -> MatchScore:
    """The probability with the rule's readable agreement levels (1 the same, 0 nothing shared)."""
    date_part = _date_score(a, b)
    place_part = _place_score(a.place, b.place)
    return MatchScore(
        round(total, 4),
        date_part if date_part is not None else 0.0,
        place_part if place_part is not None else 0.0,
        _type_score(a, b),
        _text_score(a, b),
        _actor_score(a, b),
        threshold,
    )


def score(
    a: Incident, b: Incident, *, same_story: bool = False, model: MatcherModel | None = None
) -> MatchScore | None:
    """The pair's score, or None when a constraint (or, with no learned model, a veto of the hand-set
    rule) says they cannot be one act. With the shipped (or given) learned model the total is its
    probability that the two are one act; else the hand-set rule's weighted sum."""
    model = model if model is not None else shipped_matcher()
    if model is None:
        return rule_score(a, b)
    if constraint(a, b) is not None:
        return None
    probability = model.probability(features(a, b, same_story=same_story))
    return _readable(a, b, probability, model.threshold)


def contradiction(a: Incident, b: Incident, *, model: MatcherModel | None = None) -> str | None:
    """Why two readings cannot be one act because they say different things (None: they may be),
    as opposed to saying too little to tell: the learned matcher's constraints, or, for the
    hand-set rule, its vetoes of that kind — different countries, provinces or districts, dates
    apart, one recalled as history, types of different kinds, opposed sides. Held against every
    report of a stored incident (:func:`match`)."""
    if model is not None:
        return constraint(a, b)
    found = constraint(a, b)
    if found is not None:
        return found
    va, vb = a.place.admin2, b.place.admin2
    if va is not None and vb is not None and va != vb:
        return "different admin2"
    if _type_score(a, b) == 0.0:
        return "types of different kinds"
    if _opposed(a, b):
        return "opposed sides"
    return None


# How a new report is held against a stored incident of several reports (see :func:`match`):
# "best" — no report contradicts it and the best-scoring report matches; "all" — every report
# matches; "mean" — no report contradicts it and the mean score matches; "merged" — the merged
# incident itself (what matching did before readings were kept). Chosen by the benchmark's
# development figures under story-grouped folds (benchmarks/merge_linkage.py).
LINKAGES = ("best", "all", "mean", "merged")
LINKAGE = "best"


def match(
    incident: Incident,
    stored: Incident,
    *,
    groups: Mapping[str, str] | None = None,
    model: MatcherModel | None = None,
    linkage: str = LINKAGE,
) -> MatchScore | None:
    """The new report (one document's incident) held against a stored incident report by report
    (:func:`ceasefire.resolve.readings.views`): None when a report contradicts it, else the score
    the linkage gives."""
    model = model if model is not None else shipped_matcher()
    if linkage == "merged":
        return score(incident, stored, same_story=same_story(incident, stored, groups), model=model)
    readings = views(stored)
    # The contradictions first: they are cheap, and one rules out the incident.
    if any(contradiction(incident, view, model=model) is not None for view in readings):
        return None
    found = [
        score(incident, view, same_story=same_story(incident, view, groups), model=model)
        for view in readings
    ]
    scored = [f for f in found if f is not None]
    if linkage == "all":
        return None if len(scored) < len(found) else min(scored, key=lambda f: f.total)
    if not scored:
        return None
    best = max(scored, key=lambda f: f.total)
    if linkage == "mean":
        mean = sum(f.total if f is not None else 0.0 for f in found) / len(found)
        return replace(best, total=round(mean, 4))
    return best


# Date precisions from the finest: a report dated to the day says more than one dated to the month.
_DATE_DETAIL = {
    DatePrecision.DAY: 4,
    DatePrecision.WEEK: 3,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 1,
    DatePrecision.UNKNOWN: 0,
}


def place_detail(place: Place) -> int:
    """How finely a place is known: 3 a spot (:func:`_spot`), 2 a district, 1 a province, 0 the
    country or nothing."""
    if _spot(place) is not None:
        return 3
    if place.admin2 is not None:
        return 2
    return 1 if place.admin1 is not None else 0


def date_detail(incident: Incident) -> int:
    """How finely the act's date is known: 4 the day, 3 the week, 2 the month, 1 the year, 0 none."""
    return 0 if incident.date.value is None else _DATE_DETAIL[incident.date.precision]


def coarser(incident: Incident, than: Incident) -> bool:
    """Whether the report says less than the stored incident on the place or on the date."""
    return place_detail(incident.place) < place_detail(than.place) or date_detail(
        incident
    ) < date_detail(than)


def ambiguous(incident: Incident, matched: list[Incident]) -> bool:
    """The ambiguity constraint: a report that two or more stored incidents match, and that is
    coarser than one of them on the place or the date, cannot tell which of those acts it reports —
    the store keeps them apart, and what would tell them apart (the finer place, the day) is what
    the report does not say. Then it joins none, unless the best leads by the margin."""
    return len(matched) > 1 and any(coarser(incident, stored) for stored in matched)


# How far the best candidate's score must lead the second's for an ambiguous report to join it:
# chosen by story-grouped folds on the gold sets' development part at the shipped cut
# (benchmarks/merge_linkage.py --margins), as the margin that maximises pair F0.5.
AMBIGUITY_MARGIN = 0.06


def best_match(
    incident: Incident,
    candidates: list[Incident],
    *,
    groups: Mapping[str, str] | None = None,
    model: MatcherModel | None = None,
    linkage: str = LINKAGE,
    cut: float | None = None,
    margin: float = AMBIGUITY_MARGIN,
) -> tuple[Incident, MatchScore] | None:
    """The candidate most likely to be the same act, if any reaches the threshold (or `cut`) and
    the report is not ambiguous between several (:func:`ambiguous`) with the best leading the
    next by less than `margin`. `groups`: each document's near-duplicate group, to tell whether two
    incidents come from one story."""
    matched: list[tuple[Incident, MatchScore]] = []
    for candidate in candidates:
        if candidate.id == incident.id:
            continue
        found = match(incident, candidate, groups=groups, model=model, linkage=linkage)
        if found is not None and found.total >= (found.threshold if cut is None else cut):
            matched.append((candidate, found))
    if not matched:
        return None
    # The first of equal scores wins, as the candidates come.
    matched.sort(key=lambda m: -m[1].total)
    best = matched[0]
    if (
        ambiguous(incident, [stored for stored, _ in matched])
        and best[1].total - matched[1][1].total < margin
    ):
        return None
    return best


def same_story(a: Incident, b: Incident, groups: Mapping[str, str] | None) -> bool:
    """Whether a document of one and a document of the other are near-duplicates of each other."""
    if not groups:
        return False
    mine = {groups.get(c.document_id, c.document_id) for c in a.claims}
    theirs = {groups.get(c.document_id, c.document_id) for c in b.claims}
    return bool(mine & theirs) and not (
        {c.document_id for c in a.claims} & {c.document_id for c in b.claims}
    )


def search_days(incident: Incident) -> int:
    """How far around an incident's date (or first report) to look for candidates."""
    return max(WINDOW_DAYS[incident.date.precision], UNDATED_DAYS) + 1


def shipped_matcher() -> MatcherModel | None:
    """The learned matcher in use (None: the hand-set rule)."""
    return _matcher.shipped_matcher()


def anchor(incident: Incident) -> date | None:
    return incident.date.value or incident.reported_on
