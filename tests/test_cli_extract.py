"""`ceasefire extract` and `ceasefire eval` end to end on the seeds; records validated against the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from ceasefire.cli import cli
from ceasefire.schema import incident_schema

from .conftest import SEEDS

SCHEMA = incident_schema()
WIRE = SEEDS / "000_8e8533f7b8c10054.txt"
EXPLAINER = SEEDS / "003_ba32c1912651ddde.txt"


def extract(path: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["extract", str(path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def explainer() -> list[dict[str, Any]]:
    return extract(EXPLAINER)


@pytest.fixture(scope="module")
def wire() -> list[dict[str, Any]]:
    return extract(WIRE)


@pytest.mark.shared
def test_incident_records_follow_the_schema(
    explainer: list[dict[str, Any]], wire: list[dict[str, Any]]
) -> None:
    incidents = [r for r in explainer + wire if r["record_type"] == "incident"]
    assert len(incidents) >= 5
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for record in incidents:
        validator.validate(record)
    text = EXPLAINER.read_text(encoding="utf-8")
    for record in incidents:
        for claim in record["claims"]:
            assert claim["quote"], record["id"]
            if claim["document"] == incidents[0]["claims"][0]["document"]:
                assert len(claim["quote"]) == claim["end"] - claim["start"]
    assert text  # the quotes are offsets into the cleaned text, checked in the pipeline tests


@pytest.mark.shared
def test_records_come_in_order_incidents_aggregates_agreements(
    explainer: list[dict[str, Any]],
) -> None:
    kinds = [r["record_type"] for r in explainer]
    order = {"incident": 0, "aggregate": 1, "agreement": 2}
    assert kinds == sorted(kinds, key=order.__getitem__)
    assert {"incident", "aggregate", "agreement"} <= set(kinds)


@pytest.mark.shared
def test_strikes_on_kabul_and_paktika_alleged_against_pakistan(
    wire: list[dict[str, Any]], explainer: list[dict[str, Any]]
) -> None:
    strikes = [
        r
        for r in wire + explainer
        if r["record_type"] == "incident"
        and r["sub_event_type"] == "Air/drone strike"
        and r["country"] == "Afghanistan"
    ]
    provinces = {r["admin1"] for r in strikes}
    assert {"Kabul", "Paktika"} <= provinces
    for record in strikes:
        if record["admin1"] in {"Kabul", "Paktika"}:
            assert record["actor1"] is not None and "Pakistan" in record["actor1"]


@pytest.mark.shared
def test_unama_figure_is_an_aggregate(wire: list[dict[str, Any]]) -> None:
    aggregates = [r for r in wire if r["record_type"] == "aggregate"]
    unama = [a for a in aggregates if a["source"] == "UNAMA"]
    assert unama, aggregates
    assert unama[0]["killed"]["low"] == 36 and unama[0]["injured"]["low"] == 100


@pytest.mark.shared
def test_school_attack_of_2014_is_historical(explainer: list[dict[str, Any]]) -> None:
    historical = [r for r in explainer if r["record_type"] == "incident" and r["historical"]]
    assert any(r["fatalities"]["low"] == 131 and r["country"] == "Pakistan" for r in historical), (
        historical
    )


@pytest.mark.shared
def test_doha_agreement(explainer: list[dict[str, Any]], wire: list[dict[str, Any]]) -> None:
    agreements = [r for r in explainer + wire if r["record_type"] == "agreement"]
    assert agreements
    doha = [a for a in agreements if a["location"] == "Doha"]
    assert doha, agreements
    assert any({"Qatar", "Turkey"} <= set(a["mediators"]) for a in doha)
    assert any({"Afghanistan", "Pakistan"} <= set(a["parties"]) for a in doha)
    assert any(
        a["follow_up"]
        and a["follow_up"]["place"] == "Istanbul"
        and a["follow_up"]["date"] == "2025-10-25"
        for a in doha
    )
    assert any(len(a["commitments"]) >= 2 for a in doha)


@pytest.mark.shared
def test_table_format_for_people() -> None:
    result = CliRunner().invoke(cli, ["extract", str(EXPLAINER), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "Paktika" in result.output and "aggregate" in result.output


def test_published_flag_moves_relative_dates(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Gunmen attacked a police checkpoint in Quetta on Tuesday, killing three policemen, officials said.\n",
        encoding="utf-8",
    )
    [record] = [
        r for r in extract(story, "--published", "2025-11-06") if r["record_type"] == "incident"
    ]
    assert record["event_date"] == "2025-11-04" and record["date_precision"] == "day"
    assert record["fatalities"]["low"] == 3 and record["admin1"] == "Balochistan"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "missing.txt"),
        (["{story}", "--published", "2025-13-01"], "published"),
    ],
)
def test_bad_input_is_one_line_error(tmp_path: Path, args: list[str], message: str) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Nothing happened.\n", encoding="utf-8")
    argv = ["extract", *[a.replace("{story}", str(story)) for a in args]]
    argv = [str(tmp_path / a) if a == "missing.txt" else a for a in argv]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_schema_command_prints_the_packaged_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"], catch_exceptions=False)
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed == SCHEMA
    assert printed["properties"]["record_type"] == {"const": "incident"}
    assert {"event_date", "fatalities", "claims", "documents"} <= set(printed["required"])


@pytest.mark.shared
def test_packaged_schema_is_the_shared_contract() -> None:
    shared = SEEDS.parents[1] / "schema" / "incident.schema.json"
    assert json.loads(shared.read_text(encoding="utf-8")) == SCHEMA
