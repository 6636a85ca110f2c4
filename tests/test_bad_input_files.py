"""Hostile plan and scenario files: each is refused at once with file, line and path (exit 2).

Every case writes its own bad file into ``tmp_path``. Before these checks a few hundred bytes of
YAML aliases grew memory without limit, a FIFO or ``/dev/zero`` hung every command, deep nesting
raised RecursionError and a 401-digit integer, a symlink loop or a NUL byte in a path ended in
"internal error" (exit 1).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipsim._yaml import MAX_DEPTH
from ipsim.cli import main
from ipsim.errors import ArgumentError, PlanError, ScenarioError
from ipsim.plan import load_plan
from ipsim.scenario import MAX_MULTIPLE, dump_scenario, load_scenario

DATA = Path(__file__).parent / "data"
MINI_PLAN = DATA / "plans" / "mini-recycling-2021-2025.yaml"

BILLION_LAUGHS = (
    'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
)


def mini_text() -> str:
    """The test scenario with its plan named by an absolute path (so it loads from tmp_path)."""
    text = (DATA / "mini-scenario.yaml").read_text(encoding="utf-8")
    return text.replace("plan: plans/", f"plan: {DATA}/plans/")


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


# name -> (how to change the scenario text, fragment of the line to report, dotted path, message)
SCENARIO_CASES = {
    "billion_laughs": (
        lambda t: t.replace("seed: 7", "seed: 7\n" + BILLION_LAUGHS),
        "lol0:",
        "",
        "YAML anchors (&a0) and aliases are not allowed",
    ),
    "alias": (
        lambda t: t.replace("draws: 4000", "draws: *many"),
        "draws:",
        "",
        "YAML aliases (*many) are not allowed",
    ),
    "anchor": (
        lambda t: t.replace("seed: 7", "seed: &s 7"),
        "seed:",
        "",
        "YAML anchors (&s) and aliases are not allowed",
    ),
    "nested_5000_deep": (
        lambda t: t.replace("seed: 7", "seed: 7\ndescription: " + "[" * 5000 + "]" * 5000),
        "description:",
        "",
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    "integer_of_401_digits": (
        lambda t: t.replace("seed: 7", "seed: " + "9" * 401),
        "seed:",
        "seed",
        "number too large; expected at most 1.8e+308 in size, got an integer of 401 digits",
    ),
    "integer_of_5000_digits": (
        lambda t: t.replace("draws: 4000", "draws: " + "7" * 5000),
        "draws:",
        "draws",
        "got an integer of more than 4,300 digits",
    ),
    "impossible_date": (
        lambda t: t.replace("seed: 7", "seed: 7\ndescription: 2017-13-45"),
        "description:",
        "description",
        "unreadable value '2017-13-45': month must be in 1..12",
    ),
    "lognormal_sigma_1e300": (
        lambda t: t.replace("median: 100000, sigma: 0.2", "median: 100000, sigma: 1.0e300"),
        "unit_cost:",
        "indicators.sites_upgraded.unit_cost",
        "the distribution reaches outside the allowed range of unit_cost",
    ),
    "funding_multiple_1e300": (
        lambda t: t.replace("multiple: 1.0,", "multiple: 1.0e300,"),
        "sorting:",
        "funding.sorting.multiple",
        f"out of range; expected a number in (0, {MAX_MULTIPLE:g}], got 1e+300",
    ),
    "funding_multiple_by_year": (
        lambda t: t.replace(
            "multiple: 1.0,",
            "multiple: {2021: 1, 2022: 1, 2023: 250, 2024: 1, 2025: 1},",
        ),
        "sorting:",
        "funding.sorting.multiple[2023]",
        "out of range; expected a number in (0, 100], got 250",
    ),
    "reference_cny_1e300": (
        lambda t: t.replace("reference_cny: 10000000", "reference_cny: 1.0e300"),
        "sorting:",
        "funding.sorting.reference_cny",
        "out of range; expected a number in (0, 1e+14], got 1e+300",
    ),
    "schedule_100_times_the_reference": (
        lambda t: t.replace(
            "multiple: 1.0,",
            "schedule_cny: {2021: 1.0e7, 2022: 1.0e7, 2023: 2.0e9, 2024: 1.0e7, 2025: 1.0e7},",
        ),
        "sorting:",
        "funding.sorting.schedule_cny[2023]",
        "more than 100 times reference_cny (1e+07); expected a budget of at most 1e+09 CNY",
    ),
}


@pytest.mark.parametrize("case", sorted(SCENARIO_CASES))
def test_bad_scenario_is_refused_with_file_line_and_path(tmp_path, case, capsys):
    change, fragment, dotted, message = SCENARIO_CASES[case]
    text = change(mini_text())
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    prefix = f"{path}:{line_of(text, fragment)}: {dotted + ': ' if dotted else ''}"
    assert any(p.startswith(prefix) and message in p for p in info.value.problems), (
        prefix,
        info.value.problems,
    )
    assert main(["run", str(path), "--draws", "10"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "internal error" not in err
    assert "Traceback" not in err


# the same refusals for a plan file
PLAN_CASES = {
    "billion_laughs": (lambda t: t + BILLION_LAUGHS, "lol0:", "YAML anchors (&a0)"),
    "nested_5000_deep": (
        lambda t: t.replace("horizon: 2025", "horizon: " + "{a: " * 5000 + "1" + "}" * 5000),
        "horizon:",
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    "integer_of_401_digits": (
        lambda t: t.replace("threshold: 300,", f"threshold: {'9' * 401},"),
        "threshold: 300,",
        "targets[1].threshold: number too large",
    ),
}


@pytest.mark.parametrize("case", sorted(PLAN_CASES))
def test_bad_plan_is_refused_with_file_and_line(tmp_path, case, capsys):
    change, fragment, message = PLAN_CASES[case]
    original = MINI_PLAN.read_text(encoding="utf-8")
    line = line_of(original + BILLION_LAUGHS, fragment)
    path = tmp_path / f"{case}.yaml"
    path.write_text(change(original), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert f"{path.name}:{line}: {message}" in str(info.value)
    assert main(["targets", "--plan", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_a_scenario_shows_every_problem_of_its_plan(tmp_path, capsys):
    original = MINI_PLAN.read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        original.replace("threshold: 0.35,", "threshold: lots,").replace(
            "kind: cagr,", "kind: cagrr,"
        ),
        encoding="utf-8",
    )
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(
        mini_text().replace(f"plan: {DATA}/plans/mini-recycling-2021-2025.yaml", "plan: plan.yaml"),
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(scenario)
    text = str(info.value)
    assert (
        f"scenario.yaml:{line_of(mini_text(), 'plan:')}: plan: the plan file has 2 problems:"
        in text
    )
    threshold_line = line_of(original, "threshold: 0.35,")
    kind_line = line_of(original, "kind: cagr,")
    assert f"plan.yaml:{threshold_line}: targets[0].threshold: wrong type" in text
    assert f"plan.yaml:{kind_line}: targets[2].kind: unknown target kind" in text
    assert main(["run", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "targets[0].threshold" in err
    assert "targets[2].kind" in err


@pytest.mark.parametrize(
    ("plan_ref", "message"),
    [
        ('"a\\0b.yaml"', "a file name cannot contain a NUL byte"),
        ("loop.yaml", "cannot read the plan file: a loop of symbolic links"),
        ("folder.yaml", "not a regular file (a folder); expected a plan file"),
        ("missing.yaml", "no such plan file"),
    ],
)
def test_a_bad_plan_path_in_a_scenario_is_a_problem_of_the_scenario(tmp_path, plan_ref, message):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "folder.yaml").mkdir()
    scenario = tmp_path / "scenario.yaml"
    text = mini_text().replace(
        f"plan: {DATA}/plans/mini-recycling-2021-2025.yaml", f"plan: {plan_ref}"
    )
    scenario.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(scenario)
    assert info.value.problems[0].startswith(f"{scenario}:{line_of(text, 'plan:')}: plan: ")
    assert message in info.value.problems[0]


def test_bad_paths_given_directly(tmp_path):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop.yaml")
    with pytest.raises(PlanError, match="loop of symbolic links"):
        load_plan(tmp_path / "loop.yaml")
    with pytest.raises(ScenarioError, match="loop of symbolic links"):
        load_scenario(tmp_path / "loop.yaml")
    with pytest.raises(PlanError, match="cannot contain a NUL byte"):
        load_plan("plans/a\0.yaml")
    with pytest.raises(ScenarioError, match="cannot contain a NUL byte"):
        load_scenario("a\0.yaml")
    with pytest.raises(ScenarioError, match=r"not a regular file \(a folder\)"):
        load_scenario(tmp_path)
    with pytest.raises(PlanError, match="expected a plan id or the path of a plan file, got int"):
        load_plan(5)  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="expected the path of a scenario file"):
        load_scenario(5)  # type: ignore[arg-type]


def test_files_over_the_size_cap_are_not_read(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 10_000_000 + b"\n")
    with pytest.raises(
        ScenarioError, match=r"too large \(10.0 MB\); a scenario file is read only up to 10.0 MB"
    ):
        load_scenario(big)
    with pytest.raises(PlanError, match=r"a plan file is read only up to 10.0 MB"):
        load_plan(big)


def test_yaml_text_over_the_cap_is_not_parsed():
    from ipsim.scenario import loads_scenario

    with pytest.raises(ScenarioError, match=r"<upload>:1: too large \(10,000,004 characters\)"):
        loads_scenario("# " + "x" * 10_000_000 + "\n\n", filename="<upload>")


def test_a_plan_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINI_PLAN.read_bytes().replace(b"base_year: 2020", b"base_year: 2020 \xe9"))
    line = line_of(MINI_PLAN.read_text(encoding="utf-8"), "base_year:")
    with pytest.raises(PlanError, match=rf"latin1.yaml:{line}: not UTF-8 text"):
        load_plan(path)


def _ipsim(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipsim.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    plan_is_fifo = tmp_path / "scenario.yaml"
    plan_is_fifo.write_text(
        mini_text().replace(f"{DATA}/plans/mini-recycling-2021-2025.yaml", str(fifo)),
        encoding="utf-8",
    )
    cases = [
        (("run", str(fifo)), "not a regular file (a named pipe (FIFO)); expected a scenario file"),
        (("run", str(zero)), "not a regular file (a character device); expected a scenario file"),
        (("targets", "--plan", str(fifo)), "(a named pipe (FIFO)); expected a plan file"),
        (("targets", "--plan", str(zero)), "(a character device); expected a plan file"),
        (("run", str(plan_is_fifo)), "plan: "),
    ]
    for args, message in cases:
        done = _ipsim(*args)  # a hang fails here with TimeoutExpired
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr, (args, done.stderr)


def test_dump_scenario_to_a_missing_folder_names_the_folder(tmp_path, mini):
    target = tmp_path / "no" / "such" / "s.yaml"
    with pytest.raises(ArgumentError) as info:
        dump_scenario(mini, target)
    assert str(info.value) == (
        f"{target}: cannot write the scenario: no such folder {tmp_path / 'no' / 'such'}"
    )
    assert ".tmp" not in str(info.value)
    with pytest.raises(ArgumentError, match="it is a folder"):
        dump_scenario(mini, tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_validate_does_not_wait_on_a_fifo_or_a_device(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    for path, kind in [(fifo, "a named pipe (FIFO)"), (zero, "a character device")]:
        done = _ipsim("validate", str(path), timeout=15)
        assert done.returncode == 2
        assert f"not a regular file ({kind}); expected a scenario file" in done.stderr


def test_paths_in_messages_keep_chinese_and_escape_control_codes():
    from ipsim._inputs import shown_path

    assert shown_path("报告\u3000草稿/a\x1b[2Jb\nc.yaml") == "报告\u3000草稿/a\\x1b[2Jb\\nc.yaml"
