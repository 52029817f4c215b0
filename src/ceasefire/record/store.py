"""The store: one engine (SQLite by default, PostgreSQL by URL), migrated on open, with sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ceasefire.config import Settings
from ceasefire.errors import SchemaTooNewError, StoreError, StoreLockedError
from ceasefire.record.blobs import BlobStore

READ_ONLY = "ceasefire_read_only"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("ceasefire.record") / "migrations")
    )
    return config


def is_lock_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text


class Store:
    """Owns the engine and the blob folder. Open it with :meth:`open`; close it when done."""

    def __init__(
        self, engine: Engine, blobs: BlobStore, *, description: str, data: Path | None = None
    ) -> None:
        self.engine = engine
        self.blobs = blobs
        self.description = description
        # The data folder (session secret, keys, originals): no reader ever takes a file from it.
        self.data = data
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        # On PostgreSQL, reads of rows that never change once written need no transaction: its
        # BEGIN and COMMIT are two round trips of a proof's four. (SQLite's are in-process.)
        self._append_only_reads = (
            sessionmaker(
                engine.execution_options(isolation_level="AUTOCOMMIT", **{READ_ONLY: True}),
                expire_on_commit=False,
            )
            if engine.dialect.name == "postgresql"
            else self._read_sessions
        )

    @classmethod
    def open(cls, settings: Settings, *, migrate: bool = True) -> Store:
        url = settings.database_url
        is_sqlite = url.startswith("sqlite")
        connect_args: dict[str, Any] = {}
        if is_sqlite:
            try:
                settings.data.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create data folder: {exc}", where=str(settings.data)
                ) from exc
            connect_args["timeout"] = settings.sqlite_busy_timeout
        try:
            # Room for the web app's worker threads; the CLI uses one connection at a time.
            engine = create_engine(
                url,
                connect_args=connect_args,
                pool_pre_ping=not is_sqlite,
                pool_size=10,
                max_overflow=30,
            )
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            raise StoreError(f"bad database URL: {exc}", where="--db") from exc
        if is_sqlite:
            _configure_sqlite(engine, busy_timeout=settings.sqlite_busy_timeout)
        store = cls(
            engine,
            BlobStore(settings.documents_dir),
            description=_describe(url),
            data=settings.data,
        )
        if migrate:
            store.migrate()
        return store

    def migrate(self) -> None:
        """Brings the schema to this version's head; refuses a database made by a newer version."""
        config = _alembic_config()
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()
        try:
            with self.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
                connection.rollback()
            if current == head:
                return
            if current is not None:
                try:
                    script.get_revision(current)
                except Exception as exc:
                    raise SchemaTooNewError(
                        f"database schema revision {current!r} was made by a newer version of "
                        "ceasefire; upgrade ceasefire to open it",
                        where=self.description,
                    ) from exc
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as exc:
            raise _store_error(exc, self.description) from exc

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One connection held for a long job (a batch import) that opens its sessions on it
        (:meth:`session`), one after the other: what it keeps on the connection, such as a
        temporary table, lasts the whole job."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except OperationalError as exc:
            raise _store_error(exc, self.description) from exc

    @contextmanager
    def session(self, connection: Connection | None = None) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error; on
        ``connection`` when one is given (see :meth:`connection`)."""
        session = self._sessions() if connection is None else self._sessions(bind=connection)
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise _store_error(exc, self.description) from exc
        finally:
            session.close()

    @contextmanager
    def read_session(self, *, append_only: bool = False) -> Iterator[Session]:
        """A transaction that only reads: on SQLite it does not take the write lock (a deferred
        BEGIN), so readers never queue behind writers nor behind each other.

        ``append_only``: the reads are of rows that never change once written (the log's entries
        and Merkle nodes, below a size read first), so that statements need not share a snapshot:
        on PostgreSQL each is then a transaction of its own, without BEGIN and COMMIT."""
        session = (self._append_only_reads if append_only else self._read_sessions)()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise _store_error(exc, self.description) from exc
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _store_error(exc: OperationalError, description: str) -> StoreError:
    if is_lock_error(exc):
        return StoreLockedError(
            "database is locked by another process; try again when it has finished",
            where=description,
        )
    return StoreError(str(exc.orig).strip().splitlines()[0], where=description)


def _configure_sqlite(engine: Engine, *, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is off so that BEGIN IMMEDIATE takes the write lock
        # up front: two writers then queue on busy_timeout instead of failing mid-transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        is_read = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if is_read else "BEGIN IMMEDIATE")


def _describe(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    # Never print a password.
    head, _, tail = url.rpartition("@")
    return tail if head else url
