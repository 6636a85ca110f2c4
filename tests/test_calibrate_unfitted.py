"""Unfitted indicators borrow their trend's spread from the reference class, never its centre."""

import dataclasses
import functools
import math

import pytest

from ipsim.analysis.calibrate import calibrate
from ipsim.analysis.calibrate_prior import class_spread, stated_prior
from ipsim.analysis.pooling import Damping, DriftPrior
from ipsim.distributions import Distribution
from ipsim.observed import ObservedData, load_observed
from ipsim.plan import load_plan
from ipsim.scenario import load_scenario

PLAN = load_plan("guangzhou-ip-2017-2020")
CLASS = DriftPrior(0.18, 0.05, 16, 40, "invention_patent_applications", "m", "16 scopes", tau=0.03)


@functools.cache
def _calibrated(drift_prior="reference", damped=True):
    return calibrate(plan=PLAN, origin=2017, drift_prior=drift_prior, damped=damped)


def _log_moments(value):
    prior = stated_prior(value, scale="log", source="")
    return prior.mean, prior.sd


# -- the rule, on numbers ---------------------------------------------------------------------


def test_a_narrow_guess_of_the_same_quantity_gets_the_class_error_of_that_guess():
    spread = class_spread(0.30, 0.01, CLASS, relation="same")
    assert spread.widened
    assert spread.sd == pytest.approx(math.hypot(0.05, 0.30 - 0.18))
    assert spread.centre == 0.30  # the judgement says where


def test_a_similar_class_widens_by_its_spread_only_and_never_moves_the_centre():
    far = class_spread(0.30, 0.01, CLASS, relation="similar")
    assert far.sd == pytest.approx(CLASS.sd)
    assert far.centre == 0.30
    assert far.sd < class_spread(0.30, 0.01, CLASS, relation="same").sd


@pytest.mark.parametrize("relation", ["same", "similar"])
def test_a_stated_trend_wider_than_the_class_allows_is_kept(relation):
    spread = class_spread(0.18, 0.2, CLASS, relation=relation)
    assert not spread.widened
    assert spread.sd == 0.2


def test_the_class_spread_is_damped_over_the_horizon_with_the_drift_change_variance():
    learnt = Damping(0.96, 97, 26, 2017, "", drift_change_sd=0.061)
    damped = class_spread(0.18, 0.01, CLASS, relation="similar", horizon=4, damping=learnt)
    assert damped.damped is not None
    assert damped.class_mean < CLASS.mean
    assert damped.class_sd > CLASS.sd  # the drift wanders over four years


# -- in calibrate -------------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["hitech_invention_apps", "soe_invention_apps"])
def test_an_unfitted_indicator_with_a_narrow_trend_gets_its_class_spread_and_stays_assumed(
    indicator,
):
    fit = _calibrated().fits[indicator]
    stated = load_scenario("baseline").indicators[indicator].params["growth"]
    centre, stated_sd = _log_moments(stated)
    growth = fit.spec.params["growth"]
    assert fit.status == "assumed"
    assert fit.spec.fitted == ()
    assert fit.spread is not None
    assert fit.spread.relation == "similar"
    assert growth.family == "growth_t"
    assert growth.params["loc"] == pytest.approx(centre)  # centre kept
    # measured: the class's 0.044 a year damped over 4 years gives 0.086, above the stated 0.064-0.070
    assert growth.params["scale"] == pytest.approx(0.0863, abs=5e-4)
    assert growth.params["scale"] > stated_sd
    assert "trend assumed; spread from the reference class: 16 scopes" in fit.spec.rationale


def test_a_wide_stated_trend_of_an_unfitted_indicator_is_kept():
    base = load_scenario("baseline")
    wide = Distribution("normal", {"mean": 0.25, "sd": 0.2})
    spec = base.indicators["hitech_invention_apps"]
    spec = dataclasses.replace(spec, params={**spec.params, "growth": wide})
    prior = dataclasses.replace(base, indicators={**base.indicators, spec.id: spec})
    fit = calibrate(plan=PLAN, prior=prior, origin=2017).fits[spec.id]
    assert fit.spec.params["growth"] == wide
    assert fit.spread is not None
    assert not fit.spread.widened
    assert "so the stated trend is kept" in fit.spec.rationale


def test_the_same_quantity_unfitted_counts_the_distance_from_the_class_mean():
    data = load_observed(PLAN)
    frame = data.frame[data.frame["plan_indicator"] != "invention_apps"]
    result = calibrate(ObservedData(frame.copy(), data.source), PLAN, origin=2017)
    fit = result.fits["invention_apps"]
    centre, stated_sd = _log_moments(
        load_scenario("baseline").indicators[fit.indicator].params["growth"]
    )
    spread = fit.spread
    assert fit.status == "assumed"
    assert spread.relation == "same"
    assert spread.floor == pytest.approx(math.hypot(spread.class_sd, centre - spread.class_mean))
    assert fit.spec.params["growth"].params["loc"] == pytest.approx(centre)
    assert fit.spec.params["growth"].params["scale"] == pytest.approx(max(stated_sd, spread.floor))


@pytest.mark.parametrize("choice", ["stated", "flat"])
def test_stated_and_flat_keep_every_unfitted_trend_as_it_was(choice):
    base = load_scenario("baseline")
    result = _calibrated(choice)
    for ident, fit in result.fits.items():
        if fit.status == "assumed":
            assert fit.spread is None
            assert fit.spec.params == base.indicators[ident].params, ident


def test_indicators_without_a_reference_class_keep_their_stated_trend():
    base = load_scenario("baseline")
    fits = _calibrated().fits
    for ident in ("trademark_apps", "pledge_financing", "agency_rate", "service_workforce"):
        assert fits[ident].spread is None
        assert fits[ident].spec.params == base.indicators[ident].params


def test_undamped_calibration_widens_to_the_undamped_class_spread():
    fit = _calibrated(damped=False).fits["hitech_invention_apps"]
    assert fit.spread.damped is None
    # the undamped class sd (0.044) is below the stated 0.064: the stated trend is kept
    assert not fit.spread.widened
    assert (
        fit.spec.params["growth"]
        == load_scenario("baseline").indicators[fit.indicator].params["growth"]
    )


def test_a_national_plan_takes_no_spread_from_a_class_of_provinces_and_cities():
    # the nation is the sum of the provinces, not a member of their class: its one-figure PCT
    # series (2017) keeps the stated spread, and its rationale says why
    prior = load_scenario("national-13th")
    result = calibrate(load_observed(prior.load_plan()), prior.plan, prior=prior, origin=2021)
    pct = result.fits["pct_applications"]
    assert pct.spread is None
    assert any("the nation is their sum" in note for note in pct.notes)
    assert pct.spec.params["growth"] == prior.indicators["pct_applications"].params["growth"]
