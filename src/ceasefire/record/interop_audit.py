"""Checkers of the interoperability entries: dataset rows, feed states and feed items, each entry
carrying its row's whole state, replayed against the tables and against a bundle's state files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from ceasefire.record.audit import as_logged, changed_fields
from ceasefire.record.blobs import BlobStore
from ceasefire.record.checkers import (
    BundleChecker,
    BundleWriter,
    CheckerRegistry,
    Coverage,
    Discrepancy,
    JsonLines,
    StoreChecker,
)
from ceasefire.record.entries import (
    DATASET_ROW_DELETED,
    DATASET_ROW_RECORDED,
    FEED_ITEM_RECORDED,
    FEED_STATE_RECORDED,
    state_of,
)
from ceasefire.record.interop import (
    DatasetRows,
    Feeds,
    dataset_row_state,
    feed_item_state,
    feed_item_subject,
    feed_state,
    subject_of_row,
)
from ceasefire.record.log import LogEntry

States = Callable[[], Iterable[tuple[str, dict[str, Any]]]]


class StateRows:
    """Entries that each carry a row's whole state, the last one per subject, against the rows."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    label: ClassVar[str] = "row"

    def __init__(self, rows: States) -> None:
        self.rows = rows
        self.expected: dict[str, tuple[int, Any]] = {}

    def observe(self, entry: LogEntry) -> list[Discrepancy] | None:
        try:
            state = state_of(entry.kind, json.loads(entry.payload))
        except ValueError:
            return [Discrepancy(f"entry {entry.seq}", f"malformed {entry.kind} payload")]
        self.expected[entry.subject] = (entry.seq, state)
        return None

    def finish(self) -> list[Discrepancy]:
        found = []
        seen: set[str] = set()
        for subject, state in self.rows():
            seen.add(subject)
            expected = self.expected.get(subject)
            if expected is None:
                found.append(Discrepancy(f"{self.label} {subject}", "row without a log entry"))
            elif expected[1] != as_logged(state, expected[1]):
                fields = ", ".join(changed_fields(expected[1] or {}, state))
                found.append(
                    Discrepancy(
                        f"entry {expected[0]}", f"{self.label} {subject} changed ({fields})"
                    )
                )
        for subject, (seq, _) in self.expected.items():
            if subject not in seen:
                found.append(Discrepancy(f"entry {seq}", f"{self.label} {subject} row deleted"))
        return found


class DatasetRowStates(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({DATASET_ROW_RECORDED, DATASET_ROW_DELETED})
    label: ClassVar[str] = "dataset row"


class FeedStates(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({FEED_STATE_RECORDED})
    label: ClassVar[str] = "feed"


class FeedItemStates(StateRows):
    kinds: ClassVar[frozenset[str]] = frozenset({FEED_ITEM_RECORDED})
    label: ClassVar[str] = "feed item"


def dataset_row_states(session: Session) -> Iterable[tuple[str, dict[str, Any]]]:
    for row in DatasetRows(session).all():
        yield subject_of_row(row), dataset_row_state(row)


def feed_states(session: Session) -> Iterable[tuple[str, dict[str, Any]]]:
    for row in Feeds(session).states():
        yield row.source, feed_state(row)


def feed_item_states(session: Session) -> Iterable[tuple[str, dict[str, Any]]]:
    for row in Feeds(session).items():
        yield feed_item_subject(row.source, row.item_key), feed_item_state(row)


# The rows of each kind, and the file of their current states in a verification bundle.
KINDS: dict[str, tuple[type[StateRows], str, Callable[[Session], Iterable[tuple[str, Any]]]]] = {
    "dataset rows": (DatasetRowStates, "dataset_rows.jsonl", dataset_row_states),
    "feeds": (FeedStates, "feeds.jsonl", feed_states),
    "feed items": (FeedItemStates, "feed_items.jsonl", feed_item_states),
}
TABLES = {"dataset rows": "dataset_rows", "feeds": "feed_states", "feed items": "feed_items"}


def register(registry: CheckerRegistry) -> None:
    for name, (checker_type, file_name, states) in KINDS.items():
        store, bundle, write = _plugs(checker_type, file_name, states)
        registry.add(Coverage(name, tables=(TABLES[name],), store=store))
        registry.add_bundle(name, bundle, write)


def _plugs(
    checker_type: type[StateRows],
    file_name: str,
    states: Callable[[Session], Iterable[tuple[str, Any]]],
) -> tuple[StoreChecker, BundleChecker, BundleWriter]:
    def store(session: Session, _blobs: BlobStore) -> StateRows:
        return checker_type(lambda: states(session))

    def bundle(folder: Path, read: JsonLines) -> StateRows:
        return checker_type(_file_states(folder / file_name, read))

    def write(session: Session, folder: Path, hidden: frozenset[str]) -> None:
        _write(folder / file_name, states(session), hidden)

    return store, bundle, write


def _write(path: Path, states: Iterable[tuple[str, Any]], hidden: frozenset[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for subject, state in states:
            if subject in hidden:  # sealed in the log (none of these kinds is, today)
                continue
            line = {"subject": subject, "state": state}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def _file_states(path: Path, read: JsonLines) -> Callable[[], Iterable[tuple[str, Any]]]:
    def states() -> Iterable[tuple[str, Any]]:
        if not path.is_file():
            return []
        return [(str(line.get("subject")), line.get("state")) for line in read(path)]

    return states
