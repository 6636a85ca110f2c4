"""Scenario discovery over one run's kept inputs: the box names what makes a target miss."""

from __future__ import annotations

import re

import pytest

from ipsim.analysis.discover import discover, input_formats, input_names
from ipsim.assess import assess
from ipsim.cli.commands import main
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


@pytest.fixture(scope="module")
def runs():
    from ipsim.analysis.ensemble import ensemble

    vary = {"funding.creation": (0.25, 2.0), "growth.invention_apps": (0.10, 0.26)}
    return ensemble("baseline", n=120, draws=400, vary=vary, target="invention_apps", rng=1)


def test_over_an_ensemble_the_box_is_low_growth(runs):
    box = discover(runs, "invention_apps")
    frame = runs.to_frame()
    assert box.k_total == int((frame["p_met"] < 0.5).sum())  # a case: P(met) below 50 %
    assert box.found
    # both levers matter: misses are low funding and low growth (the target needs 18 % a year)
    assert set(box.restricted) == {"funding.creation", "growth.invention_apps"}
    upper = box.to_frame().set_index("column")["upper"]
    assert upper["growth.invention_apps"] < 0.25
    assert upper["funding.creation"] < 1.8
    assert "%/yr" in box.thresholds_text("en")
    stricter = discover(runs, "invention_apps", miss_below=0.2)
    assert stricter.k_total < box.k_total


def test_an_ensemble_file_reads_as_the_ensemble(runs, tmp_path):
    from ipsim.analysis.ensemble import ensemble

    out = tmp_path / "r.parquet"
    vary = {"funding.creation": (0.25, 2.0), "growth.invention_apps": (0.10, 0.26)}
    ensemble("baseline", n=120, draws=400, vary=vary, target="invention_apps", rng=1, output=out)
    in_memory, from_file = discover(runs, "invention_apps"), discover(out, "invention_apps")
    assert from_file.thresholds_text("zh") == in_memory.thresholds_text("zh")


def test_over_several_scenarios_one_is_chosen():
    from ipsim.analysis.ensemble import ensemble

    both = ensemble(["baseline", "high-funding"], n=8, draws=100, target="invention_apps")
    with pytest.raises(ArgumentError, match="several scenarios"):
        discover(both, "invention_apps")
    assert discover(both, "invention_apps", scenario="high-funding").n_total == 8
    with pytest.raises(ArgumentError, match="miss_below"):
        discover(both, "invention_apps", scenario="baseline", miss_below=0)


def test_cart_cross_checks_the_box(found, capsys):
    pytest.importorskip("sklearn")
    checked = discover("baseline", "invention_apps", draws=6_000, rng=1, cart=True)
    assert checked.thresholds_text("en") == found.thresholds_text("en")
    assert checked.cart.restricted() == ("growth.invention_apps",)
    assert checked.agreement.same_inputs
    assert checked.agreement.prim_in_cart > 0.8
    document = checked.to_dict()
    assert set(document["cart"]["rules"]) == {"en", "zh"}
    assert "cart" not in found.to_dict()
    argv = ["discover", "baseline", "--target", "invention_apps", "--draws", "3000", "--seed", "1"]
    assert main([*argv, "--cart", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("分类回归树")
    assert "%/年" in lines[2]


def test_a_file_that_is_no_ensemble_is_refused(tmp_path, capsys):
    import pandas as pd

    junk, other = tmp_path / "junk.parquet", tmp_path / "other.parquet"
    junk.write_text("not parquet", "utf-8")
    pd.DataFrame({"a": [1.0]}).to_parquet(other)
    for path, words in [
        (junk, "cannot read it as Parquet"),
        (other, "not an ensemble's file"),
        (tmp_path / "none.parquet", "cannot read it as Parquet"),
    ]:
        assert main(["discover", str(path), "--target", "invention_apps"]) == 2
        err = capsys.readouterr().err
        assert words in err
        assert "internal error" not in err
