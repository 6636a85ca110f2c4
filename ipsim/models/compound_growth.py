"""Compound growth: log x[t+1] = log x[t] + g + e[t] + sigma * eps[t], funding acting on growth."""

from __future__ import annotations

import numpy as np

from ipsim.models.base import (
    Model,
    ModelContext,
    ParamSpec,
    RandomWalk,
    log_steps,
    output,
    register_model,
    running_sum,
)


@register_model
class CompoundGrowth(Model):
    """Log-normal growth around a median annual growth rate, its pace shifted by funding.

    ``log x[t+1] = log x[t] + ln(1 + growth) + e[t] + volatility * eps[t]``: ``growth`` is the
    median annual growth rate as a fraction (0.18 = 18 %); ``volatility`` is the standard
    deviation of yearly log-growth shocks ``eps``. Funding acts on **growth**
    (``funding_acts_on = "growth"``): ``e[t] = theta * tanh(x[t])`` of the distributed-lag
    funding signal ``x[t]`` (see :mod:`ipsim.models.base`) shifts the yearly log growth, so
    ``theta`` is an elasticity of the growth rate and a budget held above the plan keeps adding
    to every year's growth (its effect on the level compounds), never more than ``theta`` a
    year.

    Examples
    --------
    >>> ctx = ModelContext(
    ...     draws=1, years=np.array([2016, 2017, 2018]), baseline=np.array([[100.0]]),
    ...     params={"growth": np.array([[0.1]]), "volatility": np.array([[0.0]])},
    ...     elasticity=np.array([[0.0]]), log_funding_ratio=np.zeros(2), reference_cny=None,
    ...     shocks=np.zeros((1, 2)), uniforms=np.zeros((1, 2)))
    >>> CompoundGrowth().paths(ctx).round(6)
    array([[100., 110., 121.]])

    A budget at twice the plan from the first year on (signal ``ln 2`` once the lag has passed)
    with ``theta = 0.5`` adds ``0.5 * tanh(ln 2) = 0.3`` to each year's log growth:

    >>> from dataclasses import replace
    >>> funded = replace(
    ...     ctx, elasticity=np.array([[0.5]]), log_funding_ratio=np.full(2, np.log(2.0)))
    >>> np.diff(np.log(CompoundGrowth().paths(funded))).round(4)
    array([[0.3953, 0.3953]])
    """

    name = "compound_growth"
    lever_param = "growth"
    calibration = RandomWalk("log", drift="growth", volatility="volatility")
    summary = "log-normal compound growth around a median annual rate; funding shifts the growth"
    funding_acts_on = "growth"
    indicator_kinds = ("flow", "stock", "count")
    params = (
        ParamSpec(
            "growth",
            "median annual growth rate (fraction, 0.18 = 18 %/yr)",
            None,
            -1.0,
            10.0,
            low_open=True,
            effect=1,
        ),
        ParamSpec("volatility", "sd of yearly log-growth shocks", 0.0, 0.0, 5.0),
    )

    def paths(self, ctx: ModelContext) -> np.ndarray:
        p = ctx.params
        log_path = log_steps(ctx, np.log1p(p["growth"]), p["volatility"])
        running_sum(log_path)
        log_path += np.log(ctx.baseline)
        out = output(ctx)
        np.exp(log_path, out=out[:, 1:])
        return out
