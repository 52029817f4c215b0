"""The learned matcher (resolve/matching.py, resolve/matcher.py, services/matcher_training.py):
hard constraints stay rules, a blank slot is unknown and not a mismatch, the model file is checked,
and training on a gold set gives story-grouped figures against the hand-set rule."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasefire.cli import cli
from ceasefire.domain import Claim, DatePrecision, EventDate, Incident, Place
from ceasefire.errors import ModelFileError
from ceasefire.resolve.matcher import (
    SCHEMA,
    MatcherModel,
    matcher_version,
    shipped_matcher,
)
from ceasefire.resolve.matching import PLACE_RELATIONS, constraint, features, rule_score, score
from ceasefire.services import matcher_training

REPO = Path(__file__).resolve().parents[2]
PAIRS = REPO / "eval" / "pairs"

DISTRICT = Place(
    country="Pakistan", admin1="Khyber Pakhtunkhwa", admin2="Bajaur", location="Salarzai"
)
PROVINCE = Place(country="Pakistan", admin1="Khyber Pakhtunkhwa")
OTHER_DISTRICT = Place(
    country="Pakistan", admin1="Khyber Pakhtunkhwa", admin2="Lakki Marwat", location="Lakki Marwat"
)
ACROSS = Place(country="Afghanistan", admin1="Kunar", admin2="Dangam", location="Dangam")  # fmt: skip


def report(ident: str, doc: str, quote: str, *, place: Place = DISTRICT,
           day: date | None = date(2025, 12, 9), reported: date = date(2025, 12, 10),
           sub: str = "Air/drone strike") -> Incident:  # fmt: skip
    claim = Claim(doc, 0, len(quote), quote)
    when = EventDate(day, DatePrecision.DAY if day else DatePrecision.UNKNOWN)
    return Incident(ident, "Explosions/Remote violence", sub, when, place, claims=[claim],
                    reported_on=reported)  # fmt: skip


@pytest.fixture(scope="module")
def model() -> MatcherModel:
    """A matcher fit on the pairs set (its development part), as `train-matcher` fits one."""
    tied = matcher_training.tie([PAIRS])
    pairs = matcher_training.pairs_of(tied)
    clusters = matcher_training.clusters(tied)
    return matcher_training.fit(pairs, [clusters[p.a.document] for p in pairs], {})


FIRST = report(
    "a", "d1", "A quadcopter dropped explosives on a checkpost in Salarzai, killing two soldiers."
)


def test_a_blank_slot_is_unknown_not_a_mismatch(model: MatcherModel) -> None:
    undated = report("b", "d2", "Two soldiers were martyred in a quadcopter attack in Khyber Pakhtunkhwa.",
                     place=PROVINCE, day=None, reported=date(2025, 12, 11))  # fmt: skip
    found = features(FIRST, undated)
    assert found["date_one_side"] == 1.0 and "date_gap_in_window" not in found
    assert found["place_same_province"] == 1.0 and "place_other_district" not in found
    assert "date_both" not in found and found["date_one_side_lag"] > 0
    assert [r for r in PLACE_RELATIONS if f"place_{r}" in found] == ["same_province"]
    # The case: one side undated and placed only in the province is weighed, not ruled
    # out (the hand-set rule vetoed it: a coarse date, no shared district, wording not alike).
    assert constraint(FIRST, undated) is None and rule_score(FIRST, undated) is None
    judged = score(FIRST, undated, model=model)
    assert judged is not None and judged.threshold == model.threshold
    # The same pair placed in two different districts of the province is less likely one act.
    elsewhere = score(FIRST, replace(undated, place=OTHER_DISTRICT), model=model)
    assert elsewhere is not None and elsewhere.total < judged.total


def test_hard_constraints_are_rules_whatever_the_model(model: MatcherModel) -> None:
    same_words = report("b", "d2", FIRST.claims[0].quote)
    found = score(FIRST, same_words, model=model)
    assert found is not None and 0.0 < found.total < 1.0
    assert constraint(FIRST, replace(same_words, place=ACROSS)) == "different country"
    assert score(FIRST, replace(same_words, place=ACROSS), model=model) is None
    later = replace(same_words, date=EventDate(date(2025, 12, 12), DatePrecision.DAY))
    assert constraint(FIRST, later) == "dates apart" and score(FIRST, later, model=model) is None
    week = replace(same_words, date=EventDate(date(2025, 12, 8), DatePrecision.WEEK))
    assert constraint(FIRST, week) is None  # within the week's window
    history = replace(same_words, is_historical=True)
    assert score(FIRST, history, model=model) is None


def test_the_model_file_round_trips_and_names_its_version(model: MatcherModel) -> None:
    assert 0.0 < model.threshold < 1.0 and model.weights
    assert model.version.startswith("x-") and len(model.version) == 14
    again = MatcherModel.from_bytes(model.to_bytes())
    assert again == model and again.version == model.version
    heavier = replace(model, weights={**model.weights, "date_same_day": 9.0})
    assert heavier.version != model.version


def test_a_learned_matcher_ships_only_when_it_beat_the_rule() -> None:
    shipped = shipped_matcher()
    if shipped is None:
        # No model file: the hand-set rule matches, and runs record "rule".
        assert matcher_version() == "rule"
        a = FIRST
        b = report("b", "d2", "Two soldiers died as a quadcopter hit a post in Salarzai.")
        assert score(a, b) == rule_score(a, b)
    else:
        figures = shipped.about["cross_validation"]
        assert figures["model"]["f_beta"] > figures["rule_threshold_fit"]["f_beta"]
        assert matcher_version() == shipped.version


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not json", "not a JSON model file"),
        (json.dumps({"schema": "other/1"}).encode(), "not a matcher file"),
        (json.dumps({"schema": SCHEMA, "weights": {}, "intercept": 0}).encode(), "malformed"),
        (
            json.dumps({"schema": SCHEMA, "weights": {}, "intercept": 0, "threshold": 2}).encode(),
            "threshold outside",
        ),
    ],
)
def test_a_bad_model_file_is_named(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "matcher.json"
    path.write_bytes(content)
    with pytest.raises(ModelFileError) as raised:
        MatcherModel.load(path)
    assert problem in str(raised.value) and str(path) in str(raised.value.where)


def test_training_on_a_gold_set_groups_stories_and_scores_the_rule_too() -> None:
    tied = matcher_training.tie([PAIRS])
    assert tied and all(t.set_name == "pairs" for t in tied)
    clusters = matcher_training.clusters(tied)
    # Documents reporting one act share a cluster (so never fall in train and test at once).
    by_act: dict[str, set[str]] = {}
    for t in tied:
        by_act.setdefault(t.act, set()).add(clusters[t.document])
    assert all(len(found) == 1 for found in by_act.values())
    pairs = matcher_training.pairs_of(tied)
    assert any(p.same for p in pairs) and any(not p.same for p in pairs)
    assert all(p.a.file != p.b.file for p in pairs)
    result = matcher_training.cross_validate(pairs, tied, folds=3)
    assert result.model.pairs == result.rule.pairs > 0
    assert 0 < result.model.same <= sum(p.same for p in pairs)
    assert 0.0 <= result.model.f1 <= 1.0 and 0.0 <= result.rule.f1 <= 1.0
    # The rule's threshold is fit too, by the same folds (precision weighted), and judged held out.
    assert result.rule_fit is not None and 0 < result.rule_fit.pairs <= len(pairs)
    assert result.rule_threshold is not None and 0.0 < result.rule_threshold < 1.2
    totals = [p.rule_total for p in pairs if p.rule_total is not None]
    assert result.rule_threshold in {round(t, 4) for t in totals}


def test_train_matcher_writes_a_model_file(tmp_path: Path) -> None:
    target = tmp_path / "matcher.json"
    done = CliRunner().invoke(
        cli,
        ["train-matcher", str(PAIRS), "--cv", "3", "--force", "--json", "--output", str(target)],
    )
    assert done.exit_code == 0, done.output
    record = json.loads(done.output.strip().splitlines()[-1])
    model = MatcherModel.load(target)
    assert record["version"] == model.version and record["written"] == str(target)
    assert model.about["gold_sets"] == ["pairs"] and model.about["pairs"] > 0
    assert model.weights and 0.0 < model.threshold < 1.0
    # Deterministic: the same gold gives the same file.
    again = tmp_path / "again.json"
    CliRunner().invoke(
        cli, ["train-matcher", str(PAIRS), "--cv", "3", "--force", "--output", str(again)]
    )
    assert again.read_bytes() == target.read_bytes()


def test_train_matcher_names_a_folder_that_is_not_a_gold_set(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["train-matcher", str(tmp_path)])
    assert done.exit_code != 0
    assert str(tmp_path) in done.output and "not a gold set" in done.output
