"""Count additions: yearly additions ~ Poisson(lambda * (1+g)^t * e^(e[t] + sigma eps)), funding on the level."""

from __future__ import annotations

import numpy as np

from ipsim.models._poisson import poisson_quantile
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
class CountAdditions(Model):
    """A stock of whole units grown by yearly additions.

    Additions in projected year ``t`` (``t = 0`` for the first year after the baseline) are
    Poisson with mean ``additions * (1 + growth)^t * exp(e[t] + volatility * eps)``; with
    ``volatility > 0`` the counts are over-dispersed (Poisson-lognormal), and the shocks ``eps``
    carry the correlation with other indicators. The stock is the baseline plus the cumulative
    additions. Funding acts on the **level** of the yearly additions
    (``funding_acts_on = "level"``): ``e[t] = theta * tanh(x[t])`` of the distributed-lag
    funding signal ``x[t]`` (see :mod:`ipsim.models.base`), so ``theta`` is the elasticity of
    the expected additions to the budget (1 % more budget, ``theta`` % more additions a year;
    a budget sustained at ``m`` times the plan multiplies them by ``exp(theta * tanh(ln m))``,
    never by more than ``e^theta``). Counts are drawn by inverse CDF from fixed uniforms, so
    more funding never gives fewer additions in the same draw.

    Examples
    --------
    >>> ctx = ModelContext(
    ...     draws=1, years=np.array([2016, 2017, 2018]), baseline=np.array([[10.0]]),
    ...     params={"additions": np.array([[5.0]]), "growth": np.array([[0.0]]),
    ...             "volatility": np.array([[0.0]])},
    ...     elasticity=np.array([[0.0]]), log_funding_ratio=np.zeros(2), reference_cny=None,
    ...     shocks=np.zeros((1, 2)), uniforms=np.full((1, 2), 0.5))
    >>> CountAdditions().paths(ctx)
    array([[10., 15., 20.]])
    """

    name = "count_additions"
    lever_param = "additions"
    calibration = RandomWalk("count", drift="additions", volatility="volatility")
    summary = "a stock grown by Poisson (or Poisson-lognormal) yearly additions; funding shifts their level"
    funding_acts_on = "level"
    indicator_kinds = ("stock", "count")
    params = (
        ParamSpec(
            "additions",
            "median expected additions in the first projected year",
            None,
            0.0,
            1e9,
            effect=1,
        ),
        ParamSpec(
            "growth",
            "annual growth of expected additions (fraction)",
            0.0,
            -1.0,
            10.0,
            low_open=True,
        ),
        ParamSpec("volatility", "sd of yearly log shocks on the expected additions", 0.0, 0.0, 5.0),
    )
    allows_index_baseline = False
    baseline_bounds = (0.0, 1e12, False, False)
    uses_uniforms = True

    def paths(self, ctx: ModelContext) -> np.ndarray:
        p = ctx.params
        t = np.arange(ctx.steps)[None, :]
        drift = np.log(np.maximum(p["additions"], 1e-300)) + t * np.log1p(p["growth"])
        mean = log_steps(ctx, drift, p["volatility"])
        np.exp(mean, out=mean)
        if np.any(p["additions"] <= 0):
            mean[np.broadcast_to(p["additions"] <= 0, mean.shape)] = 0.0
        additions = poisson_quantile(ctx.uniforms, mean)
        running_sum(additions)
        additions += ctx.baseline
        return output(ctx, additions)
