"""Tables of interoperability: dataset event ids to incidents, the originals an import packed,
feed states and items seen."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ceasefire.record.tables import Base


class DatasetRowRow(Base):
    """A dataset's event id (ACLED event_id_cnty, UCDP id) and the incident and document it is."""

    __tablename__ = "dataset_rows"

    dataset: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    format: Mapped[str] = mapped_column(String(16))
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"))
    country: Mapped[str | None] = mapped_column(String(100))
    event_date: Mapped[date | None] = mapped_column(Date)
    is_deleted: Mapped[bool] = mapped_column(Boolean)
    is_lead: Mapped[bool] = mapped_column(Boolean)

    # The deletion rule's scan: a dataset's live rows between two dates (migration 0017).
    __table_args__ = (Index("ix_dataset_rows_scope", "dataset", "is_deleted", "event_date"),)


class PackedOriginalRow(Base):
    """Where the original of a document written by a batch import is: ``size`` bytes at
    ``offset`` in the pack file ``pack`` (the sha256 of the pack) of the blob folder."""

    __tablename__ = "packed_originals"

    document_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str] = mapped_column(String(64))
    offset: Mapped[int] = mapped_column(BigInteger)
    size: Mapped[int] = mapped_column(BigInteger)


class FeedStateRow(Base):
    """What a feed's server said last: its validators for the next conditional GET."""

    __tablename__ = "feed_states"

    source: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


class FeedItemRow(Base):
    """An item of a feed already taken in, by the sha256 of its guid (or link)."""

    __tablename__ = "feed_items"

    source: Mapped[str] = mapped_column(String(200), primary_key=True)
    item_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    link: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"))
