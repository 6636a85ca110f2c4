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
