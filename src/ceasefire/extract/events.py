"""Event mentions: a trigger in a parsed sentence, with its roles, place, date, figures and claim."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ceasefire.domain import DatePrecision, EventDate, Place, TargetCategory
from ceasefire.extract.actors import ActorMention
from ceasefire.extract.attribution import Attribution
from ceasefire.extract.lexicons.casualties import ATTACKER_NOUNS
from ceasefire.extract.lexicons.events import (
    BATTLES,
    EXPLOSIONS,
    PERIOD_CUES,
    PROTEST_INTERVENTION,
    PROTESTS,
    RANKED_AFTER,
    RANKED_BEFORE,
    RIOTS,
    VIOLENCE,
    VIOLENT_CROWD,
)
from ceasefire.extract.lexicons.targets import TARGET_WORDS
from ceasefire.extract.places import PlaceMention
from ceasefire.extract.quantities import Outcome
from ceasefire.extract.roles import Roles, same_clause
from ceasefire.extract.sentences import Sentence
from ceasefire.extract.triggers import (
    TriggerMatch,
    answered,
    is_negated,
    is_reference,
    is_statistic,
)

if TYPE_CHECKING:
    from ceasefire.extract.dates import DateMention
    from ceasefire.extract.quantities import CasualtyFigure

_PERIOD = re.compile("|".join(PERIOD_CUES), re.IGNORECASE)
_ANAPHOR = re.compile(
    r"(\b(these|those|the|such|this|that|their|its|his|her)\s+([\w-]+\s+)?|\b\w+['’]s\s+([\w-]+\s+)?)$",
    re.IGNORECASE,
)
_SAID_THAT = re.compile(
    r"\b(?:said|says|say|told|claimed|claims|reported|added|stated|alleged|alleges|confirmed"
    r"|announced|insisted|warned|believe[sd]?)\s+(?:(?:on|late|early)\s+\w+\s+)?that\s+"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_TARGET_WORD = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(TARGET_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_BORDER = re.compile(r"\b(?:border|frontier|Durand Line|Line of Control)\b", re.IGNORECASE)
_OF_WHAT = re.compile(r"\s+(?:of|carrying)\s+(?:[\w-]+\s+){0,2}")
_IN_A_NAME = re.compile(r"(?:[A-Z][\w'-]*\s+)+")
_CARRYING = re.compile(r"\b(transporting|carrying|ferrying|taking|bringing|with)\b", re.IGNORECASE)
_PLURAL_NOUN = re.compile(r"s$")
_BY_WHOM = re.compile(r"\b\w+ed\s+by\s+(the\s+)?$", re.IGNORECASE)
_HOURS = re.compile(r"\bhours?\b|\bminutes?\b", re.IGNORECASE)
_GENERIC = re.compile(
    r"\b(several|many|numerous|frequent|recent|repeated|a series of|a wave of|dozens of|scores of|a spate of|such)\s+([\w-]+\s+)?$",
    re.IGNORECASE,
)
_DAY_AFTER = re.compile(
    r"\b(?:a|one|the)\s+day\s+after\s+(?:(?:an?|the|its|their)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "the first", "the deadliest": an act compared with others, not one reported.
_SUPERLATIVE = r"(?:first|worst|deadliest|biggest|largest|heaviest|bloodiest|most\s+\w+)"
_ONE_OF_THE_WORST = re.compile(
    rf"\b(?:one|some|among)\s+of\s+the\s+{_SUPERLATIVE}\s+(?:[\w-]+\s+){{0,2}}$",
    re.IGNORECASE,
)
_ORIGIN = re.compile(r"\b(?:from|natives?\s+of|residents?\s+of|hailing\s+from)\s+$", re.I)
_FIRST_SINCE = re.compile(
    rf"\b{_SUPERLATIVE}\b[^.;]{{0,60}}\bsince\b[^.;]{{0,70}}$",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(r"\bsince\b[^,;.]{0,80}$", re.IGNORECASE)
_RANKED_BEFORE = re.compile(RANKED_BEFORE, re.IGNORECASE)
_RANKED_AFTER = re.compile(RANKED_AFTER, re.IGNORECASE)
_ARMED_GROUPS = frozenset({"rebel_group", "political_militia"})


@dataclass(slots=True)
class EventMention:
    sentence: Sentence
    trigger: TriggerMatch
    event_type: str
    sub_event_type: str
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    place: Place | None = None
    place_text: str | None = None
    date: EventDate = field(default_factory=lambda: EventDate(None))
    figures: list[CasualtyFigure] = field(default_factory=list)
    targets: tuple[TargetCategory, ...] = ()
    attribution: Attribution | None = None
    is_negated: bool = False
    is_statistic: bool = False
    is_period: bool = False
    is_anaphor: bool = False
    is_background: bool = False
    is_generic: bool = False  # "several recent attacks": a class of acts, not one
    kills_fighters: bool = False  # "the army said it killed 33 militants": an act of its own
    owned_places: list[PlaceMention] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.sentence.start

    @property
    def end(self) -> int:
        return self.sentence.end

    @property
    def is_specific(self) -> bool:
        """Enough detail to be one act: a place below the country, a date, a figure or an agent."""
        has_place = self.place is not None and (
            self.place.admin1 is not None or (self.place.geo_precision or 3) < 3
        )
        has_figure = any(f.quantity.low or f.quantity.high for f in self.figures)
        has_date = self.date.value is not None
        # "in 2022 ... violence erupted": a bare year dates a period of violence, not one act.
        has_exact_date = has_date and self.date.precision is not DatePrecision.YEAR
        if self.is_period or self.is_generic:
            return False
        if self.kills_fighters:
            return has_figure
        strength = self.trigger.trigger.strength
        is_plural = bool(
            _PLURAL_NOUN.search(self.trigger.text.lower())
        ) and not self.trigger.text.lower().endswith(("ed", "ss"))
        if strength >= 3:
            return has_place or has_date or has_figure or self.actor1 is not None
        if strength == 2:
            return (
                has_place
                or has_exact_date
                or has_figure
                or (self.actor1 is not None and not is_plural)
            )
        if strength == 1:
            detail = sum((has_place, has_date, has_figure, self.actor1 is not None))
            return detail >= (2 if is_plural else 1)
        return has_figure and (has_place or has_date)


def build_mention(
    sentence: Sentence,
    trigger: TriggerMatch,
    *,
    roles: Roles,
    actors: list[ActorMention],
    places: list[PlaceMention],
    dates: list[DateMention],
    figures: list[CasualtyFigure],
    attribution: Attribution,
    document_countries: tuple[str, ...] = (),
    parse: Any | None = None,
    triggers: list[TriggerMatch] | None = None,
) -> EventMention:
    """One mention from what the stages found in its sentence; offsets are document offsets."""
    base = sentence.start
    relative = trigger.start - base
    mention = EventMention(sentence, trigger, trigger.event_type, trigger.sub_event_type)
    mention.is_negated = is_negated(sentence.text, relative) or is_reference(
        sentence.text, trigger.end - base
    )
    mention.is_statistic = is_statistic(sentence.text)
    mention.is_period = _PERIOD.search(sentence.text) is not None
    mention.is_anaphor = _ANAPHOR.search(sentence.text[:relative]) is not None and not (
        _SAID_THAT.search(sentence.text[:relative])  # "said that Pakistani aircraft bombed"
    )
    mention.is_generic = _GENERIC.search(sentence.text[:relative]) is not None
    # "the worst since the Taliban regained control": the act of a since-clause is background.
    mention.is_background = _BACKGROUND.search(sentence.text[:relative]) is not None or (
        sentence.text.rstrip().endswith("?")
    )
    if _RANKED_BEFORE.search(sentence.text[:relative]) and _RANKED_AFTER.search(
        sentence.text[trigger.end - base :]
    ):
        # "the third suicide bombing in the district this month": the act counted among others,
        # a class of acts; "the" still refers back to the act the story told.
        mention.is_generic = True
    if _ONE_OF_THE_WORST.search(sentence.text[:relative]):
        mention.is_background = True  # "in one of the deadliest raids since ...": a comparison
    if trigger.start in answered(triggers or [], sentence.text, base=base):
        # "forces targeted posts ... in response to Pakistani airstrikes": the act answered is
        # told elsewhere; here it only explains the one the sentence reports.
        mention.is_background = True
    if any(
        d.is_duration
        and not _HOURS.search(d.text)
        # "the first flare-up since the ceasefire ten days ago": a comparison, not a period
        and not _FIRST_SINCE.search(sentence.text[: d.start - base])
        for d in dates
    ):
        mention.is_period = True  # "three days of clashes", "the past week of bombing"
    mention.attribution = attribution

    def inside(span: tuple[int, int] | None, start: int, end: int) -> bool:
        return span is not None and span[0] + base <= start and end <= span[1] + base

    place_spans = [(p.start, p.end) for p in places]

    def is_place(actor: ActorMention) -> bool:
        return any(s <= actor.start and actor.end <= e for s, e in place_spans)

    # Actors by role from the parse; a state named only as a place ("strikes on Kabul") is a place.
    for actor in actors:
        if inside(roles.agent, actor.start, actor.end) and (
            mention.actor1 is None or _names_the_group(mention.actor1, actor)
        ):
            mention.actor1 = actor
        elif (
            mention.actor2 is None
            and inside(roles.patient, actor.start, actor.end)
            and not is_place(actor)
        ):
            mention.actor2 = actor
    if (
        mention.actor1 is not None
        and mention.actor2 is not None
        and mention.actor1.actor == mention.actor2.actor
    ):
        mention.actor2 = None
    if mention.actor1 is not None and mention.actor2 is None and mention.event_type == BATTLES:
        # "Pakistan and Afghanistan exchanged fire": the second side of a battle is in its subject.
        mention.actor2 = next(
            (
                a
                for a in actors
                if inside(roles.agent, a.start, a.end)
                and a.actor != mention.actor1.actor
                and sentence.text[mention.actor1.end - base : a.start - base].strip()
                in ("and", ",", "and the")
            ),
            None,
        )

    mention.owned_places = owned_places(
        trigger, triggers or [trigger], places, roles, base, actors=actors, text=sentence.text
    )
    if parse is not None:
        # Only places of the act's own clause: "accusing Islamabad of ..., violence erupted".
        in_roles = [
            p
            for p in mention.owned_places
            if any(inside(span, p.start, p.end) for span in roles.places)
        ]
        mention.owned_places = [
            p
            for p in mention.owned_places
            if p in in_roles or same_clause(parse, relative, p.start - base)
        ]
    # "shot dead nine men, all of them from Punjab": where the victims come from is not where.
    mention.owned_places = [
        p
        for p in mention.owned_places
        if not (
            inside(roles.patient, p.start, p.end)
            and _ORIGIN.search(sentence.text[: p.start - base])
        )
    ]
    chosen = None
    for span in roles.places:
        in_span = [p for p in mention.owned_places if inside(span, p.start, p.end)]
        if in_span:
            chosen = most_specific(in_span)
            break
    if chosen is None and mention.owned_places:
        chosen = most_specific(mention.owned_places)
    if chosen is not None:
        mention.place, mention.place_text = chosen.place, chosen.text
    elif mention.actor2 is not None and mention.actor2.actor.party:
        # "fired on Pakistani border posts": the target's state is where it happened.
        mention.place = Place(country=mention.actor2.actor.party)
    else:
        # "strikes from Pakistan" in a story about two countries: the act is in the other one. Only
        # strikes and shelling cross borders so; a state's troops fight where the story is.
        perpetrator = mention.actor1.actor.party if mention.actor1 is not None else None
        if mention.event_type != EXPLOSIONS:
            perpetrator = None
        country = next((c for c in document_countries if c != perpetrator), None)
        if country is not None:
            mention.place = Place(country=country)

    usable = [d for d in dates if not d.is_duration and d.date.value is not None]
    if parse is not None:
        # A date dates the act only in the act's own clause: "after X struck, clashes broke out on Oct. 11".
        # A year or month is coarse enough to cover "relations soured in 2010 after commandos stormed…".
        # Dates of the act's own clause first; else a coarse one from around it.
        coarse = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.WEEK)
        own = [d for d in usable if same_clause(parse, relative, d.start - base)]
        usable = own or [d for d in usable if d.date.precision in coarse]
    if usable:
        nearest = min(usable, key=lambda d: abs(d.start - trigger.start))
        mention.date = nearest.date
    # "Troops killed 30 militants, officials said Wednesday, a day after an attack on a train": the
    # attack is the day before the sentence's day.
    days = [d for d in dates if d.date.precision is DatePrecision.DAY and d.date.value]
    day_before = _DAY_AFTER.search(sentence.text[:relative])
    if days and days[0].date.value is not None and day_before is not None:
        value = days[0].date.value - timedelta(days=1)
        mention.date = EventDate(value, DatePrecision.DAY, day_before.group(0).strip())
    mention.figures = list(figures)
    mention.targets = _targets(sentence, roles, mention, figures)
    if (
        roles.target is not None
        and mention.event_type in (BATTLES, VIOLENCE)
        and _PROTESTERS.search(sentence.text[roles.target[0] : roles.target[1]])
    ):
        # "Police opened fire on demonstrators": force against a protest, not a battle.
        mention.event_type, mention.sub_event_type = PROTESTS, "Protest with intervention"
    _adjust_type(mention)
    if kills_fighters(trigger, figures):
        # A bare "killed" whose victims are all fighters: the other side's operation, a battle.
        mention.event_type, mention.sub_event_type = BATTLES, "Armed clash"
        mention.kills_fighters = True
        mention.is_anaphor = False
        mention.targets = (TargetCategory.MILITANTS,)
    return mention


_ATTACKER = re.compile(r"\b(" + "|".join(ATTACKER_NOUNS) + r")\b", re.IGNORECASE)


def kills_fighters(trigger: TriggerMatch, figures: list[CasualtyFigure]) -> bool:
    """Whether a bare killing word reports fighters killed ("killed 30 terrorists"), not counting
    the attackers of an act, whom ACLED counts in that act's fatalities ("all six attackers")."""
    if trigger.trigger.strength > 0:
        return False
    killed = [f for f in figures if f.outcome is Outcome.KILLED and f.part_of is None]
    return bool(killed) and all(
        f.category is TargetCategory.MILITANTS and not _ATTACKER.search(f.text) for f in killed
    )


# How far after a trigger a place may stand and still be the trigger's ("strikes ... in Kabul").
_PLACE_REACH = 90


def most_specific(places: list[PlaceMention]) -> PlaceMention:
    """ "in Pakistan's restive Balochistan province": the province, not the country; a town over
    its province. Between equals, the first named."""

    def rank(mention: PlaceMention) -> tuple[int, int]:
        place = mention.place
        level = 4 if place.admin1 is None else place.geo_precision or 3  # 4: only a country
        return level, mention.start

    return min(places, key=rank)


def _names_the_group(first: ActorMention, later: ActorMention) -> bool:
    """Whether a later actor in the agent phrase names the group its generic head stands for:
    "militants linked with the Baloch Liberation Army", "gunmen of al-Shabab"."""
    return first.actor.category == "unidentified" and later.actor.category in _ARMED_GROUPS


def owned_places(
    trigger: TriggerMatch,
    triggers: list[TriggerMatch],
    places: list[PlaceMention],
    roles: Roles,
    base: int,
    *,
    actors: list[ActorMention] | None = None,
    text: str = "",
) -> list[PlaceMention]:
    """The places of a sentence that belong to this trigger: not the agent itself ("Islamabad launched
    strikes", "Pakistani forces"; but "strikes by the army in Middle Shabelle region" are in Middle
    Shabelle), and not nearer to another trigger ("strikes in Kabul against groups behind attacks
    inside Pakistan": Pakistan is the attacks' place)."""
    agent = (roles.agent[0] + base, roles.agent[1] + base) if roles.agent else None
    patient = (roles.patient[0] + base, roles.patient[1] + base) if roles.patient else None
    # A bare "killed" owns no place another act word in the sentence can own: "drone strikes
    # killed 10 civilians in Khost province" are in Khost.
    triggers = [t for t in triggers if t.start == trigger.start or t.trigger.strength > 0] or [
        trigger
    ]
    if patient is not None:
        # "fired on demonstrators in Gilgit": a word inside the act's patient owns no place.
        triggers = [
            t
            for t in triggers
            if t.start == trigger.start or not (patient[0] <= t.start and t.end <= patient[1])
        ]
    owned = []
    for place in places:
        if (
            agent is not None
            and agent[0] <= place.start
            and place.end <= agent[1]
            and (
                place.place.admin1 is None
                or any(a.start < place.end and place.start < a.end for a in actors or [])
            )
        ):
            continue
        if _BY_WHOM.search(text[: place.start - base]):
            continue  # "a company operated by China": who did something, not where
        before = [t for t in triggers if t.end <= place.start]
        after = [t for t in triggers if t.start >= place.end]
        if before:
            owner = max(before, key=lambda t: t.end)
            if place.start - owner.end > _PLACE_REACH and after:
                owner = min(after, key=lambda t: t.start)
        else:
            owner = min(after, key=lambda t: t.start) if after else trigger
        if owner.start == trigger.start or (
            owner.sub_event_type == trigger.sub_event_type
            and owner.event_type == trigger.event_type
        ):
            owned.append(place)
    return owned


def _targets(
    sentence: Sentence, roles: Roles, mention: EventMention, figures: list[CasualtyFigure]
) -> tuple[TargetCategory, ...]:
    found: list[TargetCategory] = []
    if roles.target is not None:
        phrase = sentence.text[roles.target[0] : roles.target[1]]
        # "a bus transporting paramilitary troops": the people carried are the target, not the bus.
        carrying = _CARRYING.search(phrase)
        if carrying is not None and _TARGET_WORD.search(phrase, carrying.end()):
            phrase = phrase[carrying.end() :]
        matches = list(_TARGET_WORD.finditer(phrase))
        for position, match in enumerate(matches):
            following = matches[position + 1] if position + 1 < len(matches) else None
            if following is not None and _IN_A_NAME.fullmatch(
                phrase[match.start() : following.start()]
            ):
                continue  # "the Army Public School": the name's last word says what it is
            if following is not None and _OF_WHAT.fullmatch(
                phrase[match.end() : following.start()]
            ):
                continue  # "a convoy of passenger vehicles": what it is made of says who was hit
            found.append(TargetCategory(TARGET_WORDS[match.group(1).lower()]))
    if mention.actor2 is not None:
        if mention.actor2.actor.category == "state_forces":
            found.append(TargetCategory.SECURITY_FORCES)
        elif mention.actor2.actor.category == "rebel_group":
            found.append(TargetCategory.MILITANTS)
    for figure in figures:
        if (
            figure.category is not TargetCategory.UNKNOWN
            and figure.category is not TargetCategory.MILITANTS
        ):
            found.append(figure.category)
    if not found and mention.sub_event_type == "Armed clash" and _BORDER.search(sentence.text):
        found.append(TargetCategory.SECURITY_FORCES)  # a border clash is fought by border forces
    unique = tuple(dict.fromkeys(found))
    return unique or (TargetCategory.UNKNOWN,)


_INTERVENTION = re.compile(PROTEST_INTERVENTION, re.IGNORECASE)
_FIRE_ON = re.compile(r"\b(fired|fire|firing)\b", re.IGNORECASE)
_BOMBED = re.compile(r"bombed|bombings?|bombardments?", re.IGNORECASE)
_VIOLENT_CROWD = re.compile(VIOLENT_CROWD, re.IGNORECASE)
_FORCE_USED = re.compile(
    r"\b(fired|fire (on|at)|firing (on|at)|opened fire|shot|shooting|gunfire|live (rounds|ammunition)"
    r"|crack(ed)? ?down)\b",
    re.IGNORECASE,
)
_PROTESTERS = re.compile(r"\b(protesters|protestors|demonstrators|marchers|rally|crowds?)\b", re.I)


def _adjust_protest(mention: EventMention) -> None:
    """A protest met with lethal force, a violent crowd, a protest broken up: ACLED's sub-events
    from what the same sentence says."""
    text = mention.sentence.text
    killed = any(f.outcome is Outcome.KILLED and (f.quantity.low or 0) > 0 for f in mention.figures)
    if killed and (
        _FORCE_USED.search(text)
        or any(_PROTESTERS.search(f.text) for f in mention.figures if f.outcome is Outcome.KILLED)
    ):
        mention.sub_event_type = "Excessive force against protesters"
        mention.targets = (TargetCategory.CIVILIANS,)
    elif _VIOLENT_CROWD.search(text):
        mention.event_type, mention.sub_event_type = RIOTS, "Violent demonstration"
    elif _INTERVENTION.search(text):
        mention.sub_event_type = "Protest with intervention"


def _adjust_type(mention: EventMention) -> None:
    """ACLED's distinctions the trigger alone cannot make: an attack on armed forces is a battle."""
    if mention.event_type == PROTESTS:
        _adjust_protest(mention)
        return
    if (
        mention.sub_event_type == "Remote explosive/landmine/IED"
        and _BOMBED.fullmatch(mention.trigger.text)
        and mention.actor1 is not None
        and mention.actor1.actor.category == "state_forces"
    ):
        # "the Pakistani regime bombed a house": a state bombs from the air.
        mention.sub_event_type = "Air/drone strike"
        return
    if (
        mention.sub_event_type == "Armed clash"
        and set(mention.targets) == {TargetCategory.CIVILIANS}
        and _FIRE_ON.search(mention.trigger.text)
    ):
        # "two men on a motorcycle opened fire on him": shooting at civilians is no battle.
        mention.event_type, mention.sub_event_type = VIOLENCE, "Attack"
        return
    if mention.sub_event_type != "Attack" or mention.event_type != VIOLENCE:
        return
    targets = set(mention.targets)
    armed = TargetCategory.SECURITY_FORCES in targets or TargetCategory.MILITANTS in targets
    if armed and TargetCategory.CIVILIANS not in targets:
        mention.event_type, mention.sub_event_type = BATTLES, "Armed clash"


def parse_of(parses: dict[int, Any], sentence: Sentence) -> Any | None:
    return parses.get(sentence.index)
