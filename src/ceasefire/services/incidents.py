"""Use cases of reading incidents: pages of them under the CLI's filters, one with its documents
and history, their claims, exports (schema records, GeoJSON), and the figures of the dashboard.

Figures are cached per filter under the record's version (the log's size): every write goes through
the log, so a cached figure is never older than the record.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select

from ceasefire.domain import Claim, Document, Incident
from ceasefire.errors import InputError
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.log import LogEntry, to_entry
from ceasefire.record.log_tables import LogEntryRow
from ceasefire.record.statistics import (
    Cell,
    Day,
    ProvinceCount,
    Totals,
    cells,
    record_version,
    summary,
)
from ceasefire.record.store import Store
from ceasefire.report.records import aggregate_record, claim_record, incident_record

__all__ = [
    "CEASEFIRE_DATE",
    "Cell",
    "Dashboard",
    "Day",
    "IncidentFilter",
    "IncidentPage",
    "ProvinceCount",
    "Totals",
    "claim_record",
    "dashboard",
    "find_incident",
    "incident_geojson",
    "incident_record",
    "incident_records",
    "list_claims",
    "list_incidents",
    "version_of",
]

# The Doha ceasefire (DESIGN.md); the dashboard counts from here unless a filter says otherwise.
CEASEFIRE_DATE = date(2025, 10, 19)
MAX_PAGE = 500

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class IncidentPage:
    items: list[Incident]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    incident: Incident
    documents: dict[str, Document]
    history: list[LogEntry]


@dataclass(frozen=True, slots=True)
class ClaimOf:
    incident_id: str
    claim: Claim


@dataclass(frozen=True, slots=True)
class Dashboard:
    since: date | None
    totals: Totals
    days: list[Day]
    provinces: list[ProvinceCount]
    cells: list[Cell]
    version: int


class VersionedCache:
    """A small LRU of results keyed by (name, arguments), valid for one record version."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], tuple[int, Any]] = OrderedDict()
        self._making: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], version: int, make: Callable[[], T]) -> T:
        hit = self._hit(key, version)
        if hit is not None:
            return hit[0]  # type: ignore[no-any-return]
        # One computation per key at a time: concurrent misses wait for it instead of repeating it.
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            hit = self._hit(key, version)
            if hit is not None:
                return hit[0]  # type: ignore[no-any-return]
            value = make()
        with self._lock:
            self._making.pop(key, None)
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def _hit(self, key: tuple[Any, ...], version: int) -> tuple[Any] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == version:
                self._items.move_to_end(key)
                return (found[1],)
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_CACHES: weakref.WeakKeyDictionary[Store, VersionedCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cache_of(store: Store) -> VersionedCache:
    """One cache per open store (the app opens one store per process)."""
    with _CACHES_LOCK:
        found = _CACHES.get(store)
        if found is None:
            found = _CACHES[store] = VersionedCache()
        return found


def _check_page(offset: int, limit: int) -> None:
    if offset < 0:
        raise InputError("must be 0 or more", where="offset")
    if not 1 <= limit <= MAX_PAGE:
        raise InputError(f"must be between 1 and {MAX_PAGE}", where="limit")


def list_incidents(
    store: Store, where: IncidentFilter | None = None, *, offset: int = 0, limit: int = 50
) -> IncidentPage:
    _check_page(offset, limit)
    where = where or IncidentFilter()
    with store.read_session() as session:
        version = record_version(session)

        repository = IncidentRepository(session)
        cache = cache_of(store)
        total = cache.get(("count", where), version, lambda: repository.count(where))

        def make() -> IncidentPage:
            return IncidentPage(
                repository.list(where, limit=limit, offset=offset), total, offset, limit
            )

        return cache.get(("incidents", where, offset, limit), version, make)


def find_incident(store: Store, prefix: str) -> IncidentDetail:
    """One incident (by id prefix) with the documents its claims quote and its log entries."""
    with store.read_session() as session:
        incident = IncidentRepository(session).find(prefix)
        documents = DocumentRepository(session)
        cited = {d: documents.get(d) for d in incident.documents}
        rows = session.execute(
            select(LogEntryRow).where(LogEntryRow.subject == incident.id).order_by(LogEntryRow.seq)
        ).scalars()
        history = [to_entry(row) for row in rows]
    return IncidentDetail(incident, cited, history)


def list_claims(
    store: Store, where: IncidentFilter | None = None, *, offset: int = 0, limit: int = 50
) -> list[ClaimOf]:
    """The claims of the incidents on one page of the incident list, incident by incident."""
    page = list_incidents(store, where, offset=offset, limit=limit)
    return [ClaimOf(incident.id, claim) for incident in page.items for claim in incident.claims]


def incident_records(store: Store, where: IncidentFilter | None = None) -> Iterator[dict[str, Any]]:
    """Schema records (shared/schema/incident.schema.json) of the matching incidents, then the
    aggregates: what `--format jsonl` prints."""
    batch = 1000
    offset = 0
    while True:
        with store.read_session() as session:
            items = IncidentRepository(session).list(where, limit=batch, offset=offset)
        yield from (incident_record(incident) for incident in items)
        if len(items) < batch:
            break
        offset += batch
    with store.read_session() as session:
        aggregates = IncidentRepository(session).aggregates()
    yield from (aggregate_record(a) for a in aggregates)


def incident_geojson(store: Store, where: IncidentFilter | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the matching incidents that have coordinates."""
    features = []
    for record in incident_records(store, where):
        if record.get("record_type") != "incident":
            continue
        latitude, longitude = record.get("latitude"), record.get("longitude")
        if latitude is None or longitude is None:
            continue
        properties = {
            k: v for k, v in record.items() if k not in ("claims", "latitude", "longitude")
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dashboard(store: Store, where: IncidentFilter | None = None) -> Dashboard:
    """Counters, the daily series, counts per province and map cells of the matching incidents;
    with no date filter, counted from the ceasefire."""
    where = where or IncidentFilter()
    if where.date_from is None and where.date_to is None:
        where = replace(where, date_from=CEASEFIRE_DATE)
    with store.read_session() as session:
        version = record_version(session)

        def make() -> Dashboard:
            figures = summary(session, where)
            return Dashboard(
                where.date_from,
                figures.totals,
                figures.days,
                figures.provinces,
                cells(session, where),
                version,
            )

        return cache_of(store).get(("dashboard", where), version, make)


def version_of(store: Store) -> int:
    """The record's version: the log's size (every write goes through the log)."""
    with store.read_session() as session:
        return record_version(session)
