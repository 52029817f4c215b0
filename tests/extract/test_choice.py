"""The learned choice: fitting, JSON weights, versions, bad model files (extract/choice.py)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ceasefire.extract.choice import SCHEMA, ChoiceModel, ModelFileError, best_threshold


def examples(seed: int = 1) -> list[tuple[dict[str, float], bool]]:
    """Candidates that are right when near the act and chosen by the rules, with noise."""
    rng = random.Random(seed)
    rows = []
    for _ in range(200):
        near = rng.random() < 0.5
        rule = rng.random() < 0.5
        right = (near and rule) or rng.random() < 0.1
        rows.append(({"dist_0": float(near), "rule": float(rule), "noise": rng.random()}, right))
    return rows


def test_fit_learns_which_features_speak_for_a_candidate() -> None:
    model = ChoiceModel.fit({"date": examples()})
    date = model.slots["date"]
    assert date.weights["dist_0"] > 0 and date.weights["rule"] > 0
    near = date.probability({"dist_0": 1.0, "rule": 1.0, "noise": 0.5})
    far = date.probability({"dist_0": 0.0, "rule": 0.0, "noise": 0.5})
    assert near > 0.5 > far
    assert date.explain({"dist_0": 1.0, "rule": 0.0})[0][0] == "dist_0"


def test_a_slot_with_one_kind_of_example_gets_no_model() -> None:
    model = ChoiceModel.fit({"date": examples(), "place": [({"a": 1.0}, True)] * 5})
    assert "date" in model.slots and "place" not in model.slots
    assert model.probability("place", {"a": 1.0}) is None


def test_fitting_is_deterministic_and_the_version_names_the_weights() -> None:
    first = ChoiceModel.fit({"date": examples()}, about={"documents": 3})
    second = ChoiceModel.fit({"date": examples()}, about={"documents": 3})
    assert first.to_bytes() == second.to_bytes()
    assert first.version == second.version and first.version.startswith("m-")
    other = ChoiceModel.fit({"date": examples(seed=2)}, about={"documents": 3})
    assert other.version != first.version


def test_grouped_fit_chooses_its_regularisation_and_the_keep_cut() -> None:
    rows = examples()
    groups = [f"doc{i // 10}" for i in range(len(rows))]
    model = ChoiceModel.fit(
        {"date": rows, "keep": rows}, groups={"date": groups, "keep": groups}, unreachable=3
    )
    assert model.about["regularisation_c"]["date"] in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    assert model.slots["date"].threshold == 0.5
    assert 0.0 < model.slots["keep"].threshold < 1.0


def test_round_trip_through_json(tmp_path: Path) -> None:
    model = ChoiceModel.fit({"date": examples(), "keep": examples(3)}, about={"seed": 0})
    path = tmp_path / "models" / "choice.json"
    model.save(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == SCHEMA
    assert set(document["slots"]) == {"date", "keep"}
    assert set(document["slots"]["date"]) == {"intercept", "threshold", "weights"}
    loaded = ChoiceModel.load(path)
    assert loaded is not None and loaded.version == model.version
    features = {"dist_0": 1.0, "rule": 0.0}
    assert loaded.probability("date", features) == pytest.approx(
        model.probability("date", features)
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01", "not a JSON model file"),
        (b'{"schema": "other"}', "not a model file of schema ceasefire.choice/1"),
        (b'{"schema": "ceasefire.choice/1", "slots": {"colour": {}}}', "unknown slot 'colour'"),
        (
            b'{"schema": "ceasefire.choice/1", "slots": {"date": {"weights": {}}}}',
            "malformed slot weights",
        ),
        (
            b'{"schema": "ceasefire.choice/1", "slots": {"keep": '
            b'{"weights": {}, "intercept": 0, "threshold": 7}}}',
            "threshold of keep outside 0..1",
        ),
    ],
)
def test_a_bad_model_file_is_named_in_one_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "choice.json"
    path.write_bytes(content)
    with pytest.raises(ModelFileError) as raised:
        ChoiceModel.load(path)
    assert str(raised.value).startswith(f"{path}: {message}")
    assert "\n" not in str(raised.value)


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read"):
        ChoiceModel.load(tmp_path / "absent.json")


def test_the_shipped_model_loads_and_says_why_each_slot_is_used() -> None:
    model = ChoiceModel.load()
    assert model is not None
    assert {"date", "keep"} <= set(model.slots)
    assert model.about["documents"] > 50
    for slot, accuracy in model.about["held_out_accuracy"].items():
        # a slot's model ships only when it beat the rules on held-out documents
        assert (slot in model.slots) is accuracy["used"] is (accuracy["model"] > accuracy["rules"])


def test_a_slot_model_no_better_than_the_rules_is_left_out() -> None:
    rng = random.Random(4)
    rows: list[tuple[dict[str, float], bool]] = []
    groups, choices = [], []
    for incident in range(60):
        # the rules' candidate is always right; the other only looks likely
        rows.append(({"rule": 1.0, "near": rng.random()}, True))
        rows.append(({"rule": 0.0, "near": rng.random()}, False))
        groups += [f"doc{incident // 3}"] * 2
        choices += [f"c{incident}"] * 2
    model = ChoiceModel.fit({"place": rows}, groups={"place": groups}, choices={"place": choices})
    assert "place" not in model.slots
    assert model.about["held_out_accuracy"]["place"] == {
        "model": 1.0,
        "rules": 1.0,
        "used": False,
    }


def test_best_threshold_maximises_f1() -> None:
    probabilities = [0.9, 0.8, 0.7, 0.4, 0.3, 0.1]
    labels = [True, True, False, True, False, False]
    cut = best_threshold(probabilities, labels, unreachable=0)
    # keeping the top four gives F1 6/7, the best of every cut
    assert 0.3 < cut < 0.4
    # with many positives out of reach, keeping more costs less: the cut does not rise
    assert best_threshold(probabilities, labels, unreachable=20) <= cut


def test_best_threshold_counts_the_answers_it_cannot_change() -> None:
    probabilities = [0.9, 0.7, 0.6, 0.5]
    labels = [True, False, False, True]
    # alone, the top one (F1 2/3) beats all four (F1 4/6, no better): the cut lies above 0.7
    assert best_threshold(probabilities, labels, unreachable=0) == 0.8
    # beside ten negatives answered yes whatever the cut, all four win (F1 4/16 against 2/13)
    assert best_threshold(probabilities, labels, unreachable=0, kept=(0, 10)) == 0.25


def test_the_conditional_logit_minimises_the_choice_by_choice_loss() -> None:
    """The ranked slots' fit works on all choices at once; its weights are the minimum of the loss
    written one choice at a time: -log P(right ones | the choice's candidates), L2-penalised.
    Choices of one to five candidates, some with two right ones, one with none (left out)."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    from ceasefire.extract.choice import _fit_ranked

    rng = np.random.default_rng(7)
    keys: list[str] = []
    labels: list[bool] = []
    for choice in range(60):
        size = int(rng.integers(1, 6))
        right = set(rng.choice(size, size=1 if choice % 7 else min(2, size), replace=False))
        for candidate in range(size):
            keys.append(f"c{choice}")
            labels.append(candidate in right and choice != 3)
    matrix = rng.normal(size=(len(keys), 4))
    matrix[:, 0] += np.array(labels) * 1.5  # the first feature speaks for the right ones
    strength = 0.5

    def reference(weights: np.ndarray) -> float:
        scores = matrix @ weights
        total = float(weights @ weights) / (2 * strength)
        for name in dict.fromkeys(keys):
            rows = [i for i, k in enumerate(keys) if k == name]
            good = [i for i in rows if labels[i]]
            if good:
                total += logsumexp(scores[rows]) - logsumexp(scores[good])
        return total

    fitted = _fit_ranked(matrix, labels, keys, np.arange(len(keys)), strength=strength)
    expected = minimize(
        reference,
        np.zeros(4),
        method="Nelder-Mead",
        options={"xatol": 1e-7, "fatol": 1e-10, "maxiter": 20000},
    ).x
    assert fitted[0] > 0.5
    assert np.allclose(fitted, expected, atol=1e-3), (fitted, expected)
    assert reference(fitted) <= reference(expected) + 1e-6
