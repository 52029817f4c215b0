"""Agreements a document reports: ceasefires and truces with parties, mediators, commitments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ceasefire.domain import DatePrecision, EventDate, ReportedAgreement
from ceasefire.extract.actors import ActorMention
from ceasefire.extract.places import PlaceMention
from ceasefire.extract.sentences import Sentence

_AGREEMENT = re.compile(
    r"\b(ceasefire|cease-fire|truce|peace (deal|agreement|accord)|accord|agreement|deal)\b",
    re.IGNORECASE,
)
_REACHED = re.compile(
    r"\b(agreed|agree|reached|signed|declared|announced|brokered|struck|c[ao]me to terms|accepted|confirmed)\b",
    re.IGNORECASE,
)
_TEMPORARY = re.compile(
    r"\b(temporary|interim|short-lived|\d+-hour|\d+-day|truce)\b", re.IGNORECASE
)
_MEDIATION = re.compile(r"\b(mediat\w*|brokered|facilitat\w*|hosted|host)\b", re.IGNORECASE)
_COMMITMENT = re.compile(
    r"\b(agreed to|agreed not to|pledged|committed to|commitments?|will not|won’t|won't|never|not to|respect|refrain)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\b(follow-up|follow up|next meeting|further (talks|discussions)|meet again|next round|scheduled to)\b",
    re.IGNORECASE,
)
_STATE_CATEGORIES = {"state_forces"}
_TALKS = re.compile(r"\b(talks|negotiations|meeting|summit|signing)\b", re.IGNORECASE)
# "talks in Doha", "in the Qatari capital Doha", "in the Turkish city of Istanbul": a place as venue.
_VENUE = re.compile(
    r"\b(in|at)\s+(the\s+)?([\w’'-]+\s+){0,2}((capital|city)(\s+of)?,?\s+)?$", re.IGNORECASE
)
_CAPITALISED = re.compile(r"\b([A-Z][a-z]+)\b")


def _is_country(mention: PlaceMention) -> bool:
    place = mention.place
    return (
        place.admin1 is None and (place.geo_precision or 3) == 3 and place.location == place.country
    )


@dataclass(slots=True)
class _Draft:
    sentence: Sentence
    kind: str
    date: EventDate
    parties: list[str] = field(default_factory=list)


def find_agreements(
    sentences: list[Sentence],
    *,
    document_id: str,
    actors: dict[int, list[ActorMention]],
    places: dict[int, list[PlaceMention]],
    dates: dict[int, list[EventDate]],
    published: EventDate,
    demonyms: dict[str, str] | None = None,
) -> list[ReportedAgreement]:
    """One record per distinct agreement (a ceasefire and an earlier temporary truce are two)."""
    demonyms = demonyms or {}
    drafts: list[_Draft] = []
    for sentence in sentences:
        if not (_AGREEMENT.search(sentence.text) and _REACHED.search(sentence.text)):
            continue
        kind = "temporary truce" if _TEMPORARY.search(sentence.text) else "ceasefire"
        sentence_dates = [d for d in dates.get(sentence.index, []) if d.value is not None]
        date = sentence_dates[0] if sentence_dates else published
        parties = _parties(actors.get(sentence.index, []))
        same = next((d for d in drafts if d.kind == kind), None)
        if same is None:
            drafts.append(_Draft(sentence, kind, date, parties))
        else:
            same.parties.extend(p for p in parties if p not in same.parties)
    if not drafts:
        return []
    all_parties = [p for d in drafts for p in d.parties]
    mediators: list[str] = []
    venues: dict[str, int] = {}
    commitments: list[str] = []
    follow_place = None
    follow_date = None
    for sentence in sentences:
        text = sentence.text
        is_follow_up = _FOLLOW_UP.search(text) is not None
        if _MEDIATION.search(text):
            found = [p.place.country for p in places.get(sentence.index, []) if _is_country(p)]
            found += [
                demonyms[m.group(1)] for m in _CAPITALISED.finditer(text) if m.group(1) in demonyms
            ]
            for country in found:
                if country and country not in mediators and country not in all_parties:
                    mediators.append(country)
        if not is_follow_up and (
            _MEDIATION.search(text) or _TALKS.search(text) or _AGREEMENT.search(text)
        ):
            for place in places.get(sentence.index, []):
                if (place.place.geo_precision or 3) == 1 and _VENUE.search(
                    text, 0, place.start - sentence.start
                ):
                    venues[place.text] = venues.get(place.text, 0) + 1
        if _COMMITMENT.search(text) and (
            _AGREEMENT.search(text) or re.search(r"\b(agreed|pledged|committed)\b", text)
        ):
            commitments.append(text)
        if is_follow_up:
            cities = [
                p for p in places.get(sentence.index, []) if (p.place.geo_precision or 3) == 1
            ]
            if cities and follow_place is None:
                follow_place = cities[0].place.location or cities[0].text
            sentence_dates = [d for d in dates.get(sentence.index, []) if d.value is not None]
            if sentence_dates and follow_date is None:
                follow_date = sentence_dates[0]
    location = max(venues, key=lambda v: venues[v]) if venues else None
    records: list[ReportedAgreement] = []
    for index, draft in enumerate(drafts):
        is_main = index == 0 or draft.kind == "ceasefire"
        draft_parties = tuple(dict.fromkeys(draft.parties or all_parties))
        records.append(
            ReportedAgreement(
                document_id=document_id,
                start=draft.sentence.start,
                end=draft.sentence.end,
                quote=draft.sentence.text,
                kind=draft.kind,
                date=draft.date,
                location=location if is_main else None,
                parties=draft_parties,
                mediators=tuple(m for m in mediators if m not in draft_parties) if is_main else (),
                commitments=tuple(commitments) if is_main else (),
                follow_up_place=follow_place if is_main else None,
                follow_up_date=follow_date if is_main else None,
            )
        )
    return records


def _parties(actors: list[ActorMention]) -> list[str]:
    parties: list[str] = []
    for mention in actors:
        party = mention.actor.party
        if (
            party
            and not mention.inferred
            and mention.actor.category in _STATE_CATEGORIES
            and party not in parties
        ):
            parties.append(party)
    return parties


__all__ = ["DatePrecision", "find_agreements"]
