"""Security headers on every kind of response (page, API, static file, error, a cached anonymous
page), no inline script in any template, and the Secure session cookie."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from .conftest import TestClient, Web, create_app
from .test_pages import log_in


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/",
        "/incidents",
        "/api/incidents",
        "/static/app.js",
        "/docs",
        "/no/such/page",
        "/login",
    ],
)
def test_every_response_has_the_security_headers(web: Web, path: str) -> None:
    response = web.client.get(path)
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers.get_list("x-frame-options") == ["DENY"]


def test_the_html_report_allows_its_own_styles_and_no_script(web: Web) -> None:
    response = web.client.get("/api/reports/doha-2025", params={"format": "html"})
    assert response.status_code == 200 and "<style>" in response.text
    policy = response.headers["content-security-policy"]
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert "script" not in policy  # default-src 'none': no script at all
    assert response.headers["x-frame-options"] == "DENY"


def test_no_template_has_inline_script_or_handlers() -> None:
    folder = resources.files("ceasefire.web") / "templates"
    for template in folder.iterdir():
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name


@pytest.mark.parametrize("secure", [True, False])
def test_the_session_cookie_is_secure_when_asked(web: Web, secure: bool) -> None:
    settings = web.settings.model_copy(update={"cookie_secure": secure})
    with TestClient(create_app(settings, store=web.store), base_url="https://testserver") as client:
        assert log_in(client, "mon")[0] == 303
        cookie = next(c for c in client.cookies.jar if c.name == "ceasefire_session")
        assert cookie.secure is secure
        assert client.get("/api/me").json()["name"] == "mon"
