"""Compiled loops of the Poisson inversion in ``_poisson`` (which falls back to numpy)."""

from __future__ import annotations

import numba
import numpy as np

from ipsim.models._poisson import _BAND_FLOOR, _BAND_SCALE, _TAIL_Z


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


@numba.njit(cache=True, nogil=True)
def cornish_fisher(
    u: np.ndarray, z: np.ndarray, mean: np.ndarray, k: np.ndarray, check: np.ndarray
) -> None:  # pragma: no cover
    """Write the Cornish-Fisher guess into ``k`` and into ``check`` whether it needs the exact
    CDF: 0 no, 1 near a rounding boundary, 2 in a far tail. ``z`` is ``ndtri(u)``."""
    for i in range(u.size):
        if u[i] <= 0.0:  # the quantile is 0 (z is -inf)
            k[i] = 0.0
            check[i] = 0
            continue
        zi = z[i]
        m = mean[i]
        root = np.sqrt(m)
        z2 = zi * zi
        guess = (z2 - 1.0) / 6.0 + (1.0 - z2) * zi / root / 72.0 + root * zi + m + 0.5
        whole = np.floor(guess)
        frac = guess - whole
        k[i] = max(whole, 0.0)
        if abs(zi) > _TAIL_Z:
            check[i] = 2
        elif min(frac, 1.0 - frac) < min(0.5, _BAND_SCALE / m + _BAND_FLOOR):
            check[i] = 1
        else:
            check[i] = 0
