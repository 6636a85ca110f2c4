"""The notebooks stay thin: import, load, run, display. Their execution is nbval's job."""

import ast
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
EXPECTED = [
    "01_plan_and_targets",
    "02_baseline_projection",
    "03_scenario_explorer",
    "04_calibration_and_backtest",
    "05_what_it_takes",
    "06_other_plans",
    "07_explore",
    "08_midterm_evaluation",
]


def test_the_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_and_starts_with_an_introduction(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    assert len(first.source) > 200  # a paragraph a policy researcher can read, in zh and en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first.source)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defined = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert not defined, (
            f"{path.name}: logic belongs in ipsim, not in a notebook:\n{cell.source}"
        )
        assert len(cell.source.splitlines()) <= 6, (
            f"{path.name}: a cell this long is code:\n{cell.source}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebooks_hold_no_bulky_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("# NBVAL_IGNORE_OUTPUT"):
            assert cell.outputs == []
    assert path.stat().st_size < 40_000
