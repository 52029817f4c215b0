"""Table definitions of the store; the schema itself is created by the Alembic migrations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    false,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def only_on(dialect: str, index: Index) -> Index:
    """``index`` as the migrations build it on ``dialect`` alone: made there only
    (``ddl_if``), and left out of the comparison of the metadata with a store of another
    dialect (:func:`in_schema_of`)."""
    index.info["dialect"] = dialect
    return index.ddl_if(dialect=dialect)


def in_schema_of(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` for a store of ``dialect``: an index of :func:`only_on` is
    compared with the store of its dialect only. The full-text search (:data:`SEARCH_INDEXES`,
    SQLite's FTS5 tables) has no place in the metadata and is left out."""

    def include(
        obj: object, name: str | None, kind: str, reflected: bool, compare_to: object
    ) -> bool:
        if reflected and compare_to is None:
            return name not in SEARCH_INDEXES and not (name or "").endswith(FTS_SUFFIXES)
        if kind == "index" and isinstance(obj, Index):
            return bool(obj.info.get("dialect", dialect) == dialect)
        return True

    return include


# The full-text search, made in SQL by migration 0016 (record/search.py reads it): the tables
# SQLite's FTS5 keeps for a full-text table, and PostgreSQL's GIN indexes of the words.
FTS_SUFFIXES = ("_fts", "_fts_config", "_fts_data", "_fts_docsize", "_fts_idx")
SEARCH_INDEXES = ("ix_incidents_search", "ix_documents_search")


class DocumentRow(Base):
    """A document's metadata and extracted text; the original bytes live in the blob folder."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    publisher: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    collected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    collected_by: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(Text)
    source_name: Mapped[str | None] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    word_count: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # Near-duplicates (syndicated copies, rewrites) share a group: the id of its first document.
    duplicate_group: Mapped[str | None] = mapped_column(String(64))
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (
        # 0004; 0026 dropped it on SQLite, where no query reads it.
        only_on("postgresql", Index("ix_documents_duplicate_group", "duplicate_group")),
    )


# --- Extraction: incidents with their claims and mentions, aggregates, reported agreements ---


# The columns the list's filters read, carried by its index (migration 0022).
LIST_FILTERED = (
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "is_reviewed",
    "is_historical",
    "grade",
)


class IncidentRow(Base):
    """One act at one place on one day; figures reconciled from its claims."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(100))
    admin2: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    actor1: Mapped[str | None] = mapped_column(String(200))
    actor2: Mapped[str | None] = mapped_column(String(200))
    target_categories: Mapped[list[str]] = mapped_column(JSON)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injuries_low: Mapped[int | None] = mapped_column(Integer)
    injuries_best: Mapped[int | None] = mapped_column(Integer)
    injuries_high: Mapped[int | None] = mapped_column(Integer)
    victims: Mapped[dict[str, dict[str, int]]] = mapped_column(JSON)
    is_historical: Mapped[bool] = mapped_column(Boolean)
    grade: Mapped[str | None] = mapped_column(String(16))
    is_reviewed: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    merged_into: Mapped[str | None] = mapped_column(String(40))
    declared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reported_on: Mapped[date | None] = mapped_column(Date)
    # The fields on which a reprocessing of its documents disagrees with the reviewed values
    # (services/reprocess.py); the review queue lists the incidents that have one.
    review_flag: Mapped[str | None] = mapped_column(Text)

    # The migrations' indexes (0003, 0004, 0007, 0022, 0026, 0027), per dialect.
    __table_args__ = (
        Index("ix_incidents_match", "country", "reported_on"),
        # The dashboard's figures, from the index alone (0007).
        Index(
            "ix_incidents_dashboard",
            "status",
            "event_date",
            "country",
            "admin1",
            "fatalities_low",
            "fatalities_high",
            "injuries_low",
            "injuries_high",
            "latitude",
            "longitude",
        ),
        *(Index(f"ix_incidents_facet_{c}", "status", c) for c in ("actor1", "actor2", "admin2")),
        # 0026 dropped these on SQLite, where no plan chose them.
        only_on("postgresql", Index("ix_incidents_historical_date", "is_historical", "event_date")),
        only_on(
            "postgresql", Index("ix_incidents_reviewed", "status", "is_reviewed", "event_date")
        ),
    )


# The list's order (newest first, undated last, then id) with the columns its filters read
# (0022): riding along on PostgreSQL, trailing keys on SQLite (which takes no NULLS LAST and puts
# NULLs last in a descending index); and SQLite's review queue in that order (0026).
_i = IncidentRow
only_on(
    "postgresql",
    Index(
        "ix_incidents_list",
        _i.status,
        _i.event_date.desc().nulls_last(),
        _i.id,
        postgresql_include=list(LIST_FILTERED),
    ),
)
only_on(
    "sqlite",
    Index(
        "ix_incidents_list",
        _i.status,
        _i.event_date.desc(),
        _i.id,
        *(getattr(_i, c) for c in LIST_FILTERED),
    ),
)
only_on(
    "sqlite",
    Index(
        "ix_incidents_review_queue",
        _i.status,
        _i.event_date.desc(),
        _i.id,
        sqlite_where=_i.review_flag.is_not(None),
    ),
)


# The summaries' keys, and PostgreSQL's unique index over them, NULL a value like any other
# (migrations 0018, 0024; record/deferred.py matches them).
SUMMARY_KEYS = ("event_date", "country", "admin1", "event_type", "sub_event_type", "is_reviewed")
SUMMARY_FIGURES = (
    "incidents",
    "fatalities_low",
    "fatalities_high",
    "injuries_low",
    "injuries_high",
)
PG_SUMMARY_KEYS = (
    "coalesce(event_date, 'infinity'::date)",
    "coalesce(country, chr(1))",
    "coalesce(admin1, chr(1))",
    "event_type",
    "sub_event_type",
    "is_reviewed",
)


class IncidentSummaryRow(Base):
    """The active incidents' number and figures per day, place, type and whether reviewed:
    derived, kept by triggers on incidents (migrations 0018, 0024), recomputed by `log verify`
    (record/summary.py)."""

    __tablename__ = "incident_summary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_date: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    is_reviewed: Mapped[bool] = mapped_column(Boolean)
    incidents: Mapped[int] = mapped_column(BigInteger)
    fatalities_low: Mapped[int] = mapped_column(BigInteger)
    fatalities_high: Mapped[int] = mapped_column(BigInteger)
    injuries_low: Mapped[int] = mapped_column(BigInteger)
    injuries_high: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        # The key and the figures: a period's sums from the index alone (0020, 0024).
        Index("ix_incident_summary_figures", *SUMMARY_KEYS, *SUMMARY_FIGURES),
        only_on(
            "postgresql",
            Index("ix_incident_summary_keys", *map(sql, PG_SUMMARY_KEYS), unique=True),
        ),
    )


class IncidentActorSummaryRow(Base):
    """The same figures per actor as well (migration 0024): an active incident counts once under
    each of its actors. Derived, kept by triggers on incidents, recomputed by `log verify`."""

    __tablename__ = "incident_actor_summary"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(200))
    event_date: Mapped[date | None] = mapped_column(Date)
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    is_reviewed: Mapped[bool] = mapped_column(Boolean)
    incidents: Mapped[int] = mapped_column(BigInteger)
    fatalities_low: Mapped[int] = mapped_column(BigInteger)
    fatalities_high: Mapped[int] = mapped_column(BigInteger)
    injuries_low: Mapped[int] = mapped_column(BigInteger)
    injuries_high: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_incident_actor_summary_figures", "actor", *SUMMARY_KEYS, *SUMMARY_FIGURES),
        only_on(
            "postgresql",
            Index(
                "ix_incident_actor_summary_keys",
                "actor",
                *map(sql, PG_SUMMARY_KEYS),
                unique=True,
            ),
        ),
    )


class ClaimRow(Base):
    """Who asserts what about an incident, tied to its quote in one document."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    source_kind: Mapped[str | None] = mapped_column(String(32))
    stance: Mapped[str] = mapped_column(String(16))
    is_hedged: Mapped[bool] = mapped_column(Boolean)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injuries_low: Mapped[int | None] = mapped_column(Integer)
    injuries_high: Mapped[int | None] = mapped_column(Integer)
    victims: Mapped[dict[str, dict[str, int]]] = mapped_column(JSON)
    admits: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class MentionRow(Base):
    """One place in one document's text that reports the incident."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    event_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16))
    place: Mapped[dict[str, object]] = mapped_column(JSON)
    actor1: Mapped[str | None] = mapped_column(String(200))
    actor2: Mapped[str | None] = mapped_column(String(200))


class ReadingRow(Base):
    """One document's own reading of the incident (the slots its extraction chose), kept beside the
    merged incident so that matching compares a new report with each report (resolve/readings.py)."""

    __tablename__ = "incident_readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(64))
    sub_event_type: Mapped[str] = mapped_column(String(64))
    event_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16))
    place: Mapped[dict[str, object]] = mapped_column(JSON)
    actor1: Mapped[str | None] = mapped_column(String(200))
    actor2: Mapped[str | None] = mapped_column(String(200))
    target_categories: Mapped[list[str]] = mapped_column(JSON)
    fatalities: Mapped[list[int | None]] = mapped_column(JSON)
    is_historical: Mapped[bool] = mapped_column(Boolean)
    reported_on: Mapped[date | None] = mapped_column(Date)


class AggregateRow(Base):
    """A casualty figure for a period or campaign, attributed and never forced onto an incident."""

    __tablename__ = "aggregates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    killed_low: Mapped[int | None] = mapped_column(Integer)
    killed_high: Mapped[int | None] = mapped_column(Integer)
    injured_low: Mapped[int | None] = mapped_column(Integer)
    injured_high: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(200))


class ReportedAgreementRow(Base):
    """An agreement as one document reports it."""

    __tablename__ = "reported_agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(64))
    agreed_on: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200))
    parties: Mapped[list[str]] = mapped_column(JSON)
    mediators: Mapped[list[str]] = mapped_column(JSON)
    commitments: Mapped[list[str]] = mapped_column(JSON)
    follow_up: Mapped[dict[str, str | None] | None] = mapped_column(JSON)


class ExtractionRunRow(Base):
    """Which stage versions produced a document's mentions: an auditor can tell why a figure is what it is."""

    __tablename__ = "extraction_runs"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    versions: Mapped[dict[str, str]] = mapped_column(JSON)
    ran_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DocumentBandRow(Base):
    """The near-duplicate index: one LSH band key of a document's MinHash signature per band, so
    that every process finds a new document's candidates in the store (derived from the minhash)."""

    __tablename__ = "document_bands"
    __table_args__ = (Index("ix_document_bands_band_key", "band", "key"),)

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(16))
