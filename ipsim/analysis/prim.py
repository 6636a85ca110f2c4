"""Scenario discovery with PRIM: under which inputs does the outcome happen ("when do we miss?").

The patient rule induction method (Friedman and Fisher 1999, "Bump hunting in high-dimensional
data", Statistics and Computing 9:123-143), as scenario discovery uses it (Bryant and Lempert
2010, "Thinking inside the box", Technological Forecasting and Social Change 77:34-49), written
after EMA Workbench's ``ema_workbench/analysis/prim.py`` (BSD-3; read at commit 819a4b6, not
imported) and with its defaults.

Input: a table ``x`` of numeric inputs, one row per case (a draw's sampled inputs, or an
ensemble's design), and a boolean outcome ``y`` per case (True: a "case of interest", a miss).
A box is a set of limits ``lower <= x_j <= upper``; its **coverage** is the share of all cases
of interest that fall inside, its **density** the share of cases inside that are of interest,
its **mass** the share of all cases inside.

1. **Peeling.** Start from the box holding every case (each column's minimum and maximum). At
   each step, for every column, try removing the ``peel_alpha`` (0.05) share of the cases inside
   with the lowest values, and the share with the highest; keep the peel with the best gain in
   density per case removed (EMA Workbench's default objective "lenient1": ``(density_new -
   density_old) / (n_old - n_new)``; on a tie, the peel that leaves more columns unrestricted).
   Stop when the best peel would leave less than ``mass_min`` (0.05) of all cases, or gains
   nothing. The boxes in order are the **peeling trajectory** (:meth:`PrimResult.trajectory`).
   A limit sits halfway between the last value removed and the first value kept, as in EMA
   Workbench, so tied values are removed or kept together.
2. **Choice.** The chosen box is the step with the largest coverage among those whose density is
   at least ``threshold`` (0.8); on equal coverage, the earlier step. If no step reaches the
   threshold, the chosen box is step 0, the whole space, and :attr:`PrimResult.found` is False:
   no box is claimed (this is what a case without structure gives). ``step=`` picks a step by
   hand instead.
3. **Pasting** (``paste=True``, as in EMA Workbench): the chosen box is widened again, one limit
   at a time, by the ``paste_alpha`` share of the cases just outside it, while that raises its
   density (best gain per case added first).
4. **Significance** of each limit of the chosen box: drop that one limit, count the cases and
   cases of interest in the looser box, and test whether the box's density is above the looser
   box's (one-sided binomial test, as EMA Workbench's quasi-p-values; or ``test=
   "hypergeometric"``, exact for drawing the box's cases from the looser box's without
   replacement). A large quasi-p-value (above 0.05, say) says the limit adds little.
5. **Stability** (``bootstrap=B``): the data are resampled with replacement B times and the whole
   procedure rerun (same settings, same choice rule); the share of runs in which each column is
   restricted (:attr:`PrimResult.stability`).

Only the first box is sought (EMA Workbench's ``find_box`` once); a second box over the cases
outside the first is not.

Examples
--------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(1)
>>> x = pd.DataFrame(rng.uniform(size=(2000, 3)), columns=["a", "b", "c"])
>>> y = (x["a"] < 0.3) & (x["b"] > 0.6)
>>> found = prim(x, y, threshold=0.95)
>>> found.found, found.restricted
(True, ('a', 'b'))
>>> print(found.thresholds_text("en"))
a below 0.306 and b above 0.599: 100% of misses, 98% of cases inside miss
>>> print(prim(x, y).thresholds_text("en"))  # the default threshold 0.8: a wider box
a below 0.306 and b above 0.534: 100% of misses, 83% of cases inside miss
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ipsim._args import one_of, real_number, whole_number
from ipsim._outputs import plain
from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, label
from ipsim.results import Result

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.analysis.cart import Agreement, CartResult

Test = Literal["binomial", "hypergeometric"]


@dataclass(frozen=True)
class PrimSettings:
    """The settings of one PRIM run (EMA Workbench's defaults)."""

    peel_alpha: float = 0.05
    paste_alpha: float = 0.05
    mass_min: float = 0.05
    threshold: float = 0.8
    paste: bool = True
    test: Test = "binomial"


@dataclass(frozen=True)
class _Trajectory:
    """The peeling trajectory: limits ``(steps, 2, columns)``, cases and hits inside per step."""

    limits: np.ndarray
    n: np.ndarray
    k: np.ndarray


# --- peeling -------------------------------------------------------------------------------


def _peel_candidates(inside_x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """The cases each peel keeps, ``(2, cases, columns)`` (lower, upper), and the new limits
    ``(2, columns)``: halfway between the last value removed and the first kept."""
    m = inside_x.shape[0]
    low_at, high_at = math.floor((m - 1) * alpha), math.ceil((m - 1) * (1 - alpha))
    order = np.partition(inside_x, sorted({low_at, high_at}), axis=0)
    cut_low, cut_high = order[low_at], order[high_at]
    keep = np.stack([inside_x > cut_low, inside_x < cut_high])
    with np.errstate(invalid="ignore"):
        first_kept = np.where(keep[0], inside_x, np.inf).min(axis=0)
        last_kept = np.where(keep[1], inside_x, -np.inf).max(axis=0)
    limits = np.stack([(cut_low + first_kept) / 2, (cut_high + last_kept) / 2])
    return keep, limits


def _peel_once(
    limits: np.ndarray, init: np.ndarray, inside_x: np.ndarray, inside_y: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """The best peel of a box: its new limits, the cases it keeps, and its objective (None when
    no peel removes anything)."""
    keep, new_limits = _peel_candidates(inside_x, alpha)
    n_old, k_old = inside_x.shape[0], int(inside_y.sum())
    n_new = keep.sum(axis=1)
    k_new = (keep & inside_y[None, :, None]).sum(axis=1)
    usable = (n_new > 0) & (n_new < n_old)
    if not usable.any():
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = (k_new / n_new - k_old / n_old) / (n_old - n_new)
    gain = np.where(usable, gain, -np.inf)
    restricted = (limits != init).any(axis=0)
    free_after = np.broadcast_to((~restricted).sum() - (~restricted), gain.shape)
    best = np.lexsort((free_after.ravel(), gain.ravel()))[-1]
    side, column = divmod(int(best), limits.shape[1])
    peeled = limits.copy()
    peeled[side, column] = new_limits[side, column]
    return peeled, keep[side, :, column], float(gain.ravel()[best])


def _peel(x: np.ndarray, y: np.ndarray, settings: PrimSettings) -> _Trajectory:
    """The peeling trajectory from the box around every case."""
    limits = np.stack([x.min(axis=0), x.max(axis=0)])
    init, index = limits, np.arange(x.shape[0])
    steps, counts, hits = [limits], [x.shape[0]], [int(y.sum())]
    while True:
        best = _peel_once(limits, init, x[index], y[index], settings.peel_alpha)
        if best is None:
            break
        peeled, kept, gain = best
        if gain <= 0 or kept.sum() < settings.mass_min * x.shape[0]:
            break
        limits, index = peeled, index[kept]
        steps.append(limits)
        counts.append(index.size)
        hits.append(int(y[index].sum()))
    return _Trajectory(np.stack(steps), np.array(counts), np.array(hits))


def _choose(trajectory: _Trajectory, total_hits: int, threshold: float) -> int:
    """The step with the largest coverage among those with density >= threshold (0: none)."""
    density = trajectory.k / trajectory.n
    coverage = np.where(density >= threshold, trajectory.k, -1)
    return int(np.argmax(coverage)) if coverage.max() >= 0 and total_hits > 0 else 0


# --- pasting -------------------------------------------------------------------------------


def _inside(x: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Which cases lie in the box (limits included)."""
    return ((x >= limits[0]) & (x <= limits[1])).all(axis=1)


def _paste_candidates(
    x: np.ndarray, limits: np.ndarray, init: np.ndarray, alpha: float
) -> list[np.ndarray]:
    """Every box one paste wider: each restricted limit moved out by the ``alpha`` share of the
    cases just outside it (inside on every other column)."""
    outside = (x < limits[0]) | (x > limits[1])
    only_this = outside & (outside.sum(axis=1) == 1)[:, None]
    boxes = []
    for side, column in zip(*np.nonzero(limits != init), strict=True):
        beyond = only_this[:, column] & (
            (x[:, column] < limits[0, column]) if side == 0 else (x[:, column] > limits[1, column])
        )
        if not beyond.any():
            continue
        wider = limits.copy()
        wider[side, column] = np.quantile(x[beyond, column], 1 - alpha if side == 0 else alpha)
        boxes.append(wider)
    return boxes


def _paste(x: np.ndarray, y: np.ndarray, limits: np.ndarray, settings: PrimSettings) -> np.ndarray:
    """Widen the box, best gain in density per case added first, while the density rises."""
    init = np.stack([x.min(axis=0), x.max(axis=0)])
    while True:
        inside = _inside(x, limits)
        n_old, density_old = inside.sum(), y[inside].mean()
        best, best_gain = None, 0.0
        for wider in _paste_candidates(x, limits, init, settings.paste_alpha):
            more = _inside(x, wider)
            if more.sum() > n_old:
                gain = (y[more].mean() - density_old) / (more.sum() - n_old)
                best, best_gain = (wider, gain) if gain > best_gain else (best, best_gain)
        if best is None:
            return limits
        limits = best


# --- significance and stability ------------------------------------------------------------


def _quasi_p(
    x: np.ndarray, y: np.ndarray, limits: np.ndarray, init: np.ndarray, test: Test
) -> np.ndarray:
    """Each restricted limit's quasi-p-value, ``(2, columns)``, NaN where not restricted: is the
    box's density above the density of the box without that one limit?"""
    from scipy import stats

    below, above = x < limits[0], x > limits[1]
    fails = below.sum(axis=1) + above.sum(axis=1)
    inside, alone = fails == 0, fails == 1
    n_box, k_box = int(inside.sum()), int(y[inside].sum())
    failed_alone = np.stack([below & alone[:, None], above & alone[:, None]])
    n_loose = n_box + failed_alone.sum(axis=1)
    k_loose = k_box + (failed_alone & y[None, :, None]).sum(axis=1)
    if test == "binomial":  # P(Binomial(n_box, loose density) >= k_box), without scipy.stats
        from scipy import special

        p = special.bdtrc(k_box - 1, n_box, k_loose / n_loose)
    else:
        from scipy import stats

        p = stats.hypergeom.sf(k_box - 1, n_loose, k_loose, n_box)
    return np.where(limits != init, p, np.nan)


def _restricted_by_rerun(x: np.ndarray, y: np.ndarray, settings: PrimSettings) -> np.ndarray:
    """Which columns the box chosen on these data restricts (the whole procedure rerun)."""
    trajectory = _peel(x, y, settings)
    limits = trajectory.limits[_choose(trajectory, int(y.sum()), settings.threshold)]
    if settings.paste and not np.array_equal(limits, trajectory.limits[0]):
        limits = _paste(x, y, limits, settings)
    return (limits != trajectory.limits[0]).any(axis=0)


def _stability(
    x: np.ndarray, y: np.ndarray, settings: PrimSettings, times: int, rng: Any
) -> np.ndarray:
    """The share of ``times`` bootstrap resamples in which each column is restricted."""
    generator = np.random.default_rng(rng)
    draws = generator.integers(0, x.shape[0], size=(times, x.shape[0]))
    restricted = [_restricted_by_rerun(x[rows], y[rows], settings) for rows in draws]
    return np.mean(restricted, axis=0)


# --- the result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PrimResult(Result):
    """What PRIM found: the peeling trajectory, the chosen box, its limits' quasi-p-values and
    stability. Build it with :func:`prim`."""

    columns: tuple[str, ...]
    settings: PrimSettings
    trajectory_limits: np.ndarray
    trajectory_n: np.ndarray
    trajectory_k: np.ndarray
    step: int
    found: bool
    limits: np.ndarray
    """The chosen box's limits ``(2, columns)`` (after pasting), lower then upper."""
    initial: np.ndarray
    """The box around every case ``(2, columns)``: each column's minimum and maximum."""
    n: int
    k: int
    n_total: int
    k_total: int
    qp: np.ndarray
    """Each limit's quasi-p-value ``(2, columns)``, NaN where the box does not restrict."""
    stability: np.ndarray | None = None
    """Per column, the share of bootstrap reruns whose box restricts it (None: not asked)."""
    names: Mapping[str, tuple[str, str]] | None = None
    formats: Mapping[str, Callable[[float, Lang], str]] | None = None
    """Column -> how a limit reads in a language (default: 3 significant digits)."""
    cart: CartResult | None = None
    """A CART tree on the same cases, as a cross-check (:func:`ipsim.analysis.discover.discover`
    with ``cart=True``)."""
    agreement: Agreement | None = None
    """How far :attr:`cart` agrees with the chosen box."""
    target: str | None = None
    """The target whose misses were analysed, if known (charts name it in their titles)."""
    miss_below: float | None = None
    """Set when each case is an ensemble's scenario, of interest when its P(met) is below this
    (:func:`ipsim.analysis.discover.discover`): the thresholds then speak of scenarios."""
    title = "PRIM scenario discovery"

    @property
    def coverage(self) -> float:
        """The share of all cases of interest inside the chosen box."""
        return self.k / self.k_total if self.k_total else math.nan

    @property
    def density(self) -> float:
        """The share of cases inside the chosen box that are of interest."""
        return self.k / self.n

    @property
    def mass(self) -> float:
        """The share of all cases inside the chosen box."""
        return self.n / self.n_total

    @property
    def restricted(self) -> tuple[str, ...]:
        """The columns the chosen box restricts, in the table's order."""
        moved = (self.limits != self.initial).any(axis=0)
        return tuple(c for c, m in zip(self.columns, moved, strict=True) if m)

    def trajectory(self) -> pd.DataFrame:
        """The peeling trajectory: per step, coverage, density, mass, cases and cases of
        interest inside, and the number of restricted columns."""
        import pandas as pd

        n, k = self.trajectory_n, self.trajectory_k
        restricted = (self.trajectory_limits != self.trajectory_limits[0]).any(axis=1).sum(axis=1)
        return pd.DataFrame(
            {
                "step": np.arange(n.size),
                "coverage": k / self.k_total if self.k_total else np.nan,
                "density": k / n,
                "mass": n / self.n_total,
                "n": n,
                "k": k,
                "restricted_dims": restricted,
            }
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per input column: the chosen box's limits (NaN where not restricted), their
        quasi-p-values and the column's stability."""
        import pandas as pd

        moved = self.limits != self.initial
        stability = (
            self.stability if self.stability is not None else np.full(len(self.columns), np.nan)
        )
        return pd.DataFrame(
            {
                "column": list(self.columns),
                "restricted": moved.any(axis=0),
                "lower": np.where(moved[0], self.limits[0], np.nan),
                "upper": np.where(moved[1], self.limits[1], np.nan),
                "qp_lower": self.qp[0],
                "qp_upper": self.qp[1],
                "stability": stability,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """The result in JSON types: settings, the chosen box and its statistics, its limits,
        and the trajectory."""
        return plain(
            {
                "settings": vars(self.settings),
                "step": self.step,
                "found": self.found,
                "box": {
                    "coverage": self.coverage,
                    "density": self.density,
                    "mass": self.mass,
                    "n": self.n,
                    "k": self.k,
                },
                "limits": self.to_frame().to_dict("records"),
                "trajectory": self.trajectory().to_dict("records"),
                **self._cross_check(),
            }
        )

    def _cross_check(self) -> dict[str, Any]:
        """The CART cross-check in JSON types, with its rules and verdict in both languages."""
        if self.cart is None or self.agreement is None:
            return {}
        rules = {lang: self.cart.rules_text(lang) for lang in ("en", "zh")}
        verdict = {lang: self.agreement.verdict(lang) for lang in ("en", "zh")}
        return {
            "cart": {
                **self.cart.to_dict(),
                "rules": rules,
                "agreement": {**self.agreement.to_dict(), "verdict": verdict},
            }
        }

    def _condition(self, j: int, lang: Lang) -> str:
        low, high = (
            value if moved else None
            for value, moved in zip(
                self.limits[:, j], self.limits[:, j] != self.initial[:, j], strict=True
            )
        )
        return condition_text(self.columns[j], low, high, lang, self.names, self.formats)

    def no_box_text(self, lang: Lang = "en") -> str:
        """Why there is no box: the share of all cases of interest already reaches the density
        wanted, or no step of peeling does."""
        threshold, base = self.settings.threshold, self.k_total / self.n_total
        if base >= threshold:
            return label("prim.no_box_base", lang, base=f"{base:.0%}", threshold=f"{threshold:.0%}")
        return label("prim.no_box", lang, threshold=f"{threshold:.0%}")

    def thresholds_text(self, lang: Lang = "en") -> str:
        """The chosen box as plain thresholds, with the share of cases of interest it holds and
        the share of cases inside that are of interest (``lang`` "en" or "zh")."""
        if not self.found:
            return self.no_box_text(lang)
        columns = [self.columns.index(c) for c in self.restricted]
        conditions = label("prim.and", lang).join(self._condition(j, lang) for j in columns)
        shares = {"coverage": f"{self.coverage:.0%}", "density": f"{self.density:.0%}"}
        if self.miss_below is not None:
            below = f"{self.miss_below:.0%}"
            return label("prim.box_scenarios", lang, conditions=conditions, below=below, **shares)
        return label("prim.box", lang, conditions=conditions, **shares)

    def _summary(self) -> str:
        return self.thresholds_text("en")


def condition_text(
    column: str,
    low: float | None,
    high: float | None,
    lang: Lang,
    names: Mapping[str, tuple[str, str]] | None = None,
    formats: Mapping[str, Callable[[float, Lang], str]] | None = None,
) -> str:
    """One limit of a box as a reader says it: "<name> below <high>", "above <low>" or
    "between <low> and <high>" (None: that side not restricted), the column named by
    ``names`` and its values written by ``formats`` (default: 3 significant digits).

    Examples
    --------
    >>> condition_text("a", None, 0.25, "en")
    'a below 0.25'
    >>> condition_text("a", 0.1, 0.25, "zh", names={"a": ("growth", "增长率")})
    '增长率介于0.1与0.25之间'
    """
    pair = (names or {}).get(column)
    name = column if pair is None else pair[0 if lang == "en" else 1]
    shown_as = (formats or {}).get(column)

    def value(v: float) -> str:
        return f"{v:.3g}" if shown_as is None else shown_as(float(v), lang)

    if low is not None and high is not None:
        return label("prim.between", lang, name=name, low=value(low), high=value(high))
    if low is not None:
        return label("prim.above", lang, name=name, value=value(low))
    return label("prim.below", lang, name=name, value=value(float(high)))  # type: ignore[arg-type]


# --- the entry point -----------------------------------------------------------------------


def case_arrays(
    x: Any, outcome: Any, *, name: str = "y", min_rows: int = 2
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The column names, the inputs as floats ``(cases, columns)`` and the outcome as booleans,
    checked as scenario discovery needs them (PRIM here, CART in :mod:`ipsim.analysis.cart`);
    ``name`` is the outcome's argument in messages.

    Examples
    --------
    >>> import pandas as pd
    >>> case_arrays(pd.DataFrame({"a": [1, 2]}), np.array([True, False]))[1].tolist()
    [[1.0], [2.0]]
    """
    import pandas as pd

    if not isinstance(x, pd.DataFrame) or x.shape[0] < min_rows or x.shape[1] == 0:
        what = f"{x.shape[0]} rows x {x.shape[1]} columns" if isinstance(x, pd.DataFrame) else ""
        msg = (
            "x: expected a DataFrame of numeric inputs with rows and columns, "
            f"got {what or type(x).__name__}"
        )
        raise ArgumentError(msg)
    wrong = [c for c in x.columns if x[c].dtype.kind not in "iuf"]
    if wrong:
        msg = f"x: every column must be numeric; not numeric: {', '.join(map(str, wrong))}"
        raise ArgumentError(msg)
    values = x.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise ArgumentError("x: every value must be a finite number (no NaN or infinity)")
    cases = np.asarray(outcome)
    if cases.shape != (x.shape[0],) or cases.dtype != bool:
        msg = (
            f"{name}: expected one boolean per row of x ({x.shape[0]:,}), "
            f"got {cases.dtype} {cases.shape}"
        )
        raise ArgumentError(msg)
    return tuple(str(c) for c in x.columns), values, cases


def _settings(**given: Any) -> PrimSettings:
    """Checked settings."""
    for name in ("peel_alpha", "paste_alpha", "mass_min"):
        real_number(name, given[name], low=0, high=0.5, open_low=True, open_high=True)
    real_number("threshold", given["threshold"], low=0, high=1)
    one_of("paste", given["paste"], (True, False))
    one_of("test", given["test"], ("binomial", "hypergeometric"))
    return PrimSettings(**given)


def prim(
    x: pd.DataFrame,
    y: Any,
    *,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    threshold: float = 0.8,
    paste: bool = True,
    test: Test = "binomial",
    step: int | None = None,
    bootstrap: int = 0,
    rng: Any = None,
    names: Mapping[str, tuple[str, str]] | None = None,
    formats: Mapping[str, Callable[[float, Lang], str]] | None = None,
) -> PrimResult:
    """Find the box of inputs where the outcome concentrates (PRIM; see the module's text).

    Parameters
    ----------
    x : DataFrame
        Numeric inputs, one row per case.
    y : array of bool
        The outcome per case; True marks a case of interest (a miss).
    peel_alpha, paste_alpha, mass_min, threshold
        The share peeled per step, pasted per step, the smallest box (share of all cases), and
        the density the chosen box must reach.
    paste : bool
        Widen the chosen box again while that raises its density.
    test : {"binomial", "hypergeometric"}
        The one-sided test behind each limit's quasi-p-value.
    step : int, optional
        Choose this step of the trajectory instead of the rule.
    bootstrap : int
        How many resamples measure each column's stability (0: none).
    rng
        Seed or generator for the resamples.
    names : mapping, optional
        Column -> (English, Chinese) names for :meth:`PrimResult.thresholds_text`, such as
        :func:`ipsim.levers.reader_names` gives.
    formats : mapping, optional
        Column -> a function of a limit and a language ("en" or "zh") giving the limit as text
        with its unit, such as "18.9 %/yr"; a column not given reads with 3 significant digits.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(3)
    >>> x = pd.DataFrame(rng.uniform(size=(1000, 2)), columns=["growth", "funding"])
    >>> names = {"growth": ("invention growth", "invention growth")}
    >>> found = prim(x, x["growth"].to_numpy() < 0.2, threshold=0.95, names=names)
    >>> print(found.thresholds_text("en"))
    invention growth below 0.202: 100% of misses, 100% of cases inside miss
    >>> int(found.trajectory()["restricted_dims"].max())
    1
    """
    columns, values, outcome = case_arrays(x, y)
    settings = _settings(
        peel_alpha=peel_alpha,
        paste_alpha=paste_alpha,
        mass_min=mass_min,
        threshold=threshold,
        paste=paste,
        test=test,
    )
    trajectory = _peel(values, outcome, settings)
    last = trajectory.n.size - 1
    chosen = (
        _choose(trajectory, int(outcome.sum()), threshold)
        if step is None
        else whole_number("step", step, low=0, high=last)
    )
    init, limits = trajectory.limits[0], trajectory.limits[chosen]
    found = bool(chosen > 0)
    if paste and found:
        limits = _paste(values, outcome, limits, settings)
    inside = _inside(values, limits)
    times = whole_number("bootstrap", bootstrap, low=0)
    return PrimResult(
        columns=columns,
        settings=settings,
        trajectory_limits=trajectory.limits,
        trajectory_n=trajectory.n,
        trajectory_k=trajectory.k,
        step=chosen,
        found=found,
        limits=limits,
        initial=init,
        n=int(inside.sum()),
        k=int(outcome[inside].sum()),
        n_total=values.shape[0],
        k_total=int(outcome.sum()),
        qp=_quasi_p(values, outcome, limits, init, test),
        stability=_stability(values, outcome, settings, times, rng) if times else None,
        names=names,
        formats=formats,
    )
