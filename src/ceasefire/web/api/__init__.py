"""The HTTP API under /api/: one router per resource. Routers of later resources (incident merge,
split and edit; assessments; findings; agreements; reports) are added to API_ROUTERS."""

from fastapi import APIRouter

from ceasefire.web.api import claims, complaints, documents, exports, incidents, log, me

API_ROUTERS: list[APIRouter] = [
    me.router,
    documents.router,
    incidents.router,
    claims.router,
    complaints.router,
    log.router,
    exports.router,
]
