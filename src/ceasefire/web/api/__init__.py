"""The HTTP API under /api/: one router per resource."""

from fastapi import APIRouter

from ceasefire.web.api import (
    cases,
    claims,
    documents,
    exports,
    findings,
    incidents,
    log,
    me,
)

API_ROUTERS: list[APIRouter] = [
    me.router,
    documents.router,
    incidents.router,
    claims.router,
    cases.router,
    findings.router,
    log.router,
    exports.router,
]
