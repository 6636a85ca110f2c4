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
"""

from __future__ import annotations

import csv
import difflib
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
from ipsim.errors import DataError
from ipsim.schema.checker import quote_choices, suggestion

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.plan import Plan

OBSERVED_COLUMNS: tuple[str, ...] = (
    "indicator",
    "plan_indicator",
    "year",
    "value",
    "unit",
    "scope",
    "source_title",
    "source_url",
    "quote",
    "confidence",
)
"""Columns of an observed-data table, in order."""
OPTIONAL_COLUMNS: tuple[str, ...] = ("source_url", "quote")
EXTRA_COLUMNS: tuple[str, ...] = ("published", "definition", "break_year")
"""Optional columns after the ten: the year a figure was published (default: the year after the
reference year, two years after for shares), the series definition (default: the indicator text
before its first bracket), and the year a series breaks (figures before it are another series)."""
CONFIDENCE_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1, "assumed": 0}
"""Confidence levels, best first. ``assumed`` marks a value a user typed in: it is kept and
shown, but it is not an observation and is never used as one (state assumptions in a scenario)."""
YEAR_RANGE: tuple[int, int] = (1949, 2100)
"""Reference years accepted in a table."""
MAX_VALUE = 1e15
"""Largest size of a value in its dimension's base unit (items, CNY, ...): far above any real
figure (China's whole public budget is about 3e13 CNY), low enough that calibration's sums of
squares and products stay finite."""
MAX_ROWS = 200_000
"""Most rows read from a sheet of an Excel workbook."""
_YEAR_TEXT = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True)
class Unit:
    """A unit as published: its symbol, dimension and factor to the dimension's base unit."""

    symbol: str
    dimension: str
    factor: float
    name_en: str


_BASE_UNIT = {
    "count": "items",
    "money": "CNY",
    "fraction": "fraction",
    "growth": "fraction per year",
    "density": "per 10,000 people",
    "rate_per_day": "per working day",
    "score": "points",
    "mass": "kg",
}
UNITS: dict[str, Unit] = {
    u.symbol: u
    for u in (
        Unit("件", "count", 1.0, "items"),
        Unit("件/年", "count", 1.0, "items per year"),
        Unit("万件", "count", 1e4, "10,000 items"),
        Unit("家", "count", 1.0, "units (firms, institutions)"),
        Unit("人", "count", 1.0, "people"),
        Unit("万人", "count", 1e4, "10,000 people"),
        Unit("项", "count", 1.0, "projects"),
        Unit("个", "count", 1.0, "items"),
        Unit("座", "count", 1.0, "sites"),
        Unit("类", "count", 1.0, "categories"),
        Unit("元", "money", 1.0, "CNY"),
        Unit("CNY", "money", 1.0, "CNY"),
        Unit("万元", "money", 1e4, "CNY 10,000"),
        Unit("亿元", "money", 1e8, "CNY 100 million"),
        Unit("%", "fraction", 0.01, "per cent"),
        Unit("比例", "fraction", 1.0, "fraction"),
        Unit("% yoy", "growth", 0.01, "per cent change on the year before"),
        Unit("件/万人", "density", 1.0, "per 10,000 people"),
        Unit("件/工作日", "rate_per_day", 1.0, "per working day"),
        Unit("分", "score", 1.0, "points"),
        Unit("千克", "mass", 1.0, "kg"),
        Unit("kg", "mass", 1.0, "kg"),
        Unit("吨", "mass", 1e3, "tonnes"),
    )
}
"""Units a table may use. The plan's indicator units (``unit_zh``) are read with the same table."""

_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?)"
)
_FLAG_PATTERNS: dict[str, re.Pattern[str]] = {
    "lower_bound": re.compile(
        r"lower[- ]bound|at least|more than|\bover\s+[\d,.]+|>=\s*[\d,.]+(?![\d,.]*\s*:)"
        r"|超过?\s*[\d,.]+|逾\s*[\d,.]+|[\d,.]+\s*[万亿]?\s*余(?!额)|[\d,.]+\s*多[家个件项人万亿]"
        r"|以上",
        re.IGNORECASE,
    ),
    "approximate": re.compile(r"approx|(?<![签契预制节合])约|左右|~\s*\d", re.IGNORECASE),
    "partial_year": re.compile(
        rf"\b{_MONTH}\s*[-–~～]\s*{_MONTH}\b"
        rf"|\b(as of|to) end-{_MONTH}\b"
        r"|1\s*[-—–~～至]\s*([2-9]|1[01])\s*月|上半年|前[一二三]季度|截至([1-9]|1[01])月",
        re.IGNORECASE,
    ),
    "derived": re.compile(r"DERIVED"),
    "estimate": re.compile(r"estimate|估计|估算|预计", re.IGNORECASE),
    "growth_rate": re.compile(r"growth rate|增长率|增速|同比|\byoy\b", re.IGNORECASE),
}
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


def parse_unit(text: str) -> tuple[Unit, str]:
    """Split a published unit into a known :class:`Unit` and its note.

    Raises ``ValueError`` for an unknown unit.

    Examples
    --------
    >>> unit, note = parse_unit("亿元 (approx '约'; Jan-Nov only)")
    >>> unit.symbol, unit.factor, note
    ('亿元', 100000000.0, "approx '约'; Jan-Nov only")
    >>> parse_unit("件/万人")[0].dimension
    'density'
    """
    stripped = text.strip()
    for symbol in sorted(UNITS, key=len, reverse=True):
        if stripped == symbol or re.match(re.escape(symbol) + r"(\s|\(|$)", stripped):
            note = stripped[len(symbol) :].strip()
            if note.startswith("(") and note.endswith(")") and note.count("(") == 1:
                note = note[1:-1]
            return UNITS[symbol], note
    msg = f"unknown unit {stripped!r}"
    raise ValueError(msg)


def flags_of(indicator: str, unit_text: str, unit: Unit) -> tuple[str, ...]:
    """Return the qualifiers of a row, read from its indicator and unit texts.

    Examples
    --------
    >>> flags_of("invention_patent_applications (Jan-Sep)", "件", UNITS["件"])
    ('partial_year',)
    >>> flags_of("gbt29490 (DERIVED lower bound)", "家 (lower bound, as of end-Nov)", UNITS["家"])
    ('lower_bound', 'partial_year', 'derived')
    >>> flags_of("质押融资余额", "亿元", UNITS["亿元"]), flags_of("注册商标增长率", "%", UNITS["%"])
    ((), ('growth_rate',))
    """
    own = re.sub(
        r"\(?DERIVED[^)]*\)?", " ", indicator
    )  # how a figure was derived is not what it is
    text = f"{own} {unit_text}"
    found = [name for name, pattern in _FLAG_PATTERNS.items() if pattern.search(text)]
    if "DERIVED" in indicator:
        found.append("derived")
        if _FLAG_PATTERNS["lower_bound"].search(indicator):
            found.append("lower_bound")
    if unit.dimension == "growth" or (
        unit.dimension == "fraction" and _FLAG_PATTERNS["growth_rate"].search(own)
    ):
        found.append("growth_rate")
    elif "growth_rate" in found:
        found.remove("growth_rate")  # "+27.9% yoy" beside a level is a note, not the figure
    order = [*_FLAG_PATTERNS]
    return tuple(sorted(set(found), key=order.index))


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


def is_official(url: str) -> bool:
    """Whether a source address is a government site.

    Examples
    --------
    >>> is_official("http://english.sipo.gov.cn/statistics/2016/12/x.html"), is_official("http://kyip.com.cn/a")
    (True, False)
    """
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    return bool(host) and (host.endswith((".gov.cn", ".gov")) or ".gov." in host)


@dataclass(frozen=True, eq=False)
class ObservedData:
    """Published figures with sources, parsed units and qualifiers, one row per figure.

    Build it with :func:`load_observed` (bundled tables) or :func:`read_observed` (your file).
    ``frame`` has the :data:`OBSERVED_COLUMNS` plus ``line`` (row in the file), ``where``
    (how reports cite the row: "line 11", or "actuals.csv line 5" for a second file), ``base_unit``,
    ``unit_note``, ``dimension``, ``factor``, ``flags`` (comma-separated) and ``official``.
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

    def combined(self, other: ObservedData) -> ObservedData:
        """Return this table's rows, then ``other``'s (cited with its file name), without repeats."""
        import pandas as pd

        if other.source == self.source:
            return self
        name = Path(other.source).name
        theirs = other.frame.assign(where=[f"{name} line {n}" for n in other.frame["line"]])
        frame = pd.concat([self.frame, theirs], ignore_index=True).drop_duplicates(
            subset=["indicator", "plan_indicator", "year", "value", "scope", "source_title"]
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
        frame = self.frame.assign(seq=range(len(self.frame)))
        # rows mapped to another plan's indicators (a shared table) are not this plan's figures
        mine = frame[(frame["scope"] == scope) & frame["plan_indicator"].isin(plan.indicator_ids)]
        kept: list[tuple[Any, None]] = []
        skipped: list[tuple[Any, str]] = []
        row: Any
        for row in mine.itertuples(index=False):
            why = _why_unusable(row, plan)
            if why:
                skipped.append((row, why))
            else:
                kept.append((row, None))
        groups: dict[tuple[str, int], list[Any]] = {}
        for row, _ in kept:
            groups.setdefault((row.plan_indicator, int(row.year)), []).append(row)
        values, choices = [], []
        for (ident, year), rows in sorted(groups.items()):
            chosen = _choose(rows, rule)
            unit = _plan_unit(plan, ident)
            converted = chosen.value * chosen.factor / unit.factor
            values.append(
                {
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
            )
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
        skipped_rows = [
            {
                "indicator": row.plan_indicator,
                "year": int(row.year),
                "published": f"{_fmt(row.value)} {row.unit}",
                "line": row.line,
                "where": row.where,
                "why": why,
            }
            for row, why in skipped
        ]
        return Selection(
            scope=scope,
            rule=rule,
            values=pd.DataFrame(values, columns=_SELECTION_COLUMNS),
            choices=pd.DataFrame(
                choices,
                columns=["indicator", "year", "candidates", "chosen", "chosen_line", "reason"],
            ),
            skipped=pd.DataFrame(
                skipped_rows, columns=["indicator", "year", "published", "line", "where", "why"]
            ),
            source=self.source,
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


@dataclass(frozen=True, eq=False)
class Selection:
    """One figure per (plan indicator, year) of one scope, and the record of how it was picked.

    ``values`` holds the picked figures in the plan's units with their sources and conversions;
    ``choices`` one row per conflict, saying which figure won and why; ``skipped`` the rows of
    the scope that are not full-year levels (lower bounds, partial years, growth rates) or whose
    unit does not convert to the plan's.
    """

    scope: str
    rule: tuple[str, ...]
    values: pd.DataFrame = field(repr=False)
    choices: pd.DataFrame = field(repr=False)
    skipped: pd.DataFrame = field(repr=False)
    source: str = ""

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
            raise DataError(msg)
    if not keys or keys[-1] not in ("first", "last"):
        keys = (*keys, "first")
    return keys


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
    return ObservedData(_check_records(path, table, plan), str(path))


Records = tuple[int, list[str], list[tuple[int, list[str]]]]
"""The header's line, the header, and (line, cells) of every non-empty row below it."""


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


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def _check_records(path: Path, table: Records, plan: Plan | None) -> pd.DataFrame:
    import pandas as pd

    header_line, header, records = table
    problems: list[str] = []
    required = [c for c in OBSERVED_COLUMNS if c not in OPTIONAL_COLUMNS]
    missing = [c for c in required if c not in header]
    if missing:
        extra = [h for h in header if h not in OBSERVED_COLUMNS]
        close = [
            f"{match[0]!r} for {column!r}"
            for column in missing
            if (match := difflib.get_close_matches(column, extra, n=1, cutoff=0.6))
        ]
        hints = f"; did you mean {', '.join(close)}?" if close else ""
        problems.append(
            f"{path}:{header_line}: missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; expected the columns "
            f"{', '.join(OBSERVED_COLUMNS)} (source_url and quote optional), got "
            f"{', '.join(map(repr, header)) or 'no header'}" + hints
        )
    for name in sorted({h for h in header if h and header.count(h) > 1}):
        problems.append(f"{path}:{header_line}: column {name!r} appears more than once")
    if problems:
        raise DataError("\n".join(problems), tuple(problems))
    if not records:
        msg = f"{path}: no data rows below the header"
        raise DataError(msg)
    index = {
        name: header.index(name) for name in (*OBSERVED_COLUMNS, *EXTRA_COLUMNS) if name in header
    }
    plan_ids = None if plan is None else [i.id for i in plan.indicators]
    rows = []
    for line, cells in records:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                f"{path}:{line}: {len(cells)} cells but the header has {len(header)}; a text "
                f"holding commas (a quote, a source title) must be in double quotes"
            )
            continue
        if len(cells) < len(header) and len(cells) <= max(index.values()):
            unclosed = any("," in c or "\n" in c for c in cells)
            problems.append(
                f"{path}:{line}: only {len(cells)} cell{'s' if len(cells) > 1 else ''} but the "
                f"header has {len(header)}; expected a value (or an empty cell) for every column"
                + (" (a double quote that is never closed swallows the row)" if unclosed else "")
            )
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        def problem(column: str, what: str, expected: str, got: str, line: int = line) -> None:
            problems.append(
                f"{path}:{line}: column {column!r}: {what}; expected {expected}, got {got!r}"
            )

        row: dict[str, Any] = {name: cell(name) for name in OBSERVED_COLUMNS}
        for name in ("published", "break_year"):
            text = cell(name)
            is_year = bool(_YEAR_TEXT.match(text))  # ASCII digits only: "²".isdigit() is True
            if text and not (is_year and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]):
                problem(
                    name, "not a year", f"empty or a year in {YEAR_RANGE[0]}..{YEAR_RANGE[1]}", text
                )
            row[name] = int(text) if is_year else 0
        row["definition"] = cell("definition")
        row["line"] = line
        row["where"] = f"line {line}"
        for name in ("indicator", "scope", "source_title"):
            if not row[name]:
                problem(name, "empty", "a text", "")
        year_text = row["year"]
        try:
            year = int(float(year_text)) if _NUMBER.match(year_text) else None
        except (ValueError, OverflowError):  # 1e400 reads as infinity
            year = None
        if year is None or float(year_text) != year:
            problem("year", "not a whole number", "a year such as 2017", year_text)
        elif not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            problem("year", "year out of range", f"{YEAR_RANGE[0]}..{YEAR_RANGE[1]}", year_text)
        row["year"] = year or 0
        value_text = row["value"]
        if _NUMBER.match(value_text) or _GROUPED.match(value_text):
            row["value"] = float(value_text.replace(",", ""))
            if not math.isfinite(row["value"]):
                problem("value", "not a finite number", "a number", value_text)
        else:
            hint = (
                " (write units in the 'unit' column, not after the number)"
                if re.match(r"^[\d.,]+\D", value_text)
                else ""
            )
            problem("value", "not a number" + hint, "a number such as 36941 or 105.21", value_text)
            row["value"] = math.nan
        try:
            unit, note = parse_unit(row["unit"])
        except ValueError:
            problem(
                "unit",
                "unknown unit",
                f"one of {quote_choices(UNITS)} (optionally followed by a note in brackets)",
                row["unit"],
            )
            problems[-1] += suggestion(row["unit"].split(" ")[0], UNITS)
            unit, note = Unit(row["unit"], "unknown", math.nan, row["unit"]), ""
        row.update(
            base_unit=unit.symbol,
            unit_note=note,
            dimension=unit.dimension,
            factor=unit.factor,
            flags=",".join(flags_of(row["indicator"], row["unit"], unit)),
            official=is_official(row["source_url"]),
        )
        value = row["value"]
        if math.isfinite(value) and math.isfinite(unit.factor):
            if abs(value) * unit.factor > MAX_VALUE:
                problem(
                    "value",
                    "too large",
                    f"at most {MAX_VALUE:g} {_BASE_UNIT.get(unit.dimension, unit.symbol)}"
                    f" ({MAX_VALUE / unit.factor:g} {unit.symbol})",
                    value_text,
                )
            elif value < 0 and not (
                unit.dimension == "growth" or "growth_rate" in row["flags"].split(",")
            ):
                problem(
                    "value",
                    f"negative, but a {unit.dimension} in {unit.symbol} cannot be below zero "
                    "(only growth rates can)",
                    "a number >= 0",
                    value_text,
                )
        if row["confidence"] not in CONFIDENCE_RANK:
            problem(
                "confidence",
                "unknown confidence",
                quote_choices(CONFIDENCE_RANK),
                row["confidence"],
            )
            problems[-1] += suggestion(row["confidence"], CONFIDENCE_RANK)
        ident = row["plan_indicator"]
        if plan_ids is not None and ident and ident not in plan_ids:
            problem(
                "plan_indicator",
                f"not an indicator of plan {plan.id!r}",  # type: ignore[union-attr]
                f"empty or one of {quote_choices(plan_ids)}",
                ident,
            )
            problems[-1] += suggestion(ident, plan_ids)
        rows.append(row)
    if problems:
        head = (
            problems[0]
            if len(problems) == 1
            else f"{len(problems)} problems in {path}:\n" + "\n".join(problems)
        )
        raise DataError(head, tuple(problems))
    return pd.DataFrame(
        rows,
        columns=[
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
        ],
    )
