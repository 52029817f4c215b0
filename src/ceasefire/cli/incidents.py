"""Commands about incidents: list them; a reviewer's merge, split and edit. `show` prints one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from rich.table import Table

from ceasefire import services
from ceasefire.cli import Context, cli, out, reports_errors, shown
from ceasefire.report.records import incident_record
from ceasefire.services import assessment
from ceasefire.services.periods import checked_day
from ceasefire.services.search import checked_filter


def _figure(low: int | None, best: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "—"
    if high is None:
        return f"≥{low}"
    if low == high or low is None:
        return str(high if low is None else low)
    return f"{low}–{high}" + (f" (best {best})" if best not in (None, low, high) else "")


def _where(incident: services.Incident) -> str:
    place = incident.place
    parts = [place.location, place.admin2, place.admin1, place.country]
    return ", ".join(dict.fromkeys(p for p in parts if p)) or "—"


@cli.group(invoke_without_command=True)
@click.option(
    "--from",
    "date_from",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only incidents on or after this day.",
)
@click.option(
    "--to",
    "date_to",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only incidents on or before this day.",
)
@click.option("--country", help="Only this country.")
@click.option("--admin1", help="Only provinces whose name contains this (any case).")
@click.option("--admin2", help="Only districts whose name contains this (any case).")
@click.option(
    "--search",
    "search",
    metavar="TEXT",
    help="Only incidents whose fields or documents hold every word of TEXT.",
)
@click.option("--type", "event_type", help="Only this ACLED event or sub-event type.")
@click.option("--actor", help="Only incidents whose perpetrator or target contains this.")
@click.option(
    "--grade",
    type=click.Choice(["confirmed", "fair", "weak", "contested", "discounted"]),
    help="Only this grade.",
)
@click.option(
    "--since-agreement",
    "since",
    metavar="FILE|YYYY-MM-DD",
    help="Only incidents from an agreement's effective day on: its YAML file "
    "(agreements/doha-2025.yaml) or the day.",
)
@click.option("--no-historical", is_flag=True, help="Leave out acts recalled from long before.")
@click.option(
    "--needs-review",
    is_flag=True,
    help="Only reviewed incidents on which `ceasefire reprocess` disagrees with the reviewer.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@click.pass_context
@reports_errors
def incidents(
    click_context: click.Context,
    /,
    date_from: object,
    date_to: object,
    country: str | None,
    admin1: str | None,
    admin2: str | None,
    search: str | None,
    event_type: str | None,
    actor: str | None,
    grade: str | None,
    since: str | None,
    no_historical: bool,
    needs_review: bool,
    output_format: str,
    limit: int | None,
) -> None:
    """List incidents (newest first) with filters, as a table or as JSONL per the schema.

    Subcommands change incidents by hand — merge, split, edit — each with a reason, each kept in the
    incident's history (`ceasefire show ID --history`)."""
    if click_context.invoked_subcommand is not None:
        return
    context: Context = click_context.obj
    first = date_from.date() if date_from is not None else None  # type: ignore[attr-defined]
    last = date_to.date() if date_to is not None else None  # type: ignore[attr-defined]
    starts = [checked_day(first, where="--from")] if first is not None else []
    if since:
        starts.append(_effective_day(since))
    where = services.IncidentFilter(
        date_from=max(d for d in starts if d is not None) if starts else None,
        date_to=checked_day(last, where="--to"),
        country=country,
        admin1=admin1,
        admin2=admin2,
        q=search,
        event_type=event_type,
        actor=actor,
        grade=grade,
        include_historical=not no_historical,
        needs_review=needs_review,
    )
    where = checked_filter(where, fields=("--from", "--to"), search_field="--search")
    found = services.list_incidents(context.store, where, limit=limit)
    if output_format == "jsonl":
        for incident in found:
            out.print(
                json.dumps(incident_record(incident), ensure_ascii=False),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        return
    table = Table(box=None, header_style="bold")
    for column in (
        "id",
        "date",
        "type",
        "place",
        "perpetrator",
        "killed",
        "injured",
        "grade",
        "sources",
        "reviewed",
    ):
        table.add_column(column)
    for incident in found:
        table.add_row(
            incident.id[:12],
            incident.date.value.isoformat() if incident.date.value else "—",
            shown(incident.sub_event_type),
            shown(_where(incident)),
            shown(incident.actor1 or "—"),
            _figure(incident.fatalities.low, incident.fatalities.best, incident.fatalities.high)
            + (" (denial)" if incident.deniers_of_toll() else ""),
            _figure(incident.injuries.low, incident.injuries.best, incident.injuries.high),
            incident.grade or "—",
            str(len(incident.documents)),
            _reviewed(incident),
        )
    out.print(table)
    total = services.count_incidents(context.store, where)
    out.print(f"{len(found)} of {total} incident{'s' if total != 1 else ''}")
    for incident in found:
        if incident.review_flag:
            out.print(
                f"needs review     {incident.id[:12]}  a re-extraction reads other "
                f"{shown(incident.review_flag)} (the reviewed values stand)",
                soft_wrap=True,
            )


def _reviewed(incident: services.Incident) -> str:
    if incident.review_flag:
        return "needs review"
    return "yes" if incident.is_reviewed else "machine"


def _effective_day(value: str) -> date:
    """The day an agreement takes effect: from its file, or given as YYYY-MM-DD."""
    path = Path(value)
    if path.suffix in {".yaml", ".yml"}:
        return assessment.read_agreement(path).effective_at.date()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "give the agreement's YAML file or a day as YYYY-MM-DD", param_hint="--since-agreement"
        ) from None
    checked_day(day, where="--since-agreement")
    return day


@incidents.command()
@click.argument("keep")
@click.argument("other")
@click.option("--reason", required=True, help="Why they are one incident (kept in the history).")
@click.pass_obj
@reports_errors
def merge(context: Context, /, keep: str, other: str, reason: str) -> None:
    """Merge incident OTHER into KEEP: its claims move; OTHER stays on record, marked merged."""
    merged = services.merge_incidents(
        context.store,
        keep,
        other,
        reason=reason,
        author=context.author,
        agreements=assessment.load_agreements(context.settings.agreements),
    )
    out.print(f"merged into {merged.id}: {len(merged.claims)} claims, grade {merged.grade}")


@incidents.command()
@click.argument("incident_id")
@click.option(
    "--claims",
    "refs",
    required=True,
    help="Comma-separated claim refs as `ceasefire show` prints them.",
)
@click.option("--reason", required=True, help="Why these claims are another incident.")
@click.pass_obj
@reports_errors
def split(context: Context, /, incident_id: str, refs: str, reason: str) -> None:
    """Move some claims of an incident into a new incident."""
    names = [r.strip() for r in refs.split(",") if r.strip()]
    old, new = services.split_incident(
        context.store,
        incident_id,
        names,
        reason=reason,
        author=context.author,
        agreements=assessment.load_agreements(context.settings.agreements),
    )
    out.print(
        f"split {new.id} off {old.id}: {len(new.claims)} claims moved, {len(old.claims)} stay"
    )


@incidents.command()
@click.argument("incident_id")
@click.argument("field", metavar="FIELD")
@click.argument("value")
@click.option("--reason", required=True, help="Why (kept in the history).")
@click.pass_obj
@reports_errors
def edit(context: Context, /, incident_id: str, field: str, value: str, reason: str) -> None:
    """Set one FIELD of an incident: event_type, sub_event_type, date, date_precision, country, admin1,
    admin2, location, actor1, actor2, grade, historical, reviewed, fatalities.low|best|high,
    injuries.low|best|high (`none` clears a field)."""
    edited = services.edit_incident(
        context.store,
        incident_id,
        field,
        value,
        reason=reason,
        author=context.author,
        agreements=assessment.load_agreements(context.settings.agreements),
    )
    out.print(f"{edited.id}: {field} set")


def print_incident(context: Context, incident: services.Incident) -> None:
    rows: list[tuple[str, object]] = [
        (
            "id",
            incident.id
            + (
                ""
                if incident.status == "active"
                else f"  ({incident.status} into {incident.merged_into})"
            ),
        ),
        ("type", f"{incident.event_type} / {incident.sub_event_type}"),
        ("date", f"{incident.date.value or '—'} ({incident.date.precision.value})"),
        ("place", _where(incident)),
        (
            "perpetrator",
            f"{incident.actor1 or 'unknown'} ({'declared' if incident.declared else 'alleged'})",
        ),
        (
            "target",
            f"{incident.actor2 or '—'}; {', '.join(t.value for t in incident.target_categories)}",
        ),
        (
            "killed",
            _figure(incident.fatalities.low, incident.fatalities.best, incident.fatalities.high),
        ),
        ("injured", _figure(incident.injuries.low, incident.injuries.best, incident.injuries.high)),
        (
            "grade",
            f"{incident.grade or '—'}; {'reviewed' if incident.is_reviewed else 'machine-extracted, not reviewed'}",
        ),
        ("historical", "yes" if incident.is_historical else "no"),
        ("documents", len(incident.documents)),
    ]
    for name, value in rows:
        out.print(f"[bold]{name:>12}[/]  {value}", highlight=False)
    table = Table(title="claims, side by side", header_style="bold", show_lines=True)
    for column in ("ref", "source", "stance", "killed", "injured", "quote"):
        table.add_column(column, overflow="fold")
    for claim in incident.claims:
        stance = (
            claim.stance.value
            + (" (hedged)" if claim.hedged else "")
            + (" — claims it" if claim.admits else "")
        )
        table.add_row(
            claim.ref,
            f"{claim.source or '(the document)'}"
            + (f"\n{claim.source_kind}" if claim.source_kind else ""),
            stance,
            _figure(claim.fatalities.low, None, claim.fatalities.high) if claim.fatalities else "—",
            _figure(claim.injuries.low, None, claim.injuries.high) if claim.injuries else "—",
            claim.quote,
        )
    out.print(table)


def print_history(context: Context, incident: services.Incident) -> None:
    steps = services.history(context.store, incident.id)
    previous: dict[str, object] | None = None
    for step in steps:
        out.print(
            f"[bold]entry {step.seq}[/]  {step.at}  {step.actor}  {step.change}"
            + (f" — {step.reason}" if step.reason else ""),
            highlight=False,
        )
        if previous is not None:
            for key in sorted(step.state):
                if key != "claims" and step.state.get(key) != previous.get(key):
                    out.print(
                        f"    {key}: {json.dumps(previous.get(key))} → {json.dumps(step.state.get(key))}",
                        markup=False,
                    )
            before, after = len(previous.get("claims") or []), len(step.state.get("claims") or [])  # type: ignore[arg-type]
            if before != after:
                out.print(f"    claims: {before} → {after}")
        previous = step.state
    out.print(f"{len(steps)} state{'s' if len(steps) != 1 else ''} in the log")
