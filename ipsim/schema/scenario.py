"""The checks of a scenario file, one short function per section, all through one :class:`Checker`.

:func:`check_scenario` reads the plain data of a scenario file (or of a :class:`Scenario` built
in code, through its plain-data form) section by section, in the order the file reads::

    header            schema, name, titles                 _check_header
    years             base_year, horizon                   _check_years
    run               draws, seed, reading, modified       _check_run, _check_modified
    plan              the plan it refers to                _check_plan
    targets           horizon and base year vs. the plan   _check_target_years
    target_readings   per-target reading                   _check_target_readings
    funding           one lever per programme              _check_funding, _check_lever
    indicators        one model per measured indicator     _check_indicators, _check_indicator
      model and keys, kind                                 _check_indicator_keys, _check_model_kind
      baseline                                             _check_baseline (and its parts)
      funding response                                     _check_elasticity, _check_budget
      model parameters                                     _check_params
    dependence        correlated trends: groups, others    _check_dependence, _check_group
      members, correlation and its range                   _check_members, _check_correlation
    values            a number or {dist: ...}              check_value, _check_distribution

Every problem is recorded, never raised, so one pass reports all of them, each naming the file,
the line and the dotted field. The vocabulary of the file (readings, confidences, bounds) is
defined here and re-exported by :mod:`ipsim.scenario`, which builds the data model from a file
that passed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any, Literal, get_args

from ipsim._yaml import Path
from ipsim.distributions import DISTRIBUTIONS
from ipsim.errors import IpsimError
from ipsim.models import MODELS
from ipsim.models.base import Model, ParamSpec
from ipsim.plan import GROWTH_KINDS, Plan, Target, load_plan
from ipsim.schema.checker import Checker, quote_choices

Reading = Literal["cagr", "yoy_each_year"]
Confidence = Literal["high", "medium", "low", "assumed"]
READINGS: tuple[str, ...] = get_args(Reading)
CONFIDENCES: tuple[str, ...] = get_args(Confidence)
SCENARIO_SCHEMA = "ipsim-scenario/1"

MAX_DRAWS = 10_000_000
MAX_MULTIPLE = 100.0
"""Largest budget multiple a funding lever may take (a budget 100 times the planned one)."""
MAX_CNY = 1e14
"""Largest amount in CNY a funding lever may name (100 trillion yuan, above any public budget)."""

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
    "dependence",
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
_MODIFIED_KEYS = ("original", "original_sha256", "changes")
_GROUP_KEYS = ("name", "indicators", "correlation", "range", "source")
OTHERS = "others"
"""The name of the dependence group holding every modelled indicator not named in a group."""
_ELASTICITY = ParamSpec("elasticity", "", 0.0, -5.0, 5.0)
_SHARE_BOUNDS = (0.0, 1.0, True, True)
_LEVEL_BOUNDS = (0.0, math.inf, True, False)
"""Bounds of a level when the model is unknown (a positive number)."""


# -- shared pieces ---------------------------------------------------------------------------------
def resolve_plan(plan: str, base_dir: str | None) -> Plan:
    """Load the plan a scenario names: a bundled id, or a file path relative to ``base_dir``.

    Examples
    --------
    >>> resolve_plan("guangzhou-ip-2017-2020", None).id
    'guangzhou-ip-2017-2020'
    """
    if (plan.endswith((".yaml", ".yml")) or "/" in plan) and base_dir is not None:
        candidate = FilePath(plan)
        if not candidate.is_absolute():
            candidate = FilePath(base_dir) / candidate
        return load_plan(candidate)
    return load_plan(plan)


def first_year_needed(target: Target) -> int:
    """Return the first year whose value ``target`` is assessed on.

    The base year of a growth target, the first year of an every-year window, the year before
    the first of a cumulative count of additions, else the year before the deadline.

    Examples
    --------
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> first_year_needed(plan.target("invention_apps"))
    2016
    """
    if target.is_growth:
        return int(target.base_year)
    if target.kind == "every_year" and target.window:
        return int(target.window[0])
    if target.kind == "cumulative" and target.basis == "additions" and target.window:
        return int(target.window[0]) - 1
    return int(target.deadline) - 1


def check_value(check: Checker, raw: Any, path: Path, spec: ParamSpec) -> bool:
    """Check a constant or an uncertain ``{dist: ...}`` value against a parameter's bounds.

    Examples
    --------
    >>> spec = ParamSpec("shock_share", "a share", None, low=0.0, high=1.0)
    >>> check = Checker("s.yaml")
    >>> check_value(check, {"dist": "normal", "mean": 0.5, "sd": 0.05}, ("shock_share",), spec)
    True
    >>> check_value(check, {"dist": "normal", "mean": 0.1}, ("shock_share",), spec)
    False
    >>> check_value(check, -2, ("shock_share",), spec)
    False
    >>> for problem in check.problems:
    ...     print(problem)
    s.yaml:1: shock_share: missing required key 'sd'
    s.yaml:1: shock_share: out of range; expected a number in [0, 1], got -2
    """
    if isinstance(raw, dict):
        return _check_distribution(check, raw, path, spec)
    number = check.number(
        raw, path, low=spec.low, high=spec.high, low_open=spec.low_open, high_open=spec.high_open
    )
    return number is not None


def _check_distribution(check: Checker, raw: dict[Any, Any], path: Path, spec: ParamSpec) -> bool:
    params = _distribution_params(check, raw, path)
    if params is None:
        return False
    family = DISTRIBUTIONS[raw["dist"]]
    trouble = family.check(params)
    if trouble:
        check.problem(path, f"invalid {raw['dist']} distribution: {trouble}", got=raw)
        return False
    return _check_support(check, family.support(params), path, spec)


def _distribution_params(
    check: Checker, raw: dict[Any, Any], path: Path
) -> dict[str, float] | None:
    """Check ``{dist: family, <its parameters>}``; return the parameters, or ``None``."""
    if raw.get("dist") is None:
        check.problem(
            path,
            "an uncertain value needs 'dist'",
            expected=f"one of {quote_choices(DISTRIBUTIONS)}",
        )
        return None
    if check.choice(raw["dist"], (*path, "dist"), DISTRIBUTIONS, what="distribution") is None:
        return None
    names = DISTRIBUTIONS[raw["dist"]].params
    m = check.mapping(raw, path, required=("dist", *names))
    if m is None or any(k not in m for k in names) or set(m) - {"dist", *names}:
        return None
    numbers = {k: check.number(m[k], (*path, k)) for k in names}
    if any(v is None for v in numbers.values()):
        return None
    return {k: float(v) for k, v in numbers.items() if v is not None}


def _check_support(
    check: Checker, support: tuple[float, float], path: Path, spec: ParamSpec
) -> bool:
    """Check that a distribution stays within the bounds of the parameter it gives."""
    low, high = support
    too_low = low < spec.low or (spec.low_open and low <= spec.low)
    too_high = high > spec.high or (spec.high_open and high >= spec.high)
    if not (too_low or too_high):
        return True
    check.problem(
        path,
        f"the distribution reaches outside the allowed range of {spec.name} "
        f"({'(' if spec.low_open else '['}{spec.low:g}, {spec.high:g}{')' if spec.high_open else ']'}; "
        "normal and log-normal tails are taken at +-6 sd)",
        got=f"support [{low:.4g}, {high:.4g}]",
    )
    return False


def _check_years_mapping(
    check: Checker,
    raw: Any,
    path: Path,
    years: range,
    *,
    low: float,
    low_open: bool,
    high: float | None = None,
    what: str,
) -> None:
    """Check ``{year: number}`` with exactly one entry for every year of ``years``."""
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


def _present_integer(check: Checker, top: Mapping[str, Any], key: str, **bounds: int) -> int | None:
    """Check the whole number at top-level ``key`` if it is there; ``None`` if absent or bad."""
    return check.integer(top[key], (key,), **bounds) if key in top else None


# -- the file, section by section -----------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """What the indicators of a scenario are checked against, once the top level passed."""

    plan: Plan
    base_year: int
    horizon: int
    targets: Mapping[str, list[Target]]
    """The plan's targets by the indicator they measure."""
    levers: Mapping[str, Any]
    """The funding levers as written (each checked on its own already)."""

    @property
    def programmes(self) -> list[str]:
        return [p.id for p in self.plan.funding_programmes]


def check_scenario(raw: Any, check: Checker, base_dir: str | None) -> None:
    """Record every problem of a scenario's plain data in ``check``.

    ``base_dir`` is the folder a relative plan path is read from.

    Examples
    --------
    >>> check = Checker("s.yaml")
    >>> check_scenario({"name": "x", "plan": "guangzhou-ip-2017-2020", "base_year": 2016,
    ...                 "horizon": 2015, "indicators": {}}, check, None)
    >>> check.problems
    ['s.yaml:1: horizon: horizon must come after base_year; expected a year > 2016, got 2015']
    """
    top = check.mapping(
        raw, (), required=_TOP_REQUIRED, optional=_TOP_OPTIONAL, what="a scenario mapping"
    )
    if top is None:
        return
    _check_header(check, top)
    base_year, horizon = _check_years(check, top)
    _check_run(check, top)
    plan = _check_plan(check, top, base_dir)
    if plan is None or base_year is None or horizon is None:
        return
    targets = _check_target_years(check, plan, base_year, horizon)
    _check_target_readings(check, top.get("target_readings"), plan)
    levers = _check_funding(check, top.get("funding"), plan, base_year, horizon)
    _check_indicators(check, top, _Frame(plan, base_year, horizon, targets, levers))
    if "dependence" in top:
        _check_dependence(check, top["dependence"], _modelled(top.get("indicators"), plan))


def _check_header(check: Checker, top: Mapping[str, Any]) -> None:
    """Check the schema tag, the name and the optional titles and description."""
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


def _check_years(check: Checker, top: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """Check base_year and horizon; return them (``None`` where absent or wrong)."""
    base_year = _present_integer(check, top, "base_year", low=1900, high=2200)
    horizon = _present_integer(check, top, "horizon", low=1900, high=2200)
    if base_year is not None and horizon is not None and horizon <= base_year:
        check.problem(
            ("horizon",),
            "horizon must come after base_year",
            expected=f"a year > {base_year}",
            got=horizon,
        )
        horizon = None
    return base_year, horizon


def _check_run(check: Checker, top: Mapping[str, Any]) -> None:
    """Check the run settings (draws, seed, reading) and the modification record."""
    _present_integer(check, top, "draws", low=1, high=MAX_DRAWS)
    _present_integer(check, top, "seed", low=0)
    if "reading" in top:
        check.choice(top["reading"], ("reading",), READINGS, what="reading")
    if "modified" in top:
        _check_modified(check, top["modified"])


def _check_modified(check: Checker, raw: Any) -> None:
    """Check the record of a modified scenario: the original's name and sha256, the changes."""
    p: Path = ("modified",)
    m = check.mapping(
        raw, p, required=_MODIFIED_KEYS, what="a mapping {original, original_sha256, changes}"
    )
    if m is None:
        return
    if "original" in m:
        check.string(m["original"], (*p, "original"))
    sha = m.get("original_sha256")
    if "original_sha256" in m and not _is_sha256(sha):
        check.problem(
            (*p, "original_sha256"), "not a sha256", expected="64 hexadecimal digits", got=sha
        )
    changes = check.sequence(m.get("changes"), (*p, "changes"), what="a list of changes")
    for i, item in enumerate(changes or []):
        _check_change(check, item, (*p, "changes", i))


def _is_sha256(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def _check_change(check: Checker, item: Any, path: Path) -> None:
    """Check one change ``{input, from, to}``; ``from`` and ``to`` are numbers or texts."""
    c = check.mapping(item, path, required=("input", "from", "to"), what="a change")
    if c is None:
        return
    if "input" in c:
        check.string(c["input"], (*path, "input"))
    for key in ("from", "to"):  # a number, or a text such as a reading
        if key in c and not (isinstance(c[key], str) and c[key].strip()):
            check.number(c[key], (*path, key))


def _check_plan(check: Checker, top: Mapping[str, Any], base_dir: str | None) -> Plan | None:
    """Load the plan the scenario names; record its problems under ``plan`` if it fails."""
    plan_ref = check.string(top["plan"], ("plan",)) if "plan" in top else None
    if plan_ref is None:
        return None
    try:
        return resolve_plan(plan_ref, base_dir)
    except IpsimError as err:
        problems = getattr(err, "problems", ()) or (str(err),)
        if len(problems) == 1 and "\n" not in problems[0]:
            check.problem(("plan",), problems[0])
        else:  # every problem of the plan file, one per line under the scenario's
            count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
            listed = "".join(f"\n    {p}" for p in problems)
            check.problem(("plan",), f"the plan file has {count}:{listed}")
        return None


def _check_target_years(
    check: Checker, plan: Plan, base_year: int, horizon: int
) -> dict[str, list[Target]]:
    """Check the years cover every target; return the targets by the indicator they measure."""
    by_indicator: dict[str, list[Target]] = {}
    for target in plan.targets:
        by_indicator.setdefault(target.indicator, []).append(target)
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
    return by_indicator


def _check_target_readings(check: Checker, readings: Any, plan: Plan) -> None:
    """Check the per-target readings: growth targets of the plan, each a known reading."""
    if readings is None:
        return
    growth_ids = [t.id for t in plan.targets if t.kind in GROWTH_KINDS]
    m = check.mapping(
        readings,
        ("target_readings",),
        optional=growth_ids,
        what="a mapping of growth target to reading",
    )
    for key, value in (m or {}).items():
        check.choice(value, ("target_readings", key), READINGS, what="reading")


def _check_funding(
    check: Checker, funding: Any, plan: Plan, base_year: int, horizon: int
) -> dict[Any, Any]:
    """Check the funding levers, one per programme of the plan; return them as written."""
    if funding is None:
        return {}
    levers = check.mapping(
        funding,
        ("funding",),
        optional=[p.id for p in plan.funding_programmes],
        what="a mapping of funding programme to lever",
    )
    for prog, item in (levers or {}).items():
        _check_lever(check, item, ("funding", prog), base_year, horizon)
    return levers or {}


def _check_lever(check: Checker, item: Any, p: Path, base_year: int, horizon: int) -> None:
    """Check one funding lever: a reference budget and a multiple or a yearly schedule."""
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
        _check_schedule(check, m, p, reference, range(base_year + 1, horizon + 1))
    if "multiple" in m:  # written but empty is a mistake, not "the plan's budget"
        _check_multiple(check, m["multiple"], (*p, "multiple"), range(from_year, horizon + 1))


def _check_schedule(
    check: Checker, lever: Mapping[str, Any], p: Path, reference: float | None, years: range
) -> None:
    """Check a yearly budget in CNY: every year, each positive and within reach of the
    reference budget."""
    if lever.get("reference_cny") is None:
        check.problem(p, "a schedule in CNY needs 'reference_cny' to compare it with")
    schedule = lever["schedule_cny"]
    _check_years_mapping(
        check,
        schedule,
        (*p, "schedule_cny"),
        years,
        low=0,
        low_open=True,
        high=MAX_CNY,
        what="budget in CNY (> 0)",
    )
    if reference is None or not isinstance(schedule, dict):
        return
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


def _check_multiple(check: Checker, multiple: Any, path: Path, years: range) -> None:
    """Check a budget multiple: one number, or ``{year: multiple}`` for every year of ``years``."""
    if isinstance(multiple, dict):
        _check_years_mapping(
            check,
            multiple,
            path,
            years,
            low=0,
            low_open=True,
            high=MAX_MULTIPLE,
            what=f"multiple (> 0 and <= {MAX_MULTIPLE:g})",
        )
    else:
        check.number(multiple, path, low=0, low_open=True, high=MAX_MULTIPLE)


def _check_indicators(check: Checker, top: Mapping[str, Any], frame: _Frame) -> None:
    """Check that every measured indicator is modelled or left out with a reason, and each model."""
    indicators = check.mapping(
        top.get("indicators"),
        ("indicators",),
        optional=frame.plan.indicator_ids,
        what="a mapping of indicator to its model",
    )
    if indicators is None:
        return
    unmodelled = _check_unmodelled(check, top.get("unmodelled"))
    for needed, targets in frame.targets.items():
        if needed not in indicators and needed not in unmodelled:
            ids = ", ".join(t.id for t in targets)
            check.problem(
                ("indicators",), f"missing indicator {needed!r} (measured by target {ids})"
            )
    for ident, item in indicators.items():
        if ident in frame.plan.indicator_ids:
            _check_indicator(check, item, ("indicators", ident), frame)


def _check_unmodelled(check: Checker, raw: Any) -> dict[Any, Any]:
    """Check ``{indicator: reason it is left out}``; return it (empty if it is wrong)."""
    unmodelled = raw or {}
    if isinstance(unmodelled, dict) and all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in unmodelled.items()
    ):
        return unmodelled
    check.problem(
        ("unmodelled",),
        "wrong type",
        expected="a mapping {indicator: reason it is left out}",
        got=unmodelled,
    )
    return {}


# -- one indicator ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Indicator:
    """One indicator entry being checked, with what it is checked against."""

    item: dict[Any, Any]
    path: Path
    model: type[Model] | None
    """The model family, ``None`` when 'model' is missing or unknown."""
    kind: str
    """The kind of the plan's indicator (flow, stock, share, count)."""
    targets: list[Target]
    """The plan's targets that measure this indicator."""
    frame: _Frame

    @property
    def model_name(self) -> Any:
        return self.item.get("model")


def _check_indicator(check: Checker, item: Any, path: Path, frame: _Frame) -> None:
    """Check one indicator's model: keys, baseline, funding response and parameters."""
    if not isinstance(item, dict):
        check.mapping(item, path, what="an indicator model mapping")
        return
    model = _check_indicator_keys(check, item, path)
    kind = frame.plan.indicator(str(path[-1])).kind
    ind = _Indicator(item, path, model, kind, frame.targets.get(str(path[-1]), []), frame)
    _check_model_kind(check, ind)
    check.optional_string(item, "rationale", path)
    if "fitted" in item:
        check.string_list(
            item["fitted"],
            (*path, "fitted"),
            choices=[q.name for q in model.params] if model else None,
            what="model parameter",
        )
    if "baseline" in item:
        _check_baseline(check, ind)
    programme = item.get("programme")
    if programme is not None:
        programme = check.choice(
            programme, (*path, "programme"), frame.programmes, what="funding programme"
        )
    _check_elasticity(check, ind, programme)
    _check_budget(check, ind, programme)
    _check_params(check, ind)
    if "lag" in item:
        check.integer(item["lag"], (*path, "lag"), low=0, high=10)
    if "shock_loading" in item:
        check.number(item["shock_loading"], (*path, "shock_loading"), low=-1, high=1)


def _check_indicator_keys(check: Checker, item: dict[Any, Any], path: Path) -> type[Model] | None:
    """Check 'model' against the registry and the keys against that model's (or, when the model
    is unknown, any model's); return the model family or ``None``."""
    model_name = None
    if "model" in item:
        model_name = check.choice(item.get("model"), (*path, "model"), MODELS, what="model")
    else:
        check.problem(
            path, "missing required key 'model'", expected=f"one of {quote_choices(MODELS)}"
        )
    model = MODELS.get(model_name or "")
    if model is not None:
        allowed = [*_COMMON_KEYS, *(q.name for q in model.params)]
        check.mapping(item, path, required=("model", "baseline"), optional=allowed)
    else:
        anything = [*_COMMON_KEYS, *(q.name for m in MODELS.values() for q in m.params)]
        check.mapping(item, path, required=("baseline",), optional=anything)
    return model


def _check_model_kind(check: Checker, ind: _Indicator) -> None:
    """Check the model family can represent the kind of the plan's indicator."""
    if ind.model is None or ind.kind in ind.model.indicator_kinds:
        return
    suited = quote_choices(n for n, m in MODELS.items() if ind.kind in m.indicator_kinds)
    check.problem(
        (*ind.path, "model"),
        f"model {ind.model_name!r} cannot represent a {ind.kind} indicator",
        expected=f"a model for {ind.kind} indicators: {suited}",
        got=ind.model_name,
    )


def _level_bounds(ind: _Indicator) -> tuple[float, float, bool, bool]:
    """Bounds of the indicator's level: a share lies in (0, 1), else the model's bounds."""
    if ind.kind == "share":
        return _SHARE_BOUNDS
    return ind.model.baseline_bounds if ind.model is not None else _LEVEL_BOUNDS


def _check_baseline(check: Checker, ind: _Indicator) -> None:
    """Check the baseline: its year, source or rationale, earlier history and level."""
    bp = (*ind.path, "baseline")
    b = check.mapping(
        ind.item["baseline"], bp, required=("year", "value", "confidence"), optional=_BASELINE_KEYS
    )
    if b is None:
        return
    frame = ind.frame
    year = check.integer(b.get("year"), (*bp, "year"), low=frame.base_year, high=frame.horizon - 1)
    confidence = _check_baseline_source(check, b, bp)
    history = _check_history(
        check, b.get("history"), (*bp, "history"), frame.base_year, year, _level_bounds(ind)
    )
    if year is not None:
        _check_baseline_year(check, year, history, ind.targets, (*bp, "year"))
    if b.get("value") is None:
        _check_index_baseline(check, ind, bp, confidence)
    elif ind.model is not None:
        spec = ParamSpec("baseline", "", None, *_level_bounds(ind))
        check_value(check, b["value"], (*bp, "value"), spec)


def _check_baseline_source(check: Checker, b: Mapping[str, Any], bp: Path) -> str | None:
    """Check the confidence and that an observed baseline has a source, an assumed one a
    rationale; return the confidence (``None`` if wrong)."""
    confidence = check.choice(
        b.get("confidence"), (*bp, "confidence"), CONFIDENCES, what="confidence"
    )
    check.optional_string(b, "source", bp)
    check.optional_string(b, "rationale", bp)
    if confidence == "assumed" and not b.get("rationale"):
        check.problem(bp, "an assumed baseline needs a one-line 'rationale'")
    if confidence not in (None, "assumed") and not b.get("source"):
        check.problem(bp, f"a baseline with confidence {confidence!r} needs its 'source'")
    return confidence


def _check_history(
    check: Checker,
    raw: Any,
    p: Path,
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
    low, high, low_open, high_open = bounds
    last = (year or base_year + 1) - 1
    for key, value in raw.items():
        if check.integer(key, (*p, key), low=base_year, high=last) is None:
            continue
        number = check.number(
            value, (*p, key), low=low, high=high, low_open=low_open, high_open=high_open
        )
        if number is not None:
            out[int(key)] = float(value)
    return out


def _check_baseline_year(
    check: Checker, year: int, history: Mapping[int, float], targets: list[Target], path: Path
) -> None:
    """Check the baseline (with its history) reaches back to the first year each target needs."""
    for target in targets:
        needed = first_year_needed(target)
        if year > needed and not set(range(needed, year)) <= set(history):
            check.problem(
                path,
                f"too late for target {target.id!r}, which needs the value of {needed}",
                expected=f"a year <= {needed}",
                got=year,
            )


def _check_index_baseline(
    check: Checker, ind: _Indicator, bp: Path, confidence: str | None
) -> None:
    """Check an unknown baseline level (an index): the model allows it, only growth targets
    measure the indicator, and it is marked assumed."""
    if ind.model is not None and not ind.model.allows_index_baseline:
        check.problem(
            (*bp, "value"),
            f"model {ind.model_name!r} needs a baseline level",
            expected="a number or a distribution",
            got=None,
        )
    scale_bound = [t.id for t in ind.targets if not t.is_growth]
    if scale_bound:
        check.problem(
            (*bp, "value"),
            f"an unknown level (index) only suits growth targets, not {', '.join(scale_bound)}",
            expected="a number or a distribution",
            got=None,
        )
    if confidence not in (None, "assumed"):
        check.problem(
            (*bp, "confidence"),
            "an unknown level must be marked assumed",
            expected="'assumed'",
            got=confidence,
        )


def _check_elasticity(check: Checker, ind: _Indicator, programme: str | None) -> None:
    """Check the funding elasticity, and that a non-zero one names the programme it follows."""
    if ind.model is None:
        return
    theta = ind.item.get("elasticity", ind.model.default_elasticity)
    ok = check_value(check, theta, (*ind.path, "elasticity"), _ELASTICITY)
    if (
        ok
        and programme is None
        and "programme" not in ind.item
        and (isinstance(theta, dict) or float(theta) != 0.0)
    ):
        check.problem(
            (*ind.path, "elasticity"), "a funding elasticity needs the 'programme' it responds to"
        )


def _check_budget(check: Checker, ind: _Indicator, programme: str | None) -> None:
    """Check a model that counts funded units has a programme with a budget in CNY."""
    if ind.model is None or not ind.model.needs_budget:
        return
    if "programme" not in ind.item:
        check.problem(
            ind.path, f"model {ind.model_name!r} needs the 'programme' that pays for the units"
        )
    elif programme is not None and _reference_cny(ind.frame.levers.get(programme)) is None:
        check.problem(
            (*ind.path, "programme"),
            f"model {ind.model_name!r} needs funding.{programme}.reference_cny (the budget in CNY)",
        )


def _reference_cny(lever: Any) -> Any:
    """Return the reference budget a lever names; ``None`` if it names none or is not a
    mapping (that lever's own problem is reported under ``funding``)."""
    return lever.get("reference_cny") if isinstance(lever, dict) else None


def _check_params(check: Checker, ind: _Indicator) -> None:
    """Check each parameter of the model: given values in bounds, required ones present."""
    if ind.model is None:
        return
    for spec in ind.model.params:
        if spec.name in ind.item:
            check_value(check, ind.item[spec.name], (*ind.path, spec.name), spec)
        elif spec.default is None:
            check.problem(
                ind.path,
                f"missing required key {spec.name!r} of model {ind.model_name!r} ({spec.doc})",
            )


# -- dependence between trends ---------------------------------------------------------------------
def _modelled(indicators: Any, plan: Plan) -> dict[str, type[Model] | None]:
    """The modelled indicators of the file, each with its model family (``None`` if unknown)."""
    if not isinstance(indicators, dict):
        return {}
    return {
        ident: MODELS.get(str(item.get("model"))) if isinstance(item, dict) else None
        for ident, item in indicators.items()
        if ident in plan.indicator_ids
    }


@dataclass
class _Taken:
    """What the dependence groups checked so far use: their names, and each member's group."""

    names: set[str] = field(default_factory=set)
    members: dict[str, str] = field(default_factory=dict)


def _check_dependence(check: Checker, raw: Any, modelled: Mapping[str, type[Model] | None]) -> None:
    """Check the dependence block: named groups of modelled indicators, and the others group."""
    p: Path = ("dependence",)
    m = check.mapping(raw, p, optional=("groups", "others"), what="a mapping {groups, others}")
    if m is None:
        return
    if "groups" not in m and "others" not in m:
        check.problem(p, "empty dependence block", expected="'groups', 'others' or both")
    taken = _Taken()
    if "groups" in m:
        groups = check.sequence(m["groups"], (*p, "groups"), what="a list of groups", min_len=1)
        for i, item in enumerate(groups or []):
            _check_group(check, item, (*p, "groups", i), modelled, taken)
    if "others" in m:
        keys = _GROUP_KEYS[2:]
        what = "a mapping {correlation, range, source}"
        others = check.mapping(m["others"], (*p, "others"), required=keys, what=what)
        if others is not None:
            _check_correlation(check, others, (*p, "others"))


def _check_group(
    check: Checker,
    item: Any,
    p: Path,
    modelled: Mapping[str, type[Model] | None],
    taken: _Taken,
) -> None:
    """Check one named group: a new name, its members, its correlation, range and source."""
    what = "a group {name, indicators, correlation, range, source}"
    m = check.mapping(item, p, required=_GROUP_KEYS, what=what)
    if m is None:
        return
    name = check.string(m["name"], (*p, "name")) if "name" in m else None
    if name == OTHERS:
        check.problem(
            (*p, "name"),
            f"{OTHERS!r} is the name of the group of every other indicator",
            expected=f"another name (write the others group under 'dependence.{OTHERS}')",
            got=name,
        )
    elif name in taken.names:
        check.problem((*p, "name"), "a second group of this name", expected="a new name", got=name)
    if name is not None:
        taken.names.add(name)
    if "indicators" in m:
        _check_members(check, m["indicators"], (*p, "indicators"), modelled, taken, name or "?")
    _check_correlation(check, m, p)


def _check_members(
    check: Checker,
    raw: Any,
    p: Path,
    modelled: Mapping[str, type[Model] | None],
    taken: _Taken,
    group: str,
) -> None:
    """Check a group's indicators: at least two, each modelled, with a trend, in no other group."""
    items = check.sequence(raw, p, what="a list of at least two modelled indicators")
    if items is None:
        return
    if len(items) < 2:
        check.problem(p, f"a group needs at least two indicators; this one has {len(items)}")
    for i, ident in enumerate(items):
        if not isinstance(ident, str) or ident not in modelled:
            check.choice(ident, (*p, i), modelled, what="modelled indicator")
            continue
        model = modelled[ident]
        if model is not None and model.lever_param is None:
            what = f"model {model.name!r} has no trend parameter to correlate"
            check.problem((*p, i), what, got=ident)
        first = taken.members.setdefault(ident, group)
        if first != group or ident in items[:i]:
            where = "twice in this group" if first == group else f"already in group {first!r}"
            check.problem(
                (*p, i),
                f"indicator {ident!r} is {where}",
                expected="each indicator in at most one group",
            )


def _correlation(check: Checker, value: Any, path: Path) -> float | None:
    """Check a correlation of trends: a number in [0, 1)."""
    return check.number(value, path, low=0.0, high=1.0, high_open=True)


def _check_correlation(check: Checker, m: Mapping[str, Any], p: Path) -> None:
    """Check a correlation in [0, 1), its plausible range [low, high] around it, and its source."""
    if "source" in m:
        check.string(m["source"], (*p, "source"))
    rho = _correlation(check, m["correlation"], (*p, "correlation")) if "correlation" in m else None
    if "range" not in m:
        return
    bounds = m["range"]
    if not isinstance(bounds, list) or len(bounds) != 2:
        check.problem(
            (*p, "range"), "wrong type", expected="[low, high]: two numbers in [0, 1)", got=bounds
        )
        return
    low, high = (_correlation(check, b, (*p, "range", i)) for i, b in enumerate(bounds))
    if low is None or high is None:
        return
    if low > high:
        check.problem(
            (*p, "range"),
            "the low end is above the high end",
            expected="[low, high] with low <= high",
            got=f"[{low:g}, {high:g}]",
        )
    elif rho is not None and not low <= rho <= high:
        check.problem(
            (*p, "correlation"),
            "outside its plausible range",
            expected=f"a correlation in [{low:g}, {high:g}] (the 'range')",
            got=rho,
        )
