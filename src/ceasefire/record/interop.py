"""Repositories of dataset rows and feeds, and the logged state of each of their rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Column, MetaData, String, Table, exists, select
from sqlalchemy.orm import Session

from ceasefire.record.bulk import BulkRow, insert_values, one_of
from ceasefire.record.entries import (
    dataset_row_payload,
    dataset_subject,
    feed_item_payload,
    feed_state_payload,
)
from ceasefire.record.interop_tables import DatasetRowRow, FeedItemRow, FeedStateRow


def dataset_row_state(row: DatasetRowRow) -> dict[str, Any]:
    return dataset_row_payload(
        dataset=row.dataset,
        key=row.key,
        row_format=row.format,
        incident=row.incident_id,
        document=row.document_id,
        country=row.country,
        event_date=row.event_date,
        deleted=row.is_deleted,
        lead=row.is_lead,
    )


def dataset_row_values(state: dict[str, Any]) -> dict[str, Any]:
    """The columns of a new event id's row, from its state (:func:`dataset_row_payload`)."""
    day = state["event_date"]
    return {
        "dataset": state["dataset"],
        "key": state["key"],
        "format": state["format"],
        "incident_id": state["incident"],
        "document_id": state["document"],
        "country": state["country"],
        "event_date": date.fromisoformat(day) if day else None,
        "is_deleted": state["deleted"],
        "is_lead": state["lead"],
    }


def feed_state(row: FeedStateRow) -> dict[str, Any]:
    return feed_state_payload(
        source=row.source, url=row.url, etag=row.etag, last_modified=row.last_modified
    )


def feed_item_state(row: FeedItemRow) -> dict[str, Any]:
    return feed_item_payload(
        source=row.source, key=row.item_key, link=row.link, document=row.document_id
    )


def feed_item_subject(source: str, key: str) -> str:
    return f"{source}:{key}"


class DatasetRows:
    """The event ids of each dataset and what they stand for."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_many(self, dataset: str, keys: Iterable[str]) -> dict[str, DatasetRowRow]:
        wanted = list(keys)
        if not wanted:
            return {}
        rows = self.session.scalars(
            select(DatasetRowRow).where(
                DatasetRowRow.dataset == dataset, DatasetRowRow.key.in_(wanted)
            )
        )
        return {row.key: row for row in rows}

    def documents_of(self, dataset: str, keys: Iterable[str]) -> dict[str, tuple[str, bool]]:
        """The document and whether it is deleted of each of these event ids that is known, by
        the primary key, without loading rows as objects."""
        wanted = list(keys)
        if not wanted:
            return {}
        table = DatasetRowRow.__table__.c
        rows = self.session.execute(
            select(table.key, table.document_id, table.is_deleted).where(
                table.dataset == dataset, one_of(self.session, table.key, wanted)
            )
        )
        return {row[0]: (row[1], bool(row[2])) for row in rows}

    def insert_ready(self, names: Sequence[str], rows: Sequence[BulkRow]) -> None:
        """New event ids, their rows' values ready (``dataset_row_values`` through
        :class:`~ceasefire.record.bulk.Columns`), with one INSERT."""
        insert_values(self.session, cast(Table, DatasetRowRow.__table__), names, rows)

    def keys_in_scope(
        self,
        dataset: str,
        countries: set[str | None],
        first: date,
        last: date,
        *,
        unread: bool = False,
    ) -> Iterator[str]:
        """The event ids of a dataset's live rows about these countries between these dates
        (found by the scope index), streamed a thousand at a time (a million rows must not sit in
        memory as objects); with ``unread``, only those the running import has not read
        (:class:`ImportKeys`)."""
        query = (
            select(DatasetRowRow.key, DatasetRowRow.country)
            .where(
                DatasetRowRow.dataset == dataset,
                DatasetRowRow.is_deleted.is_(False),
                DatasetRowRow.event_date >= first,
                DatasetRowRow.event_date <= last,
            )
            .order_by(DatasetRowRow.key)
            .execution_options(yield_per=1000)
        )
        if unread:
            query = query.where(~exists().where(IMPORT_KEYS.c.key == DatasetRowRow.key))
        for key, country in self.session.execute(query):
            if country in countries:
                yield key

    def of_incidents(self, incident_ids: list[str]) -> dict[str, DatasetRowRow]:
        """The dataset row of each incident that has one (a live one before a deleted one)."""
        if not incident_ids:
            return {}
        rows = self.session.scalars(
            select(DatasetRowRow)
            .where(DatasetRowRow.incident_id.in_(incident_ids))
            .order_by(DatasetRowRow.is_deleted.desc())
        )
        return {row.incident_id: row for row in rows}

    def all(self) -> Iterator[DatasetRowRow]:
        query = select(DatasetRowRow).order_by(DatasetRowRow.dataset, DatasetRowRow.key)
        yield from self.session.scalars(query.execution_options(yield_per=1000))


IMPORT_KEYS = Table(
    "import_keys",
    MetaData(),
    Column("key", String(100), primary_key=True),
    prefixes=["TEMPORARY"],
)
"""The event ids one import has read: a temporary table, on the import's own connection only."""


class ImportKeys:
    """The event ids the running import has read so far, kept in a temporary table of its
    connection (:meth:`Store.connection`) rather than in memory: a file of a million rows is
    checked for an id given twice, and the deletion rule leaves out the ids it has, by index,
    with memory flat. The table goes with the connection, or with :meth:`drop`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self) -> None:
        IMPORT_KEYS.drop(self.session.connection(), checkfirst=True)
        IMPORT_KEYS.create(self.session.connection())

    def drop(self) -> None:
        IMPORT_KEYS.drop(self.session.connection(), checkfirst=True)

    def read_before(self, keys: Iterable[str]) -> set[str]:
        """Which of these ids were read already."""
        wanted = list(keys)
        if not wanted:
            return set()
        query = select(IMPORT_KEYS.c.key).where(one_of(self.session, IMPORT_KEYS.c.key, wanted))
        return set(self.session.scalars(query))

    def add(self, keys: Iterable[str]) -> None:
        insert_values(self.session, IMPORT_KEYS, ("key",), [(key,) for key in keys])


def subject_of_row(row: DatasetRowRow) -> str:
    return dataset_subject(row.dataset, row.key)


class Feeds:
    """Feed states and the items taken in from each feed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def state(self, source: str) -> FeedStateRow | None:
        return self.session.get(FeedStateRow, source)

    def has_item(self, source: str, key: str) -> bool:
        return self.session.get(FeedItemRow, (source, key)) is not None

    def states(self) -> Iterator[FeedStateRow]:
        yield from self.session.scalars(select(FeedStateRow).order_by(FeedStateRow.source))

    def items(self) -> Iterator[FeedItemRow]:
        query = select(FeedItemRow).order_by(FeedItemRow.source, FeedItemRow.item_key)
        yield from self.session.scalars(query)
