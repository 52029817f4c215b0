"""create_app(settings): one FastAPI application for the API and the pages, over one store."""

from __future__ import annotations

import gc
import os
import secrets
from functools import partial
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from swagger_ui_bundle import swagger_ui_path

from ceasefire import __version__
from ceasefire.config import Settings
from ceasefire.domain.agreement import Agreement
from ceasefire.services import Store, open_store
from ceasefire.services.accounts import LoginThrottle
from ceasefire.services.assessment import load_agreements
from ceasefire.services.cache import version_held, version_of
from ceasefire.services.cursors import cursor_key
from ceasefire.web.api import API_ROUTERS
from ceasefire.web.caching import AnonymousResponseCache
from ceasefire.web.case_pages import CASE_ROUTERS
from ceasefire.web.errors import install_error_handlers
from ceasefire.web.headers import SecurityHeaders
from ceasefire.web.pages import PAGE_ROUTERS
from ceasefire.web.rendering import environment
from ceasefire.web.state import AppState

# What every anonymous visitor sees alike: rendered once per version of the record.
CACHED_PATHS = frozenset(
    {
        "/",
        "/incidents",
        "/api/incidents",
        "/api/claims",
        "/api/log/head",
        "/api/map/incidents",
        "/api/map/provinces",
    }
)


# How many processes `ceasefire serve` runs (set by it for its workers).
WORKERS_ENV = "CEASEFIRE_SERVE_WORKERS"


def session_secret(settings: Settings) -> str:
    """CEASEFIRE_SECRET_KEY, else a random secret made once and kept in the data folder."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path: Path = settings.secret_file
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret, encoding="ascii")
    return secret


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    agreements: list[Agreement] | None = None,
    workers: int = 1,
) -> FastAPI:
    """The app over ``store`` (default: the one the settings name), offering ``agreements``
    (default: those of the settings' agreements file or folder), as one of ``workers`` processes
    serving alike: each counts failed logins in its own memory, so each allows its share of the
    limit, and the server as a whole no more than the limit (when it is at least ``workers``)."""
    store = store or open_store(settings)
    if agreements is None:
        agreements = load_agreements(settings.agreements)
    app = FastAPI(
        title="Ceasefire Monitor",
        version=__version__,
        # The interactive docs are served from vendored assets (below), not from a CDN.
        docs_url=None,
        redoc_url=None,
        description="The record of a ceasefire's monitoring mechanism: documents, incidents, claims, "
        "assessments, cases, findings and replies, reports, exports and the tamper-evident log. "
        "Public reads need no login; writes need a bearer token (`ceasefire users token NAME`) or "
        "a logged-in session with its CSRF token (X-CSRF-Token).",
    )
    app.state.web = AppState(
        settings=settings,
        store=store,
        agreements=agreements,
        throttle=LoginThrottle(
            max_failures=max(1, settings.login_max_failures // max(1, workers)),
            window=settings.login_window,
        ),
        cursor_key=cursor_key(session_secret(settings)),
    )
    # Added first, so it runs inside the session middleware and sees who is logged in.
    app.add_middleware(
        AnonymousResponseCache,
        paths=CACHED_PATHS,
        version=partial(version_of, store),
        hold=partial(version_held, store),
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="ceasefire_session",
        max_age=settings.session_max_age,
        same_site="strict",
        https_only=bool(settings.cookie_secure),
    )
    # Added last, so it is outermost and marks every response (cached and error ones too).
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api")
    for router in [*PAGE_ROUTERS, *CASE_ROUTERS]:
        app.include_router(router, include_in_schema=False)
    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")
    static = resources.files("ceasefire.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The OpenAPI document in Swagger UI, from the package's own copy of its files (started
        by static/swagger-init.js: the CSP allows no inline script)."""
        return HTMLResponse(environment().get_template("docs.html").render())

    return app


# A serving worker's garbage collector: a collection of the youngest objects after this many
# allocations (Python's default is 700), the older generations at Python's default ratios.
YOUNG_COLLECTION = 20_000


def settle_collector() -> None:
    """Sets a serving worker's garbage collector for many short requests (performance.md, "The
    garbage collector"). What the worker built to start (modules, the app, its routes: about
    190,000 objects) lives as long as the process, so it is moved out of the collector's reach
    (``gc.freeze``) instead of being walked again by every full collection; and a request's own
    objects, thousands of them, mostly die with the request, so the youngest generation is
    collected after :data:`YOUNG_COLLECTION` allocations instead of 700, which would move a
    request's objects into the older generations in mid-request and bring on full collections
    (a pause of tenths of a second on a loaded machine, all the worker's requests waiting).
    Garbage in reference cycles is still collected, in larger and fewer batches."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION, middle, old)


def app_from_env() -> FastAPI:
    """The app of the settings in the environment (uvicorn's factory, e.g. for more workers), in
    a worker whose collector is settled for serving (:func:`settle_collector`)."""
    app = create_app(Settings.from_env(), workers=int(os.environ.get(WORKERS_ENV) or 1))
    settle_collector()
    return app
