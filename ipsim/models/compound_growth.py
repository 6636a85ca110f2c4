"""Compound growth: log x[t+1] = log x[t] + g + theta * ln(F ratio) + sigma * eps[t]."""

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
    """Log-normal growth around a median annual growth rate, shifted by funding.

    ``growth`` is the median annual growth rate as a fraction (0.18 = 18 %), so the log growth
    is ``g = ln(1 + growth)``; ``volatility`` is the standard deviation of yearly log-growth
    shocks.

    Examples
    --------
    >>> ctx = ModelContext(
    ...     draws=1, years=np.array([2016, 2017, 2018]), baseline=np.array([[100.0]]),
    ...     params={"growth": np.array([[0.1]]), "volatility": np.array([[0.0]])},
    ...     elasticity=np.array([[0.0]]), log_funding_ratio=np.zeros(2), reference_cny=None,
    ...     shocks=np.zeros((1, 2)), uniforms=np.zeros((1, 2)))
    >>> CompoundGrowth().paths(ctx).round(6)
    array([[100., 110., 121.]])
    """

    name = "compound_growth"
    lever_param = "growth"
    calibration = RandomWalk("log", drift="growth", volatility="volatility")
    summary = "log-normal compound growth around a median annual rate, shifted by funding"
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
