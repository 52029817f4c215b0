"""Event datasets read as CSV, streamed row by row: the header check, field parsers, bad rows, and
the canonical bytes that make one row a document.

A reader (:mod:`.acled`, :mod:`.ucdp`) yields a :class:`DatasetRecord` per good row and a
:class:`RowError` per bad one; a bad header raises :class:`~ceasefire.errors.InputError` before
anything is yielded, so the caller writes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TextIO, cast

from ceasefire.domain import Claim, Incident, Quantity, Stance, Victims
from ceasefire.domain.bounds import count_problem, day_problem
from ceasefire.domain.datasets import DATE_FORMATS
from ceasefire.errors import InputError

# A notes field of ACLED can hold a few thousand characters; the csv module's default is 128 KiB.
csv.field_size_limit(16 * 1024 * 1024)

MACHINE_CODED = frozenset({"gdelt", "polecat", "icews", "phoenix"})
"""Datasets coded by machines from news text: their rows come in as unverified leads only."""


class FieldError(ValueError):
    """One field of one row is wrong; ``field`` names it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field '{field}': {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that was skipped: where it is and what is wrong with it."""

    path: str
    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: field '{self.field}': {self.problem}"


@dataclass(frozen=True, slots=True)
class DatasetRecord:
    """One good row: the incident it reports (with its one claim), and the row as a document."""

    dataset: str
    format: str
    key: str
    line: int
    original: bytes
    notes: str
    country: str | None
    incident: Incident
    published: date | None = None
    is_lead: bool = False
    # The sha256 of ``original``, computed once (an import asks for it several times a row).
    document_id: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "document_id", hashlib.sha256(self.original).hexdigest())


def is_machine_coded(dataset: str) -> bool:
    return dataset.strip().lower() in MACHINE_CODED


def dataset_claim(
    dataset: str,
    document_id: str,
    *,
    quote: str,
    fatalities: Quantity,
    victims: Victims | None = None,
) -> Claim:
    """The one claim a dataset row makes: its notes as the quote, the dataset as the source (a
    machine-coded one marked as such), asserting the act with the row's toll."""
    return Claim(
        document_id=document_id,
        start=0,
        end=len(quote),
        quote=quote,
        source=dataset,
        source_kind="machine_coded" if is_machine_coded(dataset) else "dataset",
        stance=Stance.ASSERTS,
        fatalities=fatalities,
        victims=victims if victims is not None else Victims(),
    )


def incident_id_of(dataset: str, key: str) -> str:
    """The stable id of the incident a dataset row reports: a re-import finds the same one."""
    return hashlib.sha256(f"{dataset.lower()}:{key}".encode()).hexdigest()[:20]


def canonical_row(columns: Sequence[str], values: dict[str, str]) -> bytes:
    """The header and the row as two CSV lines (minimal quoting, ``\\n``), columns in ``columns``
    order: the same row in any column order gives the same bytes, so the same document."""
    return CanonicalRows(columns).of(values)


class CanonicalRows:
    """:func:`canonical_row` for many rows of one file: the header line written once, one writer
    and buffer reused (a reader makes a document of every row)."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = list(columns)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self._writer.writerow(self.columns)
        self._header = self._buffer.getvalue()
        self._pick = itemgetter(*self.columns) if len(self.columns) > 1 else None

    def of(self, values: dict[str, str]) -> bytes:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._writer.writerow(self._fields(values))
        return (self._header + buffer.getvalue()).encode("utf-8")

    def _fields(self, values: dict[str, str]) -> Sequence[str]:
        if self._pick is not None:
            try:
                # A row read from the file has every column of its header: one C call.
                return cast(Sequence[str], self._pick(values))
            except KeyError:
                pass
        return [values.get(name, "") for name in self.columns]


def parse_canonical(original: bytes) -> dict[str, str]:
    """The fields of a row document (the inverse of :func:`canonical_row`)."""
    rows = list(csv.reader(io.StringIO(original.decode("utf-8"))))
    if len(rows) != 2 or len(rows[0]) != len(rows[1]):
        raise InputError("not a dataset row document (header and one row)")
    return dict(zip(rows[0], rows[1], strict=True))


@dataclass(frozen=True, slots=True)
class RawRows:
    """Some rows of a dataset file as read — each its first line number and its fields by
    position, or why it cannot be read — with the header they are read by and the columns kept
    (required, then tolerated extras present). Plain data: a worker process parses them."""

    path: str
    header: tuple[str, ...]
    kept: tuple[str, ...]
    rows: list[tuple[int, list[str]] | RowError]


def iter_raw(
    path: Path, *, required: Sequence[str], tolerated: Sequence[str], size: int = 1000
) -> Iterator[RawRows]:
    """Streams a CSV file in chunks of ``size`` rows (blank lines left out). A bad header raises
    InputError at the first ``next``, before any row."""
    try:
        handle: TextIO = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file: no header", where=f"{path}:1") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"unreadable header ({exc})", where=f"{path}:1") from exc
        header = [name.strip() for name in header]
        missing = [name for name in required if name not in header]
        if missing:
            raise InputError(
                f"missing required column(s) {', '.join(missing)}: nothing imported",
                where=f"{path}:1",
            )
        kept = (*required, *(name for name in tolerated if name in header))
        where, width, names = str(path), len(header), tuple(header)
        rows: list[tuple[int, list[str]] | RowError] = []
        last = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                rows.append(RowError(where, last + 1, "(row)", f"unreadable: {exc}"))
                last = reader.line_num
                continue
            line, last = last + 1, reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != width:
                problem = f"{len(fields)} fields where the header has {width}"
                rows.append(RowError(where, line, "(row)", problem))
            else:
                rows.append((line, fields))
            if len(rows) >= size:
                yield RawRows(where, names, kept, rows)
                rows = []
        if rows:
            yield RawRows(where, names, kept, rows)


# Field parsers: each raises FieldError naming the field.


def text_of(values: dict[str, str], name: str) -> str | None:
    value = values.get(name, "").strip()
    return value or None


def required_text(values: dict[str, str], name: str) -> str:
    value = text_of(values, name)
    if value is None:
        raise FieldError(name, "empty")
    return value


def integer_of(values: dict[str, str], name: str, *, required: bool = False) -> int | None:
    raw = values.get(name, "").strip()
    if not raw:
        if required:
            raise FieldError(name, "empty")
        return None
    if len(raw) > 32:  # a count of people has a handful of digits; int() would refuse thousands
        raise FieldError(name, f"not a count: {len(raw)} characters")
    try:
        number = float(raw) if "." in raw else int(raw)
    except ValueError:
        raise FieldError(name, f"not an integer: {raw!r}") from None
    if isinstance(number, float):
        if not number.is_integer():
            raise FieldError(name, f"not an integer: {raw!r}")
        number = int(number)
    problem = count_problem(number)
    if problem:
        raise FieldError(name, problem)
    return number


def coordinate_of(values: dict[str, str], name: str, limit: float) -> float | None:
    raw = values.get(name, "").strip()
    if not raw:
        return None
    try:
        number = float(raw)
    except ValueError:
        raise FieldError(name, f"not a number: {raw!r}") from None
    if not -limit <= number <= limit:
        raise FieldError(name, f"out of range (±{limit:g}): {raw!r}")
    return number


def date_of(values: dict[str, str], name: str) -> date:
    """ACLED has written dates as 2025-10-16, 16-10-2025 and 16 October 2025; UCDP adds a time."""
    raw = values.get(name, "").strip()
    if not raw:
        raise FieldError(name, "empty")
    candidate = raw[:10] if len(raw) > 10 and raw[4:5] == "-" else raw
    if _is_iso_day(candidate):
        # What strptime's first pattern (%Y-%m-%d) reads, several times faster.
        try:
            day = date.fromisoformat(candidate)
        except ValueError:
            raise FieldError(name, f"not a date: {raw[:40]!r}") from None
        problem = day_problem(day)
        if problem:
            raise FieldError(name, problem)
        return day
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
        problem = day_problem(day)
        if problem:
            raise FieldError(name, problem)
        return day
    raise FieldError(name, f"not a date: {raw[:40]!r}")


def _is_iso_day(text: str) -> bool:
    """Whether ``text`` is exactly ``dddd-dd-dd`` (ASCII digits)."""
    return (
        len(text) == 10
        and text[4] == "-"
        and text[7] == "-"
        and text[:4].isascii()
        and text[:4].isdigit()
        and text[5:7].isdigit()
        and text[8:].isdigit()
        and text[5:7].isascii()
        and text[8:].isascii()
    )


RowParser = Callable[..., DatasetRecord]
"""``parse(values, *, dataset, line, original, document_id)``: one row as a record, or FieldError."""


def read_records(
    path: Path,
    parse: RowParser,
    *,
    dataset: str,
    required: Sequence[str],
    tolerated: Sequence[str] = (),
) -> Iterator[DatasetRecord | RowError]:
    """Each row of a dataset CSV, in order: the record ``parse`` makes of it, or the error that
    skips it. The row's document is its canonical bytes (:func:`canonical_row`)."""
    for raw in iter_raw(path, required=required, tolerated=tolerated):
        yield from parse_raw(raw, parse, dataset=dataset)


def parse_raw(
    raw: RawRows, parse: RowParser, *, dataset: str
) -> Iterator[DatasetRecord | RowError]:
    """The records (or errors) of rows read by :func:`iter_raw`, in order."""
    rows = CanonicalRows(raw.kept)
    header = raw.header
    sha256 = hashlib.sha256
    for item in raw.rows:
        if isinstance(item, RowError):
            yield item
            continue
        line, fields = item
        values = dict(zip(header, fields, strict=True))
        original = rows.of(values)
        try:
            yield parse(
                values,
                dataset=dataset,
                line=line,
                original=original,
                document_id=sha256(original).hexdigest(),
            )
        except FieldError as problem:
            yield RowError(raw.path, line, problem.field, problem.problem)
