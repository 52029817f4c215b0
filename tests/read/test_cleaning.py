"""Page junk never reaches extraction; a closing credit line becomes the publisher."""

from __future__ import annotations

import pytest

from ceasefire.read.cleaning import clean_text, is_junk_line, publisher_name

from ..conftest import SEEDS


@pytest.mark.parametrize(
    "line",
    [
        "Recommended Stories",
        "list of 4 itemsend of list",
        "list of 3 items",
        "Leave a Reply",
        "Share this article",
        "Subscribe to our newsletter",
        "Follow us on Telegram",
        "Advertisement",
        "  Skip to main content ",
        # a link to another story, its headline after the label
        "Also read: Police constable injured in Chamkani grenade attack",
        "READ MORE: Two killed in Quetta blast",
    ],
)
def test_junk_lines(line: str) -> None:
    assert is_junk_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Officials said they would share intelligence with the mediators.",
        "Residents were advised to follow the instructions of the police.",
        "Recommended measures include a joint border commission.",
        "The minister left a reply to the complaint on Monday.",
        "Read more of the statement: the ministry said that forty people had been killed in the "
        "attack on the market on Tuesday evening.",
    ],
)
def test_reporting_is_not_junk(line: str) -> None:
    assert not is_junk_line(line)


def test_closing_source_line_becomes_publisher_and_leaves_text() -> None:
    cleaned = clean_text("First paragraph.\nSecond paragraph.\nSource: Aljazeera\nLeave a Reply\n")
    assert cleaned.publisher == "Al Jazeera"
    assert cleaned.text == "First paragraph.\nSecond paragraph."


def test_source_line_in_the_middle_is_kept() -> None:
    text = "Source: a police officer in Quetta.\nThe blast hit a market.\nMore lines follow here."
    cleaned = clean_text(text)
    assert cleaned.publisher is None
    assert cleaned.text.startswith("Source: a police officer")


def test_repeated_paragraph_kept_once() -> None:
    paragraph = "The violence has hit the two border provinces hardest over the past year."
    cleaned = clean_text(f"{paragraph}\nA different line of reporting.\n{paragraph}\n")
    assert cleaned.text.count(paragraph) == 1
    assert cleaned.removed_lines == 1


def test_publisher_names() -> None:
    assert publisher_name("aljazeera") == "Al Jazeera"
    assert publisher_name(" Reuters. ") == "Reuters"
    assert publisher_name("Khaama Press") == "Khaama Press"


@pytest.mark.shared
def test_seed_article_cleaned() -> None:
    raw = (SEEDS / "003_ba32c1912651ddde.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    lines = cleaned.text.splitlines()
    for junk in ("Recommended Stories", "Leave a Reply", "Source: Aljazeera"):
        assert junk in raw
        assert junk not in lines
    assert not any(line.startswith("list of 4 items") for line in lines)
    assert cleaned.publisher == "Al Jazeera"
    # Only the junk lines and the credit line went: every line of reporting is still there.
    # (no-break spaces become plain spaces, one character for one: offsets do not move)
    reporting = [line.replace("\u00a0", " ") for line in raw.splitlines() if len(line) > 80]
    assert reporting and all(line in lines for line in reporting)
