"""The periodic report to the parties: one structure built from domain objects, rendered as JSON and
Markdown here and as HTML by :mod:`ceasefire.report.html`.

Every figure carries the anchors of the incidents behind it (``incident-<id>``), and every incident
carries its claims with their quotes, so that each number can be followed to its sources.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ceasefire.domain import Incident
from ceasefire.domain.agreement import Agreement, Assessment, Case, Finding, Meeting, Reply

TOP_INCIDENTS = 10


def anchor(incident_id: str) -> str:
    return f"incident-{incident_id}"


@dataclass(frozen=True, slots=True)
class Count:
    """A figure and the incidents behind it."""

    label: str
    count: int
    anchors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Range:
    low: int
    high: int | None  # None: no upper bound reported

    @property
    def text(self) -> str:
        if self.high is None:
            return f"≥{self.low}"
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True, slots=True)
class IncidentEntry:
    incident: Incident
    anchor: str
    party: str  # the name of the party actor1 stands for, else "unknown or other"
    assessments: tuple[Assessment, ...]

    @property
    def is_possible_violation(self) -> bool:
        return bool(self.assessments)


@dataclass(frozen=True, slots=True)
class FindingEntry:
    finding: Finding
    case: Case
    replies: tuple[Reply, ...]


@dataclass(frozen=True, slots=True)
class Day:
    """A day of the period on which incidents took place (days without any are not listed)."""

    day: date
    incidents: tuple[IncidentEntry, ...]


@dataclass(slots=True)
class PeriodicReport:
    agreement: Agreement
    period_from: date
    period_to: date
    generated_at: datetime
    incidents: list[IncidentEntry]
    days: list[Day]
    incidents_by_party: list[Count]
    violations_by_party: list[Count]
    violations_by_commitment: list[Count]
    incidents_by_type: list[Count]
    incidents_by_province: list[Count]
    killed: Range
    injured: Range
    killed_anchors: tuple[str, ...]
    top: list[IncidentEntry]
    findings: list[FindingEntry]
    cases_open: list[Case]
    meetings: list[tuple[Meeting, bool]]  # (meeting, is it still to come at the end of the period)
    notes: list[str] = field(default_factory=list)

    @property
    def possible_violations(self) -> list[IncidentEntry]:
        return [e for e in self.incidents if e.is_possible_violation]

    def party_name(self, party_id: str | None) -> str:
        party = self.agreement.party(party_id or "")
        return party.name if party else "unknown"

    def commitment_title(self, commitment_id: str) -> str:
        commitment = self.agreement.commitment(commitment_id)
        return commitment.title if commitment else commitment_id


def _counts(groups: dict[str, list[str]]) -> list[Count]:
    return sorted(
        (Count(label, len(anchors), tuple(anchors)) for label, anchors in groups.items()),
        key=lambda c: (-c.count, c.label),
    )


def _sum(incidents: list[Incident], outcome: str) -> Range:
    low, high, is_open = 0, 0, False
    for incident in incidents:
        estimate = getattr(incident, outcome)
        if estimate.low is None and estimate.high is None:
            continue
        low += estimate.low or 0
        if estimate.high is None:
            is_open = True
        else:
            high += estimate.high
    return Range(low, None if is_open else high)


def build_report(
    agreement: Agreement,
    incidents: list[Incident],
    assessments: list[Assessment],
    findings: list[FindingEntry],
    cases: list[Case],
    *,
    period_from: date,
    period_to: date,
    generated_at: datetime,
) -> PeriodicReport:
    """The report of the period [period_from, period_to] (days, inclusive)."""
    by_incident: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_incident[assessment.incident].append(assessment)
    parties = {name.casefold(): p for p in agreement.parties for name in p.actors}
    entries = []
    for incident in sorted(
        (i for i in incidents if i.date.value is not None and not i.is_historical),
        key=lambda i: (i.date.value, i.id),
    ):
        day = incident.date.value
        assert day is not None
        if not period_from <= day <= period_to:
            continue
        party = parties.get((incident.actor1 or "").casefold())
        entries.append(
            IncidentEntry(
                incident=incident,
                anchor=anchor(incident.id),
                party=party.name if party else "unknown or other",
                assessments=tuple(by_incident.get(incident.id, ())),
            )
        )
    by_day: dict[date, list[IncidentEntry]] = defaultdict(list)
    party_groups: dict[str, list[str]] = defaultdict(list)
    violation_party: dict[str, list[str]] = defaultdict(list)
    violation_commitment: dict[str, list[str]] = defaultdict(list)
    type_groups: dict[str, list[str]] = defaultdict(list)
    province_groups: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        incident = entry.incident
        assert incident.date.value is not None
        by_day[incident.date.value].append(entry)
        party_groups[entry.party].append(entry.anchor)
        type_groups[incident.sub_event_type or incident.event_type].append(entry.anchor)
        province = incident.place.admin1 or "unknown"
        province_groups[f"{province} ({incident.place.country or '?'})"].append(entry.anchor)
        for party_id in dict.fromkeys(a.party for a in entry.assessments):
            party = agreement.party(party_id or "")
            violation_party[party.name if party else "unknown"].append(entry.anchor)
        for commitment_id in dict.fromkeys(a.commitment for a in entry.assessments):
            violation_commitment[commitment_id].append(entry.anchor)
    # Only the days with incidents: the work follows the incidents, never the length of the period.
    days = [Day(day, tuple(by_day[day])) for day in sorted(by_day)]
    top = sorted(
        entries,
        key=lambda e: (
            -int(e.is_possible_violation),
            -(e.incident.fatalities.high or e.incident.fatalities.low or 0),
            e.incident.id,
        ),
    )[:TOP_INCIDENTS]
    with_deaths = [e for e in entries if e.incident.fatalities.low or e.incident.fatalities.high]
    notes = []
    if Counter(e.incident.grade for e in entries).get(None):
        notes.append(
            "Incidents are machine-extracted until a person reviews them: none is shown as verified."
        )
    return PeriodicReport(
        agreement=agreement,
        period_from=period_from,
        period_to=period_to,
        generated_at=generated_at,
        incidents=entries,
        days=days,
        incidents_by_party=_counts(party_groups),
        violations_by_party=_counts(violation_party),
        violations_by_commitment=_counts(violation_commitment),
        incidents_by_type=_counts(type_groups),
        incidents_by_province=_counts(province_groups),
        killed=_sum([e.incident for e in entries], "fatalities"),
        injured=_sum([e.incident for e in entries], "injuries"),
        killed_anchors=tuple(e.anchor for e in with_deaths),
        top=top,
        findings=findings,
        cases_open=cases,
        meetings=[(m, m.on >= period_to) for m in agreement.follow_ups],
        notes=notes,
    )


# JSON


def _count_json(counts: list[Count]) -> list[dict[str, Any]]:
    return [{"label": c.label, "count": c.count, "incidents": list(c.anchors)} for c in counts]


def _incident_json(entry: IncidentEntry) -> dict[str, Any]:
    incident = entry.incident
    place = incident.place
    return {
        "anchor": entry.anchor,
        "id": incident.id,
        "date": incident.date.value.isoformat() if incident.date.value else None,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "place": {
            "country": place.country,
            "admin1": place.admin1,
            "admin2": place.admin2,
            "location": place.location,
        },
        "actor1": incident.actor1,
        "actor2": incident.actor2,
        "party": entry.party,
        "fatalities": [incident.fatalities.low, incident.fatalities.best, incident.fatalities.high],
        "injuries": [incident.injuries.low, incident.injuries.best, incident.injuries.high],
        "grade": incident.grade,
        "reviewed": incident.is_reviewed,
        "assessments": [
            {
                "commitment": a.commitment,
                "party": a.party,
                "rule": a.rule.value,
                "explanation": a.explanation,
            }
            for a in entry.assessments
        ],
        "claims": [
            {
                "source": c.source,
                "source_kind": c.source_kind,
                "stance": c.stance.value,
                "document": c.document_id,
                "start": c.start,
                "end": c.end,
                "quote": c.quote,
                "fatalities": None
                if c.fatalities is None
                else [c.fatalities.low, c.fatalities.high],
                "injuries": None if c.injuries is None else [c.injuries.low, c.injuries.high],
            }
            for c in incident.claims
        ],
    }


def to_json(report: PeriodicReport) -> dict[str, Any]:
    agreement = report.agreement
    return {
        "agreement": {
            "id": agreement.id,
            "title": agreement.title,
            "effective_at": agreement.effective_at.isoformat(),
        },
        "period": {"from": report.period_from.isoformat(), "to": report.period_to.isoformat()},
        "generated_at": report.generated_at.isoformat(),
        "summary": {
            "incidents": len(report.incidents),
            "possible_violations": len(report.possible_violations),
            "killed": {"low": report.killed.low, "high": report.killed.high},
            "injured": {"low": report.injured.low, "high": report.injured.high},
        },
        "incidents_by_party": _count_json(report.incidents_by_party),
        "possible_violations_by_party": _count_json(report.violations_by_party),
        "possible_violations_by_commitment": _count_json(report.violations_by_commitment),
        "incidents_by_type": _count_json(report.incidents_by_type),
        "incidents_by_province": _count_json(report.incidents_by_province),
        "timeline": [
            {"date": d.day.isoformat(), "incidents": [e.anchor for e in d.incidents]}
            for d in report.days
        ],
        "top_incidents": [e.anchor for e in report.top],
        "incidents": [_incident_json(e) for e in report.incidents],
        "findings": [
            {
                "id": f.finding.id,
                "case": f.case.id,
                "step": f.case.step.value,
                "status": f.finding.status.value,
                "clause": f.finding.clause,
                "party": f.finding.party,
                "rationale": f.finding.rationale,
                "replies": [
                    {"party": r.party, "text": r.text, "at": r.at.isoformat()} for r in f.replies
                ],
            }
            for f in report.findings
        ],
        "open_cases": [
            {"id": c.id, "step": c.step.value, "complainant": c.complainant, "clause": c.clause}
            for c in report.cases_open
        ],
        "follow_up_meetings": [
            {"place": m.place, "date": m.on.isoformat(), "purpose": m.purpose, "coming": coming}
            for m, coming in report.meetings
        ],
        "notes": report.notes,
    }


# Markdown


def _md(value: object) -> str:
    """Text of the record as Markdown shows it: never markup. A Markdown viewer passes raw HTML
    through (a reply holding ``<script>`` would run), so ``<``, ``>`` and ``&`` are escaped, and a
    line break, which could open a block of raw HTML, becomes a space; ``|`` would split a table
    cell."""
    text = html.escape(str(value), quote=False)
    return " ".join(text.split()).replace("|", "\\|")


def _refs(anchors: tuple[str, ...]) -> str:
    return " ".join(f"[{n}](#{a})" for n, a in enumerate(anchors, start=1))


def _count_table(title: str, counts: list[Count]) -> list[str]:
    lines = [f"### {title}", "", "| | count | incidents |", "|---|---|---|"]
    lines += [f"| {_md(c.label)} | {c.count} | {_refs(c.anchors)} |" for c in counts]
    if not counts:
        lines.append("| none | 0 | |")
    return [*lines, ""]


def to_markdown(report: PeriodicReport) -> str:
    agreement = report.agreement
    lines = [
        f"# Monitoring report: {_md(agreement.title)}",
        "",
        f"Period {report.period_from.isoformat()} to {report.period_to.isoformat()}; generated "
        f"{report.generated_at.strftime('%Y-%m-%d %H:%M UTC')}. The agreement took effect "
        f"{agreement.effective_at.isoformat()}.",
        "",
        "## Summary",
        "",
        f"- Incidents: {len(report.incidents)}",
        f"- Possible violations: {len(report.possible_violations)}",
        f"- Killed: {report.killed.text} {_refs(report.killed_anchors)}",
        f"- Injured: {report.injured.text}",
        *[f"- {_md(note)}" for note in report.notes],
        "",
        "## Timeline",
        "",
        "| date | incidents |",
        "|---|---|",
        *[
            f"| {d.day.isoformat()} | {len(d.incidents)} {_refs(tuple(e.anchor for e in d.incidents))} |"
            for d in report.days
            if d.incidents
        ],
        "",
        "## Figures",
        "",
        *_count_table("Incidents by party (actor1)", report.incidents_by_party),
        *_count_table("Possible violations by party", report.violations_by_party),
        *_count_table("Possible violations by commitment", report.violations_by_commitment),
        *_count_table("Incidents by type", report.incidents_by_type),
        *_count_table("Incidents by province", report.incidents_by_province),
        "## Top incidents",
        "",
        *[f"- [{e.incident.id[:12]}](#{e.anchor}) {_md(_summary(e))}" for e in report.top],
        "",
        "## Incidents",
        "",
    ]
    for entry in report.incidents:
        incident = entry.incident
        lines += [
            f'<a id="{entry.anchor}"></a>',
            f"### {incident.date.value} — {_md(_summary(entry))}",
            "",
            f"Perpetrator (actor1): {_md(incident.actor1 or 'unknown')}; "
            f"target: {_md(incident.actor2 or '—')};"
            f" killed {_estimate(incident.fatalities)}, injured {_estimate(incident.injuries)}.",
            "",
        ]
        for assessment in entry.assessments:
            lines.append(
                f"- **possible violation of `{_md(assessment.commitment)}`**: "
                f"{_md(assessment.explanation)}"
            )
        lines.append("")
        for number, claim in enumerate(incident.claims, start=1):
            lines.append(
                f'- <a id="{entry.anchor}-claim-{number}"></a>claim {number}: {_md(claim.source or "(document)")}'
                f" ({claim.stance.value}), document {claim.document_id[:12]} "
                f"[{claim.start}, {claim.end}): “{_md(claim.quote)}”"
            )
        lines.append("")
    lines += ["## Open findings and replies", ""]
    for item in report.findings:
        finding = item.finding
        lines.append(
            f"- finding {finding.id} (case {item.case.id}, {item.case.step.value}): "
            f"{finding.status.value}, clause `{_md(finding.clause)}`, party "
            f"{_md(report.party_name(finding.party))} — {_md(finding.rationale)}"
        )
        lines += [f"  - reply from {_md(r.party)}: {_md(r.text)}" for r in item.replies]
    if not report.findings:
        lines.append("None.")
    lines += ["", "## Open cases", ""]
    lines += [
        f"- case {c.id}: {c.step.value}, lodged by {_md(c.complainant)}" for c in report.cases_open
    ]
    if not report.cases_open:
        lines.append("None.")
    lines += ["", "## Follow-up meetings", ""]
    for meeting, coming in report.meetings:
        state = "coming" if coming else "held"
        lines.append(
            f"- {meeting.on.isoformat()} {_md(meeting.place)} ({state}): {_md(meeting.purpose)}"
        )
    return "\n".join(lines) + "\n"


def _estimate(estimate: Any) -> str:
    low, high = estimate.low, estimate.high
    if low is None and high is None:
        return "not reported"
    if high is None:
        return f"≥{low}"
    return str(low) if low == high else f"{low}–{high}"


def _summary(entry: IncidentEntry) -> str:
    incident = entry.incident
    place = incident.place
    where = ", ".join(dict.fromkeys(p for p in (place.location, place.admin1, place.country) if p))
    return f"{incident.sub_event_type or incident.event_type} in {where or 'unknown place'}"


def summary(entry: IncidentEntry) -> str:
    return _summary(entry)


def estimate_text(estimate: Any) -> str:
    return _estimate(estimate)
