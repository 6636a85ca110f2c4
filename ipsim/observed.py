"""Observed figures with their sources: reading, unit conversion, qualifiers and conflicts.

An observed-data table has one row per published figure, in these columns (CSV in UTF-8, or
the first sheet of an Excel file)::

    indicator       what was measured, as the source describes it (free text)
    plan_indicator  the plan indicator it measures, empty where it is only context
    year            the reference year (a whole number)
    value           the figure as published (a number; 36941 or 36,941)
    unit            its unit as published, optionally followed by a note: "亿元 (Jan-Nov only)"
    scope           where it was measured: the plan's own scope (e.g. Guangzhou) or another
                    (a province, the country) whose rows serve as priors and benchmarks only
    source_title    where it was read
    source_url      (optional) the address of the source
    quote           (optional) the sentence holding the number
    confidence      high | medium | low (| assumed: a value typed in, shown but never used
                    as an observation)
    published       (optional) when the figure was published: YYYY, YYYY-MM or YYYY-MM-DD
    period          (optional) the part of the year it covers, always from January (Chinese
                    releases are running totals): empty or the year for the full year, H1,
                    Q1..Q4 (Q3 is January to September), M01..M12 or M01-M09, "1-9月",
                    "上半年", "前三季度"; for a stock or a share the month's end ("9月底")

Every row is kept. Reading adds what the library needs to use a row honestly:

- the unit parsed against :data:`UNITS` (an unknown unit is an error), its dimension and the
  factor to the dimension's base unit, so ``105.21 亿元`` is ``10,521,000,000 CNY`` and the
  conversion is written out in the ``conversion`` column;
- ``flags`` read from the indicator and unit texts: ``lower_bound`` ("at least", "超", "余"),
  ``approximate`` ("约"), ``partial_year`` ("Jan-Sep", "as of end-Mar"), ``derived`` (worked out,
  not read), ``estimate``, ``growth_rate`` ("% yoy"); a lower bound, a partial year or a growth
  rate is evidence, not a full-year level, and is never used as one;
- ``official``: the source's address is a government site (``.gov.cn``, ``.gov``).

When several usable figures measure the same indicator, scope and year, all are kept and a
stated rule (:data:`DEFAULT_RULE`: highest confidence, then an official source, then the first
row in the file) picks one; :meth:`ObservedData.select` reports every such choice.

This module reads the files, holds the table and picks the figures; what a table may hold (its
columns, units, qualifiers) and the checks of its header and rows are in
:mod:`ipsim.schema.observed`, whose names are imported here and keep working as
``ipsim.observed.UNITS``, ``ipsim.observed.parse_unit`` and so on.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim._inputs import TABLE_LIMIT, check_workbook, read_bytes, shown_path
from ipsim.errors import DataArgumentError, DataError
from ipsim.schema.checker import quote_choices, suggestion

# what a table may hold, defined with its checks (re-exported under the names it always had)
from ipsim.schema.observed import BASE_UNIT as _BASE_UNIT
from ipsim.schema.observed import CONFIDENCE_RANK as CONFIDENCE_RANK
from ipsim.schema.observed import EXTRA_COLUMNS as EXTRA_COLUMNS
from ipsim.schema.observed import MAX_VALUE as MAX_VALUE
from ipsim.schema.observed import OBSERVED_COLUMNS as OBSERVED_COLUMNS
from ipsim.schema.observed import OPTIONAL_COLUMNS as OPTIONAL_COLUMNS
from ipsim.schema.observed import UNITS as UNITS
from ipsim.schema.observed import YEAR_RANGE as YEAR_RANGE
from ipsim.schema.observed import Records, Unit, check_records
from ipsim.schema.observed import flags_of as flags_of
from ipsim.schema.observed import is_flow_period as is_flow_period
from ipsim.schema.observed import is_official as is_official
from ipsim.schema.observed import month_of as month_of
from ipsim.schema.observed import parse_unit as parse_unit

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.plan import Plan

MAX_ROWS = 200_000
"""Most rows read from a sheet of an Excel workbook."""

UNUSABLE_FLAGS: tuple[str, ...] = ("lower_bound", "partial_year", "growth_rate")
"""Flags that make a row evidence rather than a full-year level."""

RULE_KEYS: dict[str, str] = {
    "confidence": "highest confidence",
    "official": "an official source (a government site)",
    "exact": "a figure read, not derived, approximate or estimated",
    "first": "the first row in the file",
    "last": "the last row in the file",
}
"""Criteria a conflict rule may chain, and how a report names them."""
DEFAULT_RULE: tuple[str, ...] = ("confidence", "official", "first")


def definition_of(indicator: str) -> str:
    """Return what a row measures without its notes: the text before the first bracket.

    Figures of different definitions (patents only, or patents and trademarks) are not one
    series; calibration fits one definition at a time.

    Examples
    --------
    >>> definition_of("invention_patent_applications (DERIVED: 31892/1.588)")
    'invention_patent_applications'
    """
    return re.split(r"\s*\(", indicator.strip(), maxsplit=1)[0]


@dataclass(frozen=True, eq=False)
class ObservedData:
    """Published figures with sources, parsed units and qualifiers, one row per figure.

    Build it with :func:`load_observed` (bundled tables) or :func:`read_observed` (your file).
    ``frame`` has the :data:`OBSERVED_COLUMNS` plus ``line`` (row in the file), ``where``
    (how reports cite the row: "line 11", or "actuals.csv line 5" for a second file), ``base_unit``,
    ``unit_note``, ``dimension``, ``factor``, ``flags`` (comma-separated) and ``official``;
    ``published`` holds the year of publication (0: not given) and ``published_month`` its
    month (0: not given), ``period`` the period code (``""``: the full year, ``"M06"``: January
    to June) and ``period_end`` its last month (12 for the full year).
    """

    frame: pd.DataFrame = field(repr=False)
    source: str

    def __len__(self) -> int:
        return len(self.frame)

    def until(self, year: int) -> ObservedData:
        """Return the rows with reference year <= ``year`` (what was known by then)."""
        return ObservedData(self.frame[self.frame["year"] <= year].copy(), self.source)

    def as_of(self, year: int) -> ObservedData:
        """Return the rows published by ``year``: what could have been known then.

        A row's ``published`` year is used when given; otherwise a flow or level is taken as
        published the year after its reference year, and a share two years after (shares of
        GDP come out late).

        Examples
        --------
        >>> data = load_observed("national-ip-2021-2025")
        >>> sorted(data.as_of(2021).frame["year"].unique().tolist())[-1]
        2020
        >>> int((data.as_of(2021).frame["plan_indicator"] == "copyright_share").sum())
        0
        """
        frame = self.frame
        lag = (frame["dimension"] == "fraction").map({True: 2, False: 1})
        published = frame["published"].where(frame["published"] > 0, frame["year"] + lag)
        return ObservedData(frame[published <= year].copy(), f"{self.source} as of {year}")

    def release_months(self) -> pd.Series:
        """Return when each row counts as published, as a month number ``year * 12 + month - 1``.

        The rule: a ``published`` date with a month counts from that month; a year alone from
        its December (the latest it can mean); an empty cell from the January after the
        reference year for a flow or level, two years after for a share (shares of GDP come out
        late), as :meth:`as_of` reads it.

        Examples
        --------
        >>> data = load_observed("guangzhou-ip-2017-2020")
        >>> months = data.release_months()
        >>> int(months.iloc[0]) == 2018 * 12 + 0, int(data.frame["year"].iloc[0])
        (True, 2017)
        """
        frame = self.frame
        lag = (frame["dimension"] == "fraction").map({True: 2, False: 1})
        given = frame["published"] > 0
        month = frame["published_month"].where(frame["published_month"] > 0, 12)
        explicit = frame["published"] * 12 + month - 1
        implied = (frame["year"] + lag) * 12
        return explicit.where(given, implied).astype(int)

    def published_by(self, year: int, month: int = 12) -> ObservedData:
        """Return the rows published by the end of ``month`` of ``year`` (see :meth:`release_months`).

        Examples
        --------
        >>> data = load_observed("guangzhou-ip-2017-2020")
        >>> len(data.published_by(2017, 12)) == len(data.as_of(2017)), len(data.published_by(1990))
        (True, 0)
        """
        keep = self.release_months() <= year * 12 + month - 1
        when = str(year) if month == 12 else f"{year}-{month:02d}"
        return ObservedData(self.frame[keep].copy(), f"{self.source} as of {when}")

    def combined(self, other: ObservedData) -> ObservedData:
        """Return this table's rows, then ``other``'s (cited with its file name), without repeats."""
        import pandas as pd

        if other.source == self.source:
            return self
        name = Path(other.source).name
        theirs = other.frame.assign(where=[f"{name} line {n}" for n in other.frame["line"]])
        frame = pd.concat([self.frame, theirs], ignore_index=True).drop_duplicates(
            subset=[
                "indicator",
                "plan_indicator",
                "year",
                "period",
                "value",
                "scope",
                "source_title",
            ]
        )
        return ObservedData(frame.reset_index(drop=True), f"{self.source} + {other.source}")

    def select(
        self,
        plan: Plan,
        *,
        scope: str | None = None,
        rule: Sequence[str] = DEFAULT_RULE,
    ) -> Selection:
        """Pick one full-year level per plan indicator and year of ``scope``, converted to the plan's unit.

        Parameters
        ----------
        plan : Plan
            Gives the indicators and their units.
        scope : str, optional
            Rows of this scope are observations; defaults to ``plan.scope``.
        rule : sequence of str
            Criteria from :data:`RULE_KEYS`, applied in order to choose among conflicting
            figures; ``"first"`` is appended when the rule does not end in a tie-breaker.

        Examples
        --------
        >>> from ipsim.plan import load_plan
        >>> plan = load_plan("guangzhou-ip-2017-2020")
        >>> picked = load_observed(plan).select(plan)
        >>> picked.series("invention_apps")[["year", "value", "confidence"]].to_dict("list")
        {'year': [2015, 2016, 2017], 'value': [20083.0, 31892.0, 36941.0], 'confidence': ['low', 'high', 'high']}
        >>> print(picked.choices.iloc[0]["reason"])
        3 figures (28,526 low; 31,892 high official; 31,891 high official); chose 31,892 (line 11): highest confidence, then an official source (a government site), then the first row in the file
        """
        import pandas as pd

        rule = _normalise_rule(rule)
        scope = scope or plan.scope
        if scope is None:
            msg = f"plan {plan.id!r} names no scope; pass scope= (a value of the 'scope' column)"
            raise DataError(msg)
        kept, skipped = _usable_rows(self.frame, plan, scope)
        values, choices = _pick(kept, plan, rule)
        every = [
            _picked(r.plan_indicator, int(r.year), [r], r, unit, r.value * r.factor / unit.factor)
            for r in kept
            for unit in [_plan_unit(plan, r.plan_indicator)]
        ]
        return Selection(
            scope=scope,
            rule=rule,
            values=pd.DataFrame(values, columns=_SELECTION_COLUMNS),
            choices=pd.DataFrame(choices, columns=_CHOICE_COLUMNS),
            skipped=pd.DataFrame(
                [_skipped(r, why) for r, why in skipped], columns=_SKIPPED_COLUMNS
            ),
            source=self.source,
            candidates=pd.DataFrame(every, columns=_SELECTION_COLUMNS),
            evidence=_evidence(skipped, plan),
        )

    def _repr_html_(self) -> str:
        return (
            f"<b>ObservedData</b> {self.source}: {len(self)} figures, "
            f"{self.frame['plan_indicator'].ne('').sum()} mapped to a plan indicator"
            + self.frame.head(20).to_html(index=False)
        )


_SELECTION_COLUMNS = [
    "indicator",
    "year",
    "value",
    "unit",
    "published",
    "conversion",
    "confidence",
    "flags",
    "line",
    "where",
    "source_title",
    "source_url",
    "quote",
    "candidates",
    "definition",
    "break_year",
]


_CHOICE_COLUMNS = ["indicator", "year", "candidates", "chosen", "chosen_line", "reason"]
_SKIPPED_COLUMNS = ["indicator", "year", "published", "line", "where", "why"]


@dataclass(frozen=True, eq=False)
class Selection:
    """One figure per (plan indicator, year) of one scope, and the record of how it was picked.

    ``values`` holds the picked figures in the plan's units with their sources and conversions;
    ``choices`` one row per conflict, saying which figure won and why; ``skipped`` the rows of
    the scope that are not full-year levels (lower bounds, partial years, growth rates) or whose
    unit does not convert to the plan's. ``candidates`` holds every full-year level before the
    pick (the columns of ``values``), so that a fit can keep to one source's series;
    ``evidence`` the skipped bounds and partial-year figures whose unit converts, in the plan's
    unit, with the month they are dated at (``month``: 11 for "by end-Nov"; 12 when no month is
    written), whether they are a ``lower_bound``, their ``definition``, and whether they are a
    ``flow`` over months of the year ("Jan-Sep") rather than a level at a date ("as of end-Mar").
    """

    scope: str
    rule: tuple[str, ...]
    values: pd.DataFrame = field(repr=False)
    choices: pd.DataFrame = field(repr=False)
    skipped: pd.DataFrame = field(repr=False)
    source: str = ""
    candidates: pd.DataFrame | None = field(default=None, repr=False)
    evidence: pd.DataFrame | None = field(default=None, repr=False)

    def series(self, indicator: str) -> pd.DataFrame:
        """Return one indicator's picked figures, sorted by year."""
        rows = self.values[self.values["indicator"] == indicator]
        return rows.sort_values("year").reset_index(drop=True)

    def describe_rule(self) -> str:
        """Name the rule in words."""
        return ", then ".join(RULE_KEYS[key] for key in self.rule)


def _normalise_rule(rule: Sequence[str]) -> tuple[str, ...]:
    keys = tuple(rule)
    for key in keys:
        if key not in RULE_KEYS:
            msg = (
                f"unknown conflict rule {key!r}; expected a sequence of {quote_choices(RULE_KEYS)}"
                + suggestion(key, RULE_KEYS)
            )
            raise DataArgumentError(msg)
    if not keys or keys[-1] not in ("first", "last"):
        keys = (*keys, "first")
    return keys


def _usable_rows(
    frame: pd.DataFrame, plan: Plan, scope: str
) -> tuple[list[Any], list[tuple[Any, str]]]:
    """Split the rows of ``scope`` mapped to the plan's indicators into full-year levels and
    the rest (each with why it is not usable)."""
    frame = frame.assign(seq=range(len(frame)))
    # rows mapped to another plan's indicators (a shared table) are not this plan's figures
    mine = frame[(frame["scope"] == scope) & frame["plan_indicator"].isin(plan.indicator_ids)]
    kept: list[Any] = []
    skipped: list[tuple[Any, str]] = []
    for row in mine.itertuples(index=False):
        why = _why_unusable(row, plan)
        if why:
            skipped.append((row, why))
        else:
            kept.append(row)
    return kept, skipped


def _pick(
    kept: list[Any], plan: Plan, rule: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Pick one row per (plan indicator, year) by ``rule``: the picked values, converted to the
    plan's unit, and one record per conflict."""
    groups: dict[tuple[str, int], list[Any]] = {}
    for row in kept:
        groups.setdefault((row.plan_indicator, int(row.year)), []).append(row)
    values, choices = [], []
    for (ident, year), rows in sorted(groups.items()):
        chosen = _choose(rows, rule)
        unit = _plan_unit(plan, ident)
        converted = chosen.value * chosen.factor / unit.factor
        values.append(_picked(ident, year, rows, chosen, unit, converted))
        if len(rows) > 1:
            choices.append(
                {
                    "indicator": ident,
                    "year": year,
                    "candidates": len(rows),
                    "chosen": converted,
                    "chosen_line": chosen.line,
                    "reason": _reason(rows, chosen, rule),
                }
            )
    return values, choices


def _picked(
    ident: str, year: int, rows: list[Any], chosen: Any, unit: Unit, converted: float
) -> dict[str, Any]:
    """The row of :attr:`Selection.values` for the figure picked among ``rows``."""
    return {
        "indicator": ident,
        "year": year,
        "value": converted,
        "unit": unit.symbol,
        "published": f"{_fmt(chosen.value)} {chosen.unit}",
        "conversion": _conversion(chosen, unit, converted),
        "confidence": chosen.confidence,
        "flags": chosen.flags,
        "line": chosen.line,
        "where": chosen.where,
        "source_title": chosen.source_title,
        "source_url": chosen.source_url,
        "quote": chosen.quote,
        "candidates": len(rows),
        "definition": chosen.definition or definition_of(chosen.indicator),
        "break_year": chosen.break_year,
    }


def _skipped(row: Any, why: str) -> dict[str, Any]:
    """The row of :attr:`Selection.skipped` for a row that is not a full-year level."""
    return {
        "indicator": row.plan_indicator,
        "year": int(row.year),
        "published": f"{_fmt(row.value)} {row.unit}",
        "line": row.line,
        "where": row.where,
        "why": why,
    }


_EVIDENCE_COLUMNS = [
    "indicator",
    "year",
    "month",
    "value",
    "lower_bound",
    "partial_year",
    "approximate",
    "where",
    "confidence",
    "published",
    "definition",
    "flow",
    "source_title",
    "period",
    "released",
    "line",
]


def _release_text(year: int, month: int) -> str:
    """A row's ``published`` date as written back: ``"2023-07"``, ``"2023"`` or ``""``."""
    if not year:
        return ""
    return f"{year}-{month:02d}" if month else str(year)


def _evidence(skipped: list[tuple[Any, str]], plan: Plan) -> pd.DataFrame:
    """The bounds and partial-year figures among the skipped rows, in the plan's unit."""
    import pandas as pd

    rows = []
    for row, _why in skipped:
        flags = set(row.flags.split(","))
        unit = _plan_unit(plan, row.plan_indicator)
        if not flags & {"lower_bound", "partial_year"} or row.dimension != unit.dimension:
            continue
        if "growth_rate" in flags or row.confidence == "assumed":
            continue
        text = f"{row.indicator} {row.unit}"
        month = row.period_end if row.period else month_of(text)
        flow = plan.indicator(row.plan_indicator).kind == "flow" if row.period else None
        rows.append(
            {
                "indicator": row.plan_indicator,
                "year": int(row.year),
                "month": 12 if month is None else month,
                "value": row.value * row.factor / unit.factor,
                "lower_bound": "lower_bound" in flags,
                "partial_year": "partial_year" in flags,
                "approximate": bool(flags & {"approximate", "estimate"}),
                "where": row.where,
                "confidence": row.confidence,
                "published": f"{_fmt(row.value)} {row.unit}",
                "definition": row.definition or definition_of(row.indicator),
                "flow": is_flow_period(text) if flow is None else flow,
                "source_title": row.source_title,
                "period": row.period,
                "released": _release_text(row.published, row.published_month),
                "line": row.line,
            }
        )
    return pd.DataFrame(rows, columns=_EVIDENCE_COLUMNS)


def _plan_unit(plan: Plan, indicator: str) -> Unit:
    unit_zh = plan.indicator(indicator).unit_zh
    return UNITS.get(unit_zh, Unit(unit_zh, "count", 1.0, unit_zh))


def _why_unusable(row: Any, plan: Plan) -> str | None:
    if row.confidence == "assumed":
        return "an assumed value, not an observation (state assumptions in the scenario)"
    flags = [f for f in row.flags.split(",") if f in UNUSABLE_FLAGS]
    if flags:
        return "not a full-year level: " + ", ".join(f.replace("_", " ") for f in flags)
    unit = _plan_unit(plan, row.plan_indicator)
    if row.dimension != unit.dimension:
        return (
            f"unit {row.base_unit} ({_BASE_UNIT.get(row.dimension, row.dimension)}) does not "
            f"convert to the plan's {unit.symbol} ({_BASE_UNIT.get(unit.dimension, unit.dimension)})"
        )
    return None


def _sort_key(row: Any, rule: tuple[str, ...]) -> tuple[float, ...]:
    key: list[float] = []
    for criterion in rule:
        if criterion == "confidence":
            key.append(-CONFIDENCE_RANK.get(row.confidence, 0))
        elif criterion == "official":
            key.append(0 if row.official else 1)
        elif criterion == "exact":
            inexact = {"derived", "approximate", "estimate"} & set(row.flags.split(","))
            key.append(1 if inexact else 0)
        elif criterion == "first":
            key.append(row.seq)
        else:
            key.append(-row.seq)
    return tuple(key)


def _choose(rows: list[Any], rule: tuple[str, ...]) -> Any:
    return min(rows, key=lambda row: _sort_key(row, rule))


def _reason(rows: list[Any], chosen: Any, rule: tuple[str, ...]) -> str:
    described = "; ".join(
        f"{_fmt(r.value)} {r.confidence}" + (" official" if r.official else "") for r in rows
    )
    words = ", then ".join(RULE_KEYS[key] for key in rule)
    return (
        f"{len(rows)} figures ({described}); chose {_fmt(chosen.value)} ({chosen.where}): {words}"
    )


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _conversion(row: Any, unit: Unit, converted: float) -> str:
    if row.factor == unit.factor and row.base_unit == unit.symbol:
        return "as published"
    return f"{_fmt(row.value)} {row.base_unit} x {row.factor / unit.factor:g} = {_fmt(converted)} {unit.symbol}"


# -- reading -------------------------------------------------------------------------------


def bundled_observed() -> tuple[str, ...]:
    """Names of the bundled observed-data tables.

    Examples
    --------
    >>> bundled_observed()
    ('national-history', 'observed-to-2017')
    """
    folder = resources.files("ipsim") / "data"
    return tuple(
        sorted(p.name.removesuffix(".csv") for p in folder.iterdir() if p.name.endswith(".csv"))
    )


def load_observed(plan: Plan | str | None = None, *, name: str | None = None) -> ObservedData:
    """Return bundled observed data: the table a plan names, one by ``name``, or (no argument) all.

    Examples
    --------
    >>> data = load_observed("guangzhou-ip-2017-2020")
    >>> len(data), data.source
    (94, 'bundled:observed-to-2017.csv')
    >>> row = data.frame.loc[data.frame["line"] == 60].iloc[0]
    >>> float(row["value"]), row["base_unit"], float(row["factor"]), row["flags"]
    (105.21, '亿元', 100000000.0, 'approximate,partial_year')
    >>> len(load_observed())
    111
    """
    if name is None and plan is None:
        tables = [load_observed(name=n) for n in bundled_observed()]
        combined = tables[0]
        for table in tables[1:]:
            combined = combined.combined(table)
        return combined
    if name is None:
        from ipsim.plan import load_plan

        resolved = load_plan(plan) if isinstance(plan, str) else plan
        if resolved is None or resolved.observed_data is None:
            ident = getattr(resolved, "id", None)
            msg = f"plan {ident!r} names no bundled observed data; pass name= or use read_observed(path)"
            raise DataError(msg)
        name = resolved.observed_data
    filename = name if name.endswith(".csv") else f"{name}.csv"
    resource = resources.files("ipsim") / "data" / filename
    if not resource.is_file():
        names = bundled_observed()
        msg = f"no bundled observed data {name!r}; expected one of {quote_choices(names)}"
        raise DataError(msg + suggestion(name, names))
    data = read_observed(Path(str(resource)))
    return ObservedData(data.frame, f"bundled:{filename}")


def read_observed(
    path: str | Path, *, plan: Plan | None = None, encoding: str = "utf-8"
) -> ObservedData:
    """Read and check an observed-data table from CSV (UTF-8) or Excel (.xlsx).

    Every problem in the file is reported at once, each as ``file:line: column 'name': what is
    wrong; expected X, got Y``.

    Parameters
    ----------
    path : str or pathlib.Path
    plan : Plan, optional
        When given, ``plan_indicator`` values must be indicators of this plan.
    encoding : str
        Text encoding of a CSV file (``"gb18030"`` for files saved by Chinese Excel as "CSV").

    Raises
    ------
    DataError
        With ``problems``, one line per problem.
    """
    from ipsim._args import shown

    if not isinstance(path, str | os.PathLike):
        msg = f"path: expected the path of a data file, got {shown(path)}"
        raise DataError(msg)
    path = Path(path)
    table = (
        _excel_records(path)
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls")
        else _csv_records(path, encoding)
    )
    return ObservedData(_frame(check_records(str(path), table, plan)), str(path))


def _csv_records(path: Path, encoding: str) -> Records:
    raw = read_bytes(path, what="data file", error=DataError, limit=TABLE_LIMIT)
    try:
        text = raw.decode("utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding)
    except LookupError:
        msg = f"unknown text encoding {encoding!r}; expected e.g. 'utf-8' or 'gb18030'"
        raise DataError(msg) from None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = (
                " It reads as GB18030/GBK, which Excel writes for 'CSV' on Chinese systems: save"
                " as 'CSV UTF-8', or pass encoding='gb18030' (--encoding gb18030)."
            )
        except UnicodeDecodeError:
            pass
        msg = f"{path}:{line}: not {encoding} text (byte {err.start}).{hint}"
        raise DataError(msg) from None
    if not text.strip():
        msg = f"{path}: the file is empty; expected a header row with the columns {', '.join(OBSERVED_COLUMNS)}"
        raise DataError(msg)
    reader = csv.reader(io.StringIO(text))
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if any(c.strip() for c in cells):
                records.append((start, cells))
    except csv.Error as err:
        limit = csv.field_size_limit()
        what = (
            f"a cell longer than {limit:,} characters (a double quote that is never closed "
            "swallows the rest of the file)"
            if "field limit" in str(err)
            else f"not readable as CSV ({err})"
        )
        msg = f"{shown_path(path)}:{end + 1}: {what}"
        raise DataError(msg) from None
    return 1, header or [], records


def _excel_records(path: Path) -> Records:
    import pandas as pd

    if path.suffix.lower() == ".xls":
        read_bytes(path, what="data file", error=DataError, limit=TABLE_LIMIT)
    else:
        check_workbook(path, error=DataError)
    try:
        sheet = pd.read_excel(path, sheet_name=0, header=None, dtype=object, nrows=MAX_ROWS + 1)
    except ImportError as err:
        msg = f"{path}: reading Excel needs openpyxl (pip install openpyxl): {err}"
        raise DataError(msg) from None
    except Exception as err:
        msg = f"{path}: not a readable Excel workbook ({type(err).__name__}: {err})"
        raise DataError(msg) from None
    if len(sheet) > MAX_ROWS or sheet.shape[1] > 100:
        msg = (
            f"{shown_path(path)}: the first sheet has more than {MAX_ROWS:,} rows or 100 columns "
            f"(got {len(sheet):,}{'+' if len(sheet) > MAX_ROWS else ''} rows, "
            f"{sheet.shape[1]} columns); expected one table of observed figures"
        )
        raise DataError(msg)
    cells = [
        ["" if _blank(v) else str(v).strip() for v in row] for row in sheet.itertuples(index=False)
    ]
    if not cells:
        return 1, [], []
    # a sheet may carry a title above its header: take the first row naming the key columns
    first = next(
        (i for i, row in enumerate(cells[:10]) if {"indicator", "year", "value"} <= set(row)), 0
    )
    records = [(i + 1, row) for i, row in enumerate(cells) if i > first and any(row)]
    return first + 1, cells[first], records


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


_FRAME_COLUMNS = [
    *OBSERVED_COLUMNS,
    *EXTRA_COLUMNS,
    "line",
    "where",
    "base_unit",
    "unit_note",
    "dimension",
    "factor",
    "flags",
    "official",
    "period_end",
    "published_month",
]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The table of checked rows, in the columns :class:`ObservedData` documents."""
    import pandas as pd

    return pd.DataFrame(rows, columns=_FRAME_COLUMNS)
