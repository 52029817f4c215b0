"""Sentence splitting keeps offsets exact and does not split on abbreviations or initials."""

from __future__ import annotations

import pytest

from ceasefire.extract.sentences import split_sentences

from ..conftest import SEEDS


def test_offsets_point_into_the_text() -> None:
    text = (
        "Shells hit Chaman on Monday. Two people died.\nOfficials met in Doha!  Talks resume soon."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Shells hit Chaman on Monday.",
        "Two people died.",
        "Officials met in Doha!",
        "Talks resume soon.",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "The U.S. envoy met Gen. Asim Munir in D.I. Khan on Oct. 12 with Mr. J. Smith. He left."
    assert len(split_sentences(text)) == 2


def test_quotes_close_sentences() -> None:
    text = "“We will respond,” he said. “The talks failed.” Then the firing began."
    assert len(split_sentences(text)) == 3


@pytest.mark.shared
def test_seed_sentences_cover_the_text() -> None:
    text = (SEEDS / "000_8e8533f7b8c10054.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert len(sentences) == 20
    covered = sum(s.end - s.start for s in sentences)
    assert covered / len(text.strip()) > 0.97


def test_a_letter_after_a_lower_case_word_is_a_name_and_can_end_a_sentence() -> None:
    text = "The spokesman wrote on X. Gunmen then opened fire, said George W. Bush."
    assert [s.text[:6] for s in split_sentences(text)] == ["The sp", "Gunmen"]
