"""Helpers of the dataset writers: our value as text, or the original's text when they agree."""

from __future__ import annotations

from datetime import date, datetime

from ceasefire.domain import Incident
from ceasefire.domain.datasets import DATE_FORMATS


def number_text(value: int | None, original: str | None, *, default: str = "") -> str:
    """An integer column: the original text when it is the same number, else ours; a number
    nobody knows is an empty cell, never 0 (ACLED's and UCDP's readers take an empty cell as
    missing)."""
    if value is None:
        return original if original is not None and not original.strip() else default
    if original is not None:
        try:
            if float(original) == value:
                return original
        except ValueError:
            pass
    return str(value)


def coordinate_text(value: float | None, original: str | None) -> str:
    """A coordinate: the original text when it is the same point (to 1e-6°), else 4 decimals."""
    if value is None:
        return ""
    if original:
        try:
            if abs(float(original) - value) < 1e-6:
                return original
        except ValueError:
            pass
    return f"{value:.4f}"


def sources_text(incident: Incident) -> str:
    """Who the incident's claims come from, each once, in order: ACLED's ``source`` style."""
    names = dict.fromkeys(claim.source for claim in incident.claims if claim.source)
    return "; ".join(names)


def date_text(day: date, original: str | None) -> str:
    """``day`` in the form of ``original`` when it is one of ours, else YYYY-MM-DD."""
    if original:
        raw = original.strip()
        # UCDP writes some dates with a time: "2025-10-11 00:00:00.000".
        candidate = raw[:10] if len(raw) > 10 and raw[4:5] == "-" else raw
        for pattern in DATE_FORMATS:
            try:
                if datetime.strptime(candidate, pattern).date() == day:
                    return original
            except ValueError:
                continue
    return day.isoformat()
