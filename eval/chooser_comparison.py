"""Nested comparison of learners for one rival-choosing slot (killed by default): the conditional
logit that ships (`extract/choice.py`) against gradient boosting (scikit-learn's
HistGradientBoostingClassifier over the same candidate features, the candidate with the highest
probability wins). Outer folds by document (those of `ceasefire eval --cv`); on each, the learner is
chosen by the held-out choice accuracy on INNER folds of the training documents only, then fit on
all of them and scored on the outer fold. Prints, per outer fold, the inner accuracies, the learner
chosen and every learner's outer accuracy, then the pooled outer accuracy of each learner and of
the nested choice. Only development documents are read (never the final-test third).

Run from the repository root with the project's environment:
    .venv/bin/python eval/chooser_comparison.py eval/*/ [--slot killed] [--cache /tmp/prepared.pickle]
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from slot_errors import _choices, load_prepared

from ceasefire.evaluate.splits import group_folds
from ceasefire.extract.choice import INNER_FOLDS, SEED, _fit_ranked, fit_over_documents, is_rule
from ceasefire.services.training import Prepared

Scorer = Callable[[Any], Any]

# Two boosting settings from scikit-learn's usual ranges (small trees, shrinkage, a floor of
# examples per leaf); the comparison chooses among them and the logit on inner folds.
BOOSTING: dict[str, dict[str, Any]] = {
    "boosting_leaves15": {
        "max_iter": 200,
        "learning_rate": 0.05,
        "max_leaf_nodes": 15,
        "min_samples_leaf": 20,
        "l2_regularization": 1.0,
    },
    "boosting_depth3": {
        "max_iter": 100,
        "learning_rate": 0.1,
        "max_depth": 3,
        "min_samples_leaf": 20,
    },
}
LEARNERS = ("logit", *BOOSTING)


def _rows(
    per_document: list[list[dict[str, Any]]], indexes: Sequence[int]
) -> tuple[list[dict[str, float]], list[bool], list[str], list[str]]:
    rows, labels, keys, groups = [], [], [], []
    for index in indexes:
        for choice in per_document[index]:
            for candidate, right in choice["candidates"]:
                rows.append(dict(candidate.features))
                labels.append(bool(right))
                keys.append(choice["choice"])
                groups.append(choice["document"])
    return rows, labels, keys, groups


def accuracy(
    scores: Sequence[float], labels: Sequence[bool], keys: Sequence[str], rows: Sequence[Any]
) -> tuple[float, int]:
    """Share of choices whose highest-scored candidate is right (ties to the rules' own)."""
    by_choice: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        by_choice.setdefault(key, []).append(index)
    right = sum(
        labels[max(indexes, key=lambda i: (scores[i], is_rule(rows[i])))]
        for indexes in by_choice.values()
    )
    return right / max(len(by_choice), 1), len(by_choice)


def fit(learner: str, matrix: Any, labels: Any, keys: list[str], groups: list[str]) -> Scorer:
    from sklearn.ensemble import HistGradientBoostingClassifier

    if learner == "logit":  # as extract/choice.py fits a ranked slot
        chosen, _folds = fit_over_documents(matrix, labels, groups)
        weights = _fit_ranked(
            matrix, labels, keys, np.arange(len(labels)), strength=float(chosen.C_)
        )
        return lambda other: other @ weights
    model = HistGradientBoostingClassifier(random_state=SEED, **BOOSTING[learner])
    model.fit(matrix, labels)
    return lambda other: model.predict_proba(other)[:, 1]


def compare(documents: list[Prepared], slot: str, folds: int) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.model_selection import GroupKFold

    per_document = [[c for c in _choices(d) if c["slot"] == slot] for d in documents]
    outer: dict[str, list[tuple[float, int]]] = {name: [] for name in LEARNERS}
    nested: list[tuple[float, int]] = []
    for fold, test in enumerate(group_folds([d.key for d in documents], folds)):
        held = set(test)
        train = sorted(
            (i for i in range(len(documents)) if i not in held), key=lambda i: documents[i].key
        )
        rows, labels, keys, groups = _rows(per_document, train)
        vectorizer = DictVectorizer(sparse=False, sort=True)
        matrix, target = vectorizer.fit_transform(rows), np.array(labels)
        inner: dict[str, float] = {}
        for learner in LEARNERS:
            scores = np.zeros(len(labels))
            for a, b in GroupKFold(n_splits=INNER_FOLDS).split(matrix, target, groups):
                scorer = fit(
                    learner, matrix[a], target[a], [keys[i] for i in a], [groups[i] for i in a]
                )
                scores[b] = scorer(matrix[b])
            inner[learner] = accuracy(list(scores), labels, keys, rows)[0]
        chosen = max(LEARNERS, key=lambda name: (inner[name], name == "logit"))
        test_rows, test_labels, test_keys, _ = _rows(per_document, test)
        test_matrix = vectorizer.transform(test_rows)
        scored = {}
        for learner in LEARNERS:
            scorer = fit(learner, matrix, target, keys, groups)
            scored[learner] = accuracy(list(scorer(test_matrix)), test_labels, test_keys, test_rows)
            outer[learner].append(scored[learner])
        nested.append(scored[chosen])
        print(
            f"fold {fold}: inner "
            + ", ".join(f"{k} {v:.3f}" for k, v in inner.items())
            + f"; chosen {chosen}; outer "
            + ", ".join(f"{k} {v[0]:.3f}" for k, v in scored.items()),
            flush=True,
        )

    def pooled(parts: list[tuple[float, int]]) -> float:
        return sum(a * n for a, n in parts) / max(sum(n for _, n in parts), 1)

    result = {name: round(pooled(parts), 4) for name, parts in outer.items()}
    result["nested choice"] = round(pooled(nested), 4)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--slot", default="killed", choices=("place", "perpetrator", "killed"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    documents = load_prepared(args.folders, args.cache)
    result = compare(documents, args.slot, args.folds)
    print("pooled held-out choice accuracy:", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
