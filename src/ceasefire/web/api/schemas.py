"""Response bodies of the API, for the OpenAPI document; incidents are the schema's records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from ceasefire.domain import Document
from ceasefire.services import TreeHead
from ceasefire.services.complaints import Complaint
from ceasefire.services.incidents import HistoryStep


class UserOut(BaseModel):
    name: str | None
    role: str
    party: str | None


class DocumentOut(BaseModel):
    id: str
    kind: str
    title: str | None
    publisher: str | None
    url: str | None
    published_at: date | None
    collected_at: datetime | None
    collected_by: str | None
    language: str | None
    source_name: str | None
    media_type: str
    size: int
    text: str | None = None

    @classmethod
    def of(cls, document: Document, *, with_text: bool = False) -> DocumentOut:
        meta = document.meta
        return cls(
            id=document.id,
            kind=meta.kind.value,
            title=meta.title,
            publisher=meta.publisher,
            url=meta.url,
            published_at=meta.published_at,
            collected_at=meta.collected_at,
            collected_by=meta.collected_by,
            language=meta.language,
            source_name=document.source_name,
            media_type=document.media_type,
            size=document.size,
            text=document.text if with_text else None,
        )


class DocumentPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[DocumentOut]


class Added(BaseModel):
    id: str
    added: bool


class IncidentPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[dict[str, Any]]


class LogEntryOut(BaseModel):
    seq: int
    kind: str
    subject: str
    payload: Any
    actor: str
    created_at: str
    prev_state_hash: str
    entry_hash: str
    signature: str | None
    key_id: str | None


class HistoryStepOut(BaseModel):
    """One state of an incident, from its log entry: what changed, who, when and why."""

    seq: int
    at: str
    actor: str
    change: str
    reason: str | None
    state: dict[str, Any]

    @classmethod
    def of(cls, step: HistoryStep) -> HistoryStepOut:
        return cls(
            seq=step.seq,
            at=step.at,
            actor=step.actor,
            change=step.change,
            reason=step.reason,
            state=step.state,
        )


class IncidentOut(BaseModel):
    incident: dict[str, Any]
    history: list[HistoryStepOut]


class ClaimOut(BaseModel):
    incident: str
    claim: dict[str, Any]


class ComplaintOut(BaseModel):
    id: str
    document: str
    party: str
    lodged_by: str
    lodged_at: str
    title: str
    incident: str | None
    state: str
    reviewed_by: str | None
    reviewed_at: str | None
    review_note: str | None

    @classmethod
    def of(cls, complaint: Complaint) -> ComplaintOut:
        return cls(
            id=complaint.id,
            document=complaint.document_id,
            party=complaint.party,
            lodged_by=complaint.lodged_by,
            lodged_at=complaint.lodged_at,
            title=complaint.title,
            incident=complaint.incident_id,
            state=complaint.state.value,
            reviewed_by=complaint.reviewed_by,
            reviewed_at=complaint.reviewed_at,
            review_note=complaint.review_note,
        )


class HeadOut(BaseModel):
    size: int
    root_hash: str
    created_at: str
    key_id: str | None
    signature: str | None
    public_key: str | None

    @classmethod
    def of(cls, head: TreeHead) -> HeadOut:
        return cls(
            size=head.size,
            root_hash=head.root_hash,
            created_at=head.created_at,
            key_id=head.key_id,
            signature=head.signature,
            public_key=head.public_key,
        )


class HeadsOut(BaseModel):
    current: HeadOut
    latest_issued: HeadOut | None
