"""Use cases of a reviewer's work on machine incidents: the queue of incidents not yet reviewed,
most consequential first; the likely duplicates of one incident with their match scores; accept
and discard as one action each, logged like any edit (``incident_updated`` with the reason)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ceasefire.domain import Incident, Stance
from ceasefire.domain.agreement import RuleKind
from ceasefire.errors import InputError
from ceasefire.record.assessments import AssessmentRepository
from ceasefire.record.entries import INCIDENT_UPDATED, incident_update_payload
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.resolve.matching import MatchScore, anchor, score, search_days
from ceasefire.services.cache import cache_of, version_of
from ceasefire.services.incidents import edit_incident
from ceasefire.services.log import record_change

# How many unreviewed incidents the queue ranks (the newest); a page shows fewer.
QUEUE_SPAN = 2000
DUPLICATES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class QueueItem:
    incident: Incident
    breaches: int  # direct commitments it may breach, each once
    engagements: int  # third-party commitments it engages
    casualties: int  # killed and injured, the higher figures (0: none reported)
    is_contradicted: bool  # a claim denies it, or it is graded contested

    @property
    def rank(self) -> tuple[int, int, int, int]:
        return (-self.breaches, -self.casualties, -int(self.is_contradicted), -self.engagements)


@dataclass(frozen=True, slots=True)
class ReviewQueue:
    items: list[QueueItem]
    total: int  # matching incidents (the queue ranks the newest QUEUE_SPAN of them)


def _casualties(incident: Incident) -> int:
    return sum(
        (estimate.high if estimate.high is not None else estimate.low) or 0
        for estimate in (incident.fatalities, incident.injuries)
    )


def review_queue(
    store: Store, where: IncidentFilter | None = None, *, limit: int = 50
) -> ReviewQueue:
    """Incidents not yet reviewed (unless ``where`` says otherwise): possible breaches first, then
    casualties, contradictions and third-party engagements, newest first among equals. Cached under
    the record's version like the incident list."""
    where = where or IncidentFilter(reviewed=False)

    def make() -> ReviewQueue:
        with store.read_session() as session:
            repository = IncidentRepository(session)
            incidents = repository.list(where, limit=QUEUE_SPAN)
            total = repository.count(where)
            breaches: dict[str, set[str]] = {}
            engaged: dict[str, set[str]] = {}
            for assessment in AssessmentRepository(session).list():
                into = breaches if assessment.rule == RuleKind.DIRECT else engaged
                into.setdefault(assessment.incident, set()).add(assessment.commitment)
        items = [
            QueueItem(
                incident,
                len(breaches.get(incident.id, ())),
                len(engaged.get(incident.id, ())),
                _casualties(incident),
                incident.grade == "contested"
                or any(c.stance is Stance.DENIES for c in incident.claims),
            )
            for incident in incidents  # newest first: the sort below keeps that among equals
        ]
        items.sort(key=lambda item: item.rank)
        return ReviewQueue(items[:limit], total)

    return cache_of(store).get(("review", where, limit), version_of(store), make)


@dataclass(frozen=True, slots=True)
class Duplicate:
    incident: Incident
    score: MatchScore | None  # None: a veto of the rule rules it out (a person may still merge)


def likely_duplicates(store: Store, incident: Incident) -> list[Duplicate]:
    """Active incidents near it in time and place that may be the same act, with the score the
    store's matching gives them (:mod:`ceasefire.resolve.matching`), best first; then those a
    veto of the rule rules out (different kinds of act, say), which a reviewer may still judge one."""
    if incident.status != "active":
        return []
    with store.read_session() as session:
        candidates = IncidentRepository(session).candidates(
            country=incident.place.country, around=anchor(incident), days=search_days(incident)
        )
    found = []
    for candidate in candidates:
        if candidate.id == incident.id:
            continue
        found.append(Duplicate(candidate, score(incident, candidate)))
    found.sort(key=lambda d: (d.score is None, -(d.score.total if d.score else 0), d.incident.id))
    return found[:DUPLICATES_SHOWN]


def accept_incident(
    store: Store, incident_id: str, *, reason: str | None, author: Author
) -> Incident:
    """A reviewer accepts the incident as extracted: it is reviewed from then on."""
    return edit_incident(
        store,
        incident_id,
        "reviewed",
        "true",
        reason=(reason or "").strip() or "accepted as extracted",
        author=author,
    )


def discard_incident(
    store: Store, incident_id: str, *, reason: str | None, author: Author
) -> Incident:
    """A reviewer discards an incident that reports no act (a misreading): it leaves the lists and
    the assessments (at the next run), and stays on record with its history."""
    why = (reason or "").strip()
    if not why:
        raise InputError("say why the incident is discarded", where="reason")
    with store.session() as session:
        repository = IncidentRepository(session)
        incident = repository.find(incident_id)
        if incident.status != "active":
            raise InputError(f"the incident is already {incident.status}", where=incident.id)
        gone = replace(incident, status="discarded", is_reviewed=True)
        repository.save(gone)
        record_change(
            session,
            INCIDENT_UPDATED,
            gone.id,
            incident_update_payload(gone, change="discarded", reason=why),
            author,
        )
        return gone
