"""Jinja2 templates of the pages, with what every page needs: the user and the CSRF token."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ceasefire.services.accounts import ANONYMOUS, Permission
from ceasefire.services.cases import duration_text
from ceasefire.services.incidents import GRADES
from ceasefire.web.forms import EMPTY


def estimate_text(figure: Any) -> str:
    """A low/best/high figure as the pages write it: "3", "2–5", "?–5", "2–5 (best 4)", or "—"
    when nothing is known. ``figure`` is an Estimate or a record's mapping (the list's rows)."""
    if isinstance(figure, Mapping):
        low, best, high = figure["low"], figure["best"], figure["high"]
    else:
        low, best, high = figure.low, figure.best, figure.high
    if low is None and high is None:
        text = "—"
    elif low == high or high is None:
        text = str(low)
    else:
        text = f"{'?' if low is None else low}–{high}"
    if best is not None and best != low and best != high:
        text += f" (best {best})"
    return text


@cache
def environment() -> Environment:
    folder = str(resources.files("ceasefire.web") / "templates")
    env = Environment(
        loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]), auto_reload=False
    )
    env.globals["Permission"] = Permission
    env.globals["zip"] = zip
    env.globals["duration"] = duration_text
    env.globals["GRADES"] = GRADES
    env.globals["EMPTY_FORM"] = EMPTY
    env.globals["estimate"] = estimate_text
    return env


# The CSRF token is made only when a page has a form that posts: a page without one sets no
# session cookie, so anonymous visitors' pages are alike and can be cached.
def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    from ceasefire.web.auth import csrf_token  # auth imports errors, which imports this module

    user = context.pop("user", None) or getattr(request.state, "user", None) or ANONYMOUS
    page = (
        environment()
        .get_template(name)
        .render(request=request, user=user, csrf=lambda: csrf_token(request), **context)
    )
    return HTMLResponse(page, status_code=status_code)
