"""The contract every model family follows, and the registry the engine reads.

A model family turns one indicator's inputs into its simulated paths, vectorised over draws:

- it declares its parameters (:class:`ParamSpec`: name, bounds, default, meaning), which is all
  a scenario file may set for it besides the common keys (baseline, programme, elasticity, lag,
  shock loading);
- :meth:`Model.paths` receives a :class:`ModelContext` (sampled parameters, the lagged funding
  ratio of its programme, correlated standard-normal shocks and independent uniforms) and
  returns an array ``draws x years`` starting with the baseline year.

A family also declares what the rest of the package needs to know about it, so that nothing
else names a family:

- :attr:`Model.lever_param` and its :attr:`ParamSpec.effect`: the parameter a lever (a slider, a
  goal-seek) moves, and which way that moves the indicator; :meth:`ParamSpec.search_range` is
  the range a lever may use;
- :attr:`Model.calibration`: how :func:`ipsim.analysis.calibrate.calibrate` fits it to observed
  figures (a :class:`RandomWalk`: on which scale the family is a random walk with drift, and which
  parameters are that drift, its volatility and the ceiling of a logit scale), or None when it
  has no trend to fit (only its baseline is then taken from data).

Adding a family means writing one module with a subclass decorated by :func:`register_model`;
the engine, levers, calibration and the explorer never name a family.

Funding response: one form for every family
-------------------------------------------
An indicator follows one programme, whose budget in year ``y`` is ``F[y]`` against its reference
(planned) budget ``F_ref``. What funding does in projected year ``t`` is the same in every family:

1. a *distributed lag*: the funding signal is a weighted mean of the log budget ratios of the
   years ``t - lag``, ``t - lag - 1`` and ``t - lag - 2``,
   ``x[t] = sum_k w_k ln(F[t - lag - k] / F_ref)``, with the geometric weights
   :data:`FUNDING_LAG_WEIGHTS` = (4/7, 2/7, 1/7) (each half the one before, summing to 1;
   years before a lever applies are at the reference, ratio 1). A budget raised for good
   reaches 4/7 of its effect in the first year it counts, 6/7 in the second, all of it from
   the third;
2. a *bounded* response: ``e[t] = theta * c * tanh(x[t] / c)`` with ``c`` =
   :data:`FUNDING_SATURATION` = 1 (:func:`saturated`). At the planned budget ``e = 0`` exactly,
   and its slope there is ``theta``, so a small change means what ``theta`` always meant (1 %
   more budget, ``theta`` % more); far from the plan the effect levels off, never beyond
   ``|theta| * c``: a budget sustained at ``m`` times the plan gives
   ``theta * (m^2 - 1) / (m^2 + 1)`` instead of ``theta * ln m`` (0.60 theta at 2x instead of
   0.69 theta, 0.92 theta at 5x instead of 1.61 theta, 0.98 theta at 10x instead of 2.30
   theta).

Each family declares what ``e[t]`` shifts (:attr:`Model.funding_acts_on`):

- ``"level"``: the log of what the family draws each year (the expected additions, the units
  paid for). ``theta`` is a level elasticity: a budget sustained at ``m`` times the plan
  multiplies that yearly quantity by ``exp(theta * tanh(ln m))`` once the lag has passed, and
  the factor stays the same however long the budget stays there;
- ``"growth"``: the yearly step of the family's walk (the log growth of a level, the logit
  change of a share). ``theta`` is an elasticity of the growth rate, and its effect compounds:
  a sustained budget adds ``e`` to every year's step, so the gap to the planned path widens for
  as long as the budget stays there. That is what these families mean by funding: it changes
  the pace (more applicants drawn in each year, cases closed faster each year), and a plan's
  targets ask about the pace over the plan period. The bound per year keeps a 10x budget from
  compounding ten times the effect of a 2x one.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np

from ipsim.errors import ArgumentError
from ipsim.i18n import LABELS, in_language, label

FundingActsOn = Literal["level", "growth"]
FUNDING_ACTS_ON: tuple[str, ...] = ("level", "growth")


@dataclass(frozen=True)
class ParamSpec:
    """A model parameter as a scenario file declares it.

    ``default=None`` means required. Bounds are inclusive unless ``*_open``; an uncertain value's
    whole support must lie inside them. A parameter that can be a lever (the model's
    :attr:`Model.lever_param`) also says which way it moves the indicator (``effect``: +1 when a
    higher value raises the indicator in every draw, -1 when it lowers it, as a unit cost lowers
    the units funded; 0 when it has no order). Goal-seek reads ``effect`` to search the right
    way. What a value means (:meth:`unit`) comes from the label table by the parameter's name;
    a family may give its own with ``unit_en`` and ``unit_zh``.
    """

    name: str
    doc: str
    default: float | None = None
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    unit_en: str = ""
    unit_zh: str = ""
    effect: int = 0

    def unit(self, lang: str = "en") -> str:
        """Return what a value means in ``lang`` ("en" or "zh"), ``""`` when nothing says.

        The family's own ``unit_en``/``unit_zh`` when it gives one, else the label
        ``models.unit.<name>`` of :mod:`ipsim.i18n.models`.

        Examples
        --------
        >>> ParamSpec("growth", "annual growth").unit("en")
        'growth a year (fraction)'
        >>> ParamSpec("growth", "annual growth", unit_en="per year").unit("en")
        'per year'
        >>> ParamSpec("patience", "how long a user waits").unit("zh")
        ''
        """
        own = in_language(lang, self.unit_en, self.unit_zh)
        if own:
            return own
        key = f"models.unit.{self.name}"
        return label(key, lang) if key in LABELS else ""

    @property
    def is_growth_rate(self) -> bool:
        """Whether the parameter is a rate of growth, a fraction bounded below by -1 (-100 %).

        Examples
        --------
        >>> ParamSpec("growth", "annual growth", low=-1.0, low_open=True).is_growth_rate
        True
        >>> ParamSpec("unit_cost", "CNY a unit", low=0.0, low_open=True).is_growth_rate
        False
        """
        return self.low == -1.0

    def search_range(self, current: float) -> tuple[float, float]:
        """The range a search, a sweep or a slider may use: inside the bounds, never on an open one.

        A growth rate gets -0.5 to 2, another signed parameter (a logit rate) -3 to 5, and a
        non-negative quantity 0 (or 1/20 of its value when 0 is excluded, as for a unit cost, so
        nothing is divided by zero) to 10 times its value.

        Examples
        --------
        >>> ParamSpec("unit_cost", "", low=0.0, low_open=True).search_range(250_000.0)
        (12500.0, 2500000.0)
        >>> ParamSpec("additions", "", low=0.0).search_range(12.0)
        (0.0, 120.0)
        """
        if self.is_growth_rate:
            return -0.5, 2.0
        if self.low < 0:
            return -3.0, 5.0
        high = min(max(10 * current, 1.0), self.high)
        low = max(self.low, 0.0) + 0.05 * current if self.low_open else self.low
        if self.high_open and high >= self.high:  # stop short of an open ceiling too
            high = low + 0.95 * (self.high - low)
        return low, high

    def slider_range(self, current: float) -> tuple[float, float, float, str]:
        """Range, step and readout format of a slider over the parameter's median.

        Narrower than :meth:`search_range`, which a search may need to cross: a slider is read by
        eye, so it spans what a scenario plausibly asks around ``current`` in steps a hand can
        set. A growth rate spans -30 % to 80 % (or twice ``current``) in 0.5-point steps, another
        signed parameter -2 to 3 in steps of 0.05, and a non-negative quantity 0 to 3 times
        ``current`` in 200 steps. The caller puts ``current`` on the grid and keeps a spread inside
        the bounds.

        Examples
        --------
        >>> ParamSpec("growth", "", low=-1.0, low_open=True).slider_range(0.18)
        (-0.3, 0.8, 0.005, '.1%')
        >>> ParamSpec("additions", "", low=0.0).slider_range(12.0)
        (0.18, 36.0, 0.18, ',.4g')
        """
        if self.is_growth_rate:
            return min(-0.3, current - 0.1), max(0.8, 2 * current, current + 0.1), 0.005, ".1%"
        if self.low < 0:
            return min(-2.0, current - 0.5), max(3.0, current + 0.5), 0.05, ".2f"
        top = max(1.0, 3 * current)
        return top / 200, top, top / 200, ",.4g"


CalibrationScale = Literal["log", "logit", "count"]
CALIBRATION_SCALES: tuple[str, ...] = ("log", "logit", "count")


@dataclass(frozen=True)
class RandomWalk:
    """How calibration sees a family: a random walk with drift on ``scale``.

    ==========  ========================  ===================================================
    scale       the walk is               the ``drift`` parameter is
    ==========  ========================  ===================================================
    ``log``     log of the level          a growth rate ``g``, the walk's drift being
                                          ``ln(1 + g)`` (fitted as a ``growth_t``)
    ``logit``   logit(level / ceiling)    the walk's drift, a logit change a year (fitted as
                                          a ``student_t``)
    ``count``   the stock itself          additions a year, over-dispersed Poisson-lognormal
                                          (the mean rate fitted as a ``gamma`` posterior, the
                                          yearly log-shock sd as the volatility)
    ==========  ========================  ===================================================

    ``volatility`` names the parameter that is the sd of the walk's yearly shocks (fitted with
    the drift, the prior scenario's value pooled with the data's; on the count scale the sd of
    the yearly log shocks on the additions), None when calibration leaves it alone; ``ceiling`` names the parameter holding the ceiling
    of a logit scale, taken from the prior scenario as it is (1 when None).

    Examples
    --------
    >>> RandomWalk("log", drift="growth", volatility="volatility").params
    ('growth', 'volatility')
    >>> RandomWalk("sqrt", drift="growth")
    Traceback (most recent call last):
    ...
    ipsim.errors.ArgumentError: a random walk's scale must be one of 'log', 'logit', 'count', got 'sqrt'
    """

    scale: CalibrationScale
    drift: str
    volatility: str | None = None
    ceiling: str | None = None

    def __post_init__(self) -> None:
        if self.scale not in CALIBRATION_SCALES:
            choices = ", ".join(repr(s) for s in CALIBRATION_SCALES)
            msg = f"a random walk's scale must be one of {choices}, got {self.scale!r}"
            raise ArgumentError(msg)
        if self.ceiling is not None and self.scale != "logit":
            msg = f"only a logit scale has a ceiling, not a {self.scale} scale"
            raise ArgumentError(msg)

    @property
    def params(self) -> tuple[str, ...]:
        """The parameters this declaration names: drift, volatility, ceiling (those given)."""
        return tuple(p for p in (self.drift, self.volatility, self.ceiling) if p is not None)


FUNDING_LAG_WEIGHTS: tuple[float, ...] = (4 / 7, 2 / 7, 1 / 7)
"""Weights of the log budget ratios of the years ``t - lag``, ``t - lag - 1``, ``t - lag - 2`` in
the funding signal of year ``t``: geometric, each half the one before, summing to 1. Most of a
budget's effect comes in the year it is spent (patent counts follow R&D spending within the
year, with a small tail after it: Hall, Griliches and Hausman, "Patents and R and D: Is There a
Lag?", International Economic Review 27(2), 1986); the decay of 1/2 is a judgement, not a fit."""
FUNDING_SATURATION = 1.0
"""``c`` of the bounded response ``c * tanh(x / c)`` to a funding signal ``x`` (a log budget
ratio): the response never exceeds ``c`` in size, the effect the unbounded form gave a budget
of ``e^c`` (2.72) times the plan."""


def funding_years(years: np.ndarray, lag: int) -> np.ndarray:
    """The budget years whose ratios make the funding signal of each year, ``(len(years), 3)``.

    Row ``i`` holds ``years[i] - lag - k`` for ``k = 0, 1, 2``, the years weighted by
    :data:`FUNDING_LAG_WEIGHTS`.

    Examples
    --------
    >>> funding_years(np.array([2017, 2018]), lag=1)
    array([[2016, 2015, 2014],
           [2017, 2016, 2015]])
    """
    back = np.arange(len(FUNDING_LAG_WEIGHTS))
    return np.asarray(years)[:, None] - lag - back[None, :]


def funding_signal(log_ratios: np.ndarray) -> np.ndarray:
    """The distributed-lag mean of log budget ratios along the last axis (length 3).

    ``log_ratios[..., k]`` is ``ln(F[t - lag - k] / F_ref)``; the result drops that axis. The
    terms are added in a fixed order, one array operation each, so the same ratios give the
    same bits whatever the shape (a ratio per year, or per draw and year).

    Examples
    --------
    >>> funding_signal(np.log([[1.0, 1.0, 1.0], [2.0, 1.0, 1.0], [2.0, 2.0, 2.0]])).round(4)
    array([0.    , 0.3961, 0.6931])
    """
    signal = FUNDING_LAG_WEIGHTS[0] * log_ratios[..., 0]
    for k, weight in enumerate(FUNDING_LAG_WEIGHTS[1:], start=1):
        signal = signal + weight * log_ratios[..., k]
    return signal


def saturated(signal: np.ndarray | float) -> np.ndarray:
    """The bounded response ``c * tanh(signal / c)`` to a funding signal (``c`` =
    :data:`FUNDING_SATURATION`): 0 at 0, slope 1 there, never beyond ``c`` in size.

    Examples
    --------
    >>> saturated(np.log([1.0, 2.0, 5.0, 1e6, 0.5])).round(4)
    array([ 0.    ,  0.6   ,  0.9231,  1.    , -0.6   ])
    """
    c = FUNDING_SATURATION
    return c * np.tanh(np.asarray(signal, dtype=float) / c)


def sustained_response(multiple: np.ndarray | float, elasticity: float) -> np.ndarray:
    """The funding effect ``e`` of a budget held at ``multiple`` times the plan for good.

    What every year's log level (``"level"`` families) or log step (``"growth"`` families)
    moves by once the distributed lag has passed: ``elasticity * c * tanh(ln multiple / c)``.

    Examples
    --------
    >>> sustained_response(np.array([1.0, 1.01, 2.0, 10.0]), elasticity=0.2).round(4)
    array([0.   , 0.002, 0.12 , 0.196])
    """
    return elasticity * saturated(np.log(np.asarray(multiple, dtype=float)))


@dataclass(frozen=True)
class ModelContext:
    """What a model sees for one indicator.

    Attributes
    ----------
    draws : int
        Number of Monte Carlo draws.
    years : numpy.ndarray
        Years of the returned path, ``(n_years,)``, the first being the baseline year.
    baseline : numpy.ndarray
        Baseline value per draw, ``(draws, 1)``.
    params : Mapping[str, numpy.ndarray]
        Each declared parameter per draw, ``(draws, 1)`` (constants are broadcast).
    elasticity : numpy.ndarray
        Funding elasticity per draw, ``(draws, 1)``; zeros ``(1, 1)`` when the funding ratio
        is 1 in every year (funding then has no effect, and the engine does not draw it).
    log_funding_ratio : numpy.ndarray
        The funding signal of each projected year, the distributed-lag mean
        ``sum_k w_k ln(F[t - lag - k] / F_ref)`` (:func:`funding_signal`), ``(n_years - 1,)``,
        or per draw ``(draws, n_years - 1)`` when a sweep sets the budget draw by draw.
    reference_cny : float or None
        The programme's reference yearly budget in CNY, or None when the scenario states none.
    shocks : numpy.ndarray
        Correlated standard-normal shocks, ``(draws, n_years - 1)``.
    uniforms : numpy.ndarray
        Independent uniforms for discrete noise, ``(draws, n_years - 1)``.
    out : numpy.ndarray, optional
        Where the engine wants the paths, ``(draws, n_years)``: a model may write into it and
        return it (see :func:`output`), which saves a copy of the largest arrays.
    """

    draws: int
    years: np.ndarray
    baseline: np.ndarray
    params: Mapping[str, np.ndarray]
    elasticity: np.ndarray
    log_funding_ratio: np.ndarray
    reference_cny: float | None
    shocks: np.ndarray
    uniforms: np.ndarray
    out: np.ndarray | None = None

    @property
    def steps(self) -> int:
        return len(self.years) - 1

    @property
    def funding_effect(self) -> np.ndarray:
        """``theta * c * tanh(x / c)`` of the funding signal ``x``, ``(draws, steps)``.

        The bounded response (:func:`saturated`) of the distributed-lag signal; what it shifts
        is the family's :attr:`Model.funding_acts_on`.
        """
        ratio = self.log_funding_ratio
        return self.elasticity * saturated(ratio if ratio.ndim == 2 else ratio[None, :])


class Model(ABC):
    """One model family. Subclasses set the class attributes and implement :meth:`paths`."""

    name: ClassVar[str]
    """The ``model`` value of a scenario file."""
    summary: ClassVar[str]
    """One line on what the family assumes."""
    indicator_kinds: ClassVar[tuple[str, ...]]
    """Indicator kinds (flow, stock, share, count) the family can represent."""
    params: ClassVar[tuple[ParamSpec, ...]]
    """Family-specific parameters."""
    funding_acts_on: ClassVar[FundingActsOn]
    """What the funding effect shifts (see the module docstring): ``"level"``, the log of the
    quantity drawn each year (theta a level elasticity), or ``"growth"``, the yearly step of the
    family's walk (theta an elasticity of the growth rate, its effect compounding). Every family
    must declare it."""
    default_elasticity: ClassVar[float] = 0.0
    needs_budget: ClassVar[bool] = False
    """Whether the family needs its programme's reference budget in CNY."""
    allows_index_baseline: ClassVar[bool] = True
    """Whether the baseline level may be unknown (the path is then an index, baseline = 1)."""
    baseline_bounds: ClassVar[tuple[float, float, bool, bool]] = (0.0, 1e15, True, False)
    """Bounds of the baseline value: low, high, low_open, high_open. The default ceiling, 1e15
    in the indicator's unit (items, CNY), is the one observed figures obey: larger levels are
    typing errors, and they would overflow the simulation's products."""
    lever_param: ClassVar[str | None] = None
    """The parameter a user turns to say "faster" or "slower" (a slider, a goal-seek lever)."""
    uses_uniforms: ClassVar[bool] = False
    """Whether :meth:`paths` reads ``ctx.uniforms`` (otherwise they are not drawn)."""
    calibration: ClassVar[RandomWalk | None] = None
    """How :func:`ipsim.analysis.calibrate.calibrate` fits the family's trend to observed
    figures; None when it has none to fit (calibration then takes only the baseline)."""

    @abstractmethod
    def paths(self, ctx: ModelContext) -> np.ndarray:
        """Return simulated values, ``(ctx.draws, len(ctx.years))``, column 0 the baseline."""

    @classmethod
    def param(cls, name: str) -> ParamSpec:
        return next(p for p in cls.params if p.name == name)


MODELS: dict[str, type[Model]] = {}


def register_model(cls: type[Model]) -> type[Model]:
    """Register a model family under ``cls.name`` (use as a class decorator).

    Raises
    ------
    ArgumentError
        If the lever or the calibration names a parameter the family does not declare, or the
        family does not say what its funding response acts on (:attr:`Model.funding_acts_on`).

    Examples
    --------
    >>> sorted(MODELS)[:2]
    ['compound_growth', 'count_additions']
    >>> MODELS["compound_growth"].calibration.scale
    'log'
    """
    declared = [p.name for p in cls.params]
    named = [cls.lever_param] if cls.lever_param is not None else []
    named += list(cls.calibration.params) if cls.calibration is not None else []
    unknown = [name for name in named if name not in declared]
    if unknown:
        msg = (
            f"model {cls.name!r} names undeclared parameter(s) {', '.join(map(repr, unknown))}; "
            f"it declares {', '.join(map(repr, declared)) or 'none'}"
        )
        raise ArgumentError(msg)
    acts_on = getattr(cls, "funding_acts_on", None)
    if acts_on not in FUNDING_ACTS_ON:
        choices = ", ".join(repr(a) for a in FUNDING_ACTS_ON)
        msg = f"model {cls.name!r}: funding_acts_on must be one of {choices}, got {acts_on!r}"
        raise ArgumentError(msg)
    MODELS[cls.name] = cls
    return cls


def log_steps(ctx: ModelContext, drift: np.ndarray | float, volatility: np.ndarray) -> np.ndarray:
    """``drift + e + volatility * shocks`` as one new ``(draws, steps)`` array.

    ``e`` is the funding effect (:attr:`ModelContext.funding_effect`), added only where the
    funding signal is not 0 (so a run at the planned budget adds nothing, not even a zero).

    Built in place (the shocks are multiplied into a fresh array, the rest added to it), so a
    model allocates one large array instead of one per operation: at 100,000 draws each
    temporary is several MB, and fresh ones cost page faults.
    """
    steps = np.multiply(volatility, ctx.shocks)
    ratio = ctx.log_funding_ratio
    if np.any(ratio != 0):
        steps += ctx.funding_effect
    steps += drift
    return steps


def running_sum(steps: np.ndarray) -> np.ndarray:
    """Accumulate ``steps`` along its last axis in place (a cumulative sum) and return it.

    The same numbers as ``np.cumsum(steps, axis=1)``; a column at a time, because numpy's
    cumsum along a short last axis pays a per-row overhead (at 100,000 draws x 4 steps it is
    about 20 times slower than adding whole columns).

    Examples
    --------
    >>> running_sum(np.array([[1.0, 2.0, 3.0], [0.5, 0.5, -1.0]]))
    array([[1. , 3. , 6. ],
           [0.5, 1. , 0. ]])
    """
    for j in range(1, steps.shape[-1]):
        steps[..., j] += steps[..., j - 1]
    return steps


def output(ctx: ModelContext, projected_from: np.ndarray | None = None) -> np.ndarray:
    """The array a model fills: the engine's ``ctx.out`` (or a new one), baseline in column 0."""
    out = ctx.out if ctx.out is not None else np.empty((ctx.draws, len(ctx.years)))
    out[:, :1] = ctx.baseline
    if projected_from is not None:
        out[:, 1:] = projected_from
    return out


def with_baseline(baseline: np.ndarray, projected: np.ndarray) -> np.ndarray:
    """Prepend the baseline column to projected values."""
    return np.concatenate([np.broadcast_to(baseline, (projected.shape[0], 1)), projected], axis=1)
