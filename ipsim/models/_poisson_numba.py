"""Compiled Poisson inversion by summation (numpy fallback in ``_poisson``)."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def by_summing(u: np.ndarray, mean: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover
    """Write into ``out`` the smallest k with P(X <= k) >= u for X ~ Poisson(mean), elementwise."""
    for i in range(u.size):
        m = mean[i]
        mass = np.exp(-m)
        cdf = mass
        k = 0
        # the mass guard stops the walk if rounding leaves cdf a hair below u far in the tail
        while u[i] > cdf and mass > 1e-300:
            k += 1
            mass *= m / k
            cdf += mass
        out[i] = k
