"""The scenario-discovery charts (ipsim.charts.discovery) as specs: titles, axes with units, the
chosen box, the box's ranges against PRIM's limits, both languages, a result without a box."""

import numpy as np
import pandas as pd
import pytest

from ipsim import load_scenario
from ipsim.analysis.discover import discover
from ipsim.analysis.prim import prim
from ipsim.charts.discovery import box_chart, tradeoff_chart
from ipsim.i18n import label


@pytest.fixture(scope="module")
def known():
    """A known box: a below 0.3 and b above 0.6 (c is noise), found at density >= 0.95."""
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.uniform(size=(2000, 3)), columns=["a", "b", "c"])
    y = ((x["a"] < 0.3) & (x["b"] > 0.6)).to_numpy()
    names = {"a": ("input a", "输入a"), "b": ("input b", "输入b")}
    formats = {"a": lambda v, lang: f"{v:.2f} u"}
    return prim(x, y, threshold=0.95, bootstrap=3, rng=2, names=names, formats=formats)


@pytest.fixture(scope="module")
def nothing():
    """No structure: the outcome is independent of the inputs, so no box is found."""
    rng = np.random.default_rng(4)
    x = pd.DataFrame(rng.uniform(size=(1000, 2)), columns=["a", "b"])
    return prim(x, rng.uniform(size=1000) < 0.3)


def flat(spec, data=None):
    """Every leaf layer of a (nested) layered spec, each with the data it draws."""
    data = spec.get("data", data)
    for layer in spec["layer"]:
        if "layer" in layer:
            yield from flat(layer, data)
        else:
            yield {"data": data, **layer}


def rows(spec, layer):
    """The data rows a layer draws (its own, or the data it inherits)."""
    data = layer["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def mark(layer):
    return layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tradeoff_titles_axes_and_the_chosen_box(known, lang):
    assert known.found
    assert known.restricted == ("a", "b")
    spec = tradeoff_chart(known, lang=lang, target="t1").to_dict()
    assert spec["title"]["text"] == label("discovery_charts.tradeoff_title", lang, target="t1")
    shares = {"coverage": f"{known.coverage:.0%}", "density": f"{known.density:.0%}"}
    assert spec["title"]["subtitle"][1] in {
        label(f"discovery_charts.{key}", lang, step=known.step, **shares)
        for key in ("chosen", "chosen_pasted")
    }
    points = next(layer for layer in flat(spec) if mark(layer) == "circle")
    x, y = points["encoding"]["x"], points["encoding"]["y"]
    assert x["axis"]["title"] == label("discovery_charts.coverage_axis", lang)
    assert y["axis"]["title"] == label("discovery_charts.density_axis", lang)
    assert x["axis"]["title"].endswith("%)") or x["axis"]["title"].endswith("%）")
    assert x["axis"]["format"] == y["axis"]["format"] == "%"
    assert points["encoding"]["color"]["field"] == "restricted_dims"
    tips = {t["field"] for t in points["encoding"]["tooltip"]}
    assert tips == {"step", "coverage", "density", "mass", "restricted_dims"}
    trajectory = rows(spec, points)
    assert len(trajectory) == known.trajectory_n.size
    ring = next(layer for layer in flat(spec) if mark(layer) == "point")
    (chosen,) = rows(spec, ring)
    assert (chosen["coverage"], chosen["density"]) == pytest.approx((known.coverage, known.density))
    rules = next(layer for layer in flat(spec) if mark(layer) == "rule")
    base, wanted = (r["density"] for r in rows(spec, rules))
    assert base == pytest.approx(known.k_total / known.n_total)
    assert wanted == 0.95


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_box_ranges_are_the_limits_on_a_zero_to_one_scale(known, lang):
    spec = box_chart(known, lang=lang, target="t1").to_dict()
    assert spec["title"]["text"] == label("discovery_charts.box_title", lang, target="t1")
    assert f"{known.coverage:.0%}" in spec["title"]["subtitle"][0]
    assert f"{known.density:.0%}" in spec["title"]["subtitle"][0]
    bars = [layer for layer in flat(spec) if mark(layer) == "bar"]
    assert [b["encoding"]["x2"]["field"] for b in bars] == ["one", "box_hi"]
    drawn = rows(spec, bars[1])
    assert [r["input"] for r in drawn] == [known.names[c][lang == "zh"] for c in ("a", "b")]
    span = known.initial[1] - known.initial[0]
    for row, j in zip(drawn, (0, 1), strict=True):
        lo, hi = (known.limits[:, j] - known.initial[0, j]) / span[j]
        assert (row["box_lo"], row["box_hi"]) == pytest.approx((lo, hi))
    a, b = drawn
    assert a["box_lo"] == 0
    assert 0.25 < a["box_hi"] < 0.35
    assert 0.5 < b["box_lo"] < 0.65
    assert b["box_hi"] == 1
    assert a["upper_text"].startswith(f"{known.limits[1, 0]:.2f} u")  # the column's format
    assert "< 0.001" in a["upper_text"]
    assert a["lower_text"] == ""
    assert b["lower_text"].startswith(f"{known.limits[0, 1]:.3g}")  # 3 significant digits
    assert a["stability"] == f"{known.stability[0]:.0%}"
    assert a["stability"] in a["heading"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_a_box_the_charts_say_so(nothing, lang):
    assert not nothing.found
    trade = tradeoff_chart(nothing, lang=lang).to_dict()
    assert trade["title"]["text"] == label("discovery_charts.tradeoff_title_plain", lang)
    assert trade["title"]["subtitle"][1] == label("prim.no_box", lang, threshold="80%")
    assert "point" not in {mark(layer) for layer in flat(trade)}  # no chosen box marked
    box = box_chart(nothing, lang=lang).to_dict()
    (words,) = flat(box)
    assert rows(box, words)[0]["text"] == label("prim.no_box", lang, threshold="80%")


def test_a_base_rate_above_the_threshold_is_named_as_the_reason():
    rng = np.random.default_rng(5)
    x = pd.DataFrame(rng.uniform(size=(500, 2)), columns=["a", "b"])
    result = prim(x, rng.uniform(size=500) < 0.9)
    assert not result.found
    text = tradeoff_chart(result).to_dict()["title"]["subtitle"][1]
    assert text.startswith("no box needed: ")
    assert "already miss" in text
    assert result.thresholds_text("en") == text  # the same reason in words and on the chart


@pytest.fixture(scope="module")
def real():
    return discover("baseline", "certified_units", draws=3_000, rng=1, bootstrap=2, bootstrap_rng=2)


def test_a_real_discovery_reads_in_units_and_names_in_both_languages(real):
    scenario = load_scenario("baseline")
    assert real.restricted == ("additions.certified_units", "growth.certified_units")
    en = box_chart(real, target="certified_units", scenario=scenario).to_dict()
    zh = box_chart(real, lang="zh", target="certified_units", scenario=scenario).to_dict()
    assert en["title"]["text"].endswith("national IP-management standard")
    indicator = scenario.load_plan().indicator("certified_units").label("zh")
    assert zh["title"]["text"].endswith(indicator)
    bars = next(layer for layer in flat(en) if mark(layer) == "bar")
    additions, growth = rows(en, bars)
    assert additions["upper_text"].startswith("263 (quasi-p")  # no unit: 3 significant digits
    assert growth["upper_text"].startswith("50.5 %/yr (quasi-p")
    assert growth["input"] == real.names["growth.certified_units"][0]
    trade = tradeoff_chart(real, lang="zh", target="certified_units", scenario=scenario)
    assert trade.to_dict()["title"]["text"].endswith(indicator)


def test_the_charts_draw_to_png(known):
    vl_convert = pytest.importorskip("vl_convert")
    for chart in (tradeoff_chart(known, lang="zh"), box_chart(known, lang="zh")):
        png = vl_convert.vegalite_to_png(chart.to_dict())
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(png) > 5_000
