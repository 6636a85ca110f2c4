"""The house a newcomer reads: its papers, the README's facts, the old import paths, the layers.

- the licence, changelog, contributing guide, pre-commit configuration and ``py.typed`` exist;
- the README names as many notebooks as there are;
- every old module path in :data:`ipsim._moved.MOVED` still imports, warns once and is the very
  module at its new path, and nothing in the package imports an old path;
- the layer contract (import-linter, ``[tool.importlinter]`` in ``pyproject.toml``) holds on this
  tree and fails, naming itself and the import, when a copy of the package imports upward.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from ipsim._moved import MOVED

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACT = PYPROJECT["tool"]["importlinter"]["contracts"][0]["name"]
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@pytest.mark.parametrize(
    "name",
    ["LICENSE", "CHANGELOG.md", "CONTRIBUTING.md", ".pre-commit-config.yaml", "ipsim/py.typed"],
)
def test_house_file_exists(name):
    assert (ROOT / name).is_file(), f"{name} is missing"


def test_licence_is_the_one_pyproject_declares():
    declared = PYPROJECT["project"]["license"]  # {text = "MIT"}, or "MIT" as PEP 639 writes it
    declared = declared["text"] if isinstance(declared, dict) else declared
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith(f"{declared} License")


def test_changelog_has_an_unreleased_section():
    assert "\n## [Unreleased]\n" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_pre_commit_runs_ruff_and_the_layer_contract():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "lint-imports"} <= hooks


def test_readme_names_every_notebook_and_counts_them_right():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in notebooks:
        assert f"`{path.stem}`" in readme, f"the README does not list {path.name}"
    counted = re.findall(r"executes all (\w+) with nbval", readme)
    in_words = (
        NUMBER_WORDS[len(notebooks)] if len(notebooks) < len(NUMBER_WORDS) else str(len(notebooks))
    )
    assert counted == [in_words], (
        f"the README says the tests execute all {counted}; there are {len(notebooks)} notebooks"
    )


# Run in a fresh interpreter: importing an old path changes what the running process has imported.
_IMPORT_OLD_PATHS = """
import importlib, json, sys, warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import ipsim
    from ipsim._moved import MOVED
    for new in MOVED.values():
        importlib.import_module(new)
report = {"while importing the new paths": [str(w.message) for w in caught]}
for old, new in MOVED.items():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(f"import {old}", "importer.py", "exec"))
    report[old] = {
        "same module": sys.modules[old] is sys.modules[new],
        "warnings": [(w.category.__name__, str(w.message), w.filename) for w in caught],
    }
report["public names"] = {
    name: type(getattr(ipsim, name)).__name__ for name in ipsim.__all__ if f"ipsim.{name}" in MOVED
}
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def old_paths():
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_OLD_PATHS],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_package_imports_no_old_path(old_paths):
    moved = [m for m in old_paths["while importing the new paths"] if "moved to" in m]
    assert moved == []


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_path_is_the_new_module_and_warns(old_paths, old):
    seen = old_paths[old]
    assert seen["same module"], f"import {old} is not the module {MOVED[old]}"
    expected = (
        f"{old} moved to {MOVED[old]}; the old name is deprecated and goes in the next release"
    )
    assert [(category, message) for category, message, _ in seen["warnings"]] == [
        ("DeprecationWarning", expected)
    ]


def test_old_path_warnings_point_at_the_importing_line(old_paths):
    # so that Python's default filters show them in a user's script (they show DeprecationWarning
    # raised in __main__)
    places = {old: [place for *_, place in old_paths[old]["warnings"]] for old in MOVED}
    assert places == {old: ["importer.py"] for old in MOVED}


def test_old_paths_leave_the_public_functions_alone(old_paths):
    # before the move, `import ipsim.calibrate` left `ipsim.calibrate` the function
    assert set(old_paths["public names"].values()) == {"function"}, old_paths["public names"]


def _lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` with the configuration found in ``cwd`` (its ``pyproject.toml``)."""
    program = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "COLUMNS": "300", "NO_COLOR": "1"}
    return subprocess.run(
        [program, "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_layer_contract_holds():
    done = _lint_imports(ROOT, ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{CONTRACT} KEPT" in done.stdout


def test_layer_contract_fails_on_an_upward_import(tmp_path):
    shutil.copytree(
        ROOT / "ipsim", tmp_path / "ipsim", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    errors = tmp_path / "ipsim" / "errors.py"
    errors.write_text(errors.read_text(encoding="utf-8") + "\nimport ipsim.cli\n", encoding="utf-8")
    done = _lint_imports(tmp_path, tmp_path)
    assert done.returncode != 0
    assert f"{CONTRACT} BROKEN" in done.stdout
    assert "ipsim.errors is not allowed to import ipsim.cli" in done.stdout
