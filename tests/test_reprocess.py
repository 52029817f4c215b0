"""Reprocessing with a model that reads differently (a retrained one): an unreviewed incident takes
its values, a reviewed one keeps the reviewer's and is flagged, a second run with the same model
changes nothing, and the log verifies — on both backends."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ceasefire import services
from ceasefire.config import Settings
from ceasefire.domain import Incident
from ceasefire.extract.pipeline import Analysis
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.services.parallel import ExtractionJob, run_job

from .conftest import DEMO

REVIEWER = Author("reviewer")


class Done:
    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis

    def result(self) -> Analysis:
        return self._analysis


class RetrainedExtractor:
    """The real pipeline, whose locations a retrained model would name more precisely: every
    incident's location gets " town" appended, as a new model's reading could."""

    window = 1
    description = "retrained"

    def submit(self, job: ExtractionJob) -> Done:
        analysis = run_job(job)
        analysis.incidents = [
            replace(i, place=replace(i.place, location=f"{i.place.location} town"))
            if i.place.location
            else i
            for i in analysis.incidents
        ]
        return Done(analysis)

    def close(self) -> None:
        pass


def by_location(store: Store) -> dict[str, Incident]:
    return {
        (i.place.location or "").removesuffix(" town"): i for i in services.list_incidents(store)
    }


def test_a_retrained_reading_updates_the_unreviewed_and_flags_the_reviewed(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    services.ingest_paths(store, [DEMO], collected_by="tester")
    before = by_location(store)
    angoor, lakki = before["Angoor Adda"], before["Lakki Marwat"]
    services.edit_incident(
        store, angoor.id, "fatalities.low", "3", reason="hospital", author=REVIEWER
    )
    size = services.verify_store(store).size

    report = services.reprocess(store, author=REVIEWER, extractor=RetrainedExtractor())
    after = by_location(store)
    # The reviewed incident keeps the reviewer's values, and is flagged on the field that differs.
    assert after["Angoor Adda"].place.location == "Angoor Adda"
    assert after["Angoor Adda"].fatalities.low == 3
    assert after["Angoor Adda"].review_flag == "location"
    queue = services.list_incidents(store, services.IncidentFilter(needs_review=True))
    assert [i.id for i in queue] == [angoor.id]
    # An unreviewed incident of one document takes the new reading, its claims unchanged.
    assert after["Lakki Marwat"].place.location == "Lakki Marwat town"
    assert after["Lakki Marwat"].claims == lakki.claims and not after["Lakki Marwat"].is_reviewed
    assert report.flagged == 1 and report.updated >= 1 and report.added == 0
    steps = services.history(store, lakki.id)
    assert steps[-1].change == "reprocessed" and "location" in (steps[-1].reason or "")
    verification = services.verify_store(store)
    assert verification.is_clean, verification.discrepancies
    assert verification.size == size + report.flagged + report.updated

    again = services.reprocess(store, author=REVIEWER, extractor=RetrainedExtractor())
    assert again.changed_documents == [] and (again.flagged, again.updated, again.added) == (
        0,
        0,
        0,
    )
    assert by_location(store) == after
    assert services.verify_store(store).size == verification.size
    # A bundle of the record, flag and all, verifies without the database.
    services.export_bundle(store, settings, tmp_path / "bundle")
    bundled = services.verify_bundle(tmp_path / "bundle")
    assert bundled.is_clean, bundled.discrepancies
