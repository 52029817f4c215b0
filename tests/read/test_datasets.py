"""Field parsers and the canonical row of read/datasets.py: the ISO fast path of ``date_of`` reads
exactly what ``strptime`` with the datasets' patterns reads, and refuses what it refuses; the row
writer made once per file gives the bytes of ``canonical_row``."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from ceasefire.domain.bounds import day_problem
from ceasefire.domain.datasets import DATE_FORMATS
from ceasefire.read.acled import inter_code
from ceasefire.read.datasets import CanonicalRows, FieldError, canonical_row, date_of


def _by_strptime(raw: str) -> date | None:
    candidate = raw[:10] if len(raw) > 10 and raw[4:5] == "-" else raw
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
        return None if day_problem(day) else day
    return None


@pytest.mark.parametrize(
    "raw",
    [
        "2025-10-16",
        "2025-10-16 00:00:00.000",
        "2024-02-29",
        "2025-02-29",
        "2025-13-01",
        "2025-00-10",
        "0000-01-01",
        "1066-10-14",
        "2025-1-16",
        "16-10-2025",
        "16 October 2025",
        "\u0662\u0660\u0662\u0665-10-16",  # Arabic-Indic digits: isdigit, not ASCII
        "2025-10-1x",
        "20251016",
    ],
)
def test_iso_days_read_as_strptime_reads_them(raw: str) -> None:
    expected = _by_strptime(raw)
    if expected is None:
        with pytest.raises(FieldError) as refused:
            date_of({"event_date": raw}, "event_date")
        assert refused.value.field == "event_date"
    else:
        assert date_of({"event_date": raw}, "event_date") == expected


def _written(columns: list[str], values: dict[str, str]) -> bytes:
    """The two lines as a fresh csv writer writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerow([values.get(name, "") for name in columns])
    return buffer.getvalue().encode("utf-8")


def test_the_row_writer_made_once_gives_the_canonical_row() -> None:
    columns = ["event_id_cnty", "notes", "fatalities"]
    rows = CanonicalRows(columns)
    for values in (
        {"event_id_cnty": "PAK1", "notes": 'said, "quoted"\nnext line', "fatalities": "2"},
        {"fatalities": "0", "event_id_cnty": "AFG2", "notes": "plain", "extra": "x"},
        {"event_id_cnty": "AFG3"},  # missing columns: empty, as canonical_row writes them
    ):
        assert rows.of(values) == canonical_row(columns, values) == _written(columns, values)
    assert rows.of({"event_id_cnty": "A", "notes": "n", "fatalities": "1"}) == (
        b"event_id_cnty,notes,fatalities\nA,n,1\n"
    )


@pytest.mark.parametrize("raw", ["9" * 5000, "77", "²"])
def test_an_actor_type_code_out_of_the_list_is_a_field_error(raw: str) -> None:
    # 5,000 digits once raised Python's own ValueError for long integers (the fuzzer found it)
    with pytest.raises(FieldError) as error:
        inter_code({"inter1": raw}, "inter1")
    assert error.value.field == "inter1" and len(str(error.value)) < 120


def test_an_actor_type_code_in_the_list_is_read() -> None:
    assert inter_code({"inter1": "3"}, "inter1") == 3
    assert inter_code({"inter1": ""}, "inter1") is None
