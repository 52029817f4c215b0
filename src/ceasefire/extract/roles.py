"""Roles from the dependency parse: who did it (agent), to whom (patient), where (place phrase)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Verbs whose subject is the perpetrator of the act they govern ("Pakistan launched strikes").
_CARRY_OUT = {
    "launch",
    "conduct",
    "carry",
    "stage",
    "mount",
    "order",
    "execute",
    "unleash",
    "fire",
    "claim",
    "exchange",
    "trade",
}
# Verbs of accusation: their object is the alleged perpetrator ("accused Pakistan of strikes").
_ACCUSE = {"accuse", "blame", "charge", "hold"}
# Verbs whose subject is the act and whose object what it hit ("the strikes targeted X").
_HIT_VERBS = {"target", "hit", "strike", "destroy", "damage", "kill", "wound", "injure", "struck"}
_AGENT_PREPS = {"by", "from"}
_PATIENT_PREPS = {"on", "against", "at", "upon", "targeting", "into"}
_PLACE_PREPS = {
    "in",
    "near",
    "at",
    "on",
    "across",
    "along",
    "outside",
    "inside",
    "within",
    "around",
    "into",
}


_BOUNDARY = {"ROOT", "advcl", "ccomp", "relcl", "conj", "parataxis"}


@dataclass(frozen=True, slots=True)
class Roles:
    """Character ranges (relative to the parsed text) of the role phrases; None when absent."""

    agent: tuple[int, int] | None
    patient: tuple[int, int] | None
    places: tuple[tuple[int, int], ...]
    # The whole phrase after the patient's preposition, for what the target is: "against what it
    # claimed were armed groups" (the parser splits it into two clauses).
    target: tuple[int, int] | None = None


def _extent(token: Any) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _prep_objects(token: Any, preps: set[str]) -> list[Any]:
    found: list[Any] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            found.extend(
                c
                for c in child.children
                if c.dep_ in ("pobj", "pcomp") and c.lower_ not in _TIME_WORDS  # "on Tuesday"
            )
        elif child.dep_ == "acl" and child.lower_ in preps:  # "strikes targeting militants"
            found.extend(c for c in child.children if c.dep_ == "dobj")
    return found


def _phrase_after(obj: Any) -> tuple[int, int]:
    """From a preposition's object to the end of the preposition's phrase."""
    right = obj.head.right_edge
    return obj.left_edge.idx, right.idx + len(right.text)


def find_roles(doc: Any, start: int, end: int) -> Roles:
    """Roles around the trigger at character range [start, end) of the parsed ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return Roles(None, None, ())
    trigger = span.root
    if (
        len(span) > 1
        and span[-1].pos_ in ("NOUN", "PROPN")
        and all(t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "PUNCT") for t in span)
    ):
        trigger = span[-1]  # "drone strikes" is a noun phrase, however the tagger took "drone"
    agent = patient = target = None
    places: list[tuple[int, int]] = []
    # Conjoined triggers share their siblings' attachments ("mortar fire and drone strikes from X").
    family = [trigger]
    if trigger.dep_ == "conj":
        family.append(trigger.head)
    family.extend(c for c in trigger.children if c.dep_ == "conj")

    if trigger.pos_ in ("VERB", "AUX"):
        is_passive = _is_passive(trigger)
        for child in trigger.children:
            if is_passive and child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                agent = _extent(objects[0]) if objects else agent
            elif not is_passive and child.dep_ == "nsubj":
                agent = _extent(child)
            elif child.dep_ == "nsubjpass" or (
                child.dep_ == "dobj" and patient is None and not start <= child.idx < end
            ):  # "opened fire on X": "fire" is part of the trigger, not what was hit
                patient = _extent(child)
        if patient is None:
            objects = _prep_objects(trigger, _PATIENT_PREPS)
            # "opened fire on X": the preposition may hang on the trigger's own noun.
            for inner in span:
                if not objects and inner.i != trigger.i and inner.dep_ == "dobj":
                    objects = _prep_objects(inner, _PATIENT_PREPS)
            patient = _extent(objects[0]) if objects else None
            target = _phrase_after(objects[0]) if objects else None
        if agent is None and trigger.i > 0 and doc[trigger.i - 1].dep_ == "pobj":
            # "killed by Pakistani shelling", parsed as "by Pakistani" and a verb "shelling".
            before = doc[trigger.i - 1]
            if before.head.dep_ == "agent" and before.head.head.i == trigger.head.i:
                agent = _extent(before)
        if agent is None and _is_participle_of(trigger):
            # "forces conducted an operation in Bajaur, sending 8 of them to hell": the subject
            # of the clause the participle hangs on.
            subjects = [c for c in trigger.head.children if c.dep_ == "nsubj"]
            agent = _extent(subjects[0]) if subjects else None
        if agent is None and not is_passive and trigger.dep_ == "conj":
            # "an operation rescued 190 passengers and killed 30 militants": one subject for both.
            first = trigger.head
            if first.pos_ in ("VERB", "AUX") and not _is_passive(first):
                subjects = [c for c in first.children if c.dep_ == "nsubj"]
                agent = _extent(subjects[0]) if subjects else None
    else:
        for member in family:
            for obj in _prep_objects(member, _AGENT_PREPS):
                agent = agent or _extent(obj)
            for obj in _prep_objects(member, {"between"}):
                # "clashes between Taliban forces and Pakistani troops": the two sides
                others = [c for c in obj.children if c.dep_ == "conj"]
                if agent is None and others:
                    agent = obj.left_edge.idx, obj.idx + len(obj.text)
                    patient = patient or _extent(others[0])
            for obj in _prep_objects(member, _PATIENT_PREPS):
                if patient is None:
                    patient, target = _extent(obj), _phrase_after(obj)
            modifiers = list(member.children)
            # "Pakistani drone strikes": the parser may hang the adjective on "drone".
            modifiers += [g for c in member.children if c.dep_ == "compound" for g in c.children]
            for child in modifiers:
                # "Pakistani air strikes", "Pakistan's strikes": the modifier names the perpetrator.
                if (
                    child.dep_ in ("amod", "compound", "poss", "nmod")
                    and child.pos_ in ("PROPN", "ADJ")
                    and child.text[:1].isupper()
                    and child.lower_ not in _TIME_WORDS  # "Tuesday's attack" is no one's
                ):
                    agent = agent or _extent(child)
    if patient is None and trigger.pos_ not in ("VERB", "AUX") and trigger.dep_ == "nsubj":
        # "the strikes targeted the group's leader", "the blast hit a police van": the act's verb.
        verb = trigger.head
        if verb.lemma_ in _HIT_VERBS:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if objects:
                patient = target = _extent(objects[0])
    if agent is None and trigger.pos_ not in ("VERB", "AUX") and trigger.dep_ == "pobj":
        # "lost their lives in the hijacking by armed militants", the parser hanging "by" on the verb.
        verb = trigger.head.head
        if verb.pos_ in ("VERB", "AUX") and not any(c.dep_ == "agent" for c in verb.children):
            objects = _prep_objects(verb, {"by"})
            agent = _extent(objects[0]) if objects else None
    governing: list[tuple[int, int]] = []
    # Climb to the governing verb: "Pakistan conducted strikes", "accused Pakistan of conducting strikes".
    head = trigger
    for _ in range(4):
        if head.dep_ in _BOUNDARY or head.head.i == head.i:
            break  # never into another clause: "X fired on posts, leading to strikes from Y"
        head = head.head
        if head.pos_ not in ("VERB", "AUX"):
            continue
        if head.lemma_ in _ACCUSE:
            objects = [c for c in head.children if c.dep_ == "dobj"]
            # "the bombing was blamed on the group": the object of "on" is the alleged perpetrator.
            objects = objects or _prep_objects(head, {"on"})
            if objects:
                agent = _extent(objects[0])
            break
        if agent is None and (head.lemma_ in _CARRY_OUT or _takes_credit(head)):
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            if subjects:
                agent = _extent(subjects[0])
        if patient is None:
            objects = _prep_objects(head, _PATIENT_PREPS)
            if objects:
                patient, target = _extent(objects[0]), _phrase_after(objects[0])
        for obj in _prep_objects(head, _PLACE_PREPS):
            governing.append(_extent(obj))
    # The act's own place phrases before its governing verb's: "a trial opened in Paris over the
    # bombing of a base in Ivory Coast" is about Ivory Coast.
    for member in family:
        for obj in _prep_objects(member, _PLACE_PREPS):
            places.append(_extent(obj))
    places.extend(governing)
    # Last, places deeper in its phrase: "the bombing of a police station in Kunar".
    for member in family:
        if member.pos_ in ("VERB", "AUX"):
            continue  # a verb's subtree is its whole clause
        for token in member.subtree:
            if token.head.i != member.i and token.dep_ == "prep" and token.lower_ in _PLACE_PREPS:
                places.extend(_extent(c) for c in token.children if c.dep_ == "pobj")
    if patient is not None:
        places.insert(0, patient)
    agent = _antecedent_of_relative(doc, _speaker_for_pronoun(doc, agent))
    return Roles(agent, patient, tuple(places), target or patient)


def _antecedent_of_relative(doc: Any, agent: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "six gunmen who stormed a hotel": "who" is the gunmen."""
    if agent is None:
        return None
    span = doc.char_span(*agent, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in ("who", "which", "that"):
        return agent
    clause = span[0].head
    if clause.dep_ == "relcl":
        noun = clause.head
        return noun.idx, noun.idx + len(noun.text)
    return agent


def _speaker_for_pronoun(doc: Any, agent: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "the military said it killed 33 militants": "it" is the one who says so."""
    if agent is None:
        return None
    span = doc.char_span(*agent, alignment_mode="expand")
    if span is None or len(span) != 1 or span[0].lower_ not in _SELF_PRONOUNS:
        return agent
    pronoun = span[0]
    verb = pronoun.head
    if verb.dep_ == "ccomp" and verb.head.lemma_ in _SPEECH:
        speakers = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if speakers and speakers[0].pos_ != "PRON":
            return _extent(speakers[0])
    return agent


_SELF_PRONOUNS = {"it", "they", "we"}
_SPEECH = {"say", "claim", "announce", "report", "state", "confirm", "tell", "add", "declare"}
_TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday", "tonight", "night", "morning",
    "evening", "afternoon", "dawn", "weekend",
}  # fmt: skip


def _takes_credit(verb: Any) -> bool:
    """ "took credit for", "accepted responsibility for": the subject owns the act."""
    return verb.lemma_ in _TAKE and any(
        c.dep_ == "dobj" and c.lemma_ in ("credit", "responsibility") for c in verb.children
    )


_TAKE = {"take", "accept", "assume", "bear"}

_CLAUSE_DEPS = {"ROOT", "advcl", "ccomp", "xcomp", "relcl", "conj", "parataxis", "acl", "pcomp"}


def _is_passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _is_participle_of(token: Any) -> bool:
    """ "..., killing nine": a participle clause with no subject of its own, on a verb."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and token.head.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)
    )


def reduced_relative_predicate(verb: Any) -> Any | None:
    """The verb a reduced relative clause hangs on, when the parser took the participle for the
    predicate: in "shells fired from across the border landed in a village", "fired" (subject
    "shells" right before it, no auxiliary, no object) is followed at once by a finite verb with
    no subject of its own, "landed", which is what the shells did. None when ``verb`` is no such
    participle. Grammar only: no word of it is listed."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBN"):
        return None
    children = list(verb.children)
    if any(c.dep_ in ("aux", "auxpass", "dobj", "nsubjpass", "mark") for c in children):
        return None
    subjects = [c for c in children if c.dep_ == "nsubj"]
    if not subjects or subjects[0].i > verb.i or subjects[0].right_edge.i != verb.i - 1:
        return None
    # The participle's own phrase ("from across the border"), without what the parser joined on.
    own = [c for c in children if c.i > verb.i and c.dep_ not in ("conj", "cc", "punct")]
    if any(c.dep_ not in ("prep", "agent", "advmod") for c in own):
        return None  # a clause of its own after it ("died when ..."): a predicate, not a modifier
    end = max((c.right_edge.i for c in own), default=verb.i)
    if end + 1 >= len(verb.doc):
        return None
    following = verb.doc[end + 1]
    if (
        following.pos_ != "VERB"
        or following.tag_ not in ("VBD", "VBZ", "VBP")
        or any(c.dep_ in ("nsubj", "nsubjpass") for c in following.children)
    ):
        return None
    return following


def clause_of(doc: Any, char: int) -> int | None:
    """The token index of the verb heading the clause that holds character ``char`` of ``doc``;
    a reduced relative clause ("shells fired from X landed ...") belongs to its noun's predicate."""
    token = next((t for t in doc if t.idx <= char < t.idx + len(t.text) + 1), None)
    for _ in range(12):
        if token is None:
            return None
        if token.pos_ in ("VERB", "AUX") and token.dep_ in _CLAUSE_DEPS:
            predicate = reduced_relative_predicate(token)
            if predicate is not None:
                return int(predicate.i)
            return int(token.i)
        if token.head.i == token.i:
            # A root that is no verb (a headline, a fragment) heads no clause we can trust.
            return int(token.i) if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None


def same_clause(doc: Any, first: int, second: int) -> bool:
    """Whether two character positions of ``doc`` belong to the same clause ("after X, Y broke out": no)."""
    a, b = clause_of(doc, first), clause_of(doc, second)
    if a is None or b is None or a == b:
        return True
    # A clause and the verb it complements ("began shelling", "launched strikes") count as one.
    ta, tb = doc[a], doc[b]
    for clause, other in ((ta, second), (tb, first)):
        # "violence that began March 6": a clause that modifies the act's own noun is about the act.
        head = clause.head
        if clause.dep_ in ("relcl", "acl") and head.idx <= other < head.idx + len(head.text) + 1:
            return True
    for clause, other_clause in ((ta, b), (tb, a)):
        # "violence that began March 6 in the region, where forces clashed": a where- or
        # when-clause happens at the place and time its noun's clause tells.
        situated = clause.dep_ == "relcl" and any(
            c.lower_ in ("where", "when") for c in clause.children
        )
        if situated and clause_of(doc, clause.head.idx) == other_clause:
            return True
        # "forces conducted an operation on Wednesday, killing 8": the participle shares it all.
        if _is_participle_of(clause) and clause.head.i == other_clause:
            return True
        # "12 people were killed on Friday when a bomb exploded": the same moment.
        if (
            clause.dep_ == "advcl"
            and clause.head.i == other_clause
            and any(c.lower_ == "when" and c.dep_ in ("advmod", "mark") for c in clause.children)
        ):
            return True
    return (ta.head.i == b and ta.dep_ in ("xcomp", "conj")) or (
        tb.head.i == a and tb.dep_ in ("xcomp", "conj")
    )


_DENY = {"deny"}


def negated_actor(doc: Any, start: int, end: int) -> bool:
    """Whether the parse negates the actor at character range [start, end) of ``doc``: the
    nearest verb that governs it (whose subject or agent it is) has a ``neg`` child ("was not
    carried out by the BLF"), or it is the subject of "deny". A "not" elsewhere in the sentence
    ("X claimed the attack, saying it would not stop") does not negate it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token.lemma_.lower() in _DENY or any(c.dep_ == "neg" for c in token.children)
    return False
