"""Commands about complaints and what becomes of them: `cases …` and `findings …`."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from ceasefire.cli import Context, cli, out, reports_errors
from ceasefire.cli.agreements import AGREEMENT_OPTION
from ceasefire.errors import CaseError
from ceasefire.services import assessment, cases
from ceasefire.services.cases import CaseView, FindingView

STEPS = (
    "received",
    "acknowledged",
    "preliminary_check",
    "investigation",
    "finding",
    "sent_to_parties",
    "responses_recorded",
)


def _duration(view_wait: cases.Wait) -> str:
    return cases.duration_text(view_wait.waited)


@cli.group(name="cases")
def cases_group() -> None:
    """Complaints lodged by a party, a monitor or the public, and the steps they go through."""


@cases_group.command(name="lodge")
@AGREEMENT_OPTION
@click.option(
    "--by", "complainant", required=True, help="Who lodges it: a party id, monitor, public."
)
@click.option("--allegation", required=True, help="What is alleged, in one or a few sentences.")
@click.option("--against", default=None, help="The party the complaint is about (party id).")
@click.option("--clause", default=None, help="The commitment (clause id) allegedly breached.")
@click.option("--incident", default=None, help="Incident id (prefix) the complaint is about.")
@click.option(
    "--evidence", multiple=True, metavar="DOCUMENT", help="Evidence document id (prefix); repeat."
)
@click.pass_obj
@reports_errors
def lodge(
    context: Context,
    /,
    agreement_path: Path,
    complainant: str,
    allegation: str,
    against: str | None,
    clause: str | None,
    incident: str | None,
    evidence: tuple[str, ...],
) -> None:
    """Lodge a complaint: it becomes a case at the step `received`."""
    agreement = assessment.read_agreement(agreement_path)
    complaint = cases.Complaint(complainant, allegation, against, clause, incident, evidence)
    case = cases.lodge(context.store, agreement, complaint, context.author)
    out.print(f"case {case.id} received ({len(case.evidence)} evidence documents)", markup=False)


@cases_group.command(name="list")
@click.option("--step", type=click.Choice(STEPS), default=None, help="Only cases at this step.")
@click.option("--overdue", is_flag=True, help="Only cases past the deadline of their step.")
@click.pass_obj
@reports_errors
def list_cases(context: Context, /, step: str | None, overdue: bool) -> None:
    """The cases: step, how long they have waited at it, and whether that is past its deadline."""
    views = cases.list_cases(context.store, context.settings, step=step, overdue=overdue)
    table = Table(box=None, header_style="bold")
    for column in ("case", "lodged", "by", "against", "clause", "step", "waiting", "finding"):
        table.add_column(column)
    for view in views:
        case = view.case
        wait = view.waits[-1]
        table.add_row(
            case.id,
            case.lodged_at.strftime("%Y-%m-%d"),
            case.complainant,
            case.against or "—",
            case.clause or "—",
            case.step.value,
            _duration(wait) + (" OVERDUE" if wait.is_overdue else ""),
            f"{view.finding.id} {view.finding.status.value}" if view.finding else "—",
        )
    out.print(table)
    out.print(f"{len(views)} cases", markup=False)


def _print_case(view: CaseView) -> None:
    case = view.case
    out.print(f"[bold]case {case.id}[/] ({case.agreement}) — {case.step.value}")
    out.print(
        f"lodged by {case.complainant}; against {case.against or '—'}; clause {case.clause or '—'}; "
        f"incident {case.incident or '—'}",
        markup=False,
    )
    out.print(f"allegation: {case.allegation}", markup=False)
    for document in case.evidence:
        out.print(f"evidence: {document}", markup=False)
    table = Table(box=None, header_style="bold", title="steps")
    for column in ("step", "entered", "by", "why", "waited", "deadline"):
        table.add_column(column)
    for wait, record in zip(view.waits, case.steps, strict=True):
        deadline = cases.duration_text(wait.deadline) if wait.deadline else "—"
        table.add_row(
            record.step.value,
            record.at.strftime("%Y-%m-%d %H:%M"),
            record.by,
            record.reason,
            _duration(wait) + ("" if wait.left_at else " (so far)"),
            deadline + (" OVERDUE" if wait.is_overdue else ""),
        )
    out.print(table)
    if view.finding:
        out.print(f"finding {view.finding.id}: {view.finding.status.value}", markup=False)


@cases_group.command(name="show")
@click.argument("case_id")
@click.pass_obj
@reports_errors
def show_case(context: Context, /, case_id: str) -> None:
    """One case: the complaint, its evidence, and every step with who, when, why and how long."""
    _print_case(cases.show_case(context.store, context.settings, case_id))


@cases_group.command(name="advance")
@click.argument("case_id")
@click.option("--to", default=None, help="The step to move to (default: the next one).")
@click.option("--reason", required=True, help="Why the case moves on (recorded with the step).")
@click.pass_obj
@reports_errors
def advance(context: Context, /, case_id: str, to: str | None, reason: str) -> None:
    """Move a case to its next step: acknowledged, preliminary_check, investigation, sent_to_parties…"""
    case = cases.advance(context.store, case_id, to=to, reason=reason, author=context.author)
    out.print(f"case {case.id} is now at {case.step.value}", markup=False)


@cli.group(name="findings")
def findings_group() -> None:
    """Findings on cases, each citing a clause, with the parties' replies."""


@findings_group.command(name="record")
@click.argument("case_id")
@click.option(
    "--status",
    required=True,
    type=click.Choice(["verified", "not_a_violation", "inconclusive"]),
    help="What the mechanism found.",
)
@click.option(
    "--clause", default=None, help="Clause id the finding concerns (default: the case's)."
)
@click.option("--party", default=None, help="Party found responsible (party id), if any.")
@click.option(
    "--grade",
    default=None,
    type=click.Choice(list(cases.GRADES)),
    help="Credibility grade of the evidence.",
)
@click.option("--rationale", required=True, help="Why: the evidence and reasoning, briefly.")
@click.pass_obj
@reports_errors
def record_finding(
    context: Context,
    /,
    case_id: str,
    status: str,
    clause: str | None,
    party: str | None,
    grade: str | None,
    rationale: str,
) -> None:
    """Record the finding of a case under preliminary check or investigation."""
    decision = cases.Decision(status, clause, rationale, party, grade)
    finding = cases.record_finding(context.store, case_id, decision, context.author)
    out.print(f"finding {finding.id} on case {finding.case}: {finding.status.value}", markup=False)


def _print_finding(view: FindingView) -> None:
    finding = view.finding
    out.print(f"[bold]finding {finding.id}[/] on case {view.case.id}: {finding.status.value}")
    out.print(
        f"clause {finding.clause}; party {finding.party or '—'}; grade {finding.grade or '—'}; "
        f"decided by {finding.decided_by} at {finding.decided_at.strftime('%Y-%m-%d %H:%M')}",
        markup=False,
    )
    out.print(f"rationale: {finding.rationale}", markup=False)
    out.print(f"case step: {view.case.step.value}", markup=False)
    for answer in view.replies:
        out.print(
            f"reply {answer.id} from {answer.party} ({answer.by}, "
            f"{answer.at.strftime('%Y-%m-%d %H:%M')}): {answer.text}",
            markup=False,
        )


@findings_group.command(name="list")
@click.option("--open", "open_only", is_flag=True, help="Only findings whose case is not complete.")
@click.pass_obj
@reports_errors
def list_findings(context: Context, /, open_only: bool) -> None:
    """The findings, with their case's step and the number of replies."""
    views = cases.list_findings(context.store, open_only=open_only)
    table = Table(box=None, header_style="bold")
    for column in ("finding", "case", "status", "clause", "party", "grade", "step", "replies"):
        table.add_column(column)
    for view in views:
        finding = view.finding
        table.add_row(
            finding.id,
            view.case.id,
            finding.status.value,
            finding.clause,
            finding.party or "—",
            finding.grade or "—",
            view.case.step.value,
            str(len(view.replies)),
        )
    out.print(table)
    out.print(f"{len(views)} findings", markup=False)


@findings_group.command(name="show")
@click.argument("finding_id")
@click.pass_obj
@reports_errors
def show_finding(context: Context, /, finding_id: str) -> None:
    """One finding with its rationale and every party's reply."""
    _print_finding(cases.show_finding(context.store, finding_id))


@findings_group.command(name="reply")
@click.argument("finding_id")
@click.option("--party", required=True, help="The replying party (party id).")
@click.option("--text", default=None, help="The reply.")
@click.option(
    "--file",
    "text_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Read the reply from this file.",
)
@click.pass_obj
@reports_errors
def reply(
    context: Context, /, finding_id: str, party: str, text: str | None, text_file: Path | None
) -> None:
    """Attach a party's reply (right of reply) to a finding sent to the parties; never edited."""
    if text_file is not None:
        if text is not None:
            raise CaseError("give --text or --file, not both", where="--file")
        try:
            text = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseError(f"cannot read the file ({exc})", where="--file") from exc
    answer = cases.reply(context.store, finding_id, party=party, text=text, author=context.author)
    out.print(f"reply {answer.id} from {answer.party} recorded", markup=False)
