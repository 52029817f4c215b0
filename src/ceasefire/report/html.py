"""The periodic report as one self-contained HTML page (no CDN, no external font), printable."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ceasefire.report.charts import map_svg, timeline_svg
from ceasefire.report.periodic import PeriodicReport, estimate_text, summary


def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("ceasefire.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["estimate"] = estimate_text
    environment.filters["summary"] = summary
    return environment


def to_html(report: PeriodicReport) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        timeline=Markup(timeline_svg(report)),
        map=Markup(map_svg(report)),
    )
