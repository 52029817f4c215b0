"""The periodic report as sent to the parties: the period's finding with both replies, possible
breaches counted as `ceasefire assess` counts them, the default period, human wording, a timeline
whose labels do not overlap."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ceasefire.config import Settings
from ceasefire.domain.agreement import Assessment, RuleKind
from ceasefire.domain.tally import tally
from ceasefire.report.charts import LABEL_WIDTH, label_indices
from ceasefire.services.assessment import read_agreement
from ceasefire.services.reporting import reporting_period

from ..conftest import DEMO, REPO, Cli

DOHA = str(REPO / "agreements" / "doha-2025.yaml")


@pytest.fixture
def cli(sqlite_settings: Settings) -> Cli:
    run = Cli(sqlite_settings)
    assert run("ingest", str(DEMO)).exit_code == 0
    return run


def _ok(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _finding_with_both_replies(run: Cli) -> str:
    _ok(
        run,
        *("cases", "lodge", "--agreement", DOHA, "--by", "pakistan", "--against", "afghanistan"),
        *("--clause", "ceasefire", "--allegation", "Mortar rounds on a border post."),
    )
    for step in ("acknowledged", "preliminary_check", "investigation"):
        _ok(run, "cases", "advance", "C0001", "--to", step, "--reason", "read")
    _ok(
        run,
        *("findings", "record", "C0001", "--status", "verified", "--party", "afghanistan"),
        *("--rationale", "Craters and hospital records."),
    )
    _ok(run, "cases", "advance", "C0001", "--to", "sent_to_parties", "--reason", "sent")
    _ok(run, "findings", "reply", "F0001", "--party", "afghanistan", "--text", "We did not fire.")
    _ok(run, "findings", "reply", "F0001", "--party", "pakistan", "--text", "We stand by it.")
    return "F0001"


def test_the_report_holds_the_finding_of_its_period_with_both_replies(cli: Cli) -> None:
    _ok(cli, "assess", "--agreement", DOHA)
    finding = _finding_with_both_replies(cli)
    today = datetime.now(UTC).date().isoformat()
    # The case is closed (both replied): the finding is still the period's.
    assert "responses_recorded" in _ok(cli, "cases", "list")
    base = ("report", "--agreement", DOHA, "--from", today, "--to", today)
    data = json.loads(_ok(cli, *base, "--format", "json"))
    [shown] = data["findings"]
    assert shown["id"] == finding and shown["status"] == "verified"
    assert {r["party"]: r["text"] for r in shown["replies"]} == {
        "afghanistan": "We did not fire.",
        "pakistan": "We stand by it.",
    }
    html = _ok(cli, *base)
    article = html[html.index(f'id="finding-{finding}"') :]
    article = article[: article.index("</article>")]
    assert "Reply from Afghanistan" in article and "Reply from Pakistan" in article
    assert "replies recorded" in article and "responses_recorded" not in article
    markdown = _ok(cli, *base, "--format", "md")
    assert "Reply from Afghanistan" in markdown and "Reply from Pakistan" in markdown
    # A period the finding was neither made nor answered in does not hold it.
    earlier = json.loads(
        _ok(cli, "report", "--agreement", DOHA, "--to", "2025-11-30", "--format", "json")
    )
    assert earlier["findings"] == []


def test_the_report_counts_possible_breaches_as_assess_does(cli: Cli) -> None:
    printed = _ok(cli, "assess", "--agreement", DOHA).strip().splitlines()[-1]
    listed = [
        json.loads(line)
        for line in _ok(cli, "assess", "--agreement", DOHA, "--json").split("\n")
        if line
    ]
    pairs = {(a["incident"], a["commitment"]) for a in listed if a["rule"] == "direct"}
    engaged = {(a["incident"], a["commitment"]) for a in listed if a["rule"] == "third_party"}
    assert pairs and engaged
    whole = (
        *("report", "--agreement", DOHA, "--from", "2025-10-19", "--to", "2026-12-31"),
        *("--format", "json"),
    )
    summary = json.loads(_ok(cli, *whole))["summary"]
    assert summary["possible_violations"] == len(pairs)
    assert summary["incidents_with_possible_violations"] == len({i for i, _ in pairs})
    assert summary["third_party_engagements"] == len(engaged)
    assert summary["reviewed_possible_violations"] == 0
    assert summary["unreviewed_possible_violations"] == len(pairs)
    # assess prints the same sentence the report states.
    markdown = _ok(cli, *whole[:-1], "md")
    sentence = re.split(r"; \d+ incidents assessed", printed)[0]
    assert f"{len(pairs)} possible breaches" in sentence
    assert sentence in markdown.replace("\n", " ")
    # Third-party engagements are not breaches by party.
    data = json.loads(_ok(cli, *whole))
    by_party = {c["label"]: c["count"] for c in data["possible_violations_by_party"]}
    for party, name in (("afghanistan", "Afghanistan"), (None, "unknown party")):
        assert by_party.get(name, 0) == len(
            {a["incident"] for a in listed if a["party"] == party and a["rule"] == "direct"}
        ), name
    engagements = data["third_party_engagements_by_commitment"]
    assert sum(c["count"] for c in engagements) == len(engaged)


def test_reviewing_an_incident_moves_its_breaches_to_reviewed(cli: Cli) -> None:
    made = [
        Assessment("a", "x", "ceasefire", "i1", "pakistan", RuleKind.DIRECT, ""),
        Assessment("b", "x", "ceasefire", "i1", "afghanistan", RuleKind.DIRECT, ""),
        Assessment("c", "x", "no-targeting", "i1", "pakistan", RuleKind.DIRECT, ""),
        Assessment("d", "x", "no-support", "i2", "pakistan", RuleKind.THIRD_PARTY, ""),
        Assessment("e", "x", "ceasefire", "i3", None, RuleKind.DIRECT, ""),
    ]
    counted = tally(made, {"i1"})
    assert counted.breaches == (("i1", "ceasefire"), ("i1", "no-targeting"), ("i3", "ceasefire"))
    assert (counted.reviewed_breaches, counted.unreviewed_breaches) == (2, 1)
    assert counted.engagements == (("i2", "no-support"),)
    assert counted.breach_incidents == ("i1", "i3")


def test_the_default_period_is_the_last_full_month_after_entry_into_force() -> None:
    doha = read_agreement(Path(DOHA))

    def period(**given: date | None) -> tuple[date, date]:
        return reporting_period(
            doha,
            date_from=given.get("date_from"),
            date_to=given.get("date_to"),
            period=str(given.get("period") or "month"),
            today=given.get("today") or date(2026, 2, 10),
        )

    assert period() == (date(2026, 1, 1), date(2026, 1, 31))
    # The first month is cut at entry into force; before any full month, the days so far.
    assert period(today=date(2025, 11, 3)) == (date(2025, 10, 19), date(2025, 10, 31))
    assert period(today=date(2025, 10, 25)) == (date(2025, 10, 19), date(2025, 10, 25))
    assert period(date_to=date(2025, 11, 30)) == (date(2025, 11, 1), date(2025, 11, 30))
    assert period(date_from=date(2025, 12, 10)) == (date(2025, 12, 10), date(2025, 12, 31))
    assert reporting_period(
        doha, date_from=None, date_to=None, period="quarter", today=date(2026, 5, 2)
    ) == (date(2026, 1, 1), date(2026, 3, 31))
    assert reporting_period(
        doha, date_from=None, date_to=None, period="week", today=date(2025, 11, 5)
    ) == (date(2025, 10, 27), date(2025, 11, 2))


def test_report_period_errors_name_the_option(cli: Cli) -> None:
    bad = cli("report", "--agreement", DOHA, "--period", "year")
    assert bad.exit_code == 2 and "--period" in bad.output
    backwards = cli("report", "--agreement", DOHA, "--from", "2025-11-30", "--to", "2025-11-01")
    assert backwards.exit_code == 2 and "--to" in backwards.stderr


def test_the_report_speaks_in_words(cli: Cli) -> None:
    _ok(cli, "assess", "--agreement", DOHA)
    html = _ok(cli, "report", "--agreement", DOHA, "--to", "2025-11-30")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "1 November 2025 to 30 November 2025" in text
    assert "19 October 2025, 00:00 (UTC+03:00)" in text
    assert "2025-10-19T00:00:00" not in text
    assert "party_official" not in text and "preliminary_check" not in text
    assert "Taliban (Afghanistan) (Afghanistan)" not in text
    assert "Taliban (Afghanistan)" in text
    # One line of possible breaches per incident, not one per assessment.
    for article in re.findall(r'<article class="incident[^"]*".*?</article>', html, re.S):
        assert article.count("Possible breach") <= 1


def test_timeline_labels_are_thinned_to_fit() -> None:
    for days, room in ((31, 716), (413, 716), (7, 716), (92, 300), (1, 716)):
        chosen = label_indices(days, room)
        step = room / days
        assert chosen[0] == 0
        gaps = [(b - a) * step for a, b in itertools.pairwise(chosen)]
        assert all(gap >= LABEL_WIDTH for gap in gaps), (days, room, gaps)
        assert len(chosen) >= min(days, int(room // (LABEL_WIDTH * 14))), (days, chosen)
    # A short period gets a label each day.
    assert label_indices(7, 716) == list(range(7))
