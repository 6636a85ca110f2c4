"""A scenario as an Excel workbook: its sheets and columns, written from and read into plain data.

The workbook a planner edits holds one sheet per part of a scenario, with headers in English or
Chinese (both are read back)::

    sheet (en / zh)                      one row per                          read back
    assumptions / 假设                    parameter of an indicator            yes
    indicator models / 指标模型           indicator: model, programme          yes
    funding / 资金                        funding programme (money in 万元)    yes
    dependence / 指标间相关               group of correlated indicators       yes
    scenario / 情景设置                   setting: name, plan, years, draws    yes
    target readings / 目标解读            target read another way              yes (if present)
    unmodelled indicators / 未建模指标    indicator left out, with the reason  yes (if present)
    changes / 修改记录                    input moved from the original        yes (a record)
    read me / 说明                        line of how to edit                  no
    as written / 写出时的情景 (hidden)    line of the scenario's YAML          compared

Indicators, parameters, programmes, targets, models, distributions, confidences and readings
are written as their labels and read back from a label in either language or from the id.
A column headed "... (not read)" / "...（仅供参考）", any other column and any other sheet
(the board and run sheets of ``ipsim run --format xlsx``, a user's own notes) are not read: a
workbook carries the user's own calculations beside the inputs, and reading them would make a
note change the scenario. A missing required column or sheet is an error.

:func:`scenario_sheets_of` makes the tables from the plain data of a scenario
(:func:`ipsim.scenario.to_dict`); :func:`scenario_raw_of` reads a workbook's bytes back into
that plain data and checks it with :func:`~ipsim.schema.scenario.check_scenario` through a
:class:`SheetChecker`, so each problem names the file, sheet, row and column::

    my.xlsx, sheet '假设', row 7, column D (分布): unknown distribution; expected one of ...

An edited workbook is marked as the explorer marks a moved control. The settings sheet shows
the sha256 of the scenario written and a hidden sheet holds its canonical YAML (whose sha256
that is, else it is ignored). Every input read (a value of the scenario file by its dotted path,
``funding.creation.multiple``, ``indicators.patents.growth.mean``) is compared with the YAML's,
numbers to the 16 significant digits a cell keeps. If one differs, the scenario read is named
and titled as modified (`` (modified)``, ``（已修改）``) and its ``modified`` record holds the
original's name and sha256 and one change per input, from the value written to the value read
(an input absent on one side shows ``—``); a scenario already modified keeps its original and
merges the changes. A new name, title or description alone is no modification, and an untouched
workbook gives back the numbers as written, exactly. A workbook without the record (written by
an older ipsim) is read as it stands.

A formula is read by the value Excel saved with it; a formula without one (a workbook written
by a program and never opened in Excel) is an error. A bundled plan is written as its title;
money is written in 万元 and read back to the fen; numbers keep the 16 significant digits
openpyxl writes (``"%.16g"``), so a round trip returns the scenario exactly, except that a
figure of 17 significant digits (a fitted one) comes back rounded to 16.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ipsim._yaml import Path, YamlError, read_yaml
from ipsim.distributions import DISTRIBUTIONS
from ipsim.errors import IpsimError, ScenarioError
from ipsim.i18n import LABELS, Lang, label
from ipsim.models import MODELS
from ipsim.schema.checker import Checker, dotted, quote_choices, suggestion
from ipsim.schema.scenario import (
    CONFIDENCES,
    OTHERS,
    READINGS,
    SCENARIO_SCHEMA,
    check_scenario,
    resolve_plan,
)

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.plan import Plan

__all__ = [
    "HIDDEN",
    "MAX_WORKBOOK_BYTES",
    "WORKBOOK_SUFFIXES",
    "SheetChecker",
    "scenario_raw_of",
    "scenario_sheets_of",
]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
"""File endings read as a scenario workbook (the older binary ``.xls`` is not read)."""
MAX_WORKBOOK_BYTES = 1_000_000
"""Largest scenario workbook read, in bytes: the explorer's upload limit (a scenario workbook
written by ipsim is about 20 KB)."""
MAX_UNZIPPED_BYTES = 20_000_000
"""Largest total size of a workbook's members once unzipped (refused before any XML is read)."""
MAX_ROWS = 2_000
"""Rows read from one sheet (a scenario has a few hundred)."""
WAN = 1e4
"""Yuan in 万元: money is written and read in 10k yuan."""
HIDDEN = "<hidden sheet>"
"""Key of a sheet's number formats that hides the sheet (:func:`ipsim.views.workbook.write_workbook`)."""
_NAME_KEYS = ("name", "title_zh", "title_en", "description")
"""Keys that name a scenario rather than set an input."""
NO_VALUE = "\u2014"
"""A change's side where the input is absent (a parameter of another distribution)."""

SHEETS = (
    "assumptions",
    "models",
    "funding",
    "dependence",
    "settings",
    "readings",
    "unmodelled",
    "changes",
)
_REQUIRED_SHEETS = ("assumptions", "models", "settings")
SETTINGS = (
    "name",
    "title_zh",
    "title_en",
    "description",
    "plan",
    "base_year",
    "horizon",
    "draws",
    "seed",
    "reading",
    "original",
    "original_sha256",
    "written_sha256",
)
"""The rows of the settings sheet; ``written_sha256`` (the sha256 of the scenario as written,
which tells an edited workbook from an untouched one) is written for the reader, not read."""
_WHOLE_SETTINGS = ("base_year", "horizon", "draws", "seed")
_INDICATOR_KEYS = ("model", "baseline", "programme", "fitted", "rationale")


def dist_params() -> tuple[str, ...]:
    """The parameters of every registered distribution, each once (the common ones first).

    Examples
    --------
    >>> dist_params()[:7]
    ('mean', 'sd', 'median', 'sigma', 'low', 'mode', 'high')
    """
    seen: dict[str, None] = dict.fromkeys(("mean", "sd", "median", "sigma", "low", "mode", "high"))
    for family in DISTRIBUTIONS.values():
        seen.update(dict.fromkeys(family.params))
    return tuple(seen)


def _columns(sheet: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The (required, optional) columns of a sheet (``unit`` is written, not read)."""
    return {
        "assumptions": (
            ("indicator", "parameter", "distribution", "value"),
            (*dist_params(), "year", "confidence", "source", "rationale"),
        ),
        "models": (("indicator", "model"), ("programme", "fitted", "rationale")),
        "funding": (
            ("programme",),
            ("reference_cny", "multiple", "from_year", "year_values", "source", "rationale"),
        ),
        "dependence": (
            ("group", "correlation"),
            ("indicators", "range_low", "range_high", "source"),
        ),
        "settings": (("item", "value"), ()),
        "readings": (("target", "reading"), ()),
        "unmodelled": (("indicator", "reason"), ()),
        "changes": (("input", "from", "to"), ()),
    }[sheet]


def header(key: str, lang: Lang) -> str:
    """The header of a column ``key`` in ``lang`` (money names its unit, 万元).

    Examples
    --------
    >>> header("reference_cny", "zh"), header("sigma", "en")
    ('年度参考预算（万元）', 'sigma (sd of log)')
    """
    if key == "reference_cny":
        name = label("workbook.col_reference_cny", lang)
        return label("workbook.header_unit", lang, name=name, unit=label("workbook.wan", lang))
    if f"workbook.dp.{key}" in LABELS:
        return label(f"workbook.dp.{key}", lang)
    return label(f"workbook.col_{key}", lang)


def _reference(key: str, lang: Lang) -> str:
    """The header of a column written for the reader only."""
    return label("workbook.reference_col", lang, name=label(f"workbook.col_{key}", lang))


def _named(prefix: str, ident: str, lang: Lang) -> str:
    """The label of an id (``workbook.param.growth``), or the id where none is defined."""
    key = f"{prefix}{ident}"
    return label(key, lang) if key in LABELS else ident


def _names_in(text: str) -> list[str]:
    """The names in a cell listing several: split at the list separators of both languages
    (``; `` and the enumeration comma), a semicolon or a new line."""
    marks = {label("plan.agency_separator", lang).strip() for lang in ("en", "zh")} | {";", "\n"}
    pattern = "|".join(re.escape(m) for m in sorted(marks))
    return [
        name.strip()
        for name in re.split(pattern, unicodedata.normalize("NFKC", text))
        if name.strip()
    ]


def _normal(text: str) -> str:
    """A cell's text as compared: trimmed, case-folded, full-width forms (（）；) as half-width."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


# -- writing: the plain data of a scenario as tables ---------------------------------------------
def scenario_sheets_of(
    raw: Mapping[str, Any], plan: Plan, lang: Lang = "en", *, written_sha256: str | None = None
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Return the sheets (name -> table) and number formats of a scenario's plain data.

    Parameters
    ----------
    raw : mapping
        The plain data of a valid scenario (:func:`ipsim.scenario.to_dict`).
    plan : Plan
        The plan it refers to (for the labels of indicators, programmes and targets).
    lang : {"en", "zh"}
    written_sha256 : str, optional
        The scenario's sha256, shown in the settings sheet (not read back as an input).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario, to_dict
    >>> s = load_scenario("baseline")
    >>> sheets, formats = scenario_sheets_of(to_dict(s), s.load_plan(), "zh")
    >>> list(sheets)[:3], list(sheets["假设"].columns[:4])
    (['假设', '指标模型', '资金'], ['指标', '参数', '单位（仅供参考）', '分布'])
    """
    import pandas as pd

    parts = {
        "assumptions": _assumption_rows(raw, plan, lang),
        "models": _model_rows(raw, plan, lang),
        "funding": _funding_rows(raw, plan, lang),
        "dependence": _dependence_rows(raw, plan, lang),
        "settings": _setting_rows({**raw, "written_sha256": written_sha256}, plan, lang),
        "readings": _reading_rows(raw, plan, lang),
        "unmodelled": [
            {"indicator": plan.indicator(i).label(lang), "reason": why}
            for i, why in (raw.get("unmodelled") or {}).items()
        ],
        "changes": [
            {"input": c["input"], "from": c["from"], "to": c["to"]}
            for c in (raw.get("modified") or {}).get("changes") or ()
        ],
    }
    sheets: dict[str, pd.DataFrame] = {}
    for key, rows in parts.items():
        if rows or key not in ("readings", "unmodelled", "changes"):
            columns = _written_columns(key, raw)
            frame = pd.DataFrame(rows, columns=columns, dtype=object)
            sheets[label(f"workbook.sheet_{key}", lang)] = frame.rename(
                columns={c: _written_header(c, lang) for c in columns}
            )
    readme = label("workbook.sheet_readme", lang)
    sheets[readme] = pd.DataFrame({label("workbook.col_readme", lang): [_readme(lang)]})
    return sheets, _formats(raw, lang)


def _written_columns(sheet: str, raw: Mapping[str, Any]) -> list[Any]:
    """The columns a sheet is written with, in order (funding adds one per year)."""
    required, optional = _columns(sheet)
    if sheet == "assumptions":
        return ["indicator", "parameter", "unit", *required[2:], *optional]
    if sheet == "funding":
        years = _funding_years(raw)
        return ["programme", *optional[:4], *years, "source", "rationale"]
    return [*required, *optional]


def _written_header(key: Any, lang: Lang) -> Any:
    if isinstance(key, int):
        return key  # a year column of the funding sheet
    if key == "unit":
        return _reference(key, lang)
    if key == "reference_cny":
        return label("workbook.col_reference_cny", lang)  # the writer adds the unit
    return header(key, lang)


def _funding_years(raw: Mapping[str, Any]) -> list[int]:
    """Every year a lever may name: after the base year to the horizon, and any it names."""
    years = set(range(int(raw["base_year"]) + 1, int(raw["horizon"]) + 1))
    for lever in (raw.get("funding") or {}).values():
        for key in ("multiple", "schedule_cny"):
            if isinstance(lever.get(key), Mapping):
                years.update(int(y) for y in lever[key])
    return sorted(years)


def _formats(raw: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Years as plain whole numbers, money in 万元 (per row in the year columns)."""
    funding = raw.get("funding") or {}
    per_row = ["wan" if lever.get("schedule_cny") else "General" for lever in funding.values()]
    settings = ["0" if k in ("base_year", "horizon", "seed") else "General" for k in SETTINGS]
    return {
        label("workbook.sheet_assumptions", lang): {header("year", lang): "0"},
        label("workbook.sheet_funding", lang): {
            label("workbook.col_reference_cny", lang): "wan",
            header("from_year", lang): "0",
            **dict.fromkeys(_funding_years(raw), per_row),
        },
        label("workbook.sheet_settings", lang): {header("value", lang): settings},
    }


def _value_cells(value: Any, lang: Lang) -> dict[str, Any]:
    """A number or ``{dist: ...}`` as the cells distribution, value and the parameters."""
    if isinstance(value, Mapping):
        cells = {k: v for k, v in value.items() if k != "dist"}
        return {"distribution": _named("workbook.dist.", value["dist"], lang), **cells}
    if value is None:
        return {}
    return {"distribution": label("workbook.dist.fixed", lang), "value": value}


def _assumption_rows(raw: Mapping[str, Any], plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for ident, item in raw["indicators"].items():
        indicator = plan.indicator(ident)
        name, unit = indicator.label(lang), indicator.unit(lang)
        base = item["baseline"]
        rows.append(
            {
                "indicator": name,
                "parameter": label("workbook.param.baseline", lang),
                "unit": unit,
                **_value_cells(base.get("value"), lang),
                "year": base["year"],
                "confidence": label(base["confidence"], lang),
                "source": base.get("source"),
                "rationale": base.get("rationale"),
            }
        )
        for year, value in (base.get("history") or {}).items():
            history = label("workbook.param.history", lang)
            rows.append(
                {"indicator": name, "parameter": history, "unit": unit, "year": year}
                | _value_cells(value, lang)
            )
        specs = {p.name: p for p in MODELS[item["model"]].params}
        for param, value in item.items():
            if param in _INDICATOR_KEYS:
                continue
            unit = specs[param].unit(lang) if param in specs else ""
            unit = label("workbook.unit_years", lang) if param == "lag" else unit
            rows.append(
                {
                    "indicator": name,
                    "parameter": _named("workbook.param.", param, lang),
                    "unit": unit,
                }
                | _value_cells(value, lang)
            )
    return rows


def _model_rows(raw: Mapping[str, Any], plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    join = label("plan.agency_separator", lang)
    rows = []
    for ident, item in raw["indicators"].items():
        programme = item.get("programme")
        fitted = [_named("workbook.param.", p, lang) for p in item.get("fitted") or ()]
        rows.append(
            {
                "indicator": plan.indicator(ident).label(lang),
                "model": _named("workbook.model.", item["model"], lang),
                "programme": None if programme is None else _programme_label(plan, programme, lang),
                "fitted": join.join(fitted) or None,
                "rationale": item.get("rationale"),
            }
        )
    return rows


def _programme_label(plan: Plan, ident: str, lang: Lang) -> str:
    found = [p for p in plan.funding_programmes if p.id == ident]
    return found[0].label(lang) if found else ident


def _funding_rows(raw: Mapping[str, Any], plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for programme, lever in (raw.get("funding") or {}).items():
        row: dict[Any, Any] = {
            "programme": _programme_label(plan, programme, lang),
            "reference_cny": lever.get("reference_cny"),
            "from_year": lever.get("from_year"),
            "source": lever.get("source"),
            "rationale": lever.get("rationale"),
        }
        multiple, schedule = lever.get("multiple"), lever.get("schedule_cny")
        if schedule is not None:
            row["year_values"] = label("workbook.year_budget", lang)
            row.update({int(y): v for y, v in schedule.items()})
        elif isinstance(multiple, Mapping):
            row["year_values"] = label("workbook.year_multiple", lang)
            row.update({int(y): v for y, v in multiple.items()})
        else:
            row["multiple"] = multiple
        rows.append(row)
    return rows


def _dependence_rows(raw: Mapping[str, Any], plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    dependence = raw.get("dependence") or {}
    groups = [
        *dependence.get("groups", ()),
        *([dependence["others"]] if "others" in dependence else []),
    ]
    join = label("plan.agency_separator", lang)
    return [
        {
            "group": group.get("name") or label("workbook.others", lang),
            "indicators": join.join(
                plan.indicator(i).label(lang) for i in group.get("indicators", ())
            )
            or None,
            "correlation": group["correlation"],
            "range_low": group["range"][0],
            "range_high": group["range"][1],
            "source": group["source"],
        }
        for group in groups
    ]


def _setting_rows(raw: Mapping[str, Any], plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    from ipsim.plan import bundled_plans

    values = {**raw, **(raw.get("modified") or {})}
    rows = []
    for key in SETTINGS:
        value = values.get(key)
        if key == "reading" and value is not None:
            value = label(value, lang)
        if key == "plan" and value in bundled_plans():
            value = plan.title(lang)  # a bundled plan by its title, a plan file by its path
        rows.append({"item": label(f"workbook.set.{key}", lang), "value": value})
    return rows


def _reading_rows(raw: Mapping[str, Any], plan: Plan, lang: Lang) -> list[dict[str, Any]]:
    return [
        {"target": plan.target(t).label(lang), "reading": label(reading, lang)}
        for t, reading in (raw.get("target_readings") or {}).items()
    ]


def _readme(lang: Lang) -> str:
    sheets = [label(f"workbook.sheet_{k}", lang) for k in SHEETS if k != "changes"]
    quote = "\u201c{}\u201d" if lang == "zh" else "'{}'"
    join = label("plan.agency_separator", lang)
    return label(
        "workbook.readme",
        lang,
        sheets=join.join(quote.format(s) for s in sheets),
        value=header("value", lang),
        fixed=label("workbook.dist.fixed", lang),
        params=join.join(header(p, lang) for p in dist_params()),
        changes=label("workbook.sheet_changes", lang),
    )


# -- reading: a workbook back into the plain data of a scenario -----------------------------------
@dataclass(frozen=True)
class Cell:
    """Where a value was read: a sheet, a row and (for a value) a column with its header."""

    sheet: str
    row: int
    column: int | None = None
    header: str | None = None

    def where(self) -> str:
        """``sheet 'x', row 7, column D (header)``."""
        from openpyxl.utils import get_column_letter

        text = f"sheet {self.sheet!r}, row {self.row}"
        if self.column is not None:
            text += f", column {get_column_letter(self.column)}"
            text += f" ({self.header})" if self.header else ""
        return text


class SheetChecker(Checker):
    """A :class:`Checker` whose problems name the sheet, row and column a value was read from.

    ``cells`` maps a key path of the scenario's plain data to its :class:`Cell`; a problem at a
    path without a cell of its own is placed at its nearest ancestor's, with the path added.
    A path reported by the reader itself (an unknown label) is not reported again by the checks.

    Examples
    --------
    >>> check = SheetChecker("my.xlsx")
    >>> check.cells[("draws",)] = Cell("scenario", 9, 2, "value")
    >>> check.number("many", ("draws",))
    >>> check.problems
    ["my.xlsx, sheet 'scenario', row 9, column B (value): wrong type; expected a number, got 'many'"]
    """

    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self.cells: dict[Path, Cell] = {}
        self.reported: set[Path] = set()

    def where(self, path: Path) -> str:
        for cut in range(len(path), -1, -1):
            cell = self.cells.get(path[:cut])
            if cell is not None:
                tail = "" if cut == len(path) else f"{dotted(path)}: "
                return f"{self.filename}, {cell.where()}: {tail}"
        return f"{self.filename}: {dotted(path)}: "

    def problem(self, path: Path, what: str, **kwargs: Any) -> None:
        if not any(path[:cut] in self.reported for cut in range(len(path) + 1)):
            super().problem(path, what, **kwargs)

    def cell_problem(
        self, cell: Cell, what: str, *, path: Path | None = None, **kwargs: Any
    ) -> None:
        """Record a problem at ``cell``; with ``path``, the checks say nothing more there."""
        at = ("<cell>", cell.sheet, cell.row, cell.column or 0)
        self.cells[at] = cell
        super().problem(at, what, **kwargs)
        if path is not None:
            self.reported.add(path)


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its cells by column key, and where each is."""

    sheet: str
    number: int
    values: tuple[Any, ...]
    columns: Mapping[Any, int]
    headers: Mapping[int, str]

    def get(self, key: Any) -> Any:
        """The cell's value: text trimmed, an empty cell or text as ``None``."""
        column = self.columns.get(key)
        if column is None or column > len(self.values):
            return None
        value = self.values[column - 1]
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    def cell(self, key: Any = None) -> Cell:
        column = self.columns.get(key)
        return Cell(
            self.sheet, self.number, column, None if column is None else self.headers[column]
        )


@dataclass
class _Reader:
    """What a workbook is read with: the checker, the workbook's language, the plan's names."""

    check: SheetChecker
    lang: Lang
    plan: Plan | None = None
    made: dict[str, dict[str, str]] = field(default_factory=dict)
    written_sha256: str | None = None

    def lookup(self, row: Row, key: str, kind: str, path: Path) -> str | None:
        """The id a cell names (a label in either language, or the id); else a problem."""
        text = row.get(key)
        if text is None:
            return None
        if kind in ("indicator", "programme", "target") and self.plan is None:
            return str(text)  # the plan's own problem is reported by the checks
        found = self.choices(kind).get(_normal(str(text)))
        if found is None:
            shown = self.shown(kind)
            self.check.cell_problem(
                row.cell(key),
                f"unknown {kind}",
                expected=f"one of {quote_choices(shown)}",
                got=text,
                hint=suggestion(str(text), shown),
                path=path,
            )
        return found

    def pairs(self, kind: str) -> list[tuple[str, tuple[str, str]]]:
        """``(id, (English, Chinese))`` of every name of a kind."""
        plan = self.plan
        if kind in ("indicator", "programme", "target"):
            if plan is None:
                return []
            items: tuple[Any, ...] = {
                "indicator": plan.indicators,
                "programme": plan.funding_programmes,
                "target": plan.targets,
            }[kind]
            return [(i.id, (i.label_en, i.label_zh)) for i in items]
        if kind == "plan":
            from ipsim.plan import bundled_plans, load_plan

            plans = [load_plan(p) for p in bundled_plans()]
            return [(p.id, (p.title("en"), p.title("zh"))) for p in plans]
        keys = {
            "parameter": [(p, f"workbook.param.{p}") for p in _param_names()],
            "model": [(m, f"workbook.model.{m}") for m in MODELS],
            "distribution": [(d, f"workbook.dist.{d}") for d in ("fixed", *DISTRIBUTIONS)],
            "confidence": [(c, c) for c in CONFIDENCES],
            "reading": [(r, r) for r in READINGS],
            "setting": [(s, f"workbook.set.{s}") for s in SETTINGS],
            "kind of the year columns": [
                ("multiple", "workbook.year_multiple"),
                ("budget", "workbook.year_budget"),
            ],
            "group": [(OTHERS, "workbook.others")],
        }[kind]
        return [(i, (_named("", k, "en"), _named("", k, "zh"))) for i, k in keys]

    def choices(self, kind: str) -> dict[str, str]:
        """Text as written (normalised) -> id, for every name of a kind (made once)."""
        if kind not in self.made:
            self.made[kind] = {}
            for ident, (en, zh) in self.pairs(kind):
                for text in (ident, en, zh):
                    self.made[kind].setdefault(_normal(text), ident)
        return self.made[kind]

    def shown(self, kind: str) -> list[str]:
        """The names of a kind as the workbook's language writes them (for 'expected ...')."""
        return [names[self.lang == "zh"] for _, names in self.pairs(kind)]


def _param_names() -> list[str]:
    names = dict.fromkeys(["baseline", "history", "elasticity", "lag", "shock_loading"])
    for model in MODELS.values():
        names.update(dict.fromkeys(p.name for p in model.params))
    return list(names)


def _number(value: Any) -> Any:
    """A number typed as text (``'0.15'``, ``'1,600'``) as a number; anything else as it is."""
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    return value


def _whole(value: Any) -> Any:
    """A whole number stored as a float (Excel stores every number so) as an ``int``."""
    value = _number(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _text(value: Any) -> Any:
    """A number typed where text belongs (a name such as 2017) as its text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


def _money(value: Any) -> Any:
    """An amount in 万元 as yuan, to the fen."""
    value = _number(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * WAN, 2)
    return value


# -- the sheets, one reader each -------------------------------------------------------------------
def _read_settings(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    seen: set[str] = set()
    for row in rows:
        key = reader.lookup(row, "item", "setting", ("<setting>", row.number))
        value = row.get("value")
        if key is None:
            continue
        if key in seen:
            reader.check.cell_problem(
                row.cell("item"), "the setting appears twice", got=row.get("item")
            )
            continue
        seen.add(key)
        if key == "written_sha256":  # not an input: tells whether any input was changed
            reader.written_sha256 = None if value is None else str(value).strip()
            continue
        if value is None:
            continue
        if key == "reading":
            value = reader.lookup(row, "value", "reading", ("reading",)) or value
        if key == "plan":  # a bundled plan's title or id, else a plan file's path
            value = reader.choices("plan").get(_normal(str(value)), value)
        value = _whole(value) if key in _WHOLE_SETTINGS else value
        value = value if key in _WHOLE_SETTINGS or key == "reading" else _text(value)
        modified = key in ("original", "original_sha256")
        path: Path = ("modified", key) if modified else (key,)
        (raw.setdefault("modified", {}) if modified else raw)[key] = value
        reader.check.cells[path] = row.cell("value")


def _read_models(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    indicators = raw.setdefault("indicators", {})
    seen: set[str] = set()
    for row in rows:
        ident = reader.lookup(row, "indicator", "indicator", ("<models>", row.number))
        if ident is None:
            _empty_key(row, "indicator", reader)
            continue
        if ident in seen:
            reader.check.cell_problem(
                row.cell("indicator"), "the indicator appears twice", got=row.get("indicator")
            )
            continue
        seen.add(ident)
        path: Path = ("indicators", ident)
        item: dict[str, Any] = indicators.setdefault(ident, {})
        reader.check.cells[path] = row.cell("indicator")
        for key, kind in (("model", "model"), ("programme", "programme")):
            reader.check.cells[(*path, key)] = row.cell(key)
            found = reader.lookup(row, key, kind, (*path, key))
            if found is not None or row.get(key) is not None:
                item[key] = found or row.get(key)
        fitted = row.get("fitted")
        if fitted is not None:
            reader.check.cells[(*path, "fitted")] = row.cell("fitted")
            choices = reader.choices("parameter")
            item["fitted"] = [choices.get(_normal(p), p) for p in _names_in(str(fitted))]
        if row.get("rationale") is not None:
            item["rationale"] = _text(row.get("rationale"))
            reader.check.cells[(*path, "rationale")] = row.cell("rationale")


def _empty_key(row: Row, key: str, reader: _Reader) -> None:
    """A row with values but no name in its key column."""
    if row.get(key) is None and any(v not in (None, "") for v in row.values):
        reader.check.cell_problem(row.cell(key), "empty", expected=f"a {key}")


def _read_assumptions(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    indicators = raw.setdefault("indicators", {})
    seen: set[tuple[str, str]] = set()
    for row in rows:
        ident = reader.lookup(row, "indicator", "indicator", ("<assumptions>", row.number))
        param = reader.lookup(row, "parameter", "parameter", ("<assumptions>", row.number))
        if ident is None or param is None:
            _empty_key(row, "indicator" if ident is None else "parameter", reader)
            continue
        if (ident, param) in seen and param != "history":
            reader.check.cell_problem(
                row.cell("parameter"),
                "the parameter appears twice for this indicator",
                got=row.get("parameter"),
            )
            continue
        seen.add((ident, param))
        item = indicators.setdefault(ident, {})
        reader.check.cells.setdefault(("indicators", ident), row.cell("indicator"))
        _only_baseline(row, param, reader)
        if param in ("baseline", "history"):
            _read_baseline(row, param, reader, ("indicators", ident, "baseline"), item)
            continue
        path: Path = ("indicators", ident, param)
        value = _row_value(row, reader, path)
        item[param] = _whole(value) if param == "lag" else value


def _only_baseline(row: Row, param: str, reader: _Reader) -> None:
    """The baseline's own columns (year, confidence, source, rationale) on another row."""
    keys = {"baseline": (), "history": ("confidence", "source", "rationale")}.get(
        param, ("year", "confidence", "source", "rationale")
    )
    for key in keys:
        if row.get(key) is not None:
            reader.check.cell_problem(
                row.cell(key),
                f"only the row of the {label('workbook.param.baseline', reader.lang)!r} takes this",
                expected="an empty cell",
                got=row.get(key),
            )


def _read_baseline(row: Row, param: str, reader: _Reader, path: Path, item: dict[str, Any]) -> None:
    baseline = item.setdefault("baseline", {})
    if param == "history":
        year = _whole(row.get("year"))
        if not isinstance(year, int) or isinstance(year, bool):
            reader.check.cell_problem(
                row.cell("year"), "not a year", expected="a whole number such as 2015", got=year
            )
            return
        history = baseline.setdefault("history", {})
        history[year] = _row_value(row, reader, (*path, "history", year))
        return
    reader.check.cells[path] = row.cell("parameter")
    baseline["value"] = _row_value(row, reader, (*path, "value"))
    for key in ("year", "confidence", "source", "rationale"):
        reader.check.cells[(*path, key)] = row.cell(key)
    baseline["year"] = _whole(row.get("year"))
    confidence = reader.lookup(row, "confidence", "confidence", (*path, "confidence"))
    baseline["confidence"] = confidence or row.get("confidence")
    for key in ("source", "rationale"):
        if row.get(key) is not None:
            baseline[key] = _text(row.get(key))


def _row_value(row: Row, reader: _Reader, path: Path) -> Any:
    """The value of a row: a fixed number (or none), or ``{dist: ..., <its parameters>}``."""
    dist = reader.lookup(row, "distribution", "distribution", path)
    if dist is None and row.get("distribution") is not None:
        return None  # an unknown distribution, reported
    given = {p: row.get(p) for p in dist_params() if row.get(p) is not None}
    check = reader.check
    if dist in (None, "fixed"):
        for key in given:
            check.cell_problem(
                row.cell(key),
                "a fixed value takes no distribution parameter; clear the cell or choose a distribution",
                got=given[key],
            )
        check.cells[path] = row.cell("value")
        return _number(row.get("value"))
    check.cells[path] = check.cells[(*path, "dist")] = row.cell("distribution")
    if row.get("value") is not None:
        check.cell_problem(
            row.cell("value"),
            f"a distribution takes its parameters in their own columns ({', '.join(DISTRIBUTIONS[dist].params)}), not a value",
            got=row.get("value"),
        )
    value: dict[str, Any] = {"dist": dist}
    for key in DISTRIBUTIONS[dist].params:
        check.cells[(*path, key)] = (
            row.cell(key) if key in row.columns else row.cell("distribution")
        )
        if key in given:
            value[key] = _number(given[key])
    for key in set(given) - set(DISTRIBUTIONS[dist].params):
        check.cell_problem(
            row.cell(key),
            f"not a parameter of this distribution; expected only {', '.join(DISTRIBUTIONS[dist].params)}",
            got=given[key],
        )
    return value


def _read_funding(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    for row in rows:
        ident = reader.lookup(row, "programme", "programme", ("<funding>", row.number))
        if ident is None:
            _empty_key(row, "programme", reader)
            continue
        funding = raw.setdefault("funding", {})
        if ident in funding:
            reader.check.cell_problem(
                row.cell("programme"), "the programme appears twice", got=row.get("programme")
            )
            continue
        path: Path = ("funding", ident)
        reader.check.cells[path] = row.cell("programme")
        lever: dict[str, Any] = {}
        for key, read in (("reference_cny", _money), ("multiple", _number), ("from_year", _whole)):
            reader.check.cells[(*path, key)] = row.cell(key)
            if row.get(key) is not None:
                lever[key] = read(row.get(key))
        _read_years(row, reader, path, lever)
        for key in ("source", "rationale"):
            if row.get(key) is not None:
                lever[key] = _text(row.get(key))
        funding[ident] = lever


def _read_years(row: Row, reader: _Reader, path: Path, lever: dict[str, Any]) -> None:
    """The year columns: a multiple or a budget (万元) a year, as the kind column says."""
    years = {k: row.get(k) for k in row.columns if isinstance(k, int) and row.get(k) is not None}
    kind = reader.lookup(row, "year_values", "kind of the year columns", (*path, "multiple"))
    if not years:
        return
    if kind is None:
        if row.get("year_values") is None:
            reader.check.cell_problem(
                row.cell("year_values"),
                "the year columns are filled but not what they hold",
                expected=f"{label('workbook.year_multiple', reader.lang)!r} or "
                f"{label('workbook.year_budget', reader.lang)!r}",
            )
        return
    if kind == "multiple" and "multiple" in lever:
        reader.check.cell_problem(
            row.cell("multiple"),
            "a multiple for every year and one per year; give one or the other",
            got=lever["multiple"],
            path=(*path, "multiple"),
        )
        return
    key = "multiple" if kind == "multiple" else "schedule_cny"
    read = _number if kind == "multiple" else _money
    reader.check.cells[(*path, key)] = row.cell("year_values")
    for year in years:
        reader.check.cells[(*path, key, year)] = row.cell(year)
    lever[key] = {year: read(value) for year, value in years.items()}


def _read_dependence(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    for row in rows:
        name = row.get("group")
        if name is None:
            _empty_key(row, "group", reader)
            continue
        others = reader.choices("group").get(_normal(str(name))) == OTHERS
        dependence = raw.setdefault("dependence", {})
        if others:
            path: Path = ("dependence", "others")
            group: dict[str, Any] = dependence.setdefault("others", {})
        else:
            groups = dependence.setdefault("groups", [])
            path = ("dependence", "groups", len(groups))
            group = {"name": _text(name)}
            groups.append(group)
        reader.check.cells[path] = row.cell("group")
        _read_group(row, reader, path, group)


def _read_group(row: Row, reader: _Reader, path: Path, group: dict[str, Any]) -> None:
    members = row.get("indicators")
    if members is not None:
        choices = reader.choices("indicator")
        shown = reader.shown("indicator")
        names = _names_in(str(members))
        group["indicators"] = []
        for name in names:
            found = choices.get(_normal(name)) if reader.plan is not None else name
            if found is None:
                reader.check.cell_problem(
                    row.cell("indicators"),
                    "unknown indicator",
                    expected=f"one of {quote_choices(shown)}",
                    got=name,
                    hint=suggestion(name, shown),
                    path=(*path, "indicators"),
                )
            group["indicators"].append(found or name)
        reader.check.cells[(*path, "indicators")] = row.cell("indicators")
    for key in ("correlation", "source"):
        reader.check.cells[(*path, key)] = row.cell(key)
    group["correlation"] = _number(row.get("correlation"))
    group["range"] = [_number(row.get("range_low")), _number(row.get("range_high"))]
    reader.check.cells[(*path, "range")] = row.cell("range_low")
    reader.check.cells[(*path, "range", 0)] = row.cell("range_low")
    reader.check.cells[(*path, "range", 1)] = row.cell("range_high")
    group["source"] = _text(row.get("source"))


def _read_readings(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    for row in rows:
        target = reader.lookup(row, "target", "target", ("<readings>", row.number))
        if target is None:
            _empty_key(row, "target", reader)
            continue
        path: Path = ("target_readings", target)
        reader.check.cells[path] = row.cell("reading")
        reading = reader.lookup(row, "reading", "reading", path)
        raw.setdefault("target_readings", {})[target] = reading or row.get("reading")


def _read_unmodelled(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    for row in rows:
        ident = reader.lookup(row, "indicator", "indicator", ("<unmodelled>", row.number))
        if ident is None:
            _empty_key(row, "indicator", reader)
            continue
        reader.check.cells[("unmodelled", ident)] = row.cell("reason")
        raw.setdefault("unmodelled", {})[ident] = _text(row.get("reason"))


def _read_changes(rows: list[Row], reader: _Reader, raw: dict[str, Any]) -> None:
    changes: list[dict[str, Any]] = []
    for row in rows:
        path: Path = ("modified", "changes", len(changes))
        reader.check.cells[path] = row.cell("input")
        for key in ("input", "from", "to"):
            reader.check.cells[(*path, key)] = row.cell(key)
        changes.append(
            {"input": _text(row.get("input")), "from": row.get("from"), "to": row.get("to")}
        )
    if changes:
        raw.setdefault("modified", {})["changes"] = changes


_READERS = {
    "settings": _read_settings,
    "models": _read_models,
    "assumptions": _read_assumptions,
    "funding": _read_funding,
    "dependence": _read_dependence,
    "readings": _read_readings,
    "unmodelled": _read_unmodelled,
    "changes": _read_changes,
}


# -- the workbook --------------------------------------------------------------------------------
def scenario_raw_of(
    content: bytes,
    *,
    filename: str,
    base_dir: str | None = None,
    bundled_plan_only: bool = False,
) -> dict[str, Any]:
    """Read a scenario workbook's bytes into the plain data of a scenario, checked.

    Parameters
    ----------
    content : bytes
        The ``.xlsx`` file.
    filename : str
        Shown at the start of every problem.
    base_dir : str, optional
        The folder a plan given as a relative path is found from.
    bundled_plan_only : bool
        Refuse a plan that is not bundled with ipsim before any plan file is read (an upload
        must not make a server read its files).

    Returns
    -------
    dict
        What :func:`ipsim.scenario.from_dict` builds the scenario from.

    Raises
    ------
    ScenarioError
        If the file is not a readable workbook, lacks a sheet or column, or any value is
        wrong; every problem is listed, each naming the sheet, row and column.
    """
    sheets, lang, unsaved = _load_book(content, filename)
    written = sheets.pop("written", ("", []))[1]
    check = SheetChecker(filename)
    for cell in unsaved:
        check.cell_problem(
            cell, "a formula without a saved value: open and save the workbook in Excel"
        )
    check.raise_if_any(ScenarioError)  # until Excel has saved the values, nothing else is known
    reader = _Reader(check, lang)
    tables = {key: _rows_of(key, name, cells, check) for key, (name, cells) in sheets.items()}
    check.raise_if_any(ScenarioError)  # a sheet without its columns: the rest would echo it
    raw: dict[str, Any] = {"schema": SCENARIO_SCHEMA}
    _READERS["settings"](tables.get("settings") or [], reader, raw)
    if bundled_plan_only:
        _refuse_plan_files(raw.get("plan"), check)
    reader.plan = _plan_or_none(raw.get("plan"), base_dir)
    reader.made.clear()  # the plan's names are known now
    for key in SHEETS:
        if key != "settings":
            _READERS[key](tables.get(key) or [], reader, raw)
    check_scenario(raw, check, base_dir)
    check.raise_if_any(ScenarioError)
    return disclosed(raw, _written_raw(reader.written_sha256, written), reader.written_sha256)


def _written_raw(recorded: str | None, rows: list[tuple[Any, ...]]) -> dict[str, Any] | None:
    """The scenario as written (the hidden sheet's YAML under its header), if its sha256 is the
    one recorded; else ``None`` (no record, or one edited)."""
    lines = ["" if not row or row[0] is None else str(row[0]) for row in rows[1:]]
    text = "\n".join(lines) + "\n"
    if recorded is None or hashlib.sha256(text.encode("utf-8")).hexdigest() != recorded:
        return None
    try:
        value = read_yaml(text)[0]
    except YamlError:
        return None
    return value if isinstance(value, dict) else None


def disclosed(
    raw: dict[str, Any], written: Mapping[str, Any] | None, sha256: str | None = None
) -> dict[str, Any]:
    """``raw`` (a scenario read) marked as modified where an input differs from ``written``.

    Parameters
    ----------
    raw : dict
        The plain data read from the sheets.
    written : mapping or None
        The plain data of the scenario as written (``None``: no record, ``raw`` is returned).
    sha256 : str, optional
        The sha256 of the scenario as written (the original's, in the ``modified`` record).

    Examples
    --------
    >>> written = {"name": "a", "title_zh": "甲", "draws": 100, "funding": {"x": {"multiple": 1.0}}}
    >>> read = {**written, "funding": {"x": {"multiple": 1.5}}}
    >>> out = disclosed(read, written, "0" * 64)
    >>> out["name"], out["title_en"], out["title_zh"], out["modified"]["changes"]
    ('a (modified)', 'a (modified)', '甲（已修改）', [{'input': 'funding.x.multiple', 'from': 1.0, 'to': 1.5}])
    >>> disclosed(written, written) == written
    True
    """
    if written is None:
        return raw
    changes = input_changes(written, raw)
    if not changes:  # the numbers as written (all 17 digits), the names as read
        out = {k: v for k, v in written.items() if k not in _NAME_KEYS}
        return out | {k: raw[k] for k in _NAME_KEYS if k in raw}
    prior = written.get("modified")
    if prior is None:
        record = {"original": written["name"], "original_sha256": sha256, "changes": changes}
        en, zh = label("explorer.modified", "en"), label("explorer.modified", "zh")
        name = str(raw["name"])
        return raw | {
            "name": name + en,
            "title_en": (raw.get("title_en") or name) + en,
            "title_zh": (raw.get("title_zh") or name) + zh,
            "modified": record,
        }
    merged = {c["input"]: c for c in prior.get("changes") or ()}
    for c in changes:
        before = merged[c["input"]]["from"] if c["input"] in merged else c["from"]
        if _same(before, c["to"]):
            merged.pop(c["input"], None)
        else:
            merged[c["input"]] = {"input": c["input"], "from": before, "to": c["to"]}
    return raw | {"modified": {**prior, "changes": list(merged.values())}}


def input_changes(written: Mapping[str, Any], read: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each input of ``read`` that differs from ``written``, as ``{input, from, to}``.

    An input is a leaf of the plain data, named by its dotted path (list items by index);
    numbers are equal to 16 significant digits; names, titles, the description and the
    ``modified`` record are not inputs.

    Examples
    --------
    >>> a = {"name": "a", "indicators": {"p": {"growth": {"dist": "normal", "mean": 0.1}}}}
    >>> b = {"name": "b", "indicators": {"p": {"growth": {"dist": "fixed", "value": 0.1}}}}
    >>> [tuple(c.values()) for c in input_changes(a, b)]
    [('indicators.p.growth.dist', 'normal', 'fixed'), ('indicators.p.growth.mean', 0.1, '—'), ('indicators.p.growth.value', '—', 0.1)]
    >>> input_changes(a, {**a, "name": "c"})
    []
    """
    skip = (*_NAME_KEYS, "schema", "modified")
    before = _leaves({k: v for k, v in written.items() if k not in skip})
    after = _leaves({k: v for k, v in read.items() if k not in skip})
    return [
        {"input": key, "from": _shown(before.get(key)), "to": _shown(after.get(key))}
        for key in dict.fromkeys([*before, *after])
        if not _same(before.get(key), after.get(key))
    ]


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Dotted path -> value of every leaf of plain data."""
    if isinstance(value, Mapping):
        items: Any = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return {path: value}
    leaves: dict[str, Any] = {}
    for key, item in items:
        leaves.update(_leaves(item, f"{path}.{key}" if path else str(key)))
    return leaves


def _same(a: Any, b: Any) -> bool:
    """Equal values; numbers to 16 significant digits (what a cell keeps)."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    return math.isclose(a, b, rel_tol=1e-15) if numbers else bool(a == b)


def _shown(value: Any) -> Any:
    """A side of a change: a number, or a text (:data:`NO_VALUE` where there is none)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return NO_VALUE if value is None or str(value).strip() == "" else str(value)


def _refuse_plan_files(plan: Any, check: SheetChecker) -> None:
    """Raise unless ``plan`` names a bundled plan."""
    from ipsim.plan import bundled_plans

    if plan not in bundled_plans():
        check.problem(
            ("plan",),
            "a scenario read from an upload may name only a bundled plan",
            expected=f"one of {quote_choices(bundled_plans())}",
            got=plan,
        )
        check.raise_if_any(ScenarioError)


def _plan_or_none(plan: Any, base_dir: str | None) -> Plan | None:
    if not isinstance(plan, str):
        return None
    try:
        return resolve_plan(plan, base_dir)
    except IpsimError:
        return None  # the checks report it


def _rows_of(key: str, name: str, cells: list[tuple[Any, ...]], check: SheetChecker) -> list[Row]:
    """The rows under a sheet's header row (the first of ten naming the required columns)."""
    required, optional = _columns(key)
    known = {_normal(header(k, lang)): k for k in (*required, *optional) for lang in ("en", "zh")}
    years = key == "funding"
    at = next(
        (
            i
            for i, values in enumerate(cells[:10])
            if set(required) <= set(_header_columns(values, known, years))
        ),
        None,
    )
    if at is None:
        found = [str(v) for v in (cells[0] if cells else ()) if v not in (None, "")]
        names = [f"{header(k, 'en')!r} / {header(k, 'zh')!r}" for k in required]
        check.cell_problem(
            Cell(name, 1),
            "no header row naming the required columns",
            expected=", ".join(names),
            got=", ".join(found) or "an empty sheet",
        )
        return []
    columns = _header_columns(cells[at], known, years)
    headers = {c: str(cells[at][c - 1]).strip() for c in columns.values()}
    return [
        Row(name, at + 2 + i, tuple(values), columns, headers)
        for i, values in enumerate(cells[at + 1 :])
        if any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in values)
    ]


def _header_columns(values: tuple[Any, ...], known: dict[str, str], years: bool) -> dict[Any, int]:
    """Column key -> column number, for the headers in ``values`` that name a column."""
    columns: dict[Any, int] = {}
    for number, value in enumerate(values, start=1):
        if value is None:
            continue
        text = str(_whole(value)).strip()
        key: Any = known.get(_normal(text))
        if key is None and years and re.fullmatch(r"\d{4}", text):
            key = int(text)
        if key is not None:
            columns.setdefault(key, number)
    return columns


Sheets = dict[str, tuple[str, list[tuple[Any, ...]]]]


def _load_book(content: bytes, filename: str) -> tuple[Sheets, Lang, list[Cell]]:
    """The known sheets' cells (key -> (name, rows)), the workbook's language and the formula
    cells that hold no saved value."""
    _check_container(content, filename)
    book = _open(content, filename, data_only=False)
    names = {
        _normal(label(f"workbook.sheet_{k}", lang)): (k, lang)
        for k in (*SHEETS, "written")
        for lang in ("en", "zh")
    }
    sheets: Sheets = {}
    langs: list[str] = []
    formulas: list[Cell] = []
    for name in book.sheetnames:
        found = names.get(_normal(name))
        if found is None or found[0] in sheets:
            continue  # another sheet: the board of a run, the user's own notes
        rows, cells = _cells(book[name], name)
        sheets[found[0]] = (name, rows)
        langs.append(found[1])
        formulas += cells
    book.close()
    missing = [k for k in _REQUIRED_SHEETS if k not in sheets]
    if missing:
        wanted = ", ".join(
            f"{label(f'workbook.sheet_{k}', 'en')!r} / {label(f'workbook.sheet_{k}', 'zh')!r}"
            for k in missing
        )
        msg = (
            f"{filename}: not a scenario workbook: no sheet {wanted}; expected the sheets ipsim "
            f"writes (ipsim run --format xlsx), got {', '.join(repr(n) for n in book.sheetnames)}"
        )
        raise ScenarioError(msg)
    unsaved = _saved_values(content, filename, sheets, formulas) if formulas else []
    return sheets, "zh" if langs.count("zh") > langs.count("en") else "en", unsaved


def _saved_values(
    content: bytes, filename: str, sheets: Sheets, formulas: list[Cell]
) -> list[Cell]:
    """Put the value Excel saved in place of each formula; return the formulas without one."""
    book = _open(content, filename, data_only=True)
    for key, (name, _) in list(sheets.items()):
        sheets[key] = (name, _cells(book[name], name)[0])
    book.close()
    rows = {name: cells for name, cells in sheets.values()}
    unsaved = []
    for cell in formulas:
        values = rows[cell.sheet][cell.row - 1]
        column = cell.column or 0
        if column > len(values) or values[column - 1] is None:
            unsaved.append(cell)
    return unsaved


def _check_container(content: bytes, filename: str) -> None:
    """Refuse an empty, oversized or non-zip file, or one that unzips beyond the cap."""
    if not content:
        msg = f"{filename}: the file is empty; expected an Excel workbook (.xlsx) of a scenario"
        raise ScenarioError(msg)
    if len(content) > MAX_WORKBOOK_BYTES:
        msg = (
            f"{filename}: too large for a scenario workbook; expected at most "
            f"{MAX_WORKBOOK_BYTES:,} bytes, got {len(content):,}"
        )
        raise ScenarioError(msg)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(max(info.file_size, 0) for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        msg = f"{filename}: not an Excel workbook (.xlsx, a zip archive): {err}"
        raise ScenarioError(msg) from err
    if expanded > MAX_UNZIPPED_BYTES:
        msg = (
            f"{filename}: the workbook unzips to {expanded:,} bytes; a scenario workbook is read "
            f"only up to {MAX_UNZIPPED_BYTES:,}"
        )
        raise ScenarioError(msg)


def _open(content: bytes, filename: str, *, data_only: bool) -> Any:
    """The workbook, read-only: with the values Excel saved, or with the formulas."""
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except Exception as err:  # openpyxl raises many kinds on a damaged file
        msg = f"{filename}: not a readable Excel workbook ({type(err).__name__}: {err})"
        raise ScenarioError(msg) from err


def _cells(sheet: Any, name: str) -> tuple[list[tuple[Any, ...]], list[Cell]]:
    """The values of a sheet's first :data:`MAX_ROWS` rows (and 100 columns), and the cells
    holding a formula."""
    from itertools import islice

    rows, formulas = [], []
    for number, row in enumerate(islice(sheet.iter_rows(max_col=100), MAX_ROWS), start=1):
        rows.append(tuple(cell.value for cell in row))
        formulas += [
            Cell(name, number, column, None)
            for column, cell in enumerate(row, start=1)
            if getattr(cell, "data_type", None) == "f"
        ]
    return rows, formulas
