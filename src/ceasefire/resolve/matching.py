"""Whether two incidents are one act: a scored rule over date, place, type, actors and wording.

The rule (weights sum to 1; a pair at or above ``THRESHOLD`` is one incident):

- **Vetoes**: different countries, provinces or districts when both sides name them; dates further
  apart than the window of the coarser precision (day 1 day, week 7, month 31, year 366 days); both
  undated and first reported more than ``UNDATED_DAYS`` apart, or both undated and not sharing a
  province; one recalled as history and the other not; types of different kinds (an explosion
  against an arrest); opposed sides (one act hit only militants, the other only civilians or security
  forces: an attack and the operation against its authors); a coarse or missing date with neither the
  same district nor wording at least ``COARSE_TEXT`` alike.
- **Date** (0.25): 1 for the same day, falling linearly to 0 at the window's edge; 0.4 when only one
  side is dated; 0.3 when neither is.
- **Place** (0.25): the most specific level both share: location 1, district 0.85, province 0.7 (0.6
  when one side knows only the province — "a district matches its province with lower weight"),
  country 0.35, nothing 0.2.
- **Type** (0.30): same sub-event type 1, same event type 0.7, an attack against a clash 0.4 (sources
  often disagree on ACLED's distinction).
- **Wording** (0.20): rapidfuzz token-set similarity of the two quotes most alike.
- **Actors**: +0.1 when both name the same perpetrator; -0.1 when they name different ones (kept
  small: competing claims of responsibility are one incident with a contest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from ceasefire.domain import DatePrecision, Incident, Place, TargetCategory

THRESHOLD = 0.70
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

    @property
    def is_match(self) -> bool:
        return self.total >= THRESHOLD


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
    if a.actor1 is None or b.actor1 is None:
        return 0.0
    return 0.1 if a.actor1 == b.actor1 else -0.1


def score(a: Incident, b: Incident) -> MatchScore | None:
    """The score of the pair, or None when a veto says they cannot be one act."""
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
    coarse = (
        window(a, b) > WINDOW_DAYS[DatePrecision.WEEK]
        or a.date.value is None
        or b.date.value is None
    )
    if coarse and place_part < 0.85 and text_part < COARSE_TEXT:
        return None  # "an attack in Balochistan last month": too common to be one act on that alone
    actors = _actor_score(a, b)
    total = (
        WEIGHTS["date"] * date_part
        + WEIGHTS["place"] * place_part
        + WEIGHTS["type"] * type_part
        + WEIGHTS["text"] * text_part
        + actors
    )
    return MatchScore(round(total, 4), date_part, place_part, type_part, text_part, actors)


def best_match(
    incident: Incident, candidates: list[Incident]
) -> tuple[Incident, MatchScore] | None:
    """The candidate most likely to be the same act, if any reaches the threshold."""
    best: tuple[Incident, MatchScore] | None = None
    for candidate in candidates:
        if candidate.id == incident.id:
            continue
        found = score(incident, candidate)
        if found is not None and found.is_match and (best is None or found.total > best[1].total):
            best = (candidate, found)
    return best


def search_days(incident: Incident) -> int:
    """How far around an incident's date (or first report) to look for candidates."""
    return max(WINDOW_DAYS[incident.date.precision], UNDATED_DAYS) + 1


def anchor(incident: Incident) -> date | None:
    return incident.date.value or incident.reported_on
