"""Goal-seek against a closed form, Sobol against known indices, comparisons, CLI contracts."""

import dataclasses
import json
import math

import numpy as np
import pytest
from scipy.stats import norm

from ipsim.analysis.comparison import compare
from ipsim.analysis.goalseek import goal_seek, goal_seek_all, sweep
from ipsim.analysis.sensitivity import sensitivity, sobol_indices
from ipsim.distributions import Distribution
from ipsim.levers import levers_of
from ipsim.scenario import load_scenario

from .test_cli import ipsim

BASE = load_scenario("baseline")


def closed_form_scenario():
    """Invention applications with known growth 10 %, volatility 0.1, elasticity 0.5, no lag."""
    spec = BASE.indicators["invention_apps"]
    spec = dataclasses.replace(
        spec,
        params={"growth": 0.10, "volatility": 0.10},
        elasticity=0.5,
        lag=0,
        shock_loading=0.0,
    )
    return dataclasses.replace(BASE, indicators={**BASE.indicators, "invention_apps": spec})


def funding_gain(multiple):
    """What a budget at ``multiple`` times the plan from 2017 adds to the log growth of 2017-2020
    at elasticity 0.5 and no lag: the distributed-lag signal ramps up as (4/7, 6/7, 1, 1) of
    ln m, each year's response is 0.5 tanh(signal)."""
    ramp = np.array([4 / 7, 6 / 7, 1.0, 1.0])
    return float(np.sum(0.5 * np.tanh(ramp * math.log(multiple))))


def closed_form_p_met(multiple):
    """CAGR >= 18 % over 4 years: 4 ln1.1 + gain(m) + 0.1 * 2 Z >= 4 ln1.18."""
    return norm.cdf((4 * math.log(1.10 / 1.18) + funding_gain(multiple)) / 0.2)


def test_goal_seek_lands_on_the_closed_form_answer():
    """P(met) = Phi((4 ln(1.1/1.18) + gain(m)) / 0.2); m* solves gain(m) = 4 ln(1.18/1.1) +
    0.2 z_p."""
    from scipy.optimize import brentq

    scenario = closed_form_scenario()
    p = 0.8
    exact = brentq(lambda m: closed_form_p_met(m) - p, 1.0, 5.0, xtol=1e-10)
    answer = goal_seek(
        scenario, "invention_apps", lever="funding.creation", probability=p, draws=20_000, rng=3
    )
    assert answer.feasible
    assert answer.value_lo <= exact <= answer.value_hi
    assert answer.value == pytest.approx(exact, rel=0.03)
    # at the value P(met) >= p; slightly below it P(met) < p
    assert answer.p_met_at_value >= p
    below = goal_seek(
        scenario,
        "invention_apps",
        lever="funding.creation",
        probability=p,
        draws=20_000,
        rng=3,
        bounds=(0.05, answer.value - 1e-3),
    )
    assert not below.feasible
    assert below.best_p_met < p
    # the analytic P at the answer agrees within Monte Carlo error
    analytic = closed_form_p_met(answer.value)
    assert abs(answer.p_met_at_value - analytic) < 4 * math.sqrt(p * (1 - p) / 20_000)


def test_unreachable_and_already_met_are_said_plainly():
    out = goal_seek(
        BASE, "soe_invention_apps", lever="funding.creation", probability=0.95, draws=2_000
    )
    assert not out.feasible
    assert out.value is None
    assert out.best_p_met < 0.95
    assert "not reachable" in out.note
    easy = goal_seek(
        BASE, "operators_supported", lever="funding.operation", probability=0.05, draws=2_000
    )
    assert easy.feasible
    assert easy.value == easy.bounds[0]
    other = goal_seek(BASE, "invention_apps", lever="funding.finance", probability=0.8, draws=2_000)
    assert "does not move" in other.note
    none = goal_seek(BASE, "trademark_apps", lever="funding", probability=0.8, draws=2_000)
    assert not none.feasible
    assert "no funding lever" in none.note


def test_growth_lever_and_goal_seek_all():
    out = goal_seek(BASE, "invention_apps", lever="growth", probability=0.8, draws=4_000)
    assert out.lever == "growth.invention_apps"
    assert 0.18 < out.value < 0.4
    every = goal_seek_all(BASE, lever="funding", probability=0.8, draws=1_000)
    assert [a.target for a in every] == [t.id for t in BASE.load_plan().targets]
    growth = next(a for a in every if a.target == "invention_apps")
    assert growth.required_growth == pytest.approx(0.18, abs=0.01)  # the deterministic companion


def test_sweep_is_monotone_with_common_random_numbers():
    curve = sweep(BASE, "funding.creation", np.linspace(0.2, 3, 8), draws=1_000)
    for _, rows in curve.groupby("target"):
        assert rows["p_met"].is_monotonic_increasing


def test_sobol_recovers_ishigami_indices_within_salib_intervals():
    def ishigami(x):
        return (np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0]))[
            :, None
        ]

    table = sobol_indices(["x1", "x2", "x3"], [(-np.pi, np.pi)] * 3, ishigami, n=2048, rng=1)
    s1_true, st_true = [0.3139, 0.4424, 0.0], [0.5576, 0.4424, 0.2437]
    for row, s1, st in zip(table.itertuples(), s1_true, st_true, strict=True):
        assert abs(row.S1 - s1) <= row.S1_conf + 0.01, row
        assert abs(row.ST - st) <= row.ST_conf + 0.01, row


def test_sensitivity_of_the_simulator_puts_zero_on_inputs_that_do_not_reach_a_target():
    result = sensitivity(BASE, target="invention_apps", n=128, draws_per_point=64)
    table = result.indices.query("output == 'p_met'").set_index("input")
    for name in (
        "funding.finance",
        "funding.operation",
        "funding.protection",
        "funding.services",
        "funding.management",
    ):
        assert table.loc[name, "S1"] == 0.0
        assert table.loc[name, "ST"] == 0.0
    assert table.loc["growth.invention_apps", "ST"] > table.loc["funding.creation", "ST"] > 0.1
    tornado = result.tornado.query("output == 'p_met'").set_index("input")
    assert tornado.loc["funding.finance", "swing"] == 0.0
    assert tornado.loc["funding.creation", "at_high"] > tornado.loc["funding.creation", "at_low"]
    morris = sensitivity(BASE, target="invention_apps", method="morris", n=16, draws_per_point=32)
    assert (
        morris.indices.query("output == 'p_met'")
        .set_index("input")
        .loc["funding.finance", "mu_star"]
        == 0.0
    )


def test_comparing_a_scenario_with_itself_shows_zero_exactly():
    same = compare(BASE, BASE, draws=2_000)
    assert (same.frame["d_p_met"] == 0).all()
    assert (same.frame["d_median"] == 0).all()
    more = compare(BASE, "high-funding", draws=2_000).frame
    assert (more[more["scenario"] == "high-funding"]["d_p_met"] >= 0).all()


def test_per_draw_levers_equal_separate_runs():
    from ipsim.simulate import simulate

    levers = levers_of(BASE)
    assert {"funding.creation", "growth.invention_apps"} <= set(levers)
    r = simulate(
        BASE,
        draws=1_000,
        rng=4,
        indicators=["invention_apps"],
        levers={"funding.creation": np.repeat([0.5, 2.0], 500)},
        repeat_noise=500,
    )
    one = simulate(
        BASE.with_funding("creation", multiple=2.0), draws=500, rng=4, indicators=["invention_apps"]
    )
    np.testing.assert_allclose(r.values[500:], one.values)
    assert isinstance(BASE.indicators["invention_apps"].params["growth"], Distribution)


def test_goalseek_cli_json_contract():
    done = ipsim(
        "goalseek",
        "baseline",
        "--target",
        "invention_apps",
        "--lever",
        "funding.creation",
        "--probability",
        "0.8",
        "--draws",
        "2000",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert {
        "target",
        "lever",
        "probability",
        "feasible",
        "value",
        "value_lo",
        "value_hi",
        "p_met_at_value",
        "best_p_met",
    } <= set(doc)
    assert doc["lever"] == "funding.creation"
    every = json.loads(
        ipsim(
            "goalseek", "baseline", "--target", "all", "--draws", "500", "--format", "json"
        ).stdout
    )
    assert isinstance(every, list)
    assert len(every) == 18


def test_goalseek_cli_table_shows_the_answer_across_theta():
    done = ipsim("goalseek", "baseline", "--target", "invention_apps", "--draws", "1000")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "at θ p10" in line)
    assert all(f"at θ p{q}" in lines[head] for q in (10, 50, 90))
    assert "θ uncertain" in lines[head]
    row = lines[head + 2]
    assert row.startswith("Invention patent applications")  # a label, never the id
    assert "(θ 0.127)" in row
    assert row.rstrip().endswith("%")  # the share of the spread that is theta's
    growth = ipsim("goalseek", "baseline", "--target", "invention_apps", "--lever", "growth")
    assert "θ does not move this answer" in growth.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["goalseek", "baseline", "--target", "invention_app", "--lever", "funding"],
            "Did you mean 'invention_apps'",
        ),
        (
            ["goalseek", "baseline", "--target", "invention_apps", "--lever", "funding.creaton"],
            "unknown lever",
        ),
        (
            ["goalseek", "baseline", "--target", "invention_apps", "--probability", "1.5"],
            "between 0 and 1",
        ),
        (["sensitivity", "baseline", "--target", "nope"], "has no target 'nope'"),
        (["compare", "baseline", "no-such.yaml"], "no such scenario file"),
    ],
)
def test_what_it_takes_commands_reject_bad_input(args, message):
    done = ipsim(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_sensitivity_and_compare_cli():
    done = ipsim(
        "sensitivity",
        "baseline",
        "--target",
        "invention_apps",
        "--n",
        "32",
        "--draws-per-point",
        "32",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["method"] == "sobol"
    assert {"target", "output", "input", "S1", "S1_conf", "ST", "ST_conf"} <= set(doc["indices"][0])
    table = ipsim("compare", "baseline", "high-funding", "--draws", "1000")
    assert table.returncode == 0, table.stderr
    assert "Δ high-funding" in table.stdout


@pytest.mark.parametrize("name", ["baseline", "high-funding", "national-13th", "national-14th"])
def test_is_lever_agrees_with_levers_of(name):
    from ipsim.levers import is_lever, levers_of
    from ipsim.scenario import load_scenario

    scenario = load_scenario(name)
    known = set(levers_of(scenario))
    plan = scenario.load_plan()
    candidates = {f"funding.{p.id}" for p in plan.funding_programmes}
    candidates |= {f"growth.{i}" for i in plan.indicator_ids} | {"funding.x", "growth.x", "x"}
    assert {c for c in candidates if is_lever(c, scenario)} == known
