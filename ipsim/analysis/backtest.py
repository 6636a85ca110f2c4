"""Backtesting: had we run this at ``origin``, would it have called what happened?

:func:`backtest` calibrates a scenario on the figures published up to the origin year,
simulates forward, and scores every (indicator, year) after the origin that has an actual
figure:

- the median and the central 50 % and 90 % intervals of the draws, and whether the actual fell
  inside (their share over all points is the *coverage*, which should be near 50 % and 90 %);
- the PIT value, the share of draws below the actual (mid-rank for ties): uniform on [0, 1]
  when the forecasts are calibrated;
- the CRPS from the draws, ``E|X - y| - E|X - X'| / 2`` (in the indicator's unit; lower is
  better; for a point forecast it is the absolute error).

Per target whose outcome the actuals decide, it gives P(met) at the origin, whether it was met,
and the Brier score ``(P(met) - met)^2``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from ipsim._outputs import plain
from ipsim._styled import Table
from ipsim.errors import ArgumentError, CalibrationArgumentError, CalibrationError, DataError
from ipsim.i18n import Lang, label
from ipsim.observed import DEFAULT_RULE, ObservedData, load_observed, read_observed
from ipsim.results import Result, caption
from ipsim.scenario import Scenario, load_scenario

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from ipsim.analysis.calibrate import CalibrationResult
    from ipsim.assess import Assessment
    from ipsim.plan import Plan
    from ipsim.simulate import RngLike, SimulationResult


def crps_from_draws(draws: np.ndarray, actual: float) -> float:
    """Continuous ranked probability score of a sample forecast against one outcome.

    Uses ``E|X - y| - E|X - X'| / 2`` with the sorted-sample identity for the second term
    (O(n log n)).

    Examples
    --------
    >>> crps_from_draws(np.array([3.0]), 1.0)
    2.0
    >>> round(crps_from_draws(np.array([0.0, 1.0]), 0.5), 3)
    0.25
    """
    x = np.sort(np.asarray(draws, dtype=float))
    n = x.size
    mean_abs = float(np.mean(np.abs(x - actual)))
    ranks = 2.0 * np.arange(1, n + 1) - n - 1
    spread = float(2.0 * np.dot(ranks, x) / (n * n))
    return mean_abs - 0.5 * spread


def crps_normal(mean: float, sd: float, actual: float) -> float:
    """Closed-form CRPS of a normal forecast (Gneiting and Raftery 2007).

    Examples
    --------
    >>> round(crps_normal(0.0, 1.0, 0.0), 6)
    0.233695
    """
    from scipy.stats import norm

    z = (actual - mean) / sd
    return float(sd * (z * (2 * norm.cdf(z) - 1) + 2 * norm.pdf(z) - 1 / math.sqrt(math.pi)))


def pit_value(draws: np.ndarray, actual: float) -> float:
    """Share of draws below the actual, counting ties as half (mid-PIT for discrete counts).

    Examples
    --------
    >>> pit_value(np.array([1.0, 2.0, 3.0, 4.0]), 2.0)
    0.375
    """
    x = np.asarray(draws)
    return float(np.mean(x < actual) + 0.5 * np.mean(x == actual))


@dataclass(frozen=True, eq=False)
class BacktestResult(Result):
    """Scores of a projection made at ``origin`` against what happened.

    ``points`` (and ``to_frame()``, a copy) has one row per (indicator, year) with an actual;
    ``targets`` one row per target whose outcome the actuals decide; ``coverage`` the share of
    points inside each central interval; ``skipped`` what could not be scored and why.
    """

    origin: int
    points: pd.DataFrame = field(repr=False)
    targets: pd.DataFrame = field(repr=False)
    coverage: dict[str, float | None]
    skipped: tuple[str, ...]
    calibration: CalibrationResult = field(repr=False)
    assessment: Assessment = field(repr=False)
    actual_choices: tuple[str, ...] = ()
    """How conflicting actual figures were resolved, one line per conflict."""

    title = "Backtest"

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return one row per scored (indicator, year), a copy of :attr:`points`; with
        ``styled=True`` the table a notebook shows, in ``lang`` (indicators by name, figures in
        their unit, whether each fell inside the 50 % and 90 % intervals)."""
        if styled:
            return self._styler(lang)
        return self.points.copy()

    def _table(self, lang: Lang) -> Table:
        plan = self.assessment.result.plan
        indicators = [plan.indicator(i) for i in self.points["indicator"]]
        shown = self.points[list(_POINT_KEYS)].copy()
        shown["indicator"] = [i.label(lang) for i in indicators]
        shown = shown.rename(columns={k: label(f"workbook.col_{k}", lang) for k in _POINT_KEYS})
        figures = ["percent" if i.kind == "share" else "number" for i in indicators]
        kinds: dict[str, str | list[str]] = {label("workbook.col_year", lang): "year"}
        kinds.update({label(f"workbook.col_{k}", lang): figures for k in _POINT_KEYS[2:8]})
        kinds[label("workbook.col_pit", lang)] = "index"
        kinds[label("workbook.col_crps", lang)] = "number"
        return Table(shown, kinds=kinds)

    def _caption(self, lang: Lang) -> str:
        what = label("styled.what_backtest", lang, origin=self.origin)
        scenario = self.assessment.result.scenario
        draws = self.assessment.result.draws
        return caption(what, lang, scenario=scenario.title(lang) or scenario.name, draws=draws)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``ipsim backtest --format json``."""
        points = [
            {key: _clean(row[key]) for key in _POINT_KEYS} for row in self.points.to_dict("records")
        ]
        targets = [
            {key: _clean(row[key]) for key in ("id", "p_met", "met", "brier")}
            for row in self.targets.to_dict("records")
        ]
        document = {
            "origin": self.origin,
            "points": points,
            "coverage": self.coverage,
            "targets": targets,
            "n_points": len(points),
            "mean_crps_by_indicator": {
                k: float(v) for k, v in self.points.groupby("indicator")["crps"].mean().items()
            },
            "mean_brier": None if self.targets.empty else float(self.targets["brier"].mean()),
            "skipped": list(self.skipped),
            "actual_choices": list(self.actual_choices),
        }
        return dict(plain(document))


_POINT_KEYS = (
    "indicator",
    "year",
    "actual",
    "median",
    "lo50",
    "hi50",
    "lo90",
    "hi90",
    "inside50",
    "inside90",
    "pit",
    "crps",
)


def _clean(value: Any) -> Any:
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    return value


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def backtest(
    scenario: Scenario | str | Path,
    *,
    origin: int,
    actuals: ObservedData | str | Path,
    observed: ObservedData | str | Path | None = None,
    draws: int | None = None,
    rng: RngLike = None,
    **calibrate_options: Any,
) -> BacktestResult:
    """Calibrate on figures up to ``origin``, simulate forward, and score against ``actuals``.

    Parameters
    ----------
    scenario : Scenario, path or bundled name
        The prior: model families, funding, and assumptions for indicators without data.
    origin : int
        The last year whose figures the projection may use.
    actuals : ObservedData or path
        What happened, in the observed-data columns. Its rows up to ``origin`` also count as
        history.
    observed : ObservedData or path, optional
        Figures known at the origin; defaults to the plan's bundled table (if it has one).
    draws : int, optional
        Monte Carlo draws (default: the scenario's).
    rng : int, numpy.random.SeedSequence or numpy.random.Generator, optional
        Seed of the simulation (default: the scenario's).
    **calibrate_options
        ``rule``, ``scope``, ``half_life``, ``prior_df``, ``reference_scopes``: passed to
        :func:`ipsim.analysis.calibrate.calibrate` (``rule`` and ``scope`` also pick the actuals).

    Examples
    --------
    Had we calibrated the bundled baseline at the end of 2016 and checked it against the 2017
    figures: the one growth rate then on record (+58.8 % in 2016), shrunk toward the growth of
    other cities and provinces (the reference class), still predicted more than the 36,941
    applications of 2017, but inside the 90 % interval (a flat prior put it outside):

    >>> from ipsim.observed import load_observed
    >>> result = backtest("baseline", origin=2016, actuals=load_observed("guangzhou-ip-2017-2020"), draws=2_000)
    >>> row = result.points.iloc[0]
    >>> row["indicator"], int(row["year"]), float(row["actual"]), round(float(row["median"]), -4), bool(row["inside90"])
    ('invention_apps', 2017, 36941.0, 40000.0, True)
    """
    from ipsim.analysis.calibrate import calibrate
    from ipsim.assess import assess
    from ipsim.simulate import simulate

    origin, draws = _check_arguments(origin, draws, actuals, observed)
    prior = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    plan = prior.load_plan()
    if origin >= prior.horizon:
        msg = f"origin {origin} leaves nothing to project: the scenario ends in {prior.horizon}"
        raise CalibrationArgumentError(msg)
    actual_data, known = _figures(plan, origin, actuals, observed)
    rule = calibrate_options.get("rule", DEFAULT_RULE)
    scope = calibrate_options.get("scope")
    picked = actual_data.select(plan, scope=scope, rule=rule)
    _refuse_negative(picked.values)
    history = known.until(origin).combined(actual_data.until(origin))
    calibration = calibrate(history, plan, prior=prior, origin=origin, **calibrate_options)
    calibrated = calibration.to_scenario(f"backtest-{origin}")
    result = simulate(calibrated, draws=draws, rng=rng)
    assessment = assess(result)
    points, skipped = _score_points(result, calibrated, picked.values, origin)
    known_values = known.combined(actual_data).select(plan, scope=scope, rule=rule).values
    targets, also_skipped = _score_targets(assessment, prior, known_values, origin)
    choices: list[Any] = list(picked.choices.itertuples(index=False))
    return BacktestResult(
        origin=origin,
        points=points,
        targets=targets,
        coverage={
            "50": float(points["inside50"].mean()) if len(points) else None,
            "90": float(points["inside90"].mean()) if len(points) else None,
        },
        skipped=tuple(skipped + also_skipped),
        calibration=calibration,
        actual_choices=tuple(
            f"{c.indicator} {c.year}: {c.reason}" for c in choices if int(c.year) > origin
        ),
        assessment=assessment,
    )


def _check_arguments(
    origin: Any, draws: Any, actuals: Any, observed: Any
) -> tuple[int, int | None]:
    """The origin and draws as numbers, and the data arguments of the right kinds, or raise."""
    from ipsim._args import shown, whole_number
    from ipsim.scenario import MAX_DRAWS

    origin = whole_number("origin", origin, low=1900, high=2200)
    if draws is not None:
        draws = whole_number("draws", draws, low=1, high=MAX_DRAWS)
    for name, value in (("actuals", actuals), ("observed", observed)):
        if not isinstance(value, ObservedData | str | os.PathLike | type(None)) or (
            name == "actuals" and value is None
        ):
            msg = f"{name}: expected ObservedData or the path of a data file, got {shown(value)}"
            raise ArgumentError(msg)
    return origin, draws


def _figures(
    plan: Plan,
    origin: int,
    actuals: ObservedData | str | Path,
    observed: ObservedData | str | Path | None,
) -> tuple[ObservedData, ObservedData]:
    """What happened, and what was known at the origin (there must be something before it)."""
    actual_data = (
        actuals if isinstance(actuals, ObservedData) else read_observed(actuals, plan=plan)
    )
    if observed is None:
        known = load_observed(plan) if plan.observed_data else actual_data.until(origin)
    else:
        known = (
            observed if isinstance(observed, ObservedData) else read_observed(observed, plan=plan)
        )
    if len(known.until(origin).combined(actual_data.until(origin))) == 0:
        earliest = int(min(known.frame["year"].min(), actual_data.frame["year"].min()))
        msg = f"no figures up to the origin {origin}: the earliest is of {earliest}"
        raise CalibrationError(msg)
    return actual_data, known


def _refuse_negative(values: pd.DataFrame) -> None:
    """Every plan indicator is a count, an amount or a share: none can be below zero."""
    negative = values[values["value"] < 0]
    if len(negative):
        listed = ", ".join(
            f"{r.indicator} {r.year} = {r.value:g}" for r in negative.itertuples(index=False)
        )
        msg = f"actuals: negative figures cannot be scored (a level is never below zero): {listed}"
        raise DataError(msg)


def _score_points(
    result: SimulationResult, calibrated: Scenario, truth: pd.DataFrame, origin: int
) -> tuple[pd.DataFrame, list[str]]:
    """One row per (indicator, year) after the origin with an actual, and what was skipped."""
    import pandas as pd

    years = [int(y) for y in result.years]
    skipped: list[str] = []
    points = []
    rows: list[Any] = list(truth.sort_values(["indicator", "year"]).itertuples(index=False))
    for row in rows:
        year = int(row.year)
        if year <= origin or row.indicator not in result.indicators:
            continue
        spec = calibrated.indicators[row.indicator]
        reason = _unscorable(row.indicator, year, years, spec, origin)
        if reason:
            skipped.append(f"{row.indicator} {year}: {reason}")
            continue
        x = result.path(row.indicator)[:, years.index(year)]
        points.append(
            {
                "indicator": row.indicator,
                "year": year,
                **_point(x, float(row.value)),
                "baseline_assumed": spec.baseline.is_assumed,
                "trend_assumed": spec.trend_assumed,
                "where": row.where,
            }
        )
    columns = [*_POINT_KEYS, "baseline_assumed", "trend_assumed", "where"]
    return pd.DataFrame(points, columns=columns), skipped


def _unscorable(indicator: str, year: int, years: list[int], spec: Any, origin: int) -> str:
    """Why the projection of ``indicator`` in ``year`` is no forecast to score ("" if it is)."""
    if year not in years:
        return f"outside the simulated years {years[0]}-{years[-1]}"
    if spec.baseline.year > origin:
        return (
            f"its path starts in {spec.baseline.year}, after the origin (the prior's baseline, "
            f"not known at {origin}), so it is no forecast from {origin}"
        )
    if spec.baseline.value is None:
        return "simulated as an index (no baseline level), so a level cannot be scored"
    return ""


def _point(x: np.ndarray, actual: float) -> dict[str, Any]:
    """The scores of the draws ``x`` against one actual figure."""
    lo90, lo50, median, hi50, hi90 = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {
        "actual": actual,
        "median": float(median),
        "lo50": float(lo50),
        "hi50": float(hi50),
        "lo90": float(lo90),
        "hi90": float(hi90),
        "inside50": bool(lo50 <= actual <= hi50),
        "inside90": bool(lo90 <= actual <= hi90),
        "pit": pit_value(x, actual),
        "crps": crps_from_draws(x, actual),
    }


def _score_targets(
    assessment: Assessment, prior: Scenario, known_values: pd.DataFrame, origin: int
) -> tuple[pd.DataFrame, list[str]]:
    """One row per target whose outcome the actuals (with the history) decide, and the skipped."""
    import pandas as pd

    from ipsim.target_kinds import is_met, target_quantity

    result = assessment.result
    plan, calibrated = prior.load_plan(), result.scenario
    years = [int(y) for y in result.years]
    skipped: list[str] = []
    rows = []
    for ta in assessment.targets:
        target = plan.target(ta.id)
        series = known_values[known_values["indicator"] == target.indicator]
        observed = {int(y): float(v) for y, v in zip(series["year"], series["value"], strict=True)}
        needed = _years_needed(target, prior.reading_of(target.id))
        if target.deadline <= origin or target.threshold is None:
            continue
        if not all(y in observed for y in needed):
            continue
        if calibrated.indicators[target.indicator].baseline.year > origin:
            skipped.append(f"target {target.id}: its indicator's path starts after the origin")
            continue
        path = np.array([[observed.get(y, math.nan) for y in years]])
        indicator = plan.indicator(target.indicator)
        quantity = target_quantity(target, path, np.array(years), indicator, reading=ta.kind)
        met = bool(is_met(target, quantity)[0])
        rows.append(
            {
                "id": ta.id,
                "p_met": ta.p_met,
                "met": met,
                "brier": (ta.p_met - float(met)) ** 2,
                "actual_quantity": float(quantity[0]),
            }
        )
    columns = ["id", "p_met", "met", "brier", "actual_quantity"]
    return pd.DataFrame(rows, columns=columns), skipped


def _years_needed(target: Any, reading: str) -> list[int]:
    from ipsim.schema.scenario import first_year_needed as _first_year_needed

    first = _first_year_needed(target)
    if target.is_growth and reading == "cagr":
        return [first, target.deadline]
    if target.kind in ("level", "share") or (
        target.kind == "cumulative" and target.basis == "stock"
    ):
        return [target.deadline]
    return list(range(first, target.deadline + 1))
