"""ACLED's CSV export, streamed: each good row an incident with one claim by ACLED, and a document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from ceasefire.domain import (
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    TargetCategory,
)
from ceasefire.domain.bounds import day_problem
from ceasefire.domain.datasets import (
    ACLED_COLUMNS,
    EVENT_TYPES,
    INTER_CODES,
    INTER_TARGET,
    INTER_TEXT,
    OLDER_COLUMNS,
    TIME_PRECISION,
)
from ceasefire.read.datasets import (
    DatasetRecord,
    FieldError,
    RowError,
    coordinate_of,
    dataset_claim,
    date_of,
    incident_id_of,
    integer_of,
    is_machine_coded,
    read_records,
    required_text,
    text_of,
)

FORMAT = "acled"


def inter_code(values: dict[str, str], name: str) -> int | None:
    """An inter code given as a number (older exports) or as its text (newer ones)."""
    raw = values.get(name, "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit():
        # a code has one or two digits: int() of thousands would raise instead of this error
        code = int(raw) if len(raw) <= 3 else None
        if code not in INTER_CODES:
            shown = raw if len(raw) <= 12 else f"{raw[:12]}… ({len(raw)} digits)"
            raise FieldError(name, f"unknown actor type code {shown!r}")
        return code
    found = INTER_TEXT.get(raw.lower().rstrip("s"))
    if found is None:
        raise FieldError(name, f"unknown actor type {raw!r}")
    return found


def _published(values: dict[str, str]) -> date | None:
    """The day ACLED last changed the row (a Unix time), within the bounds the record holds."""
    raw = values.get("timestamp", "").strip()
    if not raw.isdigit():
        return None
    try:
        if len(raw) > 12:
            raise OverflowError(raw)
        day = datetime.fromtimestamp(int(raw), UTC).date()
    except (OverflowError, OSError, ValueError):
        raise FieldError("timestamp", f"not a Unix time: {raw[:40]!r}") from None
    problem = day_problem(day)
    if problem:
        raise FieldError("timestamp", problem)
    return day


def parse_acled(
    values: dict[str, str], *, dataset: str, line: int, original: bytes, document_id: str
) -> DatasetRecord:
    """One ACLED row as a record; raises FieldError naming the first bad field."""
    key = required_text(values, "event_id_cnty")
    day = date_of(values, "event_date")
    precision_code = integer_of(values, "time_precision") or 1
    if precision_code not in TIME_PRECISION:
        raise FieldError("time_precision", f"not 1, 2 or 3: {values['time_precision']!r}")
    event_type = required_text(values, "event_type")
    if event_type not in EVENT_TYPES:
        raise FieldError("event_type", f"not an ACLED event type: {event_type!r}")
    sub_event_type = required_text(values, "sub_event_type")
    latitude = coordinate_of(values, "latitude", 90)
    longitude = coordinate_of(values, "longitude", 180)
    geo_precision = integer_of(values, "geo_precision")
    if geo_precision not in (None, 1, 2, 3):
        raise FieldError("geo_precision", f"not 1, 2 or 3: {values['geo_precision']!r}")
    fatalities = integer_of(values, "fatalities", required=True)
    inter_code(values, "inter1")
    target = inter_code(values, "inter2")
    targets: list[TargetCategory] = []
    if (values.get("civilian_targeting") or "").strip():
        targets.append(TargetCategory.CIVILIANS)
    if target in INTER_TARGET and INTER_TARGET[target] not in targets:
        targets.append(INTER_TARGET[target])
    notes = values.get("notes", "")
    lead = is_machine_coded(dataset)
    claim = dataset_claim(
        dataset, document_id, quote=notes, fatalities=Quantity(fatalities, fatalities)
    )
    incident = Incident(
        id=incident_id_of(dataset, key),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=EventDate(day, TIME_PRECISION[precision_code]),
        place=Place(
            country=text_of(values, "country"),
            admin1=text_of(values, "admin1"),
            admin2=text_of(values, "admin2"),
            location=text_of(values, "location"),
            latitude=latitude,
            longitude=longitude,
            geo_precision=geo_precision,
        ),
        actor1=text_of(values, "actor1"),
        actor2=text_of(values, "actor2"),
        target_categories=tuple(targets),
        fatalities=Estimate(fatalities, fatalities, fatalities),
        claims=[claim],
        grade="weak" if lead else None,
    )
    return DatasetRecord(
        dataset=dataset,
        format=FORMAT,
        key=key,
        line=line,
        original=original,
        notes=notes,
        country=incident.place.country,
        incident=incident,
        published=_published(values),
        is_lead=lead,
    )


def read_acled(path: Path, *, dataset: str = "ACLED") -> Iterator[DatasetRecord | RowError]:
    """Each row of an ACLED export, in order: a record, or the error that skips it."""
    return read_records(
        path, parse_acled, dataset=dataset, required=ACLED_COLUMNS, tolerated=OLDER_COLUMNS
    )
