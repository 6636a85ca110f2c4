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
