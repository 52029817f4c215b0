"""The learned matcher: fitted deterministically on labelled pairs, vetoes kept as constraints, its
JSON file read back the same (and a bad one named), folds that never split an act, and the shipped
model's schema."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ceasefire.domain import Claim, DatePrecision, EventDate, Incident, Place
from ceasefire.errors import InputError
from ceasefire.resolve.matcher import (
    FORMAT,
    LabelledPair,
    MatcherModel,
    act_groups,
    cross_validate,
    fit_matcher,
    shipped_matcher,
    shipped_path,
    tally,
)
from ceasefire.resolve.matching import FEATURES, best_match, compare, score

PROVINCES = ("Kabul", "Khost", "Paktika", "Kunar", "Nangarhar", "Helmand")
SUBS = ("Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb")


def incident(ident: str, doc: str, *, province: str, day: date, sub: str, quote: str,
             location: str | None = None) -> Incident:  # fmt: skip
    return Incident(
        ident,
        "Explosions/Remote violence",
        sub,
        EventDate(day, DatePrecision.DAY),
        Place(country="Afghanistan", admin1=province, location=location),
        claims=[Claim(doc, 0, len(quote), quote)],
    )


def labelled() -> list[LabelledPair]:
    """Per act, two reports that agree (same place and day, similar words) and a report of another
    act in the same province a day later with other words and another type."""
    pairs = []
    for n in range(24):
        province = PROVINCES[n % len(PROVINCES)]
        day = date(2025, 10, 1) + timedelta(days=3 * n)
        town = f"Town{n}"
        a = incident(f"a{n}", f"d{n}a", province=province, day=day, sub=SUBS[n % 3],
                     location=town, quote=f"Shells hit {town} in {province}, killing {n} people")  # fmt: skip
        b = incident(f"b{n}", f"d{n}b", province=province, day=day, sub=SUBS[n % 3],
                     location=town, quote=f"{n} people killed as shells hit {town}")  # fmt: skip
        c = incident(f"c{n}", f"d{n}c", province=province, day=day + timedelta(days=1),
                     sub=SUBS[(n + 1) % 3], quote=f"A convoy was struck on a road in {province}")  # fmt: skip
        pairs.append(LabelledPair(a, b, f"act{n}", f"act{n}"))
        pairs.append(LabelledPair(a, c, f"act{n}", f"other{n}"))
    return pairs


def test_fit_is_deterministic_and_separates_the_acts() -> None:
    pairs = labelled()
    model = fit_matcher(pairs, seed=3)
    again = fit_matcher(list(reversed(pairs)), seed=3)
    assert model.to_json() == again.to_json()
    assert model.version.startswith("matcher.v1+")
    assert set(model.weights) == set(FEATURES)
    for item in pairs:
        found = score(item.a, item.b, model)
        assert found is not None
        assert found.is_match is item.same, (item.act_a, item.act_b, found)
    # The model learnt that the same location counts for one act, not a hand-typed sign.
    assert model.weights["place_location"] > 0


def test_vetoes_stay_constraints_whatever_the_weights() -> None:
    pairs = labelled()
    model = fit_matcher(pairs)
    eager = MatcherModel(
        weights=dict.fromkeys(model.weights, 0.0), intercept=50.0, threshold=0.5, version="x"
    )
    a = pairs[0].a
    far = incident("far", "dfar", province=a.place.admin1 or "", day=a.date.value + timedelta(days=9),  # type: ignore[operator]
                   sub=a.sub_event_type, quote=a.claims[0].quote)  # fmt: skip
    elsewhere = incident("else", "delse", province="Herat", day=a.date.value,  # type: ignore[arg-type]
                         sub=a.sub_event_type, quote=a.claims[0].quote)  # fmt: skip
    assert score(a, far, eager) is None
    assert score(a, elsewhere, eager) is None
    assert best_match(a, [far, elsewhere], eager) is None
    # ...while a pair the vetoes let through is a match under that model
    assert best_match(a, [pairs[0].b, far], eager) is not None


def test_model_file_round_trip_and_bad_files_named(tmp_path: Path) -> None:
    model = fit_matcher(labelled())
    assert MatcherModel.from_json(model.to_json()) == model
    data = json.loads(model.to_json())
    data["weights"]["no_such_feature"] = 1.0
    with pytest.raises(InputError, match="unknown feature 'no_such_feature'") as error:
        MatcherModel.from_json(json.dumps(data), where="m.json")
    assert error.value.where == "m.json"
    with pytest.raises(InputError, match="not valid JSON"):
        MatcherModel.from_json("{", where="m.json")
    with pytest.raises(InputError, match=r"not a ceasefire\.matcher/1 file"):
        MatcherModel.from_json('{"format": "other"}', where="m.json")


def test_a_single_class_cannot_be_fitted() -> None:
    same_only = [p for p in labelled() if p.same]
    with pytest.raises(InputError, match="both same-act and different-act pairs"):
        fit_matcher(same_only)


def test_folds_never_split_an_act_and_both_methods_are_scored() -> None:
    pairs = labelled()
    groups = act_groups(pairs)
    predictions = cross_validate(pairs, folds=4)
    assert sorted(p.index for p in predictions) == list(range(len(pairs)))
    fold_of_act: dict[str, set[int]] = {}
    for p in predictions:
        for act in (pairs[p.index].act_a, pairs[p.index].act_b):
            fold_of_act.setdefault(act, set()).add(p.fold)
    assert all(len(folds) == 1 for folds in fold_of_act.values())
    assert len(set(groups)) == 24  # act n and other n are joined by their (unvetoed) pair
    learned, hand = tally(pairs, predictions)
    assert learned.tp + learned.fn == 24 and hand.tp + hand.fn == 24
    assert learned.precision == 1.0 and learned.recall == 1.0
    with pytest.raises(InputError, match="too few for 30 folds"):
        cross_validate(pairs, folds=30)


def test_the_shipped_model_is_a_fitted_file() -> None:
    data = json.loads(shipped_path().read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert data["features"] == list(FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert data["training"]["fitted_pairs"] > 100 and data["training"]["same_act_pairs"] > 50
    model = shipped_matcher()
    assert model.version == data["version"]
    # A strike told twice with the same place, day and type is one act under the shipped model.
    pair = labelled()[0]
    found = compare(pair.a, pair.b)
    assert found is not None and model.probability(found.features) >= model.threshold
