"""Logistic models kept as JSON weights (the slot choice of :mod:`ceasefire.extract.choice`, the
matcher of :mod:`ceasefire.resolve.matcher`): the probability a dot product gives, and the model
file's bytes, reading and atomic write. Here, above both stages, so that neither imports the other.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ceasefire.errors import ModelFileError


def probability(
    weights: Mapping[str, float], intercept: float, features: Mapping[str, float]
) -> float:
    """The logistic of the intercept plus the weighted features (a feature without a weight counts
    nothing), its argument clipped to ±60."""
    z = intercept + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def to_bytes(document: Mapping[str, Any]) -> bytes:
    """A model file's bytes: its JSON, keys sorted, indented by one, with a final newline."""
    return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode()


def read_document(data: bytes, *, schema: str, noun: str, where: str) -> dict[str, Any]:
    """The JSON object of a model file of ``schema``; ModelFileError naming ``where`` otherwise
    (``noun`` says what file was expected)."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"not a JSON model file ({exc})", where=where) from exc
    if not isinstance(document, dict) or document.get("schema") != schema:
        raise ModelFileError(f"not a {noun} file of schema {schema}", where=where)
    return document


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ModelFileError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc


def save(path: Path, data: bytes) -> None:
    """Writes a model file whole or not at all (beside it, then renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)
