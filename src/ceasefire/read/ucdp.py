"""UCDP's Georeferenced Event Dataset (GED) CSV, streamed: each good row an incident with one claim."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from ceasefire.domain import (
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Place,
    Quantity,
    Stance,
    TargetCategory,
    Victims,
)
from ceasefire.read.datasets import (
    DatasetRecord,
    RowError,
    FieldError,
    canonical_row,
    coordinate_of,
    date_of,
    incident_id_of,
    integer_of,
    is_machine_coded,
    iter_rows,
    required_text,
    text_of,
)

FORMAT = "ucdp"
UCDP_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
# date_prec: 1 the day, 2 within 2–6 days, 3 within a week, 4 within a month, 5 longer.
DATE_PREC = {
    1: DatePrecision.DAY,
    2: DatePrecision.WEEK,
    3: DatePrecision.WEEK,
    4: DatePrecision.MONTH,
    5: DatePrecision.YEAR,
}
PRECISION_CODE = {
    DatePrecision.DAY: 1,
    DatePrecision.WEEK: 3,
    DatePrecision.MONTH: 4,
    DatePrecision.YEAR: 5,
    DatePrecision.UNKNOWN: 5,
}
# where_prec: 1 the place, 2 within 25 km, 3 district, 4 province, 5 a line or area, 6 the
# country, 7 international waters or airspace. ACLED's geo_precision has three steps.
WHERE_PREC = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: None, 7: None}
GEO_PRECISION_CODE = {1: 1, 2: 2, 3: 4, None: 6}
# type_of_violence: 1 state-based, 2 non-state, 3 one-sided (against civilians).
VIOLENCE_TYPE = {
    1: ("Battles", "Armed clash"),
    2: ("Battles", "Armed clash"),
    3: ("Violence against civilians", "Attack"),
}


def victims_of(violence: int, deaths: dict[str, int | None]) -> Victims:
    """UCDP's deaths by side: in state-based conflict side A is a government, so its dead are
    security forces and side B's militants; in non-state conflict both sides are militants."""
    killed: dict[TargetCategory, int] = {}

    def add(category: TargetCategory, count: int | None) -> None:
        if count:
            killed[category] = killed.get(category, 0) + count

    add(
        TargetCategory.SECURITY_FORCES if violence == 1 else TargetCategory.MILITANTS,
        deaths["deaths_a"],
    )
    add(TargetCategory.MILITANTS, deaths["deaths_b"])
    add(TargetCategory.CIVILIANS, deaths["deaths_civilians"])
    add(TargetCategory.UNKNOWN, deaths["deaths_unknown"])
    return Victims(killed=killed)


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
    claim = Claim(
        document_id=document_id,
        start=0,
        end=len(notes),
        quote=notes,
        source=dataset,
        source_kind="machine_coded" if lead else "dataset",
        stance=Stance.ASSERTS,
        fatalities=Quantity(low, high),
        victims=victims,
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
    columns: list[str] = []
    for line, kept, values in iter_rows(path, required=UCDP_COLUMNS, tolerated=()):
        if line == 1:
            columns = kept
            continue
        if isinstance(values, RowError):
            yield values
            continue
        original = canonical_row(columns, values)
        try:
            yield parse_ucdp(
                values,
                dataset=dataset,
                line=line,
                original=original,
                document_id=hashlib.sha256(original).hexdigest(),
            )
        except FieldError as problem:
            yield RowError(str(path), line, problem.field, problem.problem)
