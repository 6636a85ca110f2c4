"""Excel workbooks (``--format xlsx``) and the CSV Excel reads: typed numbers, Chinese headers,
no cell that runs as a formula, a byte-order mark under ``--lang zh``."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import ipsim
from ipsim._outputs import csv_text
from ipsim.cli.commands import main
from ipsim.i18n import label
from ipsim.scenario import load_scenario
from ipsim.views.workbook import write_workbook

ACTUALS = Path(ipsim.__file__).parent / "data" / "observed-to-2017.csv"
FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _cells(path: Path, sheet: str) -> list[list[openpyxl.cell.cell.Cell]]:
    return [list(row) for row in openpyxl.load_workbook(path)[sheet].iter_rows()]


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    table = pd.DataFrame({"=name": FORMULAS, "n": range(len(FORMULAS))})
    path = write_workbook({"t": table}, tmp_path / "a.xlsx")
    rows = _cells(path, "t")
    assert (rows[0][0].value, rows[0][0].data_type) == ("=name", "s")
    for text, row in zip(FORMULAS, rows[1:], strict=True):
        # XML reads a carriage return as a line feed: still text, never a formula
        assert (row[0].value, row[0].data_type) == (text.replace("\r", "\n"), "s")
        assert row[0].quotePrefix
        assert row[1].data_type == "n"


def test_numbers_typed_and_formatted(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {"p": [0.25, float("nan")], "n": [1600, 2], "money": [2.5e8, 1e4], "ids": [["a", "b"], []]}
    )
    formats = {"p": "percent", "n": "count", "money": "yi"}
    path = write_workbook({"t": table}, tmp_path / "a.xlsx", lang="zh", number_formats=formats)
    header, first, second = _cells(path, "t")
    assert [c.value for c in header] == ["p", "n", "money（亿元）", "ids"]
    assert all(c.font.b for c in header)
    assert (first[0].value, first[0].number_format) == (0.25, "0.0%")
    assert second[0].value is None  # NaN: an empty cell, not the text "nan"
    assert (type(first[1].value), first[1].number_format) == (int, "#,##0")
    assert first[2].value == pytest.approx(2.5)
    assert second[2].value == pytest.approx(1e-4)
    assert first[3].value == "a;b"
    sheet = openpyxl.load_workbook(path)["t"]
    assert sheet.freeze_panes == "A2"


def test_cjk_counts_double_in_column_width(tmp_path: Path) -> None:
    table = pd.DataFrame({"a": ["x" * 20], "b": ["基" * 20]})
    sheet = openpyxl.load_workbook(write_workbook({"t": table}, tmp_path / "a.xlsx"))["t"]
    assert sheet.column_dimensions["B"].width == 2 * 20 + 2
    assert sheet.column_dimensions["A"].width == 20 + 2


def test_existing_file_needs_force(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"old")
    table = pd.DataFrame({"a": [1]})
    with pytest.raises(Exception, match="exists"):
        write_workbook({"t": table}, path, force=False)
    assert path.read_bytes() == b"old"


def test_run_workbook_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "run.xlsx"
    args = ["run", "--draws", "200", "--seed", "1", "--lang", "zh", "--format", "xlsx"]
    assert main([*args, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    keys = ("board", "assumptions", "models", "funding", "dependence", "settings", "readme", "run")
    sheets = [label(f"workbook.sheet_{k}", "zh") for k in (*keys, "written")]
    assert book.sheetnames == sheets  # the scenario's inputs between the board and the run
    assert [book[s].sheet_state for s in sheets].count("hidden") == 1  # the record as written
    assert book[sheets[-1]].sheet_state == "hidden"
    board = list(book[sheets[0]].iter_rows(values_only=True))
    assert board[0][:3] == ("目标", "达成概率", "判断")
    assert len(board) == 19  # 18 targets
    assert all(isinstance(row[1], float) for row in board[1:])  # P(met) as numbers
    assert all(isinstance(row[0], str) and row[0].isascii() is False for row in board[1:])
    cells = {row[0].value: row for row in book[sheets[0]].iter_rows(min_row=2)}
    money = cells["年专利交易额达到10亿元以上"]  # the plan's 10亿元, shown in 亿元
    assert (money[6].value, money[6].number_format, money[7].value) == (10, "#,##0.00", "亿元")
    growth = cells["发明专利申请量年均增长18%以上"]
    assert (growth[3].number_format, growth[7].value) == ("0.0%", "%")
    assert (growth[10].value, growth[10].number_format) == (28526, "#,##0")  # a level
    run = dict(book[sheets[-2]].iter_rows(min_row=2, values_only=True))
    assert run[label("workbook.run_draws", "zh")] == 200


def test_formula_scenario_name_stays_text(tmp_path: Path) -> None:
    from ipsim.scenario import dump_scenario, load_scenario

    scenario = load_scenario("baseline")
    text = dump_scenario(scenario).replace("name: baseline", 'name: "=HYPERLINK(1)"', 1)
    source = tmp_path / "evil.yaml"
    source.write_text(text, encoding="utf-8")
    if load_scenario(source).name != "=HYPERLINK(1)":
        pytest.skip("the scenario file names itself differently")
    out = tmp_path / "run.xlsx"
    assert main(["run", str(source), "--draws", "100", "--format", "xlsx", "-o", str(out)]) == 0
    cells = [c for row in _cells(out, "run") for c in row if c.value == "=HYPERLINK(1)"]
    assert cells
    assert all(c.data_type == "s" for c in cells)


def test_xlsx_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--draws", "100", "--format", "xlsx"]) == 2
    assert "-o/--output" in capsys.readouterr().err
    assert main(["compare", "baseline", "--format", "table", "-o", "x.xlsx"]) == 2


def test_compare_workbook(tmp_path: Path) -> None:
    out = tmp_path / "cmp.xlsx"
    args = ["compare", "baseline", "high-funding", "--draws", "200", "--format", "xlsx"]
    assert main([*args, "--lang", "zh", "-o", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "目标"
    assert len(rows) == 1 + 2 * 18
    assert all(isinstance(row[2], float) for row in rows[1:])
    assert not any(str(row[3]).isascii() for row in rows[1:])  # verdict words, not codes
    titles = [load_scenario(n).title_zh for n in ("baseline", "high-funding")]
    assert list(dict.fromkeys(row[1] for row in rows[1:])) == titles  # as the table names them


def test_csv_bom_under_zh_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--draws", "100", "--lang", "zh", "--format", "csv"]) == 0
    zh = capsys.readouterr().out
    assert main(["run", "--draws", "100", "--format", "csv"]) == 0
    en = capsys.readouterr().out
    assert zh.startswith("\ufeff")
    assert not en.startswith("\ufeff")
    assert "[" not in en.splitlines()[1]
    assert "ipo" in en


def test_run_csv_in_chinese_reads_like_the_board_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    import io

    assert main(["run", "--draws", "200", "--lang", "zh", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))
    assert list(frame.columns[:3]) == ["目标", "达成概率（%）", "判断"]
    assert frame.columns[-1] == "目标代码"  # the code a user types, last
    row = frame.set_index("目标代码").loc["patent_trade_volume"]
    assert (row["单位"], row["目标值"]) == ("亿元", 10.0)  # CNY 1 billion in 亿元
    share = frame.set_index("目标代码").loc["agency_rate"]
    assert (share["单位"], share["目标值"]) == ("%", 70.0)
    assert 0 <= share["达成概率（%）"] <= 100


def test_csv_lists_and_formulas() -> None:
    frame = pd.DataFrame({"ids": [["ipo", "xyz"], ("a",)], "name": ["=1+1", "ok"]})
    assert csv_text(frame) == "ids,name\nipo;xyz,'=1+1\na,ok\n"


def test_evaluation_sheet_has_percentages(tmp_path: Path) -> None:
    from ipsim.analysis.evaluate import evaluate
    from ipsim.views.workbook import evaluate_sheets

    sheets, formats = evaluate_sheets(evaluate("baseline", "2018", None, draws=200, seed=1), "zh")
    path = write_workbook(sheets, tmp_path / "e.xlsx", lang="zh", number_formats=formats)
    rows = list(openpyxl.load_workbook(path).active.iter_rows())
    column = [c.value for c in rows[0]].index(label("evaluate.col.p_met", "zh"))
    assert all(row[column].number_format == "0.0%" for row in rows[1:])
    assert all(isinstance(row[column].value, float) for row in rows[1:])


def test_goalseek_and_backtest_workbooks(tmp_path: Path) -> None:
    goal = tmp_path / "g.xlsx"
    args = ["goalseek", "baseline", "--target", "invention_apps", "--draws", "200"]
    assert main([*args, "--lang", "zh", "--format", "xlsx", "-o", str(goal)]) == 0
    book = openpyxl.load_workbook(goal)
    assert book.sheetnames == [
        label("workbook.sheet_takes", "zh"),
        label("workbook.sheet_theta", "zh"),
    ]
    takes = list(book.worksheets[0].iter_rows(values_only=True))
    assert takes[1][0] == "发明专利申请量年均增长18%以上"  # the target by name, not id
    test = tmp_path / "b.xlsx"
    args = [
        "backtest",
        "baseline",
        "--origin",
        "2016",
        "--actuals",
        str(ACTUALS),
    ]
    assert main([*args, "--draws", "200", "--format", "xlsx", "-o", str(test)]) == 0
    points, coverage = openpyxl.load_workbook(test).worksheets
    assert [c.value for c in points[1]][:2] == ["indicator", "year"]
    assert all(isinstance(c.value, int | float) for c in coverage["B"][1:])


def test_goalseek_sheet_words_and_formats() -> None:
    """The lever column is headed as the text table heads it; settings carry a number format
    (two decimals for a budget multiple, percent for a growth rate); an answer out of reach
    says so in words; a target without a lever names none."""
    from ipsim.analysis.goalseek import goal_seek
    from ipsim.views.workbook import goalseek_sheets, workbook_bytes

    s = load_scenario("baseline")
    answers = [
        goal_seek(s, "invention_apps", draws=200),  # a budget multiple
        goal_seek(s, "invention_apps", lever="growth", draws=200),  # a growth rate
        goal_seek(s, "certified_units", draws=200),  # out of reach within [0.05, 5]
        goal_seek(s, "trademark_apps", draws=200),  # no lever
    ]
    assert answers[2].value is None
    assert not answers[2].feasible
    sheets, formats = goalseek_sheets(answers, s, "zh")
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sheets, number_formats=formats)))
    rows = list(book.worksheets[0].iter_rows())
    headers = [c.value for c in rows[0]]
    assert headers[1] == label("gs_lever", "zh") == "调节手段"
    needed = headers.index(label("workbook.col_needed", "zh"))
    assert rows[1][needed].number_format == "0.00"
    assert isinstance(rows[1][needed].value, float)
    assert rows[2][needed].number_format == "0.0%"
    assert rows[3][needed].value == label("gs_unreachable", "zh")
    assert rows[4][1].value == label("tables.no_lever", "zh")
    assert not any(str(row[1].value).isascii() for row in rows[1:])  # levers by name
    assert not any(str(row[-1].value or "").isascii() for row in rows[3:])  # notes in Chinese


def test_dependence_and_logit_in_chinese_words(tmp_path: Path) -> None:
    out = tmp_path / "run.xlsx"
    args = ["run", "--draws", "200", "--seed", "1", "--lang", "zh", "--format", "xlsx"]
    assert main([*args, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    run = dict(book[label("workbook.sheet_run", "zh")].iter_rows(min_row=2, values_only=True))
    dependence = run[label("workbook.run_dependence", "zh")]
    assert dependence.startswith("组内指标趋势相关（单因子高斯连接函数")
    assert run[label("workbook.run_reading", "zh")] == label("cagr", "zh")
    params = {
        r[1]
        for r in book[label("workbook.sheet_assumptions", "zh")].iter_rows(
            min_row=2, values_only=True
        )
    }
    assert not any(str(p).startswith(("logit", "Copula")) for p in params)
