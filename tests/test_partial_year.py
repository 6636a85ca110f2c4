"""This year's figures: periods and publication dates, seasonal shares, full-year estimates, the
as-of cut by publication month and how P(met) moved with each release.

The figures after 2020 used here come from tests/data/partial-year-fixture-national-14th.csv, a
TEST FIXTURE, NOT REAL DATA: its values are invented so that every estimate and class can be
checked by hand (ipsim's bundled national figures stop at 2020 on purpose).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from ipsim.analysis.evaluate import evaluate
from ipsim.analysis.partial_year import (
    LEVEL_YEAR_SD,
    SHARE_SD_FLOOR,
    full_year_estimates,
    period_text,
    seasonal_share,
)
from ipsim.cli.commands import main
from ipsim.observed import load_observed, read_observed
from ipsim.plan import load_plan
from ipsim.schema.observed import parse_period

FIXTURE = Path(__file__).parent / "data" / "partial-year-fixture-national-14th.csv"
PLAN = load_plan("national-ip-2021-2025")
HEADER = (
    "indicator,plan_indicator,year,value,unit,scope,source_title,source_url,quote,confidence,"
    "period,published"
)


def run_json(*argv: str) -> dict:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["evaluate", "national-14th", *argv, "--format", "json"]) == 0
    return json.loads(buffer.getvalue())


def test_fixture_is_labelled_as_not_real_data() -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()[1:]
    assert lines
    assert all("TEST FIXTURE, NOT REAL DATA" in line for line in lines)


# -- periods and publication dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("", 12),
        ("2023", 12),
        ("全年", 12),
        ("H1", 6),
        ("上半年", 6),
        ("Q1", 3),
        ("Q3", 9),
        ("Q1-Q3", 9),
        ("前三季度", 9),
        ("M09", 9),
        ("M01-M06", 6),
        ("1-9月", 9),
        ("1～11月", 11),
        ("1至6月", 6),
        ("Jan-Sep", 9),
        ("end-Mar", 3),
        ("9月底", 9),
        ("截至6月末", 6),
    ],
)
def test_periods_run_from_january(text: str, month: int) -> None:
    assert parse_period(text, 2023) == month


@pytest.mark.parametrize("text", ["Q2-Q3", "4-6月", "9月", "M13", "M02-M06", "H2", "2022", "soon"])
def test_periods_not_from_january_are_rejected(text: str) -> None:
    assert parse_period(text, 2023) is None


def test_period_text_in_both_languages() -> None:
    assert period_text(2023, 6) == "Jan-Jun 2023"
    assert period_text(2023, 6, "zh") == "2023年1-6月"
    assert period_text(2023, 9, "zh", level=True) == "2023年9月末"
    assert period_text(2023, 12, "zh") == "2023年"


def test_rows_without_the_new_columns_stay_full_year_figures() -> None:
    frame = load_observed(PLAN).frame
    assert (frame["period"] == "").all()
    assert (frame["period_end"] == 12).all()
    assert (frame["published_month"] == 0).all()


def test_period_and_published_are_read() -> None:
    frame = read_observed(FIXTURE, plan=PLAN).frame
    assert frame["period"].tolist() == ["M06", "", "M06", "", "M06", "M09", "M03"]
    assert frame["published"].tolist() == [2021, 2022, 2022, 2023, 2023, 2023, 2023]
    assert frame["published_month"].tolist() == [7, 1, 7, 1, 7, 10, 4]
    partial = frame["flags"].str.contains("partial_year")
    assert partial.tolist() == [True, False, True, False, True, True, True]


# -- the as-of cut by publication month ------------------------------------------------------


def test_as_of_cut_by_publication_month() -> None:
    data = load_observed(PLAN).combined(read_observed(FIXTURE, plan=PLAN))
    mine = "partial-year-fixture"
    june = data.published_by(2023, 6).frame
    july = data.published_by(2023, 7).frame
    lines = {
        name: sorted(f["line"][f["where"].str.contains(mine)].tolist())
        for name, f in (("june", june), ("july", july))
    }
    # published 2023-07-15 (line 6) counts from July, not June; 2023-10 (line 7) from neither
    assert lines == {"june": [2, 3, 4, 5, 8], "july": [2, 3, 4, 5, 6, 8]}
    # a row without a published date counts from the January after its year (a share's: two)
    bundled = load_observed(PLAN)
    assert len(bundled.published_by(2020, 12)) < len(bundled.published_by(2021, 1))
    assert len(bundled.published_by(2021, 1)) == len(bundled.as_of(2021))


# -- seasonal shares and full-year estimates ---------------------------------------------------


def test_seasonal_share_from_two_synthetic_years_gives_the_exact_estimate() -> None:
    # shares 20,000 / 50,000 = 0.4 and 37,500 / 60,000 = 0.625, geometric mean exactly 0.5
    found = seasonal_share({2021: 20_000.0, 2022: 37_500.0}, {2021: 5e4, 2022: 6e4}, 6)
    assert found.share == pytest.approx(0.5, rel=1e-12)
    assert found.years == (2021, 2022)
    spread = np.std(np.log([0.4, 0.625]), ddof=1) * math.sqrt(1.5)
    assert found.sd == pytest.approx(spread, rel=1e-12)
    estimates = full_year_estimates(
        read_observed(FIXTURE, plan=PLAN).published_by(2023, 7).select(PLAN), PLAN
    )
    grants = estimates["overseas_invention_grants"]
    assert grants.estimate == pytest.approx(70_000.0, rel=1e-12)  # 35,000 / 0.5
    assert grants.share is not None
    assert grants.share.years == (2021, 2022)
    assert grants.sd == pytest.approx(spread, rel=1e-12)


def test_flat_monthly_series_gives_half_for_january_to_june() -> None:
    monthly = np.full(12, 100.0)
    partials = {2021: monthly[:6].sum(), 2022: monthly[:6].sum()}
    full = {2021: monthly.sum(), 2022: monthly.sum()}
    found = seasonal_share(partials, full, 6)
    assert found.share == pytest.approx(0.5, rel=1e-12)
    assert found.sd == SHARE_SD_FLOOR  # years that agree exactly do not make it exact


def test_no_history_falls_back_to_the_calendar_and_says_so() -> None:
    data = read_observed(FIXTURE, plan=PLAN).published_by(2023, 4)
    royalty = full_year_estimates(data.select(PLAN), PLAN)["ip_royalty_trade"]
    assert royalty.share is not None
    assert royalty.share.basis == "calendar"
    assert royalty.estimate == pytest.approx(800 / 0.25)
    assert royalty.sd == pytest.approx(0.75)
    assert "part of the calendar elapsed" in royalty.describe("en")
    assert "按日历进度" in royalty.describe("zh")


def test_a_mid_year_level_stands_for_the_year_end_with_a_wider_spread() -> None:
    data = read_observed(FIXTURE, plan=PLAN).published_by(2023, 10)
    level = full_year_estimates(data.select(PLAN), PLAN)["hv_patents_per_10k"]
    assert level.share is None
    assert level.estimate == level.partial == 10.0
    assert level.sd == pytest.approx(LEVEL_YEAR_SD * 3 / 12)
    assert level.period("zh") == "2023年9月末"


# -- the evaluation, checked by hand ---------------------------------------------------------


@pytest.fixture(scope="module")
def october() -> dict:
    """`ipsim evaluate national-14th --as-of 2023-10 --observed FIXTURE --format json`."""
    return run_json("--as-of", "2023-10", "--observed", str(FIXTURE), "--draws", "400")


def test_evaluation_before_and_after_the_half_year_release() -> None:
    # as of June 2023 the latest grants figure is 2022's 60,000, published in January:
    # progress (60,000 - 40,000) / (90,000 - 40,000) = 0.4, time at the end of 2022 = 0.4
    june = evaluate("national-14th", "2023-06", FIXTURE, draws=200, seed=3, releases=False)
    grants = {r.target.id: r for r in june.rows}["overseas_invention_grants"]
    assert (grants.latest_year, grants.latest_value, grants.cls) == (2022, 60_000.0, "on_schedule")
    assert grants.progress == pytest.approx(0.4)
    assert grants.elapsed == pytest.approx(0.4)
    # the Jan-Jun figure published 2023-07-15 makes 2023's estimate 35,000 / 0.5 = 70,000:
    # progress 0.6 against time at the end of 2023 (the year it stands for) = 0.6
    july = evaluate("national-14th", "2023-07", FIXTURE, draws=200, seed=3, releases=False)
    grants = {r.target.id: r for r in july.rows}["overseas_invention_grants"]
    assert (grants.latest_year, grants.latest_value, grants.cls) == (2023, 70_000.0, "on_schedule")
    assert grants.progress == pytest.approx(0.6)
    assert grants.elapsed == pytest.approx(0.6)
    assert grants.latest_period("zh") == "2023年（据2023年1-6月估计）"  # a flow: an estimate
    assert "seasonal share 50.0% from 2021, 2022" in grants.latest_basis("en")


def test_evaluation_json_as_of_october(october: dict) -> None:
    rows = {r["id"]: r for r in october["targets"]}
    # 10.0 at the end of September: progress (10 - 6.3) / (12 - 6.3) = 0.649 against time at
    # the end of September, (2022.75 - 2020) / 5 = 0.55: ahead from 0.60
    hv = rows["hv_patents_per_10k"]
    assert hv["class"] == "ahead"
    assert hv["elapsed_share"] == pytest.approx(0.55)
    assert hv["progress_share"] == pytest.approx(3.7 / 5.7)
    assert hv["latest_period"] == "end-Sep 2023"
    assert hv["estimate"]["share_basis"] == "level"
    # progress 0.6 against 0.6 (the end of 2023, the year the estimate stands for): on schedule
    grants = rows["overseas_invention_grants"]
    assert grants["class"] == "on_schedule"
    assert grants["estimate"]["seasonal_share"] == pytest.approx(0.5)
    assert grants["estimate"]["share_years"] == [2021, 2022]
    assert grants["estimate"]["published"] == "2023-07"
    # 800 / 0.25 = 3,200: progress (3,200 - 3,194.4) / (3,500 - 3,194.4) = 0.018, behind
    royalty = rows["ip_royalty_trade"]
    assert royalty["class"] == "behind"
    assert royalty["latest_value"] == pytest.approx(3200.0)
    assert royalty["estimate"]["share_basis"] == "calendar"


# -- how P(met) moved with each release ------------------------------------------------------


def test_releases_are_in_date_order_and_chain(october: dict) -> None:
    releases = october["releases"]
    assert october["release_draws"] == 2000
    assert set(releases[0]) >= {"published", "indicator", "target", "period", "value", "p_met"}
    dates = [r["published"] for r in releases]
    assert dates == sorted(dates)
    assert dates[0] >= "2021-01"
    assert dates[-1] <= "2023-10"
    # each release starts from where the one before it left the same target
    last: dict[str, float | None] = {}
    for date in sorted(set(dates)):
        now = [r for r in releases if r["published"] == date]
        for r in now:
            if r["target"] in last:
                assert r["p_met_before"] == last[r["target"]]
        last.update({r["target"]: r["p_met"] for r in now})
    half = [r for r in releases if r["published"] == "2023-07"]
    assert [(r["target"], r["period"], r["value"]) for r in half] == [
        ("overseas_invention_grants", "M06", 35_000.0)
    ]


def test_table_csv_and_xlsx_carry_the_releases(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    common = ["evaluate", "national-14th", "--as-of", "2023-07", "--observed", str(FIXTURE)]
    common += ["--draws", "200", "--seed", "1", "--lang", "zh"]
    for fmt in ("table", "csv"):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main([*common, "--format", fmt]) == 0
        text = buffer.getvalue()
        assert "发布前实现概率" in text
        assert "2023年1-6月" in text
    out = tmp_path / "evaluation.xlsx"
    assert main([*common, "--format", "xlsx", "--output", str(out)]) == 0
    import openpyxl

    book = openpyxl.load_workbook(out)
    assert "数据发布与实现概率" in book.sheetnames


# -- bad values: exit 2 naming file, line and field ------------------------------------------


@pytest.mark.parametrize(
    ("period", "published", "fragment"),
    [
        ("4-6月", "2023-07", ":2: column 'period': not a period; expected empty or the year"),
        ("Q2-Q3", "", ":2: column 'period': not a period"),
        ("H1", "2023-13", ":2: column 'published': not a date; expected empty, YYYY, YYYY-MM"),
        ("H1", "2023-02-30", ":2: column 'published': not a date"),
        ("H1", "2023-06", ":2: column 'published': published before the end of the period it"),
        ("", "2022", ":2: column 'published': published before the end"),
    ],
)
def test_bad_period_or_published_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str, published: str, fragment: str
) -> None:
    path = tmp_path / "figures.csv"
    row = (
        f"grants,overseas_invention_grants,2023,35000,件,China,TEST FIXTURE NOT REAL DATA,,,low,"
        f"{period},{published}"
    )
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    code = main(["evaluate", "national-14th", "--as-of", "2023-10", "--observed", str(path)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"{path}{fragment}" in err


def test_a_year_alone_counts_from_its_december(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    row = "grants,overseas_invention_grants,2022,60000,件,China,TEST FIXTURE NOT REAL DATA,,,low"
    path.write_text(f"{HEADER}\n{row},,2023\n{row.replace('2022', '2021')},,\n", encoding="utf-8")
    data = read_observed(path, plan=PLAN)
    assert data.release_months().tolist() == [2023 * 12 + 11, 2022 * 12]
    assert len(data.published_by(2023, 11)) == 1
    assert len(data.published_by(2023, 12)) == 2
