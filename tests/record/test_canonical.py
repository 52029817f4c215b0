"""Canonical JSON: one encoding for a value; floats and non-JSON values refused, naming the field."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.errors import LogError
from ceasefire.record.canonical import canonical_json, canonical_text, dumps
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


# Any JSON value: text of every plane (escapes, controls, U+2028, astral), big and negative
# integers, floats (which dumps encodes when asked; canonical_json refuses them before).
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.text(st.characters(exclude_categories=["Cs"])),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(
            st.text(st.characters(exclude_categories=["Cs"]), max_size=8), inner, max_size=5
        )
    ),
    max_leaves=30,
)


@given(_JSON)
@settings(max_examples=400, deadline=None)
def test_the_encoder_made_once_writes_what_json_dumps_writes(value: object) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert dumps(value) == expected
    try:
        checked = canonical_text(value)
    except LogError:
        return  # a float somewhere: refused
    assert checked == expected
    assert canonical_json(value) == expected.encode("utf-8")


def test_the_encoder_made_once_on_payloads_of_every_kind() -> None:
    payload = {
        "é": 'Spin Boldak – Chaman \u2028 "quoted" \\ \n\t\x00 \U0001f600',
        "n": [0, -1, 10**20, True, False, None],
        "nested": {"z": {}, "a": [], "m": [{"b": 1, "a": 2}]},
    }
    expected = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert dumps(payload) == expected == canonical_text(payload)
    assert dumps("plain \x7f text") == json.dumps("plain \x7f text", ensure_ascii=False)
