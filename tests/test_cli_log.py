"""`ceasefire keys`, `log` and `export bundle` end to end, and tampering with the SQLite file, the
originals and a bundle, each of which `ceasefire log verify` must name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ceasefire.config import Settings
from ceasefire.domain.document import document_id

from .conftest import DEMO, Cli

CHAMAN = DEMO / "example-01-chaman-shelling.txt"
KABUL = DEMO / "example-02-kabul-denial.txt"


@pytest.fixture
def local(sqlite_settings: Settings) -> Cli:
    return Cli(sqlite_settings)


def _ids() -> tuple[str, str]:
    return document_id(CHAMAN.read_bytes()), document_id(KABUL.read_bytes())


def _db(run: Cli) -> sqlite3.Connection:
    return sqlite3.connect(run.settings.data / "ceasefire.db", isolation_level=None)


def _seq_of(run: Cli, digest: str) -> int:
    with _db(run) as db:
        (seq,) = db.execute("SELECT seq FROM log_entries WHERE subject = ?", (digest,)).fetchone()
    return int(seq)


def _verify_lines(run: Cli, *args: str) -> list[str]:
    result = run("log", "verify", *args)
    assert result.exit_code == 1, result.output
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_clean_record_with_signed_entries_verifies(run: Cli) -> None:
    assert run("keys", "new", "sec", "--role", "secretariat").exit_code == 0
    assert run("--key", "sec", "ingest", "--no-extract", str(DEMO)).exit_code == 0
    assert run("log", "head").exit_code == 0
    result = run("log", "verify")
    assert result.exit_code == 0, result.output
    # 7 documents and the head's own entry
    assert "ok: the record verifies, 9 entries; latest head: size 9" in result.output
    listing = run("keys", "list")
    assert "sec" in listing.output and "secretariat" in listing.output
    shown = run("log", "show", "--from", "2", "--limit", "2")
    assert shown.output.count("document_added") == 2 and "2 entries" in shown.output


def test_verify_names_every_tampering_of_the_database_and_the_originals(local: Cli) -> None:
    assert local("keys", "new", "mon", "--role", "monitor").exit_code == 0
    assert local("--key", "mon", "ingest", "--no-extract", str(DEMO)).exit_code == 0
    chaman, kabul = _ids()
    chaman_seq, kabul_seq = _seq_of(local, chaman), _seq_of(local, kabul)
    with _db(local) as db:
        # A casualty figure changed in the text, a publisher rewritten, a row deleted.
        (text,) = db.execute("SELECT text FROM documents WHERE id = ?", (chaman,)).fetchone()
        db.execute(
            "UPDATE documents SET text = ?, publisher = 'Someone else' WHERE id = ?",
            (text.replace("two", "twenty"), chaman),
        )
        db.execute("DELETE FROM documents WHERE id = ?", (kabul,))
        # A document inserted behind the log's back.
        db.execute(
            "INSERT INTO documents (id, kind, collected_at, media_type, size, word_count, text) "
            "VALUES (?, 'news', '2026-11-01 00:00:00', 'text/plain', 3, 1, 'new')",
            ("f" * 64,),
        )
        # A signature replaced by another entry's.
        (signature,) = db.execute("SELECT signature FROM log_entries WHERE seq = 1").fetchone()
        db.execute("UPDATE log_entries SET signature = ? WHERE seq = 3", (signature,))
    # A byte flipped in one original, another original deleted.
    field_report = next(DEMO.glob("example-04-*"))
    flipped = local.settings.documents_dir / chaman[:2] / chaman[2:]
    data = bytearray(flipped.read_bytes())
    data[10] ^= 0x01
    flipped.write_bytes(bytes(data))
    gone = document_id(field_report.read_bytes())
    (local.settings.documents_dir / gone[:2] / gone[2:]).unlink()

    lines = _verify_lines(local)
    assert "entry 3: bad signature by key 'mon'" in lines
    assert f"entry {chaman_seq}: document {chaman[:12]} row changed (publisher, text)" in lines
    assert f"entry {kabul_seq}: document {kabul[:12]} row deleted" in lines
    assert f"document {'f' * 12}: row without a log entry" in lines
    assert (
        f"entry {chaman_seq}: document {chaman[:12]} original file altered "
        "(its sha256 is not the document id)"
    ) in lines
    assert any(line.endswith(f"document {gone[:12]} original file missing") for line in lines)
    # The deleted document left its near-duplicate index behind.
    assert f"document_bands of {kabul[:12]}: bands of no document" in lines
    assert len(lines) == 7, lines


def test_a_removed_entry_is_caught_by_the_head(local: Cli) -> None:
    local("ingest", "--no-extract", str(DEMO))
    local("log", "head")  # entry 8 records the head, which covers entries 1–8
    with _db(local) as db:
        (document,) = db.execute("SELECT subject FROM log_entries WHERE seq = 7").fetchone()
        db.execute("DELETE FROM log_entries WHERE seq = 7")
    lines = _verify_lines(local)
    assert "entry 8: entry 7 is missing" in lines
    assert "head 1 (size 8): the log has only 7 entries: entries were removed" in lines
    assert f"document {document[:12]}: row without a log entry" in lines
    path = f"documents/{document[:2]}/{document[2:]}"
    assert f"{path}: file not in the log" in lines


def test_proofs_check_offline_against_a_head_saved_earlier(run: Cli, tmp_path: Path) -> None:
    head_file = tmp_path / "head-4.json"  # 3 documents and the head's entry
    run(
        "ingest",
        "--no-extract",
        str(CHAMAN),
        str(KABUL),
        str(DEMO / "example-03-kurram-complaint.md"),
    )
    assert run("log", "head", "--save", str(head_file)).exit_code == 0
    run("ingest", "--no-extract", str(DEMO))
    inclusion = run("log", "prove-inclusion", "2", "--size", "4", "--json")
    assert inclusion.exit_code == 0, inclusion.output
    (tmp_path / "inclusion.json").write_text(inclusion.stdout)
    consistency = run("log", "prove-consistency", "4", "--json")
    (tmp_path / "consistency.json").write_text(consistency.stdout)

    ok = run("log", "check-proof", str(tmp_path / "inclusion.json"), "--head", str(head_file))
    assert ok.exit_code == 0 and "ok: entry 2 is in the log of size 4" in ok.output
    ok = run("log", "check-proof", str(tmp_path / "consistency.json"), "--head", str(head_file))
    assert ok.exit_code == 0 and "extends the head of size 4" in ok.output

    forged = json.loads(inclusion.stdout)
    forged["proof"]["path"][1] = "00" * 32
    forged.pop("entry")
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    bad = run("log", "check-proof", str(tmp_path / "forged.json"), "--head", str(head_file))
    assert bad.exit_code == 1
    assert "proof fails:" in bad.stderr and "does not check" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    # A proof for another size than the head's.
    later = run("log", "prove-inclusion", "2", "--json")
    (tmp_path / "later.json").write_text(later.stdout)
    bad = run("log", "check-proof", str(tmp_path / "later.json"), "--head", str(head_file))
    assert bad.exit_code == 1 and "no head given has that size" in bad.stderr


def test_a_tampered_head_file_fails_its_signature(local: Cli, tmp_path: Path) -> None:
    local("keys", "new", "sec", "--role", "secretariat")
    local("ingest", "--no-extract", str(CHAMAN))
    head_file = tmp_path / "head.json"
    local("log", "head", "--save", str(head_file))
    proof = local("log", "prove-inclusion", "2", "--json")
    (tmp_path / "proof.json").write_text(proof.stdout)
    head = json.loads(head_file.read_text())
    head["size"] = 2  # the head covers 3: the key, the document and the head's own entry
    head_file.write_text(json.dumps(head))
    bad = local("log", "check-proof", str(tmp_path / "proof.json"), "--head", str(head_file))
    assert bad.exit_code == 1 and "bad signature on the tree head" in bad.stderr


def test_bundle_round_trip_and_tampering(run: Cli, tmp_path: Path) -> None:
    run("keys", "new", "sec", "--role", "secretariat")
    run("--key", "sec", "ingest", "--no-extract", str(DEMO))
    bundle = tmp_path / "bundle"
    made = run("export", "bundle", str(bundle))
    assert made.exit_code == 0, made.output
    for name in ("README.txt", "log.jsonl", "heads.jsonl", "keys.json", "documents.jsonl"):
        assert (bundle / name).is_file()
    checked = run("log", "verify", "--bundle", str(bundle))
    assert checked.exit_code == 0, checked.output
    assert "verifies, 9 entries" in checked.output  # 7 documents, the key, the head

    again = run("export", "bundle", str(bundle))
    assert again.exit_code == 2 and "folder is not empty" in again.stderr

    chaman, _ = _ids()
    original = bundle / "documents" / chaman[:2] / chaman[2:]
    original.write_bytes(original.read_bytes() + b" ")
    lines = (bundle / "log.jsonl").read_text().splitlines()
    entry = json.loads(lines[2])
    entry["payload"]["meta"]["publisher"] = "Forged"
    lines[2] = json.dumps(entry)
    (bundle / "log.jsonl").write_text("\n".join(lines) + "\n")
    docs = [json.loads(line) for line in (bundle / "documents.jsonl").read_text().splitlines()]
    docs[0]["text"] += " and more"
    (bundle / "documents.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))

    problems = _verify_lines(run, "--bundle", str(bundle))
    joined = "\n".join(problems)
    assert "entry 3: document_added entry altered" in joined
    assert "entry 3: bad signature by key 'sec'" in joined
    assert "entry 4: hash chain broken" not in joined  # the stored hash chain itself is intact
    assert "heads.jsonl head 1 (size 9): root hash does not match" in joined
    assert f"document {chaman[:12]} original file altered" in joined
    assert "documents.jsonl line 1" in joined and "(text)" in joined


def test_bundle_of_a_bad_folder_is_an_error(run: Cli, tmp_path: Path) -> None:
    result = run("log", "verify", "--bundle", str(tmp_path))
    assert result.exit_code == 2 and "no log.jsonl" in result.stderr


def test_key_passphrase_from_the_environment(local: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEASEFIRE_KEY_PASSPHRASE", "s3cret")
    assert (
        local("keys", "new", "liaison-af", "--role", "party", "--party", "Afghanistan").exit_code
        == 0
    )
    assert local("--key", "liaison-af", "ingest", "--no-extract", str(CHAMAN)).exit_code == 0
    monkeypatch.delenv("CEASEFIRE_KEY_PASSPHRASE")
    refused = local("--key", "liaison-af", "ingest", "--no-extract", str(KABUL))
    assert refused.exit_code == 2 and "CEASEFIRE_KEY_PASSPHRASE" in refused.stderr
    again = local("keys", "new", "liaison-af", "--role", "party", "--party", "Afghanistan")
    assert again.exit_code == 2 and "registered already" in again.stderr
    no_party = local("keys", "new", "liaison-pk", "--role", "party")
    assert no_party.exit_code == 2 and "--party" in no_party.stderr
    assert local("log", "verify").exit_code == 0


def test_verify_names_tampering_with_incidents_claims_and_aggregates(
    local: Cli, tmp_path: Path
) -> None:
    """The issue's cases: a casualty figure changed, a claim deleted, an incident inserted by SQL."""
    assert local("ingest", str(DEMO)).exit_code == 0
    clean = local("log", "verify")
    assert clean.exit_code == 0, clean.output
    with _db(local) as db:
        figures = db.execute(
            "SELECT id, incident_id FROM claims WHERE fatalities_low IS NOT NULL ORDER BY id"
        ).fetchall()
        assert len(figures) >= 2, "the demonstration reports give casualty figures"
        (changed_claim, changed_incident), (deleted_claim, deleted_incident) = (
            figures[0],
            figures[1],
        )
        db.execute(
            "UPDATE claims SET fatalities_low = fatalities_low + 10 WHERE id = ?", (changed_claim,)
        )
        db.execute("DELETE FROM claims WHERE id = ?", (deleted_claim,))
        db.execute(
            "INSERT INTO incidents (id, event_type, sub_event_type, date_precision, target_categories, "
            "victims, is_historical, is_reviewed) VALUES ('forged0000000000000', 'Battles', 'Armed clash', "
            "'unknown', '[]', '{}', 0, 0)"
        )
    lines = _verify_lines(local)
    assert any(f"incident {changed_incident} changed (claims" in line for line in lines), lines
    assert any(f"incident {deleted_incident} changed (claims" in line for line in lines), lines
    assert "incident forged0000000000000: row without a log entry" in lines
    assert all(line.startswith(("entry ", "incident ", "verification failed")) for line in lines), (
        lines
    )


def test_bundle_holds_incidents_and_names_an_altered_one(run: Cli, tmp_path: Path) -> None:
    assert run("ingest", str(DEMO)).exit_code == 0
    bundle = tmp_path / "bundle"
    assert run("export", "bundle", str(bundle)).exit_code == 0
    assert run("log", "verify", "--bundle", str(bundle)).exit_code == 0
    lines = (bundle / "incidents.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines, "the demonstration reports give incidents"
    first = json.loads(lines[0])
    first["state"]["actor1"] = "Someone else"
    lines[0] = json.dumps(first)
    (bundle / "incidents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _verify_lines(run, "--bundle", str(bundle))
    assert any(p.startswith("incidents.jsonl line 1:") and "(actor1)" in p for p in problems), (
        problems
    )


def test_verify_names_the_edits_it_used_to_miss(local: Cli, tmp_path: Path) -> None:
    """The direct edits `log verify` once said "ok" to (issue 16, High 5), all at once."""
    from ceasefire.record.store import Store
    from ceasefire.services.accounts import add_user
    from ceasefire.services.log import Author

    assert local("ingest", str(DEMO)).exit_code == 0
    store = Store.open(local.settings)
    for name in ("alice", "bob"):
        add_user(store, name, role="monitor", password=f"{name} long password", author=Author("t"))
    store.close()
    assert local("log", "head").exit_code == 0
    assert local("log", "verify").exit_code == 0
    with _db(local) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute(
            "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE name = 'bob') "
            "WHERE name = 'alice'"
        )
        db.execute("UPDATE users SET is_active = 0 WHERE name = 'bob'")
        (mention, incident) = db.execute(
            "SELECT id, incident_id FROM mentions ORDER BY id LIMIT 1"
        ).fetchone()
        db.execute("UPDATE mentions SET \"trigger\" = 'visited' WHERE id = ?", (mention,))
        (gone, gone_incident) = db.execute(
            "SELECT id, incident_id FROM mentions WHERE incident_id != ? ORDER BY id LIMIT 1",
            (incident,),
        ).fetchone()
        db.execute("DELETE FROM mentions WHERE id = ?", (gone,))
        (agreement_document,) = db.execute(
            "SELECT document_id FROM reported_agreements ORDER BY id LIMIT 1"
        ).fetchone()
        db.execute(
            "UPDATE reported_agreements SET quote = 'nothing was agreed' WHERE document_id = ?",
            (agreement_document,),
        )
        (nulled,) = db.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()
        db.execute("UPDATE documents SET minhash = NULL WHERE id = ?", (nulled,))
        (head_seq,) = db.execute(
            "SELECT seq FROM log_entries WHERE kind = 'tree_head_issued'"
        ).fetchone()
        db.execute("DELETE FROM tree_heads")
    documents = local.settings.documents_dir
    (documents / "zz").mkdir()
    (documents / "zz" / "planted").write_bytes(b"not a document")
    first = sorted(p for p in documents.glob("*/*") if p.parent.name != "zz")[0]
    (first.parent / ".incoming-abc123").write_bytes(b"half")

    lines = _verify_lines(local)
    joined = "\n".join(lines)
    assert "user alice row changed (password_sha256)" in joined
    assert "user bob row changed (is_active)" in joined
    assert f"incident {incident} changed (mentions)" in joined
    assert f"incident {gone_incident} changed (mentions)" in joined
    assert f"extraction of {agreement_document[:12]} changed (agreements)" in joined
    assert f"document {nulled[:12]} row changed (minhash_sha256)" in joined
    assert f"document {nulled[:12]}: minhash missing" in joined
    assert f"entry {head_seq}: tree head of size {head_seq} deleted" in lines
    assert "documents/zz/planted: file not in the log" in lines
    leftover = f"documents/{first.parent.name}/.incoming-abc123"
    assert f"{leftover}: leftover of an interrupted write (safe to delete)" in lines


def test_verify_on_workers_names_what_one_process_names(
    local: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`log verify --workers 2` with workers from the first entry, in runs of 4 entries."""
    from ceasefire.services import log as log_service

    monkeypatch.setattr(log_service, "PARALLEL_FROM", 1)
    monkeypatch.setattr(log_service, "RUN_DEPTH", 2)
    assert local("ingest", "--no-extract", str(DEMO)).exit_code == 0
    clean = local("log", "verify", "--workers", "2")
    assert clean.exit_code == 0, clean.output
    with _db(local) as db:
        db.execute("UPDATE log_entries SET actor = 'someone else' WHERE seq = 5")
    assert _verify_lines(local, "--workers", "2") == _verify_lines(local, "--workers", "1")
    assert any(line.startswith("entry 5: ") for line in _verify_lines(local, "--workers", "2"))
    refused = local("log", "verify", "--workers", "0")
    assert refused.exit_code == 2 and "--workers" in refused.output
