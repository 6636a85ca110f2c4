"""What it takes: the smallest setting of a lever that makes a target likely, and sweeps.

The simulator uses common random numbers and levers move every draw monotonically, so P(met) is a
non-decreasing step function of a lever (for a funding lever, as long as the elasticity is not
negative). :func:`goal_seek` brackets the answer between the lever's bounds and bisects, with
the same random numbers at every step; only the target's own indicator is simulated. The Monte
Carlo uncertainty of the answer is the range of lever values whose P(met) is within 1.96
standard errors of the wanted probability.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ipsim.errors import ScenarioError
from ipsim.levers import Lever, lever, levers_of
from ipsim.scenario import Scenario
from ipsim.simulate import RngLike, simulate
from ipsim.target_kinds import effective_kind, is_met, target_quantity

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.plan import Target

Z95 = 1.959963984540054


@dataclass(frozen=True)
class GoalSeekResult:
    """The answer for one target and one lever.

    ``value`` is in the lever's own unit (a multiple of the planned budget, or a growth rate);
    it is None when the probability cannot be reached within the lever's bounds, and then
    ``best_p_met`` says how close the lever gets.
    """

    target: str
    lever: str
    probability: float
    feasible: bool
    value: float | None
    value_lo: float | None
    value_hi: float | None
    p_met_at_value: float | None
    best_p_met: float
    current_value: float
    p_met_now: float
    bounds: tuple[float, float]
    unit: str
    draws: int
    note: str = ""
    required_growth: float | None = None
    evaluations: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of ``ipsim goalseek --format json`` (contract fields first)."""
        return {
            "target": self.target,
            "lever": self.lever,
            "probability": self.probability,
            "feasible": self.feasible,
            "value": self.value,
            "value_lo": self.value_lo,
            "value_hi": self.value_hi,
            "p_met_at_value": self.p_met_at_value,
            "best_p_met": self.best_p_met,
            "current_value": self.current_value,
            "p_met_now": self.p_met_now,
            "bounds": list(self.bounds),
            "unit": self.unit,
            "draws": self.draws,
            "required_growth": self.required_growth,
            "note": self.note,
        }


class _TargetProbability:
    """P(met) of one target as a function of one lever, with the same random numbers each time."""

    def __init__(
        self, scenario: Scenario, target: Target, the_lever: Lever, draws: int, rng: RngLike
    ) -> None:
        self.scenario, self.target, self.lever = scenario, target, the_lever
        self.draws, self.rng = draws, rng
        plan = scenario.load_plan()
        self.indicator = plan.indicator(target.indicator)
        self.reading = scenario.reading_of(target.id) if target.is_growth else None
        self.cache: dict[float, float] = {}

    def __call__(self, value: float) -> float:
        value = float(value)
        if value not in self.cache:
            # the lever as a per-draw value: the same numbers as a scenario with it set, without
            # validating a new scenario at every bisection step
            result = simulate(
                self.scenario,
                draws=self.draws,
                rng=self.rng,
                indicators=[self.target.indicator],
                levers={self.lever.name: np.full(self.draws, value)},
            )
            self.cache[value] = met_share(self.target, result, self.indicator, self.reading)
        return self.cache[value]


def met_share(target: Target, result: Any, indicator: Any, reading: str | None) -> float:
    """Share of draws of ``result`` that meet ``target``."""
    quantity = target_quantity(
        target, result.path(target.indicator), result.years, indicator, reading=reading
    )
    return float(is_met(target, quantity).mean())


def _smallest(
    p: _TargetProbability, wanted: float, low: float, high: float, tol: float
) -> float | None:
    """Smallest lever value in [low, high] with P >= wanted (None if even ``high`` falls short)."""
    if p(high) < wanted:
        return None
    if p(low) >= wanted:
        return low
    while high - low > tol:
        middle = 0.5 * (low + high)
        if p(middle) >= wanted:
            high = middle
        else:
            low = middle
    return high


def _lever_for(scenario: Scenario, target: Target, name: str) -> Lever | None:
    """Resolve ``name``; ``"funding"`` and ``"growth"`` mean the target's own lever of that kind."""
    if name == "funding":
        programme = scenario.indicators[target.indicator].programme
        return None if programme is None else levers_of(scenario).get(f"funding.{programme}")
    if name == "growth":
        return levers_of(scenario).get(f"growth.{target.indicator}")
    return lever(name, scenario)


def goal_seek(
    scenario: Scenario,
    target: str,
    *,
    lever: str = "funding",
    probability: float = 0.8,
    draws: int | None = None,
    rng: RngLike = None,
    bounds: tuple[float, float] | None = None,
    tolerance: float | None = None,
) -> GoalSeekResult:
    """Find the smallest setting of ``lever`` that gives ``target`` P(met) >= ``probability``.

    Parameters
    ----------
    scenario : Scenario
    target : str
        A target id.
    lever : str
        A lever name (``funding.<programme>``, ``growth.<indicator>``; see
        :func:`ipsim.levers.levers_of`), or ``"funding"`` / ``"growth"`` for the target's own
        funding programme or trend.
    probability : float
        The wanted P(met), in (0, 1).
    draws, rng
        Monte Carlo draws and seed (defaults: the scenario's).
    bounds : (float, float), optional
        The range searched (default: the lever's, e.g. 0.05 to 5 times the planned budget).
    tolerance : float, optional
        Width at which bisection stops (default: 1/10,000 of the range).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> answer = goal_seek(load_scenario("baseline"), "invention_apps", probability=0.8, draws=4_000)
    >>> answer.lever, answer.feasible, round(answer.value, 2)
    ('funding.creation', True, 1.91)
    >>> answer.p_met_at_value >= 0.8
    True
    """
    if not 0.0 < probability < 1.0:
        msg = f"probability must lie strictly between 0 and 1, got {probability!r}"
        raise ScenarioError(msg)
    plan = scenario.load_plan()
    the_target = plan.target(target)
    if the_target.threshold is None:
        msg = f"target {target!r} has no published threshold, so nothing can be sought for it"
        raise ScenarioError(msg)
    n = scenario.draws if draws is None else int(draws)
    the_lever = _lever_for(scenario, the_target, lever)
    if the_lever is None:
        return _no_lever(scenario, the_target, lever, probability, n, rng)
    low, high = (
        bounds
        if bounds is not None
        else (
            max(the_lever.low, 0.05) if the_lever.kind == "funding" else the_lever.low,
            the_lever.high,
        )
    )
    if not low < high:
        msg = f"bounds must be increasing, got {(low, high)!r}"
        raise ScenarioError(msg)
    tol = (high - low) * 1e-4 if tolerance is None else float(tolerance)
    p = _TargetProbability(scenario, the_target, the_lever, n, rng)
    se = math.sqrt(probability * (1 - probability) / n)
    value = _smallest(p, probability, low, high, tol)
    value_lo = _smallest(p, max(probability - Z95 * se, 1e-12), low, high, tol)
    value_hi = _smallest(p, min(probability + Z95 * se, 1.0), low, high, tol)
    moves = (
        the_lever.kind != "funding"
        or scenario.indicators[the_target.indicator].programme == the_lever.key
    )
    if value is None:
        note = (
            f"not reachable within {the_lever.name} in [{low:g}, {high:g}]: P(met) reaches "
            f"{p(high):.1%} at {high:g}"
        )
    elif value == low:
        note = f"P(met) >= {probability:.0%} already at the lower bound {low:g}"
    else:
        note = ""
    if not moves:
        note = f"{the_lever.name} does not move {target}; " + note
    return GoalSeekResult(
        target=target,
        lever=the_lever.name,
        probability=probability,
        feasible=value is not None,
        value=value,
        value_lo=value_lo,
        value_hi=value_hi,
        p_met_at_value=None if value is None else p(value),
        best_p_met=max(p(low), p(high)),
        current_value=the_lever.current,
        p_met_now=p(the_lever.current),
        bounds=(low, high),
        unit=the_lever.unit,
        draws=n,
        note=note,
        evaluations=len(p.cache),
    )


def _no_lever(
    scenario: Scenario, target: Target, name: str, probability: float, draws: int, rng: RngLike
) -> GoalSeekResult:
    plan = scenario.load_plan()
    result = simulate(scenario, draws=draws, rng=rng, indicators=[target.indicator])
    reading = scenario.reading_of(target.id) if target.is_growth else None
    now = met_share(target, result, plan.indicator(target.indicator), reading)
    return GoalSeekResult(
        target=target.id,
        lever=name,
        probability=probability,
        feasible=now >= probability,
        value=None,
        value_lo=None,
        value_hi=None,
        p_met_at_value=None,
        best_p_met=now,
        current_value=math.nan,
        p_met_now=now,
        bounds=(math.nan, math.nan),
        unit="",
        draws=draws,
        note=f"no {name} lever moves {target.indicator} (it has no such programme or trend)",
    )


def goal_seek_all(
    scenario: Scenario,
    *,
    lever: str = "funding",
    probability: float = 0.8,
    draws: int | None = None,
    rng: RngLike = None,
) -> list[GoalSeekResult]:
    """:func:`goal_seek` for every target, each with its own lever when ``lever`` is a kind.

    Each result also carries the growth the target still needs from its last observation (the
    deterministic companion; None where a rate does not apply).
    """
    from ipsim.assess import assess

    board = {
        t.id: t
        for t in assess(simulate(scenario, draws=min(scenario.draws, 2_000), rng=rng)).targets
    }
    plan = scenario.load_plan()
    out = []
    for target in plan.targets:
        if target.indicator not in scenario.indicators or target.threshold is None:
            continue
        answer = goal_seek(
            scenario, target.id, lever=lever, probability=probability, draws=draws, rng=rng
        )
        required = board[target.id].required_growth
        out.append(
            _with(
                answer,
                required_growth=None if required is None or math.isnan(required) else required,
            )
        )
    return out


def _with(result: GoalSeekResult, **changes: Any) -> GoalSeekResult:
    import dataclasses

    return dataclasses.replace(result, **changes)


def sweep(
    scenario: Scenario,
    lever_name: str,
    values: np.ndarray | list[float],
    *,
    targets: list[str] | None = None,
    draws: int = 2_000,
    rng: RngLike = None,
) -> pd.DataFrame:
    """P(met) of targets over a grid of one lever, in one vectorised simulation.

    Every grid point sees the same random numbers (common random numbers), so the curves are
    monotone. Returns one row per (value, target): ``value``, ``target``, ``p_met``, ``se``.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> curve = sweep(load_scenario("baseline"), "funding.creation", [0.5, 1, 2], targets=["invention_apps"], draws=1_000)
    >>> bool(curve["p_met"].is_monotonic_increasing)
    True
    """
    import pandas as pd

    the_lever = lever(lever_name, scenario)
    grid = np.asarray(values, dtype=float)
    plan = scenario.load_plan()
    chosen = [plan.target(t) for t in (targets or [t.id for t in plan.targets])]
    chosen = [t for t in chosen if t.indicator in scenario.indicators]
    needed = sorted({t.indicator for t in chosen})
    result = simulate(
        scenario,
        draws=draws * len(grid),
        rng=rng,
        indicators=needed,
        levers={the_lever.name: np.repeat(grid, draws)},
        repeat_noise=draws,
    )
    rows = []
    for t in chosen:
        reading = scenario.reading_of(t.id) if t.is_growth else None
        quantity = target_quantity(
            t, result.path(t.indicator), result.years, plan.indicator(t.indicator), reading=reading
        )
        met = is_met(t, quantity).reshape(len(grid), draws).mean(axis=1)
        for value, p in zip(grid, met, strict=True):
            rows.append(
                {
                    "lever": the_lever.name,
                    "value": float(value),
                    "target": t.id,
                    "kind": effective_kind(t, reading),
                    "p_met": float(p),
                    "se": math.sqrt(p * (1 - p) / draws),
                }
            )
    return pd.DataFrame(rows)
