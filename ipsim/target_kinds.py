"""What "met" means for each kind of target, vectorised over draws.

Each kind reduces an indicator's simulated path (``draws x years``) to the *tested quantity*,
the number compared with the threshold, in the threshold's unit:

=================  ===========================================  ==================================
kind               tested quantity                               met iff (``at_least``)
=================  ===========================================  ==================================
``cagr``           (x_T / x_base)^(1 / (T - base)) - 1           quantity >= r
``yoy_each_year``  min over base < t <= T of x_t / x_(t-1) - 1   quantity >= r
``level``          x_T                                           quantity >= L
``share``          x_T (a fraction)                              quantity >= L
``every_year``     min of x_t over the window                    quantity >= L
``cumulative``     x_T (basis ``stock``), or the additions        quantity >= L
                   over the window (basis ``additions``: the
                   sum of a flow, or the stock's increase)
=================  ===========================================  ==================================

``at_most`` targets flip the comparison (and ``every_year`` then takes the maximum).
"""

from __future__ import annotations

import math

import numpy as np

from ipsim.plan import Indicator, Target

_TOLERANCE = 1e-9


def effective_kind(target: Target, reading: str | None) -> str:
    """Return the kind used to test ``target``: a growth target follows the scenario's reading."""
    if target.is_growth and reading is not None:
        return reading
    return target.kind


def target_quantity(
    target: Target,
    path: np.ndarray,
    years: np.ndarray,
    indicator: Indicator,
    *,
    reading: str | None = None,
) -> np.ndarray:
    """Reduce simulated paths to the quantity compared with the threshold.

    Parameters
    ----------
    target : Target
    path : numpy.ndarray
        Simulated values of the target's indicator, ``(draws, n_years)``.
    years : numpy.ndarray
        The years of ``path``'s columns, ``(n_years,)``.
    indicator : Indicator
        The target's indicator (its kind decides how additions are counted).
    reading : {"cagr", "yoy_each_year"}, optional
        Reading of a growth target; defaults to the target's own kind.

    Returns
    -------
    numpy.ndarray
        ``(draws,)``, in the threshold's unit (a fraction per year for growth targets).

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> t = plan.target("invention_apps")
    >>> path = np.array([[100.0, 110.0, 130.0, 140.0, 207.36]])
    >>> target_quantity(t, path, np.arange(2016, 2021), plan.indicator(t.indicator)).round(4)
    array([0.2])
    >>> target_quantity(t, path, np.arange(2016, 2021), plan.indicator(t.indicator),
    ...                 reading="yoy_each_year").round(4)
    array([0.0769])
    """
    kind = effective_kind(target, reading)
    column = {int(y): i for i, y in enumerate(years)}
    end = path[:, column[target.deadline]]
    if kind == "cagr":
        start = path[:, column[target.base_year]]
        return (end / start) ** (1.0 / (target.deadline - target.base_year)) - 1.0
    if kind == "yoy_each_year":
        span = path[:, column[target.base_year] : column[target.deadline] + 1]
        growth = span[:, 1:] / span[:, :-1] - 1.0
        return growth.max(axis=1) if target.direction == "at_most" else growth.min(axis=1)
    if kind in ("level", "share"):
        return end
    assert target.window is not None or kind == "cumulative"
    if kind == "every_year":
        first, last = target.window  # type: ignore[misc]
        span = path[:, column[first] : column[last] + 1]
        return span.max(axis=1) if target.direction == "at_most" else span.min(axis=1)
    if kind == "cumulative":
        if target.basis == "stock" or target.window is None:
            return end
        first, last = target.window
        if indicator.kind == "flow":
            return path[:, column[first] : column[last] + 1].sum(axis=1)
        return path[:, column[last]] - path[:, column[first - 1]]
    msg = f"unknown target kind {kind!r}"
    raise ValueError(msg)


def years_read(
    target: Target, indicator: Indicator, *, reading: str | None = None
) -> tuple[int, ...]:
    """Return the years of the indicator that :func:`target_quantity` reads for ``target``.

    A target is decided once all of them are published.

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> t = plan.target("invention_apps")
    >>> years_read(t, plan.indicator(t.indicator)), years_read(t, plan.indicator(t.indicator), reading="yoy_each_year")
    ((2016, 2020), (2016, 2017, 2018, 2019, 2020))
    >>> t = plan.target("strong_firms")  # additions to a stock over 2017-2020
    >>> years_read(t, plan.indicator(t.indicator))
    (2016, 2020)
    """
    kind = effective_kind(target, reading)
    if kind == "cagr":
        return (target.base_year, target.deadline)
    if kind == "yoy_each_year":
        return tuple(range(target.base_year, target.deadline + 1))
    if kind == "every_year" and target.window is not None:
        return tuple(range(target.window[0], target.window[1] + 1))
    if kind == "cumulative" and target.basis != "stock" and target.window is not None:
        first, last = target.window
        if indicator.kind == "flow":
            return tuple(range(first, last + 1))
        return (first - 1, last)
    return (target.deadline,)


def is_met(target: Target, quantity: np.ndarray) -> np.ndarray:
    """Compare tested quantities with the threshold (with a 1e-9 relative tolerance).

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> t = load_plan("guangzhou-ip-2017-2020").target("invention_apps")
    >>> is_met(t, np.array([0.17, 0.18, 0.25]))
    array([False,  True,  True])
    """
    if target.threshold is None:
        msg = f"target {target.id!r} has no published threshold; nothing can be met"
        raise ValueError(msg)
    slack = _TOLERANCE * max(1.0, abs(target.threshold))
    if target.direction == "at_most":
        return quantity <= target.threshold + slack
    return quantity >= target.threshold - slack


def required_level(target: Target, baseline_value: float, reading: str | None = None) -> float:
    """Return the level of the tested *indicator* at the deadline that meets the target.

    For growth targets that is ``x_base * (1 + r)^(T - base)``; otherwise the threshold.
    """
    if target.threshold is None:
        return math.nan
    if target.is_growth:
        return baseline_value * (1.0 + target.threshold) ** (target.deadline - target.base_year)
    return target.threshold
