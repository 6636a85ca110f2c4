"""Plans and their quantified targets, read from declarative YAML files.

A plan file (``ipsim/plans/<id>.yaml``) holds a plan's whole structure: titles, source document,
base year and horizon, the timetable's phases, the agencies it names, its projects and numbered
tasks with lead and cooperating agencies, its funding programmes, the indicators it measures and
its quantified targets, each with the plan's own sentence quoted verbatim. Nothing in ipsim is
specific to one plan: everything plan-specific lives in the plan file.

This module holds the data model and the loader; the checks of a plan file, section by section,
are in :mod:`ipsim.schema.plan`, which also defines the words a plan file may use
(``TARGET_KINDS``, ``GROWTH_KINDS``, ...; imported here under the same names).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ipsim._inputs import read_text, resolve
from ipsim._yaml import YamlError, read_yaml
from ipsim.errors import PlanArgumentError, PlanError
from ipsim.i18n import in_language, label
from ipsim.schema.checker import Checker, dotted, quote_choices, suggestion
from ipsim.schema.plan import GROWTH_KINDS as GROWTH_KINDS
from ipsim.schema.plan import PLAN_SCHEMA as PLAN_SCHEMA
from ipsim.schema.plan import TARGET_KINDS as TARGET_KINDS
from ipsim.schema.plan import (
    Attribute,
    Basis,
    Direction,
    IndicatorKind,
    TargetKind,
    check_plan,
)

Lang = Literal["en", "zh"]

PLAN_DIR = Path(__file__).parent / "plans"


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
        return in_language(lang, self.label_en, self.label_zh)


@dataclass(frozen=True)
class Project:
    """One of the plan's major projects (重大工程), which group its tasks."""

    number: int
    label_zh: str
    label_en: str
    quote: str

    def label(self, lang: Lang = "en") -> str:
        return in_language(lang, self.label_en, self.label_zh)


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
        return in_language(lang, self.label_en, self.label_zh)


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
        return in_language(lang, self.label_en, self.label_zh)

    def unit(self, lang: Lang = "en") -> str:
        """The unit in ``lang`` ("件", "applications")."""
        return in_language(lang, self.unit_en, self.unit_zh)


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
    attribute: Attribute | None = None
    """约束性 ``"binding"`` or 预期性 ``"indicative"`` where the plan's text states it; ``None``
    where it is not stated (never guessed)."""

    @property
    def has_threshold(self) -> bool:
        return self.threshold is not None

    def label(self, lang: Lang = "en") -> str:
        return in_language(lang, self.label_en, self.label_zh)

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
        return in_language(lang, self.title_en, self.title_zh)

    def target(self, target_id: str) -> Target:
        """Return the target with id ``target_id``."""
        for target in self.targets:
            if target.id == target_id:
                return target
        ids = [t.id for t in self.targets]
        msg = f"plan {self.id!r} has no target {target_id!r}; expected one of {quote_choices(ids)}"
        raise PlanArgumentError(msg + suggestion(target_id, ids))

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
        return label("plan.agency_separator", lang).join(self.agencies[a].label(lang) for a in ids)

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
    fields = check_plan(raw, check)
    check.raise_if_any(PlanError)
    assert fields is not None  # every None path records a problem
    return _plan_from_fields(fields, path)


def _shown_name(file: Path) -> str:
    try:
        return str(file.relative_to(Path.cwd()))
    except ValueError:
        return str(file)


def _plan_from_fields(fields: dict[str, Any], path: str) -> Plan:
    """Build the frozen plan from the fields :func:`ipsim.schema.plan.check_plan` returns."""
    return Plan(
        id=fields["id"],
        title_zh=fields["title_zh"],
        title_en=fields["title_en"],
        title_original=fields["title_original"],
        source=fields["source"],
        base_year=fields["base_year"],
        horizon=fields["horizon"],
        phases=tuple(Phase(**f) for f in fields["phases"]),
        agencies={f["id"]: Agency(**f) for f in fields["agencies"]},
        projects=tuple(Project(**f) for f in fields["projects"]),
        tasks=tuple(Task(**f) for f in fields["tasks"]),
        funding_programmes=tuple(FundingProgramme(**f) for f in fields["funding_programmes"]),
        indicators=tuple(Indicator(**f) for f in fields["indicators"]),
        targets=tuple(Target(**f) for f in fields["targets"]),
        path=path,
        scope=fields["scope"],
        observed_data=fields["observed_data"],
    )
