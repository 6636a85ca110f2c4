"""Dependence between trends: the scenario block, the Gaussian copula and the joint range."""

import dataclasses
import importlib
import json

import numpy as np
import pytest
from scipy import stats
from scipy.special import ndtri

from ipsim.assess import assess
from ipsim.errors import ArgumentError, ScenarioError
from ipsim.joint import ENDS, dependence_range, describe_dependence
from ipsim.scenario import (
    Dependence,
    DependenceGroup,
    dump_scenario,
    load_scenario,
    loads_scenario,
    to_dict,
)
from ipsim.simulate import resimulate, simulate

BASE = load_scenario("baseline")
INDEPENDENT = BASE.with_dependence(None)
GROWTH = ("invention_apps", "hitech_invention_apps", "soe_invention_apps", "trademark_apps")
"""compound_growth indicators with a normal growth prior (mean, sd) in the baseline."""
DRAWS = 20_000


def group(correlation, indicators=GROWTH, name="growth", low=0.0, high=0.9):
    return DependenceGroup(name, tuple(indicators), correlation, (low, high), "test")


def with_group(correlation, indicators=GROWTH, **more):
    return INDEPENDENT.with_dependence(Dependence((group(correlation, indicators, **more),)))


def drawn_growth(scenario, indicators=GROWTH, draws=DRAWS):
    """The growth each draw took: volatility and funding off, so the first step is the trend."""
    for ident in indicators:
        scenario = scenario.with_value(ident, "volatility", 0.0)
    result = simulate(scenario, draws=draws, rng=11, indicators=indicators)
    first = result.values[:, :, 1] / result.values[:, :, 0]
    return {ident: first[:, k] - 1.0 for k, ident in enumerate(result.indicators)}


def normal_scores(x):
    return ndtri(stats.rankdata(x) / (len(x) + 1))


# -- the scenario block --------------------------------------------------------------------------
def test_the_bundled_baseline_states_its_dependence_and_round_trips():
    dep = BASE.dependence
    assert [g.name for g in dep.all_groups] == ["patent_filings", "trademarks", "others"]
    assert all(g.range[0] <= g.correlation <= g.range[1] and g.source for g in dep.all_groups)
    assert dep.group_of("invention_apps").name == "patent_filings"
    assert dep.group_of("agency_rate").name == "others"
    assert loads_scenario(dump_scenario(BASE)) == BASE
    assert "dependence" in to_dict(BASE)


def test_no_dependence_writes_no_block_and_keeps_the_hash():
    assert "dependence" not in to_dict(INDEPENDENT)
    assert loads_scenario(dump_scenario(INDEPENDENT)) == INDEPENDENT
    assert INDEPENDENT.sha256 != BASE.sha256


def test_a_group_built_in_code_is_checked():
    with pytest.raises(ScenarioError, match=r"dependence\.groups\[0\]\.indicators\[0\]: unknown"):
        with_group(0.5, ("invention_ap", "trademark_apps"))
    with pytest.raises(ScenarioError, match="outside its plausible range"):
        with_group(0.5, low=0.6, high=0.9)


def test_dependence_at_an_end_of_its_range():
    dep = BASE.dependence
    assert [g.correlation for g in dep.at("low").all_groups] == [g.range[0] for g in dep.all_groups]
    assert [g.correlation for g in dep.at("high").all_groups] == [
        g.range[1] for g in dep.all_groups
    ]
    assert dep.at("stated") == dep
    with pytest.raises(ArgumentError, match="'low', 'stated' or 'high'"):
        dep.groups[0].at("middle")


# -- the copula -----------------------------------------------------------------------------------
def test_without_dependence_or_at_zero_every_number_is_unchanged():
    independent = simulate(INDEPENDENT, draws=3_000, rng=5)
    zero = BASE.with_dependence(BASE.dependence.at("low"))  # every low end is 0
    assert all(g.correlation == 0.0 for g in zero.dependence.all_groups)
    assert np.array_equal(
        simulate(zero, draws=3_000, rng=5).values, independent.values, equal_nan=True
    )
    assert not np.array_equal(
        simulate(BASE, draws=3_000, rng=5).values, independent.values, equal_nan=True
    )


def test_trends_in_a_group_correlate_at_the_stated_correlation():
    growth = drawn_growth(with_group(0.6))
    scores = np.array([normal_scores(growth[i]) for i in GROWTH])
    r = np.corrcoef(scores)[np.triu_indices(len(GROWTH), 1)]
    # normal scores of a Gaussian copula correlate at rho; sd of one estimate (1 - rho^2)/sqrt(n)
    # = 0.0045 at 20,000 draws, and the pairs share one factor: measured 0.606 to 0.615
    assert np.all(np.abs(r - 0.6) < 0.02), r
    spearman = stats.spearmanr(growth["invention_apps"], growth["trademark_apps"])[0]
    assert spearman == pytest.approx(6 / np.pi * np.arcsin(0.3), abs=0.02)  # 0.589 vs 0.582


def test_each_trend_keeps_its_own_distribution():
    correlated = drawn_growth(with_group(0.6))["invention_apps"]
    independent = drawn_growth(INDEPENDENT)["invention_apps"]
    prior = BASE.indicators["invention_apps"].params["growth"].params  # normal(0.17, 0.06)
    for sample in (correlated, independent):
        # measured p = 0.50 (correlated) and 0.88 (independent)
        assert stats.kstest(sample, "norm", args=(prior["mean"], prior["sd"])).pvalue > 0.01
    quantiles = [0.05, 0.25, 0.5, 0.75, 0.95]
    np.testing.assert_allclose(
        np.quantile(correlated, quantiles), np.quantile(independent, quantiles), atol=0.002
    )  # measured at most 0.0009 apart (growth rates, sd 0.06)


def test_a_unit_cost_moves_against_its_group():
    """A higher unit cost lowers the units funded: it takes the factor with the opposite sign."""
    pair = ("invention_apps", "industrialization_projects")
    scenario = with_group(0.6, pair)
    for ident in pair:
        scenario = scenario.with_value(ident, "volatility", 0.0)
    result = simulate(scenario, draws=DRAWS, rng=3, indicators=pair)
    growth = result.values[:, 0, 1] / result.values[:, 0, 0]
    units = result.values[:, 1, 1]  # floor(budget / unit cost): about 120, so a few ties
    assert stats.spearmanr(growth, units)[0] == pytest.approx(6 / np.pi * np.arcsin(0.3), abs=0.03)


def test_groups_draw_their_own_factor():
    two = INDEPENDENT.with_dependence(
        Dependence((group(0.8, GROWTH[:2], "a"), group(0.8, GROWTH[2:], "b")))
    )
    growth = drawn_growth(two)
    within = stats.spearmanr(growth[GROWTH[0]], growth[GROWTH[1]])[0]
    across = stats.spearmanr(growth[GROWTH[0]], growth[GROWTH[2]])[0]
    assert within == pytest.approx(6 / np.pi * np.arcsin(0.4), abs=0.02)  # 0.788 vs 0.786
    assert abs(across) < 0.03  # 0.006


def test_all_met_rises_with_the_correlation():
    """The growth targets all act the same way: P(all met) grows with rho (Slepian)."""
    p_all = [
        assess(simulate(with_group(rho), draws=DRAWS, rng=2017, indicators=GROWTH)).p_all_met
        for rho in (0.0, 0.3, 0.6, 0.9)
    ]
    assert np.all(np.diff(p_all) > 0.01), p_all  # 0.024, 0.050, 0.082, 0.118


def test_repeated_noise_repeats_the_factor():
    result = simulate(with_group(0.6), draws=400, rng=1, repeat_noise=200)
    np.testing.assert_array_equal(result.values[:200], result.values[200:])


# -- resimulate -----------------------------------------------------------------------------------
def test_resimulate_redoes_only_the_indicators_whose_group_changed(monkeypatch):
    engine = importlib.import_module("ipsim.simulate")
    seen = []
    real = engine.simulate

    def spy(scenario, **options):
        seen.append(options.get("indicators"))
        return real(scenario, **options)

    base = BASE.with_run(draws=500)
    previous = simulate(base)
    monkeypatch.setattr(engine, "simulate", spy)
    patents = dataclasses.replace(base.dependence.groups[0], correlation=0.7)
    moved = base.with_dependence(
        Dependence((patents, *base.dependence.groups[1:]), base.dependence.others)
    )
    again = resimulate(previous, moved)
    assert [sorted(x) for x in seen] == [sorted(patents.indicators)]
    assert np.array_equal(again.values, real(moved).values, equal_nan=True)
    seen.clear()
    assert resimulate(previous, base.with_dependence(base.dependence)) is not None
    assert seen == []


def test_resimulate_to_independent_trends_gives_the_full_simulation():
    base = BASE.with_run(draws=500)
    again = resimulate(simulate(base), base.with_dependence(None))
    assert np.array_equal(again.values, simulate(base.with_dependence(None)).values, equal_nan=True)


# -- the joint range ------------------------------------------------------------------------------
def test_dependence_range_orders_the_joint_probabilities():
    span = dependence_range(BASE, draws=DRAWS, rng=2017, k=(12, 15))
    assert span.targets == 18
    assert span.k == (12, 15)
    for i in range(2):
        low, stated, high = (span.p_at_least[e][i] for e in ENDS)
        assert low < stated < high
    assert span.p_all_met["low"] <= span.p_all_met["stated"] <= span.p_all_met["high"]
    frame = span.to_frame()
    assert list(frame.columns) == ["event", "k", "low", "stated", "high"]
    assert len(frame) == 3
    doc = span.to_dict()
    assert [g["name"] for g in doc["groups"]] == ["patent_filings", "trademarks", "others"]
    assert all(g["source"] for g in doc["groups"])


def test_the_stated_setting_is_the_plain_simulation():
    result = simulate(BASE, draws=2_000, rng=9)
    span = dependence_range(result, k=(15,))
    board = assess(result)
    assert span.p_all_met["stated"] == board.p_all_met
    assert span.p_at_least["stated"][0] == pytest.approx(sum(board.n_met_distribution[15:]))
    assert span.seed == 9
    assert span.draws == 2_000


def test_independent_trends_have_no_range():
    span = dependence_range(INDEPENDENT, draws=2_000, rng=1)
    assert span.groups == ()
    assert span.k == (15,)  # four in five of 18, rounded up
    assert span.p_at_least["low"] == span.p_at_least["stated"] == span.p_at_least["high"]


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"k": (19,)}, "whole numbers from 0 to 18"),
        ({"k": ()}, "whole numbers"),
        ({"k": (1.5,)}, "whole"),
    ],
)
def test_dependence_range_refuses_bad_arguments(options, match):
    with pytest.raises(ArgumentError, match=match):
        dependence_range(BASE, draws=200, rng=1, **options)


def test_a_result_takes_no_draws_or_seed():
    with pytest.raises(ArgumentError, match="not with a simulation result"):
        dependence_range(simulate(BASE, draws=200, rng=1), draws=300)


def test_the_dependence_is_stated_in_both_languages():
    en, zh = describe_dependence(BASE, "en"), describe_dependence(BASE, "zh")
    # groups are named by their indicators' labels, never by their ids
    assert "Trademark applications + Trademark registrations 0.35 (plausible 0–0.75)" in en
    assert "商标申请量、商标注册量 0.35（合理范围 0–0.75）" in zh
    assert "all other indicators 0.2" in en
    assert "其余各项指标 0.2" in zh
    assert "patent_filings" not in en + zh
    assert "independently" in describe_dependence(INDEPENDENT)


def test_the_range_keeps_the_result_contract():
    odd = dataclasses.replace(BASE, name="<b>odd & bold</b>")
    span = dependence_range(odd, draws=500, rng=1)
    document = span.to_dict()
    assert json.loads(json.dumps(document, allow_nan=False, ensure_ascii=False)) == document
    page = span._repr_html_()
    assert "&lt;b&gt;odd &amp; bold&lt;/b&gt;" in page
    assert "<b>odd" not in page
    assert "at least 15 of 18 met" in page
    assert "至少15项（共18项）达成" in span.to_frame("zh")["event"].tolist()


def test_a_result_of_another_seed_cannot_be_drawn_again():
    result = simulate(BASE, draws=200, rng=np.random.SeedSequence([1, 2]))
    with pytest.raises(ArgumentError, match="whole-number seed"):
        dependence_range(result)
