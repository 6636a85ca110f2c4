"""PRIM scenario discovery (ipsim.analysis.prim): a known box is found, noise gives no box.

The synthetic case: 2,000 points uniform in [0, 1]^5, y = (x0 < 0.3 and x1 > 0.6) with 5 % of
labels flipped (seed 16). On these data the peeling trajectory, the limits and the
quasi-p-values were checked equal to EMA Workbench 2.5.3's ``Prim(x, y, threshold=0.8)`` (steps
37 and 40, and the pasted box from step 44: 206 cases, 198 misses).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from ipsim.analysis.prim import prim
from ipsim.errors import ArgumentError
from ipsim.i18n import label


def synthetic(n: int = 2000, columns: int = 5, seed: int = 16) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(n, columns)), columns=[f"x{i}" for i in range(columns)])
    truth = ((x["x0"] < 0.3) & (x["x1"] > 0.6)).to_numpy()
    return x, truth ^ (rng.uniform(size=n) < 0.05)


def test_known_box_is_recovered() -> None:
    x, y = synthetic()
    found = prim(x, y, threshold=0.9)
    assert found.found
    assert found.restricted == ("x0", "x1")
    assert found.limits[1, 0] == pytest.approx(0.3, abs=0.05)
    assert found.limits[0, 1] == pytest.approx(0.6, abs=0.05)
    # measured: coverage 0.733, density 0.919 (the true box holds ~0.73 of the misses at ~0.95)
    assert found.coverage == pytest.approx(0.733, abs=0.03)
    assert found.density == pytest.approx(0.919, abs=0.03)
    assert np.nanmax(found.qp) < 1e-50


def test_matches_ema_workbench_on_the_same_data() -> None:
    x, y = synthetic()
    peeled = prim(x, y, step=40, paste=False)
    assert peeled.limits[1, 0] == pytest.approx(0.2916507028899165, rel=1e-12)
    assert peeled.limits[0, 1] == pytest.approx(0.5861421339760036, rel=1e-12)
    assert peeled.qp[1, 0] == pytest.approx(1.818475211636314e-90, rel=1e-6)
    assert peeled.qp[0, 1] == pytest.approx(8.167288828465179e-62, rel=1e-6)
    pasted = prim(x, y, step=44)
    assert (pasted.n, pasted.k) == (206, 198)
    assert pasted.qp[0, 2] == pytest.approx(0.5099797916612494, rel=1e-6)
    assert pasted.qp[1, 3] == pytest.approx(0.36618075412440143, rel=1e-6)


def test_default_choice_is_the_widest_box_dense_enough() -> None:
    x, y = synthetic()
    found = prim(x, y)
    trajectory = found.trajectory()
    dense = trajectory[trajectory["density"] >= 0.8]
    assert found.step == dense["coverage"].idxmax() == 37
    assert found.density >= 0.8
    assert found.restricted == ("x0", "x1")
    assert list(trajectory.columns) == [
        "step",
        "coverage",
        "density",
        "mass",
        "n",
        "k",
        "restricted_dims",
    ]
    assert trajectory["mass"].iloc[-1] >= 0.05
    assert trajectory["mass"].is_monotonic_decreasing


@pytest.mark.parametrize("seed", range(3))
def test_no_structure_gives_no_box(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(size=(2000, 5)), columns=[f"x{i}" for i in range(5)])
    y = rng.uniform(size=2000) < 0.2
    found = prim(x, y)
    assert not found.found
    assert found.step == 0
    assert found.restricted == ()
    assert found.thresholds_text("en") == label("prim.no_box", "en", threshold="80%")
    # even a box taken by hand from the trajectory has no significant limit (measured min 0.08)
    last = prim(x, y, step=len(found.trajectory()) - 1, paste=False)
    assert np.nanmin(last.qp) > 0.05


def test_true_dimensions_are_stable_under_resampling() -> None:
    x, y = synthetic()
    found = prim(x, y, bootstrap=20, rng=1)
    assert found.stability is not None
    assert found.stability[0] >= 0.9
    assert found.stability[1] >= 0.9
    assert found.to_frame()["stability"].tolist() == found.stability.tolist()
    again = prim(x, y, bootstrap=20, rng=1)
    assert np.array_equal(again.stability, found.stability)


def test_thresholds_text_in_both_languages() -> None:
    x, y = synthetic()
    names = {"x0": ("creation funding", "创造资金"), "x1": ("growth", "增长率")}
    found = prim(x, y, threshold=0.9, names=names)
    assert found.thresholds_text("en") == (
        "creation funding below 0.292 and growth above 0.586: "
        "73% of misses, 92% of cases inside miss"
    )
    assert found.thresholds_text("zh").startswith(
        label("prim.below", "zh", name="创造资金", value="0.292")
    )
    document = found.to_dict()
    assert document["box"]["n"] == found.n
    assert document["found"] is True
    assert len(document["trajectory"]) == len(found.trajectory())
    assert "<table" in found._repr_html_()


def test_formats_give_limits_their_units_and_others_keep_three_digits() -> None:
    x, y = synthetic()
    formats = {"x0": lambda v, lang: f"{100 * v:.1f} {'%/yr' if lang == 'en' else '%/年'}"}
    found = prim(x, y, threshold=0.9, formats=formats)
    assert found.thresholds_text("en").startswith("x0 below 29.2 %/yr and x1 above 0.586:")
    assert found.thresholds_text("zh").startswith("x0低于29.2 %/年且x1高于0.586")


def test_hypergeometric_test_is_at_least_as_strict_as_binomial() -> None:
    x, y = synthetic()
    binomial = prim(x, y, step=44)
    exact = prim(x, y, step=44, test="hypergeometric")
    restricted = ~np.isnan(binomial.qp)
    assert np.all(exact.qp[restricted] <= binomial.qp[restricted] + 1e-12)


@pytest.mark.parametrize(
    ("x", "y", "options"),
    [
        (np.zeros((3, 2)), np.zeros(3, bool), {}),
        (pd.DataFrame({"a": ["u", "v"]}), np.zeros(2, bool), {}),
        (pd.DataFrame({"a": [1.0, np.nan]}), np.zeros(2, bool), {}),
        (pd.DataFrame({"a": [1.0, 2.0]}), np.zeros(3, bool), {}),
        (pd.DataFrame({"a": [1.0, 2.0]}), np.zeros(2), {}),
        (pd.DataFrame({"a": [1.0, 2.0]}), np.zeros(2, bool), {"peel_alpha": 0.7}),
        (pd.DataFrame({"a": [1.0, 2.0]}), np.zeros(2, bool), {"test": "t"}),
        (pd.DataFrame({"a": [1.0, 2.0]}), np.zeros(2, bool), {"step": 5}),
    ],
)
def test_bad_arguments_are_refused(x: object, y: object, options: dict[str, object]) -> None:
    with pytest.raises(ArgumentError):
        prim(x, y, **options)  # type: ignore[arg-type]


def test_ten_thousand_by_ten_under_a_second() -> None:
    x, y = synthetic(10_000, 10, seed=7)
    prim(x.iloc[:100], y[:100])  # scipy imported before timing
    start = time.perf_counter()
    found = prim(x, y)
    assert time.perf_counter() - start < 1.0  # measured 0.08-0.10 s
    assert found.restricted == ("x0", "x1")
