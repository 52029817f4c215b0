"""Agreements a document reports: ceasefires and truces with parties, mediators, commitments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ceasefire.domain import DatePrecision, EventDate, ReportedAgreement
from ceasefire.extract.actors import ActorMention
from ceasefire.extract.places import PlaceMention
from ceasefire.extract.sentences import Sentence

_AGREEMENT = re.compile(
    r"\b(ceasefire|cease-fire|truce|peace (deal|agreement|accord)|accord|agreement|deal)\b", re.IGNORECASE
)
_REACHED = re.compile(
    r"\b(agreed|agree|reached|signed|declared|announced|brokered|struck|came to terms|accepted|confirmed)\b",
    re.IGNORECASE,
)
_TEMPORARY = re.compile(r"\b(temporary|interim|short-lived|\d+-hour|\d+-day|truce)\b", re.IGNORECASE)
_MEDIATION = re.compile(
    r"\b(mediat\w*|brokered|facilitat\w*|hosted|host)\b", re.IGNORECASE
)
_COMMITMENT = re.compile(
    r"\b(agreed to|agreed not to|pledged|committed to|commitments?|will not|won’t|won't|never|not to|respect|refrain)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\b(follow-up|follow up|next meeting|further (talks|discussions)|meet again|next round|scheduled to)\b",
    re.IGNORECASE,
)
_STATE_CATEGORIES = {"state_forces"}


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
) -> list[ReportedAgreement]:
    """One record per distinct agreement (a ceasefire and an earlier temporary truce are two)."""
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
    mediators: list[str] = []
    location = None
    commitments: list[str] = []
    follow_place = None
    follow_date = None
    for sentence in sentences:
        if _MEDIATION.search(sentence.text):
            for actor in actors.get(sentence.index, []):
                if actor.actor.party and actor.actor.party not in mediators:
                    mediators.append(actor.actor.party)
            for place in places.get(sentence.index, []):
                country = place.place.country
                is_city = place.place.location is not None and place.place.admin1 is not None
                if is_city and location is None and "talks" in sentence.text.lower():
                    location = place.text
                elif not is_city and country and place.place.admin1 is None and country not in mediators:
                    mediators.append(country)
        elif location is None and re.search(r"\btalks\b", sentence.text, re.IGNORECASE):
            cities = [p for p in places.get(sentence.index, []) if p.place.location is not None]
            if cities:
                location = cities[0].text
        if _COMMITMENT.search(sentence.text) and (
            _AGREEMENT.search(sentence.text) or re.search(r"\b(agreed|pledged|committed)\b", sentence.text)
        ):
            commitments.append(sentence.text)
        if _FOLLOW_UP.search(sentence.text):
            cities = [p for p in places.get(sentence.index, []) if p.place.location is not None]
            if cities and follow_place is None:
                follow_place = cities[0].text
            sentence_dates = [d for d in dates.get(sentence.index, []) if d.value is not None]
            if sentence_dates and follow_date is None:
                follow_date = sentence_dates[0]
    all_parties = [p for d in drafts for p in d.parties]
    records = []
    for index, draft in enumerate(drafts):
        is_main = index == 0 or draft.kind == "ceasefire"
        parties = tuple(dict.fromkeys(draft.parties or all_parties))
        records.append(
            ReportedAgreement(
                document_id=document_id,
                start=draft.sentence.start,
                end=draft.sentence.end,
                quote=draft.sentence.text,
                kind=draft.kind,
                date=draft.date,
                location=location if is_main else None,
                parties=parties,
                mediators=tuple(m for m in mediators if m not in parties) if is_main else (),
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
        if party and mention.actor.category in _STATE_CATEGORIES and party not in parties:
            parties.append(party)
    return parties


__all__ = ["DatePrecision", "find_agreements"]
