"""The learned matcher's model: a logistic regression over the pair features of
:func:`ceasefire.resolve.matching.features`, kept as plain JSON (feature names, weights, intercept,
threshold, what it was fit on), so matching needs no pickle and no scikit-learn: a dot product.

It is fit by :mod:`ceasefire.services.matcher_training` (``ceasefire train-matcher``) and ships as
``data/models/matcher.json`` only when its cross-validated pair F0.5 beats the hand-set rule's; while
no file ships, :func:`ceasefire.resolve.matching.score` uses the rule.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ceasefire import linear
from ceasefire.errors import ModelFileError

SCHEMA = "ceasefire.matcher/1"
SHIPPED_NAME = "matcher.json"


@dataclass(frozen=True, slots=True)
class MatcherModel:
    weights: dict[str, float]
    intercept: float
    threshold: float
    about: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """A hash of the weights and what they were fit on: names the matcher in every run."""
        return "x-" + hashlib.sha256(self.to_bytes()).hexdigest()[:12]

    def probability(self, features: Mapping[str, float]) -> float:
        return linear.probability(self.weights, self.intercept, features)

    def to_bytes(self) -> bytes:
        document = {
            "schema": SCHEMA,
            "about": self.about,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }
        return linear.to_bytes(document)

    @classmethod
    def from_bytes(cls, data: bytes, *, where: str = "matcher") -> MatcherModel:
        document = linear.read_document(data, schema=SCHEMA, noun="matcher", where=where)
        try:
            by_name = {str(k): float(v) for k, v in document["weights"].items()}
            threshold = float(document["threshold"])
            intercept = float(document["intercept"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(f"malformed matcher weights ({exc!r})", where=where) from exc
        if not 0.0 < threshold < 1.0:
            raise ModelFileError("threshold outside 0..1", where=where)
        return cls(by_name, intercept, threshold, dict(document.get("about") or {}))

    def save(self, path: Path) -> None:
        linear.save(path, self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> MatcherModel:
        return cls.from_bytes(linear.read_file(path), where=str(path))


def shipped_path() -> Path:
    return Path(str(resources.files("ceasefire") / "data" / "models" / SHIPPED_NAME))


@cache
def shipped_matcher() -> MatcherModel | None:
    """The matcher the package ships, or None (then matching is the hand-set rule)."""
    path = shipped_path()
    if not path.is_file():
        return None
    return MatcherModel.from_bytes(path.read_bytes(), where=f"ceasefire/data/models/{SHIPPED_NAME}")


def matcher_version() -> str:
    """The matcher in use: the learned model's version, or "rule"."""
    model = shipped_matcher()
    return model.version if model is not None else "rule"
