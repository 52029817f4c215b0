"""Worker processes of this machine, for any command that spreads work over cores.

Workers are spawned, not forked: nothing of the parent's state, its database connections least of
all, is inherited, and a worker imports only the modules of the functions it is given (a pool that
hashes log entries never loads spaCy). Each ends itself when the parent's process is gone: a
``kill -9`` of the command would otherwise leave its workers waiting for jobs forever.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def process_pool(
    workers: int,
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes; each runs ``initializer(*initargs)`` first."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(initializer, initargs),
    )


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _start(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _end_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's sentinel closes: it has exited, however
    os._exit(1)
