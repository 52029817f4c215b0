"""Results cached per version of the record (the log's size): every write goes through the log, so
a result cached under the current version is never older than the record."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from ceasefire.record.statistics import current_version
from ceasefire.record.store import Store

T = TypeVar("T")


class VersionedCache:
    """A small LRU of results keyed by (name, arguments), valid for one record version."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], tuple[int, Any]] = OrderedDict()
        self._making: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], version: int, make: Callable[[], T]) -> T:
        hit = self._hit(key, version)
        if hit is not None:
            return hit[0]  # type: ignore[no-any-return]
        # One computation per key at a time: concurrent misses wait for it instead of repeating it.
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            hit = self._hit(key, version)
            if hit is not None:
                return hit[0]  # type: ignore[no-any-return]
            value = make()
        with self._lock:
            self._making.pop(key, None)
            self._items[key] = (version, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def _hit(self, key: tuple[Any, ...], version: int) -> tuple[Any] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] == version:
                self._items.move_to_end(key)
                return (found[1],)
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_CACHES: weakref.WeakKeyDictionary[Store, VersionedCache] = weakref.WeakKeyDictionary()
_CUBES: weakref.WeakKeyDictionary[Store, VersionedCache] = weakref.WeakKeyDictionary()
_SHARED: weakref.WeakKeyDictionary[Store, VersionedCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()
# The filters' cubes kept at once (services/figures.py): about 0.5 MB each for a year of days and
# fifteen provinces, so a worker holds at most some 30 MB of them whatever filters it is asked.
CUBES = 64


def cache_of(store: Store) -> VersionedCache:
    """One cache per open store (the app opens one store per process)."""
    return _one(_CACHES, store, 256)


def cubes_of(store: Store) -> VersionedCache:
    """The cache of the filters' cubes, apart from :func:`cache_of`'s: the pages of a walk through
    the list, one entry each, would otherwise push out the cubes that answer every period."""
    return _one(_CUBES, store, CUBES)


def shared_of(store: Store) -> VersionedCache:
    """The cache of what every page of a kind reads whatever its filter (the filters' choices),
    apart from :func:`cache_of`'s: 256 pages of a walk through the API's list, which never reads
    the choices, pushed them out, and the next list page counted them again (110 ms of CPU at a
    million incidents)."""
    return _one(_SHARED, store, 8)


def _one(
    caches: weakref.WeakKeyDictionary[Store, VersionedCache], store: Store, size: int
) -> VersionedCache:
    with _CACHES_LOCK:
        found = caches.get(store)
        if found is None:
            found = caches[store] = VersionedCache(size)
        return found


# The version a read-only request holds (:func:`version_held`): read once, not by each figure.
_HELD: ContextVar[tuple[Store, int] | None] = ContextVar("held_version", default=None)


def version_of(store: Store) -> int:
    """The record's version: the log's size (every write goes through the log); within
    :func:`version_held`, the version it read."""
    held = _HELD.get()
    if held is not None and held[0] is store:
        return held[1]
    return current_version(store)


@contextmanager
def version_held(store: Store, version: int) -> Iterator[None]:
    """Within it, :func:`version_of` gives ``version`` without asking the database again: for a
    request that only reads (a GET the response cache answers), which reads the version once and
    caches its figures under it. Figures read after a write elsewhere are then newer than the
    version they are kept under, never older: the next request sees the new version and misses."""
    token = _HELD.set((store, version))
    try:
        yield
    finally:
        _HELD.reset(token)
