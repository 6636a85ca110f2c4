"""The rolling-origin backtest over the bundled reference series."""

from __future__ import annotations

import numpy as np
import pytest

from ipsim.analysis.rolling import rolling_backtest
from ipsim.errors import ArgumentError


@pytest.fixture(scope="module")
def result():
    return rolling_backtest(families=["patents_per_10k", "invention_patents_in_force"], draws=800)


def test_every_origin_uses_only_figures_published_by_it(result):
    points = result.to_frame()
    assert (points["last_year"] <= points["origin"]).all()
    assert (points["year"] > points["last_year"]).all()
    assert (points["horizon"] == points["year"] - points["last_year"]).all()


def test_scores_are_consistent(result):
    points = result.to_frame()
    assert points["pit"].between(0, 1).all()
    assert (points["lo90"] <= points["lo50"]).all()
    assert (points["hi50"] <= points["hi90"]).all()
    assert (~points["in90"] <= ~points["in50"]).all()  # inside the 50 % implies inside the 90 %
    assert (points["crps"] >= 0).all()
    summary = result.summary()
    assert summary.iloc[-1]["family"] == "all"
    assert sum(summary.iloc[-1]["pit_histogram"]) == len(points)


def test_the_same_seed_gives_the_same_result(result):
    again = rolling_backtest(families=["patents_per_10k", "invention_patents_in_force"], draws=800)
    assert np.allclose(again.to_frame()["crps"], result.to_frame()["crps"])


def test_to_dict_is_plain_json(result):
    import json

    document = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert set(document) == {"settings", "overall", "families", "points", "skipped"}


def test_bad_arguments_are_refused():
    with pytest.raises(ArgumentError, match="no reference family"):
        rolling_backtest(families=["patent_per_10k"])
    with pytest.raises(ArgumentError, match="vintage"):
        rolling_backtest(vintage="latest")  # type: ignore[arg-type]


def test_every_point_says_its_damping(result):
    points = result.to_frame()
    assert points["phi"].between(0.8, 0.98).all()
    assert (points["drift_change_sd"] >= 0).all()
    assert result.settings["damped"] is True


@pytest.mark.slow
def test_the_bundled_backtest_meets_the_issue_target():
    # measured (4,000 draws, seed 2017): 131 figures of 25 series, 50 % covers 53.4 %, 90 % covers
    # 86.3 %, CRPS skill +0.50; undamped 40.5 %, 80.2 %, +0.43
    damped = rolling_backtest()
    assert 0.85 <= damped.overall["coverage_90"] <= 0.95
    assert 0.40 <= damped.overall["coverage_50"] <= 0.60
    assert damped.overall["skill"] > 0
    from ipsim.analysis.rolling import bundled_summary, summary_document

    stored = (
        bundled_summary()
    )  # what the briefing quotes: refreshed with python -m ipsim.analysis.rolling
    fresh = summary_document(damped)
    assert (dict(stored.settings), dict(stored.overall)) == (fresh["settings"], fresh["overall"])
    undamped = rolling_backtest(damped=False)
    assert undamped.overall["coverage_90"] < damped.overall["coverage_90"]
    assert undamped.overall["skill"] < damped.overall["skill"]


def test_coverage_sentence_in_both_languages(result):
    from ipsim.views.rolling import coverage_sentence

    o = result.overall
    en = coverage_sentence(result, "en")
    assert en.startswith(f"In a rolling-origin backtest over {o['points']} figures of")
    assert f"the 90% intervals covered {o['coverage_90']:.0%}" in en
    zh = coverage_sentence(result, "zh")
    assert f"{o['points']} 个数据" in zh
    assert f"{o['coverage_50']:.0%}" in zh


def test_chart_has_both_panels_and_nominal_lines(result):
    from ipsim.charts import rolling_chart

    spec = rolling_chart(result, lang="zh").to_dict()
    pit, cover = spec["hconcat"]
    assert [layer["mark"]["type"] for layer in cover["layer"]] == ["rule", "point"]
    datasets = spec["datasets"].values()
    assert any([row.get("nominal") for row in rows] == [50, 90] for rows in datasets)
    assert pit["layer"][0]["encoding"]["x"]["title"].startswith("PIT")


def test_cli_rolling_table_json_and_errors(capsys):
    import json

    from ipsim.cli.commands import main

    args = ["backtest", "--rolling", "--family", "patents_per_10k", "--draws", "300"]
    assert main([*args, "--lang", "zh"]) == 0
    assert "每万人口发明专利拥有量" in capsys.readouterr().out
    assert main([*args, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {row["family"] for row in document["families"]} == {"patents_per_10k"}
    assert main(["backtest", "--origin", "2016"]) == 2
    assert "needs SCENARIO, --actuals (or --rolling" in capsys.readouterr().err
    assert main(["backtest", "--rolling", "baseline"]) == 2
    assert "takes no SCENARIO" in capsys.readouterr().err
