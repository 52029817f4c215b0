"""The registry of what `log verify` checks: each table of the record, the checker that holds its rows
against the log (in the database and in a verification bundle) and the writer of its bundle file.

A module that owns a kind of row registers its checker with one call in its ``register(registry)``
function; :func:`ceasefire.record.verification.default_registry` calls every module's. No module of
checkers imports another one's, and this module imports none of them::

    def register(registry: CheckerRegistry) -> None:
        registry.add(
            Coverage("submissions", tables=("submissions",), store=lambda s, _b: SubmissionRows(s)),
        )

A table is either *logged* (each change is a log entry and the checker compares the rows with the
entries) or *derived* (rebuilt from logged data; the checker recomputes it and names a difference);
``derived`` says why. A table that is no part of the record (the web app's login sessions) is
declared with :meth:`CheckerRegistry.add_outside`, with the reason. ``unchecked`` names the columns
(``table.column``) that carry no meaning (surrogate ids, times of bookkeeping), each with the reason:
the tamper suite (tests/record/test_tamper.py) edits every other column of every table and expects a
discrepancy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ceasefire.record.blobs import BlobStore
    from ceasefire.record.log import LogEntry


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One thing wrong, said in one line: ``where`` (an entry, a row, a file) and the problem."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


class EntryChecker(Protocol):
    """Replays the entries of its ``kinds`` (``observe``, in log order) and then compares what it
    saw with the rows or files (``finish``: changed, deleted, or rows without an entry)."""

    kinds: ClassVar[frozenset[str]]

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None: ...

    def finish(self) -> list[Discrepancy]: ...


class AfterReplay:
    """A checker that reads no entry: once the log is replayed (and the rows checked against it),
    ``check`` looks at the rows themselves (derived data recomputed, rows that must not exist)."""

    kinds: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, session: Session, check: Callable[[Session], list[Discrepancy]]) -> None:
        self.session = session
        self.check = check

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        return None

    def finish(self) -> list[Discrepancy]:
        return self.check(self.session)


JsonLines = Callable[[Path], Iterable[dict[str, Any]]]
"""Reads the JSON objects of a bundle file, one a line (malformed lines become discrepancies)."""

StoreChecker = Callable[["Session", "BlobStore"], EntryChecker]
BundleChecker = Callable[[Path, JsonLines], EntryChecker]
BundleWriter = Callable[["Session", Path, frozenset[str]], None]
"""Writes a bundle's file of current states, leaving out the subjects given (sealed in the log and
not disclosed: a bundle is public)."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """What one checker vouches for. ``store`` is None for a table the log replay itself checks
    (the log entries)."""

    name: str
    tables: tuple[str, ...]
    store: StoreChecker | None = None
    derived: str | None = None
    unchecked: dict[str, str] = field(default_factory=dict)


class CheckerRegistry:
    """Every checker of the record, by name, in the order registered (a plain dict)."""

    def __init__(self) -> None:
        self.coverage: dict[str, Coverage] = {}
        self.bundle: dict[str, BundleChecker] = {}
        self.writers: dict[str, BundleWriter] = {}
        self.outside: dict[str, str] = {}

    def add(self, coverage: Coverage) -> None:
        if coverage.name in self.coverage:
            raise ValueError(f"a checker named {coverage.name!r} is registered already")
        self.coverage[coverage.name] = coverage

    def add_bundle(
        self, name: str, checker: BundleChecker, writer: BundleWriter | None = None
    ) -> None:
        """The checker of a bundle's file for the rows of ``name`` and the writer of that file."""
        self.bundle[name] = checker
        if writer is not None:
            self.writers[name] = writer

    def add_outside(self, table: str, reason: str) -> None:
        """A table of the database that is no part of the record (nothing to check), and why."""
        if table in self.outside or table in self.tables():
            raise ValueError(f"table {table!r} is registered already")
        self.outside[table] = reason

    def store_checkers(self, session: Session, blobs: BlobStore) -> list[EntryChecker]:
        return [c.store(session, blobs) for c in self.coverage.values() if c.store is not None]

    def bundle_checkers(self, folder: Path, read: JsonLines) -> list[EntryChecker]:
        return [make(folder, read) for make in self.bundle.values()]

    def write_bundle_files(
        self, session: Session, folder: Path, hidden: frozenset[str] = frozenset()
    ) -> None:
        for write in self.writers.values():
            write(session, folder, hidden)

    def tables(self) -> dict[str, Coverage]:
        """Each table covered, with what covers it."""
        return {table: c for c in self.coverage.values() for table in c.tables}

    def __iter__(self) -> Iterator[Coverage]:
        return iter(self.coverage.values())
