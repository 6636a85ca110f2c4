"""Logistic share: logit(s / K) moves by k + e[t] + sigma * eps[t], funding acting on growth."""

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
class LogisticShare(Model):
    """A share in (0, K) that moves along a logistic curve.

    ``logit(s[t+1] / K) = logit(s[t] / K) + rate + e[t] + volatility * eps[t]``: ``rate`` is
    the yearly change of ``logit(s / K)`` (0.4 takes a share of 50 % to about 60 % in a year);
    ``ceiling`` K <= 1 caps the share; ``volatility`` is the sd of yearly shocks on the logit
    scale. Shares stay strictly inside (0, K). Funding acts on **growth**
    (``funding_acts_on = "growth"``): ``e[t] = theta * tanh(x[t])`` of the distributed-lag
    funding signal ``x[t]`` (see :mod:`ipsim.models.base`) shifts the yearly logit change, so
    ``theta`` is an elasticity of the pace at which the share moves, its effect on the share
    accumulating year after year (never more than ``theta`` a year on the logit scale).

    Examples
    --------
    >>> ctx = ModelContext(
    ...     draws=1, years=np.array([2016, 2017]), baseline=np.array([[0.5]]),
    ...     params={"rate": np.array([[0.4]]), "ceiling": np.array([[1.0]]),
    ...             "volatility": np.array([[0.0]])},
    ...     elasticity=np.array([[0.0]]), log_funding_ratio=np.zeros(1), reference_cny=None,
    ...     shocks=np.zeros((1, 1)), uniforms=np.zeros((1, 1)))
    >>> LogisticShare().paths(ctx).round(4)
    array([[0.5   , 0.5987]])
    """

    name = "logistic_share"
    lever_param = "rate"
    calibration = RandomWalk("logit", drift="rate", volatility="volatility", ceiling="ceiling")
    summary = "a share moving along a logistic curve towards a ceiling; funding shifts its pace"
    funding_acts_on = "growth"
    indicator_kinds = ("share",)
    params = (
        ParamSpec(
            "rate",
            "yearly change of logit(share / ceiling)",
            0.0,
            -10.0,
            10.0,
            effect=1,
        ),
        ParamSpec("ceiling", "upper bound K of the share (fraction)", 1.0, 0.0, 1.0, low_open=True),
        ParamSpec("volatility", "sd of yearly shocks on the logit scale", 0.0, 0.0, 5.0),
    )
    allows_index_baseline = False
    baseline_bounds = (0.0, 1.0, True, True)

    def paths(self, ctx: ModelContext) -> np.ndarray:
        p = ctx.params
        ceiling = p["ceiling"]
        start = np.clip(ctx.baseline / ceiling, 1e-12, 1 - 1e-12)
        logit0 = np.log(start) - np.log1p(-start)
        logit = log_steps(ctx, p["rate"], p["volatility"])
        running_sum(logit)
        logit += logit0
        np.negative(logit, out=logit)
        np.exp(logit, out=logit)
        logit += 1.0
        out = output(ctx)
        np.divide(ceiling, logit, out=out[:, 1:])
        return out
