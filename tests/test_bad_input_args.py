"""Bad arguments to the Python API and the command: one error type (ArgumentError), exit 2.

Before: ``simulate(draws=2.5)`` ran 2 draws, ``draws="100"`` and ``True`` were taken,
``sensitivity(n=0)`` complained about ``draws``, ``--draws 10000000`` died of MemoryError and
``sensitivity --n 1000000000`` tried to allocate terabytes.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import numpy as np
import pytest

import ipsim
from ipsim.analysis.backtest import backtest
from ipsim.analysis.sensitivity import MAX_SIMULATED_DRAWS, one_at_a_time, sensitivity
from ipsim.cli import main
from ipsim.errors import ArgumentError, DataError
from ipsim.observed import OBSERVED_COLUMNS, load_observed
from ipsim.scenario import MAX_DRAWS, load_scenario
from ipsim.simulate import simulate

resources = importlib.import_module("ipsim._resources")


@pytest.mark.parametrize(
    ("draws", "message"),
    [
        (2.5, "draws: expected a whole number >= 1, got 2.5"),
        ("100", "draws: expected a whole number >= 1, got '100'"),
        (True, "draws: expected a whole number >= 1, got True"),
        (0, "draws: expected a whole number >= 1, got 0"),
        (float("nan"), "draws: expected a whole number >= 1, got nan"),
        (MAX_DRAWS + 1, f"between 1 and {MAX_DRAWS:,}, got {MAX_DRAWS + 1}"),
    ],
)
def test_simulate_refuses_draws_that_are_not_a_count(mini, draws, message):
    with pytest.raises(ArgumentError) as info:
        simulate(mini, draws=draws)
    assert str(info.value) == message or message in str(info.value)


def test_simulate_takes_whole_floats_and_numpy_integers(mini):
    assert simulate(mini, draws=3.0).draws == 3
    assert simulate(mini, draws=np.int64(4)).draws == 4


@pytest.mark.parametrize("rng", [True, -1, "7", 1.5])
def test_simulate_refuses_a_bad_seed(mini, rng):
    with pytest.raises(ArgumentError, match=r"^rng: expected a whole number >= 0"):
        simulate(mini, draws=10, rng=rng)


def test_simulate_refuses_lever_values_out_of_range(mini):
    with pytest.raises(ArgumentError, match=r"budget multiples must be > 0 and <= 100"):
        simulate(mini, draws=2, levers={"funding.sorting": np.array([1.0, 1e300])})
    with pytest.raises(ArgumentError, match="NaN or infinity"):
        simulate(mini, draws=2, levers={"funding.sorting": np.array([1.0, np.nan])})
    with pytest.raises(ArgumentError, match=r"expected 2 values \(one per draw\), got 3"):
        simulate(mini, draws=2, levers={"funding.sorting": np.ones(3)})
    with pytest.raises(ArgumentError, match="must be a multiple of repeat_noise"):
        simulate(mini, draws=10, repeat_noise=3)


def test_memory_is_checked_before_allocating(mini, monkeypatch):
    monkeypatch.setattr(resources, "available_memory", lambda: 200_000_000)
    with pytest.raises(ArgumentError) as info:
        simulate(mini, draws=MAX_DRAWS)
    message = str(info.value)
    assert message.startswith(
        "draws: 10,000,000 draws of 5 indicators x 6 years need about 2.70 GB"
    )
    fits = int(message.split("at most ")[1].split(" draws fit")[0].replace(",", ""))
    needed = resources.memory_needed(fits, 5, 6)
    assert needed <= 200_000_000 < resources.memory_needed(fits + 1000, 5, 6)
    assert simulate(mini, draws=fits).draws == fits  # what it says fits, runs


def test_the_documented_maximum_under_a_memory_cap_exits_2_with_what_fits():
    done = subprocess.run(
        [
            "bash",
            "-c",
            f"ulimit -v 1500000; exec {sys.executable} -m ipsim.cli run baseline --draws 10000000",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "draws: 10,000,000 draws of 18 indicators x 5 years need about 7.98 GB" in done.stderr
    assert "draws fit" in done.stderr
    assert "MemoryError" not in done.stderr


def test_the_chart_renderer_is_refused_under_a_low_address_space_limit():
    code = "from ipsim._resources import check_chart_renderer; check_chart_renderer()"
    done = subprocess.run(
        ["bash", "-c", f"ulimit -v 1500000; exec {sys.executable} -c '{code}'"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "IpsimError: the chart renderer (vl-convert" in done.stderr
    assert "raise the limit (ulimit -v unlimited" in done.stderr
    resources.check_chart_renderer()  # no limit here: nothing to say


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n": 0}, "n: expected a whole number >= 1, got 0"),
        ({"n": 2.5}, "n: expected a whole number >= 1, got 2.5"),
        ({"draws_per_point": "8"}, "draws_per_point: expected a whole number >= 1, got '8'"),
        ({"method": "sobl"}, "method: expected 'sobol' or 'morris', got 'sobl'"),
        ({"seed": -1}, "seed: expected a whole number >= 0, got -1"),
        (
            {"inputs": ["funding.creation", "funding.creation"]},
            "inputs: each lever once; given more than once: 'funding.creation'",
        ),
        (
            {"inputs": "funding.creation"},
            "inputs: expected a list of lever names, got 'funding.creation'",
        ),
        (
            {"inputs": ["funding.creation"], "bounds": {"funding.creation": (1, "x")}},
            "bounds['funding.creation'] high: expected a finite number, got 'x'",
        ),
        ({"target": 5}, "target: expected a target id or a list of them, got 5"),
    ],
)
def test_sensitivity_refuses_bad_arguments(baseline, options, message):
    options = {"target": "invention_apps", "n": 8, "draws_per_point": 8, **options}
    with pytest.raises(ArgumentError) as info:
        sensitivity(baseline, **options)
    assert str(info.value) == message


def test_sensitivity_bounds_the_work_before_sampling(baseline):
    with pytest.raises(ArgumentError) as info:
        sensitivity(baseline, target="invention_apps", n=1_000_000_000)
    assert str(info.value).startswith(
        "n: 1,000,000,000 with 7 inputs means 9,000,000,000 points x 128 draws per point"
    )
    assert f"at most {MAX_SIMULATED_DRAWS:,} are run, so n <= 43,402" in str(info.value)


def test_sensitivity_on_a_target_it_cannot_analyse():
    scenario = load_scenario("national-14th")
    with pytest.raises(ArgumentError, match="'ip_pledge_financing' has no published threshold"):
        sensitivity(scenario, target="ip_pledge_financing", n=8, draws_per_point=8)
    with pytest.raises(ArgumentError, match="'civil_case_acceptance' is not modelled"):
        one_at_a_time(scenario, target="civil_case_acceptance", draws_per_point=8)
    # without a target, the ones without a threshold are left out instead of failing
    table = one_at_a_time(scenario, draws_per_point=8)
    assert "ip_pledge_financing" not in set(table["target"])


@pytest.mark.parametrize(
    "args",
    [
        ["sensitivity", "national-14th", "--target", "ip_pledge_financing", "--n", "8"],
        ["sensitivity", "national-14th", "--target", "civil_case_acceptance", "--n", "8"],
        ["sensitivity", "baseline", "--target", "invention_apps", "--n", "1000000000"],
    ],
)
def test_sensitivity_command_exits_2(args, capsys):
    assert main([*args, "--draws-per-point", "8"]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert err.startswith("ipsim: ")


def test_backtest_refuses_bad_arguments_before_any_work(tmp_path):
    actuals = load_observed("guangzhou-ip-2017-2020")
    with pytest.raises(ArgumentError, match="origin: expected a whole number between"):
        backtest("baseline", origin=2016.5, actuals=actuals)
    with pytest.raises(ArgumentError, match="draws: expected a whole number between 1 and"):
        backtest("baseline", origin=2016, actuals=actuals, draws=0)
    with pytest.raises(ArgumentError, match="actuals: expected ObservedData or the path"):
        backtest("baseline", origin=2016, actuals=[1, 2])  # type: ignore[arg-type]


def test_backtest_refuses_a_negative_count_as_an_actual(tmp_path, capsys):
    path = tmp_path / "actuals.csv"
    row = "invention_apps,invention_apps,2017,-5,件,Guangzhou,A source,http://x.gov.cn,q,high"
    path.write_text(",".join(OBSERVED_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="negative, but a count in 件 cannot be below zero"):
        backtest("baseline", origin=2016, actuals=path, draws=100)
    assert main(["backtest", "baseline", "--origin", "2016", "--actuals", str(path)]) == 2
    assert f"{path}:2: column 'value': negative" in capsys.readouterr().err


def test_backtest_refuses_negative_actuals_built_in_python():
    from ipsim.observed import ObservedData

    bundled = load_observed("guangzhou-ip-2017-2020")
    frame = bundled.frame.copy()
    frame.loc[(frame["plan_indicator"] == "invention_apps") & (frame["year"] == 2017), "value"] = -5
    with pytest.raises(
        DataError, match=r"negative figures cannot be scored.*invention_apps 2017 = -5"
    ):
        backtest("baseline", origin=2016, actuals=ObservedData(frame, "edited"), draws=100)


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda s: ipsim.compare(s, draws=2.5), "draws"),
        (lambda s: ipsim.compare(s, draws="100"), "draws"),
        (lambda s: ipsim.goal_seek(s, "invention_apps", probability="0.8"), "probability"),
        (lambda s: ipsim.goal_seek(s, "invention_apps", probability=1.0), "probability"),
        (lambda s: ipsim.goal_seek(s, "invention_apps", draws=True), "draws"),
        (lambda s: ipsim.goal_seek(s, "invention_apps", tolerance=-1.0), "tolerance"),
        (lambda s: ipsim.goal_seek(s, "invention_apps", bounds=(0.5,)), "bounds"),
    ],
)
def test_compare_and_goal_seek_arguments_raise_argument_error(call, named):
    scenario = ipsim.load_scenario("baseline")
    with pytest.raises(ipsim.ArgumentError, match=rf"^{named}"):
        call(scenario)


def test_brief_under_a_low_address_space_limit_exits_2_without_a_c_stack_trace(tmp_path):
    out = tmp_path / "b.html"
    command = f"{sys.executable} -m ipsim.cli brief baseline --draws 200 -o {out}"
    done = subprocess.run(
        ["bash", "-c", f"ulimit -v 3000000; exec {command}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("ipsim: the chart renderer (vl-convert")
    assert not out.exists()


def test_an_integer_past_the_digit_limit_is_an_argument_error(mini):
    with pytest.raises(ArgumentError, match=r"draws: .* got an integer of about 5,001 digits"):
        simulate(mini, draws=10**5000)
