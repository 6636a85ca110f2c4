"""Joint probabilities over the plausible dependence between trends.

P(met) of one target does not depend on how the trends of different indicators move together;
P(all targets met) and P(at least k met) do, strongly. A scenario states that dependence in its
``dependence:`` block (groups of indicators, each with a correlation, the plausible range of that
correlation and its source; see :class:`ipsim.scenario.Dependence`). :func:`dependence_range`
simulates the scenario again with every group's correlation at the low and at the high end of its
range, on the same random numbers, and reports the joint probabilities at the three settings;
:func:`describe_dependence` is the one-line statement of what a joint probability assumes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from ipsim._outputs import plain
from ipsim.assess import assess
from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, label
from ipsim.results import Result
from ipsim.scenario import DependenceEnd, DependenceGroup, Scenario
from ipsim.simulate import RngLike, SimulationResult, require_scenario, simulate

if TYPE_CHECKING:
    import pandas as pd

ENDS: tuple[DependenceEnd, ...] = get_args(DependenceEnd)
"""The three settings of the correlations: the low end of each range, as stated, the high end."""


@dataclass(frozen=True, eq=False)
class DependenceRange(Result):
    """P(all met) and P(at least k met) with the trends' correlations low, as stated and high.

    ``p_all_met`` and ``p_at_least`` map each of :data:`ENDS` to the probability (for
    ``p_at_least``, one per ``k``), all from the same random numbers. ``groups`` are the
    scenario's dependence groups as stated (empty: independent trends, and the three settings
    agree). Build it with :func:`dependence_range`.
    """

    scenario: str
    sha256: str
    draws: int
    seed: int | None
    targets: int
    """How many targets the joint probabilities count (those simulated and assessed)."""
    k: tuple[int, ...]
    groups: tuple[DependenceGroup, ...]
    p_all_met: Mapping[str, float]
    p_at_least: Mapping[str, tuple[float, ...]]
    title = "Joint probabilities over the plausible dependence between trends"

    def to_frame(self, lang: Lang = "en") -> pd.DataFrame:
        """Return one row per joint event (all met, at least k met): P at low, stated, high.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> span = dependence_range(load_scenario("baseline"), draws=2_000, rng=1, k=(15,))
        >>> span.to_frame()[["event", "k"]].values.tolist()
        [['all targets met', 18], ['at least 15 of 18 met', 15]]
        """
        import pandas as pd

        n = self.targets
        rows = [{"event": label("dependence.all_met", lang), "k": n, **self.p_all_met}]
        for i, k in enumerate(self.k):
            event = label("dependence.at_least", lang, k=k, n=n)
            rows.append({"event": event, "k": k, **{e: self.p_at_least[e][i] for e in ENDS}})
        return pd.DataFrame(rows, columns=["event", "k", *ENDS])

    def to_dict(self) -> dict[str, Any]:
        """Return the run, the groups (correlations used and their sources) and the probabilities.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> doc = dependence_range(load_scenario("baseline"), draws=2_000, rng=1).to_dict()
        >>> sorted(doc)
        ['draws', 'groups', 'k', 'p_all_met', 'p_at_least', 'scenario', 'seed', 'sha256', 'targets']
        >>> sorted(doc["groups"][0])
        ['correlation', 'high', 'indicators', 'low', 'name', 'source']
        """
        groups = [
            {
                "name": g.name,
                "indicators": list(g.indicators),
                "correlation": g.correlation,
                "low": g.range[0],
                "high": g.range[1],
                "source": g.source,
            }
            for g in self.groups
        ]
        return dict(
            plain(
                {
                    "scenario": self.scenario,
                    "sha256": self.sha256,
                    "seed": self.seed,
                    "draws": self.draws,
                    "targets": self.targets,
                    "k": list(self.k),
                    "groups": groups,
                    "p_all_met": dict(self.p_all_met),
                    "p_at_least": {e: list(v) for e, v in self.p_at_least.items()},
                }
            )
        )

    def _summary(self) -> str:
        named = ", ".join(
            f"{g.name} {g.correlation:g} ({g.range[0]:g}-{g.range[1]:g})" for g in self.groups
        )
        return (
            f"scenario {self.scenario}, {self.draws:,} draws; correlations of trends: "
            f"{named or 'none (independent trends)'}"
        )


def dependence_range(
    source: Scenario | SimulationResult,
    *,
    k: Sequence[int] | None = None,
    draws: int | None = None,
    rng: RngLike = None,
) -> DependenceRange:
    """Return P(all met) and P(at least k met) at the low end, as stated and at the high end of
    every dependence group's plausible correlation.

    The scenario is simulated three times on the same seed (common random numbers): with each
    group's correlation at the low end of its range, as stated, and at the high end. Given a
    :class:`~ipsim.simulate.SimulationResult`, its draws and seed are used and it stands for the
    stated setting.

    Parameters
    ----------
    source : Scenario or SimulationResult
    k : sequence of int, optional
        For P(at least k met); defaults to four in five of the assessed targets, rounded up.
    draws : int, optional
        Monte Carlo draws (a scenario only); defaults to ``scenario.draws``.
    rng : int, optional
        Seed (a scenario only); defaults to ``scenario.seed``.

    Returns
    -------
    DependenceRange

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> span = dependence_range(load_scenario("baseline"), draws=4_000, rng=1, k=(15,))
    >>> span.p_at_least["low"][0] <= span.p_at_least["stated"][0] <= span.p_at_least["high"][0]
    True
    """
    stated, scenario = _stated_run(source, draws, rng)
    seed = stated.seed_entropy
    runs = {"stated": stated}
    dependence = scenario.dependence
    ends: tuple[DependenceEnd, ...] = ("low", "high")
    for end in ends:
        if dependence is None:
            runs[end] = stated
        else:
            moved = scenario.with_dependence(dependence.at(end))
            runs[end] = simulate(moved, draws=stated.draws, rng=seed)
    distributions = {end: assess(run).n_met_distribution for end, run in runs.items()}
    targets = len(distributions["stated"]) - 1
    ks = _ks(k, targets)
    return DependenceRange(
        scenario=scenario.name,
        sha256=scenario.sha256,
        draws=stated.draws,
        seed=seed,
        targets=targets,
        k=ks,
        groups=() if dependence is None else dependence.all_groups,
        p_all_met={end: distributions[end][-1] for end in ENDS},
        p_at_least={end: tuple(sum(distributions[end][j:]) for j in ks) for end in ENDS},
    )


def _stated_run(
    source: Scenario | SimulationResult, draws: int | None, rng: RngLike
) -> tuple[SimulationResult, Scenario]:
    """The run at the stated dependence: the result given, or a new simulation of the scenario."""
    if isinstance(source, SimulationResult):
        if draws is not None or rng is not None:
            msg = "draws and rng: give them with a scenario, not with a simulation result"
            raise ArgumentError(msg)
        if source.seed_entropy is None:  # its random numbers cannot be drawn again
            msg = "source: a result simulated from a whole-number seed is needed, got another seed"
            raise ArgumentError(msg)
        return source, source.scenario
    scenario = require_scenario(source)
    return simulate(scenario, draws=draws, rng=rng), scenario


def _ks(k: Sequence[int] | None, targets: int) -> tuple[int, ...]:
    """The k of P(at least k met), checked; four in five of the targets by default."""
    if k is None:
        return (math.ceil(0.8 * targets),)
    ks = tuple(k)
    if not ks or any(
        isinstance(j, bool) or not isinstance(j, int) or not 0 <= j <= targets for j in ks
    ):
        msg = f"k: expected whole numbers from 0 to {targets} (the targets assessed), got {list(ks)!r}"
        raise ArgumentError(msg)
    return ks


def describe_dependence(scenario: Scenario, lang: Lang = "en") -> str:
    """State in one line the dependence between trends that the scenario's joint probabilities assume.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> describe_dependence(load_scenario("baseline").with_dependence(None))
    'trends drawn independently (the scenario states no dependence)'
    """
    dependence = scenario.dependence
    if dependence is None or not dependence.all_groups:
        return label("dependence.independent", lang)
    plan = scenario.load_plan()
    parts = [
        label(
            "dependence.group",
            lang,
            name=_group_name(g, plan, lang),
            correlation=f"{g.correlation:g}",
            low=f"{g.range[0]:g}",
            high=f"{g.range[1]:g}",
        )
        for g in dependence.all_groups
    ]
    return label("dependence.stated", lang, groups=label("dependence.separator", lang).join(parts))


def _group_name(group: DependenceGroup, plan: Any, lang: Lang) -> str:
    """A group as a reader knows it: its indicators' labels ("all other indicators" for
    ``others``), never its id.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> _group_name(s.dependence.all_groups[-1], s.load_plan(), "zh")
    '其余各项指标'
    """
    if group.name == "others":
        return label("dependence.others", lang)
    names = [plan.indicator(i).label(lang) for i in group.indicators]
    return label("dependence.list_separator", lang).join(names)
