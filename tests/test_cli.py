"""The ``ipsim`` command as a user runs it: in a subprocess, from another folder."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = {
    "id",
    "indicator",
    "kind",
    "threshold",
    "unit",
    "deadline",
    "p_met",
    "p_met_se",
    "median",
    "p05",
    "p95",
    "required_growth",
    "status_statcan",
    "status_unsd",
    "rating",
    "lead_agency",
    "baseline_confidence",
}


def ipsim(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "ipsim.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_run_json_contract_from_another_folder(tmp_path):
    done = ipsim("run", "--format", "json", "--draws", "2000", "--seed", "3", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert set(doc) == {"ipsim_version", "scenario", "targets", "plan", "dependence_range"}
    assert {"name", "sha256", "seed", "draws", "reading"} <= set(doc["scenario"])
    assert doc["scenario"]["draws"] == 2000
    assert doc["scenario"]["seed"] == 3
    assert doc["scenario"]["reading"] == "cagr"
    assert len(doc["targets"]) == 18
    for record in doc["targets"]:
        assert set(record) >= CONTRACT
        assert 0.0 <= record["p_met"] <= 1.0
    assert {"p_all_met", "expected_met", "n_met_distribution"} <= set(doc["plan"])
    assert len(doc["plan"]["n_met_distribution"]) == 19


def test_run_is_reproducible_and_reading_is_reported():
    a = ipsim("run", "--format", "json", "--draws", "1000")
    b = ipsim("run", "--format", "json", "--draws", "1000")
    assert a.stdout == b.stdout
    strict = json.loads(
        ipsim("run", "--format", "json", "--draws", "1000", "--reading", "yoy_each_year").stdout
    )
    assert strict["scenario"]["reading"] == "yoy_each_year"
    assert {t["kind"] for t in strict["targets"] if t["plan_kind"] == "cagr"} == {"yoy_each_year"}


def test_run_table_in_chinese_and_csv():
    table = ipsim("run", "--lang", "zh", "--draws", "1000")
    assert table.returncode == 0
    assert "发明专利申请量" in table.stdout
    assert "全部目标达成概率" in table.stdout
    assert "\033[" not in table.stdout  # not a terminal: no colour codes
    csv = ipsim("run", "high-funding", "--format", "csv", "--draws", "1000")
    assert csv.returncode == 0
    assert csv.stdout.count("\n") == 19


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "no-such.yaml"], "no such scenario file"),
        (
            ["run", str(DATA / "bad_scenarios" / "unknown_model.yaml")],
            "Did you mean 'compound_growth'?",
        ),
        (["run", "--draws", "0"], "expected a number >= 1"),
        (["run", "--lang", "fr"], "invalid choice: 'fr'"),
        (["targets", "--plan", "nope"], "unknown plan 'nope'"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(args, message):
    done = ipsim(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_validate_exit_codes():
    good = ipsim(
        "validate", str(ROOT / "scenarios" / "baseline.yaml"), str(DATA / "mini-scenario.yaml")
    )
    assert good.returncode == 0
    assert good.stdout.count("ok: ") == 2
    bad = ipsim(
        "validate",
        str(ROOT / "scenarios" / "baseline.yaml"),
        str(DATA / "bad_scenarios" / "duplicate_key.yaml"),
    )
    assert bad.returncode == 2
    assert "duplicate key 'seed'" in bad.stderr
    plan = ipsim("validate", str(ROOT / "ipsim" / "plans" / "guangzhou-ip-2017-2020.yaml"))
    assert plan.returncode == 0


def test_targets_table_and_json():
    table = ipsim("targets", "--lang", "zh")
    assert table.returncode == 0
    assert "市知识产权局" in table.stdout
    doc = json.loads(ipsim("targets", "--format", "json").stdout)
    assert [t["id"] for t in doc["targets"]][:2] == ["certified_units", "hitech_invention_apps"]
    mini = json.loads(
        ipsim(
            "targets",
            "--plan",
            str(DATA / "plans" / "mini-recycling-2021-2025.yaml"),
            "--format",
            "json",
        ).stdout
    )
    assert len(mini["targets"]) == 5


def test_brief_as_of_shows_targets_decided_by_published_figures(tmp_path):
    out = tmp_path / "n13.html"
    done = ipsim(
        "brief",
        "national-13th",
        "--as-of",
        "2021",
        "--lang",
        "en",
        "--draws",
        "500",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "decided by published figures (2020: 2,180 ≥ 1,800)" in text
    done = ipsim("brief", "national-13th", "--as-of", "1900", "-o", str(tmp_path / "x.html"))
    assert done.returncode == 2
    assert "vantage year 1900" in done.stderr
    assert not (tmp_path / "x.html").exists()


def test_run_of_a_modified_scenario_lists_what_changed_in_table_and_json(tmp_path):
    from ipsim.widgets import ScenarioExplorer

    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    explorer.funding_slider("creation").value = 1.6
    path = explorer.save(tmp_path / "mine.yaml")
    table = ipsim("run", str(path), "--draws", "300")
    assert table.returncode == 0, table.stderr
    assert "scenario: Baseline: funding as planned (modified)" in table.stdout
    assert "1.00 x -> 1.60 x the planned budget" in table.stdout
    doc = json.loads(ipsim("run", str(path), "--draws", "300", "--format", "json").stdout)
    assert doc["scenario"]["modified"]["changes"] == [
        {"input": "funding.creation.multiple", "from": 1.0, "to": 1.6}
    ]
    plain = json.loads(ipsim("run", "--draws", "300", "--format", "json").stdout)
    assert plain["scenario"]["modified"] is None
