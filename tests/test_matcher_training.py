"""Pairs from a gold set with act groups, and the matcher trained on them into a file of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.errors import InputError
from ceasefire.resolve.matcher import FORMAT, MatcherModel
from ceasefire.services.matcher_training import labelled_pairs, train_matcher

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC3 = REPO / "eval" / "synthetic3"


def test_act_groups_give_same_act_pairs_across_documents_and_a_model_file(tmp_path: Path) -> None:
    pairs = labelled_pairs([SYNTHETIC3], synthetic=False)
    same = [p for p in pairs if p.same]
    assert same, "synthetic3 marks acts told by several stories"
    assert all(p.act_a.startswith("synthetic3:") for p in pairs)
    # Every same-act pair joins two different documents of one act group.
    groups = {line["file"]: line for line in map(json.loads, (SYNTHETIC3 / "gold.jsonl").open())}
    for p in same:
        docs = {c.document_id for c in p.a.claims} | {c.document_id for c in p.b.claims}
        assert len(docs) >= 2
    assert len(groups) == 67
    out = tmp_path / "matcher.json"
    model = train_matcher([SYNTHETIC3], out=out)
    written = MatcherModel.from_json(out.read_text(encoding="utf-8"))
    assert written == model
    assert json.loads(out.read_text())["format"] == FORMAT
    assert model.training["sources"] == ["synthetic3"]
    assert model.training["same_act_pairs"] > 0 and model.training["fitted_pairs"] > 0


def test_a_folder_that_is_not_a_gold_set_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"not a gold set: no gold\.jsonl") as error:
        train_matcher([tmp_path], out=tmp_path / "m.json")
    assert error.value.where == str(tmp_path)
    assert not (tmp_path / "m.json").exists()
    with pytest.raises(InputError, match="name at least one gold set"):
        train_matcher([], out=tmp_path / "m.json")
