"""Extraction spread over processes or a Dask cluster, with one writer.

Extraction is pure — a document's text and publication date in, an :class:`Analysis` out — so it can
run anywhere: in this process, in worker processes of this machine, or on the workers of a Dask
cluster (``dask.distributed``). Writing is not: the log is a hash chain, so documents, incidents and
log entries are appended by exactly one writer, in the order the files were given. An
:class:`Extractor` hands out futures; the caller keeps a bounded window of them and writes each result
in order as it arrives, so memory stays flat however long the batch, and the record is the same,
document for document, as a serial run's.

What is sent to a worker is the job — document id, text and publication date — never the database.
The same workers run any other pure work given as a top-level function and its argument
(:meth:`Extractor.call`): an import's chunks of rows, read, checked and made ready for the writer.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Generic, Protocol, TypeVar

from ceasefire.config import Settings
from ceasefire.errors import InputError
from ceasefire.extract.pipeline import Analysis
from ceasefire.services.extraction import analyse, pipeline
from ceasefire.workers import default_workers, process_pool

__all__ = [
    "DaskExtractor",
    "ExtractionJob",
    "Extractor",
    "ProcessExtractor",
    "SerialExtractor",
    "default_workers",
    "extractor_for",
    "in_order",
    "make_extractor",
    "ordered",
]

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


@dataclass(frozen=True, slots=True)
class ExtractionJob:
    """What a worker needs to extract one document: no more."""

    document_id: str
    text: str
    published: date | None


def run_job(job: ExtractionJob) -> Analysis:
    """The work of one job, wherever it runs (a top-level function, so that it pickles), less the
    parse trees: the writer stores incidents, aggregates and agreements, and a spaCy parse would
    make each result megabytes to send back."""
    analysis = analyse(job.document_id, job.text, job.published)
    return replace(analysis, parses={})


class Result(Protocol[R_co]):
    """A future's one method that the writer uses (concurrent.futures and Dask both have it)."""

    def result(self) -> R_co: ...


class Extractor(Protocol):
    """Runs extraction jobs, or any pure function (:meth:`call`), and hands back futures;
    ``window`` results may be in flight at once."""

    window: int
    description: str

    def submit(self, job: ExtractionJob) -> Result[Analysis]: ...

    def call(self, function: Callable[[A], R], argument: A) -> Result[R]: ...

    def close(self) -> None: ...


class _Done(Generic[A, R]):
    """A result computed when it is asked for: the serial extractor's future."""

    __slots__ = ("_argument", "_function")

    def __init__(self, function: Callable[[A], R], argument: A) -> None:
        self._function = function
        self._argument = argument

    def result(self) -> R:
        return self._function(self._argument)


class SerialExtractor:
    """Extraction in this process, one document after the other (what ingest did before)."""

    window = 1
    description = "1 process"

    def submit(self, job: ExtractionJob) -> Result[Analysis]:
        return _Done(run_job, job)

    def call(self, function: Callable[[A], R], argument: A) -> Result[R]:
        return _Done(function, argument)

    def close(self) -> None:
        pass


class ProcessExtractor:
    """Extraction in ``workers`` processes of this machine (:func:`ceasefire.workers.process_pool`).
    With ``warm`` each loads the pipeline before its first job; without, on its first extraction (a
    pool that only reads dataset rows, or hashes log entries, never does)."""

    def __init__(self, workers: int, *, warm: bool = True) -> None:
        self.workers = workers
        self.window = workers * 4
        self.description = f"{workers} processes"
        self._pool = process_pool(workers, initializer=pipeline if warm else None)

    def submit(self, job: ExtractionJob) -> Future[Analysis]:
        return self._pool.submit(run_job, job)

    def call(self, function: Callable[[A], R], argument: A) -> Future[R]:
        return self._pool.submit(function, argument)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExtractor:
    """Extraction on a Dask cluster (``dask scheduler`` and ``dask worker`` processes, on this
    machine or others), or on a local cluster given as a ``distributed.Client``. Each worker needs
    this package installed; it is sent jobs, never the database."""

    def __init__(self, address: str | Any) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise InputError("dask.distributed is not installed", where="--dask") from exc
        if isinstance(address, str):
            try:
                self._client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError) as exc:
                raise InputError(f"no Dask scheduler answers at {address}", where="--dask") from exc
            self._own_client = True
        else:
            self._client = address
            self._own_client = False
        workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        self.window = workers * 4
        self.description = f"Dask, {workers} workers"

    def submit(self, job: ExtractionJob) -> Result[Analysis]:
        return self.call(run_job, job)

    def call(self, function: Callable[[A], R], argument: A) -> Result[R]:
        # pure=False: two jobs of the same bytes are still two results in the order asked.
        future: Result[R] = self._client.submit(function, argument, pure=False)
        return future

    def close(self) -> None:
        if self._own_client:
            self._client.close()  # type: ignore[no-untyped-call]


def make_extractor(
    workers: int | None = None, dask: str | None = None, *, warm: bool = True
) -> Extractor:
    """The extractor a command asks for: Dask when an address is given, else ``workers`` processes
    (default: the number of cores; ``warm``: see :class:`ProcessExtractor`), else this process
    alone when one worker is asked for."""
    if dask:
        return DaskExtractor(dask)
    count = default_workers() if workers is None else workers
    if count < 1:
        raise InputError(f"workers must be at least 1, not {count}", where="--workers")
    return SerialExtractor() if count == 1 else ProcessExtractor(count, warm=warm)


# Below this many files to extract, starting worker processes (each loads spaCy and the gazetteer,
# about two seconds) costs more than it saves.
SMALL_BATCH = 8


def extractor_for(
    settings: Settings,
    *,
    workers: int | None = None,
    dask: str | None = None,
    batch: int = 0,
    warm: bool = True,
) -> Extractor:
    """The extractor for a command: its flags win over the settings; a small batch (``batch``
    jobs: files to extract, or chunks of rows to read) stays in this process unless workers or
    Dask were asked for by name. ``warm``: whether the jobs extract (see ProcessExtractor)."""
    dask = dask or settings.dask
    if dask:
        return DaskExtractor(dask)
    if workers is None and settings.workers is None and batch < SMALL_BATCH:
        return SerialExtractor()
    return make_extractor(workers or settings.workers, warm=warm)


def ordered(
    items: Iterable[T],
    job_of: Callable[[T], ExtractionJob | None],
    extractor: Extractor,
) -> Iterator[tuple[T, Analysis | None]]:
    """Each item with its analysis (None where ``job_of`` gives no job), in the order of ``items``,
    with at most ``extractor.window`` jobs in flight: the writer's side of the pipeline."""
    pending: deque[tuple[T, Result[Analysis] | None]] = deque()
    for item in items:
        job = job_of(item)
        pending.append((item, extractor.submit(job) if job is not None else None))
        while len(pending) >= extractor.window:
            done, future = pending.popleft()
            yield done, future.result() if future is not None else None
    while pending:
        done, future = pending.popleft()
        yield done, future.result() if future is not None else None


def in_order(
    arguments: Iterable[A], function: Callable[[A], R], extractor: Extractor
) -> Iterator[R]:
    """``function`` of each argument, run on the extractor's workers, in the order of
    ``arguments``, with at most ``extractor.window`` calls in flight (memory stays flat)."""
    pending: deque[Result[R]] = deque()
    for argument in arguments:
        pending.append(extractor.call(function, argument))
        while len(pending) >= extractor.window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
