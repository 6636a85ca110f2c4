"""The contract every model family follows, and the registry the engine reads.

A model family turns one indicator's inputs into its simulated paths, vectorised over draws:

- it declares its parameters (:class:`ParamSpec`: name, bounds, default, meaning), which is all
  a scenario file may set for it besides the common keys (baseline, programme, elasticity, lag,
  shock loading);
- :meth:`Model.paths` receives a :class:`ModelContext` (sampled parameters, the lagged funding
  ratio of its programme, correlated standard-normal shocks and independent uniforms) and
  returns an array ``draws x years`` starting with the baseline year.

Adding a family means writing one module with a subclass decorated by :func:`register_model`;
the engine never names a family.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import numpy as np


@dataclass(frozen=True)
class ParamSpec:
    """A model parameter as a scenario file declares it.

    ``default=None`` means required. Bounds are inclusive unless ``*_open``; an uncertain value's
    whole support must lie inside them. A parameter that can be a lever (the model's
    :attr:`Model.lever_param`) also says what a value means (``unit_en``, ``unit_zh``) and which way
    it moves the indicator (``effect``: +1 when a higher value raises the indicator in every
    draw, -1 when it lowers it, as a unit cost lowers the units funded; 0 when it has no order).
    Goal-seek reads ``effect`` to search the right way.
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
        if self.low_open:
            return max(self.low, 0.0) + 0.05 * current, high
        return self.low, high


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
        ``ln(F[t - lag] / F_ref)`` for each projected year, ``(n_years - 1,)``, or per draw
        ``(draws, n_years - 1)`` when a sweep sets the budget draw by draw.
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
        """``theta * ln(F ratio)`` per draw and projected year, ``(draws, steps)``."""
        ratio = self.log_funding_ratio
        return self.elasticity * (ratio if ratio.ndim == 2 else ratio[None, :])


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

    @abstractmethod
    def paths(self, ctx: ModelContext) -> np.ndarray:
        """Return simulated values, ``(ctx.draws, len(ctx.years))``, column 0 the baseline."""

    @classmethod
    def param(cls, name: str) -> ParamSpec:
        return next(p for p in cls.params if p.name == name)


MODELS: dict[str, type[Model]] = {}


def register_model(cls: type[Model]) -> type[Model]:
    """Register a model family under ``cls.name`` (use as a class decorator)."""
    MODELS[cls.name] = cls
    return cls


def log_steps(ctx: ModelContext, drift: np.ndarray | float, volatility: np.ndarray) -> np.ndarray:
    """``drift + theta * ln(F ratio) + volatility * shocks`` as one new ``(draws, steps)`` array.

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
