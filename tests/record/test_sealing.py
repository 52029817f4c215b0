"""Sealed payloads: the commitment is sha256(salt ‖ canonical payload), recognised exactly, and a
disclosure opens it only with the right salt and payload."""

from __future__ import annotations

import hashlib
import json

import pytest

from ceasefire.errors import LogError
from ceasefire.record.sealing import (
    commitment_in,
    commitment_of,
    disclosure_payload,
    opening_in,
    seal,
)


def test_a_seal_commits_to_the_canonical_payload_with_a_fresh_salt() -> None:
    payload = {"id": "C0001", "allegation": "Shelling near Torkham", "steps": [1, 2]}
    sealed, opening = seal(payload)
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert opening.payload == canonical
    assert len(bytes.fromhex(opening.salt)) == 32
    expected = hashlib.sha256(bytes.fromhex(opening.salt) + canonical.encode()).hexdigest()
    assert sealed == {"commitment": expected}
    again, other = seal(payload)
    assert other.salt != opening.salt and again != sealed  # the same payload, another commitment


def test_floats_are_refused_in_a_sealed_payload_too() -> None:
    with pytest.raises(LogError):
        seal({"share": 0.5})


def test_only_a_commitment_object_is_recognised() -> None:
    digest = "ab" * 32
    assert commitment_in(json.dumps({"commitment": digest}, separators=(",", ":"))) == digest
    for payload in (
        json.dumps({"commitment": digest}),  # not canonical (spaces)
        '{"commitment":"' + "AB" * 32 + '"}',  # not lower-case hex
        '{"commitment":"' + "ab" * 31 + '"}',  # too short
        '{"commitment":"' + digest + '","x":1}',  # another field
        '{"id":"C0001"}',
    ):
        assert commitment_in(payload) is None, payload


def test_a_disclosure_opens_its_commitment_and_nothing_else() -> None:
    sealed, opening = seal({"id": "F0001", "rationale": "two sources"})
    found = opening_in(json.loads(json.dumps(disclosure_payload(7, opening))))
    assert found is not None
    seq, opened = found
    assert seq == 7 and opened.commitment() == sealed["commitment"]
    assert (
        commitment_of(opening.salt, opened.payload.replace("two", "three"))
        != (sealed["commitment"])
    )
    for broken in (
        {"entry": "7", "salt": opening.salt, "payload": {}},
        {"entry": True, "salt": opening.salt, "payload": {}},
        {"entry": 7, "salt": "zz", "payload": {}},
        {"entry": 7, "payload": {}},
        [],
    ):
        assert opening_in(broken) is None, broken
