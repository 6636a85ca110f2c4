"""Charts as specs (marks, encodings, titles in both languages) and as PNG files drawn offline."""

import numpy as np
import pytest

from ipsim import assess, load_observed, load_scenario, simulate
from ipsim.analysis.backtest import backtest
from ipsim.charts import backtest_chart, comparison_chart, fan_chart, status_board
from ipsim.status import band
from ipsim.views.style import VERDICT_COLOURS

PNG = pytest.importorskip("vl_convert")


@pytest.fixture(scope="module")
def board():
    return assess(simulate(load_scenario("baseline"), draws=2_000, rng=1))


def layers(spec):
    return {
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in spec["layer"]
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fan_chart_has_bands_target_deadline_and_p_met(board, lang):
    spec = fan_chart(board, "invention_apps", lang=lang).to_dict()
    assert {"area", "line", "point", "rule", "text"} <= layers(spec)
    marks = [layer["mark"] for layer in spec["layer"]]
    assert sum(m["type"] == "area" for m in marks) == 2  # 50 % and 90 % bands
    assert any(m["type"] == "line" and m.get("strokeDash") for m in marks)  # target / required path
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["data"]["values"][0]["year"] == 2020  # the deadline
    title = spec["title"]
    if lang == "zh":
        assert title["text"] == "发明专利申请量年均增长18%以上（2020年）"
        assert title["subtitle"][0].startswith("达成概率 ")
    else:
        assert title["text"] == "Invention patent applications grow at least 18% a year by 2020"
        assert title["subtitle"][0].startswith("P(met) = ")
    p = next(t for t in board.targets if t.id == "invention_apps").p_met
    assert f"{p:.0%}" in title["subtitle"][0]


def test_fan_chart_axis_units_follow_the_language(board):
    def y_title(spec):
        return spec["layer"][0]["encoding"]["y"]["axis"]["title"]

    assert y_title(fan_chart(board, "invention_apps", lang="zh").to_dict()) == "万件"
    assert y_title(fan_chart(board, "agency_rate", lang="en").to_dict()) == "%"
    assert y_title(fan_chart(board, "patent_trade_volume", lang="zh").to_dict()) == "亿元"
    assert (
        y_title(fan_chart(board, "hitech_invention_apps", lang="en").to_dict())
        == "index (base year = 1)"
    )


def test_fan_chart_marks_observed_and_assumed_figures(board):
    spec = fan_chart(board, "invention_apps", lang="en").to_dict()
    observed, assumed = spec["layer"][3]["data"]["values"], spec["layer"][4]["data"]["values"]
    assert {(r["year"], r["kind"]) for r in observed} == {
        (2016, "medium"),  # the city's 2016 figure, derived from its 2017 release
        (2017, "high"),
        (2015, "low"),
    }
    assert assumed == []
    spec = fan_chart(board, "agency_rate", lang="en").to_dict()
    assert [r["kind"] for r in spec["layer"][4]["data"]["values"]] == ["assumed"]
    assert spec["layer"][4]["mark"]["filled"] is False  # hollow: visibly not an observation


def test_required_path_of_a_growth_target_compounds_from_the_base_year(board):
    spec = fan_chart(board, "invention_apps", lang="en").to_dict()
    path = next(layer for layer in spec["layer"] if layer["mark"].get("strokeDash"))["data"][
        "values"
    ]
    values = np.array([r["value"] for r in path])
    np.testing.assert_allclose(values[1:] / values[:-1], 1.18)


def test_status_board_groups_by_project_and_marks_assumptions(board):
    spec = status_board(board, lang="zh").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert len(rows) == 18
    assert spec["facet"]["row"]["field"] == "project"
    assert {r["project"] for r in rows} >= {
        "1. 知识产权管理能力提升工程",
        "4. 知识产权质量提升工程",
    }
    apps = next(r for r in rows if r["id"] == "invention_apps")
    assert apps["label"].endswith("†")
    assert not apps["label"].endswith("*†")
    rate = next(r for r in rows if r["id"] == "agency_rate")
    assert rate["label"].endswith("*†")
    assert apps["owner"] == "市知识产权局"
    assert spec["title"]["text"] == "目标一览：达成概率及判断"
    # the colour is the verdict (the band of P(met)), all five bands in the legend, in order
    colour = spec["spec"]["layer"][0]["encoding"]["color"]
    assert colour["field"] == "verdict_legend"
    assert colour["scale"]["domain"][:3] == [
        "很可能（≥90%）",
        "可能（66%–90%）",
        "或许可能（33%–66%）",
    ]
    assert colour["scale"]["range"][0] == VERDICT_COLOURS["very_likely"]
    assert all(r["verdict"] == band(r["p_met"]) for r in rows)
    assert (
        status_board(board, lang="en").to_dict()["title"]["text"].startswith("Targets at a glance")
    )


def test_comparison_chart_puts_scenarios_side_by_side(board):
    other = assess(simulate(load_scenario("high-funding"), draws=2_000, rng=1))
    spec = comparison_chart(board, other, lang="en").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert {r["scenario"] for r in rows} == {"baseline", "high-funding"}
    assert spec["encoding"]["yOffset"]["field"] == "scenario"
    zh = comparison_chart(board, other, lang="zh").to_dict()
    assert zh["title"]["text"] == "各情景下的目标达成概率"


def test_the_old_name_compare_still_draws_and_warns(board):
    import ipsim.charts

    with pytest.warns(DeprecationWarning, match="ipsim.charts.comparison_chart"):
        old = ipsim.charts.compare
    assert old is comparison_chart
    with pytest.raises(AttributeError, match="no attribute 'no_such_chart'"):
        ipsim.charts.no_such_chart  # noqa: B018


def test_backtest_chart_shows_known_and_actual_figures():
    result = backtest(
        "baseline", origin=2016, actuals=load_observed("guangzhou-ip-2017-2020"), draws=500
    )
    spec = backtest_chart(result, lang="en").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    whats = {r.get("what") for r in rows if r["layer"] == "point"}
    assert whats == {"known at the origin", "what happened"}
    assert any(layer["mark"]["type"] == "rule" for layer in spec["spec"]["layer"])


def test_chinese_renders_in_png_without_missing_glyph_boxes(board, tmp_path):
    """Two different characters must draw differently: a missing font draws both as the same
    'missing glyph' box, so their PNG files would be identical byte for byte."""
    import altair as alt
    import vl_convert

    def glyph(ch):
        chart = (
            alt.Chart(alt.Data(values=[{}]))
            .mark_text(text=ch, fontSize=60)
            .properties(width=80, height=80)
        )
        return vl_convert.vegalite_to_png(chart.to_dict())

    assert glyph("发") != glyph("明"), "no CJK font: install fonts-noto-cjk or fonts-wqy-microhei"
    assert glyph("A") != glyph("B")
    path = tmp_path / "fan.png"
    fan_chart(board, "invention_apps", lang="zh").save(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for suffix in ("svg", "pdf"):
        fan_chart(board, "certified_units", lang="zh").save(tmp_path / f"fan.{suffix}")
        assert (tmp_path / f"fan.{suffix}").stat().st_size > 1000
