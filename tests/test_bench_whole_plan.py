"""The whole-plan benchmark's alternatives answer ipsim's question (benchmarks/whole_plan.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import whole_plan


@pytest.fixture(scope="module")
def ipsim_answer() -> np.ndarray:
    return whole_plan.by_ipsim(20_000, seed=3)[0]


def test_the_plan_reads_every_target_of_the_baseline() -> None:
    plan = whole_plan.the_plan()
    assert len(plan.recipes) == 18
    assert len(plan.tests) == 18
    assert {r.family for r in plan.recipes} == {
        "compound_growth",
        "logistic_share",
        "count_additions",
        "funded_units",
    }


def test_agreement_check_can_fail() -> None:
    reference = np.array([0.5, 0.5])
    ok = whole_plan.agrees(np.array([0.505, 0.6]), 10_000, reference, 10_000)
    assert ok.tolist() == [True, False]


def test_hand_tight_numpy_agrees_with_ipsim(ipsim_answer: np.ndarray) -> None:
    p, p_all = whole_plan.by_numpy(20_000, seed=4)
    assert whole_plan.agrees(p, 20_000, ipsim_answer, 20_000).all()
    assert 0.0 <= p_all <= p.min()


def test_python_loop_agrees_with_ipsim(ipsim_answer: np.ndarray) -> None:
    p, _ = whole_plan.by_loop(400, seed=5)
    assert whole_plan.agrees(p, 400, ipsim_answer, 20_000).all()


def test_statsmodels_agrees_with_ipsim(ipsim_answer: np.ndarray) -> None:
    pytest.importorskip("statsmodels")
    p, _ = whole_plan.by_statsmodels(500, seed=6)
    assert whole_plan.agrees(p, 500, ipsim_answer, 20_000).all()


def test_numpy_assessment_gives_the_quantiles() -> None:
    paths = whole_plan.numpy_paths(2_000, seed=7)
    p, _, quantiles = whole_plan.numpy_assess(paths)
    assert paths.shape == (18, 2_000, 5)
    assert quantiles.shape == (3, 18)
    assert np.all(quantiles[0] <= quantiles[1])
    assert np.all(quantiles[1] <= quantiles[2])
    assert np.all((p >= 0) & (p <= 1))
