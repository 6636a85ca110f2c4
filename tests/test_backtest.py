"""Backtesting: scores against closed forms, and coverage in a synthetic world whose truth is known."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kstest

from ipsim.analysis.backtest import backtest, crps_from_draws, crps_normal, pit_value
from ipsim.errors import CalibrationError
from ipsim.observed import OBSERVED_COLUMNS, load_observed
from ipsim.plan import load_plan
from ipsim.scenario import load_scenario

from .test_cli import ipsim

PLAN = load_plan("guangzhou-ip-2017-2020")
GROWTH = [
    i for i, s in load_scenario("baseline").indicators.items() if s.model == "compound_growth"
]
SHARES = [i for i, s in load_scenario("baseline").indicators.items() if s.model == "logistic_share"]


@pytest.mark.parametrize(
    ("mean", "sd", "actual"), [(0.0, 1.0, 0.0), (2.0, 0.5, 3.1), (-1.0, 3.0, 4.0)]
)
def test_crps_from_draws_matches_the_normal_closed_form(mean, sd, actual):
    draws = np.random.default_rng(1).normal(mean, sd, 400_000)
    assert crps_from_draws(draws, actual) == pytest.approx(crps_normal(mean, sd, actual), rel=0.01)


def test_crps_of_a_point_forecast_is_the_absolute_error():
    assert crps_from_draws(np.full(10, 3.0), 1.5) == pytest.approx(1.5)


def test_pit_is_uniform_when_the_forecast_is_right():
    rng = np.random.default_rng(7)
    draws = rng.standard_normal(5_000)
    pits = [pit_value(draws, a) for a in rng.standard_normal(2_000)]
    assert kstest(pits, "uniform").pvalue > 0.001
    assert (
        kstest([pit_value(draws + 0.5, a) for a in rng.standard_normal(2_000)], "uniform").pvalue
        < 1e-6
    )


def _world(seed, tmp_path):
    """History 2005-2016 and actuals 2017-2020 of 13 indicators following random walks."""
    rng = np.random.default_rng(seed)
    years = np.arange(2005, 2021)
    header = ",".join(OBSERVED_COLUMNS)
    history, actual = [header], [header]
    for ident in GROWTH + SHARES:
        unit = PLAN.indicator(ident).unit_zh
        if ident in SHARES:
            walk = -1.0 + np.concatenate(
                [[0.0], np.cumsum(rng.uniform(0, 0.2) + 0.15 * rng.standard_normal(15))]
            )
            values = 1.0 / (1.0 + np.exp(-walk))
        else:
            values = 1000.0 * np.exp(
                np.concatenate(
                    [[0.0], np.cumsum(rng.uniform(0, 0.3) + 0.08 * rng.standard_normal(15))]
                )
            )
        for year, value in zip(years, values, strict=True):
            line = f"{ident},{ident},{year},{value:.10g},{unit},Guangzhou,synthetic world {seed},,,high"
            (history if year <= 2016 else actual).append(line)
    (tmp_path / f"h{seed}.csv").write_text("\n".join(history) + "\n", encoding="utf-8")
    (tmp_path / f"a{seed}.csv").write_text("\n".join(actual) + "\n", encoding="utf-8")
    return tmp_path / f"h{seed}.csv", tmp_path / f"a{seed}.csv"


def test_coverage_is_near_nominal_in_a_synthetic_world(tmp_path):
    """40 worlds x 13 indicators x 4 years; tolerance: 3.5 sd treating each world-indicator as one trial."""
    inside50, inside90, pits = [], [], []
    for seed in range(40):
        history, actuals = _world(seed, tmp_path)
        result = backtest(
            "baseline",
            origin=2016,
            actuals=actuals,
            observed=history,
            draws=4000,
            rng=seed,
            prior_df=0,
        )
        assert len(result.points) == 13 * 4
        inside50 += result.points["inside50"].tolist()
        inside90 += result.points["inside90"].tolist()
        pits += result.points.loc[result.points["year"] == 2017, "pit"].tolist()
    groups = 40 * 13
    assert abs(np.mean(inside90) - 0.9) < 3.5 * math.sqrt(0.09 / groups)
    assert abs(np.mean(inside50) - 0.5) < 3.5 * math.sqrt(0.25 / groups)
    # one-year-ahead PITs are independent across world-indicators, and uniform if calibrated
    assert len(pits) == groups
    assert kstest(pits, "uniform").pvalue > 0.001


def test_targets_with_a_known_outcome_get_a_brier_score(tmp_path):
    history, actuals = _world(99, tmp_path)
    result = backtest(
        "baseline", origin=2016, actuals=actuals, observed=history, draws=2000, rng=1, prior_df=0
    )
    scored = result.targets.set_index("id")
    growth_targets = {t.id for t in PLAN.targets if t.indicator in GROWTH + SHARES}
    assert set(scored.index) == growth_targets
    for target_id, row in scored.iterrows():
        assert row["brier"] == pytest.approx((row["p_met"] - float(row["met"])) ** 2), target_id
    apps = scored.loc["invention_apps"]
    frame = pd.concat([pd.read_csv(history), pd.read_csv(actuals)])
    level = frame[frame["plan_indicator"] == "invention_apps"].set_index("year")["value"]
    assert apps["actual_quantity"] == pytest.approx((level[2020] / level[2016]) ** 0.25 - 1)
    assert apps["met"] == (apps["actual_quantity"] >= 0.18)


def test_json_contract_of_ipsim_backtest(tmp_path):
    history, actuals = _world(3, tmp_path)
    done = ipsim(
        "backtest",
        "baseline",
        "--origin",
        "2016",
        "--actuals",
        str(actuals),
        "--observed",
        str(history),
        "--draws",
        "2000",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert {"origin", "points", "coverage", "targets"} <= set(doc)
    assert doc["origin"] == 2016
    assert set(doc["coverage"]) == {"50", "90"}
    assert set(doc["points"][0]) == {
        "indicator",
        "year",
        "actual",
        "median",
        "lo50",
        "hi50",
        "lo90",
        "hi90",
        "inside50",
        "inside90",
        "pit",
        "crps",
    }
    assert set(doc["targets"][0]) == {"id", "p_met", "met", "brier"}
    assert len(doc["points"]) == 52


def test_backtest_of_the_real_2017_figures_from_2016():
    result = backtest("baseline", origin=2016, actuals=load_observed(PLAN), draws=4000, rng=1)
    point = result.points.iloc[0]
    assert (point["indicator"], point["year"], point["actual"]) == ("invention_apps", 2017, 36941.0)
    # CNIPA's one growth rate (+58.8 %), shrunk toward the reference class (log 0.342 a year),
    # no longer overshoots 2017 beyond the 90 % interval (it did with a flat prior)
    assert result.coverage == {"50": 0.0, "90": 1.0}
    assert result.calibration.fits["invention_apps"].years == (2015, 2016)


def test_bad_actuals_exit_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        ",".join(OBSERVED_COLUMNS)
        + "\ninvention_apps,invention_apps,2018,lots,件,Guangzhou,s,,,high\n",
        encoding="utf-8",
    )
    done = ipsim("backtest", "baseline", "--origin", "2017", "--actuals", str(bad))
    assert done.returncode == 2
    assert f"{bad}:2: column 'value': not a number" in done.stderr
    assert "Traceback" not in done.stderr


def test_scope_option_reaches_the_actuals(tmp_path):
    history, actuals = _world(4, tmp_path)
    for path in (history, actuals):
        path.write_text(
            path.read_text(encoding="utf-8").replace(",Guangzhou,", ",Shenzhen,"), encoding="utf-8"
        )
    result = backtest(
        "baseline", origin=2016, actuals=actuals, observed=history, draws=500, scope="Shenzhen"
    )
    assert len(result.points) == 52
    assert backtest(
        "baseline", origin=2016, actuals=actuals, observed=history, draws=500
    ).points.empty


def test_no_figure_published_after_the_origin_is_scored_as_a_forecast():
    """From 2015, only invention applications start from a 2015 figure; the other indicators
    start from the prior's 2016 baselines, which were not known in 2015, and are not scored."""
    result = backtest("baseline", origin=2015, actuals=load_observed(PLAN), draws=2000, rng=1)
    assert set(result.points["indicator"]) == {"invention_apps"}
    assert result.calibration.fits["invention_apps"].spec.baseline.year == 2015
    assert result.calibration.fits["trademark_regs"].spec.baseline.confidence == "assumed"
    with pytest.raises(CalibrationError, match="no figures up to the origin 1950"):
        backtest("baseline", origin=1950, actuals=load_observed(PLAN))
    with pytest.raises(CalibrationError, match="origin 2020 leaves nothing to project"):
        backtest("baseline", origin=2020, actuals=load_observed(PLAN))


def test_conflicting_actuals_are_reported():
    result = backtest("baseline", origin=2015, actuals=load_observed(PLAN), draws=500, rng=1)
    assert any("invention_apps 2016: 3 figures" in c for c in result.actual_choices)
    assert result.to_dict()["actual_choices"] == list(result.actual_choices)
