"""Sentence splitting: fast and deterministic, on line breaks and sentence-final punctuation."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Gen",
    "Lt",
    "Col",
    "Maj",
    "Capt",
    "Sgt",
    "Gov",
    "Sen",
    "Rep",
    "St",
    "Jr",
    "Sr",
    "No",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "U.S",
    "U.N",
    "U.K",
    "D.I",
    "e.g",
    "i.e",
    "vs",
    "approx",
    "Inc",
    "Corp",
    "Ltd",
    "Co",
)
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|(?<=[.!?][\"”’])\s*(?=[A-Z])|\n+"
)
_ABBREVIATION_END = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")\.$")
_INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")
# A capital letter after a lower-case word is a name, not an initial: "posted on X."
_LETTER_NAME_END = re.compile(r"\b[a-z]+\s+[A-Z]\.$")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their character offsets in ``text``; paragraphs are numbered by line."""
    sentences: list[Sentence] = []
    start = 0
    paragraph = 0
    for match in _BOUNDARY.finditer(text):
        piece = text[start : match.start()]
        if "\n" not in match.group() and (
            _ABBREVIATION_END.search(piece)
            or (_INITIAL_END.search(piece) and not _LETTER_NAME_END.search(piece))
        ):
            continue
        _append(sentences, text, start, match.start(), paragraph)
        if "\n" in match.group():
            paragraph += 1
        start = match.end()
    _append(sentences, text, start, len(text), paragraph)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph))
