"""The final-test third and the folds by document (evaluate/splits.py)."""

from __future__ import annotations

import hashlib
import json

import pytest

from ceasefire.evaluate.splits import fold_of, group_folds, is_final_test

from ..conftest import REPO


def voa_files() -> list[str]:
    lines = (REPO / "eval" / "voa" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return sorted(json.loads(line)["file"] for line in lines if line.strip())


def test_final_test_is_the_digest_rule_of_the_issue() -> None:
    for file in voa_files():
        digest = int(hashlib.sha256(f"voa/{file}".encode()).hexdigest(), 16)
        assert is_final_test("voa", file) is (digest % 3 == 0)


def test_the_set_name_is_part_of_the_rule() -> None:
    files = voa_files()
    assert [is_final_test("voa", f) for f in files] != [is_final_test("other", f) for f in files]


def test_about_a_third_of_a_set_is_final_test() -> None:
    files = voa_files()
    share = sum(is_final_test("voa", f) for f in files) / len(files)
    assert 0.15 < share < 0.5


def test_folds_partition_the_documents() -> None:
    keys = [("voa", f) for f in voa_files()]
    folds = group_folds(keys, 5)
    assert len(folds) == 5
    assert all(folds)
    flat = [i for fold in folds for i in fold]
    assert sorted(flat) == list(range(len(keys)))  # each document in exactly one fold


def test_a_document_keeps_its_fold() -> None:
    assert fold_of("voa", "voa_8011076.txt", 5) == fold_of("voa", "voa_8011076.txt", 5)
    folds = group_folds([("voa", f) for f in voa_files()], 5)
    again = group_folds([("voa", f) for f in voa_files()], 5)
    assert folds == again


def test_tiny_sets_still_fill_every_fold() -> None:
    folds = group_folds([("s", "a"), ("s", "b"), ("s", "c")], 3)
    assert sorted(len(f) for f in folds) == [1, 1, 1]


def test_one_fold_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 folds"):
        group_folds([("s", "a")], 1)
