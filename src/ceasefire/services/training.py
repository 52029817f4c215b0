"""Use cases: fit the slot-choice models on gold sets (`ceasefire train`) and score them honestly
(`ceasefire eval --cv K`, the final-test third)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ceasefire.domain import Incident, Place
from ceasefire.domain.document import document_id
from ceasefire.errors import InputError
from ceasefire.evaluate.gold import GoldDocument, GoldIncident, read_gold
from ceasefire.evaluate.scoring import Score, Scorer, _locate, _norm, finest_place_agrees
from ceasefire.evaluate.splits import group_folds, is_final_test
from ceasefire.extract.choice import JOIN, SEED, SLOTS, SPOT, ChoiceModel, Features
from ceasefire.extract.filling import choose
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.pipeline import Analysis, facts_of
from ceasefire.extract.slots import (
    Candidate,
    DocumentFacts,
    IncidentCandidates,
    anchors_of,
    candidates_of,
    spot_candidates,
)
from ceasefire.read.files import read_file
from ceasefire.read.metadata import read_folder_meta
from ceasefire.services.extraction import rules_pipeline, rules_resources

# Which documents of a gold set an operation reads.
SPLITS = ("development", "final", "all")


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A gold folder: gold.jsonl, meta.jsonl and the documents (in docs/, or beside them)."""

    name: str
    gold: Path
    meta: Path
    docs: Path

    @classmethod
    def at(cls, folder: Path) -> GoldSet:
        gold, meta = folder / "gold.jsonl", folder / "meta.jsonl"
        docs = folder / "docs" if (folder / "docs").is_dir() else folder
        missing = [p.name for p in (gold, meta) if not p.is_file()]
        if not folder.is_dir() or missing:
            raise InputError(
                f"not a gold set: no {' or '.join(missing) or 'folder'}", where=str(folder)
            )
        return cls(folder.resolve().name, gold, meta, docs)


@dataclass(slots=True)
class Prepared:
    """One gold document run through the rules once: what every fold trains and tests on."""

    set_name: str
    gold: GoldDocument
    text: str
    analysis: Analysis
    facts: DocumentFacts

    @property
    def key(self) -> tuple[str, str]:
        return (self.set_name, self.gold.file)


@cache
def _canonical() -> Callable[[str | None], str | None]:
    actors = rules_resources().actors

    def canonical(name: str | None) -> str | None:
        actor = actors.canonical(name)
        return actor.canonical if actor else name

    return canonical


def new_scorer() -> Scorer:
    """A scorer comparing actors and places as the pipeline names them (`rules_resources`)."""
    return Scorer(_canonical(), rules_resources().gazetteer)


def prepare(folders: Iterable[Path], *, split: str = "development") -> list[Prepared]:
    """Runs the rules over the documents of each gold set in `split` (development: all but the
    final-test third; final: that third only; all), in a fixed order."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; one of {', '.join(SPLITS)}", where="--split")
    prepared = []
    for folder in folders:
        gold_set = GoldSet.at(folder)
        meta = read_folder_meta(gold_set.meta)
        for document in sorted(read_gold(gold_set.gold), key=lambda d: d.file):
            final = is_final_test(gold_set.name, document.file)
            if (split == "development" and final) or (split == "final" and not final):
                continue
            path = gold_set.docs / document.file
            if not path.is_file():
                raise InputError("gold names a document that is not in the set", where=str(path))
            content = read_file(path)
            record = meta.get(document.file)
            analysis = rules_pipeline().run(
                document_id=document_id(content.original),
                text=content.text,
                published=record.published if record else None,
            )
            prepared.append(
                Prepared(gold_set.name, document, content.text, analysis, facts_of(analysis))
            )
    return prepared


@cache
def _spelling() -> Gazetteer:
    """A gazetteer that knows no place: the spot labels compare places by spelling alone, as the
    shipped model was fit. By the gazetteer's identity, as the scorer compares, they measured no
    better under cross-validation (three held-out spots moved the wrong way, one the right way)
    and the model would need refitting: a change of its own, for when it shows a gain."""
    return Gazetteer([])


def _is_right(slot: str, candidate: Candidate, gold: GoldIncident) -> bool:
    value = candidate.value
    if slot == "date":
        return bool(value == gold.date)
    if slot == "place":
        place = value if isinstance(value, Place) else Place()
        return _norm(place.country) == _norm(gold.country) and _norm(place.admin1) == _norm(
            gold.admin1
        )
    if slot == SPOT:
        if not isinstance(value, Place):
            return False
        return bool(finest_place_agrees(gold, value, _spelling()))
    if slot == "perpetrator":
        wanted = _canonical()(gold.perpetrator) if gold.perpetrator else None
        return bool(value == wanted)
    if slot == "target":
        chosen = {c.value for c in value or ()}
        return chosen == set(gold.target_categories) - {"unknown"}
    return bool(value == gold.killed_low)


def spot_rivals(
    facts: DocumentFacts, found: IncidentCandidates, gold: GoldIncident
) -> list[Candidate]:
    """The spot candidates inside the place the place model chooses when it is right (a
    candidate in the gold's province), else inside the rules' place: what `filling.choose` will
    offer the spot model after the place model's choice."""
    within = next((c.value for c in found.slots["place"] if _is_right("place", c, gold)), None)
    if not isinstance(within, Place):
        within = found.incident.place
    return spot_candidates(
        facts,
        found.incident,
        found.anchors,
        found.others,
        within,
        gazetteer=rules_resources().gazetteer,
    )


@dataclass(slots=True)
class Examples:
    rows: dict[str, list[tuple[Features, bool]]] = field(
        default_factory=lambda: {slot: [] for slot in SLOTS}
    )
    groups: dict[str, list[str]] = field(default_factory=lambda: {slot: [] for slot in SLOTS})
    choices: dict[str, list[str]] = field(default_factory=lambda: {slot: [] for slot in SLOTS})
    unreachable: int = 0  # required gold incidents the rules never proposed

    def _row(self, slot: str, features: Features, label: bool, group: str, choice: str) -> None:
        self.rows[slot].append((features, label))
        self.groups[slot].append(group)
        self.choices[slot].append(choice)

    def add(self, document: Prepared) -> None:
        scorer = new_scorer()
        result = scorer.add(
            document.gold, document.text, document.analysis.incidents, document.analysis.aggregates
        )
        matched = {id(p): g for g, p in result.matched}
        self.unreachable += len(result.missed)
        acts = _gold_acts(document, matched)
        _pair_by_evidence(document, matched, acts, scorer.filed)
        acts = _headlines_told(document, acts, scorer)  # for the join labels only
        for position, found in enumerate(
            candidates_of(document.facts, document.analysis.incidents)
        ):
            gold = matched.get(id(found.incident))
            group = "/".join(document.key)
            choice = f"{group}#{position}"
            # The same act told again: a candidate is right when it tells the gold act this
            # incident tells; abstaining when no other incident tells it.
            act = acts[position]
            joins = found.slots.get(JOIN, [])
            told = any(
                c.value is not None and act is not None and acts[c.value] == act for c in joins
            )
            for candidate in joins:
                right = (
                    not told
                    if candidate.value is None
                    else act is not None and acts[candidate.value] == act
                )
                self._row(JOIN, candidate.features, right, group, choice)
            if gold is None:
                self._row("keep", found.keep, False, group, choice)
                continue
            # An optional act is still an act of the story (undated, unplaced, next to the scope):
            # a yes for the keep model, though its slots are not scored.
            self._row("keep", found.keep, True, group, choice)
            if gold.is_optional:
                continue
            for slot, candidates in found.slots.items():
                if slot == JOIN:
                    continue
                if slot == "target" and not set(gold.target_categories) - {"unknown"}:
                    continue  # the scorer does not score a target the gold leaves unknown
                for candidate in candidates:
                    self._row(
                        slot, candidate.features, _is_right(slot, candidate, gold), group, choice
                    )
            for candidate in spot_rivals(document.facts, found, gold):
                self._row(SPOT, candidate.features, _is_right(SPOT, candidate, gold), group, choice)


def _pair_by_evidence(
    document: Prepared,
    matched: dict[int, GoldIncident],
    acts: list[str | None],
    filed: Callable[[GoldIncident], GoldIncident],
) -> None:
    """Pairs, for training, a rules' incident the scorer left alone with the gold act its sentences
    tell, when nothing else was paired with that act: the act was found but a slot (the province,
    the day) contradicts the gold's. Its labels are still the gold's. Left unpaired, it would teach
    the keep model that a real act is none, and the slot models would never see a case where the
    rules' own place or date is wrong enough to part it from its act."""
    paired = {g.key for g in matched.values()}
    by_key = {g.key: filed(g) for g in document.gold.incidents}  # as the scorer names places
    for position, incident in enumerate(document.analysis.incidents):
        key = acts[position]
        if id(incident) in matched or key is None or key in paired:
            continue
        matched[id(incident)] = by_key[key]
        paired.add(key)


def _located_evidence(document: Prepared) -> list[tuple[GoldIncident, tuple[int, int]]]:
    """Each gold incident whose evidence quote is found in the document, with its offsets."""
    return [
        (g, span)
        for g in document.gold.incidents
        if (span := _locate(document.text, g.evidence)) is not None
    ]


def _gold_acts(document: Prepared, matched: dict[int, GoldIncident]) -> list[str | None]:
    """The gold act each rules' incident tells: the one the scorer pairs it with, else the one
    whose evidence lies in its sentences (the most of them), else none."""
    facts = document.facts
    evidence: list[tuple[str, set[int]]] = []
    for g, (start, end) in _located_evidence(document):
        first, last = facts.sentence_at(start), facts.sentence_at(max(start, end - 1))
        evidence.append((g.key, set(range(first, last + 1))))
    acts: list[str | None] = []
    for incident in document.analysis.incidents:
        gold = matched.get(id(incident))
        if gold is not None:
            acts.append(gold.key)
            continue
        mine = set(anchors_of(facts, incident))
        overlaps = [(len(mine & sentences), key) for key, sentences in evidence]
        best = max(overlaps, key=lambda item: item[0], default=(0, None))
        acts.append(best[1] if best[0] else None)
    return acts


def _headlines_told(document: Prepared, acts: list[str | None], scorer: Scorer) -> list[str | None]:
    """`acts`, with the act each headline incident of no act tells in other words: a headline's
    sentence is never a gold act's evidence, so "Border clash near Chaman" above a story of
    shelling there would train the join model as a new act. It tells the act it agrees with best
    (`Scorer.could_tell`: nothing contradicts, and the province or finer, or the event type,
    agrees), the story's earliest on a tie. For the join labels only: the act is still the body's
    sentence's, for the keep and the slot models (`_pair_by_evidence`)."""
    facts = document.facts
    golds = [(start, scorer.filed(g)) for g, (start, _end) in _located_evidence(document)]
    told = list(acts)
    for position, incident in enumerate(document.analysis.incidents):
        mine = anchors_of(facts, incident)
        if acts[position] is not None or not mine or not all(facts.is_headline(i) for i in mine):
            continue
        fits = [(scorer.could_tell(g, incident), -start, g.key) for start, g in golds]
        best = max(fits, default=(0, 0, None))
        if best[0]:
            told[position] = best[2]
    return told


def fit(documents: Sequence[Prepared], *, sets: Sequence[str] = ()) -> ChoiceModel:
    """The model of these documents, whatever order the gold folders were given in (a shell
    orders `eval/*/` by its locale): the solver's sums, and so the last decimals of the weights,
    follow the order of the examples."""
    examples = Examples()
    for document in sorted(documents, key=lambda d: d.key):
        examples.add(document)
    about: dict[str, Any] = {
        "gold_sets": sorted(set(sets) or {d.set_name for d in documents}),
        "documents": len(documents),
        "examples": {slot: len(rows) for slot, rows in examples.rows.items()},
        "positives": {slot: sum(1 for _f, y in rows if y) for slot, rows in examples.rows.items()},
        "seed": SEED,
        "learner": "sklearn LogisticRegressionCV per slot, C chosen over document folds",
        "excluded": "the final-test third of every set (evaluate/splits.py)",
    }
    return ChoiceModel.fit(
        examples.rows,
        groups=examples.groups,
        choices=examples.choices,
        unreachable=examples.unreachable,
        about=about,
    )


def score(
    documents: Sequence[Prepared],
    model: ChoiceModel | None,
    *scorers: Scorer,
    drop_background: bool = True,
) -> None:
    """Scores each document's incidents (the model's choice, or the rules' with no model)."""
    for document in documents:
        incidents: list[Incident] = document.analysis.incidents
        if model is not None:
            incidents = choose(
                document.facts,
                incidents,
                model,
                gazetteer=rules_resources().gazetteer,
                drop_background=drop_background,
            )
        for scorer in scorers:
            scorer.add(document.gold, document.text, incidents, document.analysis.aggregates)


@dataclass(slots=True)
class CrossValidation:
    folds: list[Score]
    pooled: Score
    documents: list[int]
    # The pooled held-out score of each gold set's documents alone (eval/floors.py derives the
    # accuracy gate's floors from them).
    by_set: dict[str, Score]


def cross_validate(
    documents: Sequence[Prepared], folds: int, *, drop_background: bool = True
) -> CrossValidation:
    """K folds by document: a document's incidents are never in training and test at once."""
    groups = group_folds([d.key for d in documents], folds)
    pooled = new_scorer()
    by_set = {d.set_name: new_scorer() for d in documents}
    scores = []
    for test_indexes in groups:
        test = set(test_indexes)
        model = fit([d for i, d in enumerate(documents) if i not in test])
        fold = new_scorer()
        for i in test_indexes:
            document = documents[i]
            score(
                [document],
                model,
                fold,
                pooled,
                by_set[document.set_name],
                drop_background=drop_background,
            )
        scores.append(fold.score)
    return CrossValidation(
        scores,
        pooled.score,
        [len(g) for g in groups],
        {name: scorer.score for name, scorer in by_set.items()},
    )


def evaluate_split(
    documents: Sequence[Prepared], model: ChoiceModel | None, *, drop_background: bool = True
) -> Score:
    scorer = new_scorer()
    score(documents, model, scorer, drop_background=drop_background)
    return scorer.score


def train(folders: Sequence[Path], output: Path) -> ChoiceModel:
    """Fits the models on the development documents of the gold sets and writes the model file."""
    documents = prepare(folders, split="development")
    if not documents:
        raise InputError("no development documents to train on", where="GOLD_DIR")
    model = fit(documents, sets=[GoldSet.at(f).name for f in folders])
    model.save(output)
    return model


__all__ = [
    "SPLITS",
    "CrossValidation",
    "GoldSet",
    "Prepared",
    "cross_validate",
    "evaluate_split",
    "fit",
    "new_scorer",
    "prepare",
    "score",
    "train",
]
