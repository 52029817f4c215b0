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
