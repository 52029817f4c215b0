"""Use case: reviewers' corrections as a gold set (`ceasefire export gold DIR`), in the format the
gold sets of ``eval/`` use (gold.jsonl, meta.jsonl, docs/; eval/README.md), so that ``ceasefire
train`` and ``ceasefire eval`` read it and a deployment learns from its own monitors.

What is exported: every active incident a person edited, merged, split or accepted (each of those
marks it reviewed, on the CLI and on the web), with its values as the reviewer left them, in each
document one of its claims quotes. One record per such document: the reviewed incidents it reports —
``evidence`` the first claim's quote, ``spans`` the character offsets of every claim of the incident
in the exported text (``docs/FILE``), ``claims`` their quotes — and the other incidents extracted
from it, unreviewed, marked ``optional`` so that they neither teach nor penalise. A reviewed incident
reported by several exported documents carries ``act_group`` (its id): one act told twice.

Confidentiality (docs/confidential-entries.md): a complaint's evidence (a document of kind
``complaint``), a document handed in as evidence of a case, and any document whose log entry is
sealed and not disclosed are left out, and so is every incident of theirs, unless
``include_confidential`` is asked for — a choice of the store's owner for the secretariat's or the
monitors' own training, never for a file that leaves them. The command runs with the store's owner
rights (whoever can read the database can read those documents anyway); there is no web route.
Dataset rows (ACLED, UCDP) and documents in a language other than English are left out: the
extractor reads English text.

The folder is written beside its place and renamed into it at the end: an error leaves nothing.
"""

from __future__ import annotations

import json
import secrets
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.domain import Document, DocumentKind, Incident, Stance
from ceasefire.errors import InputError
from ceasefire.record.bundle import hidden_subjects
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.evidence import EvidenceRepository
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.log import TransparencyLog
from ceasefire.record.store import Store

__all__ = ["GoldExport", "export_gold"]


@dataclass(frozen=True, slots=True)
class GoldExport:
    documents: int
    incidents: int  # reviewed incidents written (one per document that reports it)
    left_out: dict[str, int]  # documents left out, by why


def _estimate(low: int | None, high: int | None) -> dict[str, int | None]:
    """A reviewer who raised the low above the reconciled high made it the least figure: the high
    follows it (the gold format wants low <= high)."""
    if low is not None and high is not None and low > high:
        high = low
    return {"low": low, "high": high}


def _gold_incident(
    incident: Incident, document: Document, *, optional: bool, act_group: str | None
) -> dict[str, Any] | None:
    claims = sorted(
        (c for c in incident.claims if c.document_id == document.id), key=lambda c: c.start
    )
    # The stored text is the exported file's text: each quote is read back from its offsets.
    quotes = [document.text[c.start : c.end] for c in claims]
    evidence = next((q for q in quotes if q.strip()), None)
    if evidence is None:
        return None
    day = incident.date.value
    record: dict[str, Any] = {
        "key": incident.id,
        "optional": optional,
        "historical": incident.is_historical,
        "date": day.isoformat() if day else None,
        "date_precision": incident.date.precision.value if day else "unknown",
        "country": incident.place.country,
        "admin1": incident.place.admin1,
        "admin2": incident.place.admin2,
        "location": incident.place.location,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "perpetrator_alleged": incident.actor1,
        "target": incident.actor2,
        "target_category": [t.value for t in incident.target_categories] or ["unknown"],
        "killed": _estimate(incident.fatalities.low, incident.fatalities.high),
        "injured": _estimate(incident.injuries.low, incident.injuries.high),
        "claims": [
            {
                "source": c.source,
                "assertion": quote,
                "killed": c.fatalities.low if c.fatalities else None,
                "injured": c.injuries.low if c.injuries else None,
            }
            for c, quote in zip(claims, quotes, strict=True)
        ],
        "denied_by": sorted(
            {c.source or "unnamed source" for c in claims if c.stance is Stance.DENIES}
        ),
        "evidence": evidence,
        "spans": [{"start": c.start, "end": c.end} for c in claims],
        "notes": "extracted, not reviewed" if optional else "reviewed in the record",
    }
    if act_group is not None:
        record["act_group"] = act_group
    return record


def _day(document: Document) -> date | None:
    meta = document.meta
    return meta.published_at or (meta.collected_at.date() if meta.collected_at else None)


def export_gold(store: Store, folder: Path, *, include_confidential: bool = False) -> GoldExport:
    """Writes the gold set to ``folder`` (new or empty); returns what was written and left out."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("the gold set's folder must be new or empty", where=str(folder))
    if not folder.parent.is_dir():
        raise InputError("no such folder to write into", where=str(folder.parent))
    left_out = {"confidential": 0, "dataset rows": 0, "not English": 0, "undated": 0}
    with store.read_session() as session:
        incidents = [i for i in IncidentRepository(session).stream() if i.claims]
        reviewed = [i for i in incidents if i.is_reviewed]
        if not reviewed:
            raise InputError("no incident has been reviewed (edited, merged, split or accepted)")
        sealed = hidden_subjects(TransparencyLog(session))
        wanted = sorted({c.document_id for i in reviewed for c in i.claims})
        documents = DocumentRepository(session)
        evidence = EvidenceRepository(session)
        kept: list[Document] = []
        for document_id in wanted:
            document = documents.get(document_id)
            confidential = (
                document.meta.kind is DocumentKind.COMPLAINT
                or document_id in sealed
                or bool(evidence.submissions(document=document_id))
            )
            if confidential and not include_confidential:
                left_out["confidential"] += 1
            elif document.meta.kind is DocumentKind.DATASET_ROW:
                left_out["dataset rows"] += 1
            elif (document.meta.language or "en") != "en":
                left_out["not English"] += 1
            elif _day(document) is None:
                left_out["undated"] += 1
            else:
                kept.append(document)
    kept_ids = {d.id for d in kept}
    spread = {i.id: len(set(i.documents) & kept_ids) for i in reviewed}
    gold_lines: list[dict[str, Any]] = []
    meta_lines: list[dict[str, Any]] = []
    files: dict[str, str] = {}
    written = 0
    for document in kept:
        name = f"{document.id[:16]}.txt"
        published = _day(document)
        assert published is not None
        records = []
        for incident in incidents:
            if document.id not in incident.documents:
                continue
            record = _gold_incident(
                incident,
                document,
                optional=not incident.is_reviewed,
                act_group=incident.id if incident.is_reviewed and spread[incident.id] > 1 else None,
            )
            if record is not None:
                records.append(record)
                written += not record["optional"]
        gold_lines.append(
            {
                "file": name,
                "url": document.meta.url or "",
                "published": published.isoformat(),
                "incidents": records,
                "aggregate_claims": [],
                "agreements": [],
                "non_incident_statistics": [],
                "notes": f"exported from the record: document {document.id}",
            }
        )
        meta_lines.append(
            {
                "file": name,
                "published": published.isoformat(),
                "publisher": document.meta.publisher or "",
                "url": document.meta.url or "",
                "language": "en",
                "kind": document.meta.kind.value,
                "title": document.meta.title or "",
            }
        )
        files[name] = document.text
    _write(folder, gold_lines, meta_lines, files)
    return GoldExport(len(gold_lines), written, left_out)


def _write(
    folder: Path,
    gold_lines: list[dict[str, Any]],
    meta_lines: list[dict[str, Any]],
    files: dict[str, str],
) -> None:
    """The set written into a fresh folder beside ``folder``, then renamed into place."""
    staging = folder.with_name(f".{folder.name}.incoming-{secrets.token_hex(4)}")
    try:
        (staging / "docs").mkdir(parents=True)
        for name, text in files.items():
            # newline="": the text's own line ends, so that the offsets hold in the file.
            with (staging / "docs" / name).open("w", encoding="utf-8", newline="") as out:
                out.write(text)
        for filename, lines in (("gold.jsonl", gold_lines), ("meta.jsonl", meta_lines)):
            (staging / filename).write_text(
                "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                encoding="utf-8",
            )
        if folder.exists():
            folder.rmdir()  # checked empty above
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(
            f"cannot write the gold set: {exc.strerror or exc}", where=str(folder)
        ) from exc
