"""The periodic report as one self-contained HTML page (no CDN, no external font), printable."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ceasefire.report.charts import map_svg, timeline_svg
from ceasefire.report.periodic import (
    PeriodicReport,
    assessment_lines,
    denial_text,
    estimate_text,
    review_text,
    summary,
)
from ceasefire.report.wording import (
    actor_text,
    day_text,
    moment_text,
    status_text,
    step_text,
    words,
)


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("ceasefire.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["estimate"] = estimate_text
    environment.filters["denial"] = denial_text
    environment.filters["summary"] = summary
    environment.filters["day"] = day_text
    environment.filters["moment"] = moment_text
    environment.filters["step"] = step_text
    environment.filters["status"] = status_text
    environment.filters["words"] = words
    environment.filters["actor"] = actor_text
    environment.filters["review"] = review_text
    return environment


def to_html(report: PeriodicReport) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        report_lines=lambda entry: assessment_lines(report, entry),
        report_has=lambda incident_id: any(e.incident.id == incident_id for e in report.incidents),
        timeline=Markup(timeline_svg(report)),
        map=Markup(map_svg(report)),
    )
