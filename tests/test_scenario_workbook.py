"""Scenarios in Excel: written by ipsim, edited with openpyxl as a planner would in Excel, read back.

The bad workbooks are made in each test from a written one (one edit each), so they follow the
layout as it changes; nothing binary is stored.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ipsim.assess import assess
from ipsim.cli.commands import main
from ipsim.errors import ScenarioError
from ipsim.i18n import Lang, label
from ipsim.scenario import (
    Change,
    Modification,
    Scenario,
    bundled_scenarios,
    bundled_scenarios_dir,
    from_dict,
    load_scenario,
    to_dict,
)
from ipsim.scenario_workbook import (
    MAX_WORKBOOK_BYTES,
    loads_scenario_workbook,
    read_scenario_workbook,
)
from ipsim.simulate import simulate
from ipsim.views.workbook import scenario_workbook_bytes, write_scenario_workbook

FILES = sorted({p.stem for p in bundled_scenarios_dir().glob("*.yaml")} | set(bundled_scenarios()))
SHEET = {
    k: (label(f"workbook.sheet_{k}", "en"), label(f"workbook.sheet_{k}", "zh"))
    for k in ("assumptions", "settings", "funding", "models")
}


def _round_trip(scenario: Scenario, lang: Lang) -> Scenario:
    return loads_scenario_workbook(scenario_workbook_bytes(scenario, lang), filename="s.xlsx")


def _edited(scenario: Scenario, lang: Lang, edit: Callable[[Any], None]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(scenario_workbook_bytes(scenario, lang)))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_of(sheet: Any, *cells: str) -> int:
    """The number of the first row whose first cells are ``cells``."""
    for row in sheet.iter_rows(min_row=2):
        if tuple(c.value for c in row[: len(cells)]) == cells:
            return int(row[0].row)
    raise LookupError(cells)


def _column_of(sheet: Any, header: str) -> int:
    return next(c.column for c in sheet[1] if c.value == header)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", FILES)
def test_every_bundled_scenario_round_trips(name: str, lang: Lang) -> None:
    scenario = load_scenario(name)
    back = _round_trip(scenario, lang)
    assert back == scenario  # all 17 digits: the untouched numbers come from the record
    assert back.modified is None
    assert back.sha256 == scenario.sha256


def test_a_second_round_trip_changes_nothing() -> None:
    back = _round_trip(load_scenario("calibrated-2017"), "zh")  # fitted figures of 17 digits
    assert _round_trip(back, "en") == back


def test_levers_by_year_readings_and_the_modification_record_round_trip() -> None:
    raw = to_dict(load_scenario("baseline"))
    raw["funding"]["creation"] = {
        "multiple": {2017: 1.2, 2018: 1.0, 2019: 1.5, 2020: 0.8},
        "from_year": 2017,
    }
    raw["funding"]["finance"] = {
        "reference_cny": 3_000_000.0,
        "schedule_cny": {2017: 1_234_567.89, 2018: 4_500_000.0, 2019: 1e6, 2020: 2.5e6},
        "source": "+a source that looks like a formula",
    }
    raw["target_readings"] = {"invention_apps": "yoy_each_year"}
    raw["modified"] = {
        "original": "baseline",
        "original_sha256": "1f" * 32,
        "changes": [{"input": "funding.creation.multiple", "from": 1.0, "to": 1.6}],
    }
    scenario = from_dict(raw)
    for lang in ("en", "zh"):
        assert _round_trip(scenario, lang) == scenario


def test_an_edited_growth_mean_changes_the_scenario() -> None:
    scenario = load_scenario("baseline")
    name = scenario.load_plan().indicator("invention_apps").label("zh")

    def edit(book: Any) -> None:
        sheet = book["假设"]
        row = _row_of(sheet, name, label("workbook.param.growth", "zh"))
        sheet.cell(row=row, column=_column_of(sheet, "均值")).value = 0.25

    back = loads_scenario_workbook(_edited(scenario, "zh", edit), filename="e.xlsx")
    growth = back.indicators["invention_apps"].params["growth"]
    assert growth.to_dict() == {"dist": "normal", "mean": 0.25, "sd": 0.06}
    expected = scenario.with_value("invention_apps", "growth", growth)
    assert back.indicators == expected.indicators
    assert back.modified == Modification(
        "baseline",
        scenario.sha256,
        (Change("indicators.invention_apps.growth.mean", 0.17, 0.25),),
    )
    assert back.name == "baseline" + label("explorer.modified", "en")


def test_a_round_tripped_scenario_gives_the_same_p_met() -> None:
    scenario = load_scenario("calibrated-2017")  # the one whose figures Excel rounds
    back = _round_trip(scenario, "zh")
    before = assess(simulate(scenario, draws=1000, rng=7)).to_frame()["p_met"]
    after = assess(simulate(back, draws=1000, rng=7)).to_frame()["p_met"]
    assert before.tolist() == after.tolist()


def test_cli_runs_a_workbook_as_it_runs_the_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run.xlsx"
    args = ["--draws", "200", "--seed", "3"]
    assert main(["run", "baseline", *args, "--lang", "zh", "--format", "xlsx", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["run", "baseline", *args]) == 0
    from_yaml = capsys.readouterr().out
    assert main(["run", str(out), *args]) == 0  # the run workbook itself, its board ignored
    assert capsys.readouterr().out == from_yaml
    assert read_scenario_workbook(out) == load_scenario("baseline").with_run(draws=200, seed=3)


def test_other_sheets_and_columns_are_not_read() -> None:
    scenario = load_scenario("national-14th")

    def edit(book: Any) -> None:
        book.create_sheet("my notes")["A1"] = "=SUM(1, 2)"
        sheet = book["assumptions"]
        sheet.cell(row=1, column=sheet.max_column + 1).value = "my comment"
        sheet.cell(row=2, column=sheet.max_column).value = "check with the statistics bureau"
        sheet.cell(row=2, column=3).value = "a unit I typed"  # the "(not read)" column

    assert loads_scenario_workbook(_edited(scenario, "en", edit), filename="n.xlsx") == scenario


def test_a_formula_is_read_by_its_saved_value() -> None:
    scenario = load_scenario("baseline")
    name = scenario.load_plan().indicator("invention_apps").label("en")

    def edit(book: Any) -> None:
        sheet = book["assumptions"]
        row = _row_of(sheet, name, label("workbook.param.lag", "en"))
        sheet.cell(row=row, column=_column_of(sheet, "value")).value = "=1+1"

    content = _edited(scenario, "en", edit)
    with pytest.raises(ScenarioError, match="formula without a saved value: open and save"):
        loads_scenario_workbook(content, filename="f.xlsx")
    saved = _with_saved_formula_values(content, "2")  # as Excel saves it
    assert loads_scenario_workbook(saved, filename="f.xlsx").indicators["invention_apps"].lag == 2


def _with_saved_formula_values(content: bytes, value: str) -> bytes:
    """The workbook with ``value`` saved beside every formula, as Excel does on saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"</f><v /></c>", f"</f><v>{value}</v></c>".encode())
            target.writestr(item, data)
    return out.getvalue()


def _text_in_number(book: Any) -> None:
    sheet = book["假设"]
    sheet.cell(row=3, column=_column_of(sheet, "众数")).value = "三成"


def _unknown_indicator(book: Any) -> None:
    book["假设"].cell(row=3, column=1).value = "发明专利申请"


def _missing_column(book: Any) -> None:
    sheet = book["假设"]
    sheet.delete_cols(_column_of(sheet, "分布"))


def _formula(book: Any) -> None:
    sheet = book["假设"]
    sheet.cell(row=3, column=_column_of(sheet, "众数")).value = "=0.1*3"


BAD = {
    "text in a number cell": (
        _text_in_number,
        "bad.xlsx, sheet '假设', row 3, column K (众数): wrong type; expected a number, got '三成'",
    ),
    "unknown indicator": (
        _unknown_indicator,
        "bad.xlsx, sheet '假设', row 3, column A (指标): unknown indicator; expected one of",
    ),
    "missing required column": (
        _missing_column,
        "bad.xlsx, sheet '假设', row 1: no header row naming the required columns; expected "
        "'indicator' / '指标', 'parameter' / '参数', 'distribution' / '分布', 'value' / '值'",
    ),
    "formula without a value": (
        _formula,
        "bad.xlsx, sheet '假设', row 3, column K: a formula without a saved value",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_cell_is_named_by_sheet_row_and_column(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, message = BAD[case]
    monkeypatch.chdir(tmp_path)
    path = Path("bad.xlsx")
    path.write_bytes(_edited(load_scenario("baseline"), "zh", edit))
    with pytest.raises(ScenarioError) as err:
        read_scenario_workbook(path)
    assert str(err.value).startswith("1 problem in bad.xlsx:\n" + message)
    assert main(["run", str(path), "--draws", "100"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "bad.xlsx: the file is empty; expected an Excel workbook (.xlsx) of a scenario"),
        (b"name: baseline\n", "bad.xlsx: not an Excel workbook (.xlsx, a zip archive)"),
        (b"PK" + b"\0" * MAX_WORKBOOK_BYTES, "bad.xlsx: too large"),
    ],
    ids=["empty", "not a workbook", "too large"],
)
def test_a_file_that_is_no_workbook_exits_2(
    content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert main(["run", str(path)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    with pytest.raises(ScenarioError, match=r"bad\.xlsx"):
        loads_scenario_workbook(content, filename="bad.xlsx")


def test_a_workbook_without_the_scenario_sheets_says_which(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "figures"  # type: ignore[union-attr]
    book.save(path)
    with pytest.raises(ScenarioError, match=r"no sheet 'assumptions' / '假设'.*got 'figures'"):
        load_scenario(path)


def test_nothing_written_runs_and_negative_numbers_stay_numbers(tmp_path: Path) -> None:
    raw = to_dict(load_scenario("baseline"))
    evil = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]
    raw["name"], raw["title_en"], raw["title_zh"], raw["description"] = evil
    raw["indicators"]["invention_apps"]["baseline"]["source"] = "=cmd|' /C calc'!A0"
    raw["indicators"]["invention_apps"]["rationale"] = "-1 a quote"
    raw["indicators"]["invention_apps"]["growth"] = {"dist": "normal", "mean": -0.02, "sd": 0.06}
    raw["dependence"]["others"]["source"] = "@guess"
    scenario = from_dict(raw)
    path = write_scenario_workbook(scenario, tmp_path / "s.xlsx", lang="zh")
    texts, negatives = [], []
    for sheet in openpyxl.load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    texts.append((cell.data_type, cell.quotePrefix))
                if isinstance(cell.value, int | float) and cell.value < 0:
                    negatives.append(cell.data_type)
    assert len(texts) >= 7
    assert set(texts) == {("s", True)}
    assert negatives == ["n"]
    assert read_scenario_workbook(path) == scenario


def test_both_languages_are_read_whatever_the_workbook_language() -> None:
    scenario = load_scenario("high-funding")

    def english_names_in_a_chinese_book(book: Any) -> None:
        sheet = book["资金"]
        plan = scenario.load_plan()
        for row in sheet.iter_rows(min_row=2):
            ident = next(p.id for p in plan.funding_programmes if p.label("zh") == row[0].value)
            row[0].value = ident  # an id is read too
        book["假设"]["B2"].value = "baseline"

    content = _edited(scenario, "zh", english_names_in_a_chinese_book)
    assert loads_scenario_workbook(content, filename="h.xlsx") == scenario
    assert math.isclose(scenario.funding["creation"].ratio(2018, 2016), 1.5)


def test_validate_tells_a_scenario_workbook_from_observed_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_scenario_workbook(load_scenario("national-13th"), tmp_path / "n.xlsx")
    assert main(["validate", str(good)]) == 0
    assert "ok" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_edited(load_scenario("national-13th"), "en", _zero_draws))
    assert main(["validate", str(bad)]) == 2
    assert "sheet 'scenario', row 9, column B (value): out of range" in capsys.readouterr().err


def _zero_draws(book: Any) -> None:
    sheet = book["scenario"]
    sheet.cell(row=_row_of(sheet, label("workbook.set.draws", "en")), column=2).value = 0


def test_an_upload_may_name_only_a_bundled_plan() -> None:
    scenario = load_scenario("national-13th")

    def edit(book: Any) -> None:
        sheet = book["scenario"]
        sheet.cell(
            row=_row_of(sheet, label("workbook.set.plan", "en")), column=2
        ).value = "/etc/x.yaml"

    content = _edited(scenario, "en", edit)
    message = "up.xlsx, sheet 'scenario', row 6, column B (value): a scenario read from an upload"
    with pytest.raises(ScenarioError, match=re.escape(message)):
        loads_scenario_workbook(content, filename="up.xlsx", bundled_plan_only=True)
    upload = scenario_workbook_bytes(scenario)
    assert loads_scenario_workbook(upload, filename="up.xlsx", bundled_plan_only=True) == scenario


# -- an edited workbook is marked modified, as the explorer marks a moved control ----------------
def _two_edits(book: Any) -> None:
    """The creation programme's multiple to 1.5, a growth mean to 0.3 (in a Chinese workbook)."""
    funding = book[label("workbook.sheet_funding", "zh")]
    funding.cell(row=2, column=_column_of(funding, "参考预算倍数")).value = 1.5
    sheet = book[label("workbook.sheet_assumptions", "zh")]
    name = load_scenario("baseline").load_plan().indicator("hitech_invention_apps").label("zh")
    row = _row_of(sheet, name, label("workbook.param.growth", "zh"))
    sheet.cell(row=row, column=_column_of(sheet, "均值")).value = 0.3


def test_two_edited_values_are_exactly_the_two_changes() -> None:
    scenario = load_scenario("baseline")
    back = loads_scenario_workbook(_edited(scenario, "zh", _two_edits), filename="e.xlsx")
    assert back.modified == Modification(
        "baseline",
        scenario.sha256,
        (
            Change("funding.creation.multiple", 1.0, 1.5),
            Change("indicators.hitech_invention_apps.growth.mean", 0.25, 0.3),
        ),
    )
    assert back.name == "baseline" + label("explorer.modified", "en")
    assert back.title_zh == scenario.title_zh + label("explorer.modified", "zh")
    assert back.title_en == scenario.title_en + label("explorer.modified", "en")
    again = _round_trip(back, "en")  # written again: the record and the marks stay
    assert again == back


def test_the_run_of_an_edited_workbook_shows_the_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "e.xlsx"
    path.write_bytes(_edited(load_scenario("baseline"), "zh", _two_edits))
    assert main(["run", str(path), "--lang", "zh", "--draws", "200", "--seed", "1"]) == 0
    title = capsys.readouterr().out.splitlines()[0]
    assert title.endswith(load_scenario("baseline").title_zh + label("explorer.modified", "zh"))


def test_a_new_title_alone_is_no_modification() -> None:
    scenario = load_scenario("calibrated-2017")  # figures of 17 digits come back exactly

    def retitle(book: Any) -> None:
        sheet = book[label("workbook.sheet_settings", "en")]
        row = _row_of(sheet, label("workbook.set.title_en", "en"))
        sheet.cell(row=row, column=2).value = "my copy"

    back = loads_scenario_workbook(_edited(scenario, "en", retitle), filename="t.xlsx")
    assert back.modified is None
    assert back.title_en == "my copy"
    assert back.indicators == scenario.indicators


def test_an_edited_record_claims_nothing() -> None:
    """A hidden record that no longer has the sha256 recorded is ignored: read as it stands."""

    def tamper(book: Any) -> None:
        book[label("workbook.sheet_written", "en")].cell(row=3, column=1).value = "name: other"
        _two_edits_en(book)

    def _two_edits_en(book: Any) -> None:
        funding = book[label("workbook.sheet_funding", "en")]
        funding.cell(row=2, column=_column_of(funding, "multiple of the reference")).value = 1.5

    back = loads_scenario_workbook(
        _edited(load_scenario("baseline"), "en", tamper), filename="t.xlsx"
    )
    assert back.modified is None
    assert back.name == "baseline"
    assert back.funding["creation"].multiple == 1.5


def test_an_explorer_modified_scenario_keeps_its_original() -> None:
    start = load_scenario("baseline")
    moved = dataclasses.replace(
        start.with_funding("creation", multiple=1.5),
        name="baseline (modified)",
        modified=Modification(
            "baseline", start.sha256, (Change("funding.creation.multiple", 1.0, 1.5),)
        ),
    )

    def back_and_more(book: Any) -> None:
        funding = book[label("workbook.sheet_funding", "en")]
        column = _column_of(funding, "multiple of the reference")
        funding.cell(row=2, column=column).value = 1.0  # back to the original's
        funding.cell(row=3, column=column).value = 2.0

    back = loads_scenario_workbook(_edited(moved, "en", back_and_more), filename="m.xlsx")
    assert back.modified is not None
    assert back.modified.original == "baseline"
    assert back.modified.original_sha256 == start.sha256
    programme = list(start.funding)[1]
    assert back.modified.changes == (Change(f"funding.{programme}.multiple", 1.0, 2.0),)
    assert back.name == "baseline (modified)"
