"""Use cases about incidents: list and find them, their history, and a reviewer's merge, split and
edit — never destructive: each change is an ``incident_updated`` (or ``incident_created``) log entry
with the incident's whole new state and the reason, so every earlier state stays in the log.

The web app reads them through the same functions: pages of the list and the dashboard's figures
are cached per version of the record (:mod:`ceasefire.services.cache`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ceasefire.domain import Claim, DatePrecision, Document, EventDate, Incident
from ceasefire.domain.agreement import Agreement, Assessment
from ceasefire.domain.bounds import count_problem, day_problem
from ceasefire.errors import InputError, NotFoundError
from ceasefire.record.assessments import AssessmentRepository
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import (
    CLAIM_UPDATED,
    INCIDENT_CREATED,
    INCIDENT_STATE_KINDS,
    INCIDENT_UPDATED,
    incident_payload,
    incident_update_payload,
    state_of,
)
from ceasefire.record.incidents import Cursor, IncidentFilter, IncidentRepository
from ceasefire.record.log import Author, TransparencyLog
from ceasefire.record.statistics import Day, ProvinceCount, Totals
from ceasefire.record.store import Store
from ceasefire.report.records import claim_record, incident_record, page_record
from ceasefire.resolve.grading import GRADES
from ceasefire.resolve.merge import absorb, claims_by_ref, split_off
from ceasefire.services.assessment import reassess
from ceasefire.services.cache import VersionedCache, cache_of, version_of
from ceasefire.services.cursors import carried_total, sealed
from ceasefire.services.figures import count_of, summary_of
from ceasefire.services.log import record_change
from ceasefire.services.resolution import finalise, groups_for, new_incident_id

__all__ = [
    "CEASEFIRE_DATE",
    "EDITABLE",
    "GRADES",
    "ClaimOf",
    "Cursor",
    "Dashboard",
    "Day",
    "HistoryStep",
    "IncidentDetail",
    "IncidentFilter",
    "IncidentPage",
    "ProvinceCount",
    "RecordPage",
    "Totals",
    "claim_record",
    "count_incidents",
    "dashboard",
    "edit_incident",
    "find_incident",
    "history",
    "incident_detail",
    "incident_page",
    "incident_record",
    "list_claims",
    "list_incidents",
    "merge_incidents",
    "record_page",
    "split_incident",
]

# The Doha ceasefire (DESIGN.md); the dashboard counts from here unless a filter says otherwise.
CEASEFIRE_DATE = date(2025, 10, 19)
MAX_PAGE = 500


def list_incidents(
    store: Store,
    where: IncidentFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[Incident]:
    """The active incidents the filter keeps, newest first (undated last)."""
    with store.read_session() as session:
        return IncidentRepository(session).list(where, limit=limit, offset=offset)


def count_incidents(store: Store, where: IncidentFilter | None = None) -> int:
    """How many incidents :func:`list_incidents` gives without a limit."""
    with store.read_session() as session:
        return IncidentRepository(session).count(where)


def find_incident(store: Store, prefix: str) -> Incident:
    with store.read_session() as session:
        return IncidentRepository(session).find(prefix)


@dataclass(frozen=True, slots=True)
class HistoryStep:
    seq: int
    at: str
    actor: str
    change: str
    reason: str | None
    state: dict[str, Any]


def history(store: Store, incident_id: str) -> list[HistoryStep]:
    """Every state the incident has been in, oldest first, from the log."""
    with store.read_session() as session:
        entries = TransparencyLog(session).about(incident_id)
    steps = []
    for entry in entries:
        if entry.kind not in INCIDENT_STATE_KINDS:
            continue
        payload = json.loads(entry.payload)
        if entry.kind == INCIDENT_CREATED:
            change, reason = "created", None
        elif entry.kind == CLAIM_UPDATED:
            change, reason = (
                "claim updated",
                "a newer row of the dataset: " + ", ".join(payload.get("changed") or []),
            )
        else:
            change, reason = payload.get("change", "updated"), payload.get("reason")
        steps.append(
            HistoryStep(
                entry.seq,
                entry.created_at,
                entry.actor,
                change,
                reason,
                state_of(entry.kind, payload),
            )
        )
    return steps


def _require_reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise InputError("a reason is required for every manual change", where="--reason")
    return reason.strip()


def merge_incidents(
    store: Store,
    keep: str,
    other: str,
    *,
    reason: str | None,
    author: Author,
    agreements: Sequence[Agreement] = (),
) -> Incident:
    """``other`` merged into ``keep``: its claims move, it stays as a record marked merged."""
    why = _require_reason(reason)
    with store.session() as session:
        repository = IncidentRepository(session)
        target, absorbed = repository.find(keep), repository.find(other)
        if target.id == absorbed.id:
            raise InputError("cannot merge an incident into itself", where=target.id)
        if absorbed.status != "active" or target.status != "active":
            raise InputError(
                "only active incidents can be merged", where=f"{target.id} {absorbed.id}"
            )
        merged = absorb(target, absorbed)
        # A reviewer's change answers a disagreement raised by reprocessing (services/reprocess.py).
        merged = replace(
            finalise(merged, groups_for(session, [merged])), is_reviewed=True, review_flag=None
        )
        gone = replace(
            absorbed, status="merged", merged_into=merged.id, claims=[], mentions=[], readings=[]
        )
        repository.save(merged)
        repository.save(gone)
        record_change(
            session,
            INCIDENT_UPDATED,
            merged.id,
            incident_update_payload(merged, change=f"merged {gone.id} into it", reason=why),
            author,
        )
        record_change(
            session,
            INCIDENT_UPDATED,
            gone.id,
            incident_update_payload(gone, change=f"merged into {merged.id}", reason=why),
            author,
        )
        reassess(session, agreements, author)
        return merged


def split_incident(
    store: Store,
    incident_id: str,
    refs: Sequence[str],
    *,
    reason: str | None,
    author: Author,
    agreements: Sequence[Agreement] = (),
) -> tuple[Incident, Incident]:
    """The claims named by ``refs`` (as ``ceasefire show`` prints them) become a new incident."""
    why = _require_reason(reason)
    with store.session() as session:
        repository = IncidentRepository(session)
        incident = repository.find(incident_id)
        known = claims_by_ref(incident)
        unknown = [r for r in refs if r not in known]
        if unknown:
            raise InputError(
                f"no claim {unknown[0]} in this incident (see `ceasefire show {incident.id}`)",
                where="--claims",
            )
        if not refs or len(set(refs)) == len(known):
            raise InputError(
                "name some of the incident's claims, not none or all", where="--claims"
            )
        old, new = split_off(incident, set(refs), new_incident_id(incident.id, *sorted(refs)))
        old = replace(finalise(old, groups_for(session, [old])), is_reviewed=True, review_flag=None)
        new = replace(finalise(new, groups_for(session, [new])), is_reviewed=True, review_flag=None)
        repository.save(old)
        repository.add(new)
        record_change(
            session,
            INCIDENT_UPDATED,
            old.id,
            incident_update_payload(old, change=f"split {new.id} off", reason=why),
            author,
        )
        record_change(session, INCIDENT_CREATED, new.id, incident_payload(new), author)
        reassess(session, agreements, author)
        return old, new


def _set(incident: Incident, name: str, value: Any) -> Incident:
    """A copy of the incident with one attribute changed (names checked by the caller)."""
    changed = replace(incident)
    setattr(changed, name, value)
    return changed


def _place(incident: Incident, field: str, value: str | None) -> Incident:
    changed = replace(incident.place)
    object.__setattr__(changed, field, value)  # Place is frozen: set on the fresh copy
    return replace(incident, place=changed)


def _parse_bool(field: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "yes", "1"}:
        return True
    if lowered in {"false", "no", "0"}:
        return False
    raise InputError(f"{field} takes true or false, not {value!r}", where=field)


def _parse_int(field: str, value: str) -> int | None:
    if value.strip().lower() in {"", "none", "null", "-"}:
        return None
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{field} takes a whole number, not {value!r}", where=field) from None
    if number < 0:
        raise InputError(f"{field} cannot be negative", where=field)
    problem = count_problem(number)
    if problem:
        raise InputError(problem, where=field)
    return number


def _with_field(incident: Incident, field: str, value: str) -> Incident:
    text: str | None = None if value.strip().lower() in {"", "none", "null", "-"} else value.strip()
    if field in {"country", "admin1", "admin2", "location"}:
        return _place(incident, field, text)
    if field in {"actor1", "actor2"}:
        return _set(incident, field, text)
    if field in {"event_type", "sub_event_type"}:
        if text is None:
            raise InputError(f"{field} cannot be empty", where=field)
        return _set(incident, field, text)
    if field == "date":
        if text is None:
            return replace(incident, date=EventDate(None, DatePrecision.UNKNOWN))
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InputError(f"date takes YYYY-MM-DD, not {value!r}", where="date") from None
        problem = day_problem(day)
        if problem:
            raise InputError(problem, where="date")
        return replace(incident, date=EventDate(day, DatePrecision.DAY))
    if field == "date_precision":
        try:
            return replace(incident, date=replace(incident.date, precision=DatePrecision(value)))
        except ValueError:
            raise InputError(
                f"date_precision is one of {', '.join(p.value for p in DatePrecision)}", where=field
            ) from None
    if field == "grade":
        if value not in GRADES:
            raise InputError(f"grade is one of {', '.join(GRADES)}", where="grade")
        return replace(incident, grade=value)
    if field in {"historical", "reviewed"}:
        flag = _parse_bool(field, value)
        return _set(incident, "is_historical" if field == "historical" else "is_reviewed", flag)
    if field in {
        "fatalities.low",
        "fatalities.best",
        "fatalities.high",
        "injuries.low",
        "injuries.best",
        "injuries.high",
    }:
        figure, part = field.split(".")
        estimate = replace(getattr(incident, figure))
        object.__setattr__(estimate, part, _parse_int(field, value))
        return _set(incident, figure, estimate)
    raise InputError(f"cannot edit {field!r}; editable fields: {', '.join(EDITABLE)}", where=field)


EDITABLE = (
    "event_type", "sub_event_type", "date", "date_precision", "country", "admin1", "admin2", "location",
    "actor1", "actor2", "grade", "historical", "reviewed", "fatalities.low", "fatalities.best",
    "fatalities.high", "injuries.low", "injuries.best", "injuries.high",
)  # fmt: skip


def edit_incident(
    store: Store,
    incident_id: str,
    field: str,
    value: str,
    *,
    reason: str | None,
    author: Author,
    agreements: Sequence[Agreement] = (),
) -> Incident:
    """One field set by a reviewer; the incident counts as reviewed from then on, and a
    disagreement raised by reprocessing is answered."""
    why = _require_reason(reason)
    with store.session() as session:
        repository = IncidentRepository(session)
        incident = repository.find(incident_id)
        if incident.status != "active":
            raise InputError(
                f"incident is {incident.status} into {incident.merged_into}: edit that one",
                where=incident.id,
            )
        edited = replace(_with_field(incident, field, value), review_flag=None)
        if field != "reviewed":
            edited = replace(edited, is_reviewed=True)
        repository.save(edited)
        record_change(
            session,
            INCIDENT_UPDATED,
            edited.id,
            incident_update_payload(edited, change=f"edited {field}", reason=why),
            author,
        )
        reassess(session, agreements, author)
        return edited


# --- What the web app reads: pages of the list, one incident with all it links to, the dashboard


@dataclass(frozen=True, slots=True)
class IncidentPage:
    """One page of the list: ``next`` is where the page after it starts (None: the last page);
    ``after`` where this one did (None: from the first incident, or at ``offset``)."""

    items: list[Incident]
    total: int
    offset: int
    limit: int
    next: Cursor | None = None
    after: Cursor | None = None


def _check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise InputError("must be 0 or more", where="offset")
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"must be between 1 and {MAX_PAGE}", where="limit")


def _page_start(
    store: Store,
    where: IncidentFilter | None,
    offset: int,
    limit: int,
    after: Cursor | None,
    seal: bytes | None,
) -> tuple[IncidentFilter, int, VersionedCache, int]:
    """What :func:`incident_page` and :func:`record_page` both start with: the page's bounds
    checked, the filter, the record's version, the cache and the filter's total — the one the
    cursor carries when its seal holds (:mod:`ceasefire.services.cursors`), else counted (cached)."""
    _check_page(offset, limit)
    if after is not None and offset:
        raise InputError("give either a cursor (after) or an offset, not both", where="offset")
    where = where or IncidentFilter()
    version = version_of(store)
    cache = cache_of(store)
    total = carried_total(after, where, version, seal)
    if total is None:
        total = cache.get(("count", where), version, lambda: count_of(store, where, version))
    return where, version, cache, total


def _following(
    last: Cursor | None, where: IncidentFilter, total: int, version: int, seal: bytes | None
) -> Cursor | None:
    """The ``next`` of a page ending at ``last`` (None: the last page), carrying the total when
    there is a key to seal it with."""
    if last is None or seal is None:
        return last
    return sealed(last, where, total, version, seal)


def incident_page(
    store: Store,
    where: IncidentFilter | None = None,
    *,
    offset: int = 0,
    limit: int = 50,
    after: Cursor | None = None,
    seal: bytes | None = None,
) -> IncidentPage:
    """One page of :func:`list_incidents` and the total, cached under the record's version: the
    page after the cursor ``after`` (keyset: a seek in the index), or at ``offset`` (the rows
    before it skipped: slower the deeper the page). With a key ``seal`` its ``next`` carries the
    total, sealed (:mod:`ceasefire.services.cursors`)."""
    where, version, cache, total = _page_start(store, where, offset, limit, after, seal)

    def make() -> IncidentPage:
        if offset:
            items = list(list_incidents(store, where, limit=limit, offset=offset))
            more = offset + len(items) < total
        else:
            with store.read_session() as session:
                items = IncidentRepository(session).after(where, after, limit=limit + 1)
            more = len(items) > limit
            items = items[:limit]
        last = Cursor.of(items[-1]) if items and more else None
        following = _following(last, where, total, version, seal)
        return IncidentPage(items, total, offset, limit, following, after)

    return cache.get(("incidents", where, offset, limit, after), version, make)


@dataclass(frozen=True, slots=True)
class RecordPage:
    """One page of the list as the schema's records (what the API sends and the list page shows),
    read as plain columns: :class:`IncidentPage` without building an incident per item."""

    items: list[dict[str, Any]]
    total: int
    offset: int
    limit: int
    next: Cursor | None = None
    after: Cursor | None = None


def record_page(
    store: Store,
    where: IncidentFilter | None = None,
    *,
    offset: int = 0,
    limit: int = 50,
    after: Cursor | None = None,
    seal: bytes | None = None,
) -> RecordPage:
    """:func:`incident_page` as records, cached under the record's version: the page's ids from
    the index (after the cursor ``after``, or at ``offset``), then one select of their columns,
    one of their claims and one of their mentions' documents (``IncidentRepository.page_rows``),
    written as records directly (``report.records.page_record``) — no ORM objects, no domain
    objects. The same records as ``incident_record`` over :func:`incident_page`'s items (and the
    same ``next`` for the same ``seal``)."""
    where, version, cache, total = _page_start(store, where, offset, limit, after, seal)

    def make() -> RecordPage:
        with store.read_session() as session:
            repository = IncidentRepository(session)
            if offset:
                ids = repository.ids_at(where, limit=limit, offset=offset)
                more = offset + len(ids) < total
            else:
                ids = repository.ids_after(where, after, limit=limit + 1)
                more = len(ids) > limit
                ids = ids[:limit]
            rows = repository.page_rows(ids)
        items = [
            page_record(row, rows.claims[row.id], rows.mentioned[row.id]) for row in rows.incidents
        ]
        last = rows.incidents[-1] if rows.incidents else None
        end = Cursor(last.event_date, last.id) if last is not None and more else None
        following = _following(end, where, total, version, seal)
        return RecordPage(items, total, offset, limit, following, after)

    return cache.get(("records", where, offset, limit, after), version, make)


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    """An incident with the documents its claims quote, its assessments and its history."""

    incident: Incident
    documents: dict[str, Document]
    assessments: list[Assessment]
    history: list[HistoryStep]


def incident_detail(store: Store, prefix: str) -> IncidentDetail:
    """One incident (by id prefix) with everything the incident page shows."""
    with store.read_session() as session:
        incident = IncidentRepository(session).find(prefix)
        documents = DocumentRepository(session)
        cited = {d: documents.get(d) for d in incident.documents}
        assessments = AssessmentRepository(session).list(incident=incident.id)
    return IncidentDetail(
        incident,
        cited,
        assessments,
        history(store, incident.id),
    )


@dataclass(frozen=True, slots=True)
class ClaimOf:
    incident_id: str
    claim: Claim


def list_claims(
    store: Store, where: IncidentFilter | None = None, *, offset: int = 0, limit: int = 50
) -> list[ClaimOf]:
    """The claims of the incidents on one page of the incident list, incident by incident."""
    page = incident_page(store, where, offset=offset, limit=limit)
    return [ClaimOf(incident.id, claim) for incident in page.items for claim in incident.claims]


@dataclass(frozen=True, slots=True)
class Dashboard:
    since: date | None
    totals: Totals
    days: list[Day]
    provinces: list[ProvinceCount]
    version: int


def dashboard(store: Store, where: IncidentFilter | None = None) -> Dashboard:
    """Counters, the daily series and counts per province of the matching incidents (the map
    draws the provinces' counts); with no date filter, counted from the ceasefire."""
    where = where or IncidentFilter()
    if where.date_from is None and where.date_to is None:
        where = replace(where, date_from=CEASEFIRE_DATE)
    version = version_of(store)

    def make() -> Dashboard:
        figures = summary_of(store, where, version)
        return Dashboard(where.date_from, figures.totals, figures.days, figures.provinces, version)

    cache = cache_of(store)
    figures = cache.get(("dashboard", where), version, make)
    # The page lists the latest of the same incidents and says how many there are: that count is
    # the counters' (the list's own, over the incidents, would be a second pass for a filter the
    # summary has no column for).
    cache.get(("count", where), version, lambda: figures.totals.incidents)
    return figures


def require(found: Incident | None, prefix: str) -> Incident:
    if found is None:
        raise NotFoundError("no incident with this id prefix", where=prefix)
    return found
