"""Use cases of extraction: run the pipeline on a file without the store."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from ceasefire.domain import DocumentMeta
from ceasefire.domain.document import document_id
from ceasefire.extract.choice import ChoiceModel, shipped_path
from ceasefire.extract.pipeline import Analysis, Pipeline, Resources, default_pipeline
from ceasefire.read.files import read_file
from ceasefire.read.metadata import MetaRecord, layer, read_folder_meta, read_sidecar, sidecar_for
from ceasefire.record.entries import EXTRACTION_RECORDED, extraction_payload
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.tables import ExtractionRunRow
from ceasefire.resolve.matcher import matcher_version
from ceasefire.services.log import record_change
from ceasefire.services.resolution import finalise, store_incidents


@cache
def pipeline() -> Pipeline:
    """The default pipeline with the shipped gazetteers and model, built once per process."""
    return default_pipeline(pipeline_resources())


@cache
def rules_resources() -> Resources:
    """The pipeline's gazetteer and actors without the learned choice, loaded once per run: what
    the rules run with, and what scoring and training compare actors and places by."""
    return Resources.load(choice=False)


@cache
def rules_pipeline() -> Pipeline:
    """The pipeline without the learned choice among candidates: the rules alone."""
    return default_pipeline(rules_resources())


def choice_model() -> ChoiceModel | None:
    """The learned slot choice the default pipeline runs (the shipped model file)."""
    return pipeline_resources().choice


@cache
def pipeline_resources() -> Resources:
    from ceasefire.config import Settings

    return Resources.load(drop_background=Settings.from_env().drop_background)


def shipped_model_path() -> Path:
    """Where `ceasefire train` writes by default: the model file the package ships."""
    return shipped_path()


@dataclass(frozen=True, slots=True)
class Extraction:
    path: Path
    document_id: str
    published: date | None
    analysis: Analysis


def published_date_of(path: Path, override: date | None) -> date | None:
    """The publication date for relative dates: the flag, else a sidecar or the folder's meta.jsonl."""
    if override is not None:
        return override
    folder_meta = path.parent / "meta.jsonl"
    records: list[MetaRecord | None] = []
    if folder_meta.is_file():
        records.append(read_folder_meta(folder_meta).get(path.name))
    sidecar = sidecar_for(path)
    if sidecar:
        records.append(read_sidecar(sidecar))
    return layer(DocumentMeta(), *records).published_at


def analyse(document_id: str, text: str, published: date | None) -> Analysis:
    """Runs the default pipeline on one document's text; its incidents reconciled and graded as the
    store would (on their own: the store then matches them against what it holds)."""
    analysis = pipeline().run(document_id=document_id, text=text, published=published)
    analysis.incidents = [
        replace(finalise(incident, {}), reported_on=published) for incident in analysis.incidents
    ]
    return analysis


def extract_file(path: Path, *, published: date | None = None) -> Extraction:
    content = read_file(path)
    when = published_date_of(path, published)
    digest = document_id(content.original)
    when = when or content.content_meta.get("published_at")
    analysis = analyse(digest, content.text, when)
    return Extraction(path, digest, when, analysis)


def store_analysis(session: Session, analysis: Analysis, author: Author) -> None:
    """Writes what the pipeline found in one document, with its log entries, in the caller's
    transaction: each incident merged into the stored one it matches (``incident_updated``) or added
    (``incident_created``), then one ``extraction_recorded`` entry for the aggregates and agreements."""
    store_incidents(
        session,
        analysis.incidents,
        published=analysis.published,
        author=author,
        document_id=analysis.document_id,
    )
    incidents = IncidentRepository(session)
    for aggregate in analysis.aggregates:
        incidents.add_aggregate(aggregate)
    for agreement in analysis.agreements:
        incidents.add_agreement(agreement)
    # The matcher that joined its incidents to stored ones is part of how the record came to be.
    versions = dict(analysis.versions) | {"match": matcher_version()}
    session.add(
        ExtractionRunRow(
            document_id=analysis.document_id,
            versions=versions,
            ran_at=datetime.now(UTC),
        )
    )
    session.flush()
    payload = extraction_payload(
        analysis.document_id,
        versions,
        analysis.aggregates,
        analysis.agreements,
    )
    record_change(session, EXTRACTION_RECORDED, analysis.document_id, payload, author)
