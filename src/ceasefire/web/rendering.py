"""Jinja2 templates of the pages, with what every page needs: the user and the CSRF token."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

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


def _text(value: object) -> str:
    """``value`` as Jinja's autoescape writes it (markupsafe's five entities), for a plain value."""
    text = str(value)
    if not _SPECIAL.intersection(text):
        return text
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


_SPECIAL = frozenset("&<>'\"")


def incident_rows(items: Sequence[Mapping[str, Any]]) -> Markup:
    """The rows of incident_table.html (the list page's 50, the dashboard's 10), written here
    rather than by a loop of the template: the same HTML, byte for byte (tests/web/test_pages.py),
    in less time (Jinja's loop looked up, called and escaped each of a row's dozen values through
    its runtime). ``items`` are the schema's records."""
    if not items:
        return Markup('\n<tr><td colspan="10">No incidents match.</td></tr>\n')
    rows = []
    for i in items:
        place = _text(i["location"] or "")
        if i["admin1"]:
            place += ", " + _text(i["admin1"])
        if i["country"]:
            place += ", " + _text(i["country"])
        flag = i["review_flag"]
        if flag:
            reviewed = "yes; reprocessing reads other " + _text(flag)
        else:
            reviewed = "yes" if i["reviewed"] else "not yet"
        rows.append(
            f'\n<tr>\n  <td><a href="/incidents/{_text(i["id"])}">'
            f"{_text(i['event_date'] or 'undated')}</a></td>\n"
            f"  <td>{_text(i['sub_event_type'])}</td>\n"
            f"  <td>{place}</td>\n"
            f"  <td>{_text(i['actor1'] or 'unknown')}</td>\n"
            f"  <td>{_text(i['actor2'] or '')}</td>\n"
            f"  <td>{_text(estimate_text(i['fatalities']))}</td>\n"
            f"  <td>{_text(estimate_text(i['injuries']))}</td>\n"
            f"  <td>{len(i['claims'])}</td>\n"
            f'  <td class="grade">{_text(i["grade"] or "—")}</td>\n'
            f'  <td class="reviewed">{reviewed}</td>\n</tr>\n'
        )
    return Markup("".join(rows))


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
    env.globals["incident_rows"] = incident_rows
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
