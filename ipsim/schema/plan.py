"""The checks of a plan file, one short function per section, all through one :class:`Checker`.

:func:`check_plan` reads a plan document (as :func:`ipsim._yaml.read_yaml` returns it) section
by section: the header (schema, id, title, source, base year and horizon), the phases, agencies,
projects, tasks, funding programmes, indicators and targets, each target with the fields its
kind reads. Every problem is recorded with its file, line and dotted field; nothing is raised
here. The result is plain fields, one ``dict`` per entry keyed as the data classes of
:mod:`ipsim.plan` name their fields, which builds the frozen objects from them (so this module
never imports it).

The words a plan file may use (target kinds, indicator kinds, directions, bases) are defined
here and used by :mod:`ipsim.plan`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal, NamedTuple, get_args

from ipsim.schema.checker import Checker

TargetKind = Literal["cagr", "yoy_each_year", "level", "share", "every_year", "cumulative"]
IndicatorKind = Literal["flow", "stock", "share", "count"]
Direction = Literal["at_least", "at_most"]
Basis = Literal["stock", "additions"]
Attribute = Literal["binding", "indicative"]
"""A target's attribute as the plan's indicator table marks it: 约束性 (binding) or 预期性 (indicative)."""

TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
GROWTH_KINDS: tuple[str, ...] = ("cagr", "yoy_each_year")
"""Target kinds that read "average annual growth" and whose reading a scenario may choose."""
INDICATOR_KINDS: tuple[str, ...] = get_args(IndicatorKind)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
BASES: tuple[str, ...] = get_args(Basis)
ATTRIBUTES: tuple[str, ...] = get_args(Attribute)
PLAN_SCHEMA = "ipsim-plan/1"

Fields = dict[str, Any]
"""Checked fields of one plan entry (or of the whole plan), keyed as its data class names them."""
KeyPath = tuple[Any, ...]

_SECTIONS = (
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
)
_TARGET_KEYS = (
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
)
_TARGET_OPTIONAL = (
    "lead_note",
    "window",
    "basis",
    "note",
    "threshold_note",
    "source",
    "baseline",
    "attribute",
)


class Known(NamedTuple):
    """What the sections before the targets define, which a target may refer to."""

    indicator_kinds: Mapping[str, str]
    agency_ids: list[str]
    task_numbers: set[int]
    base_year: int


def check_plan(raw: Any, check: Checker) -> Fields | None:
    """Check a plan document section by section and return the plan's fields.

    Parameters
    ----------
    raw : Any
        The document as read from YAML.
    check : Checker
        Records every problem, with the file name and the line of each key path.

    Returns
    -------
    dict or None
        The fields of :class:`ipsim.plan.Plan` (entries as lists of field dicts, ``path``
        excluded), or ``None`` when any problem was found.

    Examples
    --------
    >>> check = Checker("plan.yaml", {("horizon",): 7})
    >>> check_plan({"schema": PLAN_SCHEMA, "base_year": 2020, "horizon": 2019}, check)
    >>> print(check.problems[0])
    plan.yaml:1: (top level): missing required key 'id'
    >>> [p for p in check.problems if "horizon:" in p]
    ['plan.yaml:7: horizon: horizon must come after base_year; expected a year > 2020, got 2019']
    """
    top = check.mapping(
        raw, (), required=_SECTIONS, optional=["scope", "observed_data"], what="a plan mapping"
    )
    if top is None:
        return None
    fields = check_header(top, check)
    fields["phases"] = check_phases(top, check)
    fields["agencies"] = check_agencies(top, check)
    fields["projects"] = check_projects(top, check)
    agency_ids = [a["id"] for a in fields["agencies"]]
    fields["tasks"] = check_tasks(top, check, agency_ids, [p["number"] for p in fields["projects"]])
    fields["funding_programmes"] = check_programmes(top, check)
    fields["indicators"] = check_indicators(top, check)
    known = Known(
        indicator_kinds={i["id"]: i["kind"] for i in fields["indicators"]},
        agency_ids=agency_ids,
        task_numbers={t["number"] for t in fields["tasks"]},
        base_year=fields["base_year"],
    )
    fields["targets"] = check_targets(top, check, known)
    if check.problems:
        return None
    fields["scope"] = check.optional_string(top, "scope", ())
    fields["observed_data"] = check.optional_string(top, "observed_data", ())
    return fields


# -- sections ----------------------------------------------------------------------------------


def check_header(top: Mapping[str, Any], check: Checker) -> Fields:
    """Check the schema, id, title, source, base year and horizon; return their fields."""
    if top.get("schema") != PLAN_SCHEMA:
        check.problem(
            ("schema",), "unknown plan schema", expected=repr(PLAN_SCHEMA), got=top.get("schema")
        )
    fields: Fields = {"id": check.string(top.get("id"), ("id",)) or ""}
    title = check.mapping(top.get("title"), ("title",), required=["zh", "en", "original"]) or {}
    texts = _texts(check, title, ("title",), "zh", "en", "original")
    fields.update(title_zh=texts["zh"], title_en=texts["en"], title_original=texts["original"])
    fields["source"] = _source(top, check)
    fields.update(_years(top, check))
    return fields


def _source(top: Mapping[str, Any], check: Checker) -> dict[str, str]:
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
    return {k: str(v) for k, v in source.items() if v is not None}


def _years(top: Mapping[str, Any], check: Checker) -> Fields:
    base_year = check.integer(top.get("base_year"), ("base_year",), low=1900, high=2200) or 0
    horizon = check.integer(top.get("horizon"), ("horizon",), low=1900, high=2200) or 0
    if base_year and horizon and horizon <= base_year:
        check.problem(
            ("horizon",),
            "horizon must come after base_year",
            expected=f"a year > {base_year}",
            got=horizon,
        )
    return {"base_year": base_year, "horizon": horizon}


def check_phases(top: Mapping[str, Any], check: Checker) -> list[Fields]:
    """Check the timetable's phases."""
    keys = ("id", "label_zh", "label_en", "by", "quote")
    return [_texts(check, m, p, *keys) for p, m in _entries(top, check, "phases", keys)]


def check_agencies(top: Mapping[str, Any], check: Checker) -> list[Fields]:
    """Check the agencies, a mapping from each agency's id to its names."""
    raw = top.get("agencies")
    known = list(raw) if isinstance(raw, dict) else []
    agencies = []
    for key, item in (check.mapping(raw, ("agencies",), optional=known) or {}).items():
        p = ("agencies", key)
        keys = ("label_zh", "label_en", "quote")
        m = check.mapping(item, p, required=keys)
        if m is not None:
            agencies.append({"id": str(key), **_texts(check, m, p, *keys)})
    return agencies


def check_projects(top: Mapping[str, Any], check: Checker) -> list[Fields]:
    """Check the major projects, each with its number."""
    projects = []
    for p, m in _entries(top, check, "projects", ("number", "label_zh", "label_en", "quote")):
        number = check.integer(m.get("number"), (*p, "number"), low=1) or 0
        projects.append({"number": number, **_texts(check, m, p, "label_zh", "label_en", "quote")})
    return projects


def check_tasks(
    top: Mapping[str, Any], check: Checker, agency_ids: list[str], project_numbers: list[int]
) -> list[Fields]:
    """Check the numbered tasks, their project and their lead and cooperating agencies."""
    required = ("number", "project", "title_zh", "title_en", "quote", "lead", "cooperating")
    numbers = [str(n) for n in project_numbers]
    tasks = []
    for p, m in _entries(top, check, "tasks", required):
        number = check.integer(m.get("number"), (*p, "number"), low=1) or 0
        project = check.integer(m.get("project"), (*p, "project"), low=1) or 0
        if project and str(project) not in numbers:
            check.problem(
                (*p, "project"),
                "unknown project",
                expected=f"one of {', '.join(numbers)}",
                got=project,
            )
        lead = _agencies(check, m, p, "lead", agency_ids)
        cooperating = _agencies(check, m, p, "cooperating", agency_ids)
        texts = _texts(check, m, p, "title_zh", "title_en", "quote")
        tasks.append(
            {
                "number": number,
                "project": project,
                **texts,
                "lead": lead,
                "cooperating": cooperating,
            }
        )
    return tasks


def check_programmes(top: Mapping[str, Any], check: Checker) -> list[Fields]:
    """Check the funding programmes scenario levers refer to."""
    keys = ("id", "label_zh", "label_en", "quote")
    return [_texts(check, m, p, *keys) for p, m in _entries(top, check, "funding_programmes", keys)]


def check_indicators(top: Mapping[str, Any], check: Checker) -> list[Fields]:
    """Check the measured indicators (at least one, ids unique)."""
    keys = ("id", "label_zh", "label_en", "kind", "unit_en", "unit_zh")
    indicators = []
    for p, m in _entries(top, check, "indicators", keys, min_len=1):
        kind = check.choice(m.get("kind"), (*p, "kind"), INDICATOR_KINDS, what="indicator kind")
        texts = _texts(check, m, p, "id", "label_zh", "label_en")
        units = _texts(check, m, p, "unit_en", "unit_zh")
        indicators.append({**texts, "kind": kind or "flow", **units})
    _check_unique(check, ("indicators",), [i["id"] for i in indicators])
    return indicators


def check_targets(top: Mapping[str, Any], check: Checker, known: Known) -> list[Fields]:
    """Check the quantified targets (at least one, ids unique)."""
    targets = []
    for i, item in enumerate(check.sequence(top.get("targets"), ("targets",), min_len=1) or []):
        target = check_target(item, ("targets", i), check, known)
        if target is not None:
            targets.append(target)
    _check_unique(check, ("targets",), [t["id"] for t in targets])
    return targets


# -- one target --------------------------------------------------------------------------------


def check_target(item: Any, p: KeyPath, check: Checker, known: Known) -> Fields | None:
    """Check one target and the fields its kind reads; ``None`` if any of them is wrong.

    Examples
    --------
    >>> known = Known({"apps": "flow"}, ["ipo"], {1}, 2015)
    >>> item = {"id": "a", "indicator": "apps", "kind": "cagr", "threshold": 0.18,
    ...         "direction": "at_least", "deadline": 2020, "label_zh": "a", "label_en": "a",
    ...         "clause": "c", "section": "s", "task": 1, "lead_agencies": ["ipo"]}
    >>> check = Checker("plan.yaml")
    >>> check_target(item, ("targets", 0), check, known)["threshold"], check.problems
    (0.18, [])
    >>> check_target({**item, "window": [2016, 2020]}, ("targets", 0), check, known)
    >>> print(check.problems[0])
    plan.yaml:1: targets[0].window: a window is only read for every_year and additions-based cumulative targets, not cagr
    """
    m = check.mapping(item, p, required=_TARGET_KEYS, optional=_TARGET_OPTIONAL)
    if m is None:
        return None
    n_before = len(check.problems)
    fields = _target_basics(m, p, check, known)
    kind = fields["kind"]
    fields["threshold"] = _threshold(m, p, check, kind)
    indicator = fields["indicator"]
    if kind == "share" and indicator is not None and known.indicator_kinds[indicator] != "share":
        got = known.indicator_kinds[indicator]
        check.problem((*p, "kind"), "a share target needs a share indicator", got=got)
    fields["task"] = _task(m, p, check, known.task_numbers)
    fields["lead_agencies"] = _agencies(check, m, p, "lead_agencies", known.agency_ids)
    fields["lead_note"] = check.optional_string(m, "lead_note", p)
    check.optional_string(m, "note", p)
    check.optional_string(m, "source", p)  # where the threshold was read
    check.optional_string(m, "baseline", p)  # the baseline the sources give, as text
    fields["window"] = _window(m, p, check, kind, known.base_year, fields["deadline"])
    fields["basis"] = _basis(m, p, check, kind)
    fields["attribute"] = _attribute(m, p, check)
    if len(check.problems) > n_before:
        return None
    fields["indicator"] = fields["indicator"] or ""
    fields["threshold_note"] = check.optional_string(m, "threshold_note", p)
    return fields


def _target_basics(m: Mapping[str, Any], p: KeyPath, check: Checker, known: Known) -> Fields:
    """Texts, indicator, kind, direction and deadline of a target (base_year comes along)."""
    fields = _texts(check, m, p, "id", "label_zh", "label_en", "clause", "section")
    fields["indicator"] = check.choice(
        m.get("indicator"), (*p, "indicator"), list(known.indicator_kinds), what="indicator"
    )
    fields["kind"] = check.choice(m.get("kind"), (*p, "kind"), TARGET_KINDS, what="target kind")
    fields["direction"] = check.choice(
        m.get("direction"), (*p, "direction"), DIRECTIONS, what="direction"
    )
    low = known.base_year + 1 if known.base_year else 1900
    fields["deadline"] = check.integer(m.get("deadline"), (*p, "deadline"), low=low) or 0
    fields["base_year"] = known.base_year
    return fields


def _threshold(m: Mapping[str, Any], p: KeyPath, check: Checker, kind: str | None) -> float | None:
    """The threshold in its kind's range, or a missing one with the note saying why."""
    path = (*p, "threshold")
    value = m.get("threshold")
    if value is None and "threshold" in m:
        # a threshold the sources do not give stays missing: no invented number
        if not m.get("threshold_note"):
            check.problem(
                path,
                "a missing threshold needs a 'threshold_note' saying why",
                expected="a number, or null with threshold_note: target not published in the sources used",
                got=None,
            )
        return None
    if kind in GROWTH_KINDS:
        threshold = check.number(value, path, low=-1, low_open=True)
    elif kind == "share":
        threshold = check.number(value, path, low=0, high=1)
    elif kind is not None:
        threshold = check.number(value, path)
    else:
        threshold = None
    return None if threshold is None else float(threshold)


def _task(m: Mapping[str, Any], p: KeyPath, check: Checker, task_numbers: set[int]) -> int | None:
    """The task a target belongs to, if it names one."""
    task = m.get("task")
    if task is None:
        return None
    number = check.integer(task, (*p, "task"), low=1)
    if number is not None and number not in task_numbers:
        check.problem(
            (*p, "task"),
            "unknown task",
            expected=f"a task number in 1..{max(task_numbers, default=0)}",
            got=number,
        )
    return number


def _window(
    m: Mapping[str, Any],
    p: KeyPath,
    check: Checker,
    kind: str | None,
    base_year: int,
    deadline: int,
) -> tuple[int, int] | None:
    """The span of years of an every_year or additions-based cumulative target."""
    if not (kind == "every_year" or (kind == "cumulative" and m.get("basis") == "additions")):
        if "window" in m:
            check.problem(
                (*p, "window"),
                f"a window is only read for every_year and additions-based cumulative targets, not {kind}",
            )
        return None
    raw = m.get("window")
    if not (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(y, int) and not isinstance(y, bool) for y in raw)
    ):
        check.problem(
            (*p, "window"),
            f"a {kind} target needs its window of years",
            expected="[first_year, last_year]",
            got=raw,
        )
        return None
    if not (base_year < raw[0] <= raw[1] == deadline):
        check.problem(
            (*p, "window"),
            "window out of range",
            expected=f"[first, {deadline}] with {base_year} < first <= {deadline}",
            got=raw,
        )
        return None
    return (raw[0], raw[1])


def _basis(m: Mapping[str, Any], p: KeyPath, check: Checker, kind: str | None) -> str | None:
    """Whether a cumulative target counts the stock or the additions."""
    if kind == "cumulative":
        return check.choice(m.get("basis"), (*p, "basis"), BASES, what="basis")
    if "basis" in m:
        check.problem((*p, "basis"), f"basis is only read for cumulative targets, not {kind}")
    return None


def _attribute(m: Mapping[str, Any], p: KeyPath, check: Checker) -> str | None:
    """The target's attribute (binding 约束性 / indicative 预期性), ``None`` where not stated.

    Examples
    --------
    >>> check = Checker("plan.yaml")
    >>> _attribute({"attribute": "binding"}, ("targets", 0), check), _attribute({}, (), check)
    ('binding', None)
    >>> _attribute({"attribute": "mandatory"}, ("targets", 0), check)
    >>> print(check.problems[0])
    plan.yaml:1: targets[0].attribute: unknown attribute; expected one of 'binding', 'indicative', got 'mandatory'
    """
    if m.get("attribute") is None:
        return None
    return check.choice(m["attribute"], (*p, "attribute"), ATTRIBUTES, what="attribute")


# -- helpers -----------------------------------------------------------------------------------


def _entries(
    top: Mapping[str, Any],
    check: Checker,
    section: str,
    required: tuple[str, ...],
    *,
    min_len: int = 0,
) -> Iterator[tuple[KeyPath, dict[Any, Any]]]:
    """Yield the path and mapping of each well-formed entry of a list section."""
    for i, item in enumerate(check.sequence(top.get(section), (section,), min_len=min_len) or []):
        p = (section, i)
        m = check.mapping(item, p, required=required)
        if m is not None:
            yield p, m


def _texts(check: Checker, m: Mapping[str, Any], p: KeyPath, *keys: str) -> Fields:
    """The non-empty texts under ``keys`` (``""`` where one is wrong, with its problem)."""
    return {k: check.string(m.get(k), (*p, k)) or "" for k in keys}


def _agencies(
    check: Checker, m: Mapping[str, Any], p: KeyPath, key: str, agency_ids: list[str]
) -> tuple[str, ...]:
    """A list of agency ids under ``key``, each one the plan names."""
    return check.string_list(m.get(key), (*p, key), choices=agency_ids, what="agency") or ()


def _check_unique(check: Checker, path: KeyPath, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            check.problem((*path, i, "id"), f"duplicate id {ident!r}")
        seen.add(ident)
