"""What it takes: the setting of a lever that makes a target likely, and sweeps.

The simulator uses common random numbers and levers move every draw monotonically, so P(met) is a
monotone step function of a lever (for a funding lever, as long as the elasticity is not
negative). Which way it runs is declared, not guessed: a lever says whether a higher value raises
its indicator (:attr:`ipsim.levers.Lever.increases`: a budget or a growth rate does, a unit cost
does not), and a target says whether it wants the indicator high (``at_least``) or low
(``at_most``). When more of the lever helps the target, :func:`goal_seek` finds the *smallest*
value with P(met) >= p (a budget floor); when more hurts, the *largest* value that still gives
P(met) >= p (a cost ceiling). It brackets the answer between the lever's bounds and bisects, with
the same random numbers at every step; only the target's own indicator is simulated. The Monte
Carlo uncertainty of the answer is the range of lever values whose P(met) is within 1.96
standard errors of the wanted probability.

Across what we do not know. The funding elasticity theta of the target's indicator is
uncertain (a distribution in the scenario), and the funding a target needs hinges on it far
more than on Monte Carlo error. Where theta acts on the answer (a funding lever of the
indicator's own programme, or any lever when the scenario's budget is off the plan), the
answer is also sought with theta held at its 10th, 50th and 90th percentiles in every draw, the
rest of the uncertainty as it is (:attr:`GoalSeekResult.by_theta`; "not reachable" where the
lever's range does not get there). How much of the answer's spread is theta, not chance
(:attr:`GoalSeekResult.theta_share`), compares the two as variances under normal
approximations: the theta spread is the width between the theta-p10 and theta-p90 answers
(2 x 1.2816 sd), the chance spread the width of the Monte Carlo range (2 x 1.96 sd), and the
share is ``sd_theta^2 / (sd_theta^2 + sd_mc^2)``; it is 1 when theta decides whether the target
can be reached at all (reachable at one percentile, not at another). A growth lever with the
budget as planned, or a programme the indicator does not follow, does not act through theta
(``theta_role == "none"``), and a theta fixed in the scenario gives one answer
(``theta_role == "fixed"``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast, overload

import numpy as np

from ipsim._args import real_number, shown, whole_number
from ipsim._outputs import finite, plain
from ipsim._styled import Table
from ipsim.distributions import Distribution, median_of
from ipsim.errors import ArgumentError, ScenarioArgumentError
from ipsim.i18n import LABELS, Lang, label
from ipsim.levers import Lever, lever, levers_of, reader_names
from ipsim.results import Result, caption
from ipsim.scenario import MAX_DRAWS, Scenario
from ipsim.simulate import RngLike, require_scenario, simulate
from ipsim.target_kinds import effective_kind, is_met, target_quantity

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from ipsim.plan import Target

Z95 = 1.959963984540054
Z90 = 1.2815515655446004
"""The 90th percentile of the standard normal: theta's p10-p90 answers are 2 x Z90 sd apart."""
THETA_QUANTILES: tuple[float, ...] = (0.1, 0.5, 0.9)
"""The percentiles of the funding elasticity at which goal-seek also answers."""
ThetaRole = Literal["uncertain", "fixed", "none"]


def _is_growth_rate_unit(unit: str) -> bool:
    """Whether ``unit`` is the unit a model family declares for a lever that is a growth rate."""
    from ipsim.models import MODELS

    params = (m.param(m.lever_param) for m in MODELS.values() if m.lever_param is not None)
    return bool(unit) and unit in {p.unit("en") for p in params if p.is_growth_rate}


@dataclass(frozen=True)
class ThetaAnswer:
    """The answer with the funding elasticity held at one percentile of its distribution.

    ``value`` is None when the lever's range does not reach the wanted probability at that
    elasticity; ``best_p_met`` then says how close it gets.
    """

    quantile: float
    theta: float
    value: float | None
    p_met_at_value: float | None
    best_p_met: float
    """P(met) at the end of the lever's range where more of it helps most."""

    @property
    def reachable(self) -> bool:
        return self.value is not None

    def to_dict(self) -> dict[str, Any]:
        """The record of one percentile in ``by_theta`` of :meth:`GoalSeekResult.to_dict`."""
        record = {
            "quantile": self.quantile,
            "theta": finite(self.theta),
            "value": finite(self.value),
            "reachable": self.reachable,
            "p_met_at_value": finite(self.p_met_at_value),
            "best_p_met": finite(self.best_p_met),
        }
        return dict(plain(record))


@dataclass(frozen=True)
class GoalSeekResult(Result):
    """The answer for one target and one lever.

    ``value`` is in the lever's own unit (a multiple of the planned budget, a growth rate, a
    cost in CNY per unit); it is None when the probability cannot be reached within the lever's
    bounds, and then ``best_p_met`` says how close the lever gets. ``search`` says what
    ``value`` is: the ``"smallest"`` setting that gives P(met) >= ``probability`` when more of
    the lever helps the target (``more_helps``), the ``"largest"`` that still does when more
    hurts (a unit cost, or funding that raises an indicator an ``at_most`` target caps).

    ``value`` is sought with the funding elasticity theta uncertain, as the scenario has it;
    ``by_theta`` holds the answers with theta held at its 10th, 50th and 90th percentiles when
    ``theta_role`` is ``"uncertain"`` (empty otherwise), and :attr:`theta_share` says how much
    of the answer's spread is theta rather than Monte Carlo error (see the module docstring).
    """

    target: str
    lever: str
    probability: float
    feasible: bool
    value: float | None
    value_lo: float | None
    value_hi: float | None
    p_met_at_value: float | None
    best_p_met: float
    current_value: float
    p_met_now: float
    bounds: tuple[float, float]
    unit: str
    draws: int
    note: str = ""
    required_growth: float | None = None
    evaluations: int = field(default=0, compare=False)
    search: Literal["smallest", "largest"] = "smallest"
    more_helps: bool = True
    unit_zh: str = ""
    is_growth_rate: bool | None = None
    """Whether the lever is a rate of growth (its values read in percent). Goal-seek sets it from
    the lever; left None in an answer built by hand, it is looked up in the model registry by
    the unit (a unit a family declares for a growth-rate lever)."""
    theta_role: ThetaRole = "none"
    """How the funding elasticity theta enters the answer: ``"uncertain"`` (a distribution;
    ``by_theta`` answers at its percentiles), ``"fixed"`` (a constant: one answer), ``"none"``
    (the lever does not act through theta)."""
    theta_median: float | None = None
    """The median of theta (the constant when fixed); None when theta does not act."""
    by_theta: tuple[ThetaAnswer, ...] = ()
    notes: NoteParts = field(default=(), compare=False, repr=False)
    """:attr:`note` as label keys and values, worded in any language by :meth:`note_text`."""
    names: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)
    """The target and lever as a reader knows them, ``{id: (english, chinese)}``
    (:func:`ipsim.levers.reader_names`; empty in an answer built by hand: ids are shown)."""

    def __post_init__(self) -> None:
        if self.is_growth_rate is None:
            object.__setattr__(self, "is_growth_rate", _is_growth_rate_unit(self.unit))

    title = "Goal seek"

    def note_text(self, lang: Lang = "en") -> str:
        """Return :attr:`note` in ``lang`` (an answer built by hand, with no :attr:`notes`: its
        ``note`` as written).

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> answer = goal_seek(load_scenario("baseline"), "industrialization_projects", lever="growth", draws=500)
        >>> answer.note_text("en") == answer.note, answer.note_text("zh")[:8]
        (True, '该调节手段越大，')
        """
        return note_words(self.notes, lang) if self.notes else self.note

    def name_of(self, ident: str, lang: Lang = "en") -> str:
        """The target or lever ``ident`` as a reader knows it (the id when it has no name)."""
        named = self.names.get(ident)
        return ident if named is None else named[lang == "zh"]

    def unit_label(self, lang: Lang = "en") -> str:
        """Return the lever's unit in ``lang``."""
        return self.unit_zh if lang == "zh" and self.unit_zh else self.unit

    @property
    def theta_width(self) -> float | None:
        """The distance between the answers at theta's 10th and 90th percentiles (None unless
        both are reachable)."""
        values = [a.value for a in self.by_theta if a.quantile in (0.1, 0.9)]
        if len(values) != 2 or values[0] is None or values[1] is None:
            return None
        return abs(values[1] - values[0])

    @property
    def mc_width(self) -> float | None:
        """The width of the Monte Carlo range of ``value`` (None when it has none)."""
        if self.value_lo is None or self.value_hi is None:
            return None
        return self.value_hi - self.value_lo

    @property
    def theta_share(self) -> float | None:
        """The share of the answer's variance that is theta's rather than chance's, in [0, 1].

        ``sd_theta^2 / (sd_theta^2 + sd_mc^2)`` with ``sd_theta`` = :attr:`theta_width` / (2 x
        1.2816) and ``sd_mc`` = :attr:`mc_width` / (2 x 1.96); 1 when the target is reachable at
        one of theta's percentiles and not at another; None when theta does not act or nothing
        is reachable.
        """
        reachable = {a.reachable for a in self.by_theta}
        if reachable == {True, False}:
            return 1.0
        theta, chance = self.theta_width, self.mc_width
        if theta is None or chance is None or theta + chance == 0:
            return None
        sd_theta, sd_mc = theta / (2 * Z90), chance / (2 * Z95)
        return sd_theta**2 / (sd_theta**2 + sd_mc**2)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of ``ipsim goalseek --format json`` (contract fields first).

        Every number is finite or None (never NaN), so the record is valid JSON.
        """
        record = {
            "target": self.target,
            "lever": self.lever,
            "probability": self.probability,
            "feasible": self.feasible,
            "value": finite(self.value),
            "value_lo": finite(self.value_lo),
            "value_hi": finite(self.value_hi),
            "p_met_at_value": finite(self.p_met_at_value),
            "best_p_met": finite(self.best_p_met),
            "current_value": finite(self.current_value),
            "p_met_now": finite(self.p_met_now),
            "bounds": [finite(b) for b in self.bounds],
            "unit": self.unit,
            "draws": self.draws,
            "required_growth": finite(self.required_growth),
            "note": self.note,
            "search": self.search,
            "more_helps": self.more_helps,
            "unit_zh": self.unit_zh,
            "theta_role": self.theta_role,
            "theta_median": finite(self.theta_median),
            "by_theta": [answer.to_dict() for answer in self.by_theta],
            "theta_width": finite(self.theta_width),
            "mc_width": finite(self.mc_width),
            "theta_share": finite(self.theta_share),
        }
        return dict(plain(record))

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return the answer as a one-row table (``bounds`` as ``bound_low`` and ``bound_high``);
        with ``styled=True`` the row a notebook shows, in ``lang`` (:func:`answers_table`)."""
        import pandas as pd

        if styled:
            return self._styler(lang)
        return pd.DataFrame([_row(self)])

    def _table(self, lang: Lang) -> Table:
        return answers_table([self], lang)

    def _caption(self, lang: Lang) -> str:
        return caption(label("styled.what_goalseek", lang), lang, draws=self.draws)

    def _summary(self) -> str:
        return f"{self.target}: {self.lever} for P(met) >= {self.probability:.0%}"


def _row(answer: GoalSeekResult) -> dict[str, Any]:
    """An answer's record with its bounds in two cells and one cell per theta percentile
    (``value_theta_p10`` ...; None where theta does not act), for a table."""
    record = answer.to_dict()
    record["bound_low"], record["bound_high"] = record.pop("bounds")
    at = {round(100 * a["quantile"]): a["value"] for a in record.pop("by_theta")}
    for q in THETA_QUANTILES:
        record[f"value_theta_p{round(100 * q)}"] = at.get(round(100 * q))
    return record


class GoalSeekResults(list[GoalSeekResult], Result):
    """The answers of :func:`goal_seek_all`, one per target: a list, with the result contract.

    ``to_dict()`` is the list ``ipsim goalseek --target all --format json`` prints, one record a
    target; ``to_frame()`` one row a target.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> answers = goal_seek_all(load_scenario("baseline"), draws=200)
    >>> first = answers[0]
    >>> len(answers), answers.to_frame()["target"][0] == first.target == answers.to_dict()[0]["target"]
    (18, True)
    """

    title = "Goal seek"

    def to_dict(self) -> list[dict[str, Any]]:
        """Return the JSON list of ``ipsim goalseek --target all --format json``."""
        return [answer.to_dict() for answer in self]

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return one row per answer (the columns of :meth:`GoalSeekResult.to_frame`); with
        ``styled=True`` the table a notebook shows, in ``lang`` (:func:`answers_table`)."""
        import pandas as pd

        if styled:
            return self._styler(lang)
        return pd.DataFrame([_row(answer) for answer in self], columns=_COLUMNS)

    def _table(self, lang: Lang) -> Table:
        return answers_table(self, lang)

    def _caption(self, lang: Lang) -> str:
        draws = self[0].draws if self else None
        return caption(label("styled.what_goalseek", lang), lang, draws=draws)


_TAKES = ("target", "lever", "probability", "needed", "needed_lo", "needed_hi", "now", "p_now")


def answers_table(answers: list[GoalSeekResult], lang: Lang = "en") -> Table:
    """Goal-seek answers as a styled table: the wanted probability, the setting needed with its
    Monte Carlo range and the setting now, in the lever's unit (a growth rate in percent),
    P(met) now and at best in percent, and the note; targets and levers by name.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> answer = goal_seek(load_scenario("baseline"), "invention_apps", draws=200)
    >>> list(answers_table([answer], "zh").frame.columns)[:3]
    ['目标', '调节手段', '期望概率']
    """
    import pandas as pd

    col = {k: label(f"workbook.col_{k}", lang) for k in (*_TAKES, "best", "unit", "note")}
    rows = [
        (
            a.name_of(a.target, lang),
            a.name_of(a.lever, lang),
            a.probability,
            a.value,
            a.value_lo,
            a.value_hi,
            a.current_value,
            a.p_met_now,
            a.best_p_met,
            "%" if a.is_growth_rate else a.unit_label(lang),
            a.note_text(lang),
        )
        for a in answers
    ]
    frame = pd.DataFrame(rows, columns=[col[k] for k in (*_TAKES, "best", "unit", "note")])
    setting = ["percent" if a.is_growth_rate else "number" for a in answers]
    kinds: dict[str, str | list[str]] = {
        col[k]: "percent" for k in ("probability", "p_now", "best")
    }
    kinds.update({col[k]: setting for k in ("needed", "needed_lo", "needed_hi", "now")})
    return Table(frame, kinds=kinds)


_COLUMNS = (
    "target",
    "lever",
    "probability",
    "feasible",
    "value",
    "value_lo",
    "value_hi",
    "p_met_at_value",
    "best_p_met",
    "current_value",
    "p_met_now",
    "unit",
    "draws",
    "required_growth",
    "note",
    "search",
    "more_helps",
    "unit_zh",
    "bound_low",
    "bound_high",
    "theta_role",
    "theta_median",
    "value_theta_p10",
    "value_theta_p50",
    "value_theta_p90",
    "theta_width",
    "mc_width",
    "theta_share",
)
"""The columns of a table of goal-seek answers."""


class _TargetProbability:
    """P(met) of one target as a function of one lever, with the same random numbers each time."""

    def __init__(
        self, scenario: Scenario, target: Target, the_lever: Lever, draws: int, rng: RngLike
    ) -> None:
        self.scenario, self.target, self.lever = scenario, target, the_lever
        self.draws, self.rng = draws, rng
        plan = scenario.load_plan()
        self.indicator = plan.indicator(target.indicator)
        self.reading = scenario.reading_of(target.id) if target.is_growth else None
        self.cache: dict[float, float] = {}

    def __call__(self, value: float) -> float:
        value = float(value)
        if value not in self.cache:
            # the lever as a per-draw value: the same numbers as a scenario with it set, without
            # validating a new scenario at every bisection step
            result = simulate(
                self.scenario,
                draws=self.draws,
                rng=self.rng,
                indicators=[self.target.indicator],
                levers={self.lever.name: np.full(self.draws, value)},
            )
            self.cache[value] = met_share(self.target, result, self.indicator, self.reading)
        return self.cache[value]


def met_share(target: Target, result: Any, indicator: Any, reading: str | None) -> float:
    """Share of draws of ``result`` that meet ``target``."""
    quantity = target_quantity(
        target, result.path(target.indicator), result.years, indicator, reading=reading
    )
    return float(is_met(target, quantity).mean())


def _smallest(
    p: _TargetProbability, wanted: float, low: float, high: float, tol: float
) -> float | None:
    """Smallest lever value in [low, high] with P >= wanted, P non-decreasing in the lever
    (None if even ``high`` falls short)."""
    if p(high) < wanted:
        return None
    if p(low) >= wanted:
        return low
    while high - low > tol:
        middle = 0.5 * (low + high)
        if p(middle) >= wanted:
            high = middle
        else:
            low = middle
    return high


def _largest(
    p: _TargetProbability, wanted: float, low: float, high: float, tol: float
) -> float | None:
    """Largest lever value in [low, high] with P >= wanted, P non-increasing in the lever
    (None if even ``low`` falls short)."""
    if p(low) < wanted:
        return None
    if p(high) >= wanted:
        return high
    while high - low > tol:
        middle = 0.5 * (low + high)
        if p(middle) >= wanted:
            low = middle
        else:
            high = middle
    return low


def more_helps(scenario: Scenario, target: Target, the_lever: Lever) -> bool:
    """Whether a higher setting of ``the_lever`` makes ``target`` likelier to be met.

    A lever that raises the indicator (:attr:`Lever.increases`; for a funding lever, when the
    indicator's funding elasticity has a non-negative median) helps an ``at_least`` target and
    hurts an ``at_most`` one; a lever that lowers it (a unit cost) the other way round.

    Examples
    --------
    >>> from ipsim.levers import lever
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> t = s.load_plan().target("industrialization_projects")
    >>> more_helps(s, t, lever("funding.operation", s)), more_helps(s, t, lever("growth.industrialization_projects", s))
    (True, False)
    """
    raises = the_lever.increases
    if the_lever.kind == "funding":
        raises = median_of(scenario.indicators[target.indicator].elasticity) >= 0
    return raises == (target.direction != "at_most")


def _lever_for(scenario: Scenario, target: Target, name: str) -> Lever | None:
    """Resolve ``name``; ``"funding"`` and ``"growth"`` mean the target's own lever of that kind."""
    if name == "funding":
        programme = scenario.indicators[target.indicator].programme
        return None if programme is None else levers_of(scenario).get(f"funding.{programme}")
    if name == "growth":
        return levers_of(scenario).get(f"growth.{target.indicator}")
    return lever(name, scenario)


def goal_seek(
    scenario: Scenario,
    target: str,
    *,
    lever: str = "funding",
    probability: float = 0.8,
    draws: int | None = None,
    rng: RngLike = None,
    bounds: tuple[float, float] | None = None,
    tolerance: float | None = None,
) -> GoalSeekResult:
    """Find the setting of ``lever`` at which ``target``'s P(met) reaches ``probability``.

    When more of the lever helps the target (see :func:`more_helps`) the answer is the smallest
    setting with P(met) >= ``probability``; when more hurts (a unit cost; funding that raises an
    indicator an ``at_most`` target caps) it is the largest setting that still gives it, and
    ``search`` says which.

    Parameters
    ----------
    scenario : Scenario
    target : str
        A target id.
    lever : str
        A lever name (``funding.<programme>``, ``growth.<indicator>``; see
        :func:`ipsim.levers.levers_of`), or ``"funding"`` / ``"growth"`` for the target's own
        funding programme or trend.
    probability : float
        The wanted P(met), in (0, 1).
    draws, rng
        Monte Carlo draws and seed (defaults: the scenario's).
    bounds : (float, float), optional
        The range searched (default: the lever's, e.g. 0.05 to 5 times the planned budget); it
        must lie inside the lever's own bounds (a budget or a unit cost > 0).
    tolerance : float, optional
        Width at which bisection stops (default: 1/10,000 of the range).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> answer = goal_seek(load_scenario("baseline"), "invention_apps", probability=0.8, draws=4_000)
    >>> answer.lever, answer.feasible, round(answer.value, 1)
    ('funding.creation', True, 2.5)
    >>> answer.p_met_at_value >= 0.8
    True

    The same with the funding elasticity held at its 10th, 50th and 90th percentiles:

    >>> [(a.quantile, round(a.theta, 3), a.value and round(a.value, 1)) for a in answer.by_theta]
    [(0.1, 0.055, None), (0.5, 0.127, 2.5), (0.9, 0.223, 1.6)]
    >>> answer.theta_share  # reachable at one percentile, not at another: theta decides
    1.0
    >>> cost = goal_seek(load_scenario("baseline"), "industrialization_projects", lever="growth", draws=2_000)
    >>> cost.search, cost.unit, cost.value < cost.current_value
    ('largest', 'CNY per unit', True)
    """
    probability, tolerance, bounds = _check_search(probability, tolerance, bounds)
    scenario = require_scenario(scenario)
    the_target = _seekable(scenario, target)
    n = scenario.draws if draws is None else whole_number("draws", draws, low=1, high=MAX_DRAWS)
    the_lever = _lever_for(scenario, the_target, lever)
    if the_lever is None:
        answer = _no_lever(scenario, the_target, lever, probability, n, rng)
        return replace(answer, names=reader_names(scenario, (lever,)))
    low, high = _bounds(scenario, the_lever, bounds)
    tol = (high - low) * 1e-4 if tolerance is None else float(tolerance)
    p = _TargetProbability(scenario, the_target, the_lever, n, rng)
    helps = more_helps(scenario, the_target, the_lever)
    find = _smallest if helps else _largest
    value = find(p, probability, low, high, tol)
    # the Monte Carlo range: settings whose P(met) is within 1.96 s.e. of the wanted one
    se = math.sqrt(probability * (1 - probability) / n)
    easier = find(p, max(probability - Z95 * se, 1e-12), low, high, tol)
    harder = find(p, min(probability + Z95 * se, 1.0), low, high, tol)
    value_lo, value_hi = (easier, harder) if helps else (harder, easier)
    role = theta_role(scenario, the_target, the_lever)
    elasticity = scenario.indicators[the_target.indicator].elasticity
    answer = GoalSeekResult(
        target=target,
        lever=the_lever.name,
        probability=probability,
        feasible=value is not None,
        value=value,
        value_lo=value_lo,
        value_hi=value_hi,
        p_met_at_value=None if value is None else p(value),
        best_p_met=max(p(low), p(high)),
        current_value=the_lever.current,
        p_met_now=p(the_lever.current),
        bounds=(low, high),
        unit=the_lever.unit,
        draws=n,
        **_note(p, probability, value, (low, high), helps),
        evaluations=len(p.cache),
        search="smallest" if helps else "largest",
        more_helps=helps,
        unit_zh=the_lever.unit_zh,
        is_growth_rate=the_lever.is_growth_rate,
        theta_role=role,
        theta_median=None if role == "none" else median_of(elasticity),
        by_theta=_across_theta(p, probability, (low, high), tolerance)
        if role == "uncertain"
        else (),
    )
    return replace(answer, names=reader_names(scenario, (the_lever.name,)))


def theta_role(scenario: Scenario, target: Target, the_lever: Lever) -> ThetaRole:
    """How the funding elasticity of ``target``'s indicator enters a goal-seek on ``the_lever``.

    ``"none"`` when it cannot move the answer: the indicator follows no programme, its published
    figures decide the target, or the lever is not its programme's budget while its budget stays
    as planned (funding then has no effect at all). Otherwise ``"uncertain"`` when the scenario
    gives the elasticity a distribution, ``"fixed"`` when a constant.

    Examples
    --------
    >>> from ipsim.levers import lever
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> t = s.load_plan().target("invention_apps")
    >>> theta_role(s, t, lever("funding.creation", s)), theta_role(s, t, lever("growth.invention_apps", s))
    ('uncertain', 'none')
    >>> theta_role(s.with_funding("creation", multiple=1.5), t, lever("growth.invention_apps", s))
    'uncertain'
    """
    spec = scenario.indicators[target.indicator]
    if spec.programme is None or _decided_by_published(scenario, target):
        return "none"
    own_budget = the_lever.kind == "funding" and the_lever.key == spec.programme
    years = range(scenario.base_year - spec.lag - 2, scenario.horizon + 1)
    off_plan = any(scenario.funding_ratio(spec.programme, y) != 1.0 for y in years)
    if not (own_budget or off_plan):
        return "none"
    return "uncertain" if isinstance(spec.elasticity, Distribution) else "fixed"


def _across_theta(
    p: _TargetProbability,
    probability: float,
    bounds: tuple[float, float],
    tolerance: float | None,
) -> tuple[ThetaAnswer, ...]:
    """The answer with the elasticity held at each of :data:`THETA_QUANTILES` in every draw.

    The rest of the uncertainty stays as it is, on the same random numbers (the elasticity draws
    from its own stream, so holding it changes no other number). Without a ``tolerance`` the
    answers are bisected to 1/1,000 of the range (they are read to three digits; the answer
    with theta uncertain goes to 1/10,000), which saves a fifth of the simulations.
    """
    low, high = bounds
    tol = (high - low) * 1e-3 if tolerance is None else tolerance
    ident = p.target.indicator
    elasticity = p.scenario.indicators[ident].elasticity
    assert isinstance(elasticity, Distribution)  # theta_role "uncertain"
    answers = []
    for q in THETA_QUANTILES:
        theta = float(elasticity.ppf(np.array([q]))[0])
        held = p.scenario.with_value(ident, "elasticity", theta)
        at = _TargetProbability(held, p.target, p.lever, p.draws, p.rng)
        helps = more_helps(held, p.target, p.lever)
        value = (_smallest if helps else _largest)(at, probability, low, high, tol)
        p_at = None if value is None else at(value)
        answers.append(ThetaAnswer(q, theta, value, p_at, at(high if helps else low)))
    return tuple(answers)


def _check_search(
    probability: Any, tolerance: Any, bounds: Any
) -> tuple[float, float | None, tuple[float, float] | None]:
    """The wanted probability, the tolerance and the bounds of a goal seek as numbers, or raise."""
    probability = real_number(
        "probability", probability, low=0.0, high=1.0, open_low=True, open_high=True
    )
    if tolerance is not None:
        tolerance = real_number("tolerance", tolerance, low=0.0, open_low=True)
    if bounds is not None:
        if not isinstance(bounds, tuple | list) or len(bounds) != 2:
            msg = f"bounds: expected two numbers (low, high), got {shown(bounds)}"
            raise ArgumentError(msg)
        bounds = (real_number("bounds[0]", bounds[0]), real_number("bounds[1]", bounds[1]))
    return probability, tolerance, bounds


def _seekable(scenario: Scenario, target: str) -> Target:
    """The target ``target`` of the scenario's plan, if it has a threshold and is modelled."""
    the_target = scenario.load_plan().target(target)
    if the_target.threshold is None:
        msg = f"target {target!r} has no published threshold, so nothing can be sought for it"
        raise ScenarioArgumentError(msg)
    if the_target.indicator not in scenario.indicators:
        reason = scenario.unmodelled.get(the_target.indicator, "no model is given for it")
        msg = (
            f"target {target!r} is not modelled in scenario {scenario.name!r}: its indicator "
            f"{the_target.indicator!r} is left out ({reason}), so no lever can be sought for it"
        )
        raise ScenarioArgumentError(msg)
    return the_target


NoteParts = tuple[tuple[str, dict[str, Any]], ...]
"""A goal-seek answer's note as label keys (``goalseek.note.*``) with their values; a value that
is a pair ``(en, zh)`` is read in the reader's language, one that names a label key under
``*_key`` is that label."""


def note_words(parts: NoteParts, lang: Lang = "en") -> str:
    """Word a note's parts in ``lang``, joined by the language's separator.

    Examples
    --------
    >>> parts = (("goalseek.note.at_lower_bound", {"p": 0.8, "bound": 0.05}),)
    >>> note_words(parts, "en")
    'P(met) >= 80% already at the lower bound 0.05'
    """

    def value(key: str, v: Any) -> Any:
        if isinstance(v, tuple):
            return v[1] if lang == "zh" and v[1] else v[0]
        return label(v, lang) if key.endswith("_key") else v

    words = [label(k, lang, **{n: value(n, v) for n, v in values.items()}) for k, values in parts]
    return label("goalseek.note.separator", lang).join(words)


def _names(scenario: Scenario, target: Target, the_lever: Lever) -> dict[str, tuple[str, str]]:
    """The lever and the target as a note names them, in English and Chinese: the funding
    programme or the indicator's trend or unit cost, and the target's label (never an id)."""
    plan = scenario.load_plan()

    def inside(name: str, lang: Lang) -> str:  # "trend of invention ...", but "of IP ..."
        return name[:1].lower() + name[1:] if lang == "en" and not name[:2].isupper() else name

    def worded(lang: Lang) -> str:
        if the_lever.kind == "funding":
            programme = next((p for p in plan.funding_programmes if p.id == the_lever.key), None)
            named = inside(programme.label(lang), lang) if programme else the_lever.key
            return label("goalseek.note.funding_of", lang, programme=named)
        indicator = inside(plan.indicator(the_lever.key).label(lang), lang)
        key = "cost_of" if the_lever.param == "unit_cost" else "trend_of"
        return label(f"goalseek.note.{key}", lang, indicator=indicator)

    return {
        "lever": (worded("en"), worded("zh")),
        "target": (target.label("en"), target.label("zh")),
    }


def _note(
    p: _TargetProbability,
    probability: float,
    value: float | None,
    bounds: tuple[float, float],
    helps: bool,
) -> dict[str, Any]:
    """What a reader should know about the answer (out of reach, already met, the other way),
    as ``note`` (English) and ``notes`` (:data:`NoteParts`, for any language)."""
    scenario, target, the_lever = p.scenario, p.target, p.lever
    names = _names(scenario, target, the_lever)
    low, high = bounds
    worst, best = (low, high) if helps else (high, low)
    parts: list[tuple[str, dict[str, Any]]] = []
    if value is None:
        at = {"lever": names["lever"], "low": low, "high": high, "best": p(best), "at": best}
        parts.append(("goalseek.note.unreachable", at))
    elif value == worst:
        edge = "lower" if helps else "upper"
        parts.append((f"goalseek.note.at_{edge}_bound", {"p": probability, "bound": worst}))
    moves = (
        the_lever.kind != "funding"
        or scenario.indicators[target.indicator].programme == the_lever.key
    )
    if not helps and moves:
        what = "cost" if the_lever.kind == "growth" and not the_lever.increases else "setting"
        parts.insert(0, (f"goalseek.note.hurts_{what}", {**names, "p": probability}))
    if not moves:
        parts.insert(0, ("goalseek.note.not_moving", names))
    if _decided_by_published(scenario, target):
        verdict = "met" if p(the_lever.current) >= 1.0 else "missed"
        parts.insert(0, ("goalseek.note.decided", {"verdict_key": f"board.short_{verdict}"}))
    return {"note": note_words(tuple(parts)), "notes": tuple(parts)}


def _decided_by_published(scenario: Scenario, target: Target) -> bool:
    """Whether every year ``target`` reads is a published figure of the scenario (see assess)."""
    from ipsim.assess import published_figures
    from ipsim.target_kinds import years_read

    indicator = scenario.load_plan().indicator(target.indicator)
    reading = scenario.reading_of(target.id) if target.is_growth else None
    years = years_read(target, indicator, reading=reading)
    return published_figures(scenario.indicators[target.indicator], years) is not None


def _bounds(
    scenario: Scenario, the_lever: Lever, bounds: tuple[float, float] | None
) -> tuple[float, float]:
    """The range searched: the given one, checked, or the lever's (a budget of at least 5 %).

    A budget multiple must stay > 0, and a model parameter inside its declared bounds (a unit
    cost > 0), so that nothing is divided by zero.
    """
    if bounds is None:
        low = max(the_lever.low, 0.05) if the_lever.kind == "funding" else the_lever.low
        return low, the_lever.high
    low, high = (float(b) for b in bounds)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        msg = f"bounds must be two increasing finite numbers, got {tuple(bounds)!r}"
        raise ScenarioArgumentError(msg)
    _check_settings(scenario, the_lever, np.array([low, high]), "bounds")
    return low, high


def _check_settings(scenario: Scenario, the_lever: Lever, values: np.ndarray, what: str) -> None:
    """Refuse settings outside what the lever can take (a budget or a unit cost <= 0, ...)."""
    if the_lever.kind == "funding":
        floor, floor_open, ceiling, ceiling_open = 0.0, True, math.inf, True
    else:
        from ipsim.models import MODELS

        assert the_lever.param is not None  # a growth lever names its parameter
        spec = MODELS[scenario.indicators[the_lever.key].model].param(the_lever.param)
        floor, floor_open, ceiling, ceiling_open = (
            spec.low,
            spec.low_open,
            spec.high,
            spec.high_open,
        )
    too_low = values <= floor if floor_open else values < floor
    too_high = values >= ceiling if ceiling_open else values > ceiling
    if np.any(too_low | too_high | ~np.isfinite(values)):
        low_sign, high_sign = ("<" if floor_open else "<="), ("<" if ceiling_open else "<=")
        shown = ", ".join(f"{v:g}" for v in values[: min(values.size, 6)])
        more = ", ..." if values.size > 6 else ""
        msg = (
            f"{what} of {the_lever.name} ({the_lever.unit}) must lie within "
            f"{floor:g} {low_sign} value {high_sign} {ceiling:g}, got ({shown}{more})"
        )
        raise ScenarioArgumentError(msg)


def _no_lever(
    scenario: Scenario, target: Target, name: str, probability: float, draws: int, rng: RngLike
) -> GoalSeekResult:
    plan = scenario.load_plan()
    result = simulate(scenario, draws=draws, rng=rng, indicators=[target.indicator])
    reading = scenario.reading_of(target.id) if target.is_growth else None
    now = met_share(target, result, plan.indicator(target.indicator), reading)
    return GoalSeekResult(
        target=target.id,
        lever=name,
        probability=probability,
        feasible=now >= probability,
        value=None,
        value_lo=None,
        value_hi=None,
        p_met_at_value=None,
        best_p_met=now,
        current_value=math.nan,
        p_met_now=now,
        bounds=(math.nan, math.nan),
        unit="",
        draws=draws,
        **_no_lever_note(scenario, target, name, now),
    )


def _no_lever_note(scenario: Scenario, target: Target, name: str, now: float) -> dict[str, Any]:
    """The note of a target no lever of kind ``name`` moves (decided or not)."""
    parts: list[tuple[str, dict[str, Any]]] = []
    if _decided_by_published(scenario, target):
        verdict_key = "board.short_met" if now >= 1.0 else "board.short_missed"
        parts.append(("goalseek.note.decided_only", {"verdict_key": verdict_key}))
    kind_key = f"goalseek.note.kind_{name}"
    kind = (name, label(kind_key, "zh") if kind_key in LABELS else "")
    indicator = (target.indicator, scenario.load_plan().indicator(target.indicator).label("zh"))
    parts.append(("goalseek.note.no_lever", {"kind": kind, "indicator": indicator}))
    return {"note": note_words(tuple(parts)), "notes": tuple(parts)}


def goal_seek_all(
    scenario: Scenario,
    *,
    lever: str = "funding",
    probability: float = 0.8,
    draws: int | None = None,
    rng: RngLike = None,
) -> GoalSeekResults:
    """:func:`goal_seek` for every target, each with its own lever when ``lever`` is a kind.

    Each result also carries the growth the target still needs from its last observation (the
    deterministic companion; None where a rate does not apply). Targets without a threshold or
    left out of the scenario are skipped.

    Returns
    -------
    GoalSeekResults
        A list of :class:`GoalSeekResult`, one per target, with ``to_frame()`` and ``to_dict()``.
    """
    import dataclasses

    from ipsim.assess import assess

    scenario = require_scenario(scenario)
    board = {
        t.id: t
        for t in assess(simulate(scenario, draws=min(scenario.draws, 2_000), rng=rng)).targets
    }
    answers = GoalSeekResults()
    for target in scenario.load_plan().targets:
        if target.indicator not in scenario.indicators or target.threshold is None:
            continue
        answer = goal_seek(
            scenario, target.id, lever=lever, probability=probability, draws=draws, rng=rng
        )
        required = finite(board[target.id].required_growth)
        answers.append(dataclasses.replace(answer, required_growth=required))
    return answers


def sweep(
    scenario: Scenario,
    lever_name: str,
    values: np.ndarray | list[float],
    *,
    targets: list[str] | None = None,
    draws: int = 2_000,
    rng: RngLike = None,
) -> SweepResult:
    """P(met) of targets over a grid of one lever, in one vectorised simulation.

    Every grid point sees the same random numbers (common random numbers), so the curves are
    monotone.

    Returns
    -------
    SweepResult
        A pandas DataFrame, one row per (value, target): ``lever``, ``value``, ``target``,
        ``kind``, ``p_met``, ``se``; with ``to_frame()`` (a plain copy) and ``to_dict()``.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> curve = sweep(load_scenario("baseline"), "funding.creation", [0.5, 1, 2], targets=["invention_apps"], draws=1_000)
    >>> bool(curve["p_met"].is_monotonic_increasing)
    True
    >>> doc = curve.to_dict()
    >>> doc["lever"], doc["draws"], [round(point["value"], 1) for point in doc["points"]]
    ('funding.creation', 1000, [0.5, 1.0, 2.0])
    """
    scenario = require_scenario(scenario)
    draws = whole_number("draws", draws, low=1, high=MAX_DRAWS)
    the_lever = lever(lever_name, scenario)
    grid = np.asarray(values, dtype=float).reshape(-1)
    if grid.size == 0:
        msg = f"values of {the_lever.name}: expected at least one setting, got none"
        raise ScenarioArgumentError(msg)
    _check_settings(scenario, the_lever, grid, "values")
    plan = scenario.load_plan()
    chosen = [plan.target(t) for t in (targets or [t.id for t in plan.targets])]
    chosen = [t for t in chosen if t.indicator in scenario.indicators]
    result = simulate(
        scenario,
        draws=draws * len(grid),
        rng=rng,
        indicators=sorted({t.indicator for t in chosen}),
        levers={the_lever.name: np.repeat(grid, draws)},
        repeat_noise=draws,
    )
    rows = []
    for t in chosen:
        reading = scenario.reading_of(t.id) if t.is_growth else None
        quantity = target_quantity(
            t, result.path(t.indicator), result.years, plan.indicator(t.indicator), reading=reading
        )
        met = is_met(t, quantity).reshape(len(grid), draws).mean(axis=1)
        for value, p in zip(grid, met, strict=True):
            rows.append(
                {
                    "lever": the_lever.name,
                    "value": float(value),
                    "target": t.id,
                    "kind": effective_kind(t, reading),
                    "p_met": float(p),
                    "se": math.sqrt(p * (1 - p) / draws),
                }
            )
    curve = _sweep_result_type()(rows)
    curve.lever_name, curve.draws = the_lever.name, draws
    return curve


class _SweepContract(Result):
    """P(met) of targets over a grid of one lever: what :func:`sweep` returns.

    A ``SweepResult`` is a pandas DataFrame (one row per setting and target: ``lever``,
    ``value``, ``target``, ``kind``, ``p_met``, ``se``) that also keeps the result contract:
    ``to_frame()`` returns a plain DataFrame copy, ``to_dict()`` without arguments the JSON
    document (``lever``, ``draws``, ``points``; with arguments it is pandas' own), and the notebook
    view is the escaped table. Tables derived from it (a filter, a copy) are plain DataFrames.
    """

    title = "Sweep"
    _metadata: ClassVar[list[str]] = ["lever_name", "draws"]  # pandas keeps them in a pickle
    lever_name: str = ""
    """The lever swept."""
    draws: int = 0
    """Draws behind each point's P(met)."""

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        import pandas as pd

        return pd.DataFrame

    def _frame(self) -> pd.DataFrame:
        return cast("pd.DataFrame", self)

    def to_frame(self) -> pd.DataFrame:
        """Return the points as a plain DataFrame (a copy)."""
        import pandas as pd

        return pd.DataFrame(self._frame(), copy=True)

    def to_dict(self, *args: Any, **kwargs: Any) -> Any:
        """Return the JSON document of the sweep; with arguments, pandas' ``DataFrame.to_dict``."""
        import pandas as pd

        if args or kwargs:
            return pd.DataFrame.to_dict(self._frame(), *args, **kwargs)
        points = self._frame().to_dict("records")
        return plain({"lever": self.lever_name, "draws": self.draws, "points": points})

    def _summary(self) -> str:
        return f"{self.lever_name}: P(met) at each setting, {self.draws:,} draws a point"


if TYPE_CHECKING:

    class SweepResult(_SweepContract, pd.DataFrame):  # type: ignore[misc]
        """A pandas DataFrame with the result contract (see :class:`_SweepContract`)."""


@functools.cache
def _sweep_result_type() -> type[SweepResult]:
    """The class ``SweepResult``, built on first use: it derives from pandas' DataFrame, and
    importing ipsim does not import pandas."""
    import pandas as pd

    namespace = {"__module__": __name__, "__qualname__": "SweepResult", "__doc__": ""}
    namespace["__doc__"] = _SweepContract.__doc__ or ""
    return cast("type[SweepResult]", type("SweepResult", (_SweepContract, pd.DataFrame), namespace))


def __getattr__(name: str) -> Any:
    if name == "SweepResult":
        return _sweep_result_type()
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
