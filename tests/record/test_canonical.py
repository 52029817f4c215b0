"""Canonical JSON: one encoding for a value; floats and non-JSON values refused, naming the field."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ceasefire.errors import LogError
from ceasefire.record.canonical import canonical_json
from ceasefire.record.log import entry_bytes


def test_sorted_keys_no_spaces_utf8() -> None:
    assert canonical_json({"b": 1, "a": ["x", None, True]}) == b'{"a":["x",null,true],"b":1}'
    assert canonical_json({"place": "Spin Boldak – Chaman"}) == (
        '{"place":"Spin Boldak – Chaman"}'.encode()
    )


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"victims": {"killed": 2.5}}, "payload.victims.killed"),
        ({"list": [1, 1.0]}, r"payload.list\[1\]"),
        ({"day": date(2025, 10, 19)}, "payload.day"),
    ],
)
def test_floats_and_non_json_values_are_refused(value: object, field: str) -> None:
    with pytest.raises(LogError, match=field):
        canonical_json(value)


def test_entry_bytes_equal_canonical_json_of_the_whole_entry() -> None:
    payload = {"z": [1, 2], "a": "ب", "n": None}
    fields = {
        "seq": 7,
        "kind": "document_added",
        "subject": 'Kurram "district" \\ \n\t\u0001 کرم',
        "actor": "monitor-1",
        "created_at": "2026-11-22T10:00:00.000001Z",
        "prev_state_hash": "cd" * 32,
        "key_id": None,
    }
    spliced = entry_bytes(payload=canonical_json(payload).decode(), **fields)  # type: ignore[arg-type]
    whole = canonical_json({**fields, "payload": payload, "v": 1})
    assert spliced == whole
    assert json.loads(spliced)["payload"] == payload
