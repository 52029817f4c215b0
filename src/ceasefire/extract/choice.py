"""The learned choice among candidates: one logistic model per slot, stored as JSON weights.

Each slot (date, place, perpetrator, killed, whether an incident is a new act at all, and which
other incident it tells again) is a binary classifier over candidates: "is this candidate the
right value?". The candidate with the
highest probability wins. Weights are fit by scikit-learn (`ceasefire train`) and kept as plain
JSON (feature names, coefficients, intercept), so running the model needs no pickle and no
scikit-learn: a dot product per candidate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ceasefire import linear
from ceasefire.errors import ModelFileError

SCHEMA = "ceasefire.choice/1"
SLOTS = ("date", "place", "spot", "perpetrator", "killed", "target", "keep", "join")
# The slot that refines the chosen place to a district, town or crossing inside it.
SPOT = "spot"
# The slot whose candidates are the other incidents an incident may tell again (extract/joining.py).
JOIN = "join"
SEED = 0
# Regularisation of the logistic models: scikit-learn's default when there are too few documents
# to choose; else chosen from this grid by cross-validation over documents.
C = 1.0
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
INNER_FOLDS = 5

Features = Mapping[str, float]


@dataclass(frozen=True, slots=True)
class LinearChoice:
    """A logistic model over named features: weights by name, one intercept."""

    weights: dict[str, float]
    intercept: float
    # Probability below which the answer is no: 0.5 unless fit to the data (the keep slot's is
    # the one that maximises incident F1 on held-out folds of the training documents).
    threshold: float = 0.5

    def probability(self, features: Features) -> float:
        return linear.probability(self.weights, self.intercept, features)

    def explain(self, features: Features) -> list[tuple[str, float]]:
        """Each feature's contribution to the score, largest first: why a candidate won."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in features.items()]
        return sorted(parts, key=lambda item: -abs(item[1]))


@dataclass(frozen=True, slots=True)
class ChoiceModel:
    """The slot models together, with what they were trained on (recorded with every run)."""

    slots: dict[str, LinearChoice]
    about: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """A hash of the weights and what they were trained on: names the model in every run."""
        return "m-" + hashlib.sha256(self.to_bytes()).hexdigest()[:12]

    def probability(self, slot: str, features: Features) -> float | None:
        model = self.slots.get(slot)
        return None if model is None else model.probability(features)

    @classmethod
    def fit(
        cls,
        examples: Mapping[str, Sequence[tuple[Features, bool]]],
        *,
        groups: Mapping[str, Sequence[str]] | None = None,
        choices: Mapping[str, Sequence[str]] | None = None,
        unreachable: int = 0,
        about: Mapping[str, Any] | None = None,
    ) -> ChoiceModel:
        """One logistic regression per slot with both kinds of example; fixed seed, sorted names.
        With `groups` (the document of each example), the regularisation strength is chosen by
        cross-validation over documents from a fixed grid, not set by hand. With `choices` too
        (which candidates compete for one slot of one incident), a slot's model is kept only when
        its choices on held-out documents are right more often than the rules' own."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict

        slots: dict[str, LinearChoice] = {}
        chosen_c: dict[str, float] = {}
        held_out_accuracy: dict[str, dict[str, float | bool]] = {}
        for slot in SLOTS:
            threshold = 0.5
            ranked: Any = None
            rows = examples.get(slot, ())
            labels = [bool(label) for _features, label in rows]
            if len(set(labels)) < 2:
                continue
            vectorizer = DictVectorizer(sparse=False, sort=True)
            matrix = vectorizer.fit_transform([dict(features) for features, _label in rows])
            slot_groups = list(groups.get(slot, ())) if groups else []
            folds = min(INNER_FOLDS, len(set(slot_groups)))
            model: Any
            if folds >= 2 and len(slot_groups) == len(rows):
                model, usable = fit_over_documents(matrix, labels, slot_groups, folds)
                chosen_c[slot] = float(model.C_)
                if slot == "keep":
                    held_out = cross_val_predict(
                        LogisticRegression(C=chosen_c[slot], max_iter=5000, random_state=SEED),
                        matrix,
                        labels,
                        cv=usable,
                        method="predict_proba",
                    )[:, 1]
                    # The cut decides only for the incidents it may leave out: an incident the
                    # rules leave undated is always kept (`filling.choose`), so it counts as kept.
                    dated = [bool(features.get("has_date")) for features, _label in rows]
                    threshold = best_threshold(
                        [p for p, d in zip(held_out, dated, strict=True) if d],
                        [y for y, d in zip(labels, dated, strict=True) if d],
                        unreachable=unreachable,
                        kept=(
                            sum(y for y, d in zip(labels, dated, strict=True) if not d),
                            sum(not y for y, d in zip(labels, dated, strict=True) if not d),
                        ),
                    )
                elif choices and len(choices.get(slot, ())) == len(rows):
                    keys = list(choices[slot])
                    if slot in RANKED:
                        # One choice among rivals: a conditional logit (softmax over the
                        # candidates of one slot of one incident), the same linear form.
                        held = np.zeros(len(rows))
                        for train, test in usable:
                            weights = _fit_ranked(
                                matrix[train], labels, keys, train, strength=chosen_c[slot]
                            )
                            held[test] = matrix[test] @ weights
                        held_out = 1.0 / (1.0 + np.exp(-np.clip(held, -60, 60)))
                        ranked = _fit_ranked(
                            matrix, labels, keys, np.arange(len(rows)), strength=chosen_c[slot]
                        )
                    else:
                        held_out = cross_val_predict(
                            LogisticRegression(C=chosen_c[slot], max_iter=5000, random_state=SEED),
                            matrix,
                            labels,
                            cv=usable,
                            method="predict_proba",
                        )[:, 1]
                    accuracy = _accuracies(slot, rows, list(held_out), keys)
                    held_out_accuracy[slot] = accuracy
                    if not accuracy["used"]:
                        continue
            else:
                model = LogisticRegression(C=C, max_iter=5000, random_state=SEED)
                model.fit(matrix, labels)
                chosen_c[slot] = C
            names = vectorizer.get_feature_names_out()
            coefficients, intercept = model.coef_[0], float(model.intercept_[0])
            if ranked is not None:
                coefficients, intercept = ranked, 0.0
            weights = {
                str(name): round(float(w), 6)
                for name, w in zip(names, coefficients, strict=True)
                if round(float(w), 6) != 0.0
            }
            slots[slot] = LinearChoice(weights, round(intercept, 6), round(threshold, 6))
        record = dict(about or {})
        record["regularisation_c"] = chosen_c
        if held_out_accuracy:
            record["held_out_accuracy"] = held_out_accuracy
        return cls(slots, record)

    def to_bytes(self) -> bytes:
        document = {
            "schema": SCHEMA,
            "about": self.about,
            "slots": {
                name: {
                    "intercept": model.intercept,
                    "threshold": model.threshold,
                    "weights": dict(sorted(model.weights.items())),
                }
                for name, model in sorted(self.slots.items())
            },
        }
        return linear.to_bytes(document)

    @classmethod
    def from_bytes(cls, data: bytes, *, where: str = "model") -> ChoiceModel:
        document = linear.read_document(data, schema=SCHEMA, noun="model", where=where)
        slots: dict[str, LinearChoice] = {}
        try:
            for name, body in document["slots"].items():
                if name not in SLOTS:
                    raise ModelFileError(f"unknown slot {name!r}", where=where)
                by_name = {str(k): float(v) for k, v in body["weights"].items()}
                threshold = float(body.get("threshold", 0.5))
                if not 0.0 <= threshold <= 1.0:
                    raise ModelFileError(f"threshold of {name} outside 0..1", where=where)
                slots[name] = LinearChoice(by_name, float(body["intercept"]), threshold)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(f"malformed slot weights ({exc!r})", where=where) from exc
        return cls(slots, dict(document.get("about") or {}))

    def save(self, path: Path) -> None:
        linear.save(path, self.to_bytes())

    @classmethod
    def load(cls, path: Path | None = None) -> ChoiceModel | None:
        """The model at `path`, else the one shipped in the package (None if there is none)."""
        if path is not None:
            return cls.from_bytes(linear.read_file(path), where=str(path))
        shipped = resources.files("ceasefire") / "data" / "models" / SHIPPED_NAME
        if not shipped.is_file():
            return None
        return cls.from_bytes(shipped.read_bytes(), where=f"ceasefire/data/models/{SHIPPED_NAME}")


SHIPPED_NAME = "choice.json"

# A wrong date parts an incident from every other report of it (the matcher and the scorer pair
# by date), a missing one does not: the date model overrides the rules only when it holds its
# candidate more likely right than wrong.
SURE_ONLY = frozenset({"date"})
# Slots whose model is fit as one choice among rivals (a conditional logit) rather than candidate
# by candidate: the argmax is what counts there, not a calibrated probability.
RANKED = frozenset({"place", SPOT, "perpetrator", "killed", "target", JOIN})


def fit_over_documents(
    matrix: Any, labels: Sequence[bool], groups: Sequence[str], folds: int = INNER_FOLDS
) -> tuple[Any, list[tuple[Any, Any]]]:
    """A logistic regression whose strength is chosen from `C_GRID` by `folds`-fold
    cross-validation over documents (`groups`: each example's document), with the folds it used
    (those whose training part holds both labels; a fold of one label cannot be fit)."""
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import GroupKFold

    splits = list(GroupKFold(n_splits=folds).split(matrix, labels, groups))
    usable = [(train, test) for train, test in splits if len({labels[i] for i in train}) == 2]
    model = LogisticRegressionCV(
        Cs=list(C_GRID),
        cv=usable,
        scoring="neg_log_loss",
        l1_ratios=(0.0,),
        use_legacy_attributes=False,
        max_iter=5000,
        random_state=SEED,
    )
    model.fit(matrix, labels)
    return model, usable


def is_rule(features: Features) -> bool:
    """Whether a candidate is the rules' own choice (a value, or abstaining)."""
    return bool(features.get("rule") or features.get("rule_abstains"))


def _accuracies(
    slot: str,
    rows: Sequence[tuple[Features, bool]],
    probabilities: list[float],
    choices: list[str],
) -> dict[str, float | bool]:
    """How often the model's choice and the rules' choice are right, over held-out choices."""
    by_choice: dict[str, list[int]] = {}
    for index, key in enumerate(choices):
        by_choice.setdefault(key, []).append(index)
    model_right = rules_right = 0
    for indexes in by_choice.values():
        ruled = next((i for i in indexes if is_rule(rows[i][0])), None)
        pick = max(indexes, key=lambda i: (probabilities[i], is_rule(rows[i][0])))
        if slot in SURE_ONLY and probabilities[pick] < 0.5 and ruled is not None:
            pick = ruled
        model_right += int(rows[pick][1])
        rules_right += int(ruled is not None and rows[ruled][1])
    total = len(by_choice) or 1
    return {
        "model": round(model_right / total, 4),
        "rules": round(rules_right / total, 4),
        "used": model_right > rules_right,
    }


def _fit_ranked(
    matrix: Any, labels: Sequence[bool], keys: Sequence[str], indexes: Any, *, strength: float
) -> Any:
    """Weights of a conditional logit: for each choice (the candidates of one slot of one
    incident) with a right candidate, the log-probability of the right ones among all of them,
    L2-penalised by 1/(2C) as scikit-learn's logistic regression; fit by L-BFGS from zero, so
    deterministic."""
    from scipy.optimize import minimize

    by_choice: dict[str, list[int]] = {}
    for row, index in enumerate(indexes):
        by_choice.setdefault(keys[index], []).append(row)
    groups = [rows for rows in by_choice.values() if any(labels[indexes[r]] for r in rows)]
    width = matrix.shape[1]
    if not groups:
        return np.zeros(width)
    # The choices laid end to end: each one's rows, where each starts, which are right. The loss
    # works on all of them at once (a log-sum-exp per choice by segment), not choice by choice.
    rows = np.concatenate([np.asarray(g) for g in groups])
    sizes = np.array([len(g) for g in groups])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    choice_of = np.repeat(np.arange(len(groups)), sizes)
    right = np.array([bool(labels[indexes[r]]) for r in rows])
    candidates = matrix[rows]

    def log_sum_exp(z: Any) -> Any:
        """Per choice: log of the sum of exp(z) over its candidates (-inf ones leave it out)."""
        top = np.maximum.reduceat(z, starts)
        return top + np.log(np.add.reduceat(np.exp(z - top[choice_of]), starts))

    def loss(weights: Any) -> tuple[float, Any]:
        z = candidates @ weights
        every = log_sum_exp(z)
        good = log_sum_exp(np.where(right, z, -np.inf))
        total = float(weights @ weights) / (2 * strength) + float(np.sum(every - good))
        p_all = np.exp(z - every[choice_of])
        p_good = np.where(right, np.exp(z - good[choice_of]), 0.0)
        gradient = weights / strength + (p_all - p_good) @ candidates
        return total, gradient

    result = minimize(loss, np.zeros(width), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return result.x


def best_threshold(
    probabilities: Sequence[float],
    labels: Sequence[bool],
    *,
    unreachable: int,
    kept: tuple[int, int] = (0, 0),
) -> float:
    """The cut that maximises F1 of a yes/no choice, given held-out probabilities; `unreachable`
    positives are missed whatever the cut (gold incidents the rules never proposed), `kept`
    positives and negatives are answered yes whatever the cut."""
    ranked = sorted(zip(probabilities, labels, strict=True), key=lambda item: -item[0])
    positives = sum(labels) + unreachable + kept[0]
    best, cut = -1.0, 0.5
    true_positives = kept[0]
    for rank, (probability, label) in enumerate(ranked, start=1):
        true_positives += int(label)
        answered = rank + kept[0] + kept[1]
        f1 = 2 * true_positives / (answered + positives) if answered + positives else 0.0
        following = ranked[rank][0] if rank < len(ranked) else 0.0
        if f1 > best and probability != following:
            best, cut = f1, (probability + following) / 2
    return cut


def shipped_path() -> Path:
    """Where `ceasefire train` writes the model that ships with the package."""
    return Path(str(resources.files("ceasefire") / "data" / "models" / SHIPPED_NAME))


__all__ = ["JOIN", "SLOTS", "SPOT", "ChoiceModel", "LinearChoice", "ModelFileError", "shipped_path"]
