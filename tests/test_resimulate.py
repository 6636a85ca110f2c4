"""resimulate: re-simulating only what changed gives exactly what simulating everything gives."""

import importlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ipsim.distributions import median_of, with_median
from ipsim.scenario import load_scenario
from ipsim.simulate import resimulate, simulate
from ipsim.widgets import ScenarioExplorer

BASE = load_scenario("baseline").with_run(draws=300)
PROGRAMMES = sorted(BASE.funding)
GROWING = sorted(i for i, spec in BASE.indicators.items() if "growth" in spec.params)


def same(a, b):
    return a.indicators == b.indicators and np.array_equal(a.values, b.values, equal_nan=True)


change = st.one_of(
    st.tuples(st.just("funding"), st.sampled_from(PROGRAMMES), st.floats(0.2, 3.0)),
    st.tuples(st.just("growth"), st.sampled_from(GROWING), st.floats(-0.05, 0.3)),
    st.tuples(st.just("draws"), st.just(""), st.sampled_from([300, 400])),
    st.tuples(st.just("reading"), st.just(""), st.sampled_from(["cagr", "yoy_each_year"])),
)


def apply(scenario, what, key, value):
    if what == "funding":
        return scenario.with_funding(key, multiple=round(value, 3))
    if what == "growth":
        spec = scenario.indicators[key]
        moved = with_median(spec.params["growth"], median_of(spec.params["growth"]) + value / 10)
        return scenario.with_value(key, "growth", moved)
    if what == "draws":
        return scenario.with_run(draws=value)
    return scenario.with_reading(value)


@settings(max_examples=25, deadline=None)
@given(st.lists(change, min_size=1, max_size=4))
def test_any_sequence_of_changes_resimulates_to_the_full_simulation(changes):
    scenario, result = BASE, simulate(BASE)
    for what, key, value in changes:
        scenario = apply(scenario, what, key, value)
        result = resimulate(result, scenario)
        assert result.scenario == scenario
        assert same(result, simulate(scenario))


def test_only_the_driven_indicators_are_simulated_again(monkeypatch):
    engine = importlib.import_module("ipsim.simulate")  # ipsim.simulate is also the function

    seen = []
    real = engine.simulate

    def spy(scenario, **options):
        seen.append(options.get("indicators"))
        return real(scenario, **options)

    previous = simulate(BASE)
    monkeypatch.setattr(engine, "simulate", spy)
    resimulate(previous, BASE.with_funding("creation", multiple=1.5))
    driven = sorted(i for i, s in BASE.indicators.items() if s.programme == "creation")
    assert [sorted(x) for x in seen] == [driven]
    seen.clear()
    resimulate(previous, BASE.with_run(draws=500))  # another frame: everything again
    assert seen == [None]


def test_the_explorer_shows_exactly_what_a_full_run_gives():
    explorer = ScenarioExplorer(BASE, lang="en", debounce=0)
    for programme, value in (("creation", 1.6), ("finance", 0.5), ("creation", 1.0)):
        explorer.funding_slider(programme).value = value
        shown = explorer.assessment
        full = simulate(explorer.scenario)
        assert same(shown.result, full)
