"""How a new report is held against a stored incident of several reports (the linkage of
`resolve.matching.match`) and the rule's threshold, chosen by story-grouped folds on the gold sets'
development part, ingested into one store per set; with `--margins`, the margin by which an
ambiguous report's best candidate must lead (`resolve.matching.ambiguous`), at the shipped linkage
and cut.

Run: .venv/bin/python benchmarks/merge_linkage.py [--folds 5] [--margins] [SET...]

Each set's documents are extracted once (as ingest does) and their incidents tied to gold acts
(`services.matcher_training.tie`); the store's ingest is then replayed in memory, in the order
ingest reads a folder (file names), for every linkage and threshold: each new incident is compared with the
incidents the store would offer (same country or none, dated or first reported within the search
window, not of its own document), merged into the one ingest's `best_match` chooses (the best at
or above the cut, none when the report is ambiguous and the best leads by less than the margin;
readings kept, as `resolve.merge.absorb` does), else added. A true pair is two tied incidents of different documents
of one act that end in one incident; a false merge, two of different acts.

Documents are dealt into folds by story cluster (documents sharing an act,
`matcher_training.clusters`). For each fold, the linkage and cut that maximise pair F0.5 on the
pairs of the other folds are judged on the pairs touching that fold; the pooled held-out figures
are printed per linkage (its cut chosen inside each training part) and for the choice of both.
The store-level figures of the shipped setting come from benchmarks/merge_store.py.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Sequence
from pathlib import Path

from merge_store import default_sets

from ceasefire.domain import Incident
from ceasefire.evaluate.splits import is_final_test
from ceasefire.resolve.duplicates import THRESHOLD as DUPLICATE_THRESHOLD
from ceasefire.resolve.matching import AMBIGUITY_MARGIN, LINKAGE, LINKAGES, THRESHOLD, best_match
from ceasefire.resolve.merge import absorb
from ceasefire.resolve.readings import with_reading
from ceasefire.services.matcher_training import BETA, FOLDS, Tied, _fold, clusters, offered, tie
from ceasefire.services.training import GoldSet

CUTS = tuple(round(0.64 + 0.02 * i, 2) for i in range(13))
# How far the best candidate must lead for an ambiguous report to join it (matching.ambiguous):
# 0 joins the best always (no constraint), 1 never joins an ambiguous report.
MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 1.0)
Setting = tuple[str, float, float]


def label(setting: Setting) -> str:
    linkage, cut, margin = setting
    return f"{linkage} cut {cut:.2f} margin {margin:.2f}"


def ingest_order(folder: Path) -> list[str]:
    gold_set = GoldSet.at(folder)
    names = []
    for line in gold_set.meta.read_text(encoding="utf-8").splitlines():
        if line.strip():
            name = json.loads(line)["file"]
            if not is_final_test(gold_set.name, name):
                names.append(name)
    return sorted(names)  # ingest walks a folder in name order (read/files.py)


def homes(
    tied: Sequence[Tied],
    order: list[str],
    linkage: str,
    cut: float,
    margin: float = AMBIGUITY_MARGIN,
) -> dict[int, int]:
    """Which stored incident (by the index of the tied incident that opened it) each tied incident
    of one set ends in, the choice among candidates made by ingest's `best_match`."""
    by_file: dict[str, list[int]] = {}
    for n, t in enumerate(tied):
        by_file.setdefault(t.file, []).append(n)
    groups = _near_duplicate_groups(tied, order)
    stored: dict[int, Incident] = {}
    home: dict[int, int] = {}
    for name in order:
        for n in by_file.get(name, []):
            incident = with_reading(tied[n].incident, tied[n].incident.documents[0])
            keys = [
                key
                for key, candidate in stored.items()
                if tied[n].incident.documents[0] not in candidate.documents
                and offered(incident, candidate)
            ]
            found = best_match(
                incident,
                [stored[key] for key in keys],
                groups=groups,
                linkage=linkage,
                cut=cut,
                margin=margin,
            )
            if found is None:
                stored[n] = incident
                home[n] = n
            else:
                key = next(key for key in keys if stored[key] is found[0])
                stored[key] = absorb(stored[key], incident)
                home[n] = key
    return home


def _near_duplicate_groups(tied: Sequence[Tied], order: list[str]) -> dict[str, str]:
    """Each document's near-duplicate group as the store forms it: the first earlier document
    whose MinHash is alike enough, else its own."""
    first: dict[str, Tied] = {}
    for t in tied:
        first.setdefault(t.file, t)
    group: dict[str, str] = {}
    seen: list[Tied] = []
    for name in order:
        if name not in first:
            continue
        t = first[name]
        doc = t.incident.documents[0]
        similar = next(
            (s for s in seen if s.signature.jaccard(t.signature) >= DUPLICATE_THRESHOLD), None
        )
        group[doc] = group[similar.incident.documents[0]] if similar is not None else doc
        seen.append(t)
    return group


def pair_outcomes(tied: Sequence[Tied], home: dict[int, int]) -> list[tuple[str, str, bool, bool]]:
    """(document a, document b, same act, merged) for every cross-document pair of tied incidents."""
    out = []
    for (i, x), (j, y) in itertools.combinations(enumerate(tied), 2):
        if x.file == y.file or i not in home or j not in home:
            continue
        out.append((x.document, y.document, x.act == y.act, home[i] == home[j]))
    return out


def f_beta(outcomes: Sequence[tuple[str, str, bool, bool]]) -> tuple[float, int, int, int]:
    tp = sum(1 for *_, same, merged in outcomes if same and merged)
    fp = sum(1 for *_, same, merged in outcomes if merged and not same)
    fn = sum(1 for *_, same, merged in outcomes if same and not merged)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    b2 = BETA * BETA
    return ((1 + b2) * p * r / (b2 * p + r) if p + r else 0.0), tp, fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--linkages", nargs="*", default=list(LINKAGES))
    parser.add_argument(
        "--margins",
        action="store_true",
        help="sweep the ambiguity margin at the shipped linkage and cut instead",
    )
    args = parser.parse_args()
    folders = args.sets or default_sets()
    per_set = [(folder, tie([folder])) for folder in folders]
    all_tied = [t for _, tied in per_set for t in tied]
    cluster = clusters(all_tied)
    fold = {d: _fold(c, args.folds) for d, c in cluster.items()}
    if args.margins:
        settings = [(LINKAGE, THRESHOLD, margin) for margin in MARGINS]
    else:
        settings = [(linkage, cut, AMBIGUITY_MARGIN) for linkage in args.linkages for cut in CUTS]
    # outcomes[(linkage, cut, margin)] = pairs of every set
    outcomes: dict[Setting, list[tuple[str, str, bool, bool]]] = {}
    for setting in settings:
        pooled = []
        for folder, tied in per_set:
            pooled += pair_outcomes(tied, homes(tied, ingest_order(folder), *setting))
        outcomes[setting] = pooled
        f, tp, fp, fn = f_beta(pooled)
        print(f"{label(setting)}: merged {tp} of {tp + fn} true pairs, {fp} false  F0.5 {f:.3f}")

    def held_out(settings: list[Setting]) -> tuple[float, int, int, int, list[str]]:
        """Each block of pairs whose documents lie in folds i and j judged at the setting that
        maximises F0.5 on the pairs none of whose documents does (as the matcher's folds); ties go
        to the higher cut and margin (fewer merges)."""
        judged: list[tuple[str, str, bool, bool]] = []
        chosen = []
        for i, j in itertools.combinations_with_replacement(range(args.folds), 2):
            test = {i, j}

            def block(o: tuple[str, str, bool, bool], test: set[int] = test) -> bool:
                return {fold[o[0]], fold[o[1]]} == test

            def apart(o: tuple[str, str, bool, bool], test: set[int] = test) -> bool:
                return fold[o[0]] not in test and fold[o[1]] not in test

            best = max(
                settings,
                key=lambda s: (f_beta([o for o in outcomes[s] if apart(o)])[0], s[1], s[2]),
            )
            chosen.append(label(best))
            judged += [o for o in outcomes[best] if block(o)]
        return (*f_beta(judged), sorted(set(chosen)))

    print(f"held out by story-grouped folds ({args.folds}), the setting chosen on the other folds:")
    groups = sorted({s[0] for s in settings}) if not args.margins else []
    for linkage in groups:
        f, tp, fp, fn, chosen = held_out([s for s in settings if s[0] == linkage])
        print(
            f"  {linkage:<7} merged {tp} of {tp + fn} true pairs, {fp} false merges, "
            f"F0.5 {f:.3f}  ({', '.join(chosen)})"
        )
    f, tp, fp, fn, chosen = held_out(settings)
    print(
        f"  chosen  merged {tp} of {tp + fn} true pairs, {fp} false merges, F0.5 {f:.3f}  "
        f"({', '.join(chosen)})"
    )


if __name__ == "__main__":
    main()
