"""Use case: reviewers' corrections as a gold set (`ceasefire export gold DIR`), in the format of
``eval/synthetic`` (gold.jsonl, meta.jsonl, docs/), so that ``ceasefire train`` learns from them.

What is exported: every active incident a person edited, merged or split (``incidents.reviewed``:
each of those changes marks it reviewed), with its values as the reviewer left them, in each document
one of its claims quotes. One record per such document: the reviewed incidents it reports (evidence
= a claim's quoted span, checked verbatim against the stored text), and the other incidents extracted
from it, unreviewed, marked ``optional`` so that they neither teach nor penalise. A reviewed incident
reported by several exported documents carries ``act_group`` (its id), which makes its documents'
pairs same-act pairs for the matcher.

Confidentiality: documents of kind ``complaint`` (a party's evidence, sealed in the log) and
documents handed in as evidence of a case (``evidence_submitted``, sealed) are left out unless
``include_confidential`` is asked for — a choice for the secretariat's or a monitor's own use,
never for a file that leaves them. Dataset rows (ACLED, UCDP) and documents in a language other
than English are left out: the extractor reads English text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.domain import Document, DocumentKind, Incident, Stance
from ceasefire.errors import InputError
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.evidence import EvidenceRepository
from ceasefire.record.incidents import IncidentRepository
from ceasefire.record.store import Store


@dataclass(frozen=True, slots=True)
class GoldExport:
    documents: int
    incidents: int
    left_out: dict[str, int]


def _low_high(low: int | None, high: int | None) -> dict[str, int | None]:
    """A reviewer who raised the low above the reconciled high made it the least figure: the high
    follows it."""
    if low is not None and high is not None and low > high:
        high = low
    return {"low": low, "high": high}


def _gold_incident(
    incident: Incident, document: Document, *, optional: bool, act_group: str | None
) -> dict[str, Any] | None:
    claims = sorted(
        (c for c in incident.claims if c.document_id == document.id), key=lambda c: c.start
    )
    spans = [document.text[c.start : c.end] for c in claims]
    evidence = next((s for s in spans if s.strip()), None)
    if evidence is None:
        return None
    record: dict[str, Any] = {
        "key": incident.id,
        "optional": optional,
        "historical": incident.is_historical,
        "date": incident.date.value.isoformat() if incident.date.value else None,
        "date_precision": incident.date.precision.value if incident.date.value else "unknown",
        "country": incident.place.country,
        "admin1": incident.place.admin1,
        "admin2": incident.place.admin2,
        "location": incident.place.location,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "perpetrator_alleged": incident.actor1,
        "target": incident.actor2,
        "target_category": [t.value for t in incident.target_categories] or ["unknown"],
        "killed": _low_high(incident.fatalities.low, incident.fatalities.high),
        "injured": _low_high(incident.injuries.low, incident.injuries.high),
        "claims": [
            {
                "source": c.source,
                "assertion": span,
                "killed": c.fatalities.low if c.fatalities else None,
                "injured": c.injuries.low if c.injuries else None,
            }
            for c, span in zip(claims, spans, strict=True)
        ],
        "denied_by": sorted(
            {c.source or "unnamed source" for c in claims if c.stance is Stance.DENIES}
        ),
        "evidence": evidence,
        "notes": "reviewed in the record" if not optional else "extracted, not reviewed",
    }
    if act_group is not None:
        record["act_group"] = act_group
    return record


def export_gold(store: Store, folder: Path, *, include_confidential: bool = False) -> GoldExport:
    """Writes the gold set to ``folder`` (new or empty); returns what was written and left out."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("the gold set's folder must be new or empty", where=str(folder))
    left_out = {"confidential": 0, "dataset rows": 0, "not English": 0}
    with store.read_session() as session:
        incidents = [i for i in IncidentRepository(session).stream() if i.claims]
        reviewed = [i for i in incidents if i.is_reviewed]
        if not reviewed:
            raise InputError("no incident has been reviewed (edited, merged or split) yet")
        wanted = sorted({c.document_id for i in reviewed for c in i.claims})
        documents = DocumentRepository(session)
        evidence = EvidenceRepository(session)
        kept: list[Document] = []
        for document_id in wanted:
            document = documents.get(document_id)
            confidential = document.meta.kind is DocumentKind.COMPLAINT or bool(
                evidence.submissions(document=document_id)
            )
            if confidential and not include_confidential:
                left_out["confidential"] += 1
            elif document.meta.kind is DocumentKind.DATASET_ROW:
                left_out["dataset rows"] += 1
            elif (document.meta.language or "en") != "en":
                left_out["not English"] += 1
            else:
                kept.append(document)
    kept_ids = {d.id for d in kept}
    spread = {i.id: len({c.document_id for c in i.claims} & kept_ids) for i in reviewed}
    gold_lines, meta_lines, written = [], [], 0
    for document in kept:
        name = f"{document.id[:16]}.txt"
        published = document.meta.published_at or (
            document.meta.collected_at.date() if document.meta.collected_at else None
        )
        if published is None:
            left_out["no date"] = left_out.get("no date", 0) + 1
            continue
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
        (folder / "docs").mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(document.text, encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for filename, lines in (("gold.jsonl", gold_lines), ("meta.jsonl", meta_lines)):
        (folder / filename).write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
            encoding="utf-8",
        )
    (folder / "docs").mkdir(exist_ok=True)
    return GoldExport(len(gold_lines), written, left_out)
