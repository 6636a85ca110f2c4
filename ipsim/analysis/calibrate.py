"""Calibration: each indicator's model parameters estimated from observed figures, honestly.

Every model family declares how calibration sees it (:attr:`ipsim.models.base.Model.calibration`,
a :class:`~ipsim.models.base.RandomWalk`): a random walk with drift on some scale, and which of
its parameters are the drift, the volatility and the ceiling. One estimator serves all; this
module never names a family:

==========  =====================  ===================================================
scale       the walk is            fitted parameters
==========  =====================  ===================================================
``log``     log of the level       the drift (a growth rate, ``growth_t``), volatility
``logit``   logit(share / K)       the drift (a logit change, ``student_t``), volatility
``count``   the stock itself       the drift (additions a year, over-dispersed) and the
                                   volatility (the yearly log-shock sd of the additions)
(none)      (not fitted)           baseline only; the family's parameters stay
                                   assumptions
==========  =====================  ===================================================

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
figures give a wide but finite answer instead of a confident one. The drift is then combined with
a prior (``drift_prior``, :mod:`ipsim.analysis.calibrate_prior`): the indicator's reference class
(the same quantity in other scopes, partially pooled by :func:`ipsim.analysis.pooling.drift_prior`
from figures published by the origin, the plan's own scope left out) where one exists, else the
prior scenario's stated distribution of the drift, so that two figures move the estimate as much
as two figures should. Each indicator is kept to one source series, other sources' figures
entering only as measurement error (:mod:`ipsim.analysis.calibrate_evidence`, which also turns
bounds and partial-year figures into evidence). With the bundled data the 2015-2017 invention
applications in the city's series (CNIPA's 2015 figure moved onto it by the sources' 2016 offset,
log 0.1115, which is also its measurement error) give a log growth of 0.320 a year on their own
and 0.202 with the reference class. Each draw of
:func:`simulate` takes its own drift from that posterior (``growth_t``/``student_t`` in the
scenario). Counts are over-dispersed: additions are Poisson-lognormal, the rate's posterior a
gamma matched to the quasi-likelihood with the dispersion fitted from the series and pooled with
the prior's volatility (:func:`ipsim.analysis.calibrate_prior.count_rate`).

Drifts change, so by default (``damped=True``) a fitted log-scale drift (a growth) is damped
toward the deadline as the rolling-origin backtest validated (:mod:`ipsim.analysis.rolling`:
its 90 % intervals covered 86 % of later figures damped, 80 % undamped): ``phi`` and the
drift-change sd are learnt by :func:`ipsim.analysis.pooling.damping` from the reference class
published by the calibration's vantage year (the indicator's own series left out), and the
scenario's growth, one value per draw held over the years, carries the drift's horizon average
over the years from the path's start to the indicator's deadline
(:func:`ipsim.analysis.calibrate_prior.damp_drift`: exact at the deadline, an approximation in
the years between). For the bundled invention applications as of 2017 (``phi`` 0.96, drift-change
sd 0.061, 3 years to 2020) the mean log growth goes from 0.2018 to 0.1861 a year and its s.e.
from 0.0425 to 0.0810. Share (logit) and count drifts are not damped: the damping is learnt on
log-scale series and says nothing of a logit change or of additions a year; their rationale says
so.

An indicator with fewer than two usable figures keeps the prior's trend (and its prior
baseline when it has no figure at all) and is marked assumed, unless it is a stock bracketed by a
lower bound and a later level (its baseline then a distribution between them, its additions
bounded). Its trend still borrows strength where it can (``drift_prior="reference"``): when its
indicator has a reference class (a family of relation ``same`` or ``similar`` in
``families.csv``, thick enough to pool from figures published by the vantage year, the plan's
own scope left out), the class's predictive for a new scope, damped over the horizon like a
fitted drift, sets the least spread the stated trend may have
(:func:`ipsim.analysis.calibrate_prior.class_spread`): the judgement keeps its centre (it says
where), the class says how uncertain a guess about one more of its members can honestly be; a
``similar`` class (a related indicator) only widens by its spread, a ``same`` one also by the
guess's distance from the class mean; a stated trend already as wide is kept. With the bundled
data as of 2017 the only such class is the invention applications' (16 scopes): the high-tech
and state-owned firms' invention applications (``similar``) go from a stated log-growth sd of
0.064 and 0.070 to 0.086 a year (the class's 0.044 a year, damped over 4 years with the
drift-change variance), their centres 0.221 and 0.137 kept. ``drift_prior="stated"`` or
``"flat"`` keep the stated trend as it is. :meth:`CalibrationResult.to_scenario`
writes a scenario in which every number says where it came from.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

import numpy as np

from ipsim._outputs import plain
from ipsim._styled import Table
from ipsim.analysis.calibrate_evidence import (
    one_source_series,
    partial_year_figures,
    stock_between,
)
from ipsim.analysis.calibrate_prior import (
    Bound,
    ClassSpread,
    DampedDrift,
    Relation,
    class_spread,
    count_rate,
    damp_drift,
    describe,
    describe_class_spread,
    describe_damping,
    stated_prior,
)
from ipsim.analysis.pooling import Damping, DriftPrior, combine, drift_prior
from ipsim.distributions import Distribution, Value, median_of
from ipsim.errors import CalibrationArgumentError, CalibrationError, DataError
from ipsim.i18n import Lang, label
from ipsim.models import MODELS
from ipsim.models.base import ParamSpec, RandomWalk
from ipsim.observed import DEFAULT_RULE, ObservedData, Selection, load_observed, read_observed
from ipsim.plan import Plan, load_plan
from ipsim.results import Result
from ipsim.scenario import Baseline, IndicatorSpec, Scenario, bundled_scenarios, load_scenario
from ipsim.schema.checker import quote_choices, suggestion

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

Status = Literal["fitted", "assumed"]
PriorChoice = Literal["reference", "stated", "flat"]
PRIOR_CHOICES: tuple[str, ...] = ("reference", "stated", "flat")
"""What a drift is shrunk toward: the reference class where one exists (else the prior
scenario's stated distribution), the stated distribution only, or nothing (a flat prior)."""

_DRIFT_FAMILY = {"log": "growth_t", "logit": "student_t"}
"""The scales fitted by :func:`fit_walk`, and the distribution of the drift parameter each gives:
on the log scale the parameter is a growth rate whose log growth is Student t."""
_DRIFT_WORDS = {"log": "log growth", "logit": "logit change"}
"""What the drift of each such scale is, in the rationale."""


def _calibration(model: str) -> RandomWalk | None:
    """How the family ``model`` is calibrated (None: no trend to fit, or not registered)."""
    family = MODELS.get(model)
    return None if family is None else family.calibration


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
    prior: DriftPrior | None = None
    """The prior the drift was shrunk toward (None: the data alone, a flat prior)."""
    data_mean: float | None = None
    """The data's own drift estimate before the prior (None when no prior was used)."""
    data_se: float | None = None
    dispersion: float = 1.0
    """For counts: the additions' variance over a Poisson's."""
    volatility_df: float | None = None
    """Degrees of freedom of the volatility when they differ from the drift's ``df`` (a drift
    shrunk toward a prior is normal, its volatility still estimated from few figures)."""
    damped: DampedDrift | None = None
    """The drift's horizon average under the damped local trend, which the scenario's growth
    carries (None: undamped; ``mean`` and ``se`` stay the drift a year at the origin)."""

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
    measurement_sd: np.ndarray | None = None,
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
    measurement_sd : numpy.ndarray, optional
        Each figure's measurement error on the walk's scale (another source's figure moved onto
        the series, an approximate or partial-year figure). An increment between figures with
        errors ``m_a`` and ``m_b`` then has variance ``sigma^2 g + m_a^2 + m_b^2``, and the drift
        is its generalised least-squares estimate with those variances (the volatility is still
        estimated from the increments as they are, so it absorbs some measurement noise: wide
        rather than narrow).

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
    if measurement_sd is not None and np.any(np.asarray(measurement_sd) > 0):
        mean, se = _with_measurement_error(steps, gaps, w, var, np.asarray(measurement_sd))
    return WalkFit(mean=mean, se=se, df=df, sd=sd, data_df=data_df)


def _with_measurement_error(
    steps: np.ndarray, gaps: np.ndarray, w: np.ndarray, var: float, error_sd: np.ndarray
) -> tuple[float, float]:
    """The drift and its s.e. when each increment's variance also holds its figures' errors.

    Examples
    --------
    >>> steps, gaps, w = np.array([0.46, 0.26]), np.ones(2), np.ones(2)
    >>> [round(x, 4) for x in _with_measurement_error(steps, gaps, w, 0.01, np.zeros(3))]
    [0.36, 0.0707]
    >>> [round(x, 4) for x in _with_measurement_error(steps, gaps, w, 0.01, np.array([0.11, 0, 0]))]
    [0.3223, 0.083]
    """
    increments_var = var * gaps + error_sd[:-1] ** 2 + error_sd[1:] ** 2
    a = w * gaps / increments_var
    total = float(np.sum(a * gaps))
    mean = float(np.sum(a * steps)) / total
    se = math.sqrt(float(np.sum(a**2 * increments_var))) / total
    return mean, se


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
        raise CalibrationArgumentError(msg)
    if not (math.isfinite(prior_df) and prior_df >= 0):
        msg = f"prior_df must be a number of observations >= 0, got {prior_df!r}"
        raise CalibrationArgumentError(msg)


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
    spread: ClassSpread | None = None
    """For an unfitted drift: the stated trend's spread checked against the indicator's
    reference class (:func:`ipsim.analysis.calibrate_prior.class_spread`; None: no class)."""

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
            "scale": _scale_name(self.model),
            "drift": walk.mean if walk else math.nan,
            "drift_se": walk.se if walk else math.nan,
            "drift_lo90": lo,
            "drift_hi90": hi,
            "df": walk.df if walk else math.nan,
            "drift_data": walk.mean
            if walk and walk.data_mean is None
            else _or_nan(walk, "data_mean"),
            "prior": _prior_record(walk, self.spread),
            "volatility": walk.sd if walk else math.nan,
            **_damping_record(walk),
            "baseline_year": self.spec.baseline.year,
            "baseline_value": None
            if self.spec.baseline.value is None
            else median_of(self.spec.baseline.value),
            "baseline_confidence": self.spec.baseline.confidence,
            "notes": "; ".join(self.notes),
        }


def _damping_record(walk: WalkFit | None) -> dict[str, Any]:
    """The damping of a fitted drift, and the horizon average the scenario carries (nan: none)."""
    damped = None if walk is None else walk.damped
    if damped is None:
        return dict.fromkeys(
            ("phi", "drift_change_sd", "horizon", "drift_horizon", "drift_horizon_se"), math.nan
        )
    return {
        "phi": damped.damping.phi,
        "drift_change_sd": damped.damping.drift_change_sd,
        "horizon": damped.horizon,
        "drift_horizon": damped.mean,
        "drift_horizon_se": damped.se,
    }


def _prior_record(walk: WalkFit | None, spread: ClassSpread | None) -> str:
    """The prior a drift was shrunk toward, or the class an assumed drift's spread came from."""
    if walk is not None and walk.prior is not None:
        return describe(walk.prior)
    return "" if spread is None else describe(spread.prior)


def _or_nan(walk: WalkFit | None, name: str) -> float:
    value = None if walk is None else getattr(walk, name)
    return math.nan if value is None else float(value)


def _scale_name(model: str) -> str:
    calibration = _calibration(model)
    return "" if calibration is None else calibration.scale


@dataclass(frozen=True, eq=False)
class CalibrationResult(Result):
    """Per-indicator fits, the figures they used, and the prior they fell back on.

    A result (:class:`ipsim.results.Result`): :meth:`to_frame` is the table the calibration
    report shows, :meth:`to_dict` the same with the run's settings and the conflicts resolved.

    Examples
    --------
    >>> result = calibrate(plan="guangzhou-ip-2017-2020", origin=2017)
    >>> fit = result.fits["invention_apps"]
    >>> fit.status, fit.years, round(fit.walk.data_mean, 3), fit.walk.volatility_df
    ('fitted', (2015, 2016, 2017), 0.32, 3.0)
    >>> fit.walk.prior.mean < fit.walk.mean < fit.walk.data_mean  # shrunk toward its reference class
    True
    >>> fit.spec.baseline.history  # the target's base from the city's series, as the start
    {2016: 28526.0}
    >>> sum(f.status == "fitted" for f in result.fits.values())
    2
    >>> record = result.to_dict()["indicators"][0]
    >>> record["indicator"], record["status"], round(record["drift"], 1)
    ('certified_units', 'fitted', 184.5)
    """

    plan: Plan = field(repr=False)
    prior: Scenario = field(repr=False)
    origin: int
    fits: Mapping[str, IndicatorFit]
    selection: Selection = field(repr=False)
    half_life: float | None = None
    prior_df: float = 2.0
    drift_prior: str = "reference"
    damped: bool = True

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """One row per indicator: status, figures used, drift with its 90 % interval, notes;
        with ``styled=True`` the table a notebook shows, in ``lang`` (indicators by name)."""
        import pandas as pd

        if styled:
            return self._styler(lang)
        return pd.DataFrame([fit.to_record() for fit in self.fits.values()])

    def _table(self, lang: Lang) -> Table:
        frame = self.to_frame()
        shown = frame[list(_CALIBRATION_COLUMNS)].copy()
        shown["indicator"] = [self.plan.indicator(i).label(lang) for i in frame["indicator"]]
        shown["status"] = [label(s, lang) for s in frame["status"]]
        names = {k: label(v, lang) for k, v in _CALIBRATION_COLUMNS.items()}
        kinds = {names[k]: "number" for k in ("drift", "drift_lo90", "drift_hi90")}
        return Table(shown.rename(columns=names), kinds={**kinds, names["points"]: "count"})

    def _caption(self, lang: Lang) -> str:
        what = label("styled.what_calibration", lang, origin=self.origin)
        return f"{what} — {self.plan.title(lang)}"

    def to_dict(self) -> dict[str, Any]:
        """The run's settings, one record per indicator (as :meth:`to_frame`; a missing or
        infinite number as None), and the conflicting figures that were resolved, in JSON types
        only."""
        choices = self.selection.choices.to_dict("records")
        return {
            "plan": self.plan.id,
            "prior": self.prior.name,
            "origin": int(self.origin),
            "source": self.selection.source,
            "scope": self.selection.scope,
            "rule": self.selection.describe_rule(),
            "half_life": self.half_life,
            "prior_df": float(self.prior_df),
            "drift_prior": self.drift_prior,
            "damped": self.damped,
            "indicators": [
                {key: plain(v) for key, v in fit.to_record().items()} for fit in self.fits.values()
            ],
            "conflicts": [
                {
                    "indicator": str(c["indicator"]),
                    "year": int(c["year"]),
                    "reason": str(c["reason"]),
                }
                for c in choices
            ],
        }

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
            title_en=label("calibrate.title", "en", year=self.origin),
            title_zh=label("calibrate.title", "zh", year=self.origin),
            description=(
                f"Written by ipsim.calibrate from {self.selection.source} (scope "
                f"{self.selection.scope}, figures up to {self.origin}; conflicts resolved by "
                f"{self.selection.describe_rule()}; {weighting}; prior volatility worth "
                f"{self.prior_df:g} observations; drifts shrunk toward "
                f"{_PRIOR_WORDS[self.drift_prior]}; {_damping_words(self.damped)}). {n_fitted} of {len(specs)} indicators have "
                f"a trend fitted to data; the rest keep the assumptions of scenario "
                f"'{self.prior.name}'{_widened_words(self.fits)}.{extended}"
            ),
            base_year=base_year,
            horizon=horizon,
            indicators=specs,
            funding=funding if base_year != self.prior.base_year else self.prior.funding,
        )


_CALIBRATION_COLUMNS = {
    "indicator": "workbook.col_indicator",
    "status": "styled.col_status",
    "points": "styled.col_points",
    "years": "styled.col_years",
    "drift": "styled.col_drift",
    "drift_lo90": "styled.col_drift_lo",
    "drift_hi90": "styled.col_drift_hi",
}
"""The columns of the styled calibration table and their headings."""


def _widened_words(fits: Mapping[str, IndicatorFit]) -> str:
    """Say how many assumed trends had their spread widened to their reference class's."""
    n = sum(fit.spread is not None and fit.spread.widened for fit in fits.values())
    if not n:
        return ""
    return (
        f", {n} of them with the stated trend's spread widened to what its reference class "
        f"allows (centre kept)"
    )


def _damping_words(damped: bool) -> str:
    if not damped:
        return "drifts undamped"
    return (
        "growth drifts damped toward the deadline as the reference class published by the "
        "origin shows (a damped local trend)"
    )


_PRIOR_WORDS = {
    "reference": "the reference class where one exists, else the prior scenario's stated trend",
    "stated": "the prior scenario's stated trend",
    "flat": "nothing (a flat prior)",
}


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
    drift_prior: PriorChoice = "reference",
    published_by: int | None = None,
    damped: bool = True,
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
    drift_prior : {"reference", "stated", "flat"}
        What a fitted drift is shrunk toward (:mod:`ipsim.analysis.calibrate_prior`): the
        reference class of the indicator (:func:`ipsim.analysis.pooling.drift_prior`, leaving
        out the plan's own scope) where one exists, else the prior scenario's stated
        distribution of the drift; the stated distribution only; or nothing. With
        ``"reference"`` an indicator with no fit of its own keeps its stated trend's centre,
        its spread widened to what its reference class allows
        (:func:`ipsim.analysis.calibrate_prior.class_spread`); ``"stated"`` and ``"flat"``
        keep the stated trend as it is.
    published_by : int, optional
        The reference class uses only figures published by this year (default: ``origin``).
    damped : bool
        Damp each fitted log-scale drift (growth) toward the deadline as the damped local trend
        learnt from the reference class published by ``published_by`` says
        (:func:`ipsim.analysis.pooling.damping`, :func:`ipsim.analysis.calibrate_prior.damp_drift`):
        the scenario's growth is the drift's horizon average, with the drift-change variance
        added. Logit (share) and count drifts are never damped: the damping is learnt on
        log-scale series and says nothing of a logit change or of additions a year.

    Returns
    -------
    CalibrationResult
    """
    the_plan, prior_scenario = _plan_and_prior(plan, prior)
    if observed is None:
        data = load_observed(the_plan)
    elif isinstance(observed, ObservedData):
        data = observed
    else:
        data = read_observed(observed, plan=the_plan)
    check_fit_options(half_life, prior_df)
    _check_prior_choice(drift_prior)
    _check_scopes(data, [scope] if scope else [], reference_scopes)
    origin = _origin(data, origin)
    known = data.until(origin)
    selection = known.select(the_plan, scope=scope, rule=rule)
    settings = _Settings(
        plan=the_plan,
        prior=prior_scenario,
        origin=origin,
        half_life=half_life,
        prior_df=prior_df,
        references=tuple(known.select(the_plan, scope=ref, rule=rule) for ref in reference_scopes),
        drift_prior=drift_prior,
        published_by=origin if published_by is None else published_by,
        scope=selection.scope,
        damped=damped,
    )
    fits = {
        ident: _fit_indicator(spec, selection, settings)
        for ident, spec in prior_scenario.indicators.items()
    }
    return CalibrationResult(
        plan=the_plan,
        prior=prior_scenario,
        origin=origin,
        fits=fits,
        selection=_with_series_choices(selection, fits),
        half_life=half_life,
        prior_df=prior_df,
        drift_prior=drift_prior,
        damped=damped,
    )


def _with_series_choices(selection: Selection, fits: Mapping[str, IndicatorFit]) -> Selection:
    """The selection with each conflict saying which figure the fit used, where keeping to one
    source series (:func:`ipsim.analysis.calibrate_evidence.one_source_series`) chose another."""
    choices = selection.choices.copy()
    for i, row in choices.iterrows():
        fit = fits.get(str(row["indicator"]))
        year = int(row["year"])
        if fit is None or year not in fit.years:
            continue
        k = fit.years.index(year)
        if fit.sources[k] != f"line {int(row['chosen_line'])}":
            choices.loc[i, "reason"] = (
                f"{row['reason']}; calibration uses {fit.values[k]:,.0f} ({fit.sources[k]}) "
                f"instead, to keep to one source series (see the indicator's rationale)"
            )
    return dataclasses.replace(selection, choices=choices)


def _check_prior_choice(choice: str) -> None:
    if choice not in PRIOR_CHOICES:
        msg = f"drift_prior: expected one of {quote_choices(PRIOR_CHOICES)}, got {choice!r}"
        raise CalibrationArgumentError(msg + suggestion(choice, PRIOR_CHOICES))


@dataclass(frozen=True)
class _Settings:
    """What every indicator's fit shares: the plan, the prior, the origin and the options."""

    plan: Plan
    prior: Scenario
    origin: int
    half_life: float | None
    prior_df: float
    references: tuple[Selection, ...] = ()
    drift_prior: str = "reference"
    published_by: int | None = None
    scope: str = ""
    damped: bool = True


class _Start(NamedTuple):
    """Where an indicator's path starts, and the earlier observed figures a target reads."""

    baseline: Baseline
    history: list[Any]


def _plan_and_prior(
    plan: Plan | str | None, prior: Scenario | str | Path | None
) -> tuple[Plan, Scenario]:
    """Resolve the plan and the prior scenario, each defaulting to the other's."""
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
    return the_plan, prior_scenario


def _check_scopes(data: ObservedData, *asked: Sequence[str]) -> None:
    """Refuse a scope the data does not have, naming those it has."""
    present = sorted(set(data.frame["scope"]))
    for scope in (s for group in asked for s in group):
        if scope not in present:
            msg = (
                f"no figures of scope {scope!r} in {data.source}; the scopes in it are "
                f"{quote_choices(present)}" + suggestion(scope, present)
            )
            raise DataError(msg)


def _origin(data: ObservedData, origin: int | None) -> int:
    """The last year of figures used: ``origin``, or the data's latest year."""
    if data.frame.empty:
        msg = f"no figures in {data.source} to calibrate on"
        raise CalibrationError(msg)
    earliest = int(data.frame["year"].min())
    if origin is None:
        return int(data.frame["year"].max())
    if origin < earliest:
        msg = f"no figures up to {origin} in {data.source}: the earliest is of {earliest}"
        raise CalibrationError(msg)
    return origin


def _fit_indicator(spec: IndicatorSpec, selection: Selection, settings: _Settings) -> IndicatorFit:
    """Fit one indicator: its start from its latest usable figure, its trend from all of them."""
    notes: list[str] = []
    # a figure of the horizon year may start the path too: the scenario then runs a year past
    # the plan's end (see CalibrationResult.to_scenario), and a target whose years are all
    # published is decided by them
    last = min(settings.origin, settings.prior.horizon)
    series = _valid_for_model(spec, _one_series(selection, spec, last, notes), notes)
    needed = _first_year_needed(settings.plan, spec.id)
    start = _baseline(spec, series, settings.prior, needed, settings.origin, notes)
    _note_a_later_start(series, start.baseline, needed, notes)
    _note_the_base(series, start.baseline, notes)
    found = IndicatorFit(
        spec.id,
        spec.model,
        "assumed",
        spec,
        tuple(int(y) for y in series["year"]),
        tuple(float(v) for v in series["value"]),
        tuple(str(x) for x in series["where"]),
    )
    bracketed = _bracketed_stock(found, selection, start, settings, notes)
    if bracketed is not None:
        return bracketed
    if _calibration(spec.model) is None or found.n_points < 2:
        return _assumed_trend(found, selection.scope, start, settings, notes)
    walk, params, fitted = _fit_params(
        spec,
        np.array(found.years),
        np.array(found.values),
        settings,
        notes,
        measurement_sd=np.array(series["measurement_sd"], dtype=float),
        horizon=_horizon(settings.plan, spec.id, start.baseline.year),
    )
    return _finished(
        found,
        start,
        settings.prior,
        notes,
        status="fitted",
        walk=walk,
        params=params,
        fitted=fitted,
        years=found.years,
        sources=found.sources,
    )


def _one_series(
    selection: Selection, spec: IndicatorSpec, last_year: int, notes: list[str]
) -> pd.DataFrame:
    """The indicator's usable figures as one source series, with partial-year flows added
    (:mod:`ipsim.analysis.calibrate_evidence`) and each figure's measurement error."""
    picked = _usable_series(selection, spec.id, last_year, notes)
    candidates = selection.candidates
    if candidates is not None and not picked.empty:
        candidates = candidates[
            (candidates["indicator"] == spec.id)
            & (candidates["year"] <= last_year)
            & (candidates["year"] >= picked["year"].min())
            & candidates["definition"].isin(set(picked["definition"]))
        ]
        choice = one_source_series(picked, candidates)
        notes.extend(choice.notes)
        series = choice.frame
    else:
        series = picked.assign(measurement_sd=0.0)
    if _scale_name(spec.model) in _DRIFT_FAMILY:
        series = partial_year_figures(series, _evidence_of(selection, spec.id), last_year, notes)
    return series


def _evidence_of(selection: Selection, indicator: str) -> pd.DataFrame | None:
    evidence = selection.evidence
    return None if evidence is None else evidence[evidence["indicator"] == indicator]


def _note_the_base(series: pd.DataFrame, baseline: Baseline, notes: list[str]) -> None:
    """Say that the targets' base-year levels come from the series the path starts from."""
    if baseline.history and series["source_title"].nunique() == 1:
        base = ", ".join(f"{y}: {v:,.0f}" for y, v in sorted(baseline.history.items()))
        notes.append(
            f"the targets' base-year levels ({base}) are read from the same source series as "
            f"the start, so a growth target's rate is never computed across sources"
        )


def _bracketed_stock(
    found: IndicatorFit,
    selection: Selection,
    start: _Start,
    settings: _Settings,
    notes: list[str],
) -> IndicatorFit | None:
    """A stock with no full-year figure but a lower bound and a later level: its base-year level
    a distribution between them, its additions bounded over the months between."""
    spec = found.spec
    calibration = _calibration(spec.model)
    if calibration is None or calibration.scale != "count" or found.n_points:
        return None
    year = settings.prior.base_year
    bracket = stock_between(_evidence_of(selection, spec.id), year)
    if bracket is None:
        return None
    notes[:] = [n for n in notes if not n.startswith("baseline kept from prior")]
    notes.append(
        f"baseline {year}: {bracket.description}; a lower bound is never used as the level"
    )
    baseline = Baseline(
        year=year, value=bracket.value, confidence="low", source=bracket.description
    )
    bound = Bound(bracket.additions_at_most, bracket.over_years, upper=True)
    walk, params, fitted = _fit_count(
        spec, calibration, np.array([year]), np.array([0.0]), settings, notes, bounds=[bound]
    )
    return _finished(
        found,
        _Start(baseline, []),
        settings.prior,
        notes,
        status="fitted",
        walk=walk,
        params=params,
        fitted=fitted,
    )


def _note_a_later_start(
    series: pd.DataFrame, baseline: Baseline, needed: int, notes: list[str]
) -> None:
    """Say why figures later than the path's start are used for the trend only."""
    later = [int(y) for y in series["year"] if y > baseline.year]
    if later and baseline.confidence != "assumed":
        missing = [y for y in range(needed, later[-1]) if y not in set(series["year"])]
        notes.append(
            f"figures of {', '.join(map(str, later))} used for the trend but not as the start: "
            f"the path starts in {baseline.year} because {', '.join(map(str, missing))}, "
            f"needed by a target, has no figure"
        )


def _assumed_trend(
    found: IndicatorFit, scope: str, start: _Start, settings: _Settings, notes: list[str]
) -> IndicatorFit:
    """An indicator whose trend is not fitted to its own figures: a reference scope's, or the
    prior's."""
    spec = found.spec
    n = found.n_points
    why = (
        f"model {spec.model!r} has no trend to fit"
        if _calibration(spec.model) is None
        else f"{n} usable figure{'s' if n != 1 else ''} of {scope}"
    )
    horizon = _horizon(settings.plan, spec.id, start.baseline.year)
    reference = _reference_fit(spec, settings, notes, why, horizon)
    if reference is not None:
        walk, params, years, sources = reference
        return _finished(
            found,
            start,
            settings.prior,
            notes,
            walk=walk,
            params=params,
            years=years,
            sources=sources,
        )
    notes.append(f"trend kept from prior scenario '{settings.prior.name}' ({why})")
    spread, params = _spread_from_class(spec, settings, horizon, notes)
    return dataclasses.replace(
        _finished(found, start, settings.prior, notes, params=params), spread=spread
    )


def _spread_from_class(
    spec: IndicatorSpec, settings: _Settings, horizon: int, notes: list[str]
) -> tuple[ClassSpread | None, dict[str, Value]]:
    """An unfitted drift's stated trend, its sd widened to what its reference class allows.

    Only with ``drift_prior="reference"``, a log or logit walk, a stated drift and a reference
    family of relation ``same`` or ``similar`` thick enough to pool (published by the vantage
    year, the plan's own scope left out); the rule is
    :func:`ipsim.analysis.calibrate_prior.class_spread`. Returns the spread (None: no class)
    and the parameters replaced (none when the stated trend is already as wide).
    """
    from ipsim.reference import NATIONAL_SCOPE, family_of

    calibration = _calibration(spec.model)
    if settings.drift_prior != "reference" or calibration is None:
        return None, {}
    stated = spec.params.get(calibration.drift)
    family = family_of(settings.plan.id, spec.id)
    relation = _relation(settings.plan.id, spec.id)
    if calibration.scale not in _DRIFT_FAMILY or stated is None or not family or not relation:
        return None, {}
    predictive = drift_prior(
        family,
        scale=calibration.scale,
        published_by=settings.published_by,
        exclude_scope=settings.scope,
    )
    if predictive is None:
        return None, {}
    if settings.scope == NATIONAL_SCOPE:
        notes.append(
            f"spread not taken from the reference class {family!r}: it holds provinces and "
            "cities, and the nation is their sum, not one of them"
        )
        return None, {}
    centre, stated_sd = _stated_moments(stated, calibration.scale)
    spread = class_spread(
        centre,
        stated_sd,
        predictive,
        relation=relation,
        horizon=horizon,
        damping=_learnt_damping(spec, calibration, settings),
    )
    what = _DRIFT_WORDS[calibration.scale]
    notes.append(describe_class_spread(spread, drift=calibration.drift, what=what))
    if not spread.widened:
        return spread, {}
    family_name = _DRIFT_FAMILY[calibration.scale]
    drift = _bounded_drift(spec, family_name, spread.centre, spread.sd, math.inf, notes)
    return spread, {calibration.drift: drift}


def _stated_moments(stated: Value, scale: str) -> tuple[float, float]:
    """The mean and sd of a stated drift on the walk's scale (a constant: itself, sd 0)."""
    prior = stated_prior(stated, scale=scale, source="")
    if prior is not None:
        return prior.mean, prior.sd
    value = median_of(stated)
    return (math.log1p(value) if scale == "log" else value), 0.0


def _relation(plan: str, indicator: str) -> Relation | None:
    """How the indicator relates to its reference family: ``same``, ``similar`` or None."""
    relation = _relations().get((plan, indicator))
    if relation == "same":
        return "same"
    return "similar" if relation == "similar" else None


@functools.cache
def _relations() -> dict[tuple[str, str], str]:
    """The ``relation`` column of the bundled ``families.csv``, keyed by (plan, indicator)."""
    import csv
    from importlib import resources

    path = str(resources.files("ipsim") / "data" / "reference" / "families.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        return {(r["plan"], r["indicator"]): r["relation"] for r in csv.DictReader(handle)}


def _finished(
    found: IndicatorFit,
    start: _Start,
    prior: Scenario,
    notes: list[str],
    *,
    status: Status = "assumed",
    walk: WalkFit | None = None,
    params: Mapping[str, Value] | None = None,
    fitted: tuple[str, ...] = (),
    years: tuple[int, ...] = (),
    sources: tuple[str, ...] = (),
) -> IndicatorFit:
    """``found`` with its spec as it goes into the calibrated scenario, and the notes."""
    spec = found.spec
    replaced = params or {}
    rationale = _rationale(
        spec, start, prior, notes, walk=walk, replaced=replaced, years=years, sources=sources
    )
    new = dataclasses.replace(
        spec,
        baseline=start.baseline,
        params={**spec.params, **replaced} if replaced else spec.params,
        fitted=fitted,
        rationale=rationale,
    )
    return dataclasses.replace(found, status=status, spec=new, walk=walk, notes=tuple(notes))


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
    spec: IndicatorSpec, settings: _Settings, notes: list[str], why: str, horizon: int
) -> tuple[WalkFit, dict[str, Value], tuple[int, ...], tuple[str, ...]] | None:
    """Fit the trend to a reference scope's series (a prior, never an observation)."""
    calibration = _calibration(spec.model)
    if calibration is None or calibration.scale not in _DRIFT_FAMILY:
        return None
    for reference in settings.references:
        series = _usable_series(reference, spec.id, settings.origin, [])
        if len(series) < 2:
            continue
        years = np.array(series["year"], dtype=int)
        values = np.array(series["value"], dtype=float)
        walk, params, _ = _fit_params(spec, years, values, settings, notes, horizon=horizon)
        sources = tuple(f"{reference.scope} {w}" for w in series["where"])
        notes.append(
            f"trend taken from the {reference.scope} series as a prior ({why}); marked assumed: "
            f"another scope's growth, not an observation of this plan's"
        )
        return walk, params, tuple(int(y) for y in years), sources
    return None


def _horizon(plan: Plan, indicator: str, start_year: int) -> int:
    """Years from a path's start to the indicator's deadline (its targets' latest, else the
    plan's horizon); at least 1 (a path starting at the deadline runs one year past it)."""
    deadlines = [t.deadline for t in plan.targets if t.indicator == indicator]
    return max(max(deadlines, default=plan.horizon) - int(start_year), 1)


def _first_year_needed(plan: Plan, indicator: str) -> int:
    from ipsim.schema.scenario import first_year_needed as needed_by

    years = [needed_by(t) for t in plan.targets if t.indicator == indicator]
    return min(years) if years else plan.horizon - 1


def _valid_for_model(spec: IndicatorSpec, series: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Drop figures a model cannot hold (a level <= 0 on a log scale, a share outside (0, K))."""
    calibration = _calibration(spec.model)
    scale = None if calibration is None else calibration.scale
    values = series["value"]
    if scale == "logit":
        ceiling = _ceiling(spec)
        bad = (values <= 0) | (values >= ceiling)
        why = f"a share must lie strictly between 0 and the ceiling {ceiling:g}"
    elif scale == "log":
        bad, why = values <= 0, "a growth model needs a positive level"
    else:
        bad, why = values < 0, "a count cannot be negative"
    for row in series[bad].itertuples(index=False):
        notes.append(f"skipped {row.where} ({row.year}, value {row.value:g}): {why}")
    return series[~bad]


def _ceiling(spec: IndicatorSpec) -> float:
    """The ceiling K of a logit scale: its parameter's median in the prior (1 when none)."""
    calibration = _calibration(spec.model)
    name = None if calibration is None else calibration.ceiling
    if name is None:
        return 1.0
    default = MODELS[spec.model].param(name).default
    return median_of(spec.params.get(name, 1.0 if default is None else default))


def _baseline(
    spec: IndicatorSpec,
    series: pd.DataFrame,
    prior: Scenario,
    needed: int,
    origin: int,
    notes: list[str],
) -> _Start:
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
        return _Start(
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
        return _Start(
            Baseline(
                year=b.year,
                value=b.value,
                confidence="assumed",
                rationale=f"prior scenario '{prior.name}': {b.source}",
            ),
            [],
        )
    notes.append(f"baseline kept from prior scenario '{prior.name}'")
    return _Start(b, [])


def _fit_params(
    spec: IndicatorSpec,
    years: np.ndarray,
    values: np.ndarray,
    settings: _Settings,
    notes: list[str],
    measurement_sd: np.ndarray | None = None,
    *,
    horizon: int = 1,
) -> tuple[WalkFit, dict[str, Value], tuple[str, ...]]:
    """Fit the family's walk; return it, the parameters it gives, and those fitted to data.

    ``horizon`` is the years from the path's start to the deadline, over which a damped drift
    is averaged (:func:`_damped`)."""
    calibration = _calibration(spec.model)
    if calibration is None:
        msg = f"{spec.id}: model {spec.model!r} has no trend to fit"
        raise CalibrationError(msg)
    if calibration.scale == "count":
        return _fit_count(spec, calibration, years, values, settings, notes)
    return _fit_trend(
        spec, calibration, years, values, settings, notes, measurement_sd, horizon=horizon
    )


def _fit_count(
    spec: IndicatorSpec,
    calibration: RandomWalk,
    years: np.ndarray,
    values: np.ndarray,
    settings: _Settings,
    notes: list[str],
    bounds: Sequence[Bound] = (),
) -> tuple[WalkFit, dict[str, Value], tuple[str, ...]]:
    """The posterior of the yearly additions to a stock, over-dispersed (Poisson-lognormal)."""
    check_fit_options(settings.half_life, settings.prior_df)
    volatility = calibration.volatility
    prior_sigma = median_of(spec.params.get(volatility, 0.0)) if volatility else 0.0
    stated = spec.params.get(calibration.drift)
    use_prior = settings.drift_prior != "flat" and isinstance(stated, Distribution)
    additions = np.diff(values)
    if additions.size and float(np.sum(additions)) < 0:
        notes.append("the stock fell; the additions rate is floored at 0")
    notes.append(_NOT_DAMPED.format(drift=calibration.drift, what="additions a year"))
    fit = count_rate(
        np.diff(years).astype(float),
        np.maximum(additions, 0.0),
        weights=time_weights(years, settings.half_life) if years.size > 1 else None,
        prior_sigma=prior_sigma,
        prior_df=settings.prior_df if volatility else 0.0,
        prior=stated if use_prior and isinstance(stated, Distribution) else None,
        bounds=bounds,
    )
    shape, scale = fit.rate.params["shape"], fit.rate.params["scale"]
    walk = WalkFit(
        mean=shape * scale,
        se=math.sqrt(shape) * scale,
        df=math.inf,
        sd=fit.sigma,
        data_df=fit.data_df,
        posterior=fit.rate,
        prior=stated_prior(
            stated, scale="count", source=f"scenario '{settings.prior.name}', {calibration.drift}"
        )
        if use_prior and stated is not None
        else None,
        dispersion=fit.dispersion,
        volatility_df=fit.sigma_df,
    )
    # the model's value is the median expected additions: the mean over exp(sigma^2 / 2)
    median = Distribution("gamma", {"shape": shape, "scale": scale / math.exp(fit.sigma**2 / 2)})
    params: dict[str, Value] = {calibration.drift: median}
    fitted: tuple[str, ...] = (calibration.drift,)
    if volatility is not None and fit.data_df > 0:  # with no data the prior's value stays
        params[volatility] = _volatility(spec, walk, notes)
        fitted += (volatility,)
    return walk, params, fitted


def _fit_trend(
    spec: IndicatorSpec,
    calibration: RandomWalk,
    years: np.ndarray,
    values: np.ndarray,
    settings: _Settings,
    notes: list[str],
    measurement_sd: np.ndarray | None = None,
    *,
    horizon: int = 1,
) -> tuple[WalkFit, dict[str, Value], tuple[str, ...]]:
    """A walk on a log or logit scale: the drift's t posterior (damped on the log scale), and
    the volatility's."""
    volatility = calibration.volatility
    prior_sd = (
        median_of(spec.params[volatility])
        if volatility is not None and volatility in spec.params
        else None
    )
    walk = fit_walk(
        years,
        _on_walk_scale(spec, calibration.scale, values),
        half_life=settings.half_life,
        prior_sd=prior_sd,
        prior_df=settings.prior_df,
        measurement_sd=_error_on_walk_scale(spec, calibration.scale, values, measurement_sd),
    )
    walk = _shrunk(walk, _prior_of(spec, calibration, settings))
    walk = _damped(walk, spec, calibration, settings, horizon, notes)
    family = _DRIFT_FAMILY[calibration.scale]
    params: dict[str, Value] = {calibration.drift: _drift(spec, family, walk, notes)}
    fitted: tuple[str, ...] = (calibration.drift,)
    if volatility is not None:
        params[volatility] = _volatility(spec, walk, notes)
        fitted += (volatility,) if walk.data_df > 0 else ()
    return walk, params, fitted


def _prior_of(
    spec: IndicatorSpec, calibration: RandomWalk, settings: _Settings
) -> DriftPrior | None:
    """The prior of the indicator's drift: its reference class, or the prior scenario's own."""
    from ipsim.reference import family_of

    if settings.drift_prior == "flat":
        return None
    family = family_of(settings.plan.id, spec.id)
    if settings.drift_prior == "reference" and family and calibration.scale in ("log", "logit"):
        found = drift_prior(
            family,
            scale=calibration.scale,
            published_by=settings.published_by,
            exclude_scope=settings.scope,
        )
        if found is not None:
            return found
    stated = spec.params.get(calibration.drift)
    source = f"scenario '{settings.prior.name}', {calibration.drift}"
    return None if stated is None else stated_prior(stated, scale=calibration.scale, source=source)


def _shrunk(walk: WalkFit, prior: DriftPrior | None) -> WalkFit:
    """The walk with its drift combined with ``prior`` (normal, moment-matched), or as it is."""
    if prior is None:
        return walk
    mean, se = combine(walk.mean, walk.se, walk.df, prior)
    return dataclasses.replace(
        walk,
        mean=mean,
        se=se,
        df=math.inf,
        prior=prior,
        data_mean=walk.mean,
        data_se=walk.se,
        volatility_df=walk.df,
    )


_NOT_DAMPED = (
    "{drift} not damped: the damped trend is learnt on log-scale series and not applied to {what}"
)


def _damped(
    walk: WalkFit,
    spec: IndicatorSpec,
    calibration: RandomWalk,
    settings: _Settings,
    horizon: int,
    notes: list[str],
) -> WalkFit:
    """The walk with its drift's horizon average under the damped local trend learnt from the
    reference class published by the vantage year (its own series left out), on the log scale.

    A logit change or additions a year is left undamped (the damping is learnt on log-scale
    series), and so is every drift when ``damped=False``; the rationale says which."""
    if calibration.scale != "log":
        what = _DRIFT_WORDS.get(calibration.scale, calibration.scale)
        notes.append(_NOT_DAMPED.format(drift=calibration.drift, what=f"a {what}"))
        return walk
    if not settings.damped:
        notes.append(f"{calibration.drift} undamped (damped=False): held at its yearly drift")
        return walk
    learnt = _learnt_damping(spec, calibration, settings)
    if learnt is None:  # pragma: no cover - the two cases above return first
        return walk
    return dataclasses.replace(walk, damped=damp_drift(walk.mean, walk.se, horizon, learnt))


def _learnt_damping(
    spec: IndicatorSpec, calibration: RandomWalk, settings: _Settings
) -> Damping | None:
    """The damped local trend learnt from the reference class published by the vantage year,
    the indicator's own series left out (None: a logit or count drift, or ``damped=False``)."""
    from ipsim.analysis.pooling import damping
    from ipsim.reference import family_of

    if calibration.scale != "log" or not settings.damped:
        return None
    family = family_of(settings.plan.id, spec.id)
    return damping(
        settings.published_by,
        exclude=f"{family}/{settings.scope}" if family else None,
    )


def _error_on_walk_scale(
    spec: IndicatorSpec, scale: str, values: np.ndarray, error_sd: np.ndarray | None
) -> np.ndarray | None:
    """Log-scale measurement errors on the walk's scale (a logit divides by one minus the share)."""
    if error_sd is None or scale == "log":
        return error_sd
    share = np.clip(values / _ceiling(spec), 1e-9, 1 - 1e-9)
    return error_sd / (1 - share)


def _on_walk_scale(spec: IndicatorSpec, scale: str, values: np.ndarray) -> np.ndarray:
    """The figures on the walk's scale: their log, or the logit of their share of the ceiling."""
    if scale == "log":
        if np.any(values <= 0):
            msg = f"{spec.id}: a growth model needs positive figures"
            raise CalibrationError(msg)
        return np.log(values)
    share = np.clip(values / _ceiling(spec), 1e-9, 1 - 1e-9)
    return np.log(share) - np.log1p(-share)


def _drift(spec: IndicatorSpec, family: str, walk: WalkFit, notes: list[str]) -> Distribution:
    """The drift's t posterior; its df is raised (lighter tails) if the tails cross the model's bounds."""
    loc, scale = (walk.mean, walk.se) if walk.damped is None else (walk.damped.mean, walk.damped.se)
    return _bounded_drift(spec, family, loc, scale, walk.df, notes)


def _bounded_drift(
    spec: IndicatorSpec, family: str, loc: float, scale: float, df: float, notes: list[str]
) -> Distribution:
    """A t drift (normal for ``df`` infinite), its df raised until its tails respect the
    model's bounds."""
    bounds = _declared(spec, "drift")
    drawn = df if math.isfinite(df) else 1e6
    while True:
        drift = Distribution(family, {"loc": loc, "scale": scale, "df": drawn})
        low, high = drift.support
        if (low > bounds.low and high < bounds.high) or drawn >= 1e6:
            break
        drawn = min(drawn * 2, 1e6)
    if drawn != df and math.isfinite(df):
        notes.append(
            f"the drift's t tails with {df:g} df cross the model's bounds; drawn with {drawn:g} df"
        )
    return drift


def _volatility(spec: IndicatorSpec, walk: WalkFit, notes: list[str]) -> Value:
    """The volatility's posterior, so that each draw also takes its own volatility."""
    df = walk.df if walk.volatility_df is None else walk.volatility_df
    if not math.isfinite(df) or walk.sd == 0:
        return walk.sd
    posterior = Distribution("scaled_inv_chi", {"scale": walk.sd, "df": df})
    bound = _declared(spec, "volatility").high
    if posterior.support[1] > bound:
        notes.append(
            f"volatility posterior reaches past the model bound {bound:g}; fixed at {walk.sd:.4f}"
        )
        return walk.sd
    return posterior


def _declared(spec: IndicatorSpec, role: Literal["drift", "volatility"]) -> ParamSpec:
    """The declaration (bounds) of the family's drift or volatility parameter."""
    family = MODELS[spec.model]
    calibration = family.calibration
    name = None if calibration is None else getattr(calibration, role)
    if name is None:
        msg = f"{spec.id}: model {spec.model!r} declares no {role} parameter to calibrate"
        raise CalibrationError(msg)
    return family.param(name)


def _cite(row: Any, *, series_source: bool = False) -> str:
    url = f" {row.source_url}" if row.source_url else ""
    conversion = "" if row.conversion == "as published" else f"; {row.conversion}"
    quote = f': "{row.quote}"' if row.quote else ""
    return f"{row.source_title}{url} ({row.where}, {row.published}{conversion}){quote}"


def _rationale(
    spec: IndicatorSpec,
    start: _Start,
    prior: Scenario,
    notes: list[str],
    *,
    walk: WalkFit | None = None,
    replaced: Mapping[str, Value] | None = None,
    years: tuple[int, ...] = (),
    sources: tuple[str, ...] = (),
) -> str:
    """Say where each of the indicator's numbers came from, in one line."""
    replaced = replaced or {}
    parts = _observed_parts(spec, start)
    calibration = _calibration(spec.model)
    if walk is not None and calibration is not None:
        figures = ", ".join(f"{y} ({w})" for y, w in zip(years, sources, strict=True))
        parts += _walk_parts(spec, calibration, walk, replaced, len(years), figures)
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


def _observed_parts(spec: IndicatorSpec, start: _Start) -> list[str]:
    """The rationale of an observed start: the baseline's figure and the history's."""
    baseline = start.baseline
    if baseline.confidence == "assumed" or baseline is spec.baseline:
        return []
    parts = [f"baseline {baseline.year}: observed ({baseline.confidence})"]
    if start.history:
        parts.append(
            "history "
            + ", ".join(f"{int(r.year)} ({r.where})" for r in start.history)
            + ": observed"
        )
    return parts


def _walk_parts(
    spec: IndicatorSpec,
    calibration: RandomWalk,
    walk: WalkFit,
    replaced: Mapping[str, Value],
    n_figures: int,
    figures: str,
) -> list[str]:
    """The rationale of a fitted trend: the drift with its interval and prior, and the volatility."""
    lo, hi = walk.interval(0.9)
    if calibration.scale not in _DRIFT_FAMILY:
        return _count_parts(calibration, walk, n_figures, figures, (lo, hi))
    if walk.prior is None:
        how = f"Student t with {walk.df:g} df, flat prior"
    else:
        how = (
            f"the data's {walk.data_mean:.4f} (s.e. {walk.data_se:.4f}, t with "
            f"{walk.volatility_df:g} df) shrunk toward the {describe(walk.prior)}"
        )
    parts = [
        f"{calibration.drift}: fitted to {n_figures} figures ({figures}); mean "
        f"{_DRIFT_WORDS[calibration.scale]} {walk.mean:.4f} a year, s.e. {walk.se:.4f}: {how} "
        f"(90% interval {lo:.4f} to {hi:.4f})"
    ]
    if walk.damped is not None:
        parts.append(describe_damping(walk.damped))
    volatility = calibration.volatility
    if volatility is not None:
        df = walk.df if walk.volatility_df is None else walk.volatility_df
        prior_sd = median_of(spec.params.get(volatility, 0.0))
        drawn = (
            f", drawn per draw from its scaled inverse chi posterior ({df:g} df)"
            if isinstance(replaced.get(volatility), Distribution)
            else ", fixed"
        )
        parts.append(
            f"{volatility} {walk.sd:.4f}: the data's ({walk.data_df:g} df) pooled with the "
            f"prior's {prior_sd:g} ({df - walk.data_df:g} df){drawn}"
        )
    return parts


def _count_parts(
    calibration: RandomWalk,
    walk: WalkFit,
    n_figures: int,
    figures: str,
    interval: tuple[float, float],
) -> list[str]:
    """The rationale of a count rate: the mean additions a year, its prior and the dispersion."""
    lo, hi = interval
    prior = "a Jeffreys prior" if walk.prior is None else f"the {describe(walk.prior)}"
    fitted_to = (
        f"fitted to {n_figures} figures ({figures})"
        if n_figures
        else "fitted to censored evidence only (below)"
    )
    return [
        f"{calibration.drift}: {fitted_to}, mean additions "
        f"{walk.mean:.4g} a year (90% interval {lo:.4g} to {hi:.4g}) with {prior}; over-dispersed "
        f"counts (Poisson-lognormal): yearly log-shock sd {walk.sd:.3g} from the data "
        f"({walk.data_df:g} df) pooled with the prior's, variance {walk.dispersion:.3g} times a "
        f"Poisson's; the scenario's value is the median, the mean divided by exp(sd^2 / 2)"
    ]


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
    ipsim.errors.CalibrationArgumentError: vantage year 1900 is before the scenario's base year 2020; expected a year >= 2020 (the scenario's base year)
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
        raise CalibrationArgumentError(msg)
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
