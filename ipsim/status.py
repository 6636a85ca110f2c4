"""The one verdict of a target, and the published progress statuses beside it.

**The verdict** (:func:`verdict`) is the likelihood band of P(met) in the IPCC's calibrated
language (Mastrandrea et al. 2010), five bands cut at :data:`BAND_CUTS`: very likely
(P >= 90 %), likely (66 % <= P < 90 %), about as likely as not (33 % < P < 66 %), unlikely
(10 % < P <= 33 %), very unlikely (P <= 10 %). It is the only coloured judgement ipsim shows, so
it can never contradict P(met). A target decided by published figures has the verdict
``"decided_met"`` or ``"decided_missed"`` instead. Where the 95 % Wilson interval of P(met)
straddles a cut (:func:`straddled_cut`), the verdict says so: another seed may give the
neighbouring band. :func:`rating` is the finer seven-word scale (adding virtually certain,
>= 99 %, and exceptionally unlikely, <= 1 %), kept for the JSON ``rating`` field; it refines the
verdict and never disagrees with it.

**The statuses** are two published ways of saying whether progress so far is on course.
They are *retrospective*, as their methods define them: computed on published figures, from the
target's base year to the latest published figure (:func:`observed_statuses`), never on an
assumed value or on a projection. Without a published figure after the base year a status is
``"not_assessable"``, with the reason.

- **Statistics Canada / Open SDG**: the ratio of actual to required compound annual growth,
  ``ratio = CAGR(x_base -> x_latest) / CAGR(x_base -> target)``; >= 0.95 on track, 0.60-0.95
  acceleration needed, 0-0.60 limited progress, < 0 deterioration.
- **UNSD SDG Progress Chart**: the ratio of anticipated to required progress, where the
  anticipated value extends the observed growth to the deadline,
  ``ratio = (x_anticipated - x_base) / (x_target - x_base)``; >= 0.95 on track, 0.10-0.95
  acceleration needed, < 0.10 limited or no progress.

A growth target read "growth in every year" needs its rate in every year, so both methods read
the worst observed year against the rate required *per year*. "Target achieved" is said only of
a target decided by published figures (see :mod:`ipsim.assess`): both statuses then read
``"target_achieved"`` or ``"target_missed"``. Where the latest figure already reaches a level
that the target asks for at a later deadline, the statuses say "on track", not "achieved".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipsim.plan import Target

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
    """Name a probability in the IPCC's calibrated language, seven words (refines :func:`band`).

    Examples
    --------
    >>> [rating(p) for p in (0.995, 0.93, 0.7, 0.5, 0.2, 0.05, 0.001)]  # doctest: +NORMALIZE_WHITESPACE
    ['virtually_certain', 'very_likely', 'likely', 'about_as_likely_as_not', 'unlikely',
     'very_unlikely', 'exceptionally_unlikely']
    """
    if probability >= 0.99:
        return "virtually_certain"
    if probability <= 0.01:
        return "exceptionally_unlikely"
    return band(probability)


# -- the one verdict ------------------------------------------------------------------------------
BAND_CUTS = (0.10, 0.33, 0.66, 0.90)
"""The cuts between the five likelihood bands of P(met), lowest first. A P(met) at a cut goes
to the band farther from 50 %: 0.90 and 0.66 are very likely and likely, 0.33 and 0.10 unlikely
and very unlikely (the IPCC's "66-100 %" and "0-33 %" both include their ends)."""
BANDS = ("very_unlikely", "unlikely", "about_as_likely_as_not", "likely", "very_likely")
"""The five likelihood bands, from the lowest P(met) up (see :data:`BAND_CUTS`)."""
VERDICTS = (*reversed(BANDS), "decided_met", "decided_missed", "not_assessable")
"""Every verdict a target can have: a band, decided by published figures, or none (no P(met))."""


def band(probability: float) -> str:
    """Return the likelihood band of ``probability`` (one of :data:`BANDS`).

    Examples
    --------
    >>> [band(p) for p in (0.95, 0.90, 0.66, 0.5, 0.33, 0.2, 0.10, 0.0)]  # doctest: +NORMALIZE_WHITESPACE
    ['very_likely', 'very_likely', 'likely', 'about_as_likely_as_not', 'unlikely', 'unlikely',
     'very_unlikely', 'very_unlikely']
    """
    very_unlikely, unlikely, likely, very_likely = BAND_CUTS
    if probability >= very_likely:
        return "very_likely"
    if probability >= likely:
        return "likely"
    if probability > unlikely:
        return "about_as_likely_as_not"
    if probability > very_unlikely:
        return "unlikely"
    return "very_unlikely"


def verdict(probability: float, decided: str | None = None) -> str:
    """Return a target's verdict: its band, ``decided_met``/``decided_missed``, or
    ``not_assessable`` when it has no P(met).

    Examples
    --------
    >>> verdict(0.39), verdict(1.0, "met"), verdict(float("nan"))
    ('about_as_likely_as_not', 'decided_met', 'not_assessable')
    """
    if decided is not None:
        return f"decided_{decided}"
    if not math.isfinite(probability):
        return "not_assessable"
    return band(probability)


def straddled_cut(lower: float, upper: float, probability: float) -> float | None:
    """Return the band cut that an interval of P(met) straddles (the one nearest the estimate),
    or None when the whole interval lies in one band.

    A verdict whose interval straddles a cut may change band with another seed.

    Examples
    --------
    >>> straddled_cut(0.65, 0.67, 0.661), straddled_cut(0.40, 0.45, 0.42)
    (0.66, None)
    """
    if not (math.isfinite(lower) and math.isfinite(upper)) or band(lower) == band(upper):
        return None
    inside = [c for c in BAND_CUTS if lower <= c <= upper]
    return min(inside, key=lambda c: abs(c - probability), default=None)


# -- statuses on published figures --------------------------------------------------------------
@dataclass(frozen=True)
class ObservedStatus:
    """The two statuses of a target on published figures, and what they were computed on.

    ``years`` is ``(first, last)``, the published figures read; None with a ``reason`` (a label
    key of :mod:`ipsim.i18n.verdict`, ``reason_year`` filling it) when not assessable.
    """

    statcan: str
    unsd: str
    statcan_ratio: float | None = None
    unsd_ratio: float | None = None
    years: tuple[int, int] | None = None
    reason: str | None = None
    reason_year: int | None = None


def not_assessable(reason: str, year: int | None = None) -> ObservedStatus:
    """Both statuses "not assessable", and why (a ``verdict.status_*`` label key)."""
    return ObservedStatus("not_assessable", "not_assessable", reason=reason, reason_year=year)


def extend_growth(start: float, latest: float, elapsed: int, span: int) -> float:
    """Extend the compound growth from ``start`` to ``latest`` (over ``elapsed`` years) to
    ``span`` years from ``start``: the UNSD Progress Chart's anticipated value.

    Examples
    --------
    >>> round(extend_growth(100, 121, 2, 4), 6)
    146.41
    """
    if start <= 0 or latest < 0 or elapsed <= 0:
        return math.nan
    return start * (latest / start) ** (span / elapsed)


def observed_statuses(
    target: Target, kind: str, figures: Mapping[int, float], indicator_kind: str
) -> ObservedStatus:
    """Both statuses of ``target`` on its indicator's published ``figures`` (year -> value).

    ``kind`` is the kind the target is tested as (its reading, for a growth target);
    ``indicator_kind`` the indicator's (``flow`` sums its additions, ``stock`` differences them).
    Progress runs from the target's base year (for additions, from the start of the window) to
    the latest published figure up to the deadline.

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> t = load_plan("guangzhou-ip-2017-2020").target("invention_apps")  # 18 % a year 2016-20
    >>> s = observed_statuses(t, "cagr", {2016: 31892.0, 2017: 36941.0}, "flow")
    >>> s.statcan, round(s.statcan_ratio, 3), s.unsd, round(s.unsd_ratio, 3), s.years
    ('acceleration_needed', 0.88, 'acceleration_needed', 0.852, (2016, 2017))
    >>> observed_statuses(t, "cagr", {2016: 31892.0}, "flow").reason
    'verdict.status_no_later_figure'
    """
    known = {y: v for y, v in figures.items() if y <= target.deadline and math.isfinite(v)}
    if kind == "cumulative" and target.basis == "additions" and target.window is not None:
        return _additions_status(target, known, indicator_kind)
    base = target.base_year
    if base not in known:
        return not_assessable("verdict.status_no_base_figure", base)
    later = sorted(y for y in known if y > base)
    if not later:
        return not_assessable("verdict.status_no_later_figure", base)
    if known[base] <= 0 and (target.is_growth or target.threshold is None):
        return not_assessable("verdict.status_base_not_positive")
    if target.threshold is None:
        growth = cagr(known[base], known[later[-1]], later[-1] - base)
        return ObservedStatus(
            statcan_trend_class(growth, target.direction),
            "not_assessable",
            statcan_ratio=growth,
            years=(base, later[-1]),
        )
    if kind == "yoy_each_year":
        return _each_year_growth_status(target, known)
    if kind == "cagr":
        return _growth_status(target, known[base], known[later[-1]], later[-1] - base)
    return _level_status(target, kind, known, later[-1])


def _meets(target: Target, value: float, threshold: float) -> bool:
    return value <= threshold if target.direction == "at_most" else value >= threshold


def _growth_status(target: Target, start: float, latest: float, elapsed: int) -> ObservedStatus:
    """An average-annual-growth target: the observed CAGR against the required rate."""
    assert target.threshold is not None
    rate, span = target.threshold, target.deadline - target.base_year
    actual = cagr(start, latest, elapsed)
    statcan_r = actual / rate if rate != 0 and math.isfinite(actual) else math.nan
    anticipated = extend_growth(start, latest, elapsed, span)
    required = start * (1.0 + rate) ** span
    return ObservedStatus(
        statcan_class(statcan_r),
        unsd_status(start, anticipated, required),
        statcan_ratio=statcan_r,
        unsd_ratio=unsd_ratio(start, anticipated, required),
        years=(target.base_year, target.base_year + elapsed),
    )


def _each_year_growth_status(target: Target, known: Mapping[int, float]) -> ObservedStatus:
    """A growth-in-every-year target: the worst published year against the rate per year."""
    base = target.base_year
    last = base
    while last + 1 in known and known[last] > 0:
        last += 1
    if last == base:
        return not_assessable("verdict.status_no_later_figure", base)
    growths = [known[y] / known[y - 1] - 1.0 for y in range(base + 1, last + 1)]
    worst = max(growths) if target.direction == "at_most" else min(growths)
    # the worst year's growth, compounded: read by both methods as if it held every year
    start = known[base]
    return _growth_status(target, start, start * (1.0 + worst) ** (last - base), last - base)


def _level_status(
    target: Target, kind: str, known: Mapping[int, float], latest_year: int
) -> ObservedStatus:
    """A level, share, stock or every-year target: progress from the base-year figure."""
    assert target.threshold is not None
    base, threshold = target.base_year, target.threshold
    start, latest = known[base], known[latest_year]
    # an every-year target must be reached by the first year of its window
    reach_by = target.window[0] if kind == "every_year" and target.window else target.deadline
    years = (base, latest_year)
    if kind == "every_year" and latest_year >= reach_by:
        window = [v for y, v in known.items() if y >= reach_by]
        met = all(_meets(target, v, threshold) for v in window)
        shown = "on_track" if met else "deterioration"
        return ObservedStatus(shown, "on_track" if met else "limited_or_no_progress", years=years)
    elapsed, span = latest_year - base, reach_by - base
    if _meets(target, latest, threshold):  # reached before the deadline: on track, not achieved
        return ObservedStatus("on_track", "on_track", years=years)
    if _meets(target, start, threshold):  # met at the start, no longer
        return ObservedStatus("deterioration", "limited_or_no_progress", years=years)
    actual, needed = cagr(start, latest, elapsed), cagr(start, threshold, span)
    ratio = (
        actual / needed if math.isfinite(actual) and math.isfinite(needed) and needed else math.nan
    )
    anticipated = extend_growth(start, latest, elapsed, span)
    return ObservedStatus(
        statcan_class(ratio),
        unsd_status(start, anticipated, threshold),
        statcan_ratio=ratio,
        unsd_ratio=unsd_ratio(start, anticipated, threshold),
        years=years,
    )


def _additions_status(
    target: Target, known: Mapping[int, float], indicator_kind: str
) -> ObservedStatus:
    """Additions over a window: the published pace so far against the pace required."""
    assert target.window is not None
    assert target.threshold is not None
    first, last = target.window
    if indicator_kind == "flow":
        latest = first - 1
        while latest + 1 in known and latest + 1 <= last:
            latest += 1
        if latest < first:
            return not_assessable("verdict.status_no_later_figure", first - 1)
        so_far = sum(known[y] for y in range(first, latest + 1))
    else:
        if first - 1 not in known:
            return not_assessable("verdict.status_no_base_figure", first - 1)
        later = [y for y in known if first <= y <= last]
        if not later:
            return not_assessable("verdict.status_no_later_figure", first - 1)
        latest = max(later)
        so_far = known[latest] - known[first - 1]
    pace = so_far / (latest - first + 1)
    anticipated = pace * (last - first + 1)
    ratio = anticipated / target.threshold if target.threshold else math.nan
    return ObservedStatus(
        statcan_class(ratio),
        unsd_status(0.0, anticipated, target.threshold),
        statcan_ratio=ratio,
        unsd_ratio=ratio,
        years=(first - 1 if indicator_kind != "flow" else first, latest),
    )
