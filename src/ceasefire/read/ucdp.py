"""UCDP's Georeferenced Event Dataset (GED) CSV, streamed: each good row an incident with one claim."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ceasefire.domain import (
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    TargetCategory,
)
from ceasefire.domain.datasets import (
    DATE_PREC,
    UCDP_COLUMNS,
    VIOLENCE_TYPE,
    WHERE_PREC,
    victims_of,
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

FORMAT = "ucdp"


def parse_ucdp(
    values: dict[str, str], *, dataset: str, line: int, original: bytes, document_id: str
) -> DatasetRecord:
    key = required_text(values, "id")
    violence = integer_of(values, "type_of_violence", required=True)
    if violence not in VIOLENCE_TYPE:
        raise FieldError("type_of_violence", f"not 1, 2 or 3: {values['type_of_violence']!r}")
    start = date_of(values, "date_start")
    date_of(values, "date_end")
    date_prec = integer_of(values, "date_prec") or 1
    if date_prec not in DATE_PREC:
        raise FieldError("date_prec", f"not 1 to 5: {values['date_prec']!r}")
    where_prec = integer_of(values, "where_prec") or 1
    if where_prec not in WHERE_PREC:
        raise FieldError("where_prec", f"not 1 to 7: {values['where_prec']!r}")
    clarity = integer_of(values, "event_clarity")
    if clarity not in (None, 1, 2):
        raise FieldError("event_clarity", f"not 1 or 2: {values['event_clarity']!r}")
    latitude = coordinate_of(values, "latitude", 90)
    longitude = coordinate_of(values, "longitude", 180)
    best = integer_of(values, "best", required=True)
    low = integer_of(values, "low", required=True)
    high = integer_of(values, "high", required=True)
    assert best is not None and low is not None and high is not None
    if not low <= best <= high:
        raise FieldError("best", f"not between low and high: {low} ≤ {best} ≤ {high} fails")
    deaths = {
        name: integer_of(values, name)
        for name in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    }
    event_type, sub_event_type = VIOLENCE_TYPE[violence]
    victims = victims_of(violence, deaths)
    targets = tuple(
        category for category in TargetCategory if victims.killed.get(category) is not None
    )
    notes = values.get("source_headline", "") or values.get("where_description", "")
    lead = is_machine_coded(dataset)
    claim = dataset_claim(
        dataset, document_id, quote=notes, fatalities=Quantity(low, high), victims=victims
    )
    incident = Incident(
        id=incident_id_of(dataset, key),
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=EventDate(start, DATE_PREC[date_prec]),
        place=Place(
            country=text_of(values, "country"),
            admin1=text_of(values, "adm_1"),
            admin2=text_of(values, "adm_2"),
            location=text_of(values, "where_coordinates"),
            latitude=latitude,
            longitude=longitude,
            geo_precision=WHERE_PREC[where_prec],
        ),
        actor1=text_of(values, "side_a"),
        actor2=text_of(values, "side_b"),
        target_categories=targets,
        fatalities=Estimate(low, best, high),
        victims=victims,
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
        is_lead=lead,
    )


def read_ucdp(path: Path, *, dataset: str = "UCDP GED") -> Iterator[DatasetRecord | RowError]:
    """Each row of a GED CSV, in order: a record, or the error that skips it."""
    return read_records(path, parse_ucdp, dataset=dataset, required=UCDP_COLUMNS)
