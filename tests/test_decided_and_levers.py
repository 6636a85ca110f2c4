"""Targets decided by published figures (as of a vantage year), and levers where more is worse.

Issue 12, items 6 and 7 (and item 11's `run --as-of 1900` and `goalseek` on an unmodelled
target).
"""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from ipsim.analysis.calibrate import as_of
from ipsim.analysis.goalseek import goal_seek, goal_seek_all, sweep
from ipsim.assess import assess
from ipsim.errors import CalibrationError, IpsimError, ScenarioError
from ipsim.observed import read_observed
from ipsim.plan import load_plan
from ipsim.scenario import bundled_scenarios_dir, load_scenario
from ipsim.simulate import simulate
from ipsim.target_kinds import years_read
from ipsim.views.text import assessment_table, goalseek_table

from .test_cli import ipsim

DATA = Path(__file__).parent.parent / "ipsim" / "data"
PLANS = Path(__file__).parent.parent / "ipsim" / "plans"
NATIONAL = load_scenario("national-13th")
BASE = load_scenario("baseline")


def national_as_of(year, observed=None, draws=2_000):
    scenario = as_of(NATIONAL, year, observed)
    return assess(simulate(scenario, draws=draws, rng=7))


# -- item 6: decided by published figures ---------------------------------------------------------


def test_targets_whose_years_are_all_published_are_decided_met():
    board = national_as_of(2021)
    pledge = board.target("ip_pledge_financing")  # 2020: 2,180 >= 1,800, published in 2021
    assert pledge.decided == "met"
    assert pledge.p_met == 1.0
    assert pledge.p_met_se == 0.0
    assert pledge.decided_value == 2180.0
    assert dict(pledge.decided_figures) == {2020: 2180.0}
    assert "line" in pledge.decided_source
    assert pledge.status_statcan == pledge.status_unsd == "target_achieved"
    assert pledge.median == pledge.p05 == pledge.p95 == 2180.0
    satisfaction = board.target("ip_protection_satisfaction")  # 2020: 80.05 >= 80
    assert satisfaction.decided == "met"
    assert (satisfaction.p_met, satisfaction.p_met_se) == (1.0, 0.0)
    assert satisfaction.decided_value == 80.05
    # a target whose deadline figure is not published stays open
    open_target = board.target("invention_patents_per_10k")
    assert open_target.decided is None
    assert open_target.decided_figures == {}
    # every draw meets a decided target
    column = [t.id for t in board.targets].index("ip_pledge_financing")
    assert board.met[:, column].all()


def test_decided_targets_are_shown_in_json_csv_and_both_languages():
    board = national_as_of(2021, draws=500)
    record = next(t for t in board.to_dict("en")["targets"] if t["id"] == "ip_pledge_financing")
    assert record["decided"] == "met"
    assert record["decided_label"] == "met (published figures)"
    assert record["decided_value"] == 2180.0
    assert record["decided_figures"] == {"2020": 2180.0}
    assert record["p_met"] == 1.0
    assert record["p_met_se"] == 0.0
    zh = next(t for t in board.to_dict("zh")["targets"] if t["id"] == "ip_pledge_financing")
    assert zh["decided_label"] == "已达成（已公布数据）"
    json.dumps(board.to_dict("en"), allow_nan=False)
    frame = board.to_frame()
    assert {"decided", "decided_value", "decided_figures", "decided_source"} <= set(frame.columns)
    row = frame.set_index("id").loc["ip_pledge_financing"]
    assert row["decided"] == "met"
    assert row["decided_figures"] == "2020: 2180"
    assert frame.set_index("id")["decided"].isna()["pct_applications"]  # an empty CSV cell
    assert ",met,met (published figures),2180.0,2020: 2180," in frame.to_csv(index=False)
    table = assessment_table(board, lang="en")
    pledge = board.result.plan.target("ip_pledge_financing").indicator
    assert f"{board.result.plan.indicator(pledge).label('en')}‡" in table
    assert "met (published figures): 2,180 >= 1,800 (2020: 2,180)" in table
    assert "已由公布数据确定" in assessment_table(board, lang="zh")


def test_a_target_missed_by_published_figures_has_p_exactly_zero(tmp_path):
    text = (DATA / "national-history.csv").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if ",ip_pledge_financing,2020,2180," in line)
    path = tmp_path / "lower.csv"
    path.write_text(text.replace(row, row.replace(",2020,2180,", ",2020,1700,")), "utf-8")
    data = read_observed(path)
    board = national_as_of(2021, data)
    pledge = board.target("ip_pledge_financing")
    assert pledge.decided == "missed"
    assert (pledge.p_met, pledge.p_met_se) == (0.0, 0.0)
    assert pledge.decided_value == 1700.0
    assert pledge.status_statcan == "target_missed"
    assert pledge.rating == "decided_missed"
    assert "missed (published figures): 1,700 < 1,800" in assessment_table(board)
    column = [t.id for t in board.targets].index("ip_pledge_financing")
    assert not board.met[:, column].any()
    assert board.p_all_met == 0.0


def test_the_cli_run_as_of_after_the_deadline_decides(tmp_path):
    done = ipsim("run", "national-13th", "--as-of", "2021", "--draws", "500", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = {t["id"]: t for t in json.loads(done.stdout)["targets"]}
    assert records["ip_pledge_financing"]["decided"] == "met"
    assert records["ip_pledge_financing"]["p_met"] == 1.0
    assert records["ip_protection_satisfaction"]["decided"] == "met"


def _guangzhou_rows(rows):
    header = (
        "indicator,plan_indicator,year,value,unit,scope,source_title,source_url,quote,confidence"
    )
    lines = [header]
    for indicator, year, value in rows:
        lines.append(f"{indicator},{indicator},{year},{value},家,Guangzhou,test figures,,,high")
    return "\n".join(lines) + "\n"


def test_a_partly_published_target_is_simulated_only_for_the_years_to_come(tmp_path):
    """Strong firms (additions 2017-2020 to a stock) and projects (at least 100 every year):
    figures to 2018 are published in 2019; 2016-2018 are the published figures in every draw."""
    published = {
        "strong_firms": {2016: 5.0, 2017: 14.0, 2018: 30.0},
        "industrialization_projects": {2016: 100.0, 2017: 120.0, 2018: 130.0},
    }
    path = tmp_path / "figures.csv"
    rows = [(ind, y, v) for ind, figures in published.items() for y, v in figures.items()]
    path.write_text(_guangzhou_rows(rows), "utf-8")
    plan = load_plan("guangzhou-ip-2017-2020")
    scenario = as_of(BASE, 2019, read_observed(path, plan=plan))
    result = simulate(scenario, draws=2_000, rng=11)
    board = assess(result)
    years = list(result.years)
    for indicator, figures in published.items():
        path_ = result.path(indicator)
        target = plan.target(indicator)
        read = years_read(target, plan.indicator(indicator))
        fixed = [y for y in read if y in figures]
        assert fixed == [y for y in read if y <= 2018]
        assert fixed
        for year in fixed:  # what the target reads of the published years, in every draw
            assert np.all(path_[:, years.index(year)] == figures[year]), (indicator, year)
        assert np.all(path_[:, years.index(2018)] == figures[2018])
        # the years still to come are simulated
        assert np.ptp(path_[:, years.index(2020)]) > 0
        assert scenario.indicators[indicator].baseline.year == 2018
        assessed = board.target(indicator)
        assert assessed.decided is None
        assert 0.0 < assessed.p_met < 1.0
        assert assessed.p_met_se > 0


def test_a_published_year_below_an_every_year_floor_decides_the_target_missed(tmp_path):
    path = tmp_path / "figures.csv"
    figures = {2016: 100.0, 2017: 120.0, 2018: 95.0}  # at least 100 every year: 2018 breaks it
    path.write_text(
        _guangzhou_rows([("industrialization_projects", y, v) for y, v in figures.items()]),
        "utf-8",
    )
    plan = load_plan("guangzhou-ip-2017-2020")
    scenario = as_of(BASE, 2019, read_observed(path, plan=plan))
    board = assess(simulate(scenario, draws=1_000, rng=2))
    projects = board.target("industrialization_projects")
    assert projects.decided == "missed"
    assert (projects.p_met, projects.p_met_se) == (0.0, 0.0)
    assert dict(projects.decided_figures) == {2018: 95.0}
    assert projects.decided_value == 95.0
    assert "missed (published figures): 95 < 100 (2018: 95)" in assessment_table(board)


def test_as_of_before_any_figure_or_the_base_year_is_a_clear_error():
    with pytest.raises(CalibrationError, match=r"expected a year >= 2016"):
        as_of(NATIONAL, 1900)
    with pytest.raises(CalibrationError, match=r"before the scenario's base year 2015"):
        as_of(NATIONAL, 2014)
    with pytest.raises(IpsimError, match="year"):
        as_of(NATIONAL, 2021.5)
    done = ipsim("run", "national-13th", "--as-of", "1900")
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert ">= 2016" in done.stderr


# -- item 7: levers where more is worse ----------------------------------------------------------


def test_goal_seek_on_a_unit_cost_finds_the_largest_cost_that_still_works():
    p = 0.8
    answer = goal_seek(
        BASE, "industrialization_projects", lever="growth", probability=p, draws=4_000, rng=5
    )
    assert answer.lever == "growth.industrialization_projects"
    assert answer.search == "largest"
    assert not answer.more_helps
    assert answer.feasible
    assert 0 < answer.value < answer.current_value  # a cheaper project than now, not zero
    assert answer.bounds[0] > 0
    assert answer.p_met_at_value >= p
    assert answer.value_lo <= answer.value <= answer.value_hi
    assert (answer.unit, answer.unit_zh) == ("CNY per unit", "元/个")
    assert "largest cost" in answer.note
    # a somewhat dearer project no longer reaches p
    dearer = goal_seek(
        BASE,
        "industrialization_projects",
        lever="growth",
        probability=p,
        draws=4_000,
        rng=5,
        bounds=(answer.value * 1.01, answer.value * 10),
    )
    assert not dearer.feasible
    assert dearer.best_p_met < p
    record = answer.to_dict()
    assert record["search"] == "largest"
    assert record["unit_zh"] == "元/个"
    table = goalseek_table([answer])
    assert f"<= {answer.value:.3g}" in table
    assert "CNY per unit" in table
    assert "元/个" in goalseek_table([answer], lang="zh")


def test_a_unit_cost_bound_must_stay_positive():
    with pytest.raises(ScenarioError, match="must lie within 0 < value"):
        goal_seek(BASE, "industrialization_projects", lever="growth", bounds=(0, 1e6), draws=200)
    with pytest.raises(ScenarioError, match="must lie within 0 < value"):
        goal_seek(BASE, "invention_apps", lever="funding.creation", bounds=(0, 3), draws=200)


def test_a_sweep_of_a_unit_cost_refuses_zero():
    with pytest.raises(ScenarioError, match="must lie within 0 < value"):
        sweep(BASE, "growth.industrialization_projects", [0, 250_000], draws=100)
    curve = sweep(
        BASE,
        "growth.industrialization_projects",
        [150_000, 250_000, 400_000],
        targets=["industrialization_projects"],
        draws=500,
    )
    assert curve["p_met"].iloc[0] > curve["p_met"].iloc[-1]
    assert curve["p_met"].is_monotonic_decreasing  # a dearer project: fewer projects


def at_most_scenario(tmp_path):
    """The baseline on a copy of its plan where projects must stay at most 130 every year."""
    text = (PLANS / "guangzhou-ip-2017-2020.yaml").read_text(encoding="utf-8")
    old = "    threshold: 100\n    direction: at_least\n    deadline: 2020\n    label_zh: 每年支持"
    assert old in text
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(old, old.replace("100", "130").replace("at_least", "at_most")))
    raw = (bundled_scenarios_dir() / "baseline.yaml").read_text(encoding="utf-8")
    path = tmp_path / "at-most.yaml"
    path.write_text(raw.replace("plan: guangzhou-ip-2017-2020", "plan: plan.yaml"), "utf-8")
    scenario = load_scenario(path)
    assert scenario.load_plan().target("industrialization_projects").direction == "at_most"
    return scenario


def test_at_most_targets_search_the_other_way(tmp_path):
    scenario = at_most_scenario(tmp_path)
    p = 0.8
    # more budget funds more projects: it hurts a cap, so the answer is the largest budget
    funding = goal_seek(
        scenario, "industrialization_projects", lever="funding", probability=p, draws=4_000
    )
    assert funding.search == "largest"
    assert not funding.more_helps
    assert funding.feasible
    assert funding.p_met_at_value >= p
    more = goal_seek(
        scenario,
        "industrialization_projects",
        lever="funding",
        probability=p,
        draws=4_000,
        bounds=(funding.value * 1.01, 5.0),
    )
    assert not more.feasible
    assert more.best_p_met < p
    # a dearer project funds fewer: it helps a cap, so the answer is the smallest cost
    cost = goal_seek(
        scenario, "industrialization_projects", lever="growth", probability=p, draws=4_000
    )
    assert cost.search == "smallest"
    assert cost.more_helps
    assert cost.feasible
    assert cost.p_met_at_value >= p
    assert cost.value > cost.bounds[0] > 0
    cheaper = goal_seek(
        scenario,
        "industrialization_projects",
        lever="growth",
        probability=p,
        draws=4_000,
        bounds=(cost.bounds[0], cost.value * 0.99),
    )
    assert not cheaper.feasible
    assert cheaper.best_p_met < p


def test_goal_seek_on_an_unmodelled_target_says_why():
    national = load_scenario("national-14th")
    with pytest.raises(ScenarioError, match="not modelled") as err:
        goal_seek(national, "civil_case_acceptance", draws=200)
    assert national.unmodelled["civil_case_acceptance"] in str(err.value)
    done = ipsim("goalseek", "national-14th", "--target", "civil_case_acceptance")
    assert done.returncode == 2, done.stderr
    assert "not modelled" in done.stderr


def test_goal_seek_records_hold_no_nan():
    records = [r.to_dict() for r in goal_seek_all(load_scenario("national-14th"), draws=200)]
    json.dumps(records, allow_nan=False)
    without = [r for r in records if r["unit"] == ""]
    assert without, "national-14th has targets without a funding lever"
    assert all(r["bounds"] == [None, None] and r["current_value"] is None for r in without)
    assert all(
        not (isinstance(v, float) and not math.isfinite(v)) for r in records for v in r.values()
    )
