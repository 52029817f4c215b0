"""The periodic report to the parties: one structure built from domain objects, rendered as JSON and
Markdown here and as HTML by :mod:`ceasefire.report.html`.

Every figure carries the anchors of the incidents behind it (``incident-<id>``), and every incident
carries its claims with their quotes, so that each number can be followed to its sources.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ceasefire.domain import Incident
from ceasefire.domain.agreement import (
    Agreement,
    Assessment,
    Case,
    Finding,
    Meeting,
    Reply,
    RuleKind,
)
from ceasefire.domain.tally import Tally, tally
from ceasefire.report.wording import (
    actor_text,
    day_text,
    moment_text,
    party_text,
    status_text,
    step_text,
    words,
)

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
    def breaches(self) -> tuple[str, ...]:
        """The direct commitments it may breach, each once (whatever the parties)."""
        return tuple(
            dict.fromkeys(a.commitment for a in self.assessments if a.rule == RuleKind.DIRECT)
        )

    @property
    def engagements(self) -> tuple[str, ...]:
        """The third-party commitments it engages, each once: not direct breaches."""
        return tuple(
            dict.fromkeys(a.commitment for a in self.assessments if a.rule == RuleKind.THIRD_PARTY)
        )

    @property
    def is_possible_violation(self) -> bool:
        return bool(self.breaches)

    @property
    def responsible(self) -> tuple[str | None, ...]:
        """The parties allegedly responsible, each once (None: unknown)."""
        return tuple(dict.fromkeys(a.party for a in self.assessments))


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
    engagements_by_commitment: list[Count]
    tally: Tally
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

    @property
    def engaging(self) -> list[IncidentEntry]:
        return [e for e in self.incidents if e.engagements]

    def party_name(self, party_id: str | None) -> str:
        return party_text(self.agreement, party_id)

    def commitment_title(self, commitment_id: str) -> str:
        commitment = self.agreement.commitment(commitment_id)
        return commitment.title if commitment else commitment_id


def _title(agreement: Agreement, commitment_id: str) -> str:
    commitment = agreement.commitment(commitment_id)
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
    engagement_commitment: dict[str, list[str]] = defaultdict(list)
    type_groups: dict[str, list[str]] = defaultdict(list)
    province_groups: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        incident = entry.incident
        assert incident.date.value is not None
        by_day[incident.date.value].append(entry)
        party_groups[entry.party].append(entry.anchor)
        type_groups[incident.sub_event_type or incident.event_type].append(entry.anchor)
        province = incident.place.admin1 or "unknown"
        country = incident.place.country
        label = province if not country or province == country else f"{province} ({country})"
        province_groups[label].append(entry.anchor)
        direct = [a for a in entry.assessments if a.rule == RuleKind.DIRECT]
        for party_id in dict.fromkeys(a.party for a in direct):
            violation_party[party_text(agreement, party_id)].append(entry.anchor)
        for commitment_id in entry.breaches:
            violation_commitment[_title(agreement, commitment_id)].append(entry.anchor)
        for commitment_id in entry.engagements:
            engagement_commitment[_title(agreement, commitment_id)].append(entry.anchor)
    # Only the days with incidents: the work follows the incidents, never the length of the period.
    days = [Day(day, tuple(by_day[day])) for day in sorted(by_day)]
    top = sorted(
        entries,
        key=lambda e: (
            -int(e.is_possible_violation),
            -int(e.incident.is_reviewed),
            -(e.incident.fatalities.high or e.incident.fatalities.low or 0),
            e.incident.id,
        ),
    )[:TOP_INCIDENTS]
    with_deaths = [e for e in entries if e.incident.fatalities.low or e.incident.fatalities.high]
    notes = []
    unreviewed = sum(1 for e in entries if not e.incident.is_reviewed)
    if unreviewed:
        notes.append(
            f"{unreviewed} of the {len(entries)} incidents are machine-extracted and not yet "
            "reviewed by a person: their figures and possible breaches are leads, not findings."
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
        engagements_by_commitment=_counts(engagement_commitment),
        tally=tally(
            (a for e in entries for a in e.assessments),
            (e.incident.id for e in entries if e.incident.is_reviewed),
        ),
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
            # once per incident and direct commitment, as `ceasefire assess` counts them
            "possible_violations": len(report.tally.breaches),
            "incidents_with_possible_violations": len(report.tally.breach_incidents),
            "reviewed_possible_violations": report.tally.reviewed_breaches,
            "unreviewed_possible_violations": report.tally.unreviewed_breaches,
            "third_party_engagements": len(report.tally.engagements),
            "incidents_with_third_party_engagements": len(report.tally.engagement_incidents),
            "killed": {"low": report.killed.low, "high": report.killed.high},
            "injured": {"low": report.injured.low, "high": report.injured.high},
        },
        "incidents_by_party": _count_json(report.incidents_by_party),
        "possible_violations_by_party": _count_json(report.violations_by_party),
        "possible_violations_by_commitment": _count_json(report.violations_by_commitment),
        "third_party_engagements_by_commitment": _count_json(report.engagements_by_commitment),
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
                "decided_at": f.finding.decided_at.isoformat(),
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
        f"Period {day_text(report.period_from)} to {day_text(report.period_to)}; generated "
        f"{report.generated_at.strftime('%Y-%m-%d %H:%M UTC')}. The agreement took effect "
        f"{moment_text(agreement.effective_at)}.",
        "",
        "## Summary",
        "",
        f"- Incidents: {len(report.incidents)}",
        f"- Possible breaches: {report.tally.sentence()}",
        f"- Killed: {report.killed.text} {_refs(report.killed_anchors)}",
        f"- Injured: {report.injured.text}",
        *[f"- {_md(note)}" for note in report.notes],
        "",
        "## Timeline",
        "",
        "| date | incidents |",
        "|---|---|",
        *[
            f"| {day_text(d.day)} | {len(d.incidents)} "
            f"{_refs(tuple(e.anchor for e in d.incidents))} |"
            for d in report.days
            if d.incidents
        ],
        "",
        "## Figures",
        "",
        *_count_table("Possible breaches by party", report.violations_by_party),
        *_count_table("Possible breaches by commitment", report.violations_by_commitment),
        *_count_table(
            "Third-party engagements by commitment (not direct breaches)",
            report.engagements_by_commitment,
        ),
        *_count_table("Incidents by party (perpetrator)", report.incidents_by_party),
        *_count_table("Incidents by type", report.incidents_by_type),
        *_count_table("Incidents by province", report.incidents_by_province),
        "## Top incidents",
        "",
        *[
            f"- [{day_text(e.incident.date.value)}](#{e.anchor}) {_md(_summary(e))}"
            for e in report.top
        ],
        "",
        "## Incidents",
        "",
    ]
    for entry in report.incidents:
        incident = entry.incident
        lines += [
            f'<a id="{entry.anchor}"></a>',
            f"### {day_text(incident.date.value)} — {_md(_summary(entry))}",
            "",
            f"Perpetrator: {_md(actor_text(incident.actor1, entry.party))}; target: "
            f"{_md(incident.actor2 or '—')}; killed {_estimate(incident.fatalities)}"
            f"{' ' + _md(denial) if (denial := denial_text(incident)) else ''}, injured "
            f"{_estimate(incident.injuries)}; {review_text(entry)}.",
            "",
        ]
        lines += [f"- **{_md(line)}**" for line in assessment_lines(report, entry)]
        lines.append("")
        for number, claim in enumerate(incident.claims, start=1):
            lines.append(
                f'- <a id="{entry.anchor}-claim-{number}"></a>claim {number}: '
                f"{_md(claim.source or '(document)')} ({words(claim.stance.value)}), document "
                f"{claim.document_id[:12]} [{claim.start}, {claim.end}): “{_md(claim.quote)}”"
            )
        lines.append("")
    lines += ["## Findings and replies of the period", ""]
    for item in report.findings:
        finding = item.finding
        lines.append(
            f"- Finding {finding.id} (case {item.case.id}, {step_text(item.case.step)}), "
            f"{day_text(finding.decided_at)}: {status_text(finding.status)}, "
            f"{_md(report.commitment_title(finding.clause))}, party "
            f"{_md(report.party_name(finding.party))} — {_md(finding.rationale)}"
        )
        lines += [
            f"  - Reply from {_md(report.party_name(r.party))} ({day_text(r.at)}): {_md(r.text)}"
            for r in item.replies
        ]
    if not report.findings:
        lines.append("No finding was made or answered in this period.")
    lines += ["", "## Cases under way", ""]
    lines += [
        f"- Case {c.id}: {step_text(c.step)}, lodged by {_md(report.party_name(c.complainant))} on "
        f"{day_text(c.lodged_at)}"
        for c in report.cases_open
    ]
    if not report.cases_open:
        lines.append("None.")
    lines += ["", "## Follow-up meetings", ""]
    for meeting, coming in report.meetings:
        state = "coming" if coming else "held"
        lines.append(
            f"- {day_text(meeting.on)}, {_md(meeting.place)} ({state}): {_md(meeting.purpose)}"
        )
    return "\n".join(lines) + "\n"


def review_text(entry: IncidentEntry) -> str:
    incident = entry.incident
    if incident.is_reviewed:
        return "reviewed" + (f", grade {incident.grade}" if incident.grade else "")
    return "machine-extracted, not yet reviewed"


def assessment_lines(report: PeriodicReport, entry: IncidentEntry) -> list[str]:
    """One line for the direct commitments the incident may breach and one for the third-party
    commitments it engages — never a line per assessment."""
    lines = []
    parties = ", ".join(report.party_name(p) for p in entry.responsible)
    if entry.breaches:
        titles = "; ".join(report.commitment_title(c) for c in entry.breaches)
        lines.append(f"Possible breach ({parties}) of: {titles}")
    if entry.engagements:
        titles = "; ".join(report.commitment_title(c) for c in entry.engagements)
        lines.append(f"Engages, by a third party, the commitments of {parties}: {titles}")
    return lines


def denial_text(incident: Incident) -> str:
    """After a toll that only the accused side's denial gives: whose account it is."""
    note = incident.toll_denial_note()
    return f"({note})" if note else ""


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
