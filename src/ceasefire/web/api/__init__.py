"""The HTTP API under /api/: one router per resource."""

from fastapi import APIRouter

from ceasefire.web.api import (
    agreements,
    assessments,
    cases,
    claims,
    documents,
    exports,
    findings,
    incidents,
    log,
    maps,
    me,
    reports,
)

API_ROUTERS: list[APIRouter] = [
    me.router,
    documents.router,
    incidents.router,
    claims.router,
    assessments.router,
    agreements.router,
    cases.router,
    findings.router,
    reports.router,
    log.router,
    exports.router,
    maps.router,
]
