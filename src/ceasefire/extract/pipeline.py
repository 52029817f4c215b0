"""The extraction pipeline: named, versioned stages over one document, checked for order on build."""

from __future__ import annotations

import itertools
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ceasefire.domain import (
    Aggregate,
    DatePrecision,
    EventDate,
    Incident,
    Place,
    ReportedAgreement,
)
from ceasefire.errors import CeasefireError
from ceasefire.extract.actors import ActorMatcher, ActorMention
from ceasefire.extract.agreements import find_agreements
from ceasefire.extract.attribution import attribute
from ceasefire.extract.choice import ChoiceModel
from ceasefire.extract.dates import DateMention, DateResolver
from ceasefire.extract.events import EventMention, build_mention, kills_fighters
from ceasefire.extract.filling import choose, zero_injured
from ceasefire.extract.gazetteer import Gazetteer, fold
from ceasefire.extract.incidents import FigureReport, assemble
from ceasefire.extract.keep import grammar_of
from ceasefire.extract.lexicons.casualties import OUTCOMES
from ceasefire.extract.lexicons.events import PROPERTY_DESTROYED, PROTESTS, RIOTS, VIOLENCE
from ceasefire.extract.places import HOME_COUNTRIES, PlaceMatcher, PlaceMention
from ceasefire.extract.quantities import CasualtyFigure, find_casualties, singular_victims
from ceasefire.extract.roles import Roles, find_roles
from ceasefire.extract.sentences import Sentence, split_sentences
from ceasefire.extract.slots import DocumentFacts, restate_relative
from ceasefire.extract.triggers import (
    TriggerMatch,
    answered,
    find_triggers,
    is_attempted,
    is_negated,
)

# Sentences worth parsing even without a trigger: they carry figures or agreements.
# Every word of a killed or injured outcome in the lexicon counts ("the toll rose to nine").
_CASUALTY_WORDS = re.compile(
    r"\b(?:casualties|hostages?|"
    + "|".join(
        re.escape(word)
        for word in sorted({*OUTCOMES["killed"], *OUTCOMES["injured"]}, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


class ExtractionError(CeasefireError):
    code = "extraction"


@dataclass(slots=True)
class Analysis:
    """Everything the stages know about one document; each stage fills its own fields."""

    document_id: str
    text: str
    published: date | None
    sentences: list[Sentence] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    triggers: dict[int, list[TriggerMatch]] = field(default_factory=dict)
    parses: dict[int, Any] = field(default_factory=dict)
    actors: dict[int, list[ActorMention]] = field(default_factory=dict)
    places: dict[int, list[PlaceMention]] = field(default_factory=dict)
    # Names the gazetteer knows only under another spelling, every sense (`PlaceMatcher.variants`).
    variants: dict[int, list[PlaceMention]] = field(default_factory=dict)
    country: str | None = None
    countries: tuple[str, ...] = ()
    reports: list[FigureReport] = field(default_factory=list)
    dates: dict[int, list[DateMention]] = field(default_factory=dict)
    casualties: dict[int, list[CasualtyFigure]] = field(default_factory=dict)
    mentions: list[EventMention] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    agreements: list[ReportedAgreement] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Stage:
    """A pipeline component: what it needs, what it fills, and the function that does it."""

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Analysis], None]

    @property
    def key(self) -> str:
        return f"{self.name}.{self.version}"


_INPUTS = ("document_id", "text", "published")


class Pipeline:
    """Runs stages in order; refuses an order where a stage needs what no earlier stage gives."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        self.stages = tuple(stages)
        available = set(_INPUTS)
        for stage in self.stages:
            missing = [name for name in stage.requires if name not in available]
            if missing:
                raise ExtractionError(
                    f"needs {', '.join(missing)}, which no earlier stage assigns",
                    where=f"stage {stage.key}",
                )
            available.update(stage.assigns)

    @property
    def versions(self) -> dict[str, str]:
        return {stage.name: stage.version for stage in self.stages}

    def run(self, *, document_id: str, text: str, published: date | None) -> Analysis:
        analysis = Analysis(document_id=document_id, text=text, published=published)
        for stage in self.stages:
            started = time.perf_counter()
            try:
                stage.run(analysis)
            except CeasefireError:
                raise
            except Exception as exc:
                raise ExtractionError(
                    f"{type(exc).__name__}: {exc}", where=f"stage {stage.key}"
                ) from exc
            analysis.versions[stage.name] = stage.version
            analysis.seconds[stage.name] = time.perf_counter() - started
        return analysis


@dataclass(slots=True)
class Resources:
    """Models and gazetteers the stages use, built from plain values (a test can pass tiny ones)."""

    gazetteer: Gazetteer
    actors: ActorMatcher
    places: PlaceMatcher
    nlp: Callable[[], Any]
    # The learned choice among each slot's candidates; None runs the rules alone (as training does).
    choice: ChoiceModel | None = None
    # Whether the choice may leave out incidents it judges no new act (the keep model).
    drop_background: bool = False

    @classmethod
    def load(cls, *, choice: bool = True, drop_background: bool = True) -> Resources:
        from ceasefire.extract.nlp import load_english

        gazetteer = Gazetteer.load()
        return cls(
            gazetteer,
            ActorMatcher(countries=gazetteer.demonyms()),
            PlaceMatcher(gazetteer),
            load_english,
            ChoiceModel.load() if choice else None,
            drop_background,
        )


def default_pipeline(resources: Resources) -> Pipeline:
    """The stages of DESIGN.md in order, each with its version."""

    def sentences(a: Analysis) -> None:
        a.sentences = split_sentences(a.text)

    def candidates(a: Analysis) -> None:
        for sentence in a.sentences:
            found = _crowd_owns_destruction(find_triggers(sentence.text, offset=sentence.start))
            if found:
                a.triggers[sentence.index] = found
            if found or _CASUALTY_WORDS.search(sentence.text):
                a.candidates.append(sentence.index)

    def entities(a: Analysis) -> None:
        counts: dict[str, int] = {}
        # One sense per document: a name seen as a person's surname ("journalist Mech Dara") is no
        # place where it stands alone either ("Dara's arrest").
        surnames: set[str] = set()
        for sentence in a.sentences:
            a.places[sentence.index] = resources.places.find(
                sentence.text, offset=sentence.start, surnames=surnames
            )
        a.places = resources.places.settle(
            {i: [m for m in found if fold(m.text) not in surnames] for i, found in a.places.items()}
        )
        demonyms = {fold(name) for name in resources.gazetteer.demonyms()}
        strays = _stray_places(a.places, a.text, resources.gazetteer.demonyms())
        a.places = {
            i: [m for m in found if fold(m.text) not in strays] for i, found in a.places.items()
        }
        for found in a.places.values():
            for mention in found:
                if mention.place.country:
                    counts[mention.place.country] = counts.get(mention.place.country, 0) + 1
        a.countries = tuple(sorted(counts, key=lambda c: -counts[c]))
        a.country = a.countries[0] if a.countries else None
        # Bare "the army", "security forces" are the forces of the one country the story is about:
        # named at least twice as often as any other.
        story_country = (
            a.country
            if a.country
            and (len(a.countries) == 1 or counts[a.countries[0]] >= 2 * counts[a.countries[1]])
            else None
        )
        for sentence in a.sentences:
            a.actors[sentence.index] = resources.actors.find(
                sentence.text, offset=sentence.start, country=story_country
            )
            # A village or an area the gazetteer lacks, in the district or province the text puts
            # it in: the place is as fine as the text.
            found = a.places[sentence.index]
            skip = (
                surnames
                | strays
                | demonyms
                | {fold(m.text) for m in a.actors[sentence.index] if not m.side}
            )
            unlisted = resources.places.unlisted(
                sentence.text, found, offset=sentence.start, skip=skip
            )
            variants = resources.places.variants(
                sentence.text,
                [(m.start, m.end) for m in found + unlisted]
                + [(m.start, m.end) for m in a.actors[sentence.index]],
                offset=sentence.start,
                skip=skip | surnames,
            )
            if variants:
                a.variants[sentence.index] = variants
            if unlisted:
                # a namesake placed in the text's own unit replaces the gazetteer's sense elsewhere
                kept = [
                    m
                    for m in found
                    if not any(u.start < m.end and m.start < u.end for u in unlisted)
                ]
                a.places[sentence.index] = sorted(kept + unlisted, key=lambda m: m.start)

    def parse(a: Analysis) -> None:
        if not a.triggers:
            return
        nlp = resources.nlp()
        indexes = sorted(a.triggers)
        texts = [a.sentences[i].text for i in indexes]
        for index, doc in zip(indexes, nlp.pipe(texts, batch_size=64), strict=True):
            a.parses[index] = doc

    def dates(a: Analysis) -> None:
        resolver = DateResolver(a.published)
        for sentence in a.sentences:
            found = resolver.find(sentence.text, offset=sentence.start)
            if found:
                a.dates[sentence.index] = found

    def casualties(a: Analysis) -> None:
        for index in a.candidates:
            sentence = a.sentences[index]
            found = find_casualties(sentence.text, offset=sentence.start)
            doc = a.parses.get(index)
            if doc is not None:
                found += singular_victims(doc, offset=sentence.start, known=found)
            if found:
                a.casualties[index] = found

    def events(a: Analysis) -> None:
        for index, found in sorted(a.triggers.items()):
            sentence = a.sentences[index]
            doc = a.parses.get(index)
            chosen = _strongest(
                found, a.casualties.get(index, []), text=sentence.text, base=sentence.start
            )
            built: list[EventMention] = []
            agents: list[tuple[int, int] | None] = []
            # Where and when a story was filed is not where and when its act happened: the
            # dateline's places and dates are left to the slot choice, which sees them as such.
            filed = sentence.start + dateline_end(sentence.text) if index <= 2 else sentence.start
            for trigger in chosen:
                relative = (trigger.start - sentence.start, trigger.end - sentence.start)
                roles = find_roles(doc, *relative) if doc is not None else Roles(None, None, ())
                mention = build_mention(
                    sentence,
                    trigger,
                    roles=roles,
                    actors=[m for m in a.actors.get(index, []) if not m.side],
                    places=[p for p in a.places.get(index, []) if p.start >= filed],
                    dates=[d for d in a.dates.get(index, []) if d.start >= filed],
                    figures=_figures_of(
                        trigger, chosen, a.casualties.get(index, []), sentence=sentence
                    ),
                    attribution=attribute(sentence.text, doc, trigger_start=relative[0]),
                    document_countries=a.countries,
                    parse=doc,
                    triggers=found,
                )
                built.append(mention)
                agents.append(
                    (roles.agent[0] + sentence.start, roles.agent[1] + sentence.start)
                    if roles.agent
                    else None
                )
            built = _fold_verbs_of_acts(built, agents)
            _share_coordinated(built)
            for mention in built:
                a.mentions.extend(_split_coordinated(mention))

    def reports(a: Analysis) -> None:
        for index in a.candidates:
            figures = a.casualties.get(index)
            if index in a.triggers or not figures:
                continue
            sentence = a.sentences[index]
            a.reports.append(
                FigureReport(
                    sentence=sentence,
                    figures=figures,
                    attribution=attribute(
                        sentence.text, None, trigger_start=figures[0].start - sentence.start
                    ),
                    dates=[d for d in a.dates.get(index, []) if not d.is_duration],
                    is_period=any(d.is_duration for d in a.dates.get(index, [])),
                )
            )

    def incidents(a: Analysis) -> None:
        a.incidents, a.aggregates = assemble(
            a.mentions,
            document_id=a.document_id,
            published=a.published,
            reports=a.reports,
            places=_places_named(a),
        )

    def slots(a: Analysis) -> None:
        facts = facts_of(a)
        zero_injured(facts, a.incidents)
        if resources.choice is not None:
            a.incidents = choose(
                facts,
                a.incidents,
                resources.choice,
                gazetteer=resources.gazetteer,
                drop_background=resources.drop_background,
            )

    def agreements(a: Analysis) -> None:
        published = EventDate(
            a.published, DatePrecision.DAY if a.published else DatePrecision.UNKNOWN
        )
        a.agreements = find_agreements(
            a.sentences,
            document_id=a.document_id,
            actors={i: [m for m in found if not m.side] for i, found in a.actors.items()},
            places=a.places,
            dates={i: [d.date for d in found if not d.is_duration] for i, found in a.dates.items()},
            published=published,
            demonyms=resources.gazetteer.demonyms(),
        )

    return Pipeline(
        [
            Stage("sentences", "v1", ("text",), ("sentences",), sentences),
            Stage("triggers", "v1", ("sentences",), ("triggers", "candidates"), candidates),
            Stage("entities", "v3", ("sentences",), ("actors", "places", "country"), entities),
            Stage("parse", "v1", ("triggers",), ("parses",), parse),
            Stage("dates", "v1", ("sentences", "published"), ("dates",), dates),
            Stage("casualties", "v1", ("candidates", "parses"), ("casualties",), casualties),
            Stage(
                "events",
                "v2",
                ("triggers", "parses", "actors", "places", "dates", "casualties"),
                ("mentions",),
                events,
            ),
            Stage("reports", "v1", ("candidates", "casualties", "dates"), ("reports",), reports),
            Stage(
                "incidents", "v1", ("mentions", "reports"), ("incidents", "aggregates"), incidents
            ),
            Stage(
                "slots",
                (resources.choice.version if resources.choice else "rules")
                + ("+keep" if resources.choice and resources.drop_background else ""),
                ("incidents", "dates", "places", "actors", "casualties"),
                ("incidents",),
                slots,
            ),
            Stage("agreements", "v1", ("actors", "places", "dates"), ("agreements",), agreements),
        ]
    )


def facts_of(a: Analysis) -> DocumentFacts:
    """What the slot choice reads of an analysis."""
    facts = DocumentFacts(
        text=a.text,
        published=a.published,
        sentences=a.sentences,
        triggers=a.triggers,
        dates=a.dates,
        places=a.places,
        variants=a.variants,
        actors=a.actors,
        casualties=a.casualties,
        country=a.country,
        document_id=a.document_id,
        starts=[s.start for s in a.sentences],
        parses=a.parses,
        grammar=grammar_of(a.parses, a.sentences, a.triggers),
    )
    return replace(facts, story_dates=restate_relative(facts))


def _strongest(
    triggers: list[TriggerMatch],
    figures: list[CasualtyFigure] | None = None,
    *,
    text: str = "",
    base: int = 0,
) -> list[TriggerMatch]:
    """One trigger per distinct sub-event type; weak words go when a stronger one is in the sentence,
    except a killing of fighters with its own figure ("held the train hostage ... and killed 33
    militants"): that is the other side's act."""
    # An act only answered ("in response to airstrikes") does not outrank the act reported.
    answers = answered(triggers, text, base=base) if text else set()
    # Nor does an act that did not happen ("two would-be suicide bombers" were arrested).
    answers |= {
        t.start
        for t in triggers
        if text and (is_negated(text, t.start - base) or is_attempted(text, t.start - base))
    }
    best = max((t.trigger.strength for t in triggers if t.start not in answers), default=0)
    kept: dict[str, TriggerMatch] = {}
    for trigger in triggers:
        if (
            trigger.trigger.strength < min(best, 2)
            and best >= 2
            and not _own_clause(trigger, triggers, text, base)
        ):
            continue
        if trigger.trigger.strength == 0 and best > 0:
            continue
        # Two words for one kind of act far apart in a sentence may be two acts ("their abduction,
        # like Boko Haram's 2014 abduction of 276 girls"): keep both.
        key = trigger.sub_event_type
        current = kept.get(key)
        while current is not None and abs(trigger.start - current.start) > _SEPARATE_TRIGGERS:
            key += "+"
            current = kept.get(key)
        if current is None or trigger.trigger.strength > current.trigger.strength:
            kept[key] = trigger
    chosen = list(kept.values())
    # Fighters killed "in airstrikes" or "in clashes" are that act's dead; only beside an act against
    # civilians (a hostage-taking, a massacre) is their killing the other side's act.
    if any(t.event_type != VIOLENCE for t in chosen):
        return sorted(chosen, key=lambda t: t.start)
    for trigger in triggers:
        if trigger in chosen or trigger.trigger.strength > 0 or not figures:
            continue
        own = _figures_of(trigger, [*chosen, trigger], figures)
        if own and kills_fighters(trigger, own):
            chosen.append(trigger)
    return sorted(chosen, key=lambda t: t.start)


# Characters apart beyond which two triggers of one sub-event type are taken as two acts.
_SEPARATE_TRIGGERS = 60


def _crowd_owns_destruction(triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """Property a crowd burns or wrecks is its riot (ACLED: a violent demonstration), not an act
    of destruction of its own: beside a protest or riot word, the destruction word is no trigger."""
    if not any(t.event_type in (PROTESTS, RIOTS) for t in triggers):
        return triggers
    return [t for t in triggers if t.sub_event_type != PROPERTY_DESTROYED]


# A clause of its own: "a bomb killed 11 miners, while the group took credit for attacking a convoy".
_CLAUSE_JOIN = re.compile(r"[,;]\s*(while|whereas|and|but)\b|;", re.IGNORECASE)


def _own_clause(trigger: TriggerMatch, triggers: list[TriggerMatch], text: str, base: int) -> bool:
    """Whether a weak act word stands in a clause of its own, apart from every stronger one, so
    that it reports a second act rather than naming the first one again. Not a bare death word."""
    if trigger.trigger.strength == 0 or not text:
        return False
    for other in triggers:
        if other.trigger.strength <= trigger.trigger.strength:
            continue
        low, high = (
            (other.end, trigger.start) if other.end <= trigger.start else (trigger.end, other.start)
        )
        if not _CLAUSE_JOIN.search(text[low - base : high - base]):
            return False
    return True


# A dateline: "DAKAR, 19 January 2026 —", "Nairobi/Port Sudan, 28 January 2026 —", "JALALABAD,
# Afghanistan (Frontier Wire) —", "TANK:". Names, a date, an agency in brackets, then a dash; or a
# capitalised town and a colon.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w'’.-]*(?:[ ,/]+(?:[A-Z\d(][\w'’.()-]*|\d{1,2}|of))*,?\s+[—–]{1,2}\s"
    r"|[A-Z][A-Z .'’/-]{2,}:\s)"
)


def dateline_end(text: str) -> int:
    """Where a sentence's dateline ends (0 when it has none)."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def _stray_places(
    places: dict[int, list[PlaceMention]], text: str, demonyms: dict[str, str]
) -> set[str]:
    """One sense per story: a place abroad below the country that is the only thing in the story
    of its country — no other place there, neither the country's name nor its people — while the
    story names two or more places of another country, is a place the gazetteer does not know
    under that name ("Kani Township, Sagaing Region" is not Kani in Japan). Its folded names, to
    be left out."""
    surfaces: dict[str, set[str]] = defaultdict(set)  # country -> folded names placed there
    stray: dict[str, str] = {}  # folded name -> its country
    for found in places.values():
        for mention in found:
            country = mention.place.country
            if country is None:
                continue
            key = fold(mention.text)
            surfaces[country].add(key)
            if mention.place.admin1 is not None and country not in HOME_COUNTRIES:
                stray[key] = country
    if len(surfaces) < 2:
        return set()
    folded = f" {fold(text)} "
    people = defaultdict(list)
    for adjective, country in demonyms.items():
        people[country].append(adjective)
    most = max(len(names) for names in surfaces.values())
    return {
        key
        for key, country in stray.items()
        if surfaces[country] == {key}
        and most >= 2
        and not any(f" {fold(word)} " in folded for word in (country, *people[country]))
    }


def _places_named(a: Analysis) -> list[Place]:
    """The places a document names as places: not "Islamabad" standing for Pakistan's government."""
    named = []
    for index, found in a.places.items():
        actors = [m for m in a.actors.get(index, []) if not m.side]
        for mention in found:
            if not any(x.start <= mention.start and mention.end <= x.end for x in actors):
                named.append(mention.place)
    return named


def _figures_of(
    trigger: TriggerMatch,
    triggers: list[TriggerMatch],
    figures: list[CasualtyFigure],
    *,
    sentence: Sentence | None = None,
) -> list[CasualtyFigure]:
    """The figures of a sentence that belong to this trigger: each goes to the nearest trigger
    ("killed all six attackers who laid siege to a hotel and later 50 militants in airstrikes"),
    except that a result clause ("stormed a hotel ..., leaving five people dead") belongs to the
    act before it."""
    if len(triggers) < 2:
        return figures

    def distance(figure: CasualtyFigure, other: TriggerMatch) -> int:
        if figure.end <= other.start:
            return other.start - figure.end
        if sentence is not None:
            between = sentence.text[other.end - sentence.start : figure.start - sentence.start]
            if _RESULT.search(between) and not any(
                other.end <= t.start < figure.start for t in triggers
            ):
                return 0
        return max(0, figure.start - other.end)

    return [f for f in figures if min(triggers, key=lambda t: distance(f, t)) is trigger]


# ", leaving five people dead": the outcome of the act just told.
_RESULT = re.compile(r",\s*(?:leaving|killing|wounding|injuring)\s+[^,;]*$", re.IGNORECASE)


def _split_coordinated(mention: EventMention) -> list[EventMention]:
    """ "Strikes in Kabul and Paktika": one act per coordinated place the trigger owns."""
    owned = mention.owned_places
    if mention.place is None or len(owned) < 2:
        return [mention]
    text = mention.sentence.text
    base = mention.sentence.start
    group = [owned[0]]
    for place in owned[1:]:
        between = text[group[-1].end - base : place.start - base]
        if _COORDINATED_PLACES.fullmatch(between):
            group.append(place)
    # "Spin Boldak district of Kandahar" is one place: only different provinces make different acts.
    distinct = {
        (p.place.country, p.place.admin1): p
        for p in sorted(group, key=lambda p: -(p.place.geo_precision or 3))
    }
    # "CHAMAN, Pakistan": a country beside a place in it only says where that place is.
    distinct = {
        key: p
        for key, p in distinct.items()
        if key[1] is not None or not any(k[0] == key[0] and k[1] for k in distinct)
    }
    if len(distinct) < 2 or all(p.place.admin1 is None for p in distinct.values()):
        return [mention]
    places = list(distinct.values())
    # One toll for acts in several places cannot be split: it stays with the first, never counted
    # twice ("strikes in Barmal and Gurbuz, killing ten").
    return [_with_place(mention, places[0])] + [
        _with_place(mention, p, figures=False) for p in places[1:]
    ]


def _fold_verbs_of_acts(
    mentions: list[EventMention], agents: list[tuple[int, int] | None]
) -> list[EventMention]:
    """ "the strikes had targeted hideouts and killed 15 militants": a weak act word whose subject
    is a stronger act word is that act's verb; its figures and target go to that act."""
    kept: list[EventMention] = []
    for mention, agent in zip(mentions, agents, strict=True):
        act = next(
            (
                other
                for other in mentions
                if other is not mention
                and agent is not None
                and agent[0] <= other.trigger.start
                and other.trigger.end <= agent[1]
                # the act word heads the subject ("the Pakistani strikes"), not a weapon in it
                # ("militants armed with grenades")
                and len(
                    other.sentence.text[
                        agent[0] - other.sentence.start : other.trigger.start - other.sentence.start
                    ].split()
                )
                <= 2
                and other.trigger.trigger.strength >= mention.trigger.trigger.strength
            ),
            None,
        )
        if act is None:
            kept.append(mention)
            continue
        act.figures = act.figures or mention.figures
        act.targets = tuple(dict.fromkeys((*act.targets, *mention.targets)))
        if act.actor2 is None:
            act.actor2 = mention.actor2
    return kept


def _share_coordinated(mentions: list[EventMention]) -> None:
    """ "mortar fire and drone strikes from Pakistan": coordinated acts share perpetrator and place."""
    for first, second in itertools.pairwise(mentions):
        between = first.sentence.text[
            first.trigger.end - first.start : second.trigger.start - first.start
        ]
        if not _COORDINATED_TRIGGERS.fullmatch(between):
            continue
        for a, b in ((first, second), (second, first)):
            if a.actor1 is None and b.actor1 is not None:
                a.actor1 = b.actor1
                if b.place is not None and (a.place is None or a.place.admin1 is None):
                    a.place, a.place_text = b.place, b.place_text


_COORDINATED_PLACES = re.compile(
    # "L'Estere, near Gonaives" is one place told by another: a preposition is no coordination.
    r"\s*(?:,\s*)?(?:and\s+|or\s+|as well as\s+)?(?:the\s+)?"
    r"(?:(?!(?:near|outside|around|close|in|at|from|to|towards|into|between|by)\b)[a-z-]+\s+"
    r"(?:of\s+)?){0,3}",
    re.IGNORECASE,
)
_COORDINATED_TRIGGERS = re.compile(
    r"\s*(?:,|and|or|as well as)\s*(?:[a-z-]+\s+){0,2}", re.IGNORECASE
)


def _with_place(
    mention: EventMention, place: PlaceMention, *, figures: bool = True
) -> EventMention:
    clone = replace(mention)
    clone.place, clone.place_text = place.place, place.text
    if not figures:
        clone.figures = []
    return clone


__all__ = [
    "Analysis",
    "Pipeline",
    "Place",
    "Resources",
    "Stage",
    "default_pipeline",
    "facts_of",
]
