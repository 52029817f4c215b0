"""The nouns of DESIGN.md as plain data: imports nothing else from the project."""

from ceasefire.domain.document import Document, DocumentKind, DocumentMeta, EvidenceSubmission
from ceasefire.domain.event import (
    Aggregate,
    Claim,
    DatePrecision,
    Estimate,
    EventDate,
    Incident,
    Mention,
    Place,
    Quantity,
    Reading,
    ReportedAgreement,
    Stance,
    TargetCategory,
    Victims,
)

__all__ = [
    "Aggregate",
    "Claim",
    "DatePrecision",
    "Document",
    "DocumentKind",
    "DocumentMeta",
    "Estimate",
    "EventDate",
    "EvidenceSubmission",
    "Incident",
    "Mention",
    "Place",
    "Quantity",
    "Reading",
    "ReportedAgreement",
    "Stance",
    "TargetCategory",
    "Victims",
]
