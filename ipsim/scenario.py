"""Scenarios: which plan, which years, how many draws, and every assumption, as a frozen object.

A scenario file is YAML, read strictly: closed key sets, ``model`` and ``dist`` values from
their registries, and every problem in a file reported at once as
``file:line: dotted.path: what is wrong; expected X, got Y`` (with "Did you mean" where one
fits). :func:`dump_scenario` writes the canonical form, and ``load(dump(s)) == s``.

This module holds the data model (:class:`Scenario` and its parts, changed by returning copies),
the loader and the dumper; the checks of a file, one function per section, live in
:mod:`ipsim.schema.scenario`, which also defines the file's vocabulary (readings, confidences,
limits) re-exported here.

File layout (keys marked * are required)::

    schema: ipsim-scenario/1
    name*: baseline                       # short id
    title_zh / title_en / description     # optional texts
    plan*: guangzhou-ip-2017-2020         # bundled plan id, or a path relative to this file
    base_year*: 2016                      # first simulated year
    horizon*: 2020                        # last simulated year (>= every target deadline)
    draws: 10000                          # Monte Carlo draws (default 10000)
    seed: 2017                            # seed of the random streams (default 0)
    reading: cagr                         # how "average annual growth" targets are read:
                                          # cagr (default) or yoy_each_year (growth every year)
    target_readings: {target_id: yoy_each_year}   # optional per-target override
    modified:                             # written by the explorer when a control was moved:
      original: baseline                  # the scenario it started from (name, sha256) and
      original_sha256: 1f19...            # each input changed, from what to what (medians
      changes: [{input: funding.creation.multiple, from: 1.0, to: 1.6}]   # for uncertain ones)
    funding:                              # levers, one per funding programme of the plan
      <programme>:
        reference_cny: 30000000           # reference yearly budget (needed by funded_units)
        multiple: 1.0                     # budget as a multiple of the reference: a number,
                                          # or {year: multiple} for every year from from_year
        schedule_cny: {2017: ..., ...}    # or yearly budgets in CNY (instead of multiple)
        from_year: 2017                   # first year the lever applies (default base_year+1)
        source / rationale                # where the numbers come from
    indicators:                           # one per plan indicator that a target measures
      <indicator>:
        model*: compound_growth           # a registered model family
        baseline*: {year, value, confidence, source | rationale}
        programme: creation               # funding programme it responds to
        elasticity: 0.2                   # funding elasticity theta (number or distribution)
        lag: 1                            # years between funding and effect
        shock_loading: 0.5                # loading on the common shock factor, in [-1, 1]
        rationale: ...                    # why these numbers
        <model parameter>: number or {dist: normal, mean: .., sd: ..}
    dependence:                           # optional: trends that move together (else independent)
      groups:                             # each indicator in at most one group
        - name: patent_output             # a short id (also names the group's random stream)
          indicators: [invention_apps, hitech_invention_apps]
          correlation: 0.5                # of the trends, in [0, 1): a one-factor Gaussian copula
          range: [0.2, 0.8]               # the plausible range, containing the correlation
          source: ...                     # where the numbers come from
      others: {correlation: 0.3, range: [0.0, 0.6], source: ...}   # every other indicator

Uncertain values are ``{dist: normal, mean, sd}``, ``{dist: lognormal, median, sigma}``,
``{dist: uniform, low, high}`` or ``{dist: triangular, low, mode, high}``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ipsim._inputs import check_path, read_bytes, read_text, resolve, shown_path
from ipsim._outputs import write_text_atomic
from ipsim._yaml import YamlError, dump_yaml, read_yaml
from ipsim.distributions import DISTRIBUTIONS, Distribution, Value
from ipsim.errors import ArgumentError, ScenarioError
from ipsim.i18n import Lang, in_language
from ipsim.models import MODELS
from ipsim.plan import Plan
from ipsim.schema.checker import Checker, dotted, quote_choices, suggestion
from ipsim.schema.scenario import (
    CONFIDENCES,
    MAX_CNY,
    MAX_DRAWS,
    MAX_MULTIPLE,
    OTHERS,
    READINGS,
    SCENARIO_SCHEMA,
    Confidence,
    Reading,
    check_scenario,
    resolve_plan,
)
from ipsim.schema.scenario_workbook import MAX_WORKBOOK_BYTES, WORKBOOK_SUFFIXES, scenario_raw_of

__all__ = [
    "CONFIDENCES",
    "MAX_CNY",
    "MAX_DRAWS",
    "MAX_MULTIPLE",
    "READINGS",
    "SCENARIO_SCHEMA",
    "Baseline",
    "Change",
    "Confidence",
    "Dependence",
    "DependenceGroup",
    "FundingLever",
    "IndicatorSpec",
    "Modification",
    "Reading",
    "Scenario",
    "bundled_scenarios",
    "bundled_scenarios_dir",
    "dump_scenario",
    "from_dict",
    "load_scenario",
    "loads_scenario",
    "to_dict",
]


@dataclass(frozen=True)
class Baseline:
    """An indicator's starting point: observed (with its source) or assumed (with a rationale).

    ``value=None`` means the level is unknown; the indicator is then simulated as an index
    (baseline = 1), which only growth targets can be assessed on. ``history`` holds observed
    values of earlier years (same source) that a target window needs, e.g. the 2016 value of
    an indicator projected from its 2017 observation; they are the same in every draw.
    """

    year: int
    value: Value | None
    confidence: Confidence
    source: str | None = None
    rationale: str | None = None
    history: Mapping[int, float] = field(default_factory=dict)

    @property
    def is_assumed(self) -> bool:
        return self.confidence == "assumed"


@dataclass(frozen=True)
class IndicatorSpec:
    """How one indicator is modelled: its family, baseline, parameters and funding response."""

    id: str
    model: str
    baseline: Baseline
    params: Mapping[str, Value]
    programme: str | None = None
    elasticity: Value = 0.0
    lag: int = 1
    shock_loading: float = 0.0
    rationale: str | None = None
    fitted: tuple[str, ...] = ()
    """Parameters estimated from observed data (by :func:`ipsim.analysis.calibrate.calibrate`); the
    others are assumptions."""

    @property
    def trend_assumed(self) -> bool:
        """Whether the indicator's trend parameters are assumptions rather than fitted to data."""
        return not self.fitted


@dataclass(frozen=True)
class FundingLever:
    """A funding programme's yearly budget, as a multiple of a reference or as a schedule."""

    programme: str
    reference_cny: float | None = None
    multiple: float | Mapping[int, float] = 1.0
    schedule_cny: Mapping[int, float] | None = None
    from_year: int | None = None
    source: str | None = None
    rationale: str | None = None

    def ratio(self, year: int, base_year: int) -> float:
        """Return the budget of ``year`` divided by the reference budget.

        Years before the lever applies are at the reference (ratio 1).

        Examples
        --------
        >>> FundingLever("creation", multiple=1.5).ratio(2018, base_year=2016)
        1.5
        >>> FundingLever("creation", multiple=1.5).ratio(2016, base_year=2016)
        1.0
        """
        if self.schedule_cny is not None:
            if year in self.schedule_cny and self.reference_cny:
                return float(self.schedule_cny[year]) / self.reference_cny
            return 1.0
        start = self.from_year if self.from_year is not None else base_year + 1
        if year < start:
            return 1.0
        if isinstance(self.multiple, Mapping):
            return float(self.multiple.get(year, 1.0))
        return float(self.multiple)


@dataclass(frozen=True)
class Change:
    """One input moved away from the original scenario (by a control of the explorer).

    ``input`` is the dotted path of the input in the scenario file: ``funding.<programme>.multiple``
    (and ``.<year>`` for one year of a per-year budget), ``indicators.<indicator>.<parameter>``
    (``before`` and ``after`` are then medians), ``draws`` or ``reading``.
    """

    input: str
    before: float | str
    after: float | str


@dataclass(frozen=True)
class Modification:
    """Where a modified scenario came from: the original's name and sha256, and what changed."""

    original: str
    original_sha256: str
    changes: tuple[Change, ...] = ()


DependenceEnd = Literal["low", "stated", "high"]
"""Where in its plausible range a group's correlation is taken (:meth:`Dependence.at`)."""


@dataclass(frozen=True)
class DependenceGroup:
    """Indicators whose trends move together: one correlation, its plausible range, its source.

    The trend of an indicator is its model's :attr:`~ipsim.models.base.Model.lever_param` (the
    growth rate, the logit rate, the additions a year, the unit cost). Within a group the trends
    are drawn through a one-factor Gaussian copula with this ``correlation`` between the normal
    scores of any two of them; each trend keeps its own distribution. ``indicators`` is empty
    for the ``others`` group, which holds every modelled indicator not named in a group.

    Examples
    --------
    >>> group = DependenceGroup("patents", ("invention_apps", "trademark_apps"), 0.5, (0.2, 0.8), "a guess")
    >>> group.at("high").correlation, group.at("low").correlation
    (0.8, 0.2)
    """

    name: str
    indicators: tuple[str, ...]
    correlation: float
    range: tuple[float, float]
    source: str

    def at(self, end: DependenceEnd) -> DependenceGroup:
        """Return a copy whose correlation is the ``low`` or ``high`` end of the range (or as stated)."""
        if end == "stated":
            return self
        value = {"low": self.range[0], "high": self.range[1]}.get(end)
        if value is None:
            msg = f"end: expected 'low', 'stated' or 'high', got {end!r}"
            raise ArgumentError(msg)
        return dataclasses.replace(self, correlation=value)


@dataclass(frozen=True)
class Dependence:
    """Which indicators' trends are correlated, and how strongly (see :class:`DependenceGroup`).

    Without it (``Scenario.dependence is None``) every indicator's trend is drawn independently.

    Examples
    --------
    >>> dep = Dependence(others=DependenceGroup("others", (), 0.3, (0.0, 0.6), "a guess"))
    >>> dep.group_of("invention_apps").name, dep.at("low").group_of("invention_apps").correlation
    ('others', 0.0)
    """

    groups: tuple[DependenceGroup, ...] = ()
    others: DependenceGroup | None = None
    """The group of every modelled indicator not named in :attr:`groups` (``None``: they stay
    independent)."""

    @property
    def all_groups(self) -> tuple[DependenceGroup, ...]:
        """The named groups, then ``others`` if given."""
        return self.groups + ((self.others,) if self.others is not None else ())

    def group_of(self, indicator: str) -> DependenceGroup | None:
        """Return the group an indicator's trend belongs to (``None``: drawn independently)."""
        for group in self.groups:
            if indicator in group.indicators:
                return group
        return self.others

    def at(self, end: DependenceEnd) -> Dependence:
        """Return a copy with every group's correlation at the ``low`` or ``high`` end of its range."""
        others = None if self.others is None else self.others.at(end)
        return Dependence(tuple(g.at(end) for g in self.groups), others)


@dataclass(frozen=True)
class Scenario:
    """A complete, validated set of assumptions for one plan.

    Build one with :func:`load_scenario`, or in code (it validates when built), and change it
    by returning copies (:meth:`with_funding`, :meth:`with_value`, :meth:`with_reading`,
    :meth:`with_run`).

    Examples
    --------
    >>> s = load_scenario("baseline")
    >>> s.plan, s.reading
    ('guangzhou-ip-2017-2020', 'cagr')
    >>> s.with_funding("creation", multiple=1.5).funding["creation"].multiple
    1.5
    """

    name: str
    plan: str
    base_year: int
    horizon: int
    indicators: Mapping[str, IndicatorSpec]
    funding: Mapping[str, FundingLever] = field(default_factory=dict)
    draws: int = 10_000
    seed: int = 0
    reading: Reading = "cagr"
    target_readings: Mapping[str, Reading] = field(default_factory=dict)
    title_zh: str | None = None
    title_en: str | None = None
    description: str | None = None
    unmodelled: Mapping[str, str] = field(default_factory=dict)
    """Plan indicators deliberately left out, each with the reason (e.g. no baseline in the
    sources used); their targets are reported as not assessable."""
    modified: Modification | None = None
    """Set when the scenario is another one with some inputs moved (see :class:`Modification`)."""
    dependence: Dependence | None = None
    """Groups of indicators whose trends are correlated; ``None``: every trend independent."""
    base_dir: str | None = field(default=None, compare=False, repr=False)

    def title(self, lang: Lang = "en") -> str | None:
        """The scenario's own title in ``lang``, if it has one."""
        return in_language(lang, self.title_en or "", self.title_zh or "") or None

    def __post_init__(self) -> None:
        check = Checker(f"<scenario {self.name!r}>")
        check_scenario(to_dict(self), check, self.base_dir)
        check.raise_if_any(ScenarioError)

    # -- derived -------------------------------------------------------------------------
    def load_plan(self) -> Plan:
        """Return the plan this scenario refers to (bundled id or path relative to the file)."""
        return resolve_plan(self.plan, self.base_dir)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.base_year, self.horizon + 1))

    @property
    def sha256(self) -> str:
        """SHA-256 of the canonical YAML form (:func:`dump_scenario`)."""
        return hashlib.sha256(dump_scenario(self).encode("utf-8")).hexdigest()

    def reading_of(self, target_id: str) -> Reading:
        """Return the reading used for a growth target."""
        return self.target_readings.get(target_id, self.reading)

    def funding_ratio(self, programme: str | None, year: int) -> float:
        """Return F[year] / F_ref for ``programme`` (1.0 without a lever)."""
        lever = self.funding.get(programme or "")
        return 1.0 if lever is None else lever.ratio(year, self.base_year)

    # -- copies ----------------------------------------------------------------------------
    def with_funding(
        self,
        programme: str,
        *,
        multiple: float | Mapping[int, float] | None = None,
        schedule_cny: Mapping[int, float] | None = None,
        reference_cny: float | None = None,
    ) -> Scenario:
        """Return a copy whose ``programme`` budget is a multiple or a schedule."""
        lever = self.funding.get(programme, FundingLever(programme))
        if multiple is not None:
            lever = dataclasses.replace(lever, multiple=multiple, schedule_cny=None)
        if schedule_cny is not None:
            lever = dataclasses.replace(lever, schedule_cny=dict(schedule_cny), multiple=1.0)
        if reference_cny is not None:
            lever = dataclasses.replace(lever, reference_cny=float(reference_cny))
        return dataclasses.replace(self, funding={**self.funding, programme: lever})

    def with_value(self, indicator: str, name: str, value: Value) -> Scenario:
        """Return a copy with one indicator input (a model parameter or ``elasticity``) set."""
        spec = self._spec(indicator)
        if name == "elasticity":
            spec = dataclasses.replace(spec, elasticity=value)
        elif name in spec.params:
            spec = dataclasses.replace(spec, params={**spec.params, name: value})
        else:
            names = ["elasticity", *spec.params]
            msg = f"indicator {indicator!r} has no input {name!r}; expected one of {quote_choices(names)}"
            raise ScenarioError(msg + suggestion(name, names))
        return dataclasses.replace(self, indicators={**self.indicators, indicator: spec})

    def with_reading(self, reading: Reading) -> Scenario:
        """Return a copy reading every growth target as ``reading``."""
        return dataclasses.replace(self, reading=reading)

    def with_dependence(self, dependence: Dependence | None) -> Scenario:
        """Return a copy whose trends follow ``dependence`` (``None``: independent trends)."""
        return dataclasses.replace(self, dependence=dependence)

    def with_run(self, *, draws: int | None = None, seed: int | None = None) -> Scenario:
        """Return a copy with another number of draws or seed."""
        return dataclasses.replace(
            self,
            draws=self.draws if draws is None else draws,
            seed=self.seed if seed is None else seed,
        )

    def _spec(self, indicator: str) -> IndicatorSpec:
        if indicator not in self.indicators:
            ids = list(self.indicators)
            msg = f"scenario has no indicator {indicator!r}; expected one of {quote_choices(ids)}"
            raise ScenarioError(msg + suggestion(indicator, ids))
        return self.indicators[indicator]


# -- bundled scenarios --------------------------------------------------------------------------
def bundled_scenarios_dir() -> Path:
    """Return the folder of the bundled scenarios (inside the package once installed)."""
    inside = Path(__file__).parent / "scenarios"
    if inside.is_dir():
        return inside
    return Path(__file__).parent.parent / "scenarios"


def bundled_scenarios() -> tuple[str, ...]:
    """List the names of the bundled scenarios.

    Examples
    --------
    >>> bundled_scenarios()
    ('austerity', 'baseline', 'calibrated-2017', 'high-funding', 'national-13th', 'national-14th')
    """
    return tuple(sorted(p.stem for p in bundled_scenarios_dir().glob("*.yaml")))


# -- loading and dumping ------------------------------------------------------------------------
def load_scenario(source: str | Path) -> Scenario:
    """Load a scenario from a YAML file, or a bundled scenario by name.

    Parameters
    ----------
    source : str or pathlib.Path
        A file path, or the name of a bundled scenario (see :func:`bundled_scenarios`).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        If the file is missing, unreadable or invalid; the message lists every problem, each as
        ``file:line: dotted.path: what is wrong; expected X, got Y``.

    Examples
    --------
    >>> s = load_scenario("baseline")
    >>> s.name, s.base_year, s.horizon, len(s.indicators)
    ('baseline', 2016, 2020, 18)
    """
    path = Path(check_path(source, what="scenario file", error=ScenarioError))
    if not os.path.lexists(path) and str(source) in bundled_scenarios():
        path = bundled_scenarios_dir() / f"{source}.yaml"
    shown = shown_path(source)
    if not os.path.lexists(path):
        names = bundled_scenarios()
        hint = suggestion(str(source), names)
        msg = f"{shown}: no such scenario file (bundled scenarios: {', '.join(names)})"
        raise ScenarioError(msg + hint.replace(". Did", "; did"))
    if path.suffix.lower() in WORKBOOK_SUFFIXES:  # edited in Excel (ipsim.scenario_workbook)
        book = read_bytes(
            path, what="scenario workbook", error=ScenarioError, limit=MAX_WORKBOOK_BYTES
        )
        where = str(resolve(path, what="scenario workbook", error=ScenarioError).parent)
        return from_dict(scenario_raw_of(book, filename=shown, base_dir=where), base_dir=where)
    text = read_text(path, what="scenario file", error=ScenarioError, shown=shown)
    folder = resolve(path, what="scenario file", error=ScenarioError).parent
    return loads_scenario(text, filename=shown, base_dir=str(folder))


def loads_scenario(text: str, *, filename: str = "<text>", base_dir: str | None = None) -> Scenario:
    """Read a scenario from YAML text; ``base_dir`` resolves a relative plan path."""
    try:
        raw, lines = read_yaml(text)
    except YamlError as err:
        where = f" {dotted(err.path)}:" if err.path else ""
        raise ScenarioError(f"{filename}:{err.line}:{where} {err.message}") from err
    check = Checker(filename, lines)
    check_scenario(raw, check, base_dir)
    check.raise_if_any(ScenarioError)
    return from_dict(raw, base_dir=base_dir)


def dump_scenario(
    scenario: Scenario, path: str | Path | None = None, *, overwrite: bool = True
) -> str:
    """Return the canonical YAML of ``scenario``; with ``path``, also write it atomically.

    With ``overwrite=False`` an existing file at ``path`` (even one that appears while the text
    is made) is kept and :class:`FileExistsError` is raised.

    Examples
    --------
    >>> s = load_scenario("baseline")
    >>> loads_scenario(dump_scenario(s)) == s
    True
    """
    if path is not None:
        target = resolve(path, what="scenario file to write", error=ArgumentError)
        if not target.parent.is_dir():
            msg = (
                f"{shown_path(path)}: cannot write the scenario: no such folder "
                f"{shown_path(target.parent)}"
            )
            raise ArgumentError(msg)
        if target.is_dir():
            msg = f"{shown_path(path)}: cannot write the scenario: it is a folder"
            raise ArgumentError(msg)
        scenario = _plan_relative_to(scenario, target.parent)
    text = "# ipsim scenario (canonical form written by ipsim.dump_scenario)\n" + dump_yaml(
        to_dict(scenario)
    )
    if path is not None:
        write_text_atomic(Path(path), text, overwrite=overwrite)
    return text


def _plan_relative_to(scenario: Scenario, folder: Path) -> Scenario:
    """Rewrite a plan given as a relative file path so that it resolves from ``folder``."""
    plan = scenario.plan
    if not (plan.endswith((".yaml", ".yml")) or "/" in plan) or scenario.base_dir is None:
        return scenario
    target = Path(plan) if Path(plan).is_absolute() else Path(scenario.base_dir) / plan
    moved = os.path.relpath(target.resolve(), folder)
    if moved == plan and str(folder) == str(Path(scenario.base_dir).resolve()):
        return scenario
    return dataclasses.replace(scenario, plan=moved, base_dir=str(folder))


def _value_to_raw(value: Value | None) -> Any:
    if isinstance(value, Distribution):
        return value.to_dict()
    return None if value is None else float(value)


def _years_to_raw(mapping: Mapping[int, float]) -> dict[int, float]:
    return {int(k): float(v) for k, v in sorted(mapping.items())}


def _present(obj: object, *names: str) -> dict[str, Any]:
    """Return the attributes ``names`` of ``obj`` that are set (not ``None``), in that order."""
    return {name: getattr(obj, name) for name in names if getattr(obj, name) is not None}


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """Return the plain-data form of a scenario (what :func:`dump_scenario` writes).

    Examples
    --------
    >>> raw = to_dict(load_scenario("baseline"))
    >>> list(raw)[:3], raw["indicators"]["invention_apps"]["model"]
    (['schema', 'name', 'title_zh'], 'compound_growth')
    """
    out: dict[str, Any] = {"schema": SCENARIO_SCHEMA, "name": scenario.name}
    out.update(_present(scenario, "title_zh", "title_en", "description"))
    if scenario.modified is not None:
        out["modified"] = _modification_to_raw(scenario.modified)
    out.update(
        plan=scenario.plan,
        base_year=scenario.base_year,
        horizon=scenario.horizon,
        draws=scenario.draws,
        seed=scenario.seed,
        reading=scenario.reading,
    )
    if scenario.target_readings:
        out["target_readings"] = dict(scenario.target_readings)
    if scenario.unmodelled:
        out["unmodelled"] = dict(scenario.unmodelled)
    if scenario.funding:
        out["funding"] = {prog: _lever_to_raw(lever) for prog, lever in scenario.funding.items()}
    out["indicators"] = {
        ident: _indicator_to_raw(spec) for ident, spec in scenario.indicators.items()
    }
    if scenario.dependence is not None:
        out["dependence"] = _dependence_to_raw(scenario.dependence)
    return out


def _group_to_raw(group: DependenceGroup) -> dict[str, Any]:
    item: dict[str, Any] = {"name": group.name} if group.name != OTHERS else {}
    if group.indicators:
        item["indicators"] = list(group.indicators)
    item.update(
        correlation=float(group.correlation),
        range=[float(group.range[0]), float(group.range[1])],
        source=group.source,
    )
    return item


def _dependence_to_raw(dependence: Dependence) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if dependence.groups:
        out["groups"] = [_group_to_raw(g) for g in dependence.groups]
    if dependence.others is not None:
        out["others"] = _group_to_raw(dependence.others)
    return out


def _modification_to_raw(modified: Modification) -> dict[str, Any]:
    changes = [{"input": c.input, "from": c.before, "to": c.after} for c in modified.changes]
    return {
        "original": modified.original,
        "original_sha256": modified.original_sha256,
        "changes": changes,
    }


def _lever_to_raw(lever: FundingLever) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if lever.reference_cny is not None:
        item["reference_cny"] = float(lever.reference_cny)
    if lever.schedule_cny is not None:
        item["schedule_cny"] = _years_to_raw(lever.schedule_cny)
    elif isinstance(lever.multiple, Mapping):
        item["multiple"] = _years_to_raw(lever.multiple)
    else:
        item["multiple"] = float(lever.multiple)
    if lever.from_year is not None:
        item["from_year"] = lever.from_year
    item.update(_present(lever, "source", "rationale"))
    return item


def _baseline_to_raw(baseline: Baseline) -> dict[str, Any]:
    out: dict[str, Any] = {
        "year": baseline.year,
        "value": _value_to_raw(baseline.value),
        "confidence": baseline.confidence,
    }
    out.update(_present(baseline, "source", "rationale"))
    if baseline.history:
        out["history"] = _years_to_raw(baseline.history)
    return out


def _indicator_to_raw(spec: IndicatorSpec) -> dict[str, Any]:
    item: dict[str, Any] = {"model": spec.model, "baseline": _baseline_to_raw(spec.baseline)}
    if spec.programme is not None:
        item["programme"] = spec.programme
    item["elasticity"] = _value_to_raw(spec.elasticity)
    item["lag"] = spec.lag
    item["shock_loading"] = float(spec.shock_loading)
    item.update({name: _value_to_raw(value) for name, value in spec.params.items()})
    if spec.fitted:
        item["fitted"] = list(spec.fitted)
    if spec.rationale is not None:
        item["rationale"] = spec.rationale
    return item


def _raw_value(raw: Any) -> Value:
    if isinstance(raw, dict):
        family = raw["dist"]
        return Distribution(family, {k: float(raw[k]) for k in DISTRIBUTIONS[family].params})
    return float(raw)


def from_dict(raw: Mapping[str, Any], *, base_dir: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from its plain-data form (validating it).

    Examples
    --------
    >>> s = load_scenario("baseline")
    >>> from_dict(to_dict(s)) == s
    True
    """
    base_year = int(raw["base_year"])
    funding = {
        prog: _lever_from_raw(prog, item or {}) for prog, item in (raw.get("funding") or {}).items()
    }
    indicators = {
        ident: _indicator_from_raw(ident, item) for ident, item in raw["indicators"].items()
    }
    return Scenario(
        name=raw["name"],
        plan=raw["plan"],
        base_year=base_year,
        horizon=int(raw["horizon"]),
        indicators=indicators,
        funding=funding,
        draws=int(raw.get("draws", 10_000)),
        seed=int(raw.get("seed", 0)),
        reading=raw.get("reading", "cagr"),
        target_readings=dict(raw.get("target_readings") or {}),
        unmodelled=dict(raw.get("unmodelled") or {}),
        title_zh=raw.get("title_zh"),
        title_en=raw.get("title_en"),
        description=raw.get("description"),
        modified=_modification_from_raw(raw.get("modified")),
        dependence=_dependence_from_raw(raw.get("dependence")),
        base_dir=base_dir,
    )


def _lever_from_raw(programme: str, item: Mapping[str, Any]) -> FundingLever:
    multiple = item.get("multiple", 1.0)
    reference = item.get("reference_cny")
    schedule = item.get("schedule_cny")
    return FundingLever(
        programme=programme,
        reference_cny=None if reference is None else float(reference),
        multiple=_years_to_raw(multiple) if isinstance(multiple, dict) else float(multiple),
        schedule_cny=None if schedule is None else _years_to_raw(schedule),
        from_year=item.get("from_year"),
        source=item.get("source"),
        rationale=item.get("rationale"),
    )


def _baseline_from_raw(raw: Mapping[str, Any]) -> Baseline:
    return Baseline(
        year=int(raw["year"]),
        value=None if raw.get("value") is None else _raw_value(raw["value"]),
        confidence=raw["confidence"],
        source=raw.get("source"),
        rationale=raw.get("rationale"),
        history=_years_to_raw(raw.get("history") or {}),
    )


def _indicator_from_raw(ident: str, item: Mapping[str, Any]) -> IndicatorSpec:
    model = MODELS[item["model"]]
    baseline = _baseline_from_raw(item["baseline"])
    params = {
        p.name: _raw_value(item[p.name]) if p.name in item else float(p.default)  # type: ignore[arg-type]
        for p in model.params
    }
    return IndicatorSpec(
        id=ident,
        model=item["model"],
        baseline=baseline,
        params=params,
        programme=item.get("programme"),
        elasticity=_raw_value(item.get("elasticity", model.default_elasticity)),
        lag=int(item.get("lag", 1)),
        shock_loading=float(item.get("shock_loading", 0.0)),
        rationale=item.get("rationale"),
        fitted=tuple(item.get("fitted") or ()),
    )


def _modification_from_raw(raw: Mapping[str, Any] | None) -> Modification | None:
    if raw is None:
        return None
    changes = tuple(Change(c["input"], c["from"], c["to"]) for c in raw.get("changes") or ())
    return Modification(str(raw["original"]), str(raw["original_sha256"]), changes)


def _group_from_raw(raw: Mapping[str, Any], name: str) -> DependenceGroup:
    low, high = raw["range"]
    return DependenceGroup(
        name=name,
        indicators=tuple(raw.get("indicators") or ()),
        correlation=float(raw["correlation"]),
        range=(float(low), float(high)),
        source=raw["source"],
    )


def _dependence_from_raw(raw: Mapping[str, Any] | None) -> Dependence | None:
    if raw is None:
        return None
    groups = tuple(_group_from_raw(g, g["name"]) for g in raw.get("groups") or ())
    others = raw.get("others")
    return Dependence(groups, None if others is None else _group_from_raw(others, OTHERS))
