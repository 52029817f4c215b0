"""A cache of whole responses for anonymous readers: the dashboard and the incident list are the
same for everyone who is not logged in, so each URL is rendered once per version of the record
(the log's size, read on every request: a write anywhere, by any process, is seen at once).

Each answer of a cached path says whether it came from memory (``X-Cache: hit``) or was made for
this request (``X-Cache: miss``): what `benchmarks/api_load.py` counts apart."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Cached = tuple[int, int, list[tuple[bytes, bytes]], bytes]


class AnonymousResponseCache:
    """ASGI middleware, inside the session middleware: serves GETs of ``paths`` from memory when
    the request carries no credentials (no bearer token, no logged-in session)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        paths: frozenset[str],
        version: Callable[[], int],
        hold: Callable[[int], AbstractContextManager[None]] | None = None,
        size: int = 512,
    ) -> None:
        self.app = app
        self.paths = paths
        self.version = version
        # What the request runs within, given the version read: the app's reads use that one.
        self.hold = hold or (lambda _version: nullcontext())
        self.size = size
        self._items: OrderedDict[str, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def _is_cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in self.paths:
            return False
        if any(name == b"authorization" for name, _ in scope["headers"]):
            return False
        return not scope.get("session", {}).get("sid")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._is_cacheable(scope):
            await self.app(scope, receive, send)
            return
        key = scope["path"] + "?" + scope["query_string"].decode("latin-1")
        version = self.version()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is not None and hit[0] == version:
            _, status, headers, body = hit
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [*headers, (b"x-cache", b"hit")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"x-cache", b"miss")],
                }
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        with self.hold(version):
            await self.app(scope, receive, capture)
        headers = list(start.get("headers", []))
        if start.get("status") == 200 and not any(n == b"set-cookie" for n, _ in headers):
            with self._lock:
                self._items[key] = (version, 200, headers, b"".join(chunks))
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
