"""Feeds and watched folders: the sources file, conditional GET, RSS/Atom items (feedparser)."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ceasefire import bounded_yaml
from ceasefire.domain import DocumentKind
from ceasefire.domain.bounds import day_problem
from ceasefire.errors import InputError

USER_AGENT = "ceasefire-watch"


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to watch: a feed (``feed`` url) or a folder (``folder`` path)."""

    name: str
    feed: str | None = None
    folder: Path | None = None
    kind: DocumentKind = DocumentKind.NEWS
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a GET gave: None ``body`` when the server said 304 Not Modified."""

    url: str
    body: bytes | None
    etag: str | None
    last_modified: str | None
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    key: str
    link: str | None
    title: str | None
    published: date | None


def read_sources(path: Path) -> list[Source]:
    """SOURCES.yaml: ``sources:`` a list of {name, feed | folder, kind?, publisher?}."""
    try:
        data, _ = bounded_yaml.load(bounded_yaml.read_text(path))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte at offset {exc.start})", where=str(path)) from exc
    except bounded_yaml.YamlBoundsError as exc:
        line = f" line {exc.line}" if exc.line else ""
        raise InputError(exc.message, where=f"{path}{line}") from exc
    except yaml.YAMLError as exc:
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise InputError(f"not YAML ({problem})", where=str(path)) from exc
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError("needs a non-empty list 'sources'", where=str(path))
    sources = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: source {number}"
        if not isinstance(entry, dict) or not entry.get("name"):
            raise InputError("each source needs a 'name'", where=where)
        if bool(entry.get("feed")) == bool(entry.get("folder")):
            raise InputError("give either 'feed' (a url) or 'folder' (a path)", where=where)
        try:
            kind = DocumentKind(entry.get("kind", "news"))
        except ValueError as exc:
            raise InputError(f"unknown kind {entry.get('kind')!r}", where=where) from exc
        folder = entry.get("folder")
        sources.append(
            Source(
                name=str(entry["name"]),
                feed=str(entry["feed"]) if entry.get("feed") else None,
                folder=(path.parent / str(folder)) if folder else None,
                kind=kind,
                publisher=entry.get("publisher"),
            )
        )
    return sources


def fetch(
    url: str, *, etag: str | None = None, last_modified: str | None = None, timeout: float = 30
) -> Fetched:
    """GET with If-None-Match / If-Modified-Since; raises InputError naming the url on failure."""
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return Fetched(
                url,
                body,
                response.headers.get("ETag"),
                response.headers.get("Last-Modified"),
                response.headers.get_content_type(),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, None, etag, last_modified)
        raise InputError(f"HTTP {exc.code} {exc.reason}", where=url) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot fetch ({reason})", where=url) from exc


def item_key(identity: str) -> str:
    """Items are known by the sha256 of their guid (or link, when a feed gives no guid)."""
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


def _day_of(when: Any) -> date | None:
    """An item's day, when the feed gives one within the bounds the record holds."""
    if not when:
        return None
    try:
        day = date(when.tm_year, when.tm_mon, when.tm_mday)
    except (ValueError, OverflowError):
        return None
    return None if day_problem(day) else day


def parse_feed(body: bytes, *, where: str) -> list[FeedItem]:
    """The items of an RSS or Atom document, oldest first as far as the feed tells."""
    import feedparser  # imported when a feed is read

    parsed: Any = feedparser.parse(body)
    if parsed.get("bozo") and not parsed.get("entries"):
        raise InputError(f"not an RSS or Atom feed ({parsed.get('bozo_exception')})", where=where)
    items = []
    for entry in parsed.get("entries", []):
        link = entry.get("link")
        identity = entry.get("id") or link
        if not identity:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(
            FeedItem(
                key=item_key(identity),
                link=link,
                title=entry.get("title"),
                published=_day_of(when),
            )
        )
    items.reverse()
    return items
