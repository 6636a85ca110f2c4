"""Monte Carlo simulation of every indicator of a scenario in one vectorised pass.

Random numbers come from streams keyed by name (indicator, parameter, "shock", "common"), all
derived from one seed: two scenarios that share a seed see the same random numbers wherever
they share an input, so comparing two funding levels differs only by the funding (common random
numbers), and results do not depend on the machine's thread count.

Trends of a scenario's dependence group (:class:`~ipsim.scenario.Dependence`) are drawn through a
one-factor Gaussian copula: the trend is its distribution's quantile at
``Phi(sqrt(rho) * z + sqrt(1 - rho) * e)``, with ``e`` the trend's own standard normal (from its own
named stream, drawn as a normal rather than a uniform: no round trip through ``Phi^-1``), ``z`` one
standard normal a draw from the group's own stream ("dependence", group name) and ``rho`` the
group's correlation; each trend keeps its own distribution, and the normal scores of any two trends of a group correlate at ``rho``.
Higher ``z`` means a faster trend for every member (a trend whose higher value lowers the
indicator, a unit cost, takes ``-z``). Without dependence, or at ``rho = 0``, nothing changes.
"""

from __future__ import annotations

import dataclasses
import html
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ipsim._args import whole_number
from ipsim._outputs import plain
from ipsim._resources import _memory_message, check_memory
from ipsim.distributions import Distribution, Value, move_to_median
from ipsim.errors import ArgumentError, LookupArgumentError
from ipsim.models import MODELS
from ipsim.models.base import Model, ModelContext, funding_signal, funding_years
from ipsim.plan import Plan
from ipsim.results import Result
from ipsim.scenario import MAX_DRAWS, MAX_MULTIPLE, Scenario

if TYPE_CHECKING:
    import pandas as pd

RngLike = int | np.random.Generator | np.random.SeedSequence | None


@dataclass(frozen=True, eq=False)
class SimulationResult(Result):
    """Simulated paths of every indicator: ``values[draw, indicator, year]``.

    Years before an indicator's baseline year hold its observed ``baseline.history`` where
    given, NaN otherwise. Build it with :func:`simulate`. ``to_frame()`` has every draw (long
    format); ``to_dict()`` the quantiles of the draws per indicator and year, not every draw.
    """

    scenario: Scenario
    plan: Plan = field(repr=False)
    years: np.ndarray = field(repr=False)
    indicators: tuple[str, ...]
    values: np.ndarray = field(repr=False)
    seed_entropy: int | None = None
    kept_inputs: pd.DataFrame | None = field(default=None, repr=False)
    """What :attr:`inputs` returns; ``None`` unless simulated with ``keep_inputs=True``."""

    @property
    def inputs(self) -> pd.DataFrame:
        """Each draw's inputs, one row per draw (``simulate(..., keep_inputs=True)``).

        Columns are named ``<parameter>.<indicator>`` for every model parameter (``growth``,
        ``volatility``, ``additions``, ...), ``elasticity.<indicator>`` and
        ``baseline.<indicator>``, and ``funding.<programme>`` for every funding lever (the
        lever names of :mod:`ipsim.levers`). A fixed value is a constant column. See
        :func:`simulate` for what each holds.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> result = simulate(load_scenario("baseline"), draws=100, rng=1, keep_inputs=True)
        >>> result.inputs.shape, result.inputs["volatility.invention_apps"].nunique()
        ((100, 86), 1)
        """
        if self.kept_inputs is None:
            msg = "inputs: this result was simulated without them; simulate with keep_inputs=True"
            raise ArgumentError(msg)
        return self.kept_inputs

    @property
    def draws(self) -> int:
        return int(self.values.shape[0])

    def path(self, indicator: str) -> np.ndarray:
        """Return one indicator's paths, ``(draws, n_years)`` (a read-only view)."""
        if indicator not in self.indicators:
            from ipsim.schema.checker import quote_choices, suggestion

            msg = f"no indicator {indicator!r} in this result; expected one of {quote_choices(self.indicators)}"
            raise LookupArgumentError(msg + suggestion(indicator, self.indicators))
        view = self.values[:, self.indicators.index(indicator), :]
        view.flags.writeable = False
        return view  # contiguous: values is a view of an indicator-major buffer

    def to_frame(self, *, max_draws: int | None = None) -> pd.DataFrame:
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

    def quantiles(
        self, probabilities: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
    ) -> pd.DataFrame:
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

    def to_dict(self) -> dict[str, Any]:
        """Return the run (scenario, seed, draws, years) and the quantiles of its draws.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> doc = simulate(load_scenario("baseline"), draws=200, rng=1).to_dict()
        >>> doc["seed"], doc["draws"], doc["years"], sorted(doc["quantiles"][0])
        (1, 200, [2016, 2017, 2018, 2019, 2020], ['indicator', 'q05', 'q25', 'q50', 'q75', 'q95', 'year'])
        """
        return plain(
            {
                "scenario": self.scenario.name,
                "sha256": self.scenario.sha256,
                "seed": self.seed_entropy,
                "draws": self.draws,
                "years": self.years.tolist(),
                "indicators": list(self.indicators),
                "quantiles": self.quantiles().to_dict("records"),
            }
        )

    def _repr_html_(self) -> str:
        return (
            f"<b>SimulationResult</b>: scenario <code>{html.escape(self.scenario.name)}</code>, "
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


@dataclass(frozen=True)
class _Copula:
    """The one-factor Gaussian copula of a dependence group, as one member's trend sees it."""

    factor: np.ndarray
    """The group's common factor, one standard normal a draw, ``(draws,)``."""
    correlation: float
    sign: float
    """+1, or -1 for a trend whose higher value lowers the indicator (a unit cost)."""

    def scores(self, own: np.ndarray, start: int, stop: int) -> np.ndarray:
        """Return the normal scores ``sign sqrt(rho) z + sqrt(1 - rho) e`` of draws
        ``start:stop``; their uniforms are ``Phi`` of them.

        ``own`` (the member's own standard normals ``e``, ``(stop - start, 1)``) is overwritten.

        Examples
        --------
        >>> copula = _Copula(np.array([0.0, 2.0]), 0.5, 1.0)
        >>> copula.scores(np.array([[0.0], [0.0]]), 0, 2).round(4).tolist()
        [[0.0], [1.4142]]
        """
        scores = own
        scores *= np.sqrt(1.0 - self.correlation)
        scores += (self.sign * np.sqrt(self.correlation)) * self.factor[start:stop, None]
        return scores


def _quantile_at_scores(value: Distribution, scores: np.ndarray) -> np.ndarray:
    """The quantiles of ``value`` at standard-normal ``scores``: ``ppf(Phi(scores))``."""
    return value.ppf_of_score(scores)


class _Sampler:
    """Draws of one scenario value (a constant or a distribution), chunk by chunk."""

    def __init__(self, value: Value, noise: _Noise | None, copula: _Copula | None = None):
        self._value, self._noise, self._copula = value, noise, copula

    def rows(self, start: int, stop: int) -> np.ndarray:
        if not isinstance(self._value, Distribution) or self._noise is None:
            return np.full((1, 1), float(self._value))  # type: ignore[arg-type]  # broadcast
        numbers = self._noise.rows(start, stop)  # normals for a copula member, else uniforms
        if self._copula is not None:
            return _quantile_at_scores(self._value, self._copula.scores(numbers, start, stop))
        return self._value.ppf(numbers)


def simulate(
    scenario: Scenario,
    *,
    draws: int | None = None,
    rng: RngLike = None,
    indicators: Sequence[str] | None = None,
    levers: Mapping[str, np.ndarray] | None = None,
    repeat_noise: int | None = None,
    keep_inputs: bool = False,
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
    keep_inputs : bool, default False
        Keep each draw's inputs as :attr:`SimulationResult.inputs`, one row per draw: every
        model parameter as the model used it (after a ``growth.*`` lever moved its median),
        the baseline level, the funding elasticity (drawn from the same stream as in a run
        with the budget off plan, even where the budget is as planned and it has no effect),
        and ``funding.<programme>``: the lever's values where ``levers`` sets them, else the
        scenario's multiple (the mean budget ratio over the projected years for a per-year
        multiple or a schedule). The random numbers, and so the paths, are the same with or
        without it.

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
    >>> kept = simulate(load_scenario("baseline"), draws=1_000, rng=2017, keep_inputs=True)
    >>> bool(np.array_equal(result.values, kept.values, equal_nan=True))
    True
    >>> kept.inputs[["growth.invention_apps", "funding.creation"]].median().round(3).tolist()
    [0.169, 1.0]
    """
    scenario = require_scenario(scenario)
    n, period = _draws_and_period(scenario, draws, levers, repeat_noise)
    checked = _check_levers(scenario, levers or {}, n)
    run = _Run(scenario, seed_sequence(rng, scenario.seed), n, period, checked)
    plan = scenario.load_plan()
    wanted = None if indicators is None else set(indicators)
    ids = tuple(
        i
        for i in plan.indicator_ids
        if i in scenario.indicators and (wanted is None or i in wanted)
    )
    # indicator-major buffer: each indicator's (draws, years) block is contiguous;
    # ``values`` is exposed as a (draws, indicators, years) view of it
    buffer = _allocate(n, len(ids), len(run.years), period)
    kept = _kept_buffer(run, ids) if keep_inputs else None
    run.kept = None if kept is None else dict(zip(kept[1], kept[0].T, strict=True))
    common_rows = run.common_rows(ids)
    for k, ident in enumerate(ids):
        run.fill(buffer[k], ident, common_rows)
    return SimulationResult(
        scenario=scenario,
        plan=plan,
        years=run.years,
        indicators=ids,
        values=buffer.transpose(1, 0, 2),
        seed_entropy=_entropy(run.root),
        kept_inputs=None if kept is None else _frame(*kept),
    )


def _kept_buffer(run: _Run, ids: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """The buffer of kept inputs ``(draws, columns)`` and its column names: the funding levers
    (filled), then each indicator's inputs (written as they are drawn). Column-major, so each
    column is contiguous and the frame wraps it without a copy."""
    from ipsim.levers import levers_of

    funding = [name for name in levers_of(run.scenario) if name.startswith("funding.")]
    names = list(funding)
    for ident in ids:
        params = run.scenario.indicators[ident].params
        names += [f"{name}.{ident}" for name in params]
        names += [f"elasticity.{ident}", f"baseline.{ident}"]
    buffer = np.empty((run.draws, len(names)), order="F")
    for j, name in enumerate(funding):
        buffer[:, j] = run.levers.get(name, _planned_multiple(run, name))
    return buffer, names


def _frame(buffer: np.ndarray, names: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(buffer, columns=names, copy=False)


def _planned_multiple(run: _Run, name: str) -> np.ndarray:
    """A funding lever's value without a lever array: the scenario's multiple, or the mean
    budget ratio over the projected years for a per-year multiple or a schedule."""
    programme = name.removeprefix("funding.")
    lever = run.scenario.funding.get(programme)
    if lever is not None and lever.schedule_cny is None and not isinstance(lever.multiple, Mapping):
        return np.array(float(lever.multiple))
    ratios = [run.scenario.funding_ratio(programme, int(y)) for y in run.years[1:]]
    return np.array(float(np.mean(ratios)))


def require_scenario(scenario: Any) -> Scenario:
    """Return ``scenario`` if it is a :class:`~ipsim.scenario.Scenario`, else raise ArgumentError.

    Examples
    --------
    >>> require_scenario("baseline")
    Traceback (most recent call last):
    ...
    ipsim.errors.ArgumentError: scenario: expected an ipsim Scenario (see load_scenario), got str
    """
    if not isinstance(scenario, Scenario):
        msg = f"scenario: expected an ipsim Scenario (see load_scenario), got {type(scenario).__name__}"
        raise ArgumentError(msg)
    return scenario


def _draws_and_period(
    scenario: Scenario,
    draws: int | None,
    levers: Mapping[str, np.ndarray] | None,
    repeat_noise: int | None,
) -> tuple[int, int]:
    """The number of draws and the period after which the random numbers repeat, checked."""
    n = scenario.draws if draws is None else whole_number("draws", draws, low=1)
    if levers is None and n > MAX_DRAWS:
        whole_number("draws", n, low=1, high=MAX_DRAWS)  # raises, saying what was given
    period = n if repeat_noise is None else whole_number("repeat_noise", repeat_noise, low=1)
    if n % period:
        msg = f"draws ({n:,}) must be a multiple of repeat_noise ({period:,})"
        raise ArgumentError(msg)
    return n, period


def _allocate(draws: int, indicators: int, years: int, period: int) -> np.ndarray:
    """The indicator-major result buffer, after checking that it (and the noise) fits in memory."""
    check_memory(draws, indicators, years, noise_rows=period if period < draws else 0)
    try:
        return np.empty((indicators, draws, years))
    except MemoryError:
        raise ArgumentError(_memory_message(draws, indicators, years, None)) from None


class _Run:
    """What the simulation of every indicator shares: scenario, seed, draws, years and chunks."""

    def __init__(
        self,
        scenario: Scenario,
        root: np.random.SeedSequence,
        draws: int,
        period: int,
        levers: dict[str, np.ndarray],
    ) -> None:
        self.scenario, self.root, self.draws, self.period = scenario, root, draws, period
        self.levers = levers
        self.kept: dict[str, np.ndarray] | None = None
        """Each draw's inputs by column name when they are kept (``keep_inputs``)."""
        self.years = np.arange(scenario.base_year, scenario.horizon + 1)
        chunk = max(1, _CHUNK_ELEMENTS // max(len(self.years) - 1, 1))
        self.bounds = [(a, min(a + chunk, draws)) for a in range(0, draws, chunk)]
        self._factors: dict[str, np.ndarray] = {}

    def noise(self, kind: str, columns: int, *labels: str) -> _Noise:
        """The keyed stream ``labels`` as ``columns`` numbers a draw."""
        stream = _stream(self.root, *labels)
        return _Noise(stream, kind, columns, period=self.period, draws=self.draws)

    def sampler(self, value: Value, *labels: str, copula: _Copula | None = None) -> _Sampler:
        """Draws of a scenario value (random numbers only for a distribution; standard normals
        for a trend drawn through a copula, uniforms otherwise)."""
        drawn = isinstance(value, Distribution)
        kind = "uniform" if copula is None else "normal"
        return _Sampler(value, self.noise(kind, 1, *labels) if drawn else None, copula)

    def copula(self, ident: str, model: Model) -> _Copula | None:
        """The copula of the indicator's trend, ``None`` when it is drawn independently.

        The group's factor is drawn once a run from its own stream ("dependence", group name).
        """
        group = trend_group(self.scenario, ident)
        lever = model.lever_param
        if group is None or lever is None:
            return None
        name, correlation = group
        if name not in self._factors:
            factor = self.noise("normal", 1, "dependence", name).rows(0, self.draws)
            self._factors[name] = factor[:, 0]
        sign = -1.0 if model.param(lever).effect < 0 else 1.0
        return _Copula(self._factors[name], correlation, sign)

    def common_rows(self, ids: Sequence[str]) -> list[np.ndarray | None]:
        """The common factor's shocks, chunk by chunk; drawn only when an indicator loads on it."""
        loaded = any(self.scenario.indicators[i].shock_loading != 0.0 for i in ids)
        common = self.noise("normal", len(self.years) - 1, "common") if loaded else None
        return [common.rows(a, b) if common else None for a, b in self.bounds]

    def fill(self, out: np.ndarray, ident: str, common_rows: list[np.ndarray | None]) -> None:
        """Write one indicator's paths, ``(draws, years)``, into ``out``."""
        spec = self.scenario.indicators[ident]
        offset = spec.baseline.year - self.scenario.base_year
        out[:, :offset] = np.nan
        for year, observed in spec.baseline.history.items():
            if self.scenario.base_year <= year < spec.baseline.year:
                out[:, year - self.scenario.base_year] = observed
        draws = _IndicatorDraws(self, ident, self.years[offset:])
        for (a, b), common_chunk in zip(self.bounds, common_rows, strict=True):
            draws.write(a, b, common_chunk, out[a:b, offset:])


class _IndicatorDraws:
    """The samplers, shocks and funding of one indicator, turned into paths chunk by chunk."""

    def __init__(self, run: _Run, ident: str, own_years: np.ndarray) -> None:
        scenario = run.scenario
        spec = self.spec = scenario.indicators[ident]
        self.model = MODELS[spec.model]()
        self.own_years, self.offset = own_years, spec.baseline.year - scenario.base_year
        steps = len(own_years) - 1
        self.shocks = run.noise("normal", steps, ident, "shock")
        uses = self.model.uses_uniforms
        self.uniforms = run.noise("uniform", steps, ident, "uniform") if uses else None
        self.lever = scenario.funding.get(spec.programme or "")
        # the distributed-lag funding signal of each projected year (ipsim.models.base)
        budget_years = funding_years(own_years[1:], spec.lag)
        ratios = [
            [scenario.funding_ratio(spec.programme, int(y)) for y in row] for row in budget_years
        ]
        self.log_ratios = funding_signal(np.log(np.array(ratios).reshape(budget_years.shape)))
        self.multiple = run.levers.get(f"funding.{spec.programme}")
        self.covered = None  # per projected year, whether each budget year is set by the lever
        if self.multiple is not None:
            lever = self.lever
            start = lever.from_year if lever and lever.from_year else scenario.base_year + 1
            self.covered = (budget_years >= start).astype(float)
        copula = run.copula(ident, self.model)
        self.params = {
            name: run.sampler(
                v, ident, name, copula=copula if name == self.model.lever_param else None
            )
            for name, v in spec.params.items()
        }
        value = spec.baseline.value
        self.baseline = run.sampler(1.0 if value is None else value, ident, "baseline")
        # with the budget as planned in every year funding has no effect: the elasticity is
        # not drawn (its own stream, so no other number changes)
        funded = self.covered is not None or bool(np.any(self.log_ratios != 0.0))
        self.elasticity = run.sampler(spec.elasticity if funded else 0.0, ident, "elasticity")
        self.median = run.levers.get(f"growth.{ident}")
        self.kept = None if run.kept is None else _KeptInputs(run, ident, funded)

    def _shocks(self, a: int, b: int, common_chunk: np.ndarray | None) -> np.ndarray:
        shocks = self.shocks.rows(a, b)
        w = self.spec.shock_loading
        if common_chunk is not None and w != 0.0:
            shocks *= np.sqrt(1.0 - w * w)
            shocks += w * common_chunk[:, self.offset :]
        return shocks

    def _params(self, a: int, b: int) -> dict[str, np.ndarray]:
        params = {name: p.rows(a, b) for name, p in self.params.items()}
        lever_param = self.model.lever_param
        if self.median is not None and lever_param is not None:
            params[lever_param] = move_to_median(
                self.spec.params[lever_param],
                np.broadcast_to(params[lever_param], (b - a, 1)),
                self.median[a:b],
            )
        return params

    def _log_funding(self, a: int, b: int) -> np.ndarray:
        if self.covered is None or self.multiple is None:
            return self.log_ratios
        # the same terms as a scenario with the multiple set, so the same bits
        log_multiple = np.log(self.multiple[a:b])[:, None, None]
        return funding_signal(log_multiple * self.covered[None, :, :])

    def write(self, a: int, b: int, common_chunk: np.ndarray | None, out: np.ndarray) -> None:
        """Write the paths of draws ``a:b`` into ``out`` (the years from the baseline on)."""
        ctx = ModelContext(
            draws=b - a,
            years=self.own_years,
            baseline=self.baseline.rows(a, b),
            params=self._params(a, b),
            elasticity=self.elasticity.rows(a, b),
            log_funding_ratio=self._log_funding(a, b),
            reference_cny=None if self.lever is None else self.lever.reference_cny,
            shocks=self._shocks(a, b, common_chunk),
            uniforms=self.uniforms.rows(a, b) if self.uniforms else np.empty((b - a, 0)),
            out=out,
        )
        if self.kept is not None:  # before the model, which may work in place
            self.kept.write(a, b, ctx)
        paths = self.model.paths(ctx)
        if paths is not ctx.out:  # a model that does not write into ``out``
            out[...] = paths


class _KeptInputs:
    """One indicator's inputs of each draw, written chunk by chunk into ``run.kept`` (its
    columns, views of the kept frame's buffer)."""

    def __init__(self, run: _Run, ident: str, funded: bool) -> None:
        spec = run.scenario.indicators[ident]
        self.columns = run.kept if run.kept is not None else {}
        self.params = {name: f"{name}.{ident}" for name in spec.params}
        self.elasticity, self.baseline = f"elasticity.{ident}", f"baseline.{ident}"
        # unfunded, the model sees elasticity 0; keep the draws a funded run would use
        self.unused_elasticity = (
            None if funded else run.sampler(spec.elasticity, ident, "elasticity")
        )

    def write(self, a: int, b: int, ctx: ModelContext) -> None:
        """Copy draws ``a:b`` of the model's inputs (``(b - a, 1)`` or ``(1, 1)``)."""
        for name, column in self.params.items():
            self.columns[column][a:b] = ctx.params[name][:, 0]
        elasticity = ctx.elasticity
        if self.unused_elasticity is not None:
            elasticity = self.unused_elasticity.rows(a, b)
        self.columns[self.elasticity][a:b] = np.asarray(elasticity)[:, 0]
        self.columns[self.baseline][a:b] = np.asarray(ctx.baseline)[:, 0]


_FRAME = ("plan", "base_year", "horizon", "draws", "seed")
"""Scenario fields every indicator's simulation depends on (with its own spec, lever and
dependence group)."""


def trend_group(scenario: Scenario, indicator: str) -> tuple[str, float] | None:
    """Return the dependence group (name, correlation) that draws the indicator's trend.

    ``None`` when the trend is drawn independently: no dependence, no group, or a correlation
    of 0.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> trend_group(load_scenario("baseline").with_dependence(None), "invention_apps") is None
    True
    """
    group = None if scenario.dependence is None else scenario.dependence.group_of(indicator)
    if group is None or group.correlation == 0.0:
        return None
    return group.name, group.correlation


def resimulate(previous: SimulationResult, scenario: Scenario) -> SimulationResult:
    """Simulate ``scenario``, reusing ``previous`` for every indicator whose inputs did not change.

    The result equals ``simulate(scenario)`` exactly (common random numbers: each indicator
    draws from its own named streams); only the indicators whose model, baseline, parameters,
    funding programme's lever or dependence group (its name and correlation) differ are
    simulated again. This is what keeps the explorer fast when one slider moves. Anything else that differs (draws, seed, years, plan, the set of
    indicators) simulates everything, and so does a ``previous`` with kept inputs
    (``keep_inputs=True``; the new result keeps them too).

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
    if not same_frame or previous.kept_inputs is not None:  # kept inputs: simulate afresh
        return simulate(scenario, keep_inputs=previous.kept_inputs is not None)
    changed = [
        i
        for i in previous.indicators
        if scenario.indicators[i] != before.indicators[i]
        or scenario.funding.get(scenario.indicators[i].programme or "")
        != before.funding.get(before.indicators[i].programme or "")
        or trend_group(scenario, i) != trend_group(before, i)
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
