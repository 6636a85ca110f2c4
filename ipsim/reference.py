"""The bundled reference class: Chinese IP series measured elsewhere, for priors and backtests.

``ipsim/data/reference/reference.csv`` holds national, provincial and city figures (never a
Guangzhou figure after 2017, never a national one after 2020), each with the columns of the
observed data (``indicator`` as the source describes it, ``year``, ``value``, ``unit``,
``scope``, ``source_title``, ``source_url``, ``quote``, ``confidence``, ``published``) and
these annotations:

==================  ==========================================================================
column              meaning
==================  ==========================================================================
family              a normalised series name (``invention_patent_applications``,
                    ``patents_per_10k``, ``trademark_registrations``, ``pledge_financing``...)
measure             ``level``, ``yoy_growth``, ``per_capita``, ``share``, ``period_sum``,
                    ``two_year_sum``, ``cagr``...
definition          what the count covers where the source says (``domestic``,
                    ``total_incl_foreign``, ``patents_only``...); series never mix definitions
period              ``full_year``, ``partial: Jan-Sep``, ``month_end: end-Apr``...
bound               empty, ``lower`` or ``upper`` (the text says at least, over, 突破, 超过)
break               known breaks (the 2016 filing surge, the 2019 fall, a coverage change...)
published_derived   ``year+1`` where the source gave no publication date and it was taken as
                    the year after the figure's (conservative: most releases come sooner)
source_file         the shared table the row was copied from
==================  ==========================================================================

A backtest from year ``Y`` uses ``load_reference(published_by=Y)``: only what was published by
the end of ``Y``. :func:`reference_series` turns one family into one series per scope, keeping
one figure per year (the most confident; the others are listed as alternatives), and
:func:`family_of` maps a plan's indicator to its family (``families.csv`` beside the table).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from ipsim.errors import ArgumentError

if TYPE_CHECKING:
    import pandas as pd

_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
_UNITS_FILE = "units.csv"
"""Unit prefixes (as the sources print them, possibly followed by a note), the factor to the base
unit and the base unit: ten thousand items to items, per million people to per 10,000 people."""


_LEVEL_MEASURES = ("level", "per_capita", "share")
"""Measures that are the quantity's own level (a family has one of them, never two)."""


NATIONAL_SCOPE = "China"
"""The scope of the national series. The nation is the sum of the provinces, not a member of the
class they form: a spread between provinces and cities says little about the nation's growth."""


def _table_path() -> str:
    return str(resources.files("ipsim") / "data" / "reference" / "reference.csv")


def _end_of(stamp: str) -> str:
    """The last day a date, month or year can mean, as ``YYYY-MM-DD`` (for comparing)."""
    parts = stamp.strip().split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-31"
    return "-".join(parts[:3])


def _cutoff(published_by: str | int) -> str:
    text = str(published_by).strip()
    head = text.split("-")[0]
    if not (head.isdigit() and len(head) == 4):
        msg = f"published_by must be a year or a date 'YYYY[-MM[-DD]]', got {published_by!r}"
        raise ArgumentError(msg)
    return _end_of(text)


def base_unit(unit: str) -> tuple[float, str]:
    """Return the factor to the base unit and the base unit of a unit as the sources print it.

    Examples
    --------
    >>> base_unit("万件")
    (10000.0, '件')
    >>> base_unit("件/百万人")
    (0.01, '件/万人')
    >>> base_unit("件 (133.9万)")
    (1.0, '件')
    """
    text = unit.strip()
    for prefix, factor, base in _unit_factors():
        if text.startswith(prefix):
            return factor, base
    return 1.0, text


@functools.cache
def _unit_factors() -> tuple[tuple[str, float, str], ...]:
    path = resources.files("ipsim") / "data" / "reference" / _UNITS_FILE
    with path.open(encoding="utf-8") as handle:
        return tuple(
            (row["unit_prefix"], float(row["factor"]), row["base_unit"])
            for row in csv.DictReader(handle)
        )


def load_reference(published_by: str | int | None = None) -> pd.DataFrame:
    """Return the bundled reference table, or only the rows published by a date.

    Parameters
    ----------
    published_by : int or str, optional
        A year (rows published by its end) or a date ``YYYY-MM[-DD]``. A publication date given
        as a year or month counts as its last day, so the filter never lets in a later release.

    Returns
    -------
    pandas.DataFrame
        The table's columns (all text as published, ``year`` an int and ``value`` a float) plus
        ``base_value`` and ``base_unit`` (10,000s and per-million converted) and
        ``published_end`` (the latest date the publication stamp can mean).

    Examples
    --------
    >>> table = load_reference()
    >>> int((table["scope"].str.startswith("Guangzhou") & (table["year"] > 2017)).sum())
    0
    >>> len(load_reference(published_by=2014)) < len(table)
    True
    """
    frame = _table().copy()
    if published_by is not None:
        frame = frame.loc[frame["published_end"] <= _cutoff(published_by)]
    return frame.reset_index(drop=True)


@functools.cache
def _table() -> pd.DataFrame:
    """The table as read once per process (callers get copies)."""
    import pandas as pd

    frame = pd.read_csv(_table_path(), dtype=str, keep_default_na=False)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    factors = [base_unit(unit) for unit in frame["unit"]]
    frame["base_value"] = frame["value"] * [factor for factor, _ in factors]
    frame["base_unit"] = [unit for _, unit in factors]
    frame["published_end"] = [_end_of(stamp) for stamp in frame["published"]]
    return frame


@dataclass(frozen=True)
class Series:
    """One scope's series of one family: one figure a year, all of one definition and unit.

    ``alternatives`` lists the figures not used (another source for the same year, or another
    definition of the count), each as ``"year: value unit (definition; source)"``.
    """

    family: str
    measure: str
    scope: str
    definition: str
    unit: str
    years: tuple[int, ...]
    values: tuple[float, ...]
    confidence: tuple[str, ...]
    published: tuple[str, ...]
    sources: tuple[str, ...]
    alternatives: tuple[str, ...] = ()


def usable_rows(
    family: str,
    *,
    published_by: str | int | None = None,
    measure: str = "level",
) -> pd.DataFrame:
    """Return the full-year, exact (not bounded) figures of ``family`` measured as ``measure``.

    ``"level"`` means a figure of the quantity itself: a count, an amount, a per-capita figure or
    a share (the measures in ``_LEVEL_MEASURES``), as opposed to a growth rate or a sum over years.

    Examples
    --------
    >>> rows = usable_rows("invention_patent_applications", published_by=2017)
    >>> sorted(set(rows["period"])), sorted(set(rows["bound"]))
    (['full_year'], [''])
    """
    table = load_reference(published_by)
    measures = _LEVEL_MEASURES if measure == "level" else (measure,)
    keep = (
        (table["family"] == family)
        & table["measure"].isin(measures)
        & (table["period"] == "full_year")
        & (table["bound"] == "")
    )
    return table.loc[keep].reset_index(drop=True)


def reference_series(
    family: str,
    *,
    published_by: str | int | None = None,
    measure: str = "level",
) -> list[Series]:
    """Return one series per scope of ``family``: the definition with most years, one figure a year.

    Within a year the most confident figure is kept (then the one from the source the series
    uses most, then the earliest published); the others become ``alternatives``.

    Examples
    --------
    >>> series = reference_series("invention_patent_applications", published_by=2017)
    >>> shanghai = [s for s in series if s.scope == "Shanghai"][0]
    >>> shanghai.years[:3], shanghai.unit
    ((2013, 2014, 2015), '件')
    >>> reference_series("no_such_family")
    []
    """
    rows = usable_rows(family, published_by=published_by, measure=measure)
    return [
        _scope_series(scope_rows)
        for _, scope_rows in sorted(rows.groupby("scope"), key=lambda item: str(item[0]))
    ]


def _scope_series(rows: pd.DataFrame) -> Series:
    """The series of one scope: its best-covered definition, one figure a year.

    Plain Python over the rows' records (a rolling backtest builds thousands of these).
    """
    from collections import Counter

    records = rows.to_dict("records")
    years: dict[str, set[int]] = {}
    high: Counter[str] = Counter()
    for row in records:
        years.setdefault(row["definition"], set()).add(row["year"])
        high[row["definition"]] += row["confidence"] == "high"
    definition = max(years, key=lambda d: (len(years[d]), high[d], d == "domestic", str(d)))
    chosen = [row for row in records if row["definition"] == definition]
    counts = Counter(row["source_title"] for row in chosen)
    chosen.sort(
        key=lambda row: (
            row["year"],
            _CONFIDENCE_RANK.get(row["confidence"], 3),
            -counts[row["source_title"]],
            row["published_end"],
        )
    )
    picked = [row for i, row in enumerate(chosen) if i == 0 or row["year"] != chosen[i - 1]["year"]]
    kept = {id(row) for row in picked}
    first = picked[0]
    return Series(
        family=str(first["family"]),
        measure=str(first["measure"]),
        scope=str(first["scope"]),
        definition=str(definition),
        unit=str(first["base_unit"]),
        years=tuple(int(row["year"]) for row in picked),
        values=tuple(float(row["base_value"]) for row in picked),
        confidence=tuple(str(row["confidence"]) for row in picked),
        published=tuple(str(row["published"]) for row in picked),
        sources=tuple(str(row["source_title"]) for row in picked),
        alternatives=tuple(_alternative(row) for row in records if id(row) not in kept),
    )


def _alternative(row: dict[Any, Any]) -> str:
    definition = row["definition"] or "unspecified"
    return (
        f"{int(row['year'])}: {row['base_value']:g} {row['base_unit']}"
        f" ({definition}; {row['source_title']})"
    )


def _families_path() -> str:
    return str(resources.files("ipsim") / "data" / "reference" / "families.csv")


def plan_families() -> dict[tuple[str, str], str]:
    """Return the reference family of each bundled plan's indicator, keyed by (plan id, indicator).

    Examples
    --------
    >>> plan_families()[("guangzhou-ip-2017-2020", "invention_apps")]
    'invention_patent_applications'
    """
    with open(_families_path(), encoding="utf-8", newline="") as handle:
        return {(row["plan"], row["indicator"]): row["family"] for row in csv.DictReader(handle)}


def family_of(plan: str, indicator: str) -> str | None:
    """Return the reference family that measures ``indicator`` of ``plan``, or None if none does.

    Examples
    --------
    >>> family_of("national-ip-2016-2020", "invention_patents_per_10k")
    'patents_per_10k'
    >>> family_of("guangzhou-ip-2017-2020", "ip_review_rate") is None
    True
    """
    family = plan_families().get((plan, indicator), "")
    return family or None
