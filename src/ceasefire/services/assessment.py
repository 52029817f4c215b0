"""Use cases of agreements and assessment: read an agreement file, resolve its source pointers to
quotes, and hold the stored incidents against its commitments (through the log)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ceasefire.assess.agreements import load_agreement
from ceasefire.assess.rules import assess
from ceasefire.domain.agreement import Agreement, Assessment, SourcePointer
from ceasefire.domain.tally import Tally, tally
from ceasefire.errors import AgreementError
from ceasefire.record.assess_entries import (
    ASSESSMENT_RECORDED,
    ASSESSMENT_WITHDRAWN,
    assessment_payload,
    withdrawal_payload,
)
from ceasefire.record.assessments import AssessmentRepository
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.record.tables import DocumentRow
from ceasefire.services.log import record_change


def read_agreement(path: Path) -> Agreement:
    """The agreement in a YAML file; AgreementError names the line and field of a mistake."""
    return load_agreement(path)


@dataclass(frozen=True, slots=True)
class Quote:
    """A source pointer and the text it points at (None when the document is not in the store)."""

    pointer: SourcePointer
    text: str | None
    problem: str | None = None


def resolve(session: Session, pointer: SourcePointer) -> Quote:
    row = session.get(DocumentRow, pointer.document)
    if row is None:
        return Quote(pointer, None, "document not in the store")
    if pointer.end > len(row.text):
        return Quote(pointer, None, f"span beyond the document's text ({len(row.text)} characters)")
    return Quote(pointer, row.text[pointer.start : pointer.end])


@dataclass(frozen=True, slots=True)
class AgreementView:
    agreement: Agreement
    quotes: dict[str, list[Quote]]  # by commitment id; "" for the agreement's own sources


def show_agreement(store: Store, path: Path) -> AgreementView:
    return agreement_view(store, read_agreement(path))


def agreement_view(store: Store, agreement: Agreement) -> AgreementView:
    """The agreement with each source pointer resolved to its quote in the store."""
    with store.read_session() as session:
        quotes = {"": [resolve(session, p) for p in agreement.sources]}
        for commitment in agreement.commitments:
            quotes[commitment.id] = [resolve(session, p) for p in commitment.sources]
    return AgreementView(agreement, quotes)


@dataclass(slots=True)
class AssessOutcome:
    agreement: Agreement
    incidents: int = 0
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    assessments: list[Assessment] = field(default_factory=list)
    tally: Tally = field(default_factory=lambda: tally((), ()))


def run_assessment(store: Store, agreement: Agreement, author: Author) -> AssessOutcome:
    """Holds every stored incident after entry into force against every commitment.

    Idempotent: an assessment that exists already and has not changed writes nothing; a changed one
    is rewritten with an ``assessment_recorded`` entry; one that no longer holds (its incident was
    merged away or changed) is removed with an ``assessment_withdrawn`` entry. One transaction.
    """
    started = time.perf_counter()
    with store.session() as session:
        outcome = assess_in(session, agreement, author)
    outcome.seconds = time.perf_counter() - started
    return outcome


def reassess(session: Session, agreements: Sequence[Agreement], author: Author) -> None:
    """Holds the record against each agreement again, in the transaction of a change to its
    incidents (intake, merge, split, edit): the possible violations follow the change at once."""
    for agreement in agreements:
        assess_in(session, agreement, author)


def assess_in(session: Session, agreement: Agreement, author: Author) -> AssessOutcome:
    """:func:`run_assessment` within ``session`` (the caller's transaction)."""
    outcome = AssessOutcome(agreement)
    since = agreement.effective_at.date()
    incidents = IncidentRepository(session).list(
        IncidentFilter(date_from=since, include_historical=False)
    )
    outcome.incidents = len(incidents)
    wanted = {a.id: a for a in assess(agreement, incidents)}
    repository = AssessmentRepository(session)
    current = {a.id: a for a in repository.list(agreement.id)}
    for assessment_id, assessment in wanted.items():
        before = current.get(assessment_id)
        if before == assessment:
            outcome.unchanged += 1
            continue
        repository.put(assessment, is_new=before is None)
        payload = assessment_payload(assessment)
        record_change(session, ASSESSMENT_RECORDED, assessment_id, payload, author)
        if before is None:
            outcome.added += 1
        else:
            outcome.updated += 1
    for assessment_id in sorted(set(current) - set(wanted)):
        repository.remove(assessment_id)
        reason = "no longer holds under the agreement's commitments and the stored incident"
        record_change(
            session,
            ASSESSMENT_WITHDRAWN,
            assessment_id,
            withdrawal_payload(assessment_id, reason),
            author,
        )
        outcome.withdrawn += 1
    outcome.assessments = sorted(wanted.values(), key=lambda a: (a.incident, a.commitment))
    outcome.tally = tally(outcome.assessments, (i.id for i in incidents if i.is_reviewed))
    return outcome


def list_assessments(
    store: Store,
    agreement: str | None = None,
    *,
    incident: str | None = None,
    party: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[Assessment]:
    """The assessments (of an agreement, an incident, a party), ``offset`` to ``offset + limit``."""
    with store.read_session() as session:
        return AssessmentRepository(session).list(
            agreement, incident=incident, party=party, offset=offset, limit=limit
        )


def load_agreements(path: Path) -> list[Agreement]:
    """The agreement in a YAML file, or those of every ``*.yaml`` and ``*.yml`` file of a folder
    (in name order); none when nothing is there. A malformed file is an AgreementError."""
    if path.is_file():
        return [read_agreement(path)]
    if not path.is_dir():
        return []
    files = sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
    found = [read_agreement(p) for p in files]
    ids = [a.id for a in found]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise AgreementError(f"two files define agreement {twice[0]!r}", where=str(path))
    return found
