"""Partial pooling: a prior on a series' drift from the same quantity measured elsewhere.

Two or three figures of one city say little about its trend; the same indicator in other scopes
(China, provinces, other cities: the bundled reference class, :mod:`ipsim.reference`) says how
such trends are spread. This module turns that class into a prior for one more scope's drift and
combines it with the scope's own estimate.

Method: a small hierarchical model, integrated exactly
-------------------------------------------------------
Each scope ``i`` of the family has a true mean drift ``mu_i ~ N(m, tau^2)`` (log growth a year
on the ``log`` scale, logit change a year on the ``logit`` scale); its figures give an estimate
``y_i = (x_last - x_first) / span`` with variance ``v_i = s_i^2 / span``, where ``s_i`` is the
series' volatility (residual sd of its yearly increments) pooled with the class's volatility
worth 2 increments, so a series of two or three figures still has an honest ``v_i``. With a flat
prior on ``m`` and a uniform prior on ``tau`` (Gelman et al., *Bayesian Data Analysis*, section
5.4), the posterior of ``tau`` is one-dimensional and is integrated on a grid; the prior for a
new scope is the predictive mixture of ``N(m_hat(tau), V(tau) + tau^2)``, summarised as a normal
with the same mean and the same central 90 % interval.

Why this: the classes are small (3 to 17 scopes, 1 to 12 increments each). Empirical Bayes with
a moment estimate of ``tau^2`` (DerSimonian-Laird) returns ``tau = 0`` for most of them (16 of the
invention-application scopes published by 2017 gave ``tau^2 = 0`` and a prior sd of 0.025,
claiming every city grows alike); integrating over ``tau`` keeps its uncertainty in the prior
(sd 0.044 for the same class). It stays closed-form up to a 1-D grid, deterministic (no sampler
to tune, fast enough for every origin of a rolling backtest), and every number can be read: the
class mean, the spread between scopes, how many series and increments it rests on.

Only increments in the ``window`` years up to the cut-off count (6 by default): growth of Chinese
IP counts slowed from about 25 % a year (2008-2012) to single digits after 2017, so older
increments describe another regime. Counts (the ``count`` scale, additions a year) are not
pooled: their rates are not comparable between scopes of different size.

Combining prior and data (:func:`shrink`, :func:`combine`)
----------------------------------------------------------
The data's drift estimate is Student t (location ``mean``, scale ``se``, ``df`` degrees of
freedom: the volatility is estimated). A normal approximation of a t with ``df <= 2`` has
infinite variance and would let the prior swamp any two figures; one using ``se`` alone would
overstate them. So the posterior is computed exactly: the normal prior density times the t
likelihood, integrated on a grid (dense around the prior, dense around the data, coarse between),
and summarised by its mean and standard deviation. :func:`shrink` returns a copy of the fit
(any frozen dataclass with ``mean``, ``se`` and ``df``, in practice
:class:`ipsim.analysis.calibrate.WalkFit`, which this module never imports) whose drift is that
moment-matched normal (``df`` = ``inf``); its volatility fields are unchanged. The prior for a
new scope is still normal with a sd of its own, so ``se`` shrinks below both only when the two
agree. :func:`combine` is the same on plain numbers.

Drifts change: the damped local trend (:func:`damping`)
-------------------------------------------------------
A drift estimated on a few past years overshoots: growth of Chinese IP counts slowed after about
2016 and fell in 2019 after the crackdown on abnormal filings. Undamped, the rolling backtest's
90 % intervals covered 80 % of 131 later figures and the forecast median was above the figure
77 % of the time. So forecasts carry the drift damped by ``phi`` a year (Gardner and McKenzie's
damped trend) and let it wander with sd ``drift_change_sd`` a year (a local linear trend): the
log figure ``h`` years on is

    ``x_T + c_h * drift + sqrt(h) * sigma * z1 + drift_change_sd * sqrt(D_h) * z2``,

``c_h = phi + ... + phi**h`` (:func:`damped_horizon`) and ``D_h = sum_{m<=h} c_m**2``
(:func:`drift_change_horizon`). Both are learnt from the reference class *as published by the
forecast's origin*, pooled over all families (each family alone gives drift-change sds from 0.002
to 0.03 on two to twelve figures: noise), by forecasting each published series from its own
past within what was published (a pseudo-out-of-sample fit rather than a state-space
likelihood: the series are two to twelve figures with gaps, too short to identify a Kalman
filter's variances one by one; this is a grid search, deterministic and cheap enough for every
origin). ``phi`` stays in [0.80, 0.98], the range the forecasting
literature uses; until enough pairs are published (20) it is 0.98. By origin: 0.98 up to 2016
(the class then had 3-6 series of a long growth run and showed no damping), 0.96 by 2017, 0.92
by 2019, 0.90 by 2020; drift-change sd 0 up to 2014 (too few pairs), then 0.03-0.06.

Examples
--------
>>> prior = drift_prior("invention_patent_applications", published_by=2016)
>>> prior.n_series, round(prior.mean, 3), round(prior.sd, 3)
(15, 0.155, 0.132)
>>> round(combine(0.30, 0.10, 1.0, prior)[0], 3)
0.231
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np

from ipsim.errors import ArgumentError

if TYPE_CHECKING:
    from ipsim.reference import Series

Scale = Literal["log", "logit"]
FitT = TypeVar("FitT")

MIN_SERIES = 3
"""A class with fewer scopes carrying a drift estimate is too thin to pool (``None``)."""
MIN_INCREMENTS = 4
"""... and so is one with fewer yearly increments in all."""
VOLATILITY_PRIOR_DF = 2.0
"""Each series' volatility is pooled with the class's, worth this many increments."""
METHOD = "hierarchical normal model (uniform prior on tau, grid)"
"""What :attr:`DriftPrior.method` says."""
DEFAULT_WINDOW = 6
"""Only increments ending in the last this many years up to the cut-off count."""


@dataclass(frozen=True)
class DriftPrior:
    """A prior on one more scope's drift, from a reference class of series.

    Attributes
    ----------
    mean, sd : float
        The prior ``N(mean, sd^2)`` on the walk's scale: log growth a year for ``"log"``, logit
        change a year for ``"logit"``.
    n_series, n_increments : int
        Scopes and yearly increments (gaps counted as one increment each) it rests on.
    family : str
        The reference family.
    method : str
        How it was made (``"DerSimonian-Laird random effects"``).
    source : str
        One line saying which scopes, published by when, and the between-scope spread.
    tau : float
        The between-scope sd of the true drifts (``sd`` also carries the uncertainty of the
        class mean and of ``tau`` itself).
    volatility : float
        The class's yearly volatility on the same scale (:func:`class_volatility`): a prior
        volatility for a series too short to measure its own (``nan`` when unknown).
    """

    mean: float
    sd: float
    n_series: int
    n_increments: int
    family: str
    method: str
    source: str
    tau: float = 0.0
    volatility: float = math.nan


@dataclass(frozen=True)
class SeriesDrift:
    """One scope's drift estimate: ``drift`` a year over ``span`` years, ``k`` increments."""

    scope: str
    drift: float
    span: float
    k: int
    rss: float
    """Sum of squared standardised residuals of the increments (0 with one increment)."""


def on_scale(values: np.ndarray, unit: str, scale: Scale) -> np.ndarray | None:
    """Return figures on the walk's scale, or ``None`` when the scale does not apply.

    ``"log"`` needs positive figures; ``"logit"`` needs shares (unit ``%``, strictly between 0
    and 100).

    Examples
    --------
    >>> on_scale(np.array([100.0, 110.0]), "件", "log").round(4).tolist()
    [4.6052, 4.7005]
    >>> on_scale(np.array([50.0]), "%", "logit").tolist()
    [0.0]
    >>> on_scale(np.array([50.0]), "件", "logit") is None
    True
    """
    values = np.asarray(values, dtype=float)
    if scale == "log":
        return np.log(values) if np.all(values > 0) else None
    if unit != "%" or not np.all((values > 0) & (values < 100)):
        return None
    share = values / 100.0
    return np.log(share) - np.log1p(-share)


def series_drift(years: np.ndarray, values: np.ndarray, scope: str = "") -> SeriesDrift:
    """Estimate one series' drift (already on its scale) and its residual sum of squares.

    Examples
    --------
    >>> d = series_drift(np.array([2013, 2014, 2016]), np.log([100.0, 110.0, 133.1]))
    >>> round(d.drift, 4), d.span, d.k, round(d.rss, 6)
    (0.0953, 3.0, 2, 0.0)
    """
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    gaps = np.diff(years)
    steps = np.diff(values)
    span = float(years[-1] - years[0])
    drift = float((values[-1] - values[0]) / span)
    rss = float(np.sum((steps - drift * gaps) ** 2 / gaps))
    return SeriesDrift(scope=scope, drift=drift, span=span, k=int(steps.size), rss=rss)


TAU_MAX = 1.0
"""Upper end of the uniform prior on the between-scope sd ``tau`` (1.0 in log growth a year:
scopes whose mean growth rates differ by a factor e a year; no IP series comes near it)."""


def hierarchical_predictive(
    estimates: np.ndarray, variances: np.ndarray, *, tau_max: float = TAU_MAX
) -> tuple[float, float, float]:
    """Return the predictive mean and sd of one more scope's drift, and the posterior median of tau.

    The normal hierarchical model ``y_i ~ N(mu_i, v_i)``, ``mu_i ~ N(m, tau^2)``, flat prior on
    ``m``, uniform prior on ``tau`` in ``[0, tau_max]`` (Gelman et al., *Bayesian Data Analysis*,
    3rd ed., section 5.4), integrated on a grid of 401 values of ``tau``. The predictive
    of a new scope's drift is the mixture over ``tau`` of ``N(m_hat(tau), V(tau) + tau^2)``;
    ``sd`` is the normal sd with the same central 90 % interval (its moments may not exist with
    three or four scopes, its quantiles always do).

    Examples
    --------
    >>> m, sd, tau = hierarchical_predictive(np.array([0.1, 0.2, 0.3, 0.2]), np.full(4, 0.0025))
    >>> round(m, 3), round(sd, 3), round(tau, 3)
    (0.2, 0.167, 0.094)
    """
    from scipy.special import ndtri

    y = np.asarray(estimates, dtype=float)
    v = np.asarray(variances, dtype=float)
    tau = np.linspace(0.0, tau_max, 401)[:, None]
    w = 1.0 / (v[None, :] + tau**2)
    m_hat = np.sum(w * y, axis=1) / np.sum(w, axis=1)
    var_m = 1.0 / np.sum(w, axis=1)
    logp = (
        0.5 * np.log(var_m)
        - 0.5 * np.sum(np.log(v[None, :] + tau**2), axis=1)
        - 0.5 * np.sum(w * (y - m_hat[:, None]) ** 2, axis=1)
    )
    p = np.exp(logp - logp.max())
    p /= p.sum()
    scale = np.sqrt(var_m + tau[:, 0] ** 2)
    mean = float(np.sum(p * m_hat))
    keep = p > 1e-12
    q05, q95 = (_mixture_quantile(q, p[keep], m_hat[keep], scale[keep]) for q in (0.05, 0.95))
    tau_median = float(np.interp(0.5, np.cumsum(p), tau[:, 0]))
    return mean, float((q95 - q05) / (2 * ndtri(0.95))), tau_median


def _mixture_quantile(q: float, weights: np.ndarray, loc: np.ndarray, scale: np.ndarray) -> float:
    """The ``q`` quantile of a mixture of normals (weights summing to 1), by root finding."""
    from scipy.optimize import brentq
    from scipy.special import ndtr

    def excess(x: float) -> float:
        return float(np.dot(weights, ndtr((x - loc) / scale))) - q

    lo = float(np.min(loc - 12 * scale))
    hi = float(np.max(loc + 12 * scale))
    return float(brentq(excess, lo, hi, xtol=1e-7))


def class_drifts(
    series: list[Series], scale: Scale, *, start_year: int | None = None
) -> list[SeriesDrift]:
    """Return the drift estimate of every series with two figures from ``start_year`` on.

    Examples
    --------
    >>> from ipsim.reference import reference_series
    >>> drifts = class_drifts(reference_series("invention_patent_applications"), "log")
    >>> len(drifts) >= 15
    True
    """
    drifts = []
    for one in series:
        years = np.asarray(one.years, dtype=float)
        values = on_scale(np.asarray(one.values), one.unit, scale)
        if values is None:
            continue
        keep = years >= start_year if start_year is not None else np.ones(years.size, bool)
        if keep.sum() >= 2:
            drifts.append(series_drift(years[keep], values[keep], one.scope))
    return drifts


def class_volatility(drifts: list[SeriesDrift]) -> float:
    """Return the class's yearly volatility: the pooled residual sd of its increments.

    When no series has two increments, the sd of the one-increment drifts stands in (an upper
    bound: it also holds the spread between scopes).

    Examples
    --------
    >>> a = SeriesDrift("a", 0.1, 3.0, 3, 0.02)
    >>> round(class_volatility([a]), 4)
    0.1
    >>> round(class_volatility([SeriesDrift("a", 0.1, 1, 1, 0), SeriesDrift("b", 0.3, 1, 1, 0)]), 4)
    0.1414
    """
    resid_df = sum(d.k - 1 for d in drifts)
    rss = sum(d.rss for d in drifts)
    if resid_df > 0 and rss > 0:
        return math.sqrt(rss / resid_df)
    return float(np.std([d.drift for d in drifts], ddof=1)) if len(drifts) > 1 else math.nan


def pooled_variances(drifts: list[SeriesDrift]) -> np.ndarray:
    """Return each estimate's variance, its volatility pooled with the class's (2 increments).

    Examples
    --------
    >>> a = SeriesDrift("a", 0.1, 3.0, 3, 0.02)
    >>> b = SeriesDrift("b", 0.2, 1.0, 1, 0.0)
    >>> pooled_variances([a, b]).round(5).tolist()
    [0.00333, 0.01]
    """
    resid_df = np.array([d.k - 1 for d in drifts], dtype=float)
    rss = np.array([d.rss for d in drifts])
    span = np.array([d.span for d in drifts])
    class_var = class_volatility(drifts) ** 2
    own = np.divide(rss, resid_df, out=np.zeros_like(rss), where=resid_df > 0)
    var = (resid_df * own + VOLATILITY_PRIOR_DF * class_var) / (resid_df + VOLATILITY_PRIOR_DF)
    return var / span


def drift_prior(
    family: str,
    *,
    scale: str = "log",
    published_by: int | None = None,
    exclude_scope: str | None = None,
    window: int | None = DEFAULT_WINDOW,
) -> DriftPrior | None:
    """Return a prior on one more scope's drift from the reference class ``family``.

    Parameters
    ----------
    family : str
        A reference family (:func:`ipsim.reference.family_of` maps a plan's indicator to it).
    scale : {"log", "logit"}
        The walk's scale. ``"count"`` (additions a year) is not pooled.
    published_by : int, optional
        Use only figures published by the end of this year (a backtest from it).
    exclude_scope : str, optional
        Leave this scope out (and its districts, ``"<scope>-..."``): the series being fitted.
    window : int, optional
        Use only increments ending in the ``window`` years up to the cut-off (``published_by``,
        or the class's last year); ``None`` uses them all.

    Returns
    -------
    DriftPrior or None
        ``None`` when the class is too thin: fewer than :data:`MIN_SERIES` scopes with two
        figures in the window, or fewer than :data:`MIN_INCREMENTS` increments in all.

    Examples
    --------
    >>> p = drift_prior("invention_patent_applications", published_by=2016)
    >>> p.n_series, p.n_increments, p.method
    (15, 19, 'hierarchical normal model (uniform prior on tau, grid)')
    >>> drift_prior("pledge_financing", published_by=2016) is None
    True
    """
    from ipsim.reference import reference_series

    if scale not in ("log", "logit"):
        msg = f"only drifts on the 'log' or 'logit' scale are pooled, got scale={scale!r}"
        raise ArgumentError(msg)
    series = [
        one
        for one in reference_series(family, published_by=published_by)
        if not _excluded(one.scope, exclude_scope)
    ]
    if not series:
        return None
    last = published_by if published_by is not None else max(max(s.years) for s in series)
    start = None if window is None else last - window
    drifts = class_drifts(series, scale, start_year=start)  # type: ignore[arg-type]
    prior = pool_drifts(drifts, family=family)
    if prior is None:
        return None
    return dataclasses.replace(
        prior, source=_describe(family, drifts, published_by, start, prior.tau)
    )


def pool_drifts(drifts: list[SeriesDrift], *, family: str = "") -> DriftPrior | None:
    """Return the prior for one more scope from the drift estimates of a class (None: too thin).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> years = np.arange(2013, 2017)
    >>> drifts = [series_drift(years, np.cumsum(rng.normal(0.1, 0.05, 4)), f"s{i}") for i in range(6)]
    >>> p = pool_drifts(drifts)
    >>> round(p.mean, 3), round(p.sd, 3), p.n_series, p.n_increments
    (0.091, 0.043, 6, 18)
    >>> pool_drifts(drifts[:2]) is None
    True
    """
    n_inc = sum(d.k for d in drifts)
    if len(drifts) < MIN_SERIES or n_inc < MIN_INCREMENTS:
        return None
    mean, sd, tau = hierarchical_predictive(
        np.array([d.drift for d in drifts]), pooled_variances(drifts)
    )
    return DriftPrior(
        mean=mean,
        sd=sd,
        n_series=len(drifts),
        n_increments=n_inc,
        family=family,
        method=METHOD,
        source=f"{len(drifts)} series, between-scope sd {tau:.3f}",
        tau=tau,
        volatility=class_volatility(drifts),
    )


def _excluded(scope: str, exclude: str | None) -> bool:
    if not exclude:
        return False
    low, ex = scope.lower(), exclude.lower()
    return low == ex or low.startswith(ex + "-") or low.startswith(ex + " (")


def _describe(
    family: str, drifts: list[SeriesDrift], published_by: int | None, start: int | None, tau: float
) -> str:
    scopes = ", ".join(d.scope for d in drifts)
    when = f" published by {published_by}" if published_by is not None else ""
    since = f", increments after {start}" if start is not None else ""
    return (
        f"reference class {family}{when}{since}: {len(drifts)} scopes ({scopes});"
        f" between-scope sd {tau:.3f}"
    )


def _t_loglik(x: np.ndarray, mean: float, se: float, df: float) -> np.ndarray:
    z = (x - mean) / se
    if not math.isfinite(df):
        return -0.5 * z**2
    return -0.5 * (df + 1.0) * np.log1p(z**2 / df)


def combine(mean: float, se: float, df: float, prior: DriftPrior) -> tuple[float, float]:
    """Return the posterior mean and sd of a drift: prior ``N(mean, sd^2)`` times a t estimate.

    Parameters
    ----------
    mean, se, df : float
        The data's estimate: Student t location, scale and degrees of freedom (``inf``: normal;
        ``df <= 0`` or ``se`` not finite: no information, the prior is returned).
    prior : DriftPrior

    Examples
    --------
    >>> p = DriftPrior(0.1, 0.05, 5, 20, "x", "test", "")
    >>> [round(v, 4) for v in combine(0.2, 0.05, math.inf, p)]
    [0.15, 0.0354]
    >>> [round(v, 4) for v in combine(0.2, 0.05, 1.0, p)]
    [0.1359, 0.0465]
    """
    if not (math.isfinite(se) and df > 0):
        return prior.mean, prior.sd
    if se == 0.0:
        return mean, 0.0
    if not math.isfinite(df):
        precision = 1.0 / se**2 + 1.0 / prior.sd**2
        post = (mean / se**2 + prior.mean / prior.sd**2) / precision
        return float(post), float(math.sqrt(1.0 / precision))
    grid = _grid(mean, se, prior.mean, prior.sd)
    logp = _t_loglik(grid, mean, se, df) - 0.5 * ((grid - prior.mean) / prior.sd) ** 2
    dens = np.exp(logp - logp.max())
    mass = np.trapezoid(dens, grid)
    post = float(np.trapezoid(grid * dens, grid) / mass)
    var = float(np.trapezoid((grid - post) ** 2 * dens, grid) / mass)
    return post, math.sqrt(max(var, 0.0))


def _grid(mean: float, se: float, prior_mean: float, prior_sd: float) -> np.ndarray:
    """Points dense around the prior and the estimate (12 sd each side) and coarse between."""
    lo = min(prior_mean - 12 * prior_sd, mean - 12 * se)
    hi = max(prior_mean + 12 * prior_sd, mean + 12 * se)
    parts = [
        np.linspace(prior_mean - 12 * prior_sd, prior_mean + 12 * prior_sd, 1201),
        np.linspace(mean - 12 * se, mean + 12 * se, 1201),
        np.linspace(lo, hi, 1201),
    ]
    return np.unique(np.concatenate(parts))


def shrink(fit: FitT, prior: DriftPrior) -> FitT:
    """Return a copy of a walk fit whose drift combines ``prior`` with the fit's own estimate.

    ``fit`` is a frozen dataclass with ``mean``, ``se`` and ``df`` (a
    :class:`ipsim.analysis.calibrate.WalkFit`); the copy's drift is the moment-matched posterior
    (``df`` = ``inf``), its volatility fields unchanged. A count fit (with a ``posterior``) is
    refused: additions a year are not pooled.

    Examples
    --------
    >>> from ipsim.analysis.calibrate import fit_walk
    >>> fit = fit_walk(np.array([2015, 2016, 2017]), np.log([100.0, 130.0, 150.0]))
    >>> p = DriftPrior(0.10, 0.05, 10, 30, "x", "test", "")
    >>> shrunk = shrink(fit, p)
    >>> round(fit.mean, 3), round(shrunk.mean, 3), round(shrunk.se, 3), shrunk.df
    (0.203, 0.132, 0.047, inf)
    """
    if getattr(fit, "posterior", None) is not None:
        msg = "a count fit (additions a year) is not pooled; shrink only log or logit drifts"
        raise ArgumentError(msg)
    data: Any = fit
    mean, sd = combine(float(data.mean), float(data.se), float(data.df), prior)
    return dataclasses.replace(data, mean=mean, se=sd, df=math.inf)  # type: ignore[no-any-return]


# --- damped trend: how much of a past drift persists, learnt from what was published ----------

PHI_MIN, PHI_MAX = 0.80, 0.98
"""The range of damping factors tried (Hyndman and Athanasopoulos, *Forecasting: Principles and
Practice*, 2nd ed., section 7.4: "we usually restrict phi to a minimum of 0.8 and a maximum of
0.98"; a convention of the forecasting literature since Gardner and McKenzie, 1985)."""
PHI_GRID = np.round(np.arange(PHI_MIN, PHI_MAX + 1e-9, 0.01), 2)
"""Damping factors tried by :func:`damping` (0.01 apart)."""
MIN_DAMPING_PAIRS = 20
"""Fewer (past drift, later change) pairs than this: no damping is estimated (``phi = 1``)."""


@dataclass(frozen=True)
class Damping:
    """A damping factor ``phi`` of the drift, the sd of its yearly change, and their basis.

    A forecast ``h`` years on moves by ``drift * (phi + phi**2 + ... + phi**h)``
    (:func:`damped_horizon`; ``phi = 1`` is the undamped random walk with drift) and its
    variance grows by ``drift_change_sd**2 * drift_change_horizon(h, phi)`` over the walk's own.
    """

    phi: float
    n_pairs: int
    n_series: int
    published_by: int | None
    source: str
    drift_change_sd: float = 0.0


def drift_change_horizon(horizon: np.ndarray, phi: float) -> np.ndarray:
    """Return ``sum_{m=1..h} damped_horizon(m, phi)**2``: the variance ``h`` years on per unit
    variance of the drift's yearly change (``h(h+1)(2h+1)/6`` undamped).

    Examples
    --------
    >>> drift_change_horizon(np.array([1, 2, 3]), 1.0).tolist()
    [1.0, 5.0, 14.0]
    """
    h = np.asarray(horizon, dtype=float)
    top = int(h.max()) if h.size else 0
    steps = np.cumsum(damped_horizon(np.arange(1, top + 1), phi) ** 2)
    return np.concatenate([[0.0], steps])[h.astype(int)]


def damped_horizon(horizon: np.ndarray, phi: float) -> np.ndarray:
    """Return ``phi + phi**2 + ... + phi**h``: how many years of drift ``h`` years on carry.

    Examples
    --------
    >>> damped_horizon(np.array([1, 2, 3]), 1.0).tolist()
    [1.0, 2.0, 3.0]
    >>> damped_horizon(np.array([1, 2, 3]), 0.5).tolist()
    [0.5, 0.75, 0.875]
    """
    h = np.asarray(horizon, dtype=float)
    if phi >= 1.0:
        return h
    return phi * (1.0 - phi**h) / (1.0 - phi)


@functools.lru_cache(maxsize=64)
def _drift_pairs(published_by: int | None, window: int | None) -> tuple[np.ndarray, ...]:
    """Every (series key, past drift, horizon, later log change) of the log-scale reference series.

    For each series of every family published by ``published_by`` and each of its figures with
    at least one earlier figure in the ``window`` years before it (the split), the past drift is
    the mean log growth a year up to the split over that window, and each later figure gives a
    horizon ``h`` and the log change from the split. Keys are ``"family/scope"``.
    """
    from ipsim.reference import load_reference, reference_series

    rows: list[tuple[str, float, float, float, float, float]] = []
    for family in sorted(set(load_reference(published_by)["family"])):
        for one in reference_series(family, published_by=published_by):
            logs = on_scale(np.asarray(one.values), one.unit, "log")
            if logs is None or len(one.years) < 3:
                continue
            rows.extend(_series_pairs(f"{family}/{one.scope}", np.asarray(one.years), logs, window))
    if not rows:
        return (np.array([], dtype=str), *(np.array([]) for _ in range(5)))
    keys, *numbers = zip(*rows, strict=True)
    return (np.array(keys), *(np.array(column) for column in numbers))


def _series_pairs(
    key: str, years: np.ndarray, logs: np.ndarray, window: int | None
) -> list[tuple[str, float, float, float, float, float]]:
    rows = []
    for split in range(1, years.size - 1):
        start = years[split] - window if window is not None else -np.inf
        first = int(np.argmax(years >= start))
        if first >= split:
            first = split - 1
        span = float(years[split] - years[first])
        drift = (logs[split] - logs[first]) / span
        gaps = np.diff(years[first : split + 1]).astype(float)
        steps = np.diff(logs[first : split + 1])
        var = (
            float(np.sum((steps - drift * gaps) ** 2 / gaps) / (gaps.size - 1))
            if gaps.size > 1
            else np.nan
        )
        for later in range(split + 1, years.size):
            horizon = float(years[later] - years[split])
            rows.append((key, float(drift), horizon, float(logs[later] - logs[split]), var, span))
    return rows


def damping(
    published_by: int | None = None,
    *,
    exclude: str | None = None,
    window: int | None = DEFAULT_WINDOW,
) -> Damping:
    """Return the damping factor and drift-change sd learnt from what was published by a year.

    Every reference series (all families, log scale) published by ``published_by`` is split at
    each of its figures; the drift up to the split (over ``window`` years) predicts each later
    figure as ``log x_split + drift * damped_horizon(h, phi)``. ``phi`` minimises the squared
    errors weighted by ``1 / h`` (an ``h``-year change has ``h`` times a year's variance) on the
    grid :data:`PHI_GRID`. A pseudo-out-of-sample estimate: it says how much of a drift measured
    on a few past years went on, including the part of the drift that was noise.

    The drift-change sd ``q`` (the local-linear-trend part: the drift itself a random walk) is a
    moment estimate on the same pairs: the squared errors left after damping, minus what the
    series' own volatility ``s^2`` explains (``s^2 (h + c_h^2 / span)``, ``c_h`` the damped
    horizon; the class median ``s^2`` where a window had one increment), summed and divided by
    the summed :func:`drift_change_horizon`; 0 when negative. Ratio of sums, so the long
    horizons that carry the information about drift changes weigh most.

    Parameters
    ----------
    published_by : int, optional
        Only figures published by the end of this year.
    exclude : str, optional
        Leave out one series, ``"family/scope"`` (the one being forecast).
    window : int, optional
        Years of past growth a drift is measured over (:data:`DEFAULT_WINDOW`).

    Examples
    --------
    >>> d = damping(2019)
    >>> d.phi, d.n_series, d.n_pairs, round(d.drift_change_sd, 3)
    (0.92, 30, 136, 0.054)
    >>> damping(2012).phi  # too few pairs: the least damping tried
    0.98
    """
    keys, drifts, horizons, changes, variances, spans = _drift_pairs(published_by, window)
    keep = keys != exclude if exclude is not None else np.ones(keys.size, bool)
    n_pairs = int(keep.sum())
    n_series = int(np.unique(keys[keep]).size)
    if n_pairs < MIN_DAMPING_PAIRS:
        source = f"too few pairs ({n_pairs}): the least damping tried, phi = {PHI_MAX}"
        return Damping(PHI_MAX, n_pairs, n_series, published_by, source)
    phi, q = fit_damping(drifts[keep], horizons[keep], changes[keep], variances[keep], spans[keep])
    when = f" published by {published_by}" if published_by is not None else ""
    source = f"{n_pairs} (past drift, later figure) pairs of {n_series} reference series{when}"
    return Damping(phi, n_pairs, n_series, published_by, source, q)


def fit_damping(
    drifts: np.ndarray,
    horizons: np.ndarray,
    changes: np.ndarray,
    variances: np.ndarray,
    spans: np.ndarray,
) -> tuple[float, float]:
    """Return ``phi`` and the drift-change sd from (past drift, horizon, later change) pairs.

    ``variances`` are the past windows' volatilities squared (``nan`` where unknown: the median
    stands in), ``spans`` their lengths in years. See :func:`damping`.

    Examples
    --------
    >>> h = np.array([1.0, 2.0, 3.0, 1.0, 2.0])
    >>> d = np.full(5, 0.1)
    >>> phi, q = fit_damping(d, h, 0.1 * h, np.full(5, 1e-4), np.full(5, 4.0))
    >>> phi, q
    (0.98, 0.0)
    >>> fit_damping(d, h, 0.1 * damped_horizon(h, 0.85), np.full(5, 1e-4), np.full(5, 4.0))[0]
    0.85
    """
    carried = np.stack([damped_horizon(horizons, float(phi)) for phi in PHI_GRID])
    loss = np.sum((changes[None, :] - carried * drifts[None, :]) ** 2 / horizons[None, :], axis=1)
    phi = float(PHI_GRID[int(np.argmin(loss))])
    resid = changes - damped_horizon(horizons, phi) * drifts
    known = np.isfinite(variances)
    var = np.where(known, variances, np.median(variances[known]) if known.any() else 0.0)
    expected = var * (horizons + damped_horizon(horizons, phi) ** 2 / spans)
    excess = np.sum(resid**2 - expected) / np.sum(drift_change_horizon(horizons, phi))
    return phi, math.sqrt(max(float(excess), 0.0))
