"""Distributions for uncertain scenario inputs, sampled by inverse CDF from given uniforms.

Sampling by inverse CDF keeps common random numbers exact: two scenarios that share a seed see
the same uniforms, so a draw's value moves monotonically when a distribution's location moves.
A registry maps each ``dist`` name of a scenario file to its parameters, quantile function and
how its median moves when a lever sets it (:class:`MedianMove`: a location shift, a rescaling, or
a shift of the log growth); ``register_distribution`` adds a family without touching the engine,
the levers or the explorer.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np


class MedianMove(ABC):
    """How a family's median moves when a lever sets it, its spread kept.

    One declaration serves both forms: :meth:`params` moves a distribution (a slider, a
    goal-seek step, :func:`with_median`), :meth:`samples` moves draws already made, one median
    per draw (a sweep, :func:`move_to_median`), and the two agree: the moved draws are those of
    the moved distribution from the same uniforms.
    """

    shifts_support: ClassVar[bool] = False
    """Whether the support moves by as much as the median (so a lever that moves the median far
    enough pushes the support across a parameter's bound)."""

    @abstractmethod
    def params(
        self, params: Mapping[str, float], current: float, median: float
    ) -> dict[str, float]:
        """Return the parameters of the law ``params`` (median ``current``) moved to ``median``."""

    @abstractmethod
    def samples(self, samples: np.ndarray, current: float, medians: np.ndarray) -> np.ndarray:
        """Return draws of a law of median ``current`` moved, draw ``i`` to ``medians[i]``."""


@dataclass(frozen=True)
class ShiftMedian(MedianMove):
    """A location family: each of ``keys`` present moves by the change of the median.

    Examples
    --------
    >>> ShiftMedian(("low", "high")).params({"low": 0.0, "high": 0.4}, 0.2, 0.3)
    {'low': 0.1, 'high': 0.5}
    """

    keys: tuple[str, ...]
    shifts_support: ClassVar[bool] = True

    def params(
        self, params: Mapping[str, float], current: float, median: float
    ) -> dict[str, float]:
        delta = median - current
        return {k: v + delta if k in self.keys else v for k, v in params.items()}

    def samples(self, samples: np.ndarray, current: float, medians: np.ndarray) -> np.ndarray:
        return samples + (medians - current)


@dataclass(frozen=True)
class ScaleMedian(MedianMove):
    """A scale family: ``key`` is multiplied by the ratio of the medians (kept at a median <= 0).

    Examples
    --------
    >>> ScaleMedian("median").params({"median": 2.0, "sigma": 0.3}, 2.0, 5.0)
    {'median': 5.0, 'sigma': 0.3}
    """

    key: str

    def params(
        self, params: Mapping[str, float], current: float, median: float
    ) -> dict[str, float]:
        factor = median / current if current > 0 else 1.0
        return {**params, self.key: params[self.key] * factor}

    def samples(self, samples: np.ndarray, current: float, medians: np.ndarray) -> np.ndarray:
        return samples * (medians / current if current > 0 else 1.0)


@dataclass(frozen=True)
class LogShiftMedian(MedianMove):
    """A growth rate ``x`` whose log growth ``ln(1 + x)`` is symmetric about ``key``: the log
    growth is shifted, so ``key`` becomes ``ln(1 + median)``.

    Examples
    --------
    >>> LogShiftMedian("loc").params({"loc": 0.3, "scale": 0.1}, math.expm1(0.3), 0.0)
    {'loc': 0.0, 'scale': 0.1}
    """

    key: str

    def params(
        self, params: Mapping[str, float], current: float, median: float
    ) -> dict[str, float]:
        return {**params, self.key: math.log1p(median)}

    def samples(self, samples: np.ndarray, current: float, medians: np.ndarray) -> np.ndarray:
        return np.expm1(np.log1p(samples) + np.log1p(medians) - np.log1p(current))


LOCATION_KEYS: tuple[str, ...] = ("mean", "low", "mode", "high", "loc", "median")
"""The parameters a family that declares no :class:`MedianMove` shifts to move its median."""


@dataclass(frozen=True)
class DistributionFamily:
    """A named family: its parameter names, a validity check, its quantile function, its support,
    and how its median moves (by default each of :data:`LOCATION_KEYS` it has is shifted)."""

    name: str
    params: tuple[str, ...]
    check: Callable[[Mapping[str, float]], str | None]
    ppf: Callable[[np.ndarray, Mapping[str, float]], np.ndarray]
    support: Callable[[Mapping[str, float]], tuple[float, float]]
    doc: str
    median_move: MedianMove = ShiftMedian(LOCATION_KEYS)
    score_ppf: Callable[[np.ndarray, Mapping[str, float]], np.ndarray] | None = None
    """The quantile at a standard-normal score ``z`` (``ppf(Phi(z))``) in closed form, where the
    family has one: what a Gaussian copula needs, without a round trip through a uniform."""


DISTRIBUTIONS: dict[str, DistributionFamily] = {}


def register_distribution(family: DistributionFamily) -> DistributionFamily:
    """Add ``family`` to the registry under ``family.name``."""
    DISTRIBUTIONS[family.name] = family
    return family


def _ndtri(u: np.ndarray) -> np.ndarray:
    from scipy.special import ndtri

    return np.asarray(ndtri(u))


def _check_normal(p: Mapping[str, float]) -> str | None:
    return None if p["sd"] >= 0 else "sd must be >= 0"


def _check_lognormal(p: Mapping[str, float]) -> str | None:
    if p["median"] <= 0:
        return "median must be > 0"
    return None if p["sigma"] >= 0 else "sigma must be >= 0"


def _check_uniform(p: Mapping[str, float]) -> str | None:
    return None if p["low"] <= p["high"] else "low must be <= high"


def _check_triangular(p: Mapping[str, float]) -> str | None:
    return None if p["low"] <= p["mode"] <= p["high"] else "low <= mode <= high is needed"


def _ppf_triangular(u: np.ndarray, p: Mapping[str, float]) -> np.ndarray:
    low, mode, high = p["low"], p["mode"], p["high"]
    width = high - low
    if width == 0:
        return np.full_like(u, low)
    cut = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < cut, left, right)


def _exp(x: float) -> float:
    """``math.exp`` that gives infinity instead of raising on overflow (for support checks)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _expm1(x: float) -> float:
    try:
        return math.expm1(x)
    except OverflowError:
        return math.inf


_NORMAL_SPAN = 6.0
"""Normal and log-normal supports are taken as +-6 sd (of the log) when checked against bounds."""

register_distribution(
    DistributionFamily(
        "normal",
        ("mean", "sd"),
        _check_normal,
        lambda u, p: p["mean"] + p["sd"] * _ndtri(u),
        lambda p: (p["mean"] - _NORMAL_SPAN * p["sd"], p["mean"] + _NORMAL_SPAN * p["sd"]),
        "normal with mean and standard deviation",
        ShiftMedian(("mean",)),
        lambda z, p: p["mean"] + p["sd"] * z,
    )
)
register_distribution(
    DistributionFamily(
        "lognormal",
        ("median", "sigma"),
        _check_lognormal,
        lambda u, p: p["median"] * np.exp(p["sigma"] * _ndtri(u)),
        lambda p: (
            p["median"] * _exp(-_NORMAL_SPAN * p["sigma"]),
            p["median"] * _exp(_NORMAL_SPAN * p["sigma"]),
        ),
        "log-normal with median and sigma (the sd of the log)",
        ScaleMedian("median"),
        lambda z, p: p["median"] * np.exp(p["sigma"] * z),
    )
)
register_distribution(
    DistributionFamily(
        "uniform",
        ("low", "high"),
        _check_uniform,
        lambda u, p: p["low"] + (p["high"] - p["low"]) * u,
        lambda p: (p["low"], p["high"]),
        "uniform on [low, high]",
        ShiftMedian(("low", "high")),
    )
)
register_distribution(
    DistributionFamily(
        "triangular",
        ("low", "mode", "high"),
        _check_triangular,
        _ppf_triangular,
        lambda p: (p["low"], p["high"]),
        "triangular with low, mode and high",
        ShiftMedian(("low", "mode", "high")),
    )
)

_T_TAIL = 1e-3
"""Student-t families are clipped (winsorised) at their 0.1 % and 99.9 % quantiles: uniforms
beyond are moved to those quantiles, putting 0.1 % of the mass on each,
so that a small-sample t (2 or 3 degrees of freedom) never gives an absurd growth rate in a draw."""


def _t_quantile(u: np.ndarray, df: float) -> np.ndarray:
    from scipy.special import stdtrit

    return np.asarray(stdtrit(df, np.clip(u, _T_TAIL, 1.0 - _T_TAIL)))


def _t_span(p: Mapping[str, float]) -> tuple[float, float]:
    edge = float(_t_quantile(np.array([1.0]), p["df"])[0])
    return p["loc"] - edge * p["scale"], p["loc"] + edge * p["scale"]


def _check_t(p: Mapping[str, float]) -> str | None:
    if p["scale"] < 0:
        return "scale must be >= 0"
    return None if p["df"] > 0 else "df must be > 0"


def _check_gamma(p: Mapping[str, float]) -> str | None:
    return None if p["shape"] > 0 and p["scale"] > 0 else "shape and scale must be > 0"


def _ppf_gamma(u: np.ndarray, p: Mapping[str, float]) -> np.ndarray:
    from scipy.special import gammaincinv

    return np.asarray(gammaincinv(p["shape"], u)) * p["scale"]


register_distribution(
    DistributionFamily(
        "student_t",
        ("loc", "scale", "df"),
        _check_t,
        lambda u, p: p["loc"] + p["scale"] * _t_quantile(u, p["df"]),
        _t_span,
        "Student t with location, scale and degrees of freedom (clipped at 0.1 %/99.9 %)",
        ShiftMedian(("loc",)),
    )
)
register_distribution(
    DistributionFamily(
        "growth_t",
        ("loc", "scale", "df"),
        _check_t,
        lambda u, p: np.expm1(p["loc"] + p["scale"] * _t_quantile(u, p["df"])),
        lambda p: (_expm1(_t_span(p)[0]), _expm1(_t_span(p)[1])),
        "a growth rate x whose log growth ln(1 + x) is Student t (loc, scale, df; clipped at"
        " 0.1 %/99.9 %): what calibration gives",
        LogShiftMedian("loc"),
    )
)
register_distribution(
    DistributionFamily(
        "gamma",
        ("shape", "scale"),
        _check_gamma,
        _ppf_gamma,
        lambda p: (0.0, float(_ppf_gamma(np.array([1.0 - 1e-9]), p)[0])),
        "gamma with shape and scale (mean shape x scale): a rate estimated from counts",
        ScaleMedian("scale"),
    )
)

_CHI_TAIL = 1e-2
"""The volatility posterior is clipped (winsorised) at its 1 % and 99 % quantiles: with 2 degrees of
freedom its upper tail is so long that a 0.1 % draw would be 30 times the estimate."""


def _ppf_scaled_inv_chi(u: np.ndarray, p: Mapping[str, float]) -> np.ndarray:
    from scipy.special import chdtri

    clipped = np.clip(u, _CHI_TAIL, 1.0 - _CHI_TAIL)
    return p["scale"] * np.sqrt(p["df"] / np.asarray(chdtri(p["df"], clipped)))


register_distribution(
    DistributionFamily(
        "scaled_inv_chi",
        ("scale", "df"),
        _check_t,
        _ppf_scaled_inv_chi,
        lambda p: (
            float(_ppf_scaled_inv_chi(np.array([0.0]), p)[0]),
            float(_ppf_scaled_inv_chi(np.array([1.0]), p)[0]),
        ),
        "a standard deviation estimated as `scale` with `df` degrees of freedom: "
        "scale * sqrt(df / X), X ~ chi-square(df) (clipped at 1 %/99 %): what calibration gives",
        ScaleMedian("scale"),
    )
)


@dataclass(frozen=True)
class Distribution:
    """An uncertain value: a registered family and its parameters.

    Examples
    --------
    >>> d = Distribution("triangular", {"low": 0.0, "mode": 0.1, "high": 0.4})
    >>> round(float(d.ppf(np.array([0.5]))[0]), 4)
    0.1551
    >>> d.to_dict()
    {'dist': 'triangular', 'low': 0.0, 'mode': 0.1, 'high': 0.4}
    """

    family: str
    params: Mapping[str, float]

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Map uniforms in [0, 1) to values of this distribution."""
        return DISTRIBUTIONS[self.family].ppf(u, self.params)

    def ppf_of_score(self, z: np.ndarray) -> np.ndarray:
        """Map standard-normal scores to values: ``ppf(Phi(z))``, in closed form where the family
        has one (normal, log-normal). ``z`` may be overwritten.

        Examples
        --------
        >>> d = Distribution("normal", {"mean": 0.1, "sd": 0.05})
        >>> d.ppf_of_score(np.array([0.0, 1.0])).round(4)
        array([0.1 , 0.15])
        >>> t = Distribution("triangular", {"low": 0.0, "mode": 0.1, "high": 0.4})
        >>> round(float(t.ppf_of_score(np.array([0.0]))[0]), 4)
        0.1551
        """
        family = DISTRIBUTIONS[self.family]
        if family.score_ppf is not None:
            return family.score_ppf(z, self.params)
        from scipy.special import ndtr

        return self.ppf(np.asarray(ndtr(z, out=z)))

    @property
    def median(self) -> float:
        return float(self.ppf(np.array([0.5]))[0])

    @property
    def support(self) -> tuple[float, float]:
        return DISTRIBUTIONS[self.family].support(self.params)

    @property
    def median_move(self) -> MedianMove:
        """How this family's median moves (its registry entry's :class:`MedianMove`)."""
        return DISTRIBUTIONS[self.family].median_move

    def to_dict(self) -> dict[str, Any]:
        return {"dist": self.family, **{k: float(v) for k, v in self.params.items()}}

    def __hash__(self) -> int:
        return hash((self.family, tuple(sorted(self.params.items()))))


Value = float | Distribution
"""A scenario input: a constant or an uncertain :class:`Distribution`."""


def median_of(value: Value) -> float:
    """Return a constant as it is, or a distribution's median."""
    return value.median if isinstance(value, Distribution) else float(value)


def with_median(value: Value, median: float) -> Value:
    """Return ``value`` moved so that its median is ``median``, its spread kept.

    Each family says how (:attr:`DistributionFamily.median_move`): location families (normal,
    uniform, triangular, Student t) are shifted; scale families (log-normal, gamma) are
    rescaled; ``growth_t`` moves its log location; a constant becomes ``median``. This is how a
    slider or a goal-seek lever moves an uncertain input.

    Examples
    --------
    >>> with_median(Distribution("normal", {"mean": 0.17, "sd": 0.06}), 0.2).params["mean"]
    0.2
    >>> d = with_median(Distribution("growth_t", {"loc": 0.3, "scale": 0.1, "df": 3.0}), 0.25)
    >>> round(d.median, 6)
    0.25
    >>> round(with_median(Distribution("lognormal", {"median": 2.0, "sigma": 0.3}), 5.0).median, 6)
    5.0
    >>> with_median(0.1, 0.2)
    0.2
    """
    if not isinstance(value, Distribution):
        return float(median)
    return Distribution(value.family, value.median_move.params(value.params, value.median, median))


def move_to_median(value: Value, samples: np.ndarray, medians: np.ndarray) -> np.ndarray:
    """Move draws of ``value`` so that draw ``i`` comes from the same law with median ``medians[i]``.

    The vectorised twin of :func:`with_median`, by the same declaration: a location family is
    shifted, a scale family rescaled, ``growth_t`` shifted in log space, a constant replaced.

    Parameters
    ----------
    value : Value
        The input as the scenario states it.
    samples : numpy.ndarray
        Its draws, ``(draws, 1)``.
    medians : numpy.ndarray
        The median each draw should have, ``(draws,)`` or ``(draws, 1)``.

    Returns
    -------
    numpy.ndarray
        The moved draws, ``(draws, 1)``.

    Examples
    --------
    >>> d = Distribution("lognormal", {"median": 2.0, "sigma": 0.3})
    >>> samples = d.ppf(np.array([[0.1], [0.5]]))
    >>> moved = move_to_median(d, samples, np.array([4.0, 1.0]))
    >>> bool(np.allclose(moved[:, 0], [2 * samples[0, 0], 1.0]))
    True
    >>> move_to_median(0.3, np.zeros((2, 1)), np.array([0.1, 0.2]))
    array([[0.1],
           [0.2]])
    """
    medians = np.asarray(medians, dtype=float).reshape(-1, 1)
    if not isinstance(value, Distribution):
        return np.broadcast_to(medians, (medians.shape[0], 1)).copy()
    return value.median_move.samples(samples, value.median, medians)
