"""A document's text as HTML with the quotes of claims marked, each mark numbered by its claim."""

from __future__ import annotations

from html import escape

from markupsafe import Markup


def highlighted(text: str, spans: list[tuple[int, int, int]]) -> Markup:
    """``text`` escaped, with ``<mark>`` around each (start, end, number) span; overlapping spans
    are merged into the first, and spans outside the text are ignored."""
    out: list[str] = []
    position = 0
    for start, end, number in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[position:start]))
        out.append(
            f'<mark id="q{number}" data-claim="{number}"><sup>{number}</sup>'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    out.append(escape(text[position:]))
    return Markup("".join(out))
