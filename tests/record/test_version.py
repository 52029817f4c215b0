"""The record's version, read on every cached page, is a read: on SQLite it neither takes the
write lock nor waits for a writer (it took it, and pages failed as "database is locked" when
many were asked at once)."""

from __future__ import annotations

import sqlite3

from ceasefire.config import Settings
from ceasefire.record.statistics import current_version
from ceasefire.record.store import Store


def test_the_version_is_read_while_a_writer_holds_the_lock(sqlite_settings: Settings) -> None:
    store = Store.open(sqlite_settings)
    try:
        before = current_version(store)
        writer = sqlite3.connect(str(sqlite_settings.data / "ceasefire.db"), isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # the write lock, held
        try:
            # Had it wanted the lock, it would have failed as "database is locked" once the busy
            # timeout passed: an answer while the writer holds on is the proof, with no clock.
            assert current_version(store) == before
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        store.close()
