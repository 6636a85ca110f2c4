"""CART as a cross-check of PRIM: the tree's miss leaves recover a known box, find nothing where
there is nothing, agree with PRIM's box, and read as plain thresholds in both languages."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest

from ipsim.analysis.cart import agreement, cart
from ipsim.analysis.discover import input_formats, input_names
from ipsim.analysis.prim import prim
from ipsim.assess import assess
from ipsim.errors import ArgumentError
from ipsim.i18n import label
from ipsim.scenario import load_scenario
from ipsim.simulate import simulate


def _uniform(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.uniform(size=(rows, 4)), columns=["a", "b", "c", "d"])


@pytest.fixture(scope="module")
def boxed():
    """A known box, a < 0.3 and b > 0.6, with 5 % of the labels flipped (seed 16)."""
    x = _uniform(5_000, 16)
    truth = ((x["a"] < 0.3) & (x["b"] > 0.6)).to_numpy()
    flip = np.random.default_rng(17).uniform(size=truth.size) < 0.05
    return x, truth ^ flip


def test_the_tree_recovers_a_known_box(boxed):
    x, missed = boxed
    tree = cart(x, missed)
    (leaf,) = tree.miss_leaves()
    assert tree.restricted() == ("a", "b")
    assert tree.upper[leaf, 0] == pytest.approx(0.3, abs=0.02)
    assert tree.lower[leaf, 1] == pytest.approx(0.6, abs=0.02)
    assert np.isinf(tree.lower[leaf, [0, 2, 3]]).all()
    assert np.isinf(tree.upper[leaf, 1:]).all()
    # the box holds 12 % of cases, 95 % of them missing; the 5 % flipped outside are the rest
    assert tree.density[leaf] > 0.9
    assert tree.coverage[leaf] > 0.65
    assert tree.n.sum() == tree.n_total == 5_000
    assert tree.k.sum() == tree.k_total == missed.sum()


def test_splits_that_change_no_prediction_are_merged(boxed):
    x, missed = boxed
    merged, full = cart(x, missed), cart(x, missed, merge=False)
    assert merged.n.size < full.n.size <= 8
    assert merged.restricted() == ("a", "b")
    assert len(full.restricted()) > 2  # a third split inside the box, on noise
    # merging moves no case between miss and no-miss
    assert (merged.inside(x) == full.inside(x)).all()


def test_no_structure_gives_no_miss_leaf():
    x = _uniform(5_000, 5)
    missed = np.random.default_rng(6).uniform(size=5_000) < 0.2
    tree = cart(x, missed)
    assert tree.miss_leaves() == ()
    assert tree.rules_text("en") == label("cart.no_leaf", "en", density="50%")
    # unmerged, the leaves stay near the base rate: the split chosen as best on noise moves a
    # leaf by 2.7 binomial standard errors here (measured), a real box by far more
    full, base = cart(x, missed, merge=False), missed.mean()
    z = np.abs(full.density - base) / np.sqrt(base * (1 - base) / full.n)
    assert z.max() < 4
    assert full.density.max() < 0.3


def test_rules_read_as_thresholds_in_both_languages(boxed):
    x, missed = boxed
    names = {"a": ("creation funding", "创造资金")}
    tree = cart(x, missed, names=names)
    en, zh = tree.rules_text("en"), tree.rules_text("zh")
    assert en.startswith("creation funding below 0.3")
    assert " and b above 0.6" in en
    assert en.endswith("of cases inside miss")
    assert zh.startswith(label("prim.below", "zh", name="创造资金", value="0.3"))
    assert f"{tree.coverage[tree.miss_leaves()[0]]:.0%}" in zh


def test_the_tree_agrees_with_prim_on_the_known_box(boxed):
    x, missed = boxed
    box, tree = prim(x, missed), cart(x, missed)
    agreed = agreement(tree, box, x, missed)
    assert agreed.same_inputs
    assert agreed.prim_in_cart > 0.85
    assert agreed.cart_in_prim > 0.85
    assert agreed.misses_overlap > 0.9
    assert agreed.verdict("en").startswith("CART's tree restricts the same inputs and holds ")
    assert agreed.verdict("zh").startswith(label("cart.same_inputs", "zh"))
    regions = agreed.to_frame().set_index("region")
    assert regions.loc["both", "cases"] == agreed.both_cases
    assert json.loads(json.dumps(agreed.to_dict()))["same_inputs"] is True


def test_agreement_says_when_either_finds_nothing():
    x = _uniform(2_000, 5)
    missed = np.random.default_rng(6).uniform(size=2_000) < 0.2
    agreed = agreement(cart(x, missed), prim(x, missed), x, missed)
    assert not agreed.prim_found
    assert agreed.miss_leaves == 0
    assert agreed.verdict("en") == label("cart.neither", "en")
    assert np.isnan(agreed.prim_in_cart)


def test_the_result_is_plain_data(boxed):
    x, missed = boxed
    tree = cart(x, missed, rng=np.random.default_rng(4), min_leaf=100)
    again = pickle.loads(pickle.dumps(tree))
    assert again.rules_text("en") == tree.rules_text("en")
    doc = json.loads(json.dumps(tree.to_dict()))
    assert doc["settings"]["min_leaf"] == 100
    leaf = doc["leaves"][doc["miss_leaves"][0]]
    assert leaf["limits"]["a"][0] is None
    assert leaf["limits"]["a"][1] == pytest.approx(0.3, abs=0.02)
    frame = tree.to_frame()
    assert set(frame["column"].dropna()) <= {"a", "b"}
    assert "CART" in tree._repr_html_()


@pytest.fixture(scope="module")
def baseline():
    """Inputs and misses of invention applications over one baseline run, as discover builds them."""
    scenario = load_scenario("baseline")
    board = assess(simulate(scenario, draws=5_000, rng=1, keep_inputs=True))
    frame = board.inputs_frame("invention_apps")
    missed = ~frame.pop("met.invention_apps").to_numpy(dtype=bool)
    x = frame.loc[:, frame.nunique() > 1]
    columns = tuple(x.columns)
    return x, missed, input_names(scenario, columns), input_formats(scenario, columns)


def test_the_baseline_misses_when_invention_growth_is_low(baseline):
    x, missed, names, formats = baseline
    tree = cart(x, missed, names=names, formats=formats)
    assert tree.restricted() == ("growth.invention_apps",)
    (leaf,) = tree.miss_leaves()
    assert 0.16 < tree.upper[leaf, x.columns.get_loc("growth.invention_apps")] < 0.22
    assert tree.rules_text("en").startswith("growth of invention patent applications below ")
    assert tree.rules_text("zh").startswith("发明专利申请量增长率低于")
    box = prim(x, missed, names=names, formats=formats)
    agreed = agreement(tree, box, x, missed)
    assert agreed.same_inputs
    assert agreed.prim_in_cart > 0.9
    assert agreed.cart_in_prim > 0.9


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"missed": np.zeros(10, dtype=bool)}, "missed: expected one boolean per row"),
        ({"missed": np.zeros(100)}, "missed: expected one boolean per row"),
        ({"missed": np.zeros(100, dtype=bool)}, "missed: no case misses"),
        ({"x": pd.DataFrame({"a": []})}, "x: expected a DataFrame of numeric inputs"),
        ({"x": np.zeros((100, 2))}, "x: expected a DataFrame of numeric inputs"),
        ({"x": pd.DataFrame({"a": ["low"] * 100})}, "x: every column must be numeric"),
        ({"x": pd.DataFrame({"a": [np.nan] * 100})}, "x: every value must be a finite number"),
        ({"max_depth": 0}, "max_depth: expected a whole number between 1 and 20, got 0"),
        ({"max_depth": 2.5}, "max_depth: expected a whole number"),
        ({"min_leaf": 0.7}, "min_leaf: expected a share of the cases in (0, 0.5]"),
        ({"min_leaf": 0}, "min_leaf: expected a share"),
        ({"min_leaf": True}, "min_leaf: expected a share"),
        ({"merge": "yes"}, "merge"),
    ],
)
def test_bad_arguments_are_refused(change, message):
    given = {"x": _uniform(100, 1), "missed": np.arange(100) < 10, **change}
    with pytest.raises(ArgumentError, match=None) as caught:
        cart(given.pop("x"), given.pop("missed"), **given)
    assert message in str(caught.value)


def test_agreement_needs_the_same_cases(boxed):
    x, missed = boxed
    tree, box = cart(x, missed), prim(x, missed)
    with pytest.raises(ArgumentError, match="missed: expected one boolean per row"):
        agreement(tree, box, x, missed[:10])
    with pytest.raises(ArgumentError, match="x: lacks the input column"):
        agreement(tree, box, x.drop(columns="b"), missed)
