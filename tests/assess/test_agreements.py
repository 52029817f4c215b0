"""Agreement files: the shipped one loads; a malformed one gets the line and the field."""

from __future__ import annotations

import pytest

from ceasefire.assess.agreements import load_agreement, parse_agreement
from ceasefire.domain.agreement import RuleKind
from ceasefire.errors import AgreementError

from ..conftest import REPO

DOHA = REPO / "agreements" / "doha-2025.yaml"


def test_the_doha_agreement_loads() -> None:
    agreement = load_agreement(DOHA)
    assert agreement.id == "doha-2025"
    assert [p.id for p in agreement.parties] == ["pakistan", "afghanistan"]
    assert agreement.mediators == ("Qatar", "Turkey")
    assert agreement.effective_at.utcoffset() is not None
    ids = [c.id for c in agreement.commitments]
    assert ids == ["ceasefire", "no-targeting", "no-support", "sovereignty", "afghan-soil"]
    support = agreement.commitment("no-support")
    assert (
        support is not None
        and support.rule == RuleKind.THIRD_PARTY
        and "TTP" in support.armed_groups
    )
    assert all(c.sources for c in agreement.commitments)
    assert agreement.follow_ups[0].place == "Istanbul"
    assert agreement.follow_ups[0].on.isoformat() == "2025-10-25"


def test_the_repository_holds_no_copied_sentence() -> None:
    text = DOHA.read_text(encoding="utf-8")
    assert "respect one another" not in text and "Afghan soil will not" not in text


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        (
            "obligated: [afghanistan]",
            "obligated: [afghanstan]",
            98,
            "commitments[4].obligated[0]",
            "unknown party 'afghanstan'",
        ),
        (
            "signed_at: 2025-10-19T00:00:00+03:00",
            "signed_at: 2025-10-19T00:00:00",
            17,
            "signed_at",
            "a time zone is required",
        ),
        (
            "span: [4390, 4450]",
            "span: [4450, 4390]",
            106,
            "commitments[4].sources[0]",
            "start < end",
        ),
        ("title: Immediate ceasefire", "titel: Immediate ceasefire", 32, "commitments[0]", ""),
        (
            "rule: third_party\n    forbids:\n      event_types: [Battles, Explosions/Remote violence, Violence against civilians]\n    protects:\n      whose: counterparty\n    armed_groups: [TTP, BLA, BLF, ISKP, Islamic State, al-Qaida]\n    sources:\n      - {document: a68",
            "rule: third_party\n    forbids:\n      event_types: [Battles, Explosions/Remote violence, Violence against civilians]\n    protects:\n      whose: counterparty\n    sources:\n      - {document: a68",
            62,
            "commitments[2]",
            "armed_groups",
        ),
        (
            "event_types: [Battles, Explosions/Remote violence]\n    protects:\n      whose: counterparty\n    sources:\n      - {document: 83e3e823450075cf26a68cb23347ae078492bf0f0f02b98ce9d81ef7a55f3d54, span: [1577",
            "event_types: [Battle]\n    protects:\n      whose: counterparty\n    sources:\n      - {document: 83e3e823450075cf26a68cb23347ae078492bf0f0f02b98ce9d81ef7a55f3d54, span: [1577",
            87,
            "commitments[3].forbids.event_types[0]",
            "Battles",
        ),
        (
            "document: 83e3e823450075cf26a68cb23347ae078492bf0f0f02b98ce9d81ef7a55f3d54, span: [1577",
            "document: 83e3, span: [1577",
            91,
            "commitments[3].sources[0].document",
            "pattern",
        ),
    ],
)
def test_a_malformed_agreement_names_the_line_and_field(
    old: str, new: str, line: int, field: str, message: str
) -> None:
    text = DOHA.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(AgreementError) as caught:
        parse_agreement(text.replace(old, new, 1), name="doha.yaml")
    said = str(caught.value)
    assert said.startswith(f"doha.yaml line {line}, field {field}"), said
    assert message in said
    assert "\n" not in said


def test_not_yaml_and_not_a_mapping() -> None:
    with pytest.raises(AgreementError, match=r"^a\.yaml line 2: not YAML"):
        parse_agreement("id: x\n  bad: [\n", name="a.yaml")
    with pytest.raises(AgreementError, match="a mapping of fields"):
        parse_agreement("- just\n- a list\n", name="a.yaml")
    with pytest.raises(AgreementError, match="empty"):
        parse_agreement("", name="a.yaml")
