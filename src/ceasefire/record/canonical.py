"""Canonical JSON: the one byte encoding of a value that the log hashes and signs.

Keys sorted, no whitespace (separators ``,`` and ``:``), UTF-8 without ``\\u`` escapes for non-ASCII
text. Floats are refused rather than encoded: two programs can print the same float differently
(``1e2`` / ``100.0``), so a figure that is not a whole number must be given as a string (``"2.5"``).
Only ``None``, booleans, integers, strings, lists (or tuples) and string-keyed objects are allowed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from ceasefire.errors import LogError

JsonValue = None | bool | int | str | list["JsonValue"] | dict[str, "JsonValue"]


def canonical_json(value: Any, *, where: str = "payload") -> bytes:
    """The canonical bytes of ``value``; a LogError names the field that is not allowed."""
    return canonical_text(value, where=where).encode("utf-8")


def canonical_text(value: Any, *, where: str = "payload") -> str:
    """:func:`canonical_json` as text (an entry splices its payload's text into its own); an
    :class:`Encoded` payload is that text already."""
    if type(value) is Encoded:
        return value.text
    _check(value, where)
    return _ENCODE(value)


class Encoded(NamedTuple):
    """A payload checked and made canonical text beforehand (by :func:`encoded`), where it was
    built — a worker process of an import — so that the log's one writer only splices it in."""

    text: str


def encoded(value: Any, *, where: str = "payload") -> Encoded:
    """The payload as :func:`canonical_text` makes it, to be appended later as is."""
    return Encoded(canonical_text(value, where=where))


def dumps(value: Any) -> str:
    """Canonical text of a value already known to be allowed (no checks: the hot path)."""
    return _ENCODE(value)


def _encoder() -> Callable[[Any], str]:
    """json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False), made once. The C
    encoder those options select is made here once and called directly: JSONEncoder.encode makes
    a new one (and a float formatter) at every call, which costs more than a small payload's
    encoding. Without the C module, the same options through JSONEncoder."""
    options = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if c_make_encoder is None:  # pragma: no cover - CPython has it
        return options.encode
    # No markers: a payload is a tree built by our own code (the check walks it before).
    encode = c_make_encoder(
        None,
        options.default,
        encode_basestring,
        None,
        options.key_separator,
        options.item_separator,
        options.sort_keys,
        options.skipkeys,
        options.allow_nan,
    )
    join = "".join

    def dumps(value: Any) -> str:
        if type(value) is str:
            return encode_basestring(value)
        return join(encode(value, 0))

    return dumps


_ENCODE = _encoder()


def _check(value: Any, where: str) -> None:
    # The walk that names the field runs only when the quick one finds something to name: building
    # a field's path for every value costs more than the encoding (an import checks millions).
    if not _is_plain(value):
        _explain(value, where)


def _is_plain(value: Any) -> bool:
    """Whether the value is made of exactly dict, list, tuple, str, int, bool and None (a walk
    with a stack of its own, not a call per value: an import checks tens of values a row)."""
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            extend(item.values())
        elif kind is list or kind is tuple:
            extend(item)
        else:
            return False
    return True


def _explain(value: Any, where: str) -> None:
    """Raises a LogError naming the first field that is not allowed (subclasses of the allowed
    types, such as a StrEnum member, are allowed)."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise LogError(
            "floats are not allowed in the log (give whole numbers, or the figure as a string)",
            where=where,
        )
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _explain(item, f"{where}[{index}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise LogError(f"object key {key!r} is not a string", where=where)
            _explain(item, f"{where}.{key}")
        return
    raise LogError(
        f"{type(value).__name__} is not a JSON value (convert dates to ISO 8601 text)",
        where=where,
    )
