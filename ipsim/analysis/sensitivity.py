"""What a target hinges on: global sensitivity (Sobol, Morris via SALib) and a quick tornado.

The inputs are levers (:mod:`ipsim.levers`), each over a range; the outputs, per target, are
P(met) and the mean value of the target's indicator at the deadline. Every SALib sample point is
evaluated with the same ``draws_per_point`` random numbers (common random numbers), and all
points go through **one** vectorised simulation per indicator: Sobol with 8 inputs at N = 512 is
4,608 points (no second-order terms), i.e. 4,608 x 128 draws in one call.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from ipsim._args import one_of, real_number, shown, whole_number
from ipsim._outputs import plain
from ipsim._styled import Table
from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, label
from ipsim.levers import Lever, lever, levers_of, reader_names
from ipsim.results import Result, caption
from ipsim.scenario import Scenario
from ipsim.simulate import RngLike, require_scenario, simulate
from ipsim.target_kinds import is_met, target_quantity

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

Method = Literal["sobol", "morris"]
OUTPUTS = ("p_met", "deadline_value")
MAX_SIMULATED_DRAWS = 50_000_000
"""Most draws one sensitivity run simulates per indicator (points x draws per point): about a
minute of simulation, 85 times the default run (Sobol, 8 inputs, N = 512, 128 draws a point)."""


def default_range(the_lever: Lever) -> tuple[float, float]:
    """The range a lever is varied over by default: half to one and a half times the planned
    budget; a median growth rate +-50 % (at least +-5 points); another signed trend (a logit
    rate) +-0.5; a positive quantity half to one and a half times its value (its whole search
    range when it is 0).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> from ipsim.levers import levers_of
    >>> levers = levers_of(load_scenario("baseline"))
    >>> default_range(levers["funding.creation"]), default_range(levers["growth.invention_apps"])
    ((0.5, 1.5), (0.085, 0.255))
    """
    c = the_lever.current
    if the_lever.kind == "funding":
        return 0.5 * c, 1.5 * c
    if the_lever.is_growth_rate:
        half = max(0.05, 0.5 * abs(c))
        return max(c - half, -0.9), c + half
    if the_lever.low < 0:  # a signed trend, such as a logit rate
        return c - 0.5, c + 0.5
    if c > 0:
        return 0.5 * c, 1.5 * c
    return the_lever.low, the_lever.high


@dataclass(frozen=True, eq=False)
class SensitivityResult(Result):
    """Indices per (target, output, input), a one-at-a-time tornado, and how they were computed.

    ``indices`` columns: ``target, output, input, S1, S1_conf, ST, ST_conf`` (Sobol) or
    ``target, output, input, mu_star, mu_star_conf, sigma`` (Morris); confidence half-widths
    are SALib's 95 % bootstrap ones. ``tornado``: ``target, output, input, low, high, at_low,
    at_high, base, swing``.
    """

    method: Method
    inputs: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    n: int
    draws_per_point: int
    points: int
    indices: pd.DataFrame = field(repr=False)
    tornado: pd.DataFrame = field(repr=False)
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)
    """Targets and inputs as a reader knows them, ``{id: (english, chinese)}``
    (:func:`ipsim.levers.reader_names`)."""

    title = "Sensitivity"

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return the indices, one row per (target, output, input) (a copy of :attr:`indices`);
        with ``styled=True`` the table a notebook shows, in ``lang``."""
        if styled:
            return self._styler(lang)
        return self.indices.copy()

    def _table(self, lang: Lang) -> Table:
        frame = self.indices
        values = [c for c in frame.columns if c not in ("target", "output", "input")]
        shown = frame[["target", "output", "input", *values]].copy()
        shown["output"] = [label(f"tables.output_{o}", lang) for o in frame["output"]]
        for column in ("target", "input"):
            shown[column] = [self.name_of(str(v), lang) for v in frame[column]]
        names = {
            "target": label("workbook.col_target", lang),
            "output": label("styled.col_output", lang),
            "input": label("tables.col_input", lang),
            **{c: _index_header(c, lang) for c in values},
        }
        shown = shown.rename(columns=names)
        return Table(shown, kinds={names[c]: "index" for c in values})

    def name_of(self, ident: str, lang: Lang = "en") -> str:
        """A target or input as a reader knows it (the id when it has no name)."""
        named = self.names.get(ident)
        return ident if named is None else named[lang == "zh"]

    def _caption(self, lang: Lang) -> str:
        what = label("styled.what_sensitivity", lang)
        return caption(what, lang, draws=self.points * self.draws_per_point)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``ipsim sensitivity --format json``."""
        document = {
            "method": self.method,
            "inputs": [
                {"name": name, "low": lo, "high": hi}
                for name, (lo, hi) in zip(self.inputs, self.bounds, strict=True)
            ],
            "n": self.n,
            "draws_per_point": self.draws_per_point,
            "points": self.points,
            "indices": self.indices.to_dict("records"),
            "tornado": self.tornado.to_dict("records"),
        }
        return dict(plain(document))

    def _summary(self) -> str:
        return (
            f"{self.method}: {len(self.inputs)} inputs, {self.points:,} points x "
            f"{self.draws_per_point} draws"
        )


def _index_header(column: str, lang: Lang) -> str:
    """The heading of an index column: ``ST``, ``ST ± 95%`` (its confidence half-width)."""
    key = {"S1": "s1", "ST": "st", "mu_star": "mu_star", "sigma": "sigma"}
    base = column.removesuffix("_conf")
    name = label(f"tables.col_{key.get(base, base.lower())}", lang)
    return f"{name} {label('tables.col_conf', lang)}" if column.endswith("_conf") else name


SampleSeed = int | np.random.Generator
"""The seed of a SALib sample: a whole number >= 0, or a numpy Generator used as it is."""

_UNSET: Any = object()
"""The default of the deprecated ``seed`` keywords (an explicit ``seed=0`` still warns)."""


def _deprecated_seed(seed: Any, instead: str, *, stacklevel: int) -> int:
    """Check the deprecated ``seed`` keyword and warn that it goes; return it."""
    seed = whole_number("seed", seed, low=0)
    warnings.warn(
        f"seed= is deprecated and goes in the next release; {instead}",
        DeprecationWarning,
        stacklevel=stacklevel + 1,
    )
    return seed


def _sample_seed(rng: Any, seed: Any = _UNSET) -> SampleSeed:
    """The seed handed to SALib: ``rng`` (or the deprecated ``seed``), checked."""
    if seed is not _UNSET:
        return _deprecated_seed(seed, "pass rng (the same number)", stacklevel=3)
    if isinstance(rng, np.random.Generator):
        return rng
    return whole_number("rng", rng, low=0)


# SALib's sobol.analyze seeds its bootstrap only ``if seed:``, so seed 0 gave confidence
# intervals that changed from run to run; 0 is passed on as this fixed stand-in instead.
_SALIB_SEED_FOR_ZERO = 2**32 - 1


def sobol_indices(
    names: Sequence[str],
    bounds: Sequence[tuple[float, float]],
    model: Callable[[np.ndarray], np.ndarray],
    *,
    n: int = 512,
    rng: SampleSeed = 0,
    seed: Any = _UNSET,
) -> pd.DataFrame:
    """First-order and total Sobol indices of a vectorised ``model`` (X of shape (points, k) to
    Y of shape (points, outputs)) through SALib's Saltelli sampling; one row per output and input.

    ``rng`` (an int >= 0 or a numpy Generator) seeds SALib's sample and its bootstrap confidence
    intervals; ``seed`` is its old, deprecated name.

    Examples
    --------
    Ishigami's function, whose indices are known (S1 = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244):

    >>> def ishigami(x):
    ...     return (np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0]))[:, None]
    >>> table = sobol_indices(["x1", "x2", "x3"], [(-np.pi, np.pi)] * 3, ishigami, n=4096)
    >>> table[["S1", "ST"]].round(1).values.tolist()
    [[0.3, 0.6], [0.4, 0.4], [0.0, 0.2]]
    """
    import pandas as pd
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    seed = _sample_seed(rng, seed)
    problem = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}
    x = sample.sample(problem, n, calc_second_order=False, seed=seed)
    y = np.asarray(model(x), dtype=float)
    y = y.reshape(len(x), -1)
    rows = []
    for j in range(y.shape[1]):
        column = y[:, j]
        if np.ptp(column) == 0:  # a constant output: nothing to apportion
            zeros = np.zeros(len(names))
            si = {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
        else:
            si = analyze.analyze(
                problem,
                column,
                calc_second_order=False,
                conf_level=0.95,
                seed=_SALIB_SEED_FOR_ZERO if isinstance(seed, int) and seed == 0 else seed,
            )
        for i, name in enumerate(names):
            rows.append(
                {
                    "output_index": j,
                    "input": name,
                    "S1": float(si["S1"][i]),
                    "S1_conf": float(si["S1_conf"][i]),
                    "ST": float(si["ST"][i]),
                    "ST_conf": float(si["ST_conf"][i]),
                }
            )
    return pd.DataFrame(rows)


def morris_indices(
    names: Sequence[str],
    bounds: Sequence[tuple[float, float]],
    model: Callable[[np.ndarray], np.ndarray],
    *,
    n: int = 64,
    rng: SampleSeed = 0,
    seed: Any = _UNSET,
) -> pd.DataFrame:
    """Morris elementary effects (mu*, its confidence, sigma) of a vectorised ``model``.

    ``rng`` (an int >= 0 or a numpy Generator) seeds SALib's trajectories and its bootstrap;
    ``seed`` is its old, deprecated name.
    """
    import pandas as pd
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    seed = _sample_seed(rng, seed)
    problem = {"num_vars": len(names), "names": list(names), "bounds": [list(b) for b in bounds]}
    x = sample.sample(problem, n, num_levels=4, seed=seed)
    y = np.asarray(model(x), dtype=float).reshape(len(x), -1)
    rows = []
    for j in range(y.shape[1]):
        si = analyze.analyze(problem, x, y[:, j], conf_level=0.95, num_levels=4, seed=seed)
        for i, name in enumerate(names):
            rows.append(
                {
                    "output_index": j,
                    "input": name,
                    "mu_star": float(si["mu_star"][i]),
                    "mu_star_conf": float(si["mu_star_conf"][i]),
                    "sigma": float(si["sigma"][i]),
                }
            )
    return pd.DataFrame(rows)


class _Evaluator:
    """P(met) and mean deadline value of targets at many lever settings, in one simulation each."""

    def __init__(
        self,
        scenario: Scenario,
        targets: Sequence[str],
        inputs: Sequence[str],
        draws_per_point: int,
        rng: RngLike,
    ) -> None:
        self.scenario = scenario
        self.plan = scenario.load_plan()
        self.targets = [self.plan.target(t) for t in targets]
        self.inputs = list(inputs)
        self.draws = draws_per_point
        self.rng = rng
        self.points = 0
        """How many points (lever settings) have been evaluated."""

    def columns(self) -> list[tuple[str, str]]:
        return [(t.id, output) for t in self.targets for output in OUTPUTS]

    def target_draws(self, x: np.ndarray) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """Per target ``k``: its tested quantity (as :func:`ipsim.target_kinds.target_quantity`
        gives it, point after point) and its deadline value ``(points, draws)``, at the lever
        settings ``x`` (one simulation per indicator, the same random numbers at every point)."""
        points = len(x)
        levers = {name: np.repeat(x[:, i], self.draws) for i, name in enumerate(self.inputs)}
        for indicator in dict.fromkeys(t.indicator for t in self.targets):
            result = simulate(
                self.scenario,
                draws=points * self.draws,
                rng=self.rng,
                indicators=[indicator],
                levers=levers,
                repeat_noise=self.draws,
            )
            path = result.path(indicator)
            for k, t in enumerate(self.targets):
                if t.indicator != indicator:
                    continue
                reading = self.scenario.reading_of(t.id) if t.is_growth else None
                quantity = target_quantity(
                    t, path, result.years, self.plan.indicator(indicator), reading=reading
                )
                at_deadline = path[:, list(result.years).index(t.deadline)]
                yield k, quantity, at_deadline.reshape(points, self.draws)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        points = len(x)
        self.points += points
        out = np.empty((points, 2 * len(self.targets)))
        for k, quantity, at_deadline in self.target_draws(x):
            t = self.targets[k]
            out[:, 2 * k] = is_met(t, quantity).reshape(points, self.draws).mean(axis=1)
            out[:, 2 * k + 1] = at_deadline.mean(axis=1)
        return out


def sensitivity(
    scenario: Scenario,
    *,
    target: str | Sequence[str] | None = None,
    inputs: Sequence[str] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    method: Method = "sobol",
    n: int = 512,
    draws_per_point: int = 128,
    rng: RngLike = None,
    seed: Any = _UNSET,
) -> SensitivityResult:
    """Global sensitivity of P(met) and of the deadline value to the scenario's levers.

    Parameters
    ----------
    scenario : Scenario
    target : str or sequence of str, optional
        Target ids (default: every target).
    inputs : sequence of str, optional
        Lever names (default: every funding lever, plus the growth lever of each chosen
        target's indicator).
    bounds : mapping, optional
        Ranges per input (default: :func:`default_range`).
    method : {"sobol", "morris"}
        Saltelli/Sobol first-order and total indices, or Morris elementary effects.
    n : int
        SALib's base sample size (Sobol: ``n * (k + 2)`` points; Morris: ``n`` trajectories).
    draws_per_point : int
        Draws behind each point's P(met) (the same random numbers at every point).
    rng : int, numpy.random.SeedSequence or numpy.random.Generator, optional
        Seed of the simulation (default: the scenario's), as for :func:`ipsim.simulate`. The
        SALib sample and its bootstrap are a fixed design (seed 0): the same points every run.
    seed : int, deprecated
        The seed of SALib's design; deprecated (it goes in the next release, and the design
        stays the one of seed 0).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> result = sensitivity(load_scenario("baseline"), target="invention_apps", n=64, draws_per_point=64)
    >>> table = result.indices.query("output == 'p_met'").set_index("input")
    >>> table["ST"].idxmax(), float(table.loc["funding.finance", "ST"])
    ('growth.invention_apps', 0.0)
    """
    one_of("method", method, ("sobol", "morris"))
    n = whole_number("n", n, low=1)
    draws_per_point = whole_number("draws_per_point", draws_per_point, low=1)
    design = 0
    if seed is not _UNSET:
        instead = "rng seeds the simulation, and the SALib design is the one of seed 0"
        design = _deprecated_seed(seed, instead, stacklevel=2)
    chosen, levers, ranges = _setup(scenario, target, inputs, bounds)
    _check_work(method, n, len(levers), draws_per_point)
    names = [lv.name for lv in levers]
    evaluate = _Evaluator(scenario, chosen, names, draws_per_point, rng)
    indices = sobol_indices if method == "sobol" else morris_indices
    table = indices(names, ranges, evaluate, n=n, rng=design)
    columns = evaluate.columns()
    table.insert(0, "target", [columns[j][0] for j in table["output_index"]])
    table.insert(1, "output", [columns[j][1] for j in table["output_index"]])
    tornado = _tornado(evaluate, levers, ranges, columns)
    return SensitivityResult(
        method=method,
        inputs=tuple(names),
        bounds=tuple((float(lo), float(hi)) for lo, hi in ranges),
        n=n,
        draws_per_point=draws_per_point,
        points=evaluate.points,
        indices=table.drop(columns="output_index"),
        tornado=tornado,
        names=reader_names(require_scenario(scenario), tuple(names)),
    )


def _check_work(method: Method, n: int, k: int, draws_per_point: int) -> None:
    """Refuse a run with ``k`` inputs that would simulate more draws than the cap."""
    points = n * (k + 2) if method == "sobol" else n * (k + 1)
    if points * draws_per_point > MAX_SIMULATED_DRAWS:
        largest = MAX_SIMULATED_DRAWS // (draws_per_point * (k + 2 if method == "sobol" else k + 1))
        msg = (
            f"n: {n:,} with {k} input{'s' if k != 1 else ''} means {points:,} points x "
            f"{draws_per_point:,} draws per point = {points * draws_per_point:,} simulated draws "
            f"per indicator; at most {MAX_SIMULATED_DRAWS:,} are run, so n <= {largest:,} "
            f"with these inputs and draws_per_point (the default n is 512)"
        )
        raise ArgumentError(msg)


def _setup(
    scenario: Scenario,
    target: str | Sequence[str] | None,
    inputs: Sequence[str] | None,
    bounds: Mapping[str, tuple[float, float]] | None,
) -> tuple[list[str], list[Lever], list[tuple[float, float]]]:
    """The targets, the levers and their ranges of a sensitivity run.

    Targets asked for by name must be modelled and have a threshold; without ``target`` the
    targets that cannot be assessed (unmodelled, no threshold) are left out.
    """
    scenario = require_scenario(scenario)
    chosen = _targets(scenario, target)
    if not chosen:
        msg = f"scenario {scenario.name!r}: no target with a threshold is modelled; nothing to analyse"
        raise ArgumentError(msg)
    levers = [lever(name, scenario) for name in _inputs(scenario, chosen, inputs)]
    return chosen, levers, _ranges(levers, bounds)


def _targets(scenario: Scenario, target: str | Sequence[str] | None) -> list[str]:
    """The ids of the targets analysed (every assessable one when ``target`` is None)."""
    plan = scenario.load_plan()
    if target is None:
        return [
            t.id for t in plan.targets if t.indicator in scenario.indicators and t.has_threshold
        ]
    if isinstance(target, str):
        chosen = [target]
    elif isinstance(target, Sequence) and target:
        chosen = list(dict.fromkeys(target))
    else:
        msg = f"target: expected a target id or a list of them, got {shown(target)}"
        raise ArgumentError(msg)
    for ident in chosen:
        _check_target(scenario, ident)
    return chosen


def _check_target(scenario: Scenario, ident: Any) -> None:
    """Refuse a target that is not an id, is not modelled, or has no threshold."""
    if not isinstance(ident, str):
        msg = f"target: expected a target id, got {shown(ident)}"
        raise ArgumentError(msg)
    found = scenario.load_plan().target(ident)  # a clear error for an unknown id
    if found.indicator not in scenario.indicators:
        reason = scenario.unmodelled.get(found.indicator, "")
        msg = (
            f"target {ident!r}: its indicator {found.indicator!r} is not modelled in "
            f"scenario {scenario.name!r}"
            + (f" ({reason})" if reason else "")
            + "; nothing to analyse"
        )
        raise ArgumentError(msg)
    if not found.has_threshold:
        msg = (
            f"target {ident!r} has no published threshold (the plan states a direction "
            "only), so it has no P(met) to analyse; choose a target with a threshold"
        )
        raise ArgumentError(msg)


def _inputs(scenario: Scenario, chosen: list[str], inputs: Sequence[str] | None) -> list[str]:
    """The lever names varied: ``inputs`` checked, or every funding lever and the targets' trends."""
    if inputs is None:
        plan, available = scenario.load_plan(), levers_of(scenario)
        names = [name for name in available if name.startswith("funding.")]
        trends = [f"growth.{plan.target(t).indicator}" for t in chosen]
        return list(dict.fromkeys(names + [name for name in trends if name in available]))
    if isinstance(inputs, str) or not isinstance(inputs, Sequence):
        msg = f"inputs: expected a list of lever names, got {shown(inputs)}"
        raise ArgumentError(msg)
    twice = sorted({name for name in inputs if list(inputs).count(name) > 1}, key=str)
    if twice:
        msg = f"inputs: each lever once; given more than once: {', '.join(map(repr, twice))}"
        raise ArgumentError(msg)
    if not inputs:
        msg = "inputs: expected at least one lever name, got an empty list"
        raise ArgumentError(msg)
    return list(inputs)


def _ranges(
    levers: list[Lever], bounds: Mapping[str, tuple[float, float]] | None
) -> list[tuple[float, float]]:
    """Each lever's range: the one given in ``bounds`` (checked) or :func:`default_range`."""
    ranges: list[tuple[float, float]] = []
    for lv in levers:
        given = (bounds or {}).get(lv.name)
        if given is None:
            lo, hi = default_range(lv)
        elif isinstance(given, str) or not isinstance(given, Sequence) or len(given) != 2:
            msg = f"bounds[{lv.name!r}]: expected a pair (low, high), got {shown(given)}"
            raise ArgumentError(msg)
        else:
            lo = real_number(f"bounds[{lv.name!r}] low", given[0])
            hi = real_number(f"bounds[{lv.name!r}] high", given[1])
        ranges.append((float(lo), float(hi)))
    for lv, (lo, hi) in zip(levers, ranges, strict=True):
        if not lo < hi:
            msg = f"input {lv.name!r}: the range must be increasing, got {(lo, hi)!r}"
            raise ArgumentError(msg)
    return ranges


def one_at_a_time(
    scenario: Scenario,
    *,
    target: str | Sequence[str] | None = None,
    inputs: Sequence[str] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    draws_per_point: int = 256,
    rng: RngLike = None,
) -> pd.DataFrame:
    """Only the tornado: each input at the low and high end of its range, the others as they are.

    A quick look (``2 k + 1`` points per indicator) for briefings and dashboards; the same table
    as :attr:`SensitivityResult.tornado`.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> table = one_at_a_time(load_scenario("baseline"), target="invention_apps", draws_per_point=128)
    >>> table.query("output == 'p_met'").sort_values("swing").iloc[-1]["input"]
    'growth.invention_apps'
    """
    draws_per_point = whole_number("draws_per_point", draws_per_point, low=1)
    chosen, levers, ranges = _setup(scenario, target, inputs, bounds)
    evaluate = _Evaluator(scenario, chosen, [lv.name for lv in levers], draws_per_point, rng)
    return _tornado(evaluate, levers, ranges, evaluate.columns())


def _tornado(
    evaluate: _Evaluator,
    levers: Sequence[Lever],
    ranges: Sequence[tuple[float, float]],
    columns: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """One input at a time at its low and high end, the others at their current values."""
    import pandas as pd

    base = np.array([lv.current for lv in levers])
    x = np.tile(base, (2 * len(levers) + 1, 1))
    for i, (lo, hi) in enumerate(ranges):
        x[1 + 2 * i, i], x[2 + 2 * i, i] = lo, hi
    y = evaluate(x)
    rows = []
    for j, (target, output) in enumerate(columns):
        for i, lv in enumerate(levers):
            at_low, at_high = y[1 + 2 * i, j], y[2 + 2 * i, j]
            rows.append(
                {
                    "target": target,
                    "output": output,
                    "input": lv.name,
                    "low": ranges[i][0],
                    "high": ranges[i][1],
                    "at_low": float(at_low),
                    "at_high": float(at_high),
                    "base": float(y[0, j]),
                    "swing": float(abs(at_high - at_low)),
                }
            )
    return pd.DataFrame(rows)
