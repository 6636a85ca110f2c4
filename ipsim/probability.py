"""Honest numbers for Monte Carlo probabilities: intervals, bounds and how to print them.

- :func:`wilson_interval`: the Wilson score interval of a proportion (Wilson 1927). Unlike the
  normal interval ``p ± z·s.e.`` it never collapses to a point at 0 of N or N of N: 0 successes
  in 10,000 draws give (0, 0.0384 %), not "0 with standard error 0".
- :func:`frechet_all` and :func:`frechet_at_least`: what the marginal probabilities alone say
  about P(all targets met) and P(at least k met), whatever the dependence between targets (the
  Boole-Fréchet bounds; see each function for the exact form).
- :func:`format_probability`: a probability as a percentage that never claims more than the
  draws resolve: "< 0.1%" instead of "0.0%", "> 99.9%" instead of "100.0%".

Every view that prints a probability estimated from draws goes through
:func:`format_probability`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

from ipsim.errors import ArgumentError

__all__ = [
    "format_interval",
    "format_probability",
    "frechet_all",
    "frechet_at_least",
    "wilson_interval",
]


def _z(level: float) -> float:
    """The two-sided standard normal quantile of ``level`` (1.96 for 0.95)."""
    if not 0.0 < level < 1.0:
        msg = f"level: expected a number between 0 and 1 (exclusive), got {level!r}"
        raise ArgumentError(msg)
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def wilson_interval(successes: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion of ``successes`` in ``n`` trials.

    Parameters
    ----------
    successes : float
        Number of successes (draws meeting the target), 0 <= successes <= n.
    n : int
        Number of trials (draws). With ``n = 0`` nothing is known: (0, 1).
    level : float
        Coverage of the interval (0.95 by default: z = 1.96).

    Returns
    -------
    tuple of float
        ``(lower, upper)``, within [0, 1]. At 0 of N the interval is ``(0, z² / (N + z²))``.

    Examples
    --------
    >>> lo, hi = wilson_interval(0, 10_000)
    >>> lo, round(hi, 6)
    (0.0, 0.000384)
    >>> [round(x, 4) for x in wilson_interval(5_000, 10_000)]
    [0.4902, 0.5098]
    """
    if n < 0 or not 0 <= successes <= max(n, 0):
        msg = f"wilson_interval: expected 0 <= successes <= n, got successes={successes!r}, n={n!r}"
        raise ArgumentError(msg)
    if n == 0:
        return 0.0, 1.0
    z = _z(level)
    z2 = z * z
    p = successes / n
    centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n)
    half = z / (1.0 + z2 / n) * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == n else min(1.0, centre + half)
    return lower, upper


def _marginals(p_marginals: Sequence[float]) -> list[float]:
    """The marginal probabilities as floats, each checked to lie in [0, 1]."""
    values = [float(p) for p in p_marginals]
    bad = [p for p in values if not 0.0 <= p <= 1.0]
    if bad:
        msg = f"p_marginals: expected probabilities in [0, 1], got {bad[0]!r}"
        raise ArgumentError(msg)
    return values


def frechet_all(p_marginals: Sequence[float]) -> tuple[float, float]:
    """Return the Fréchet bounds of P(all events) from the events' own probabilities.

    ``lower = max(0, sum p - (n - 1))`` (the events overlap as little as they can),
    ``upper = min p`` (they are nested, comonotone). Any dependence gives a probability between
    the two. With no events the probability is 1.

    Examples
    --------
    >>> frechet_all([0.9, 0.8]), frechet_all([0.5, 0.4, 0.3])
    ((0.7000000000000002, 0.8), (0.0, 0.3))
    """
    p = _marginals(p_marginals)
    if not p:
        return 1.0, 1.0
    return max(0.0, sum(p) - (len(p) - 1)), min(p)


def frechet_at_least(p_marginals: Sequence[float], k: int) -> tuple[float, float]:
    """Return bounds of P(at least ``k`` events) from the events' own probabilities alone.

    The bounds hold whatever the dependence between the events. With ``n`` events of
    probabilities ``p`` (sorted, ``S_m`` the sum of the ``m`` largest, ``s_m`` of the ``m``
    smallest):

    - lower: ``max over m = k..n of (S_m - (k - 1)) / (m - k + 1)``, clipped to [0, 1]. With
      ``m = n`` this is the Boole-Fréchet bound ``(sum p - (k - 1)) / (n - k + 1)``; a subset
      of the likelier events can only raise it.
    - upper: ``min over m = n-k+1..n of s_m / (k - (n - m))``, clipped to [0, 1]. With
      ``m = n`` this is Markov's ``sum p / k``; at ``k = n``, ``m = 1`` gives ``min p``, so
      ``frechet_at_least(p, n) == frechet_all(p)``.

    Both follow from counting: at least ``k`` of all the events met means at least
    ``k - (n - m)`` of any ``m`` of them met.

    Examples
    --------
    >>> frechet_at_least([0.5, 0.5, 0.5], 1), frechet_at_least([0.5, 0.5, 0.5], 3)
    ((0.5, 1.0), (0.0, 0.5))
    >>> frechet_at_least([0.9, 0.8, 0.1], 2)
    (0.7000000000000002, 0.9)
    """
    p = _marginals(p_marginals)
    n = len(p)
    if k <= 0:
        return 1.0, 1.0
    if k > n:
        return 0.0, 0.0
    if k == n:
        return frechet_all(p)
    largest_first = sorted(p, reverse=True)
    lower = max((sum(largest_first[:m]) - (k - 1)) / (m - k + 1) for m in range(k, n + 1))
    smallest_first = sorted(p)
    upper = min(sum(smallest_first[:m]) / (k - (n - m)) for m in range(n - k + 1, n + 1))
    return min(1.0, max(0.0, lower)), min(1.0, max(0.0, upper))


def format_probability(
    p: float | None, draws: int | None = None, lang: str = "en", *, digits: int = 1
) -> str:
    """Format a probability estimated from ``draws`` as a percentage, never past its resolution.

    A probability that would print as 0 at ``digits`` decimals (0.0% at one decimal, exactly
    0 of N included) prints as "< 0.1%"; one that would print as 100% prints as "> 99.9%".
    When the draws cannot even resolve that (0 of 200 draws), the bound is the Wilson 95 %
    upper limit, rounded up: "< 1.9%". A missing probability prints as "-".

    Parameters
    ----------
    p : float or None
        The probability, a fraction in [0, 1].
    draws : int, optional
        How many draws estimated it (None: an exact probability, resolution ``digits``).
    lang : {"en", "zh"}
        The reader's language (percentages are written alike in both).
    digits : int
        Decimals of the percentage (1 by default; the board shows 0: "< 1%", "> 99%").

    Examples
    --------
    >>> format_probability(0.1834, 10_000), format_probability(0.0, 10_000)
    ('18.3%', '< 0.1%')
    >>> format_probability(0.0004, 10_000), format_probability(1.0, 10_000, "zh")
    ('< 0.1%', '>99.9%')
    >>> format_probability(0.0, 200), format_probability(0.003, 10_000, digits=0)
    ('< 1.9%', '< 1%')
    """
    from ipsim.i18n import format_percent, label

    if p is None or not math.isfinite(p):
        return "-"
    if round(p * 100.0, digits) == 0.0 or p == 0.0:
        bound = _resolution(draws, digits) if p == 0.0 else _step(digits)
        return label("verdict.p_below", lang, p=format_percent(bound, digits))
    if round(p * 100.0, digits) == 100.0 or p == 1.0:
        bound = _resolution(draws, digits) if p == 1.0 else _step(digits)
        return label("verdict.p_above", lang, p=format_percent(1.0 - bound, digits))
    return format_percent(p, digits)


def format_interval(lower: float, upper: float, lang: str = "en") -> str:
    """Format an interval of probabilities (a Wilson interval, Fréchet bounds) so that neither
    end reads as a rounded zero: exact 0 and 1 print as "0%" and "100%", an end below 0.1% with
    two significant figures.

    Examples
    --------
    >>> format_interval(0.0, 0.000384), format_interval(0.4902, 0.5098), format_interval(0.7, 1.0)
    ('0%–0.038%', '49.0%–51.0%', '70.0%–100%')
    """
    from ipsim.i18n import label

    return label("verdict.p_range", lang, lo=_bound(lower), hi=_bound(upper))


def _bound(p: float) -> str:
    """One end of an interval: "0%", "100%", "0.038%", "99.962%" or one decimal."""
    if p <= 0.0:
        return "0%"
    if p >= 1.0:
        return "100%"
    if p < 0.001:
        return f"{float(f'{p * 100:.2g}'):g}%"
    if p > 0.999:
        return f"{100 - float(f'{(1 - p) * 100:.2g}'):g}%"
    return f"{p * 100:.1f}%"


def _step(digits: int) -> float:
    """The smallest step of a percentage printed with ``digits`` decimals, as a fraction."""
    return 10.0 ** (-digits) / 100.0


def _resolution(draws: int | None, digits: int) -> float:
    """What 0 of ``draws`` can exclude: the Wilson 95 % upper limit rounded up to a printed
    step (at least one step)."""
    step = _step(digits)
    if not draws:
        return step
    upper = wilson_interval(0, draws)[1]
    return max(step, math.ceil(upper / step - 1e-9) * step)
