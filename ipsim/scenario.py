"""Scenarios: which plan, which years, how many draws, and every assumption, as a frozen object.

A scenario file is YAML, read strictly: closed key sets, ``model`` and ``dist`` values from
their registries, and every problem in a file reported at once as
``file:line: dotted.path: what is wrong; expected X, got Y`` (with "Did you mean" where one
fits). :func:`dump_scenario` writes the canonical form, and ``load(dump(s)) == s``.

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

Uncertain values are ``{dist: normal, mean, sd}``, ``{dist: lognormal, median, sigma}``,
``{dist: uniform, low, high}`` or ``{dist: triangular, low, mode, high}``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from ipsim._inputs import check_path, read_text, resolve, shown_path
from ipsim._outputs import write_text_atomic
from ipsim._yaml import YamlError, dump_yaml, read_yaml
from ipsim.distributions import DISTRIBUTIONS, Distribution, Value
from ipsim.errors import ArgumentError, IpsimError, ScenarioError
from ipsim.models import MODELS
from ipsim.models.base import ParamSpec
from ipsim.plan import GROWTH_KINDS, Plan, load_plan
from ipsim.schema.checker import Checker, quote_choices, suggestion

Reading = Literal["cagr", "yoy_each_year"]
Confidence = Literal["high", "medium", "low", "assumed"]
READINGS: tuple[str, ...] = get_args(Reading)
CONFIDENCES: tuple[str, ...] = get_args(Confidence)
SCENARIO_SCHEMA = "ipsim-scenario/1"

_TOP_REQUIRED = ("name", "plan", "base_year", "horizon", "indicators")
_TOP_OPTIONAL = (
    "schema",
    "title_zh",
    "title_en",
    "description",
    "draws",
    "seed",
    "reading",
    "target_readings",
    "funding",
    "unmodelled",
    "modified",
)
_COMMON_KEYS = (
    "model",
    "baseline",
    "programme",
    "elasticity",
    "lag",
    "shock_loading",
    "rationale",
    "fitted",
)
_LEVER_KEYS = ("reference_cny", "multiple", "schedule_cny", "from_year", "source", "rationale")
_BASELINE_KEYS = ("year", "value", "confidence", "source", "rationale", "history")
MAX_DRAWS = 10_000_000
MAX_MULTIPLE = 100.0
"""Largest budget multiple a funding lever may take (a budget 100 times the planned one)."""
MAX_CNY = 1e14
"""Largest amount in CNY a funding lever may name (100 trillion yuan, above any public budget)."""


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
    base_dir: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        check = Checker(f"<scenario {self.name!r}>")
        _check_scenario(to_dict(self), check, self.base_dir)
        check.raise_if_any(ScenarioError)

    # -- derived -------------------------------------------------------------------------
    def load_plan(self) -> Plan:
        """Return the plan this scenario refers to (bundled id or path relative to the file)."""
        return _resolve_plan(self.plan, self.base_dir)

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
    text = read_text(path, what="scenario file", error=ScenarioError, shown=shown)
    folder = resolve(path, what="scenario file", error=ScenarioError).parent
    return loads_scenario(text, filename=shown, base_dir=str(folder))


def loads_scenario(text: str, *, filename: str = "<text>", base_dir: str | None = None) -> Scenario:
    """Read a scenario from YAML text; ``base_dir`` resolves a relative plan path."""
    try:
        raw, lines = read_yaml(text)
    except YamlError as err:
        from ipsim.schema.checker import dotted

        where = f" {dotted(err.path)}:" if err.path else ""
        raise ScenarioError(f"{filename}:{err.line}:{where} {err.message}") from err
    check = Checker(filename, lines)
    _check_scenario(raw, check, base_dir)
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


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """Return the plain-data form of a scenario (what :func:`dump_scenario` writes)."""
    out: dict[str, Any] = {"schema": SCENARIO_SCHEMA, "name": scenario.name}
    for key in ("title_zh", "title_en", "description"):
        if getattr(scenario, key) is not None:
            out[key] = getattr(scenario, key)
    if scenario.modified is not None:
        out["modified"] = {
            "original": scenario.modified.original,
            "original_sha256": scenario.modified.original_sha256,
            "changes": [
                {"input": c.input, "from": c.before, "to": c.after}
                for c in scenario.modified.changes
            ],
        }
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
    funding: dict[str, Any] = {}
    for prog, lever in scenario.funding.items():
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
        for key in ("source", "rationale"):
            if getattr(lever, key) is not None:
                item[key] = getattr(lever, key)
        funding[prog] = item
    if funding:
        out["funding"] = funding
    indicators: dict[str, Any] = {}
    for ident, spec in scenario.indicators.items():
        b = spec.baseline
        baseline: dict[str, Any] = {
            "year": b.year,
            "value": _value_to_raw(b.value),
            "confidence": b.confidence,
        }
        for key in ("source", "rationale"):
            if getattr(b, key) is not None:
                baseline[key] = getattr(b, key)
        if b.history:
            baseline["history"] = _years_to_raw(b.history)
        item = {"model": spec.model, "baseline": baseline}
        if spec.programme is not None:
            item["programme"] = spec.programme
        item["elasticity"] = _value_to_raw(spec.elasticity)
        item["lag"] = spec.lag
        item["shock_loading"] = float(spec.shock_loading)
        for name, value in spec.params.items():
            item[name] = _value_to_raw(value)
        if spec.fitted:
            item["fitted"] = list(spec.fitted)
        if spec.rationale is not None:
            item["rationale"] = spec.rationale
        indicators[ident] = item
    out["indicators"] = indicators
    return out


def _raw_value(raw: Any) -> Value:
    if isinstance(raw, dict):
        family = raw["dist"]
        return Distribution(family, {k: float(raw[k]) for k in DISTRIBUTIONS[family].params})
    return float(raw)


def from_dict(raw: Mapping[str, Any], *, base_dir: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from its plain-data form (validating it)."""
    base_year = int(raw["base_year"])
    funding = {}
    for prog, item in (raw.get("funding") or {}).items():
        item = item or {}
        multiple = item.get("multiple", 1.0)
        funding[prog] = FundingLever(
            programme=prog,
            reference_cny=None
            if item.get("reference_cny") is None
            else float(item["reference_cny"]),
            multiple=_years_to_raw(multiple) if isinstance(multiple, dict) else float(multiple),
            schedule_cny=None
            if item.get("schedule_cny") is None
            else _years_to_raw(item["schedule_cny"]),
            from_year=item.get("from_year"),
            source=item.get("source"),
            rationale=item.get("rationale"),
        )
    indicators = {}
    for ident, item in raw["indicators"].items():
        model = MODELS[item["model"]]
        b = item["baseline"]
        baseline = Baseline(
            year=int(b["year"]),
            value=None if b.get("value") is None else _raw_value(b["value"]),
            confidence=b["confidence"],
            source=b.get("source"),
            rationale=b.get("rationale"),
            history=_years_to_raw(b.get("history") or {}),
        )
        params = {
            p.name: _raw_value(item[p.name]) if p.name in item else float(p.default)  # type: ignore[arg-type]
            for p in model.params
        }
        indicators[ident] = IndicatorSpec(
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
        modified=_modification(raw.get("modified")),
        base_dir=base_dir,
    )


def _modification(raw: Mapping[str, Any] | None) -> Modification | None:
    if raw is None:
        return None
    changes = tuple(Change(c["input"], c["from"], c["to"]) for c in raw.get("changes") or ())
    return Modification(str(raw["original"]), str(raw["original_sha256"]), changes)


# -- validation -----------------------------------------------------------------------------------
def _resolve_plan(plan: str, base_dir: str | None) -> Plan:
    if (plan.endswith((".yaml", ".yml")) or "/" in plan) and base_dir is not None:
        candidate = Path(plan)
        if not candidate.is_absolute():
            candidate = Path(base_dir) / candidate
        return load_plan(candidate)
    return load_plan(plan)


def _check_value(
    check: Checker, raw: Any, path: tuple[Any, ...], spec: ParamSpec, *, allow_dist: bool = True
) -> bool:
    """Check a constant or ``{dist: ...}`` against a parameter's bounds."""
    if isinstance(raw, dict) and allow_dist:
        family_name = raw.get("dist")
        if family_name is None:
            check.problem(
                path,
                "an uncertain value needs 'dist'",
                expected=f"one of {quote_choices(DISTRIBUTIONS)}",
            )
            return False
        family_name = check.choice(family_name, (*path, "dist"), DISTRIBUTIONS, what="distribution")
        if family_name is None:
            return False
        family = DISTRIBUTIONS[family_name]
        m = check.mapping(raw, path, required=("dist", *family.params))
        if m is None or any(k not in m for k in family.params) or set(m) - {"dist", *family.params}:
            return False
        numbers = {k: check.number(m[k], (*path, k)) for k in family.params}
        if any(v is None for v in numbers.values()):
            return False
        params = {k: float(v) for k, v in numbers.items() if v is not None}
        trouble = family.check(params)
        if trouble:
            check.problem(path, f"invalid {family_name} distribution: {trouble}", got=raw)
            return False
        low, high = family.support(params)
        too_low = low < spec.low or (spec.low_open and low <= spec.low)
        too_high = high > spec.high or (spec.high_open and high >= spec.high)
        if too_low or too_high:
            check.problem(
                path,
                f"the distribution reaches outside the allowed range of {spec.name} "
                f"({'(' if spec.low_open else '['}{spec.low:g}, {spec.high:g}{')' if spec.high_open else ']'}; "
                "normal and log-normal tails are taken at +-6 sd)",
                got=f"support [{low:.4g}, {high:.4g}]",
            )
            return False
        return True
    if isinstance(raw, dict):
        check.problem(path, "wrong type", expected="a number", got=raw)
        return False
    return (
        check.number(
            raw,
            path,
            low=spec.low,
            high=spec.high,
            low_open=spec.low_open,
            high_open=spec.high_open,
        )
        is not None
    )


def _check_years_mapping(
    check: Checker,
    raw: Any,
    path: tuple[Any, ...],
    years: range,
    *,
    low: float,
    low_open: bool,
    high: float | None = None,
    what: str,
) -> None:
    m = check.mapping(raw, path, optional=list(years), what=f"a mapping of year to {what}")
    if m is None:
        return
    for year in years:
        if year not in m:
            check.problem(
                path,
                f"missing year {year}",
                expected=f"a {what} for every year {years.start}-{years.stop - 1}",
            )
        else:
            check.number(m[year], (*path, year), low=low, low_open=low_open, high=high)


def _check_scenario(raw: Any, check: Checker, base_dir: str | None) -> None:
    top = check.mapping(
        raw, (), required=_TOP_REQUIRED, optional=_TOP_OPTIONAL, what="a scenario mapping"
    )
    if top is None:
        return
    if "schema" in top and top["schema"] != SCENARIO_SCHEMA:
        check.problem(
            ("schema",),
            "unknown scenario schema",
            expected=repr(SCENARIO_SCHEMA),
            got=top["schema"],
        )
    if "name" in top:
        check.string(top["name"], ("name",))
    for key in ("title_zh", "title_en", "description"):
        check.optional_string(top, key, ())
    base_year = (
        check.integer(top["base_year"], ("base_year",), low=1900, high=2200)
        if "base_year" in top
        else None
    )
    horizon = (
        check.integer(top["horizon"], ("horizon",), low=1900, high=2200)
        if "horizon" in top
        else None
    )
    if base_year is not None and horizon is not None and horizon <= base_year:
        check.problem(
            ("horizon",),
            "horizon must come after base_year",
            expected=f"a year > {base_year}",
            got=horizon,
        )
        horizon = None
    if "draws" in top:
        check.integer(top["draws"], ("draws",), low=1, high=MAX_DRAWS)
    if "seed" in top:
        check.integer(top["seed"], ("seed",), low=0)
    if "reading" in top:
        check.choice(top["reading"], ("reading",), READINGS, what="reading")
    if "modified" in top:
        _check_modified(check, top["modified"])

    plan: Plan | None = None
    plan_ref = check.string(top["plan"], ("plan",)) if "plan" in top else None
    if plan_ref is not None:
        try:
            plan = _resolve_plan(plan_ref, base_dir)
        except IpsimError as err:
            problems = getattr(err, "problems", ()) or (str(err),)
            if len(problems) == 1 and "\n" not in problems[0]:
                check.problem(("plan",), problems[0])
            else:  # every problem of the plan file, one per line under the scenario's
                count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
                listed = "".join(f"\n    {p}" for p in problems)
                check.problem(("plan",), f"the plan file has {count}:{listed}")
    if plan is None or base_year is None or horizon is None:
        return

    targets_by_indicator: dict[str, list[Any]] = {}
    for target in plan.targets:
        targets_by_indicator.setdefault(target.indicator, []).append(target)
        if target.deadline > horizon:
            check.problem(
                ("horizon",),
                f"ends before the deadline of target {target.id!r}",
                expected=f"a year >= {target.deadline}",
                got=horizon,
            )
        if target.is_growth and target.base_year < base_year:
            check.problem(
                ("base_year",),
                f"starts after the base year of growth target {target.id!r}",
                expected=f"a year <= {target.base_year}",
                got=base_year,
            )

    growth_ids = [t.id for t in plan.targets if t.kind in GROWTH_KINDS]
    readings = top.get("target_readings")
    if readings is not None:
        m = check.mapping(
            readings,
            ("target_readings",),
            optional=growth_ids,
            what="a mapping of growth target to reading",
        )
        for key, value in (m or {}).items():
            check.choice(value, ("target_readings", key), READINGS, what="reading")

    programmes = [p.id for p in plan.funding_programmes]
    funding = top.get("funding")
    levers: dict[str, Any] = {}
    if funding is not None:
        levers = (
            check.mapping(
                funding,
                ("funding",),
                optional=programmes,
                what="a mapping of funding programme to lever",
            )
            or {}
        )
        for prog, item in levers.items():
            _check_lever(check, item, ("funding", prog), base_year, horizon)

    indicators = check.mapping(
        top.get("indicators"),
        ("indicators",),
        optional=plan.indicator_ids,
        what="a mapping of indicator to its model",
    )
    if indicators is None:
        return
    unmodelled = raw.get("unmodelled") or {}
    if not isinstance(unmodelled, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in unmodelled.items()
    ):
        check.problem(
            ("unmodelled",),
            "wrong type",
            expected="a mapping {indicator: reason it is left out}",
            got=unmodelled,
        )
        unmodelled = {}
    for needed in targets_by_indicator:
        if needed not in indicators and needed not in unmodelled:
            ids = ", ".join(t.id for t in targets_by_indicator[needed])
            check.problem(
                ("indicators",), f"missing indicator {needed!r} (measured by target {ids})"
            )
    for ident, item in indicators.items():
        if ident in plan.indicator_ids:
            _check_indicator(
                check,
                item,
                ("indicators", ident),
                plan,
                targets_by_indicator.get(ident, []),
                levers,
                programmes,
                base_year,
                horizon,
            )


def _check_modified(check: Checker, raw: Any) -> None:
    p: tuple[Any, ...] = ("modified",)
    m = check.mapping(
        raw,
        p,
        required=("original", "original_sha256", "changes"),
        what="a mapping {original, original_sha256, changes}",
    )
    if m is None:
        return
    if "original" in m:
        check.string(m["original"], (*p, "original"))
    sha = m.get("original_sha256")
    if "original_sha256" in m and not (
        isinstance(sha, str) and len(sha) == 64 and all(ch in "0123456789abcdef" for ch in sha)
    ):
        check.problem(
            (*p, "original_sha256"), "not a sha256", expected="64 hexadecimal digits", got=sha
        )
    changes = check.sequence(m.get("changes"), (*p, "changes"), what="a list of changes")
    for i, item in enumerate(changes or []):
        c = check.mapping(
            item, (*p, "changes", i), required=("input", "from", "to"), what="a change"
        )
        if c is None:
            continue
        if "input" in c:
            check.string(c["input"], (*p, "changes", i, "input"))
        for key in ("from", "to"):  # a number, or a text such as a reading
            if key in c and not (isinstance(c[key], str) and c[key].strip()):
                check.number(c[key], (*p, "changes", i, key))


def _check_lever(
    check: Checker, item: Any, p: tuple[Any, ...], base_year: int, horizon: int
) -> None:
    m = check.mapping(item, p, optional=_LEVER_KEYS, what="a funding lever")
    if m is None:
        return
    for key in ("source", "rationale"):
        check.optional_string(m, key, p)
    reference = None
    if m.get("reference_cny") is not None:
        reference = check.number(
            m["reference_cny"], (*p, "reference_cny"), low=0, low_open=True, high=MAX_CNY
        )
    from_year = base_year + 1
    if "from_year" in m:
        from_year = (
            check.integer(m["from_year"], (*p, "from_year"), low=base_year, high=horizon)
            or from_year
        )
    if "multiple" in m and "schedule_cny" in m:
        check.problem(p, "give either 'multiple' or 'schedule_cny', not both")
    if "schedule_cny" in m:
        if m.get("reference_cny") is None:
            check.problem(p, "a schedule in CNY needs 'reference_cny' to compare it with")
        _check_years_mapping(
            check,
            m["schedule_cny"],
            (*p, "schedule_cny"),
            range(base_year + 1, horizon + 1),
            low=0,
            low_open=True,
            high=MAX_CNY,
            what="budget in CNY (> 0)",
        )
        schedule = m["schedule_cny"]
        if reference is not None and isinstance(schedule, dict):
            for year, amount in schedule.items():
                if (
                    isinstance(amount, int | float)
                    and not isinstance(amount, bool)
                    and 0 < amount <= MAX_CNY
                    and amount / reference > MAX_MULTIPLE
                ):
                    check.problem(
                        (*p, "schedule_cny", year),
                        f"more than {MAX_MULTIPLE:g} times reference_cny ({reference:g})",
                        expected=f"a budget of at most {MAX_MULTIPLE * reference:g} CNY",
                        got=amount,
                    )
    multiple = m.get("multiple")
    if isinstance(multiple, dict):
        _check_years_mapping(
            check,
            multiple,
            (*p, "multiple"),
            range(from_year, horizon + 1),
            low=0,
            low_open=True,
            high=MAX_MULTIPLE,
            what=f"multiple (> 0 and <= {MAX_MULTIPLE:g})",
        )
    elif multiple is not None:
        check.number(multiple, (*p, "multiple"), low=0, low_open=True, high=MAX_MULTIPLE)


def _check_indicator(
    check: Checker,
    item: Any,
    p: tuple[Any, ...],
    plan: Plan,
    targets: list[Any],
    levers: Mapping[str, Any],
    programmes: list[str],
    base_year: int,
    horizon: int,
) -> None:
    if not isinstance(item, dict):
        check.mapping(item, p, what="an indicator model mapping")
        return
    model_name = (
        check.choice(item.get("model"), (*p, "model"), MODELS, what="model")
        if "model" in item
        else None
    )
    if "model" not in item:
        check.problem(p, "missing required key 'model'", expected=f"one of {quote_choices(MODELS)}")
    model = MODELS.get(model_name or "")
    allowed = list(_COMMON_KEYS) + ([q.name for q in model.params] if model else [])
    if model is not None:
        check.mapping(item, p, required=("model", "baseline"), optional=allowed)
    else:
        check.mapping(
            item,
            p,
            required=("baseline",),
            optional=[*_COMMON_KEYS, *(q.name for m in MODELS.values() for q in m.params)],
        )
    indicator = plan.indicator(p[-1])
    if model is not None and indicator.kind not in model.indicator_kinds:
        check.problem(
            (*p, "model"),
            f"model {model_name!r} cannot represent a {indicator.kind} indicator",
            expected=f"a model for {indicator.kind} indicators: "
            + quote_choices(n for n, m in MODELS.items() if indicator.kind in m.indicator_kinds),
            got=model_name,
        )
    check.optional_string(item, "rationale", p)
    if "fitted" in item:
        check.string_list(
            item["fitted"],
            (*p, "fitted"),
            choices=[q.name for q in model.params] if model else None,
            what="model parameter",
        )

    # baseline
    b = (
        check.mapping(
            item.get("baseline"),
            (*p, "baseline"),
            required=("year", "value", "confidence"),
            optional=_BASELINE_KEYS,
        )
        if "baseline" in item
        else None
    )
    if b is not None:
        bp = (*p, "baseline")
        year = check.integer(b.get("year"), (*bp, "year"), low=base_year, high=horizon - 1)
        confidence = check.choice(
            b.get("confidence"), (*bp, "confidence"), CONFIDENCES, what="confidence"
        )
        check.optional_string(b, "source", bp)
        check.optional_string(b, "rationale", bp)
        if confidence == "assumed" and not b.get("rationale"):
            check.problem(bp, "an assumed baseline needs a one-line 'rationale'")
        if confidence not in (None, "assumed") and not b.get("source"):
            check.problem(bp, f"a baseline with confidence {confidence!r} needs its 'source'")
        bounds = model.baseline_bounds if model is not None else (0.0, math.inf, True, False)
        if indicator.kind == "share":
            bounds = (0.0, 1.0, True, True)
        history = _check_history(check, b.get("history"), (*bp, "history"), base_year, year, bounds)
        if year is not None:
            for target in targets:
                needed = _first_year_needed(target)
                if year > needed and not set(range(needed, year)) <= set(history):
                    check.problem(
                        (*bp, "year"),
                        f"too late for target {target.id!r}, which needs the value of {needed}",
                        expected=f"a year <= {needed}",
                        got=year,
                    )
        value = b.get("value")
        if value is None:
            if model is not None and not model.allows_index_baseline:
                check.problem(
                    (*bp, "value"),
                    f"model {model_name!r} needs a baseline level",
                    expected="a number or a distribution",
                    got=value,
                )
            scale_bound = [t.id for t in targets if not t.is_growth]
            if scale_bound:
                check.problem(
                    (*bp, "value"),
                    f"an unknown level (index) only suits growth targets, not {', '.join(scale_bound)}",
                    expected="a number or a distribution",
                    got=value,
                )
            if confidence not in (None, "assumed"):
                check.problem(
                    (*bp, "confidence"),
                    "an unknown level must be marked assumed",
                    expected="'assumed'",
                    got=confidence,
                )
        elif model is not None:
            low, high, low_open, high_open = model.baseline_bounds
            if indicator.kind == "share":
                low, high, low_open, high_open = 0.0, 1.0, True, True
            spec = ParamSpec("baseline", "", None, low, high, low_open, high_open)
            _check_value(check, value, (*bp, "value"), spec)

    # funding response
    programme = item.get("programme")
    if programme is not None:
        programme = check.choice(programme, (*p, "programme"), programmes, what="funding programme")
    if model is not None:
        theta = item.get("elasticity", model.default_elasticity)
        ok = _check_value(
            check, theta, (*p, "elasticity"), ParamSpec("elasticity", "", 0.0, -5.0, 5.0)
        )
        if (
            ok
            and programme is None
            and "programme" not in item
            and (isinstance(theta, dict) or float(theta) != 0.0)
        ):
            check.problem(
                (*p, "elasticity"), "a funding elasticity needs the 'programme' it responds to"
            )
        if model.needs_budget:
            if "programme" not in item:
                check.problem(
                    p, f"model {model_name!r} needs the 'programme' that pays for the units"
                )
            elif (
                programme is not None and (levers.get(programme) or {}).get("reference_cny") is None
            ):
                check.problem(
                    (*p, "programme"),
                    f"model {model_name!r} needs funding.{programme}.reference_cny (the budget in CNY)",
                )
        for spec in model.params:
            if spec.name in item:
                _check_value(check, item[spec.name], (*p, spec.name), spec)
            elif spec.default is None:
                check.problem(
                    p, f"missing required key {spec.name!r} of model {model_name!r} ({spec.doc})"
                )
    if "lag" in item:
        check.integer(item["lag"], (*p, "lag"), low=0, high=10)
    if "shock_loading" in item:
        check.number(item["shock_loading"], (*p, "shock_loading"), low=-1, high=1)


def _check_history(
    check: Checker,
    raw: Any,
    p: tuple[Any, ...],
    base_year: int,
    year: int | None,
    bounds: tuple[float, float, bool, bool],
) -> dict[int, float]:
    """Published figures before the baseline year, each within the model's level bounds (a
    count stock may be 0; a share lies in (0, 1))."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.problem(p, "wrong type", expected="a mapping {year: observed value}", got=raw)
        return {}
    out: dict[int, float] = {}
    for key, value in raw.items():
        last = (year or base_year + 1) - 1
        if check.integer(key, (*p, key), low=base_year, high=last) is None:
            continue
        low, high, low_open, high_open = bounds
        if (
            check.number(
                value, (*p, key), low=low, high=high, low_open=low_open, high_open=high_open
            )
            is not None
        ):
            out[int(key)] = float(value)
    return out


def _first_year_needed(target: Any) -> int:
    if target.is_growth:
        return int(target.base_year)
    if target.kind == "every_year" and target.window:
        return int(target.window[0])
    if target.kind == "cumulative" and target.basis == "additions" and target.window:
        return int(target.window[0]) - 1
    return int(target.deadline) - 1
