"""The pages of the record: dashboard, incidents (with a reviewer's edit, merge and split), intake,
log, login. Forms post with the session's CSRF token; each handler calls one service and renders
its result. Cases, findings and reports are in :mod:`ceasefire.web.case_pages`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ceasefire import services
from ceasefire.errors import CeasefireError
from ceasefire.services.access import log_entries_for, readable_documents
from ceasefire.services.accounts import (
    Permission,
    User,
    end_session,
    log_in,
    require,
    start_session,
)
from ceasefire.services.incidents import (
    CEASEFIRE_DATE,
    EDITABLE,
    IncidentFilter,
    dashboard,
    edit_incident,
    incident_detail,
    incident_page,
    merge_incidents,
    split_incident,
)
from ceasefire.services.intake import Submission, intake_document
from ceasefire.services.search import checked_filter, facets
from ceasefire.web.api.filters import GivenFilter
from ceasefire.web.auth import SESSION_ID, PageUser, State, check_csrf, form_csrf_token
from ceasefire.web.charts import map_svg, timeline_svg
from ceasefire.web.highlight import highlighted
from ceasefire.web.rendering import render
from ceasefire.web.state import AppState, LastVerification

router = APIRouter()

Csrf = Annotated[str, Depends(form_csrf_token)]
# Errors of what a person typed: the form comes back with the problem named.
FORM_ERRORS = frozenset({"input", "metadata", "case", "agreement", "not_found", "ambiguous_id"})


def _query_of(where: IncidentFilter) -> str:
    values = {
        "date_from": where.date_from.isoformat() if where.date_from else None,
        "date_to": where.date_to.isoformat() if where.date_to else None,
        "country": where.country,
        "admin1": where.admin1,
        "admin2": where.admin2,
        "event_type": where.event_type,
        "actor": where.actor,
        "grade": where.grade,
        "q": where.q,
        "include_historical": None if where.include_historical else "false",
    }
    return urlencode({k: v for k, v in values.items() if v})


def _checked(where: IncidentFilter) -> tuple[IncidentFilter, CeasefireError | None]:
    """The filter and no problem; or, when it cannot keep anything, no filter (the whole record)
    and its problem, shown beside the field it names."""
    try:
        return checked_filter(where), None
    except CeasefireError as exc:
        return IncidentFilter(), exc


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, user: PageUser, state: State, where: GivenFilter) -> Response:
    checked, problem = _checked(where)
    figures = dashboard(state.store, checked)
    # One filter for every figure and link of the page: the counters, the latest incidents, "All
    # N matching incidents" and the exports all keep the incidents from the day the page counts
    # from.
    shown = replace(checked, date_from=figures.since)
    recent = incident_page(state.store, shown, limit=10)
    return render(
        request,
        "dashboard.html",
        {
            "figures": figures,
            "where": where if problem else shown,
            "problem": problem,
            "choices": facets(state.store),
            "ceasefire": CEASEFIRE_DATE,
            "timeline": timeline_svg(figures.days, since=figures.since),
            "map": map_svg(figures.provinces, figures.cells),
            "recent": recent,
            "query": _query_of(shown),
        },
        status_code=422 if problem else 200,
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request, user: PageUser, state: State, where: GivenFilter, offset: int = 0
) -> Response:
    checked, problem = _checked(where)
    page = incident_page(state.store, checked, offset=max(offset, 0), limit=50)
    return render(
        request,
        "incidents.html",
        {
            "page": page,
            "where": where,
            "problem": problem,
            "choices": facets(state.store),
            "query": _query_of(checked),
        },
        status_code=422 if problem else 200,
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_view(request: Request, user: PageUser, state: State, incident_id: str) -> Response:
    return _incident_page(request, user, state, incident_id)


def _incident_page(
    request: Request,
    user: User,
    state: AppState,
    incident_id: str,
    problem: str | None = None,
    status_code: int = 200,
) -> Response:
    detail = incident_detail(state.store, incident_id)
    documents = readable_documents(state.store, user, detail.documents)
    texts = {
        document_id: highlighted(
            document.text,
            [
                (c.start, c.end, n)
                for n, c in enumerate(detail.incident.claims, start=1)
                if c.document_id == document_id
            ],
        )
        for document_id, document in documents.items()
    }
    return render(
        request,
        "incident.html",
        {
            "detail": detail,
            "incident": detail.incident,
            "documents": documents,
            "texts": texts,
            "editable": EDITABLE,
            "problem": problem,
        },
        status_code=status_code,
    )


def _incident_change(
    request: Request, user: User, state: AppState, incident_id: str, change: Callable[[], str]
) -> Response:
    """Applies a reviewer's change and goes to the incident it leaves; a mistake in the form
    comes back on the incident's page."""
    require(user, Permission.EDIT_INCIDENTS)
    try:
        target = change()
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        return _incident_page(request, user, state, incident_id, str(exc), 422)
    return RedirectResponse(f"/incidents/{target}", status_code=303)


@router.post("/incidents/{incident_id}/edit")
def incident_edit(
    request: Request,
    user: PageUser,
    state: State,
    incident_id: str,
    csrf_token: Csrf,
    field: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    return _incident_change(
        request,
        user,
        state,
        incident_id,
        lambda: (
            edit_incident(
                state.store,
                incident_id,
                field,
                value,
                reason=reason,
                author=user.author,
                agreements=state.agreements,
            ).id
        ),
    )


@router.post("/incidents/{incident_id}/merge")
def incident_merge(
    request: Request,
    user: PageUser,
    state: State,
    incident_id: str,
    csrf_token: Csrf,
    other: Annotated[str, Form()],
    reason: Annotated[str, Form()],
) -> Response:
    check_csrf(request, csrf_token)
    return _incident_change(
        request,
        user,
        state,
        incident_id,
        lambda: (
            merge_incidents(
                state.store,
                incident_id,
                other.strip(),
                reason=reason,
                author=user.author,
                agreements=state.agreements,
            ).id
        ),
    )


@router.post("/incidents/{incident_id}/split")
def incident_split(
    request: Request,
    user: PageUser,
    state: State,
    incident_id: str,
    csrf_token: Csrf,
    reason: Annotated[str, Form()],
    claims: Annotated[list[str] | None, Form()] = None,
) -> Response:
    check_csrf(request, csrf_token)
    return _incident_change(
        request,
        user,
        state,
        incident_id,
        lambda: (
            split_incident(
                state.store,
                incident_id,
                claims or [],
                reason=reason,
                author=user.author,
                agreements=state.agreements,
            )[1].id
        ),
    )


@router.get("/intake", response_class=HTMLResponse)
def intake_form(request: Request, user: PageUser) -> Response:
    require(user, Permission.INTAKE)
    return render(request, "intake.html", {"done": None})


@router.post("/intake", response_class=HTMLResponse)
async def intake_post(
    request: Request,
    user: PageUser,
    state: State,
    csrf_token: Csrf,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[str, Form()] = "",
    publisher: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    require(user, Permission.INTAKE)
    data = await file.read() if file is not None and file.filename else None
    submission = Submission(
        original=data,
        filename=file.filename if data is not None and file is not None else None,
        text=text,
        meta={
            "kind": kind,
            "publisher": publisher,
            "url": url,
            "published": published,
            "language": language,
            "title": title,
        },
    )
    try:
        digest, added = await run_in_threadpool(
            intake_document, state.store, user, submission, agreements=state.agreements
        )
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        return render(request, "intake.html", {"done": None, "problem": str(exc)}, status_code=422)
    return render(request, "intake.html", {"done": (digest, added)})


@router.get("/log", response_class=HTMLResponse)
def log_page(request: Request, user: PageUser, state: State) -> Response:
    return render(
        request,
        "log.html",
        {
            "current": services.current_head(state.store),
            "latest": services.latest_head(state.store),
            "verification": state.last_verification,
            "entries": log_entries_for(
                state.store,
                user,
                start=max(services.current_head(state.store).size - 19, 1),
                limit=20,
            ),
        },
    )


@router.post("/log/verify")
def verify_post(request: Request, user: PageUser, state: State, csrf_token: Csrf) -> Response:
    """Replays the whole log against the rows (monitors and the secretariat: it takes a while)."""
    check_csrf(request, csrf_token)
    require(user, Permission.VERIFY_LOG)
    result = services.verify_store(state.store)
    state.last_verification = LastVerification(datetime.now(UTC), user.name, result)
    return RedirectResponse("/log", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: PageUser, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _local(next), "problem": None})


def _local(target: str) -> str:
    """Only paths on this site: a login never sends anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login")
def login_post(
    request: Request,
    state: State,
    csrf_token: Csrf,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf_token)
    address = request.client.host if request.client else "?"
    try:
        user = log_in(state.store, state.throttle, name.strip(), password, address=address)
    except CeasefireError as exc:
        if exc.code not in ("unauthenticated", "throttled"):
            raise
        status = 429 if exc.code == "throttled" else 401
        return render(
            request,
            "login.html",
            {"next": _local(next), "problem": exc.message},
            status_code=status,
        )
    _end_session(request, state)
    # A new session on login, nothing carried over from before: not even the CSRF token, which
    # whoever planted the cookie before the login would know. The next page makes a new one.
    request.session.clear()
    request.session[SESSION_ID] = start_session(
        state.store, user, max_age=state.settings.session_max_age
    )
    return RedirectResponse(_local(next), status_code=303)


def _end_session(request: Request, state: AppState) -> None:
    session_id = request.session.get(SESSION_ID)
    if isinstance(session_id, str):
        end_session(state.store, session_id)


@router.post("/logout")
def logout_post(request: Request, state: State, csrf_token: Csrf) -> Response:
    check_csrf(request, csrf_token)
    # Ended in the store, not only in this browser: a copy of the cookie is refused from now on.
    _end_session(request, state)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


PAGE_ROUTERS: list[APIRouter] = [router]
