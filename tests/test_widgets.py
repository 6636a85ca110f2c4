"""The scenario explorer driven in-process, as a notebook would drive it."""

import asyncio
import threading

import pytest

from ipsim.scenario import load_scenario
from ipsim.widgets import ScenarioExplorer


@pytest.fixture
def explorer():
    return ScenarioExplorer("baseline", lang="en", debounce=0)


def p_met(explorer, target):
    return next(t for t in explorer.assessment.targets if t.id == target).p_met


def test_controls_come_from_the_scenarios_declarations(explorer):
    scenario = load_scenario("baseline")
    names = set(explorer.controls)
    assert {f"funding.{p}" for p in scenario.funding} <= names
    assert {f"growth.{i}" for i in scenario.indicators} <= names
    assert {"draws", "reading", "target", "language", "reset", "save", "load"} <= names
    assert explorer.growth_slider("invention_apps").value == pytest.approx(0.17)
    assert explorer.scenario == scenario.with_run(draws=scenario.draws)


def test_a_funding_slider_changes_scenario_assessment_board_and_chart(explorer):
    explorer.controls["target"].value = "invention_apps"  # paid from the creation programme
    before = (p_met(explorer, "invention_apps"), explorer.board, explorer.chart_svg)
    explorer.funding_slider("creation").value = 2.0
    assert explorer.scenario.funding["creation"].multiple == 2.0
    assert p_met(explorer, "invention_apps") > before[0]
    assert explorer.board != before[1]
    assert explorer.chart_svg != before[2]
    assert explorer.last_update_seconds > 0


def test_growth_per_year_draws_and_reading_controls(explorer):
    explorer.growth_slider("invention_apps").value = 0.25
    growth = explorer.scenario.indicators["invention_apps"].params["growth"]
    assert growth.median == pytest.approx(0.25)
    assert growth.params["sd"] == pytest.approx(0.06)  # the spread is kept
    control = explorer._funding["finance"]
    control.per_year.value = True
    control.years[2019].value = 2.0
    assert explorer.scenario.funding["finance"].multiple == {
        2017: 1.0,
        2018: 1.0,
        2019: 2.0,
        2020: 1.0,
    }
    explorer.controls["draws"].value = 2_000
    assert explorer.assessment.result.draws == 2_000
    explorer.controls["reading"].value = "yoy_each_year"
    assert explorer.scenario.reading == "yoy_each_year"
    assert (
        next(t for t in explorer.assessment.targets if t.id == "invention_apps").kind
        == "yoy_each_year"
    )


def test_target_and_language_switch_the_chart_and_labels(explorer):
    explorer.controls["target"].value = "agency_rate"
    assert "At least 70% of patent applications filed through an agency" in explorer._chart.value
    explorer.controls["language"].value = "zh"
    assert "全市专利申请代理率达到70%以上" in explorer._chart.value
    assert "全部目标达成概率" in explorer.board
    assert explorer.funding_slider("creation").description == "专利创造与专利导航产业发展"
    explorer.controls["language"].value = "en"
    assert "P(all targets met)" in explorer.board


def test_save_then_load_gives_the_same_scenario(explorer, tmp_path):
    explorer.funding_slider("operation").value = 1.4
    explorer.growth_slider("trademark_apps").value = 0.3
    path = explorer.save(tmp_path / "mine.yaml")
    assert load_scenario(path) == explorer.scenario
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]  # atomic: no temporary left
    fresh = ScenarioExplorer("baseline", debounce=0)
    fresh.load(path)
    assert fresh.scenario == explorer.scenario
    assert fresh.funding_slider("operation").value == pytest.approx(1.4)


def test_buttons_save_load_and_reset(explorer, tmp_path):
    explorer.funding_slider("services").value = 0.5
    explorer.controls["path"].value = str(tmp_path / "via-button.yaml")
    explorer.controls["save"].click()
    assert "saved" in explorer._message.value
    assert load_scenario(tmp_path / "via-button.yaml").funding["services"].multiple == 0.5
    explorer.controls["reset"].click()
    assert explorer.scenario.funding["services"].multiple == 1.0
    assert explorer.funding_slider("services").value == 1.0
    explorer.controls["load"].click()
    assert explorer.scenario.funding["services"].multiple == 0.5
    explorer.controls["path"].value = str(tmp_path / "missing.yaml")
    explorer.controls["load"].click()
    assert "no such scenario file" in explorer._message.value  # shown, not raised


def test_changes_are_debounced_in_a_running_notebook():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0.05)
    calls = []
    original = explorer.refresh

    def counting():
        calls.append(1)
        original()

    explorer.refresh = counting

    async def drag():
        for value in (1.1, 1.2, 1.3, 1.4, 1.5):
            explorer.funding_slider("creation").value = value
        await asyncio.sleep(0.3)

    # in a thread of its own: another test's browser may hold this thread's event loop
    worker = threading.Thread(target=lambda: asyncio.run(drag()))
    worker.start()
    worker.join()
    assert len(calls) == 1
    assert explorer.scenario.funding["creation"].multiple == 1.5
