"""Use cases: fit the matcher on labelled pairs from gold sets and score it honestly against the
hand-set rule (`ceasefire train-matcher`).

**Pairs.** Every gold document is run through the same extraction as ingest; its incidents are tied
to gold incidents by the evaluation scorer, and each tied incident carries its act (a gold incident's
``act_group``, else its key: eval/README.md). Two tied incidents of different documents of one set
are a pair: the same act when their acts are equal. Only pairs the store would put side by side are
kept (the same country, or a side without one; first reported or dated within the candidates'
window), as at ingest.

**Cross-validation by story.** Documents linked by a shared act form a story cluster; clusters are
dealt into K folds by a hash. A pair is scored by a model fit on the pairs none of whose documents
lies in the folds of the pair's two documents, so no story is ever in train and test at once. The
regularisation and the threshold (the one that maximises pair F-beta, below) are chosen inside the
training part by the same grouped folds. The final-test third of every set (evaluate/splits.py) is
never read unless asked for.

**Precision first.** A false merge joins two parties' incidents; a miss leaves two reports of one act
apart, for a person to link. So every cut — the model's and the hand-set rule's threshold alike — is
the one that maximises F-beta with ``BETA`` = 0.5 (precision weighted twice as much as recall), and
the model must beat the rule on that measure. The rule's threshold is fit the same way: chosen on
the training folds, judged on the held-out story clusters (:func:`fit_rule_threshold`).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ceasefire.domain import Incident
from ceasefire.domain.document import document_id
from ceasefire.evaluate.gold import read_gold
from ceasefire.evaluate.splits import is_final_test
from ceasefire.read.files import read_file
from ceasefire.read.metadata import read_folder_meta
from ceasefire.resolve.duplicates import THRESHOLD as DUPLICATE_THRESHOLD
from ceasefire.resolve.duplicates import signature
from ceasefire.resolve.matcher import MatcherModel
from ceasefire.resolve.matching import (
    anchor,
    constraint,
    features,
    rule_score,
    search_days,
)
from ceasefire.services.training import SPLITS, GoldSet, new_scorer

if TYPE_CHECKING:
    from datasketch import MinHash

SEED = 0
FOLDS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
INNER_FOLDS = 4
BETA = 0.5  # precision weighted: a false merge is worse than a miss


@dataclass(frozen=True, slots=True)
class Tied:
    """An extracted incident tied to the gold act it reports."""

    set_name: str
    file: str
    act: str
    incident: Incident
    signature: MinHash = field(compare=False, repr=False)

    @property
    def document(self) -> str:
        return f"{self.set_name}/{self.file}"


@dataclass(frozen=True, slots=True)
class Pair:
    a: Tied
    b: Tied
    same: bool
    allowed: bool  # no constraint rules it out (the model is asked only about these)
    features: dict[str, float]
    rule: bool  # the hand-set rule's verdict at its shipped threshold
    rule_total: float | None = None  # the rule's score (None: one of its vetoes)


def tie(folders: Iterable[Path], *, split: str = "development") -> list[Tied]:
    """Each gold set's documents (of `split`) extracted as ingest does, incidents tied to gold acts."""
    from ceasefire.services.extraction import analyse

    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    tied: list[Tied] = []
    for folder in folders:
        gold_set = GoldSet.at(folder)
        meta = read_folder_meta(gold_set.meta)
        for document in sorted(read_gold(gold_set.gold), key=lambda d: d.file):
            final = is_final_test(gold_set.name, document.file)
            if (split == "development" and final) or (split == "final" and not final):
                continue
            content = read_file(gold_set.docs / document.file)
            record = meta.get(document.file)
            published = record.published if record else None
            analysis = analyse(document_id(content.original), content.text, published)
            result = new_scorer().add(
                document, content.text, analysis.incidents, analysis.aggregates
            )
            minhash = signature(content.text)
            # An incident no gold act claims (a background mention, a period summary, a misreading)
            # is a candidate at ingest too: its own act, so every pair with it is two acts.
            for number, extra in enumerate(result.extra):
                tied.append(
                    Tied(
                        gold_set.name,
                        document.file,
                        f"extra:{document.file}#{number}",
                        replace(extra, reported_on=extra.reported_on or published),
                        minhash,
                    )
                )
            for gold_incident, predicted in result.matched:
                tied.append(
                    Tied(
                        gold_set.name,
                        document.file,
                        gold_incident.act,
                        replace(predicted, reported_on=predicted.reported_on or published),
                        minhash,
                    )
                )
    return tied


def offered(new: Incident, stored: Incident) -> bool:
    """Whether the store's candidate query (record/incidents.py, candidates) offers ``stored`` to
    ``new``."""
    if new.place.country is not None and stored.place.country != new.place.country:
        return False
    around = anchor(new)
    if around is None:
        return True
    days = search_days(new)
    return any(
        d is not None and abs((d - around).days) <= days
        for d in (stored.reported_on, stored.date.value)
    )


def comparable(a: Incident, b: Incident) -> bool:
    """Whether the store's candidate query would put one beside the other (either way round)."""
    return offered(a, b) or offered(b, a)


def pairs_of(tied: Sequence[Tied]) -> list[Pair]:
    """Every cross-document pair of one set that the store would compare, labelled."""
    pairs = []
    for x, y in itertools.combinations(tied, 2):
        if x.set_name != y.set_name or x.file == y.file:
            continue
        a, b = x.incident, y.incident
        if not comparable(a, b):
            continue
        allowed = constraint(a, b) is None
        near = x.signature.jaccard(y.signature) >= DUPLICATE_THRESHOLD
        found = rule_score(a, b)
        pairs.append(
            Pair(
                x,
                y,
                x.act == y.act,
                allowed,
                features(a, b, same_story=near) if allowed else {},
                found is not None and found.is_match,
                found.total if found is not None else None,
            )
        )
    return pairs


def clusters(tied: Sequence[Tied]) -> dict[str, str]:
    """Each document's story cluster: documents linked by an act they both report."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_act: dict[tuple[str, str], list[str]] = {}
    for t in tied:
        find(t.document)
        by_act.setdefault((t.set_name, t.act), []).append(t.document)
    for documents in by_act.values():
        for other in documents[1:]:
            parent[find(other)] = find(documents[0])
    return {document: min(d for d in parent if find(d) == find(document)) for document in parent}


def _fold(cluster: str, folds: int) -> int:
    return int(hashlib.sha256(cluster.encode()).hexdigest(), 16) % folds


@dataclass(frozen=True, slots=True)
class Figures:
    pairs: int
    same: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def f_beta(self) -> float:
        """F-beta with ``BETA`` (0.5: precision counts twice as much as recall)."""
        p, r = self.precision, self.recall
        b2 = BETA * BETA
        return (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "same": self.same,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "f_beta": round(self.f_beta, 4),
            "false_merges": self.false_positives,
        }

    def line(self) -> str:
        return (
            f"pairs {self.pairs}, same act {self.same}: precision {self.precision:.3f}  "
            f"recall {self.recall:.3f}  F1 {self.f1:.3f}  F{BETA} {self.f_beta:.3f}  "
            f"({self.true_positives} true, {self.false_positives} false merges)"
        )


def figures(truth: Sequence[bool], guess: Sequence[bool]) -> Figures:
    tp = sum(1 for t, g in zip(truth, guess, strict=True) if t and g)
    fp = sum(1 for t, g in zip(truth, guess, strict=True) if g and not t)
    fn = sum(1 for t, g in zip(truth, guess, strict=True) if t and not g)
    return Figures(len(truth), sum(truth), tp, fp, fn)


def best_threshold(
    probabilities: Sequence[float],
    labels: Sequence[bool],
    *,
    bounds: tuple[float, float] = (0.05, 0.95),
) -> float:
    """The cut that maximises pair F-beta (``BETA``; ties: the higher cut, fewer false merges)."""
    best = (-1.0, 0.5)
    low, high = bounds
    for cut in sorted(set(round(p, 4) for p in probabilities)):
        if not low <= cut <= high:
            continue
        measure = figures(labels, [p >= cut for p in probabilities]).f_beta
        if measure >= best[0]:
            best = (measure, cut)
    return best[1]


def fit(pairs: Sequence[Pair], groups: Sequence[str], about: dict[str, Any]) -> MatcherModel:
    """A logistic regression on the allowed pairs; C and the threshold chosen by grouped folds."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rows = [p for p in pairs if p.allowed]
    row_groups = [g for p, g in zip(pairs, groups, strict=True) if p.allowed]
    labels = [p.same for p in rows]
    vectorizer = DictVectorizer(sparse=False, sort=True)
    matrix = vectorizer.fit_transform([p.features for p in rows])
    folds = min(INNER_FOLDS, len(set(row_groups)))
    chosen, threshold = 1.0, 0.5
    if folds >= 2 and len(set(labels)) == 2:
        splits = [
            (train, test)
            for train, test in GroupKFold(n_splits=folds).split(matrix, labels, row_groups)
            if len({labels[i] for i in train}) == 2
        ]
        best = (-1.0, 1.0, 0.5)
        covered = sorted(i for _train, test in splits for i in test)
        truth = [labels[i] for i in covered]
        for c in C_GRID:
            held: dict[int, float] = {}
            for train, test in splits:
                fold_model = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
                fold_model.fit(matrix[train], [labels[i] for i in train])
                for i, p in zip(test, fold_model.predict_proba(matrix[test])[:, 1], strict=True):
                    held[int(i)] = float(p)
            held_out = [held[i] for i in covered]
            # Vetoed positives are misses whatever the cut: F-beta over the allowed pairs ranks
            # the cuts nearly alike.
            cut = best_threshold(held_out, truth)
            measure = figures(truth, [p >= cut for p in held_out]).f_beta
            if measure > best[0]:
                best = (measure, c, cut)
        _, chosen, threshold = best
    model = LogisticRegression(C=chosen, max_iter=5000, random_state=SEED)
    model.fit(matrix, labels)
    weights = {
        str(name): round(float(w), 6)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if round(float(w), 6) != 0.0
    }
    record = dict(about)
    record.update(
        {
            "pairs": len(rows),
            "same_act": sum(labels),
            "regularisation_c": chosen,
            "seed": SEED,
            "learner": (
                f"sklearn LogisticRegression; C and threshold by story-grouped folds (max F{BETA})"
            ),
        }
    )
    return MatcherModel(weights, round(float(model.intercept_[0]), 6), round(threshold, 4), record)


@dataclass(frozen=True, slots=True)
class CrossValidation:
    model: Figures
    rule: Figures  # the rule at its shipped threshold
    folds: int
    documents: int
    rule_fit: Figures | None = None  # the rule with its threshold fit on each training part
    rule_threshold: float | None = None  # the rule's threshold fit on every pair


def _rule_cut(pairs: Sequence[Pair]) -> float:
    """The rule's threshold that maximises F-beta on these pairs (vetoed pairs never merge)."""
    totals = [p.rule_total if p.rule_total is not None else -1.0 for p in pairs]
    return best_threshold(totals, [p.same for p in pairs], bounds=(0.0, 1.2))


def _fold_pairs(
    pairs: Sequence[Pair], fold: dict[str, int], folds: int
) -> list[tuple[list[int], list[int]]]:
    """(train, test) pair indices: each test block holds the pairs whose documents lie in folds i
    and j; its training part, the pairs none of whose documents does."""
    blocks = []
    for i, j in itertools.combinations_with_replacement(range(folds), 2):
        test = [
            n for n, p in enumerate(pairs) if {fold[p.a.document], fold[p.b.document]} == {i, j}
        ]
        if not test:
            continue
        train = [
            n
            for n, p in enumerate(pairs)
            if fold[p.a.document] not in (i, j) and fold[p.b.document] not in (i, j)
        ]
        blocks.append((train, test))
    return blocks


def fit_rule_threshold(
    pairs: Sequence[Pair], tied: Sequence[Tied], folds: int = FOLDS
) -> tuple[Figures, float]:
    """The hand-set rule's threshold fit by story-grouped folds: each held-out block is judged at the
    cut that maximises F-beta on its training part. Returns those held-out figures and the cut fit
    on every pair (the one to ship as ``matching.THRESHOLD``)."""
    cluster = clusters(tied)
    fold = {d: _fold(c, folds) for d, c in cluster.items()}
    guesses: dict[int, bool] = {}
    for train, test in _fold_pairs(pairs, fold, folds):
        if not any(pairs[n].same for n in train):
            continue
        cut = _rule_cut([pairs[n] for n in train])
        for n in test:
            total = pairs[n].rule_total
            guesses[n] = total is not None and total >= cut
    scored = sorted(guesses)
    held = figures([pairs[n].same for n in scored], [guesses[n] for n in scored])
    return held, _rule_cut(pairs)


def cross_validate(
    pairs: Sequence[Pair], tied: Sequence[Tied], folds: int = FOLDS
) -> CrossValidation:
    """Pair precision/recall of the learned matcher and of the rule, by story-grouped folds."""
    cluster = clusters(tied)
    fold = {d: _fold(c, folds) for d, c in cluster.items()}
    groups = [cluster[p.a.document] for p in pairs]
    guesses: dict[int, bool] = {}
    for train, test in _fold_pairs(pairs, fold, folds):
        if len({pairs[n].same for n in train if pairs[n].allowed}) < 2:
            continue
        model = fit([pairs[n] for n in train], [groups[n] for n in train], {})
        for n in test:
            p = pairs[n]
            guesses[n] = p.allowed and model.probability(p.features) >= model.threshold
    scored = sorted(guesses)
    truth = [pairs[n].same for n in scored]
    rule_fit, rule_threshold = fit_rule_threshold(pairs, tied, folds)
    return CrossValidation(
        figures(truth, [guesses[n] for n in scored]),
        figures(truth, [pairs[n].rule for n in scored]),
        folds,
        len(cluster),
        rule_fit,
        rule_threshold,
    )


def train(folders: Sequence[Path], *, folds: int = FOLDS) -> tuple[MatcherModel, CrossValidation]:
    """The matcher fit on every development pair of the sets, with its cross-validated figures
    (and the rule's on the same pairs) recorded in the model's `about`."""
    tied = tie(folders)
    pairs = pairs_of(tied)
    result = cross_validate(pairs, tied, folds)
    cluster = clusters(tied)
    about = {
        "gold_sets": sorted(GoldSet.at(folder).name for folder in folders),
        "documents": len({t.document for t in tied}),
        "excluded": "the final-test third of every set (evaluate/splits.py)",
        "cross_validation": {
            "folds": folds,
            "grouped_by": "story cluster (documents sharing an act)",
            "model": result.model.as_dict(),
            "rule": result.rule.as_dict(),
            "rule_threshold_fit": result.rule_fit.as_dict() if result.rule_fit else None,
            "rule_threshold": result.rule_threshold,
        },
    }
    model = fit(pairs, [cluster[p.a.document] for p in pairs], about)
    return model, result
