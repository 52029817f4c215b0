"""Sealed log entries: the payload of a confidential subject enters the public log as a salted
commitment, and is kept, with its salt, in the store until it may be disclosed.

A sealed entry's payload is exactly ``{"commitment": HEX}``, where HEX is
``sha256(salt ‖ canonical payload)``: ``salt`` the 32 random bytes kept with the payload, the
payload's canonical JSON bytes as :mod:`ceasefire.record.canonical` writes them. Everything else of
the entry (seq, kind, subject, actor, time, chain, signature) stays as for any entry, so the chain,
the Merkle tree, proofs and bundles work over sealed entries unchanged.

When the subject may be read by everyone, each of its sealed entries is disclosed by a
``payload_disclosed`` entry about the same subject, whose payload is
``{"entry": SEQ, "payload": {...}, "salt": HEX}``: anyone holding the public log checks that the
payload hashes, with the salt, to the commitment of entry SEQ.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ceasefire.record.canonical import canonical_json, dumps
from ceasefire.record.tables import Base

PAYLOAD_DISCLOSED = "payload_disclosed"
SALT_BYTES = 32
_PREFIX = '{"commitment":"'
_SEALED_LENGTH = len(_PREFIX) + 64 + 2
_HEX = frozenset("0123456789abcdef")


class SealedPayloadRow(Base):
    """The payload and salt of a sealed log entry (its ``seq``), as committed to in the log."""

    __tablename__ = "sealed_payloads"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    subject: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    salt: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)


class Opening(NamedTuple):
    """What opens a commitment: the salt (hex) and the payload's canonical JSON text."""

    salt: str
    payload: str

    def commitment(self) -> str:
        return commitment_of(self.salt, self.payload)

    def to_json(self) -> dict[str, Any]:
        return {"salt": self.salt, "payload": json.loads(self.payload)}


def commitment_of(salt: str, payload: str) -> str:
    """``sha256(salt ‖ payload)`` in hex, the salt given in hex, the payload as canonical text."""
    return hashlib.sha256(bytes.fromhex(salt) + payload.encode("utf-8")).hexdigest()


def seal(payload: Any, *, where: str = "payload") -> tuple[dict[str, str], Opening]:
    """The sealed payload that goes into the log, and the opening kept in the store."""
    text = canonical_json(payload, where=where).decode("utf-8")
    opening = Opening(secrets.token_hex(SALT_BYTES), text)
    return {"commitment": opening.commitment()}, opening


def commitment_in(payload: str) -> str | None:
    """The commitment of a sealed entry's payload text; None for any other payload."""
    if len(payload) != _SEALED_LENGTH or not payload.startswith(_PREFIX):
        return None
    digest = payload[len(_PREFIX) : -2]
    if payload[-2:] != '"}' or not _HEX.issuperset(digest):
        return None
    return digest


def disclosure_payload(seq: int, opening: Opening) -> dict[str, Any]:
    """``payload_disclosed``: the salt and payload that open the commitment of entry ``seq``."""
    return {"entry": seq, "salt": opening.salt, "payload": json.loads(opening.payload)}


def opening_in(disclosure: Any) -> tuple[int, Opening] | None:
    """The entry and opening a ``payload_disclosed`` payload gives; None when it is malformed."""
    try:
        seq, salt, payload = disclosure["entry"], disclosure["salt"], disclosure["payload"]
        if not isinstance(seq, int) or isinstance(seq, bool):
            return None
        if not isinstance(salt, str) or len(salt) != 2 * SALT_BYTES or not _HEX.issuperset(salt):
            return None
        return seq, Opening(salt, dumps(payload))
    except (KeyError, TypeError):
        return None


class SealedPayloads:
    """The openings kept in the store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, seq: int, *, kind: str, subject: str, opening: Opening) -> None:
        self.session.add(
            SealedPayloadRow(
                seq=seq, subject=subject, kind=kind, salt=opening.salt, payload=opening.payload
            )
        )

    def of(self, seqs: Iterable[int]) -> dict[int, Opening]:
        wanted = sorted(set(seqs))
        found: dict[int, Opening] = {}
        for start in range(0, len(wanted), 500):
            rows = self.session.execute(
                select(SealedPayloadRow.seq, SealedPayloadRow.salt, SealedPayloadRow.payload).where(
                    SealedPayloadRow.seq.in_(wanted[start : start + 500])
                )
            )
            found.update({int(seq): Opening(salt, payload) for seq, salt, payload in rows})
        return found

    def about(self, subject: str) -> dict[int, Opening]:
        rows = self.session.execute(
            select(SealedPayloadRow.seq, SealedPayloadRow.salt, SealedPayloadRow.payload)
            .where(SealedPayloadRow.subject == subject)
            .order_by(SealedPayloadRow.seq)
        )
        return {int(seq): Opening(salt, payload) for seq, salt, payload in rows}

    def all(self) -> dict[int, tuple[str, str, Opening]]:
        """Every opening by seq, with the kind and subject it was kept for."""
        rows = self.session.execute(select(SealedPayloadRow).order_by(SealedPayloadRow.seq))
        return {
            row.seq: (row.kind, row.subject, Opening(row.salt, row.payload))
            for row in rows.scalars()
        }
