"""Funded units: units[t] = budget_share * F_ref / unit_cost * e^(e[t] + sigma eps), funding on the level."""

from __future__ import annotations

import numpy as np

from ipsim.models.base import Model, ModelContext, ParamSpec, log_steps, output, register_model


@register_model
class FundedUnits(Model):
    """Whole units a programme pays for each year (projects, grants, subsidies).

    ``units[t] = floor(budget_share * F_ref / unit_cost * exp(e[t] + volatility * eps[t]))``.
    Funding acts on the **level** of the units (``funding_acts_on = "level"``):
    ``e[t] = theta * tanh(x[t])`` of the distributed-lag funding signal ``x[t]`` (see
    :mod:`ipsim.models.base`), so ``theta`` is the elasticity of the units to the budget. With
    the default elasticity of 1 a small change of the budget changes the units in proportion;
    a large one buys less than its share (a budget at twice the plan, for good, pays for
    ``e^0.6 = 1.82`` times the units: the projects a larger budget adds are the dearer ones,
    and multi-year grants spread a year's budget over the years after it). ``unit_cost`` (CNY
    per unit) usually carries the uncertainty. The programme must state its reference budget
    in CNY.

    Examples
    --------
    A budget at 1.2 times the plan in every year that counts (signal ``ln 1.2``):

    >>> ctx = ModelContext(
    ...     draws=1, years=np.array([2016, 2017]), baseline=np.array([[90.0]]),
    ...     params={"unit_cost": np.array([[500_000.0]]), "budget_share": np.array([[0.5]]),
    ...             "volatility": np.array([[0.0]])},
    ...     elasticity=np.array([[1.0]]), log_funding_ratio=np.array([np.log(1.2)]),
    ...     reference_cny=100_000_000.0, shocks=np.zeros((1, 1)),
    ...     uniforms=np.zeros((1, 1)))
    >>> FundedUnits().paths(ctx)
    array([[ 90., 119.]])
    """

    name = "funded_units"
    lever_param = "unit_cost"
    calibration = None  # unit cost and budget share stay assumptions; only the baseline is fitted
    summary = "units a programme pays for: budget share / unit cost; funding shifts their level"
    funding_acts_on = "level"
    indicator_kinds = ("flow", "count")
    params = (
        ParamSpec(
            "unit_cost",
            "cost of one unit in CNY",
            None,
            0.0,
            1e12,
            low_open=True,
            effect=-1,
        ),
        ParamSpec(
            "budget_share", "share of the programme's budget spent on these units", 1.0, 0.0, 1.0
        ),
        ParamSpec("volatility", "sd of yearly log shocks on the units", 0.0, 0.0, 5.0),
    )
    default_elasticity = 1.0
    needs_budget = True
    allows_index_baseline = False
    baseline_bounds = (0.0, 1e12, False, False)

    def paths(self, ctx: ModelContext) -> np.ndarray:
        p = ctx.params
        reference = ctx.reference_cny or 0.0  # scenario validation requires it (needs_budget)
        base_units = p["budget_share"] * reference / p["unit_cost"]
        units = log_steps(ctx, 0.0, p["volatility"])
        np.exp(units, out=units)
        units *= base_units
        units += 1e-9
        np.floor(units, out=units)
        return output(ctx, units)
