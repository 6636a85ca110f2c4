"""What the dashboard takes and gives as files: an uploaded scenario (YAML, or an Excel workbook
read by :mod:`ipsim.scenario_workbook`), and downloads as data URLs (no script, no server
path)."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from ipsim._args import shown
from ipsim.errors import ScenarioError
from ipsim.scenario import Scenario, loads_scenario

MAX_UPLOAD_BYTES = 1_000_000
"""Largest scenario file the page accepts as an upload (bundled scenarios are about 20 kB)."""
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scenario_from_upload(name: str, content: bytes) -> Scenario:
    """Read an uploaded scenario file; it may name only a bundled plan.

    A plan given as a file path would make the server read that file, so it is refused, as is
    a file over :data:`MAX_UPLOAD_BYTES`. A name ending in ``.xlsx`` is read as a scenario
    workbook (:func:`ipsim.scenario_workbook.loads_scenario_workbook`).

    Raises
    ------
    ScenarioError
        If the file is too large, not UTF-8, invalid, or names a plan that is not bundled.
    """
    from ipsim._yaml import YamlError, read_yaml
    from ipsim.plan import bundled_plans

    name = Path(name).name[:120] or "upload.yaml"
    if len(content) > MAX_UPLOAD_BYTES:
        msg = (
            f"{name}: too large for a scenario file; expected at most "
            f"{MAX_UPLOAD_BYTES:,} bytes, got {len(content):,}"
        )
        raise ScenarioError(msg)
    if name.lower().endswith(".xlsx"):
        return _workbook_upload(name, content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        msg = f"{name}:{line}: not UTF-8 text ({err.reason} at byte {err.start})"
        raise ScenarioError(msg) from err
    try:
        raw, lines = read_yaml(text)
    except YamlError:
        raw, lines = None, {}  # loads_scenario reports it with its line
    plan = raw.get("plan") if isinstance(raw, dict) else None
    if isinstance(plan, str) and plan not in bundled_plans():
        where = lines.get(("plan",), 1)
        msg = (
            f"{name}:{where}: plan: an uploaded scenario may name only a bundled plan; expected "
            f"one of {', '.join(repr(p) for p in bundled_plans())}, got {shown(plan)}"
        )
        raise ScenarioError(msg)
    return loads_scenario(text, filename=name, base_dir=None)


def download_link(filename: str, data: bytes, mime: str, text: str) -> str:
    """An ``<a download>`` holding ``data`` as a data URL: a download without any script."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f"<a class='ipsim-download' style='color:#2b6cb0;text-decoration:underline' "
        f'download="{html.escape(filename)}" '
        f'href="data:{mime};charset=utf-8;base64,{encoded}">{html.escape(text)}</a>'
    )


def file_stem(name: str) -> str:
    """A file name made from a scenario name: ``baseline (modified)`` -> ``baseline-modified``."""
    return re.sub(r"[^\w.]+", "-", name).strip("-.")[:80] or "scenario"


def _workbook_upload(name: str, content: bytes) -> Scenario:
    """Read an uploaded ``.xlsx`` scenario; like a YAML one, it may name only a bundled plan
    (refused before any plan file is read)."""
    from ipsim.scenario_workbook import loads_scenario_workbook

    return loads_scenario_workbook(content, filename=name, bundled_plan_only=True)
