"""Hypothesis properties of the simulator and the assessment, on the small test plan."""

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ipsim.assess import assess
from ipsim.scenario import dump_scenario, load_scenario, loads_scenario
from ipsim.simulate import simulate

from ..conftest import DATA

MINI = load_scenario(DATA / "mini-scenario.yaml")
FAST = settings(max_examples=25, deadline=None)


@FAST
@given(low=st.floats(0.3, 3.0), factor=st.floats(1.0, 3.0), seed=st.integers(0, 2**32 - 1))
def test_more_funding_never_lowers_p_met(low, factor, seed):
    a = assess(simulate(MINI.with_funding("sorting", multiple=low), draws=400, rng=seed))
    b = assess(simulate(MINI.with_funding("sorting", multiple=low * factor), draws=400, rng=seed))
    for ta, tb in zip(a.targets, b.targets, strict=True):
        assert 0.0 <= ta.p_met <= 1.0
        assert 0.0 <= tb.p_met <= 1.0
        assert tb.p_met >= ta.p_met, ta.id


@FAST
@given(
    share=st.floats(0.001, 0.999),
    rate=st.floats(-3.0, 3.0),
    volatility=st.floats(0.0, 3.0),
    ceiling=st.floats(0.05, 1.0),
)
def test_shares_stay_in_bounds(share, rate, volatility, ceiling):
    spec = MINI.indicators["recycling_rate"]
    baseline = dataclasses.replace(spec.baseline, value=min(share, ceiling * 0.999))
    params = {**spec.params, "rate": rate, "volatility": volatility, "ceiling": ceiling}
    s = dataclasses.replace(
        MINI,
        indicators={
            **MINI.indicators,
            "recycling_rate": dataclasses.replace(spec, baseline=baseline, params=params),
        },
    )
    path = simulate(s, draws=300, rng=1).path("recycling_rate")
    assert np.all(path > 0)
    assert np.all(path <= ceiling)


@FAST
@given(seed=st.integers(0, 2**63))
def test_same_seed_same_numbers(seed):
    np.testing.assert_array_equal(
        simulate(MINI, draws=100, rng=seed).values, simulate(MINI, draws=100, rng=seed).values
    )


@FAST
@given(
    growth=st.floats(-0.5, 1.0),
    sd=st.floats(0.0, 0.08),
    multiple=st.floats(0.01, 10.0),
    draws=st.integers(1, 10**6),
    reading=st.sampled_from(["cagr", "yoy_each_year"]),
)
def test_load_dump_round_trip(growth, sd, multiple, draws, reading):
    from ipsim.distributions import Distribution

    s = MINI.with_value("green_firms", "growth", Distribution("normal", {"mean": growth, "sd": sd}))
    s = s.with_funding("sorting", multiple=multiple).with_run(draws=draws).with_reading(reading)
    assert loads_scenario(dump_scenario(s), base_dir=MINI.base_dir) == s


series = st.lists(st.floats(-5.0, 5.0), min_size=3, max_size=12)


@FAST
@given(values=series, shift=st.floats(-100.0, 100.0), slope=st.floats(-1.0, 1.0))
def test_walk_fit_moves_with_the_series(values, shift, slope):
    """Adding a constant changes nothing; adding a trend adds its slope to the drift only."""
    from ipsim.analysis.calibrate import fit_walk

    years = np.arange(2000, 2000 + len(values))
    y = np.array(values)
    base = fit_walk(years, y)
    moved = fit_walk(years, y + shift + slope * (years - 2000))
    np.testing.assert_allclose(moved.mean, base.mean + slope, atol=1e-9)
    np.testing.assert_allclose(moved.sd, base.sd, atol=1e-9)
    np.testing.assert_allclose(moved.se, base.se, atol=1e-9)
    lo, hi = base.interval(0.9)
    lo50, hi50 = base.interval(0.5)
    assert lo <= lo50 <= base.mean <= hi50 <= hi


@FAST
@given(
    draws=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=50),
    actual=st.floats(-1e3, 1e3),
)
def test_crps_is_nonnegative_and_at_most_the_mean_absolute_error(draws, actual):
    from ipsim.analysis.backtest import crps_from_draws, pit_value

    x = np.array(draws)
    crps = crps_from_draws(x, actual)
    assert -1e-9 <= crps <= np.mean(np.abs(x - actual)) + 1e-9
    assert 0.0 <= pit_value(x, actual) <= 1.0


# -- the funding response (ipsim.models.base): monotone, zero at the plan, bounded -------------

FAMILY_SETTINGS = {
    "compound_growth": ({"growth": 0.1, "volatility": 0.2}, 100.0),
    "logistic_share": ({"rate": 0.2, "ceiling": 0.9, "volatility": 0.3}, 0.3),
    "count_additions": ({"additions": 40.0, "growth": 0.05, "volatility": 0.3}, 10.0),
    "funded_units": ({"unit_cost": 2e5, "budget_share": 0.5, "volatility": 0.2}, 10.0),
}


def family_paths(family, log_signal, theta, seed):
    """40 draws of ``family`` over five projected years with the funding signal ``log_signal``
    (a number for every year, or a row per draw), the same noise for the same seed."""
    from ipsim.models import MODELS, ModelContext

    params, baseline = FAMILY_SETTINGS[family]
    rng = np.random.default_rng(seed)
    draws, steps = 40, 5
    signal = np.asarray(log_signal, dtype=float)
    ctx = ModelContext(
        draws=draws,
        years=np.arange(2016, 2017 + steps),
        baseline=np.full((draws, 1), baseline),
        params={k: np.full((draws, 1), v) for k, v in params.items()},
        elasticity=np.full((draws, 1), theta),
        log_funding_ratio=np.broadcast_to(signal, (steps,)) if signal.ndim < 2 else signal,
        reference_cny=1e7,
        shocks=rng.standard_normal((draws, steps)),
        uniforms=rng.random((draws, steps)),
    )
    return MODELS[family]().paths(ctx)


families = st.sampled_from(sorted(FAMILY_SETTINGS))


@FAST
@given(
    family=families,
    low=st.floats(0.01, 50.0),
    factor=st.floats(1.0, 50.0),
    theta=st.floats(0.0, 2.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_more_budget_never_lowers_a_path(family, low, factor, theta, seed):
    below = family_paths(family, np.log(low), theta, seed)
    above = family_paths(family, np.log(low * factor), theta, seed)
    assert np.all(above >= below)


@FAST
@given(family=families, theta=st.floats(-2.0, 2.0), seed=st.integers(0, 2**32 - 1))
def test_the_planned_budget_has_no_effect(family, theta, seed):
    np.testing.assert_array_equal(
        family_paths(family, 0.0, theta, seed), family_paths(family, 0.0, 0.0, seed)
    )


@FAST
@given(
    family=families,
    multiple=st.floats(1.0, 1e12),
    theta=st.floats(0.0, 2.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_no_budget_goes_beyond_the_bound(family, multiple, theta, seed):
    """However large the budget, a path stays below the one the bound gives (a signal so large
    that the response is theta * c); an unbounded form would grow without end."""
    from ipsim.models.base import FUNDING_SATURATION, saturated

    assert abs(float(saturated(np.log(multiple)))) <= FUNDING_SATURATION
    at_bound = family_paths(family, 1e6, theta, seed)
    assert np.all(family_paths(family, np.log(multiple), theta, seed) <= at_bound)
    np.testing.assert_allclose(family_paths(family, np.log(1e300), theta, seed), at_bound)
