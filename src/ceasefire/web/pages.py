"""The pages: dashboard, incidents, intake, complaints, review queue, log, login. Forms post with
the session's CSRF token; each handler calls one service and renders its result."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ceasefire import services
from ceasefire.errors import CeasefireError
from ceasefire.services.accounts import Permission, User, log_in, require
from ceasefire.services.complaints import FINAL_STATES, Lodging, ReviewState
from ceasefire.services.incidents import (
    CEASEFIRE_DATE,
    IncidentFilter,
    dashboard,
    incident_detail,
    incident_page,
)
from ceasefire.services.intake import Submission, intake_document
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import CSRF_FIELD, State, check_csrf, current_user
from ceasefire.web.charts import map_svg, timeline_svg
from ceasefire.web.highlight import highlighted
from ceasefire.web.rendering import render
from ceasefire.web.state import LastVerification

router = APIRouter()


def page_user(request: Request) -> User:
    user = current_user(request)
    request.state.user = user
    return user


PageUser = Annotated[User, Depends(page_user)]
Csrf = Annotated[str, Form(alias=CSRF_FIELD)]


def _query_of(where: IncidentFilter) -> str:
    values = {
        "date_from": where.date_from.isoformat() if where.date_from else None,
        "date_to": where.date_to.isoformat() if where.date_to else None,
        "country": where.country,
        "admin1": where.admin1,
        "event_type": where.event_type,
        "actor": where.actor,
    }
    return urlencode({k: v for k, v in values.items() if v})


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, user: PageUser, state: State, where: Filter) -> Response:
    figures = dashboard(state.store, where)
    recent = incident_page(
        state.store,
        replace(where, date_from=figures.since),
        limit=10,
    )
    return render(
        request,
        "dashboard.html",
        {
            "figures": figures,
            "where": where,
            "ceasefire": CEASEFIRE_DATE,
            "timeline": timeline_svg(figures.days, since=figures.since),
            "map": map_svg(figures.provinces, figures.cells),
            "recent": recent,
            "query": _query_of(where),
        },
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request, user: PageUser, state: State, where: Filter, offset: int = 0
) -> Response:
    page = incident_page(state.store, where, offset=max(offset, 0), limit=50)
    return render(
        request,
        "incidents.html",
        {"page": page, "where": where, "query": _query_of(where)},
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_view(request: Request, user: PageUser, state: State, incident_id: str) -> Response:
    detail = incident_detail(state.store, incident_id)
    texts = {
        document_id: highlighted(
            document.text,
            [
                (c.start, c.end, n)
                for n, c in enumerate(detail.incident.claims, start=1)
                if c.document_id == document_id
            ],
        )
        for document_id, document in detail.documents.items()
    }
    return render(
        request, "incident.html", {"detail": detail, "incident": detail.incident, "texts": texts}
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
        digest, added = await run_in_threadpool(intake_document, state.store, user, submission)
    except CeasefireError as exc:
        if exc.code not in ("input", "metadata"):
            raise
        return render(request, "intake.html", {"done": None, "problem": str(exc)}, status_code=422)
    return render(request, "intake.html", {"done": (digest, added)})


@router.get("/complaints", response_class=HTMLResponse)
def complaints_page(request: Request, user: PageUser, state: State) -> Response:
    found = state.complaints.list(user)
    return render(request, "complaints.html", {"complaints": found, "made": None})


@router.post("/complaints", response_class=HTMLResponse)
async def lodge_post(
    request: Request,
    user: PageUser,
    state: State,
    csrf_token: Csrf,
    title: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    incident: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    check_csrf(request, csrf_token)
    require(user, Permission.LODGE_COMPLAINT)
    data = await file.read() if file is not None and file.filename else None
    evidence = Submission(
        original=data,
        filename=file.filename if data is not None and file is not None else None,
        text=text,
        meta={"publisher": user.party},
    )
    lodging = Lodging(title=title, evidence=evidence, incident_id=incident.strip() or None)
    try:
        made = await run_in_threadpool(state.complaints.lodge, user, lodging)
    except CeasefireError as exc:
        if exc.code not in ("input", "metadata"):
            raise
        found = state.complaints.list(user)
        return render(
            request,
            "complaints.html",
            {"complaints": found, "made": None, "problem": str(exc)},
            status_code=422,
        )
    return render(
        request, "complaints.html", {"complaints": state.complaints.list(user), "made": made}
    )


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, user: PageUser, state: State) -> Response:
    require(user, Permission.REVIEW_COMPLAINT)
    every = state.complaints.list(user)
    waiting = [c for c in every if c.state not in FINAL_STATES]
    closed = [c for c in every if c.state in FINAL_STATES]
    return render(
        request,
        "review.html",
        {"waiting": waiting[::-1], "closed": closed, "states": list(ReviewState)[1:]},
    )


@router.post("/review/{complaint_id}")
def review_post(
    request: Request,
    user: PageUser,
    state: State,
    complaint_id: str,
    csrf_token: Csrf,
    review_state: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    state.complaints.review(user, complaint_id, state=ReviewState(review_state), note=note)
    return RedirectResponse("/review", status_code=303)


@router.get("/log", response_class=HTMLResponse)
def log_page(request: Request, user: PageUser, state: State) -> Response:
    return render(
        request,
        "log.html",
        {
            "current": services.current_head(state.store),
            "latest": services.latest_head(state.store),
            "verification": state.last_verification,
            "entries": services.log_entries(
                state.store, start=max(services.current_head(state.store).size - 19, 1), limit=20
            ),
        },
    )


@router.post("/log/verify")
def verify_post(request: Request, user: PageUser, state: State, csrf_token: Csrf) -> Response:
    """Replays the whole log against the rows (monitors and the secretariat: it takes a while)."""
    check_csrf(request, csrf_token)
    require(user, Permission.REVIEW_COMPLAINT)
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
    csrf = request.session.get("csrf")
    request.session.clear()  # a new session on login: nothing carried over from before
    request.session["user"] = user.name
    request.session["csrf"] = csrf
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout_post(request: Request, csrf_token: Csrf) -> Response:
    check_csrf(request, csrf_token)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


PAGE_ROUTERS: list[APIRouter] = [router]
