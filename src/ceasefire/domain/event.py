"""Mentions, claims, incidents and aggregates: what extraction and resolution produce."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class Stance(StrEnum):
    ASSERTS = "asserts"
    ALLEGES = "alleges"
    DENIES = "denies"


class TargetCategory(StrEnum):
    SECURITY_FORCES = "security_forces"
    CIVILIANS = "civilians"
    CRITICAL_INFRASTRUCTURE = "critical_infrastructure"
    MILITANTS = "militants"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as reported: `low`/`high` bounds (None = open) and the text that gave it."""

    low: int | None
    high: int | None
    text: str = ""
    start: int = 0
    end: int = 0

    @property
    def is_exact(self) -> bool:
        return self.low is not None and self.low == self.high


@dataclass(frozen=True, slots=True)
class Estimate:
    """A reconciled figure: UCDP-style low / best / high."""

    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class Victims:
    """Who was hit, per category, for killed and injured separately."""

    killed: dict[TargetCategory, int] = field(default_factory=dict)
    injured: dict[TargetCategory, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EventDate:
    value: date | None
    precision: DatePrecision = DatePrecision.UNKNOWN
    text: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved against the gazetteer; geo_precision follows ACLED (1 town, 2 near, 3 province)."""

    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """Who asserts what about an event, tied to its quote by character offsets."""

    document_id: str
    start: int
    end: int
    quote: str
    source: str | None = None
    source_kind: str | None = None
    stance: Stance = Stance.ASSERTS
    hedged: bool = False
    fatalities: Quantity | None = None
    injuries: Quantity | None = None
    victims: Victims = field(default_factory=Victims)
    admits: bool = False  # the source claims the act as its own ("claimed responsibility")

    @property
    def ref(self) -> str:
        """A stable name for the claim: document id prefix and the quote's span, "3fa2c1d4e5f6:120-245"."""
        return f"{self.document_id[:12]}:{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in one document's text that reports an event."""

    document_id: str
    start: int
    end: int
    trigger: str
    event_type: str
    sub_event_type: str
    date: EventDate = field(default_factory=lambda: EventDate(None))
    place: Place = field(default_factory=Place)
    actor1: str | None = None
    actor2: str | None = None
    target_categories: tuple[TargetCategory, ...] = ()
    claims: tuple[Claim, ...] = ()
    is_historical: bool = False
    # The act word's own document offsets inside [start, end): extraction's roles are measured from
    # it, not from the sentence's root. None where unknown (a mention read back from the store).
    trigger_start: int | None = None
    trigger_end: int | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """One document's own reading of an incident: the slots its extraction chose, kept beside the
    merged incident so that a new report is compared with each report, not with their union (a
    merge widens the place and date and unites the targets; compared with that, a third report
    could join two that contradict each other)."""

    document_id: str
    event_type: str
    sub_event_type: str
    date: EventDate = field(default_factory=lambda: EventDate(None))
    place: Place = field(default_factory=Place)
    actor1: str | None = None
    actor2: str | None = None
    target_categories: tuple[TargetCategory, ...] = ()
    fatalities: Estimate = field(default_factory=Estimate)
    is_historical: bool = False
    reported_on: _dt.date | None = None


@dataclass(slots=True)
class Incident:
    """One act at one place on one day, however many documents mention it."""

    id: str
    event_type: str
    sub_event_type: str
    date: EventDate
    place: Place
    actor1: str | None = None
    actor2: str | None = None
    target_categories: tuple[TargetCategory, ...] = ()
    fatalities: Estimate = field(default_factory=Estimate)
    injuries: Estimate = field(default_factory=Estimate)
    victims: Victims = field(default_factory=Victims)
    claims: list[Claim] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    is_historical: bool = False
    grade: str | None = None
    is_reviewed: bool = False
    declared: bool = False  # claimed by its author, not only alleged by others
    status: str = "active"  # "merged" once merged into another incident (kept, never deleted)
    merged_into: str | None = None
    reported_on: _dt.date | None = None  # the publication date of its first document
    # The fields on which a re-extraction disagrees with the reviewed values ("date, location"),
    # for the review queue; a reviewer's next change answers it (services/reprocess.py)
    review_flag: str | None = None
    # Each contributing document's own reading (none for incidents stored before readings were
    # kept, or imported from a dataset: then the incident itself stands for its documents).
    readings: list[Reading] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        seen: dict[str, None] = {}
        for claim in self.claims:
            seen.setdefault(claim.document_id, None)
        for mention in self.mentions:
            seen.setdefault(mention.document_id, None)
        return list(seen)

    def toll_denial_note(self) -> str:
        """Whose account the death toll is, when only the accused side's denial gives it ("by the
        account of X, who denies the act"); else "". The one wording of every view (assessment,
        report, page, table)."""
        deniers = self.deniers_of_toll()
        return f"by the account of {' and '.join(deniers)}, who denies the act" if deniers else ""

    def deniers_of_toll(self) -> list[str]:
        """Who alone gave the death toll, when every claim that gives one comes from a source that
        denies the act (the accused side's "not a single shot was fired" sets the low at 0, as the
        gold conventions code it): their own account, to be shown as such and never as a finding.
        Else nothing. An unnamed source is its document's author: a denier's when the document
        carries a denial."""

        def speaker(claim: Claim) -> str:
            return claim.source.casefold() if claim.source else f"document:{claim.document_id}"

        denials = [c for c in self.claims if c.stance is Stance.DENIES]
        deniers = {speaker(c) for c in denials} | {f"document:{c.document_id}" for c in denials}
        giving = [c for c in self.claims if c.fatalities is not None]
        if not giving or any(speaker(c) not in deniers for c in giving):
            return []
        named = {c.document_id: c.source for c in denials if c.source}
        return list(
            dict.fromkeys(
                c.source or named.get(c.document_id) or "an unnamed source" for c in giving
            )
        )


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A casualty figure for a period or campaign: kept and attributed, never forced onto an incident."""

    document_id: str
    start: int
    end: int
    quote: str
    source: str | None = None
    killed: Quantity | None = None
    injured: Quantity | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class ReportedAgreement:
    """An agreement as a document reports it (extraction output; agreements as data are YAML)."""

    document_id: str
    start: int
    end: int
    quote: str
    kind: str = "ceasefire"
    date: EventDate = field(default_factory=lambda: EventDate(None))
    location: str | None = None
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    follow_up_place: str | None = None
    follow_up_date: EventDate | None = None
