"""The pages of the record: dashboard, incidents (with a reviewer's edit, merge and split), intake,
log, login. Forms post with the session's CSRF token; each handler calls one service and renders
its result. Cases, findings and reports are in :mod:`ceasefire.web.case_pages`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ceasefire import services
from ceasefire.domain import Incident
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
    merge_incidents,
    record_page,
    split_incident,
)
from ceasefire.services.intake import Submission, intake_document
from ceasefire.services.record_pages import document_detail, log_entry
from ceasefire.services.review import accept_incident, discard_incident, likely_duplicates
from ceasefire.services.search import checked_filter, facets
from ceasefire.web.api.filters import After, GivenFilter
from ceasefire.web.auth import SESSION_ID, PageUser, State, check_csrf, form_csrf_token
from ceasefire.web.charts import map_svg, timeline_svg
from ceasefire.web.forms import EMPTY, FormState, form_state
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
        "reviewed": None if where.reviewed is None else str(where.reviewed).lower(),
        "q": where.q,
        "include_historical": None if where.include_historical else "false",
        "needs_review": "true" if where.needs_review else None,
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
    recent = record_page(state.store, shown, limit=10)
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
            "map": map_svg(figures.provinces),
            "recent": recent,
            "query": _query_of(shown),
        },
        status_code=422 if problem else 200,
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(
    request: Request,
    user: PageUser,
    state: State,
    where: GivenFilter,
    after: After,
    offset: int = 0,
) -> Response:
    checked, problem = _checked(where)
    page = record_page(
        state.store,
        checked,
        offset=0 if after else max(offset, 0),
        limit=50,
        after=after,
        seal=state.cursor_key,
    )
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
def incident_view(
    request: Request, user: PageUser, state: State, incident_id: str, done: str = ""
) -> Response:
    return _incident_page(request, user, state, incident_id, done=DONE.get(done))


# What each reviewer's action says once done (the page is told which by ?done=…).
DONE = {
    "accepted": "Accepted: the incident is marked reviewed; the log has the entry.",
    "edited": "Saved: the new value and its reason are in the log.",
    "merged": "Merged: the other incident's claims are this one's now; it stays on record as merged.",
    "split": "Split off: the chosen claims are this new incident; the log has both entries.",
    "discarded": "Discarded: the incident leaves the lists and the next assessment; it stays on record.",
}


def _incident_page(
    request: Request,
    user: User,
    state: AppState,
    incident_id: str,
    form: FormState = EMPTY,
    status_code: int = 200,
    done: str | None = None,
) -> Response:
    detail = incident_detail(state.store, incident_id)
    duplicates = (
        likely_duplicates(state.store, detail.incident)
        if user.can(Permission.EDIT_INCIDENTS)
        else []
    )
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
            "form": form,
            "done": done,
            "duplicates": duplicates,
        },
        status_code=status_code,
    )


# The form on the incident page each reviewer's action comes from.
FORM_OF = {"edited": "edit", "merged": "merge", "split": "split", "accepted": "accept",
           "discarded": "discard"}  # fmt: skip


def _incident_change(
    request: Request,
    user: User,
    state: AppState,
    incident_id: str,
    change: Callable[[], str],
    *,
    done: str,
    typed: dict[str, str],
    back: str = "",
) -> Response:
    """Applies a reviewer's change and goes to the incident it leaves (or back to the review
    queue), saying what was done; a mistake comes back on the incident's page beside the input
    of the form it concerns (``typed``: that form's values, named ``action.input``), kept."""
    require(user, Permission.EDIT_INCIDENTS)
    try:
        target = change()
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        form_name = FORM_OF[done]
        fields = {"reason": f"{form_name}.reason", "claims": f"{form_name}.claims"}
        fields |= {name: f"{form_name}.value" for name in EDITABLE}
        fields |= {"date_precision": "edit.value"}
        values = {f"{form_name}.{name}": value for name, value in typed.items()}
        form = form_state(exc, values, fields)
        if form.field is None and form_name == "merge":
            form = FormState(form.values, "merge.other", form.message)  # the id typed
        return _incident_page(request, user, state, incident_id, form, 422)
    if back == "review":
        return RedirectResponse(f"/review?done={done}&incident={target}", status_code=303)
    return RedirectResponse(f"/incidents/{target}?done={done}", status_code=303)


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
        done="edited",
        typed={"field": field, "value": value, "reason": reason},
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
        done="merged",
        typed={"other": other, "reason": reason},
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
        done="split",
        typed={"reason": reason},
    )


def _verdict_route(action: str, done: str, decide: Callable[..., Incident], doc: str) -> None:
    """``POST /incidents/{id}/<action>``: a reviewer's verdict on the incident as extracted (accept
    it, discard it), one action each, logged with its reason; ``back`` "review" returns to the
    queue."""

    def verdict(
        request: Request,
        user: PageUser,
        state: State,
        incident_id: str,
        csrf_token: Csrf,
        reason: Annotated[str, Form()] = "",
        back: Annotated[str, Form()] = "",
    ) -> Response:
        check_csrf(request, csrf_token)
        return _incident_change(
            request,
            user,
            state,
            incident_id,
            lambda: decide(state.store, incident_id, reason=reason, author=user.author).id,
            done=done,
            typed={"reason": reason},
            back=back,
        )

    verdict.__doc__ = doc
    router.post(f"/incidents/{{incident_id}}/{action}", name=f"incident_{action}")(verdict)


_verdict_route(
    "accept",
    "accepted",
    accept_incident,
    "Accept the incident as extracted: one action, logged with its reason.",
)
_verdict_route(
    "discard",
    "discarded",
    discard_incident,
    "Discard an incident that reports no act: one action, logged with its reason.",
)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_view(request: Request, user: PageUser, state: State, document_id: str) -> Response:
    """A document: its metadata, the incidents it supports, its text with their quotes marked."""
    detail = document_detail(state.store, user, document_id)
    spans = [(q.claim.start, q.claim.end, q.number) for q in detail.quotes]
    return render(
        request,
        "document.html",
        {
            "detail": detail,
            "document": detail.document,
            "text": highlighted(detail.document.text, spans),
        },
    )


@router.get("/log/{seq}", response_class=HTMLResponse)
def log_entry_view(request: Request, user: PageUser, state: State, seq: int) -> Response:
    """One entry of the log: what it records, who made it, its hashes and proof."""
    detail = log_entry(state.store, seq)
    return render(
        request,
        "log_entry.html",
        {
            "detail": detail,
            "entry": detail.entry,
            "payload": json.dumps(json.loads(detail.entry.payload), indent=2, ensure_ascii=False),
        },
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
        typed = {"text": text, **{k: str(v) for k, v in (submission.meta or {}).items()}}
        fields = {"document": "text", (file.filename if file else None) or "file": "file"}
        form = form_state(exc, typed, fields)
        return render(request, "intake.html", {"done": None, "form": form}, status_code=422)
    extracted = await run_in_threadpool(document_detail, state.store, user, digest)
    return render(request, "intake.html", {"done": (digest, added), "extracted": extracted})


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
    # In the server's own process: a request takes one core, never a pool of them.
    result = services.verify_store(state.store, workers=1)
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
