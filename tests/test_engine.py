"""Analytic truths of the models, the simulator and the assessment."""

import dataclasses

import numpy as np
import pytest
from scipy import stats

from ipsim.assess import assess
from ipsim.distributions import Distribution
from ipsim.models._poisson import poisson_quantile
from ipsim.scenario import dump_scenario, loads_scenario
from ipsim.simulate import simulate


def _deterministic(mini):
    s = mini.with_value("recycling_rate", "rate", 0.4).with_value("green_firms", "growth", 0.1)
    s = s.with_value("green_firms", "elasticity", 0.0).with_value(
        "sites_upgraded", "unit_cost", 100_000.0
    )
    baseline = dataclasses.replace(s.indicators["recycling_rate"].baseline, value=0.25)
    spec = dataclasses.replace(
        s.indicators["recycling_rate"],
        baseline=baseline,
        params={**s.indicators["recycling_rate"].params, "volatility": 0.0},
    )
    s = dataclasses.replace(s, indicators={**s.indicators, "recycling_rate": spec})
    green = dataclasses.replace(
        s.indicators["green_firms"],
        params={**s.indicators["green_firms"].params, "volatility": 0.0},
    )
    waste = dataclasses.replace(
        s.indicators["waste_per_capita"],
        params={**s.indicators["waste_per_capita"].params, "volatility": 0.0},
    )
    return dataclasses.replace(
        s, indicators={**s.indicators, "green_firms": green, "waste_per_capita": waste}
    )


def test_zero_uncertainty_reproduces_the_deterministic_path(mini):
    result = simulate(_deterministic(mini), draws=50, rng=1)
    t = np.arange(6)
    np.testing.assert_allclose(
        result.path("green_firms"), np.broadcast_to(200 * 1.1**t, (50, 6)), rtol=1e-12
    )
    np.testing.assert_allclose(
        result.path("waste_per_capita"), np.broadcast_to(320 * 0.985**t, (50, 6)), rtol=1e-12
    )
    logit = np.log(0.25 / 0.75) + 0.4 * t
    np.testing.assert_allclose(
        result.path("recycling_rate"),
        np.broadcast_to(1 / (1 + np.exp(-logit)), (50, 6)),
        rtol=1e-12,
    )
    np.testing.assert_array_equal(result.path("sites_upgraded")[:, 1:], 45.0)  # 0.45 * 10m / 100k


def test_funding_elasticity_and_lag_shift_growth_exactly(mini):
    s = (
        _deterministic(mini)
        .with_value("green_firms", "elasticity", 0.5)
        .with_funding("sorting", multiple=2.0)
    )
    path = simulate(s, draws=3, rng=1).path("green_firms")[0]
    # lag 1: the 2021 budget moves 2022 onwards; 2021 still sees the 2020 (reference) budget;
    # the distributed lag (4/7, 2/7, 1/7) ramps the signal up to ln 2, the response is
    # 0.5 * tanh(signal) on the log growth
    growth = np.diff(np.log(path))
    ramp = np.array([0, 4 / 7, 6 / 7, 1, 1])
    np.testing.assert_allclose(growth, np.log(1.1) + 0.5 * np.tanh(ramp * np.log(2.0)), rtol=1e-12)


def test_p_met_matches_the_lognormal_closed_form(mini):
    r0, sigma, r, n = 0.08, 0.05, 0.10, 5
    s = mini.with_value("green_firms", "growth", r0).with_value("green_firms", "elasticity", 0.0)
    spec = s.indicators["green_firms"]
    spec = dataclasses.replace(spec, params={**spec.params, "volatility": sigma}, shock_loading=0.0)
    s = dataclasses.replace(s, indicators={**s.indicators, "green_firms": spec})
    board = assess(simulate(s, draws=200_000, rng=11))
    expected = stats.norm.sf((n * np.log1p(r) - n * np.log1p(r0)) / (sigma * np.sqrt(n)))
    got = board.target("green_firms")
    assert abs(got.p_met - expected) < 4 * got.p_met_se, (got.p_met, expected)
    assert got.p_met_se == pytest.approx(np.sqrt(got.p_met * (1 - got.p_met) / 200_000))


@pytest.mark.parametrize("mean", [0.2, 3.0, 12.0, 29.9, 30.0, 80.0, 400.0, 3000.0])
def test_poisson_quantile_is_exact(mean):
    rng = np.random.default_rng(int(mean * 10))
    u = rng.random(200_000)
    means = mean * np.exp(0.2 * rng.standard_normal(u.size))
    np.testing.assert_array_equal(poisson_quantile(u, means), stats.poisson.ppf(u, means))


@pytest.mark.parametrize("mean", [30.0, 250.0, 5000.0])
def test_poisson_quantile_is_exact_in_the_far_tails_and_at_zero(mean):
    """Guesses beyond 4 sd, and u = 0 (which ``random()`` can return), on the large-mean path."""
    from scipy.special import pdtr

    rng = np.random.default_rng(int(mean))
    u = np.concatenate([rng.random(2_000) * 1e-9, 1.0 - rng.random(2_000) * 1e-9, [0.0]])
    means = mean * np.exp(0.1 * rng.standard_normal(u.size))
    k = poisson_quantile(u, means)
    assert k[-1] == 0.0
    # the definition: the smallest k with P(X <= k) >= u
    assert (pdtr(k, means) >= u).all()
    assert (np.where(k > 0, pdtr(k - 1.0, means), -1.0) < u).all()


def test_poisson_quantile_is_monotone_in_the_mean():
    u = np.random.default_rng(3).random(50_000)
    low, high = (
        poisson_quantile(u, np.full(u.size, 29.5)),
        poisson_quantile(u, np.full(u.size, 30.5)),
    )
    assert (high >= low).all()


def test_same_seed_same_numbers_and_common_random_numbers(mini):
    a = simulate(mini, draws=2_000, rng=5)
    np.testing.assert_array_equal(a.values, simulate(mini, draws=2_000, rng=5).values)
    assert not np.array_equal(a.values, simulate(mini, draws=2_000, rng=6).values)
    # the first draws do not depend on how many draws are made
    np.testing.assert_array_equal(a.values[:500], simulate(mini, draws=500, rng=5).values)
    # more funding changes only the indicators that respond to funding
    b = simulate(mini.with_funding("sorting", multiple=1.3), draws=2_000, rng=5)
    np.testing.assert_array_equal(a.path("waste_per_capita"), b.path("waste_per_capita"))
    assert (b.path("green_firms")[:, -1] >= a.path("green_firms")[:, -1]).all()
    assert (b.path("new_plants")[:, -1] >= a.path("new_plants")[:, -1]).all()


@pytest.mark.parametrize("repeat_noise", [None, 250])
def test_chunks_give_the_numbers_of_one_pass(baseline, monkeypatch, repeat_noise):
    """Simulating draws in chunks (to bound memory) changes no number, with or without
    repeated noise, whatever the chunk size (here chunks of 37 draws, not a divisor)."""
    import sys

    engine = sys.modules["ipsim.simulate"]
    levers = {"funding.management": np.repeat(np.linspace(0.5, 2.0, 4), 250)}
    one = simulate(baseline, draws=1_000, rng=4, levers=levers, repeat_noise=repeat_noise)
    monkeypatch.setattr(engine, "_CHUNK_ELEMENTS", 37 * 4)
    chunked = simulate(baseline, draws=1_000, rng=4, levers=levers, repeat_noise=repeat_noise)
    np.testing.assert_array_equal(one.values, chunked.values)


def test_generator_and_int_seeds_agree(mini):
    a = simulate(mini, draws=300, rng=9)
    b = simulate(mini, draws=300, rng=np.random.default_rng(9))
    np.testing.assert_array_equal(a.values, b.values)


def test_result_frames(baseline):
    result = simulate(baseline, draws=200, rng=1)
    frame = result.to_frame()
    assert len(frame) == 200 * 18 * 5
    # the city's own series (28,526, derived from its 2017 release), not CNIPA's 31,892
    assert frame.query("indicator == 'invention_apps' and year == 2016")["value"].eq(28526).all()
    q = result.quantiles()
    row = q.query("indicator == 'invention_apps' and year == 2020").iloc[0]
    assert row.q05 < row.q50 < row.q95


def test_assessment_joint_outcome(baseline):
    board = assess(simulate(baseline, draws=5_000, rng=3))
    assert len(board.targets) == 18
    assert board.p_all_met == pytest.approx(board.met.all(axis=1).mean())
    assert sum(board.n_met_distribution) == pytest.approx(1.0)
    assert board.expected_met == pytest.approx(
        sum(k * p for k, p in enumerate(board.n_met_distribution))
    )
    observed = {t.id for t in board.targets if not t.baseline_assumed}
    assert observed == {"certified_units", "invention_apps", "trademark_regs"}
    t = board.target("invention_apps")
    assert t.required_growth == pytest.approx(0.18)
    assert t.lead_agency_zh == "市知识产权局"


def test_reading_changes_growth_targets_only(baseline):
    cagr = assess(simulate(baseline, draws=5_000, rng=3))
    strict = assess(simulate(baseline.with_reading("yoy_each_year"), draws=5_000, rng=3))
    for a, b in zip(cagr.targets, strict.targets, strict=True):
        if a.plan_kind == "cagr":
            assert b.kind == "yoy_each_year"
            assert b.p_met <= a.p_met
        else:
            assert a.p_met == b.p_met


def test_index_baseline_gives_scale_free_growth(baseline):
    board = assess(simulate(baseline, draws=2_000, rng=3))
    t = board.target("pledge_financing")
    assert t.baseline_confidence == "assumed"
    assert t.baseline_value is None
    assert t.unit == "fraction/yr"


def test_round_trip_of_every_bundled_scenario():
    from ipsim.scenario import bundled_scenarios, load_scenario

    for name in bundled_scenarios():
        s = load_scenario(name)
        assert loads_scenario(dump_scenario(s)) == s


def test_uncertain_inputs_round_trip(mini):
    s = mini.with_value("green_firms", "growth", Distribution("normal", {"mean": 0.1, "sd": 0.02}))
    assert loads_scenario(dump_scenario(s), base_dir=mini.base_dir) == s


def test_bundled_variants_differ_from_baseline_only_in_funding_and_names(baseline):
    from ipsim.scenario import load_scenario

    for name, multiple in (("high-funding", 1.5), ("austerity", 0.7)):
        other = load_scenario(name)
        assert {lever.multiple for lever in other.funding.values()} == {multiple}
        same = dataclasses.replace(
            other,
            name=baseline.name,
            title_zh=baseline.title_zh,
            title_en=baseline.title_en,
            description=baseline.description,
            funding=baseline.funding,
        )
        assert same == baseline


def test_more_funding_helps_in_the_bundled_scenarios():
    from ipsim.scenario import load_scenario

    boards = [
        assess(simulate(load_scenario(n), draws=4_000, rng=1))
        for n in ("austerity", "baseline", "high-funding")
    ]
    for low, mid, high in zip(*(b.targets for b in boards), strict=True):
        assert low.p_met <= mid.p_met <= high.p_met, low.id


def test_the_compiled_poisson_kernel_matches_numpy_and_scipy():
    """The numba kernel and the numpy fallback give the same exact quantiles."""
    pytest.importorskip("numba")
    from scipy.stats import poisson

    from ipsim.models._poisson import _by_summing_numpy
    from ipsim.models._poisson_numba import by_summing

    rng = np.random.default_rng(8)
    u = rng.random(200_000)
    mean = np.exp(rng.normal(np.log(4.0), 0.8, u.size))
    out = np.empty_like(mean)
    by_summing(u, mean, out)
    np.testing.assert_array_equal(out, _by_summing_numpy(u, mean))
    np.testing.assert_array_equal(out[:20_000], poisson.ppf(u[:20_000], mean[:20_000]))


def test_compiled_and_numpy_large_mean_paths_agree(monkeypatch):
    """The compiled Cornish-Fisher guess and its numpy twin lead to the same exact counts."""
    pytest.importorskip("numba")
    from ipsim.models import _poisson

    rng = np.random.default_rng(9)
    u = np.concatenate([rng.random(100_000), rng.random(500) * 1e-9, [0.0]])
    mean = np.exp(rng.uniform(np.log(30.0), np.log(20_000.0), u.size))
    compiled = poisson_quantile(u, mean)
    monkeypatch.setattr(_poisson, "_COMPILED", [None])
    np.testing.assert_array_equal(compiled, poisson_quantile(u, mean))
