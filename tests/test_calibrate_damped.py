"""The damped-trend option of calibration: a growth held over the years carries the horizon
average of a damped local trend (:func:`ipsim.analysis.calibrate_prior.damp_drift`)."""

import math

import numpy as np
import pytest

import ipsim.analysis.pooling as pooling
from ipsim.analysis.calibrate import calibrate
from ipsim.analysis.calibrate_prior import damp_drift
from ipsim.analysis.pooling import Damping, damped_horizon, drift_change_horizon
from ipsim.cli import main
from ipsim.errors import ArgumentError
from ipsim.scenario import load_scenario

PLAN = "guangzhou-ip-2017-2020"
SIMULATION_TOLERANCE = 0.01
"""Relative error allowed between the formula and 200,000 simulated paths: measured at most
0.36 % (mean) and 0.22 % (sd) over seeds 0-4 and the three cases below."""


def simulate_damped_local_trend(mu, se, horizon, phi, q, draws, rng):
    """Draws of the log level's change ``horizon`` years on, under the damped local trend.

    The drift at the origin is ``N(mu, se^2)``; each year it changes by ``q`` times a normal
    shock and is then damped, ``b_t = phi (b_(t-1) + q eta_t)`` (the convention of
    :func:`ipsim.analysis.pooling.drift_change_horizon`), and the level moves by ``b_t``. Volatility
    shocks of the level are left out: the scenario draws them year by year as before.
    """
    drift = rng.normal(mu, se, draws)
    total = np.zeros(draws)
    for _ in range(horizon):  # over years; every draw at once
        drift = phi * (drift + q * rng.standard_normal(draws))
        total += drift
    return total


@pytest.mark.parametrize(
    ("mu", "se", "horizon", "phi", "q"),
    [(0.2, 0.04, 3, 0.96, 0.061), (0.1, 0.02, 6, 0.85, 0.05), (0.15, 0.05, 1, 0.9, 0.03)],
)
def test_the_horizon_average_matches_a_simulated_damped_local_trend(mu, se, horizon, phi, q):
    damped = damp_drift(mu, se, horizon, Damping(phi, 0, 0, None, "", q))
    total = simulate_damped_local_trend(mu, se, horizon, phi, q, 200_000, np.random.default_rng(0))
    assert total.mean() / horizon == pytest.approx(damped.mean, rel=SIMULATION_TOLERANCE)
    assert total.std() / horizon == pytest.approx(damped.se, rel=SIMULATION_TOLERANCE)
    # the drift's uncertainty alone, undamped, would be far off wherever drifts change
    if horizon > 1:
        assert abs(se / damped.se - 1) > 10 * SIMULATION_TOLERANCE


def test_the_scenario_growth_holds_the_damped_spread_at_the_deadline():
    result = calibrate(plan=PLAN, origin=2017)
    walk = result.fits["invention_apps"].walk
    damped = walk.damped
    assert damped.horizon == 3  # 2017 (the last figure) to the 2020 deadline
    growth = result.to_scenario().indicators["invention_apps"].params["growth"]
    u = (np.arange(100_000) + 0.5) / 100_000
    change = damped.horizon * np.log1p(growth.ppf(u))  # the scenario's drift over 3 years
    d = damped.damping
    total = simulate_damped_local_trend(
        walk.mean, walk.se, 3, d.phi, d.drift_change_sd, 200_000, np.random.default_rng(1)
    )
    assert change.mean() == pytest.approx(total.mean(), rel=SIMULATION_TOLERANCE)
    # the scenario's t is clipped at 0.1 % / 99.9 %: its sd is 0.2 % below the normal's
    assert change.std() == pytest.approx(total.std(), rel=SIMULATION_TOLERANCE)


def test_no_damping_reproduces_the_undamped_fit_exactly(monkeypatch):
    monkeypatch.setattr(
        pooling, "damping", lambda *a, **k: Damping(1.0, 0, 0, 2017, "none", drift_change_sd=0.0)
    )
    damped = calibrate(plan=PLAN, origin=2017)
    undamped = calibrate(plan=PLAN, origin=2017, damped=False)
    for ident, fit in damped.fits.items():
        assert fit.spec.params == undamped.fits[ident].spec.params, ident
    assert (
        damped.fits["invention_apps"].walk.damped.mean == undamped.fits["invention_apps"].walk.mean
    )
    assert undamped.fits["invention_apps"].walk.damped is None
    assert damp_drift(0.2, 0.04, 3, Damping(1.0, 0, 0, None, "")).se == 0.04


def test_damping_shrinks_the_mean_toward_zero_by_the_damped_horizon_share():
    for phi, horizon in [(0.96, 3), (0.8, 5), (0.9, 1)]:
        damped = damp_drift(0.2, 0.04, horizon, Damping(phi, 0, 0, None, ""))
        share = float(damped_horizon(np.array([horizon]), phi)[0]) / horizon
        assert share < 1
        assert damped.mean == pytest.approx(0.2 * share, rel=1e-12)
        assert damped.se == pytest.approx(0.04 * share, rel=1e-12)  # q = 0: no drift change
    q = 0.05
    with_change = damp_drift(0.2, 0.04, 4, Damping(0.9, 0, 0, None, "", q))
    c, big_d = damped_horizon(np.array([4]), 0.9)[0], drift_change_horizon(np.array([4]), 0.9)[0]
    assert with_change.se**2 == pytest.approx((0.04 * c / 4) ** 2 + q**2 * big_d / 16, rel=1e-12)
    with pytest.raises(ArgumentError, match="horizon"):
        damp_drift(0.2, 0.04, 0, Damping(0.9, 0, 0, None, ""))


def test_the_bundled_fit_is_damped_as_published_by_its_origin_and_says_so():
    result = calibrate(plan=PLAN, origin=2017)
    fit = result.fits["invention_apps"]
    damped = fit.walk.damped
    assert (damped.damping.phi, damped.damping.published_by) == (0.96, 2017)
    share = float(damped_horizon(np.array([3]), 0.96)[0]) / 3
    assert damped.mean == pytest.approx(fit.walk.mean * share)
    growth = fit.spec.params["growth"]
    assert growth.params["loc"] == pytest.approx(damped.mean)
    assert growth.params["scale"] == pytest.approx(damped.se)
    assert "damped: phi 0.96, drift-change sd 0.061 from 26 series published by 2017" in (
        fit.spec.rationale
    )
    assert "(horizon 3 years: mean log growth 0.1861 a year of the undamped 0.2018" in (
        fit.spec.rationale
    )
    # a count is not damped, and says so
    assert "additions not damped" in result.fits["certified_units"].spec.rationale
    record = result.to_dict()["indicators"]
    by_id = {r["indicator"]: r for r in record}
    assert by_id["invention_apps"]["phi"] == 0.96
    assert by_id["invention_apps"]["drift_change_sd"] == pytest.approx(0.0611, abs=1e-4)
    assert by_id["certified_units"]["phi"] is None
    assert {"phi", "drift_change_sd", "horizon"} <= set(result.to_frame().columns)
    assert result.to_dict()["damped"] is True
    # a calibration as of 2016 uses the damping published by 2016 (and its own horizon)
    earlier = calibrate(plan=PLAN, origin=2016).fits["invention_apps"].walk.damped
    assert (earlier.damping.published_by, earlier.damping.phi, earlier.horizon) == (2016, 0.98, 4)


def test_logit_drifts_are_not_damped(tmp_path):
    from tests.test_calibrate import write_series

    path = write_series(
        tmp_path / "d.csv",
        {"counterfeit_closure_rate": {2014: 80.0, 2015: 85.0, 2016: 88.0}},
        unit="%",
    )
    fit = calibrate(path, PLAN, drift_prior="flat").fits["counterfeit_closure_rate"]
    assert fit.status == "fitted"
    assert fit.walk.damped is None
    assert "rate not damped: the damped trend is learnt on log-scale series" in fit.spec.rationale


def test_cli_no_damped_holds_the_yearly_drift(tmp_path):
    out = tmp_path / "undamped.yaml"
    assert main(["calibrate", "--origin", "2017", "--no-damped", "-o", str(out)]) == 0
    growth = load_scenario(out).indicators["invention_apps"].params["growth"]
    walk = calibrate(plan=PLAN, origin=2017).fits["invention_apps"].walk
    assert growth.params["loc"] == pytest.approx(walk.mean)
    assert growth.params["scale"] == pytest.approx(walk.se)
    assert math.isclose(
        load_scenario("calibrated-2017")
        .indicators["invention_apps"]
        .params["growth"]
        .params["loc"],
        walk.damped.mean,
    )
