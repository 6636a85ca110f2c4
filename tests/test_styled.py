"""Tables that read well in a notebook: ``to_frame(styled=True)`` and ``_repr_html_``.

The formats (thousands separators, percentages, 万/亿 with the unit in the header), the verdict
colours (the board's, band by band), Chinese headings without identifiers, stable ids (a
notebook's stored output must not change between runs) and the caption of every result type.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

import ipsim
from ipsim._styled import VERDICT_COLOURS, Table, styled
from ipsim.analysis.evaluate import evaluate
from ipsim.analysis.goalseek import GoalSeekResults
from ipsim.analysis.rolling import rolling_backtest
from ipsim.views import style

IDENTIFIER = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")
"""A snake_case code name (``p_met``, ``invention_apps``)."""


def cells(styler) -> list[list[str]]:
    """The texts of a styled table's body, row by row."""
    body = styler._translate(False, False)["body"]
    return [[cell["display_value"] for cell in row if cell["type"] == "td"] for row in body]


def headers(styler) -> list[str]:
    return [str(c) for c in styler.data.columns]


@pytest.fixture(scope="module")
def board():
    return ipsim.assess(ipsim.simulate(ipsim.load_scenario("baseline"), draws=500, rng=1))


@pytest.fixture(scope="module")
def national():
    return ipsim.assess(ipsim.simulate(ipsim.load_scenario("national-13th"), draws=2_000, rng=1))


# -- formats ----------------------------------------------------------------------------------
def test_numbers_read_with_separators_percent_and_money_units():
    frame = pd.DataFrame({"n": [1600.0], "share": [0.28], "amount": [2.5e8], "change": [0.032]})
    kinds = {"n": "count", "share": "percent", "amount": "money", "change": "points"}
    zh = styled(Table(frame, kinds=kinds), lang="zh")
    assert cells(zh) == [["1,600", "28.0 %", "2.5", "+3.2"]]
    assert headers(zh) == ["n", "share（%）", "amount（亿元）", "change（个百分点）"]
    en = styled(Table(frame, kinds=kinds), lang="en")
    assert cells(en)[0][2] == "250"
    assert headers(en)[2:] == ["amount (CNY million)", "change (pp)"]


def test_rows_of_different_units_carry_their_unit_in_the_cell():
    frame = pd.DataFrame({"figure": [2.5e8, 0.28, 1600.0]})
    table = styled(Table(frame, kinds={"figure": ["money", "percent", "count"]}), lang="zh")
    assert cells(table) == [["2.5 亿元"], ["28.0 %"], ["1,600"]]
    assert headers(table) == ["figure"]


def test_no_exponent_and_no_raw_float_in_a_styled_board(board):
    html = board.to_frame("zh", styled=True).to_html()
    assert not re.search(r"\d\.\d+e[+-]\d", html)
    assert "1.600000e+03" not in html
    assert ">1,600<" in html  # the certified-units target


def test_numbers_right_in_tabular_figures_text_left(board):
    html = board.to_frame("zh", styled=True).to_html()
    default = re.search(r" td \{([^}]*)\}", html).group(1)
    assert "text-align: right;" in default
    assert "font-variant-numeric: tabular-nums;" in default
    left = re.findall(r"\.col(\d+) \{\s+text-align: left;", html)
    assert sorted(left) == ["0", "2", "7", "8"]  # target, verdict, unit, lead agency


# -- colours ----------------------------------------------------------------------------------
def test_a_verdict_cell_has_its_bands_board_colour(board, national):
    seen = set()
    for assessment in (board, national):
        html = assessment.to_frame("en", styled=True).to_html()
        for t in assessment.targets:
            assert f"background-color: {VERDICT_COLOURS[t.verdict]}" in html
            seen.add(t.verdict)
    assert len(seen) >= 3  # several bands were checked, not one
    assert style.VERDICT_COLOURS is VERDICT_COLOURS  # the board's colours are these


@pytest.mark.parametrize("verdict", sorted(VERDICT_COLOURS))
def test_every_band_colours_its_cell(verdict):
    frame = pd.DataFrame({"verdict": [verdict]})
    html = styled(Table(frame, colours={"verdict": [VERDICT_COLOURS[verdict]]})).to_html()
    assert f"background-color: {VERDICT_COLOURS[verdict]}" in html


# -- headings, ids, captions ------------------------------------------------------------------
def test_chinese_headings_hold_no_identifier(board):
    for heading in headers(board.to_frame("zh", styled=True)):
        assert not IDENTIFIER.match(heading), heading
        assert re.search("[\u4e00-\u9fff]", heading), heading


def test_the_same_table_renders_the_same_html_and_two_tables_differ(board):
    first = board.to_frame("zh", styled=True).to_html()
    assert first == board.to_frame("zh", styled=True).to_html()
    assert first != board.to_frame("en", styled=True).to_html()
    ids = set(re.findall(r"#T_(ipsim-[0-9a-f]+)", first))
    assert len(ids) == 1


def test_the_plain_text_form_is_the_table_not_an_address(board):
    text = repr(board.to_frame("en", styled=True))
    assert " at 0x" not in text
    assert text.startswith("Targets: probability of being met")
    assert "500 draws" in text


@pytest.fixture(scope="module")
def results(board):
    scenario = ipsim.load_scenario("baseline")
    plan = scenario.load_plan()
    observed = ipsim.load_observed(plan)
    answers = GoalSeekResults([ipsim.goal_seek(scenario, "invention_apps", draws=200)])
    return {
        "assessment": board,
        "comparison": ipsim.compare("baseline", "austerity", draws=200, rng=1),
        "goalseek": answers,
        "goalseek_one": answers[0],
        "sensitivity": ipsim.sensitivity(
            scenario, target="invention_apps", n=16, draws_per_point=16
        ),
        "backtest": ipsim.backtest("baseline", origin=2016, actuals=observed, draws=200, rng=1),
        "rolling": rolling_backtest(  # without pooling and damping: 0.1 s, not 8
            families=["invention_patents_in_force"], draws=200, pool=False, damped=False
        ),
        "calibration": ipsim.calibrate(observed, plan, origin=2017),
        "evaluation": evaluate("national-13th", 2018, draws=200, releases=False),
    }


@pytest.mark.parametrize(
    "name",
    [
        "assessment",
        "comparison",
        "goalseek",
        "goalseek_one",
        "sensitivity",
        "backtest",
        "rolling",
        "calibration",
        "evaluation",
    ],
)
def test_every_result_renders_a_captioned_table_in_both_languages(results, name):
    result = results[name]
    page = result._repr_html_()
    assert "<caption>" in page
    assert "<table" in page
    assert html.escape(result._caption("en")) in page
    zh = result.to_frame("zh", styled=True)
    for heading in headers(zh):
        assert not IDENTIFIER.match(heading), (name, heading)
    assert re.search("[\u4e00-\u9fff]", zh.caption)
    assert type(result.to_frame()) is pd.DataFrame  # the plain frame is unchanged
