"""Payloads of the log entries of assessments, cases, findings and replies.

Each entry carries the whole state of its subject, so verification compares the latest entry about a
subject with its row; ``assessment_withdrawn`` says an assessment no longer holds (its row is gone).
The writer (a service) and the checker (:mod:`ceasefire.record.assess_audit`) both build payloads
here.
"""

from __future__ import annotations

from typing import Any

from ceasefire.domain.agreement import Assessment, Case, Finding, Reply
from ceasefire.record.entries import utc_text

ASSESSMENT_RECORDED = "assessment_recorded"
ASSESSMENT_WITHDRAWN = "assessment_withdrawn"
CASE_LODGED = "case_lodged"
CASE_ADVANCED = "case_advanced"
FINDING_RECORDED = "finding_recorded"
REPLY_RECORDED = "reply_recorded"


def assessment_payload(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "agreement": assessment.agreement,
        "commitment": assessment.commitment,
        "incident": assessment.incident,
        "party": assessment.party,
        "rule": assessment.rule.value,
        "explanation": assessment.explanation,
    }


def withdrawal_payload(assessment_id: str, reason: str) -> dict[str, Any]:
    return {"id": assessment_id, "reason": reason}


def case_payload(case: Case) -> dict[str, Any]:
    """``case_lodged`` and ``case_advanced``: the case with every step it has entered so far."""
    return {
        "id": case.id,
        "agreement": case.agreement,
        "parties": list(case.parties),
        "clauses": list(case.clauses),
        "complainant": case.complainant,
        "allegation": case.allegation,
        "against": case.against,
        "clause": case.clause,
        "incident": case.incident,
        "evidence": list(case.evidence),
        "steps": [
            {"step": s.step.value, "at": utc_text(s.at), "by": s.by, "reason": s.reason}
            for s in case.steps
        ],
    }


def finding_payload(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "case": finding.case,
        "status": finding.status.value,
        "clause": finding.clause,
        "party": finding.party,
        "grade": finding.grade,
        "rationale": finding.rationale,
        "decided_by": finding.decided_by,
        "decided_at": utc_text(finding.decided_at),
    }


def reply_payload(reply: Reply) -> dict[str, Any]:
    return {
        "id": reply.id,
        "finding": reply.finding,
        "party": reply.party,
        "text": reply.text,
        "by": reply.by,
        "at": utc_text(reply.at),
    }
