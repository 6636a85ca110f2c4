"""Calibration: analytic truths, recovery and coverage on synthetic series, the bundled data."""

import math

import numpy as np
import pytest
from scipy.stats import binom

from ipsim.analysis.calibrate import calibrate, fit_walk
from ipsim.cli import main
from ipsim.errors import CalibrationError
from ipsim.observed import OBSERVED_COLUMNS
from ipsim.plan import load_plan
from ipsim.scenario import dump_scenario, load_scenario, loads_scenario
from ipsim.simulate import simulate

PLAN = load_plan("guangzhou-ip-2017-2020")


def write_series(path, series, *, scope="Guangzhou", unit="件"):
    """Write {indicator: {year: value}} as an observed-data CSV."""
    lines = [",".join(OBSERVED_COLUMNS)]
    for ident, values in series.items():
        for year, value in values.items():
            lines.append(f"{ident},{ident},{year},{value!r},{unit},{scope},synthetic,,,high")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_constant_growth_is_recovered_exactly_with_no_spread():
    fit = fit_walk(np.arange(2010, 2018), np.log(100 * 1.2 ** np.arange(8)))
    assert fit.mean == pytest.approx(math.log(1.2))
    assert fit.se == pytest.approx(0.0, abs=1e-12)
    assert fit.df == 6


def test_gaps_are_allowed_and_the_drift_is_per_year():
    fit = fit_walk(np.array([2010, 2013, 2014]), np.array([0.0, 0.3, 0.4]))
    assert fit.mean == pytest.approx(0.1)
    assert fit.df == 1


def test_known_parameters_are_recovered_from_a_long_synthetic_series():
    rng = np.random.default_rng(11)
    mu, sigma = 0.15, 0.05
    y = np.concatenate([[0.0], np.cumsum(mu + sigma * rng.standard_normal(400))])
    fit = fit_walk(np.arange(401), y)
    assert abs(fit.mean - mu) < 4 * fit.se
    assert fit.sd == pytest.approx(sigma, rel=0.1)
    assert fit.se == pytest.approx(sigma / 20, rel=0.1)


def test_90_percent_intervals_cover_the_true_drift_90_percent_of_the_time():
    """2,000 series of 8 figures; the tolerance is the 99.9 % binomial range for 2,000 trials."""
    rng = np.random.default_rng(2017)
    n_series, mu, sigma = 2000, 0.12, 0.08
    steps = mu + sigma * rng.standard_normal((n_series, 7))
    paths = np.concatenate([np.zeros((n_series, 1)), np.cumsum(steps, axis=1)], axis=1)
    years = np.arange(2010, 2018)
    covered = 0
    for path in paths:
        lo, hi = fit_walk(years, path).interval(0.9)
        covered += lo <= mu <= hi
    low, high = binom.ppf([0.0005, 0.9995], n_series, 0.9)
    assert low <= covered <= high, covered / n_series


@pytest.mark.parametrize(
    ("half_life", "prior_sd", "prior_df", "n_figures"),
    [(4.0, None, 0.0, 18), (None, 0.08, 2.0, 8)],
    ids=["half-life 4 years", "default prior weight, right prior volatility"],
)
def test_weighted_and_pooled_intervals_also_cover_90_percent(
    half_life, prior_sd, prior_df, n_figures
):
    rng = np.random.default_rng(2018)
    n_series, mu = 2000, 0.12
    years = np.arange(2000, 2000 + n_figures)
    covered = 0
    for _ in range(n_series):
        y = np.concatenate([[0.0], np.cumsum(mu + 0.08 * rng.standard_normal(n_figures - 1))])
        lo, hi = fit_walk(
            years, y, half_life=half_life, prior_sd=prior_sd, prior_df=prior_df
        ).interval(0.9)
        covered += lo <= mu <= hi
    low, high = binom.ppf([0.0005, 0.9995], n_series, 0.9)
    assert low <= covered <= high, covered / n_series


def test_bad_fit_options_are_refused():
    with pytest.raises(CalibrationError, match="half_life must be a positive number"):
        fit_walk(np.arange(3), np.zeros(3), half_life=-1.0)
    with pytest.raises(CalibrationError, match="prior_df must be a number of observations >= 0"):
        calibrate(plan="guangzhou-ip-2017-2020", prior_df=math.nan)


def test_time_weights_follow_recent_years():
    years = np.arange(2000, 2021)
    y = np.concatenate([np.zeros(11), 0.2 * np.arange(1, 11)])  # flat, then +0.2 a year
    plain = fit_walk(years, y)
    recent = fit_walk(years, y, half_life=2.0)
    assert plain.mean == pytest.approx(0.1)
    assert recent.mean > 0.18
    assert recent.df < plain.df  # fewer effective observations
    assert fit_walk(years, y, half_life=1e12).mean == pytest.approx(plain.mean)


def test_a_small_sample_pools_the_prior_volatility():
    fit = fit_walk(
        np.array([2015, 2016, 2017]), np.log([20083, 31892, 36941]), prior_sd=0.06, prior_df=2
    )
    assert fit.data_df == 1
    assert fit.df == 3
    data_only = fit_walk(np.array([2015, 2016, 2017]), np.log([20083, 31892, 36941]))
    assert fit.sd**2 == pytest.approx((data_only.sd**2 + 2 * 0.06**2) / 3)
    with pytest.raises(CalibrationError, match="no prior volatility"):
        fit_walk(np.array([2016, 2017]), np.array([0.0, 0.1]))


def test_bundled_data_fits_invention_applications_and_keeps_the_rest_assumed():
    result = calibrate(plan="guangzhou-ip-2017-2020", origin=2017)
    fit = result.fits["invention_apps"]
    assert fit.status == "fitted"
    assert fit.years == (2015, 2016, 2017)
    # one source series, the city's: its 2016 figure (line 10), and CNIPA's 2015 (line 13) moved
    # onto it by the sources' 2016 offset, never growth across sources
    assert fit.sources == ("line 13", "line 10", "line 3")
    assert fit.values == pytest.approx((20083 * 28526 / 31892, 28526.0, 36941.0))
    assert "one source series" in fit.spec.rationale
    # the data's drift (each increment within one source), then shrunk toward the reference class
    assert math.log(36941 / 28526) < fit.walk.data_mean < math.log(31892 / 20083)
    prior = fit.walk.prior
    assert prior.n_series >= 3
    assert prior.mean < fit.walk.mean < fit.walk.data_mean
    assert "reference class invention_patent_applications published by 2017" in prior.source
    assert "shrunk toward the prior mean" in fit.spec.rationale
    baseline = fit.spec.baseline
    assert (baseline.year, baseline.value, baseline.confidence, dict(baseline.history)) == (
        2017,
        36941.0,
        "high",
        {2016: 28526.0},
    )
    assert "line 3" in baseline.source
    assert "36,941" in baseline.source
    assert fit.spec.fitted == ("growth", "volatility")
    assert "fitted to 3 figures" in fit.spec.rationale
    others = [f for k, f in result.fits.items() if k not in ("invention_apps", "certified_units")]
    assert all(f.status == "assumed" and f.spec.fitted == () for f in others)
    assert all("from prior scenario 'baseline'" in f.spec.rationale for f in others)
    # the stock bracketed by a lower bound and a later level (tests/test_calibrate_evidence.py)
    certified = result.fits["certified_units"]
    assert (certified.status, certified.spec.fitted) == ("fitted", ("additions",))
    assert "a lower bound is never used as the level" in certified.spec.rationale


def test_the_calibrated_scenario_round_trips_and_runs(tmp_path):
    scenario = calibrate(plan="guangzhou-ip-2017-2020", origin=2017).to_scenario()
    assert scenario.name == "calibrated-2017"
    assert loads_scenario(dump_scenario(scenario)) == scenario
    path = tmp_path / "cal.yaml"
    dump_scenario(scenario, path)
    assert load_scenario(path) == scenario
    result = simulate(scenario, draws=2000, rng=1)
    path_2016_2017 = result.path("invention_apps")[:, :2]
    # observed history of the city's series, the same in every draw
    assert (path_2016_2017 == [28526.0, 36941.0]).all()


def test_parameter_uncertainty_reaches_every_draw(tmp_path):
    """Each draw takes its own drift and volatility: Var(3-year log growth) = 3 E[sigma^2] + 9 Var(mu)."""
    rng = np.random.default_rng(5)
    years = np.arange(1997, 2017)
    logs = np.concatenate([[0.0], np.cumsum(0.15 + 0.05 * rng.standard_normal(19))])
    logs += np.log(31892.0) - logs[-1]
    path = write_series(
        tmp_path / "d.csv",
        {"invention_apps": dict(zip(years.tolist(), np.exp(logs).tolist(), strict=True))},
    )
    result = calibrate(path, "guangzhou-ip-2017-2020", prior_df=0, drift_prior="flat")
    spec = result.to_scenario().indicators["invention_apps"]
    assert result.fits["invention_apps"].walk.df == 18
    grid = (
        np.arange(1_000_000) + 0.5
    ) / 1_000_000  # expectations over the (truncated) parameter laws
    var_mu = np.log1p(spec.params["growth"].ppf(grid)).var()
    mean_sigma2 = np.mean(spec.params["volatility"].ppf(grid) ** 2)
    sim = simulate(result.to_scenario(), draws=200_000, rng=3)
    growth = np.log(sim.path("invention_apps")[:, -1] / sim.path("invention_apps")[:, 1])
    assert growth.var() == pytest.approx(3 * mean_sigma2 + 9 * var_mu, rel=0.03)
    assert growth.var() > 3 * result.fits["invention_apps"].walk.sd ** 2 * 1.05


def test_shares_are_fitted_in_logit_space_and_counts_as_rates(tmp_path):
    share = {2012: 0.50, 2013: 0.55, 2014: 0.58, 2015: 0.62, 2016: 0.66}
    stock = {2013: 10, 2014: 35, 2015: 61, 2016: 90}
    path = tmp_path / "d.csv"
    lines = [",".join(OBSERVED_COLUMNS)]
    lines += [
        f"agency rate,agency_rate,{y},{v * 100:.0f},%,Guangzhou,synthetic,,,high"
        for y, v in share.items()
    ]
    lines += [
        f"certified,certified_units,{y},{v},家,Guangzhou,synthetic,,,medium"
        for y, v in stock.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # prior_df=0: the data alone, whose additions are under-dispersed, so Poisson
    result = calibrate(path, "guangzhou-ip-2017-2020", drift_prior="flat", prior_df=0.0)
    rate = result.fits["agency_rate"]
    logit = np.log(0.66 / 0.34) - np.log(0.5 / 0.5)
    assert rate.walk.mean == pytest.approx(logit / 4)
    assert result.to_scenario().indicators["agency_rate"].params["rate"].family == "student_t"
    additions = result.to_scenario().indicators["certified_units"].params["additions"]
    assert additions.family == "gamma"
    assert additions.params["shape"] * additions.params["scale"] == pytest.approx((80 + 0.5) / 3)


def test_another_definition_is_not_fitted_across(tmp_path):
    path = tmp_path / "d.csv"
    rows = [
        "patent_and_trademark_pledge (old),pledge_financing,2014,800,亿元,Guangzhou,s,,,high",
        "patent_pledge,pledge_financing,2015,400,亿元,Guangzhou,s,,,high",
        "patent_pledge,pledge_financing,2016,480,亿元,Guangzhou,s,,,high",
    ]
    path.write_text(",".join(OBSERVED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    fit = calibrate(path, "guangzhou-ip-2017-2020", drift_prior="flat").fits["pledge_financing"]
    assert fit.years == (2015, 2016)
    assert fit.walk.mean == pytest.approx(math.log(1.2))
    assert any("another definition (patent_and_trademark_pledge)" in n for n in fit.notes)


def test_origin_hides_later_figures_and_later_observed_priors():
    result = calibrate(plan="guangzhou-ip-2017-2020", origin=2015)
    assert result.fits["invention_apps"].years == (2015,)
    assert result.fits["invention_apps"].status == "assumed"
    regs = result.fits["trademark_regs"].spec.baseline  # the prior's 2016 figure, not known in 2015
    assert regs.confidence == "assumed"
    assert "published after 2015" in " ".join(result.fits["trademark_regs"].notes)
    scenario = result.to_scenario()
    assert scenario.base_year == 2015
    simulate(scenario, draws=500, rng=1)


def test_cli_writes_atomically_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "cal.yaml"
    assert (
        main(["calibrate", "--plan", "guangzhou-ip-2017-2020", "--origin", "2017", "-o", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "invention_apps" in printed
    assert "chose 31,892" in printed
    assert f"wrote {out}" in printed
    first = out.read_text(encoding="utf-8")
    assert load_scenario(out).name == "calibrated-2017"
    assert main(["calibrate", "--origin", "2016", "-o", str(out)]) == 2
    assert "exists; pass --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == first
    assert main(["calibrate", "--origin", "2016", "-o", str(out), "--force"]) == 0
    assert load_scenario(out).name == "calibrated-2016"
    assert main(["calibrate", "-o", str(tmp_path / "missing" / "x.yaml")]) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["cal.yaml"]  # no temporary files left


def test_the_bundled_calibrated_scenario_is_what_calibrate_writes_today():
    """Regenerate with: ipsim calibrate --origin 2017 -o scenarios/calibrated-2017.yaml --force"""
    fresh = calibrate(plan="guangzhou-ip-2017-2020", origin=2017).to_scenario()
    assert load_scenario("calibrated-2017") == fresh


def test_a_reference_scope_gives_a_prior_trend_that_stays_assumed(capsys, tmp_path):
    result = calibrate(
        plan="guangzhou-ip-2017-2020", origin=2017, reference_scopes=("Guangdong", "China")
    )
    pledge = result.fits["pledge_financing"]
    assert pledge.status == "assumed"
    assert pledge.spec.fitted == ()
    # China's patent pledge financing 436 (2016) -> 720 (2017) yi yuan; the 2015 figure counts
    # patents and trademarks, another definition, and is left out
    assert pledge.walk.data_mean == pytest.approx(math.log(720 / 436))
    assert "trend taken from the China series as a prior" in pledge.spec.rationale
    # one increment is shrunk toward the stated prior (no reference class of pledge financing
    # published by 2017 is thick enough), so the drift is normal and its tails stay in bounds
    assert pledge.walk.prior.method == "stated in the prior scenario"
    assert pledge.walk.prior.mean < pledge.walk.mean < pledge.walk.data_mean
    growth = result.to_scenario().indicators["pledge_financing"].params["growth"]
    assert growth.support[1] < 10
    out = tmp_path / "ref.yaml"
    assert (
        main(["calibrate", "--origin", "2017", "--reference-scope", "China", "-o", str(out)]) == 0
    )
    assert "China line 46" in load_scenario(out).indicators["pledge_financing"].rationale


def test_a_gap_keeps_every_figure_in_the_fit_and_says_where_the_path_starts(tmp_path):
    path = write_series(tmp_path / "d.csv", {"invention_apps": {2015: 20000.0, 2017: 36941.0}})
    result = calibrate(path, "guangzhou-ip-2017-2020", prior="high-funding")
    fit = result.fits["invention_apps"]
    assert fit.status == "fitted"
    assert fit.years == (2015, 2017)
    assert fit.spec.baseline.year == 2015  # 2016, which the growth target needs, has no figure
    assert "figures of 2017 used for the trend but not as the start" in fit.spec.rationale
    scenario = result.to_scenario()
    assert scenario.base_year == 2015
    # the prior's funding levers still start in 2017, not a year earlier
    prior = load_scenario("high-funding")
    assert [scenario.funding_ratio("creation", y) for y in range(2016, 2021)] == [
        prior.funding_ratio("creation", y) for y in range(2016, 2021)
    ]


def test_figures_a_model_cannot_hold_are_skipped_with_a_note(tmp_path):
    path = tmp_path / "d.csv"
    rows = [
        "apps,invention_apps,2014,0,件,Guangzhou,s,,,high",
        "apps,invention_apps,2015,20000,件,Guangzhou,s,,,high",
        "apps,invention_apps,2016,30000,件,Guangzhou,s,,,high",
        "rate,agency_rate,2015,150,%,Guangzhou,s,,,high",
    ]
    path.write_text(",".join(OBSERVED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = calibrate(path, "guangzhou-ip-2017-2020")
    assert result.fits["invention_apps"].years == (2015, 2016)
    assert (
        "skipped line 2 (2014, value 0): a growth model needs a positive level"
        in result.fits["invention_apps"].notes
    )
    assert result.fits["agency_rate"].years == ()
    assert "a share must lie strictly between 0 and the ceiling 1" in " ".join(
        result.fits["agency_rate"].notes
    )


def test_count_rates_report_their_gamma_posterior(tmp_path):
    path = write_series(
        tmp_path / "d.csv", {"certified_units": {2015: 100.0, 2016: 300.0}}, unit="家"
    )
    fits = {
        prior_df: calibrate(path, "guangzhou-ip-2017-2020", drift_prior="flat", prior_df=prior_df)
        for prior_df in (0.0, 2.0)
    }
    fit = fits[0.0].fits["certified_units"]
    lo, hi = fit.walk.interval(0.9)
    from scipy.stats import gamma

    # one increment and no prior volatility say nothing of over-dispersion: the Jeffreys
    # posterior of a Poisson rate (computed on a grid, hence the tolerance)
    assert (lo, hi) == pytest.approx(tuple(gamma.ppf([0.05, 0.95], 200.5)), rel=2e-3)
    record = fit.to_record()
    assert record["drift"] == pytest.approx(200.5, rel=1e-3)
    assert record["volatility"] == 0.0
    # with the prior's volatility (0.15) over-dispersion widens the interval
    wide_lo, wide_hi = fits[2.0].fits["certified_units"].walk.interval(0.9)
    assert wide_hi - wide_lo > 1.5 * (hi - lo)


def test_unknown_scopes_and_an_origin_before_the_data_are_refused():
    from ipsim.errors import DataError

    with pytest.raises(
        DataError, match=r"no figures of scope 'Guangzou'.*Did you mean 'Guangzhou'"
    ):
        calibrate(plan="guangzhou-ip-2017-2020", scope="Guangzou")
    with pytest.raises(DataError, match="no figures of scope 'Mars'"):
        calibrate(plan="guangzhou-ip-2017-2020", reference_scopes=("Mars",))
    with pytest.raises(CalibrationError, match="no figures up to 1950"):
        calibrate(plan="guangzhou-ip-2017-2020", origin=1950)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--half-life", "-1"], "argument --half-life: expected a finite number > 0"),
        (["--prior-df", "nan"], "argument --prior-df: expected a finite number >= 0"),
        (["--encoding", "nosuch"], "unknown text encoding 'nosuch'"),
    ],
)
def test_cli_refuses_bad_options(tmp_path, capsys, args, message):
    data = write_series(tmp_path / "d.csv", {"invention_apps": {2015: 1.0, 2016: 2.0}})
    out = tmp_path / "out.yaml"
    try:
        code = main(["calibrate", str(data), "-o", str(out), *args])
    except SystemExit as exit_:  # argparse refuses the option itself
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_refuses_a_folder_or_an_unwritable_output(tmp_path, capsys):
    assert main(["calibrate", "-o", str(tmp_path), "--force"]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["calibrate", "-o", "/proc/ipsim-cannot-write.yaml"]) == 2
    assert "cannot write the scenario" in capsys.readouterr().err
