"""The same Monte Carlo question answered the ways a researcher would otherwise answer it.

Question: invention applications follow a log random walk with drift ln(1.17) and volatility
0.10 a year from 2016; what is P(the 2016-2020 CAGR >= 18 %)? The closed form is
1 - Phi(4 ln(1.18/1.17) / (0.10 * 2)). Four ways, same draws count:

- ipsim: ``simulate`` on the bundled baseline with that indicator's inputs fixed;
- a per-draw Python loop calling one model function per experiment (how exploratory-modelling
  workbenches evaluate a Python model);
- statsmodels: an ARIMA(0,1,0) with drift on the log series (``SARIMAX``), its ``simulate``
  giving the paths (parameters set to the same values; fitting them to a 20-year series is timed
  separately);
- plain numpy, written as tightly as we can: the practical floor.

Every answer is checked against the closed form (within 4 Monte Carlo standard errors) before
any time is compared.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.stats import norm

MU, SIGMA, YEARS, RATE, START = math.log(1.17), 0.10, 4, 0.18, 31892.0


def exact() -> float:
    return float(1 - norm.cdf(YEARS * math.log((1 + RATE) / 1.17) / (SIGMA * math.sqrt(YEARS))))


def by_ipsim(draws: int) -> float:
    from ipsim.scenario import load_scenario
    from ipsim.simulate import simulate
    from ipsim.target_kinds import is_met, target_quantity

    base = load_scenario("baseline")
    spec = dataclasses.replace(
        base.indicators["invention_apps"],
        params={"growth": 0.17, "volatility": SIGMA},
        elasticity=0.0,
        shock_loading=0.0,
    )
    scenario = dataclasses.replace(base, indicators={**base.indicators, "invention_apps": spec})
    plan = scenario.load_plan()
    target = plan.target("invention_apps")
    result = simulate(scenario, draws=draws, rng=1, indicators=["invention_apps"])
    quantity = target_quantity(
        target, result.path("invention_apps"), result.years, plan.indicator("invention_apps")
    )
    return float(is_met(target, quantity).mean())


def _model(growth: float, volatility: float, rng: random.Random) -> bool:
    """One experiment: one path, one outcome (the unit a workbench evaluates)."""
    level = START
    for _ in range(YEARS):
        level *= math.exp(math.log1p(growth) + volatility * rng.gauss(0.0, 1.0))
    return (level / START) ** (1 / YEARS) - 1 >= RATE


def by_python_loop(draws: int) -> float:
    rng = random.Random(1)
    return sum(_model(0.17, SIGMA, rng) for _ in range(draws)) / draws


def by_statsmodels(draws: int) -> float:
    import warnings

    from statsmodels.tsa.statespace.sarimax import SARIMAX

    history = np.log(START) - MU * np.arange(20)[::-1]  # any series ending at the 2016 level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = SARIMAX(history, order=(0, 1, 0), trend="c")
        fixed = model.smooth([MU, SIGMA**2])
        np.random.seed(1)  # noqa: NPY002  (statsmodels draws from the global generator)
        paths = fixed.simulate(nsimulations=YEARS, repetitions=draws, anchor="end")
    last = np.asarray(paths)[-1].reshape(-1)
    return float(np.mean((np.exp(last - np.log(START))) ** (1 / YEARS) - 1 >= RATE))


def statsmodels_fit_seconds() -> float:
    import warnings

    from statsmodels.tsa.statespace.sarimax import SARIMAX

    rng = np.random.default_rng(2)
    series = np.log(START) + np.cumsum(MU + SIGMA * rng.standard_normal(20))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        SARIMAX(series, order=(0, 1, 0), trend="c").fit(disp=False)
    return time.perf_counter() - start


def by_numpy(draws: int) -> float:
    z = np.random.default_rng(1).standard_normal((draws, YEARS))
    return float(np.mean(YEARS * MU + SIGMA * z.sum(axis=1) >= YEARS * math.log1p(RATE)))


METHODS: dict[str, Callable[[int], float]] = {
    "ipsim simulate": by_ipsim,
    "Python loop, one model call per draw": by_python_loop,
    "statsmodels SARIMAX.simulate": by_statsmodels,
    "plain numpy (floor)": by_numpy,
}


def compare(draws: int) -> list[dict[str, Any]]:
    """Run every method, check it against the closed form, and time it (best of 3)."""
    truth = exact()
    tolerance = 4 * math.sqrt(truth * (1 - truth) / draws)
    rows = []
    for name, method in METHODS.items():
        method(min(draws, 1_000))  # warm imports
        times, p = [], math.nan
        for _ in range(1 if name.startswith("Python") else 3):
            start = time.perf_counter()
            p = method(draws)
            times.append(time.perf_counter() - start)
        rows.append(
            {
                "method": name,
                "p_met": p,
                "agrees": abs(p - truth) <= tolerance,
                "seconds": min(times),
            }
        )
    ipsim_time = rows[0]["seconds"]
    for row in rows:
        row["ratio"] = row["seconds"] / ipsim_time
    return rows
