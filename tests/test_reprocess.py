"""`reprocess`: a record extracted by an older reading is re-read by the current pipeline. Unreviewed
incidents take the new reading, reviewed ones keep the reviewer's values and are flagged where the
reading differs, assessments follow, the log verifies, a second run changes nothing — on both
backends; and worker processes write the very record a serial run writes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.domain import Incident
from ceasefire.extract.pipeline import Analysis
from ceasefire.record.assessments import AssessmentRepository
from ceasefire.record.entries import incident_payload
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.services.assessment import load_agreements
from ceasefire.services.parallel import ExtractionJob, ProcessExtractor, SerialExtractor, run_job
from ceasefire.services.review import accept_incident

from .conftest import DEMO, REPO, kill_9_after_lines

REVIEWER = Author("monitor")
DOHA = REPO / "agreements" / "doha-2025.yaml"


class _Done:
    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis

    def result(self) -> Analysis:
        return self._analysis


class ReadingExtractor:
    """The real pipeline, then a change to every reading it makes, and versions that say so: what a
    model that reads otherwise gives (an older one, or a retrained one)."""

    window = 1
    description = "another reading"

    def __init__(self, tag: str, change: Any, keep: Any = lambda _incident: True) -> None:
        self.tag = tag
        self.change = change
        self.keep = keep

    def submit(self, job: ExtractionJob) -> _Done:
        analysis = run_job(job)
        analysis.incidents = [self.change(i) for i in analysis.incidents if self.keep(i)]
        analysis.versions = {name: f"{v}-{self.tag}" for name, v in analysis.versions.items()}
        return _Done(analysis)

    def versions(self) -> dict[str, str]:
        return {k: f"{v}-{self.tag}" for k, v in services.current_versions().items()}

    def close(self) -> None:
        pass


def _coarse(incident: Incident) -> Incident:
    """The province only, as the issue's older extraction often read it."""

    def coarse(place: Any) -> Any:
        return replace(place, admin2=None, location=None, latitude=None, longitude=None)

    return replace(
        incident,
        place=coarse(incident.place),
        mentions=[replace(m, place=coarse(m.place)) for m in incident.mentions],
    )


def old_reading() -> ReadingExtractor:
    return ReadingExtractor("old", _coarse)


def _town(incident: Incident) -> Incident:
    location = incident.place.location
    return replace(incident, place=replace(incident.place, location=f"{location} town"))


def retrained_reading() -> ReadingExtractor:
    """A reading that names every located place differently (" town" appended)."""
    return ReadingExtractor("retrained", lambda i: _town(i) if i.place.location else i)


def angoor(store: Store) -> Incident:
    [found] = [
        i for i in services.list_incidents(store) if any("Angoor Adda" in c.quote for c in i.claims)
    ]
    return found


def build(store: Store) -> Incident:
    """The demo ingested with the older reading, and a monitor's corrections of one incident's day
    and place; returns that incident."""
    services.ingest_paths(store, [DEMO], collected_by="tester", extractor=old_reading())
    reviewed = angoor(store)
    assert reviewed.place.location is None and reviewed.date.value is not None
    services.edit_incident(
        store, reviewed.id, "date", "2025-11-09", reason="visit", author=REVIEWER
    )
    return services.edit_incident(
        store, reviewed.id, "location", "Angoor Adda bazaar", reason="map", author=REVIEWER
    )


def everything(store: Store) -> list[dict[str, Any]]:
    with store.read_session() as session:
        return [incident_payload(i) for i in IncidentRepository(session).list(include_merged=True)]


def entries(store: Store) -> list[tuple[str, str, str]]:
    return [(e.kind, e.subject, e.payload) for e in services.show_entries(store)]


def assessments(store: Store) -> int:
    with store.read_session() as session:
        return len(AssessmentRepository(session).list())


def test_the_current_reading_updates_the_unreviewed_and_flags_the_reviewed(store: Store) -> None:
    reviewed = build(store)
    before = {i.id: i for i in services.list_incidents(store)}
    assert all(i.place.location is None for i in before.values() if not i.is_reviewed)
    size = services.verify_store(store).size
    agreements = load_agreements(DOHA)
    assert assessments(store) == 0

    report = services.reprocess(store, author=REVIEWER, agreements=agreements)
    after = {i.id: i for i in services.list_incidents(store)}
    # The reviewed incident keeps the monitor's day and place, and is flagged where the current
    # reading differs: the day it reads, its district and its place.
    kept = after[reviewed.id]
    assert kept.date.value is not None and kept.date.value.isoformat() == "2025-11-09"
    assert kept.place.location == "Angoor Adda bazaar" and kept.place.admin2 is None
    assert kept.review_flag == "date, admin2, location"
    steps = services.history(store, reviewed.id)
    assert steps[-1].change == "reprocessing disagrees on date, admin2, location"
    assert "'2025-11-10 (day)'" in (steps[-1].reason or "")
    assert "'Angoor Adda'" in (steps[-1].reason or "")
    flagged = services.list_incidents(store, services.IncidentFilter(needs_review=True))
    assert [i.id for i in flagged] == [reviewed.id]
    # Every unreviewed incident now has the place the current pipeline reads, under the same id.
    unreviewed = [i for i in after.values() if not i.is_reviewed]
    assert {i.id for i in unreviewed} <= set(before)
    assert {i.place.location for i in unreviewed} >= {"Lakki Marwat", "Bannu", "Chaman crossing"}
    # Those the current reading places more finely are updated (with the spot step, every one: the
    # demo's clash of 27 October is placed at the Chaman crossing too); one it places as before
    # would have nothing new, and its history would stay as it was.
    finer = [i for i in unreviewed if i.place != before[i.id].place]
    same = [i for i in unreviewed if i.place == before[i.id].place]
    assert finer and all(services.history(store, i.id)[-1].change == "reprocessed" for i in finer)
    assert all(services.history(store, i.id)[-1].change == "created" for i in same)
    # one update per document read again: an incident two reports tell is updated by each
    rereads = sum(
        sum(1 for step in services.history(store, i.id) if step.change == "reprocessed")
        for i in unreviewed
    )
    assert report.flagged == 1 and report.added == 0
    assert report.updated == rereads and report.updated >= len(finer)
    # Each document's own reading is the current one (the coarse one it replaced had no location).
    for incident in finer:
        assert sorted(r.document_id for r in incident.readings) == sorted(incident.documents)
        assert any(r.place.location is not None for r in incident.readings)
    old_readings = [r for i in before.values() if not i.is_reviewed for r in i.readings]
    assert old_readings and all(r.place.location is None for r in old_readings)
    assert report.documents == 6 and report.current == 0  # the complaint is never read
    # Assessments ran again; every change is logged and the record verifies.
    assert assessments(store) > 0
    verification = services.verify_store(store)
    assert verification.is_clean, verification.discrepancies
    assert verification.size >= size + report.flagged + report.updated + report.documents

    # The same model a second time: every document is current; nothing changes.
    record, log = everything(store), entries(store)
    again = services.reprocess(store, author=REVIEWER, agreements=agreements)
    assert (again.documents, again.current, again.changed_documents) == (0, 6, [])
    assert everything(store) == record and entries(store) == log

    # A reviewer's change answers the flag; it is not raised again by the same model.
    services.edit_incident(store, reviewed.id, "reviewed", "true", reason="seen", author=REVIEWER)
    assert services.list_incidents(store, services.IncidentFilter(needs_review=True)) == []
    services.reprocess(store, author=REVIEWER, agreements=agreements)
    assert services.list_incidents(store, services.IncidentFilter(needs_review=True)) == []


def test_a_reading_that_drops_an_act_withdraws_it_unless_reviewed(store: Store) -> None:
    services.ingest_paths(store, [DEMO], collected_by="tester")
    incidents = services.list_incidents(store)
    reviewed = angoor(store)
    accept_incident(store, reviewed.id, reason=None, author=REVIEWER)
    dropped = {i.id for i in incidents if i.event_type == "Explosions/Remote violence"}
    assert reviewed.id in dropped and len(dropped) >= 2

    blind = ReadingExtractor(
        "blind", lambda i: i, keep=lambda i: i.event_type != "Explosions/Remote violence"
    )
    report = services.reprocess(store, author=REVIEWER, extractor=blind, versions=blind.versions())
    active = {i.id for i in services.list_incidents(store)}
    # The unreviewed ones that only one document reported leave the lists; the accepted one stays.
    gone = {
        i.id for i in incidents if i.id in dropped and i.id != reviewed.id and len(i.documents) == 1
    }
    assert gone and not gone & active and reviewed.id in active
    assert report.withdrawn == len(gone)
    assert all(services.history(store, i)[-1].change == "withdrawn by reprocessing" for i in gone)
    assert services.verify_store(store).is_clean


def test_worker_processes_write_what_a_serial_run_writes(tmp_path: Path) -> None:
    """On SQLite (the Dask path of the parallel extractor is tested in tests/test_parallel.py)."""
    made = []
    for name, workers in (("serial", 1), ("workers", 2)):
        extractor = SerialExtractor() if workers == 1 else ProcessExtractor(workers)
        store = Store.open(Settings(data=tmp_path / name, collector="tester"))
        try:
            build(store)
            start = len(entries(store))
            report = services.reprocess(store, author=REVIEWER, extractor=extractor)
            assert report.documents == 6 and report.flagged == 1
            # The run's entries (those before it hold the times the documents were collected).
            made.append((everything(store), entries(store)[start:], report.changed_documents))
            assert services.verify_store(store).is_clean
        finally:
            extractor.close()
            store.close()
    assert made[0] == made[1] and len(made[0][1]) > 7


def test_a_killed_reprocess_leaves_a_record_that_verifies_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    """A `kill -9` of a reprocess on two worker processes (SQLite), then a rerun: the record is the
    one an uninterrupted run makes."""
    corpus = tmp_path / "voa20"
    corpus.mkdir()
    for path in sorted((REPO / "eval" / "voa" / "docs").glob("*.txt"))[:20]:
        (corpus / path.name).write_bytes(path.read_bytes())
    settings = {name: Settings(data=tmp_path / name, collector="tester") for name in ("a", "b")}
    for one in settings.values():
        store = Store.open(one)
        try:
            services.ingest_paths(store, [corpus], collected_by="tester", extractor=old_reading())
        finally:
            store.close()
    whole = Store.open(settings["b"])
    try:
        report = services.reprocess(whole, author=REVIEWER)
        assert report.documents == 20
        uninterrupted = everything(whole)
    finally:
        whole.close()

    changed = kill_9_after_lines(
        settings["a"], "reprocess", "--workers", "2", prefix="changed", count=5, seconds=180
    )
    assert 5 <= changed < 20, "killed in the middle of the run"
    store = Store.open(settings["a"])
    try:
        # Each document's new reading is one transaction: what was committed verifies.
        verification = services.verify_store(store)
        assert verification.is_clean, verification.discrepancies
        workers = ProcessExtractor(2)
        try:
            rerun = services.reprocess(store, author=REVIEWER, extractor=workers)
        finally:
            workers.close()
        assert rerun.current >= changed and rerun.documents + rerun.current == 20
        assert everything(store) == uninterrupted
        assert services.verify_store(store).is_clean
        assert services.reprocess(store, author=REVIEWER).changed_documents == []
    finally:
        store.close()


@pytest.mark.postgres
def test_reprocess_on_a_dask_local_cluster_against_postgresql(
    postgres_url: str, tmp_path: Path
) -> None:
    """`reprocess --dask` with two Dask workers, the store on PostgreSQL: the record of a serial
    run on SQLite."""
    from distributed import LocalCluster

    from .conftest import Cli

    made = []
    for name, db in (("serial", None), ("dask", postgres_url)):
        settings = Settings(data=tmp_path / name, db=db, collector="tester")
        store = Store.open(settings)
        try:
            build(store)
        finally:
            store.close()
        run = Cli(settings)
        if db is None:
            result = run("reprocess", "--workers", "1")
        else:
            with LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster:
                result = run("reprocess", "--dask", cluster.scheduler_address)
        assert result.exit_code == 0, result.output
        assert "6 documents re-extracted" in result.output
        assert "1 reviewed incidents flagged" in result.output
        store = Store.open(settings)
        try:
            assert services.verify_store(store).is_clean
            made.append(everything(store))
        finally:
            store.close()
    assert made[0] == made[1]
