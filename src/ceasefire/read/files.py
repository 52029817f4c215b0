"""File readers: bytes from disk to a cleaned text and the metadata the content itself carries."""

from __future__ import annotations

import codecs
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.domain.bounds import day_problem
from ceasefire.errors import InputError
from ceasefire.read.cleaning import clean_text, publisher_name
from ceasefire.read.metadata import is_metadata_file

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown"}
HTML_SUFFIXES = {".html": "text/html", ".htm": "text/html"}
SUPPORTED = {**TEXT_SUFFIXES, **HTML_SUFFIXES}
_MIN_ARTICLE_WORDS = 5


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a file says about itself: original bytes, cleaned text, metadata found in the content."""

    original: bytes
    text: str
    media_type: str
    content_meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Boundary:
    """Where reading may go: never into the data folder (``forbidden``: its session secret, keys
    and database), and, when a folder is walked, never out of it (``root``) by a symbolic link."""

    root: Path | None = None
    forbidden: Path | None = None

    def refusal(self, path: Path) -> str | None:
        """Why ``path`` (followed through any symbolic links) may not be read, or None."""
        try:
            real = path.resolve()
        except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
            return "a loop of symbolic links: not followed"
        if self.forbidden is not None and real.is_relative_to(self.forbidden.resolve()):
            return "inside the data folder: never read"
        if self.root is not None and not real.is_relative_to(self.root.resolve()):
            return f"a symbolic link out of the folder {self.root} (to {real}): not followed"
        return None


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file to ingest as named or found in a folder, and whether it may be read."""

    path: Path
    explicit: bool  # named on the command line (an unsupported one then fails)
    boundary: Boundary
    refused: str | None = None  # why it is not read
    skipped: str | None = None  # why it is passed over, as a folder's own files are


def iter_files(paths: list[Path], *, data: Path | None = None) -> Iterator[FoundFile]:
    """Each file to ingest. In a folder, a symbolic link is followed only to a file inside it (a
    link out is refused, one entry each); nothing inside the data folder ``data`` is read."""
    for path in paths:
        if not path.is_dir():
            boundary = Boundary(None, data)
            yield FoundFile(path, True, boundary, refused=boundary.refusal(path))
            continue
        boundary = Boundary(path, data)
        if data is not None and path.resolve().is_relative_to(data.resolve()):
            yield FoundFile(path, True, boundary, refused="inside the data folder: never read")
            continue
        for root, dirs, names in os.walk(path):
            kept = []
            for name in sorted(d for d in dirs if not d.startswith(".")):
                folder = Path(root) / name
                if folder.is_symlink():
                    # os.walk does not follow it; a link out of the folder is named as refused.
                    refused = boundary.refusal(folder)
                    if refused:
                        yield FoundFile(folder, False, boundary, refused=refused)
                elif data is not None and folder.resolve() == data.resolve():
                    yield FoundFile(folder, False, boundary, skipped="the data folder")
                else:
                    kept.append(name)
            dirs[:] = kept
            for name in sorted(names):
                candidate = Path(root) / name
                if name.startswith(".") or is_metadata_file(candidate):
                    continue
                if candidate.suffix.lower() in SUPPORTED:
                    yield FoundFile(candidate, False, boundary, refused=boundary.refusal(candidate))


def read_file(path: Path, *, source: Path | None = None) -> ReadResult:
    """Reads and cleans one file; raises InputError naming the file and what is wrong.

    ``source``: the path to read when it differs from the name (a link resolved and checked)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        raise InputError(
            f"unsupported file type {suffix or '(none)'!r} (supported: {known})", where=str(path)
        )
    try:
        original = (source or path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file", where=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder", where=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    return read_bytes(original, name=str(path))


def read_bytes(original: bytes, *, name: str) -> ReadResult:
    """Cleans the bytes of a file called ``name`` (its suffix says how to read it), e.g. an upload."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        raise InputError(
            f"unsupported file type {suffix or '(none)'!r} (supported: {known})", where=name
        )
    if not original.strip():
        raise InputError("empty file", where=name)
    if suffix in HTML_SUFFIXES:
        return _read_html(original, decode_html(original, where=name), where=name)
    decoded = decode_text(original, where=name)
    cleaned = clean_text(decoded)
    if not cleaned.text:
        raise InputError("no text left after removing page junk", where=name)
    meta: dict[str, Any] = {}
    if cleaned.publisher:
        meta["publisher"] = cleaned.publisher
    return ReadResult(original, cleaned.text, TEXT_SUFFIXES[suffix], meta)


def decode_text(original: bytes, *, where: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; binary content is refused."""
    if original.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return original.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"undecodable UTF-16 text: {exc.reason}", where=where) from exc
    if b"\x00" in original[:8192]:
        raise InputError("binary file, not a text document", where=where)
    try:
        return original.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte 0x{original[exc.start]:02x} at offset {exc.start})", where=where
        ) from exc


def decode_html(original: bytes, *, where: str) -> str:
    """A page's bytes in the charset it declares (a meta tag or an XML declaration, found as
    browsers find it), else as :func:`decode_text` reads any text; a BOM wins over both."""
    from w3lib.encoding import html_body_declared_encoding

    if original.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return decode_text(original, where=where)
    declared = html_body_declared_encoding(original[:4096])
    # A page that says UTF-16 in ASCII letters is not UTF-16 (browsers read it as UTF-8).
    if declared is None or codecs.lookup(declared).name.startswith(("utf-8", "utf-16", "utf-32")):
        return decode_text(original, where=where)
    if b"\x00" in original[:8192]:
        raise InputError("binary file, not a text document", where=where)
    try:
        return original.decode(declared)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not {declared} text as the page declares "
            f"(byte 0x{original[exc.start]:02x} at offset {exc.start})",
            where=where,
        ) from exc


def read_html(original: bytes, *, where: str) -> ReadResult:
    """A web page's bytes (fetched, not read from disk) to its main text and metadata."""
    if not original.strip():
        raise InputError("empty page", where=where)
    return _read_html(original, decode_html(original, where=where), where=where)


def _read_html(original: bytes, decoded: str, *, where: str) -> ReadResult:
    import trafilatura  # heavy: imported only when an HTML file is read

    extracted = trafilatura.bare_extraction(
        decoded,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    body = getattr(extracted, "text", None) if extracted is not None else None
    # A page whose "main text" is a menu item or two has no article in it.
    if not body or len(body.split()) < _MIN_ARTICLE_WORDS:
        raise InputError("no article text found in the HTML page", where=where)
    cleaned = clean_text(body)
    if not cleaned.text:
        raise InputError("no text left after removing page junk", where=where)
    meta: dict[str, Any] = {}
    title = getattr(extracted, "title", None)
    if title:
        meta["title"] = title
    published = getattr(extracted, "date", None)
    if published:
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(str(published)[:10])
            if not day_problem(day):  # a page's own date past the bounds is no date
                meta["published_at"] = day
    site = getattr(extracted, "sitename", None)
    if cleaned.publisher:
        meta["publisher"] = cleaned.publisher
    elif site:
        meta["publisher"] = publisher_name(site)
    url = getattr(extracted, "url", None)
    if url and str(url).startswith(("http://", "https://")):
        meta["url"] = url
    language = getattr(extracted, "language", None)
    if language:
        meta["language"] = language
    return ReadResult(original, cleaned.text, "text/html", meta)
