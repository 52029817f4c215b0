"""Checkers of the interoperability entries: dataset rows, feed states and feed items, each entry
carrying its row's whole state, replayed against the tables and against a bundle's state files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from ceasefire.record.audit import Discrepancy, changed_fields
from ceasefire.record.blobs import BlobStore
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
            elif expected[1] != state:
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


def store_checkers() -> list[Callable[[Session, BlobStore], StateRows]]:
    return [
        lambda session, _blobs: DatasetRowStates(lambda: dataset_row_states(session)),
        lambda session, _blobs: FeedStates(lambda: feed_states(session)),
        lambda session, _blobs: FeedItemStates(lambda: feed_item_states(session)),
    ]


# In a verification bundle: one file of current states per kind of row.
BUNDLE_FILES: dict[type[StateRows], tuple[str, Callable[[Session], Iterable[tuple[str, Any]]]]] = {
    DatasetRowStates: ("dataset_rows.jsonl", dataset_row_states),
    FeedStates: ("feeds.jsonl", feed_states),
    FeedItemStates: ("feed_items.jsonl", feed_item_states),
}


def write_states(session: Session, folder: Path) -> None:
    for name, states in BUNDLE_FILES.values():
        with (folder / name).open("w", encoding="utf-8") as out:
            for subject, state in states(session):
                line = {"subject": subject, "state": state}
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


def bundle_checkers(
    folder: Path, read: Callable[[Path], Iterable[dict[str, Any]]]
) -> list[StateRows]:
    """Checkers of the bundle's state files; ``read`` yields a file's JSON lines."""
    checkers: list[StateRows] = []
    for checker_type, (name, _) in BUNDLE_FILES.items():
        path = folder / name

        def states(path: Path = path) -> Iterable[tuple[str, Any]]:
            if not path.is_file():
                return []
            return [(str(line.get("subject")), line.get("state")) for line in read(path)]

        checkers.append(checker_type(states))
    return checkers
