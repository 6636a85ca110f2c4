"""Observed data: the bundled table, unit conversion, qualifiers, conflicts, and bad files."""

import csv

import pandas as pd
import pytest

from ipsim.cli import main
from ipsim.errors import DataError
from ipsim.observed import (
    DEFAULT_RULE,
    OBSERVED_COLUMNS,
    flags_of,
    load_observed,
    parse_unit,
    read_observed,
)
from ipsim.plan import load_plan

from .conftest import SHARED

PLAN = load_plan("guangzhou-ip-2017-2020")
HEADER = ",".join(OBSERVED_COLUMNS)


def write(tmp_path, rows, name="data.csv", header=HEADER):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def row(
    indicator="invention_apps",
    year="2016",
    value="31892",
    unit="件",
    confidence="high",
    plan_indicator=None,
    scope="Guangzhou",
    url="http://example.gov.cn/x",
):
    plan_indicator = indicator if plan_indicator is None else plan_indicator
    return f"{indicator},{plan_indicator},{year},{value},{unit},{scope},A source,{url},a quote,{confidence}"


def test_bundled_table_keeps_every_row_with_its_source_quote_and_confidence():
    data = load_observed(PLAN)
    assert len(data) == 94
    assert data.frame["source_title"].ne("").all()
    assert set(data.frame["confidence"]) == {"high", "medium", "low"}
    if not (SHARED / "data" / "observed-to-2017.csv").exists():
        pytest.skip("../shared is not beside the checkout")
    with (SHARED / "data" / "observed-to-2017.csv").open(encoding="utf-8") as handle:
        original = list(csv.DictReader(handle))
    for mine, theirs in zip(data.frame.to_dict("records"), original, strict=True):
        for column in (
            "indicator",
            "plan_indicator",
            "scope",
            "source_title",
            "source_url",
            "quote",
            "confidence",
            "unit",
        ):
            assert mine[column] == theirs[column].strip(), (mine["line"], column)
        assert mine["value"] == float(theirs["value"])


def test_every_mapped_row_names_an_indicator_of_the_plan():
    read_observed(SHARED / "data" / "observed-to-2017.csv", plan=PLAN) if SHARED.exists() else None
    mapped = set(load_observed(PLAN).frame["plan_indicator"]) - {""}
    assert mapped <= {i.id for i in PLAN.indicators}


@pytest.mark.parametrize(
    ("text", "symbol", "factor", "note"),
    [
        ("亿元", "亿元", 1e8, ""),
        ("亿元 (Huangpu district)", "亿元", 1e8, "Huangpu district"),
        ("件 (48.8万)", "件", 1.0, "48.8万"),
        ("% yoy", "% yoy", 0.01, ""),
        ("件/万人", "件/万人", 1.0, ""),
        (
            "万元 per certified enterprise (5万元 per coaching agency)",
            "万元",
            1e4,
            "per certified enterprise (5万元 per coaching agency)",
        ),
    ],
)
def test_units_are_parsed_with_their_factor_and_note(text, symbol, factor, note):
    unit, found = parse_unit(text)
    assert (unit.symbol, unit.factor, found) == (symbol, factor, note)


def test_conversion_to_the_plans_unit_is_explicit(tmp_path):
    path = write(
        tmp_path,
        [
            row("patent_trade_volume", "2016", "5.5", "亿元"),
            row("agency_rate", "2016", "62.5", "%"),
            row("trademark_apps", "2016", "7.2", "万件"),
        ],
    )
    values = read_observed(path, plan=PLAN).select(PLAN).values.set_index("indicator")
    assert values.loc["patent_trade_volume", "value"] == pytest.approx(5.5e8)
    assert values.loc["patent_trade_volume", "conversion"] == "5.5 亿元 x 1e+08 = 550,000,000 元"
    assert values.loc["agency_rate", "value"] == pytest.approx(0.625)
    assert values.loc["agency_rate", "conversion"] == "62.5 % x 0.01 = 0.625 比例"
    assert values.loc["trademark_apps", "value"] == pytest.approx(72_000)


def test_qualified_rows_are_evidence_not_levels():
    picked = load_observed(PLAN).select(PLAN)
    skipped = picked.skipped.set_index("line")
    assert "partial year" in skipped.loc[60, "why"]  # patent transactions, Jan-Nov 2017
    assert "lower bound" in skipped.loc[65, "why"]  # 57 certified units, 'at least'
    assert "lower bound" in skipped.loc[69, "why"]  # 90,000 trademark registrations, estimate
    assert set(picked.values["indicator"]) == {"invention_apps"}


def test_conflicts_are_kept_and_the_stated_rule_picks_one():
    data = load_observed(PLAN)
    both = data.frame[
        (data.frame["plan_indicator"] == "invention_apps")
        & (data.frame["year"] == 2016)
        & (data.frame["scope"] == "Guangzhou")
    ]
    assert sorted(both["value"]) == [28526.0, 31891.0, 31892.0]
    default = data.select(PLAN)
    assert default.rule == DEFAULT_RULE
    assert default.series("invention_apps").set_index("year").loc[2016, "value"] == 31892.0
    choice = default.choices.iloc[0]
    assert (choice["indicator"], choice["year"], choice["candidates"], choice["chosen_line"]) == (
        "invention_apps",
        2016,
        3,
        11,
    )
    assert "highest confidence" in choice["reason"]
    assert "28,526 low" in choice["reason"]
    # the rule is configurable: the last high-confidence official figure, or file order alone
    assert (
        data.select(PLAN, rule=("confidence", "last"))
        .series("invention_apps")
        .set_index("year")
        .loc[2016, "value"]
        == 31891.0
    )
    assert (
        data.select(PLAN, rule=("first",))
        .series("invention_apps")
        .set_index("year")
        .loc[2016, "value"]
        == 28526.0
    )
    with pytest.raises(DataError, match="unknown conflict rule 'newest'"):
        data.select(PLAN, rule=("newest",))


def test_duplicate_conflicting_rows_in_a_user_file_are_resolved_as_stated(tmp_path):
    path = write(
        tmp_path,
        [
            row(value="30000", confidence="medium", url="http://news.example.com/a"),
            row(value="31000", confidence="high", url="http://news.example.com/b"),
            row(value="32000", confidence="high", url="http://www.example.gov.cn/c"),
        ],
    )
    picked = read_observed(path, plan=PLAN).select(PLAN)
    assert picked.series("invention_apps")["value"].tolist() == [32000.0]
    assert "chose 32,000 (line 4)" in picked.choices.iloc[0]["reason"]


def test_excel_files_read_like_csv(tmp_path):
    records = [row().split(","), row(year="2017", value="x").split(",")]
    frame = pd.DataFrame(records, columns=list(OBSERVED_COLUMNS)).astype(object)
    frame["year"] = [2016, 2017]
    frame.to_excel(tmp_path / "data.xlsx", index=False)
    with pytest.raises(DataError) as err:
        read_observed(tmp_path / "data.xlsx", plan=PLAN)
    assert err.value.problems == (
        f"{tmp_path / 'data.xlsx'}:3: column 'value': not a number; expected a number such as 36941 or 105.21, got 'x'",
    )
    frame.loc[1, "value"] = 36941
    frame.to_excel(tmp_path / "data.xlsx", index=False)
    assert read_observed(tmp_path / "data.xlsx", plan=PLAN).frame["value"].tolist() == [
        31892.0,
        36941.0,
    ]


BAD_FILES = {
    "missing_column": (
        lambda p: write(p, [row().rsplit(",", 1)[0]], header=HEADER.replace(",confidence", "")),
        ":1: missing column 'confidence'",
    ),
    "non_numeric_value": (
        lambda p: write(p, [row(value="about 3万")]),
        ":2: column 'value': not a number",
    ),
    "unit_after_number": (
        lambda p: write(p, [row(value="31892件")]),
        "write units in the 'unit' column",
    ),
    "unknown_unit": (lambda p: write(p, [row(unit="pcs")]), ":2: column 'unit': unknown unit"),
    "unknown_indicator": (
        lambda p: write(p, [row(plan_indicator="invention_app")]),
        ":2: column 'plan_indicator': not an indicator of plan 'guangzhou-ip-2017-2020'; expected empty or one of",
    ),
    "empty_file": (lambda p: write(p, [], header=""), ": the file is empty"),
    "header_only": (lambda p: write(p, []), ": no data rows below the header"),
    "wrong_encoding": (
        lambda p: (
            (p / "gbk.csv").write_bytes((HEADER + "\n" + row(scope="广州") + "\n").encode("gbk"))
            and p / "gbk.csv"
        ),
        "not utf-8 text",
    ),
    "year_out_of_range": (
        lambda p: write(p, [row(year="20016")]),
        ":2: column 'year': year out of range",
    ),
    "year_not_whole": (
        lambda p: write(p, [row(year="2016.5")]),
        ":2: column 'year': not a whole number",
    ),
    "two_missing_columns": (
        lambda p: write(p, ["x"], header=HEADER.replace("year", "yr").replace("value", "val")),
        ":1: missing columns 'year', 'value'; expected the columns",
    ),
    "duplicate_column": (
        lambda p: write(p, [row() + ",x"], header=HEADER + ",indicator"),
        ":1: column 'indicator' appears more than once",
    ),
    "unquoted_comma": (
        lambda p: write(p, [row().replace("a quote", "a quote, with a comma")]),
        ":2: 11 cells but the header has 10; a text holding commas",
    ),
    "unclosed_quote": (
        lambda p: write(p, ['"' + row()]),
        ":2: only 1 cell but the header has 10",
    ),
    "bad_confidence": (lambda p: write(p, [row(confidence="hgih")]), "Did you mean 'high'?"),
    "empty_scope": (lambda p: write(p, [row(scope="")]), ":2: column 'scope': empty"),
    # hostile values: each was an internal error (exit 1) or passed unnoticed
    "year_overflows_a_float": (
        lambda p: write(p, [row(year="1e400")]),
        ":2: column 'year': not a whole number; expected a year such as 2017, got '1e400'",
    ),
    "published_is_a_superscript_digit": (
        lambda p: write(p, [row() + ",²"], header=HEADER + ",published"),
        ":2: column 'published': not a date; expected empty, YYYY, YYYY-MM or YYYY-MM-DD with a "
        "year in 1949..2100, got '²'",
    ),
    "break_year_in_arabic_indic_digits": (
        lambda p: write(p, [row() + ",٢٠١٦"], header=HEADER + ",break_year"),
        ":2: column 'break_year': not a year",
    ),
    "cell_over_the_csv_field_limit": (
        lambda p: write(p, [row(), row(scope="x" * 140_000)]),
        ":3: a cell longer than 131,072 characters",
    ),
    "value_too_large_for_calibration": (
        lambda p: write(p, [row(value="1e308")]),
        ":2: column 'value': too large; expected at most 1e+15 items (1e+15 件), got '1e308'",
    ),
    "value_too_large_after_conversion": (
        lambda p: write(p, [row(value="2e7", unit="亿元")]),
        ":2: column 'value': too large; expected at most 1e+15 CNY (1e+07 亿元), got '2e7'",
    ),
    "negative_count": (
        lambda p: write(p, [row(value="-5")]),
        ":2: column 'value': negative, but a count in 件 cannot be below zero",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_rejected_with_file_line_and_column(tmp_path, case, capsys):
    make, fragment = BAD_FILES[case]
    path = make(tmp_path)
    with pytest.raises(DataError) as err:
        read_observed(path, plan=PLAN)
    message = "\n".join(err.value.problems)
    assert str(path) in message
    assert fragment.lower() in message.lower()
    # the CLI exits 2 with the message and no traceback, and writes nothing
    out = tmp_path / "out.yaml"
    assert main(["calibrate", str(path), "--plan", "guangzhou-ip-2017-2020", "-o", str(out)]) == 2
    stderr = capsys.readouterr().err
    assert fragment.lower() in stderr.lower()
    assert "Traceback" not in stderr
    assert not out.exists()


def test_wrong_encoding_says_how_to_fix_it(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "\n" + row(scope="广州") + "\n").encode("gbk"))
    with pytest.raises(DataError, match="save as 'CSV UTF-8', or pass encoding='gb18030'"):
        read_observed(path)
    assert read_observed(path, encoding="gb18030").frame["scope"].tolist() == ["广州"]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    path = write(tmp_path, [row(value="x"), row(unit="pcs"), row(year="1800")])
    with pytest.raises(DataError) as err:
        read_observed(path)
    assert [p.split(": column")[0].rsplit(":", 1)[1] for p in err.value.problems] == ["2", "3", "4"]


def test_an_excel_title_row_above_the_header_is_skipped(tmp_path):
    records = [["Guangzhou figures (title)", *[""] * 9], list(OBSERVED_COLUMNS), row().split(",")]
    pd.DataFrame(records).to_excel(tmp_path / "titled.xlsx", index=False, header=False)
    data = read_observed(tmp_path / "titled.xlsx", plan=PLAN)
    assert data.frame["line"].tolist() == [3]


@pytest.mark.parametrize(
    ("indicator", "unit", "flags"),
    [
        ("质押融资余额", "亿元", ()),  # a balance, not "more than"
        ("知识产权评估机构", "家", ()),  # 评估 is assessment, not an estimate
        ("patents insured over the year", "件", ()),
        ("fund (to be leveraged >=1:5)", "亿元", ()),  # a ratio, not a lower bound
        ("专利申请 (1～9月)", "件", ("partial_year",)),
        ("applications (January-September)", "件", ("partial_year",)),
        ("专利申请 (上半年)", "件", ("partial_year",)),
        ("subsidies (to end-Nov 2016)", "万元", ("partial_year",)),
        ("企业逾300家", "家", ("lower_bound",)),
        ("企业300多家", "家", ("lower_bound",)),
        ("registered trademarks growth rate", "%", ("growth_rate",)),
        ("发明专利申请 (+27.9% yoy)", "件", ()),  # a growth note beside a level
        ("apps (DERIVED: 31892 / Jan-Sep share)", "件", ("derived",)),  # how, not what
    ],
)
def test_flags_read_from_the_texts(indicator, unit, flags):
    parsed, _ = parse_unit(unit)
    assert flags_of(indicator, unit, parsed) == flags


def test_a_negative_growth_rate_is_still_read(tmp_path):
    path = write(
        tmp_path, [row(indicator="注册商标增长率", plan_indicator="", value="-3.5", unit="%")]
    )
    assert read_observed(path).frame["value"].tolist() == [-3.5]


def test_a_fifo_a_device_or_a_folder_is_refused_without_waiting(tmp_path):
    import os
    import subprocess
    import sys

    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    (tmp_path / "folder.csv").mkdir()
    for name, kind in [
        ("fifo.csv", "a named pipe (FIFO)"),
        ("zero.csv", "a character device"),
        ("folder.csv", "a folder"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "ipsim.cli", "validate", str(tmp_path / name)],
            capture_output=True,
            text=True,
            timeout=60,  # a hang fails here
            check=False,
        )
        assert done.returncode == 2
        assert (
            f"{tmp_path / name}: not a regular file ({kind}); expected a data file" in done.stderr
        )


def test_a_csv_over_the_size_cap_is_not_read(tmp_path, monkeypatch):
    import ipsim.observed

    monkeypatch.setattr(ipsim.observed, "TABLE_LIMIT", 1_000)
    path = write(tmp_path, [row()] * 20)
    with pytest.raises(
        DataError, match=r"too large \(0.0 MB\); a data file is read only up to 0.0 MB"
    ):
        read_observed(path)


def test_an_xlsx_that_unzips_beyond_the_cap_is_refused_before_parsing(tmp_path):
    import time
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    assert bomb.stat().st_size < 200_000
    start = time.perf_counter()
    with pytest.raises(DataError) as info:
        read_observed(bomb)
    assert time.perf_counter() - start < 2
    assert str(info.value) == (
        f"{bomb}: the workbook unzips to 60.0 MB; a data file is read only up to 50.0 MB "
        "(save the table alone, or as CSV)"
    )
    (tmp_path / "fake.xlsx").write_text("not a zip")
    with pytest.raises(DataError, match="not a readable Excel workbook"):
        read_observed(tmp_path / "fake.xlsx")


def test_an_xlsx_with_too_many_rows_is_refused(tmp_path, monkeypatch):
    import ipsim.observed

    monkeypatch.setattr(ipsim.observed, "MAX_ROWS", 5)
    frame = pd.DataFrame([dict(zip(OBSERVED_COLUMNS, row().split(","), strict=True))] * 8)
    frame.to_excel(tmp_path / "long.xlsx", index=False)
    with pytest.raises(DataError, match="the first sheet has more than 5 rows or 100 columns"):
        read_observed(tmp_path / "long.xlsx")
