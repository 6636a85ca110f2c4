"""Evidence that is not one clean series of full-year figures: several sources, bounds, part-years.

Calibration (:mod:`ipsim.analysis.calibrate`) fits a walk to one series of figures. Published
figures are rarely that clean; this module turns them into one:

- **One source series per indicator** (:func:`one_source_series`). Where two sources give
  figures of the same indicator, the series is the source with the longest run of consecutive
  years (on a tie, the one holding the latest figure). The other sources' figures for the same
  years estimate a *source offset* (the mean log ratio): a figure of another source fills a year
  the series lacks only after being moved onto the series by that offset, so growth is never
  computed across sources, and it carries the sources' disagreement (the root mean square of
  the log offsets) as *measurement error*.
- **Approximate figures** ("约", estimates) carry a measurement error of
  :data:`APPROXIMATE_SD` on the log scale.
- **Partial-year flows** (:func:`partial_year_figures`: "Jan-Sep") stand for the full year
  scaled by months, ``value * 12 / months``, with a log-scale measurement error equal to the
  fraction of the year missing (:func:`partial_year_sd`; 0.25 for nine months; the Jan-Sep 2015
  invention applications scaled this way fall 18 % short of the full year), only for a year the
  series has no full-year figure of, and only for a definition the series has.
- **Bounds on a stock** (:func:`stock_between`): a lower bound at a month of the year and a level
  at a month of the next year (a stock never falls) bracket the year-end level; it becomes a
  triangular distribution from the bound to the later level, its mode interpolated linearly in
  time, and the difference bounds the additions over the months between them. A lower bound is
  never the level.

The measurement error enters the fit as variance added to the increments: an increment between
figures with log-scale errors ``m_a`` and ``m_b`` has variance ``sigma^2 g + m_a^2 + m_b^2``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ipsim.distributions import Distribution

if TYPE_CHECKING:
    import pandas as pd

APPROXIMATE_SD = 0.05
"""Log-scale measurement error of a figure published as approximate ("约") or as an estimate: an
assumption (such figures are rounded to two or three significant digits, or worse)."""


def partial_year_sd(months: int) -> float:
    """Log-scale error of a flow over ``months`` months scaled to the year: the part missing.

    Examples
    --------
    >>> partial_year_sd(9), partial_year_sd(12)
    (0.25, 0.0)
    """
    return (12 - int(months)) / 12


@dataclass(frozen=True)
class SeriesChoice:
    """One indicator's figures as one source series.

    ``frame`` holds the rows of :attr:`ipsim.observed.Selection.values` used, values on the
    series' scale, with a ``measurement_sd`` column (log scale); ``source`` is the series'
    source title ("" when the figures have a single source); ``notes`` say what the other
    sources give and what was moved onto the series.
    """

    frame: pd.DataFrame
    source: str = ""
    notes: tuple[str, ...] = ()


def _approximate_sd(flags: str) -> float:
    return APPROXIMATE_SD if {"approximate", "estimate"} & set(str(flags).split(",")) else 0.0


def _longest_run(years: list[int]) -> int:
    """The longest run of consecutive years in ``years``."""
    best = run = 0
    previous = None
    for year in sorted(set(years)):
        run = run + 1 if previous is not None and year == previous + 1 else 1
        best = max(best, run)
        previous = year
    return best


def choose_source(candidates: pd.DataFrame) -> str:
    """The source with the longest run of consecutive years; on a tie the one with the latest.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"source_title": ["city", "city", "cnipa", "cnipa"],
    ...                      "year": [2016, 2017, 2015, 2016]})
    >>> choose_source(rows)
    'city'
    """
    groups = candidates.groupby("source_title")["year"]
    ranked = sorted(
        (
            (_longest_run([int(y) for y in years]), int(years.max()), title)
            for title, years in groups
        ),
        reverse=True,
    )
    return str(ranked[0][2])


class _Offset(NamedTuple):
    ratio: float
    rms: float
    years: tuple[int, ...]


def _offsets(candidates: pd.DataFrame, chosen: str) -> dict[str, _Offset]:
    """Each other source's offset to the chosen one, over the years both give a figure."""
    mine = candidates[candidates["source_title"] == chosen].groupby("year")["value"].first()
    found = {}
    for title, rows in candidates[candidates["source_title"] != chosen].groupby("source_title"):
        theirs = rows.groupby("year")["value"].first()
        common = sorted(set(mine.index) & set(theirs.index))
        both = [(float(mine[y]), float(theirs[y])) for y in common]
        logs = np.array([math.log(a / b) for a, b in both if a > 0 and b > 0])
        if logs.size:
            found[str(title)] = _Offset(
                float(np.exp(logs.mean())), float(np.sqrt(np.mean(logs**2))), tuple(common)
            )
    return found


def one_source_series(picked: pd.DataFrame, candidates: pd.DataFrame) -> SeriesChoice:
    """Keep the indicator's figures to one source series (see the module's description).

    Parameters
    ----------
    picked : pandas.DataFrame
        The figures picked per year (rows of :attr:`ipsim.observed.Selection.values`).
    candidates : pandas.DataFrame
        Every full-year figure of the same years and definition, before the pick.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"year": [2015, 2016, 2016, 2017],
    ...                      "value": [20083.0, 31892.0, 28526.0, 36941.0],
    ...                      "source_title": ["cnipa", "cnipa", "city", "city"],
    ...                      "where": ["line 13", "line 11", "line 10", "line 3"],
    ...                      "flags": ["derived", "", "derived", ""], "conversion": "as published"})
    >>> choice = one_source_series(rows.iloc[[0, 1, 3]], rows)
    >>> choice.source, [round(v) for v in choice.frame["value"]]
    ('city', [17963, 28526, 36941])
    >>> [round(m, 4) for m in choice.frame["measurement_sd"]]
    [0.1115, 0.0, 0.0]
    """
    import pandas as pd

    frame = picked.copy()
    frame["measurement_sd"] = [_approximate_sd(f) for f in frame["flags"]]
    if candidates.empty or candidates["source_title"].nunique() < 2:
        return SeriesChoice(frame)
    chosen = choose_source(candidates)
    offsets = _offsets(candidates, chosen)
    mine = candidates[candidates["source_title"] == chosen]
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    records: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    for row in records:
        own = mine[mine["year"] == row["year"]]
        if not own.empty:
            row = {**own.iloc[0].to_dict(), "measurement_sd": _approximate_sd(own.iloc[0]["flags"])}
        elif row["source_title"] in offsets:
            row = _moved(row, offsets[row["source_title"]], notes)
        else:
            notes.append(
                f"{row['where']} ({row['year']}) is of another source with no year in common "
                f"with the series: taken as it is"
            )
        rows.append(row)
    series = pd.DataFrame(rows, columns=list(frame.columns))
    notes.insert(0, _series_note(chosen, series, offsets, candidates))
    return SeriesChoice(series, chosen, tuple(notes))


def _moved(row: dict[str, Any], offset: _Offset, notes: list[str]) -> dict[str, Any]:
    """Another source's figure moved onto the series by the offset, with its measurement error."""
    value = float(row["value"]) * offset.ratio
    notes.append(
        f"{row['where']} ({row['year']}, {row['value']:,.0f}) moved onto the series: times "
        f"{offset.ratio:.4f}, the offset of its source in {', '.join(map(str, offset.years))}, "
        f"giving {value:,.0f} (measurement sd {offset.rms:.4f} on the log scale)"
    )
    sd = math.hypot(offset.rms, _approximate_sd(row["flags"]))
    conversion = f"{row['conversion']}; moved onto the series (x {offset.ratio:.4f})"
    return {**row, "value": value, "measurement_sd": sd, "conversion": conversion}


def _series_note(
    chosen: str, series: pd.DataFrame, offsets: dict[str, _Offset], candidates: pd.DataFrame
) -> str:
    """Say which source series is used and what the others give for the same years."""
    others = []
    for title, offset in offsets.items():
        theirs = candidates[
            (candidates["source_title"] == title) & candidates["year"].isin(offset.years)
        ]
        found: list[Any] = list(theirs.itertuples())
        figures = ", ".join(f"{int(r.year)}: {r.value:,.0f}" for r in found)
        others.append(
            f"{title} gives {figures} ({(1 / offset.ratio - 1) * 100:+.1f} % against the series; "
            f"a source offset, log {-math.log(offset.ratio):+.4f}, treated as measurement error, "
            f"never as growth)"
        )
    own = series[series["source_title"] == chosen]
    years = ", ".join(str(int(y)) for y in own["year"])
    return f"one source series: {chosen} ({years})" + ("; " + "; ".join(others) if others else "")


def partial_year_figures(
    series: pd.DataFrame, evidence: pd.DataFrame | None, last_year: int, notes: list[str]
) -> pd.DataFrame:
    """Add partial-year flows of years the series lacks, scaled to the full year.

    Only flows ("Jan-Sep") of the series' definition and of years up to ``last_year`` are used;
    each stands for ``value * 12 / month`` with a log-scale measurement error of
    :func:`partial_year_sd` (and :data:`APPROXIMATE_SD` more, in quadrature, if approximate).

    Examples
    --------
    >>> import pandas as pd
    >>> series = pd.DataFrame({"year": [2016, 2017], "value": [100.0, 120.0],
    ...                        "definition": "apps", "measurement_sd": 0.0, "where": "x"})
    >>> evidence = pd.DataFrame({"year": [2015], "month": [9], "value": [60.0], "flow": [True],
    ...                          "definition": ["apps"], "approximate": [False],
    ...                          "lower_bound": [False], "where": ["line 9"],
    ...                          "published": ["60 (Jan-Sep)"], "confidence": ["high"]})
    >>> out = partial_year_figures(series, evidence, 2017, [])
    >>> out[["year", "value", "measurement_sd"]].values.tolist()
    [[2015.0, 80.0, 0.25], [2016.0, 100.0, 0.0], [2017.0, 120.0, 0.0]]
    """
    import pandas as pd

    if evidence is None or evidence.empty or series.empty:
        return series
    have = set(int(y) for y in series["year"])
    definitions = set(series["definition"])
    usable = evidence[
        evidence["flow"]
        & ~evidence["lower_bound"]
        & evidence["definition"].isin(definitions)
        & (evidence["year"] <= last_year)
    ]
    added = []
    found: list[Any] = list(usable.itertuples(index=False))
    for row in found:
        if int(row.year) in have:
            notes.append(
                f"{row.where} ({row.year}, {row.published}) not used: the year has a full-year figure"
            )
            continue
        have.add(int(row.year))
        sd = math.hypot(partial_year_sd(row.month), APPROXIMATE_SD if row.approximate else 0.0)
        value = float(row.value) * 12 / int(row.month)
        notes.append(
            f"{row.where} ({row.year}, {row.published}) used for the full year: times 12/"
            f"{row.month}, {value:,.4g}, with measurement sd {sd:.3f} on the log scale"
        )
        base = series.iloc[-1].to_dict()
        added.append(
            {
                **base,
                "year": int(row.year),
                "value": value,
                "where": row.where,
                "confidence": row.confidence,
                "conversion": f"{row.published}, scaled by 12/{row.month}",
                "measurement_sd": sd,
            }
        )
    if not added:
        return series
    return pd.concat([series, pd.DataFrame(added)], ignore_index=True).sort_values("year")


class StockBracket(NamedTuple):
    """A year-end stock bracketed by a lower bound before it and a level after it."""

    value: Distribution
    additions_at_most: float
    over_years: float
    description: str


def stock_between(evidence: pd.DataFrame | None, year: int) -> StockBracket | None:
    """The year-end level of a stock from a lower bound in ``year`` and a level in ``year + 1``.

    A stock never falls, so a lower bound ``L`` at month ``m1`` of ``year`` is a lower bound at
    its end, and a level ``U`` at month ``m2`` of the next year an upper bound. The year-end
    level is triangular from ``L`` to ``U``, its mode ``L + (U - L) (12 - m1) / (12 - m1 + m2)``
    (linear in time, as if the bound were the level); the additions over those
    ``12 - m1 + m2`` months are at most ``U - L``.

    Examples
    --------
    >>> import pandas as pd
    >>> evidence = pd.DataFrame({"year": [2016, 2017], "month": [11, 3], "value": [57.0, 92.0],
    ...                          "lower_bound": [True, False], "flow": [False, False],
    ...                          "where": ["line 65", "line 30"]})
    >>> found = stock_between(evidence, 2016)
    >>> found.value.params, found.additions_at_most, round(found.over_years, 4)
    ({'low': 57.0, 'mode': 65.75, 'high': 92.0}, 35.0, 0.3333)
    """
    if evidence is None or evidence.empty:
        return None
    levels = evidence[~evidence["flow"]]
    low = levels[(levels["year"] == year) & levels["lower_bound"]]
    high = levels[(levels["year"] == year + 1) & ~levels["lower_bound"]]
    if low.empty or high.empty:
        return None
    lo, hi = low.iloc[-1], high.sort_values("month").iloc[0]
    lower, upper = float(lo["value"]), float(hi["value"])
    if upper <= lower:
        return None
    before, after = 12 - int(lo["month"]), int(hi["month"])
    mode = lower + (upper - lower) * before / (before + after)
    titles = sorted({str(r.get("source_title", "")) for r in (lo, hi)} - {""})
    cited = f" ({'; '.join(titles)})" if titles else ""
    return StockBracket(
        Distribution("triangular", {"low": lower, "mode": mode, "high": upper}),
        upper - lower,
        (before + after) / 12,
        f"end-{year} level between the lower bound {lower:g} at month {int(lo['month'])} "
        f"({lo['where']}) and {upper:g} at month {after} of {year + 1} ({hi['where']}): "
        f"triangular {lower:g} / {mode:.4g} / {upper:g}, the mode interpolated linearly in "
        f"time; the additions over those {before + after} months are at most {upper - lower:g}"
        + cited,
    )
