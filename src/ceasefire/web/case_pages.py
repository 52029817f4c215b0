"""The pages of complaints and what becomes of them: cases (a party lodges, monitors move them on
and record findings), the review queue, findings with the parties' replies, report downloads.
Each handler checks nothing itself: the services of :mod:`ceasefire.services.complaints` check the
user's role and party."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ceasefire.domain.agreement import NEXT_STEPS, CaseStep, FindingStatus
from ceasefire.errors import CeasefireError
from ceasefire.services.access import is_published, may_see_case
from ceasefire.services.accounts import Permission, User, require
from ceasefire.services.assessment import run_assessment
from ceasefire.services.complaints import (
    Decision,
    Lodging,
    advance_case,
    case_for,
    cases_for,
    finding_for,
    findings_for,
    lodge_complaint,
    record_finding,
    reply_to_finding,
)
from ceasefire.services.incidents import GRADES, IncidentFilter, incident_page
from ceasefire.services.intake import Submission
from ceasefire.services.review import review_queue
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import PageUser, State, check_csrf
from ceasefire.web.forms import EMPTY, FormState, form_state
from ceasefire.web.pages import DONE, FORM_ERRORS, Csrf
from ceasefire.web.rendering import render
from ceasefire.web.state import AppState

router = APIRouter()

# Reviewed incidents a re-extraction reads otherwise, shown on the review queue (the rest: the
# incident list with needs_review=true).
DISPUTED_SHOWN = 50


def _cases_page(request: Request, user: User, state: AppState, form: FormState = EMPTY) -> Response:
    found = cases_for(state.store, state.settings, user)
    return render(
        request,
        "cases.html",
        {"cases": found, "agreements": state.agreements, "form": form},
        status_code=422 if form.message else 200,
    )


# The names the services give the fields of a complaint, and the inputs of the form.
LODGE_FIELDS = {"allegation": "allegation", "document": "text", "against": "against",
                "clause": "clause", "agreement": "agreement", "on_behalf_of": "on_behalf_of",
                "incident": "incident"}  # fmt: skip


@router.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request, user: PageUser, state: State) -> Response:
    return _cases_page(request, user, state)


@router.post("/cases")
async def lodge_post(
    request: Request,
    user: PageUser,
    state: State,
    csrf_token: Csrf,
    allegation: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    against: Annotated[str, Form()] = "",
    clause: Annotated[str, Form()] = "",
    incident: Annotated[str, Form()] = "",
    agreement: Annotated[str, Form()] = "",
    on_behalf_of: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    require(user, Permission.LODGE_COMPLAINT)
    data = await file.read() if file is not None and file.filename else None
    evidence = Submission(
        original=data,
        filename=file.filename if data is not None and file is not None else None,
        text=text,
        meta={
            "publisher": user.party or on_behalf_of or None,
            "title": allegation.strip()[:200] or None,
        },
    )
    lodging = Lodging(
        allegation,
        evidence,
        against=against,
        clause=clause,
        incident=incident,
        on_behalf_of=on_behalf_of,
    )
    try:
        chosen = state.agreement(agreement or None)
        made = await run_in_threadpool(lodge_complaint, state.store, user, chosen, lodging)
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        typed = {
            "allegation": allegation,
            "text": text,
            "against": against,
            "clause": clause,
            "incident": incident,
            "agreement": agreement,
            "on_behalf_of": on_behalf_of,
        }
        return _cases_page(request, user, state, form_state(exc, typed, LODGE_FIELDS))
    return RedirectResponse(f"/cases/{made.id}?lodged=1", status_code=303)


# What the case and finding pages say after an action (told which by ?done=…).
CASE_DONE = {
    "moved": "Moved: the case is at its new step; the log has the entry with the reason.",
    "recorded": "Finding recorded; it is published to everyone once the case is sent to the parties.",
    "replied": "Reply recorded: it is on the finding for good (reply again to add to it).",
}
FINDING_FIELDS = {"status": "status", "clause": "clause", "party": "party", "grade": "grade",
                  "rationale": "rationale", "reason": "reason", "to": "to", "text": "text",
                  "reply": "text"}  # fmt: skip


def _case_page(
    request: Request, user: User, state: AppState, case_id: str, form: FormState = EMPTY
) -> Response:
    view = case_for(state.store, state.settings, user, case_id)
    moves = [s for s in NEXT_STEPS[view.case.step] if s is not CaseStep.FINDING]
    may_find = CaseStep.FINDING in NEXT_STEPS[view.case.step]
    return render(
        request,
        "case.html",
        {
            "view": view,
            "case": view.case,
            "moves": moves,
            "may_find": may_find,
            "statuses": list(FindingStatus),
            "grades": GRADES,
            "lodged": request.query_params.get("lodged") == "1",
            "done": CASE_DONE.get(request.query_params.get("done", "")),
            "form": form,
        },
        status_code=422 if form.message else 200,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, user: PageUser, state: State, case_id: str) -> Response:
    return _case_page(request, user, state, case_id)


@router.post("/cases/{case_id}/advance")
def advance_post(
    request: Request,
    user: PageUser,
    state: State,
    case_id: str,
    csrf_token: Csrf,
    reason: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        moved = advance_case(state.store, user, case_id, to=to or None, reason=reason)
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        form = form_state(exc, {"to": to, "reason": reason}, FINDING_FIELDS)
        return _case_page(request, user, state, case_id, form)
    return RedirectResponse(f"/cases/{moved.id}?done=moved", status_code=303)


@router.post("/cases/{case_id}/finding")
def finding_post(
    request: Request,
    user: PageUser,
    state: State,
    case_id: str,
    csrf_token: Csrf,
    status: Annotated[str, Form()] = "",
    rationale: Annotated[str, Form()] = "",
    clause: Annotated[str, Form()] = "",
    party: Annotated[str, Form()] = "",
    grade: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    decision = Decision(status, clause or None, rationale, party or None, grade or None)
    try:
        made = record_finding(state.store, user, case_id, decision)
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        typed = {
            "status": status,
            "rationale": rationale,
            "clause": clause,
            "party": party,
            "grade": grade,
        }
        return _case_page(request, user, state, case_id, form_state(exc, typed, FINDING_FIELDS))
    return RedirectResponse(f"/findings/{made.id}?done=recorded", status_code=303)


def _review_page(
    request: Request,
    user: User,
    state: AppState,
    assessed: str | None = None,
    *,
    where: IncidentFilter | None = None,
    done: str | None = None,
) -> Response:
    require(user, Permission.REVIEW_CASES)
    every = cases_for(state.store, state.settings, user)
    waiting = [v for v in every if v.case.step is not CaseStep.RESPONSES_RECORDED]
    where = where or IncidentFilter(reviewed=False)
    queue, disputed = None, None
    if user.can(Permission.EDIT_INCIDENTS):
        queue = review_queue(state.store, where)
        disputed = incident_page(
            state.store, IncidentFilter(needs_review=True), limit=DISPUTED_SHOWN
        )
    return render(
        request,
        "review.html",
        {
            "waiting": sorted(waiting, key=lambda v: v.waits[-1].entered_at),
            "agreements": state.agreements,
            "assessed": assessed,
            "queue": queue,
            "disputed": disputed,
            "where": where,
            "grades": GRADES,
            "done": done,
        },
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    user: PageUser,
    state: State,
    where: Filter,
    done: str = "",
    incident: str = "",
) -> Response:
    """Machine incidents to review, most consequential first, and the cases waiting for the
    mechanism, longest waiting at their step first."""
    if "reviewed" not in request.query_params:
        where = replace(where, reviewed=False)  # the queue: what no person has reviewed yet
    message = DONE.get(done)
    if message and incident:
        message = f"{message} (incident {incident[:12]})"
    return _review_page(request, user, state, where=where, done=message)


@router.post("/assess", response_class=HTMLResponse)
async def assess_post(
    request: Request,
    user: PageUser,
    state: State,
    csrf_token: Csrf,
    agreement: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    require(user, Permission.ASSESS)
    chosen = state.agreement(agreement or None)
    outcome = await run_in_threadpool(run_assessment, state.store, chosen, user.author)
    summary = (
        f"{chosen.id}: {outcome.incidents} incidents assessed; {outcome.added} new, "
        f"{outcome.updated} changed, {outcome.withdrawn} withdrawn, {outcome.unchanged} unchanged"
    )
    return _review_page(request, user, state, summary)


@router.get("/findings", response_class=HTMLResponse)
def findings_page(request: Request, user: PageUser, state: State) -> Response:
    found = findings_for(state.store, user)
    return render(
        request,
        "findings.html",
        {"findings": found, "published": {v.finding.id: is_published(v.case) for v in found}},
    )


def _finding_page(
    request: Request, user: User, state: AppState, finding_id: str, form: FormState = EMPTY
) -> Response:
    view = finding_for(state.store, user, finding_id)
    return render(
        request,
        "finding.html",
        {
            "view": view,
            "finding": view.finding,
            "case": view.case,
            "sees_case": may_see_case(user, view.case),
            "published": is_published(view.case),
            "may_reply": user.can(Permission.REPLY) and is_published(view.case),
            "done": CASE_DONE.get(request.query_params.get("done", "")),
            "form": form,
        },
        status_code=422 if form.message else 200,
    )


@router.get("/findings/{finding_id}", response_class=HTMLResponse)
def finding_page(request: Request, user: PageUser, state: State, finding_id: str) -> Response:
    return _finding_page(request, user, state, finding_id)


@router.post("/findings/{finding_id}/replies")
def reply_post(
    request: Request,
    user: PageUser,
    state: State,
    finding_id: str,
    csrf_token: Csrf,
    text: Annotated[str, Form()] = "",
    party: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    try:
        made = reply_to_finding(state.store, user, finding_id, text=text, party=party or None)
    except CeasefireError as exc:
        if exc.code not in FORM_ERRORS:
            raise
        form = form_state(exc, {"text": text, "party": party}, FINDING_FIELDS)
        return _finding_page(request, user, state, finding_id, form)
    return RedirectResponse(f"/findings/{made.finding}?done=replied#{made.id}", status_code=303)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, user: PageUser, state: State) -> Response:
    """Download the periodic report of an agreement (as the reader may read it)."""
    return render(request, "reports.html", {"agreements": state.agreements})


CASE_ROUTERS: list[APIRouter] = [router]
