"""Baseline levels and published figures before the baseline year obey the model's level bounds."""

import pytest

from ipsim.errors import ScenarioError
from ipsim.scenario import bundled_scenarios_dir, loads_scenario


def baseline_with(old: str, new: str) -> str:
    text = (bundled_scenarios_dir() / "baseline.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_count_stock_may_have_published_zero_before_its_baseline_year():
    text = baseline_with(
        "      year: 2016\n      value: 0\n      confidence: assumed\n",
        "      year: 2017\n      value: 3\n      confidence: assumed\n      history: {2016: 0}\n",
    )
    scenario = loads_scenario(text, base_dir=str(bundled_scenarios_dir()))
    assert scenario.indicators["strong_firms"].baseline.history == {2016: 0.0}


def test_a_negative_count_in_history_is_refused_with_its_line():
    text = baseline_with(
        "      year: 2016\n      value: 0\n      confidence: assumed\n",
        "      year: 2017\n      value: 3\n      confidence: assumed\n      history: {2016: -1}\n",
    )
    line = text.split("\n").index("      history: {2016: -1}") + 1
    with pytest.raises(
        ScenarioError, match=rf"s\.yaml:{line}: indicators\.strong_firms\.baseline\.history\[2016\]"
    ):
        loads_scenario(text, filename="s.yaml", base_dir=str(bundled_scenarios_dir()))


def test_a_baseline_level_beyond_1e15_is_refused_before_it_can_overflow():
    text = (bundled_scenarios_dir() / "baseline.yaml").read_text(encoding="utf-8")
    start = text.index("  invention_apps:\n")
    at = text.index("      value: ", start)
    end = text.index("\n", at)
    bad = text[:at] + "      value: 1e308" + text[end:]
    line = bad[:at].count("\n") + 1
    with pytest.raises(
        ScenarioError,
        match=rf"s\.yaml:{line}: indicators\.invention_apps\.baseline\.value: out of range",
    ):
        loads_scenario(bad, filename="s.yaml", base_dir=str(bundled_scenarios_dir()))
