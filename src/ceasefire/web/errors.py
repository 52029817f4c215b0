"""One handler maps the domain's errors to HTTP: JSON under /api/, a page elsewhere."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ceasefire.errors import CeasefireError, ThrottledError
from ceasefire.web.rendering import render

STATUS = {
    "unauthenticated": 401,
    "forbidden": 403,
    "csrf": 403,
    "not_found": 404,
    "ambiguous_id": 409,
    "conflict": 409,
    "input": 422,
    "metadata": 422,
    "agreement": 422,
    "case": 422,
    "proof": 422,
    "throttled": 429,
    "store_locked": 503,
}


def status_of(error: CeasefireError) -> int:
    return STATUS.get(error.code, 500 if error.code == "store" else 400)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CeasefireError)
    async def handle(request: Request, exc: CeasefireError) -> Response:
        status = status_of(exc)
        headers = {}
        if isinstance(exc, ThrottledError):
            headers["Retry-After"] = str(exc.retry_after)
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        if request.url.path.startswith("/api/"):
            # The services name the CLI's flags (--reason); here they are the request's fields.
            where = exc.where.removeprefix("--") if exc.where else exc.where
            body = {"error": exc.code, "message": exc.message, "where": where}
            return JSONResponse(body, status_code=status, headers=headers)
        if status == 401:
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return render(request, "error.html", {"error": exc, "status": status}, status_code=status)
