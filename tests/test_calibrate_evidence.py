"""Calibration where knowledge is thin: priors on drifts, over-dispersed counts, evidence rows."""

import math

import numpy as np
import pytest
from scipy.stats import binom, gamma

from ipsim.analysis.calibrate import calibrate
from ipsim.analysis.calibrate_prior import count_rate, stated_prior
from ipsim.distributions import Distribution
from ipsim.errors import CalibrationError
from ipsim.observed import load_observed
from ipsim.plan import load_plan

PLAN = load_plan("guangzhou-ip-2017-2020")


def _worlds(sigma, n_series, n_additions, seed, rate=200.0):
    """Yearly additions, Poisson with a mean carrying a log-normal shock (mean ``rate``)."""
    rng = np.random.default_rng(seed)
    median = rate * math.exp(-(sigma**2) / 2)
    means = median * np.exp(sigma * rng.standard_normal((n_series, n_additions)))
    return rng.poisson(means).astype(float)


@pytest.mark.parametrize("sigma", [0.15, 0.3])
def test_over_dispersed_count_intervals_cover_90_percent_where_poisson_ones_do_not(sigma):
    """400 synthetic series of 5 yearly additions at 200 a year; 99.9 % binomial tolerance."""
    worlds = _worlds(sigma, 400, 5, seed=int(sigma * 100))
    covered = poisson_covered = 0
    for additions in worlds:
        fit = count_rate(np.ones(5), additions, prior_sigma=sigma, prior_df=2.0)
        lo, hi = fit.rate.ppf(np.array([0.05, 0.95]))
        covered += lo <= 200.0 <= hi
        p_lo, p_hi = gamma.ppf([0.05, 0.95], additions.sum() + 0.5, scale=1 / 5)
        poisson_covered += p_lo <= 200.0 <= p_hi
    low, high = binom.ppf([0.0005, 0.9995], 400, 0.9)
    assert low <= covered <= high, covered / 400
    assert poisson_covered / 400 < 0.75  # the Poisson rate's interval is far too narrow


def test_a_constant_stated_value_gives_no_prior_and_a_distribution_its_log_moments():
    assert stated_prior(0.17, scale="log", source="x") is None
    prior = stated_prior(
        Distribution("normal", {"mean": 0.17, "sd": 0.06}), scale="log", source="x"
    )
    assert prior.mean == pytest.approx(math.log(1.17), abs=2e-3)
    assert prior.sd == pytest.approx(0.06 / 1.17, rel=0.01)


def test_two_or_three_figures_are_shrunk_toward_the_prior_and_say_so():
    flat = calibrate(plan=PLAN, origin=2017, drift_prior="flat").fits["invention_apps"].walk
    stated = calibrate(plan=PLAN, origin=2017, drift_prior="stated").fits["invention_apps"]
    walk = stated.walk
    assert flat.prior is None
    assert walk.data_mean == pytest.approx(flat.mean)
    assert walk.prior.method == "stated in the prior scenario"
    assert walk.prior.mean < walk.mean < walk.data_mean
    assert walk.se < flat.se
    assert "shrunk toward the prior mean 0.156" in stated.spec.rationale
    record = stated.to_record()
    assert record["drift_data"] == pytest.approx(flat.mean)
    assert "stated in the prior scenario" in record["prior"]


def test_an_unknown_prior_choice_is_refused():
    with pytest.raises(CalibrationError, match="drift_prior: expected one of"):
        calibrate(plan=PLAN, origin=2017, drift_prior="flatt")


def test_bounds_and_partial_years_are_kept_as_dated_evidence():
    selection = load_observed(PLAN).select(PLAN)
    evidence = selection.evidence
    certified = evidence[evidence["indicator"] == "certified_units"].set_index("year")
    assert certified.loc[2016, ["month", "value", "lower_bound"]].tolist() == [11, 57.0, True]
    assert certified.loc[2017, ["month", "value", "lower_bound"]].tolist() == [3, 92.0, False]
    # every full-year level before the pick, so a fit can keep to one source's series
    candidates = selection.candidates
    apps_2016 = candidates[
        (candidates["indicator"] == "invention_apps") & (candidates["year"] == 2016)
    ]
    assert sorted(apps_2016["value"]) == [28526.0, 31891.0, 31892.0]


def test_an_upper_bound_on_additions_pulls_the_rate_down():
    from ipsim.analysis.calibrate_prior import Bound

    prior = Distribution("triangular", {"low": 100.0, "mode": 200.0, "high": 400.0})
    free = count_rate(np.array([]), np.array([]), prior=prior, prior_df=0.0)
    bounded = count_rate(
        np.array([]), np.array([]), prior=prior, prior_df=0.0, bounds=[Bound(35.0, 4 / 12)]
    )
    assert bounded.rate.median < 0.6 * free.rate.median


# -- one source series, bounds, partial years (ipsim.analysis.calibrate_evidence) ------------


def _csv(path, rows):
    """Write observed rows (indicator, plan indicator, year, value, unit, source title)."""
    from ipsim.observed import OBSERVED_COLUMNS

    lines = [",".join(OBSERVED_COLUMNS)]
    lines += [f"{a},{b},{y},{v!r},{u},Guangzhou,{src},,,high" for a, b, y, v, u, src in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_bundled_invention_applications_keep_to_the_city_series():
    fit = calibrate(plan=PLAN, origin=2017).fits["invention_apps"]
    # the city's 2016 (derived from its 2017 release) and 2017; CNIPA's 2015 moved onto the
    # series by the sources' 2016 offset, so 2015 -> 2016 is CNIPA's own growth
    assert fit.sources == ("line 13", "line 10", "line 3")
    assert fit.values[0] / fit.values[1] == pytest.approx(20083 / 31892)
    assert fit.spec.baseline.history == {2016: 28526.0}  # the target's base, same series
    rationale = fit.spec.rationale
    assert "31,892 (+11.8 % against the series" in rationale
    assert "measurement sd 0.1115" in rationale
    assert "never as growth" in rationale


def test_growth_is_never_computed_across_sources(tmp_path):
    """Source B reads 20 % higher than A; every increment within one source grows 10 %."""
    rows = [
        ("apps", "invention_apps", y, 100.0 * 1.1 ** (y - 2012), "件", "A")
        for y in (2012, 2013, 2014)
    ]
    rows += [
        ("apps", "invention_apps", y, 120.0 * 1.1 ** (y - 2012), "件", "B") for y in (2014, 2015)
    ]
    path = _csv(tmp_path / "d.csv", rows)
    fit = calibrate(path, PLAN, drift_prior="flat", origin=2015).fits["invention_apps"]
    # A holds the longest run (3 years): B's 2015 is moved onto A's series by the 2014 offset
    assert fit.walk.mean == pytest.approx(math.log(1.1))
    assert fit.values[-1] == pytest.approx(100.0 * 1.1**3)
    assert "moved onto the series" in fit.spec.rationale


def test_on_a_tie_the_source_holding_the_latest_figure_is_the_series():
    import pandas as pd

    from ipsim.analysis.calibrate_evidence import choose_source

    rows = pd.DataFrame({"source_title": ["a", "a", "b", "b"], "year": [2014, 2015, 2015, 2016]})
    assert choose_source(rows) == "b"
    longer = pd.DataFrame({"source_title": ["a"] * 3 + ["b"], "year": [2013, 2014, 2015, 2016]})
    assert choose_source(longer) == "a"


def test_measurement_error_widens_the_drift_and_weighs_the_noisy_increment_less():
    from ipsim.analysis.calibrate import fit_walk

    years, values = np.array([2015, 2016, 2017]), np.array([0.0, 0.46, 0.72])
    exact = fit_walk(years, values, prior_sd=0.06, prior_df=2)
    noisy = fit_walk(
        years, values, prior_sd=0.06, prior_df=2, measurement_sd=np.array([0.11, 0, 0])
    )
    assert noisy.se > exact.se
    assert 0.26 < noisy.mean < exact.mean  # toward the exact increment 0.26


def test_a_lower_bound_is_never_the_level_of_a_stock():
    result = calibrate(plan=PLAN, origin=2017)
    certified = result.fits["certified_units"]
    value = certified.spec.baseline.value
    assert (value.family, value.params) == (
        "triangular",
        {"low": 57.0, "mode": 65.75, "high": 92.0},
    )
    # at most 35 additions in the four months Dec-Mar pull the rate below the prior's
    assert certified.walk.mean < 0.85 * certified.walk.prior.mean
    assert "a lower bound is never used as the level" in certified.spec.rationale


def test_a_partial_year_flow_stands_for_its_full_year_with_its_error(tmp_path):
    rows = [
        ("apps", "invention_apps", y, 100.0 * 1.2 ** (y - 2014), "件", "A") for y in (2015, 2016)
    ]
    rows.append(("apps (Jan-Sep)", "invention_apps", 2014, 75.0, "件", "A"))
    path = _csv(tmp_path / "d.csv", rows)
    fit = calibrate(path, PLAN, drift_prior="flat", origin=2016).fits["invention_apps"]
    assert fit.years == (2014, 2015, 2016)
    assert fit.values[0] == pytest.approx(100.0)  # 75 * 12 / 9
    assert "times 12/9" in fit.spec.rationale
    assert "measurement sd 0.250" in fit.spec.rationale
    # a year with a full-year figure keeps it
    rows.append(("apps (Jan-Sep)", "invention_apps", 2015, 80.0, "件", "A"))
    path = _csv(tmp_path / "e.csv", rows)
    fit = calibrate(path, PLAN, drift_prior="flat", origin=2016).fits["invention_apps"]
    assert fit.values[1] == pytest.approx(120.0)
    assert "not used: the year has a full-year figure" in fit.spec.rationale


def test_an_approximate_figure_carries_a_wider_error():
    import pandas as pd

    from ipsim.analysis.calibrate_evidence import APPROXIMATE_SD, one_source_series

    rows = pd.DataFrame(
        {
            "year": [2015, 2016],
            "value": [1.0, 2.0],
            "source_title": "a",
            "where": "x",
            "flags": ["approximate", ""],
            "conversion": "as published",
        }
    )
    assert one_source_series(rows, rows).frame["measurement_sd"].tolist() == [APPROXIMATE_SD, 0.0]
