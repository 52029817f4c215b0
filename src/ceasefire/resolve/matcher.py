"""The learned incident matcher: a logistic regression over the pair features of ``matching``, fitted
on labelled pairs, stored as JSON (weights by feature name, intercept, threshold, version) and shipped
as ``data/models/matcher.json``.

``fit_matcher`` learns it; ``cross_validate`` scores it against the hand-set rule it replaced on the
same folds, grouped so that an act's pairs are never on both sides of a fold. The vetoes of
``matching`` are constraints, not features: a vetoed pair is "not one act" for every method, and is
left out of the fitting.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ceasefire.domain import Incident
from ceasefire.errors import InputError
from ceasefire.resolve.matching import FEATURES, Pair, compare

FORMAT = "ceasefire.matcher/1"
SEED = 13
# F-beta of the threshold (see _best_threshold): 1 chose best by cross-validation (benchmarks/merge_pairs.py).
BETA = 1.0
# Synthetic variants of a pair (source "variants") are many and easy: together they weigh this
# share of the real pairs' weight in the fit, so that the real cross-document pairs lead.
VARIANT_SHARE = 0.05
# The inverse strength of the L2 penalty (scikit-learn's C).
REGULARISATION = 1.0
# The rule the model replaced, kept only as the baseline the benchmark compares against.
HAND_WEIGHTS = {"date": 0.25, "place": 0.25, "type": 0.30, "text": 0.20, "actors": 0.10}
HAND_THRESHOLD = 0.70


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two incidents, the acts they are tied to, and whether they are one act."""

    a: Incident
    b: Incident
    act_a: str
    act_b: str
    source: str = ""

    @property
    def same(self) -> bool:
        return self.act_a == self.act_b


@dataclass(frozen=True, slots=True)
class MatcherModel:
    """Weights by feature name, intercept and threshold: ``probability`` is the logistic of the
    weighted sum, a pair at or above ``threshold`` is one act."""

    weights: Mapping[str, float]
    intercept: float
    threshold: float
    version: str
    training: Mapping[str, Any] = field(default_factory=dict)

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * v for name, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "format": FORMAT,
                    "version": self.version,
                    "features": list(FEATURES),
                    "weights": {name: self.weights.get(name, 0.0) for name in FEATURES},
                    "intercept": self.intercept,
                    "threshold": self.threshold,
                    "training": dict(self.training),
                },
                indent=2,
                sort_keys=False,
                ensure_ascii=False,
            )
            + "\n"
        )

    @classmethod
    def from_json(cls, text: str, *, where: str = "matcher model") -> MatcherModel:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise InputError(
                    f"not a {FORMAT} file (format {data.get('format')!r})", where=where
                )
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            unknown = sorted(set(weights) - set(FEATURES))
            if unknown:
                raise InputError(f"unknown feature {unknown[0]!r} in weights", where=where)
            return cls(
                weights=weights,
                intercept=float(data["intercept"]),
                threshold=float(data["threshold"]),
                version=str(data["version"]),
                training=dict(data.get("training") or {}),
            )
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", where=where) from exc
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"malformed matcher model: {exc!r}", where=where) from exc


def shipped_path() -> Path:
    return Path(str(resources.files("ceasefire").joinpath("data", "models", "matcher.json")))


@cache
def shipped_matcher() -> MatcherModel:
    """The model shipped with the package, read once per process."""
    path = shipped_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read the matcher model: {exc.strerror or exc}", where=str(path)
        ) from exc
    return MatcherModel.from_json(text, where=str(path))


def hand_rule(pair: Pair) -> bool:
    """The hand-set rule the model replaced (baseline only)."""
    total = (
        HAND_WEIGHTS["date"] * pair.date
        + HAND_WEIGHTS["place"] * pair.place
        + HAND_WEIGHTS["type"] * pair.type
        + HAND_WEIGHTS["text"] * pair.text
        + HAND_WEIGHTS["actors"] * pair.actors
    )
    return total >= HAND_THRESHOLD


def _vector(pair: Pair) -> list[float]:
    return [float(pair.features[name]) for name in FEATURES]


def _pair_digest(item: LabelledPair) -> str:
    def side(incident: Incident) -> str:
        return ",".join(sorted(f"{c.document_id}:{c.start}-{c.end}" for c in incident.claims))

    return f"{side(item.a)}|{side(item.b)}|{item.act_a}|{item.act_b}"


def _best_threshold(
    probabilities: Sequence[float], labels: Sequence[bool], weights: Sequence[float], beta: float
) -> float:
    """The cut that maximises F-beta on the given predictions (beta < 1 weighs precision more: a
    false merge hides an act, a missed merge only double-counts it until a reviewer merges)."""
    best, best_f = 0.5, -1.0
    for step in range(5, 96):
        cut = step / 100
        rows = list(zip(probabilities, labels, weights, strict=True))
        tp = sum(w for p, y, w in rows if p >= cut and y)
        fp = sum(w for p, y, w in rows if p >= cut and not y)
        fn = sum(w for p, y, w in rows if p < cut and y)
        if tp == 0:
            continue
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f = (1 + beta**2) * precision * recall / (beta**2 * precision + recall)
        if f > best_f:
            best, best_f = cut, f
    return best


def fit_matcher(
    pairs: Sequence[LabelledPair],
    *,
    seed: int = SEED,
    beta: float = BETA,
    variant_share: float = VARIANT_SHARE,
    sources: Sequence[str] = (),
) -> MatcherModel:
    """A logistic regression fitted on the pairs no veto excludes, and the threshold that maximises
    F-beta on them. Deterministic: the pairs are sorted, the solver seeded."""
    from sklearn.linear_model import LogisticRegression

    compared = sorted(
        (
            (_pair_digest(p), p.same, c, p.source == "variants")
            for p in pairs
            if (c := compare(p.a, p.b)) is not None
        ),
        key=lambda item: item[0],
    )
    labels = [same for _, same, _, _ in compared]
    if len(set(labels)) < 2:
        raise InputError(
            "the labelled pairs need both same-act and different-act pairs that no veto excludes",
            where="matcher training",
        )
    matrix = [_vector(pair) for _, _, pair, _ in compared]
    variants = sum(1 for *_, is_variant in compared if is_variant)
    real = len(compared) - variants
    variant_weight = variant_share * real / variants if variants and real else 1.0
    weights = [variant_weight if is_variant else 1.0 for *_, is_variant in compared]
    config = {
        "C": REGULARISATION,
        "class_weight": "balanced",
        "seed": seed,
        "beta": beta,
        "variant_share": variant_share,
    }
    regression = LogisticRegression(
        C=REGULARISATION, class_weight="balanced", max_iter=2000, random_state=seed
    )
    regression.fit(matrix, labels, sample_weight=weights)
    probabilities = [float(p) for p in regression.predict_proba(matrix)[:, 1]]
    threshold = _best_threshold(probabilities, labels, weights, beta)
    digest = hashlib.sha256()
    for key, *_ in compared:
        digest.update(key.encode())
    digest.update(json.dumps(config, sort_keys=True).encode())
    return MatcherModel(
        weights={
            name: round(float(w), 6) for name, w in zip(FEATURES, regression.coef_[0], strict=True)
        },
        intercept=round(float(regression.intercept_[0]), 6),
        threshold=threshold,
        version=f"matcher.v1+{digest.hexdigest()[:12]}",
        training={
            "sources": list(sources),
            "pairs": len(pairs),
            "fitted_pairs": len(compared),
            "same_act_pairs": sum(labels),
            **config,
        },
    )


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: bool, guess: bool) -> None:
        self.tp += truth and guess
        self.fp += guess and not truth
        self.fn += truth and not guess

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(frozen=True, slots=True)
class Prediction:
    """One test pair of a fold: its index in the pairs, and what each method said."""

    index: int
    fold: int
    learned: bool
    hand: bool


def tally(
    pairs: Sequence[LabelledPair], predictions: Sequence[Prediction]
) -> tuple[Counts, Counts]:
    """Pair counts of the learned model and of the hand-set rule over some predictions."""
    learned, hand = Counts(), Counts()
    for p in predictions:
        learned.add(pairs[p.index].same, p.learned)
        hand.add(pairs[p.index].same, p.hand)
    return learned, hand


def act_groups(pairs: Sequence[LabelledPair]) -> list[str]:
    """Each pair's fold group: the connected component of its acts over the pairs no veto excludes,
    so that no act has pairs both in training and in test (vetoed pairs are decided by constraints,
    whatever the fold)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels = []
    for item in pairs:
        find(item.act_a), find(item.act_b)
        if compare(item.a, item.b) is not None:
            parent[find(item.act_a)] = find(item.act_b)
        labels.append(item.act_a)
    return [find(act) for act in labels]


def cross_validate(
    pairs: Sequence[LabelledPair],
    *,
    folds: int = 5,
    seed: int = SEED,
    beta: float = BETA,
    variant_share: float = VARIANT_SHARE,
) -> list[Prediction]:
    """What a model fitted on the other folds and the hand-set rule say of each pair, per fold of
    ``GroupKFold`` over :func:`act_groups`."""
    from sklearn.model_selection import GroupKFold

    groups = act_groups(pairs)
    if len(set(groups)) < folds:
        raise InputError(
            f"{len(set(groups))} independent act groups: too few for {folds} folds", where="--cv"
        )
    predictions = []
    splitter = GroupKFold(n_splits=folds)
    for fold, (train, test) in enumerate(
        splitter.split(list(range(len(pairs))), groups=groups), start=1
    ):
        model = fit_matcher(
            [pairs[i] for i in train], seed=seed, beta=beta, variant_share=variant_share
        )
        for i in test:
            item = pairs[i]
            pair = compare(item.a, item.b)
            predictions.append(
                Prediction(
                    int(i),
                    fold,
                    pair is not None and model.probability(pair.features) >= model.threshold,
                    pair is not None and hand_rule(pair),
                )
            )
    return predictions
