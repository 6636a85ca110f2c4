"""Scenario discovery over one run's kept inputs: the box names what makes a target miss."""

from __future__ import annotations

import re

import pytest

from ipsim.analysis.discover import discover, input_formats, input_names
from ipsim.assess import assess
from ipsim.errors import ArgumentError
from ipsim.scenario import load_scenario
from ipsim.simulate import simulate


@pytest.fixture(scope="module")
def found():
    return discover("baseline", "invention_apps", draws=6_000, rng=1)


def test_invention_applications_miss_when_their_growth_is_low(found):
    # the target needs 18 % a year; the trend's median is 17 %: low growth is what misses
    assert found.found
    assert found.restricted[0] == "growth.invention_apps"
    upper = found.to_frame().set_index("column").loc["growth.invention_apps", "upper"]
    assert 0.14 < upper < 0.22
    assert found.density >= 0.8
    assert found.coverage > 0.5


def test_only_inputs_that_vary_are_offered(found):
    assert "funding.creation" not in found.columns  # funding as planned: the same in every draw
    assert all(not c.startswith("volatility.") for c in found.columns)  # fixed in the baseline


def test_the_box_reads_in_words_without_codes(found):
    for lang in ("en", "zh"):
        text = found.thresholds_text(lang)
        assert not re.search(r"[a-z]+_[a-z_]+|\b(growth|funding)\.", text), text
    assert re.match(r"发明专利申请量增长率低于\d+\.\d%/年：", found.thresholds_text("zh"))
    assert re.match(
        r"growth of invention patent applications below \d+\.\d %/yr: ", found.thresholds_text("en")
    )


def test_limits_read_with_their_units():
    columns = (
        "funding.creation",
        "growth.invention_apps",
        "baseline.invention_apps",
        "baseline.ip_review_rate",
        "elasticity.invention_apps",
    )
    formats = input_formats(load_scenario("baseline"), columns)
    assert "elasticity.invention_apps" not in formats  # plain: PRIM's 3 significant digits
    values = (0.8, 0.189, 104_123.4, 0.2891)
    assert [formats[c](v, "en") for c, v in zip(columns, values, strict=False)] == [
        "0.80x the plan",
        "18.9 %/yr",
        "104,123 applications",
        "28.9 %",
    ]
    assert [formats[c](v, "zh") for c, v in zip(columns, values, strict=False)] == [
        "计划的0.80倍",
        "18.9%/年",
        "104,123件",
        "28.9%",
    ]


def test_names_of_every_kept_input_of_the_baseline():
    scenario = load_scenario("baseline")
    result = simulate(scenario, draws=200, rng=1, keep_inputs=True)
    names = input_names(scenario, tuple(result.inputs.columns))
    assert set(names) == set(result.inputs.columns)
    assert names["funding.creation"][1] == "专利创造与专利导航产业发展"


def test_a_run_without_kept_inputs_says_how_to_keep_them():
    board = assess(simulate(load_scenario("baseline"), draws=200, rng=1))
    with pytest.raises(ArgumentError, match="keep_inputs=True"):
        discover(board, "invention_apps")


def test_the_command_prints_the_box_and_refuses_bad_input(capsys):
    from ipsim.cli.commands import main

    argv = ["discover", "baseline", "--target", "invention_apps", "--draws", "3000", "--seed", "1"]
    assert main([*argv, "--lang", "zh"]) == 0
    assert capsys.readouterr().out.startswith("发明专利申请量增长率低于")
    assert main(["discover", "baseline", "--target", "nope"]) == 2
    assert "has no target 'nope'" in capsys.readouterr().err
    assert main([*argv, "--threshold", "2"]) == 2
    assert "threshold" in capsys.readouterr().err
