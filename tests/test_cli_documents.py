"""The CLI end to end on both backends: ingest, documents, show, and bad input case by case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import cli
from ceasefire.domain.document import document_id

from .conftest import DEMO, SEEDS, Cli

AL_JAZEERA = "003_ba32c1912651ddde.txt"


def _id_of(name: str) -> str:
    return document_id((SEEDS / name).read_bytes())


@pytest.mark.shared
def test_ingest_seeds_then_again(run: Cli) -> None:
    first = run("ingest", str(SEEDS))
    assert first.exit_code == 0, first.output
    assert "2 added, 0 already present, 0 failed, 1 skipped" in first.output
    second = run("ingest", str(SEEDS))
    assert second.exit_code == 0
    assert "0 added, 2 already present, 0 failed" in second.output
    assert "nothing changed" in second.output
    listing = run("documents")
    assert listing.output.count("\n") >= 3
    assert "2 documents" in listing.output
    assert _id_of(AL_JAZEERA)[:12] in listing.output


@pytest.mark.shared
def test_show_al_jazeera_without_junk(run: Cli) -> None:
    run("ingest", str(SEEDS))
    shown = run("show", _id_of(AL_JAZEERA)[:8])
    assert shown.exit_code == 0
    lines = [line.strip() for line in shown.output.splitlines()]
    assert "publisher  Al Jazeera" in lines
    assert "published  2025-10-19" in lines
    for junk in ("Recommended Stories", "Leave a Reply", "Source: Aljazeera"):
        assert junk not in lines
    assert not any(line.startswith("list of 4 items") for line in lines)
    assert "2, 414" in shown.output


@pytest.mark.shared
def test_originals_are_kept_byte_for_byte(run: Cli) -> None:
    run("ingest", str(SEEDS))
    digest = _id_of(AL_JAZEERA)
    kept = run.settings.documents_dir / digest[:2] / digest[2:]
    assert kept.read_bytes() == (SEEDS / AL_JAZEERA).read_bytes()


@pytest.mark.shared
def test_flags_win_over_meta_jsonl(run: Cli, tmp_path: Path) -> None:
    result = run(
        "ingest",
        str(SEEDS / AL_JAZEERA),
        "--publisher",
        "Example Publisher",
        "--kind",
        "statement",
        "--url",
        "https://example.org/a",
    )
    assert result.exit_code == 0, result.output
    shown = run("show", _id_of(AL_JAZEERA)[:8]).output
    assert "publisher  Example Publisher" in shown
    assert "kind  statement" in shown
    assert "published  2025-10-19" in shown  # still from meta.jsonl


def test_demo_reports(run: Cli) -> None:
    result = run("ingest", str(DEMO))
    assert result.exit_code == 0, result.output
    assert "7 added" in result.output
    listing = run("documents").output
    for kind in ("news", "statement", "complaint", "monitor_report"):
        assert kind in listing


def test_batch_reports_each_failure_and_keeps_the_rest(run: Cli, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Shelling was reported near the crossing.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1
    assert "1 added, 0 already present, 3 failed" in result.output
    assert "empty.txt: empty file" in result.output
    assert "binary.txt: binary file" in result.output
    assert "latin.txt: not UTF-8 text" in result.output
    assert "1 document" in run("documents").output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ingest", "{tmp}/absent.txt"], "absent.txt: no such file"),
        (["ingest", "{tmp}/ok.txt", "--published", "2025-02-30"], "field 'published': not a date"),
        (["ingest", "{tmp}/ok.txt", "--language", "12"], "field 'language': not a language code"),
        (["show", "zz"], "at least 4 hex characters"),
        (["show", "abcdef12"], "no document or incident with this id prefix"),
    ],
)
def test_bad_input_one_line_error(run: Cli, tmp_path: Path, args: list[str], expected: str) -> None:
    (tmp_path / "ok.txt").write_text("A report.", encoding="utf-8")
    result = run(*[arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert result.exit_code != 0
    errors = [line for line in result.output.splitlines() if expected in line]
    assert errors, result.output
    assert "\n0 documents" in run("documents").output


def test_unknown_kind_is_refused(run: Cli, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("A report.", encoding="utf-8")
    result = run("ingest", str(tmp_path / "ok.txt"), "--kind", "rumour")
    assert result.exit_code == 2
    assert "'rumour' is not one of" in result.output


def test_malformed_sidecar_fails_that_file_only(run: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First report.", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"published": "yesterday"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second report.", encoding="utf-8")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1
    assert "a.txt.meta.json: field 'published': not a date" in result.output
    assert "1 added, 0 already present, 1 failed" in result.output


def test_malformed_meta_jsonl_fails_the_folder(run: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First report.", encoding="utf-8")
    (tmp_path / "meta.jsonl").write_text(json.dumps({"file": "a.txt", "kind": "gossip"}) + "\n")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1
    assert "meta.jsonl line 1: field 'kind': unknown kind 'gossip'" in result.output
    assert "0 added" in result.output


def test_schema_from_newer_version_exits_cleanly(run: Cli) -> None:
    from sqlalchemy import create_engine, text

    run("ingest", str(DEMO))
    engine = create_engine(run.settings.database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    engine.dispose()
    result = run("documents")
    assert result.exit_code == 2
    assert "made by a newer version of ceasefire" in result.output


def test_data_dir_from_environment(tmp_path: Path) -> None:
    runner = CliRunner(env={"CEASEFIRE_DATA": str(tmp_path / "from-env"), "CEASEFIRE_DB": None})
    result = runner.invoke(cli, ["ingest", str(DEMO)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-env" / "ceasefire.db").is_file()


def test_version_names_the_package() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("ceasefire ")
    assert "spaCy English pipeline: en_core_web_sm" in result.output  # which model reads the text


def test_a_newline_in_a_file_name_stays_on_one_line(run: Cli, tmp_path: Path) -> None:
    """Issue 16, low: a newline in a file name split the output line."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "line\nbreak.txt").write_text("Shelling was reported near the crossing.", "utf-8")
    (folder / "[bold]styled.txt").write_bytes(b"")
    result = run("ingest", "--no-extract", str(folder))
    lines = result.output.splitlines()
    added = [line for line in lines if line.startswith("added")]
    assert len(added) == 1 and added[0].endswith("line\\nbreak.txt"), result.output
    assert any("[bold]styled.txt: empty file" in line for line in lines), result.output
    assert len(lines) == 3  # added, failed, the summary


def test_a_meta_jsonl_naming_a_missing_file_fails(run: Cli, tmp_path: Path) -> None:
    """Issue 16, low: it was silently ignored (exit 0, 'nothing changed' on an empty store)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "b.txt").write_text("A report of the day.", encoding="utf-8")
    (folder / "meta.jsonl").write_text(json.dumps({"file": "missing.txt"}) + "\n")
    result = run("ingest", "--no-extract", str(folder))
    assert result.exit_code == 1
    assert "meta.jsonl line 1: field 'file': 'missing.txt' no such file in the folder" in (
        result.output
    )
    assert "every document was already in the record" not in result.output
    assert "0 added, 0 already present, 1 failed, 1 skipped" in result.output


def test_one_bad_meta_jsonl_line_fails_its_file_only_and_once(run: Cli, tmp_path: Path) -> None:
    """Issue 16, low: one bad line failed every file of the folder, its error repeated for each."""
    folder = tmp_path / "docs"
    folder.mkdir()
    lines = [{"file": f"r{n}.txt", "publisher": f"P{n}"} for n in range(9)]
    lines[4]["published"] = "not a date"
    for n in range(9):
        (folder / f"r{n}.txt").write_text(f"Report number {n} of the day.", encoding="utf-8")
    text = "\n".join(json.dumps(line) for line in lines) + "\n{not json\n"
    (folder / "meta.jsonl").write_text(text, encoding="utf-8")
    result = run("ingest", "--no-extract", str(folder))
    assert result.exit_code == 1
    assert result.output.count("field 'published': not a date") == 1
    assert "meta.jsonl line 5: field 'published'" in result.output
    assert result.output.count("not valid JSON") == 1
    assert "8 added, 0 already present, 2 failed" in result.output
    listing = run("documents").output
    assert "P3" in listing and "P4" not in listing


def test_a_sidecar_linked_from_outside_the_folder_is_refused(run: Cli, tmp_path: Path) -> None:
    folder, outside = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    outside.mkdir()
    (outside / "meta.json").write_text(json.dumps({"publisher": "Elsewhere"}), "utf-8")
    (folder / "a.txt").write_text("A report of the day.", encoding="utf-8")
    (folder / "a.txt.meta.json").symlink_to(outside / "meta.json")
    result = run("ingest", "--no-extract", str(folder))
    assert result.exit_code == 1
    assert "a.txt.meta.json: a symbolic link out of the folder" in result.output
    assert "0 added" in result.output


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01", "2101-01-01"])
def test_a_publication_day_past_the_bounds_fails_its_file_only(
    run: Cli, tmp_path: Path, published: str
) -> None:
    """Issue 16, medium 8: a document published 9999-12-31 with a relative date ('yesterday') was
    a traceback, and the other files of the batch were not ingested."""
    folder = tmp_path / "docs"
    folder.mkdir()
    text = "Officials said militants attacked a checkpoint in Kurram yesterday, killing two."
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.txt.meta.json").write_text(json.dumps({"published": published}), "utf-8")
    (folder / "b.txt").write_text("Shelling was reported near the crossing on Monday.", "utf-8")
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    assert (
        f"a.txt.meta.json: field 'published': out of range (1900-01-01 to 2100-12-31): {published}"
        in (result.output)
    )
    assert "1 added, 0 already present, 1 failed" in result.output
    flag = run("ingest", str(folder / "a.txt"), "--published", published)
    assert flag.exit_code == 2 and "command line: field 'published': out of range" in flag.output


def test_names_and_titles_from_files_are_shown_as_written(run: Cli, tmp_path: Path) -> None:
    """A title with Rich markup ('[/]') was a traceback in `documents` and `show`; a newline in a
    file name split the listing's row."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "line\nbreak.txt").write_text("Shelling was reported near the crossing.", "utf-8")
    (folder / "b.txt").write_text("A second report of the day.", encoding="utf-8")
    title = {"title": "Clash [/] at [bold]Torkham", "publisher": "[red]Wire"}
    (folder / "b.txt.meta.json").write_text(json.dumps(title), encoding="utf-8")
    assert run("ingest", "--no-extract", str(folder)).exit_code == 0
    listing = run("documents")
    assert listing.exit_code == 0, listing.output
    rows = listing.output.splitlines()
    assert len(rows) == 4  # the header, two documents, the count
    assert any("line\\nbreak.txt" in row for row in rows)
    assert any("Clash [/] at [bold]Torkham" in row and "[red]Wire" in row for row in rows)
    document = next(row.split()[0] for row in rows if "Clash" in row)
    shown = run("show", document)
    assert shown.exit_code == 0 and "title  Clash [/] at [bold]Torkham" in shown.output


def test_a_complaint_ingested_by_the_cli_is_stored_sealed_and_never_extracted(
    run: Cli, tmp_path: Path
) -> None:
    # A complaint is a party's confidential evidence: incidents, figures or quotes drawn from it
    # would be public, so the ingest stores it (its entry a commitment) and extracts nothing.
    folder = tmp_path / "lodged"
    folder.mkdir()
    (folder / "complaint.txt").write_text(
        "The liaison office reports that a drone struck a house in Kurram district on "
        "4 November 2025, killing three people."
    )
    (folder / "meta.jsonl").write_text(
        json.dumps({"file": "complaint.txt", "kind": "complaint", "published": "2025-11-05"}) + "\n"
    )
    ingested = run("ingest", str(folder))
    assert ingested.exit_code == 0, ingested.output
    assert "confidential complaint: stored, not extracted" in ingested.output
    incidents = run("incidents", "--format", "jsonl")
    assert incidents.exit_code == 0 and incidents.stdout.strip() == ""
    entries = [json.loads(line) for line in run("log", "show", "--json").stdout.splitlines()]
    assert [entry["kind"] for entry in entries] == ["document_added"]
    assert set(entries[0]["payload"]) == {"commitment"}
    assert "Kurram" not in run("log", "show", "--json").stdout
    assert run("log", "verify").exit_code == 0
