"""Scenario discovery: under which inputs does a target miss?

Over one run: a run simulated with ``keep_inputs=True`` holds every draw's inputs (growth,
volatility, funding elasticity, baseline, lever settings); each draw is a case, and a case of
interest is a draw that misses the target. Over an ensemble
(:func:`ipsim.analysis.ensemble.ensemble`): each point of the design is a case, its inputs are
the levers varied, and a case of interest is a point whose P(met) is below ``miss_below``
(default 50 %: the target is more likely missed than met there).

:func:`discover` hands the inputs that vary and the cases of interest to PRIM
(:func:`ipsim.analysis.prim.prim`), with the inputs named as a reader knows them, so the box
reads as thresholds an agency can monitor; with ``cart=True`` a CART tree
(:func:`ipsim.analysis.cart.cart`) on the same cases cross-checks the box. No new simulation is
needed beyond the one run or the ensemble.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim._args import one_of, shown
from ipsim.analysis.prim import PrimResult, prim
from ipsim.assess import Assessment, assess
from ipsim.errors import ArgumentError
from ipsim.i18n import LABELS, Lang, label
from ipsim.levers import reader_names
from ipsim.models import MODELS
from ipsim.scenario import Scenario, bundled_scenarios, load_scenario
from ipsim.simulate import require_scenario, simulate

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ipsim.analysis.ensemble import EnsembleResult

Cases = tuple["pd.DataFrame", "np.ndarray", dict[str, tuple[str, str]], dict[str, Any]]
"""The inputs per case, whether each is of interest, and the inputs' names and formats."""


def discover(
    source: Assessment | Scenario | EnsembleResult | str | Path,
    target: str,
    *,
    draws: int | None = None,
    rng: Any = None,
    bootstrap_rng: Any = None,
    miss_below: float = 0.5,
    scenario: str | None = None,
    cart: bool = False,
    cart_depth: int = 3,
    **options: Any,
) -> PrimResult:
    """Find the inputs under which ``target`` misses, by PRIM over a run's draws or an
    ensemble's points.

    Parameters
    ----------
    source : Assessment, Scenario, EnsembleResult, str or Path
        An assessment of a run simulated with ``keep_inputs=True``; a scenario (a bundled name or
        a file) to simulate so; an ensemble, or the Parquet file one wrote (``.parquet``).
    target : str
        A target id with a threshold.
    draws, rng
        Draws and seed of the run when ``source`` is a scenario (default: the scenario's).
    bootstrap_rng
        Seed of PRIM's resampling (``bootstrap=``), for each limit's stability.
    miss_below : float
        Over an ensemble: a point is a case of interest when its P(met) is below this.
    scenario : str, optional
        Over an ensemble spanning several scenarios with this target: the one to analyse.
    cart : bool
        Cross-check the box with a CART tree of ``cart_depth`` levels (needs scikit-learn: the
        ``cart`` extra); the tree and its agreement are kept in ``result.cart`` and
        ``result.agreement``.
    **options
        Passed to :func:`ipsim.analysis.prim.prim` (``threshold``, ``bootstrap``, ...).

    Examples
    --------
    >>> found = discover("baseline", "invention_apps", draws=4_000, rng=1, threshold=0.7)
    >>> found.restricted[:1]
    ('growth.invention_apps',)
    >>> found.thresholds_text("en").split(":")[0]
    'growth of invention patent applications below 21.5 %/yr'
    """
    x, missed, names, formats = discovery_cases(
        source, target, draws=draws, rng=rng, miss_below=miss_below, scenario=scenario
    )
    found = prim(x, missed, names=names, formats=formats, rng=bootstrap_rng, **options)
    over_ensemble = not isinstance(source, Assessment | Scenario) and (
        not isinstance(source, str | Path) or str(source).lower().endswith(".parquet")
    )
    found = replace(found, target=target, miss_below=miss_below if over_ensemble else None)
    if not cart:
        return found
    from ipsim.analysis.cart import agreement
    from ipsim.analysis.cart import cart as fit_cart

    tree = fit_cart(x, missed, names=names, formats=formats, max_depth=cart_depth)
    return replace(found, cart=tree, agreement=agreement(tree, found, x, missed))


def discovery_cases(
    source: Any,
    target: str,
    *,
    draws: int | None = None,
    rng: Any = None,
    miss_below: float = 0.5,
    scenario: str | None = None,
) -> Cases:
    """The cases :func:`discover` analyses: the inputs that vary, one row per draw or point;
    whether each misses; the inputs' reader names and formats.

    Examples
    --------
    >>> x, missed, names, formats = discovery_cases("baseline", "invention_apps", draws=500, rng=1)
    >>> len(x) == len(missed) == 500, names["growth.invention_apps"][1]
    (True, '发明专利申请量增长率')
    """
    from ipsim.analysis.ensemble import EnsembleResult

    if isinstance(source, EnsembleResult):
        return _ensemble_cases(source.to_frame(), target, _scenarios(source), miss_below, scenario)
    if isinstance(source, str | Path) and str(source).lower().endswith(".parquet"):
        return _ensemble_cases(_ensemble_file(source), target, {}, miss_below, scenario)
    if isinstance(source, Assessment):
        board = source
    else:
        chosen = require_scenario(load_scenario(source) if isinstance(source, str) else source)
        board = assess(simulate(chosen, draws=draws, rng=rng, keep_inputs=True))
    frame = board.inputs_frame(target)
    missed = ~frame.pop(f"met.{target}").to_numpy(dtype=bool)
    varying = frame.loc[:, frame.nunique() > 1]  # a constant input cannot bound a box
    own, columns = board.result.scenario, tuple(varying.columns)
    return varying, missed, input_names(own, columns), input_formats(own, columns)


def _ensemble_file(path: str | Path) -> pd.DataFrame:
    """The rows of an ensemble's Parquet file, or an error naming the file and what it lacks."""
    import pandas as pd

    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as err:  # missing, unreadable, not Parquet (ArrowInvalid)
        msg = f"{path}: cannot read it as Parquet ({type(err).__name__}: {err})"
        raise ArgumentError(msg) from err
    needed = ("scenario", "scenario_name", "plan", "target", "p_met")
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        msg = (
            f"{path}: not an ensemble's file (written by ipsim ensemble); it lacks the "
            f"column(s) {', '.join(missing)}"
        )
        raise ArgumentError(msg)
    return frame


def _scenarios(result: EnsembleResult) -> dict[str, Scenario]:
    return {part.name: part.scenario for part in result.parts}


def _ensemble_cases(
    frame: pd.DataFrame,
    target: str,
    scenarios: dict[str, Scenario],
    miss_below: float,
    scenario: str | None,
) -> Cases:
    """An ensemble's points for ``target`` as cases: the levers varied, P(met) below
    ``miss_below``."""
    if not isinstance(miss_below, int | float) or not 0 < miss_below <= 1:
        msg = f"miss_below: expected a probability in (0, 1], got {shown(miss_below)}"
        raise ArgumentError(msg)
    one_of("target", target, tuple(dict.fromkeys(frame["target"])))
    rows = frame[frame["target"] == target]
    names = tuple(dict.fromkeys(rows["scenario_name"]))
    if scenario is not None:
        one_of("scenario", scenario, names)
        rows = rows[rows["scenario_name"] == scenario]
    elif len(names) > 1:
        msg = (
            f"scenario: the ensemble has target {target!r} in several scenarios "
            f"({', '.join(names)}); choose one (scenario=, --scenario-name)"
        )
        raise ArgumentError(msg)
    columns = list(frame.columns)
    levers = columns[columns.index("plan") + 1 : columns.index("target")]
    x = rows[levers].loc[:, rows[levers].notna().all() & (rows[levers].nunique() > 1)]
    x = x.reset_index(drop=True)
    own = scenarios.get(scenario or names[0]) or _bundled(scenario or names[0])
    if own is None:
        return x, rows["p_met"].to_numpy() < miss_below, {}, {}
    cols = tuple(x.columns)
    return (
        x,
        rows["p_met"].to_numpy() < miss_below,
        input_names(own, cols),
        input_formats(own, cols),
    )


def _bundled(name: str) -> Scenario | None:
    """The bundled scenario of that name (to name an ensemble file's levers), if there is one."""
    return load_scenario(name) if name in bundled_scenarios() else None


def input_names(scenario: Scenario, columns: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Each kept-input column (``growth.invention_apps``, ``funding.creation``) as a reader
    knows it, in English and Chinese: a lever by its programme, a parameter as "growth of
    invention patent applications" (发明专利申请量增长率).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> input_names(load_scenario("baseline"), ("elasticity.invention_apps",))
    {'elasticity.invention_apps': ('funding elasticity of invention patent applications', '发明专利申请量资金弹性')}
    """
    plan = scenario.load_plan()
    levers = reader_names(scenario, tuple(c for c in columns if c.startswith("funding.")))
    names: dict[str, tuple[str, str]] = {}
    for column in columns:
        if column in levers:
            names[column] = levers[column]
            continue
        param, _, ident = column.partition(".")
        if ident not in plan.indicator_ids or f"workbook.param.{param}" not in LABELS:
            continue
        indicator = plan.indicator(ident)
        en, zh = (
            label(
                "discover.param_of",
                lang,
                param=label(f"workbook.param.{param}", lang),
                indicator=_inside(indicator.label(lang), lang),
            )
            for lang in ("en", "zh")
        )
        names[column] = (en, zh)
    return names


def _inside(name: str, lang: str) -> str:
    """A label inside an English sentence: "invention patent applications", but "IP ..."."""
    return name[:1].lower() + name[1:] if lang == "en" and not name[:2].isupper() else name


def input_formats(
    scenario: Scenario, columns: tuple[str, ...]
) -> dict[str, Callable[[float, Lang], str]]:
    """How each kept-input column's limit reads, with its unit: a funding lever as a multiple of
    the plan ("0.80x the plan", 计划的0.80倍), a growth rate in percent a year ("18.9 %/yr"), a
    baseline level with thousands separators and the indicator's unit (a share in percent);
    other columns (an elasticity) are left to PRIM's 3 significant digits.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> columns = ("funding.creation", "growth.invention_apps", "baseline.invention_apps")
    >>> formats = input_formats(load_scenario("baseline"), columns)
    >>> [formats[c](v, "zh") for c, v in zip(columns, (0.8, 0.1894, 104_123.4))]
    ['计划的0.80倍', '18.9%/年', '104,123件']
    >>> formats["baseline.invention_apps"](104_123.4, "en")
    '104,123 applications'
    """
    plan = scenario.load_plan()
    formats: dict[str, Callable[[float, Lang], str]] = {}
    for column in columns:
        param, _, ident = column.partition(".")
        if param == "funding":
            formats[column] = _multiple
        elif param == "baseline" and ident in plan.indicator_ids:
            indicator = plan.indicator(ident)
            shares = indicator.kind == "share"
            units = (indicator.unit("en"), indicator.unit("zh"))
            formats[column] = _percent if shares else partial(_level, units=units)
        elif ident in scenario.indicators and _is_growth_rate(scenario, param, ident):
            formats[column] = _per_year
    return formats


def _is_growth_rate(scenario: Scenario, param: str, ident: str) -> bool:
    """Whether ``param`` of the indicator's model family is a rate of growth."""
    specs = {spec.name: spec for spec in MODELS[scenario.indicators[ident].model].params}
    return param in specs and specs[param].is_growth_rate


def _multiple(value: float, lang: Lang) -> str:
    return label("discover.times_plan", lang, value=f"{value:.2f}")


def _per_year(value: float, lang: Lang) -> str:
    return label("discover.per_year", lang, value=f"{100 * value:.1f}")


def _percent(value: float, lang: Lang) -> str:
    return label("discover.percent", lang, value=f"{100 * value:.1f}")


def _level(value: float, lang: Lang, *, units: tuple[str, str]) -> str:
    number = f"{value:,.0f}" if abs(value) >= 1_000 else f"{value:.3g}"
    return label("discover.level", lang, value=number, unit=units[0 if lang == "en" else 1])
