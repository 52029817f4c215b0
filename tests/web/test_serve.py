"""`ceasefire serve` as a real uvicorn server on 127.0.0.1: X-Forwarded-For is ignored unless the
proxy is named with --forwarded-allow-ips (so rotating it does not dodge the login throttle), and
the session cookie's Secure flag follows --cookie-secure."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ceasefire.cli.web import is_cookie_secure, trusted_proxies
from ceasefire.config import Settings
from ceasefire.errors import InputError
from ceasefire.record.store import Store
from ceasefire.services.accounts import add_user

from .conftest import ADMIN, AGREEMENTS, PASSWORD


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    store = Store.open(Settings(data=folder, collector="tester"))
    try:
        add_user(store, "mon", role="monitor", password=PASSWORD, author=ADMIN)
    finally:
        store.close()
    return folder


@contextmanager
def serving(data: Path, *flags: str) -> Iterator[str]:
    """`ceasefire serve` in a child process, until the block ends; yields its base URL."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CEASEFIRE_")} | {
        "CEASEFIRE_LOGIN_MAX_FAILURES": "2",
        "CEASEFIRE_LOGIN_WINDOW": "300",
    }
    command = [sys.executable, "-m", "ceasefire", "--data-dir", str(data), "serve"]
    command += ["--port", str(port), "--agreements", str(AGREEMENTS), *flags]
    log = data.parent / f"serve-{port}.log"
    with log.open("wb") as output:
        child = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert child.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the server did not start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(timeout=20)


def _wrong_logins(base: str, count: int, *, rotate: bool) -> list[int]:
    """``count`` logins with a wrong password, each (when ``rotate``) from a new X-Forwarded-For."""
    statuses = []
    with httpx.Client(base_url=base, timeout=10) as client:
        form = client.get("/login").text
        found = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert found
        for n in range(count):
            headers = {"X-Forwarded-For": f"203.0.113.{n + 1}"} if rotate else {}
            response = client.post(
                "/login",
                data={"csrf_token": found.group(1), "name": "mon", "password": "wrong guess"},
                headers=headers,
            )
            statuses.append(response.status_code)
    return statuses


def test_rotating_x_forwarded_for_does_not_dodge_the_login_limit(data: Path) -> None:
    with serving(data, "--workers", "1") as base:
        assert _wrong_logins(base, 4, rotate=True) == [401, 401, 429, 429]


def test_more_workers_allow_no_more_failed_logins(data: Path) -> None:
    """Each worker counts failures in its own memory: with two, each allows half the limit (2),
    so new connections, whichever worker takes them, get no more wrong guesses than one worker."""
    with serving(data, "--workers", "2") as base:
        statuses = [_wrong_logins(base, 1, rotate=False)[0] for _ in range(8)]
    assert statuses.count(401) <= 2 and statuses.count(429) >= 6, statuses


def test_a_named_proxy_is_trusted(data: Path) -> None:
    # The proxy on 127.0.0.1 is trusted: each forwarded address is a client of its own.
    with serving(data, "--forwarded-allow-ips", "127.0.0.1") as base:
        assert _wrong_logins(base, 4, rotate=True) == [401, 401, 401, 401]


def test_flag_values() -> None:
    assert trusted_proxies("") == []
    assert trusted_proxies(" 10.0.0.1, 192.168.0.0/16 ") == ["10.0.0.1", "192.168.0.0/16"]
    assert trusted_proxies("*") == ["*"]
    with pytest.raises(InputError, match="not an IP address"):
        trusted_proxies("proxy.example")
    assert is_cookie_secure("127.0.0.1", None) is False
    assert is_cookie_secure("0.0.0.0", None) is True
    assert is_cookie_secure("0.0.0.0", False) is False
    assert is_cookie_secure("127.0.0.1", True) is True


def test_a_bad_proxy_address_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ceasefire.cli import cli

    made = CliRunner().invoke(
        cli,
        [
            *("--data-dir", str(tmp_path / "d"), "serve", "--agreements", str(AGREEMENTS)),
            *("--forwarded-allow-ips", "10.0.0.1,proxy.example"),
        ],
    )
    assert made.exit_code == 2
    assert "--forwarded-allow-ips: 'proxy.example' is not an IP address" in made.output


def test_the_session_cookie_follows_cookie_secure(data: Path) -> None:
    for flags, secure in (((), False), (("--cookie-secure",), True)):
        with serving(data, *flags) as base:
            cookie = httpx.get(f"{base}/login", timeout=10).headers["set-cookie"].lower()
        assert cookie.startswith("ceasefire_session=") and "httponly" in cookie
        assert ("; secure" in cookie) is secure, cookie


def test_a_serving_worker_settles_its_collector(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn's factory (app_from_env, what each worker of `ceasefire serve` builds) moves what
    it built out of the collector's reach and collects the youngest objects less often; the app
    still answers. The process's collector is put back as it was after."""
    import gc

    from fastapi.testclient import TestClient

    from ceasefire.web.app import YOUNG_COLLECTION, app_from_env

    before = gc.get_threshold()
    monkeypatch.setenv("CEASEFIRE_DATA", str(data))
    monkeypatch.setenv("CEASEFIRE_AGREEMENTS", str(AGREEMENTS))
    gc.unfreeze()
    try:
        app = app_from_env()
        assert gc.get_threshold() == (YOUNG_COLLECTION, before[1], before[2])
        assert gc.get_freeze_count() > 10_000  # the modules and the app, at least
        with TestClient(app) as client:
            assert client.get("/api/incidents").status_code == 200
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
