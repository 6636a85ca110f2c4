"""Calibration: each indicator's model parameters estimated from observed figures, honestly.

Every model family is a random walk with drift on some scale, so one estimator serves all:

=====================  =====================  =============================================
model                  scale of the walk      fitted parameters
=====================  =====================  =============================================
``compound_growth``    log of the level       ``growth`` (drift), ``volatility``
``logistic_share``     logit(share / K)       ``rate`` (drift), ``volatility``
``count_additions``    the stock itself       ``additions`` (a Poisson rate per year)
``funded_units``       (not fitted)           baseline only; unit cost and budget share stay
                                              assumptions
=====================  =====================  =============================================

For a walk observed at years ``t_0 < ... < t_k`` (gaps allowed), the increments
``d_i = y_i - y_(i-1)`` over gaps ``g_i`` have mean ``mu * g_i`` and variance ``sigma^2 * g_i``.
With time weights ``w_i`` (1, or halving every ``half_life`` years back from the last
observation: recent years weigh more, as in ESCAP's time-weighted regression), the drift
estimate is ``mu = sum(w d) / sum(w g)``, its standard error
``s * sqrt(sum(w^2 g)) / sum(w g)``, and ``s^2`` the unbiased weighted residual variance, with
Satterthwaite's degrees of freedom (``k - 1`` for ``k`` equally weighted increments). Measured
on 4,000 synthetic series of 8 figures, the 90 % interval covers the true drift 91 % of the
time with equal weights or a half-life of 4 years, and is conservative under heavy weighting
(93 % at a half-life of 2 years, 95 % at 1).

Small samples are treated honestly: the drift is Student t, not normal, and the volatility is
pooled with the prior scenario's (``prior_df`` pseudo-observations, 2 by default), so three
figures give a wide but finite answer instead of a confident one. Each draw of :func:`simulate`
takes its own drift from that t (``growth_t``/``student_t`` in the scenario). Counts use the
Jeffreys posterior of a Poisson rate, ``gamma(sum + 1/2, 1 / years)``.

An indicator with fewer than two usable figures keeps the prior's trend (and its prior
baseline when it has no figure at all) and is marked assumed. :meth:`CalibrationResult.to_scenario`
writes a scenario in which every number says where it came from.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ipsim.distributions import Distribution, Value, median_of
from ipsim.errors import CalibrationError, DataError
from ipsim.observed import DEFAULT_RULE, ObservedData, Selection, load_observed, read_observed
from ipsim.plan import Plan, load_plan
from ipsim.scenario import Baseline, IndicatorSpec, Scenario, bundled_scenarios, load_scenario
from ipsim.schema.checker import quote_choices, suggestion

if TYPE_CHECKING:
    import pandas as pd

Status = Literal["fitted", "assumed"]

_SCALE = {
    "compound_growth": "log",
    "logistic_share": "logit",
    "count_additions": "count",
}
_DRIFT = {"compound_growth": "growth", "logistic_share": "rate", "count_additions": "additions"}


@dataclass(frozen=True)
class WalkFit:
    """A random walk with drift fitted to one series.

    Attributes
    ----------
    mean : float
        Drift per year on the walk's scale (for counts: the posterior mean of additions a year).
    se : float
        Standard error of ``mean``.
    df : float
        Degrees of freedom of the t distribution of ``mean`` (``inf`` when the volatility is
        taken as known).
    sd : float
        Volatility per year (pooled with the prior when ``prior_df > 0``).
    data_df : float
        Degrees of freedom the data alone gave the volatility.
    """

    mean: float
    se: float
    df: float
    sd: float
    data_df: float
    posterior: Distribution | None = None
    """For counts: the gamma posterior of the rate, which :meth:`interval` then uses."""

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """Return the central ``level`` interval of the drift.

        Examples
        --------
        >>> fit = fit_walk(np.array([2014, 2015, 2016, 2017]), np.log([100, 110, 121, 133.1]))
        >>> [round(x, 4) for x in fit.interval(0.9)]
        [0.0953, 0.0953]
        """
        from scipy.stats import t

        if self.posterior is not None:
            lo, hi = self.posterior.ppf(np.array([0.5 - level / 2, 0.5 + level / 2]))
            return float(lo), float(hi)
        q = float(t.ppf(0.5 + level / 2, self.df)) if math.isfinite(self.df) else _z(level)
        return self.mean - q * self.se, self.mean + q * self.se


def _z(level: float) -> float:
    from scipy.special import ndtri

    return float(ndtri(0.5 + level / 2))


def fit_walk(
    years: np.ndarray,
    values: np.ndarray,
    *,
    half_life: float | None = None,
    prior_sd: float | None = None,
    prior_df: float = 0.0,
) -> WalkFit:
    """Fit a random walk with drift to ``values`` observed at ``years`` (already on its scale).

    Parameters
    ----------
    years : numpy.ndarray
        Increasing whole years (gaps allowed), at least two.
    values : numpy.ndarray
        The series on the walk's scale (log level, logit share, or stock).
    half_life : float, optional
        Weight increments by ``0.5 ** (age / half_life)``, age in years before the last one.
    prior_sd, prior_df : float
        A prior volatility worth ``prior_df`` observations, pooled with the data's.

    Examples
    --------
    >>> fit = fit_walk(np.arange(2010, 2016), np.log([100, 112, 120, 140, 150, 170]))
    >>> round(fit.mean, 4), round(fit.se, 4), fit.df, round(fit.sd, 4)
    (0.1061, 0.0166, 4.0, 0.037)
    """
    check_fit_options(half_life, prior_df)
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    if years.size < 2 or np.any(np.diff(years) <= 0):
        msg = "a walk needs at least two figures in increasing years"
        raise CalibrationError(msg)
    if not np.all(np.isfinite(values)):
        msg = "a walk needs finite values"
        raise CalibrationError(msg)
    gaps = np.diff(years)
    steps = np.diff(values)
    w = time_weights(years, half_life)
    wg = float(np.sum(w * gaps))
    mean = float(np.sum(w * steps) / wg)
    if steps.size >= 2:
        resid = (steps - mean * gaps) / np.sqrt(gaps)
        denom = float(np.sum(w) - np.sum(w**2 * gaps) / wg)
        data_var = float(np.sum(w * resid**2) / denom)
        data_df = _satterthwaite_df(w, gaps)
    else:
        data_var, data_df = 0.0, 0.0
    if prior_sd is not None and prior_df > 0:
        df = data_df + prior_df
        var = (data_df * data_var + prior_df * prior_sd**2) / df
    elif data_df > 0:
        df, var = data_df, data_var
    elif prior_sd is not None:
        df, var = math.inf, prior_sd**2
    else:
        msg = "one increment and no prior volatility: the drift's uncertainty is unknown"
        raise CalibrationError(msg)
    sd = math.sqrt(var)
    se = sd * math.sqrt(float(np.sum(w**2 * gaps))) / wg
    return WalkFit(mean=mean, se=se, df=df, sd=sd, data_df=data_df)


def time_weights(years: np.ndarray, half_life: float | None) -> np.ndarray:
    """Weights of the increments ending at ``years[1:]``: 1, or halving every ``half_life`` years back.

    Examples
    --------
    >>> time_weights(np.array([2014, 2015, 2016, 2017]), 1.0)
    array([0.25, 0.5 , 1.  ])
    """
    years = np.asarray(years, dtype=float)
    ages = years[-1] - years[1:]
    return np.ones_like(ages) if half_life is None else 0.5 ** (ages / float(half_life))


def _satterthwaite_df(w: np.ndarray, gaps: np.ndarray) -> float:
    """Degrees of freedom of the weighted residual variance (Satterthwaite: tr(A)^2 / tr(A^2)).

    The weighted sum of squared standardised residuals is a quadratic form eps' A eps of the
    shocks; with equal weights this gives k - 1 for k increments.
    """
    u = np.sqrt(gaps)
    v = w * u / float(np.sum(w * gaps))
    m = np.eye(gaps.size) - np.outer(u, v)
    a = m.T @ (w[:, None] * m)
    return round(float(np.trace(a) ** 2 / np.trace(a @ a)), 9)


def check_fit_options(half_life: float | None, prior_df: float) -> None:
    """Refuse a half-life that is not a positive number, or a prior weight that is negative."""
    if half_life is not None and not (math.isfinite(half_life) and half_life > 0):
        msg = f"half_life must be a positive number of years, got {half_life!r}"
        raise CalibrationError(msg)
    if not (math.isfinite(prior_df) and prior_df >= 0):
        msg = f"prior_df must be a number of observations >= 0, got {prior_df!r}"
        raise CalibrationError(msg)


@dataclass(frozen=True)
class IndicatorFit:
    """What calibration made of one indicator.

    ``status`` is ``"fitted"`` when its trend was estimated from at least two figures of the
    plan's scope, ``"assumed"`` when the prior's trend was kept. ``spec`` is the indicator as it
    goes into the calibrated scenario; ``notes`` say what was used, skipped and why.
    """

    indicator: str
    model: str
    status: Status
    spec: IndicatorSpec
    years: tuple[int, ...] = ()
    values: tuple[float, ...] = ()
    sources: tuple[str, ...] = ()
    """Where each figure used was read ("line 11", or "actuals.csv line 5")."""
    walk: WalkFit | None = None
    notes: tuple[str, ...] = ()

    @property
    def n_points(self) -> int:
        return len(self.years)

    def to_record(self) -> dict[str, Any]:
        walk = self.walk
        lo, hi = walk.interval(0.9) if walk is not None else (math.nan, math.nan)
        return {
            "indicator": self.indicator,
            "model": self.model,
            "status": self.status,
            "points": self.n_points,
            "years": f"{self.years[0]}-{self.years[-1]}" if self.years else "",
            "scale": _SCALE.get(self.model, ""),
            "drift": walk.mean if walk else math.nan,
            "drift_se": walk.se if walk else math.nan,
            "drift_lo90": lo,
            "drift_hi90": hi,
            "df": walk.df if walk else math.nan,
            "volatility": walk.sd if walk else math.nan,
            "baseline_year": self.spec.baseline.year,
            "baseline_value": None
            if self.spec.baseline.value is None
            else median_of(self.spec.baseline.value),
            "baseline_confidence": self.spec.baseline.confidence,
            "notes": "; ".join(self.notes),
        }


@dataclass(frozen=True, eq=False)
class CalibrationResult:
    """Per-indicator fits, the figures they used, and the prior they fell back on.

    Examples
    --------
    >>> result = calibrate(plan="guangzhou-ip-2017-2020", origin=2017)
    >>> fit = result.fits["invention_apps"]
    >>> fit.status, fit.years, round(fit.walk.mean, 3), fit.walk.df
    ('fitted', (2015, 2016, 2017), 0.305, 3.0)
    >>> sum(f.status == "fitted" for f in result.fits.values())
    1
    """

    plan: Plan = field(repr=False)
    prior: Scenario = field(repr=False)
    origin: int
    fits: Mapping[str, IndicatorFit]
    selection: Selection = field(repr=False)
    half_life: float | None = None
    prior_df: float = 2.0

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator: status, figures used, drift with its 90 % interval, notes."""
        import pandas as pd

        return pd.DataFrame([fit.to_record() for fit in self.fits.values()])

    def to_scenario(self, name: str | None = None) -> Scenario:
        """Return the calibrated scenario: the prior with every fitted number replaced.

        Every indicator's ``rationale`` says where each of its numbers came from; fitted
        parameters are listed in ``fitted``; observed baselines carry their source line.
        """
        specs = {ident: fit.spec for ident, fit in self.fits.items()}
        base_year = min(self.prior.base_year, *(s.baseline.year for s in specs.values()))
        # every path needs one projected year: a path that starts at the plan's last year (its
        # figure is published) makes the scenario run one year past it; no target reads that year
        last_start = max(s.baseline.year for s in specs.values())
        horizon = max(self.prior.horizon, last_start + 1)
        extended = (
            f" The paths run to {horizon}, past the plan's end in {self.prior.horizon}, because "
            f"figures of {last_start} are published and start a path; no target reads {horizon}."
            if horizon != self.prior.horizon
            else ""
        )
        weighting = (
            "equal weights"
            if self.half_life is None
            else f"weights halving every {self.half_life:g} years back"
        )
        n_fitted = sum(fit.status == "fitted" for fit in self.fits.values())
        # levers start the year after the *prior's* base year, wherever the paths now start
        funding = {
            name: lever
            if lever.from_year is not None
            else dataclasses.replace(lever, from_year=self.prior.base_year + 1)
            for name, lever in self.prior.funding.items()
        }
        return dataclasses.replace(
            self.prior,
            name=name or f"calibrated-{self.origin}",
            title_en=f"Calibrated to figures published up to {self.origin}",
            title_zh=f"按截至{self.origin}年的公开数据校准",
            description=(
                f"Written by ipsim.calibrate from {self.selection.source} (scope "
                f"{self.selection.scope}, figures up to {self.origin}; conflicts resolved by "
                f"{self.selection.describe_rule()}; {weighting}; prior volatility worth "
                f"{self.prior_df:g} observations). {n_fitted} of {len(specs)} indicators have "
                f"a trend fitted to data; the rest keep the assumptions of scenario "
                f"'{self.prior.name}'.{extended}"
            ),
            base_year=base_year,
            horizon=horizon,
            indicators=specs,
            funding=funding if base_year != self.prior.base_year else self.prior.funding,
        )

    def _repr_html_(self) -> str:
        return (
            f"<b>CalibrationResult</b> for {self.plan.id}, figures up to {self.origin}"
            + self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.4g}")
        )


def default_prior(plan: Plan) -> Scenario:
    """Return the bundled scenario named ``baseline`` for ``plan`` (else the first bundled one)."""
    names = sorted(bundled_scenarios(), key=lambda n: n != "baseline")
    for name in names:
        scenario = load_scenario(name)
        if scenario.plan == plan.id:
            return scenario
    msg = f"no bundled scenario for plan {plan.id!r} to take priors from; pass prior=<scenario>"
    raise CalibrationError(msg)


def calibrate(
    observed: ObservedData | str | Path | None = None,
    plan: Plan | str | None = None,
    *,
    prior: Scenario | str | Path | None = None,
    origin: int | None = None,
    scope: str | None = None,
    rule: Sequence[str] = DEFAULT_RULE,
    half_life: float | None = None,
    prior_df: float = 2.0,
    reference_scopes: Sequence[str] = (),
) -> CalibrationResult:
    """Fit every indicator of a plan to observed figures published up to ``origin``.

    Parameters
    ----------
    observed : ObservedData, path or None
        The figures; defaults to the plan's bundled table (:func:`ipsim.observed.load_observed`).
    plan : Plan or str, optional
        Plan or plan id; defaults to the prior scenario's plan.
    prior : Scenario, path or bundled name, optional
        Supplies the model families, funding response, the trend of indicators without data and
        the prior volatility; defaults to the plan's bundled ``baseline`` scenario.
    origin : int, optional
        Use figures of years <= ``origin`` only; defaults to the latest year in the data.
    scope : str, optional
        The ``scope`` whose rows are observations; defaults to the plan's.
    rule : sequence of str
        How to choose among conflicting figures (see :data:`ipsim.observed.RULE_KEYS`).
    half_life : float, optional
        Time weighting of increments in years (None: equal weights).
    prior_df : float
        Weight of the prior volatility in observations (0: data alone, classical t).
    reference_scopes : sequence of str
        Scopes (e.g. ``("Guangdong", "China")``) whose series, tried in order, give the trend of
        a growth or share indicator with fewer than two figures of its own. Such a trend is a
        prior: the indicator stays marked assumed.

    Returns
    -------
    CalibrationResult
    """
    if prior is None:
        resolved_plan = load_plan(plan) if isinstance(plan, str) else plan
        if resolved_plan is None:
            msg = "calibrate needs a plan or a prior scenario"
            raise CalibrationError(msg)
        prior_scenario = default_prior(resolved_plan)
    else:
        prior_scenario = prior if isinstance(prior, Scenario) else load_scenario(prior)
    the_plan = (
        prior_scenario.load_plan()
        if plan is None
        else (load_plan(plan) if isinstance(plan, str) else plan)
    )
    if the_plan.id != prior_scenario.load_plan().id:
        msg = f"the prior scenario is for plan {prior_scenario.plan!r}, not {the_plan.id!r}"
        raise CalibrationError(msg)
    if observed is None:
        data = load_observed(the_plan)
    elif isinstance(observed, ObservedData):
        data = observed
    else:
        data = read_observed(observed, plan=the_plan)
    check_fit_options(half_life, prior_df)
    present = sorted(set(data.frame["scope"]))
    for asked in ([scope] if scope else []) + list(reference_scopes):
        if asked not in present:
            msg = (
                f"no figures of scope {asked!r} in {data.source}; the scopes in it are "
                f"{quote_choices(present)}" + suggestion(asked, present)
            )
            raise DataError(msg)
    if data.frame.empty:
        msg = f"no figures in {data.source} to calibrate on"
        raise CalibrationError(msg)
    earliest = int(data.frame["year"].min())
    if origin is None:
        origin = int(data.frame["year"].max())
    elif origin < earliest:
        msg = f"no figures up to {origin} in {data.source}: the earliest is of {earliest}"
        raise CalibrationError(msg)
    known = data.until(origin)
    selection = known.select(the_plan, scope=scope, rule=rule)
    references = [known.select(the_plan, scope=ref, rule=rule) for ref in reference_scopes]
    fits = {
        ident: _fit_indicator(
            spec, selection, the_plan, prior_scenario, origin, half_life, prior_df, references
        )
        for ident, spec in prior_scenario.indicators.items()
    }
    return CalibrationResult(
        plan=the_plan,
        prior=prior_scenario,
        origin=origin,
        fits=fits,
        selection=selection,
        half_life=half_life,
        prior_df=prior_df,
    )


def _fit_indicator(
    spec: IndicatorSpec,
    selection: Selection,
    plan: Plan,
    prior: Scenario,
    origin: int,
    half_life: float | None,
    prior_df: float,
    references: Sequence[Selection] = (),
) -> IndicatorFit:
    notes: list[str] = []
    # a figure of the horizon year may start the path too: the scenario then runs a year past
    # the plan's end (see CalibrationResult.to_scenario), and a target whose years are all
    # published is decided by them
    series = _usable_series(selection, spec.id, min(origin, prior.horizon), notes)
    series = _valid_for_model(spec, series, notes)
    needed = _first_year_needed(plan, spec.id)
    baseline, history_rows = _baseline(spec, series, prior, needed, origin, notes)
    later = [int(y) for y in series["year"] if y > baseline.year]
    if later and baseline.confidence != "assumed":
        missing = [y for y in range(needed, later[-1]) if y not in set(series["year"])]
        notes.append(
            f"figures of {', '.join(map(str, later))} used for the trend but not as the start: "
            f"the path starts in {baseline.year} because {', '.join(map(str, missing))}, "
            f"needed by a target, has no figure"
        )
    used = series
    years = tuple(int(y) for y in used["year"])
    values = tuple(float(v) for v in used["value"])
    sources = tuple(str(x) for x in used["where"])
    scale = _SCALE.get(spec.model)
    if scale is None or len(used) < 2:
        why = (
            f"model {spec.model!r} has no trend to fit"
            if scale is None
            else f"{len(used)} usable figure{'s' if len(used) != 1 else ''} of {selection.scope}"
        )
        reference = _reference_fit(spec, references, origin, half_life, prior_df, notes, why)
        if reference is not None:
            walk, params, ref_years, ref_sources = reference
            rationale = _rationale(
                spec,
                baseline,
                walk,
                prior,
                notes,
                params,
                history_rows,
                ref_years,
                ref_sources,
            )
            new = dataclasses.replace(
                spec,
                baseline=baseline,
                params={**spec.params, **params},
                fitted=(),
                rationale=rationale,
            )
            return IndicatorFit(
                spec.id, spec.model, "assumed", new, years, values, sources, walk, tuple(notes)
            )
        notes.append(f"trend kept from prior scenario '{prior.name}' ({why})")
        rationale = _rationale(spec, baseline, None, prior, notes, {}, history_rows)
        new = dataclasses.replace(spec, baseline=baseline, fitted=(), rationale=rationale)
        return IndicatorFit(
            spec.id, spec.model, "assumed", new, years, values, sources, None, tuple(notes)
        )
    walk, params, fitted = _fit_params(
        spec, np.array(years), np.array(values), half_life, prior_df, notes
    )
    rationale = _rationale(spec, baseline, walk, prior, notes, params, history_rows, years, sources)
    new = dataclasses.replace(
        spec,
        baseline=baseline,
        params={**spec.params, **params},
        fitted=fitted,
        rationale=rationale,
    )
    return IndicatorFit(
        spec.id, spec.model, "fitted", new, years, values, sources, walk, tuple(notes)
    )


def _usable_series(
    selection: Selection, indicator: str, last_year: int, notes: list[str]
) -> pd.DataFrame:
    """The picked figures of one indicator up to ``last_year``, of one definition only."""
    series = selection.series(indicator)
    series = series[series["year"] <= last_year]
    skipped = selection.skipped[selection.skipped["indicator"] == indicator]
    for row in skipped.itertuples(index=False):
        notes.append(f"skipped {row.where} ({row.published}, {row.year}): {row.why}")
    if len(series) and series["definition"].nunique() > 1:
        keep = series["definition"].iloc[-1]
        for row in series[series["definition"] != keep].itertuples(index=False):
            notes.append(f"skipped {row.where} ({row.year}): another definition ({row.definition})")
        series = series[series["definition"] == keep]
    breaks = [int(b) for b in series["break_year"] if b]
    if breaks:  # a revision (a census, a new method): earlier figures are another series
        cut = max(breaks)
        for row in series[series["year"] < cut].itertuples(index=False):
            notes.append(f"skipped {row.where} ({row.year}): before the series break in {cut}")
        series = series[series["year"] >= cut]
    return series


def _reference_fit(
    spec: IndicatorSpec,
    references: Sequence[Selection],
    origin: int,
    half_life: float | None,
    prior_df: float,
    notes: list[str],
    why: str,
) -> tuple[WalkFit, dict[str, Value], tuple[int, ...], tuple[str, ...]] | None:
    """Fit the trend to a reference scope's series (a prior, never an observation)."""
    if _SCALE.get(spec.model) not in ("log", "logit"):
        return None
    for reference in references:
        series = _usable_series(reference, spec.id, origin, [])
        if len(series) < 2:
            continue
        years = np.array(series["year"], dtype=int)
        walk, params, _ = _fit_params(
            spec, years, np.array(series["value"], dtype=float), half_life, prior_df, notes
        )
        sources = tuple(f"{reference.scope} {w}" for w in series["where"])
        notes.append(
            f"trend taken from the {reference.scope} series as a prior ({why}); marked assumed: "
            f"another scope's growth, not an observation of this plan's"
        )
        return walk, params, tuple(int(y) for y in years), sources
    return None


def _first_year_needed(plan: Plan, indicator: str) -> int:
    from ipsim.scenario import _first_year_needed as needed_by

    years = [needed_by(t) for t in plan.targets if t.indicator == indicator]
    return min(years) if years else plan.horizon - 1


def _valid_for_model(spec: IndicatorSpec, series: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Drop figures a model cannot hold (a level <= 0 in a growth model, a share outside (0, K))."""
    scale = _SCALE.get(spec.model)
    values = series["value"]
    if scale == "logit":
        ceiling = median_of(spec.params.get("ceiling", 1.0))
        bad = (values <= 0) | (values >= ceiling)
        why = f"a share must lie strictly between 0 and the ceiling {ceiling:g}"
    elif scale == "log":
        bad, why = values <= 0, "a growth model needs a positive level"
    else:
        bad, why = values < 0, "a count cannot be negative"
    for row in series[bad].itertuples(index=False):
        notes.append(f"skipped {row.where} ({row.year}, value {row.value:g}): {why}")
    return series[~bad]


def _baseline(
    spec: IndicatorSpec,
    series: pd.DataFrame,
    prior: Scenario,
    needed: int,
    origin: int,
    notes: list[str],
) -> tuple[Baseline, list[Any]]:
    """Choose the latest figure that can start the path, with the earlier ones a target needs."""
    rows: list[Any] = list(series.itertuples(index=False))
    observed = {int(r.year): r for r in rows}
    for year in sorted(observed, reverse=True):
        if year > needed and not all(y in observed for y in range(needed, year)):
            continue
        row = observed[year]
        history_rows = [
            observed[y]
            for y in range(min(needed, year), year)
            if y >= prior.base_year and y in observed
        ]
        source = _cite(row, series_source=True)
        return (
            Baseline(
                year=year,
                value=float(row.value),
                confidence=row.confidence,
                source=source,
                history={int(h.year): float(h.value) for h in history_rows},
            ),
            history_rows,
        )
    b = spec.baseline
    if b.confidence != "assumed" and b.year > origin:
        notes.append(
            f"the prior's observed {b.year} baseline was published after {origin}; used as an assumption"
        )
        return (
            Baseline(
                year=b.year,
                value=b.value,
                confidence="assumed",
                rationale=f"prior scenario '{prior.name}': {b.source}",
            ),
            [],
        )
    notes.append(f"baseline kept from prior scenario '{prior.name}'")
    return b, []


def _fit_params(
    spec: IndicatorSpec,
    years: np.ndarray,
    values: np.ndarray,
    half_life: float | None,
    prior_df: float,
    notes: list[str],
) -> tuple[WalkFit, dict[str, Value], tuple[str, ...]]:
    scale = _SCALE[spec.model]
    prior_sd = median_of(spec.params["volatility"]) if "volatility" in spec.params else None
    if scale == "count":
        # Poisson additions over gaps g with time weights w: the weighted rate sum(w a) / sum(w g)
        # and an effective exposure (sum w g)^2 / sum(w^2 g) give a Jeffreys gamma posterior
        check_fit_options(half_life, prior_df)
        w = time_weights(years, half_life)
        gaps = np.diff(years).astype(float)
        additions = np.diff(values)
        exposure = float(np.sum(w * gaps) ** 2 / np.sum(w**2 * gaps))
        rate = float(np.sum(w * additions) / np.sum(w * gaps))
        if rate < 0:
            notes.append("the stock fell; the additions rate is floored at 0")
        posterior = Distribution(
            "gamma", {"shape": max(rate, 0.0) * exposure + 0.5, "scale": 1.0 / exposure}
        )
        walk = WalkFit(
            mean=posterior.params["shape"] * posterior.params["scale"],
            se=math.sqrt(posterior.params["shape"]) * posterior.params["scale"],
            df=math.inf,
            sd=math.nan,
            data_df=0.0,
            posterior=posterior,
        )
        return walk, {"additions": posterior}, ("additions",)
    if scale == "log":
        if np.any(values <= 0):
            msg = f"{spec.id}: a growth model needs positive figures"
            raise CalibrationError(msg)
        walk_values = np.log(values)
        family = "growth_t"
    else:
        ceiling = median_of(spec.params.get("ceiling", 1.0))
        share = np.clip(values / ceiling, 1e-9, 1 - 1e-9)
        walk_values = np.log(share) - np.log1p(-share)
        family = "student_t"
    walk = fit_walk(years, walk_values, half_life=half_life, prior_sd=prior_sd, prior_df=prior_df)
    drift = _drift(spec, family, walk, notes)
    params: dict[str, Value] = {
        _DRIFT[spec.model]: drift,
        "volatility": _volatility(spec, walk, notes),
    }
    fitted = (_DRIFT[spec.model], "volatility") if walk.data_df > 0 else (_DRIFT[spec.model],)
    return walk, params, fitted


def _drift(spec: IndicatorSpec, family: str, walk: WalkFit, notes: list[str]) -> Distribution:
    """The drift's t posterior; its df is raised (lighter tails) if the tails cross the model's bounds."""
    from ipsim.models import MODELS

    bounds = MODELS[spec.model].param(_DRIFT[spec.model])
    df = walk.df if math.isfinite(walk.df) else 1e6
    while True:
        drift = Distribution(family, {"loc": walk.mean, "scale": walk.se, "df": df})
        low, high = drift.support
        if (low > bounds.low and high < bounds.high) or df >= 1e6:
            break
        df = min(df * 2, 1e6)
    if df != walk.df and math.isfinite(walk.df):
        notes.append(
            f"the drift's t tails with {walk.df:g} df cross the model's bounds; drawn with {df:g} df"
        )
    return drift


def _volatility(spec: IndicatorSpec, walk: WalkFit, notes: list[str]) -> Value:
    """The volatility's posterior, so that each draw also takes its own volatility."""
    from ipsim.models import MODELS

    if not math.isfinite(walk.df) or walk.sd == 0:
        return walk.sd
    posterior = Distribution("scaled_inv_chi", {"scale": walk.sd, "df": walk.df})
    bound = MODELS[spec.model].param("volatility").high
    if posterior.support[1] > bound:
        notes.append(
            f"volatility posterior reaches past the model bound {bound:g}; fixed at {walk.sd:.4f}"
        )
        return walk.sd
    return posterior


def _cite(row: Any, *, series_source: bool = False) -> str:
    url = f" {row.source_url}" if row.source_url else ""
    conversion = "" if row.conversion == "as published" else f"; {row.conversion}"
    quote = f': "{row.quote}"' if row.quote else ""
    return f"{row.source_title}{url} ({row.where}, {row.published}{conversion}){quote}"


def _rationale(
    spec: IndicatorSpec,
    baseline: Baseline,
    walk: WalkFit | None,
    prior: Scenario,
    notes: list[str],
    replaced: Mapping[str, Value],
    history_rows: list[Any],
    years: tuple[int, ...] = (),
    sources: tuple[str, ...] = (),
) -> str:
    parts = []
    if baseline.confidence != "assumed" and baseline is not spec.baseline:
        parts.append(f"baseline {baseline.year}: observed ({baseline.confidence})")
        if history_rows:
            parts.append(
                "history "
                + ", ".join(f"{int(r.year)} ({r.where})" for r in history_rows)
                + ": observed"
            )
    if walk is not None:
        scale = _SCALE[spec.model]
        lo, hi = walk.interval(0.9)
        figures = ", ".join(f"{y} ({w})" for y, w in zip(years, sources, strict=True))
        what = {"log": "log growth", "logit": "logit change", "count": "additions"}[scale]
        if scale == "count":
            parts.append(
                f"additions: fitted to {len(years)} figures ({figures}), "
                f"{walk.mean:.4g} a year (90% interval {lo:.4g} to {hi:.4g}), Jeffreys gamma "
                f"posterior"
            )
        else:
            parts.append(
                f"{_DRIFT[spec.model]}: fitted to {len(years)} figures ({figures}); mean {what} "
                f"{walk.mean:.4f} a year, s.e. {walk.se:.4f}, Student t with {walk.df:g} df "
                f"(90% interval {lo:.4f} to {hi:.4f})"
            )
            prior_sd = median_of(spec.params.get("volatility", 0.0))
            drawn = (
                f", drawn per draw from its scaled inverse chi posterior ({walk.df:g} df)"
                if isinstance(replaced.get("volatility"), Distribution)
                else ", fixed"
            )
            parts.append(
                f"volatility {walk.sd:.4f}: the data's ({walk.data_df:g} df) pooled with the "
                f"prior's {prior_sd:g} ({walk.df - walk.data_df:g} df){drawn}"
            )
    kept = [
        name
        for name in (*spec.params, "elasticity", "lag", "shock_loading")
        if name not in replaced
    ]
    parts.append(f"{', '.join(kept)}: from prior scenario '{prior.name}'")
    parts.extend(notes)
    if spec.rationale:
        parts.append(f"prior rationale: {spec.rationale}")
    return "; ".join(parts)


def as_of(scenario: Scenario, year: int, observed: ObservedData | None = None) -> Scenario:
    """The scenario recalibrated on the figures published by ``year``: what could be known then.

    Uses the plan's bundled figures unless ``observed`` is given; see
    :meth:`ipsim.observed.ObservedData.as_of` for when a figure counts as published. Each
    indicator's path starts at its latest published figure, with the earlier ones its targets
    read held in every draw, so only the years still to come are simulated; a target whose years
    are all published is decided by them (:attr:`ipsim.assess.TargetAssessment.decided`).

    Parameters
    ----------
    scenario : Scenario
        The prior: models, funding and assumptions for what is not published.
    year : int
        The vantage year. It may not come before the scenario's base year, nor before the first
        year in which a figure of the plan is published.
    observed : ObservedData, optional
        The figures (default: the plan's bundled table).

    Raises
    ------
    CalibrationError
        If ``year`` is before the allowed range (the message gives the range).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> as_of(load_scenario("national-14th"), 2021).name
    'national-14th-as-of-2021'
    >>> as_of(load_scenario("national-14th"), 1900)
    Traceback (most recent call last):
    ...
    ipsim.errors.CalibrationError: vantage year 1900 is before the scenario's base year 2020; expected a year >= 2020 (the scenario's base year)
    """
    from ipsim._args import whole_number

    year = whole_number("year", year)
    plan = scenario.load_plan()
    data = load_observed(plan) if observed is None else observed
    first = _first_published(data, plan)
    lowest = max(scenario.base_year, first) if first is not None else None
    if lowest is None:
        msg = f"no figure of plan {plan.id!r} in {data.source}, so there is nothing to be known as of {year}"
        raise CalibrationError(msg)
    if year < lowest:
        why = (
            f"is before the scenario's base year {scenario.base_year}"
            if year < scenario.base_year
            else f"is before any figure of plan {plan.id!r} in {data.source} is published"
        )
        where = (
            f"the first year by which a figure of {plan.id} is published"
            if lowest == first
            else "the scenario's base year"
        )
        msg = f"vantage year {year} {why}; expected a year >= {lowest} ({where})"
        raise CalibrationError(msg)
    return calibrate(data.as_of(year), plan, prior=scenario).to_scenario(
        f"{scenario.name}-as-of-{year}"
    )


def _first_published(data: ObservedData, plan: Plan) -> int | None:
    """The first year by which some figure of one of ``plan``'s indicators is published."""
    frame = data.frame
    mine = frame[frame["plan_indicator"].isin(plan.indicator_ids)]
    if mine.empty:
        return None
    lag = (mine["dimension"] == "fraction").map({True: 2, False: 1})
    published = mine["published"].where(mine["published"] > 0, mine["year"] + lag)
    return int(published.min())
