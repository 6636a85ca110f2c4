"""The mid-term evaluation: `ipsim evaluate`, its classes, progress shares and totals.

The observed figures after 2020 used here come from tests/data/evaluate-fixture-national-14th.csv,
a TEST FIXTURE, NOT REAL DATA: its values are invented so that each class can be checked by hand
(ipsim's bundled national figures stop at 2020 on purpose).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import pytest

from ipsim.analysis.evaluate import (
    PROGRESS_MARGIN,
    AsOf,
    classify,
    evaluate,
    parse_as_of,
    progress_share,
)
from ipsim.cli.commands import main
from ipsim.errors import ArgumentError
from ipsim.plan import load_plan

FIXTURE = Path(__file__).parent / "data" / "evaluate-fixture-national-14th.csv"

# Checked by hand, as of the end of 2023. Time elapsed is read where the progress is, at the end
# of the latest figure's year: 2022 gives (2022 - 2020) / (2025 - 2020) = 0.4 (ahead from 0.45,
# behind below 0.35), 2021 gives 0.2; with no figure after the base, the evaluation date, 0.6.
# Shares of GDP count as published two years after their year (the 2022 figures of the fixture
# are not yet known), other figures one year after.
EXPECTED_CLASSES = {
    # (10.5 - 6.3) / (12 - 6.3) = 0.737 >= 0.45
    "hv_patents_per_10k": ("ahead", 4.2 / 5.7, 0.4),
    # (60,000 - 40,000) / (90,000 - 40,000) = 0.4, within 0.35-0.45
    "overseas_invention_grants": ("on_schedule", 0.4, 0.4),
    # no target value in the sources used
    "ip_pledge_financing": ("not_assessable", None, 0.4),
    # 3,600 >= 3,500
    "ip_royalty_trade": ("achieved_early", (3600 - 3194.4) / (3500 - 3194.4), 0.4),
    # (0.126 - 0.1197) / (0.13 - 0.1197) = 0.612 >= 0.25 (the 2021 figure; 2022's is published 2024)
    "patent_intensive_share": ("ahead", (0.126 - 0.1197) / (0.13 - 0.1197), 0.2),
    # only a 2022 figure, published 2024: nothing after the base year by 2023
    "copyright_share": ("not_assessable", None, 0.6),
    # (81.2 - 80.05) / (82 - 80.05) = 0.590 >= 0.45
    "ip_protection_satisfaction": ("ahead", 1.15 / 1.95, 0.4),
    # no 2020 figure to start from, and 0.80 does not meet 0.85
    "civil_case_acceptance": ("not_assessable", None, 0.2),
}


@pytest.fixture(scope="module")
def national_2023() -> dict:
    """`ipsim evaluate national-14th --as-of 2023 --observed FIXTURE --format json`, parsed."""
    argv = ["evaluate", "national-14th", "--as-of", "2023", "--observed", str(FIXTURE)]
    argv += ["--draws", "400", "--seed", "3", "--format", "json"]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(argv) == 0
    return json.loads(buffer.getvalue())


def test_fixture_is_labelled_as_not_real_data() -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()[1:]
    assert lines
    assert all("TEST FIXTURE, NOT REAL DATA" in line for line in lines)


def test_each_national_indicator_gets_its_class(national_2023: dict) -> None:
    rows = {r["id"]: r for r in national_2023["targets"]}
    assert set(rows) == set(EXPECTED_CLASSES)
    for ident, (cls, progress, elapsed) in EXPECTED_CLASSES.items():
        assert rows[ident]["class"] == cls, ident
        assert rows[ident]["elapsed_share"] == pytest.approx(elapsed), ident
        if progress is None:
            assert rows[ident]["progress_share"] is None, ident
        else:
            assert rows[ident]["progress_share"] == pytest.approx(progress), ident
        assert rows[ident]["attribute"] == "indicative"  # all 预期性 in the plan's sources


def test_national_totals_and_reasons(national_2023: dict) -> None:
    assert national_2023["totals"] == {
        "achieved_early": 1,
        "ahead": 3,
        "on_schedule": 1,
        "behind": 0,
        "not_assessable": 3,
    }
    assert national_2023["totals_by_attribute"] == {"indicative": national_2023["totals"]}
    rows = {r["id"]: r for r in national_2023["targets"]}
    assert "base year 2020" in rows["civil_case_acceptance"]["note"]
    assert "published by 2023" in rows["copyright_share"]["note"]
    assert rows["copyright_share"]["latest_year"] is None
    assert rows["patent_intensive_share"]["latest_year"] == 2021
    # P(met) for the years that remain, and the expected number met is their sum
    p = [r["p_met"] for r in national_2023["targets"] if r["p_met"] is not None]
    assert len(p) == national_2023["with_p_met"] == 6
    assert national_2023["expected_met"] == pytest.approx(sum(p))
    assert rows["ip_pledge_financing"]["p_met"] is None


def test_not_assessable_without_figures_after_the_base() -> None:
    result = evaluate("national-14th", 2021, draws=100, seed=1)
    assert result.totals()["not_assessable"] == 8
    frame = result.to_frame("zh")
    assert len(frame) == 8
    assert set(frame["评估结论"]) == {"无法评估"}
    assert "截至2021年尚无基年之后的公布数据" in set(frame["说明"])


def test_growth_target_progress_is_on_the_compounding_scale() -> None:
    target = load_plan("guangzhou-ip-2017-2020").target("invention_apps")  # 18 % a year, 2016-2020
    share = progress_share(target, 31892.0, 36941.0)
    required = 31892.0 * 1.18**4
    assert share == pytest.approx(math.log(36941 / 31892) / math.log(required / 31892))
    assert share == pytest.approx(0.2219, abs=1e-4)
    # one year's growth at exactly the rate is a quarter of the way on this scale
    assert progress_share(target, 100.0, 118.0) == pytest.approx(0.25)
    # on the level scale it would be less: (118 - 100) / (193.9 - 100) = 0.19
    result = evaluate("baseline", 2018, draws=100, seed=1)
    row = next(r for r in result.rows if r.target.id == "invention_apps")
    assert (row.latest_year, row.cls) == (
        2017,
        "on_schedule",
    )  # 22 % of the way, a quarter of the time
    assert row.elapsed == pytest.approx(0.25)  # read at the end of 2017, as the progress is
    assert row.goal == pytest.approx(required)


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        (0.6 + PROGRESS_MARGIN, "ahead"),
        (0.6 + PROGRESS_MARGIN - 1e-6, "on_schedule"),
        (0.6, "on_schedule"),
        (0.6 - PROGRESS_MARGIN, "on_schedule"),
        (0.6 - PROGRESS_MARGIN - 1e-6, "behind"),
    ],
)
def test_margin_edges(progress: float, expected: str) -> None:
    assert classify(progress, 0.6) == expected


def test_margin_is_a_parameter() -> None:
    assert classify(0.62, 0.6, margin=0.01) == "ahead"
    assert classify(0.62, 0.6, margin=0.05) == "on_schedule"


def test_as_of_dates() -> None:
    assert parse_as_of("2023") == AsOf(2023, 12)
    assert parse_as_of("2023-06").time == pytest.approx(2022.5)
    for bad in ("2023-13", "2023-00", "23", "mid-2023", "2023/06", ""):
        with pytest.raises(ArgumentError):
            parse_as_of(bad)


@pytest.mark.parametrize("bad", ["2023-13", "next year", "2019"])
def test_bad_as_of_exits_2(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "national-14th", "--as-of", bad, "--draws", "50"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ipsim: ")
    assert "Traceback" not in err


def test_table_and_csv_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["evaluate", "national-14th", "--as-of", "2023", "--observed", str(FIXTURE)]
    assert main([*argv, "--draws", "100", "--lang", "zh"]) == 0
    table = capsys.readouterr().out
    for word in ("提前实现", "快于预期", "基本符合预期", "滞后", "预期性", "时间过半、任务过半"):
        assert word in table
    assert main([*argv, "--draws", "100", "--lang", "zh", "--format", "csv"]) == 0
    csv = capsys.readouterr().out
    assert csv.startswith("\ufeff")
    assert "评估结论" in csv.splitlines()[0]


def test_plan_attributes_are_read_only_where_stated() -> None:
    assert {t.attribute for t in load_plan("national-ip-2021-2025").targets} == {"indicative"}
    # the sources of the 13th FYP plan file and Guangzhou's do not state the attribute
    assert {t.attribute for t in load_plan("national-ip-2016-2020").targets} == {None}
    assert {t.attribute for t in load_plan("guangzhou-ip-2017-2020").targets} == {None}


def test_bad_attribute_names_file_line_and_field(tmp_path: Path) -> None:
    from ipsim.errors import PlanError
    from ipsim.plan import PLAN_DIR

    text = (PLAN_DIR / "national-ip-2021-2025.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("attribute: indicative", "attribute: mandatory", 1), "utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(bad)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "attribute: indicative" in s)
    message = str(caught.value)
    assert f"bad.yaml:{line}: targets[0].attribute: unknown attribute" in message
    assert "expected one of 'binding', 'indicative'" in message


# -- what a reader sees: units, estimates, rounding, the release table (reviewer's findings) --

PARTIAL = Path(__file__).parent / "data" / "partial-year-fixture-national-14th.csv"


@pytest.fixture(scope="module")
def guangzhou_2018():
    """Guangzhou's plan as of 2018 with its release table (real bundled figures)."""
    return evaluate("baseline", 2018, draws=200, seed=1, releases=True)


@pytest.fixture(scope="module")
def national_july():
    """The national plan as of July 2023 with the partial-year TEST FIXTURE (not real data)."""
    return evaluate("national-14th", "2023-07", PARTIAL, draws=200, seed=1)


def _csv_frames(result, lang):
    from ipsim.views.workbook import evaluate_sheets, sheet_as_csv

    sheets, formats = evaluate_sheets(result, lang)
    return [sheet_as_csv(frame, formats, lang) for frame in sheets.values()]


def test_money_reads_in_its_unit_never_as_an_exponent(guangzhou_2018) -> None:
    from ipsim.views.evaluation import evaluation_text

    zh, en = evaluation_text(guangzhou_2018, "zh"), evaluation_text(guangzhou_2018, "en")
    for text in (zh, en, *(f.to_csv() for f in _csv_frames(guangzhou_2018, "zh"))):
        assert "e+" not in text
    trade = next(line for line in zh.splitlines() if line.startswith("年专利交易额达到10亿元"))
    assert "亿元" in trade.split()  # the unit column; the target 1e9 yuan = 10 亿元
    assert trade.split()[3:6] == ["-", "-", "10"]  # no base, no latest figure, the target
    # the Jan-Nov 2017 release, 1.0521e10 yuan: 105.2 亿元, CNY 10.52 billion
    assert any("105.2  亿元" in line for line in zh.splitlines() if line.startswith("2018-01"))
    assert any("10.52  CNY billion" in line for line in en.splitlines())
    evaluation = _csv_frames(guangzhou_2018, "zh")[0].set_index("指标")
    assert evaluation.loc["年专利交易额达到10亿元以上", ["单位", "目标值"]].tolist() == [
        "亿元",
        10.0,
    ]


def test_target_kinds_are_named_by_their_labels(guangzhou_2018) -> None:
    notes = {r.target.id: r.note("zh") for r in guangzhou_2018.rows}
    assert notes["industrialization_projects"] == "“每年均达到”类目标无进度可言"
    assert "“累计”类目标无进度可言" in notes.values()
    text = " ".join(r.class_text("en") for r in guangzhou_2018.rows)
    assert "'every year in window'" in text
    assert "every_year" not in text
    assert "(cumulative)" not in text


def test_a_full_year_estimate_is_marked_in_every_output(national_july) -> None:
    from ipsim.views.evaluation import evaluation_text

    royalty = {r.target.id: r for r in national_july.rows}["ip_royalty_trade"]
    # 800 亿元 for Jan-Mar / the calendar's 3/12 = 3,200 亿元 (CNY 320 billion)
    assert royalty.latest_text("zh") == "2023年全年估计3,200（据2023年1-3月800）"
    assert royalty.latest_text("en") == "est. 320 for 2023 (Jan-Mar 2023: 80)"
    assert (
        royalty.class_text("zh")
        == "滞后（依据2023年1-3月数据按日历折算，无季节规律可依，不确定性大）"
    )
    zh = evaluation_text(national_july, "zh")
    assert "2023年全年估计3,200（据2023年1-3月800）" in zh
    assert "按日历进度取25.0%" in zh
    assert "季节占比50.0%" in zh
    record = {t["id"]: t for t in national_july.to_dict("zh")["targets"]}["ip_royalty_trade"]
    assert record["latest_is_estimate"] is True
    assert record["latest_period"] == "2023年（据2023年1-3月估计）"
    frame = _csv_frames(national_july, "zh")[0].set_index("指标")
    row = frame.loc["知识产权使用费年进出口总额达到3500亿元"]
    assert row["最新数据期间"] == "2023年（据2023年1-3月估计）"
    assert row["说明"].startswith("依据2023年1-3月数据按日历折算")


def test_csv_shares_are_rounded_percentages(national_july) -> None:
    frame = _csv_frames(national_july, "zh")[0].set_index("指标")
    assert {"完成进度（%）", "时间进度（%）", "实现概率（%）"} <= set(frame.columns)
    # (3,200 - 3,194.4) / (3,500 - 3,194.4) = 0.018325 -> 1.83 %; time 2.75 / 5 of 5 years
    royalty = frame.loc["知识产权使用费年进出口总额达到3500亿元"]
    assert royalty["完成进度（%）"] == 1.83
    assert frame["时间进度（%）"].iloc[0] == 51.67  # (2023 - 1 + 7/12 - 2020) / 5 = 0.51667
    # a share indicator's base value 0.1197 reads 11.97 with the unit %
    share = frame.loc["专利密集型产业增加值占GDP比重达到13%"]
    assert (share["单位"], share["基年值"]) == ("%", 11.97)
    from ipsim.views.workbook import evaluate_sheets

    kinds = evaluate_sheets(national_july, "zh")[1]["基年值"]
    assert kinds[4] == "percent"  # 0.0% in the workbook, not General


def test_release_table_says_which_figures_are_used(guangzhou_2018) -> None:
    releases = [r.to_dict() for r in guangzhou_2018.releases]
    apps_2016 = [(r["value"], r["used"]) for r in releases if r["indicator"] == "invention_apps"]
    # three 2016 figures published in January 2017; the rule picks line 11's 31,892
    assert apps_2016[:3] == [(28526.0, False), (31892.0, True), (31891.0, False)]
    trade = next(r for r in releases if r["indicator"] == "patent_trade_volume")
    assert trade["used"] is False
    assert "partial-year" in trade["used_note"]
    # and the evaluation agrees: no figure after the base year for the transaction volume
    row = {r.target.id: r for r in guangzhou_2018.rows}["patent_trade_volume"]
    assert row.latest_value is None
    frame = guangzhou_2018.releases_frame("zh")
    alternatives = frame[frame["是否采用"].str.startswith("未采用：按取数规则")]
    assert len(alternatives) == 2
    assert alternatives["发布后实现概率"].isna().all()


def test_unit_column_and_published_precision() -> None:
    from ipsim.views.evaluation import evaluation_text

    result = evaluate("national-13th", 2018, draws=100, seed=1)
    header = evaluation_text(result, "zh").splitlines()[2].split()
    assert header[:3] == ["指标", "属性", "单位"]
    html = result.to_frame("zh", styled=True).to_html()
    assert ">848.5<" in html  # the 2015 pledge financing, 848.5 亿元 as published


def test_rule_says_the_margin_is_ipsims_choice() -> None:
    result = evaluate("national-14th", 2021, draws=50, seed=1)
    assert "ipsim's choice" in result.rule_text("en")
    assert "December 2013" in result.rule_text("en")
    assert "5个百分点的容差为本工具自定" in result.rule_text("zh")
