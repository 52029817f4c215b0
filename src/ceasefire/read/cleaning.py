"""Text cleaning: page junk out, a closing credit line turned into the publisher, repeats dropped."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ceasefire.read.junk_patterns import JUNK_LINES, PUBLISHER_NAMES, SOURCE_LINE

_JUNK = re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in JUNK_LINES) + r")$", re.IGNORECASE)
_SOURCE = re.compile(rf"^{SOURCE_LINE}$", re.IGNORECASE)
# Paragraphs shorter than this may repeat legitimately (a dateline, a short quote).
_MIN_REPEATED_PARAGRAPH = 60


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str
    publisher: str | None
    removed_lines: int


def publisher_name(raw: str) -> str:
    """The name we keep for a publisher as a credit line spells it."""
    key = " ".join(raw.strip().strip(".").split()).lower()
    return PUBLISHER_NAMES.get(key, raw.strip().strip("."))


def is_junk_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= 120 and _JUNK.match(stripped) is not None


def clean_text(raw: str) -> CleanText:
    """Normalises line ends and Unicode (NFC), drops junk lines and repeated paragraphs.

    The cleaned text is what every character offset in the record refers to.
    """
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\ufeff", "").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    publisher = None
    # The credit line closes the article; only junk may follow it.
    for index in range(len(lines) - 1, -1, -1):
        stripped = lines[index].strip()
        if not stripped or is_junk_line(stripped):
            continue
        match = _SOURCE.match(stripped)
        if match:
            publisher = publisher_name(match.group("publisher"))
            lines[index] = ""
        break
    kept: list[str] = []
    seen: set[str] = set()
    removed = 0
    for line in lines:
        stripped = line.strip()
        if is_junk_line(stripped):
            removed += 1
            continue
        if len(stripped) >= _MIN_REPEATED_PARAGRAPH:
            key = " ".join(stripped.split())
            if key in seen:
                removed += 1
                continue
            seen.add(key)
        kept.append(line)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return CleanText(text=cleaned, publisher=publisher, removed_lines=removed)
