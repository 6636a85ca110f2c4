"""The package as shipped: environment.yml in step with pyproject.toml, scenarios in the wheel."""

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _names(requirements):
    out = {}
    for req in requirements:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req.split(";")[0])
        out[match.group(1).lower().replace("_", "-")] = match.group(2).strip()
    return out


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = _names(project["dependencies"] + extras["test"] + extras["lab"])
    import yaml

    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    lines = [d for d in deps if isinstance(d, str)]
    conda = _names(line for line in lines if not line.startswith(("python", "pip")))
    assert conda == wanted
    python = next(line for line in lines if line.startswith("python"))
    assert python.replace("python", "") == project["requires-python"]


@pytest.mark.slow
def test_wheel_ships_plans_and_scenarios(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("ipsim-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("baseline", "high-funding", "austerity"):
        assert f"ipsim/scenarios/{name}.yaml" in names
    assert "ipsim/plans/guangzhou-ip-2017-2020.yaml" in names
    assert "ipsim/py.typed" in names  # type checkers read ipsim's annotations
