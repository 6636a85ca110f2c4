"""simulate(..., keep_inputs=True): each draw's inputs as named columns, and which draws miss."""

import numpy as np
import pytest

from ipsim.assess import assess
from ipsim.distributions import median_of
from ipsim.errors import ArgumentError
from ipsim.levers import levers_of
from ipsim.scenario import load_scenario
from ipsim.simulate import resimulate, simulate

DRAWS = 20_000
MEDIAN_TOLERANCE = 0.0025
"""For growth.invention_apps, normal(0.17, 0.06) in the baseline, at 20,000 draws: the
median's standard error is 1.2533 * 0.06 / sqrt(20,000) = 0.00053; over seeds 0..39 the largest
distance of the empirical median from 0.17 was 0.0012 (measured)."""


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


@pytest.fixture(scope="module")
def kept(baseline):
    return simulate(baseline, draws=DRAWS, rng=2017, keep_inputs=True)


def test_columns_name_every_input_and_funding_lever(baseline, kept):
    inputs = kept.inputs
    funding = [n for n in levers_of(baseline) if n.startswith("funding.")]
    expected = list(funding)
    for ident in kept.indicators:
        spec = baseline.indicators[ident]
        expected += [f"{name}.{ident}" for name in spec.params]
        expected += [f"elasticity.{ident}", f"baseline.{ident}"]
    assert list(inputs.columns) == expected
    assert inputs.shape == (DRAWS, len(expected))
    assert {"growth.invention_apps", "volatility.invention_apps", "funding.creation"} <= set(
        inputs.columns
    )
    assert all(inputs[c].dtype == np.float64 for c in inputs.columns)


def test_paths_are_the_same_with_or_without_inputs(baseline, kept):
    plain = simulate(baseline, draws=DRAWS, rng=2017)
    assert np.array_equal(plain.values, kept.values, equal_nan=True)
    assert plain.kept_inputs is None
    again = simulate(baseline, draws=DRAWS, rng=2017, keep_inputs=True)
    assert again.inputs.equals(kept.inputs)


def test_inputs_without_keep_inputs_say_how_to_get_them(baseline):
    with pytest.raises(ArgumentError, match="keep_inputs=True"):
        _ = simulate(baseline, draws=10, rng=1).inputs


def test_sampled_parameter_median_is_the_stated_median(baseline, kept):
    spec = baseline.indicators["invention_apps"]
    stated = median_of(spec.params["growth"])
    assert abs(kept.inputs["growth.invention_apps"].median() - stated) < MEDIAN_TOLERANCE
    # triangular(0, 0.1, 0.3): median 0.3 - sqrt(0.5 * 0.3 * 0.2) = 0.1268; wider spread
    elasticity = kept.inputs["elasticity.invention_apps"].median()
    assert abs(elasticity - median_of(spec.elasticity)) < 2 * MEDIAN_TOLERANCE


def test_fixed_values_are_constant_columns(baseline, kept):
    column = kept.inputs["volatility.invention_apps"]
    assert column.nunique() == 1
    assert column.iloc[0] == baseline.indicators["invention_apps"].params["volatility"]
    assert (kept.inputs["funding.creation"] == 1.0).all()


def test_elasticity_is_the_one_a_funded_run_uses():
    """Unfunded, the model sees elasticity 0, but the column keeps the draws of its stream."""
    base = simulate(load_scenario("baseline"), draws=2_000, rng=5, keep_inputs=True)
    funded = simulate(load_scenario("high-funding"), draws=2_000, rng=5, keep_inputs=True)
    assert np.array_equal(
        base.inputs["elasticity.invention_apps"], funded.inputs["elasticity.invention_apps"]
    )
    assert (funded.inputs["funding.creation"] == 1.5).all()


def test_lever_arrays_are_kept(baseline):
    multiples = np.linspace(0.5, 2.0, 1_000)
    medians = np.full(1_000, 0.25)
    levers = {"funding.creation": multiples, "growth.invention_apps": medians}
    result = simulate(baseline, draws=1_000, rng=3, levers=levers, keep_inputs=True)
    assert np.array_equal(result.inputs["funding.creation"], multiples)
    # the growth lever moves the parameter's median; the column holds what the model used
    assert abs(result.inputs["growth.invention_apps"].median() - 0.25) < 0.01
    plain = simulate(baseline, draws=1_000, rng=3, levers=levers)
    assert np.array_equal(plain.values, result.values, equal_nan=True)


def test_a_subset_of_indicators_keeps_their_inputs_only(baseline):
    result = simulate(baseline, draws=500, rng=1, indicators=["invention_apps"], keep_inputs=True)
    own = [c for c in result.inputs.columns if not c.startswith("funding.")]
    assert own == [
        "growth.invention_apps",
        "volatility.invention_apps",
        "elasticity.invention_apps",
        "baseline.invention_apps",
    ]


def test_resimulate_keeps_the_inputs(baseline):
    small = baseline.with_run(draws=1_000)
    more = small.with_funding("creation", multiple=1.5)
    again = resimulate(simulate(small, keep_inputs=True), more)
    fresh = simulate(more, keep_inputs=True)
    assert again.inputs.equals(fresh.inputs)
    assert (again.inputs["funding.creation"] == 1.5).all()


def test_missing_draws_had_slower_growth(kept):
    frame = assess(kept).inputs_frame("invention_apps")
    assert list(frame.columns) == [*kept.inputs.columns, "met.invention_apps"]
    medians = frame.groupby("met.invention_apps")["growth.invention_apps"].median()
    assert medians[False] < medians[True]


def test_inputs_frame_has_every_target_with_a_p_met(kept):
    assessment = assess(kept)
    frame = assessment.inputs_frame()
    met = [c for c in frame.columns if c.startswith("met.")]
    assert len(met) == assessment.met.shape[1]
    for j, column in enumerate(met):
        target = assessment.target(column.removeprefix("met."))
        assert frame[column].mean() == pytest.approx(target.p_met)
        assert np.array_equal(frame[column], assessment.met[:, j])


def test_inputs_frame_refuses_unknown_targets(kept):
    assessment = assess(kept)
    with pytest.raises(ArgumentError, match="no target"):
        assessment.inputs_frame("invention_app")


def test_inputs_frame_refuses_a_target_without_a_threshold():
    result = simulate(load_scenario("national-14th"), draws=200, rng=1, keep_inputs=True)
    assessment = assess(result)
    with pytest.raises(ArgumentError, match="no threshold"):
        assessment.inputs_frame("ip_pledge_financing")
    assert "met.ip_pledge_financing" not in assessment.inputs_frame().columns
