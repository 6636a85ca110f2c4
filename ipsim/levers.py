"""Levers: the named dials of a scenario that goal-seek, sweeps and sensitivity turn.

Two kinds, named as a user would write them (on the command line too):

- ``funding.<programme>``: the programme's budget as a multiple of its reference (planned)
  budget, applied to every year the lever covers;
- ``growth.<indicator>``: the median of the indicator's trend parameter (its model's
  ``lever_param``: growth rate, logit rate, additions a year or unit cost), its spread kept.

A lever moves monotonically: with a non-negative funding elasticity, more budget never lowers an
indicator in any draw, and a higher median never lowers the trend parameter in any draw (draws
are inverse-CDF samples of the same uniforms). Which way the parameter moves the indicator is
declared by its model (:attr:`ipsim.models.base.ParamSpec.effect`): a growth rate raises it, a
unit cost lowers it. :attr:`Lever.increases` carries that direction, and the lever's unit in
both languages comes from the same declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ipsim.distributions import Distribution, Value, median_of, with_median
from ipsim.errors import ScenarioError
from ipsim.models import MODELS
from ipsim.scenario import Scenario
from ipsim.schema.checker import quote_choices, suggestion

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
    unit_zh: str = ""
    """The same in Chinese."""
    increases: bool = True
    """Whether a higher value raises the indicator (a budget, a growth rate) rather than lowers
    it (a unit cost). For a funding lever it holds for indicators with a non-negative elasticity."""

    def unit_label(self, lang: str = "en") -> str:
        """Return the lever's unit in ``lang`` ("zh" or "en")."""
        return self.unit_zh if lang == "zh" and self.unit_zh else self.unit

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
                name,
                "funding",
                programme.id,
                None,
                current,
                0.0,
                5.0,
                "x planned budget",
                unit_zh="倍计划预算",
                increases=True,
            )
    for ident, spec in scenario.indicators.items():
        model = MODELS[spec.model]
        param = model.lever_param
        if param is None or param not in spec.params:
            continue
        current = median_of(spec.params[param])
        bound = model.param(param)
        low, high = bound.search_range(current)
        name = f"growth.{ident}"
        out[name] = Lever(
            name,
            "growth",
            ident,
            param,
            current,
            low,
            high,
            bound.unit_en or "median",
            unit_zh=bound.unit_zh or "中位数",
            increases=bound.effect >= 0,
        )
    return out


def is_lever(name: str, scenario: Scenario) -> bool:
    """Whether ``name`` is one of :func:`levers_of` ``(scenario)``, without building them all
    (a check :func:`ipsim.simulate.simulate` makes on every call of a goal-seek).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> all(is_lever(name, s) for name in levers_of(s)), is_lever("growth.nothing", s)
    (True, False)
    """
    kind, _, key = name.partition(".")
    if kind == "funding":
        return key in scenario.funding or any(
            s.programme == key for s in scenario.indicators.values()
        )
    spec = scenario.indicators.get(key) if kind == "growth" else None
    if spec is None:
        return False
    param = MODELS[spec.model].lever_param
    return param is not None and param in spec.params


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
