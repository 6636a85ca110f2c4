"""Scenarios in Excel: the assumptions a planner edits in a workbook, read back as a scenario.

``ipsim run --format xlsx`` (and :func:`ipsim.views.workbook.scenario_workbook_bytes`) writes,
beside the results, every input of the scenario in sheets a planner can edit: one row per
parameter of each indicator (its value or distribution, with the baseline's year, confidence
and source), the model of each indicator, the funding levers (money in 万元, a column per year),
the correlated groups, and the settings (name, plan, years, draws, seed). Headers and names are
in the language of the run; both languages are read back. :func:`read_scenario_workbook` reads
such a workbook, and :func:`ipsim.scenario.load_scenario` (so every command taking a SCENARIO)
accepts an ``.xlsx`` path::

    ipsim run baseline --format xlsx -o mine.xlsx     # edit a growth median in Excel, save
    ipsim run mine.xlsx

A workbook is checked exactly as a YAML file is (:mod:`ipsim.schema.scenario`), each problem
naming the file, sheet, row and column (:mod:`ipsim.schema.scenario_workbook` lays out the
sheets and says which columns are read).

An edited workbook is told from an untouched one as the explorer tells a moved control: the
writer records the scenario's sha256 in the settings sheet and its canonical YAML in a hidden
sheet; a scenario read with an input changed is named and titled as modified, and its
``modified`` record lists each change (see :mod:`ipsim.schema.scenario_workbook`).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim._inputs import read_bytes, resolve, shown_path
from ipsim.errors import ScenarioError
from ipsim.i18n import Lang, label
from ipsim.scenario import Scenario, dump_scenario, from_dict, to_dict
from ipsim.schema.scenario_workbook import (
    HIDDEN,
    MAX_WORKBOOK_BYTES,
    WORKBOOK_SUFFIXES,
    scenario_raw_of,
    scenario_sheets_of,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HIDDEN",
    "MAX_WORKBOOK_BYTES",
    "WORKBOOK_SUFFIXES",
    "is_scenario_workbook",
    "loads_scenario_workbook",
    "read_scenario_workbook",
    "scenario_sheets",
]


def read_scenario_workbook(path: str | Path) -> Scenario:
    """Read a scenario from an Excel workbook (as written by ``ipsim run --format xlsx``).

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.xlsx`` file; a plan named by a relative path is found from its folder.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        If the file is missing, too large (over :data:`MAX_WORKBOOK_BYTES`), not a workbook, or
        wrong in any value; every problem is listed as
        ``file.xlsx, sheet 'assumptions', row 7, column D (distribution): what; expected X, got Y``.

    Examples
    --------
    >>> import tempfile
    >>> from ipsim.scenario import load_scenario
    >>> from ipsim.views.workbook import write_scenario_workbook
    >>> s = load_scenario("baseline")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_scenario_workbook(s, f"{folder}/baseline.xlsx", lang="zh")
    ...     read_scenario_workbook(path) == s
    True
    """
    shown = shown_path(path)
    content = read_bytes(
        path, what="scenario workbook", error=ScenarioError, limit=MAX_WORKBOOK_BYTES
    )
    folder = resolve(path, what="scenario workbook", error=ScenarioError).parent
    return loads_scenario_workbook(content, filename=shown, base_dir=str(folder))


def loads_scenario_workbook(
    content: bytes,
    *,
    filename: str,
    base_dir: str | None = None,
    bundled_plan_only: bool = False,
) -> Scenario:
    """Read a scenario from the bytes of an Excel workbook (an upload, say).

    Parameters
    ----------
    content : bytes
        The ``.xlsx`` file, at most :data:`MAX_WORKBOOK_BYTES`.
    filename : str
        Shown in every problem.
    base_dir : str, optional
        The folder a plan given as a relative path is found from (``None``: the plan must be
        a bundled one or an absolute path).
    bundled_plan_only : bool
        Refuse, before reading any plan file, a workbook whose plan is not bundled with ipsim
        (for an upload to a server: a plan path would make it read its own files).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        As :func:`read_scenario_workbook`.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> from ipsim.views.workbook import scenario_workbook_bytes
    >>> s = load_scenario("national-14th")
    >>> loads_scenario_workbook(scenario_workbook_bytes(s), filename="n.xlsx") == s
    True
    >>> loads_scenario_workbook(b"", filename="n.xlsx")
    Traceback (most recent call last):
    ...
    ipsim.errors.ScenarioError: n.xlsx: the file is empty; expected an Excel workbook (.xlsx) of a scenario
    """
    if not isinstance(content, bytes | bytearray):
        msg = f"{filename}: expected the workbook's bytes, got {type(content).__name__}"
        raise ScenarioError(msg)
    raw = scenario_raw_of(
        bytes(content), filename=filename, base_dir=base_dir, bundled_plan_only=bundled_plan_only
    )
    return from_dict(raw, base_dir=base_dir)


def scenario_sheets(
    scenario: Scenario, lang: Lang = "en"
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Return the sheets (name -> table) that hold ``scenario``, and their number formats.

    What :func:`ipsim.views.workbook.write_workbook` writes and :func:`read_scenario_workbook`
    reads back.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> sheets, formats = scenario_sheets(load_scenario("baseline"))
    >>> list(sheets)
    ['assumptions', 'indicator models', 'funding', 'dependence', 'scenario', 'read me', 'as written']
    >>> sheets["assumptions"].iloc[2, :5].tolist()
    ['Units certified to the national IP-management standard', 'lag of funding', 'years', 'fixed', 0]
    """
    import pandas as pd

    sheets, formats = scenario_sheets_of(
        to_dict(scenario), scenario.load_plan(), lang, written_sha256=scenario.sha256
    )
    name = label("workbook.sheet_written", lang)
    lines = dump_scenario(scenario).splitlines()
    sheets[name] = pd.DataFrame({label("workbook.col_written", lang): lines}, dtype=object)
    return sheets, {**formats, name: {HIDDEN: True}}


def is_scenario_workbook(path: str | Path) -> bool:
    """Whether ``path`` is an Excel workbook holding a scenario (an assumptions sheet, in
    English or Chinese), rather than a table of observed figures.

    Only the sheet names are read; a file that cannot be read gives ``False`` (its reader then
    says what is wrong).

    Examples
    --------
    >>> is_scenario_workbook("scenarios/baseline.yaml")
    False
    """
    from openpyxl import load_workbook

    if Path(str(path)).suffix.lower() not in WORKBOOK_SUFFIXES:
        return False
    try:
        content = read_bytes(path, what="workbook", error=ScenarioError, limit=MAX_WORKBOOK_BYTES)
        book = load_workbook(io.BytesIO(content), read_only=True)
    except Exception:  # any unreadable file is simply not a scenario workbook
        return False
    names = {name.strip().casefold() for name in book.sheetnames}
    book.close()
    wanted = {label("workbook.sheet_assumptions", lang).casefold() for lang in ("en", "zh")}
    return bool(names & wanted)
