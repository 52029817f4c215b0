"""The tamper suite: a record with rows in every table, then one change at a time — each row edited
column by column, a row deleted, a row inserted, files of the data folder planted, altered or removed —
each followed by `log verify` in the same transaction, which is then rolled back.

A change is *detected* when verify names at least one discrepancy. A column the registry of checkers
lists as carrying no meaning (``Coverage.unchecked``) is not edited; a change the database itself
refuses (a constraint) is counted apart. Used by tests/record/test_tamper.py and by
``scripts/tamper-suite``, which prints the count.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import Connection, create_engine, event, func, inspect, select
from sqlalchemy import table as table_clause
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ceasefire.cli import cli
from ceasefire.config import Settings
from ceasefire.record.store import Store
from ceasefire.record.tables import Base
from ceasefire.services.accounts import (
    add_user,
    authenticate,
    issue_token,
    revoke_tokens,
    set_active,
    set_password,
    start_session,
    token_digest,
)
from ceasefire.services.assessment import load_agreements
from ceasefire.services.complaints import Lodging, lodge_complaint
from ceasefire.services.intake import Submission
from ceasefire.services.log import checker_registry, verify_session

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "src" / "ceasefire" / "demo" / "reports"
DOHA = REPO / "agreements" / "doha-2025.yaml"
ACLED = REPO / "tests" / "data" / "acled_sample.csv"

NOT_RECORD = {
    "alembic_version": "the schema revision, Alembic's bookkeeping: no record data",
    **checker_registry().outside,
}
"""Tables of the database that are no part of the record (docs/log-verify-coverage.md says why):
Alembic's, and those the registry declares outside the record (the web app's sessions)."""

ARTICLE = (
    "<html><head><title>Shelling in Chaman</title></head><body><article><h1>Shelling in Chaman"
    "</h1><p>Mortar shells hit a market in Chaman on Tuesday, killing two people and wounding "
    "five, officials in Quetta said. The injured were taken to the district hospital.</p>"
    "</article></body></html>"
)


@contextmanager
def feed_server() -> Iterator[str]:
    """A feed of one item on 127.0.0.1, for `watch`."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                body = (
                    '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                    f"<guid>w-1</guid><link>{base}/w1.html</link><title>Chaman</title>"
                    "<pubDate>Thu, 16 Oct 2025 08:00:00 GMT</pubDate></item></channel></rss>"
                ).encode()
                kind = "application/rss+xml"
            elif self.path == "/w1.html":
                body, kind = ARTICLE.encode(), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_record(settings: Settings, work: Path) -> None:
    """A record with at least one row in every table of the schema: a new kind of row is added
    here too, with the command or service that writes it."""
    runner = CliRunner()
    options = ["--data-dir", str(settings.data)] + (["--db", settings.db] if settings.db else [])

    def run(*args: str, code: int = 0) -> None:
        result = runner.invoke(cli, [*options, *args], catch_exceptions=False)
        assert result.exit_code == code, (args, result.output)

    run("keys", "new", "sec", "--role", "secretariat")
    run("--key", "sec", "ingest", str(DEMO))
    # A near-copy of a report: one duplicate group of two documents.
    copy = work / "copy"
    copy.mkdir()
    original = (DEMO / "example-01-chaman-shelling.txt").read_text(encoding="utf-8")
    (copy / "chaman-again.txt").write_text(original.replace("Tuesday", "Wednesday", 1))
    # A toll for a whole period: an aggregate.
    (copy / "toll.txt").write_text(
        "The UN mission said at least 37 civilians were killed and 425 injured in Afghanistan "
        "during the hostilities along the border in the week before the ceasefire, according to a "
        "statement released on Monday."
    )
    run("ingest", str(copy))
    run("import", "acled", "--no-extract", str(ACLED), code=1)  # its bad rows are skipped
    with feed_server() as base:
        sources = work / "sources.yaml"
        sources.write_text(f"sources:\n  - name: wire\n    feed: {base}/feed.xml\n")
        run("watch", "--no-extract", "--once", str(sources))
    run("assess", "--agreement", str(DOHA))
    run(
        "cases", "lodge", "--agreement", str(DOHA), "--by", "pakistan", "--clause", "ceasefire",
        "--allegation", "Mortar fire near Angoor Adda.",
    )  # fmt: skip
    for _ in range(3):
        run("cases", "advance", "C0001", "--reason", "next")
    run(
        "findings", "record", "C0001", "--status", "verified", "--party", "afghanistan",
        "--rationale", "Two independent sources.",
    )  # fmt: skip
    run("cases", "advance", "C0001", "--reason", "sent")
    run("findings", "reply", "F0001", "--party", "afghanistan", "--text", "We deny it.")
    store = Store.open(settings)
    try:
        from ceasefire.record.log import Author

        add_user(store, "monitor-1", role="monitor", password="a long password", author=Author("t"))
        add_user(
            store, "pk-1", role="party", party="pakistan", password="another password",
            author=Author("t"),
        )  # fmt: skip
        issue_token(store, "monitor-1", author=Author("t"))
        revoked = issue_token(store, "monitor-1", author=Author("t"))
        revoke_tokens(store, "monitor-1", token_digest(revoked)[:12], author=Author("t"))
        set_active(store, "monitor-1", active=False, author=Author("t"))
        set_active(store, "monitor-1", active=True, author=Author("t"))
        set_password(store, "monitor-1", "a new long password", author=Author("t"))
        # A complaint lodged on the web: a sealed case, its evidence document and submission.
        party = authenticate(store, "pk-1", "another password")
        lodging = Lodging(
            "Mortar fire on a village near Chaman.",
            Submission(text="Shells hit a village near Chaman on Tuesday; two people were hurt."),
        )
        lodge_complaint(store, party, load_agreements(DOHA)[0], lodging)
        # A login of the web app (outside the record: the registry says so).
        start_session(store, party, max_age=3600)
    finally:
        store.close()
    run("log", "head")


@dataclass(slots=True)
class Outcome:
    change: str
    detected: bool
    refused: bool = False
    said: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)
    not_meaningful: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)

    @property
    def tried(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.refused]

    @property
    def missed(self) -> list[Outcome]:
        return [o for o in self.tried if not o.detected]

    def summary(self) -> str:
        tried = self.tried
        detected = sum(1 for o in tried if o.detected)
        refused = len(self.outcomes) - len(tried)
        return (
            f"{detected} of {len(tried)} detected ({refused} refused by the database's "
            f"constraints, {len(self.not_meaningful)} columns not meaningful by the registry)"
        )


def _changed(value: Any, column: Any) -> Any:
    """Another value of the column's type."""
    python_type: Any
    try:
        python_type = column.type.python_type if column is not None else object
    except NotImplementedError:
        python_type = object
    if value is None:
        samples: dict[Any, Any] = {
            int: 7, str: "x", bool: True, bytes: b"\x01" * 8, date: date(2025, 10, 20),
            datetime: datetime(2025, 10, 20, 12, 0), float: 1.5, dict: {"x": 1}, list: ["x"],
        }  # fmt: skip
        return samples.get(python_type, "x")
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, str):
        if not value:
            return "x"
        return value[:-1] + ("0" if value[-1] != "0" else "1")
    if isinstance(value, bytes):
        return bytes([value[0] ^ 1]) + value[1:]
    if isinstance(value, datetime):
        return value + timedelta(days=1)
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, list):
        return [*value, "x"]
    if isinstance(value, dict):
        # A value the record reads changed (a key it would ignore proves nothing).
        if not value:
            return {"x": 1}
        first = sorted(value)[0]
        return {**value, first: _changed(value[first], None)}
    return value


def _disable_constraints(connection: Connection) -> None:
    """As a tamperer with the database's own rights would: no foreign keys enforced."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET session_replication_role = replica")


def run_suite(settings: Settings, *, on_outcome: Callable[[Outcome], None] | None = None) -> Tally:
    """Every change, one at a time, on the record of ``settings`` (built by :func:`build_record`)."""
    tally = Tally()
    store = Store.open(settings)
    registry = checker_registry()
    covered = registry.tables()
    engine = create_engine(settings.database_url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _no_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    def attempt(name: str, change: Callable[[Connection], None]) -> None:
        with engine.connect() as connection:
            transaction = connection.begin()
            _disable_constraints(connection)
            try:
                change(connection)
            except DBAPIError:
                transaction.rollback()
                outcome = Outcome(name, detected=False, refused=True)
            else:
                with Session(bind=connection) as session:
                    result = verify_session(session, store.blobs)
                said = [str(d) for d in result.discrepancies]
                outcome = Outcome(name, detected=bool(said), said=said)
                transaction.rollback()
        tally.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    try:
        with engine.connect() as connection:
            live = sorted(inspect(connection).get_table_names())
        for table_name in live:
            if table_name in NOT_RECORD:
                if table_name in registry.outside and not _has_rows(engine, table_name):
                    tally.empty.append(table_name)  # declared outside, but none to show it
                continue
            coverage = covered.get(table_name)
            table = Base.metadata.tables.get(table_name)
            if coverage is None or table is None:
                tally.uncovered.append(table_name)
                continue
            with engine.connect() as connection:
                rows = connection.execute(
                    select(table).order_by(*table.primary_key.columns).limit(1)
                ).all()
                count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            if not rows:
                tally.empty.append(table_name)
                continue
            row = rows[0]._mapping
            key = {c.name: row[c.name] for c in table.primary_key.columns}
            where = [c == key[c.name] for c in table.primary_key.columns]
            label = ", ".join(f"{k}={str(v)[:12]}" for k, v in key.items())
            for column in table.columns:
                qualified = f"{table_name}.{column.name}"
                if qualified in coverage.unchecked:
                    tally.not_meaningful.append(qualified)
                    continue
                value = _changed(row[column.name], column)
                attempt(
                    f"edit {qualified} of ({label})",
                    lambda c, t=table, w=where, n=column.name, v=value: c.execute(
                        t.update().where(*w).values({n: v})
                    ),
                )
            attempt(
                f"delete a row of {table_name} ({label})",
                lambda c, t=table, w=where: c.execute(t.delete().where(*w)),
            )
            copy = dict(row)
            for column in table.primary_key.columns:
                if isinstance(copy[column.name], int):
                    # Past the last one: an integer key taken by another row would be refused.
                    with engine.connect() as connection:
                        last = connection.execute(select(func.max(column))).scalar_one()
                    copy[column.name] = int(last) + 1
                else:
                    copy[column.name] = _changed(copy[column.name], column)
            attempt(
                f"insert a row into {table_name} (a copy of {label}, {count} rows before)",
                lambda c, t=table, v=copy: c.execute(t.insert().values(v)),
            )
        _file_changes(store, attempt)
    finally:
        engine.dispose()
        store.close()
    return tally


def _has_rows(engine: Any, table_name: str) -> bool:
    with engine.connect() as connection:
        # A table the models do not map (a full-text index of SQLite's) is counted by its name.
        mapped = Base.metadata.tables.get(table_name)
        table = mapped if mapped is not None else table_clause(table_name)
        return connection.execute(select(func.count()).select_from(table)).scalar_one() > 0


def _file_changes(
    store: Store, attempt: Callable[[str, Callable[[Connection], None]], None]
) -> None:
    root = store.blobs.root
    first = sorted(p for p in root.glob("*/*") if p.is_file())[0]
    saved = first.read_bytes()
    used = {p.name for p in root.iterdir()}
    prefix = next(f"{i:02x}" for i in range(256) if f"{i:02x}" not in used)
    planted_path = root / prefix / ("c" * 62)
    leftover_path = first.parent / ".incoming-x1y2"
    beside_path = root / "notes.txt"
    packs = sorted((root / "packs").iterdir())
    pack, pack_saved = packs[0], packs[0].read_bytes()
    planted_pack = root / "packs" / ("d" * 64)

    def planted(_c: Connection) -> None:
        planted_path.parent.mkdir()
        planted_path.write_bytes(b"planted")

    def leftover(_c: Connection) -> None:
        leftover_path.write_bytes(saved[:5])

    def altered(_c: Connection) -> None:
        first.write_bytes(saved + b" ")

    def removed(_c: Connection) -> None:
        first.unlink()

    def beside(_c: Connection) -> None:
        beside_path.write_text("planted beside the originals")

    def pack_altered(_c: Connection) -> None:
        pack.write_bytes(pack_saved[:-1] + bytes([pack_saved[-1] ^ 1]))

    def pack_removed(_c: Connection) -> None:
        pack.unlink()

    def pack_planted(_c: Connection) -> None:
        planted_pack.write_bytes(b"planted")

    for name, change in (
        ("alter a pack of originals in documents/packs/", pack_altered),
        ("delete a pack of originals from documents/packs/", pack_removed),
        ("plant a pack in documents/packs/", pack_planted),
        ("plant a file in documents/", planted),
        ("leave an .incoming-* file in documents/", leftover),
        ("alter an original in documents/", altered),
        ("delete an original from documents/", removed),
        ("plant a file at the top of documents/", beside),
    ):
        try:
            attempt(name, change)
        finally:
            first.write_bytes(saved)
            pack.write_bytes(pack_saved)
            planted_pack.unlink(missing_ok=True)
            shutil.rmtree(planted_path.parent, ignore_errors=True)
            leftover_path.unlink(missing_ok=True)
            beside_path.unlink(missing_ok=True)
