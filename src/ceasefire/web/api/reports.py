"""/api/reports: the periodic report of an agreement as HTML, Markdown or JSON, as
`ceasefire report` writes it — without the findings and cases the reader may not read."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ceasefire.services.reporting import MEDIA_TYPES, report_for
from ceasefire.web.api.filters import Filter
from ceasefire.web.auth import CurrentUser, State
from ceasefire.web.headers import REPORT_POLICY

router = APIRouter(tags=["reports"])


class ReportPeriod(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


@router.get(
    "/reports/{agreement_id}",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}},
)
async def report(
    agreement_id: str,
    user: CurrentUser,
    state: State,
    where: Filter,
    format: ReportFormat = ReportFormat.HTML,
    period: ReportPeriod = ReportPeriod.MONTH,
    download: bool = True,
) -> Response:
    """The report of the days from ``date_from`` to ``date_to``; given one, of the calendar
    ``period`` that holds it; given neither, of the last full period since the agreement took
    effect; of the incidents the other filters keep (as the list and the exports)."""
    agreement = state.agreement(agreement_id)
    text = await run_in_threadpool(
        lambda: report_for(
            state.store,
            user,
            agreement,
            date_from=where.date_from,
            date_to=where.date_to,
            where=where,
            max_days=state.settings.report_max_days,
            output_format=format.value,
            period=period.value,
        )
    )
    name = f"report-{agreement.id}.{format.value}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'} if download else {}
    if format is ReportFormat.HTML:
        headers["Content-Security-Policy"] = REPORT_POLICY
    media = MEDIA_TYPES[format.value] + "; charset=utf-8"
    return Response(text, media_type=media, headers=headers)
