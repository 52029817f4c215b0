"""Attribution and hedging cues: who says it, and how sure they are (data)."""

from __future__ import annotations

# Verb lemmas that introduce what a source says. The stance each implies for the reported act.
REPORTING_VERBS: dict[str, str] = {
    "say": "asserts",
    "tell": "asserts",
    "state": "asserts",
    "report": "asserts",
    "announce": "asserts",
    "confirm": "asserts",
    "add": "asserts",
    "post": "asserts",
    "write": "asserts",
    "tweet": "asserts",
    "declare": "asserts",
    "note": "asserts",
    "describe": "asserts",
    "quote": "asserts",
    "cite": "asserts",
    "claim": "alleges",
    "allege": "alleges",
    "accuse": "alleges",
    "blame": "alleges",
    "charge": "alleges",
    "suggest": "alleges",
    "deny": "denies",
    "reject": "denies",
    "dismiss": "denies",
    "refute": "denies",
}

# Phrases that attribute the sentence to a source named after them.
ACCORDING_TO = r"\b(according to|citing|quoted by|as reported by)\b"

# Words that mark a claim as hedged: the speaker does not vouch for it.
HEDGES = r"\b(allegedly|reportedly|purportedly|apparently|suspected|unconfirmed|might have|may have|could have|possibly|believed to|said to have|is thought to)\b"

# Admission of responsibility: the perpetrator declares the act.
ADMISSION = r"\b(claimed responsibility|claimed the attack|took responsibility|accepted responsibility|owned the attack)\b"

# A denial said before the act it denies: a verb of denial, rejection or dismissal heading the
# clause ("rejects reports that", "denied carrying out", "dismissed as baseless claims that").
DENIAL_BEFORE = (
    r"\b(den(y|ies|ied|ying)|reject(s|ed|ing)?|dismiss(es|ed|ing)?|refut(e|es|ed|ing)"
    r"|rebut(s|ted|ting)?|repudiat(e|es|ed|ing))\b[^.;]*$"
)

# What a denial said after the act is about: the act told inside "reports that ...".
REPORTED_THAT = r"\b(reports?|claims?|allegations?|accusations?|suggestions?)\s+that\b[^.;]*$"

# A denial said after the act ("reports that its forces fired ... were dismissed as baseless").
DENIAL_AFTER = (
    r"^[^.;]*\b(is|was|were|are|has been|have been|had been)\s+(\w+ly\s+)?"
    r"(denied|rejected|dismissed|refuted|rebutted)\b"
)

# The act itself said not to have happened: a plain negation right before the act word ("did not
# fire", "had never shelled", "didn't carry out any strike"). Modals and plans are not denials.
NEGATED_ACT = (
    r"(\b(did|does|do|has|have|had|was|were|is|are)\s*(not|n['’]t|never)"
    r"|\bnever)\s+(\w+\s+){0,3}$"
)

# The act word itself begins with its negation ("did not fire on", a trigger of its own).
NEGATION_AT_ACT = r"(did|does|do|had|has|have)\s*(not|n['’]t|never)\b"
