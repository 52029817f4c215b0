"""Incident-level error analysis of the development folds: every required gold incident the
cross-validated extractor misses and every extra incident it makes, sorted into classes, with the
gold and extracted slots side by side. Reads only the development documents (never the final
third). Run from the repository root:
    .venv/bin/python eval/error_analysis.py eval/*/ [--folds 5] [--show CLASS] [--limit N]
        [--cache /tmp/prepared.pickle]
--cache keeps the rules' analyses between runs, as in eval/slot_errors.py (delete the file when
the rules change; features of the keep, join and slot models are computed afresh).

Classes of a missed required incident (the gold quote's sentences decide):
  lumped       its sentence is in an extracted incident paired with another gold act (two acts in one)
  contradicts  its sentence is in an extracted incident paired with nothing (a slot contradicts)
  no_trigger   no sentence of its quote has an act word of the lexicon
  dropped      an act word is there but no incident kept it (negated, background, not specific)
  unlocated    the quote is not found in the text
Classes of an extra incident (of the extractor as shipped: background dropped):
  retold       an incident of the same kind nothing contradicts is paired with gold (a retelling)
  background   historical, period or undated and unplaced
  other_act    anything else, sorted finer (the first that applies):
    :slot_contradicts  its sentences hold the evidence of a gold act nothing paired with: the act
                       is there but a slot (place, date, type) contradicts the gold's
    :split             one act split in two: its sentences hold the evidence of a gold act paired
                       with another incident, or it is a headline, or it is of the event type of
                       a paired act on the gold's day or in its province (a retelling whose slot
                       differs, so it could not fold)
    :not_an_act        the act word is negated, modal or future, in a question or a condition
    :period_summary    its sentence is a statistic, names a period, a total, or a month or year
                       only
    :out_of_scope      not political violence (arrests, protests, other strategic developments)
                       or in another country than the story's
    :figure_only       told only by a death or casualty word with no act of its own
    :uncoded_act       a specific act the gold does not code: a gold omission by eval/README.md's
                       conventions, or an act the conventions leave out (read them)
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

from slot_errors import load_prepared  # the same cache of the rules' analyses

from ceasefire.domain import Incident
from ceasefire.evaluate.gold import GoldIncident
from ceasefire.evaluate.scoring import DocumentScore, Scorer, _locate
from ceasefire.evaluate.splits import group_folds
from ceasefire.extract.filling import choose
from ceasefire.extract.keep import _compatible
from ceasefire.extract.slots import candidates_of
from ceasefire.services.extraction import rules_resources
from ceasefire.services.training import Prepared, fit, new_scorer


def _sentences_of(document: Prepared, span: tuple[int, int]) -> list[int]:
    return [s.index for s in document.analysis.sentences if s.start < span[1] and span[0] < s.end]


def _incident_sentences(document: Prepared, incident: Incident) -> set[int]:
    found: set[int] = set()
    for claim in incident.claims:
        found.update(_sentences_of(document, (claim.start, claim.end)))
    for mention in incident.mentions:
        found.update(_sentences_of(document, (mention.start, mention.end)))
    return found


def _gold_line(g: GoldIncident) -> str:
    return (
        f"{g.date} {g.country}/{g.admin1}/{g.location} {g.sub_event_type} "
        f"by={g.perpetrator} killed={g.killed_low}{' OPT' if g.is_optional else ''}"
    )


def _incident_line(p: Incident) -> str:
    return (
        f"{p.date.value} {p.place.country}/{p.place.admin1}/{p.place.location} "
        f"{p.sub_event_type} by={p.actor1} killed={p.fatalities.low} "
        f"trigger={[m.trigger for m in p.mentions][:3]}"
    )


# ACLED's event types that are not political violence: out of the scope of a monitoring record.
_NOT_VIOLENCE = ("Strategic developments", "Protests")


def _other_act_kind(
    document: Prepared,
    p: Incident,
    result: DocumentScore,
    paired: dict[int, GoldIncident],
    keep: Mapping[str, float],
) -> str:
    """The finer class of an extra incident that is no retelling and no background (see the
    module's docstring): from the gold's evidence, the pairs, and the keep model's features of the
    rules' incident it comes from."""
    sentences = _incident_sentences(document, p)
    matched = {g.key for g, _q in result.matched}
    for g in document.gold.incidents:
        span = _locate(document.text, g.evidence)
        if (
            span is not None
            and g.key not in matched
            and set(_sentences_of(document, span)) & (sentences)
        ):
            return "slot_contradicts"
    for g, q in result.matched:
        span = _locate(document.text, g.evidence)
        if span is not None and set(_sentences_of(document, span)) & sentences:
            return "split"
        same_type = q.event_type == p.event_type and q is not p
        if same_type and (
            (g.date is not None and g.date == p.date.value)
            or (g.admin1 is not None and g.admin1 == p.place.admin1)
        ):
            return "split"
    if keep.get("headline_only") and paired:
        return "split"
    if any(keep.get(f"verb_{k}") for k in ("negated", "modal", "future")) or keep.get("question"):
        return "not_an_act"
    if _CONDITION.search(" ".join(c.quote for c in p.claims[:1])):
        return "not_an_act"
    if (
        keep.get("statistic_sentence")
        or keep.get("period_cue")
        or keep.get("aggregate_words")
        or p.date.precision.value in ("month", "year")
    ):
        return "period_summary"
    if p.event_type in _NOT_VIOLENCE or keep.get("abroad"):
        return "out_of_scope"
    if keep.get("strength_0"):
        return "figure_only"
    return "uncoded_act"


_CONDITION = re.compile(r"\b(?:if|unless|whether)\b", re.IGNORECASE)


def analyse(documents: list[Prepared], folds: int) -> tuple[dict[str, list[str]], Scorer]:
    """The classes of the extractor as shipped (background dropped); the pooled figures of it, and
    of the variant that keeps background, as `variant:` lines."""
    cases: dict[str, list[str]] = defaultdict(list)
    pooled = new_scorer()
    variants = {"keep_background": new_scorer()}
    for test_indexes in group_folds([d.key for d in documents], folds):
        test = set(test_indexes)
        model = fit([d for i, d in enumerate(documents) if i not in test])
        for index in test_indexes:
            document = documents[index]
            rules = document.analysis.incidents
            keep = {f.incident.id: f.keep for f in candidates_of(document.facts, rules)}
            gazetteer = rules_resources().gazetteer
            every = choose(document.facts, rules, model, gazetteer=gazetteer)
            incidents = choose(
                document.facts, rules, model, gazetteer=gazetteer, drop_background=True
            )
            variants["keep_background"].add(
                document.gold, document.text, every, document.analysis.aggregates
            )
            result = pooled.add(
                document.gold, document.text, incidents, document.analysis.aggregates
            )
            paired = {id(p): g for g, p in result.matched}
            where = "/".join(document.key)
            for g in result.missed:
                span = _locate(document.text, g.evidence)
                if span is None:
                    cases["missed:unlocated"].append(f"{where}\n  gold {_gold_line(g)}")
                    continue
                sentences = set(_sentences_of(document, span))
                text = document.text[span[0] : span[1]].replace("\n", " ")
                holders = [p for p in incidents if _incident_sentences(document, p) & sentences]
                if any(id(p) in paired for p in holders):
                    kind = "lumped"
                elif holders:
                    kind = "contradicts"
                elif not any(document.analysis.triggers.get(i) for i in sentences):
                    kind = "no_trigger"
                else:
                    kind = "dropped"
                lines = [f"{where}", f"  gold {_gold_line(g)}", f"  text {text[:300]}"]
                lines += [f"  got  {_incident_line(p)}" for p in holders]
                lines += [
                    f"       (paired with {paired[id(p)].key})" for p in holders if id(p) in paired
                ]
                cases[f"missed:{kind}"].append("\n".join(lines))
            for p in result.extra:
                others = [q for q in incidents if q is not p and id(q) in paired]
                if any(_compatible(q, p, loose=True) for q in others):
                    kind = "retold"
                elif p.is_historical or (p.date.value is None and p.place.admin1 is None):
                    kind = "background"
                else:
                    finer = _other_act_kind(document, p, result, paired, keep.get(p.id, {}))
                    kind = f"other_act:{finer}"
                quote = p.claims[0].quote.replace("\n", " ")[:300] if p.claims else ""
                cases[f"extra:{kind}"].append(
                    f"{where}\n  got  {_incident_line(p)}\n  text {quote}"
                )
    for name, scorer in variants.items():
        cases[f"variant:{name}"].append(_summary(scorer))
    return cases, pooled


def _summary(scorer: Scorer) -> str:
    score = scorer.score
    accuracy = score.as_dict()["field_accuracy"]
    assert isinstance(accuracy, dict)
    return (
        f"P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f} "
        f"strict {score.strict_f1:.3f} strict_finest {score.strict_finest_f1:.3f} "
        + " ".join(f"{name} {value:.3f}" for name, value in accuracy.items() if value is not None)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--show", action="append", default=[], help="a class, or a prefix (extra:other_act)"
    )
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    documents = load_prepared(args.folders, args.cache)
    cases, pooled = analyse(documents, args.folds)
    print(f"pooled {_summary(pooled)}")
    print(f"variant:keep_background {cases.pop('variant:keep_background')[0]}")
    counts = Counter({kind: len(found) for kind, found in cases.items()})
    for kind, count in sorted(counts.items()):
        print(f"{kind:32} {count}")
    other = sum(count for kind, count in counts.items() if kind.startswith("extra:other_act"))
    print(f"{'extra:other_act (all)':32} {other}")
    for wanted in args.show:
        for kind in sorted(k for k in cases if k == wanted or k.startswith(f"{wanted}:")):
            print(f"\n== {kind}")
            for case in cases[kind][: args.limit]:
                print(case)


if __name__ == "__main__":
    main()
