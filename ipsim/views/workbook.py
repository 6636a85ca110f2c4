"""Excel workbooks of ipsim's results: one sheet per table, numbers as numbers, nothing runs.

:func:`write_workbook` writes any tables (pandas frames) to an ``.xlsx`` file with openpyxl:
a bold, frozen header row with a filter, columns as wide as their text (a CJK character counts
twice), numbers stored as numbers with an Excel number format (``0.0%`` for shares and
probabilities, ``#,##0`` for counts), and every text cell stored as text: a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a string cell marked with Excel's
quote prefix, so Excel shows it and never runs it, even after the cell is edited.

Money: a column given in yuan with the kind ``"wan"`` or ``"yi"`` is divided by 10,000 or
100,000,000 and its header names the unit (``资助（万元）``), with the format ``#,##0.00``.
That is how Chinese statistical tables print amounts ("单位：万元"); Excel's own scaling by
trailing commas divides by thousands, not by 万 (10^4), and the digit-moving formats that fake
it show figures that cannot be summed the way they read.

The sheets of ``ipsim run``, ``compare``, ``goalseek`` and ``backtest`` are made by
:func:`run_sheets`, :func:`compare_sheets`, :func:`goalseek_sheets` and
:func:`backtest_sheets`, with Chinese headers and values under ``lang="zh"``. The inputs of a scenario alone, in sheets
a planner edits and ipsim reads back, are written by :func:`write_scenario_workbook`.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim._outputs import write_output
from ipsim.i18n import Lang, label
from ipsim.scenario_workbook import HIDDEN, scenario_sheets

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "backtest_sheets",
    "compare_sheets",
    "evaluate_sheets",
    "goalseek_sheets",
    "run_sheets",
    "scenario_workbook_bytes",
    "workbook_bytes",
    "write_scenario_workbook",
    "write_workbook",
]

FORMATS: dict[str, str] = {
    "percent": "0.0%",
    "count": "#,##0",
    "number": "#,##0.00",
    "general": "General",
    "wan": "#,##0.00",
    "yi": "#,##0.00",
}
"""The number formats by kind; any other string given as a kind is used as an Excel format."""

_SCALE = {"wan": 1e4, "yi": 1e8}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML cannot hold
_BAD_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60

Formats = Mapping[str, "str | Sequence[str]"]


def write_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    *,
    lang: Lang = "en",
    number_formats: Formats | None = None,
    force: bool = True,
) -> Path:
    """Write ``sheets`` (name -> table) to the workbook ``path``, whole or not at all.

    Parameters
    ----------
    sheets : mapping of str to pandas.DataFrame
        One sheet per table, in order; names are cut to Excel's 31 characters.
    path : str or pathlib.Path
        The ``.xlsx`` file to write.
    lang : {"en", "zh"}
        The language of the unit in the header of money columns.
    number_formats : mapping, optional
        Column name -> a kind of :data:`FORMATS` (or an Excel format), or a list with one per
        row (a column that mixes shares and counts); or sheet name -> such a mapping, for that
        sheet alone. Other numeric columns: ``#,##0`` for whole numbers of 1,000 or more,
        ``General`` otherwise. A sheet's mapping with the key
        :data:`~ipsim.scenario_workbook.HIDDEN` set to ``True`` hides that sheet.
    force : bool
        Replace an existing file (never a folder or a link).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import pandas as pd, tempfile, openpyxl
    >>> table = pd.DataFrame({"name": ["=1+1"], "p": [0.25], "n": [1600]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_workbook({"board": table}, f"{folder}/a.xlsx", number_formats={"p": "percent"})
    ...     sheet = openpyxl.load_workbook(path)["board"]
    ...     [(c.value, c.data_type, c.number_format) for c in sheet[2]]
    [('=1+1', 's', 'General'), (0.25, 'n', '0.0%'), (1600, 'n', '#,##0')]
    """
    data = workbook_bytes(sheets, lang=lang, number_formats=number_formats)
    return write_output(path, data, force=force, what="the workbook")


def workbook_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    lang: Lang = "en",
    number_formats: Formats | None = None,
) -> bytes:
    """Return the ``.xlsx`` content of :func:`write_workbook` (nothing written)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for name, frame in sheets.items():
        sheet = book.create_sheet(_sheet_name(name, used))
        formats = _formats_of(name, number_formats or {})
        _fill_sheet(sheet, frame, lang, formats)
        if formats.get(HIDDEN):
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _formats_of(sheet: str, number_formats: Mapping[str, Any]) -> dict[str, Any]:
    """The formats of one sheet: those for every sheet, then those given under its name."""
    formats = {k: v for k, v in number_formats.items() if not isinstance(v, Mapping)}
    return {**formats, **number_formats.get(sheet, {})}


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unused sheet name: no ``[]:*?/\\``, at most 31 characters."""
    base = _BAD_SHEET_NAME.sub("_", str(name)).strip("'")[:31] or "sheet"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    used.add(candidate.lower())
    return candidate


def _fill_sheet(sheet: Any, frame: pd.DataFrame, lang: Lang, formats: dict[str, Any]) -> None:
    """Header row (bold, frozen, filtered), then the rows, then the column widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths = []
    for col, name in enumerate(frame.columns, start=1):
        kind = formats.get(name)
        header = _header(str(name), kind, lang)
        cell = sheet.cell(row=1, column=col)
        _put(cell, header)
        cell.font = Font(bold=True)
        shown = [_display_width(header)]
        kinds = list(kind) if isinstance(kind, list | tuple) else [kind] * len(frame)
        for row, (value, row_kind) in enumerate(zip(frame[name].tolist(), kinds, strict=True), 2):
            shown.append(_put_value(sheet.cell(row=row, column=col), value, row_kind))
        widths.append(min(_MAX_WIDTH, max(shown) + 2))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(6, width)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"


def _header(name: str, kind: Any, lang: Lang) -> str:
    """The header of a column; a money column names its unit: ``funding (10k yuan)``."""
    if isinstance(kind, str) and kind in _SCALE:
        return label("workbook.header_unit", lang, name=name, unit=label(f"workbook.{kind}", lang))
    return name


def _put_value(cell: Any, value: Any, kind: str | None) -> int:
    """Write one value (a number typed and formatted, anything else as text); return the
    width it shows."""
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = "" if value is None else _text(value)
        if text:
            _put(cell, text)
        return _display_width(text)
    if isinstance(value, float) and not math.isfinite(value):
        return 0
    if kind in _SCALE:
        value = value / _SCALE[kind]  # type: ignore[index]
    fmt = FORMATS.get(kind or "", kind) if kind else _default_format(value)
    cell.value = value
    cell.number_format = fmt
    return len(_sample(value, fmt))


def _plain(value: Any) -> Any:
    """numpy scalars as Python numbers; pandas' missing values as None."""
    if value is None:
        return None
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _text(value: Any) -> str:
    """A text cell's content: lists as ``a;b``, booleans and other values as their text."""
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _put(cell: Any, text: str) -> None:
    """Store ``text`` as a string cell, never a formula; characters XML cannot hold escaped."""
    text = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    cell.value = text
    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; this keeps it text
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def _default_format(value: float) -> str:
    return FORMATS["count"] if float(value).is_integer() and abs(value) >= 1000 else "General"


def _sample(value: float, fmt: str) -> str:
    """Roughly the text Excel shows for ``value`` in ``fmt`` (for the column width)."""
    if fmt.endswith("%"):
        return f"{value:.1%}"
    if fmt.startswith("#,##0.00"):
        return f"{value:,.2f}"
    if fmt.startswith("#,##0"):
        return f"{value:,.0f}"
    return f"{value:.10g}"


def _display_width(text: str) -> int:
    """The width of ``text`` in a fixed-width font: wide (CJK) characters count twice.

    >>> _display_width("abc"), _display_width("基准")
    (3, 4)
    """
    from ipsim.views.text import display_width

    return max((display_width(line) for line in text.split("\n")), default=0)


# -- the sheets of the ipsim command -----------------------------------------------------------
def _percent_unit(unit: str) -> bool:
    return unit.startswith("fraction") or unit == "share"


def board_sheet(assessment: Any, lang: Lang = "en") -> tuple[pd.DataFrame, dict[str, Any]]:
    """The board as a table for a spreadsheet: one row per target, headed in ``lang``, targets
    by label, verdicts in words, the unit in the reader's terms, and its number formats; the
    target's code last (what a user types). ``ipsim run``'s board sheet and Chinese CSV.

    Examples
    --------
    >>> from ipsim.assess import assess
    >>> from ipsim.simulate import simulate
    >>> from ipsim.scenario import load_scenario
    >>> board = assess(simulate(load_scenario("baseline").with_run(draws=200, seed=1)))
    >>> frame, formats = board_sheet(board, "zh")
    >>> list(frame.columns[:3]), list(frame.columns[-1:])
    (['目标', '达成概率', '判断'], ['目标代码'])
    """
    frame = assessment.to_frame(lang)
    plan = assessment.result.scenario.load_plan()
    units = frame["unit"].tolist()
    kinds = [_row_kind(u, t) for u, t in zip(units, frame["threshold"], strict=True)]
    frame["unit"] = [
        _unit_text(u, k, plan.indicator(i), lang)
        for u, k, i in zip(units, kinds, frame["indicator"], strict=True)
    ]
    frame["verdict"] = frame["verdict_label"]
    frame["baseline_assumed"] = [_yes_no(bool(v), lang) for v in frame["baseline_assumed"]]
    names = {
        "label": "target",
        "p_met": "p_met",
        "verdict": "verdict",
        "median": "median",
        "p05": "p05",
        "p95": "p95",
        "threshold": "threshold",
        "unit": "unit",
        "lead_agency": "agency",
        "baseline_year": "baseline_year",
        "baseline_value": "baseline",
        "baseline_assumed": "assumed",
    }
    board: dict[str, Any] = {label("workbook.col_p_met", lang): "percent"}
    for key in ("median", "p05", "p95", "threshold"):
        board[label(f"workbook.col_{key}", lang)] = kinds
    board[label("workbook.col_baseline", lang)] = [  # a level, in the indicator's unit
        _baseline_kind(plan.indicator(i), b)
        for i, b in zip(frame["indicator"], frame["baseline_value"], strict=True)
    ]
    board[label("workbook.col_baseline_year", lang)] = "0"
    codes = frame["id"]
    frame = _renamed(frame, names, lang)
    frame[label("tables.col_target_id", lang)] = codes
    return frame, board


def sheet_as_csv(frame: pd.DataFrame, formats: Mapping[str, Any], lang: Lang) -> pd.DataFrame:
    """A sheet's frame as CSV shows it: money in the unit its row names (万元, 亿元) and
    shares in percent, since a CSV cell has no number format to do it; a column all in
    percent says so in its heading.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"p": [0.376], "median": [2.5e8]})
    >>> sheet_as_csv(frame, {"p": "percent", "median": ["yi"]}, "zh").iloc[0].tolist()
    [37.6, 2.5]
    >>> list(sheet_as_csv(frame, {"p": "percent"}, "zh").columns)
    ['p（%）', 'median']
    """
    import pandas as pd

    shown = frame.copy()
    factors = {**{k: 1 / v for k, v in _SCALE.items()}, "percent": 100.0}
    renamed = {}
    for column, kind in formats.items():
        if column not in shown.columns:
            continue
        kinds = [kind] * len(shown) if isinstance(kind, str) else list(kind)
        scale = [factors.get(k, 1.0) for k in kinds]
        if all(f == 1.0 for f in scale):
            continue
        values = pd.to_numeric(shown[column], errors="coerce") * scale
        shown[column] = values.round(10)
        if isinstance(kind, str) and kind == "percent":
            renamed[column] = label("tables.percent_heading", lang, name=column)
    return shown.rename(columns=renamed)


def run_sheets(assessment: Any, lang: Lang = "en") -> tuple[dict[str, Any], dict[str, Any]]:
    """The sheets of ``ipsim run --format xlsx`` and their number formats: the board, every
    input of the scenario in the sheets :func:`ipsim.scenario_workbook.read_scenario_workbook`
    reads back (so ``ipsim run this.xlsx`` reruns an edited copy), and the run's provenance.

    Examples
    --------
    >>> from ipsim.assess import assess
    >>> from ipsim.simulate import simulate
    >>> from ipsim.scenario import load_scenario
    >>> board = assess(simulate(load_scenario("baseline").with_run(draws=200, seed=1)))
    >>> sheets, formats = run_sheets(board, "zh")
    >>> list(sheets)
    ['目标看板', '假设', '指标模型', '资金', '指标间相关', '情景设置', '说明', '运行信息', '写出时的情景']
    >>> list(sheets["目标看板"].columns[:3])
    ['目标', '达成概率', '判断']
    """
    frame, board = board_sheet(assessment, lang)
    name = label("workbook.sheet_board", lang)
    inputs, input_formats = scenario_sheets(assessment.result.scenario, lang)
    formats = {name: board, **input_formats}
    written = label("workbook.sheet_written", lang)  # hidden: last
    sheets = {
        name: frame,
        **{k: v for k, v in inputs.items() if k != written},
        label("workbook.sheet_run", lang): _run_frame(assessment, lang),
        written: inputs[written],
    }
    return sheets, formats


def scenario_workbook_bytes(scenario: Any, lang: Lang = "en") -> bytes:
    """Return the ``.xlsx`` content of a scenario's inputs alone, in sheets a planner edits and
    :func:`ipsim.scenario_workbook.loads_scenario_workbook` reads back (nothing written).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> from ipsim.scenario_workbook import loads_scenario_workbook
    >>> s = load_scenario("high-funding")
    >>> loads_scenario_workbook(scenario_workbook_bytes(s, "zh"), filename="h.xlsx") == s
    True
    """
    sheets, formats = scenario_sheets(scenario, lang)
    return workbook_bytes(sheets, lang=lang, number_formats=formats)


def write_scenario_workbook(
    scenario: Any, path: str | Path, *, lang: Lang = "en", force: bool = True
) -> Path:
    """Write a scenario's inputs to the workbook ``path`` (see :func:`scenario_workbook_bytes`)."""
    data = scenario_workbook_bytes(scenario, lang)
    return write_output(path, data, force=force, what="the workbook")


def _row_kind(unit: str, threshold: float) -> str:
    """How a target's figures show: shares as percentages, yuan in 亿元 where the target is
    one or more, else in 万元, counts whole when
    the target is 100 or more, two decimals otherwise (12.5 applications per 10,000 people)."""
    if _percent_unit(unit):
        return "percent"
    if unit == "CNY":
        return "yi" if abs(threshold) >= 1e8 else "wan"
    return "count" if abs(threshold) >= 100 else "number"


def _baseline_kind(indicator: Any, value: float) -> str:
    """How an indicator's baseline level shows (a growth target's baseline is a count)."""
    if indicator.kind == "share":
        return "percent"
    unit = "CNY" if indicator.unit_en in ("CNY", "yuan") else "count"
    return _row_kind(unit, value if value == value else 0.0)


def _unit_text(unit: str, kind: str, indicator: Any, lang: Lang) -> str:
    """The unit a target's figures show in: ``%``, 10k or 100m yuan, or the indicator's."""
    if kind in ("percent", "wan", "yi"):
        return label(f"workbook.{kind}", lang)
    return str(indicator.unit(lang))


def _yes_no(flag: bool, lang: Lang) -> str:
    return label("workbook.yes" if flag else "workbook.no", lang)


def _run_frame(assessment: Any, lang: Lang) -> pd.DataFrame:
    """The run's provenance as item/value rows."""
    import pandas as pd

    from ipsim._version import __version__

    scenario = assessment.result.scenario
    dependence = scenario.dependence
    items = {
        "scenario": scenario.name,
        "title": scenario.title(lang),
        "sha256": scenario.sha256,
        "draws": int(scenario.draws),
        "seed": scenario.seed,
        "reading": label(scenario.reading, lang),
        "dependence": label("workbook.run_independent", lang)
        if dependence is None
        else label("workbook.run_copula", lang, groups=_groups_text(dependence, lang)),
        "version": __version__,
    }
    return pd.DataFrame(
        {
            label("workbook.col_item", lang): [label(f"workbook.run_{k}", lang) for k in items],
            label("workbook.col_value", lang): list(items.values()),
        }
    )


def _groups_text(dependence: Any, lang: Lang) -> str:
    """Each group of correlated indicators with its correlation: ``patent_filings=0.35; ...``."""
    groups = [(g.name, g.correlation) for g in dependence.groups]
    groups.append((label("workbook.others", lang), dependence.others.correlation))
    join = label("plan.agency_separator", lang)
    return join.join(f"{name}={correlation:g}" for name, correlation in groups)


def _renamed(frame: pd.DataFrame, names: Mapping[str, str], lang: Lang) -> pd.DataFrame:
    """The columns ``names`` (column -> label key) of ``frame``, headed by their labels."""
    kept = frame[[c for c in names if c in frame.columns]]
    return kept.rename(columns={c: label(f"workbook.col_{k}", lang) for c, k in names.items()})


def compare_sheets(result: Any, lang: Lang = "en") -> tuple[dict[str, Any], dict[str, Any]]:
    """The sheet of ``ipsim compare --format xlsx``: one row per (target, scenario), scenarios
    by the names the table gives them (in Chinese their titles).

    Examples
    --------
    >>> from ipsim.analysis.comparison import compare
    >>> sheets, _ = compare_sheets(compare("baseline", "high-funding", draws=200), "zh")
    >>> sheets["情景比较"]["情景"].unique().tolist()
    ['基准情景：按计划投入', '高投入情景：专项资金增加50%']
    """
    from ipsim.views.text import scenario_names

    frame = result.to_frame()
    frame["target"] = frame["label_zh" if lang == "zh" else "label_en"]
    frame["verdict"] = [label(v, lang) for v in frame["verdict"]]
    titles = dict(zip(result.names, scenario_names(result, lang), strict=True))
    frame["scenario"] = frame["scenario"].map(titles)  # as the table and the CSV name them
    names = {
        "target": "target",
        "scenario": "scenario",
        "p_met": "p_met",
        "verdict": "verdict",
        "median": "median",
        "d_p_met": "d_p_met",
        "d_median": "d_median",
    }
    formats = {
        label("workbook.col_p_met", lang): "percent",
        label("workbook.col_d_p_met", lang): "percent",
    }
    return {label("workbook.sheet_compare", lang): _renamed(frame, names, lang)}, formats


def goalseek_sheets(
    answers: Sequence[Any], scenario: Any = None, lang: Lang = "en"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The sheets of ``ipsim goalseek --format xlsx``: what it takes, and the answers with the
    funding elasticity at its 10th, 50th and 90th percentiles."""
    import pandas as pd

    frame = pd.concat([a.to_frame() for a in answers], ignore_index=True)
    frame["unit"] = frame["unit_zh" if lang == "zh" else "unit"]
    if scenario is not None:  # the targets, levers and notes in words, not ids
        _name_goalseek_rows(frame, answers, scenario, lang)
    frame["value"] = frame["value"].astype(object)
    unreachable = [a.value is None and not a.feasible for a in answers]
    frame.loc[unreachable, "value"] = label("gs_unreachable", lang)  # as the text table says
    names = {
        "target": "target",
        "lever": "lever",
        "probability": "probability",
        "value": "needed",
        "value_lo": "needed_lo",
        "value_hi": "needed_hi",
        "current_value": "now",
        "p_met_now": "p_now",
        "best_p_met": "best",
        "unit": "unit",
        "note": "note",
    }
    theta = {
        "target": "target",
        **{f"value_theta_p{q}": "theta_at" for q in (10, 50, 90)},
        "theta_share": "theta_share",
    }
    takes = _renamed(frame, names, lang)
    thetas = frame[[c for c in theta if c in frame.columns]].rename(
        columns={
            c: label("workbook.col_theta_at", lang, q=c[-2:])
            if c.startswith("value_theta")
            else label(f"workbook.col_{k}", lang)
            for c, k in theta.items()
        }
    )
    per_row = [_lever_format(a) for a in answers]
    formats: dict[str, Any] = {
        label(f"workbook.col_{k}", lang): "percent"
        for k in ("probability", "p_now", "best", "theta_share")
    }
    takes_name, theta_name = (
        label("workbook.sheet_takes", lang),
        label("workbook.sheet_theta", lang),
    )
    formats[takes_name] = {
        label(f"workbook.col_{k}", lang): per_row
        for k in ("needed", "needed_lo", "needed_hi", "now")
    }
    formats[theta_name] = {c: per_row for c in thetas.columns[1:-1]}
    return {takes_name: takes, theta_name: thetas}, formats


def _name_goalseek_rows(frame: Any, answers: Sequence[Any], scenario: Any, lang: Lang) -> None:
    """Targets by their text, levers by name (“no lever” where none), notes in ``lang``."""
    from ipsim.views.brief import lever_label
    from ipsim.views.text import goalseek_note

    plan = scenario.load_plan()
    frame["target"] = [plan.target(a.target).label(lang) for a in answers]
    frame["lever"] = [
        label("tables.no_lever", lang) if a.unit == "" else lever_label(a, scenario, lang)
        for a in answers
    ]
    if lang != "en":
        frame["note"] = [goalseek_note(a, lang) or None for a in answers]


def _lever_format(answer: Any) -> str:
    """The number format of a lever's settings: a growth rate in percent, a budget multiple
    to two decimals, an amount (a unit cost) in thousands."""
    if answer.is_growth_rate:
        return "percent"
    return "0.00" if str(answer.lever).startswith("funding.") else "#,##0.00"


def backtest_sheets(result: Any, lang: Lang = "en") -> tuple[dict[str, Any], dict[str, Any]]:
    """The sheets of ``ipsim backtest --format xlsx``: the scored points (indicators by name)
    and the share of actual figures inside the 50 % and 90 % intervals."""
    import pandas as pd

    points = result.to_frame()
    plan = result.assessment.result.scenario.load_plan()
    points["indicator"] = [plan.indicator(i).label(lang) for i in points["indicator"]]
    for column in ("inside50", "inside90"):
        points[column] = [_yes_no(bool(v), lang) for v in points[column]]
    keys = ("indicator", "year", "actual", "median", "lo50", "hi50", "lo90", "hi90")
    names = {k: k for k in (*keys, "inside50", "inside90", "pit", "crps")}
    coverage = pd.DataFrame(
        {
            label("workbook.col_interval", lang): [
                label("workbook.interval_of", lang, level=level) for level in result.coverage
            ],
            label("workbook.col_coverage", lang): list(result.coverage.values()),
        }
    )
    sheets = {
        label("workbook.sheet_points", lang): _renamed(points, names, lang),
        label("workbook.sheet_coverage", lang): coverage,
    }
    formats = {
        label("workbook.col_coverage", lang): "percent",
        label("workbook.col_year", lang): "0",
        label("workbook.col_pit", lang): "0.000",
    }
    return sheets, formats


def evaluate_sheets(result: Any, lang: Lang = "en") -> tuple[dict[str, Any], dict[str, Any]]:
    """The sheet of ``ipsim evaluate --format xlsx``: the mid-term evaluation, one row per
    target (its :meth:`~ipsim.analysis.evaluate.EvaluationResult.to_frame`), with progress,
    time elapsed and P(met) as percentages, and the releases' sheet when there are releases
    (:meth:`~ipsim.analysis.evaluate.EvaluationResult.releases_frame`)."""
    from ipsim.views.evaluation import evaluation_sheet_kinds, release_sheet_kinds

    def col(key: str) -> str:
        return label(f"evaluate.col.{key}", lang)

    frame = result.to_frame(lang)
    percent = ("progress", "elapsed", "p_met", "p_met_before", "p_met_after")
    formats: dict[str, Any] = {col(k): "percent" for k in percent}
    for key in ("base_year", "latest_year", "deadline"):
        formats[col(key)] = "0"
    kinds, frame[col("unit")] = evaluation_sheet_kinds(result, lang)  # 亿元, %, ...
    formats |= {col(k): kinds for k in ("base_value", "latest_value", "goal")}
    sheets = {label("workbook.sheet_evaluation", lang): frame}
    if result.releases:  # how P(met) moved with each release, on a sheet of its own
        releases = result.releases_frame(lang)
        formats[col("value")], releases[col("unit")] = release_sheet_kinds(result, lang)
        sheets[label("evaluate.sheet_releases", lang)] = releases
    return sheets, formats
