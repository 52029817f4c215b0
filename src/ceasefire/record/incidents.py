"""Repository of incidents with their claims and mentions, aggregates and reported agreements."""

from __future__ import annotations

import builtins
import functools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import Any, cast

import orjson
from sqlalchemy import Row, Select, Table, Text, delete, false, func, select, text, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from ceasefire.domain import (
    Aggregate,
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Mention,
    Place,
    Quantity,
    Reading,
    ReportedAgreement,
    Stance,
    TargetCategory,
    Victims,
)
from ceasefire.errors import AmbiguousIdError, InputError, NotFoundError
from ceasefire.record.bulk import BulkRow, insert_rows, insert_values, one_of_bound, one_of_value
from ceasefire.record.deferred import INCIDENTS, triggers_deferred
from ceasefire.record.search import incident_matches, query_words
from ceasefire.record.tables import (
    AggregateRow,
    ClaimRow,
    IncidentActorSummaryRow,
    IncidentRow,
    IncidentSummaryRow,
    MentionRow,
    ReadingRow,
    ReportedAgreementRow,
)


def _containing(text: str) -> str:
    """A LIKE pattern for ``text`` anywhere, its own % and _ taken literally (escape "\\")."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# The filters the summary table has columns for (record/summary.py).
_SUMMARISED_FIELDS = frozenset(
    {"date_from", "date_to", "country", "admin1", "event_type", "reviewed"}
)


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """The filters of `ceasefire incidents`, the list and dashboard pages, the API, the exports and
    the report (all optional, combined with AND). Text filters match case-insensitively, anywhere
    in the value ("khyber" keeps Khyber Pakhtunkhwa); ``country`` is one country, whole. ``q`` is a
    keyword search over the incident and its documents (:mod:`ceasefire.record.search`). A day
    filter keeps dated incidents only: an undated one is in no period."""

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    actor: str | None = None
    grade: str | None = None
    reviewed: bool | None = None  # None: either
    include_historical: bool = True
    admin2: str | None = None
    q: str | None = None
    needs_review: bool = False  # only incidents whose re-extraction disagrees with a reviewer

    @property
    def summarised(self) -> bool:
        """True when it filters by day, place, type and reviewed only: what the summary table
        (``incident_summary``, migrations 0018 and 0024) answers, counts and figures, without the rows. Any
        other filter, present or added later, left at its default: the summary holds no column
        for it."""
        return all(
            getattr(self, f.name) == f.default
            for f in fields(self)
            if f.name not in _SUMMARISED_FIELDS
        )

    def apply(
        self, query: Select[Any], *, on: Any = IncidentRow, counting: bool = False
    ) -> Select[Any]:
        """``query`` kept to what the filter keeps; ``on`` the table of its columns: incidents,
        or their summary for a filter that is :attr:`summarised`; ``counting``: the query counts
        every match (a search is then read from its index whole: record/search.py)."""
        if self.date_from is not None:
            query = query.where(on.event_date >= self.date_from)
        if self.date_to is not None:
            query = query.where(on.event_date <= self.date_to)
        if self.country:
            query = query.where(func.lower(on.country) == self.country.lower())
        if self.admin1:
            query = query.where(func.lower(on.admin1).like(_containing(self.admin1), escape="\\"))
        if self.admin2:
            query = query.where(
                func.lower(IncidentRow.admin2).like(_containing(self.admin2), escape="\\")
            )
        if self.event_type:
            pattern = _containing(self.event_type)
            query = query.where(
                func.lower(on.event_type).like(pattern, escape="\\")
                | func.lower(on.sub_event_type).like(pattern, escape="\\")
            )
        if self.actor:
            pattern = _containing(self.actor)
            query = query.where(
                func.lower(IncidentRow.actor1).like(pattern, escape="\\")
                | func.lower(IncidentRow.actor2).like(pattern, escape="\\")
            )
        if self.grade:
            query = query.where(IncidentRow.grade == self.grade)
        if self.reviewed is not None:
            query = query.where(on.is_reviewed.is_(self.reviewed))
        if self.needs_review:
            query = query.where(IncidentRow.review_flag.is_not(None))
        if not self.include_historical:
            query = query.where(IncidentRow.is_historical.is_(False))
        if self.q is not None:
            query = query.where(
                incident_matches(self.q, counting=counting) if query_words(self.q) else false()
            )
        return query


# The actors' names on record, in order, one seek of the actor summary's index each (a loose
# index scan): as many steps as there are names, whatever the number of incidents.
_ACTOR_NAMES = text(
    "WITH RECURSIVE names(actor) AS ("
    "SELECT min(actor) FROM incident_actor_summary "
    "UNION ALL SELECT (SELECT min(actor) FROM incident_actor_summary WHERE actor > names.actor) "
    "FROM names WHERE names.actor IS NOT NULL) "
    "SELECT actor FROM names WHERE actor IS NOT NULL AND lower(actor) LIKE :pattern ESCAPE '\\' "
    "LIMIT 2"
)


def by_one_actor(
    session: Session, where: IncidentFilter
) -> Callable[[Select[Any]], Select[Any]] | None:
    """How the actor summary (``incident_actor_summary``, migration 0024) answers ``where``: the
    filter on its rows, when ``where`` filters by an actor and otherwise only by what the summary
    answers, and the actor's text matches one actor's name on record (or none). None otherwise:
    an incident whose two actors both matched would count twice in a sum over two names, so such
    a filter is answered from the incidents."""
    if not where.actor:
        return None
    rest = replace(where, actor=None)
    if not rest.summarised:
        return None
    names = session.execute(_ACTOR_NAMES, {"pattern": _containing(where.actor)}).scalars().all()
    if len(names) > 1:
        return None
    a = IncidentActorSummaryRow

    def keep(query: Select[Any]) -> Select[Any]:
        query = rest.apply(query, on=a)
        return query.where(a.actor == names[0]) if names else query.where(false())

    return keep


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page of the list ends: its last incident's day (None: undated) and id. The next
    page starts after it in the list's order (newest first, undated last, then id), read from the
    (status, event_date, id) index by a range: as fast on the thousandth page as on the first.

    It may carry the filter's ``total`` at the record's ``version``, sealed (``seal``, an HMAC made
    and checked by :mod:`ceasefire.services.cursors`): the next page then need not count again."""

    day: date | None
    id: str
    total: int | None = None
    version: int | None = None
    seal: str | None = None

    def __str__(self) -> str:
        at = f"{self.day.isoformat() if self.day else ''}~{self.id}"
        if self.total is None or self.version is None or self.seal is None:
            return at
        return f"{at}~{self.total}~{self.version}~{self.seal}"

    @classmethod
    def parse(cls, text: str, *, where: str = "after") -> Cursor:
        """A cursor as :meth:`__str__` writes it; InputError naming ``where`` otherwise."""
        parts = text.split("~")
        if len(parts) not in (2, 5) or not re.fullmatch(r"[0-9a-f]{4,40}", parts[1]):
            raise InputError("not a page cursor (give the `next` of a page)", where=where)
        carried: dict[str, Any] = {}
        if len(parts) == 5:
            total, version, seal = parts[2:]
            if not (
                re.fullmatch(r"[0-9]{1,18}", total)
                and re.fullmatch(r"[0-9]{1,18}", version)
                and re.fullmatch(r"[0-9a-f]{32}", seal)
            ):
                raise InputError("not a page cursor: its sealed total is malformed", where=where)
            carried = {"total": int(total), "version": int(version), "seal": seal}
        try:
            day = date.fromisoformat(parts[0]) if parts[0] else None
        except ValueError:
            raise InputError("not a page cursor: its day is not YYYY-MM-DD", where=where) from None
        return cls(day, parts[1], **carried)

    @property
    def position(self) -> Cursor:
        """The cursor without what it carries: where the page ends, nothing more."""
        return Cursor(self.day, self.id)

    @classmethod
    def of(cls, incident: Incident) -> Cursor:
        return cls(incident.date.value, incident.id)


def incident_values(incident: Incident) -> dict[str, Any]:
    place = incident.place
    return {
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "event_date": incident.date.value,
        "date_precision": incident.date.precision.value,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "actor1": incident.actor1,
        "actor2": incident.actor2,
        "target_categories": [t.value for t in incident.target_categories],
        "fatalities_low": incident.fatalities.low,
        "fatalities_best": incident.fatalities.best,
        "fatalities_high": incident.fatalities.high,
        "injuries_low": incident.injuries.low,
        "injuries_best": incident.injuries.best,
        "injuries_high": incident.injuries.high,
        "victims": _victims_json(incident.victims),
        "is_historical": incident.is_historical,
        "grade": incident.grade,
        "is_reviewed": incident.is_reviewed,
        "declared": incident.declared,
        "status": incident.status,
        "merged_into": incident.merged_into,
        "reported_on": incident.reported_on,
        "review_flag": incident.review_flag,
    }


def _victims_json(victims: Victims) -> dict[str, dict[str, int]]:
    return {
        "killed": {k.value: v for k, v in victims.killed.items()},
        "injured": {k.value: v for k, v in victims.injured.items()},
    }


def _victims(data: dict[str, dict[str, int]] | None) -> Victims:
    data = data or {}
    return Victims(
        killed={TargetCategory(k): v for k, v in data.get("killed", {}).items()},
        injured={TargetCategory(k): v for k, v in data.get("injured", {}).items()},
    )


def _place_json(place: Place) -> dict[str, object]:
    return {
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.location,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
    }


def claim_values(incident_id: str, claim: Claim) -> dict[str, Any]:
    return {
        "incident_id": incident_id,
        "document_id": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "source": claim.source,
        "source_kind": claim.source_kind,
        "stance": claim.stance.value,
        "is_hedged": claim.hedged,
        "fatalities_low": claim.fatalities.low if claim.fatalities else None,
        "fatalities_high": claim.fatalities.high if claim.fatalities else None,
        "injuries_low": claim.injuries.low if claim.injuries else None,
        "injuries_high": claim.injuries.high if claim.injuries else None,
        "victims": _victims_json(claim.victims),
        "admits": claim.admits,
    }


def mention_values(incident_id: str, mention: Mention) -> dict[str, Any]:
    return {
        "incident_id": incident_id,
        "document_id": mention.document_id,
        "start": mention.start,
        "end": mention.end,
        "trigger": mention.trigger,
        "event_type": mention.event_type,
        "sub_event_type": mention.sub_event_type,
        "event_date": mention.date.value,
        "date_precision": mention.date.precision.value,
        "place": _place_json(mention.place),
        "actor1": mention.actor1,
        "actor2": mention.actor2,
    }


def _reading_values(incident_id: str, reading: Reading) -> dict[str, Any]:
    figures = reading.fatalities
    return {
        "incident_id": incident_id,
        "document_id": reading.document_id,
        "event_type": reading.event_type,
        "sub_event_type": reading.sub_event_type,
        "event_date": reading.date.value,
        "date_precision": reading.date.precision.value,
        "place": _place_json(reading.place),
        "actor1": reading.actor1,
        "actor2": reading.actor2,
        "target_categories": [t.value for t in reading.target_categories],
        "fatalities": [figures.low, figures.best, figures.high],
        "is_historical": reading.is_historical,
        "reported_on": reading.reported_on,
    }


def _reading(row: Row[Any]) -> Reading:
    low, best, high = row.fatalities
    return Reading(
        document_id=row.document_id,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        date=EventDate(row.event_date, DatePrecision(row.date_precision)),
        place=Place(**row.place),
        actor1=row.actor1,
        actor2=row.actor2,
        target_categories=tuple(TargetCategory(t) for t in row.target_categories),
        fatalities=Estimate(low, best, high),
        is_historical=row.is_historical,
        reported_on=row.reported_on,
    )


def _quantity(low: int | None, high: int | None) -> Quantity | None:
    return None if low is None and high is None else Quantity(low, high)


# The columns of an incident that a page of the list shows (its schema record, report/records.py),
# and of its claims; the mentions give only the documents they cite.
PAGE_COLUMNS = (
    "id", "event_date", "date_precision", "event_type", "sub_event_type", "country", "admin1",
    "admin2", "location", "latitude", "longitude", "geo_precision", "actor1", "actor2",
    "target_categories", "fatalities_low", "fatalities_best", "fatalities_high", "injuries_low",
    "injuries_best", "injuries_high", "victims", "is_historical", "grade", "is_reviewed",
    "review_flag",
)  # fmt: skip
PAGE_CLAIM_COLUMNS = (
    "incident_id", "source", "source_kind", "stance", "is_hedged", "document_id", "start", "end",
    "quote", "fatalities_low", "injuries_low",
)  # fmt: skip


class PageJSON(TypeDecorator[Any]):
    """A JSON column as a page of the list reads it (``type_coerce``, no ``CAST``): its text
    decoded by orjson instead of SQLAlchemy's JSON type's ``json.loads``, a tenth of a page's
    CPU for its two JSON columns a row; the same values: json's decoder for a text orjson would
    read otherwise (a number of 19 digits or more, which orjson makes a float; what it refuses,
    such as NaN). A driver that decodes JSON itself (psycopg) hands on its value."""

    impl = Text
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if not isinstance(value, str):
            return value
        if _LONG_NUMBER.search(value):
            return json.loads(value)
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return json.loads(value)


_LONG_NUMBER = re.compile(r"\d{19}")


_PAGE_JSON = frozenset({"target_categories", "victims"})


@functools.cache
def _page_selects(dialect: str) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The three selects of :meth:`IncidentRepository.page_rows`, built once per dialect: the
    page's ids are bound as one parameter ``ids`` (``bulk.one_of_bound``), so a page costs no
    statement built again nor a parameter compiled per id (each was a fifth of a page's CPU)."""
    incidents = IncidentRow.__table__.c
    rows = select(
        *(
            type_coerce(incidents[name], PageJSON).label(name)
            if name in _PAGE_JSON
            else incidents[name]
            for name in PAGE_COLUMNS
        )
    ).where(one_of_bound(dialect, incidents.id, "ids"))
    claim = ClaimRow.__table__.c
    claims = (
        select(*(claim[name] for name in PAGE_CLAIM_COLUMNS))
        .where(one_of_bound(dialect, claim.incident_id, "ids"))
        .order_by(claim.id)
    )
    mention = MentionRow.__table__.c
    mentions = (
        select(mention.incident_id, mention.document_id)
        .where(one_of_bound(dialect, mention.incident_id, "ids"))
        .order_by(mention.id)
    )
    return rows, claims, mentions


@dataclass(frozen=True, slots=True)
class PageRows:
    """A page of incidents as rows of :data:`PAGE_COLUMNS` (attributes named as the columns), in
    the page's order; the rows of :data:`PAGE_CLAIM_COLUMNS` of each one's claims and the ids of
    the documents its mentions cite, in the order they were stored, by incident id."""

    incidents: list[Row[Any]]
    claims: dict[str, list[Row[Any]]]
    mentioned: dict[str, list[str]]


class IncidentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, incident: Incident) -> None:
        self.add_many([incident])

    def save(self, incident: Incident) -> None:
        """Writes an existing incident's new state: its row, and its claims and mentions anew."""
        row = self.session.get(IncidentRow, incident.id)
        if row is None:
            raise NotFoundError("no incident with this id", where=incident.id)
        for name, value in incident_values(incident).items():
            setattr(row, name, value)
        self.session.execute(delete(ClaimRow).where(ClaimRow.incident_id == incident.id))
        self.session.execute(delete(MentionRow).where(MentionRow.incident_id == incident.id))
        self.session.execute(delete(ReadingRow).where(ReadingRow.incident_id == incident.id))
        self._add_parts(incident)

    def add_many(self, incidents: Sequence[Incident]) -> None:
        """Adds incidents with their claims and mentions, in two flushes however many they are."""
        self.session.add_all([IncidentRow(id=i.id, **incident_values(i)) for i in incidents])
        self.session.flush()  # the rows below refer to them
        for incident in incidents:
            self._add_parts(incident)
        self.session.flush()

    def insert_many(self, incidents: Sequence[Incident]) -> None:
        """:meth:`add_many` with one statement of many rows a table (Core, no ORM objects); the
        claims and mentions get their ids in the order of the incidents. The search index and
        the summary take the incidents in one pass (:mod:`ceasefire.record.deferred`)."""
        if not incidents:
            return
        rows = [{"id": i.id, **incident_values(i)} for i in incidents]
        with triggers_deferred(self.session, INCIDENTS, [i.id for i in incidents]):
            insert_rows(self.session, cast(Table, IncidentRow.__table__), rows)
        claims = [claim_values(i.id, c) for i in incidents for c in i.claims]
        insert_rows(self.session, cast(Table, ClaimRow.__table__), claims)
        mentions = [mention_values(i.id, m) for i in incidents for m in i.mentions]
        insert_rows(self.session, cast(Table, MentionRow.__table__), mentions)
        readings = [_reading_values(i.id, r) for i in incidents for r in i.readings]
        insert_rows(self.session, cast(Table, ReadingRow.__table__), readings)

    def insert_ready(
        self,
        ids: Sequence[str],
        incidents: tuple[Sequence[str], Sequence[BulkRow]],
        claims: tuple[Sequence[str], Sequence[BulkRow]],
        mentions: tuple[Sequence[str], Sequence[BulkRow]],
    ) -> None:
        """New incidents (``ids``) of a batch import from the values of their rows, ready (the
        functions :func:`incident_values`, :func:`claim_values`, :func:`mention_values` through
        :class:`~ceasefire.record.bulk.Columns`), each table's given as (column names, rows): one
        INSERT a table, no ORM objects; the claims and mentions get their ids in the order given,
        as with :meth:`add_many`. The search index and the summary take the incidents in one pass
        (:mod:`ceasefire.record.deferred`)."""
        if not ids:
            return
        with triggers_deferred(self.session, INCIDENTS, ids):
            insert_values(self.session, cast(Table, IncidentRow.__table__), *incidents)
        insert_values(self.session, cast(Table, ClaimRow.__table__), *claims)
        insert_values(self.session, cast(Table, MentionRow.__table__), *mentions)

    def _add_parts(self, incident: Incident) -> None:
        for claim in incident.claims:
            self.session.add(ClaimRow(**claim_values(incident.id, claim)))
        for mention in incident.mentions:
            self.session.add(MentionRow(**mention_values(incident.id, mention)))
        for reading in incident.readings:
            self.session.add(ReadingRow(**_reading_values(incident.id, reading)))
        self.session.flush()

    def candidates(
        self, *, country: str | None, around: date | None, days: int, limit: int = 200
    ) -> builtins.list[Incident]:
        """Active incidents that might be the same act: in the country (or with none), first reported
        or dated within ``days`` of ``around``. Served by the (country, reported_on) index."""
        query = select(IncidentRow).where(IncidentRow.status == "active")
        if country is not None:
            query = query.where(IncidentRow.country == country)
        if around is not None:
            low, high = around - timedelta(days=days), around + timedelta(days=days)
            query = query.where(
                IncidentRow.reported_on.between(low, high)
                | IncidentRow.event_date.between(low, high)
            )
        query = query.order_by(IncidentRow.reported_on.desc().nulls_last(), IncidentRow.id).limit(
            limit
        )
        return self._load(builtins.list(self.session.scalars(query)))

    def get_many(self, ids: builtins.list[str]) -> dict[str, Incident]:
        """The incidents of these ids that exist, by id."""
        if not ids:
            return {}
        rows = builtins.list(
            self.session.scalars(select(IncidentRow).where(IncidentRow.id.in_(ids)))
        )
        return {incident.id: incident for incident in self._load(rows)}

    def stream(
        self,
        where: IncidentFilter | None = None,
        *,
        batch: int = 1000,
        include_merged: bool = False,
    ) -> Iterator[Incident]:
        """Every incident the filter keeps (merged ones only if asked), in id order, loaded
        ``batch`` at a time."""
        last = ""
        while True:
            query = select(IncidentRow).where(IncidentRow.id > last).order_by(IncidentRow.id)
            if not include_merged:
                query = query.where(IncidentRow.status == "active")
            if where is not None:
                query = where.apply(query)
            rows = builtins.list(self.session.scalars(query.limit(batch)))
            if not rows:
                return
            yield from self._load(rows)
            last = rows[-1].id

    def add_aggregate(self, aggregate: Aggregate) -> None:
        self.session.add(
            AggregateRow(
                document_id=aggregate.document_id,
                start=aggregate.start,
                end=aggregate.end,
                quote=aggregate.quote,
                source=aggregate.source,
                killed_low=aggregate.killed.low if aggregate.killed else None,
                killed_high=aggregate.killed.high if aggregate.killed else None,
                injured_low=aggregate.injured.low if aggregate.injured else None,
                injured_high=aggregate.injured.high if aggregate.injured else None,
                period=aggregate.period,
            )
        )

    def add_agreement(self, agreement: ReportedAgreement) -> None:
        follow_up = None
        if agreement.follow_up_place or agreement.follow_up_date:
            when = agreement.follow_up_date.value if agreement.follow_up_date else None
            follow_up = {
                "place": agreement.follow_up_place,
                "date": when.isoformat() if when else None,
            }
        self.session.add(
            ReportedAgreementRow(
                document_id=agreement.document_id,
                start=agreement.start,
                end=agreement.end,
                quote=agreement.quote,
                kind=agreement.kind,
                agreed_on=agreement.date.value,
                location=agreement.location,
                parties=list(agreement.parties),
                mediators=list(agreement.mediators),
                commitments=list(agreement.commitments),
                follow_up=follow_up,
            )
        )

    def list(
        self,
        where: IncidentFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        include_merged: bool = False,
    ) -> list[Incident]:
        order = (IncidentRow.event_date.desc().nulls_last(), IncidentRow.id)
        if limit is None and not offset:
            query = select(IncidentRow).order_by(*order)
            if not include_merged:
                query = query.where(IncidentRow.status == "active")
            rows = list(self.session.scalars(where.apply(query) if where else query))
            return self._load(rows)
        ids = self.ids_at(where, limit=limit, offset=offset, include_merged=include_merged)
        if not ids:
            return []
        found = {
            row.id: row
            for row in self.session.scalars(select(IncidentRow).where(IncidentRow.id.in_(ids)))
        }
        return self._load([found[i] for i in ids])

    def ids_at(
        self,
        where: IncidentFilter | None = None,
        *,
        limit: int | None,
        offset: int = 0,
        include_merged: bool = False,
    ) -> builtins.list[str]:
        """The ids of a page of :meth:`list`: from the index, the database skipping the offset's
        rows in it instead of reading each of them whole."""
        order = (IncidentRow.event_date.desc().nulls_last(), IncidentRow.id)
        ids_query = select(IncidentRow.id).order_by(*order).offset(offset)
        if not include_merged:
            ids_query = ids_query.where(IncidentRow.status == "active")
        if where is not None:
            ids_query = where.apply(ids_query)
        if limit is not None:
            ids_query = ids_query.limit(limit)
        return builtins.list(self.session.scalars(ids_query))

    def after(
        self, where: IncidentFilter | None, cursor: Cursor | None, *, limit: int
    ) -> builtins.list[Incident]:
        """The ``limit`` active incidents the filter keeps that follow ``cursor`` in the list's
        order (None: from the first), as :meth:`list` orders them (:meth:`ids_after`)."""
        found = self.ids_after(where, cursor, limit=limit)
        if not found:
            return []
        rows = {
            row.id: row
            for row in self.session.scalars(select(IncidentRow).where(IncidentRow.id.in_(found)))
        }
        return self._load([rows[i] for i in found])

    def ids_after(
        self, where: IncidentFilter | None, cursor: Cursor | None, *, limit: int
    ) -> builtins.list[str]:
        """The ids of the ``limit`` active incidents the filter keeps that follow ``cursor`` in
        the list's order (None: from the first). Read in up to three ranges of the (status,
        event_date, id) index — the rest of the cursor's day, the days before it, the undated —
        each a seek, never a skip over the pages before."""
        where = where or IncidentFilter()

        def ids(query: Select[Any], room: int) -> builtins.list[str]:
            query = where.apply(query.where(IncidentRow.status == "active")).limit(room)
            return builtins.list(self.session.scalars(query))

        found: builtins.list[str] = []
        by_day = (IncidentRow.event_date.desc(), IncidentRow.id)
        if self.session.get_bind().dialect.name == "postgresql":
            # The list index's own order (ix_incidents_list: event_date DESC NULLS LAST). The dated
            # range holds no NULL, so the order is the same; but PostgreSQL's DESC alone puts NULLs
            # first, and it does not see that: it read the whole range of the filter and sorted it
            # (63-120 ms at a million incidents for a month and a type) instead of walking the
            # index and stopping at the page's end (0.1 ms).
            by_day = (IncidentRow.event_date.desc().nulls_last(), IncidentRow.id)
        if cursor is None or cursor.day is not None:
            if cursor is not None and cursor.day is not None:
                same_day = select(IncidentRow.id).where(
                    IncidentRow.event_date == cursor.day, IncidentRow.id > cursor.id
                )
                found += ids(same_day.order_by(IncidentRow.id), limit)
            if len(found) < limit:
                earlier = select(IncidentRow.id).where(IncidentRow.event_date.is_not(None))
                if cursor is not None and cursor.day is not None:
                    earlier = earlier.where(IncidentRow.event_date < cursor.day)
                found += ids(earlier.order_by(*by_day), limit - len(found))
        if len(found) < limit:
            undated = select(IncidentRow.id).where(IncidentRow.event_date.is_(None))
            if cursor is not None and cursor.day is None:
                undated = undated.where(IncidentRow.id > cursor.id)
            found += ids(undated.order_by(IncidentRow.id), limit - len(found))
        return found

    def page_rows(self, ids: builtins.list[str]) -> PageRows:
        """The columns a page of the list shows for the incidents of ``ids``, in that order: one
        Core select of the incidents, one of their claims and one of the documents their
        mentions cite — plain rows, no ORM objects nor domain objects (what a page costs at 50
        incidents a request)."""
        if not ids:
            return PageRows([], {}, {})
        dialect = self.session.get_bind().dialect.name
        rows, claimed, mentions = _page_selects(dialect)
        bound = {"ids": one_of_value(dialect, ids)}
        found = {row.id: row for row in self.session.execute(rows, bound).all()}
        claims: dict[str, builtins.list[Row[Any]]] = {i: [] for i in ids}
        for claim in self.session.execute(claimed, bound).all():
            claims[claim.incident_id].append(claim)
        mentioned: dict[str, builtins.list[str]] = {i: [] for i in ids}
        for incident_id, document_id in self.session.execute(mentions, bound).all():
            mentioned[incident_id].append(document_id)
        return PageRows([found[i] for i in ids if i in found], claims, mentioned)

    def count(self, where: IncidentFilter | None = None, *, include_merged: bool = False) -> int:
        """How many incidents :meth:`list` gives for the same arguments: from the summary table
        when the filter is :attr:`~IncidentFilter.summarised` (a sum over days, places and types,
        not a count of rows), from the actor summary when it is that and one actor
        (:func:`by_one_actor`)."""
        if not include_merged and (where is None or where.summarised):
            summed = select(func.coalesce(func.sum(IncidentSummaryRow.incidents), 0))
            if where is not None:
                summed = where.apply(summed, on=IncidentSummaryRow)
            return int(self.session.scalar(summed) or 0)
        if not include_merged and where is not None:
            keep = by_one_actor(self.session, where)
            if keep is not None:
                total = keep(select(func.coalesce(func.sum(IncidentActorSummaryRow.incidents), 0)))
                return int(self.session.scalar(total) or 0)
        query = select(func.count()).select_from(IncidentRow)
        if not include_merged:
            query = query.where(IncidentRow.status == "active")
        if where is not None:
            query = where.apply(query, counting=True)
        return int(self.session.scalar(query) or 0)

    def find(self, prefix: str) -> Incident:
        rows = self.session.scalars(
            select(IncidentRow)
            .where(IncidentRow.id.startswith(prefix.lower(), autoescape=True))
            .limit(2)
        ).all()
        if not rows:
            raise NotFoundError("no incident with this id prefix", where=prefix)
        if len(rows) > 1:
            raise AmbiguousIdError("more than one incident has this id prefix", where=prefix)
        return self._load(builtins.list(rows))[0]

    def aggregates(self, document_id: str | None = None) -> Sequence[Aggregate]:
        query = select(AggregateRow).order_by(AggregateRow.id)
        if document_id is not None:
            query = query.where(AggregateRow.document_id == document_id)
        return [
            Aggregate(
                document_id=row.document_id,
                start=row.start,
                end=row.end,
                quote=row.quote,
                source=row.source,
                killed=_quantity(row.killed_low, row.killed_high),
                injured=_quantity(row.injured_low, row.injured_high),
                period=row.period,
            )
            for row in self.session.scalars(query)
        ]

    def agreements(self, document_id: str | None = None) -> Sequence[ReportedAgreement]:
        query = select(ReportedAgreementRow).order_by(ReportedAgreementRow.id)
        if document_id is not None:
            query = query.where(ReportedAgreementRow.document_id == document_id)
        found = []
        for row in self.session.scalars(query):
            follow = row.follow_up or {}
            when = follow.get("date")
            found.append(
                ReportedAgreement(
                    document_id=row.document_id,
                    start=row.start,
                    end=row.end,
                    quote=row.quote,
                    kind=row.kind,
                    date=EventDate(
                        row.agreed_on, DatePrecision.DAY if row.agreed_on else DatePrecision.UNKNOWN
                    ),
                    location=row.location,
                    parties=tuple(row.parties),
                    mediators=tuple(row.mediators),
                    commitments=tuple(row.commitments),
                    follow_up_place=follow.get("place"),
                    follow_up_date=EventDate(date.fromisoformat(when), DatePrecision.DAY)
                    if when
                    else None,
                )
            )
        return found

    def citing(self, document_id: str, *, limit: int = 200) -> builtins.list[Incident]:
        """The incidents (active or not) with a claim quoting the document, newest first."""
        cited = select(ClaimRow.incident_id).where(ClaimRow.document_id == document_id)
        rows = self.session.scalars(
            select(IncidentRow)
            .where(IncidentRow.id.in_(cited))
            .order_by(IncidentRow.event_date.desc().nulls_last(), IncidentRow.id)
            .limit(limit)
        )
        return self._load(list(rows))

    def _load(self, rows: builtins.list[IncidentRow]) -> builtins.list[Incident]:
        if not rows:
            return []
        ids = [row.id for row in rows]
        claims: dict[str, list[Claim]] = {i: [] for i in ids}
        for claim_row in self.session.scalars(
            select(ClaimRow).where(ClaimRow.incident_id.in_(ids)).order_by(ClaimRow.id)
        ):
            claims[claim_row.incident_id].append(
                Claim(
                    document_id=claim_row.document_id,
                    start=claim_row.start,
                    end=claim_row.end,
                    quote=claim_row.quote,
                    source=claim_row.source,
                    source_kind=claim_row.source_kind,
                    stance=Stance(claim_row.stance),
                    hedged=claim_row.is_hedged,
                    fatalities=_quantity(claim_row.fatalities_low, claim_row.fatalities_high),
                    injuries=_quantity(claim_row.injuries_low, claim_row.injuries_high),
                    victims=_victims(claim_row.victims),
                    admits=claim_row.admits,
                )
            )
        mentions: dict[str, list[Mention]] = {i: [] for i in ids}
        for mention_row in self.session.scalars(
            select(MentionRow).where(MentionRow.incident_id.in_(ids)).order_by(MentionRow.id)
        ):
            mentions[mention_row.incident_id].append(
                Mention(
                    document_id=mention_row.document_id,
                    start=mention_row.start,
                    end=mention_row.end,
                    trigger=mention_row.trigger,
                    event_type=mention_row.event_type,
                    sub_event_type=mention_row.sub_event_type,
                    date=EventDate(
                        mention_row.event_date, DatePrecision(mention_row.date_precision)
                    ),
                    place=Place(**mention_row.place),  # type: ignore[arg-type]
                    actor1=mention_row.actor1,
                    actor2=mention_row.actor2,
                )
            )
        # Plain rows, no ORM objects: candidates are loaded for every incident ingested.
        readings: dict[str, list[Reading]] = {i: [] for i in ids}
        reading_table = cast(Table, ReadingRow.__table__)
        for reading_row in self.session.execute(
            reading_table.select()
            .where(reading_table.c.incident_id.in_(ids))
            .order_by(reading_table.c.id)
        ):
            readings[reading_row.incident_id].append(_reading(reading_row))
        return [
            Incident(
                id=row.id,
                event_type=row.event_type,
                sub_event_type=row.sub_event_type,
                date=EventDate(row.event_date, DatePrecision(row.date_precision)),
                place=Place(
                    country=row.country,
                    admin1=row.admin1,
                    admin2=row.admin2,
                    location=row.location,
                    latitude=row.latitude,
                    longitude=row.longitude,
                    geo_precision=row.geo_precision,
                ),
                actor1=row.actor1,
                actor2=row.actor2,
                target_categories=tuple(TargetCategory(t) for t in row.target_categories),
                fatalities=Estimate(row.fatalities_low, row.fatalities_best, row.fatalities_high),
                injuries=Estimate(row.injuries_low, row.injuries_best, row.injuries_high),
                victims=_victims(row.victims),
                claims=claims[row.id],
                mentions=mentions[row.id],
                readings=readings[row.id],
                is_historical=row.is_historical,
                grade=row.grade,
                is_reviewed=row.is_reviewed,
                declared=row.declared,
                status=row.status,
                merged_into=row.merged_into,
                reported_on=row.reported_on,
                review_flag=row.review_flag,
            )
            for row in rows
        ]
