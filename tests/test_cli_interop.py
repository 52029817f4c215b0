"""`ceasefire import acled|ucdp` and `ceasefire export incidents`: round trips column for column,
bad rows and headers, re-imports that update and delete, machine-coded leads, tampering."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from ceasefire.config import Settings
from ceasefire.domain.datasets import ACLED_COLUMNS, UCDP_COLUMNS
from ceasefire.schema import incident_schema

from .conftest import REPO, Cli

DATA = REPO / "tests" / "data"
ACLED = DATA / "acled_sample.csv"
UCDP = DATA / "ucdp_sample.csv"
SCHEMA = incident_schema()
GOOD_ACLED = {"PAK150001", "AFG90002", "PAK150003"}


def rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def export(run: Cli, tmp_path: Path, fmt: str, *filters: str) -> Path:
    target = tmp_path / f"out.{fmt}"
    result = run("export", "incidents", "--format", fmt, "--output", str(target), *filters)
    assert result.exit_code == 0, result.output
    return target


def test_acled_round_trip_column_for_column_and_bad_rows_by_line(run: Cli, tmp_path: Path) -> None:
    result = run("import", "acled", "--no-extract", str(ACLED))
    assert result.exit_code == 1  # some rows were skipped
    assert "3 added" in result.stdout
    assert f"{ACLED}:6: field 'event_date': not a date" in result.stderr
    assert f"{ACLED}:7: field 'latitude': out of range" in result.stderr
    assert f"{ACLED}:8: field 'fatalities': not an integer" in result.stderr
    assert f"{ACLED}:9: field '(row)'" in result.stderr
    exported = export(run, tmp_path, "acled-csv")
    with exported.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(ACLED_COLUMNS)
    original, back = rows(ACLED, "event_id_cnty"), rows(exported, "event_id_cnty")
    assert set(back) == GOOD_ACLED
    for key in GOOD_ACLED:
        assert back[key] == original[key], key
    again = run("import", "acled", "--no-extract", str(ACLED))
    assert "0 added, 0 updated, 3 unchanged" in again.stdout
    assert run("log", "verify").exit_code == 0


def test_ucdp_round_trip_column_for_column(run: Cli, tmp_path: Path) -> None:
    result = run("import", "ucdp", "--no-extract", str(UCDP))
    assert "2 added" in result.stdout
    assert f"{UCDP}:4: field 'deaths_civilians'" in result.stderr
    exported = export(run, tmp_path, "ucdp-csv")
    with exported.open(encoding="utf-8", newline="") as handle:
        assert len(next(csv.reader(handle))) == len(UCDP_COLUMNS) == 49
    original, back = rows(UCDP, "id"), rows(exported, "id")
    assert set(back) == {"512001", "512002"}
    for key in back:
        assert back[key] == original[key], key
    record = json.loads(
        export(run, tmp_path, "jsonl", "--admin1", "Khyber Pakhtunkhwa province")
        .read_text()
        .splitlines()[0]
    )
    assert record["victims"]["killed"]["security_forces"] in (11, None)
    assert run("log", "verify").exit_code == 0


def test_bad_header_fails_the_whole_file_and_writes_nothing(run: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    text = ACLED.read_text(encoding="utf-8").replace("fatalities,", "deaths,", 1)
    bad.write_text(text, encoding="utf-8")
    result = run("import", "acled", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:1: missing required column(s) fatalities" in result.stderr
    assert "the record verifies, 0 entries" in run("log", "verify").output


def test_notes_claims_kept_and_records_follow_the_schema(run: Cli, tmp_path: Path) -> None:
    assert run("import", "acled", str(ACLED)).exit_code == 1
    lines = export(run, tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for record in records:
        validator.validate(record)
    chaman = next(r for r in records if r["location"] == "Chaman")
    sources = [c["source_kind"] for c in chaman["claims"]]
    assert sources[0] == "dataset" and chaman["claims"][0]["source"] == "ACLED"
    assert len(chaman["claims"]) >= 2, "the notes' own claims are attached to ACLED's incident"
    assert chaman["fatalities"] == {"low": 3, "best": 3, "high": 3}
    geo = json.loads(export(run, tmp_path, "geojson", "--country", "Pakistan").read_text())
    assert geo["type"] == "FeatureCollection"
    assert {f["properties"]["country"] for f in geo["features"]} == {"Pakistan"}
    point = next(f for f in geo["features"] if f["properties"]["location"] == "Chaman")
    assert point["geometry"] == {"type": "Point", "coordinates": [66.4597, 30.921]}
    assert set(SCHEMA["required"]) <= set(point["properties"])
    assert run("log", "verify").exit_code == 0


def _newer_export(tmp_path: Path) -> Path:
    """PAK150001 revised (4 killed), PAK150003 withdrawn, AFG90002 unchanged, PAK150008 new: the
    file covers Pakistan from 16 to 20 October, so PAK150003 (18 October) is gone from it."""
    with ACLED.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        kept = [r for r in reader if r["event_id_cnty"] in {"PAK150001", "AFG90002"}]
    kept[0]["fatalities"] = "4"
    kept[0]["timestamp"] = "1761999999"
    later = dict(
        kept[0], event_id_cnty="PAK150008", event_date="2025-10-20", notes="", fatalities="0"
    )
    kept.append(later)
    newer = tmp_path / "newer.csv"
    with newer.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        writer.writerows(kept)
    return newer


def test_newer_export_updates_claims_and_records_deletions(run: Cli, tmp_path: Path) -> None:
    run("import", "acled", "--no-extract", str(ACLED))
    newer = _newer_export(tmp_path)
    result = run("import", "acled", "--no-extract", str(newer))
    assert result.exit_code == 0, result.output
    assert "1 added, 1 updated, 1 unchanged, 0 restored, 1 deleted" in result.stdout
    shown = run("log", "show", "--json").stdout
    entries = [json.loads(line) for line in shown.splitlines() if line.startswith("{")]
    kinds = [e["kind"] for e in entries]
    assert kinds.count("claim_updated") == 1 and kinds.count("dataset_row_deleted") == 1
    updated = next(e for e in entries if e["kind"] == "claim_updated")
    assert "fatalities" in updated["payload"]["changed"]
    assert updated["payload"]["previous_claim"]["fatalities"] == {"low": 3, "high": 3}
    assert updated["payload"]["claim"]["fatalities"] == {"low": 4, "high": 4}
    back = rows(export(run, tmp_path, "acled-csv"), "event_id_cnty")
    assert back == rows(newer, "event_id_cnty")
    records = [json.loads(x) for x in export(run, tmp_path, "jsonl").read_text().splitlines()]
    assert {r["grade"] for r in records if r["location"] == "Bannu"} == {"discounted"}
    assert run("log", "verify").exit_code == 0
    bundle = tmp_path / "bundle"
    assert run("export", "bundle", str(bundle)).exit_code == 0
    assert run("log", "verify", "--bundle", str(bundle)).exit_code == 0


def test_machine_coded_rows_are_weak_leads(run: Cli, tmp_path: Path) -> None:
    run("import", "acled", "--no-extract", "--dataset", "GDELT", str(ACLED))
    records = [json.loads(x) for x in export(run, tmp_path, "jsonl").read_text().splitlines()]
    assert {r["grade"] for r in records} == {"weak"}
    assert {r["claims"][0]["source_kind"] for r in records} == {"machine_coded"}


@pytest.fixture
def local(sqlite_settings: Settings) -> Cli:
    return Cli(sqlite_settings)


def test_tampering_with_an_imported_incident_is_named(local: Cli) -> None:
    local("import", "acled", "--no-extract", str(ACLED))
    with sqlite3.connect(local.settings.data / "ceasefire.db", isolation_level=None) as db:
        db.execute("UPDATE incidents SET fatalities_low = 0 WHERE location = 'Chaman'")
        db.execute("UPDATE dataset_rows SET is_deleted = 1 WHERE key = 'AFG90002'")
    result = local("log", "verify")
    assert result.exit_code == 1
    assert "changed (fatalities)" in result.stdout
    assert "dataset row ACLED:AFG90002 changed (deleted)" in result.stdout


def _with_values(source: Path, target: Path, key: str, changes: dict[str, dict[str, str]]) -> Path:
    """``source`` with some fields of some rows (by ``key``) changed, the rest as they were."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, table = list(reader.fieldnames or []), list(reader)
    for row in table:
        row.update(changes.get(row[key], {}))
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(table)
    return target


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        # Issue 16, medium 8: a traceback, and none of the file's valid rows imported.
        ("fatalities", "1" * 23, "too large (at most 10,000,000): 11111111111111111111111"),
        ("fatalities", "9" * 5000, "not a count: 5000 characters"),
        ("event_date", "9999-12-31", "out of range (1900-01-01 to 2100-12-31): 9999-12-31"),
        ("timestamp", "9" * 15, "not a Unix time"),
        ("timestamp", "9999999999", "out of range"),
        ("geo_precision", "1e400", "not an integer"),
    ],
)
def test_acled_numbers_and_dates_past_the_bounds_skip_their_row(
    run: Cli, tmp_path: Path, field: str, value: str, problem: str
) -> None:
    path = _with_values(ACLED, tmp_path / "a.csv", "event_id_cnty", {"PAK150001": {field: value}})
    result = run("import", "acled", "--no-extract", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: field '{field}': {problem}" in result.stderr
    assert "Traceback" not in result.output
    assert "2 added" in result.stdout  # the other good rows went in
    assert all(len(line) < 300 for line in result.stderr.splitlines())


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("best", "1" * 23, "too large"),
        ("deaths_civilians", "20000000", "too large (at most 10,000,000): 20000000"),
        ("date_start", "9999-12-31", "out of range"),
        ("date_end", "0001-01-01", "out of range"),
    ],
)
def test_ged_numbers_and_dates_past_the_bounds_skip_their_row(
    run: Cli, tmp_path: Path, field: str, value: str, problem: str
) -> None:
    path = _with_values(UCDP, tmp_path / "g.csv", "id", {"512001": {field: value}})
    result = run("import", "ucdp", "--no-extract", str(path))
    assert f"{path}:2: field '{field}': {problem}" in result.stderr
    assert "Traceback" not in result.output
    assert "1 added" in result.stdout


def test_a_file_of_the_data_folder_is_never_imported(run: Cli, tmp_path: Path) -> None:
    run.settings.data.mkdir(parents=True, exist_ok=True)
    inside = run.settings.data / "acled.csv"
    inside.write_bytes(ACLED.read_bytes())
    (tmp_path / "link.csv").symlink_to(inside)
    for path in (inside, tmp_path / "link.csv"):
        result = run("import", "acled", "--no-extract", str(path))
        assert result.exit_code == 2
        assert f"{path}: inside the data folder: never read" in result.stderr
    assert "0 of 0 incidents" in run("incidents").output
