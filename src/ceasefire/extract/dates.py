"""Dates: expressions found by pattern, resolved against the publication date, with a precision.

Absolute expressions ("19 October 2025", "Oct. 11") are parsed by dateparser with the publication date
as ``RELATIVE_BASE``. Relative ones are resolved by the rules dateparser gets wrong for news:

- a weekday is the most recent such day on or before publication ("Sunday" in a Sunday story is that
  day), with its part of day ignored ("Wednesday night", "late Tuesday");
- "last night" is the day before publication, "today" and "this morning" the day itself;
- "earlier this week", "last week", "over the weekend" are week-precise, "this month" month-precise;
- a month and day without a year take the publication year, or the year before when that would put
  them more than a week after publication.

Durations ("three days of clashes", "for two weeks", "the past month") are found too and flagged, so that
the events stage never reads them as dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from ceasefire.domain import DatePrecision, EventDate
from ceasefire.domain.bounds import day_problem
from ceasefire.extract.lexicons.dates import (
    MONTHS,
    NUMBER_WORDS,
    PART_OF_DAY,
    UNITS,
    WEEKDAYS,
)

__all__ = ["DateMention", "DateResolver"]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: EventDate
    is_duration: bool = False
    is_relative: bool = False


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH = rf"(?:{_alternatives(MONTHS)})\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = rf"(?:{_alternatives(WEEKDAYS)})"
_COUNT = rf"(?:\d+|{_alternatives(NUMBER_WORDS)}|a|an|several|few|a few|many)"
_UNIT = rf"(?:{_alternatives(UNITS)})s?"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b{_YEAR}-[01]\d-[0-3]\d\b"),
    # "the night of 8/9 November 2025", "on 9-10 January", "Oct. 3-4, 2025": a span of days is
    # dated by its first day (the gold conventions, after ACLED's).
    ("day_range_year", rf"\b{_DAY}\s*[/–-]\s*{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    ("month_day_range_year", rf"\b{_MONTH}\s+{_DAY}\s*[/–-]\s*{_DAY},?\s+{_YEAR}\b"),
    ("day_range", rf"\b{_DAY}\s*[/–-]\s*{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])"),
    ("month_day_range", rf"\b{_MONTH}\s+{_DAY}\s*[/–-]\s*{_DAY}\b(?![/.,]\d)"),
    ("day_month_year", rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
    ("month_day_year", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    # "in March last year": that month of the year before publication.
    ("month_last_year", rf"\b{_MONTH}\s+(?:of\s+)?last\s+year\b"),
    ("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])"),
    ("month_day", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|per|million|billion|people|,\d))"),
    (
        "month_alone",
        rf"\b(?:in|since|during|early|late|until)\s+{_MONTH}"
        rf"(?![\w.]|\s+\d|\s+of\s+\d|\s+(?:of\s+)?last\s+year)",
    ),
    ("month_year", rf"\b{_MONTH},?\s+{_YEAR}\b"),
    ("ago", rf"\b{_COUNT}\s+{_UNIT}\s+ago\b"),
    (
        "duration",
        rf"\b(?:(?:for|over|during|in|within)\s+(?:the\s+)?(?:past|last|next|previous|coming)\s+(?:{_COUNT}\s+)?{_UNIT}"
        rf"|(?:for|after|within)\s+{_COUNT}\s+{_UNIT}"
        rf"|{_COUNT}[\s-]+{_UNIT}(?:[\s-]+long)?(?=\s+(?:of|long|old|siege|war|truce|ceasefire|campaign|standoff|offensive|operation|period|battle|fighting|clashes)\b)"
        rf"|{_COUNT}[\s-]+{_UNIT}[\s-]+(?:long|old)\b)",
    ),
    ("weekend", r"\b(?:over|during|on|at|this|last)\s+(?:the\s+)?weekend\b"),
    ("this_week", r"\b(?:earlier|late[r]?)\s+this\s+week\b|\bthis\s+week\b"),
    ("last_week", r"\blast\s+week\b|\bthe\s+previous\s+week\b"),
    ("this_month", r"\b(?:earlier|late[r]?)\s+this\s+month\b|\bthis\s+month\b"),
    ("last_month", r"\blast\s+month\b"),
    ("last_year", r"\blast\s+year\b"),
    ("last_night", r"\blast\s+night\b|\bovernight\b"),
    ("yesterday", r"\byesterday\b"),
    ("today", rf"\btoday\b|\btonight\b|\bthis\s+(?:{_alternatives(PART_OF_DAY)})\b"),
    (
        "weekday",
        rf"\b(?:(?:early|late|last|on|this|past)\s+)?{_WEEKDAY}(?:\s+(?:{_alternatives(PART_OF_DAY)}))?\b",
    ),
    (
        "year",
        rf"(?:\b(?:in|since|of|during|from|until|by|before|after|the|a|an)|['’]s)\s+(?:early\s+|late\s+|mid-?)?({_YEAR})\b(?!\d|,\d)",
    ),
]
_MAYBE = re.compile(
    rf"\d|\b(?:{_alternatives(MONTHS)}|{_alternatives(WEEKDAYS)}|yesterday|today|tonight|overnight|ago|week|weekend|"
    rf"month|year|night|morning|afternoon|evening|decade|hours?|days?|{_alternatives(NUMBER_WORDS)})\b",
    re.IGNORECASE,
)
_SCANNER = re.compile(
    "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS), re.IGNORECASE
)
_YEAR_ONLY = re.compile(_YEAR)
_WEEKDAY_WORD = re.compile(_WEEKDAY, re.IGNORECASE)
_COUNT_WORD = re.compile(_COUNT, re.IGNORECASE)
_UNIT_WORD = re.compile(_UNIT, re.IGNORECASE)
_SINCE = re.compile(r"\bsince\b[^,;.]{0,50}$", re.IGNORECASE)
_HAS_YEAR = {"iso", "day_month_year", "month_day_year"}
# A span of days read as the kind of its first day, the second day taken out.
_RANGES = {
    "day_range_year": "day_month_year",
    "month_day_range_year": "month_day_year",
    "day_range": "day_month",
    "month_day_range": "month_day",
}
_RANGE_SECOND_DAY = re.compile(r"\s*[/–-]\s*[0-3]?\d(?:st|nd|rd|th)?\b")

# Latest a month-and-day without a year may fall after publication before we take it as last year's.
_FUTURE_TOLERANCE = timedelta(days=7)


@cache
def _dateparser() -> Any:
    import dateparser

    return dateparser


def _parse_direct(text: str, base: date | None) -> date | None:
    """The formats the scanner finds, read directly: ISO, "19 October 2025", "Oct. 11, 2025"."""
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        words = [
            w.lower()
            for w in re.findall(r"[A-Za-z]+", text)
            if w.lower() not in {"st", "nd", "rd", "th", "of"}
        ]
        months = [MONTHS[w] for w in words if w in MONTHS]
        if len(months) != 1 or len(words) != 1:
            return None
        day = next((n for n in numbers if n <= 31), None)
        year = next((n for n in numbers if n > 31), base.year if base else None)
        if day is None or year is None:
            return None
        return date(year, months[0], day)
    except ValueError:
        return None


def _parse_absolute(text: str, base: date | None) -> date | None:
    direct = _parse_direct(text, base)
    if direct is not None:
        return direct
    settings: dict[str, Any] = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = _dateparser().parse(text.replace(".", ""), languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def _count(text: str) -> int:
    word = text.lower()
    if word.isdigit():
        return int(word)
    if word in {"a", "an"}:
        return 1
    return NUMBER_WORDS.get(word, 2)


class DateResolver:
    """Finds date expressions in text and resolves them against one publication date."""

    def __init__(self, published: date | None) -> None:
        self.published = published

    def find(self, text: str, *, offset: int = 0) -> list[DateMention]:
        found: list[DateMention] = []
        if _MAYBE.search(text) is None:
            return (
                found  # most sentences name no time at all: one cheap look instead of the scanner
            )
        for match in _SCANNER.finditer(text):
            kind = match.lastgroup
            assert kind is not None
            surface = match.group(0)
            start, end = match.start(), match.end()
            if kind == "month_alone":
                # "in January": the mention is the month, not its preposition.
                start += len(surface) - len(surface.split()[-1])
                end -= len(surface) - len(surface.rstrip("."))
                surface = text[start:end]
            if kind == "year":
                # "in 2014": the mention is the year itself, not its preposition.
                year_match = _YEAR_ONLY.search(surface)
                assert year_match is not None
                start += year_match.start()
                surface = text[start:end]
            try:
                mention = self._resolve(kind, surface, offset + start, offset + end)
            except (OverflowError, ValueError):
                mention = None  # "99999 days ago": arithmetic past the calendar gives no date
            if mention is not None and mention.date.value and day_problem(mention.date.value):
                mention = None  # outside the days the record holds: not an act's date
            if mention is not None and _SINCE.search(text, max(0, start - 60), start):
                # "since 2021", "since the Taliban's rule in 2021": the start of a period, not an act's date.
                mention = DateMention(
                    mention.start, mention.end, mention.text, mention.date, is_duration=True
                )
            if mention is not None:
                found.append(mention)
        return found

    def _resolve(self, kind: str, surface: str, start: int, end: int) -> DateMention | None:
        published = self.published

        def at(
            value: date | None, precision: DatePrecision, *, relative: bool = True
        ) -> DateMention:
            return DateMention(
                start, end, surface, EventDate(value, precision, surface), is_relative=relative
            )

        if kind == "duration":
            return DateMention(
                start,
                end,
                surface,
                EventDate(None, DatePrecision.UNKNOWN, surface),
                is_duration=True,
            )
        parsed = surface
        if kind in _RANGES:
            # a span of days is dated by its first day, with the span's month (and year)
            parsed = _RANGE_SECOND_DAY.sub("", surface, count=1)
            kind = _RANGES[kind]
        if kind in _HAS_YEAR:
            value = _parse_absolute(parsed, published)
            return at(value, DatePrecision.DAY, relative=False) if value else None
        if kind in {"day_month", "month_day"}:
            value = _parse_absolute(parsed, published)
            if value is None:
                return None
            if published is not None:
                value = value.replace(year=published.year)
                if value > published + _FUTURE_TOLERANCE:
                    value = value.replace(year=published.year - 1)
            return at(value, DatePrecision.DAY, relative=published is not None)
        if kind == "month_last_year":
            if published is None:
                return at(None, DatePrecision.UNKNOWN)
            month = MONTHS[surface.split()[0].rstrip(".,").lower()]
            return at(date(published.year - 1, month, 1), DatePrecision.MONTH)
        if kind == "month_alone":
            if published is None:
                return at(None, DatePrecision.UNKNOWN)
            month = MONTHS[surface.rstrip(".").lower()]
            year = published.year if month <= published.month else published.year - 1
            return at(date(year, month, 1), DatePrecision.MONTH)
        if kind == "month_year":
            month_word = surface.split()[0].rstrip(".,").lower()
            year = int(_YEAR_ONLY.findall(surface)[-1])
            return at(date(year, MONTHS[month_word], 1), DatePrecision.MONTH, relative=False)
        if kind == "year":
            return at(date(int(surface), 1, 1), DatePrecision.YEAR, relative=False)
        if published is None:
            return at(None, DatePrecision.UNKNOWN)
        if kind == "ago":
            count_match, unit_match = _COUNT_WORD.match(surface), _UNIT_WORD.search(surface)
            count = _count(count_match.group(0)) if count_match else 1
            unit = unit_match.group(0).lower().rstrip("s") if unit_match else "day"
            if unit == "day":
                return at(published - timedelta(days=count), DatePrecision.DAY)
            if unit == "week":
                return at(published - timedelta(weeks=count), DatePrecision.WEEK)
            if unit == "month":
                return at(_months_before(published, count), DatePrecision.MONTH)
            if unit == "year":
                return at(date(published.year - count, 1, 1), DatePrecision.YEAR)
            return at(published, DatePrecision.DAY)
        if kind == "weekday":
            weekday_match = _WEEKDAY_WORD.search(surface)
            assert weekday_match is not None
            weekday = WEEKDAYS[weekday_match.group(0).lower().rstrip(".")]
            back = (published.weekday() - weekday) % 7
            if surface.lower().startswith("last ") and back == 0:
                back = 7
            return at(published - timedelta(days=back), DatePrecision.DAY)
        if kind == "today":
            return at(published, DatePrecision.DAY)
        if kind in {"yesterday", "last_night"}:
            return at(published - timedelta(days=1), DatePrecision.DAY)
        if kind == "weekend":
            back = (published.weekday() - 5) % 7
            if back == 0 and "last" in surface.lower():
                back = 7
            return at(published - timedelta(days=back), DatePrecision.WEEK)
        if kind == "this_week":
            return at(published - timedelta(days=published.weekday()), DatePrecision.WEEK)
        if kind == "last_week":
            return at(published - timedelta(days=published.weekday() + 7), DatePrecision.WEEK)
        if kind == "this_month":
            return at(published.replace(day=1), DatePrecision.MONTH)
        if kind == "last_month":
            return at(_months_before(published, 1), DatePrecision.MONTH)
        if kind == "last_year":
            return at(date(published.year - 1, 1, 1), DatePrecision.YEAR)
        return None


def _months_before(day: date, count: int) -> date:
    month_index = day.year * 12 + (day.month - 1) - count
    return date(month_index // 12, month_index % 12 + 1, 1)
