"""Use case of live intake: poll feeds and folders, take in each new item once.

A feed is fetched with conditional GET (its ETag and Last-Modified kept in ``feed_states``). Each
new item's page is fetched, its original HTML kept, and it is stored as a document with its
collection metadata (url, time, collector and tool version in ``collected_by``) together with the
item (``feed_item_recorded``) in one transaction. An item is never taken in twice: not by its guid
(or link), nor by its content (the same bytes are the same document). A feed that fails is reported
and keeps its state: the validators are saved only when every new item of the feed went in, so
the next poll fetches the items that failed again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ceasefire import __version__
from ceasefire.domain import Document, DocumentMeta
from ceasefire.errors import CeasefireError, InputError
from ceasefire.read.feeds import FeedItem, Fetched, Source, fetch, parse_feed, read_sources
from ceasefire.read.files import read_html
from ceasefire.record.documents import DocumentRepository
from ceasefire.record.entries import (
    FEED_ITEM_RECORDED,
    FEED_STATE_RECORDED,
    feed_item_payload,
    feed_state_payload,
)
from ceasefire.record.interop import Feeds, feed_item_subject
from ceasefire.record.interop_tables import FeedItemRow, FeedStateRow
from ceasefire.record.log import Author
from ceasefire.record.store import Store
from ceasefire.resolve.duplicates import to_bytes
from ceasefire.services.documents import IngestStatus, ingest_paths, utc_meta, write_document
from ceasefire.services.extraction import analyse
from ceasefire.services.log import hold_log, record_change
from ceasefire.services.parallel import Extractor
from ceasefire.services.resolution import duplicate_group_of, index_document, text_signature

__all__ = ["PollReport", "Source", "poll", "read_sources", "watch"]

Fetcher = Callable[..., Fetched]


@dataclass(slots=True)
class PollReport:
    added: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def collector_of(collected_by: str) -> str:
    """``collected_by`` of a watched item: who runs the watch, and with which tool."""
    return f"{collected_by} (ceasefire watch {__version__})"


def poll(
    store: Store,
    sources: list[Source],
    *,
    collected_by: str,
    author: Author | None = None,
    extract: bool = True,
    fetcher: Fetcher = fetch,
    on_failure: Callable[[str], None] | None = None,
    extractor: Extractor | None = None,
) -> PollReport:
    """Polls every source once; a failing source is reported and the others go on. The new files
    of a folder are extracted on ``extractor`` (default: in this process)."""
    report = PollReport()
    author = author or Author(collected_by)
    for source in sources:
        try:
            if source.feed:
                _poll_feed(store, source, collected_by, author, extract, fetcher, report)
            elif source.folder is not None:
                problems = _poll_folder(
                    store, source, collected_by, author, extract, report, extractor
                )
                for problem in problems:
                    message = f"source {source.name!r}: {problem}"
                    report.failures.append(message)
                    if on_failure is not None:
                        on_failure(message)
        except CeasefireError as exc:
            message = f"source {source.name!r} failed: {exc}"
            report.failures.append(message)
            if on_failure is not None:
                on_failure(message)
    return report


def watch(
    store: Store,
    sources: list[Source],
    *,
    interval: float,
    once: bool,
    collected_by: str,
    author: Author | None = None,
    extract: bool = True,
    on_poll: Callable[[PollReport], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
    extractor: Extractor | None = None,
) -> None:
    """Polls every ``interval`` seconds until interrupted (or once)."""
    while True:
        started = time.monotonic()
        report = poll(
            store,
            sources,
            collected_by=collected_by,
            author=author,
            extract=extract,
            on_failure=on_failure,
            extractor=extractor,
        )
        if on_poll is not None:
            on_poll(report)
        if once:
            return
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


def _poll_folder(
    store: Store,
    source: Source,
    collected_by: str,
    author: Author,
    extract: bool,
    report: PollReport,
    extractor: Extractor | None = None,
) -> list[str]:
    """Ingests what is new in the folder (extracted on ``extractor``); returns one line for each
    file that failed or was refused (a symbolic link out of the folder is never followed)."""
    assert source.folder is not None
    if not source.folder.is_dir():
        raise InputError("no such folder", where=str(source.folder))
    try:
        result = ingest_paths(
            store,
            [source.folder],
            collected_by=collector_of(collected_by),
            author=author,
            extract=extract,
            extractor=extractor,
        )
    except InputError:
        return []  # an empty folder: nothing yet
    problems = []
    for outcome in result.outcomes:
        if outcome.status is IngestStatus.ADDED and outcome.document_id:
            report.added.append(outcome.document_id)
        elif outcome.status is IngestStatus.FAILED:
            problems.append(outcome.message or f"{outcome.path}: failed")
        elif outcome.status is IngestStatus.REFUSED:
            problems.append(f"{outcome.path}: {outcome.message}")
    return problems


def _poll_feed(
    store: Store,
    source: Source,
    collected_by: str,
    author: Author,
    extract: bool,
    fetcher: Fetcher,
    report: PollReport,
) -> None:
    assert source.feed is not None
    with store.session() as session:
        state = Feeds(session).state(source.name)
        etag = state.etag if state and state.url == source.feed else None
        modified = state.last_modified if state and state.url == source.feed else None
    fetched = fetcher(source.feed, etag=etag, last_modified=modified)
    if fetched.body is None:
        return  # 304: nothing new
    items = parse_feed(fetched.body, where=source.feed)
    problems: list[str] = []
    for item in items:
        with store.session() as session:
            if Feeds(session).has_item(source.name, item.key):
                continue
        try:
            document_id = _take_item(store, source, item, collected_by, author, extract, fetcher)
        except CeasefireError as exc:
            problems.append(str(exc))
            continue
        if document_id:
            report.added.append(document_id)
    if problems:
        # The validators are not saved: the next poll fetches the feed whole and retries these.
        raise InputError(f"{len(problems)} items failed: {'; '.join(problems)}", where=source.feed)
    if state is None or (state.url, state.etag, state.last_modified) != (
        source.feed,
        fetched.etag,
        fetched.last_modified,
    ):
        with store.session() as session:
            row = session.get(FeedStateRow, source.name)
            if row is None:
                row = FeedStateRow(source=source.name, url=source.feed)
                session.add(row)
            row.url, row.etag, row.last_modified = source.feed, fetched.etag, fetched.last_modified
            session.flush()
            payload = feed_state_payload(
                source=source.name, url=source.feed, etag=row.etag, last_modified=row.last_modified
            )
            record_change(session, FEED_STATE_RECORDED, source.name, payload, author)


def _take_item(
    store: Store,
    source: Source,
    item: FeedItem,
    collected_by: str,
    author: Author,
    extract: bool,
    fetcher: Fetcher,
) -> str | None:
    """Fetches an item's page and stores it with the item, in one transaction; returns the new
    document's id, or None when the same bytes were already in the record."""
    if not item.link:
        raise InputError("an item without a link", where=source.feed)
    page = fetcher(item.link)
    if page.body is None:
        raise InputError("no content (304 on a first fetch)", where=item.link)
    content = read_html(page.body, where=item.link)
    meta = utc_meta(
        DocumentMeta(
            kind=source.kind,
            publisher=content.content_meta.get("publisher") or source.publisher,
            url=item.link,
            published_at=item.published or content.content_meta.get("published_at"),
            collected_at=datetime.now(UTC),
            collected_by=collector_of(collected_by),
            language=content.content_meta.get("language"),
            title=item.title or content.content_meta.get("title"),
        )
    )
    digest, wrote = store.blobs.put(content.original)
    with store.session() as session:
        is_new = not DocumentRepository(session).exists(digest)
    analysis = (
        analyse(digest, content.text, meta.published_at)
        if extract and is_new and meta.kind.extracted
        else None
    )
    minhash = text_signature(content.text)
    try:
        with store.session() as session:
            hold_log(session)
            is_new = not DocumentRepository(session).exists(digest)
            if is_new:
                document = Document(
                    id=digest,
                    meta=meta,
                    text=content.text,
                    source_name=item.link,
                    size=len(content.original),
                    media_type="text/html",
                    duplicate_group=duplicate_group_of(session, digest, minhash),
                    minhash=to_bytes(minhash),
                )
                write_document(session, document, author, analysis)
                index_document(session, digest, minhash)
            session.add(
                FeedItemRow(
                    source=source.name, item_key=item.key, link=item.link, document_id=digest
                )
            )
            session.flush()
            payload = feed_item_payload(
                source=source.name, key=item.key, link=item.link, document=digest
            )
            subject = feed_item_subject(source.name, item.key)
            record_change(session, FEED_ITEM_RECORDED, subject, payload, author)
    except BaseException:
        if wrote:
            store.blobs.remove(digest)
        raise
    return digest if is_new else None
