"""`ceasefire train` and `ceasefire eval --cv/--split`: the models fit from gold folders, scored by
document-grouped folds; the shipped model is the one `train` makes of the repository's gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ceasefire.cli import cli
from ceasefire.evaluate.gold import read_gold
from ceasefire.evaluate.splits import is_final_test
from ceasefire.extract.choice import SCHEMA, ChoiceModel, shipped_path
from ceasefire.services import training

from .conftest import REPO

SYNTHETIC = REPO / "eval" / "synthetic"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    output = tmp_path_factory.mktemp("model") / "choice.json"
    return output, invoke("train", str(SYNTHETIC), "--output", str(output))


def test_train_writes_a_json_model_of_every_slot(trained: tuple[Path, Result]) -> None:
    output, result = trained
    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["schema"] == SCHEMA
    assert {"date", "keep"} <= set(document["slots"])
    assert set(document["about"]["held_out_accuracy"]) == {
        "date",
        "place",
        "spot",
        "perpetrator",
        "killed",
        "target",
        "join",
    }
    for body in document["slots"].values():
        assert isinstance(body["intercept"], float)
        assert body["weights"] and all(isinstance(w, float) for w in body["weights"].values())
    about = document["about"]
    development = [
        d.file
        for d in read_gold(SYNTHETIC / "gold.jsonl")
        if not is_final_test("synthetic", d.file)
    ]
    assert about["gold_sets"] == ["synthetic"]
    assert about["documents"] == len(development)  # never the final-test third
    assert about["seed"] == 0
    model = ChoiceModel.load(output)
    assert model is not None and model.version in result.output


def test_training_is_deterministic(trained: tuple[Path, Result], tmp_path: Path) -> None:
    output, _result = trained
    again = tmp_path / "again.json"
    assert invoke("train", str(SYNTHETIC), "--output", str(again)).exit_code == 0
    assert again.read_bytes() == output.read_bytes()


def test_a_model_trained_on_a_small_set_scores_above_a_floor(
    trained: tuple[Path, Result],
) -> None:
    output, _result = trained
    model = ChoiceModel.load(output)
    documents = training.prepare([SYNTHETIC], split="development")
    score = training.evaluate_split(documents, model)
    assert score.f1 >= 0.7 and score.strict_f1 >= 0.3, score.as_dict()
    date_accuracy = score.accuracy("date")
    assert date_accuracy is not None and date_accuracy >= 0.8


def test_cross_validation_prints_each_fold_and_the_pooled_figures() -> None:
    result = invoke("eval", "--cv", "2", str(SYNTHETIC), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert len(record["folds"]) == 2 and all(n > 0 for n in record["documents"])
    pooled = record["pooled"]
    assert pooled["required"] == sum(f["required"] for f in record["folds"])
    assert 0.5 <= pooled["incident_f1"] <= 1.0
    # the place at the finest level the gold names, and strict F1 with it, beside the others
    assert 0.0 <= pooled["field_accuracy"]["place_finest"] <= 1.0
    assert 0.0 <= pooled["strict_finest_f1"] <= 1.0


def test_split_scores_the_shipped_model_or_the_rules() -> None:
    learned = json.loads(invoke("eval", "--split", "development", str(SYNTHETIC), "--json").output)
    rules = json.loads(
        invoke("eval", "--split", "development", str(SYNTHETIC), "--rules-only", "--json").output
    )
    assert learned["required"] == rules["required"] > 0
    assert learned != rules


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "--cv", "2", "eval/synthetic/gold.jsonl", "--meta", "m.jsonl"],
        ["eval", "--cv", "1", "eval/synthetic"],
        ["eval", "eval/synthetic/gold.jsonl"],
        ["eval", "--cv", "2", "eval/synthetic", "--rules-only"],
    ],
)
def test_wrong_options_are_refused(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2


def test_a_folder_that_is_no_gold_set_is_named(tmp_path: Path) -> None:
    result = invoke("train", str(tmp_path), "--output", str(tmp_path / "m.json"))
    assert result.exit_code != 0
    assert f"{tmp_path}: not a gold set: no gold.jsonl or meta.jsonl" in result.output
    assert not (tmp_path / "m.json").exists()


def test_the_shipped_model_is_what_train_makes_of_the_repository_gold(tmp_path: Path) -> None:
    """Retrain on every gold set under eval/ and compare with the file the package ships."""
    sets = sorted(p.parent for p in (REPO / "eval").glob("*/gold.jsonl"))
    output = tmp_path / "choice.json"
    result = invoke("train", *map(str, sets), "--output", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == shipped_path().read_bytes(), (
        "the shipped model is stale: run `ceasefire train eval/*/`"
    )
