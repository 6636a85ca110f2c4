"""Scenario discovery over one run: under which inputs does a target miss?

A run simulated with ``keep_inputs=True`` holds every draw's inputs (growth, volatility,
funding elasticity, baseline, lever settings); :func:`discover` hands the inputs that vary and
whether each draw misses the target to PRIM (:func:`ipsim.analysis.prim.prim`), with the inputs
named as a reader knows them, so the box reads as thresholds an agency can monitor. No new
simulation is needed beyond the one run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ipsim.analysis.prim import PrimResult, prim
from ipsim.assess import Assessment, assess
from ipsim.i18n import LABELS, Lang, label
from ipsim.levers import reader_names
from ipsim.models import MODELS
from ipsim.scenario import Scenario, load_scenario
from ipsim.simulate import require_scenario, simulate


def discover(
    source: Assessment | Scenario | str,
    target: str,
    *,
    draws: int | None = None,
    rng: Any = None,
    bootstrap_rng: Any = None,
    **options: Any,
) -> PrimResult:
    """Find the inputs under which ``target`` misses, by PRIM over one run's draws.

    Parameters
    ----------
    source : Assessment, Scenario or str
        An assessment of a run simulated with ``keep_inputs=True``, or a scenario (a bundled
        name or a file) to simulate so.
    target : str
        A target id with a threshold.
    draws, rng
        Draws and seed of the run when ``source`` is a scenario (default: the scenario's).
    bootstrap_rng
        Seed of PRIM's resampling (``bootstrap=``), for each limit's stability.
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
    if isinstance(source, Assessment):
        board = source
    else:
        scenario = require_scenario(load_scenario(source) if isinstance(source, str) else source)
        board = assess(simulate(scenario, draws=draws, rng=rng, keep_inputs=True))
    frame = board.inputs_frame(target)
    missed = ~frame.pop(f"met.{target}").to_numpy(dtype=bool)
    varying = frame.loc[:, frame.nunique() > 1]  # a constant input cannot bound a box
    scenario, columns = board.result.scenario, tuple(varying.columns)
    names, formats = input_names(scenario, columns), input_formats(scenario, columns)
    return prim(varying, missed, names=names, formats=formats, rng=bootstrap_rng, **options)


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
