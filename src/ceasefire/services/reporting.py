"""Use case of the periodic report: gather the record of a period and render it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from ceasefire.domain.agreement import Agreement, Case, CaseStep, Finding
from ceasefire.errors import InputError
from ceasefire.record.assessments import AssessmentRepository, CaseRepository
from ceasefire.record.incidents import IncidentFilter, IncidentRepository
from ceasefire.record.store import Store
from ceasefire.report.html import to_html
from ceasefire.report.periodic import (
    FindingEntry,
    PeriodicReport,
    build_report,
    to_json,
    to_markdown,
)
from ceasefire.services.access import may_see_case, may_see_finding
from ceasefire.services.accounts import User
from ceasefire.services.periods import checked_period

FORMATS = ("html", "md", "json")


def periodic_report(
    store: Store,
    agreement: Agreement,
    *,
    date_from: date | None,
    date_to: date | None,
    max_days: int,
    fields: tuple[str, str] = ("--from", "--to"),
    shows_finding: Callable[[Finding, Case], bool] | None = None,
    shows_case: Callable[[Case], bool] | None = None,
    where: IncidentFilter | None = None,
) -> PeriodicReport:
    """The report since the agreement took effect (or from ``date_from``) to ``date_to`` (today),
    a period of at most ``max_days`` days (the setting report_max_days). ``shows_finding`` and
    ``shows_case`` keep out what its reader may not read (default: all); ``fields`` name the two
    days in an error (the CLI's flags, the API's parameters). ``where`` narrows the incidents as
    the list and the exports do (its days give way to the period's; acts recalled from long
    before are never in a period)."""
    now = datetime.now(UTC)
    start = date_from or agreement.effective_at.date()
    end = date_to or now.date()
    checked_period(start, end, max_days=max_days, where_from=fields[0], where_to=fields[1])
    with store.read_session() as session:
        incidents = IncidentRepository(session).list(
            replace(
                where or IncidentFilter(),
                date_from=start,
                date_to=end,
                include_historical=False,
            )
        )
        assessments = AssessmentRepository(session).list(agreement.id)
        cases = CaseRepository(session)
        all_cases = [c for c in cases.cases() if c.agreement == agreement.id]
        by_id = {c.id: c for c in all_cases}
        replies: dict[str, list] = {}  # type: ignore[type-arg]
        for answer in cases.replies():
            replies.setdefault(answer.finding, []).append(answer)
        findings = [
            FindingEntry(f, by_id[f.case], tuple(replies.get(f.id, ())))
            for f in cases.findings()
            if f.case in by_id
        ]
    open_findings = [f for f in findings if f.case.step != CaseStep.RESPONSES_RECORDED]
    open_cases = [
        c
        for c in all_cases
        if c.step not in (CaseStep.FINDING, CaseStep.SENT_TO_PARTIES, CaseStep.RESPONSES_RECORDED)
    ]
    if shows_finding is not None:
        open_findings = [f for f in open_findings if shows_finding(f.finding, f.case)]
    if shows_case is not None:
        open_cases = [c for c in open_cases if shows_case(c)]
    return build_report(
        agreement,
        incidents,
        assessments,
        open_findings,
        open_cases,
        period_from=start,
        period_to=end,
        generated_at=now,
    )


def render(report: PeriodicReport, output_format: str) -> str:
    if output_format == "html":
        return to_html(report)
    if output_format == "md":
        return to_markdown(report)
    if output_format == "json":
        return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
    raise InputError(f"unknown format (formats: {', '.join(FORMATS)})", where="--format")


def write_report(text: str, path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report ({exc.strerror})", where=str(path)) from exc
    return path.resolve()


MEDIA_TYPES = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


def report_for(
    store: Store,
    user: User,
    agreement: Agreement,
    *,
    date_from: date | None,
    date_to: date | None,
    max_days: int,
    output_format: str,
    where: IncidentFilter | None = None,
) -> str:
    """The periodic report as ``user`` may read it (the web app's download): findings and cases
    the user may not read are left out, as :mod:`ceasefire.services.access` decides."""
    if output_format not in FORMATS:
        raise InputError(f"unknown format (formats: {', '.join(FORMATS)})", where="format")
    built = periodic_report(
        store,
        agreement,
        date_from=date_from,
        date_to=date_to,
        max_days=max_days,
        fields=("date_from", "date_to"),
        shows_finding=lambda finding, case: may_see_finding(user, finding, case),
        shows_case=lambda case: may_see_case(user, case),
        where=where,
    )
    return render(built, output_format)
