"""Use case: labelled pairs of incidents from gold sets, and the matcher fitted on them
(``resolve.matcher``).

A gold set is a folder with ``gold.jsonl``, ``meta.jsonl`` and ``docs/`` (the format of
``eval/synthetic``). Extraction runs on each document; its incidents are tied to gold incidents by the
evaluation scorer. Two tied incidents of different documents are one act when their gold incidents
share an ``act_group`` (sets that mark acts so: ``eval/synthetic2``, ``eval/synthetic3``, exported
reviewers' corrections) or, in a set without any ``act_group``, when they share a gold ``key`` (the
convention of the seeds and ``eval/voa``); every other cross-document pair of the set is a pair of
different acts. Each tied incident also gives two synthetic pairs (see :func:`variants`): a paraphrase
of the same act and a near miss of another one.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from ceasefire.domain import Claim, DatePrecision, EventDate, Incident, Place
from ceasefire.domain.document import document_id
from ceasefire.errors import InputError
from ceasefire.evaluate.gold import read_gold
from ceasefire.evaluate.scoring import Scorer
from ceasefire.read.files import read_file
from ceasefire.read.metadata import read_folder_meta
from ceasefire.resolve.matcher import (
    SEED,
    LabelledPair,
    MatcherModel,
    fit_matcher,
    shipped_matcher,
    shipped_path,
)
from ceasefire.services.extraction import analyse

_WORDS = ("reportedly", "officials said", "on Tuesday", "according to residents", "in the area")


@dataclass(frozen=True, slots=True)
class TiedIncident:
    """An extracted incident, its document, and the act its gold incident stands for."""

    file: str
    act: str
    incident: Incident


def gold_paths(folder: Path) -> tuple[Path, Path, Path]:
    """gold.jsonl, meta.jsonl and the documents' folder of a gold set (``docs/`` or the folder)."""
    gold = folder / "gold.jsonl"
    docs = folder / "docs" if (folder / "docs").is_dir() else folder
    meta = folder / "meta.jsonl" if (folder / "meta.jsonl").is_file() else docs / "meta.jsonl"
    for path in (gold, meta):
        if not path.is_file():
            raise InputError(f"not a gold set: no {path.name}", where=str(folder))
    return gold, meta, docs


def _act_names(gold_path: Path, set_name: str) -> dict[tuple[str, str], str]:
    """(file, key) -> act, by ``act_group`` when the set uses it, else by key."""
    records = [
        json.loads(line)
        for line in gold_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    grouped = any(i.get("act_group") for r in records for i in r.get("incidents", []))
    acts = {}
    for record in records:
        for item in record.get("incidents", []):
            key = str(item.get("key"))
            act = (item.get("act_group") or f"{record['file']}#{key}") if grouped else key
            acts[(record["file"], key)] = f"{set_name}:{act}"
    return acts


def tied_incidents(folder: Path) -> list[TiedIncident]:
    """Extraction's incidents on a gold set, each tied to the act of the gold incident it matches."""
    gold_path, meta_path, docs = gold_paths(folder)
    meta = read_folder_meta(meta_path)
    acts = _act_names(gold_path, folder.resolve().name)
    tied = []
    for gold in read_gold(gold_path):
        path = docs / gold.file
        if not path.is_file():
            raise InputError("gold names a document that is not there", where=str(path))
        content = read_file(path)
        record = meta.get(gold.file)
        when = record.published if record else None
        analysis = analyse(document_id(content.original), content.text, when)
        scorer = Scorer(lambda actor: actor)
        result = scorer.add(gold, content.text, analysis.incidents, analysis.aggregates)
        for gold_incident, predicted in result.matched:
            tied.append(
                TiedIncident(
                    gold.file,
                    acts[(gold.file, gold_incident.key)],
                    replace(predicted, reported_on=predicted.reported_on or when),
                )
            )
    return tied


def _reword(claim: Claim, rng: random.Random) -> Claim:
    words = claim.quote.split()
    kept = [w for w in words if rng.random() > 0.25]
    kept.insert(rng.randrange(len(kept) + 1), rng.choice(_WORDS))
    return replace(claim, document_id="synthetic-" + claim.document_id, quote=" ".join(kept))


def variants(incident: Incident, rng: random.Random) -> tuple[Incident, Incident | None]:
    """A paraphrase of the incident (same act: quotes reworded, the place coarsened to the province,
    a day-precise date moved by a day or made week-precise) and, when possible, a near miss (another
    act: the same wording and place with the date beyond the window, or another province)."""
    claims = [_reword(c, rng) for c in incident.claims]
    place = incident.place
    if place.admin1 is not None and rng.random() < 0.5:
        place = Place(country=place.country, admin1=place.admin1, geo_precision=3)
    day = incident.date
    when = day.value
    if when is not None and day.precision is DatePrecision.DAY:
        if rng.random() < 0.5:
            day = EventDate(when + timedelta(days=rng.choice((-1, 0, 1))), DatePrecision.DAY)
        else:
            day = EventDate(when - timedelta(days=when.weekday()), DatePrecision.WEEK)
    same = replace(incident, id="syn-" + incident.id, claims=claims, place=place, date=day)
    other = None
    if incident.date.value is not None:
        gap = {
            DatePrecision.DAY: 9,
            DatePrecision.WEEK: 20,
            DatePrecision.MONTH: 70,
            DatePrecision.YEAR: 800,
        }.get(incident.date.precision, 9)
        moved = EventDate(incident.date.value + timedelta(days=gap), incident.date.precision)
        other = replace(
            incident,
            id="far-" + incident.id,
            date=moved,
            claims=[replace(c, document_id="far") for c in incident.claims],
        )
    elif incident.place.admin1 is not None:
        elsewhere = Place(
            country=incident.place.country,
            admin1=incident.place.admin1 + " (other)",
            geo_precision=3,
        )
        other = replace(
            incident,
            id="far-" + incident.id,
            place=elsewhere,
            claims=[replace(c, document_id="far") for c in incident.claims],
        )
    return same, other


def labelled_pairs(
    folders: Sequence[Path],
    *,
    seed: int = SEED,
    synthetic: bool = True,
    on_set: Callable[[Path, int], None] | None = None,
) -> list[LabelledPair]:
    """Every cross-document pair of tied incidents within each gold set, plus (``synthetic``) each
    tied incident's paraphrase and near miss. Pairs of different sets are not formed: the sets'
    fictional acts could collide."""
    rng = random.Random(seed)
    pairs: list[LabelledPair] = []
    for folder in folders:
        tied = tied_incidents(folder)
        if on_set is not None:
            on_set(folder, len(tied))
        source = folder.resolve().name
        for x, y in itertools.combinations(tied, 2):
            if x.file != y.file:
                pairs.append(LabelledPair(x.incident, y.incident, x.act, y.act, source))
        if synthetic:
            for item in tied:
                same, other = variants(item.incident, rng)
                pairs.append(LabelledPair(item.incident, same, item.act, item.act, "variants"))
                if other is not None:
                    pairs.append(
                        LabelledPair(item.incident, other, item.act, item.act + "~far", "variants")
                    )
    return pairs


def train_matcher(
    folders: Sequence[Path],
    *,
    out: Path | None = None,
    seed: int = SEED,
    on_set: Callable[[Path, int], None] | None = None,
) -> MatcherModel:
    """Fits the matcher on the pairs of ``folders`` and writes it to ``out`` (default: the model
    file shipped in the package), through a temporary file so a failed write leaves the old one."""
    if not folders:
        raise InputError("name at least one gold set", where="GOLD_DIR")
    pairs = labelled_pairs(folders, seed=seed, on_set=on_set)
    model = fit_matcher(pairs, seed=seed, sources=[str(f.resolve().name) for f in folders])
    target = out or shipped_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(model.to_json(), encoding="utf-8")
    temporary.replace(target)
    shipped_matcher.cache_clear()
    return model
