"""Time and memory of the core engine against the budgets of DESIGN.md.

    python benchmarks/bench_core.py           # full: 100,000 draws, best of 5
    python benchmarks/bench_core.py --quick   # seconds: 20,000 draws, best of 2 (CI runs this)

Reports; never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from ipsim.analysis.backtest import backtest
from ipsim.analysis.calibrate import calibrate
from ipsim.assess import assess
from ipsim.observed import load_observed
from ipsim.scenario import load_scenario
from ipsim.simulate import simulate


def best_of(repeats: int, func):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - start)
    return min(times), out


def peak_mb(func) -> float:
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print_rows(collect(args.quick), args.quick)


def collect(quick: bool) -> list[tuple[str, str, str, str]]:
    """Measure every budget; return rows (what, time, memory, budget)."""

    class Args:
        pass

    args = Args()
    args.quick = quick  # type: ignore[attr-defined]
    draws = 20_000 if args.quick else 100_000
    repeats = 2 if args.quick else 5
    scenario = load_scenario("baseline")
    simulate(scenario, draws=1_000)  # warm imports

    t_first, _ = best_of(1, lambda: simulate(scenario, draws=draws, rng=2016))
    t_sim, result = best_of(repeats, lambda: simulate(scenario, draws=draws, rng=2017))
    funded = load_scenario("high-funding")  # budgets off plan: every elasticity is drawn
    t_funded, _ = best_of(repeats, lambda: simulate(funded, draws=draws, rng=2017))
    m_sim = peak_mb(lambda: simulate(scenario, draws=draws, rng=2017))
    t_assess, _ = best_of(repeats, lambda: assess(result))
    m_assess = peak_mb(lambda: assess(result))

    t_cal, _ = best_of(repeats, lambda: calibrate(plan=scenario.plan, origin=2017))
    actuals = load_observed(scenario.plan)
    t_bt, _ = best_of(
        repeats, lambda: backtest(scenario, origin=2016, actuals=actuals, draws=10_000, rng=1)
    )

    from statistics import median

    from ipsim.widgets import ScenarioExplorer

    explorer = ScenarioExplorer(scenario.with_run(draws=10_000), lang="zh", debounce=0)
    explorer.controls["target"].value = "invention_apps"
    changes = []
    for step in range(1, (8 if args.quick else 25) + 1):
        explorer.funding_slider("creation").value = 1.0 + 0.04 * step
        changes.append(explorer.last_update_seconds)
    t_change = median(changes)

    from ipsim.analysis.goalseek import goal_seek, goal_seek_all
    from ipsim.analysis.sensitivity import sensitivity

    t_goal, _ = best_of(repeats, lambda: goal_seek(scenario, "invention_apps", probability=0.8))
    t_goal_all, _ = best_of(1, lambda: goal_seek_all(scenario, probability=0.8))
    eight = [
        "funding.creation",
        "funding.finance",
        "funding.operation",
        "funding.protection",
        "funding.services",
        "funding.management",
        "growth.invention_apps",
        "growth.certified_units",
    ]
    sobol_n = 128 if args.quick else 512
    t_sobol, _ = best_of(
        1,
        lambda: sensitivity(
            scenario, target="invention_apps", inputs=eight, n=sobol_n, draws_per_point=128
        ),
    )

    from ipsim.views.brief import brief

    t_brief, page = best_of(1, lambda: brief(scenario, lang="zh"))
    brief_mb = len(page.encode("utf-8")) / 1e6
    cold_brief = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ipsim.cli",
            "brief",
            "baseline",
            "-o",
            str(Path(tempfile.gettempdir()) / "ipsim-bench-brief.html"),
            "--force",  # the file of an earlier run is replaced
        ],
        check=True,
        capture_output=True,
    )
    t_brief_cold = time.perf_counter() - cold_brief

    cold = []
    for _ in range(1 if args.quick else 3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ipsim.cli", "run", "--draws", "10000"],
            check=True,
            capture_output=True,
        )
        cold.append(time.perf_counter() - start)

    t_sim10, _ = best_of(repeats, lambda: simulate(scenario, draws=10_000, rng=2017))
    m_sim10 = peak_mb(lambda: simulate(scenario, draws=10_000, rng=2017))
    rows = [
        (
            "simulate, 10,000 draws",
            f"{t_sim10 * 1e3:8.1f} ms",
            f"{m_sim10:7.1f} MB",
            "(part of the widget budget)",
        ),
        (
            f"simulate, {draws:,} draws",
            f"{t_sim * 1e3:8.1f} ms",
            f"{m_sim:7.1f} MB",
            "<= 250 ms, <= 300 MB at 100,000 draws",
        ),
        (
            f"simulate, {draws:,} draws, first call in the process",
            f"{t_first * 1e3:8.1f} ms",
            "",
            "(fresh pages: see the notes)",
        ),
        (
            f"simulate, {draws:,} draws, high-funding scenario",
            f"{t_funded * 1e3:8.1f} ms",
            "",
            "<= 250 ms at 100,000 draws",
        ),
        (
            f"assess, {draws:,} draws",
            f"{t_assess * 1e3:8.1f} ms",
            f"{m_assess:7.1f} MB",
            "(part of the widget budget)",
        ),
        ("explorer change, 10,000 draws (median)", f"{t_change * 1e3:8.1f} ms", "", "<= 100 ms"),
        ("goal-seek one target, 10,000 draws", f"{t_goal * 1e3:8.1f} ms", "", "<= 2,000 ms"),
        (
            "goal-seek all 18 targets, 10,000 draws",
            f"{t_goal_all * 1e3:8.1f} ms",
            "",
            "(no budget)",
        ),
        (
            f"Sobol, 8 inputs, N={sobol_n}, 128 draws a point",
            f"{t_sobol * 1e3:8.1f} ms",
            "",
            "<= 15,000 ms at N=512",
        ),
        (
            "briefing (in process), 10,000 draws",
            f"{t_brief * 1e3:8.1f} ms",
            f"file {brief_mb:.2f} MB",
            "<= 5,000 ms, <= 5 MB",
        ),
        ("ipsim brief, cold (subprocess)", f"{t_brief_cold * 1e3:8.1f} ms", "", "<= 5,000 ms"),
        ("calibrate, bundled data", f"{t_cal * 1e3:8.1f} ms", "", "(no budget)"),
        ("backtest from 2016, 10,000 draws", f"{t_bt * 1e3:8.1f} ms", "", "(no budget)"),
        ("ipsim run, cold, 10,000 draws", f"{min(cold) * 1e3:8.1f} ms", "", "<= 2,000 ms wall"),
    ]
    return rows


def machine() -> str:
    """One line on the machine and the versions measured."""
    import altair
    import pandas
    import scipy

    return (
        f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"pandas {pandas.__version__}, altair {altair.__version__}; {os.cpu_count()} cpus, "
        f"{platform.machine()}, {platform.system()} {platform.release()}"
    )


def print_rows(rows: list[tuple[str, str, str, str]], quick: bool) -> None:
    print(f"ipsim core benchmark ({'quick' if quick else 'full'}); {machine()}")
    width = max(len(r[0]) for r in rows)
    for name, t, m, budget in rows:
        print(f"  {name:<{width}}  {t}  {m:>10}  budget {budget}")


if __name__ == "__main__":
    main()
