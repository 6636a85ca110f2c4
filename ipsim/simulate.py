"""Monte Carlo simulation of every indicator of a scenario in one vectorised pass.

Random numbers come from streams keyed by name (indicator, parameter, "shock", "common"), all
derived from one seed: two scenarios that share a seed see the same random numbers wherever
they share an input, so comparing two funding levels differs only by the funding (common random
numbers), and results do not depend on the machine's thread count.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ipsim._args import whole_number
from ipsim._resources import _memory_message, check_memory
from ipsim.distributions import Distribution, Value
from ipsim.errors import ArgumentError
from ipsim.levers import move_to_median
from ipsim.models import MODELS
from ipsim.models.base import ModelContext
from ipsim.plan import Plan
from ipsim.scenario import MAX_DRAWS, MAX_MULTIPLE, Scenario

RngLike = int | np.random.Generator | np.random.SeedSequence | None


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Simulated paths of every indicator: ``values[draw, indicator, year]``.

    Years before an indicator's baseline year hold its observed ``baseline.history`` where
    given, NaN otherwise. Build it with :func:`simulate`.
    """

    scenario: Scenario
    plan: Plan = field(repr=False)
    years: np.ndarray = field(repr=False)
    indicators: tuple[str, ...]
    values: np.ndarray = field(repr=False)
    seed_entropy: int | None = None

    @property
    def draws(self) -> int:
        return int(self.values.shape[0])

    def path(self, indicator: str) -> np.ndarray:
        """Return one indicator's paths, ``(draws, n_years)`` (a read-only view)."""
        if indicator not in self.indicators:
            from ipsim.schema.checker import quote_choices, suggestion

            msg = f"no indicator {indicator!r} in this result; expected one of {quote_choices(self.indicators)}"
            raise KeyError(msg + suggestion(indicator, self.indicators))
        view = self.values[:, self.indicators.index(indicator), :]
        view.flags.writeable = False
        return view  # contiguous: values is a view of an indicator-major buffer

    def to_frame(self, *, max_draws: int | None = None) -> Any:
        """Return the draws in long format: one row per draw, indicator and year.

        Parameters
        ----------
        max_draws : int, optional
            Keep only the first draws (the long frame has ``draws x indicators x years`` rows).

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> result = simulate(load_scenario("baseline"), draws=100, rng=1)
        >>> frame = result.to_frame()
        >>> list(frame.columns), len(frame) == 100 * 18 * 5
        (['draw', 'indicator', 'year', 'value'], True)
        """
        import pandas as pd

        values = self.values if max_draws is None else self.values[:max_draws]
        n_draws, n_ind, n_years = values.shape
        return pd.DataFrame(
            {
                "draw": np.repeat(np.arange(n_draws), n_ind * n_years),
                "indicator": pd.Categorical(
                    np.tile(np.repeat(np.array(self.indicators), n_years), n_draws)
                ),
                "year": np.tile(self.years, n_draws * n_ind),
                "value": values.reshape(-1),
            }
        )

    def quantiles(self, probabilities: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> Any:
        """Return per indicator and year the quantiles of the draws (long format).

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> q = simulate(load_scenario("baseline"), draws=200, rng=1).quantiles()
        >>> list(q.columns)
        ['indicator', 'year', 'q05', 'q25', 'q50', 'q75', 'q95']
        """
        import pandas as pd

        qs = np.quantile(self.values, probabilities, axis=0)  # (q, indicator, year)
        rows: dict[str, Any] = {
            "indicator": np.repeat(np.array(self.indicators), len(self.years)),
            "year": np.tile(self.years, len(self.indicators)),
        }
        for p, values in zip(probabilities, qs, strict=True):
            rows[f"q{round(p * 100):02d}"] = values.reshape(-1)
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        return (
            f"<b>SimulationResult</b>: scenario <code>{self.scenario.name}</code>, "
            f"{self.draws:,} draws x {len(self.indicators)} indicators x "
            f"{self.years[0]}-{self.years[-1]}"
        )


def seed_sequence(rng: RngLike, default: int) -> np.random.SeedSequence:
    """Normalise ``rng`` (None, int, SeedSequence or Generator) to a SeedSequence.

    A Generator contributes its seed sequence; its state is not advanced.
    """
    if rng is None:
        return np.random.SeedSequence(default)
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        seq = rng.bit_generator.seed_seq
        if isinstance(seq, np.random.SeedSequence):
            return seq
        msg = (
            "rng: a Generator without a SeedSequence cannot derive keyed streams; pass an int seed"
        )
        raise ArgumentError(msg)
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool) and rng >= 0:
        return np.random.SeedSequence(int(rng))
    from ipsim._args import shown

    msg = (
        "rng: expected a whole number >= 0, a numpy SeedSequence or a numpy Generator, "
        f"got {shown(rng)}"
    )
    raise ArgumentError(msg)


def _stream(root: np.random.SeedSequence, *labels: str) -> np.random.Generator:
    keys = tuple(zlib.crc32(label.encode("utf-8")) for label in labels)
    child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, *keys))
    return np.random.Generator(np.random.PCG64(child))


_CHUNK_ELEMENTS = 1 << 16
"""Draws are simulated in chunks of about this many values per (draws x steps) temporary
(512 KB, which stays in a core's cache), so memory beyond the result stays small: measured at
1,000,000 draws of the bundled baseline, peak 757 MB for a 720 MB result (1,028 MB in one
pass), and about 5 % faster; the numbers are those of one pass."""


class _Noise:
    """Random numbers of one keyed stream, handed out chunk by chunk.

    Rows come in order from one generator, so chunks concatenate to exactly what one call for
    all draws would give. With ``period < draws`` the first ``period`` rows are drawn once and
    repeated (common random numbers across blocks of a sweep).
    """

    def __init__(
        self, generator: np.random.Generator, kind: str, columns: int, *, period: int, draws: int
    ):
        self._generator, self._kind, self._columns = generator, kind, columns
        self._period, self._draws = period, draws
        self._block: np.ndarray | None = None

    def _draw(self, rows: int) -> np.ndarray:
        shape = (rows, self._columns)
        if self._kind == "normal":
            return self._generator.standard_normal(shape)
        return self._generator.random(shape)

    def rows(self, start: int, stop: int) -> np.ndarray:
        if self._period == self._draws:
            return self._draw(stop - start)
        if self._block is None:
            self._block = self._draw(self._period)
        return self._block[np.arange(start, stop) % self._period]


class _Sampler:
    """Draws of one scenario value (a constant or a distribution), chunk by chunk."""

    def __init__(self, value: Value, noise: _Noise | None):
        self._value, self._noise = value, noise

    def rows(self, start: int, stop: int) -> np.ndarray:
        if not isinstance(self._value, Distribution) or self._noise is None:
            return np.full((1, 1), float(self._value))  # type: ignore[arg-type]  # broadcast
        return self._value.ppf(self._noise.rows(start, stop))


def simulate(
    scenario: Scenario,
    *,
    draws: int | None = None,
    rng: RngLike = None,
    indicators: Sequence[str] | None = None,
    levers: Mapping[str, np.ndarray] | None = None,
    repeat_noise: int | None = None,
) -> SimulationResult:
    """Simulate every indicator of ``scenario`` over its years, vectorised over draws.

    Parameters
    ----------
    scenario : Scenario
    draws : int, optional
        Number of Monte Carlo draws; defaults to ``scenario.draws``.
    rng : int, numpy.random.SeedSequence or numpy.random.Generator, optional
        Seed of the keyed random streams; defaults to ``scenario.seed``.
    indicators : sequence of str, optional
        Simulate only these (the others' random numbers are not drawn; the ones simulated
        are the same numbers as in a full run).
    levers : mapping of str to numpy.ndarray, optional
        Per-draw lever values (see :mod:`ipsim.levers`), each ``(draws,)``: many settings of a
        lever evaluated in one vectorised call (sweeps, sensitivity).
    repeat_noise : int, optional
        Draw the random numbers for this many draws and repeat them: with ``draws = k *
        repeat_noise`` every block of ``repeat_noise`` draws sees the same noise, so blocks that
        differ only in lever values differ only by the levers (common random numbers).

    Returns
    -------
    SimulationResult
        ``values`` of shape ``(draws, indicators, years)`` for years ``base_year..horizon``.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> result = simulate(load_scenario("baseline"), draws=1_000, rng=2017)
    >>> result.values.shape
    (1000, 18, 5)
    >>> bool(np.array_equal(result.values, simulate(load_scenario("baseline"), draws=1_000, rng=2017).values, equal_nan=True))
    True
    """
    if not isinstance(scenario, Scenario):
        msg = f"scenario: expected an ipsim Scenario (see load_scenario), got {type(scenario).__name__}"
        raise ArgumentError(msg)
    n = scenario.draws if draws is None else whole_number("draws", draws, low=1)
    if levers is None and n > MAX_DRAWS:
        whole_number("draws", n, low=1, high=MAX_DRAWS)  # raises, saying what was given
    period = n if repeat_noise is None else whole_number("repeat_noise", repeat_noise, low=1)
    if n % period:
        msg = f"draws ({n:,}) must be a multiple of repeat_noise ({period:,})"
        raise ArgumentError(msg)
    levers = _check_levers(scenario, levers or {}, n)
    root = seed_sequence(rng, scenario.seed)
    plan = scenario.load_plan()
    years = np.arange(scenario.base_year, scenario.horizon + 1)
    wanted = None if indicators is None else set(indicators)
    ids = tuple(
        i
        for i in plan.indicator_ids
        if i in scenario.indicators and (wanted is None or i in wanted)
    )
    # indicator-major buffer: each indicator's (draws, years) block is contiguous;
    # ``values`` is exposed as a (draws, indicators, years) view of it
    check_memory(n, len(ids), len(years), noise_rows=period if period < n else 0)
    try:
        buffer = np.empty((len(ids), n, len(years)))
    except MemoryError:
        raise ArgumentError(_memory_message(n, len(ids), len(years), None)) from None
    chunk = max(1, _CHUNK_ELEMENTS // max(len(years) - 1, 1))
    bounds = [(a, min(a + chunk, n)) for a in range(0, n, chunk)]

    def noise(kind: str, columns: int, *labels: str) -> _Noise:
        return _Noise(_stream(root, *labels), kind, columns, period=period, draws=n)

    def sampler(value: Value, *labels: str) -> _Sampler:
        drawn = isinstance(value, Distribution)
        return _Sampler(value, noise("uniform", 1, *labels) if drawn else None)

    # the common factor is drawn only when an indicator loads on it
    loaded = any(scenario.indicators[i].shock_loading != 0.0 for i in ids)
    common = noise("normal", len(years) - 1, "common") if loaded else None
    common_rows = [common.rows(a, b) if common else None for a, b in bounds]

    for k, ident in enumerate(ids):
        spec = scenario.indicators[ident]
        model = MODELS[spec.model]()
        offset = spec.baseline.year - scenario.base_year
        own_years = years[offset:]
        steps = len(own_years) - 1
        shocks = noise("normal", steps, ident, "shock")
        uniforms = noise("uniform", steps, ident, "uniform") if model.uses_uniforms else None
        lever = scenario.funding.get(spec.programme or "")
        log_ratios = np.log(
            [scenario.funding_ratio(spec.programme, int(y) - spec.lag) for y in own_years[1:]]
        )
        multiple = levers.get(f"funding.{spec.programme}")
        covered = None
        if multiple is not None:
            start = lever.from_year if lever and lever.from_year else scenario.base_year + 1
            covered = (own_years[1:] - spec.lag) >= start
        params = {name: sampler(v, ident, name) for name, v in spec.params.items()}
        baseline = sampler(
            1.0 if spec.baseline.value is None else spec.baseline.value, ident, "baseline"
        )
        # with the budget as planned in every year funding has no effect: the elasticity is
        # not drawn (its own stream, so no other number changes)
        funded = covered is not None or bool(np.any(log_ratios != 0.0))
        elasticity = sampler(spec.elasticity if funded else 0.0, ident, "elasticity")
        median = levers.get(f"growth.{ident}")
        lever_param = model.lever_param

        buffer[k, :, :offset] = np.nan
        for year, observed in spec.baseline.history.items():
            if scenario.base_year <= year < spec.baseline.year:
                buffer[k, :, year - scenario.base_year] = observed
        for (a, b), common_chunk in zip(bounds, common_rows, strict=True):
            chunk_shocks = shocks.rows(a, b)
            if common_chunk is not None and spec.shock_loading != 0.0:
                w = spec.shock_loading
                chunk_shocks *= np.sqrt(1.0 - w * w)
                chunk_shocks += w * common_chunk[:, offset:]
            chunk_params = {name: p.rows(a, b) for name, p in params.items()}
            if median is not None and lever_param is not None:
                chunk_params[lever_param] = move_to_median(
                    spec.params[lever_param],
                    np.broadcast_to(chunk_params[lever_param], (b - a, 1)),
                    median[a:b],
                )
            ctx = ModelContext(
                draws=b - a,
                years=own_years,
                baseline=baseline.rows(a, b),
                params=chunk_params,
                elasticity=elasticity.rows(a, b),
                log_funding_ratio=(
                    log_ratios
                    if covered is None or multiple is None
                    else np.where(covered[None, :], np.log(multiple[a:b])[:, None], 0.0)
                ),
                reference_cny=None if lever is None else lever.reference_cny,
                shocks=chunk_shocks,
                uniforms=uniforms.rows(a, b) if uniforms else np.empty((b - a, 0)),
                out=buffer[k, a:b, offset:],
            )
            paths = model.paths(ctx)
            if paths is not ctx.out:  # a model that does not write into ``out``
                buffer[k, a:b, offset:] = paths
    return SimulationResult(
        scenario=scenario,
        plan=plan,
        years=years,
        indicators=ids,
        values=buffer.transpose(1, 0, 2),
        seed_entropy=_entropy(root),
    )


_FRAME = ("plan", "base_year", "horizon", "draws", "seed")
"""Scenario fields every indicator's simulation depends on (with its own spec and lever)."""


def resimulate(previous: SimulationResult, scenario: Scenario) -> SimulationResult:
    """Simulate ``scenario``, reusing ``previous`` for every indicator whose inputs did not change.

    The result equals ``simulate(scenario)`` exactly (common random numbers: each indicator
    draws from its own named streams); only the indicators whose model, baseline, parameters or
    funding programme's lever differ are simulated again. This is what keeps the explorer fast
    when one slider moves. Anything else that differs (draws, seed, years, plan, the set of
    indicators) simulates everything.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> base = load_scenario("baseline").with_run(draws=1_000)
    >>> more = base.with_funding("creation", multiple=1.5)
    >>> again = resimulate(simulate(base), more)
    >>> bool(np.array_equal(again.values, simulate(more).values, equal_nan=True))
    True
    """
    before = previous.scenario
    if not isinstance(scenario, Scenario):
        msg = f"scenario: expected an ipsim Scenario, got {type(scenario).__name__}"
        raise ArgumentError(msg)
    same_frame = (
        previous.seed_entropy == scenario.seed
        and previous.draws == scenario.draws
        and all(getattr(before, f) == getattr(scenario, f) for f in _FRAME)
        and before.base_dir == scenario.base_dir
        and tuple(i for i in previous.plan.indicator_ids if i in scenario.indicators)
        == previous.indicators
    )
    if not same_frame:
        return simulate(scenario)
    changed = [
        i
        for i in previous.indicators
        if scenario.indicators[i] != before.indicators[i]
        or scenario.funding.get(scenario.indicators[i].programme or "")
        != before.funding.get(before.indicators[i].programme or "")
    ]
    if not changed:
        return dataclasses.replace(previous, scenario=scenario)
    fresh = simulate(scenario, indicators=changed)
    buffer = np.array(previous.values.transpose(1, 0, 2))  # an indicator-major copy
    for j, ident in enumerate(fresh.indicators):
        buffer[previous.indicators.index(ident)] = fresh.values[:, j, :]
    return dataclasses.replace(previous, scenario=scenario, values=buffer.transpose(1, 0, 2))


def _check_levers(
    scenario: Scenario, levers: Mapping[str, np.ndarray], draws: int
) -> dict[str, np.ndarray]:
    from ipsim.levers import is_lever, lever

    out = {}
    for name, values in levers.items():
        if not is_lever(name, scenario):
            lever(name, scenario)  # raises, listing the scenario's levers
        array = np.asarray(values, dtype=float).reshape(-1)
        if array.shape != (draws,):
            msg = f"lever {name!r}: expected {draws} values (one per draw), got {array.shape[0]}"
            raise ArgumentError(msg)
        if not np.all(np.isfinite(array)):
            msg = f"lever {name!r}: expected finite values, got a NaN or infinity"
            raise ArgumentError(msg)
        if name.startswith("funding.") and (np.any(array <= 0) or np.any(array > MAX_MULTIPLE)):
            msg = (
                f"lever {name!r}: budget multiples must be > 0 and <= {MAX_MULTIPLE:g}, got "
                f"values from {array.min():g} to {array.max():g}"
            )
            raise ArgumentError(msg)
        out[name] = array
    return out


def _entropy(root: np.random.SeedSequence) -> int | None:
    entropy = root.entropy
    return int(entropy) if isinstance(entropy, int) else None
