"""Deterministic progress statuses by published methods, and plain-words probability ratings.

Two published ways of saying whether a trajectory is on course, shown side by side:

- **Statistics Canada / Open SDG**: the ratio of actual to required compound annual growth,
  ``ratio = CAGR(x0 -> x_now) / CAGR(x0 -> target)``; >= 0.95 on track, 0.60-0.95 acceleration
  needed, 0-0.60 limited progress, < 0 deterioration (and "target achieved" where the start
  already met the target and the trajectory still does).
- **UNSD SDG Progress Chart**: the ratio of projected to required progress,
  ``ratio = (x_projected - x0) / (x_target - x0)``; >= 0.95 on track, 0.10-0.95 acceleration
  needed, < 0.10 limited or no progress.

In ipsim "x_now" and "x_projected" are the median projection at the deadline, so both methods
read the central path of the scenario; P(met) reads the whole distribution.

Probability ratings use the IPCC calibrated-language scale (Mastrandrea et al. 2010).

A target decided by published figures (see :mod:`ipsim.assess`) needs neither method: both
statuses read ``"target_achieved"`` or ``"target_missed"`` and its rating is
``"decided_met"`` or ``"decided_missed"`` (:data:`DECIDED_RATINGS`).
"""

from __future__ import annotations

import math

STATCAN_STATUSES = (
    "target_achieved",
    "target_missed",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "not_assessable",
)
UNSD_STATUSES = (
    "target_achieved",
    "target_missed",
    "on_track",
    "acceleration_needed",
    "limited_or_no_progress",
    "not_assessable",
)
DECIDED_RATINGS = ("decided_met", "decided_missed")
"""Ratings of targets decided by published figures, in place of a probability rating."""
RATINGS = (
    "virtually_certain",
    "very_likely",
    "likely",
    "about_as_likely_as_not",
    "unlikely",
    "very_unlikely",
    "exceptionally_unlikely",
)


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``.

    Examples
    --------
    >>> round(cagr(100, 207.36, 4), 6)
    0.2
    """
    if years <= 0 or start <= 0 or end < 0:
        return math.nan
    return (end / start) ** (1.0 / years) - 1.0


def statcan_ratio(
    start: float, projected: float, required: float, years: float, *, at_most: bool = False
) -> float:
    """Ratio of actual (projected) to required compound growth, Statistics Canada's method.

    Examples
    --------
    >>> round(statcan_ratio(100, 130, 150, 4), 4)
    0.6354
    """
    needed = cagr(start, required, years)
    actual = cagr(start, projected, years)
    if not math.isfinite(needed) or not math.isfinite(actual) or needed == 0:
        return math.nan
    return actual / needed


def statcan_status(
    start: float, projected: float, required: float, years: float, *, at_most: bool = False
) -> str:
    """Classify progress by Statistics Canada's thresholds (0.95, 0.60, 0).

    Examples
    --------
    >>> statcan_status(100, 130, 150, 4)
    'acceleration_needed'
    >>> statcan_status(100, 149, 150, 4)
    'on_track'
    >>> statcan_status(100, 95, 150, 4)
    'deterioration'
    >>> statcan_status(160, 170, 150, 4)
    'target_achieved'
    """

    def meets(x: float) -> bool:
        return x <= required if at_most else x >= required

    if any(not math.isfinite(v) for v in (start, projected, required)):
        return "not_assessable"
    if meets(start):
        return "target_achieved" if meets(projected) else "deterioration"
    return statcan_class(statcan_ratio(start, projected, required, years))


def statcan_class(ratio: float) -> str:
    """Classify a ratio of actual to required progress by Statistics Canada's thresholds.

    Examples
    --------
    >>> statcan_class(0.97), statcan_class(0.7), statcan_class(0.1), statcan_class(-0.2)
    ('on_track', 'acceleration_needed', 'limited_progress', 'deterioration')
    """
    if not math.isfinite(ratio):
        return "not_assessable"
    if ratio >= 0.95:
        return "on_track"
    if ratio >= 0.60:
        return "acceleration_needed"
    if ratio >= 0.0:
        return "limited_progress"
    return "deterioration"


NO_TARGET_THRESHOLDS = (0.015, 0.005, 0.0)
"""Statistics Canada / Open SDG growth thresholds for an indicator without a numeric target:
a CAGR in the desired direction of at least 1.5 % is on track, 0.5-1.5 % needs acceleration,
0-0.5 % is limited progress, below 0 deterioration (the scaling near natural limits is not applied)."""


def statcan_trend_class(growth: float, direction: str = "at_least") -> str:
    """Classify the growth of an indicator that has no numeric target.

    Examples
    --------
    >>> statcan_trend_class(0.03), statcan_trend_class(0.01), statcan_trend_class(0.001), statcan_trend_class(-0.02)
    ('on_track', 'acceleration_needed', 'limited_progress', 'deterioration')
    >>> statcan_trend_class(-0.02, "at_most")
    'on_track'
    """
    if not math.isfinite(growth):
        return "not_assessable"
    g = -growth if direction == "at_most" else growth
    on_track, acceleration, limited = NO_TARGET_THRESHOLDS
    if g >= on_track:
        return "on_track"
    if g >= acceleration:
        return "acceleration_needed"
    if g >= limited:
        return "limited_progress"
    return "deterioration"


def unsd_ratio(start: float, projected: float, required: float) -> float:
    """Ratio of projected to required progress, the UNSD Progress Chart's measure.

    Examples
    --------
    >>> unsd_ratio(100, 130, 150)
    0.6
    """
    if required == start:
        return math.inf if projected >= required else -math.inf
    return (projected - start) / (required - start)


def unsd_status(start: float, projected: float, required: float) -> str:
    """Classify progress by the UNSD Progress Chart's thresholds (0.95, 0.10).

    Examples
    --------
    >>> unsd_status(100, 130, 150)
    'acceleration_needed'
    >>> unsd_status(100, 104, 150)
    'limited_or_no_progress'
    >>> unsd_status(100, 148, 150)
    'on_track'
    """
    if any(not math.isfinite(v) for v in (start, projected, required)):
        return "not_assessable"
    ratio = unsd_ratio(start, projected, required)
    if ratio >= 0.95:
        return "on_track"
    if ratio >= 0.10:
        return "acceleration_needed"
    return "limited_or_no_progress"


def rating(probability: float) -> str:
    """Name a probability in the IPCC's calibrated language.

    Examples
    --------
    >>> [rating(p) for p in (0.995, 0.93, 0.7, 0.5, 0.2, 0.05, 0.001)]  # doctest: +NORMALIZE_WHITESPACE
    ['virtually_certain', 'very_likely', 'likely', 'about_as_likely_as_not', 'unlikely',
     'very_unlikely', 'exceptionally_unlikely']
    """
    if probability >= 0.99:
        return "virtually_certain"
    if probability >= 0.90:
        return "very_likely"
    if probability >= 0.66:
        return "likely"
    if probability > 0.33:
        return "about_as_likely_as_not"
    if probability > 0.10:
        return "unlikely"
    if probability > 0.01:
        return "very_unlikely"
    return "exceptionally_unlikely"
