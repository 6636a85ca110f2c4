"""Decided targets and cost levers as a reader sees them: the board, the fan chart, the briefing.

Issue 12, items 6 and 7, in the views: a target decided by published figures is shown as decided
(its verdict, the figures and their source, the decided colour, no fan), nothing says "achieved"
without a published figure, and what it would take says "at most" for a lever where more hurts.
"""

import dataclasses
import html
import re
from pathlib import Path

import pytest

from ipsim.analysis.calibrate import as_of
from ipsim.analysis.goalseek import GoalSeekResult, goal_seek
from ipsim.assess import assess
from ipsim.observed import read_observed
from ipsim.scenario import load_scenario
from ipsim.simulate import simulate
from ipsim.views.board import board_frame, board_html
from ipsim.views.brief import brief
from ipsim.views.fan import fan_spec, fan_title
from ipsim.views.style import STATUS_COLOURS

DATA = Path(__file__).parent.parent / "ipsim" / "data"
GREEN, RED = STATUS_COLOURS["target_achieved"], STATUS_COLOURS["target_missed"]
MET_EN = "met: decided by published figures (2020: 2,180 ≥ 1,800)"
MET_ZH = "已由公布数据确定达成（2020年：2,180 ≥ 1,800）"


@pytest.fixture(scope="module")
def after_deadline():
    """National 13th plan as of 2021: pledge financing 2020 = 2,180 >= 1,800 is published."""
    return as_of(load_scenario("national-13th"), 2021)


@pytest.fixture(scope="module")
def decided_board(after_deadline):
    return assess(simulate(after_deadline, draws=1_000, rng=3))


@pytest.fixture(scope="module")
def missed_board(tmp_path_factory):
    """The same, with 2020's pledge financing published as 1,700 (< 1,800)."""
    text = (DATA / "national-history.csv").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if ",ip_pledge_financing,2020,2180," in line)
    path = tmp_path_factory.mktemp("figures") / "lower.csv"
    path.write_text(text.replace(row, row.replace(",2020,2180,", ",2020,1700,")), "utf-8")
    scenario = as_of(load_scenario("national-13th"), 2021, read_observed(path))
    return assess(simulate(scenario, draws=1_000, rng=3))


def target_row(page, target_id):
    """The board's HTML row of one target."""
    return next(
        row for row in page.split("<tr class='target'>") if f"data-target='{target_id}'" in row
    )


def text_of(fragment):
    return re.sub(r"<[^>]+>", " ", fragment)


# -- the status board ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "verdict", "short"), [("en", MET_EN, "met"), ("zh", MET_ZH, "已达成")]
)
def test_the_board_shows_a_decided_target_as_decided(decided_board, lang, verdict, short):
    page = board_html(decided_board, lang)
    row = target_row(page, "ip_pledge_financing")
    assert verdict in row
    assert "‡" in row
    assert f"<b style='color:{GREEN}'>{short}</b>" in row  # "met" in the decided colour
    assert f"color:{GREEN};font-weight:bold'>●" in row
    assert "%" not in text_of(row)  # no probability for a decided target
    assert "data-p-met='1.0'" in row  # the exact value is still there for tools
    satisfaction = target_row(page, "ip_protection_satisfaction")
    assert "80.05 ≥ 80" in satisfaction
    # where the figures were published, and what ‡ means
    assert "chinabankingnews.com" in page
    assert "shine.cn" in page
    assert ("已由公布数据确定：" if lang == "zh" else "‡ decided by published figures") in page
    # an open target keeps its probability
    open_row = target_row(page, "invention_patents_per_10k")
    assert re.search(r"\d+%", text_of(open_row))
    assert "‡" not in open_row


@pytest.mark.parametrize(
    ("lang", "verdict"),
    [
        ("en", "missed: decided by published figures (2020: 1,700 < 1,800)"),
        ("zh", "已由公布数据确定未达成（2020年：1,700 < 1,800）"),
    ],
)
def test_the_board_shows_a_missed_target_in_red(missed_board, lang, verdict):
    row = target_row(board_html(missed_board, lang), "ip_pledge_financing")
    assert verdict in html.unescape(row)
    assert f"color:{RED};font-weight:bold'>●" in row
    assert ">missed<" in row or ">未达成<" in row
    frame = board_frame(missed_board, lang).set_index("id")
    assert frame.loc["ip_pledge_financing", "verdict"] == "decided_missed"
    assert frame.loc["ip_pledge_financing", "decided"] == "missed"


def test_nothing_says_achieved_without_a_published_figure():
    """Baseline: projects' start (an assumed 100 a year) meets the floor, and the median path
    still does; before issue 14 the StatCan status said "target achieved" from that assumption.
    Now the statuses read published figures only: none after 2016, so not assessable."""
    board = assess(simulate(load_scenario("baseline"), draws=1_000, rng=1))
    projects = board.target("industrialization_projects")
    assert projects.decided is None
    assert projects.status_statcan == projects.status_unsd == "not_assessable"
    assert projects.status_reason == "verdict.status_no_base_figure"  # the 2016 value is assumed
    for lang, word in (("en", "achieved"), ("zh", "已实现")):
        page = board_html(board, lang)
        assert word not in page
        assert "‡" not in page
        frame = board_frame(board, lang).set_index("id")
        assert frame.loc["industrialization_projects", "verdict"] == "about_as_likely_as_not"


def test_decided_figures_of_a_growth_target_show_the_figures_and_the_rate():
    from ipsim.views.board import decided_figures

    board = assess(simulate(load_scenario("baseline"), draws=200, rng=1))
    growth = dataclasses.replace(
        board.target("invention_apps"),
        decided="missed",
        decided_value=0.1234,
        decided_figures={2016: 100.0, 2020: 160.0},
        decided_source="test figures",
    )
    assert decided_figures(growth, "en") == "2016: 100, 2020: 160 → 12.34% < 18.00%"
    assert decided_figures(growth, "zh") == "2016年：100，2020年：160 → 12.34% < 18.00%"


# -- the fan chart ------------------------------------------------------------------------------


def test_a_decided_target_has_no_fan(decided_board):
    spec = fan_spec(decided_board, "ip_pledge_financing", lang="en")
    areas = [layer for layer in spec["layer"] if layer["mark"]["type"] == "area"]
    assert areas
    assert all(layer["data"]["values"] == [] for layer in areas)
    median = next(
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == "line" and "strokeDash" not in layer["mark"]
    )
    assert median["data"]["values"] == []
    texts = [
        layer["data"]["values"][0].get("text")
        for layer in spec["layer"]
        if layer["mark"]["type"] == "text" and "values" in layer["data"]
    ]
    assert "met" in texts
    assert "median" not in texts
    points = next(layer for layer in spec["layer"] if layer["mark"].get("filled") is True)
    assert {"year": 2020, "value": 2180.0} in [
        {"year": r["year"], "value": round(r["value"], 6)} for r in points["data"]["values"]
    ]  # the published point, in the axis unit (亿元 = CNY 100 million)
    _, subtitle = fan_title(decided_board, "ip_pledge_financing", "en")
    assert subtitle[0] == MET_EN
    assert "P(met)" not in " ".join(subtitle)
    assert "band" not in subtitle[1]
    assert fan_title(decided_board, "ip_pledge_financing", "zh")[1][0] == MET_ZH
    # an open target keeps its fan
    open_spec = fan_spec(decided_board, "invention_patents_per_10k", lang="en")
    assert all(
        layer["data"]["values"] for layer in open_spec["layer"] if layer["mark"]["type"] == "area"
    )


def test_a_decided_fan_chart_renders(decided_board):
    import vl_convert

    from ipsim.views.style import theme_config

    for lang in ("en", "zh"):
        spec = fan_spec(decided_board, "ip_protection_satisfaction", lang=lang)
        svg = vl_convert.vegalite_to_svg({**spec, "config": theme_config()})
        assert "<svg" in svg
        assert ("已达成" if lang == "zh" else ">met<") in svg


# -- the briefing -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_briefing_after_the_deadline_shows_decided_targets(after_deadline, lang):
    page = brief(after_deadline, lang=lang, draws=1_000)
    board = page[page.index("<section id='board'>") : page.index("<section id='fans'>")]
    assert (MET_ZH if lang == "zh" else MET_EN) in board
    assert ("80.05 ≥ 80") in board
    assert "chinabankingnews.com" in board
    headline = re.search(r"<div class='headline'>(.*?)</div>", page).group(1)
    if lang == "en":
        assert headline.startswith("Published figures decide 2 of the 4 targets (2 met, 0 missed)")
    else:
        assert "4项目标中2项已由公布数据确定（2项达成，0项未达成）" in headline
    takes = page[page.index("<section id='takes'>") : page.index("<section id='hinges'>")]
    done = "无需：已由公布数据确定达成" if lang == "zh" else "nothing: met by published figures"
    assert takes.count(done) == 2
    hinges = page[page.index("<section id='hinges'>") : page.index("<section id='assumptions'>")]
    assert hinges.count("‡") == 2
    fans = page[page.index("<section id='fans'>") : page.index("<section id='takes'>")]
    assert fans.count("<svg") == 4
    assert brief(after_deadline, lang=lang, draws=1_000) == page  # the same bytes again


# -- what it would take, where more of the lever hurts ------------------------------------------


def test_needed_text_says_at_most_for_a_unit_cost():
    from ipsim.views.brief import needed_text

    cost = goal_seek(
        load_scenario("baseline"), "industrialization_projects", lever="growth", draws=2_000
    )
    assert cost.search == "largest"
    en, zh = needed_text(cost, "en"), needed_text(cost, "zh")
    assert re.fullmatch(r"at most \d{3},\d{3} CNY per unit \(\d{3},\d{3}–\d{3},\d{3}\)", en), en
    assert re.fullmatch(r"最高\d{3},\d{3}元/个（\d{3},\d{3}–\d{3},\d{3}）", zh), zh
    assert "x planned budget" not in en


def test_needed_text_follows_the_search_and_the_unit():
    from ipsim.views.brief import needed_text

    def answer(**changes):
        base = dict(
            target="t",
            lever="funding.creation",
            probability=0.8,
            feasible=True,
            value=0.6,
            value_lo=0.55,
            value_hi=0.65,
            p_met_at_value=0.8,
            best_p_met=0.9,
            current_value=1.0,
            p_met_now=0.5,
            bounds=(0.05, 5.0),
            unit="x planned budget",
            draws=100,
            unit_zh="倍计划预算",
        )
        return GoalSeekResult(**{**base, **changes})

    capped = answer(search="largest", more_helps=False)  # funding that raises a capped indicator
    assert needed_text(capped, "en") == "at most 0.60 x planned budget (0.55–0.65)"
    assert needed_text(capped, "zh") == "最高0.60倍计划预算（0.55–0.65）"
    assert needed_text(answer(), "en") == "at least 0.60 x planned budget (0.55–0.65)"
    assert needed_text(answer(), "zh") == "至少0.60倍计划预算（0.55–0.65）"
    rate = answer(unit="growth a year (fraction)", unit_zh="年增长率（小数）", value=0.239)
    assert needed_text(rate, "en") == "at least 23.9% a year (55.0%–65.0%)"
    unreachable = answer(feasible=False, value=None, value_lo=None, value_hi=None)
    assert needed_text(unreachable, "en") == "not reachable (best 90%)"
