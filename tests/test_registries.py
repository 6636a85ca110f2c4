"""Registries own their knowledge: a family registered here, in a test file, gets calibration, a
lever and a slider for free, and a distribution family registered here moves its median."""

import inspect
import json
import math

import numpy as np
import pytest

import ipsim.analysis.calibrate as calibrate_module
import ipsim.levers as levers_module
from ipsim.analysis.calibrate import calibrate
from ipsim.distributions import (
    DISTRIBUTIONS,
    Distribution,
    DistributionFamily,
    ScaleMedian,
    move_to_median,
    register_distribution,
    with_median,
)
from ipsim.errors import ArgumentError
from ipsim.i18n import label
from ipsim.levers import levers_of
from ipsim.models import MODELS, Model, ModelContext, ParamSpec, register_model
from ipsim.models.base import RandomWalk, log_steps, output, running_sum
from ipsim.observed import OBSERVED_COLUMNS
from ipsim.plan import load_plan
from ipsim.scenario import Scenario, from_dict, load_scenario, to_dict
from ipsim.simulate import simulate


class SteadyGrowth(Model):
    """Log growth at a steady ``pace`` with ``noise``: compound growth under other names, so that
    nothing can find it by a built-in family's name or parameter names."""

    name = "test_steady_growth"
    summary = "steady log growth (a test family)"
    indicator_kinds = ("flow", "stock", "count")
    params = (
        ParamSpec(
            "pace",
            "median annual growth rate (fraction)",
            None,
            -1.0,
            10.0,
            low_open=True,
            unit_en="pace a year",
            effect=1,
        ),
        ParamSpec("noise", "sd of yearly log-growth shocks", 0.0, 0.0, 5.0),
    )
    lever_param = "pace"
    calibration = RandomWalk("log", drift="pace", volatility="noise")
    funding_acts_on = "growth"

    def paths(self, ctx: ModelContext) -> np.ndarray:
        log_path = log_steps(ctx, np.log1p(ctx.params["pace"]), ctx.params["noise"])
        running_sum(log_path)
        log_path += np.log(ctx.baseline)
        out = output(ctx)
        np.exp(log_path, out=out[:, 1:])
        return out


@pytest.fixture
def steady_growth():
    """The family registered for one test, and gone afterwards."""
    register_model(SteadyGrowth)
    yield SteadyGrowth
    MODELS.pop(SteadyGrowth.name)


@pytest.fixture
def scenario(steady_growth) -> Scenario:
    """The bundled baseline with ``invention_apps`` modelled by the test family."""
    raw = to_dict(load_scenario("baseline"))
    item = raw["indicators"]["invention_apps"]
    item["model"] = steady_growth.name
    item["pace"] = item.pop("growth")
    item["noise"] = item.pop("volatility")
    return from_dict(raw)


def write_series(path, series):
    """Write {indicator: {year: value}} as an observed-data CSV (as tests/test_calibrate.py)."""
    plan = load_plan("guangzhou-ip-2017-2020")
    lines = [",".join(OBSERVED_COLUMNS)]
    for ident, values in series.items():
        unit = plan.indicator(ident).unit_zh
        for year, value in values.items():
            lines.append(f"{ident},{ident},{year},{value!r},{unit},Guangzhou,synthetic,,,high")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_new_family_is_calibrated_as_its_declaration_says(scenario, tmp_path):
    figures = {2012: 18000.0, 2013: 20500.0, 2014: 22000.0, 2015: 26000.0, 2016: 31892.0}
    data = write_series(tmp_path / "d.csv", {"invention_apps": figures})
    result = calibrate(data, "guangzhou-ip-2017-2020", prior=scenario)
    fit = result.fits["invention_apps"]
    assert fit.status == "fitted"
    assert fit.spec.fitted == ("pace", "noise")
    assert fit.walk.data_mean == pytest.approx(math.log(31892 / 18000) / 4)
    pace = result.to_scenario().indicators["invention_apps"].params["pace"]
    assert pace.family == "growth_t"  # a growth rate whose log growth is Student t
    assert fit.to_record()["scale"] == "log"
    assert "pace: fitted to 5 figures" in fit.spec.rationale
    assert "noise 0." in fit.spec.rationale
    # the same numbers as the built-in compound growth family fitted to the same figures
    builtin = calibrate(data, "guangzhou-ip-2017-2020", prior="baseline").fits["invention_apps"]
    assert (fit.walk.mean, fit.walk.se, fit.walk.df) == (
        builtin.walk.mean,
        builtin.walk.se,
        builtin.walk.df,
    )
    assert pace == builtin.spec.params["growth"]
    record = next(r for r in result.to_dict()["indicators"] if r["indicator"] == "invention_apps")
    assert (record["scale"], record["status"]) == ("log", "fitted")
    json.dumps(result.to_dict(), allow_nan=False)  # JSON types only
    simulate(result.to_scenario(), draws=500, rng=1)


def test_a_new_family_gets_a_lever_with_its_range_direction_and_unit(scenario):
    lever = levers_of(scenario)["growth.invention_apps"]
    assert lever.param == "pace"
    assert lever.current == pytest.approx(0.17)
    assert (lever.low, lever.high) == SteadyGrowth.param("pace").search_range(lever.current)
    assert (lever.low, lever.high) == (-0.5, 2.0)  # a growth rate's range
    assert lever.increases
    assert lever.unit == "pace a year"  # the family's own unit
    assert lever.unit_zh == label("levers.median", "zh")  # none given in Chinese: "median"
    faster = lever.apply(scenario, 0.3)
    assert faster.indicators["invention_apps"].params["pace"].median == pytest.approx(0.3)
    slow, fast = (
        np.median(simulate(s, draws=2000, rng=7).path("invention_apps")[:, -1])
        for s in (scenario, faster)
    )
    assert fast > slow


def test_a_new_family_is_varied_as_a_growth_rate_by_sensitivity(scenario):
    # its unit says nothing of growth: the declaration (is_growth_rate) decides, not the words
    from ipsim.analysis.sensitivity import default_range, sensitivity

    lever = levers_of(scenario)["growth.invention_apps"]
    shrinking = lever.apply(scenario, -0.02)
    low, high = default_range(levers_of(shrinking)["growth.invention_apps"])
    assert (low, high) == pytest.approx((-0.07, 0.03))
    result = sensitivity(
        shrinking, target="invention_apps", inputs=["growth.invention_apps"], n=8,
        draws_per_point=8, rng=1,
    )  # fmt: skip
    assert not result.indices.empty


def test_a_new_family_gets_a_slider_that_moves_the_result(scenario):
    from ipsim.widgets import ScenarioExplorer

    explorer = ScenarioExplorer(scenario, lang="en", debounce=0)
    explorer.controls["target"].value = "invention_apps"
    slider = explorer.growth_slider("invention_apps")
    assert slider.value == pytest.approx(0.17)
    assert slider.min < 0.17 < 0.3 < slider.max

    def p_met() -> float:
        return next(t for t in explorer.assessment.targets if t.id == "invention_apps").p_met

    before = (p_met(), explorer.chart_svg)
    slider.value = 0.3
    assert explorer.scenario.indicators["invention_apps"].params["pace"].median == pytest.approx(
        0.3
    )
    assert p_met() > before[0]
    assert explorer.chart_svg != before[1]


def test_a_family_naming_an_undeclared_parameter_is_refused():
    class Broken(SteadyGrowth):
        name = "test_broken"
        calibration = RandomWalk("log", drift="pace", volatility="volatility")

    with pytest.raises(ArgumentError, match="undeclared parameter\\(s\\) 'volatility'"):
        register_model(Broken)
    assert "test_broken" not in MODELS
    with pytest.raises(ArgumentError, match="scale must be one of"):
        RandomWalk("sqrt", drift="pace")  # type: ignore[arg-type]


def test_a_parameter_unit_comes_from_the_family_or_the_label_table():
    assert ParamSpec("pace", "", unit_en="pace a year").unit("en") == "pace a year"
    assert ParamSpec("pace", "", unit_zh="x").unit("zh") == "x"
    assert ParamSpec("pace", "").unit("zh") == ""
    assert ParamSpec("growth", "").unit("zh") == label("models.unit.growth", "zh")
    lever = levers_of(load_scenario("baseline"))["growth.invention_apps"]
    assert (lever.unit, lever.unit_zh) == (
        label("models.unit.growth", "en"),
        label("models.unit.growth", "zh"),
    )


def test_calibration_and_levers_name_no_family():
    for module in (calibrate_module, levers_module):
        source = inspect.getsource(module)
        assert not [name for name in MODELS if name in source], module.__name__


def _ppf_loglogistic(u: np.ndarray, p) -> np.ndarray:
    return p["alpha"] * (u / (1.0 - u)) ** (1.0 / p["beta"])


def _ppf_laplace(u: np.ndarray, p) -> np.ndarray:
    return p["loc"] - p["b"] * np.sign(u - 0.5) * np.log1p(-2.0 * np.abs(u - 0.5))


@pytest.fixture(
    params=[
        # a scale family that says so
        DistributionFamily(
            "test_loglogistic",
            ("alpha", "beta"),
            lambda p: None,
            _ppf_loglogistic,
            lambda p: (0.0, math.inf),
            "log-logistic with median alpha and shape beta",
            ScaleMedian("alpha"),
        ),
        # a location family that declares nothing: its location is shifted
        DistributionFamily(
            "test_laplace",
            ("loc", "b"),
            lambda p: None,
            _ppf_laplace,
            lambda p: (-math.inf, math.inf),
            "Laplace with location loc and scale b",
        ),
    ],
    ids=lambda f: f.name,
)
def family(request):
    """A distribution family registered for one test, and gone afterwards."""
    register_distribution(request.param)
    yield request.param
    DISTRIBUTIONS.pop(request.param.name)


def test_a_new_distribution_moves_its_median_both_ways_alike(family):
    params = {"alpha": 2.0, "beta": 4.0} if "alpha" in family.params else {"loc": 2.0, "b": 0.5}
    value = Distribution(family.name, params)
    assert value.median == pytest.approx(2.0)
    moved = with_median(value, 3.0)
    assert moved.median == pytest.approx(3.0)
    u = np.array([[0.1], [0.5], [0.9]])
    spread = value.ppf(u)[2, 0] - value.ppf(u)[0, 0]
    grown = moved.ppf(u)[2, 0] - moved.ppf(u)[0, 0]
    # a scale family's spread grows with its median, a location family's is kept
    assert grown == pytest.approx(spread * (1.5 if "alpha" in params else 1.0))
    # the vectorised form gives the draws of the moved law from the same uniforms
    drawn = move_to_median(value, value.ppf(u), np.full(3, 3.0))
    assert drawn == pytest.approx(moved.ppf(u))
    assert levers_module.move_to_median is move_to_median


def test_the_registries_are_clean_after_the_tests():
    assert SteadyGrowth.name not in MODELS
    assert not [name for name in DISTRIBUTIONS if name.startswith("test_")]
