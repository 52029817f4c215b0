"""Event triggers: words that report an act, mapped to ACLED event and sub-event types (data)."""

from __future__ import annotations

from typing import NamedTuple


class Trigger(NamedTuple):
    """A trigger pattern (regex over words, case-insensitive) and what it reports."""

    pattern: str
    event_type: str
    sub_event_type: str
    # How sure the word alone is that an act happened: "air strike" yes, "attack" less so.
    strength: int


EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
VIOLENCE = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"
# ACLED's sub-event of property burned or wrecked (a strategic development).
PROPERTY_DESTROYED = "Looting/property destruction"

# Order matters only for overlapping matches: the longest match at a position wins.
TRIGGERS: tuple[Trigger, ...] = (
    Trigger(
        r"(air|aerial|drone|missile)[ -]?(strikes?|raids?|attacks?|bombardments?|bombings?)",
        EXPLOSIONS,
        "Air/drone strike",
        3,
    ),
    Trigger(
        r"airstrikes?|air-strikes?|air raids?|bombing raids?|warplanes?|fighter jets?"
        r"|(jets?|drones?|aircraft|helicopter gunships?|gunships?) (struck|hit|bombed|pounded|targeted)"
        r"|quadcopters?( attacks?| strikes?)?|armed drones?|kamikaze drones?",
        EXPLOSIONS,
        "Air/drone strike",
        3,
    ),
    Trigger(
        r"(launched|conducted|carried out) (cross-border )?strikes?",
        EXPLOSIONS,
        "Air/drone strike",
        2,
    ),
    Trigger(r"(cross-border )?strikes", EXPLOSIONS, "Air/drone strike", 1),
    Trigger(
        r"shell(ing|ed|s)|mortars?( fire| shells?| rounds?| attacks?)?|artillery( fire| shells?)?|rocket (fire|attacks?)|rockets|missiles? (hit|struck|slammed)"
        r"|an? (rocket|missile|mortar shell) (fired|hit|struck|slammed|landed)",
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
        3,
    ),
    Trigger(
        r"suicide (bomb(ing|ers?|s)?|attacks?|blasts?|explosions?|car bombs?)|(blew|blowing|blows|blow) (himself|herself|themselves) up",
        EXPLOSIONS,
        "Suicide bomb",
        3,
    ),
    Trigger(
        r"roadside bombs?|improvised explosive devices?|IEDs?|landmines?|land mines?|car bombs?|bomb blasts?|remote[- ]controlled bombs?|bombs? (exploded|went off|blast)|explosions?|blasts?|bombings?|bombed",
        EXPLOSIONS,
        "Remote explosive/landmine/IED",
        2,
    ),
    Trigger(
        r"explosive devices?|(homemade|home-made|improvised|planted|buried) (mines?|bombs?|explosives?)"
        r"|explosives? (went off|exploded|blew up)",
        EXPLOSIONS,
        "Remote explosive/landmine/IED",
        2,
    ),
    # An explosion told by its verb alone ("the car exploded", "a device went off"): weak, the
    # slot and keep models weigh it.
    Trigger(r"exploded|went off", EXPLOSIONS, "Remote explosive/landmine/IED", 1),
    Trigger(r"grenade attacks?|grenades?", EXPLOSIONS, "Grenade", 2),
    # ACLED's air/drone strikes include bombardment from the air ("aircraft carried out
    # bombardment", "the jet dropped bombs").
    Trigger(
        r"bombard(ed|ments?)|dropped (an? |two |several )?(\w+ )?(bombs?|explosives?|munitions?|grenades?)"
        r"|glide bombs?|guided bombs?|cluster (bombs?|munitions)",
        EXPLOSIONS,
        "Air/drone strike",
        2,
    ),
    # A suicide attack in the words of the groups that carry them out ("martyrdom operation",
    # "martyrdom-seeker", "fidayeen attack").
    Trigger(
        r"martyrdom[- ](operations?|seekers?|attacks?)|fidayee?n? (attacks?|assaults?)|istishhadi",
        EXPLOSIONS,
        "Suicide bomb",
        3,
    ),
    Trigger(r"detonated", EXPLOSIONS, "Remote explosive/landmine/IED", 2),
    Trigger(
        r"clash(es|ed)?|firefights?|gunfights?|gun battles?|exchanges? of fire|exchanged fire|skirmish(es)?|heavy fighting|fighting broke out|battles?",
        BATTLES,
        "Armed clash",
        3,
    ),
    Trigger(
        r"(fired|opened fire) (on|at|upon)|(cross-border|heavy|unprovoked) (fire|firing)|firing (on|upon)"
        r"|came under (\w+ )?(fire|attack)",
        BATTLES,
        "Armed clash",
        3,
    ),
    # An act said not to have happened ("did not fire on", "had never shelled"): the bare verb is
    # an act word only after a plain negation; the stance stage reads the claim as a denial.
    Trigger(
        r"(did|does|do|had|has|have)\s*(not|n['’]t|never) (shell|fire (shells|mortars|rockets|artillery))",
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
        1,
    ),
    Trigger(
        r"(did|does|do|had|has|have)\s*(not|n['’]t|never) (fire|open fire|shoot) (on|at)",
        BATTLES,
        "Armed clash",
        1,
    ),
    Trigger(
        r"(violence|hostilities|fighting) (broke out|erupted|flared( up)?)",
        BATTLES,
        "Armed clash",
        2,
    ),
    Trigger(r"sieges?|stormed|besieged|hostage[- ]taking", BATTLES, "Armed clash", 2),
    # Armed clashes in other words of the codebook and of the region's press: a shootout, an
    # "encounter" (South Asian usage for a clash of police or troops with an armed group), an
    # infiltration bid fought off, crossfire, troops who "engaged" fighters.
    Trigger(
        r"shoot-?outs?|gunfire|exchanges? of gunfire|crossfire|cross-fire"
        r"|(armed |fierce |heavy |brief )?encounters? with|killed in (an? )?(armed )?encounters?"
        r"|infiltration (bids?|attempts?)|engaged (the )?(terrorists?|militants?|insurgents?"
        r"|attackers?|khwarij|fighters)",
        BATTLES,
        "Armed clash",
        2,
    ),
    # Security operations against armed groups, as the region's militaries name them (ISPR's
    # "intelligence based operation", "IBO", "sanitisation operation"; the Afghan ministry's
    # "retaliatory operations"): ACLED codes an operation with fighting as an armed clash.
    Trigger(
        r"intelligence[- ]based operations?|IBOs?|saniti[sz]ation operations?"
        r"|combing operations?|search[- ]and[- ]destroy operations?"
        r"|cordon[- ]and[- ]search( operations?)?|retaliatory operations?"
        r"|(launched|conducted|carried out) (an? |the )?([\w-]+ ){0,2}operations? against",
        BATTLES,
        "Armed clash",
        2,
    ),
    Trigger(r"mutin(y|ies)|jailbreaks?|prison (break|escape)s?", BATTLES, "Armed clash", 2),
    Trigger(r"recaptured|retook|regained control", BATTLES, "Government regains territory", 2),
    Trigger(
        r"seized control|captured the (town|city|district)|overran",
        BATTLES,
        "Non-state actor overtakes territory",
        2,
    ),
    Trigger(
        r"ambush(es|ed)?|attack(s|ed|ing)?|assaults?|assaulted|raids?|raided|gunmen (killed|shot)|shot dead|gunned down|opened fire|massacred?|targeted|targeting",
        VIOLENCE,
        "Attack",
        1,
    ),
    # A death with no word for how: the weakest trigger, kept only when nothing better is near.
    Trigger(
        r"(were|was|been) (killed|martyred|neutrali[sz]ed|eliminated)|killing|killed"
        r"|sen(t|ding) (\w+ ){0,4}to hell"
        # Pakistan's official words for its own dead and for militants killed.
        r"|martyred|embraced (shahadat|martyrdom)|neutrali[sz]ed",
        VIOLENCE,
        "Attack",
        0,
    ),
    # Casualties in the passive with no word for the act (ACLED counts attacks that only injure):
    # like a bare death, kept only when no act word is near.
    Trigger(
        r"(were|was|been|are|is) (injured|wounded|hurt|shot(?! dead)|stabbed|beheaded)"
        r"|lost (their|his|her) lives|sustained (serious |critical |gunshot |bullet )?(injuries|wounds)",
        VIOLENCE,
        "Attack",
        0,
    ),
    # An assassination is an attack (ACLED: violence against civilians, or a clash when the
    # victim is armed; the targets decide).
    Trigger(
        r"assassinat(ed|ion|ions)|target(ed)? killings?",
        VIOLENCE,
        "Attack",
        2,
    ),
    Trigger(
        r"abduct(ed|ion|ions)?|kidnapp?(ed|ing|ings)?|taken hostage|took .{0,40}hostage|held hostage|hijack(ed|ing)?"
        r"|(taken|whisked|bundled) away|forcibly disappeared",
        VIOLENCE,
        "Abduction/forced disappearance",
        2,
    ),
    Trigger(r"arrest(ed|s)?|detain(ed)?|rounded up", STRATEGIC, "Arrests", 1),
    # ACLED's strategic developments: weapons stopped before they hit ("shot down a drone",
    # "defused a bomb", "foiled an attack").
    Trigger(
        r"shot down|defused|intercepted|foiled|thwarted",
        STRATEGIC,
        "Disrupted weapons use",
        2,
    ),
    Trigger(
        r"(dismantled|broke up|busted) (an? |the )?([\w-]+ ){0,2}(cell|network|ring)s?",
        STRATEGIC,
        "Arrests",
        2,
    ),
    Trigger(
        r"protest(s|ed|ers|ors)?|demonstrat(ion|ions|ors|ed)|rall(y|ies|ied)|marched|sit-ins?",
        PROTESTS,
        "Peaceful protest",
        1,
    ),
    Trigger(
        r"blocked (the |a )?([\w-]+ ){0,2}(roads?|highways?|traffic)|(shouted|chanted|raised) slogans"
        r"|staged (an? )?(sit-in|protest|rally|demonstration|march)",
        PROTESTS,
        "Peaceful protest",
        1,
    ),
    Trigger(r"riots?|rioting|rioters", RIOTS, "Violent demonstration", 2),
    Trigger(r"lynch(ed|ing)|mob (attacked|torched|beat|set fire)", RIOTS, "Mob violence", 2),
    # ACLED's looting and property destruction: buildings, vehicles and masts burned or wrecked.
    Trigger(
        r"set fire to|set ablaze|set on fire|torched|burn(ed|t) down|looted|ransacked|vandali[sz]ed",
        STRATEGIC,
        PROPERTY_DESTROYED,
        1,
    ),
)

# What turns a protest into ACLED's other protest and riot sub-events, said in the same sentence.
PROTEST_INTERVENTION = (
    r"\b(tear ?gas|water cannons?|baton[- ]charg\w*|lathi[- ]charg\w*|rubber bullets|dispers\w*"
    r"|broke up|crack(ed)? down|arrest(ed|s)?|detain(ed)?|rounded up)\b"
)
VIOLENT_CROWD = (
    r"\b(torched|set fire|set ablaze|pelted|hurled stones|threw stones|stone[- ]pelting"
    r"|vandali[sz]ed|ransacked|looted|rioters?|rioting)\b"
)

# Words before a trigger that make its act the one answered, not the one reported ("forces targeted
# posts in response to Pakistani airstrikes").
RESPONSE_CUE = (
    r"\b(?:in\s+(?:response|retaliation|reprisal|revenge)\s+(?:to|for)|retaliating\s+for"
    r"|to\s+avenge|in\s+return\s+for)\s+(?:[\w'’-]+\s+){0,3}$"
)

# Words before a trigger that name an act already told as a point in time ("hours after the bombing,
# militants opened fire"): the act is referred to, the sentence reports another.
AFTER_CUE = (
    r"\b(?:(?:hours|days|minutes|weeks|shortly|soon|moments|a\s+day|a\s+week|a\s+month)\s+)?"
    r"(?:after|before|following)\s+(?:the|this|that|last\s+\w+'s|\w+day's)\s+(?:[\w-]+\s+){0,2}$"
)

# An act ranked among others of a period ("the third suicide bombing in the district this
# month", "the first cross-border fire since the ceasefire"): a comparison, not a new report. The
# ordinal before the act word, the period after it in the same sentence.
RANKED_BEFORE = (
    r"\bthe\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest"
    r"|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+){0,3}$"
)
RANKED_AFTER = (
    r"^[^.;]*?\b(?:(?:this|last|that|the\s+same)\s+(?:week|month|year)|since"
    r"|in\s+(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|(?:19|20)\d\d))\b"
)

# Words around a trigger that say the act did not happen, or is only threatened or generic.
NEGATED_CONTEXT = r"\b(no|not|never|without|deny|denied|denies|denying|prevent|avoid|halt|stop|cease|ceasing|end|threat(en(ed|s)?)?|warn(ed|s)?|would|will|could|plan(ned|s|ning)?|vow(ed|s)?|pledged?|agree(d|s)? to|almost|narrowly|foiled|thwarted|plot(ted|ting)? to|ordered the|warrants? for|calls? for|fear of|risk of|danger of|authori[sz](e|es|ed|ing)|allows?|permits?)\b"

# Words around a trigger that say an act was tried: no hard cancel, since an attack the defenders
# fought off is an armed clash by ACLED's codebook while an attempt nobody carried out is no event;
# the keep model reads the cue (`keep.keep_features`, "attempt_cue"). "Foiled" and "thwarted"
# stay in NEGATED_CONTEXT: they are act words of their own (Disrupted weapons use), which tell the
# act they stopped.
ATTEMPT_CONTEXT = r"\b(attempted|attempts?\s+(to|by)|tried\s+to)\b"

# Words right after a trigger that make it a reference to an allegation or a plan, not a report of an act.
NOT_AN_ACT_AFTER = (
    r"^\s*(allegations?|accusations?|claims?|plots?|threats?|charges?|warrants?|case|trial|law|laws"
    r"|suspects?)\b"
    # "an attack on the constitutional order", "an assault on democracy": a figure of speech.
    r"|^\s*(on|against)\s+(the\s+|our\s+|its\s+|their\s+)?(constitutional\s+order|constitution"
    r"|democracy|democratic\s+\w+|freedom|press\s+freedom|free\s+speech|rule\s+of\s+law|values"
    r"|dignity|judiciary|institutions|truth|science)\b"
    # "the Oval Office clash between President X and President Y": a quarrel of leaders.
    r"|^\s*between\s+(\S+\s+){0,2}(presidents?|prime\s+ministers?|chancellors?|ministers?"
    r"|leaders|lawmakers|politicians)\b"
)

# Cues that a sentence gives a count of events or a figure for a period: a statistic, not an incident.
STATISTIC_CUES = (
    r"\b(more than|over|at least|nearly|some) \d[\d,]* (?:[\w-]+ ){0,2}"
    r"(attacks|incidents|strikes|bombings)\b",
    r"\b(surge|rise|increase|spike|decline|wave) (in|of) (attacks|violence|bombings)\b",
    r"\b(attacks|violence) ha(s|ve) (surged|risen|increased|declined|decreased)\b",
    r"\b\d+ ?(%|percent|per cent)\b",
    # A count of incidents is a statistic whatever the incidents are ("14 incidents of
    # cross-border fire", "most incidents involved shelling").
    r"\b(\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|scores"
    r"|hundreds|most|many|several|all|some) (of the )?([\w-]+ ){0,2}incidents\b",
)

_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)

# Period phrases that turn a casualty figure into an aggregate (a figure for a campaign or time span).
PERIOD_CUES = (
    r"\bduring the (hostilities|fighting|clashes|conflict|war|offensive|campaign|violence)\b",
    r"\b(over|during|throughout|in|for) the (past|last) (year|month|quarter|decade)\b",
    r"\b(in|over|during|for|within) the (past|last|previous) (\d+|\w+) (years|months|weeks|days)\b",
    r"\bso far this (year|month)\b|\bthis year alone\b",
    r"\b(first|second|third|fourth) (three )?quarters?\b",
    r"\bso far\b|\bto date\b|\bsince (the )?(start|beginning|outbreak)\b|\bsince \d{4}\b",
    r"\bin (recent|the past) (years|months|weeks)\b",
    r"\bover the (past|last) (year|\w+ (years|months|weeks))\b",
    r"\bthroughout\b|\bin total\b|\baltogether\b|\bcumulative\b",
    r"\bthousands of deaths\b|\bdeaths have been reported\b",
    # "between 19 October and 18 November", "between October 19 and November 5": a span of days.
    rf"\bbetween (\d{{1,2}} )?{_MONTH}( \d{{1,2}})?(,? \d{{4}})? and (\d{{1,2}} )?{_MONTH}\b",
    r"\bin (\w+ )?(19|20)\d\d alone\b",
)
