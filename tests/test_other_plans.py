"""More plans: the national 13th and 14th, missing values, breaks, data as of a date, new plans."""

import dataclasses
import json
import math

import pytest

from ipsim.analysis.backtest import backtest
from ipsim.analysis.calibrate import calibrate
from ipsim.assess import assess
from ipsim.cli import main
from ipsim.cli.new_plan import write_new_plan
from ipsim.observed import OBSERVED_COLUMNS, load_observed
from ipsim.plan import bundled_plans, load_plan
from ipsim.scenario import bundled_scenarios, load_scenario, loads_scenario
from ipsim.simulate import simulate


@pytest.mark.parametrize("name", bundled_scenarios())
def test_every_bundled_scenario_validates_and_runs(name):
    scenario = load_scenario(name)
    board = assess(simulate(scenario, draws=500, rng=1))
    assert len(board.targets) == len(scenario.load_plan().targets)


def test_the_national_plans_are_bundled_with_their_data():
    assert {"national-ip-2016-2020", "national-ip-2021-2025"} <= set(bundled_plans())
    plan = load_plan("national-ip-2021-2025")
    assert (plan.scope, plan.observed_data, plan.base_year, plan.horizon) == (
        "China",
        "national-history",
        2020,
        2025,
    )
    assert plan.target("ip_pledge_financing").threshold is None
    assert "not published" in plan.target("ip_pledge_financing").threshold_note
    assert len(load_observed(plan)) == 17


def test_missing_threshold_gives_a_trend_status_on_published_figures():
    """Pledge financing has no published threshold: Statistics Canada's no-target status reads
    the growth between published figures (2020 -> 2022 here, hand-computed), not a projection."""
    base = load_scenario("national-14th")
    spec = base.indicators["ip_pledge_financing"]
    for growth, expected in (
        (0.004, "limited_progress"),
        (0.01, "acceleration_needed"),
        (0.02, "on_track"),
        (-0.01, "deterioration"),
    ):
        baseline = dataclasses.replace(
            spec.baseline,
            year=2022,
            value=1000.0 * (1 + growth) ** 2,
            confidence="high",
            history={2020: 1000.0},
        )
        changed = dataclasses.replace(spec, baseline=baseline)
        scenario = dataclasses.replace(
            base, indicators={**base.indicators, "ip_pledge_financing": changed}
        )
        row = assess(simulate(scenario, draws=200, rng=1)).target("ip_pledge_financing")
        assert row.status_statcan == expected, growth
        assert row.statcan_ratio == pytest.approx(growth)
        assert row.status_basis() == "observed 2020-2022"
        assert math.isnan(row.p_met)
        assert row.to_dict()["p_met"] is None
        assert row.verdict == "not_assessable"
        assert "not published" in row.note
    board = assess(simulate(base, draws=500, rng=1))
    alone = board.target("ip_pledge_financing")  # nothing published after the base year 2020
    assert alone.status_statcan == "not_assessable"
    assert (alone.status_reason, alone.status_reason_year) == (
        "verdict.status_no_later_figure",
        2020,
    )
    assert board.met.shape[1] == 6  # P(all met) covers the six targets that can be met


def test_an_unmodelled_indicator_is_reported_not_assessable():
    row = next(
        t
        for t in assess(simulate(load_scenario("national-14th"), draws=200)).targets
        if t.id == "civil_case_acceptance"
    )
    assert row.status_statcan == "not_assessable"
    assert "no baseline" in row.note


def test_a_series_break_is_not_fitted_across(tmp_path):
    rows = [
        "share,patent_intensive_share,2018,11.0,%,China,old census,,,high,,,",
        "share,patent_intensive_share,2019,11.6,%,China,old census,,,high,,,",
        "share,patent_intensive_share,2023,12.0,%,China,revised,,,high,,,2023",
        "share,patent_intensive_share,2024,12.5,%,China,revised,,,high,,,2023",
    ]
    path = tmp_path / "d.csv"
    path.write_text(
        ",".join([*OBSERVED_COLUMNS, "published", "definition", "break_year"])
        + "\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    result = calibrate(path, "national-ip-2021-2025", prior="national-14th")
    fit = result.fits["patent_intensive_share"]
    assert fit.years == (2023, 2024)
    logit = math.log(0.125 / 0.875) - math.log(
        0.12 / 0.88
    )  # hand-computed drift on the logit scale
    assert fit.walk.data_mean == pytest.approx(logit)  # before shrinking to the prior
    assert sum("before the series break in 2023" in n for n in fit.notes) == 2


def test_data_as_of_a_date():
    data = load_observed("national-ip-2021-2025")
    early = data.as_of(2021)
    shares = early.frame[early.frame["plan_indicator"] == "patent_intensive_share"]
    assert shares["year"].tolist() == [2019]  # the 2020 share of GDP is published in 2022
    assert (
        2020 in early.frame[early.frame["plan_indicator"] == "ip_pledge_financing"]["year"].tolist()
    )
    assert data.as_of(2022).frame["plan_indicator"].eq("patent_intensive_share").sum() == 2


def test_backtest_of_the_14th_plan_from_2020_with_user_actuals(tmp_path):
    actuals = tmp_path / "actuals.csv"
    rows = [
        "overseas grants,overseas_invention_grants,2021,55000,件,China,user figures,,,medium",
        "overseas grants,overseas_invention_grants,2022,65000,件,China,user figures,,,medium",
        "satisfaction,ip_protection_satisfaction,2021,80.61,分,China,user figures,,,medium",
    ]
    actuals.write_text(",".join(OBSERVED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = backtest("national-14th", origin=2020, actuals=actuals, draws=1_000, rng=1)
    assert sorted(zip(result.points["indicator"], result.points["year"], strict=False)) == [
        ("ip_protection_satisfaction", 2021),
        ("overseas_invention_grants", 2021),
        ("overseas_invention_grants", 2022),
    ]
    assert set(result.coverage) == {"50", "90"}


def test_backtest_of_the_13th_plan_from_2017_against_the_bundled_history():
    result = backtest(
        "national-13th",
        origin=2017,
        actuals=load_observed("national-ip-2016-2020"),
        draws=1_000,
        rng=1,
    )
    scored = set(zip(result.points["indicator"], result.points["year"], strict=False))
    assert ("ip_pledge_financing", 2020) in scored
    targets = result.targets.set_index("id")
    assert bool(targets.loc["ip_pledge_financing", "met"])  # 2,180 >= 1,800 yi yuan in 2020
    assert bool(targets.loc["ip_protection_satisfaction", "met"])  # 80.05 >= 80


def test_a_new_plan_from_the_template_validates_and_runs(tmp_path):
    plan_path = write_new_plan(
        "city-ip-2026-2030", tmp_path / "city.yaml", base_year=2025, horizon=2030
    )
    plan = load_plan(plan_path)
    assert [t.kind for t in plan.targets] == ["cagr", "level", "share"]
    scenario = loads_scenario(
        f"""
schema: ipsim-scenario/1
name: city
plan: {plan_path.name}
base_year: 2025
horizon: 2030
indicators:
  applications: {{model: compound_growth, baseline: {{year: 2025, value: 1000, confidence: assumed, rationale: example}}, growth: 0.2}}
  holders: {{model: compound_growth, baseline: {{year: 2025, value: 8000, confidence: assumed, rationale: example}}, growth: 0.1, volatility: 0.05}}
  agency_share: {{model: logistic_share, baseline: {{year: 2025, value: 0.6, confidence: assumed, rationale: example}}, rate: 0.1}}
""",
        base_dir=str(tmp_path),
    )
    board = assess(simulate(scenario, draws=500, rng=1))
    rows = {t.id: t for t in board.targets}
    assert rows["applications_growth"].p_met == 1.0  # 20 % a year, no noise, against 18 %
    assert rows["agency_share"].status_statcan == "not_assessable"  # the base figure is assumed
    assert rows["agency_share"].status_reason == "verdict.status_no_base_figure"


def test_cli_for_other_plans(tmp_path, capsys):
    assert (
        main(["run", "--plan", "national-ip-2021-2025", "--draws", "500", "--format", "json"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["scenario"]["plan"] == "national-ip-2021-2025"
    assert main(["targets", "--plan", "national-ip-2016-2020"]) == 0
    assert "PCT" in capsys.readouterr().out
    assert main(["run", "national-13th", "--as-of", "2017", "--draws", "500"]) == 0
    assert "Calibrated to figures published up to 2016" in capsys.readouterr().out
    out = tmp_path / "p.yaml"
    assert main(["new-plan", "x-2026-2030", "-o", str(out)]) == 0
    assert main(["new-plan", "x-2026-2030", "-o", str(out)]) == 2
    assert main(["validate", str(out)]) == 0
