"""Use case of the periodic report: gather the record of a period and render it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ceasefire.domain.agreement import Agreement, Case, CaseStep, Finding, Reply
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
from ceasefire.services.periods import checked_day, checked_period

FORMATS = ("html", "md", "json")


PERIODS = ("week", "month", "quarter")


def _period_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _period_end(day: date, period: str) -> date:
    """The last day of the reporting period that holds ``day``."""
    start = _period_start(day, period)
    if period == "week":
        return start + timedelta(days=6)
    months = 3 if period == "quarter" else 1
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def reporting_period(
    agreement: Agreement,
    *,
    date_from: date | None,
    date_to: date | None,
    period: str = "month",
    today: date,
) -> tuple[date, date]:
    """The days a report covers. Given both ends, those. Given one, the calendar ``period`` (week,
    month or quarter) that holds it. Given neither, the last full period before today — never
    earlier than the day the agreement took effect; when no full period has passed since, the days
    from entry into force to today."""
    if period not in PERIODS:
        raise InputError(f"unknown period (periods: {', '.join(PERIODS)})", where="--period")
    effective = agreement.effective_at.date()
    if date_from is not None and date_to is not None:
        start, end = date_from, date_to
    elif date_to is not None:
        start, end = max(_period_start(date_to, period), effective), date_to
    elif date_from is not None:
        start, end = date_from, _period_end(date_from, period)
    else:
        end = _period_start(today, period) - timedelta(days=1)
        start = max(_period_start(end, period), effective)
        if end < effective:
            start, end = effective, today
    return start, end


def _in_period(moment: datetime, start: date, end: date) -> bool:
    return start <= moment.astimezone(UTC).date() <= end


def periodic_report(
    store: Store,
    agreement: Agreement,
    *,
    date_from: date | None,
    date_to: date | None,
    max_days: int,
    period: str = "month",
    fields: tuple[str, str] = ("--from", "--to"),
    shows_finding: Callable[[Finding, Case], bool] | None = None,
    shows_case: Callable[[Case], bool] | None = None,
    where: IncidentFilter | None = None,
) -> PeriodicReport:
    """The report of a period (see :func:`reporting_period`): incidents of its days; findings made
    or answered in it, closed or not, with their replies; cases under way at its end. The period
    is at most ``max_days`` days (the setting report_max_days); ``fields`` name the two days in an
    error (the CLI's flags, the API's parameters). ``shows_finding`` and ``shows_case`` keep out
    what its reader may not read (default: all). ``where`` narrows the incidents as the list and
    the exports do (its days give way to the period's; acts recalled from long before are never in
    a period)."""
    now = datetime.now(UTC)
    # The days given are checked as given, so that an error names the one that is wrong.
    for day, field_name in ((date_from, fields[0]), (date_to, fields[1])):
        if day is not None:
            checked_day(day, where=field_name)
    start, end = reporting_period(
        agreement, date_from=date_from, date_to=date_to, period=period, today=now.date()
    )
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
        replies: dict[str, list[Reply]] = {}
        for answer in cases.replies():
            replies.setdefault(answer.finding, []).append(answer)
        findings = [
            FindingEntry(f, by_id[f.case], tuple(sorted(replies.get(f.id, ()), key=_at)))
            for f in cases.findings()
            if f.case in by_id
        ]
    of_period = [
        f
        for f in findings
        if _in_period(f.finding.decided_at, start, end)
        or any(_in_period(r.at, start, end) for r in f.replies)
    ]
    open_cases = [
        c
        for c in all_cases
        if c.step not in (CaseStep.FINDING, CaseStep.SENT_TO_PARTIES, CaseStep.RESPONSES_RECORDED)
        and c.lodged_at.astimezone(UTC).date() <= end
    ]
    if shows_finding is not None:
        of_period = [f for f in of_period if shows_finding(f.finding, f.case)]
    if shows_case is not None:
        open_cases = [c for c in open_cases if shows_case(c)]
    return build_report(
        agreement,
        incidents,
        assessments,
        of_period,
        open_cases,
        period_from=start,
        period_to=end,
        generated_at=now,
    )


def _at(reply: Reply) -> datetime:
    return reply.at


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
    period: str = "month",
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
        period=period,
        fields=("date_from", "date_to"),
        shows_finding=lambda finding, case: may_see_finding(user, finding, case),
        shows_case=lambda case: may_see_case(user, case),
        where=where,
    )
    return render(built, output_format)
