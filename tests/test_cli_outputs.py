"""What the ``ipsim`` command prints: valid JSON, safe CSV, no terminal control codes, clean exits."""

import importlib
import json
import math
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from ipsim._outputs import csv_text, neutral_cell, terminal_text, to_json
from ipsim.cli import main
from ipsim.errors import ArgumentError, IpsimWarning

from .test_cli import ipsim

ROOT = Path(__file__).resolve().parents[1]
BASELINE = (ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8")


def strict_json(text):
    """Parse JSON as a strict reader does: NaN, Infinity and -Infinity are errors."""

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def scenario_named(tmp_path, name, file="named.yaml"):
    """The bundled baseline under another name (written as a YAML double-quoted string)."""
    text = BASELINE.replace("\nname: baseline\n", f"\nname: {json.dumps(name)}\n", 1)
    assert text != BASELINE
    path = tmp_path / file
    path.write_text(text, encoding="utf-8")
    return path


ACTUALS = """\
indicator,plan_indicator,year,value,unit,scope,source_title,source_url,quote,confidence
pct,pct_applications,2020,67000,件,China,test,,,high
pledge,ip_pledge_financing,2020,2180,亿元,China,test,,,high
"""


# -- item 8: JSON is always valid ------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["run", "national-14th", "--draws", "300"],
        ["targets", "--plan", "national-ip-2021-2025"],
        ["compare", "national-14th", "national-14th", "--draws", "300"],
        ["goalseek", "national-14th", "--target", "all", "--draws", "100"],
        [
            "sensitivity",
            "baseline",
            "--target",
            "invention_apps",
            "--n",
            "8",
            "--draws-per-point",
            "8",
        ],
        ["backtest", "national-13th", "--origin", "2017", "--actuals", "ACTUALS", "--draws", "300"],
    ],
    ids=["run", "targets", "compare", "goalseek", "sensitivity", "backtest"],
)
def test_every_json_output_is_valid_json(args, tmp_path):
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(ACTUALS, encoding="utf-8")
    args = [str(actuals) if a == "ACTUALS" else a for a in args]
    done = ipsim(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    strict_json(done.stdout)  # today: compare of national-14th with itself prints NaN


def test_compare_of_a_plan_with_undecidable_differences_prints_null():
    done = ipsim("compare", "national-14th", "national-14th", "--draws", "300", "--format", "json")
    doc = strict_json(done.stdout)
    assert any(row["d_median"] is None for row in doc["targets"])  # NaN before: no number
    assert [s["name"] for s in doc["scenarios"]] == ["national-14th", "national-14th (2)"]


def test_json_sanitiser_turns_non_finite_numbers_and_numpy_into_plain_json(monkeypatch, capsys):
    assess_module = importlib.import_module("ipsim.assess")

    def weird(self, lang="en"):
        return {
            "nan": math.nan,
            "inf": -math.inf,
            "np_nan": np.float64("nan"),
            "np_int": np.int64(7),
            "np_bool": np.bool_(True),
            "array": np.array([1.5, np.inf]),
            np.int64(3): "numpy key",
            "name": "基准\u202e\x85",
        }

    monkeypatch.setattr(assess_module.Assessment, "to_dict", weird)
    assert main(["run", "--draws", "100", "--format", "json"]) == 0
    out = capsys.readouterr().out
    doc = strict_json(out)
    assert doc.pop("dependence_range")["scenario"] == "baseline"  # the CLI's own addition
    assert doc == {
        "nan": None,
        "inf": None,
        "np_nan": None,
        "np_int": 7,
        "np_bool": True,
        "array": [1.5, None],
        "3": "numpy key",
        "name": "基准\u202e\x85",  # still the same text once parsed ...
    }
    assert "\u202e" not in out
    assert "\x85" not in out
    assert "基准" in out  # CJK stays readable


def test_to_json_refuses_what_it_cannot_represent():
    with pytest.raises(TypeError):
        to_json({"x": object()})  # a bug to see, not a silent str()


# -- item 9: compare --------------------------------------------------------------------------------
def test_compare_a_scenario_with_itself_numbers_the_second(tmp_path):
    done = ipsim("compare", "baseline", "baseline", "--draws", "300")
    assert done.returncode == 0, done.stderr  # today: internal error, duplicate entries
    assert "baseline (2)" in done.stdout
    assert "+0.0 pt" in done.stdout
    csv = ipsim("compare", "baseline", "baseline", "--draws", "300", "--format", "csv")
    assert "baseline (2)" in csv.stdout


def test_compare_api_names_repeats_by_position():
    import ipsim as api

    same = api.compare("baseline", "baseline", "baseline", draws=200)
    assert same.names == ["baseline", "baseline (2)", "baseline (3)"]
    assert list(dict.fromkeys(same.frame["scenario"])) == same.names
    assert [s["name"] for s in same.to_dict()["scenarios"]] == same.names


def test_compare_refuses_scenarios_of_different_plans():
    import ipsim as api

    done = ipsim("compare", "baseline", "national-14th", "--draws", "200")
    assert done.returncode == 2
    assert "guangzhou-ip-2017-2020" in done.stderr
    assert "national-ip-2021-2025" in done.stderr
    assert "nan" not in done.stdout
    assert done.stdout == ""
    with pytest.raises(ArgumentError, match="one plan"):
        api.compare("baseline", "national-14th", draws=200)


# -- item 14: CSV cells are not formulas -------------------------------------------------------------
def test_csv_text_cells_are_not_formulas_and_numbers_stay_numbers(tmp_path):
    named = scenario_named(tmp_path, '=HYPERLINK("http://x","y")')
    done = ipsim(
        "compare", "baseline", str(named), "austerity", "--draws", "300", "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not any(",=" in line or line.startswith("=") for line in lines)
    assert "'=HYPERLINK" in done.stdout
    import csv

    rows = list(csv.DictReader(lines))
    austerity = [r for r in rows if r["scenario"] == "austerity"]
    assert any(float(r["d_p_met"]) < 0 for r in austerity)  # negative numbers stay numbers
    assert not any(r["d_p_met"].startswith("'") for r in rows)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+A1", "'-1+A1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-0.05", "-0.05"),
        ("+3e-2", "+3e-2"),
        (-0.05, -0.05),
        ("基准", "基准"),
        (None, None),
    ],
)
def test_neutral_cell(cell, written):
    assert neutral_cell(cell) == written


def test_csv_text_neutralises_headers_and_object_columns_only():
    import pandas as pd

    frame = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "ok"], "x": [-0.05, 1.0]})
    text = csv_text(frame)
    assert "'=cmd" in text
    assert "-0.05" in text
    assert "'-0.05" not in text


# -- item 14: terminal control characters ------------------------------------------------------------
def test_terminal_text_escapes_controls_but_keeps_tables():
    table = "目标  P\n基准\t42%\n"
    assert terminal_text(table) == table
    assert (
        terminal_text("a\x1b[2Jb\x1b]0;title\x07\r\x9b") == "a\\x1b[2Jb\\x1b]0;title\\x07\\x0d\\x9b"
    )
    assert terminal_text("\u202eevil") == "\\u202eevil"
    assert terminal_text("\x1b[32mok\x1b[0m", colour=True) == "\x1b[32mok\x1b[0m"
    assert terminal_text("\x1b[2J", colour=True) == "\\x1b[2J"


def test_a_name_with_escape_codes_is_printed_escaped(tmp_path):
    named = scenario_named(tmp_path, "evil\x1b[2J\x1b]0;pwned\x07")
    text = named.read_text(encoding="utf-8")  # the table shows the title: evil there too
    evil_title = json.dumps("Evil\x1b[2J\x1b]0;pwned\x07")
    named.write_text(
        text.replace('title_en: "Baseline: funding as planned"', f"title_en: {evil_title}")
    )
    for args in (["run", str(named), "--draws", "200"], ["validate", str(named)]):
        done = ipsim(*args)
        assert "\x1b" not in done.stdout + done.stderr
        assert "\x07" not in done.stdout + done.stderr
        if done.returncode == 0 and args[0] == "run":
            assert "Evil\\x1b[2J" in done.stdout


def test_a_file_name_with_escape_codes_is_escaped_in_the_message():
    done = ipsim("run", "no-such-\x1b[2J.yaml")
    assert done.returncode == 2
    assert "\x1b" not in done.stderr
    assert "\\x1b[2J" in done.stderr


@pytest.mark.parametrize(
    "args", [[], ["national-13th", "--as-of", "2021"]], ids=["baseline", "decided"]
)
def test_colour_codes_of_the_table_survive_the_escaping(capsys, args):
    """Every verdict's colour (green, yellow, red, dim) reaches the terminal as a colour."""
    assert main(["run", *args, "--draws", "200", "--color", "always"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[3" in out
    assert "\\x1b" not in out


# -- item 14: long values are cut ------------------------------------------------------------------
def test_a_whole_file_is_not_echoed_in_a_message(tmp_path):
    big = tmp_path / "plan.yaml"
    big.write_text("secret " * 20_000 + "\n", encoding="utf-8")
    done = ipsim("targets", "--plan", str(big))
    assert done.returncode == 2
    assert len(done.stderr) < 2_000, len(done.stderr)
    assert "characters)" in done.stderr


def test_a_huge_argument_is_not_echoed_whole():
    done = ipsim("run", "--draws", "9" * 50_000 + "x")
    assert done.returncode == 2
    assert len(done.stderr) < 2_000


def test_an_error_message_line_is_cut(monkeypatch, capsys):
    plan_module = importlib.import_module("ipsim.plan")

    def fail(plan):
        raise plan_module.PlanError("x" * 100_000)

    monkeypatch.setattr(plan_module, "load_plan", fail)
    assert main(["targets"]) == 2
    err = capsys.readouterr().err
    assert len(err) < 1_100
    assert "(100,007 characters)" in err


# -- item 14: warnings -------------------------------------------------------------------------------
def test_ipsim_warnings_are_one_line_and_library_warnings_are_silenced(monkeypatch, capsys):
    report = importlib.import_module("ipsim.views.text")

    def noisy(plan, lang="en"):
        warnings.warn("first line\n  second line", IpsimWarning, stacklevel=2)
        warnings.warn("numpy says", RuntimeWarning, stacklevel=2)
        np.log(np.array([-1.0]))
        warnings.warn("pandas says", FutureWarning, stacklevel=2)
        return "table"

    monkeypatch.setattr(report, "targets_table", noisy)
    monkeypatch.delenv("IPSIM_DEBUG", raising=False)
    assert main(["targets"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "table\n"
    assert captured.err == "ipsim: warning: first line second line\n"


def test_numpy_warnings_do_not_leak_from_a_real_command(tmp_path):
    out = tmp_path / "c.yaml"
    args = ("calibrate", "-o", str(out), "--half-life", "0.01", "--prior-df", "0")
    done = ipsim(*args)  # a weight of ~0 on every year but the last: numpy divides by zero
    assert "RuntimeWarning" not in done.stderr  # today: numpy's warning and source line
    assert "calibrate.py" not in done.stderr
    assert "Traceback" not in done.stderr


# -- item 11: stdout closed, full, Ctrl-C --------------------------------------------------------------
def test_closed_stdout_is_quiet():
    done = subprocess.run(
        ["sh", "-c", f"{sys.executable} -m ipsim.cli run --draws 200 >&-"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 2)
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    assert done.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_stdout_is_exit_2_with_the_reason():
    done = subprocess.run(
        ["sh", "-c", f"{sys.executable} -m ipsim.cli targets > /dev/full"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "cannot write to standard output" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_interrupt_in_process(monkeypatch, capsys):
    simulate_module = importlib.import_module("ipsim.simulate")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(simulate_module, "simulate", interrupted)
    assert main(["run", "--draws", "100"]) == 130
    assert capsys.readouterr().err == "ipsim: interrupted\n"


def test_ctrl_c_during_a_run_is_exit_130_without_traceback():
    code = (
        "import sys; from ipsim.cli import main; print('ready', file=sys.stderr, flush=True); "
        "sys.exit(main(['sensitivity', 'baseline', '--n', '4096']))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stderr.readline() == "ready\n"  # main is running: no more imports outside it
        time.sleep(2)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, err
    assert err.strip().endswith("ipsim: interrupted")
    assert "Traceback" not in err


# -- items 11 and 18: arguments the API would take wrongly -------------------------------------------
@pytest.mark.parametrize("rule", [",,", "", "confidence,,first", "confidence,", "confidance"])
def test_a_bad_conflict_rule_is_refused_listing_the_criteria(rule, tmp_path, capsys):
    out = tmp_path / "c.yaml"
    assert main(["calibrate", "-o", str(out), "--rule", rule]) == 2
    err = capsys.readouterr().err
    for criterion in ("confidence", "official", "exact", "first", "last"):
        assert criterion in err
    assert not out.exists()


def test_sensitivity_refuses_an_input_given_twice(capsys):
    args = ["sensitivity", "baseline", "--target", "invention_apps", "--n", "8"]
    assert main([*args, "--input", "funding.creation", "--input", "funding.creation"]) == 2
    assert "funding.creation" in capsys.readouterr().err
