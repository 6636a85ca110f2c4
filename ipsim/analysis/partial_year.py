"""This year's figures: a partial-year release as evidence for the full year.

Chinese statistics offices publish running totals through the year ("1-9月", January to
September) and levels at a month's end ("截至9月底"). An observed row carries its reference
period in the ``period`` column (:func:`ipsim.schema.observed.parse_period`); this module turns
the latest such row of an indicator, for a year with no full-year figure yet, into an estimate
of the full-year figure with an uncertainty, stated:

- **A flow** (an indicator of kind ``flow``: applications, grants, amounts a year) is divided by
  its *seasonal share*, the fraction of a year's flow that falls in January to that month
  (:func:`seasonal_share`). The share is the geometric mean of the shares of past years in which
  the same period and the full year are both published; its log-scale spread, widened for
  predicting a new year (``sd * sqrt(1 + 1/n)``, at least :data:`SHARE_SD_FLOOR`), is the
  estimate's. With one past year the share comes from it but the spread is the calendar
  fallback's; with none the share is the elapsed part of the calendar (``month / 12``) with a
  log-scale sd of the part missing (``(12 - month) / 12``, as
  :func:`ipsim.analysis.calibrate_evidence.partial_year_sd`), and the estimate says so.
- **A level** (a stock, a share, a rate, a count of units) at a month's end stands for the
  year-end level as it is, with a log-scale sd of :data:`LEVEL_YEAR_SD` times the part of the
  year still to come: an assumption, stated.

The estimate enters the observed table as a full-year row flagged ``estimate``
(:func:`with_estimates`) so the latest figure of the evaluation and the start of the path that
P(met) is simulated from are both the estimate; :func:`widened_baselines` then gives that start
the estimate's spread (a log-normal around it) instead of a point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ipsim.i18n import label

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.observed import ObservedData, Selection
    from ipsim.plan import Plan
    from ipsim.scenario import Scenario

Lang = Literal["en", "zh"]

LEVEL_YEAR_SD = 0.10
"""Log-scale sd of a level's change over a whole year, an assumption (the bundled stocks and
shares move by a few to twenty per cent a year): a level at the end of month ``m`` stands for the
year-end level with sd ``LEVEL_YEAR_SD * (12 - m) / 12``."""

SHARE_SD_FLOOR = 0.02
"""Least log-scale sd of a seasonal share read from past years, an assumption: past years that
agree exactly (or rounded figures) do not make a new year's share exact."""

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_TO_YUAN = {"CNY": 1.0, "yuan": 1.0, "CNY 100 million": 1e8, "CNY 10,000": 1e4}
"""Yuan per unit of the plans' money units (``unit_en``)."""

_MONEY_UNITS = {"zh": (1e8, 1e4), "en": (1e9, 1e6)}
"""The large and the small money unit of each language, in yuan (亿元/万元, CNY billion/million)."""


def number_text(value: float | None) -> str:
    """A figure as it was published: thousands separators from 1,000, up to four significant
    digits below, never an exponent (``-`` when missing).

    Examples
    --------
    >>> number_text(36941.0), number_text(848.5), number_text(80.05), number_text(3200.0)
    ('36,941', '848.5', '80.05', '3,200')
    >>> number_text(3194.4), number_text(61831.50032), number_text(0.000123), number_text(None)
    ('3,194.4', '61,831.5', '0.000123', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    if float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 1000:  # one decimal at most: 3,194.4
        return f"{value:,.1f}".removesuffix(".0")
    digits = max(0, 3 - math.floor(math.log10(abs(value))))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class FigureUnit:
    """How one indicator's figures read: divide the value (in the plan's unit) by ``divisor``
    and name ``unit``; shares as percentages."""

    divisor: float
    unit: str
    percent: bool = False

    def text(self, value: float | None) -> str:
        """The figure in this unit, without the unit (``-`` when missing).

        Examples
        --------
        >>> figure_unit("CNY", "flow", 1.0521e10, "zh").text(1.0521e10)
        '105.2'
        >>> figure_unit("share", "share", 0.7, "en").text(0.1197)
        '12.0%'
        """
        if value is None or not math.isfinite(value):
            return "-"
        if self.percent:
            return f"{value * 100:.1f}%"
        return number_text(value / self.divisor)


def figure_unit(unit_en: str, kind: str, largest: float, lang: Lang, unit: str = "") -> FigureUnit:
    """The unit an indicator's figures read in: money in 亿元/万元 (CNY billion/million, the
    large one once ``largest`` reaches it), shares in percent, else ``unit`` as published.

    Examples
    --------
    >>> figure_unit("CNY", "flow", 1e9, "zh"), figure_unit("CNY", "flow", 1e9, "en").unit
    (FigureUnit(divisor=100000000.0, unit='亿元', percent=False), 'CNY billion')
    >>> figure_unit("CNY 100 million", "flow", 3200.0, "en").text(3200.0)
    '320'
    """
    if kind == "share" or unit_en == "share":
        return FigureUnit(1.0, "%", percent=True)
    to_yuan = _TO_YUAN.get(unit_en)
    if to_yuan is None:
        return FigureUnit(1.0, unit)
    large, small = _MONEY_UNITS.get(lang, _MONEY_UNITS["en"])
    big = abs(largest) * to_yuan >= large
    key = "units.money_large" if big else "units.money_small"
    return FigureUnit((large if big else small) / to_yuan, label(key, lang))


def period_text(year: int, month: int, lang: Lang = "en", *, level: bool = False) -> str:
    """A reference period for a reader: ``2023``/``2023年``, ``Jan-Jun 2023``/``2023年1-6月``,
    and for a ``level`` the date it is taken at, ``end-Jun 2023``/``2023年6月末``.

    Examples
    --------
    >>> period_text(2023, 6), period_text(2023, 6, "zh"), period_text(2023, 12, "zh")
    ('Jan-Jun 2023', '2023年1-6月', '2023年')
    >>> period_text(2023, 9, level=True), period_text(2023, 9, "zh", level=True)
    ('end-Sep 2023', '2023年9月末')
    """
    if month == 12:
        return label("evaluate.period_year", lang, year=year)
    named = MONTHS_EN[month - 1] if lang == "en" else month
    if level:
        return label("evaluate.period_end", lang, year=year, month=named)
    if month == 1:
        return label("evaluate.period_january", lang, year=year)
    return label("evaluate.period_months", lang, year=year, month=named)


@dataclass(frozen=True)
class SeasonalShare:
    """The fraction of a year's flow that falls in January to ``month``, and where it came from.

    ``sd`` is the log-scale sd of a new year's share; ``years`` the past years it was read from
    (empty for the calendar fallback).
    """

    month: int
    share: float
    sd: float
    years: tuple[int, ...]

    @property
    def basis(self) -> str:
        """``"history"`` (from past years) or ``"calendar"`` (``month / 12``: no past year)."""
        return "history" if self.years else "calendar"

    def describe(self, lang: Lang = "en") -> str:
        """The share in words, with the years it came from and its spread."""
        if not self.years:
            return label("evaluate.share_calendar", lang, share=self.percent, sd=self.sd)
        years = label("evaluate.year_separator", lang).join(str(y) for y in self.years)
        key = "evaluate.share_history" if len(self.years) > 1 else "evaluate.share_one_year"
        return label(key, lang, share=self.percent, sd=self.sd, years=years, n=len(self.years))

    @property
    def percent(self) -> str:
        """The share as a percentage with one decimal, ``50.0%``."""
        return f"{self.share * 100:.1f}%"


def seasonal_share(
    partials: Mapping[int, float], full_years: Mapping[int, float], month: int
) -> SeasonalShare:
    """The seasonal share of January to ``month`` from past years with both figures.

    Parameters
    ----------
    partials : mapping of int to float
        Past years' January-to-``month`` figures.
    full_years : mapping of int to float
        Past years' full-year figures, same unit.
    month : int
        The month the period runs to (1..11).

    Examples
    --------
    Shares 0.4 and 0.625 have the geometric mean 0.5; a flat monthly series gives 6/12 for
    January to June:

    >>> found = seasonal_share({2021: 40.0, 2022: 62.5}, {2021: 100.0, 2022: 100.0}, 6)
    >>> round(found.share, 12), found.years, round(found.sd, 4)
    (0.5, (2021, 2022), 0.3865)
    >>> seasonal_share({}, {2021: 100.0}, 9)
    SeasonalShare(month=9, share=0.75, sd=0.25, years=())
    """
    years = tuple(sorted(y for y, v in partials.items() if v > 0 and full_years.get(y, 0) > 0))
    calendar_sd = (12 - month) / 12
    if not years:
        return SeasonalShare(month, month / 12, calendar_sd, ())
    logs = np.log([partials[y] / full_years[y] for y in years])
    n = len(years)
    spread = float(np.std(logs, ddof=1) * math.sqrt(1 + 1 / n)) if n > 1 else calendar_sd
    sd = max(spread, SHARE_SD_FLOOR)
    return SeasonalShare(month, float(np.exp(logs.mean())), sd, years)


@dataclass(frozen=True)
class YearEstimate:
    """A full-year figure estimated from a partial-year row (see the module's description).

    ``partial`` is the published figure and ``estimate`` the full-year one, both in the plan's
    unit; ``sd`` is the estimate's log-scale sd; ``share`` the seasonal share used for a flow
    (None for a level, taken as it is).
    """

    indicator: str
    year: int
    month: int
    partial: float
    estimate: float
    sd: float
    share: SeasonalShare | None
    where: str
    released: str
    line: int

    def period(self, lang: Lang = "en") -> str:
        """The partial period, ``Jan-Jun 2023`` / ``2023年1-6月`` (a level: ``end-Jun 2023``)."""
        return period_text(self.year, self.month, lang, level=self.share is None)

    @property
    def on_calendar(self) -> bool:
        """Whether the estimate rests on the calendar's share (no past year to read one from)."""
        return self.share is not None and self.share.basis == "calendar"

    def describe(self, lang: Lang = "en", unit: FigureUnit | None = None) -> str:
        """How the estimate was made, in one sentence (figures in ``unit``, default as
        published)."""
        shown = unit or FigureUnit(1.0, "")
        period = self.period(lang)
        if self.share is None:
            value = shown.text(self.partial)
            return label("evaluate.estimate_level", lang, period=period, value=value, sd=self.sd)
        return label(
            "evaluate.estimate_flow",
            lang,
            period=period,
            value=shown.text(self.partial),
            estimate=shown.text(self.estimate),
            share=self.share.describe(lang),
        )

    def marked(self, lang: Lang = "en", unit: FigureUnit | None = None) -> str:
        """The latest figure marked as the estimate it is: ``est. 3,200 for 2023 (Jan-Mar 2023:
        800)``; a level, as published with its date: ``10 (end-Sep 2023)``.

        Examples
        --------
        >>> share = SeasonalShare(3, 0.25, 0.75, ())
        >>> found = YearEstimate("x", 2023, 3, 800.0, 3200.0, 0.75, share, "line 1", "", 1)
        >>> found.marked("en"), found.marked("zh")
        ('est. 3,200 for 2023 (Jan-Mar 2023: 800)', '2023年全年估计3,200（据2023年1-3月800）')
        """
        shown = unit or FigureUnit(1.0, "")
        key = "evaluate.marked_level" if self.share is None else "evaluate.marked_flow"
        return label(
            key,
            lang,
            estimate=shown.text(self.estimate),
            value=shown.text(self.partial),
            year=self.year,
            period=self.period(lang),
        )

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The estimate's record, with the seasonal share (``None`` for a level)."""
        share = self.share
        return {
            "period": f"M{self.month:02d}",
            "period_label": self.period(lang),
            "published": self.released or None,
            "partial_value": self.partial,
            "full_year_estimate": self.estimate,
            "log_sd": self.sd,
            "seasonal_share": None if share is None else share.share,
            "share_years": None if share is None else list(share.years),
            "share_basis": "level" if share is None else share.basis,
            "note": self.describe(lang),
        }


def full_year_estimates(selection: Selection, plan: Plan) -> dict[str, YearEstimate]:
    """Per indicator, the full-year estimate from its latest partial-year row, if any.

    Only a row with a ``period`` of a year with no full-year figure counts, and never a lower
    bound; among rows of the same year and month the first of the highest confidence is used.
    Rows whose period is only written in their texts ("Jan-Sep", "as of end-Mar", as in the
    bundled tables) serve as past years of a seasonal share but are not turned into estimates:
    calibration reads them as evidence
    (:func:`ipsim.analysis.calibrate_evidence.partial_year_figures`,
    :func:`~ipsim.analysis.calibrate_evidence.stock_between`) as before.

    Examples
    --------
    >>> from ipsim.observed import load_observed
    >>> from ipsim.plan import load_plan
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> full_year_estimates(load_observed(plan).select(plan), plan)  # periods only in texts
    {}
    """
    evidence = selection.evidence
    if evidence is None or evidence.empty:
        return {}
    usable = evidence[
        evidence["partial_year"] & ~evidence["lower_bound"] & (evidence["month"] < 12)
    ]
    found = {}
    for ident, rows in usable.groupby("indicator"):
        full = _full_years(selection.values, str(ident))
        latest = _latest_row(rows[~rows["year"].isin(full) & (rows["period"] != "")])
        if latest is not None:
            found[str(ident)] = _estimate(latest, rows, full)
    return found


def _full_years(values: pd.DataFrame, indicator: str) -> dict[int, float]:
    rows = values[values["indicator"] == indicator]
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}


def _latest_row(rows: pd.DataFrame) -> Any:
    """The latest row by (year, month); the first of the highest confidence among equals."""
    from ipsim.observed import CONFIDENCE_RANK

    if rows.empty:
        return None
    rank = rows["confidence"].map(CONFIDENCE_RANK).fillna(0)
    ordered = rows.assign(rank=rank, seq=range(len(rows))).sort_values(
        ["year", "month", "rank", "seq"], ascending=[False, False, False, True]
    )
    return next(ordered.itertuples(index=False))


def _estimate(row: Any, rows: pd.DataFrame, full: Mapping[int, float]) -> YearEstimate:
    """The full-year estimate from ``row``: by the seasonal share for a flow, as it is for a level."""
    month, value = int(row.month), float(row.value)
    common = dict(
        indicator=row.indicator,
        year=int(row.year),
        month=month,
        partial=value,
        where=row.where,
        released=row.released,
        line=int(row.line),
    )
    if not row.flow:
        sd = LEVEL_YEAR_SD * (12 - month) / 12
        return YearEstimate(**common, estimate=value, sd=sd, share=None)
    past = rows[rows["flow"] & (rows["month"] == month) & rows["year"].isin(full)]
    partials: dict[int, float] = {}
    for year in sorted(set(past["year"])):
        best = _latest_row(past[past["year"] == year])  # the first of the highest confidence
        partials[int(year)] = float(best.value)
    share = seasonal_share(partials, full, month)
    return YearEstimate(**common, estimate=value / share.share, sd=share.sd, share=share)


def with_estimates(data: ObservedData, estimates: Mapping[str, YearEstimate]) -> ObservedData:
    """Return ``data`` with one full-year row per estimate, flagged ``estimate``.

    The row copies its partial-year row (source, confidence, publication date), its value
    scaled by ``estimate / partial``; a figure later published for the full year wins over it
    only by the conflict rule, so pass data without that year's full-year figure.
    """
    import pandas as pd

    from ipsim.observed import ObservedData

    if not estimates:
        return data
    frame = data.frame
    added = []
    for found in estimates.values():
        source = frame[(frame["line"] == found.line) & (frame["where"] == found.where)]
        if source.empty:
            continue
        row = source.iloc[0].to_dict()
        flags = [f for f in str(row["flags"]).split(",") if f and f != "partial_year"]
        row.update(
            value=float(row["value"]) * found.estimate / found.partial,
            flags=",".join([*flags, "estimate"] if "estimate" not in flags else flags),
            period="",
            period_end=12,
            indicator=f"{row['indicator']} (full-year estimate from {found.period('en')})",
            where=f"{row['where']} (full-year estimate)",
        )
        added.append(row)
    combined = pd.concat([frame, pd.DataFrame(added, columns=frame.columns)], ignore_index=True)
    return ObservedData(combined, data.source)


def widened_baselines(
    scenario: Scenario, estimates: Mapping[str, YearEstimate], plan: Plan
) -> Scenario:
    """Return ``scenario`` with each path that starts at an estimate starting from a log-normal
    around it (median the estimate, sigma its log-scale sd) instead of a point.

    Shares are left as points (a log-normal could pass 1); their estimate's spread enters only
    the trend fit, as an estimate's measurement error.
    """
    import dataclasses

    from ipsim.distributions import Distribution

    specs = dict(scenario.indicators)
    for ident, found in estimates.items():
        spec = specs.get(ident)
        if spec is None or plan.indicator(ident).kind == "share" or found.sd <= 0:
            continue
        baseline = spec.baseline
        value = baseline.value
        if baseline.year != found.year or not isinstance(value, int | float):
            continue
        if not math.isclose(float(value), found.estimate, rel_tol=1e-6):
            continue
        spread = Distribution("lognormal", {"median": float(value), "sigma": found.sd})
        widened = dataclasses.replace(baseline, value=spread)
        specs[ident] = dataclasses.replace(spec, baseline=widened)
    return dataclasses.replace(scenario, indicators=specs)


def scenario_as_of(
    scenario: Scenario, year: int, data: ObservedData
) -> tuple[Scenario, ObservedData, dict[str, YearEstimate]]:
    """The scenario recalibrated on ``data`` (rows already cut to what was published), with the
    partial-year rows turned into full-year estimates.

    Returns the recalibrated scenario (each path that starts at an estimate widened by
    :func:`widened_baselines`), the data with the estimates added, and the estimates.

    Examples
    --------
    >>> from ipsim.observed import load_observed
    >>> from ipsim.scenario import load_scenario
    >>> known = load_observed("guangzhou-ip-2017-2020").as_of(2018)
    >>> later, data, found = scenario_as_of(load_scenario("baseline"), 2018, known)
    >>> later.name, found
    ('baseline-as-of-2018', {})
    """
    from ipsim.analysis.calibrate import as_of

    plan = scenario.load_plan()
    estimates = full_year_estimates(data.select(plan), plan)
    extended = with_estimates(data, estimates)
    later = as_of(scenario, year, extended)
    return widened_baselines(later, estimates, plan), extended, estimates
