"""A denial of an act is a claim on that act (stance *denies*), within one document; a denial told
alone stands as an incident only its denial supports, and is never held against an agreement."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ceasefire.domain import Incident, Stance
from ceasefire.extract.pipeline import Resources, default_pipeline

PUBLISHED = date(2025, 11, 5)  # a Wednesday
REPORT = "Mortar shells hit a market in Chaman on Monday, killing two people. "


@pytest.fixture(scope="module")
def pipeline() -> Any:
    return default_pipeline(Resources.load())


def incidents(pipeline: Any, text: str) -> list[Incident]:
    return list(pipeline.run(document_id="t", text=text, published=PUBLISHED).incidents)


@pytest.mark.parametrize(
    "denial",
    [
        "The defence ministry rejects reports that its border forces fired on Chaman.",
        "A spokesman for the ministry denied that its forces shelled the town.",
        "The ministry dismissed as baseless the reports that its forces shelled the market.",
        "The ministry said its forces did not fire on Chaman.",
    ],
)
def test_a_denial_is_a_claim_on_the_act_it_denies(pipeline: Any, denial: str) -> None:
    found = incidents(pipeline, REPORT + denial)
    assert len(found) == 1, [(i.sub_event_type, [c.quote for c in i.claims]) for i in found]
    [act] = found
    assert act.fatalities.low == 2
    stances = {c.quote: c.stance for c in act.claims}
    assert stances[denial] is Stance.DENIES
    assert stances[REPORT.strip()] is not Stance.DENIES


def test_a_denial_alone_is_an_incident_only_denied(pipeline: Any) -> None:
    found = incidents(
        pipeline, "Our forces did not fire on Chaman on Monday, the defence ministry said."
    )
    assert len(found) == 1
    assert [c.stance for c in found[0].claims] == [Stance.DENIES]
    assert found[0].date.value == date(2025, 11, 3)
