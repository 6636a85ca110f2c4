"""Levers: the named dials of a scenario that goal-seek, sweeps and sensitivity turn.

Two kinds, named as a user would write them (on the command line too):

- ``funding.<programme>``: the programme's budget as a multiple of its reference (planned)
  budget, applied to every year the lever covers;
- ``growth.<indicator>``: the median of the indicator's trend parameter (its model's
  ``lever_param``: growth rate, logit rate, additions a year or unit cost), its spread kept.

A lever moves monotonically: with a non-negative funding elasticity, more budget never lowers an
indicator in any draw, and a higher median never lowers the trend parameter in any draw (draws
are inverse-CDF samples of the same uniforms).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ipsim._schema import quote_choices, suggestion
from ipsim.distributions import Distribution, Value, median_of, with_median
from ipsim.errors import ScenarioError
from ipsim.models import MODELS
from ipsim.scenario import Scenario

LeverKind = Literal["funding", "growth"]


@dataclass(frozen=True)
class Lever:
    """One dial: its name, what it moves, its current value and the range a search may use."""

    name: str
    kind: LeverKind
    key: str
    """The programme (funding) or indicator (growth) it moves."""
    param: str | None
    """For a growth lever, the model parameter whose median it sets."""
    current: float
    low: float
    high: float
    unit: str
    """What a value means: "x planned budget", "growth a year", ..."""

    def apply(self, scenario: Scenario, value: float) -> Scenario:
        """Return ``scenario`` with this lever set to ``value``.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> s = load_scenario("baseline")
        >>> lever("funding.creation", s).apply(s, 1.5).funding["creation"].multiple
        1.5
        >>> round(lever("growth.invention_apps", s).apply(s, 0.2).indicators["invention_apps"].params["growth"].median, 6)
        0.2
        """
        if self.kind == "funding":
            return scenario.with_funding(self.key, multiple=float(value))
        assert self.param is not None
        spec = scenario.indicators[self.key]
        return scenario.with_value(
            self.key, self.param, with_median(spec.params[self.param], value)
        )


def levers_of(scenario: Scenario) -> dict[str, Lever]:
    """Every lever of ``scenario``: one per funding programme and one per indicator with a trend.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> names = list(levers_of(load_scenario("baseline")))
    >>> names[:2], len(names)
    (['funding.creation', 'funding.finance'], 24)
    """
    out: dict[str, Lever] = {}
    plan = scenario.load_plan()
    for programme in plan.funding_programmes:
        if programme.id in scenario.funding or any(
            s.programme == programme.id for s in scenario.indicators.values()
        ):
            lev = scenario.funding.get(programme.id)
            multiple = None if lev is None or lev.schedule_cny is not None else lev.multiple
            current = float(multiple) if isinstance(multiple, int | float) else 1.0
            name = f"funding.{programme.id}"
            out[name] = Lever(
                name, "funding", programme.id, None, current, 0.0, 5.0, "x planned budget"
            )
    for ident, spec in scenario.indicators.items():
        model = MODELS[spec.model]
        param = model.lever_param
        if param is None or param not in spec.params:
            continue
        current = median_of(spec.params[param])
        bound = model.param(param)
        if bound.low == -1.0:
            low, high, unit = -0.5, 2.0, "growth a year (fraction)"
        elif bound.low < 0:
            low, high, unit = -3.0, 5.0, "logit change a year"
        else:
            low, high, unit = 0.0, max(10 * current, 1.0), "level a year"
        name = f"growth.{ident}"
        out[name] = Lever(name, "growth", ident, param, current, low, high, unit)
    return out


def lever(name: str, scenario: Scenario) -> Lever:
    """Resolve a lever by name, with a clear error listing the scenario's levers."""
    found = levers_of(scenario)
    if name not in found:
        msg = f"unknown lever {name!r}; expected one of {quote_choices(found)}"
        raise ScenarioError(msg + suggestion(name, found))
    return found[name]


def move_to_median(value: Value, samples: np.ndarray, medians: np.ndarray) -> np.ndarray:
    """Move draws of ``value`` so that draw ``i`` comes from the same law with median ``medians[i]``.

    The vectorised twin of :func:`ipsim.distributions.with_median`: a location family is shifted,
    a scale family rescaled, ``growth_t`` shifted in log space, a constant replaced.
    """
    medians = np.asarray(medians, dtype=float).reshape(-1, 1)
    if not isinstance(value, Distribution):
        return np.broadcast_to(medians, (medians.shape[0], 1)).copy()
    current = value.median
    if value.family == "growth_t":
        return np.expm1(np.log1p(samples) + np.log1p(medians) - np.log1p(current))
    if value.family in ("lognormal", "gamma", "scaled_inv_chi"):
        return samples * (medians / current if current > 0 else 1.0)
    return samples + (medians - current)
