"""Plans and their quantified targets, read from declarative YAML files.

A plan file (``ipsim/plans/<id>.yaml``) holds a plan's whole structure: titles, source document,
base year and horizon, the timetable's phases, the agencies it names, its projects and numbered
tasks with lead and cooperating agencies, its funding programmes, the indicators it measures and
its quantified targets, each with the plan's own sentence quoted verbatim. Nothing in ipsim is
specific to one plan: everything plan-specific lives in the plan file.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from ipsim._inputs import read_text, resolve
from ipsim._yaml import YamlError, read_yaml
from ipsim.errors import PlanError
from ipsim.schema.checker import Checker, dotted, quote_choices, suggestion

TargetKind = Literal["cagr", "yoy_each_year", "level", "share", "every_year", "cumulative"]
IndicatorKind = Literal["flow", "stock", "share", "count"]
Direction = Literal["at_least", "at_most"]
Basis = Literal["stock", "additions"]
Lang = Literal["en", "zh"]

TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
GROWTH_KINDS: tuple[str, ...] = ("cagr", "yoy_each_year")
"""Target kinds that read "average annual growth" and whose reading a scenario may choose."""

PLAN_DIR = Path(__file__).parent / "plans"
PLAN_SCHEMA = "ipsim-plan/1"


@dataclass(frozen=True)
class Phase:
    """One phase of the plan's timetable."""

    id: str
    label_zh: str
    label_en: str
    by: str
    quote: str


@dataclass(frozen=True)
class Agency:
    """A government unit the plan names, with its name as written in the plan (``quote``)."""

    id: str
    label_zh: str
    label_en: str
    quote: str

    def label(self, lang: Lang = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Project:
    """One of the plan's major projects (重大工程), which group its tasks."""

    number: int
    label_zh: str
    label_en: str
    quote: str

    def label(self, lang: Lang = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Task:
    """A numbered task with its lead (牵头/负责) and cooperating (配合) agencies."""

    number: int
    project: int
    title_zh: str
    title_en: str
    quote: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]


@dataclass(frozen=True)
class FundingProgramme:
    """A programme the plan funds; scenario funding levers refer to it by ``id``."""

    id: str
    label_zh: str
    label_en: str
    quote: str

    def label(self, lang: Lang = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Indicator:
    """A measured quantity; ``kind`` is flow (per year), stock, share (in [0, 1]) or count."""

    id: str
    label_zh: str
    label_en: str
    kind: IndicatorKind
    unit_en: str
    unit_zh: str

    def label(self, lang: Lang = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Target:
    """A quantified target with its own test of "met" (see :mod:`ipsim.target_kinds`).

    ``threshold`` is a fraction for growth and share targets (0.18 = 18 % a year) and a level in
    the indicator's unit otherwise. ``window`` is the span of years an ``every_year`` or
    additions-based ``cumulative`` target covers; growth targets run from ``base_year`` to
    ``deadline``.
    """

    id: str
    indicator: str
    kind: TargetKind
    threshold: float | None
    direction: Direction
    deadline: int
    base_year: int
    label_zh: str
    label_en: str
    clause: str
    section: str
    task: int | None
    lead_agencies: tuple[str, ...]
    lead_note: str | None = None
    window: tuple[int, int] | None = None
    basis: Basis | None = None
    threshold_note: str | None = None
    """Why the threshold is missing (``threshold`` is None), e.g. "not published in the sources used"."""

    @property
    def has_threshold(self) -> bool:
        return self.threshold is not None

    def label(self, lang: Lang = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    @property
    def is_growth(self) -> bool:
        """Whether the target reads "average annual growth" (its reading may be chosen)."""
        return self.kind in GROWTH_KINDS

    def threshold_unit(self, indicator: Indicator) -> str:
        """Name the unit of ``threshold`` and of the tested quantity.

        Growth targets are fractions per year, shares fractions; other kinds use the
        indicator's unit.
        """
        if self.kind in GROWTH_KINDS:
            return "fraction/yr"
        if self.kind == "share":
            return "fraction"
        return indicator.unit_en


@dataclass(frozen=True)
class Plan:
    """A plan: its structure and its quantified targets. Build it with :func:`load_plan`."""

    id: str
    title_zh: str
    title_en: str
    title_original: str
    source: dict[str, str]
    base_year: int
    horizon: int
    phases: tuple[Phase, ...]
    agencies: dict[str, Agency] = field(hash=False)
    projects: tuple[Project, ...]
    tasks: tuple[Task, ...]
    funding_programmes: tuple[FundingProgramme, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    path: str = ""
    scope: str | None = None
    """Where the plan applies, as the ``scope`` column of observed data names it."""
    observed_data: str | None = None
    """Name of the bundled observed-data table for this plan (see :mod:`ipsim.observed`)."""

    def title(self, lang: Lang = "en") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def target(self, target_id: str) -> Target:
        """Return the target with id ``target_id``."""
        for target in self.targets:
            if target.id == target_id:
                return target
        ids = [t.id for t in self.targets]
        msg = f"plan {self.id!r} has no target {target_id!r}; expected one of {quote_choices(ids)}"
        raise PlanError(msg + suggestion(target_id, ids))

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with id ``indicator_id``."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        ids = [i.id for i in self.indicators]
        msg = f"plan {self.id!r} has no indicator {indicator_id!r}; expected one of {quote_choices(ids)}"
        raise PlanError(msg + suggestion(indicator_id, ids))

    def task(self, number: int) -> Task:
        for task in self.tasks:
            if task.number == number:
                return task
        raise PlanError(f"plan {self.id!r} has no task {number}")

    def project_of(self, target: Target) -> Project | None:
        """Return the project holding ``target``'s task, if the target names a task."""
        if target.task is None:
            return None
        number = self.task(target.task).project
        return next(p for p in self.projects if p.number == number)

    def agency_labels(self, ids: tuple[str, ...], lang: Lang = "en") -> str:
        """Join agency names for display (``、`` in Chinese)."""
        sep = "、" if lang == "zh" else "; "
        return sep.join(self.agencies[a].label(lang) for a in ids)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def targets_frame(self, lang: Lang = "en") -> Any:
        """Return one row per target: id, label, kind, threshold, unit, deadline, task, owner.

        Examples
        --------
        >>> plan = load_plan("guangzhou-ip-2017-2020")
        >>> frame = plan.targets_frame()
        >>> len(frame), frame.loc[0, "id"]
        (18, 'certified_units')
        """
        import pandas as pd

        rows = []
        for t in self.targets:
            indicator = self.indicator(t.indicator)
            rows.append(
                {
                    "id": t.id,
                    "label": t.label(lang),
                    "indicator": t.indicator,
                    "kind": t.kind,
                    "direction": t.direction,
                    "threshold": t.threshold,
                    "unit": t.threshold_unit(indicator),
                    "deadline": t.deadline,
                    "window": None if t.window is None else f"{t.window[0]}-{t.window[1]}",
                    "task": t.task,
                    "lead_agency": self.agency_labels(t.lead_agencies, lang),
                    "lead_note": t.lead_note,
                    "clause": t.clause,
                }
            )
        return pd.DataFrame(rows)


def bundled_plans() -> tuple[str, ...]:
    """List the ids of the plans that ship with ipsim.

    Examples
    --------
    >>> "guangzhou-ip-2017-2020" in bundled_plans()
    True
    """
    return tuple(sorted(p.stem for p in PLAN_DIR.glob("*.yaml")))


def load_plan(plan: str | Path) -> Plan:
    """Load a plan by bundled id or from a YAML file.

    Parameters
    ----------
    plan : str or pathlib.Path
        A bundled plan id (see :func:`bundled_plans`) or the path of a plan file.

    Returns
    -------
    Plan

    Raises
    ------
    PlanError
        If the id is unknown, the file is missing, or the file is invalid (every problem is
        listed, each as ``file:line: dotted.path: what is wrong``).

    Examples
    --------
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> len(plan.targets), plan.target("invention_apps").threshold
    (18, 0.18)
    """
    if not isinstance(plan, str | os.PathLike):
        msg = f"expected a plan id or the path of a plan file, got {type(plan).__name__}"
        raise PlanError(msg)
    if isinstance(plan, os.PathLike) or str(plan).endswith((".yaml", ".yml")) or "/" in str(plan):
        return _load_plan_file(str(resolve(plan, what="plan file", error=PlanError)))
    if plan not in bundled_plans():
        ids = bundled_plans()
        msg = f"unknown plan {plan!r}; expected a plan file path or one of {quote_choices(ids)}"
        raise PlanError(msg + suggestion(plan, ids))
    return _load_plan_file(str(PLAN_DIR / f"{plan}.yaml"))


@functools.lru_cache(maxsize=16)
def _load_plan_file(path: str) -> Plan:
    file = Path(path)
    shown = _shown_name(file)
    text = read_text(file, what="plan file", error=PlanError, shown=shown)
    try:
        raw, lines = read_yaml(text)
    except YamlError as err:
        where = f" {dotted(err.path)}:" if err.path else ""
        problem = f"{shown}:{err.line}:{where} {err.message}"
        raise PlanError(problem) from err
    check = Checker(shown, lines)
    plan = _parse_plan(raw, check, path)
    check.raise_if_any(PlanError)
    assert plan is not None  # every None path records a problem
    return plan


def _shown_name(file: Path) -> str:
    try:
        return str(file.relative_to(Path.cwd()))
    except ValueError:
        return str(file)


def _labels3(
    check: Checker, raw: dict[str, Any], path: tuple[Any, ...], *keys: str
) -> tuple[str, str, str]:
    first, second, third = _labels(check, raw, path, *keys)
    return first, second, third


def _labels(check: Checker, raw: dict[str, Any], path: tuple[Any, ...], *keys: str) -> list[str]:
    return [check.string(raw.get(k), (*path, k)) or "" for k in keys]


def _parse_plan(raw: Any, check: Checker, path: str) -> Plan | None:
    top = check.mapping(
        raw,
        (),
        required=[
            "schema",
            "id",
            "title",
            "source",
            "base_year",
            "horizon",
            "phases",
            "agencies",
            "projects",
            "tasks",
            "funding_programmes",
            "indicators",
            "targets",
        ],
        optional=["scope", "observed_data"],
        what="a plan mapping",
    )
    if top is None:
        return None
    if top.get("schema") != PLAN_SCHEMA:
        check.problem(
            ("schema",), "unknown plan schema", expected=repr(PLAN_SCHEMA), got=top.get("schema")
        )
    plan_id = check.string(top.get("id"), ("id",)) or ""
    title = check.mapping(top.get("title"), ("title",), required=["zh", "en", "original"]) or {}
    title_zh, title_en, title_original = _labels(check, title, ("title",), "zh", "en", "original")
    source = (
        check.mapping(
            top.get("source"),
            ("source",),
            required=["document", "issuer_zh", "issuer_en", "issued"],
            optional=["note", "url"],
        )
        or {}
    )
    for key, value in source.items():
        if value is not None:
            check.string(value, ("source", key))
    base_year = check.integer(top.get("base_year"), ("base_year",), low=1900, high=2200) or 0
    horizon = check.integer(top.get("horizon"), ("horizon",), low=1900, high=2200) or 0
    if base_year and horizon and horizon <= base_year:
        check.problem(
            ("horizon",),
            "horizon must come after base_year",
            expected=f"a year > {base_year}",
            got=horizon,
        )

    p: tuple[Any, ...]
    phases = []
    for i, item in enumerate(check.sequence(top.get("phases"), ("phases",)) or []):
        p = ("phases", i)
        m = check.mapping(item, p, required=["id", "label_zh", "label_en", "by", "quote"])
        if m is not None:
            phases.append(Phase(*_labels(check, m, p, "id", "label_zh", "label_en", "by", "quote")))

    agencies: dict[str, Agency] = {}
    raw_agencies = top.get("agencies")
    known = list(raw_agencies) if isinstance(raw_agencies, dict) else []
    for key, item in (check.mapping(raw_agencies, ("agencies",), optional=known) or {}).items():
        p = ("agencies", key)
        m = check.mapping(item, p, required=["label_zh", "label_en", "quote"])
        if m is not None:
            agencies[str(key)] = Agency(
                str(key), *_labels(check, m, p, "label_zh", "label_en", "quote")
            )
    agency_ids = list(agencies)

    projects = []
    for i, item in enumerate(check.sequence(top.get("projects"), ("projects",)) or []):
        p = ("projects", i)
        m = check.mapping(item, p, required=["number", "label_zh", "label_en", "quote"])
        if m is not None:
            number = check.integer(m.get("number"), (*p, "number"), low=1) or 0
            projects.append(Project(number, *_labels(check, m, p, "label_zh", "label_en", "quote")))
    project_numbers = [str(p.number) for p in projects]

    tasks = []
    for i, item in enumerate(check.sequence(top.get("tasks"), ("tasks",)) or []):
        p = ("tasks", i)
        m = check.mapping(
            item,
            p,
            required=["number", "project", "title_zh", "title_en", "quote", "lead", "cooperating"],
        )
        if m is None:
            continue
        number = check.integer(m.get("number"), (*p, "number"), low=1) or 0
        project = check.integer(m.get("project"), (*p, "project"), low=1) or 0
        if project and str(project) not in project_numbers:
            check.problem(
                (*p, "project"),
                "unknown project",
                expected=f"one of {', '.join(project_numbers)}",
                got=project,
            )
        lead = (
            check.string_list(m.get("lead"), (*p, "lead"), choices=agency_ids, what="agency") or ()
        )
        coop = (
            check.string_list(
                m.get("cooperating"), (*p, "cooperating"), choices=agency_ids, what="agency"
            )
            or ()
        )
        tasks.append(
            Task(
                number, project, *_labels3(check, m, p, "title_zh", "title_en", "quote"), lead, coop
            )
        )
    task_numbers = {t.number for t in tasks}

    programmes = []
    for i, item in enumerate(
        check.sequence(top.get("funding_programmes"), ("funding_programmes",)) or []
    ):
        p = ("funding_programmes", i)
        m = check.mapping(item, p, required=["id", "label_zh", "label_en", "quote"])
        if m is not None:
            programmes.append(
                FundingProgramme(*_labels(check, m, p, "id", "label_zh", "label_en", "quote"))
            )

    indicators = []
    for i, item in enumerate(
        check.sequence(top.get("indicators"), ("indicators",), min_len=1) or []
    ):
        p = ("indicators", i)
        m = check.mapping(
            item, p, required=["id", "label_zh", "label_en", "kind", "unit_en", "unit_zh"]
        )
        if m is None:
            continue
        kind = check.choice(
            m.get("kind"), (*p, "kind"), ("flow", "stock", "share", "count"), what="indicator kind"
        )
        ident, label_zh, label_en = _labels(check, m, p, "id", "label_zh", "label_en")
        unit_en, unit_zh = _labels(check, m, p, "unit_en", "unit_zh")
        indicators.append(Indicator(ident, label_zh, label_en, kind or "flow", unit_en, unit_zh))  # type: ignore[arg-type]
    indicator_kinds = {i.id: i.kind for i in indicators}
    _check_unique(check, ("indicators",), [i.id for i in indicators])

    targets = []
    for i, item in enumerate(check.sequence(top.get("targets"), ("targets",), min_len=1) or []):
        target = _parse_target(
            item, ("targets", i), check, indicator_kinds, agency_ids, task_numbers, base_year
        )
        if target is not None:
            targets.append(target)
    _check_unique(check, ("targets",), [t.id for t in targets])

    if check.problems:
        return None
    return Plan(
        id=plan_id,
        title_zh=title_zh,
        title_en=title_en,
        title_original=title_original,
        source={k: str(v) for k, v in source.items() if v is not None},
        base_year=base_year,
        horizon=horizon,
        phases=tuple(phases),
        agencies=agencies,
        projects=tuple(projects),
        tasks=tuple(tasks),
        funding_programmes=tuple(programmes),
        indicators=tuple(indicators),
        targets=tuple(targets),
        path=path,
        scope=check.optional_string(top, "scope", ()),
        observed_data=check.optional_string(top, "observed_data", ()),
    )


def _check_unique(check: Checker, path: tuple[Any, ...], ids: list[str]) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            check.problem((*path, i, "id"), f"duplicate id {ident!r}")
        seen.add(ident)


def _parse_target(
    item: Any,
    p: tuple[Any, ...],
    check: Checker,
    indicator_kinds: Mapping[str, str],
    agency_ids: list[str],
    task_numbers: set[int],
    base_year: int,
) -> Target | None:
    m = check.mapping(
        item,
        p,
        required=[
            "id",
            "indicator",
            "kind",
            "threshold",
            "direction",
            "deadline",
            "label_zh",
            "label_en",
            "clause",
            "section",
            "task",
            "lead_agencies",
        ],
        optional=["lead_note", "window", "basis", "note", "threshold_note", "source", "baseline"],
    )
    if m is None:
        return None
    n_before = len(check.problems)
    ident, label_zh, label_en, clause, section = _labels(
        check, m, p, "id", "label_zh", "label_en", "clause", "section"
    )
    indicator = check.choice(
        m.get("indicator"), (*p, "indicator"), list(indicator_kinds), what="indicator"
    )
    kind = check.choice(m.get("kind"), (*p, "kind"), TARGET_KINDS, what="target kind")
    direction = check.choice(
        m.get("direction"), (*p, "direction"), ("at_least", "at_most"), what="direction"
    )
    deadline = (
        check.integer(m.get("deadline"), (*p, "deadline"), low=base_year + 1 if base_year else 1900)
        or 0
    )
    threshold = None
    if m.get("threshold") is None and "threshold" in m:
        # a threshold the sources do not give stays missing: no invented number
        if not m.get("threshold_note"):
            check.problem(
                (*p, "threshold"),
                "a missing threshold needs a 'threshold_note' saying why",
                expected="a number, or null with threshold_note: target not published in the sources used",
                got=None,
            )
    elif kind in GROWTH_KINDS:
        threshold = check.number(m.get("threshold"), (*p, "threshold"), low=-1, low_open=True)
    elif kind == "share":
        threshold = check.number(m.get("threshold"), (*p, "threshold"), low=0, high=1)
    elif kind is not None:
        threshold = check.number(m.get("threshold"), (*p, "threshold"))
    if kind == "share" and indicator is not None and indicator_kinds[indicator] != "share":
        check.problem(
            (*p, "kind"), "a share target needs a share indicator", got=indicator_kinds[indicator]
        )
    task = m.get("task")
    if task is not None:
        task = check.integer(task, (*p, "task"), low=1)
        if task is not None and task not in task_numbers:
            check.problem(
                (*p, "task"),
                "unknown task",
                expected=f"a task number in 1..{max(task_numbers, default=0)}",
                got=task,
            )
    leads = (
        check.string_list(
            m.get("lead_agencies"), (*p, "lead_agencies"), choices=agency_ids, what="agency"
        )
        or ()
    )
    lead_note = check.optional_string(m, "lead_note", p)
    check.optional_string(m, "note", p)
    check.optional_string(m, "source", p)  # where the threshold was read
    check.optional_string(m, "baseline", p)  # the baseline the sources give, as text

    window = None
    if kind == "every_year" or (kind == "cumulative" and m.get("basis") == "additions"):
        raw_window = m.get("window")
        if not (
            isinstance(raw_window, list)
            and len(raw_window) == 2
            and all(isinstance(y, int) and not isinstance(y, bool) for y in raw_window)
        ):
            check.problem(
                (*p, "window"),
                f"a {kind} target needs its window of years",
                expected="[first_year, last_year]",
                got=raw_window,
            )
        elif not (base_year < raw_window[0] <= raw_window[1] == deadline):
            check.problem(
                (*p, "window"),
                "window out of range",
                expected=f"[first, {deadline}] with {base_year} < first <= {deadline}",
                got=raw_window,
            )
        else:
            window = (raw_window[0], raw_window[1])
    elif "window" in m:
        check.problem(
            (*p, "window"),
            f"a window is only read for every_year and additions-based cumulative targets, not {kind}",
        )
    basis = None
    if kind == "cumulative":
        basis = check.choice(m.get("basis"), (*p, "basis"), ("stock", "additions"), what="basis")
    elif "basis" in m:
        check.problem((*p, "basis"), f"basis is only read for cumulative targets, not {kind}")
    if len(check.problems) > n_before:
        return None
    return Target(
        id=ident,
        indicator=indicator or "",
        kind=kind,  # type: ignore[arg-type]
        threshold=None if threshold is None else float(threshold),
        direction=direction,  # type: ignore[arg-type]
        deadline=deadline,
        base_year=base_year,
        label_zh=label_zh,
        label_en=label_en,
        clause=clause,
        section=section,
        task=task,
        lead_agencies=leads,
        lead_note=lead_note,
        window=window,
        basis=basis,  # type: ignore[arg-type]
        threshold_note=check.optional_string(m, "threshold_note", p),
    )
