"""`ceasefire watch`: a feed server on 127.0.0.1 started by the test; conditional GET, each item
once (by guid and by content), a failing feed named and keeping its state."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import Cli

ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body} Officials in Quetta said the attack took place on Tuesday morning near the border
crossing, and that the injured were taken to the district hospital for treatment.</p>
</article></body></html>"""


class Site:
    """What the test server serves; ``items`` can change between polls."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []  # guid, path, title
        self.pages: dict[str, bytes] = {}
        self.conditional_hits = 0
        self.requests: list[str] = []

    def feed(self) -> bytes:
        entries = "".join(
            f"<item><guid>{guid}</guid><link>{{base}}{path}</link><title>{title}</title>"
            f"<pubDate>Thu, 16 Oct 2025 08:00:00 GMT</pubDate></item>"
            for guid, path, title in self.items
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'.encode()

    def etag(self) -> str:
        return f'"v{len(self.items)}"'

    def add(self, guid: str, path: str, title: str, body: str) -> None:
        self.items.append((guid, path, title))
        self.pages[path] = ARTICLE.format(title=title, body=body).encode()


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            state.requests.append(self.path)
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == state.etag():
                    state.conditional_hits += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                body = state.feed().replace(b"{base}", base.encode())
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", state.etag())
            elif self.path in state.pages:
                body = state.pages[self.path]
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
            else:
                self.send_error(404)
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sources(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"sources:\n"
        f"  - name: wire\n    feed: {base}/feed.xml\n    publisher: Test Wire\n"
        f"  - name: broken\n    feed: {base}/missing.xml\n",
        encoding="utf-8",
    )
    return path


def test_watch_takes_each_item_once_and_names_a_failing_feed(
    run: Cli, tmp_path: Path, site: tuple[Site, str]
) -> None:
    state, base = site
    state.add("a-1", "/a1.html", "Shelling in Chaman", "Mortar shells hit Chaman, killing two.")
    state.add("a-2", "/a2.html", "Clash at Torkham", "Border guards exchanged fire at Torkham.")
    config = sources(tmp_path, base)
    first = run("watch", "--no-extract", "--once", str(config))
    assert first.exit_code == 0, first.output
    assert "2 new, 1 failed" in first.stdout
    assert "source 'broken' failed" in first.stderr and "missing.xml" in first.stderr
    assert "HTTP 404" in first.stderr
    second = run("watch", "--no-extract", "--once", str(config))
    assert "0 new" in second.stdout and state.conditional_hits == 1
    # A new item, and an old story again under a new guid: only the new one goes in.
    state.add("a-3", "/a3.html", "Drone over Khost", "A drone struck a house in Khost.")
    state.items.append(("a-1-again", "/a1.html", "Shelling in Chaman"))
    state.pages["/feed-extra"] = b""
    third = run("watch", "--no-extract", "--once", str(config))
    assert "1 new" in third.stdout, third.output
    listing = run("documents").stdout
    assert listing.count("Test Wire") == 3 or listing.count("news") >= 3
    shown = run("log", "show").stdout
    assert shown.count("feed_item_recorded") == 4
    assert shown.count("document_added") == 3
    verified = run("log", "verify")
    assert verified.exit_code == 0, verified.output


def test_a_feed_whose_item_fails_keeps_its_state(
    run: Cli, tmp_path: Path, site: tuple[Site, str]
) -> None:
    state, base = site
    state.add("b-1", "/b1.html", "Attack in Bannu", "Gunmen attacked a police post in Bannu.")
    state.items.append(("b-2", "/gone.html", "Lost page"))
    config = sources(tmp_path, base)
    first = run("watch", "--no-extract", "--once", str(config))
    assert "gone.html" in first.stderr
    second = run("watch", "--no-extract", "--once", str(config))
    assert state.conditional_hits == 0, "no validators were saved while an item was failing"
    assert "gone.html" in second.stderr
    state.pages["/gone.html"] = ARTICLE.format(
        title="Found", body="A page that came back."
    ).encode()
    third = run("watch", "--no-extract", "--once", str(config))
    assert "1 new" in third.stdout
    run("watch", "--no-extract", "--once", str(config))
    assert state.conditional_hits == 1
    assert run("log", "verify").exit_code == 0


def test_a_watched_folder_never_follows_a_link_out_of_it(run: Cli, tmp_path: Path) -> None:
    """Issue 16, high 2, for `watch`: a watched folder holding a link to the session secret or to
    /etc/passwd stored them as documents."""
    secret = run.settings.data / "web-secret"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text("s3cret-session-key", encoding="ascii")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "report.txt").write_text("Shelling was reported near the crossing.", "utf-8")
    (drop / "secret.txt").symlink_to(secret)
    (drop / "passwd.txt").symlink_to("/etc/passwd")
    config = tmp_path / "sources.yaml"
    config.write_text("sources:\n  - name: drop\n    folder: drop\n", encoding="utf-8")
    result = run("watch", "--no-extract", "--once", str(config))
    assert "1 new, 2 failed" in result.stdout, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 2, result.stderr
    assert any("passwd.txt: a symbolic link out of the folder" in line for line in errors)
    assert any("secret.txt: inside the data folder" in line for line in errors)
    listing = run("documents").stdout
    assert "1 document" in listing and "secret" not in listing and "passwd" not in listing


def test_a_sources_file_with_an_alias_bomb_is_one_line(run: Cli, tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol"]'] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
    ]
    config = tmp_path / "sources.yaml"
    config.write_text("\n".join([*levels, "sources: *a9"]) + "\n", encoding="utf-8")
    result = run("watch", "--once", str(config))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"{config} line " in result.stderr and "aliases are expanded" in result.stderr
