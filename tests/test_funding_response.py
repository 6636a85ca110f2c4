"""The funding response: one bounded, distributed-lag form, on the level or on the growth as each
family declares; and goal-seek across the uncertainty of the funding elasticity theta."""

import dataclasses
import math

import numpy as np
import pytest

from ipsim.analysis.goalseek import THETA_QUANTILES, GoalSeekResult, ThetaAnswer, goal_seek
from ipsim.errors import ArgumentError
from ipsim.models import MODELS, ModelContext, register_model
from ipsim.models.base import (
    FUNDING_LAG_WEIGHTS,
    FUNDING_SATURATION,
    funding_signal,
    saturated,
    sustained_response,
)
from ipsim.scenario import load_scenario
from ipsim.simulate import simulate

BASE = load_scenario("baseline")
YEARS = np.arange(2016, 2022)  # a baseline year and five projected years

FAMILY_PARAMS = {
    "compound_growth": ({"growth": 0.1, "volatility": 0.0}, 100.0),
    "logistic_share": ({"rate": 0.2, "ceiling": 1.0, "volatility": 0.0}, 0.3),
    "count_additions": ({"additions": 1e6, "growth": 0.0, "volatility": 0.0}, 0.0),
    "funded_units": ({"unit_cost": 1.0, "budget_share": 1.0, "volatility": 0.0}, 0.0),
}
"""Deterministic settings of each built-in family (no shocks), and a baseline."""


def paths(family, multiple, theta=0.4):
    """One path of ``family`` with the budget held at ``multiple`` in every year that counts."""
    params, baseline = FAMILY_PARAMS[family]
    steps = len(YEARS) - 1
    ctx = ModelContext(
        draws=1,
        years=YEARS,
        baseline=np.array([[baseline]]),
        params={k: np.array([[v]]) for k, v in params.items()},
        elasticity=np.array([[theta]]),
        log_funding_ratio=np.full(steps, math.log(multiple)),
        reference_cny=1e6,
        shocks=np.zeros((1, steps)),
        uniforms=np.full((1, steps), 0.5),
    )
    return MODELS[family]().paths(ctx)[0]


def funding_gap(family, multiple, theta=0.4):
    """What the family's funding moves, funded against planned, each projected year: the log
    of the level or the logit of the share (growth families), the log of what is drawn each
    year (level families)."""
    funded, planned = paths(family, multiple, theta), paths(family, 1.0, theta)
    if family == "logistic_share":
        logit = lambda s: np.log(s / (1 - s))  # noqa: E731
        return (logit(funded) - logit(planned))[1:]
    if family == "count_additions":
        return np.log(np.diff(funded) / np.diff(planned))
    return np.log(funded[1:] / planned[1:])


@pytest.mark.parametrize("family", sorted(FAMILY_PARAMS))
def test_each_family_acts_where_it_declares(family):
    """A growth family's gap widens by the same step every year (the effect compounds); a level
    family's stays at that step (a level elasticity)."""
    step = sustained_response(2.0, elasticity=0.4)
    gap = funding_gap(family, 2.0)
    years = np.arange(1, len(gap) + 1)
    acts_on = MODELS[family].funding_acts_on
    expected = step * years if acts_on == "growth" else np.full(len(gap), step)
    np.testing.assert_allclose(gap, expected, rtol=2e-5)  # Poisson medians of 1e6 additions


def test_every_built_in_family_declares_what_funding_acts_on():
    assert {name: MODELS[name].funding_acts_on for name in FAMILY_PARAMS} == {
        "compound_growth": "growth",
        "logistic_share": "growth",
        "count_additions": "level",
        "funded_units": "level",
    }


def test_a_family_without_a_declaration_is_refused():
    class Undeclared(MODELS["compound_growth"]):  # type: ignore[misc, valid-type]
        name = "test_undeclared"
        funding_acts_on = "stock"  # type: ignore[assignment]

    with pytest.raises(ArgumentError, match="funding_acts_on must be one of 'level', 'growth'"):
        register_model(Undeclared)
    assert "test_undeclared" not in MODELS


def test_lag_weights_are_geometric_and_sum_to_one():
    w = np.array(FUNDING_LAG_WEIGHTS)
    assert w.sum() == 1.0
    np.testing.assert_allclose(w[1:] / w[:-1], 0.5)
    ramp = [funding_signal(np.log([[2.0] * k + [1.0] * (3 - k)]))[0] for k in (1, 2, 3)]
    np.testing.assert_allclose(ramp, np.log(2.0) * np.array([4 / 7, 6 / 7, 1.0]))


def test_the_response_is_zero_at_the_plan_has_slope_theta_there_and_is_bounded():
    theta = 0.3
    assert sustained_response(1.0, theta) == 0.0
    h = 1e-6
    slope = (sustained_response(math.exp(h), theta) - sustained_response(math.exp(-h), theta)) / (
        2 * h
    )
    assert slope == pytest.approx(theta, rel=1e-9)
    assert sustained_response(1e12, theta) == pytest.approx(theta * FUNDING_SATURATION)
    assert sustained_response(1e-12, theta) == pytest.approx(-theta * FUNDING_SATURATION)
    # 2x: tanh(ln 2) = 3/5; a 10x budget gives less than twice what a 2x one does
    assert sustained_response(2.0, 1.0) == pytest.approx(0.6)
    assert sustained_response(10.0, 1.0) < 2 * sustained_response(2.0, 1.0)
    assert float(saturated(0.0)) == 0.0


def test_at_the_planned_budget_every_number_is_what_it_was():
    """Every programme at multiple 1, said or not, and a per-draw lever of 1: the same bits."""
    plain = simulate(BASE, draws=500, rng=3)
    explicit = BASE
    for programme in BASE.funding:
        explicit = explicit.with_funding(programme, multiple=1.0)
    np.testing.assert_array_equal(simulate(explicit, draws=500, rng=3).values, plain.values)
    lever = simulate(BASE, draws=500, rng=3, levers={"funding.creation": np.ones(500)})
    np.testing.assert_array_equal(lever.values, plain.values)


def test_a_per_draw_budget_gives_the_bits_of_a_scenario_with_it():
    levers = {"funding.creation": np.full(400, 1.7)}
    swept = simulate(BASE, draws=400, rng=9, levers=levers)
    direct = simulate(BASE.with_funding("creation", multiple=1.7), draws=400, rng=9)
    np.testing.assert_array_equal(swept.values, direct.values)


def test_a_budget_for_one_year_fades_over_three():
    """A budget at 2x in 2017 only: the signal of 2018-2020 (lag 1) is 4/7, 2/7, 1/7 of ln 2."""
    s = BASE.with_funding("creation", multiple={2017: 2.0, 2018: 1.0, 2019: 1.0, 2020: 1.0})
    s = s.with_value("invention_apps", "elasticity", 1.0)
    spec = s.indicators["invention_apps"]
    spec = dataclasses.replace(spec, params={"growth": 0.1, "volatility": 0.0})
    s = dataclasses.replace(s, indicators={**s.indicators, "invention_apps": spec})
    path = simulate(s, draws=2, rng=1, indicators=["invention_apps"]).path("invention_apps")[0]
    shift = np.diff(np.log(path)) - math.log(1.1)
    signal = np.log(2.0) * np.array([0, 4 / 7, 2 / 7, 1 / 7])
    np.testing.assert_allclose(shift, np.tanh(signal), atol=1e-12)


# -- goal-seek across theta --------------------------------------------------------------------


@pytest.fixture(scope="module")
def invention():
    return goal_seek(BASE, "invention_apps", probability=0.8, draws=2_000, rng=5, tolerance=1e-3)


def test_goal_seek_answers_at_three_percentiles_of_theta(invention):
    theta = BASE.indicators["invention_apps"].elasticity
    assert invention.theta_role == "uncertain"
    assert [a.quantile for a in invention.by_theta] == list(THETA_QUANTILES)
    np.testing.assert_allclose(
        [a.theta for a in invention.by_theta], theta.ppf(np.array(THETA_QUANTILES))
    )
    assert invention.theta_median == pytest.approx(theta.median)
    # held at its median in every draw, the rest as it is: the answer of that scenario
    held = BASE.with_value("invention_apps", "elasticity", invention.by_theta[1].theta)
    alone = goal_seek(held, "invention_apps", probability=0.8, draws=2_000, rng=5, tolerance=1e-3)
    assert invention.by_theta[1].value == alone.value
    assert alone.theta_role == "fixed"
    assert alone.by_theta == ()
    # a larger elasticity needs less budget; where one is not reachable theta decides
    reachable = [a for a in invention.by_theta if a.reachable]
    assert [a.value for a in reachable] == sorted((a.value for a in reachable), reverse=True)
    for a in invention.by_theta:
        assert a.reachable == (a.best_p_met >= 0.8)


def test_a_growth_lever_does_not_act_through_theta_unless_the_budget_moves():
    growth = goal_seek(BASE, "invention_apps", lever="growth", draws=500, rng=5)
    assert (growth.theta_role, growth.by_theta, growth.theta_share) == ("none", (), None)
    funded = BASE.with_funding("creation", multiple=1.5)
    moved = goal_seek(funded, "invention_apps", lever="growth", draws=500, rng=5)
    assert moved.theta_role == "uncertain"
    assert len(moved.by_theta) == 3


def answer(by_theta, value_lo=1.9, value_hi=2.1):
    return GoalSeekResult(
        target="t",
        lever="funding.p",
        probability=0.8,
        feasible=True,
        value=2.0,
        value_lo=value_lo,
        value_hi=value_hi,
        p_met_at_value=0.8,
        best_p_met=0.9,
        current_value=1.0,
        p_met_now=0.4,
        bounds=(0.05, 5.0),
        unit="x planned budget",
        draws=1_000,
        theta_role="uncertain",
        theta_median=0.1,
        by_theta=tuple(
            ThetaAnswer(q, t, v, None if v is None else 0.8, 0.9 if v is not None else 0.5)
            for q, t, v in by_theta
        ),
    )


def test_theta_share_compares_theta_and_chance_as_variances():
    both = answer([(0.1, 0.05, 3.0), (0.5, 0.1, 2.0), (0.9, 0.2, 1.5)])
    assert both.theta_width == pytest.approx(1.5)
    assert both.mc_width == pytest.approx(0.2)
    sd_theta, sd_mc = 1.5 / (2 * 1.2815515655446004), 0.2 / (2 * 1.959963984540054)
    assert both.theta_share == pytest.approx(sd_theta**2 / (sd_theta**2 + sd_mc**2))
    decided = answer([(0.1, 0.05, None), (0.5, 0.1, 2.0), (0.9, 0.2, 1.5)])
    assert (decided.theta_width, decided.theta_share) == (None, 1.0)
    nowhere = answer([(0.1, 0.05, None), (0.5, 0.1, None), (0.9, 0.2, None)], None, None)
    assert nowhere.theta_share is None
    assert answer([(0.1, 0.05, 2.0), (0.5, 0.1, 2.0), (0.9, 0.2, 2.0)]).theta_share == 0.0


def test_the_record_and_the_table_carry_the_answers_across_theta(invention):
    doc = invention.to_dict()
    assert [a["quantile"] for a in doc["by_theta"]] == [0.1, 0.5, 0.9]
    assert {"theta", "value", "reachable"} <= set(doc["by_theta"][0])
    assert {"theta_role", "theta_median", "theta_width", "mc_width", "theta_share"} <= set(doc)
    row = invention.to_frame().iloc[0]
    assert row["value_theta_p50"] == invention.by_theta[1].value
    assert "by_theta" not in row
