"""Ensembles: many scenarios over a design of levers, each on the same random numbers.

A design (Latin hypercube, Sobol' or a grid, :mod:`scipy.stats.qmc`, fixed seed) sets the
scenario's levers (:mod:`ipsim.levers`) over their ranges; every point is simulated with the
same seed and the same draws (common random numbers, as :mod:`ipsim.analysis.sensitivity`
evaluates its points), so two scenarios differ only by their levers. The result is one row per
scenario and target: ``scenario``, one column per varied lever, ``target``, ``p_met``,
``median``, ``p05``, ``p95`` (the target's quantity: the level, growth or share it is judged on).

Work goes chunk by chunk (``chunk`` scenarios at a time), in process or on any
:class:`concurrent.futures.Executor`. With ``output`` each finished chunk is stored at once in
``<output>.partial/``; a rerun with the same arguments skips the stored chunks, and the last step
writes the Parquet file, one row group per chunk in design order, so the file is the same however
often the run was interrupted and whatever the executor. The arguments and their hash are kept in
the file's metadata (key ``ipsim.ensemble``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ipsim._args import one_of, shown, whole_number
from ipsim._outputs import plain
from ipsim.analysis.sensitivity import _Evaluator, _setup
from ipsim.errors import ArgumentError
from ipsim.results import Result
from ipsim.scenario import MAX_DRAWS, Scenario
from ipsim.simulate import RngLike, require_scenario, seed_sequence
from ipsim.target_kinds import is_met

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["DESIGNS", "EnsembleResult", "design_points", "ensemble"]

Design = Literal["lhs", "sobol", "grid"]
DESIGNS: tuple[Design, ...] = ("lhs", "sobol", "grid")
DESIGN_SEED = 0
"""Seed of the Latin hypercube and of the Sobol' scrambling: the same design every run."""
STATISTICS = ("p_met", "median", "p05", "p95")
METADATA_KEY = b"ipsim.ensemble"
IN_FLIGHT_PER_WORKER = 2
"""Chunks handed to an executor ahead of the ones finished, per worker: enough to keep it busy,
few enough that memory does not grow with the number of scenarios."""

Progress = Callable[[int, int], None]
"""Called after each chunk as ``progress(scenarios_done, scenarios_total)``."""


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
class EnsembleResult(Result):
    """An ensemble's design and its rows (in memory, or in the Parquet file ``path``)."""

    scenario: str
    design: Design
    inputs: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    points: np.ndarray = field(repr=False)
    """The design, ``(scenarios, inputs)``."""
    targets: tuple[str, ...]
    draws: int
    seed: int
    path: str | None = None
    rows: pd.DataFrame | None = field(default=None, repr=False)

    title = "Ensemble"

    def to_frame(self) -> pd.DataFrame:
        """Return the rows: one per scenario and target (read from :attr:`path` if written)."""
        if self.rows is not None:
            return self.rows.copy()
        import pandas as pd

        return pd.read_parquet(str(self.path))

    def to_dict(self) -> dict[str, Any]:
        """Return the arguments and the rows in JSON types."""
        document = {
            "scenario": self.scenario,
            "design": self.design,
            "inputs": [
                {"name": name, "low": lo, "high": hi}
                for name, (lo, hi) in zip(self.inputs, self.bounds, strict=True)
            ],
            "scenarios": len(self.points),
            "targets": list(self.targets),
            "draws": self.draws,
            "seed": self.seed,
            "rows": self.to_frame().to_dict("records"),
        }
        return dict(plain(document))

    def _summary(self) -> str:
        return (
            f"{self.design}: {len(self.points):,} scenarios x {len(self.targets)} targets, "
            f"{self.draws:,} draws each"
        )


class _Summaries(_Evaluator):
    """Sensitivity's evaluator, summarising each point's draws: P(met), median, p05, p95."""

    def summaries(self, x: np.ndarray) -> np.ndarray:
        """``(points, targets, 4)``: P(met), median, 5th and 95th percentile per point."""
        points = len(x)
        out = np.empty((points, len(self.targets), len(STATISTICS)))
        for k, quantity, _ in self.target_draws(x):
            met = is_met(self.targets[k], quantity).reshape(points, self.draws)
            out[:, k, 0] = met.mean(axis=1)
            spread = np.quantile(quantity.reshape(points, self.draws), [0.5, 0.05, 0.95], axis=1)
            out[:, k, 1:] = spread.T
        return out


@dataclass(frozen=True)
class _Work:
    """What every chunk needs: picklable, so a process or cluster executor can run it."""

    scenario: Scenario
    targets: tuple[str, ...]
    inputs: tuple[str, ...]
    draws: int
    seed: int


def _run_chunk(work: _Work, first: int, x: np.ndarray) -> pa.Table:
    """The rows of the scenarios ``first, first + 1, ...`` at settings ``x``."""
    evaluate = _Summaries(work.scenario, work.targets, work.inputs, work.draws, work.seed)
    stats = evaluate.summaries(x)
    return _table(work, first, x, stats)


def _schema(inputs: Sequence[str]) -> pa.Schema:
    """The columns of an ensemble's file."""
    import pyarrow as pa

    columns = [pa.field("scenario", pa.int64())]
    columns += [pa.field(name, pa.float64()) for name in inputs]
    columns += [pa.field("target", pa.string())]
    columns += [pa.field(name, pa.float64()) for name in STATISTICS]
    return pa.schema(columns)


def _table(work: _Work, first: int, x: np.ndarray, stats: np.ndarray) -> pa.Table:
    """One row per scenario and target, scenario-major."""
    import pyarrow as pa

    points, per = len(x), len(work.targets)
    columns: dict[str, Any] = {"scenario": np.repeat(np.arange(first, first + points), per)}
    for i, name in enumerate(work.inputs):
        columns[name] = np.repeat(x[:, i], per)
    columns["target"] = list(work.targets) * points
    for j, name in enumerate(STATISTICS):
        columns[name] = stats[:, :, j].reshape(-1)
    return pa.table(columns, schema=_schema(work.inputs))


def ensemble(
    scenario: Scenario,
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
    progress: Progress | None = None,
    force: bool = False,
) -> EnsembleResult:
    """Simulate ``n`` scenarios over a design of levers, each on the same random numbers.

    Parameters
    ----------
    scenario : Scenario
    design : {"lhs", "sobol", "grid"}
        Latin hypercube, scrambled Sobol' (both seed 0) or a full grid (see :func:`design_points`).
    n : int
        Scenarios (a grid uses the largest full grid of at most ``n``).
    draws : int
        Draws per scenario, the same random numbers in every scenario.
    vary : sequence of lever names, or mapping of name to (low, high) or None, optional
        The levers varied and their ranges (default: every funding lever and the trend of each
        chosen target's indicator, over :func:`ipsim.analysis.sensitivity.default_range`).
    target : str or sequence of str, optional
        Target ids (default: every assessable target).
    rng : int, SeedSequence or Generator, optional
        Seed of the simulation (default: the scenario's); one seed for every scenario.
    executor : concurrent.futures.Executor, optional
        Runs the chunks (default: in this process, one after another). Results are the same.
    output : str or Path, optional
        Parquet file to write, chunk by chunk and resumably (needs pyarrow: the ``ensemble``
        extra). Without it the rows are kept in memory.
    chunk : int
        Scenarios simulated together (``chunk * draws`` draws per indicator at a time).
    progress : callable, optional
        Called after each chunk as ``progress(scenarios_done, scenarios_total)``.
    force : bool
        Start afresh when ``output`` (or its unfinished run) was made with other arguments.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> result = ensemble(load_scenario("baseline"), n=4, draws=200, vary=["funding.creation"], target="invention_apps", chunk=2)
    >>> list(result.to_frame().columns)
    ['scenario', 'funding.creation', 'target', 'p_met', 'median', 'p05', 'p95']
    >>> len(result.to_frame()), result.points.shape
    (4, (4, 1))
    """
    work, arguments, points, ranges = _prepare(scenario, design, n, draws, vary, target, rng)
    chunk = whole_number("chunk", chunk, low=1)
    arguments["chunk"] = chunk
    starts = list(range(0, len(points), chunk))
    rows = None
    if output is None:
        rows = _in_memory(work, points, starts, chunk, executor, progress)
    else:
        _to_parquet(Path(output), work, arguments, points, starts, chunk, executor, progress, force)
    return EnsembleResult(
        scenario=work.scenario.name,
        design=design,
        inputs=work.inputs,
        bounds=tuple(ranges),
        points=points,
        targets=work.targets,
        draws=work.draws,
        seed=work.seed,
        path=None if output is None else str(output),
        rows=rows,
    )


def _prepare(
    scenario: Scenario,
    design: Any,
    n: Any,
    draws: Any,
    vary: Any,
    target: Any,
    rng: RngLike,
) -> tuple[_Work, dict[str, Any], np.ndarray, list[tuple[float, float]]]:
    """Check the arguments; the work, the arguments as stored, the design and the ranges."""
    scenario = require_scenario(scenario)
    one_of("design", design, DESIGNS)
    n = whole_number("n", n, low=1)
    draws = whole_number("draws", draws, low=1, high=MAX_DRAWS)
    inputs, bounds = _vary(vary)
    chosen, levers, ranges = _setup(scenario, target, inputs, bounds)
    seed = _seed(rng, scenario)
    points = design_points(design, ranges, n)
    work = _Work(scenario, tuple(chosen), tuple(lv.name for lv in levers), draws, seed)
    arguments = {
        "scenario": scenario.name,
        "scenario_sha256": scenario.sha256,
        "design": design,
        "n": n,
        "draws": draws,
        "seed": seed,
        "targets": list(work.targets),
        "inputs": [
            {"name": k, "low": lo, "high": hi}
            for k, (lo, hi) in zip(work.inputs, ranges, strict=True)
        ],
        "design_sha256": hashlib.sha256(points.tobytes()).hexdigest(),
    }
    return work, arguments, points, ranges


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


def _chunks(
    work: _Work,
    points: np.ndarray,
    starts: Sequence[int],
    chunk: int,
    executor: Executor | None,
) -> Iterator[tuple[int, pa.Table]]:
    """Each chunk's ``(first scenario, rows)`` as it finishes, a bounded number in flight."""
    if executor is None:
        for first in starts:
            yield first, _run_chunk(work, first, points[first : first + chunk])
        return
    window = IN_FLIGHT_PER_WORKER * max(1, int(getattr(executor, "_max_workers", 1) or 1))
    pending: dict[Future[pa.Table], int] = {}
    queue = iter(starts)
    while True:
        for first in queue:
            future = executor.submit(_run_chunk, work, first, points[first : first + chunk])
            pending[future] = first
            if len(pending) >= window:
                break
        if not pending:
            return
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=pending.__getitem__):
            yield pending.pop(future), future.result()


def _in_memory(
    work: _Work,
    points: np.ndarray,
    starts: Sequence[int],
    chunk: int,
    executor: Executor | None,
    progress: Progress | None,
) -> pd.DataFrame:
    """Every chunk's rows, in design order, as one frame."""
    import pandas as pd

    tables: dict[int, pa.Table] = {}
    for first, table in _chunks(work, points, starts, chunk, executor):
        tables[first] = table
        if progress is not None:
            progress(min(len(tables) * chunk, len(points)), len(points))
    frames = [tables[first].to_pandas() for first in starts]
    return pd.concat(frames, ignore_index=True)


def _to_parquet(
    output: Path,
    work: _Work,
    arguments: dict[str, Any],
    points: np.ndarray,
    starts: Sequence[int],
    chunk: int,
    executor: Executor | None,
    progress: Progress | None,
    force: bool,
) -> None:
    """Write the chunks not yet stored, then the file (see the module's docstring)."""
    import pyarrow.parquet as pq

    stored = json.dumps(arguments, sort_keys=True)
    key = hashlib.sha256(stored.encode("utf-8")).hexdigest()
    if _finished(output, key, force):
        if progress is not None:
            progress(len(points), len(points))
        return
    partial = _partial_dir(output, stored, key, force)
    todo = [first for first in starts if not _chunk_file(partial, first).exists()]
    done = (len(starts) - len(todo)) * chunk
    for first, table in _chunks(work, points, todo, chunk, executor):
        _write_atomic(partial, _chunk_file(partial, first), table)
        done += len(table) // max(1, len(work.targets))
        if progress is not None:
            progress(min(done, len(points)), len(points))
    schema = _schema(work.inputs).with_metadata({METADATA_KEY: stored, b"ipsim.key": key})
    temporary = output.with_name(output.name + ".tmp")
    with pq.ParquetWriter(str(temporary), schema) as writer:
        for first in starts:
            writer.write_table(pq.read_table(_chunk_file(partial, first)).cast(schema))
    temporary.replace(output)
    shutil.rmtree(partial)


def _finished(output: Path, key: str, force: bool) -> bool:
    """Whether ``output`` already holds this ensemble; refuse one made otherwise (unless forced)."""
    if not output.exists():
        return False
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(str(output)).metadata or {}
    except (OSError, ValueError):
        metadata = {}
    if metadata.get(b"ipsim.key", b"").decode() == key:
        return True
    if not force:
        msg = (
            f"{output}: exists and is not this ensemble (other arguments, or not an ensemble "
            "file); choose another file or pass --force (force=True) to overwrite it"
        )
        raise ArgumentError(msg)
    return False


def _partial_dir(output: Path, stored: str, key: str, force: bool) -> Path:
    """The folder of finished chunks, made or resumed; refuse one of other arguments."""
    partial = output.with_name(output.name + ".partial")
    marker = partial / "arguments.json"
    if partial.exists():
        previous = json.loads(marker.read_text("utf-8")) if marker.exists() else {}
        if previous.get("key") == key:
            return partial
        if not force:
            msg = (
                f"{partial}: an unfinished ensemble with other arguments; rerun it with the "
                "same arguments to resume, or pass --force (force=True) to start afresh"
            )
            raise ArgumentError(msg)
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    document = {"key": key, "arguments": json.loads(stored)}
    marker.write_text(json.dumps(document, indent=1, sort_keys=True), "utf-8")
    return partial


def _chunk_file(partial: Path, first: int) -> Path:
    return partial / f"chunk-{first:012d}.parquet"


def _write_atomic(partial: Path, path: Path, table: pa.Table) -> None:
    """Write ``table`` to ``path`` so that a file there is always complete."""
    import pyarrow.parquet as pq

    temporary = partial / (path.name + ".tmp")
    pq.write_table(table, str(temporary))
    temporary.replace(path)
