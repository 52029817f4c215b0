"""Who is asking: a bearer token (API) or the session cookie (pages, and the API from them), and
CSRF protection for every unsafe request a cookie authenticates."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from ceasefire import services
from ceasefire.errors import AuthenticationError, PermissionDeniedError
from ceasefire.services.accounts import ANONYMOUS, User, user_for_session, user_for_token
from ceasefire.web.state import AppState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The key of the signed session cookie that holds the login's random id (web_sessions).
SESSION_ID = "sid"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


class CsrfError(PermissionDeniedError):
    code = "csrf"


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.web
    return state


def store_of(request: Request) -> services.Store:
    return app_state(request).store


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; forms carry it in a hidden field."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, given: str | None) -> str:
    """The token given, if it is the session's; CsrfError (403) otherwise."""
    expected = request.session.get("csrf")
    if not given or not isinstance(expected, str) or not secrets.compare_digest(given, expected):
        raise CsrfError("missing or wrong CSRF token: reload the page and try again", where="csrf")
    return given


async def form_csrf_token(request: Request) -> str:
    """The CSRF token of a form that posts, checked: a dependency, so a request without it answers
    403 before its other fields are read (not 422 for a missing field)."""
    given = (await request.form()).get(CSRF_FIELD)
    return check_csrf(request, given if isinstance(given, str) else None)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user(request: Request) -> User:
    """The bearer token's user, else the session's, else the anonymous public reader. An unsafe
    API request authenticated by the cookie must carry the session's CSRF token in X-CSRF-Token."""
    state = app_state(request)
    token = _bearer(request)
    if token is not None:
        return user_for_token(state.store, token, max_age=state.settings.token_max_age)
    if request.headers.get("authorization"):
        raise AuthenticationError("only bearer tokens are accepted", where="Authorization")
    session_id = request.session.get(SESSION_ID)
    if not isinstance(session_id, str):
        return ANONYMOUS
    # Looked up on every request: a logout, a disabled user or a new password ends it at once.
    user = user_for_session(state.store, session_id)
    if user is None:
        request.session.clear()
        return ANONYMOUS
    if request.method not in SAFE_METHODS and request.url.path.startswith("/api/"):
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return user


async def _app_state(request: Request) -> AppState:
    """:func:`app_state` as a dependency, in the event loop (no worker thread for a lookup)."""
    return app_state(request)


CurrentUser = Annotated[User, Depends(current_user)]
State = Annotated[AppState, Depends(_app_state)]


def page_user(request: Request) -> User:
    """:func:`current_user` for a page, kept on the request for its template."""
    user = current_user(request)
    request.state.user = user
    return user


PageUser = Annotated[User, Depends(page_user)]
