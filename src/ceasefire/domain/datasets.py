"""The columns and codes of the event datasets we read and write (ACLED, UCDP GED), as data."""

from __future__ import annotations

from ceasefire.domain.event import DatePrecision, TargetCategory, Victims

# --- ACLED ---

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
OLDER_COLUMNS = ("event_id_no_cnty", "data_id", "iso3")
"""Columns of older exports: accepted and kept in the row's document, not exported."""

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
    "Protests",
    "Riots",
)
TIME_PRECISION = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}
ACLED_PRECISION_CODE = {
    DatePrecision.DAY: 1,
    DatePrecision.WEEK: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.YEAR: 3,
    DatePrecision.UNKNOWN: 3,
}
# ACLED's actor types, by code and by the text newer exports write.
INTER_CODES = {
    0: "",
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
INTER_TEXT = {text.lower().rstrip("s"): code for code, text in INTER_CODES.items() if text}
# ACLED's names of a demonstration's crowd, by the country it took place in ("Protesters
# (Pakistan)"), keyed by the actor's category: a crowd is no party's side.
CROWDS = {"protesters": "Protesters ({country})", "rioters": "Rioters ({country})"}
_CROWD_HEADS = tuple(name.partition("{")[0] for name in CROWDS.values())


def is_crowd(actor: str | None) -> bool:
    """Whether an actor's name is one of CROWDS."""
    return actor is not None and actor.startswith(_CROWD_HEADS) and actor.endswith(")")


INTER_TARGET = {
    1: TargetCategory.SECURITY_FORCES,
    2: TargetCategory.MILITANTS,
    3: TargetCategory.MILITANTS,
    4: TargetCategory.MILITANTS,
    7: TargetCategory.CIVILIANS,
    8: TargetCategory.SECURITY_FORCES,
}
DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence",
    "Strategic developments": "Strategic developments",
}


# --- UCDP GED ---

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
UCDP_PRECISION_CODE = {
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


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d/%m/%Y")
"""The date forms the datasets have used: 2025-10-16, 16-10-2025, 16 October 2025 (ACLED)."""
