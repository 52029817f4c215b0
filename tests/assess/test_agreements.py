"""Agreement files: the shipped one loads; a malformed one gets the line and the field."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from ceasefire import bounded_yaml
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
        (
            "effective_at: 2025-10-19T00:00:00+03:00",
            "effective_at: 9999-12-31T00:00:00+03:00",
            18,
            "effective_at",
            "out of range (1900-01-01 to 2100-12-31)",
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


def _bomb(levels: int) -> str:
    """The "billion laughs" in YAML: each level a list of nine aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_naming_the_file(tmp_path: Path) -> None:
    """Issue 16, medium 10: an agreement YAML with an alias bomb took 2.6 GB in 15 s, no error."""
    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb(9), encoding="utf-8")  # 9**9 = 387,420,489 strings once expanded
    # Refused before the aliases are expanded: the memory it takes, unlike a time, does not vary
    # with the load of the machine (benchmarks/hostile_inputs.py prints how long it takes).
    tracemalloc.start()
    try:
        with pytest.raises(AgreementError) as caught:
            load_agreement(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"{peak / 2**20:.0f} MiB"
    said = str(caught.value)
    assert said.startswith(f"{path} line ") and "\n" not in said
    assert "more than 100,000 values once its aliases are expanded" in said


def test_aliases_that_stay_small_are_read() -> None:
    text = DOHA.read_text(encoding="utf-8")
    text = text.replace("mediators: [Qatar, Turkey]", "mediators: &mediators [Qatar, Turkey]")
    text += "sources: []\n"
    assert parse_agreement(text, name="doha.yaml").mediators == ("Qatar", "Turkey")
    data, _ = bounded_yaml.load(_bomb(3))  # 9**3 strings: fine
    assert len(data["a3"]) == 9 and data["a3"][0][0][0] == ["lol"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &x [1, *x]\n", "alias *x refers to a node that contains it"),
        ("a: " + "[" * 200 + "]" * 200 + "\n", "nested more than 64 levels deep"),
        ("a: '" + "x" * (1024 * 1024) + "'\n", "larger than 1024 KiB"),
    ],
)
def test_yaml_past_a_bound_is_one_line(text: str, problem: str) -> None:
    with pytest.raises(AgreementError) as caught:
        parse_agreement(text, name="a.yaml")
    said = str(caught.value)
    assert said.startswith("a.yaml") and problem in said and "\n" not in said


def test_an_agreement_file_too_large_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    with pytest.raises(AgreementError, match=r"huge\.yaml: larger than 1024 KiB: not read"):
        load_agreement(path)
