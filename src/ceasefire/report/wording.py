"""Human words for the values the record stores: dates as dates, steps and kinds in words, party
names capitalised — what a report sent to two governments prints instead of internal ids."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ceasefire.domain.agreement import Agreement, CaseStep, FindingStatus

STEPS = {
    CaseStep.RECEIVED: "received",
    CaseStep.ACKNOWLEDGED: "acknowledged",
    CaseStep.PRELIMINARY_CHECK: "preliminary check",
    CaseStep.INVESTIGATION: "under investigation",
    CaseStep.FINDING: "finding recorded",
    CaseStep.SENT_TO_PARTIES: "sent to the parties",
    CaseStep.RESPONSES_RECORDED: "replies recorded",
}

STATUSES = {
    FindingStatus.VERIFIED: "verified",
    FindingStatus.NOT_A_VIOLATION: "not a violation",
    FindingStatus.INCONCLUSIVE: "inconclusive",
}


def words(value: str | None) -> str:
    """An internal value in words: ``party_official`` -> ``party official``."""
    return (value or "").replace("_", " ")


def day_text(value: date | datetime | None) -> str:
    """``2025-10-19`` -> ``19 October 2025`` (no leading zero)."""
    if value is None:
        return "undated"
    return f"{value.day} {value.strftime('%B %Y')}"


def moment_text(value: datetime) -> str:
    """A time with its zone: ``19 October 2025, 00:00 (UTC+03:00)``."""
    offset = value.utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{day_text(value)}, {value.strftime('%H:%M')} ({zone})"


def step_text(step: CaseStep) -> str:
    return STEPS.get(step, words(step.value))


def status_text(status: FindingStatus) -> str:
    return STATUSES.get(status, words(status.value))


def party_text(agreement: Agreement, party: str | None) -> str:
    """The party's name from the agreement; an id it does not list, in words and capitalised."""
    if not party:
        return "unknown party"
    found = agreement.party(party)
    if found is not None:
        return found.name
    return words(party)[:1].upper() + words(party)[1:]


def actor_text(actor: str | None, party: str | None) -> str:
    """An actor with the party it stands for, without saying the party twice:
    ``Taliban (Afghanistan)`` stays so; ``Military Forces of Pakistan`` stays so; ``TTP`` with no
    party stays so."""
    if not actor:
        return "unknown"
    if not party or party.casefold() in actor.casefold():
        return actor
    return f"{actor} ({party})"
