"""Rolling-origin backtest over the bundled reference series: is the method calibrated?

For every reference series with at least ``min_figures`` full-year figures (one scope, one
family, one definition; :func:`ipsim.reference.reference_series`), and every origin year ``Y``
at which a new figure of it had been published:

1. take the series' own figures published by the end of ``Y`` (at least two) and the pooled
   prior of its family from the other scopes' figures published by ``Y``
   (:func:`ipsim.analysis.pooling.drift_prior`, the series' own scope left out);
2. fit a random walk with drift on the log of the figures
   (:func:`ipsim.analysis.calibrate.fit_walk`, the class volatility worth two increments as the
   prior volatility), shrink its drift toward the prior (:func:`~ipsim.analysis.pooling.shrink`;
   without a prior the fit's own t is used);
3. forecast every later figure of the series, ``h`` years after the last one used, with the
   damped local trend of :func:`ipsim.analysis.pooling.damping` (``phi`` and the drift-change
   sd learnt from every other reference series published by ``Y``): draws of
   ``x_last + c_h * drift + sqrt(h) * sigma * z1 + q * sqrt(D_h) * z2``, the drift from its
   posterior and the volatility from its scaled inverse chi-square posterior (so a short series
   has heavy tails); ``damped=False`` gives the plain random walk with drift, for comparison;
4. score each: inside the central 50 % and 90 % intervals, the PIT value, and the CRPS of the log
   forecast (a relative error, comparable between series of any size), against a naive random
   walk: no drift, the last figure, the root-mean-square of the series' own yearly increments as
   its volatility.

Coverage should be near 50 % and 90 %, the PIT histogram flat, and the CRPS skill
``1 - CRPS / CRPS_naive`` (of the mean CRPS) above 0.

Measured on the bundled table (131 figures of 25 series, origins 2011-2020, 4,000 draws, seed
2017): damped, the 50 % intervals cover 53 % and the 90 % intervals 86 %, CRPS skill +0.50;
undamped, 40.5 %, 80.2 % and +0.43. The forecast median is still above the figure 74 % of the time
(77 % undamped): the slowdown after 2016 was not in what had been published at the early
origins, which hold most of the scored figures.

``vintage="published"`` (the default) uses a figure only from the end of the year its source was
published; a figure we hold only from a later compilation (a 2022 yearbook) cannot be used
before, however early its first release came out. ``vintage="first_release"`` takes each figure
as known by the end of the year after its own (the usual release lag of annual IP counts), up to
revisions: more origins, a small look-ahead.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from ipsim._outputs import plain
from ipsim._styled import Table
from ipsim.errors import ArgumentError
from ipsim.i18n import LABELS, Lang, label
from ipsim.results import Result, caption

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from ipsim.analysis.pooling import DriftPrior
    from ipsim.reference import Series

Vintage = Literal["published", "first_release"]
LEVELS = (0.5, 0.9)
PIT_BINS = 10
MIN_FIGURES = 4


@dataclass(frozen=True, eq=False)
class RollingBacktestResult(Result):
    """Scores of every (series, origin, later figure) of the rolling-origin backtest.

    ``points`` has one row per scored figure; ``families`` one row per family (and ``overall``
    the same over all), with the coverage of the 50 % and 90 % intervals, the mean CRPS of the
    method and of the naive random walk, the skill, and the PIT histogram; ``skipped`` says which
    series or origins could not be scored and why.
    """

    points: pd.DataFrame = field(repr=False)
    families: pd.DataFrame = field(repr=False)
    overall: dict[str, Any]
    settings: dict[str, Any]
    skipped: tuple[str, ...] = ()

    title = "Rolling-origin backtest"

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return one row per scored figure (a copy of :attr:`points`); with ``styled=True``
        the scores a notebook shows, one row per family and one for all (:meth:`summary`:
        the points are hundreds), in ``lang``."""
        if styled:
            return self._styler(lang)
        return self.points.copy()

    def _table(self, lang: Lang) -> Table:
        summary = self.summary()
        shown = summary[list(_SUMMARY)].copy()
        shown["family"] = [_family_name(f, lang) for f in summary["family"]]
        shown = shown.rename(columns={k: label(v, lang) for k, v in _SUMMARY.items()})
        kinds = {label(v, lang): _SUMMARY_KINDS.get(k, "number") for k, v in _SUMMARY.items()}
        kinds.pop(label("rolling.col_family", lang))
        return Table(shown, kinds=kinds)

    def _caption(self, lang: Lang) -> str:
        draws = self.settings.get("draws")
        return caption(label("styled.what_rolling", lang), lang, draws=draws)

    def summary(self) -> pd.DataFrame:
        """Return one row per family, then one for all of them (``family`` = ``"all"``)."""
        import pandas as pd

        return pd.concat([self.families, pd.DataFrame([self.overall])], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``ipsim backtest --rolling --format json``."""
        return {
            "settings": dict(self.settings),
            "overall": plain(dict(self.overall)),
            "families": plain(self.families.to_dict("records")),
            "points": plain(self.points.to_dict("records")),
            "skipped": list(self.skipped),
        }

    def _summary(self) -> str:
        o = self.overall
        return (
            f"{o['points']} figures of {o['series']} series: 50 % interval covers"
            f" {o['coverage_50']:.0%}, 90 % covers {o['coverage_90']:.0%},"
            f" CRPS skill vs a random walk {o['skill']:+.2f}"
        )


_SUMMARY = {
    "family": "rolling.col_family",
    "series": "rolling.col_series",
    "points": "rolling.col_points",
    "coverage_50": "rolling.col_cover50",
    "coverage_90": "rolling.col_cover90",
    "crps": "rolling.col_crps",
    "crps_naive": "rolling.col_crps_naive",
    "skill": "rolling.col_skill",
}
"""The columns of the styled summary and their headings."""
_SUMMARY_KINDS = {"series": "count", "points": "count", "coverage_50": "percent"}
_SUMMARY_KINDS |= {"coverage_90": "percent", "skill": "index"}


def _family_name(family: str, lang: Lang) -> str:
    """A family's name in ``lang`` (``all`` for the row over every family; the id unlabelled)."""
    key = "rolling.all" if family == "all" else f"rolling.family.{family}"
    return label(key, lang) if key in LABELS else family


def rolling_backtest(
    *,
    families: list[str] | None = None,
    min_figures: int = MIN_FIGURES,
    draws: int = 4_000,
    rng: int = 2017,
    vintage: Vintage = "published",
    window: int | None = None,
    pool: bool = True,
    damped: bool = True,
) -> RollingBacktestResult:
    """Run the rolling-origin backtest over the bundled reference series.

    Parameters
    ----------
    families : list of str, optional
        Only these families (default: every family with a series of ``min_figures`` figures).
    min_figures : int
        Full-year figures a series needs to take part (4).
    draws : int
        Predictive draws per origin.
    rng : int
        Seed; each series takes its own stream, so the result does not depend on the order.
    vintage : {"published", "first_release"}
        When a figure counts as known (see the module docstring).
    window : int, optional
        Passed to :func:`ipsim.analysis.pooling.drift_prior` (default: its own).
    pool : bool
        Shrink toward the reference class (``False``: each series' own fit alone, for comparison).
    damped : bool
        Damp the drift and let it wander (:func:`ipsim.analysis.pooling.damping`); ``False``:
        the undamped random walk with drift, for comparison.

    Examples
    --------
    >>> result = rolling_backtest(families=["patents_per_10k"], draws=500)
    >>> sorted(result.families.columns)[:4]
    ['coverage_50', 'coverage_50_naive', 'coverage_90', 'coverage_90_naive']
    >>> int(result.overall["points"]) == len(result.to_frame())
    True
    """
    import pandas as pd

    _check(families, min_figures, draws, vintage)
    candidates = _candidates(families, min_figures)
    seeds = np.random.SeedSequence(rng).spawn(len(candidates))
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    for series, seed in zip(candidates, seeds, strict=True):
        scored, why = _score_series(
            series, np.random.default_rng(seed), draws, vintage, window, (pool, damped)
        )
        rows.extend(scored)
        skipped.extend(why)
    points = pd.DataFrame(rows, columns=_POINT_COLUMNS)
    by_family = [
        _summarise(group, str(name)) for name, group in points.groupby("family", sort=True)
    ]
    settings = {
        "min_figures": min_figures,
        "draws": draws,
        "seed": rng,
        "vintage": vintage,
        "window": window,
        "pool": pool,
        "damped": damped,
        "crps_scale": "log",
        "years": _years_covered(candidates, points),
    }
    return RollingBacktestResult(
        points=points,
        families=pd.DataFrame(by_family, columns=_SUMMARY_COLUMNS),
        overall=_summarise(points, "all"),
        settings=settings,
        skipped=tuple(skipped),
    )


def _years_covered(candidates: list[Series], points: pd.DataFrame) -> list[int]:
    """First year of a scored series' figures and last year scored (``[]`` when none)."""
    if points.empty:
        return []
    scored = set(zip(points["family"], points["scope"], points["definition"], strict=True))
    first = min(s.years[0] for s in candidates if (s.family, s.scope, s.definition) in scored)
    return [int(first), int(points["year"].max())]


def _check(families: list[str] | None, min_figures: int, draws: int, vintage: str) -> None:
    from ipsim.reference import load_reference
    from ipsim.schema.checker import quote_choices, suggestion

    if vintage not in ("published", "first_release"):
        msg = f"vintage must be 'published' or 'first_release', got {vintage!r}"
        raise ArgumentError(msg)
    if min_figures < 3 or draws < 10:
        msg = f"need min_figures >= 3 and draws >= 10, got {min_figures} and {draws}"
        raise ArgumentError(msg)
    known = sorted(set(load_reference()["family"]))
    for family in families or []:
        if family not in known:
            msg = f"no reference family {family!r}; expected one of {quote_choices(known)}"
            raise ArgumentError(msg + suggestion(family, known))


def _candidates(families: list[str] | None, min_figures: int) -> list[Series]:
    """Every series of the chosen families with ``min_figures`` positive figures."""
    from ipsim.reference import load_reference, reference_series

    names = families or sorted(set(load_reference()["family"]))
    return [
        one
        for name in names
        for one in reference_series(name)
        if len(one.years) >= min_figures and min(one.values) > 0
    ]


def _known_by(series: Series, vintage: Vintage) -> np.ndarray:
    """The year by whose end each figure of the series counts as known."""
    published = np.array([int(stamp[:4]) for stamp in series.published])
    if vintage == "first_release":
        return np.minimum(published, np.asarray(series.years) + 1)
    return published


def _origins(series: Series, known_by: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Each origin year at which a new figure became known, with the figures known then."""
    years = np.asarray(series.years)
    origins = []
    for origin in sorted(set(known_by.tolist())):
        known = known_by <= origin
        if known.sum() >= 2 and np.any(years > years[known].max()):
            origins.append((int(origin), known))
    return origins


_POINT_COLUMNS = [
    "family",
    "scope",
    "definition",
    "origin",
    "last_year",
    "year",
    "horizon",
    "n_figures",
    "pooled",
    "phi",
    "drift_change_sd",
    "actual",
    "median",
    "lo90",
    "lo50",
    "hi50",
    "hi90",
    "in50",
    "in90",
    "pit",
    "crps",
    "crps_naive",
    "in50_naive",
    "in90_naive",
]


def _score_series(
    series: Series,
    gen: np.random.Generator,
    draws: int,
    vintage: Vintage,
    window: int | None,
    options: tuple[bool, bool],
) -> tuple[list[dict[str, Any]], list[str]]:
    """Score every origin of one series."""
    known_by = _known_by(series, vintage)
    origins = _origins(series, known_by)
    name = f"{series.family} / {series.scope}"
    if not origins:
        return [], [f"{name}: never two figures known before a later one"]
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    pool, damped = options
    for origin, known in origins:
        prior = _prior(series.family, origin, series.scope, window) if pool else None
        phi = _phi(origin, f"{series.family}/{series.scope}") if damped else (1.0, 0.0)
        try:
            rows.extend(_score_origin(series, origin, known, (prior, phi), gen, draws))
        except _UnscorableError as err:
            skipped.append(f"{name}, origin {origin}: {err}")
    return rows, skipped


class _UnscorableError(Exception):
    """An origin whose forecast cannot be made (said in ``skipped``)."""


@functools.lru_cache(maxsize=512)
def _prior(family: str, origin: int, scope: str, window: int | None) -> DriftPrior | None:
    from ipsim.analysis.pooling import DEFAULT_WINDOW, drift_prior

    return drift_prior(
        family,
        published_by=origin,
        exclude_scope=scope,
        window=DEFAULT_WINDOW if window is None else window,
    )


@functools.lru_cache(maxsize=1024)
def _phi(origin: int, key: str) -> tuple[float, float]:
    from ipsim.analysis.pooling import damping

    found = damping(origin, exclude=key)
    return found.phi, found.drift_change_sd


def _score_origin(
    series: Series,
    origin: int,
    known: np.ndarray,
    model: tuple[DriftPrior | None, tuple[float, float]],
    gen: np.random.Generator,
    draws: int,
) -> list[dict[str, Any]]:
    """Forecast and score the figures after the last one known at ``origin``."""
    from ipsim.analysis.calibrate import fit_walk
    from ipsim.analysis.pooling import shrink

    prior, trend = model
    years = np.asarray(series.years, dtype=float)
    logs = np.log(np.asarray(series.values, dtype=float))
    own_years, own = years[known], logs[known]
    volatility = prior.volatility if prior is not None else math.nan
    prior_sd = volatility if math.isfinite(volatility) else None
    if own.size < 3 and prior_sd is None:
        raise _UnscorableError("one increment and no reference class to tell its volatility")
    fit = fit_walk(own_years, own, prior_sd=prior_sd, prior_df=2.0 if prior_sd else 0.0)
    if prior is not None:
        fit = shrink(fit, prior)
    later = years > own_years[-1]
    horizons = years[later] - own_years[-1]
    sample = _predictive(own[-1], horizons, fit, gen, draws, trend)
    naive_sd = _naive_volatility(own_years, own)
    base = {
        "family": series.family,
        "scope": series.scope,
        "definition": series.definition,
        "origin": origin,
        "last_year": int(own_years[-1]),
        "n_figures": int(own.size),
        "pooled": prior is not None,
        "phi": trend[0],
        "drift_change_sd": trend[1],
    }
    return [
        base
        | _score_point(sample[i], logs[later][i], own[-1], naive_sd * math.sqrt(h))
        | {"year": int(years[later][i]), "horizon": int(h)}
        for i, h in enumerate(horizons)
    ]


def _predictive(
    last: float,
    horizons: np.ndarray,
    fit: Any,
    gen: np.random.Generator,
    draws: int,
    trend: tuple[float, float],
) -> np.ndarray:
    """Draws of the log figure ``h`` years on, shape (horizons, draws), the drift damped by phi."""
    from ipsim.analysis.pooling import damped_horizon, drift_change_horizon

    phi, drift_change_sd = trend
    if math.isfinite(fit.df):
        drift = fit.mean + fit.se * gen.standard_t(fit.df, draws)
    else:
        drift = fit.mean + fit.se * gen.standard_normal(draws)
    vol_df = fit.data_df + (fit.df - fit.data_df if math.isfinite(fit.df) else 2.0)
    sigma = fit.sd * np.sqrt(vol_df / gen.chisquare(vol_df, draws)) if vol_df > 0 else fit.sd
    noise = gen.standard_normal((horizons.size, draws))
    h = horizons[:, None]
    carried = damped_horizon(horizons, phi)[:, None]
    wander = drift_change_sd * np.sqrt(drift_change_horizon(horizons, phi))[:, None]
    changes = gen.standard_normal((horizons.size, draws))
    return last + carried * drift[None, :] + np.sqrt(h) * sigma * noise + wander * changes


def _naive_volatility(years: np.ndarray, logs: np.ndarray) -> float:
    """Root-mean-square yearly increment of the figures (the naive walk's volatility)."""
    steps = np.diff(logs) / np.sqrt(np.diff(years))
    return max(float(np.sqrt(np.mean(steps**2))), 1e-6)


def _score_point(sample: np.ndarray, actual: float, last: float, naive_sd: float) -> dict[str, Any]:
    from scipy.special import ndtri

    from ipsim.analysis.backtest import crps_from_draws, crps_normal, pit_value

    lo90, lo50, median, hi50, hi90 = np.quantile(sample, [0.05, 0.25, 0.5, 0.75, 0.95])
    miss = abs(actual - last) / naive_sd
    return {
        "actual": math.exp(actual),
        "median": math.exp(median),
        "lo90": math.exp(lo90),
        "lo50": math.exp(lo50),
        "hi50": math.exp(hi50),
        "hi90": math.exp(hi90),
        "in50": bool(lo50 <= actual <= hi50),
        "in90": bool(lo90 <= actual <= hi90),
        "pit": pit_value(sample, actual),
        "crps": crps_from_draws(sample, actual),
        "crps_naive": crps_normal(last, naive_sd, actual),
        "in50_naive": bool(miss <= ndtri(0.75)),
        "in90_naive": bool(miss <= ndtri(0.95)),
    }


_SUMMARY_COLUMNS = [
    "family",
    "series",
    "points",
    "coverage_50",
    "coverage_90",
    "crps",
    "crps_naive",
    "skill",
    "coverage_50_naive",
    "coverage_90_naive",
    "pit_histogram",
]


def _summarise(points: pd.DataFrame, family: str) -> dict[str, Any]:
    """Coverage, mean CRPS, skill and PIT histogram of a set of scored figures."""
    n = len(points)
    if n == 0:
        return {
            key: (family if key == "family" else 0 if key in ("series", "points") else math.nan)
            for key in _SUMMARY_COLUMNS
        } | {"pit_histogram": [0] * PIT_BINS}
    crps, naive = float(points["crps"].mean()), float(points["crps_naive"].mean())
    counts, _ = np.histogram(points["pit"], bins=PIT_BINS, range=(0.0, 1.0))
    return {
        "family": family,
        "series": int(points.groupby(["family", "scope", "definition"]).ngroups),
        "points": n,
        "coverage_50": float(points["in50"].mean()),
        "coverage_90": float(points["in90"].mean()),
        "crps": crps,
        "crps_naive": naive,
        "skill": 1.0 - crps / naive if naive > 0 else math.nan,
        "coverage_50_naive": float(points["in50_naive"].mean()),
        "coverage_90_naive": float(points["in90_naive"].mean()),
        "pit_histogram": [int(c) for c in counts],
    }


SUMMARY_FILE = "rolling-summary.json"
"""The bundled run's summary (``ipsim/data/reference/``): what the briefing quotes without
re-running the backtest. ``tests/test_rolling.py`` checks it against a fresh run; refresh it with
``python -m ipsim.analysis.rolling``."""


@dataclass(frozen=True)
class RollingSummary:
    """The settings and the overall and per-family scores of a stored rolling backtest."""

    settings: Mapping[str, Any]
    overall: Mapping[str, Any]
    families: tuple[Mapping[str, Any], ...]


def summary_document(result: RollingBacktestResult) -> dict[str, Any]:
    """The stored summary of ``result``: its JSON document without the scored points."""
    document = result.to_dict()
    return {key: document[key] for key in ("settings", "overall", "families")}


def bundled_summary() -> RollingSummary:
    """Return the summary of the bundled rolling backtest (default settings), as stored.

    Examples
    --------
    >>> summary = bundled_summary()
    >>> 0.85 <= summary.overall["coverage_90"] <= 0.95, summary.settings["damped"]
    (True, True)
    """
    import json
    from importlib.resources import files

    text = (files("ipsim.data") / "reference" / SUMMARY_FILE).read_text(encoding="utf-8")
    raw = json.loads(text)
    return RollingSummary(raw["settings"], raw["overall"], tuple(raw["families"]))


if __name__ == "__main__":  # refresh the stored summary after a change of method or data
    import json
    from pathlib import Path

    out = Path(__file__).parents[1] / "data" / "reference" / SUMMARY_FILE
    document = summary_document(rolling_backtest())
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
