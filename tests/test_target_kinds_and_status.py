"""Each kind's test of "met", and golden numbers for the two status methods."""

import dataclasses
import math

import numpy as np
import pytest

from ipsim import status
from ipsim.plan import load_plan
from ipsim.target_kinds import is_met, target_quantity

from .conftest import DATA

PLAN = load_plan("guangzhou-ip-2017-2020")
MINI = load_plan(DATA / "plans" / "mini-recycling-2021-2025.yaml")
YEARS = np.arange(2016, 2021)


def _q(plan, target_id, rows, years=YEARS, reading=None):
    t = plan.target(target_id)
    return t, target_quantity(
        t, np.array(rows, dtype=float), years, plan.indicator(t.indicator), reading=reading
    )


def test_cagr_round_trip_and_boundary():
    path = 31892 * 1.18 ** np.arange(5)
    t, q = _q(PLAN, "invention_apps", [path])
    assert q[0] == pytest.approx(0.18, abs=1e-12)
    assert is_met(t, q)[0]  # exactly on the threshold counts as met
    _, q = _q(PLAN, "invention_apps", [path * np.array([1, 1, 1, 1, 0.999])])
    assert not is_met(t, q)[0]


def test_yoy_is_stricter_than_cagr():
    path = [100, 150, 151, 200, 210]  # CAGR 20.4 %, but 2018 grew 0.7 %
    t, cagr = _q(PLAN, "invention_apps", [path])
    _, yoy = _q(PLAN, "invention_apps", [path], reading="yoy_each_year")
    assert is_met(t, cagr)[0]
    assert not is_met(t, yoy)[0]
    assert yoy[0] == pytest.approx(151 / 150 - 1)


def test_level_share_every_year_cumulative():
    t, q = _q(PLAN, "patent_trade_volume", [[1, 2, 3, 4, 1.0e9], [1, 2, 3, 4, 0.99e9]])
    assert is_met(t, q).tolist() == [True, False]
    t, q = _q(PLAN, "agency_rate", [[0.5, 0.6, 0.65, 0.69, 0.70]])
    assert is_met(t, q)[0]
    t, q = _q(
        PLAN, "industrialization_projects", [[0, 100, 120, 130, 101], [500, 100, 99, 200, 200]]
    )
    assert q.tolist() == [100, 99]
    assert is_met(t, q).tolist() == [True, False]
    # stock basis: level of the stock at the deadline
    t, q = _q(PLAN, "certified_units", [[57, 300, 700, 1200, 1600]])
    assert q[0] == 1600
    assert is_met(t, q)[0]
    # additions basis on a stock: increase over the window 2017-2020 (from the 2016 stock)
    t, q = _q(PLAN, "strong_firms", [[10, 20, 30, 45, 59]])
    assert q[0] == 49
    assert not is_met(t, q)[0]


def test_cumulative_additions_of_a_flow_and_at_most():
    years = np.arange(2020, 2026)
    t, q = _q(MINI, "new_plants", [[2, 3, 4, 5, 6, 7]], years)  # stock: 5 added over 2021-2025
    assert q[0] == 5
    assert is_met(t, q)[0]
    t, q = _q(
        MINI,
        "waste_per_capita",
        [[320, 310, 305, 303, 301, 300], [320, 330, 340, 320, 310, 300.5]],
        years,
    )
    assert is_met(t, q).tolist() == [True, False]


# -- status methods: hand-computed examples ------------------------------------------------------
def test_statcan_golden():
    # x0 = 100, projected 130, target 150 over 4 years:
    # actual CAGR = 1.3^0.25 - 1 = 0.067790, required = 1.5^0.25 - 1 = 0.106682, ratio = 0.63544
    assert status.statcan_ratio(100, 130, 150, 4) == pytest.approx(0.63544, abs=1e-5)
    assert status.statcan_status(100, 130, 150, 4) == "acceleration_needed"
    # projected 147.5: ratio = 0.102042 / 0.106682 = 0.95651 -> on track
    assert status.statcan_ratio(100, 147.5, 150, 4) == pytest.approx(0.95651, abs=1e-5)
    assert status.statcan_status(100, 147.5, 150, 4) == "on_track"
    # projected 110: ratio = 0.024114 / 0.106682 = 0.226 -> limited progress
    assert status.statcan_status(100, 110, 150, 4) == "limited_progress"
    assert status.statcan_status(100, 90, 150, 4) == "deterioration"
    # decreasing target: 320 -> 300 needed, projected 305: ratio = (305/320)^.2-1 / (300/320)^.2-1 = 0.74511
    assert status.statcan_ratio(320, 305, 300, 5) == pytest.approx(0.74511, abs=1e-5)
    assert status.statcan_status(320, 305, 300, 5, at_most=True) == "acceleration_needed"
    assert status.statcan_status(290, 295, 300, 5, at_most=True) == "target_achieved"


def test_unsd_golden():
    assert status.unsd_ratio(100, 130, 150) == pytest.approx(0.6)
    assert status.unsd_status(100, 130, 150) == "acceleration_needed"
    assert status.unsd_status(100, 147.5, 150) == "on_track"  # 0.95 exactly is on track
    assert status.unsd_status(100, 104.9, 150) == "limited_or_no_progress"  # 0.098
    assert status.unsd_status(100, 90, 150) == "limited_or_no_progress"
    assert status.unsd_status(320, 305, 300) == "acceleration_needed"  # (305-320)/(300-320) = 0.75
    assert math.isnan(status.statcan_ratio(0, 10, 20, 4))


@pytest.mark.parametrize(
    ("p", "word"),
    [
        (0.99, "virtually_certain"),
        (0.9, "very_likely"),
        (0.66, "likely"),
        (0.5, "about_as_likely_as_not"),
        (0.33, "unlikely"),
        (0.1, "very_unlikely"),
        (0.01, "exceptionally_unlikely"),
    ],
)
def test_ipcc_rating_edges(p, word):
    assert status.rating(p) == word


# -- statuses on published figures (retrospective): hand-computed examples -----------------------
def _observed(target_id, figures, kind=None, plan=PLAN):
    t = plan.target(target_id)
    indicator = plan.indicator(t.indicator)
    return status.observed_statuses(t, kind or t.kind, figures, indicator.kind)


def test_observed_growth_status_reads_published_figures_only():
    # invention applications 31,892 (2016) -> 36,941 (2017): +15.83 % against 18 % a year
    s = _observed("invention_apps", {2016: 31892.0, 2017: 36941.0})
    assert s.statcan_ratio == pytest.approx((36941 / 31892 - 1) / 0.18, abs=1e-12)  # 0.87953
    assert s.statcan == "acceleration_needed"
    # UNSD: 15.83 % a year extended to 2020 against 18 % a year: (1.1583^4 - 1) / (1.18^4 - 1)
    assert s.unsd_ratio == pytest.approx(((36941 / 31892) ** 4 - 1) / (1.18**4 - 1))  # 0.852
    assert s.unsd == "acceleration_needed"
    assert s.years == (2016, 2017)
    # nothing after the base year, or no base-year figure: not assessable, and why
    alone = _observed("invention_apps", {2016: 31892.0})
    assert (alone.statcan, alone.unsd, alone.years) == ("not_assessable", "not_assessable", None)
    assert (alone.reason, alone.reason_year) == ("verdict.status_no_later_figure", 2016)
    assert _observed("invention_apps", {2017: 36941.0}).reason == "verdict.status_no_base_figure"


def test_observed_each_year_growth_reads_the_worst_year_against_the_rate_per_year():
    # +25 % then +20 % against 18 % every year: the worst year, 20 %, is 1.111 of the rate
    s = _observed("invention_apps", {2016: 100.0, 2017: 125.0, 2018: 150.0}, "yoy_each_year")
    assert s.statcan_ratio == pytest.approx(0.20 / 0.18)
    assert s.statcan == s.unsd == "on_track"
    # the same figures read as average growth: CAGR 22.47 % over two years
    assert _observed("invention_apps", {2016: 100.0, 2018: 150.0}).statcan_ratio == pytest.approx(
        (1.5**0.5 - 1) / 0.18
    )
    # a gap in the years: only the unbroken run from the base year is read
    gap = _observed("invention_apps", {2016: 100.0, 2018: 150.0}, "yoy_each_year")
    assert gap.statcan == "not_assessable"


def test_observed_level_status_and_a_level_reached_early_is_on_track_not_achieved():
    # 1,000,000 (2016) -> 1,210,000 (2018) against 2,000,000 by 2020:
    # actual CAGR 10 %, needed 2^(1/4) - 1 = 18.92 %: ratio 0.52852, limited progress;
    # UNSD anticipated 1.21^2 = 1.4641 m: (0.4641 / 1) = 0.4641, acceleration needed
    t = dataclasses.replace(PLAN.target("patent_trade_volume"), threshold=2.0e6)
    s = status.observed_statuses(t, "level", {2016: 1.0e6, 2018: 1.21e6}, "flow")
    assert s.statcan_ratio == pytest.approx(0.1 / (2**0.25 - 1), abs=1e-9)
    assert s.statcan == "limited_progress"
    assert s.unsd_ratio == pytest.approx(0.4641)
    assert s.unsd == "acceleration_needed"
    early = status.observed_statuses(t, "level", {2016: 1.0e6, 2018: 2.1e6}, "flow")
    assert early.statcan == early.unsd == "on_track"  # 2020 is still to come
    assert "target_achieved" not in (early.statcan, early.unsd)


def test_observed_additions_read_the_pace_so_far():
    # strong firms: 50 added over 2017-2020 (a stock); 2016 stock 10, 2018 stock 31:
    # 21 added in two years, 10.5 a year against 12.5 a year: ratio 0.84
    s = _observed("strong_firms", {2016: 10.0, 2018: 31.0})
    assert s.statcan_ratio == pytest.approx(0.84)
    assert (s.statcan, s.unsd, s.years) == (
        "acceleration_needed",
        "acceleration_needed",
        (2016, 2018),
    )
    assert _observed("strong_firms", {2018: 31.0}).reason == "verdict.status_no_base_figure"


@pytest.mark.parametrize(
    ("p", "word"),
    [
        (0.999, "very_likely"),
        (0.90, "very_likely"),
        (0.8999, "likely"),
        (0.66, "likely"),
        (0.6599, "about_as_likely_as_not"),
        (0.3301, "about_as_likely_as_not"),
        (0.33, "unlikely"),
        (0.1001, "unlikely"),
        (0.10, "very_unlikely"),
        (0.0, "very_unlikely"),
    ],
)
def test_the_five_bands_and_their_edges(p, word):
    assert status.band(p) == word
    assert status.verdict(p) == word
    # the seven-word rating refines the band and never contradicts it
    fine = status.rating(p)
    coarse = {"virtually_certain": "very_likely", "exceptionally_unlikely": "very_unlikely"}
    assert coarse.get(fine, fine) == word


def test_a_verdict_near_a_cut_says_so():
    assert status.straddled_cut(0.655, 0.667, 0.661) == 0.66
    assert status.straddled_cut(0.095, 0.35, 0.2) == 0.10  # two cuts: the nearer one
    assert status.straddled_cut(0.40, 0.60, 0.5) is None
    assert status.straddled_cut(0.0, 0.0004, 0.0) is None
