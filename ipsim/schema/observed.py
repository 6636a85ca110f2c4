"""The checks of an observed-data table, one short function per column, all through a :class:`Checker`.

What a table may hold is defined here: its columns (:data:`OBSERVED_COLUMNS`, then the optional
:data:`EXTRA_COLUMNS`), the units it may write (:data:`UNITS`, spelled as in
:mod:`ipsim.i18n.observed`), the qualifiers read from its texts (:func:`flags_of`), its
confidence levels and the years and sizes it accepts. :func:`check_records` checks the header,
then every row, and returns each row's fields; every problem is reported at once, each as
``file:line: column 'name': what is wrong; expected X, got 'Y'``. :mod:`ipsim.observed` reads the
files and builds the table from these fields (this module never imports it).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ipsim.errors import DataError
from ipsim.i18n.observed import (
    FLAG_WORDS_ZH,
    FULLWIDTH_TILDE,
    PERIOD_EXAMPLES_ZH,
    PERIOD_PATTERNS_ZH,
    PERIOD_WORDS_ZH,
    UNIT_SPELLINGS,
)
from ipsim.schema.checker import Checker, quote_choices, suggestion

if TYPE_CHECKING:
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
EXTRA_COLUMNS: tuple[str, ...] = ("published", "definition", "break_year", "period")
"""Optional columns after the ten: when a figure was published (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``; default: the start of the year after the reference year, two years after for
shares), the series definition (default: the indicator text before its first bracket), the year a
series breaks (figures before it are another series), and the reference ``period`` within the
year (empty: the full year; see :func:`parse_period`)."""
CONFIDENCE_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1, "assumed": 0}
"""Confidence levels, best first. ``assumed`` marks a value a user typed in: it is kept and
shown, but it is not an observation and is never used as one (state assumptions in a scenario)."""
YEAR_RANGE: tuple[int, int] = (1949, 2100)
"""Reference years accepted in a table."""
MAX_VALUE = 1e15
"""Largest size of a value in its dimension's base unit (items, CNY, ...): far above any real
figure (China's whole public budget is about 3e13 CNY), low enough that calibration's sums of
squares and products stay finite."""

Records = tuple[int, list[str], list[tuple[int, list[str]]]]
"""The header's line, the header, and (line, cells) of every non-empty row below it."""


@dataclass(frozen=True)
class Unit:
    """A unit as published: its symbol, dimension and factor to the dimension's base unit."""

    symbol: str
    dimension: str
    factor: float
    name_en: str


BASE_UNIT = {
    "count": "items",
    "money": "CNY",
    "fraction": "fraction",
    "growth": "fraction per year",
    "density": "per 10,000 people",
    "rate_per_day": "per working day",
    "score": "points",
    "mass": "kg",
}
"""The base unit of each dimension, which a unit's ``factor`` converts to."""
UNITS: dict[str, Unit] = {spelling[0]: Unit(*spelling) for spelling in UNIT_SPELLINGS}
"""Units a table may use. The plan's indicator units (``unit_zh``) are read with the same table."""

_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?"
    r"|oct(ober)?|nov(ember)?)"
)
_FLAGS_EN: dict[str, str] = {
    "lower_bound": (
        r"lower[- ]bound|at least|more than|\bover\s+[\d,.]+|>=\s*[\d,.]+(?![\d,.]*\s*:)"
    ),
    "approximate": r"approx|~\s*\d",
    "partial_year": (
        rf"\b{_MONTH}\s*[-–~{FULLWIDTH_TILDE}]\s*{_MONTH}\b|\b(as of|to) end-{_MONTH}\b"
    ),
    "derived": r"DERIVED",
    "estimate": r"estimate",
    "growth_rate": r"growth rate|\byoy\b",
}
_FLAG_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(
        "|".join(filter(None, (english, FLAG_WORDS_ZH.get(name)))),
        0 if name == "derived" else re.IGNORECASE,
    )
    for name, english in _FLAGS_EN.items()
}

_YEAR_TEXT = re.compile(r"^[0-9]{4}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_REQUIRED_TEXTS = ("indicator", "scope", "source_title")


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


def flags_of(indicator: str, unit_text: str, unit: Unit, period_end: int = 12) -> tuple[str, ...]:
    """Return the qualifiers of a row, read from its indicator and unit texts (and its
    ``period``: one ending before December makes it ``partial_year``).

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
    if period_end < 12:
        found.append("partial_year")
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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATED = re.compile(
    rf"(?:\b{_MONTH}\s*[-–~{FULLWIDTH_TILDE}]\s*(?P<to>{_MONTH})\b)|(?:\bend-(?P<end>{_MONTH})\b)",
    re.IGNORECASE,
)


def month_of(text: str) -> int | None:
    """Return the month a partial-year figure runs to ("Jan-Sep": 9, "as of end-Mar": 3), or None.

    Examples
    --------
    >>> month_of("invention_patent_applications (Jan-Sep)"), month_of("家 (lower bound, as of end-Nov)")
    (9, 11)
    >>> month_of("件") is None
    True
    """
    found = _DATED.search(text)
    if found is None:
        return None
    name = (found.group("to") or found.group("end")).lower()[:3]
    return _MONTHS.index(name) + 1


_PERIOD = re.compile(rf"\b{_MONTH}\s*[-–~{FULLWIDTH_TILDE}]\s*{_MONTH}\b", re.IGNORECASE)


def is_flow_period(text: str) -> bool:
    """Whether a partial-year figure is a flow over months ("Jan-Sep"), not a level at a date.

    Examples
    --------
    >>> is_flow_period("invention_patent_applications (Jan-Sep)"), is_flow_period("家 (as of end-Mar)")
    (True, False)
    """
    return _PERIOD.search(text) is not None


_PERIOD_NAMES: dict[str, int] = {
    "": 12,
    "fy": 12,
    "year": 12,
    "full year": 12,
    "h1": 6,
    "q1": 3,
    "q2": 6,
    "q3": 9,
    "q4": 12,
    **PERIOD_WORDS_ZH,
}
_PERIOD_FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"^\s*(?:{form})\s*$", re.IGNORECASE)
    for form in (
        r"M(?P<end>\d{1,2})",
        r"M0?1\s*-\s*M(?P<end>\d{1,2})",
        r"Q1\s*-\s*Q(?P<quarter>[1-4])",
        rf"jan(uary)?\s*[-–~{FULLWIDTH_TILDE}]\s*(?P<name>{_MONTH}|dec(ember)?)",
        rf"(as of )?end-(?P<name>{_MONTH}|dec(ember)?)",
        *PERIOD_PATTERNS_ZH,
    )
)
PERIOD_FORMS_TEXT = (
    "empty or the year (the full year), H1, Q1..Q4 or Q1-Q3 (running totals from January: Q3 is "
    "January to September), M01..M12 or M01-M09 (January to the month's end), Jan-Sep, end-Sep, "
    f"or the Chinese forms {PERIOD_EXAMPLES_ZH}"
)
"""The forms :func:`parse_period` accepts, as error messages name them."""


def parse_period(text: str, year: int | None = None) -> int | None:
    """Return the month a reference period runs to from January (12: the full year), or None.

    Chinese offices publish running totals ("1-9月" is January to September), and a stock at a
    month's end; a period is therefore always read from January: ``Q3`` and ``M09`` mean January
    to September (前三季度, 1-9月) for a flow, the level at the end of September for a stock. A
    period that starts later (``Q2-Q3``, ``4-6月``) is not accepted: add up the running totals.

    Examples
    --------
    >>> [parse_period(t) for t in ("", "2023", "H1", "Q3", "Q1-Q3", "M09", "M01-M06", "Jan-Sep")]
    [12, 12, 6, 9, 9, 9, 6, 9]
    >>> [parse_period(t) for t in ("1-9月", "1～6月", "上半年", "前三季度", "截至9月底")]
    [9, 6, 6, 9, 9]
    >>> parse_period("2022", year=2023), parse_period("Q2-Q3"), parse_period("M13")
    (None, None, None)
    """
    stripped = text.strip()
    if _YEAR_TEXT.match(stripped):
        return 12 if year is None or int(stripped) == year else None
    named = _PERIOD_NAMES.get(stripped.lower())
    if named is not None:
        return named
    for form in _PERIOD_FORMS:
        found = form.match(stripped)
        if found is None:
            continue
        groups = found.groupdict()
        if groups.get("quarter"):
            return 3 * int(groups["quarter"])
        if groups.get("name"):
            return _MONTHS.index(groups["name"].lower()[:3]) + 1
        end = int(groups["end"])
        return end if 1 <= end <= 12 else None
    return None


def period_code(end_month: int) -> str:
    """The period as the table stores it: ``""`` for the full year, ``"M09"`` for January to
    September.

    Examples
    --------
    >>> period_code(12), period_code(6)
    ('', 'M06')
    """
    return "" if end_month == 12 else f"M{end_month:02d}"


def is_official(url: str) -> bool:
    """Whether a source address is a government site.

    Examples
    --------
    >>> is_official("http://english.sipo.gov.cn/statistics/2016/12/x.html"), is_official("http://kyip.com.cn/a")
    (True, False)
    """
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0]
    return bool(host) and (host.endswith((".gov.cn", ".gov")) or ".gov." in host)


# -- the table -----------------------------------------------------------------------------------


def check_records(filename: str, table: Records, plan: Plan | None = None) -> list[dict[str, Any]]:
    """Check a table's header and every row; return each row's fields.

    Parameters
    ----------
    filename : str
        Shown at the start of every message.
    table : Records
        The header's line, the header, and (line, cells) of each non-empty row.
    plan : Plan, optional
        When given, ``plan_indicator`` values must be indicators of this plan.

    Returns
    -------
    list of dict
        Per row: the :data:`OBSERVED_COLUMNS` and :data:`EXTRA_COLUMNS` (year and value read
        as numbers), ``line``, ``where``, ``base_unit``, ``unit_note``, ``dimension``,
        ``factor``, ``flags`` (comma-separated) and ``official``.

    Raises
    ------
    DataError
        Listing every problem (``problems`` holds them one by one).

    Examples
    --------
    >>> header = list(OBSERVED_COLUMNS)
    >>> good = ["patents", "", "2016", "31,892", "件", "Guangzhou", "report", "", "", "high"]
    >>> rows = check_records("data.csv", (1, header, [(2, good)]))
    >>> rows[0]["value"], rows[0]["dimension"], rows[0]["where"]
    (31892.0, 'count', 'line 2')
    >>> bad = [*good[:3], "3.7万", *good[4:9], "sure"]
    >>> check_records("data.csv", (1, header, [(2, good), (3, bad)]))
    Traceback (most recent call last):
    ...
    ipsim.errors.DataError: 2 problems in data.csv:
    data.csv:3: column 'value': not a number (write units in the 'unit' column, not after the number); expected a number such as 36941 or 105.21, got '3.7万'
    data.csv:3: column 'confidence': unknown confidence; expected 'assumed', 'high', 'low', 'medium', got 'sure'
    """
    header_line, header, records = table
    check = Checker(filename)
    check_header(check, header_line, header)
    check.raise_if_any(DataError, heading="never")
    if not records:
        msg = f"{filename}: no data rows below the header"
        raise DataError(msg)
    index = {
        name: header.index(name) for name in (*OBSERVED_COLUMNS, *EXTRA_COLUMNS) if name in header
    }
    rows = []
    for line, cells in records:
        if check_width(check, line, cells, len(header), max(index.values())):
            rows.append(check_row(check, line, _texts(cells, index), plan))
    check.raise_if_any(DataError, heading="if_several")
    return rows


def check_header(check: Checker, line: int, header: list[str]) -> None:
    """Check every required column is there, once."""
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
        check.row_problem(
            line,
            f"missing column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(map(repr, missing))}; expected the columns "
            f"{', '.join(OBSERVED_COLUMNS)} (source_url and quote optional), got "
            f"{', '.join(map(repr, header)) or 'no header'}",
            hint=hints,
        )
    for name in sorted({h for h in header if h and header.count(h) > 1}):
        check.row_problem(line, f"column {name!r} appears more than once")


def check_width(check: Checker, line: int, cells: list[str], width: int, last: int) -> bool:
    """Check a row has a cell for every column up to the ``last`` one read; ``False`` if not."""
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        check.row_problem(
            line,
            f"{len(cells)} cells but the header has {width}; a text "
            f"holding commas (a quote, a source title) must be in double quotes",
        )
        return False
    if len(cells) < width and len(cells) <= last:
        unclosed = any("," in c or "\n" in c for c in cells)
        check.row_problem(
            line,
            f"only {len(cells)} cell{'s' if len(cells) > 1 else ''} but the "
            f"header has {width}; expected a value (or an empty cell) for every column"
            + (" (a double quote that is never closed swallows the row)" if unclosed else ""),
        )
        return False
    return True


def _texts(cells: list[str], index: Mapping[str, int]) -> dict[str, str]:
    """The stripped text of every known column (``""`` for a column the table lacks)."""
    return {
        name: cells[i].strip() if (i := index.get(name)) is not None and i < len(cells) else ""
        for name in (*OBSERVED_COLUMNS, *EXTRA_COLUMNS)
    }


def check_row(
    check: Checker, line: int, texts: Mapping[str, str], plan: Plan | None = None
) -> dict[str, Any]:
    """Check one row's cells and return its fields (see :func:`check_records`)."""
    row: dict[str, Any] = {name: texts[name] for name in OBSERVED_COLUMNS}
    row["break_year"] = check_optional_year(check, line, "break_year", texts["break_year"])
    row.update(definition=texts["definition"], line=line, where=f"line {line}")
    for name in _REQUIRED_TEXTS:
        if not row[name]:
            check.row_problem(line, "empty", column=name, expected="a text", got="")
    row["year"] = check_year(check, line, texts["year"])
    row["period_end"] = check_period(check, line, texts["period"], row["year"])
    row["period"] = period_code(row["period_end"])
    row["published"], row["published_month"] = check_published(
        check, line, texts["published"], (row["year"], row["period_end"])
    )
    row["value"] = check_value(check, line, texts["value"])
    unit, note = check_unit(check, line, texts["unit"])
    row.update(
        base_unit=unit.symbol,
        unit_note=note,
        dimension=unit.dimension,
        factor=unit.factor,
        flags=",".join(flags_of(row["indicator"], row["unit"], unit, row["period_end"])),
        official=is_official(row["source_url"]),
    )
    check_size(check, line, row, unit, texts["value"])
    check_confidence(check, line, row["confidence"])
    if plan is not None:
        check_plan_indicator(check, line, row["plan_indicator"], plan)
    return row


# -- one cell ------------------------------------------------------------------------------------


def check_optional_year(check: Checker, line: int, column: str, text: str) -> int:
    """An optional year (``published``, ``break_year``); 0 when empty or wrong."""
    is_year = bool(_YEAR_TEXT.match(text))  # ASCII digits only: "²".isdigit() is True
    if text and not (is_year and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]):
        expected = f"empty or a year in {YEAR_RANGE[0]}..{YEAR_RANGE[1]}"
        check.row_problem(line, "not a year", column=column, expected=expected, got=text)
    return int(text) if is_year else 0


def check_period(check: Checker, line: int, text: str, year: int) -> int:
    """The reference period (:func:`parse_period`): the month it runs to, 12 when empty or wrong."""
    end = parse_period(text, year or None)
    if end is None:
        check.row_problem(
            line, "not a period", column="period", expected=PERIOD_FORMS_TEXT, got=text
        )
        return 12
    return end


_DATE_TEXT = re.compile(r"^([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?$")


def check_published(
    check: Checker, line: int, text: str, reference: tuple[int, int]
) -> tuple[int, int]:
    """When a figure was published: ``(year, month)``, month 0 for a year alone, ``(0, 0)`` when
    empty or wrong. A date must be a real one, after the end of the ``reference`` (year, month)."""
    import datetime

    found = _DATE_TEXT.match(text)
    if not text:
        return 0, 0
    expected = f"empty, YYYY, YYYY-MM or YYYY-MM-DD with a year in {YEAR_RANGE[0]}..{YEAR_RANGE[1]}"
    try:
        if found is None:
            raise ValueError(text)
        year, month, day = (int(g) if g else 0 for g in found.groups())
        datetime.date(year, month or 1, day or 1)  # a real date (no month 13, no 30 February)
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise ValueError(text)
    except ValueError:
        check.row_problem(line, "not a date", column="published", expected=expected, got=text)
        return 0, 0
    ref_year, ref_month = reference
    in_time = (year, month) > reference if month else year >= ref_year
    if ref_year and not in_time:
        after = f"{ref_year}-{ref_month:02d}" if month else f"{ref_year - 1}"
        check.row_problem(
            line,
            "published before the end of the period it reports",
            column="published",
            expected=f"a date after {after}",
            got=text,
        )
    return year, month


def check_year(check: Checker, line: int, text: str) -> int:
    """The reference year: a whole number in :data:`YEAR_RANGE` (0 when wrong)."""
    try:
        year = int(float(text)) if _NUMBER.match(text) else None
    except (ValueError, OverflowError):  # 1e400 reads as infinity
        year = None
    if year is None or float(text) != year:
        expected = "a year such as 2017"
        check.row_problem(line, "not a whole number", column="year", expected=expected, got=text)
    elif not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        expected = f"{YEAR_RANGE[0]}..{YEAR_RANGE[1]}"
        check.row_problem(line, "year out of range", column="year", expected=expected, got=text)
    return year or 0


def check_value(check: Checker, line: int, text: str) -> float:
    """The figure: a finite number, optionally with thousands separators (NaN when wrong)."""
    if _NUMBER.match(text) or _GROUPED.match(text):
        value = float(text.replace(",", ""))
        if not math.isfinite(value):
            check.row_problem(
                line, "not a finite number", column="value", expected="a number", got=text
            )
        return value
    hint = (
        " (write units in the 'unit' column, not after the number)"
        if re.match(r"^[\d.,]+\D", text)
        else ""
    )
    expected = "a number such as 36941 or 105.21"
    check.row_problem(line, "not a number" + hint, column="value", expected=expected, got=text)
    return math.nan


def check_unit(check: Checker, line: int, text: str) -> tuple[Unit, str]:
    """The unit and its note; an unknown unit is a problem (and a unit of NaN factor)."""
    try:
        return parse_unit(text)
    except ValueError:
        check.row_problem(
            line,
            "unknown unit",
            column="unit",
            expected=f"one of {quote_choices(UNITS)} (optionally followed by a note in brackets)",
            got=text,
            hint=suggestion(text.split(" ")[0], UNITS),
        )
        return Unit(text, "unknown", math.nan, text), ""


def check_size(check: Checker, line: int, row: Mapping[str, Any], unit: Unit, text: str) -> None:
    """A value within :data:`MAX_VALUE`, and below zero only for growth rates."""
    value = row["value"]
    if not (math.isfinite(value) and math.isfinite(unit.factor)):
        return
    if abs(value) * unit.factor > MAX_VALUE:
        expected = (
            f"at most {MAX_VALUE:g} {BASE_UNIT.get(unit.dimension, unit.symbol)}"
            f" ({MAX_VALUE / unit.factor:g} {unit.symbol})"
        )
        check.row_problem(line, "too large", column="value", expected=expected, got=text)
    elif value < 0 and not (unit.dimension == "growth" or "growth_rate" in row["flags"].split(",")):
        check.row_problem(
            line,
            f"negative, but a {unit.dimension} in {unit.symbol} cannot be below zero "
            "(only growth rates can)",
            column="value",
            expected="a number >= 0",
            got=text,
        )


def check_confidence(check: Checker, line: int, text: str) -> None:
    """A confidence level of :data:`CONFIDENCE_RANK`."""
    if text not in CONFIDENCE_RANK:
        check.row_problem(
            line,
            "unknown confidence",
            column="confidence",
            expected=quote_choices(CONFIDENCE_RANK),
            got=text,
            hint=suggestion(text, CONFIDENCE_RANK),
        )


def check_plan_indicator(check: Checker, line: int, ident: str, plan: Plan) -> None:
    """An empty ``plan_indicator`` or one of the plan's indicators."""
    plan_ids = plan.indicator_ids
    if ident and ident not in plan_ids:
        check.row_problem(
            line,
            f"not an indicator of plan {plan.id!r}",
            column="plan_indicator",
            expected=f"empty or one of {quote_choices(plan_ids)}",
            got=ident,
            hint=suggestion(ident, plan_ids),
        )
