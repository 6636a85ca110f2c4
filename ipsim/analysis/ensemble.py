"""Ensembles: many scenarios over a design of levers, each on the same random numbers.

A design (Latin hypercube, Sobol' or a grid, :mod:`scipy.stats.qmc`, fixed seed) sets a
scenario's levers (:mod:`ipsim.levers`) over their ranges; every point is simulated with the
same seed and the same draws (common random numbers, as :mod:`ipsim.analysis.sensitivity`
evaluates its points), so two points differ only by their levers. An ensemble may span several
scenarios and plans (:mod:`ipsim.analysis.ensemble_sources`): each has its own design over its
own levers, and their points are numbered one after another.

The result is one row per point and target: ``scenario`` (the point's number), ``scenario_name``,
``plan``, one column per varied lever (empty where a scenario has no such lever), ``target``,
``p_met``, ``median``, ``p05``, ``p95`` (of the target's quantity: the level, growth or share it
is judged on) and ``p_all_met``, the probability that every target summarised for that point is
met in the same draw (the indicators are simulated on named streams, so their draws are the
joint ones). With ``per_draw=True`` a column ``met_draws`` keeps, per row, whether each draw met
the target (bits, :meth:`EnsembleResult.met_draws`).

Work goes chunk by chunk (``chunk`` points of one scenario at a time), in process or on any
:class:`concurrent.futures.Executor` (a Dask cluster: :func:`ipsim.analysis.cluster.dask_executor`),
a bounded number in flight, so memory does not grow with the number of points. With ``output``
the rows go to Parquet as the chunks finish, resumably (:mod:`ipsim.analysis.ensemble_store`);
the file is the same however often the run was interrupted and whatever ran the chunks.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ipsim._args import one_of, shown, whole_number
from ipsim._outputs import plain
from ipsim.analysis.ensemble_sources import Source, levers_for, scenarios_of, targets_for
from ipsim.analysis.sensitivity import _Evaluator, _setup
from ipsim.errors import ArgumentError
from ipsim.results import Result
from ipsim.scenario import MAX_DRAWS, Scenario
from ipsim.simulate import RngLike, seed_sequence
from ipsim.target_kinds import is_met

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["DESIGNS", "EnsemblePart", "EnsembleResult", "design_points", "ensemble"]

Design = Literal["lhs", "sobol", "grid"]
DESIGNS: tuple[Design, ...] = ("lhs", "sobol", "grid")
DESIGN_SEED = 0
"""Seed of the Latin hypercube and of the Sobol' scrambling: the same design every run."""
STATISTICS = ("p_met", "median", "p05", "p95")
IN_FLIGHT_PER_WORKER = 2
"""Chunks handed to an executor ahead of the ones finished, per worker: enough to keep it busy,
few enough that memory does not grow with the number of scenarios."""

Progress = Callable[[int, int], None]
"""Called after each chunk as ``progress(points_done, points_total)``."""
Columns = dict[str, Any]
"""A chunk's rows as named numpy columns (picklable, no pyarrow needed to hold them)."""


def design_points(design: Design, ranges: Sequence[tuple[float, float]], n: int) -> np.ndarray:
    """The ``(points, levers)`` settings of a design over ``ranges``.

    ``lhs`` and ``sobol`` give ``n`` points (Sobol' points are the first ``n`` of the scrambled
    sequence; a power of two keeps its balance); ``grid`` gives every combination of ``m``
    evenly spaced values per lever, ``m`` the largest with ``m ** levers <= n`` (at least 2).

    Examples
    --------
    >>> design_points("grid", [(0.0, 1.0), (10.0, 20.0)], 9).tolist()
    [[0.0, 10.0], [0.0, 15.0], [0.0, 20.0], [0.5, 10.0], [0.5, 15.0], [0.5, 20.0], [1.0, 10.0], [1.0, 15.0], [1.0, 20.0]]
    >>> x = design_points("lhs", [(0.5, 1.5)], 4)
    >>> x.shape, bool(((x >= 0.5) & (x <= 1.5)).all())
    ((4, 1), True)
    """
    from scipy.stats import qmc

    one_of("design", design, DESIGNS)
    k = len(ranges)
    low = np.array([lo for lo, _ in ranges], dtype=float)
    high = np.array([hi for _, hi in ranges], dtype=float)
    if design == "grid":
        levels = _grid_levels(n, k)
        axes = [np.linspace(lo, hi, levels) for lo, hi in zip(low, high, strict=True)]
        mesh = np.meshgrid(*axes, indexing="ij")
        return np.stack([m.reshape(-1) for m in mesh], axis=1)
    if design == "lhs":
        unit = qmc.LatinHypercube(d=k, seed=DESIGN_SEED).random(n)
    else:
        with warnings.catch_warnings():  # a prefix of the sequence when n is no power of two
            warnings.filterwarnings("ignore", message=".*balance properties", category=UserWarning)
            unit = qmc.Sobol(d=k, scramble=True, seed=DESIGN_SEED).random(n)
    return np.asarray(qmc.scale(unit, low, high), dtype=float)


def _grid_levels(n: int, k: int) -> int:
    """The values per lever of a grid of at most ``n`` points over ``k`` levers."""
    levels = round(n ** (1.0 / k))
    while levels**k > n:
        levels -= 1
    while (levels + 1) ** k <= n:
        levels += 1
    if levels < 2:
        msg = f"n: a grid over {k} levers needs at least 2 ** {k} = {2**k:,} scenarios, got {n:,}"
        raise ArgumentError(msg)
    return levels


@dataclass(frozen=True, eq=False)
class EnsemblePart:
    """One scenario of an ensemble: its levers, their ranges, its design and its targets."""

    scenario: Scenario = field(repr=False)
    inputs: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    points: np.ndarray = field(repr=False)
    """The design, ``(points, inputs)``."""
    targets: tuple[str, ...]
    seed: int
    first: int
    """The ensemble-wide number of its first point."""

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def plan(self) -> str:
        return self.scenario.plan


@dataclass(frozen=True, eq=False)
class EnsembleResult(Result):
    """An ensemble's designs and its rows (in memory, or in the Parquet file ``path``)."""

    design: Design
    parts: tuple[EnsemblePart, ...]
    draws: int
    per_draw: bool = False
    path: str | None = None
    rows: pd.DataFrame | None = field(default=None, repr=False)

    title = "Ensemble"

    @property
    def scenarios(self) -> int:
        """How many points (scenarios of the design) the ensemble has, over all its parts."""
        return sum(len(part.points) for part in self.parts)

    @property
    def scenario(self) -> str:
        """The scenarios' names, joined."""
        return ", ".join(part.name for part in self.parts)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every lever varied, in order of first appearance."""
        return tuple(dict.fromkeys(name for part in self.parts for name in part.inputs))

    @property
    def targets(self) -> tuple[str, ...]:
        """Every target summarised, in order of first appearance."""
        return tuple(dict.fromkeys(t for part in self.parts for t in part.targets))

    @property
    def points(self) -> np.ndarray:
        """The design of a one-scenario ensemble (several scenarios: see :attr:`parts`)."""
        if len(self.parts) != 1:
            msg = "points: an ensemble over several scenarios has one design per part (.parts)"
            raise ArgumentError(msg)
        return self.parts[0].points

    def to_frame(self) -> pd.DataFrame:
        """Return the rows: one per point and target (read from :attr:`path` if written)."""
        if self.rows is not None:
            return self.rows.copy()
        import pandas as pd

        return pd.read_parquet(str(self.path))

    def met_draws(self, target: str) -> np.ndarray:
        """Whether each draw met ``target``, ``(points with that target, draws)`` booleans, in
        the order of the rows (needs ``per_draw=True``)."""
        if not self.per_draw:
            msg = "met_draws: the ensemble was run without per_draw=True; rerun it with it"
            raise ArgumentError(msg)
        one_of("target", target, self.targets)
        frame = self.to_frame()
        packed = frame.loc[frame["target"] == target, "met_draws"]
        width = (self.draws + 7) // 8
        bits = np.frombuffer(b"".join(packed), dtype=np.uint8).reshape(-1, width)
        return np.unpackbits(bits, axis=1, count=self.draws, bitorder="little").astype(bool)

    def to_dict(self) -> dict[str, Any]:
        """Return the arguments and the rows in JSON types (per-draw bits left out)."""
        rows = self.to_frame().drop(columns="met_draws", errors="ignore")
        rows = rows.astype(object).where(rows.notna(), None)
        document = {
            "design": self.design,
            "scenarios": self.scenarios,
            "draws": self.draws,
            "parts": [_part_document(part) for part in self.parts],
            "rows": rows.to_dict("records"),
        }
        return dict(plain(document))

    def _summary(self) -> str:
        return (
            f"{self.design}: {self.scenarios:,} scenarios x {len(self.targets)} targets, "
            f"{self.draws:,} draws each"
        )


def _part_document(part: EnsemblePart) -> dict[str, Any]:
    """A part's arguments in JSON types (also what the Parquet metadata keeps)."""
    return {
        "scenario": part.name,
        "scenario_sha256": part.scenario.sha256,
        "plan": part.plan,
        "seed": part.seed,
        "targets": list(part.targets),
        "inputs": [
            {"name": k, "low": lo, "high": hi}
            for k, (lo, hi) in zip(part.inputs, part.bounds, strict=True)
        ],
        "first": part.first,
        "scenarios": len(part.points),
        "design_sha256": hashlib.sha256(part.points.tobytes()).hexdigest(),
    }


class _Summaries(_Evaluator):
    """Sensitivity's evaluator, summarising each point's draws."""

    def summaries(
        self, x: np.ndarray, per_draw: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Per point: P(met), median, 5th and 95th percentile per target ``(points, targets,
        4)``; P(every target met in the same draw) ``(points,)``; each draw's met as bits
        ``(points, targets, bytes)`` if ``per_draw``."""
        points, width = len(x), (self.draws + 7) // 8
        stats = np.empty((points, len(self.targets), len(STATISTICS)))
        every = np.ones((points, self.draws), dtype=bool)
        bits = np.empty((points, len(self.targets), width), np.uint8) if per_draw else None
        for k, quantity, _ in self.target_draws(x):
            met = is_met(self.targets[k], quantity).reshape(points, self.draws)
            every &= met
            stats[:, k, 0] = met.mean(axis=1)
            spread = np.quantile(quantity.reshape(points, self.draws), [0.5, 0.05, 0.95], axis=1)
            stats[:, k, 1:] = spread.T
            if bits is not None:
                bits[:, k] = np.packbits(met, axis=1, bitorder="little")
        return stats, every.mean(axis=1), bits


@dataclass(frozen=True)
class _Work:
    """What every chunk of one part needs: picklable, so a process or cluster can run it."""

    part: EnsemblePart
    columns: tuple[str, ...]
    """Every lever column of the ensemble (the part's own, and the others' left empty)."""
    draws: int
    per_draw: bool


def _run_chunk(work: _Work, first: int, x: np.ndarray) -> Columns:
    """The rows of the points ``first, first + 1, ...`` (ensemble-wide) at settings ``x``."""
    part = work.part
    evaluate = _Summaries(part.scenario, part.targets, part.inputs, work.draws, part.seed)
    stats, every, bits = evaluate.summaries(x, work.per_draw)
    points, per = len(x), len(part.targets)
    columns: Columns = {
        "scenario": np.repeat(np.arange(first, first + points, dtype=np.int64), per),
        "scenario_name": np.full(points * per, part.name, dtype=object),
        "plan": np.full(points * per, part.plan, dtype=object),
    }
    for name in work.columns:
        own = part.inputs.index(name) if name in part.inputs else None
        columns[name] = np.full(points * per, np.nan) if own is None else np.repeat(x[:, own], per)
    columns["target"] = np.array(list(part.targets) * points, dtype=object)
    for j, name in enumerate(STATISTICS):
        columns[name] = stats[:, :, j].reshape(-1)
    columns["p_all_met"] = np.repeat(every, per)
    if bits is not None:
        columns["met_draws"] = bits.reshape(points * per, -1)
    return columns


def _frame(columns: Columns) -> pd.DataFrame:
    """A chunk's rows as a DataFrame (per-draw bits as bytes per row)."""
    import pandas as pd

    data = dict(columns)
    if "met_draws" in data:
        data["met_draws"] = [row.tobytes() for row in data["met_draws"]]
    return pd.DataFrame(data)


def _schema(inputs: Sequence[str], draws: int, per_draw: bool) -> pa.Schema:
    """The columns of an ensemble's file."""
    import pyarrow as pa

    columns = [pa.field("scenario", pa.int64())]
    columns += [pa.field("scenario_name", pa.string()), pa.field("plan", pa.string())]
    columns += [pa.field(name, pa.float64()) for name in inputs]
    columns += [pa.field("target", pa.string())]
    columns += [pa.field(name, pa.float64()) for name in (*STATISTICS, "p_all_met")]
    if per_draw:
        columns += [pa.field("met_draws", pa.binary((draws + 7) // 8))]
    return pa.schema(columns)


def _table(columns: Columns, schema: pa.Schema) -> pa.Table:
    """A chunk's rows as a pyarrow table of ``schema`` (per-draw bits without a copy per row)."""
    import pyarrow as pa

    arrays = []
    for column in schema:
        values = columns[column.name]
        if column.name == "met_draws":
            buffer = pa.py_buffer(np.ascontiguousarray(values).tobytes())
            arrays.append(pa.Array.from_buffers(column.type, len(values), [None, buffer]))
        else:
            arrays.append(pa.array(values, type=column.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def ensemble(
    scenario: Source | Sequence[Source],
    design: Design = "lhs",
    *,
    n: int = 100,
    draws: int = 1_000,
    vary: Sequence[str] | Mapping[str, tuple[float, float] | None] | None = None,
    target: str | Sequence[str] | None = None,
    rng: RngLike = None,
    executor: Executor | None = None,
    output: str | Path | None = None,
    chunk: int = 10,
    per_draw: bool = False,
    progress: Progress | None = None,
    force: bool = False,
) -> EnsembleResult:
    """Simulate ``n`` scenarios over a design of levers, each on the same random numbers.

    Parameters
    ----------
    scenario : Scenario, str, Path, or a list of them
        A scenario (a bundled name or a file), a folder of plan and scenario files, ``"bundled"``
        (every bundled scenario), or a list of these: each scenario gets its own design of ``n``
        points (see :func:`ipsim.analysis.ensemble_sources.scenarios_of`).
    design : {"lhs", "sobol", "grid"}
        Latin hypercube, scrambled Sobol' (both seed 0) or a full grid (see :func:`design_points`).
    n : int
        Points per scenario (a grid uses the largest full grid of at most ``n``).
    draws : int
        Draws per point, the same random numbers at every point of a scenario.
    vary : sequence of lever names, or mapping of name to (low, high) or None, optional
        The levers varied and their ranges (default: every funding lever and the trend of each
        chosen target's indicator, over :func:`ipsim.analysis.sensitivity.default_range`).
        With several scenarios each varies the ones it has.
    target : str or sequence of str, optional
        Target ids (default: every assessable target); with several scenarios, each summarises
        the ones its plan has.
    rng : int, SeedSequence or Generator, optional
        Seed of the simulation (default: each scenario's own); one seed for all points.
    executor : concurrent.futures.Executor, optional
        Runs the chunks (default: in this process, one after another), e.g. a Dask cluster's
        (:func:`ipsim.analysis.cluster.dask_executor`). Results are the same, bit for bit.
    output : str or Path, optional
        Parquet file to write, chunk by chunk and resumably (needs pyarrow: the ``ensemble``
        extra). Without it the rows are kept in memory.
    chunk : int
        Points simulated together (``chunk * draws`` draws per indicator at a time).
    per_draw : bool
        Keep whether each draw met each target (a ``met_draws`` column of bits).
    progress : callable, optional
        Called after each chunk as ``progress(points_done, points_total)``.
    force : bool
        Start afresh when ``output`` (or its unfinished run) was made with other arguments.

    Examples
    --------
    >>> result = ensemble("baseline", n=4, draws=200, vary=["funding.creation"], target="invention_apps", chunk=2)
    >>> list(result.to_frame().columns)
    ['scenario', 'scenario_name', 'plan', 'funding.creation', 'target', 'p_met', 'median', 'p05', 'p95', 'p_all_met']
    >>> len(result.to_frame()), result.points.shape
    (4, (4, 1))
    >>> both = ensemble(["baseline", "national-13th"], n=3, draws=100, chunk=3)
    >>> both.scenarios, both.to_frame().groupby("plan")["scenario"].nunique().to_dict()
    (6, {'guangzhou-ip-2017-2020': 3, 'national-ip-2016-2020': 3})
    """
    one_of("design", design, DESIGNS)
    n = whole_number("n", n, low=1)
    draws = whole_number("draws", draws, low=1, high=MAX_DRAWS)
    chunk = whole_number("chunk", chunk, low=1)
    parts = _parts(scenarios_of(scenario), design, n, vary, target, rng)
    result = EnsembleResult(
        design, parts, draws, bool(per_draw), None if output is None else str(output)
    )
    columns = result.inputs
    jobs = {
        part.first + local: (_Work(part, columns, draws, result.per_draw), local)
        for part in parts
        for local in range(0, len(part.points), chunk)
    }
    run = _Runner(jobs, chunk, executor, progress, result.scenarios)
    if output is None:
        tables = dict(run(list(jobs)))
        import pandas as pd

        frame = pd.concat([_frame(tables[first]) for first in jobs], ignore_index=True)
        return _with_rows(result, frame)
    _write(Path(output), result, chunk, run, force)
    return result


def _with_rows(result: EnsembleResult, rows: pd.DataFrame) -> EnsembleResult:
    from dataclasses import replace

    return replace(result, rows=rows)


def _write(output: Path, result: EnsembleResult, chunk: int, run: _Runner, force: bool) -> None:
    """Write the ensemble to ``output`` resumably (:mod:`ipsim.analysis.ensemble_store`)."""
    from ipsim.analysis.ensemble_store import write_resumably

    schema = _schema(result.inputs, result.draws, result.per_draw)
    arguments = {
        "design": result.design,
        "draws": result.draws,
        "chunk": chunk,
        "per_draw": result.per_draw,
        "parts": [_part_document(part) for part in result.parts],
    }

    def chunks(todo: Sequence[int]) -> Iterator[tuple[int, pa.Table]]:
        run.done = result.scenarios - sum(run.size(first) for first in todo)
        for first, columns in run(todo):
            yield first, _table(columns, schema)

    if not write_resumably(output, arguments, schema, list(run.jobs), chunks, force):
        run.report(result.scenarios)


def _parts(
    scenarios: Sequence[Scenario],
    design: Design,
    n: int,
    vary: Any,
    target: Any,
    rng: RngLike,
) -> tuple[EnsemblePart, ...]:
    """Each scenario's levers, ranges, design, targets and seed, numbered one after another."""
    names, bounds = _vary(vary)
    parts: list[EnsemblePart] = []
    first = 0
    wanted = zip(levers_for(scenarios, names, bounds), targets_for(scenarios, target), strict=True)
    for scenario, ((inputs, ranges_given), targets) in zip(scenarios, wanted, strict=True):
        chosen, levers, ranges = _setup(scenario, targets, inputs, ranges_given)
        points = design_points(design, ranges, n)
        parts.append(
            EnsemblePart(
                scenario=scenario,
                inputs=tuple(lv.name for lv in levers),
                bounds=tuple(ranges),
                points=points,
                targets=tuple(chosen),
                seed=_seed(rng, scenario),
                first=first,
            )
        )
        first += len(points)
    return tuple(parts)


def _vary(vary: Any) -> tuple[list[str] | None, dict[str, tuple[float, float]] | None]:
    """The lever names and the ranges given for some of them."""
    if vary is None:
        return None, None
    if isinstance(vary, Mapping):
        bounds = {str(k): v for k, v in vary.items() if v is not None}
        return [str(k) for k in vary], bounds
    if isinstance(vary, str) or not isinstance(vary, Sequence):
        msg = f"vary: expected lever names or a mapping of them to (low, high), got {shown(vary)}"
        raise ArgumentError(msg)
    return list(vary), None


def _seed(rng: RngLike, scenario: Scenario) -> int:
    """One whole-number seed for every chunk (a Generator's seed sequence must be a plain int)."""
    sequence = seed_sequence(rng, scenario.seed)
    if isinstance(sequence.entropy, int) and not sequence.spawn_key:
        return int(sequence.entropy)
    msg = f"rng: an ensemble needs a whole-number seed (stored with its results), got {shown(rng)}"
    raise ArgumentError(msg)


class _Runner:
    """Runs chunks (in process or on an executor), a bounded number in flight, and reports
    progress as each finishes."""

    def __init__(
        self,
        jobs: dict[int, tuple[_Work, int]],
        chunk: int,
        executor: Executor | None,
        progress: Progress | None,
        total: int,
    ) -> None:
        self.jobs, self.chunk, self.executor = jobs, chunk, executor
        self.progress, self.total, self.done = progress, total, 0

    def size(self, first: int) -> int:
        """How many points the chunk starting at ``first`` holds."""
        work, local = self.jobs[first]
        return min(self.chunk, len(work.part.points) - local)

    def report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)

    def __call__(self, todo: Sequence[int]) -> Iterator[tuple[int, Columns]]:
        """Each chunk's ``(first point, rows)`` as it finishes; progress is reported once the
        consumer has taken it (stored it, when writing a file)."""
        for first, columns in self._finished(todo):
            yield first, columns
            self.done += self.size(first)
            self.report(self.done)

    def _arguments(self, first: int) -> tuple[_Work, int, np.ndarray]:
        work, local = self.jobs[first]
        return work, first, work.part.points[local : local + self.chunk]

    def _finished(self, todo: Sequence[int]) -> Iterator[tuple[int, Columns]]:
        if self.executor is None:
            for first in todo:
                yield first, _run_chunk(*self._arguments(first))
            return
        workers = int(getattr(self.executor, "_max_workers", 1) or 1)
        window = IN_FLIGHT_PER_WORKER * max(1, workers)
        pending: dict[Future[Columns], int] = {}
        queue = iter(todo)
        while True:
            for first in queue:
                pending[self.executor.submit(_run_chunk, *self._arguments(first))] = first
                if len(pending) >= window:
                    break
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=pending.__getitem__):
                yield pending.pop(future), future.result()
