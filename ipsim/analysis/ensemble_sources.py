"""What an ensemble spans: one scenario, several, a folder of plan and scenario files, or every
bundled scenario; and, per scenario, the levers varied and the targets summarised.

An ensemble over several scenarios (of one plan or of several) is the unit of work handed to an
executor: each scenario has its own design over its own levers, and all their chunks go to the
same executor. A lever or target named for the whole ensemble applies to the scenarios that have
it; one that no scenario has is an error, and so is a scenario left with none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ipsim._args import shown
from ipsim.errors import ArgumentError
from ipsim.levers import is_lever
from ipsim.scenario import Scenario, bundled_scenarios, load_scenario
from ipsim.schema.scenario_workbook import WORKBOOK_SUFFIXES

BUNDLED = "bundled"
"""The source naming every bundled scenario (``ipsim ensemble bundled``)."""
YAML_SUFFIXES = (".yaml", ".yml")

Source = Scenario | str | Path


def scenarios_of(source: Source | Sequence[Source]) -> list[Scenario]:
    """The scenarios an ensemble spans, each once, in the order given (a folder's files sorted
    by name).

    ``source`` is a scenario, a bundled name or a file, a folder (every scenario file in it: YAML
    or an Excel scenario workbook; plan files, which the scenarios name, are skipped), the word
    ``"bundled"`` (every bundled scenario), or a list of these.

    Examples
    --------
    >>> [s.name for s in scenarios_of(["baseline", "national-13th"])]
    ['baseline', 'national-13th']
    >>> len(scenarios_of("bundled"))
    6
    """
    given = [source] if isinstance(source, Scenario | str | Path) else source
    if not isinstance(given, Sequence) or not given:
        msg = f"scenario: expected a scenario, a file, a folder or a list of them, got {shown(source)}"
        raise ArgumentError(msg)
    found: list[Scenario] = []
    for item in given:
        found += _expand(item)
    names = [s.name for s in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        msg = f"scenario: each scenario once; named more than once: {', '.join(twice)}"
        raise ArgumentError(msg)
    return found


def _expand(item: Any) -> list[Scenario]:
    """One item of :func:`scenarios_of`'s list as its scenarios."""
    if isinstance(item, Scenario):
        return [item]
    if not isinstance(item, str | Path):
        msg = f"scenario: expected a scenario, a file or a folder, got {shown(item)}"
        raise ArgumentError(msg)
    if str(item) == BUNDLED and not Path(item).exists():
        return [load_scenario(name) for name in bundled_scenarios()]
    folder = Path(item)
    if not folder.is_dir():
        return [load_scenario(item)]
    files = sorted(p for p in folder.iterdir() if _is_scenario_file(p))
    if not files:
        msg = f"{item}: no scenario file in this folder (YAML or Excel scenario workbooks)"
        raise ArgumentError(msg)
    return [load_scenario(path) for path in files]


def _is_scenario_file(path: Path) -> bool:
    """Whether a folder's file is a scenario: an Excel workbook, or YAML naming a ``plan``
    (a plan file has ``targets`` and no ``plan``)."""
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return not path.name.startswith("~$")  # Excel's lock file
    if suffix not in YAML_SUFFIXES or not path.is_file():
        return False
    keys = {
        line.split(":", 1)[0].strip()
        for line in path.read_text("utf-8", errors="replace").splitlines()
        if line[:1].isalpha() and ":" in line
    }
    return "plan" in keys or "targets" not in keys


def levers_for(
    scenarios: Sequence[Scenario],
    names: Sequence[str] | None,
    bounds: Mapping[str, tuple[float, float]] | None,
) -> list[tuple[list[str] | None, Mapping[str, tuple[float, float]] | None]]:
    """Per scenario, the levers it varies and the ranges given for them (None: its defaults).

    One scenario keeps the names as given (a wrong name is then reported with the scenario's
    levers); with several, each takes the names it has.
    """
    if names is None or len(scenarios) == 1:
        return [(None if names is None else list(names), bounds) for _ in scenarios]
    chosen = [[n for n in names if is_lever(n, s)] for s in scenarios]
    _require_each(names, chosen, scenarios, "vary", "lever")
    return [
        (mine, {k: v for k, v in (bounds or {}).items() if k in mine} or None) for mine in chosen
    ]


def targets_for(
    scenarios: Sequence[Scenario], target: str | Sequence[str] | None
) -> list[str | Sequence[str] | None]:
    """Per scenario, the targets summarised (None: every assessable one of its plan)."""
    if target is None or len(scenarios) == 1:
        return [target for _ in scenarios]
    names = [target] if isinstance(target, str) else list(target)
    chosen = [[t for t in names if t in {x.id for x in s.load_plan().targets}] for s in scenarios]
    _require_each(names, chosen, scenarios, "target", "target")
    return list(chosen)


def _require_each(
    names: Sequence[str],
    chosen: Sequence[Sequence[str]],
    scenarios: Sequence[Scenario],
    argument: str,
    what: str,
) -> None:
    """Refuse a name no scenario has, and a scenario left with none of the names."""
    unused = [n for n in names if not any(n in mine for mine in chosen)]
    if unused:
        msg = f"{argument}: no scenario has the {what} {', '.join(map(repr, unused))}"
        raise ArgumentError(msg)
    empty = [s.name for s, mine in zip(scenarios, chosen, strict=True) if not mine]
    if empty:
        msg = (
            f"{argument}: scenario {', '.join(map(repr, empty))} has none of the {what}s "
            f"{', '.join(map(repr, names))}; leave it out or name one of its {what}s"
        )
        raise ArgumentError(msg)
