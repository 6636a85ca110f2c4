"""Levers: the named dials of a scenario that goal-seek, sweeps and sensitivity turn.

Two kinds, named as a user would write them (on the command line too):

- ``funding.<programme>``: the programme's budget as a multiple of its reference (planned)
  budget, applied to every year the lever covers;
- ``growth.<indicator>``: the median of the indicator's trend parameter (its model's
  ``lever_param``: growth rate, logit rate, additions a year or unit cost), its spread kept.

A lever moves monotonically: with a non-negative funding elasticity, more budget never lowers an
indicator in any draw, and a higher median never lowers the trend parameter in any draw (draws
are inverse-CDF samples of the same uniforms). Which way the parameter moves the indicator is
declared by its model (:attr:`ipsim.models.base.ParamSpec.effect`): a growth rate raises it, a
unit cost lowers it. :attr:`Lever.increases` carries that direction, and the lever's unit in
both languages comes from the same declaration (:meth:`ipsim.models.base.ParamSpec.unit`); its
range is the parameter's :meth:`~ipsim.models.base.ParamSpec.search_range`. How a median moves
is the distribution family's declaration (:func:`ipsim.distributions.with_median`, and
:func:`move_to_median` for draws already made, kept here for the engine's sweeps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ipsim.distributions import median_of, move_to_median, with_median
from ipsim.errors import ScenarioArgumentError
from ipsim.i18n import LABELS, Lang, label
from ipsim.models import MODELS
from ipsim.scenario import Scenario
from ipsim.schema.checker import quote_choices, suggestion

__all__ = [
    "Lever",
    "LeverKind",
    "is_lever",
    "lever",
    "lever_label",
    "levers_of",
    "move_to_median",
    "reader_names",
]

LeverKind = Literal["funding", "growth"]

FUNDING_RANGE = (0.0, 5.0)
"""The multiples of the planned budget a funding lever may use."""
FUNDING_SLIDER_STEP = 0.05
"""Step of a budget-multiple slider; its lowest setting is one step above nothing."""


def funding_slider_top(*multiples: float) -> float:
    """The top of a budget-multiple slider: the top of the range goal-seek searches
    (``FUNDING_RANGE``, 5 times the plan), so any answer "what it takes" gives can be set, or 1.5
    times the largest starting multiple rounded up.

    Examples
    --------
    >>> funding_slider_top(1.0), funding_slider_top(4.0, 1.0)
    (5.0, 6.0)
    """
    return float(max(FUNDING_RANGE[1], math.ceil(1.5 * max(*multiples, 1.0))))


@dataclass(frozen=True)
class Lever:
    """One dial: its name, what it moves, its current value and the range a search may use."""

    name: str
    kind: LeverKind
    key: str
    """The programme (funding) or indicator (growth) it moves."""
    param: str | None
    """For a growth lever, the model parameter whose median it sets."""
    current: float
    low: float
    high: float
    unit: str
    """What a value means: "x planned budget", "growth a year", ..."""
    unit_zh: str = ""
    """The same in Chinese."""
    increases: bool = True
    """Whether a higher value raises the indicator (a budget, a growth rate) rather than lowers
    it (a unit cost). For a funding lever it holds for indicators with a non-negative elasticity."""
    is_growth_rate: bool = False
    """Whether a value is a rate of growth (its parameter's :attr:`ParamSpec.is_growth_rate`), shown
    in percent."""

    def unit_label(self, lang: str = "en") -> str:
        """Return the lever's unit in ``lang`` ("zh" or "en")."""
        return self.unit_zh if lang == "zh" and self.unit_zh else self.unit

    def apply(self, scenario: Scenario, value: float) -> Scenario:
        """Return ``scenario`` with this lever set to ``value``.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> s = load_scenario("baseline")
        >>> lever("funding.creation", s).apply(s, 1.5).funding["creation"].multiple
        1.5
        >>> round(lever("growth.invention_apps", s).apply(s, 0.2).indicators["invention_apps"].params["growth"].median, 6)
        0.2
        """
        if self.kind == "funding":
            return scenario.with_funding(self.key, multiple=float(value))
        assert self.param is not None
        spec = scenario.indicators[self.key]
        return scenario.with_value(
            self.key, self.param, with_median(spec.params[self.param], value)
        )


def levers_of(scenario: Scenario) -> dict[str, Lever]:
    """Every lever of ``scenario``: one per funding programme and one per indicator with a trend.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> names = list(levers_of(load_scenario("baseline")))
    >>> names[:2], len(names)
    (['funding.creation', 'funding.finance'], 24)
    """
    plan = scenario.load_plan()
    out = {
        lev.name: lev
        for lev in (_funding_lever(scenario, p.id) for p in plan.funding_programmes)
        if lev is not None
    }
    for ident in scenario.indicators:
        lev = _growth_lever(scenario, ident)
        if lev is not None:
            out[lev.name] = lev
    return out


def _funding_lever(scenario: Scenario, programme: str) -> Lever | None:
    """The budget multiple of ``programme``, if the scenario funds it or an indicator draws on it."""
    if not is_lever(f"funding.{programme}", scenario):
        return None
    lev = scenario.funding.get(programme)
    multiple = None if lev is None or lev.schedule_cny is not None else lev.multiple
    current = float(multiple) if isinstance(multiple, int | float) else 1.0
    low, high = FUNDING_RANGE
    return Lever(
        f"funding.{programme}",
        "funding",
        programme,
        None,
        current,
        low,
        high,
        label("levers.funding_unit", "en"),
        unit_zh=label("levers.funding_unit", "zh"),
        increases=True,
    )


def _growth_lever(scenario: Scenario, ident: str) -> Lever | None:
    """The median of the indicator's :attr:`~ipsim.models.base.Model.lever_param`, if it has one."""
    spec = scenario.indicators[ident]
    model = MODELS[spec.model]
    if model.lever_param is None or model.lever_param not in spec.params:
        return None
    param = model.param(model.lever_param)
    current = median_of(spec.params[param.name])
    low, high = param.search_range(current)
    return Lever(
        f"growth.{ident}",
        "growth",
        ident,
        param.name,
        current,
        low,
        high,
        param.unit("en") or label("levers.median", "en"),
        unit_zh=param.unit("zh") or label("levers.median", "zh"),
        increases=param.effect >= 0,
        is_growth_rate=param.is_growth_rate,
    )


def is_lever(name: str, scenario: Scenario) -> bool:
    """Whether ``name`` is one of :func:`levers_of` ``(scenario)``, without building them all
    (a check :func:`ipsim.simulate.simulate` makes on every call of a goal-seek).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> all(is_lever(name, s) for name in levers_of(s)), is_lever("growth.nothing", s)
    (True, False)
    """
    kind, _, key = name.partition(".")
    if kind == "funding":
        return key in scenario.funding or any(
            s.programme == key for s in scenario.indicators.values()
        )
    spec = scenario.indicators.get(key) if kind == "growth" else None
    if spec is None:
        return False
    param = MODELS[spec.model].lever_param
    return param is not None and param in spec.params


def lever(name: str, scenario: Scenario) -> Lever:
    """Resolve a lever by name, with a clear error listing the scenario's levers."""
    found = levers_of(scenario)
    if name not in found:
        msg = f"unknown lever {name!r}; expected one of {quote_choices(found)}"
        raise ScenarioArgumentError(msg + suggestion(name, found))
    return found[name]


def lever_label(name: str, scenario: Scenario, lang: Lang = "en") -> str:
    """Name a lever for a reader: its funding programme, "unit cost of ...", or "trend of ...".

    A lever on a model parameter is worded by the label ``brief.lever_on.<parameter>`` when
    there is one (``unit_cost``), else as the indicator's trend; a name that is no lever of
    the scenario is returned as given.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> lever_label("funding.creation", s), lever_label("growth.invention_apps", s, "zh")
    ('Patent creation and patent navigation', '发明专利申请量增长趋势')
    """
    plan = scenario.load_plan()
    kind, _, key = name.partition(".")
    if kind == "funding":
        return next((p.label(lang) for p in plan.funding_programmes if p.id == key), key)
    own = levers_of(scenario).get(name)
    if own is None:
        return name
    indicator = plan.indicator(own.key).label(lang)
    if lang == "en" and not indicator[:2].isupper():  # "unit cost of patent ...", not "IP" -> "iP"
        indicator = indicator[:1].lower() + indicator[1:]
    worded = f"brief.lever_on.{own.param}"
    return label(worded if worded in LABELS else "brief.trend_lever", lang, indicator=indicator)


def reader_names(scenario: Scenario, names: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """Every target id of the scenario's plan, and each lever in ``names``, with the names a
    reader knows them by, in English and Chinese (a target by its indicator's label).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> names = reader_names(load_scenario("baseline"), ("funding.creation",))
    >>> names["invention_apps"], names["funding.creation"][1]
    (('Invention patent applications', '发明专利申请量'), '专利创造与专利导航产业发展')
    """
    plan = scenario.load_plan()
    found = {
        t.id: (plan.indicator(t.indicator).label("en"), plan.indicator(t.indicator).label("zh"))
        for t in plan.targets
    }
    for name in names:
        found[name] = (lever_label(name, scenario, "en"), lever_label(name, scenario, "zh"))
    return found
